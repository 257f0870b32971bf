"""``sandbox`` (delegating to fluent_sandbox's CLI), and the CLI as real processes."""

from __future__ import annotations

import json
import os
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fluent_sandbox import SEED_ADMIN_PASSWORD, SEED_LIMITED_USERNAME

SCRIPT = Path(sys.executable).with_name("fluent-commerce")


def parse_exports(text: str) -> dict[str, str]:
    env = {}
    for line in text.splitlines():
        if line.startswith("export "):
            key, _, value = line.removeprefix("export ").partition("=")
            env[key] = shlex.split(value)[0]
    return env


def test_print_env_prints_exports_for_the_port(cli):
    result = cli("sandbox", "--print-env", "--port", "9876")
    assert result.exit_code == 0
    env = parse_exports(result.stdout)
    assert env["FLUENT_HOST"] == "http://127.0.0.1:9876"
    assert {
        "FLUENT_USERNAME",
        "FLUENT_PASSWORD",
        "FLUENT_CLIENT_ID",
        "FLUENT_CLIENT_SECRET",
        "FLUENT_ACCOUNT_ID",
    } <= set(env)
    limited = parse_exports(cli("sandbox", "--print-env", "--user", "limited").stdout)
    assert limited["FLUENT_USERNAME"] == SEED_LIMITED_USERNAME
    assert limited["FLUENT_HOST"] == "http://127.0.0.1:8765"


def test_sandbox_rejects_unknown_options(cli):
    assert cli("sandbox", "--no-such-option").exit_code == 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLUENT_")}
    return {**env, **extra}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[dict[str, str]]:
    """``python -m fluent_commerce sandbox`` in a subprocess; yields its FLUENT_* settings."""
    port = free_port()
    db = tmp_path / "served.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "fluent_commerce", "sandbox", "--port", str(port), "--db", str(db),
         "--token-ttl", "600", "--no-refresh-tokens"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=clean_env(),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            assert time.monotonic() < deadline, "the sandbox did not start"
            time.sleep(0.05)
        assert db.exists()
        yield parse_exports(subprocess.run(
            [sys.executable, "-m", "fluent_commerce", "sandbox", "--print-env", "--port", str(port)],
            capture_output=True, text=True, check=True, env=clean_env(),
        ).stdout)  # fmt: skip
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stdout:
            process.stdout.close()


def run(args: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "fluent_commerce"]
    return subprocess.run(
        [*command, *args], input=stdin, capture_output=True, text=True, env=clean_env(**env), timeout=60
    )


def test_served_sandbox_works_with_the_console_script(served):
    me = run(["me"], served)
    assert me.returncode == 0, me.stderr
    assert json.loads(me.stdout)["username"] == served["FLUENT_USERNAME"]
    no_password = {k: v for k, v in served.items() if k != "FLUENT_PASSWORD"}
    piped = run(["--pretty", "me", "--password-stdin"], no_password, stdin=SEED_ADMIN_PASSWORD + "\n")
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["username"] == served["FLUENT_USERNAME"]
    missing = run(["customer", "get", "--email", "nobody@example.com"], served)
    assert (missing.returncode, missing.stdout) == (5, "")
    assert run(["me"], {**served, "FLUENT_PASSWORD": "wrong"}).returncode == 3


def test_python_dash_m_entry_points(served):
    for module in ("fluent_commerce", "fluent_commerce.cli"):
        result = subprocess.run(
            [sys.executable, "-m", module, "graphql", "{ me { username } }"],
            capture_output=True, text=True, env=clean_env(**served), timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == {"me": {"username": served["FLUENT_USERNAME"]}}
