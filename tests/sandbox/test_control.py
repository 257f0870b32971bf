"""The control plane (issue 3; not part of Fluent): stats, reset, clock, loopback only."""

from __future__ import annotations

import asyncio

import httpx

from fluent_sandbox import create_app

from .support import customer_input, operation, password_form

ME = "{ me { username } }"


def test_stats_count_every_kind_of_request(api, sandbox):
    """§2/§3: token requests by grant, GraphQL requests by operationName (or the document's
    only operation's name, or "anonymous"), 401s and fired faults."""
    body = api.token_response(**password_form()).json()
    api.token_response(**password_form(password="wrong"))
    api.token_response(
        grant_type="refresh_token", refresh_token=body["refresh_token"], client_id="SANDBOX", client_secret="nope"
    )
    token = body["access_token"]
    api.post(ME, token=token)
    api.post("query Named { me { id } }", token=token)
    api.post(ME, token=token, operation_name=None)
    api.post(operation("GetCurrentUser"), token=token, operation_name="GetCurrentUser")
    api.post(ME, token="bad")
    sandbox.add_fault(path="/graphql", kind="status", status=503)
    api.post(ME, token=token)
    assert sandbox.stats() == {
        "token_requests": {"password": 2, "refresh_token": 1},
        "graphql_requests": {"anonymous": 4, "Named": 1, "GetCurrentUser": 1},
        "unauthorized": 1,
        "faults_fired": 1,
    }


def test_reset_restores_seed_zeroes_counters_clears_faults(api, sandbox):
    """Control plane: reset goes back to the seed; tokens survive unless asked."""
    api.op("CreateCustomer", {"input": customer_input()})
    sandbox.add_fault(path="/graphql", kind="status", status=500)
    token = api.token()
    sandbox.reset()
    assert sandbox.stats() == {
        "token_requests": {"password": 0, "refresh_token": 0},
        "graphql_requests": {},
        "unauthorized": 0,
        "faults_fired": 0,
    }
    assert sandbox.faults() == []
    assert api.data('{ customer(ref: "1_new@example.com") { id } }', token=token) == {"customer": None}
    created = api.op("CreateCustomer", {"input": customer_input()}, token=token)
    assert created["data"]["createCustomer"]["id"] == "7"  # ids restart after the seed's
    sandbox.reset(tokens=True)
    assert api.post(ME, token=token).status_code == 401


def test_clock_advance_expires_tokens(api, sandbox):
    """§2.6: tokens expire by the sandbox clock, which tests can move forward."""
    token = api.token()
    sandbox.advance_clock(86398)
    assert api.post(ME, token=token).status_code == 200
    sandbox.advance_clock(2)
    assert api.post(ME, token=token).status_code == 401


def test_every_control_endpoint_answers_loopback(http):
    """Control plane: from 127.0.0.1 nothing is refused."""
    calls = [
        ("GET", "stats", None),
        ("POST", "reset", None),
        ("POST", "faults", {"path": "/graphql", "kind": "delay", "delay_s": 0}),
        ("GET", "faults", None),
        ("DELETE", "faults", None),
        ("POST", "clock", {"advance_s": 0}),
    ]
    for method, action, body in calls:
        response = http.request(method, f"/_sandbox/{action}", json=body)
        assert response.status_code in (200, 201), (action, response.text)


def test_control_plane_refuses_non_loopback_clients(tmp_path):
    """Control plane: clients that are not on loopback get 403 (Fluent's API is unaffected)."""
    app = create_app(tmp_path / "remote.db")

    async def remote_calls() -> list[int]:
        transport = httpx.ASGITransport(app=app, client=("192.0.2.10", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test") as client:
            return [
                (await client.get("/_sandbox/stats")).status_code,
                (await client.post("/_sandbox/reset")).status_code,
                (await client.post("/oauth/token", data=password_form())).status_code,
            ]

    try:
        assert asyncio.run(remote_calls()) == [403, 403, 200]
    finally:
        app.state.store.close()


def test_unknown_control_action_is_404(http):
    """Control plane: unknown actions are reported, not ignored."""
    assert http.post("/_sandbox/explode").status_code == 404
    assert http.get("/_sandbox/reset").status_code == 404  # reset is POST only
