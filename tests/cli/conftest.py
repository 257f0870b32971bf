"""CLI fixtures: an in-process runner with a scrubbed environment, and sandbox settings."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from fluent_commerce.cli import app
from fluent_sandbox import SandboxHandle

Invoke = Callable[..., Result]


@pytest.fixture(autouse=True)
def _no_fluent_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No FLUENT_* from the developer's shell may leak into a test."""
    for key in list(os.environ):
        if key.startswith("FLUENT_"):
            monkeypatch.delenv(key)


@pytest.fixture
def cli() -> Invoke:
    """``cli("me", env=..., input=...)``: run the CLI in-process; stdout and stderr kept apart."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), env=env, input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def env(sandbox: SandboxHandle) -> dict[str, str]:
    """FLUENT_* for the sandbox's admin user."""
    return sandbox.env()


@pytest.fixture
def limited_env(sandbox: SandboxHandle) -> dict[str, str]:
    """FLUENT_* for the seeded user lacking CUSTOMER_CREATE and PRODUCT_CREATE."""
    return sandbox.env(user="limited")


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def ok_json() -> Callable[[Result], Any]:
    """``ok_json(result)``: assert exit 0 and return the one JSON document printed on stdout."""

    def parse(result: Result) -> Any:
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return parse
