"""Starting the sandbox from the command line (issue 3): `python -m fluent_sandbox`."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
import time

import httpx

from fluent_sandbox import default_schema_path, sandbox_env

from .support import password_form


def test_print_env_prints_shell_exports(tmp_path):
    """§1/§2.1: `--print-env` prints `export FLUENT_*=...` for the given host/port and exits."""
    out = subprocess.run(
        [sys.executable, "-m", "fluent_sandbox", "--print-env", "--port", "9876"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    env = {}
    for line in out.splitlines():
        export, assignment = line.split(" ", 1)
        assert export == "export"
        key, value = assignment.split("=", 1)
        env[key] = shlex.split(value)[0]
    assert env == sandbox_env("http://127.0.0.1:9876")
    assert set(env) == {
        "FLUENT_HOST",
        "FLUENT_USERNAME",
        "FLUENT_PASSWORD",
        "FLUENT_CLIENT_ID",
        "FLUENT_CLIENT_SECRET",
        "FLUENT_ACCOUNT_ID",
    }
    limited = subprocess.run(
        [sys.executable, "-m", "fluent_sandbox", "--print-env", "--user", "limited"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    assert "export FLUENT_USERNAME=api_readonly" in limited


def test_serves_and_prints_url_and_credentials(tmp_path):
    """§2.1: `python -m fluent_sandbox --port P --db F` serves, printing URL and credentials."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "fluent_sandbox", "--port", str(port), "--db", str(tmp_path / "cli.db"),
         "--token-ttl", "77", "--no-refresh-tokens", "--log-level", "warning"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        banner: list[str] = []
        while sum("FLUENT_ACCOUNT_ID" in line for line in banner) < 2:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "sandbox exited"
            banner.append(line)
        assert f"http://127.0.0.1:{port}" in banner[0]
        assert "export FLUENT_PASSWORD=sandbox-admin-password\n" in banner
        assert "export FLUENT_USERNAME=api_readonly\n" in banner
        body = None
        deadline = time.monotonic() + 30
        while body is None and time.monotonic() < deadline:
            try:
                body = httpx.post(f"http://127.0.0.1:{port}/oauth/token", data=password_form()).json()
            except httpx.TransportError:
                time.sleep(0.05)
        assert body is not None
        assert body["expires_in"] == 77
        assert "refresh_token" not in body
    finally:
        proc.terminate()
        proc.communicate(timeout=15)


def test_import_is_cheap():
    """The lead's CLI imports fluent_sandbox: that must not pull in uvicorn/ariadne/starlette."""
    code = (
        "import sys, fluent_sandbox; "
        "heavy = {'uvicorn', 'ariadne', 'starlette', 'graphql'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)


def test_default_schema_path_is_the_repository_schema():
    """The sandbox reads the same schema.graphql the client is generated from."""
    path = default_schema_path()
    assert path.is_file()
    assert "type Query" in path.read_text()
