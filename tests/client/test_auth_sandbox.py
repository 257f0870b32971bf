"""The auth session against the sandbox: single-flight tokens, refresh, revoked tokens (§2, §3.2)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import pytest

from fluent_commerce import AsyncFluentClient, AuthenticationError, FluentAuth, FluentClient, FluentConnection
from fluent_sandbox import SandboxHandle

pytestmark = pytest.mark.anyio


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_concurrent_first_calls_share_one_token_request(conn: FluentConnection, sandbox: SandboxHandle) -> None:
    """200 asyncio tasks and 8 threads make their first calls at once: one token request per client."""
    async with AsyncFluentClient(conn) as aclient:
        results = await asyncio.gather(*(aclient.get_current_user() for _ in range(200)))
    assert {me.username for me in results} == {"api_admin"}
    assert sandbox.stats()["token_requests"] == {"password": 1, "refresh_token": 0}

    errors: list[BaseException] = []
    barrier = threading.Barrier(8)
    with FluentClient(conn) as client:

        def first_call() -> None:
            barrier.wait()
            try:
                client.get_current_user()
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=first_call) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert sandbox.stats()["token_requests"] == {"password": 2, "refresh_token": 0}
    assert sandbox.stats()["graphql_requests"] == {"GetCurrentUser": 208}


def test_expired_token_is_refreshed_with_the_refresh_grant(conn: FluentConnection, sandbox: SandboxHandle) -> None:
    clock = Clock()
    with FluentClient(conn, auth=FluentAuth(conn, clock=clock)) as client:
        client.get_current_user()
        clock.now += 90_000  # past expires_in
        client.get_current_user()
    assert sandbox.stats()["token_requests"] == {"password": 1, "refresh_token": 1}


def test_a_spent_refresh_token_falls_back_to_the_password_grant(conn: FluentConnection, sandbox: SandboxHandle) -> None:
    """§2.3: refresh tokens are single use; reuse gives invalid_grant, then one password grant."""
    clock = Clock()
    auth = FluentAuth(conn, clock=clock)
    with FluentClient(conn, auth=auth) as client:
        client.get_current_user()
        first = auth.token
        clock.now += 90_000
        client.get_current_user()  # spends first.refresh_token
        auth._token = first  # an old copy, e.g. restored from a cache
        clock.now += 90_000
        assert client.get_current_user().username == "api_admin"
    assert sandbox.stats()["token_requests"] == {"password": 2, "refresh_token": 2}


def test_token_revoked_mid_run_reauthenticates_once(client: FluentClient, sandbox: SandboxHandle) -> None:
    client.get_current_user()
    sandbox.add_fault(path="/graphql", kind="expire_token", count=1)
    assert client.get_current_user().username == "api_admin"
    stats = sandbox.stats()
    assert stats["unauthorized"] == 1
    assert stats["graphql_requests"] == {"GetCurrentUser": 3}
    assert sum(stats["token_requests"].values()) == 2


def test_second_401_raises_instead_of_looping(client: FluentClient, sandbox: SandboxHandle) -> None:
    sandbox.add_fault(path="/graphql", kind="expire_token", count=5)
    with pytest.raises(AuthenticationError) as caught:
        client.get_current_user()
    assert caught.value.status_code == 401
    stats = sandbox.stats()
    assert stats["unauthorized"] == 2 and sum(stats["token_requests"].values()) == 2


def test_wrong_password_is_invalid_grant(make_conn: Callable[..., FluentConnection]) -> None:
    with FluentClient(make_conn(password="wrong-CANARY")) as client, pytest.raises(AuthenticationError) as caught:
        client.get_current_user()
    assert caught.value.error == "invalid_grant"
    assert "wrong-CANARY" not in str(caught.value)


def test_wrong_client_secret_is_invalid_client(make_conn: Callable[..., FluentConnection]) -> None:
    with FluentClient(make_conn(client_secret="bad-CANARY")) as client, pytest.raises(AuthenticationError) as caught:
        client.graphql("{ me { id } }")
    assert caught.value.error == "invalid_client"
    assert "bad-CANARY" not in repr(caught.value)


def test_one_auth_shared_by_threads_each_with_its_own_event_loop(
    conn: FluentConnection, sandbox: SandboxHandle
) -> None:
    """A FluentAuth passed to several clients keeps one token request in flight, across loops."""
    shared = FluentAuth(conn)
    barrier = threading.Barrier(8)
    names: list[str] = []

    async def first_call() -> None:
        async with AsyncFluentClient(conn, auth=shared) as client:
            barrier.wait()
            names.append((await client.get_current_user()).username)

    threads = [threading.Thread(target=asyncio.run, args=(first_call(),)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert names == ["api_admin"] * 8
    assert sandbox.stats()["token_requests"] == {"password": 1, "refresh_token": 0}
