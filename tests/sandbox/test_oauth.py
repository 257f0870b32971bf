"""Contract tests for `POST /oauth/token` (fluent-api.md §2)."""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid

import httpx
import pytest

from fluent_sandbox import SEED_CLIENT_SECRET, run_sandbox

from .support import UNAUTHORIZED, password_form

ME = "query GetMe { me { username } }"


def test_password_grant_form_body_success_body(api):
    """§2.1/§2.2: form-body password grant; Fluent's keys, casing and values."""
    response = api.token_response(**password_form())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert list(body) == [
        "access_token",
        "token_type",
        "expires_in",
        "scope",
        "Retailer_id",
        "FirstName",
        "LastName",
        "Roles",
        "refresh_token",
    ]
    assert uuid.UUID(body["access_token"])  # UUID-shaped, not a JWT
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 86399
    assert body["scope"] == "api"
    assert body["Retailer_id"] == 1
    assert (body["FirstName"], body["LastName"]) == ("Sandbox", "Admin")
    assert body["Roles"] == ["SANDBOX_ADMIN"]
    assert uuid.UUID(body["refresh_token"])


def test_password_grant_query_string(api):
    """§2.1: the older query-string form (POST, empty body, JSON content type) still works."""
    response = api.http.post("/oauth/token", params=password_form(), headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    assert api.data(ME, token=token) == {"me": {"username": "api_admin"}}


def test_query_string_without_content_type(api):
    """§2.1: the query-string form with no content type at all."""
    response = api.http.post("/oauth/token", params=password_form("limited"))
    assert response.status_code == 200
    assert response.json()["LastName"] == ""  # LastName can be "" (§2.2)


def test_refresh_grant_rotates_and_is_single_use(api):
    """§2.3: refresh_token grant returns new tokens; a used refresh token is invalid_grant."""
    first = api.token_response(**password_form()).json()
    form = {
        "grant_type": "refresh_token",
        "refresh_token": first["refresh_token"],
        "client_id": "SANDBOX",
        "client_secret": SEED_CLIENT_SECRET,
    }
    second = api.token_response(**form)
    assert second.status_code == 200
    renewed = second.json()
    assert renewed["access_token"] != first["access_token"]
    assert renewed["refresh_token"] != first["refresh_token"]
    assert api.data(ME, token=renewed["access_token"]) == {"me": {"username": "api_admin"}}
    reuse = api.token_response(**form)
    assert reuse.status_code == 400
    assert reuse.json() == {"error": "invalid_grant", "error_description": "Invalid refresh token"}
    again = api.token_response(**{**form, "refresh_token": renewed["refresh_token"]})
    assert again.status_code == 200


def test_refresh_token_expires_on_its_own_clock(api, sandbox):
    """§2.3: refresh tokens expire (sandbox lifetime 30 days); then invalid_grant."""
    refresh = api.token_response(**password_form()).json()["refresh_token"]
    sandbox.advance_clock(30 * 24 * 3600 + 1)
    response = api.token_response(
        grant_type="refresh_token",
        refresh_token=refresh,
        client_id="SANDBOX",
        client_secret=SEED_CLIENT_SECRET,
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_refresh_token_bound_to_client(api):
    """§2.3: a refresh token only works for the client it was issued to (wrong secret: 401)."""
    refresh = api.token_response(**password_form()).json()["refresh_token"]
    response = api.token_response(
        grant_type="refresh_token", refresh_token=refresh, client_id="SANDBOX", client_secret="x"
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


@pytest.mark.parametrize("username", ["api_admin", "nobody"])
def test_bad_credentials_are_invalid_grant(api, username):
    """§2.4 (NOT CONFIRMED by Fluent; RFC 6749): wrong user/password -> 400 invalid_grant."""
    response = api.token_response(**password_form(username=username, password="wrong"))
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_grant", "error_description": "Bad credentials"}


@pytest.mark.parametrize(("client_id", "secret"), [("SANDBOX", "wrong"), ("OTHER", SEED_CLIENT_SECRET)])
def test_bad_client_is_invalid_client(api, client_id, secret):
    """§2.4 (RFC 6749 §5.2): unknown client or wrong secret -> 401 invalid_client."""
    response = api.token_response(**password_form(client_id=client_id, client_secret=secret))
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert set(response.json()) == {"error", "error_description"}
    assert "WWW-Authenticate" in response.headers


@pytest.mark.parametrize("missing", ["grant_type", "client_id", "client_secret", "username", "password"])
def test_missing_parameter_is_invalid_request(api, missing):
    """§2.4 (RFC 6749 §5.2): a missing parameter -> 400 invalid_request naming it."""
    form = password_form()
    del form[missing]
    response = api.token_response(**form)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert missing in response.json()["error_description"]


def test_refresh_grant_without_refresh_token_is_invalid_request(api):
    """§2.3: the refresh grant needs `refresh_token`."""
    response = api.token_response(grant_type="refresh_token", client_id="SANDBOX", client_secret=SEED_CLIENT_SECRET)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_unknown_grant_is_unsupported_grant_type(api):
    """§2.4: grant types other than password/refresh_token -> 400 unsupported_grant_type."""
    response = api.token_response(**password_form(grant_type="client_credentials"))
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_wrong_scope_is_invalid_scope(api):
    """§2.1: scope is `api`; anything else -> 400 invalid_scope."""
    response = api.token_response(**password_form(scope="admin"))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_concurrent_password_grants_issue_distinct_valid_tokens(api, sandbox):
    """§2.6: many clients authenticating at once each get their own working token."""
    tokens: list[str] = []

    def fetch() -> None:
        with httpx.Client(base_url=sandbox.url, trust_env=False) as client:
            response = client.post("/oauth/token", data=password_form())
            assert response.status_code == 200
            tokens.append(response.json()["access_token"])

    threads = [threading.Thread(target=fetch) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(tokens) == 16
    assert len(set(tokens)) == 16
    for token in tokens:
        assert api.data(ME, token=token)["me"]["username"] == "api_admin"
    assert sandbox.stats()["token_requests"]["password"] == 16


def test_concurrent_reuse_of_one_refresh_token_succeeds_once(api, sandbox):
    """§2.3: single use holds under concurrency: exactly one of N racing refreshes wins."""
    refresh = api.token_response(**password_form()).json()["refresh_token"]
    statuses: list[int] = []
    form = {
        "grant_type": "refresh_token",
        "refresh_token": refresh,
        "client_id": "SANDBOX",
        "client_secret": SEED_CLIENT_SECRET,
    }

    def redeem() -> None:
        with httpx.Client(base_url=sandbox.url, trust_env=False) as client:
            statuses.append(client.post("/oauth/token", data=form).status_code)

    threads = [threading.Thread(target=redeem) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [400] * 7


def test_token_ttl_and_refresh_tokens_off(tmp_path):
    """§2.2/§2.6: expires_in is the configured TTL and the token dies after it, in real time;
    with refresh tokens off there is no refresh_token key."""
    with (
        run_sandbox(tmp_path / "ttl.db", token_ttl=1, refresh_tokens=False) as sandbox,
        httpx.Client(base_url=sandbox.url, trust_env=False) as client,
    ):
        body = client.post("/oauth/token", data=password_form()).json()
        assert body["expires_in"] == 1
        assert "refresh_token" not in body
        headers = {"Authorization": f"Bearer {body['access_token']}"}
        assert client.post("/graphql", json={"query": ME}, headers=headers).status_code == 200
        time.sleep(1.1)
        expired = client.post("/graphql", json={"query": ME}, headers=headers)
        assert expired.status_code == 401
        assert expired.json() == UNAUTHORIZED


def test_logs_never_contain_credentials_or_tokens(tmp_path, caplog):
    """§2.1: the query-string form puts credentials in the URL, so nothing may log URLs,
    bodies or tokens (even at debug level)."""
    caplog.set_level(logging.DEBUG)
    with (
        run_sandbox(tmp_path / "logs.db", log_level="debug") as sandbox,
        httpx.Client(base_url=sandbox.url, trust_env=False) as client,
    ):
        body = client.post("/oauth/token", params=password_form()).json()
        headers = {"Authorization": f"Bearer {body['access_token']}"}
        client.post("/graphql", json={"query": ME}, headers=headers)
        client.post("/graphql", json={"query": ME}, headers={"Authorization": "Bearer leaked"})
    server_side = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert any(r.name.startswith("uvicorn") for r in server_side)  # logging was captured
    text = "\n".join(r.getMessage() for r in server_side)
    for secret in (SEED_CLIENT_SECRET, "sandbox-admin-password", body["access_token"], body.get("refresh_token")):
        if secret:
            assert secret not in text
    assert not re.search(r"/oauth/token\?", text)
