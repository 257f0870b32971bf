"""One test per fault (issue 6), each asserting the outcome *and* what the sandbox stored.

Faults come from the sandbox's control plane (/_sandbox/faults). Backoff is shrunk so the suite
stays fast; Retry-After values are real seconds and are waited out.
"""

from __future__ import annotations

import socket
import sqlite3
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from fluent_commerce import (
    FluentClient,
    FluentConnection,
    FluentHTTPError,
    FluentTransportError,
    FluentValidationError,
    RateLimitedError,
)
from fluent_sandbox import SandboxHandle

Factory = Callable[..., FluentConnection]


@pytest.fixture
def fast(make_conn: Factory) -> Callable[..., FluentClient]:
    def make(**overrides: Any) -> FluentClient:
        return FluentClient(make_conn(**{"backoff_base": 0.01, "backoff_max": 0.05, **overrides}))

    return make


def stored(sandbox: SandboxHandle, table: str, column: str, value: str) -> int:
    with sqlite3.connect(sandbox.db) as db:
        (count,) = db.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", (value,)).fetchone()
    return int(count)


def new_product(client: FluentClient, ref: str) -> Any:
    return client.create_product(catalogue_ref="PC:MASTER:1", ref=ref, name="Soak", gtin="1", price_currency="AUD",
                                 price_value="2.50")  # fmt: skip


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def test_token_endpoint_500_then_ok(fast: Callable[..., FluentClient], sandbox: SandboxHandle) -> None:
    sandbox.add_fault(path="/oauth/token", kind="status", status=500, count=1)
    with fast() as client:
        assert client.get_current_user().username == "api_admin"
    stats = sandbox.stats()
    assert stats["faults_fired"] == 1 and stats["token_requests"]["password"] == 2


def test_token_endpoint_slower_than_the_read_timeout(fast: Callable[..., FluentClient], sandbox: SandboxHandle) -> None:
    sandbox.add_fault(path="/oauth/token", kind="delay", delay_s=1.0, count=1)
    with fast(read_timeout=0.3) as client:
        assert client.get_current_user().username == "api_admin"
    assert sandbox.stats()["token_requests"]["password"] == 2


def test_429_with_retry_after_is_waited_out(fast: Callable[..., FluentClient], sandbox: SandboxHandle) -> None:
    sandbox.add_fault(path="/graphql", kind="status", status=429, retry_after=1, count=1)
    with fast() as client:
        assert client.get_current_user().username == "api_admin"
    assert sandbox.stats()["graphql_requests"] == {"GetCurrentUser": 2}


def test_429_with_a_long_retry_after_fails_fast(fast: Callable[..., FluentClient], sandbox: SandboxHandle) -> None:
    sandbox.add_fault(path="/graphql", kind="status", status=429, retry_after=120, count=1)
    with fast(max_retry_after=30) as client, pytest.raises(RateLimitedError) as caught:
        client.get_current_user()
    assert caught.value.retry_after == 120
    assert sandbox.stats()["graphql_requests"] == {"GetCurrentUser": 1}


def test_503_on_a_query_is_retried(fast: Callable[..., FluentClient], sandbox: SandboxHandle) -> None:
    sandbox.add_fault(path="/graphql", kind="status", status=503, count=2)
    with fast() as client:
        assert client.get_customer_by_email("alice@example.com") is not None
    assert sandbox.stats()["graphql_requests"] == {"GetCustomerByEmail": 3}


def test_503_on_a_create_is_reconciled_not_replayed_blindly(
    fast: Callable[..., FluentClient], sandbox: SandboxHandle
) -> None:
    ref = unique("R503")
    sandbox.add_fault(path="/graphql", kind="status", status=503, operation="CreateProduct", count=1)
    with fast() as client:
        assert new_product(client, ref).ref == ref
    assert sandbox.stats()["graphql_requests"] == {"CreateProduct": 2, "GetProduct": 1}
    assert stored(sandbox, "products", "ref", ref) == 1


def test_connection_reset_before_the_handler(fast: Callable[..., FluentClient], sandbox: SandboxHandle) -> None:
    email = f"{unique('drop')}@example.com"
    sandbox.add_fault(path="/graphql", kind="drop_before", operation="CreateCustomer", count=1)
    with fast() as client:
        created = client.create_customer(retailer_id=1, email=email, first_name="Dee")
    assert created.primary_email == email
    assert sandbox.stats()["graphql_requests"] == {"CreateCustomer": 2, "GetCustomerByUsername": 1}
    assert stored(sandbox, "customers", "primaryEmail", email) == 1


