"""Shared fixtures: one sandbox per test session over real HTTP on loopback, reset per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from fluent_commerce import AsyncFluentClient, FluentClient, FluentConnection
from fluent_sandbox import SandboxHandle, run_sandbox


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def sandbox_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxHandle]:
    db = tmp_path_factory.mktemp("sandbox") / "fluent.db"
    with run_sandbox(db) as handle:
        yield handle


@pytest.fixture
def sandbox(sandbox_session: SandboxHandle) -> SandboxHandle:
    """The session's sandbox, back at its seed with counters zeroed and no faults queued."""
    sandbox_session.reset()
    return sandbox_session


ConnectionFactory = Callable[..., FluentConnection]


@pytest.fixture
def make_conn(sandbox: SandboxHandle) -> ConnectionFactory:
    """``make_conn(user="limited", read_timeout=1)``: a connection to the sandbox as a seeded user."""

    def make(user: str = "admin", **overrides: Any) -> FluentConnection:
        env = sandbox.env(user=user)
        settings: dict[str, Any] = {
            "host": env["FLUENT_HOST"],
            "username": env["FLUENT_USERNAME"],
            "password": env["FLUENT_PASSWORD"],
            "client_id": env["FLUENT_CLIENT_ID"],
            "client_secret": env["FLUENT_CLIENT_SECRET"],
            "account_id": env["FLUENT_ACCOUNT_ID"],
        }
        return FluentConnection(**{**settings, **overrides})

    return make


@pytest.fixture
def conn(make_conn: ConnectionFactory) -> FluentConnection:
    return make_conn()


@pytest.fixture
def client(conn: FluentConnection) -> Iterator[FluentClient]:
    with FluentClient(conn) as fluent:
        yield fluent


@pytest.fixture
async def aclient(conn: FluentConnection) -> AsyncIterator[AsyncFluentClient]:
    async with AsyncFluentClient(conn) as fluent:
        yield fluent
