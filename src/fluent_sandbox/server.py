"""Running the sandbox: `run_sandbox()` (a thread, for tests) and `serve()` (foreground, CLI).

Both bind the listening socket themselves (port 0 picks a free port, with no race between
choosing and binding) and hand it to uvicorn with the sandbox's HTTP protocol: uvicorn's h11
protocol plus the connection's transport in the ASGI scope, which is how drop faults close a
connection without any response. The uvicorn access log is off: the OAuth query-string form
carries credentials in the URL (§2.1), so request lines must never be logged.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx

from .env import USERS, base_url, format_env, sandbox_env
from .store import REFRESH_TOKEN_TTL


@dataclass(frozen=True)
class SandboxHandle:
    """A running sandbox: its URL, credentials and control-plane helpers."""

    url: str
    db: str

    def env(self, user: str = "admin") -> dict[str, str]:
        return sandbox_env(self.url, user)

    def _control(self, method: str, action: str, body: Any = None) -> Any:
        with httpx.Client(trust_env=False, timeout=10.0) as client:
            response = client.request(method, f"{self.url}/_sandbox/{action}", json=body)
        response.raise_for_status()
        return response.json()

    def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = self._control("GET", "stats")
        return result

    def reset(self, *, tokens: bool = False) -> None:
        """Back to the seed, counters zeroed, faults cleared (tokens revoked only if asked)."""
        self._control("POST", "reset", {"tokens": tokens})

    def add_fault(self, **spec: Any) -> dict[str, Any]:
        """Queue a fault, e.g. `add_fault(path="/graphql", kind="status", status=503)`."""
        result: dict[str, Any] = self._control("POST", "faults", spec)["fault"]
        return result

    def faults(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._control("GET", "faults")["faults"]
        return result

    def clear_faults(self) -> None:
        self._control("DELETE", "faults")

    def advance_clock(self, seconds: float) -> None:
        """Move the sandbox's clock forward (tokens expire by it)."""
        self._control("POST", "clock", {"advance_s": seconds})


def bind_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _protocol_class() -> type[Any]:
    from uvicorn.protocols.http.h11_impl import H11Protocol

    from .app import TRANSPORT_KEY

    class SandboxH11Protocol(H11Protocol):
        """uvicorn's h11 protocol, plus the transport in the scope so drop faults can abort."""

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            sock = transport.get_extra_info("socket")
            if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
                # asyncio skips TCP_NODELAY for sockets created with proto 0; without it the
                # body write waits for the client's delayed ACK (~40 ms a request).
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            inner = self.app

            async def app(scope: Any, receive: Any, send: Any) -> None:
                scope[TRANSPORT_KEY] = transport
                await inner(scope, receive, send)

            self.app = app

    return SandboxH11Protocol


def _config(app: Any, log_level: str, **extra: Any) -> Any:
    import uvicorn

    return uvicorn.Config(
        app,
        http=_protocol_class(),
        ws="none",
        lifespan="on",  # the app closes its database on shutdown (see create_app)
        access_log=False,
        log_level=log_level,
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=2,
        **extra,
    )


@contextlib.contextmanager
def run_sandbox(
    db: str | Path = ":memory:",
    *,
    schema_path: str | Path | None = None,
    token_ttl: int = 86399,
    refresh_tokens: bool = True,
    host: str = "127.0.0.1",
    port: int = 0,
    log_level: str = "warning",
    refresh_token_ttl: int = REFRESH_TOKEN_TTL,
    mock: bool = False,
) -> Iterator[SandboxHandle]:
    """Serve a sandbox in a daemon thread; yield its handle once it accepts connections.

    `mock=True`: answer GraphQL with deterministic mock data for `schema_path` (see `mock.py`).
    """
    import uvicorn

    from .app import create_app

    sock = bind_socket(host, port)  # first: a taken port must not leave the database open
    app = create_app(
        db,
        schema_path=schema_path,
        token_ttl=token_ttl,
        refresh_tokens=refresh_tokens,
        refresh_token_ttl=refresh_token_ttl,
        mock=mock,
    )
    server = uvicorn.Server(_config(app, log_level, log_config=None))
    failures: list[BaseException] = []

    def target() -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # reported to the caller below
            failures.append(exc)

    thread = threading.Thread(target=target, name="fluent-sandbox", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 15.0
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the Fluent sandbox did not start") from (failures[0] if failures else None)
            time.sleep(0.005)
        yield SandboxHandle(base_url(host, sock.getsockname()[1]), str(db))
    finally:
        server.should_exit = True
        thread.join(timeout=15.0)
        sock.close()
        app.state.store.close()


def serve(
    db: str | Path = ":memory:",
    *,
    schema_path: str | Path | None = None,
    token_ttl: int = 86399,
    refresh_tokens: bool = True,
    host: str = "127.0.0.1",
    port: int = 8765,
    log_level: str = "info",
    out: IO[str] | None = None,
    mock: bool = False,
) -> None:
    """Serve in the foreground until interrupted; prints the URL and seeded credentials."""
    import uvicorn

    from .app import create_app

    out = out or sys.stdout
    sock = bind_socket(host, port)  # first: a taken port must not leave the database open
    app = create_app(db, schema_path=schema_path, token_ttl=token_ttl, refresh_tokens=refresh_tokens, mock=mock)
    url = base_url(host, sock.getsockname()[1])
    mode = f"mock data for {schema_path or 'the bundled schema'}; " if mock else ""
    out.write(f"Fluent sandbox on {url} ({mode}database: {db})\n")
    for user in USERS:
        env = sandbox_env(url, user)
        out.write(f"\n# {user} user\n{format_env(env)}")
    out.flush()
    try:
        uvicorn.Server(_config(app, log_level)).run(sockets=[sock])
    finally:
        sock.close()
        app.state.store.close()
