"""Fixtures for the sandbox contract tests: one sandbox per session (file-backed, so WAL and
persistence are exercised), reset to the seed before every test, driven with plain httpx."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from fluent_sandbox import SandboxHandle, run_sandbox

from .support import Api


@pytest.fixture(scope="session")
def sandbox_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxHandle]:
    db = tmp_path_factory.mktemp("fluent-sandbox") / "sandbox.db"
    with run_sandbox(db) as handle:
        yield handle


@pytest.fixture
def sandbox(sandbox_session: SandboxHandle) -> SandboxHandle:
    sandbox_session.reset(tokens=True)
    return sandbox_session


@pytest.fixture
def http(sandbox: SandboxHandle) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.url, trust_env=False, timeout=10.0) as client:
        yield client


@pytest.fixture
def api(sandbox: SandboxHandle, http: httpx.Client) -> Api:
    return Api(sandbox, http)
