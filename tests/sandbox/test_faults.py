"""Fault injection (issue 3, control plane): what a client sees when Fluent misbehaves.

Fluent documents no rate limits or 429 bodies (fluent-api.md §3.6) and says a token can die
before `expires_in` (§2.6); these faults let client tests exercise exactly those paths."""

from __future__ import annotations

import time

import httpx
import pytest

from .support import UNAUTHORIZED, customer_input, operation, password_form

FIND = '{ customer(ref: "1_new@example.com") { id } }'


def create_customer(api, **kw):
    return api.post(operation("CreateCustomer"), {"input": customer_input()}, operation_name="CreateCustomer", **kw)


def test_status_fault_with_retry_after_is_not_processed(api, sandbox):
    """§3.6: a 503/429 with Retry-After; the request is not processed; `count` requests only."""
    api.token()
    sandbox.add_fault(path="/graphql", kind="status", status=503, retry_after=1)
    response = create_customer(api)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert response.json() == {"errors": [{"code": "503", "message": "Service Unavailable"}]}
    assert api.data(FIND) == {"customer": None}
    assert create_customer(api).status_code == 200
    assert api.data(FIND)["customer"] is not None
    assert sandbox.stats()["faults_fired"] == 1


def test_status_fault_custom_body_and_count(api, sandbox):
    """§3.6: a fault may repeat (`count`) and carry any body (e.g. a 429 shape to test)."""
    api.token()
    sandbox.add_fault(path="/graphql", kind="status", status=429, count=2, body={"message": "slow down"})
    assert [api.post(FIND).status_code for _ in range(3)] == [429, 429, 200]
    assert api.post(FIND).status_code == 200
    assert sandbox.stats()["faults_fired"] == 2


def test_status_fault_on_token_endpoint(api, sandbox):
    """§2.4: any non-200 from /oauth/token is an authentication failure the client must face."""
    sandbox.add_fault(path="/oauth/token", kind="status", status=500)
    assert api.token_response(**password_form()).status_code == 500
    assert api.token_response(**password_form()).status_code == 200


def test_operation_filter(api, sandbox):
    """§3.1: faults can target one operationName; other operations pass untouched."""
    api.token()
    sandbox.add_fault(path="/graphql", kind="status", status=502, operation="CreateCustomer")
    assert api.post("query Other " + FIND, operation_name="Other").status_code == 200
    assert api.post(FIND).status_code == 200  # anonymous
    assert create_customer(api).status_code == 502
    assert sandbox.faults() == []


def test_delay_fault(api, sandbox):
    """§3.6: a slow Fluent; the request is processed after the delay."""
    api.token()
    sandbox.add_fault(path="/graphql", kind="delay", delay_s=0.4)
    started = time.monotonic()
    response = create_customer(api)
    assert time.monotonic() - started >= 0.4
    assert response.status_code == 200
    assert response.json()["data"]["createCustomer"]["username"] == "1_new@example.com"


def test_drop_before_gives_no_response_and_processes_nothing(api, sandbox):
    """§3.6: the connection closes with no HTTP response; the mutation never ran."""
    api.token()
    sandbox.add_fault(path="/graphql", kind="drop_before")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        create_customer(api)
    assert api.data(FIND) == {"customer": None}
    assert sandbox.stats()["faults_fired"] == 1


def test_drop_after_commit_gives_no_response_but_commits(api, sandbox):
    """§3.9: the ambiguous case: the mutation committed but the client got no answer, so a
    retry would see the duplicate (the client must reconcile with a lookup)."""
    api.token()
    sandbox.add_fault(path="/graphql", kind="drop_after_commit", operation="CreateCustomer")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        create_customer(api)
    assert api.data(FIND)["customer"] is not None
    retry = create_customer(api).json()
    assert retry["errors"][0]["code"] == "C0121E"


def test_drop_on_token_endpoint(api, sandbox):
    """§2.6: a token request can fail at the network level, before or after issuing."""
    sandbox.add_fault(path="/oauth/token", kind="drop_before")
    sandbox.add_fault(path="/oauth/token", kind="drop_after_commit")
    for _ in range(2):
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            api.token_response(**password_form())
    assert api.token_response(**password_form()).status_code == 200
    assert sandbox.stats()["token_requests"]["password"] == 3


def test_expire_token_fault(api, sandbox):
    """§2.6/§3.2: a token invalidated before `expires_in`: this request and later ones get
    Fluent's 401; a new token works."""
    token = api.token()
    sandbox.add_fault(path="/graphql", kind="expire_token")
    response = api.post(FIND, token=token)
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert api.post(FIND, token=token).status_code == 401
    fresh = api.token_response(**password_form()).json()["access_token"]
    assert api.post(FIND, token=fresh).status_code == 200
    assert sandbox.stats()["unauthorized"] == 2


@pytest.mark.parametrize(
    "spec",
    [
        {"path": "/nope", "kind": "status"},
        {"path": "/graphql", "kind": "explode"},
        {"path": "/graphql", "kind": "status", "status": 99},
        {"path": "/graphql", "kind": "status", "count": 0},
        {"path": "/oauth/token", "kind": "expire_token"},
        {"path": "/graphql", "kind": "status", "colour": "red"},
    ],
)
def test_invalid_fault_spec_is_400(http, spec):
    """Control plane: malformed fault specs are refused, not half-applied."""
    response = http.post("/_sandbox/faults", json=spec)
    assert response.status_code == 400
    assert http.get("/_sandbox/faults").json() == {"faults": []}


def test_list_and_clear_faults(sandbox):
    """Control plane: GET lists queued faults in order; DELETE clears them."""
    sandbox.add_fault(path="/graphql", kind="delay", delay_s=0.1)
    sandbox.add_fault(path="/oauth/token", kind="status", status=503, count=3)
    assert [(f["path"], f["count"]) for f in sandbox.faults()] == [("/graphql", 1), ("/oauth/token", 3)]
    sandbox.clear_faults()
    assert sandbox.faults() == []
