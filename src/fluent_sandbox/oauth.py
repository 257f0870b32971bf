"""`POST /oauth/token` logic (§2): parameters in, (status, JSON body) out. No HTTP here.

Parameters may come from a form body or the query string (§2.1); the route merges them.
Fluent documents only the refresh failure body (§2.3); every other error follows RFC 6749 §5.2
with the `{"error", "error_description"}` shape, and these statuses (the sandbox's choice):

- `invalid_request`, 400: a required parameter is missing or empty;
- `unsupported_grant_type`, 400: `grant_type` is neither `password` nor `refresh_token`;
- `invalid_scope`, 400: `scope` is given and is not `api`;
- `invalid_client`, 401 (with `WWW-Authenticate`): unknown `client_id` or wrong secret;
- `invalid_grant`, 400: wrong username or password (`Bad credentials`), or an unknown, reused
  or expired refresh token (`Invalid refresh token`, the documented text).

Checks run in that order. The success body's keys and their order follow Fluent's example
(§2.2): `access_token` (a UUID), `token_type` `"bearer"`, `expires_in` (the configured TTL),
`scope` `"api"`, `Retailer_id`, `FirstName`, `LastName`, `Roles` (role names), then
`refresh_token` when refresh tokens are on. A refresh token is single use; each successful
refresh returns a new one. Earlier access tokens stay valid until they expire.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .store import Store

GRANTS = ("password", "refresh_token")


@dataclass(frozen=True)
class TokenResult:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def _error(status: int, error: str, description: str) -> TokenResult:
    headers = {"WWW-Authenticate": 'Basic realm="oauth"'} if status == 401 else {}
    headers["Cache-Control"] = "no-store"
    return TokenResult(status, {"error": error, "error_description": description}, headers)


def _missing(params: Mapping[str, str], *names: str) -> TokenResult | None:
    for name in names:
        if not params.get(name):
            return _error(400, "invalid_request", f"Missing parameter: {name}")
    return None


def issue(store: Store, params: Mapping[str, str]) -> TokenResult:
    """Handle one token request."""
    problem = _missing(params, "grant_type")
    if problem:
        return problem
    grant = params["grant_type"]
    if grant not in GRANTS:
        return _error(400, "unsupported_grant_type", f"Unsupported grant type: {grant}")
    if params.get("scope") not in (None, "", "api"):
        return _error(400, "invalid_scope", f"Invalid scope: {params['scope']}")
    problem = _missing(params, "client_id", "client_secret")
    if problem:
        return problem
    client_id = params["client_id"]
    if not store.client_ok(client_id, params["client_secret"]):
        return _error(401, "invalid_client", "Bad client credentials")
    if grant == "password":
        problem = _missing(params, "username", "password")
        if problem:
            return problem
        user = store.user_by_password(params["username"], params["password"])
        if user is None:
            return _error(400, "invalid_grant", "Bad credentials")
    else:
        problem = _missing(params, "refresh_token")
        if problem:
            return problem
        user = store.redeem_refresh_token(params["refresh_token"], client_id)
        if user is None:
            return _error(400, "invalid_grant", "Invalid refresh token")
    access, refresh = store.issue_tokens(user["id"], client_id)
    body: dict[str, Any] = {
        "access_token": access,
        "token_type": "bearer",
        "expires_in": store.token_ttl,
        "scope": "api",
        "Retailer_id": user["primaryRetailerId"],
        "FirstName": user["firstName"] or "",
        "LastName": user["lastName"] or "",
        "Roles": [grant["role"]["name"] for grant in json.loads(user["roles"])],
    }
    if refresh is not None:
        body["refresh_token"] = refresh
    return TokenResult(200, body, {"Cache-Control": "no-store"})
