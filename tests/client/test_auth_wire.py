"""Wire-level auth behaviour the sandbox cannot show: exact requests on the wire, odd token bodies.

These use httpx.MockTransport; everything else runs against the sandbox.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import httpx
import pytest

from fluent_commerce import (
    AuthenticationError,
    FluentAuth,
    FluentClient,
    FluentConnection,
    FluentTransportError,
    FluentValidationError,
)

CONN = FluentConnection(
    host="https://acme.sandbox.api.fluentretail.com",
    username="api-user",
    password="pw-CANARY-1",
    client_id="ACME",
    client_secret="secret-CANARY-2",
    account_id="ACME",
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Fluent:
    """A tiny fake Fluent: scripted token bodies, and /graphql statuses by bearer token."""

    def __init__(self, token_bodies: list[tuple[int, dict[str, object]]], good: set[str]) -> None:
        self.token_bodies = token_bodies
        self.good = good
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.seen.append(request)
        if request.url.path == "/oauth/token":
            status, body = self.token_bodies.pop(0)
            return httpx.Response(status, json=body)
        bearer = request.headers.get("Authorization", "")
        if bearer.removeprefix("Bearer ") in self.good:
            return httpx.Response(200, json={"data": {"me": None}})
        return httpx.Response(401, json={"errors": [{"code": "401", "message": "Invalid user"}]})

    def paths(self) -> list[str]:
        return [r.url.path for r in self.seen]

    def forms(self) -> list[dict[str, str]]:
        return [dict(urllib.parse.parse_qsl(r.content.decode())) for r in self.seen if r.url.path == "/oauth/token"]


def http(fluent: Fluent, auth: FluentAuth) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(fluent), auth=auth, base_url=CONN.host)


def test_password_grant_goes_in_a_form_body_with_the_account_header() -> None:
    """fluent-api.md §2.1: form body (never the URL), grant_type=password, scope=api, fluent.account."""
    fluent = Fluent([(200, {"access_token": "tok-1", "expires_in": 86399})], {"tok-1"})
    with http(fluent, FluentAuth(CONN)) as client:
        assert client.post("/graphql", json={}).status_code == 200
    token_request = fluent.seen[0]
    assert token_request.url == "https://acme.sandbox.api.fluentretail.com/oauth/token"
    assert token_request.url.query == b""
    assert token_request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert token_request.headers["fluent.account"] == "ACME"
    assert fluent.forms()[0] == {
        "grant_type": "password",
        "scope": "api",
        "client_id": "ACME",
        "client_secret": "secret-CANARY-2",
        "username": "api-user",
        "password": "pw-CANARY-1",
    }
    assert fluent.seen[1].headers["Authorization"] == "Bearer tok-1"


def test_no_account_header_without_an_account_id() -> None:
    conn = CONN.model_copy(update={"account_id": None})
    fluent = Fluent([(200, {"access_token": "tok-1"})], {"tok-1"})
    with http(fluent, FluentAuth(conn)) as client:
        client.post("/graphql", json={})
    assert "fluent.account" not in fluent.seen[0].headers


def test_fluent_extra_keys_are_parsed_and_the_token_repr_is_masked() -> None:
    """§2.2: Retailer_id / User_id, FirstName, LastName, Roles; the token is never shown whole."""
    body = {
        "access_token": "cf02e220-86ea-408d-9b80-fb55f517725b",
        "token_type": "bearer",
        "expires_in": 86386,
        "scope": "api",
        "Retailer_id": 1,
        "FirstName": "Api",
        "LastName": "",
        "Roles": [],
        "refresh_token": "rt-0123456789abcdef",
    }
    auth = FluentAuth(CONN)
    with http(Fluent([(200, body)], {body["access_token"]}), auth) as client:  # type: ignore[arg-type]
        client.post("/graphql", json={})
    token = auth.token
    assert token is not None
    assert (token.retailer_id, token.first_name, token.last_name, token.expires_in) == (1, "Api", "", 86386)
    assert "cf02e220-86ea-408d-9b80" not in repr(token)
    assert "rt-0123456789" not in repr(token)
    assert "cf02e220-86ea-408d-9b80" not in repr(auth)


def test_a_200_without_access_token_is_an_authentication_error() -> None:
    """A real connector shipped without this check (issue 2)."""
    fluent = Fluent([(200, {"token_type": "bearer"})], set())
    with http(fluent, FluentAuth(CONN)) as client, pytest.raises(AuthenticationError, match="no access_token"):
        client.post("/graphql", json={})
    assert fluent.paths() == ["/oauth/token"]


def test_token_is_reused_until_expiry_margin_then_refreshed() -> None:
    """§2.3/§2.6: reuse until expires_in minus the margin; then the refresh_token grant."""
    clock = FakeClock()
    fluent = Fluent(
        [
            (200, {"access_token": "tok-1", "expires_in": 3600, "refresh_token": "rt-1"}),
            (200, {"access_token": "tok-2", "expires_in": 3600, "refresh_token": "rt-2"}),
        ],
        {"tok-1", "tok-2"},
    )
    with http(fluent, FluentAuth(CONN, clock=clock)) as client:
        client.post("/graphql", json={})
        clock.now += 3600 - 61
        client.post("/graphql", json={})
        clock.now += 2  # now inside the 60 s margin
        client.post("/graphql", json={})
    assert fluent.paths() == ["/oauth/token", "/graphql", "/graphql", "/oauth/token", "/graphql"]
    assert fluent.forms()[1] == {
        "grant_type": "refresh_token",
        "client_id": "ACME",
        "client_secret": "secret-CANARY-2",
        "refresh_token": "rt-1",
    }
    assert fluent.seen[-1].headers["Authorization"] == "Bearer tok-2"


def test_refused_refresh_falls_back_to_the_password_grant_once() -> None:
    """§2.3: invalid_grant on the refresh token → one password grant."""
    clock = FakeClock()
    fluent = Fluent(
        [
            (200, {"access_token": "tok-1", "expires_in": 100, "refresh_token": "rt-1"}),
            (400, {"error": "invalid_grant", "error_description": "Invalid refresh token"}),
            (200, {"access_token": "tok-2", "expires_in": 100}),
        ],
        {"tok-1", "tok-2"},
    )
    with http(fluent, FluentAuth(CONN, clock=clock)) as client:
        client.post("/graphql", json={})
        clock.now += 200
        assert client.post("/graphql", json={}).status_code == 200
    assert [f["grant_type"] for f in fluent.forms()] == ["password", "refresh_token", "password"]


def test_401_reauthenticates_once_and_replays_once_never_loops() -> None:
    """§2.6/§3.2: a 401 drops the token, re-authenticates once, replays once; then gives up."""
    fluent = Fluent(
        [(200, {"access_token": "bad-1"}), (200, {"access_token": "bad-2"}), (200, {"access_token": "x"})],
        set(),
    )
    with (
        FluentClient(CONN, transport=httpx.MockTransport(fluent)) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.graphql("{ me { id } }")
    assert fluent.paths() == ["/oauth/token", "/graphql", "/oauth/token", "/graphql"]
    assert caught.value.status_code == 401


def test_token_endpoint_failure_carries_status_and_oauth_error_but_no_secret() -> None:
    fluent = Fluent([(401, {"error": "invalid_client", "error_description": "Bad client credentials"})], set())
    with (
        FluentClient(CONN, transport=httpx.MockTransport(fluent)) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.get_current_user()
    err = caught.value
    assert (err.status_code, err.error, err.error_description) == (401, "invalid_client", "Bad client credentials")
    for text in (str(err), repr(err)):
        assert "CANARY" not in text


def test_an_auth_session_for_another_host_is_refused() -> None:
    """Sharing auth= across clients is fine; across hosts it would send a token elsewhere."""
    other = FluentAuth(CONN.model_copy(update={"host": "https://other.sandbox.api.fluentretail.com"}))
    with pytest.raises(FluentValidationError, match="another host"):
        FluentClient(CONN, auth=other)
    with FluentClient(CONN, auth=FluentAuth(CONN)) as shared:
        assert shared.auth.connection.host == CONN.host


def test_an_undecodable_response_is_a_fluent_error() -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": "t"})
        return httpx.Response(200, content=b"not gzip", headers={"Content-Encoding": "gzip"})

    with FluentClient(CONN, transport=httpx.MockTransport(broken)) as client, pytest.raises(FluentTransportError):
        client.get_current_user()


def test_a_missing_schema_file_is_refused_when_the_client_is_built(tmp_path: Path) -> None:
    with pytest.raises(FluentValidationError, match="no such file"):
        FluentClient(CONN, schema=tmp_path / "missing.graphql")
