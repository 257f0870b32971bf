"""Secret canary: with DEBUG on for every logger, no password, client secret or token leaks."""

from __future__ import annotations

import logging
import socket
import traceback
import uuid
from collections.abc import Callable

import pytest

from fluent_commerce import FluentClient, FluentConnection, FluentError
from fluent_sandbox import SandboxHandle


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_no_secret_in_logs_errors_tracebacks_or_reprs(
    make_conn: Callable[..., FluentConnection], sandbox: SandboxHandle, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # the root logger: fluent_commerce, httpx, httpcore, uvicorn...
    conn = make_conn()
    texts: list[str] = []
    with FluentClient(conn) as client:
        client.get_current_user()
        email = f"canary-{uuid.uuid4().hex[:6]}@example.com"
        client.create_customer(retailer_id=1, email=email, first_name="C", attributes={"password": "attr-CANARY-value"})
        client.get_customer_by_email(email)
        client.create_product(catalogue_ref="PC:MASTER:1", ref=f"C-{email}", name="N", gtin="1",
                              price_currency="AUD", price_value="1")  # fmt: skip
        client.graphql("query Q($t: [String]) { customers(ref: $t) { edges { cursor } } }", {"t": ["token-x"]})
        token = client.auth.token
        assert token is not None and token.refresh_token is not None
        texts += [repr(client), repr(client.auth), repr(token), str(conn), repr(conn)]
        bad = FluentClient(make_conn(password="CANARY-wrong-password"))
        down = FluentClient(make_conn(host=f"http://127.0.0.1:{closed_port()}", max_attempts=1))
        failing: list[Callable[[], object]] = [
            lambda: client.create_customer(retailer_id=1, email=email),  # duplicate
            lambda: client.graphql("{ nope }"),
            lambda: client.create_customer(retailer_id=0, email="x"),
            bad.get_current_user,
            down.get_current_user,
        ]
        for action in failing:
            with pytest.raises(FluentError) as caught:
                action()
            texts += [str(caught.value), repr(caught.value), "".join(traceback.format_exception(caught.value))]
        bad.close()
        down.close()
    texts.append(caplog.text)
    texts += [repr(r.args) for r in caplog.records]
    env = sandbox.env()
    canaries = [env["FLUENT_PASSWORD"], env["FLUENT_CLIENT_SECRET"], "CANARY-wrong-password", "attr-CANARY-value",
                token.access_token, token.refresh_token]  # fmt: skip
    assert "GetCurrentUser" in caplog.text  # logging really was on
    for text in texts:
        for canary in canaries:
            assert canary not in text
