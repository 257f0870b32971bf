"""Secret canary: with --debug, no password, client secret or issued token reaches stdout or stderr."""

from __future__ import annotations

import logging
import uuid

import pytest

import fluent_commerce._auth as auth_module
from fluent_commerce._token import Token
from fluent_sandbox import SEED_ADMIN_PASSWORD, SEED_CLIENT_SECRET


@pytest.fixture
def issued(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every access and refresh token the client receives during the test."""
    tokens: list[str] = []
    original = auth_module.parse_token_response

    def spy(*args, **kwargs) -> Token:
        token = original(*args, **kwargs)
        tokens.extend(t for t in (token.access_token, token.refresh_token) if t)
        return token

    monkeypatch.setattr(auth_module, "parse_token_response", spy)
    return tokens


def assert_no_secret(result, secrets):
    for secret in secrets:
        assert secret not in result.stdout
        assert secret not in result.stderr


def test_debug_logs_requests_but_no_secret(cli, env, issued, ok_json):
    results = [
        cli("--debug", "me", env=env),
        cli("--debug", "customer", "create", "--retailer-id", "1", "--first-name", "C",
            "--email", f"canary-{uuid.uuid4().hex[:8]}@example.com", env=env),
        cli("--debug", "graphql", "query Q($token: [String]) { customers(ref: $token) { edges { cursor } } }",
            "--var", "token=var-canary-xyz", env=env),
    ]  # fmt: skip
    for result in results:
        ok_json(result)
        # --debug really logs (otherwise this test would prove nothing) ...
        assert "DEBUG fluent_commerce" in result.stderr
        assert "DEBUG httpcore" in result.stderr or "DEBUG httpx" in result.stderr
        assert "/graphql" in result.stderr
    assert "/oauth/token" in results[0].stderr
    assert issued, "no token was captured"
    # ... and never a secret: the password, the client secret, any token, secret-looking variables.
    for result in results:
        assert_no_secret(result, [SEED_ADMIN_PASSWORD, SEED_CLIENT_SECRET, *issued, "var-canary-xyz"])


def test_failing_auth_with_a_canary_password_and_secret_leaks_neither(cli, env):
    canary_password = f"CANARY-pw-{uuid.uuid4().hex}"
    canary_secret = f"CANARY-secret-{uuid.uuid4().hex}"
    result = cli("--debug", "me", env={**env, "FLUENT_PASSWORD": canary_password})
    assert result.exit_code == 3
    assert "DEBUG" in result.stderr
    assert_no_secret(result, [canary_password, SEED_CLIENT_SECRET])
    result = cli("--debug", "me", env={**env, "FLUENT_CLIENT_SECRET": canary_secret})
    assert result.exit_code == 3
    assert_no_secret(result, [canary_secret, SEED_ADMIN_PASSWORD])


def test_canary_password_from_stdin_is_not_echoed(cli, env):
    canary_password = f"CANARY-stdin-{uuid.uuid4().hex}"
    no_password = {k: v for k, v in env.items() if k != "FLUENT_PASSWORD"}
    result = cli("--debug", "me", "--password-stdin", env=no_password, input=canary_password + "\n")
    assert result.exit_code == 3
    assert_no_secret(result, [canary_password, SEED_CLIENT_SECRET])


def test_validation_errors_do_not_show_the_password(cli, env):
    canary_password = f"CANARY-{uuid.uuid4().hex}"
    result = cli("--debug", "me", env={**env, "FLUENT_PASSWORD": canary_password, "FLUENT_HOST": "ftp://x"})
    assert result.exit_code == 2
    assert_no_secret(result, [canary_password, SEED_CLIENT_SECRET])


def test_debug_logging_is_undone_after_the_command(cli, env):
    logger = logging.getLogger("fluent_commerce")
    before = (logger.level, list(logger.handlers))
    assert cli("--debug", "me", env=env).exit_code == 0
    assert (logger.level, list(logger.handlers)) == before
    assert "DEBUG" not in cli("me", env=env).stderr