def test_connection_dropped_after_the_create_committed(
    fast: Callable[..., FluentClient], sandbox: SandboxHandle
) -> None:
    ref = unique("RDROP")
    sandbox.add_fault(path="/graphql", kind="drop_after_commit", operation="CreateProduct", count=1)
    with fast() as client:
        product = new_product(client, ref)
    assert (product.ref, [(p.currency, p.value) for p in product.prices or [] if p]) == (ref, [("AUD", 2.5)])
    assert sandbox.stats()["graphql_requests"] == {"CreateProduct": 1, "GetProduct": 1}
    assert stored(sandbox, "products", "ref", ref) == 1


def test_create_slower_than_the_read_timeout(fast: Callable[..., FluentClient], sandbox: SandboxHandle) -> None:
    """The first request is still running when we give up; the retry wins; the DB keeps one row."""
    email = f"{unique('slow')}@example.com"
    sandbox.add_fault(path="/graphql", kind="delay", delay_s=1.0, operation="CreateCustomer", count=1)
    with fast(read_timeout=0.3) as client:
        assert client.create_customer(retailer_id=1, email=email).primary_email == email
    assert stored(sandbox, "customers", "primaryEmail", email) == 1


def test_query_slower_than_the_read_timeout_is_retried(
    fast: Callable[..., FluentClient], sandbox: SandboxHandle
) -> None:
    sandbox.add_fault(path="/graphql", kind="delay", delay_s=1.0, operation="GetCurrentUser", count=1)
    with fast(read_timeout=0.3) as client:
        assert client.get_current_user().username == "api_admin"
    assert sandbox.stats()["graphql_requests"] == {"GetCurrentUser": 2}


def test_generic_mutation_is_never_replayed(fast: Callable[..., FluentClient], sandbox: SandboxHandle) -> None:
    ref = unique("RGEN")
    sandbox.add_fault(path="/graphql", kind="drop_after_commit", operation="Make", count=1)
    mutation = """mutation Make($ref: String!) { createStandardProduct(input: {ref: $ref, catalogue: {ref: "PC:MASTER:1"},
                  type: "STANDARD", gtin: "1", name: "N"}) { id } }"""
    with fast() as client, pytest.raises(FluentTransportError) as caught:
        client.graphql(mutation, {"ref": ref})
    assert caught.value.maybe_applied is True
    assert sandbox.stats()["graphql_requests"] == {"Make": 1}
    assert stored(sandbox, "products", "ref", ref) == 1


def test_connection_refused_is_retried_then_reported_as_never_sent(fast: Callable[..., FluentClient]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with fast(host=f"http://127.0.0.1:{port}") as client, pytest.raises(FluentTransportError) as caught:
        client.create_customer(retailer_id=1, email="never@example.com")
    assert caught.value.maybe_applied is False
    assert "never reached" in str(caught.value)


def test_a_refresh_grant_is_never_resent_and_an_unknown_outcome_falls_back(
    fast: Callable[..., FluentClient], sandbox: SandboxHandle
) -> None:
    """§2.3: refresh tokens are single use. A dropped refresh is treated as spent."""
    with fast() as client:
        client.get_current_user()
        token = client.auth.token
        assert token is not None
        client.auth._clock = lambda: token.expires_at + 1  # type: ignore[method-assign]  # due for refresh
        sandbox.add_fault(path="/oauth/token", kind="drop_after_commit", operation="refresh_token", count=1)
        assert client.get_current_user().username == "api_admin"
    assert sandbox.stats()["token_requests"] == {"password": 2, "refresh_token": 1}


def test_a_long_retry_after_on_a_503_fails_fast(fast: Callable[..., FluentClient], sandbox: SandboxHandle) -> None:
    sandbox.add_fault(path="/graphql", kind="status", status=503, retry_after=3600, count=1)
    with fast(max_retry_after=5) as client, pytest.raises(FluentHTTPError) as caught:
        client.get_current_user()
    assert caught.value.status_code == 503
    assert sandbox.stats()["graphql_requests"] == {"GetCurrentUser": 1}  # no retry, so no hour-long sleep


def test_a_create_over_2_mb_is_refused_before_sending(
    fast: Callable[..., FluentClient], sandbox: SandboxHandle
) -> None:
    """§3.4: Fluent answers 413 at 2 MB; the client refuses first, naming the field."""
    with fast() as client, pytest.raises(FluentValidationError) as caught:
        client.create_customer(retailer_id=1, email="big@example.com", attributes={"blob": "x" * 2_100_000})
    assert caught.value.issues[0].field == "attributes"
    assert sandbox.stats()["graphql_requests"] == {}
