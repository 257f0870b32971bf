"""Connection settings, secrets from stdin, and exit codes 1/2/3/4 from the library's errors."""

from __future__ import annotations

import pytest

from fluent_commerce import (
    AuthenticationError,
    FluentError,
    FluentGraphQLError,
    FluentHTTPError,
    FluentTransportError,
    FluentValidationError,
    GraphQLErrorDetail,
    PermissionDeniedError,
    RateLimitedError,
    ValidationIssue,
)
from fluent_commerce.cli.output import CliError, ExitCode, exit_code_for
from fluent_commerce.schema_tools import CodegenRefusedError, SchemaSyntaxError, SchemaValidationError
from fluent_sandbox import SEED_ADMIN_PASSWORD, SEED_LIMITED_PASSWORD, SEED_LIMITED_USERNAME

DETAIL = GraphQLErrorDetail("m", "C0020E", None, {})


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (FluentValidationError([ValidationIssue("f", "v", "r")]), 2),
        (AuthenticationError("no"), 3),
        (FluentTransportError("down", maybe_applied=False), 4),
        (FluentGraphQLError([DETAIL]), 1),
        (PermissionDeniedError([DETAIL]), 1),
        (FluentHTTPError("boom", status_code=500), 1),
        (RateLimitedError("slow down", retry_after=120), 1),
        (FluentError("other"), 1),
        (SchemaSyntaxError("bad", source="s", line=1, column=2), 2),
        (SchemaValidationError("s", ["p"]), 2),
        (CliError("nothing", ExitCode.NOT_FOUND), 5),
    ],
)
def test_exit_code_table(error, code):
    assert exit_code_for(error) == code


def test_codegen_refused_is_exit_1():
    refused = CodegenRefusedError.__new__(CodegenRefusedError)
    assert exit_code_for(refused) == 1


def test_missing_settings_exit_2_naming_the_missing_variables(cli, env):
    partial = {k: v for k, v in env.items() if k not in ("FLUENT_PASSWORD", "FLUENT_CLIENT_SECRET")}
    result = cli("me", env=partial)
    assert result.exit_code == 2
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith("error: missing connection settings: FLUENT_PASSWORD, FLUENT_CLIENT_SECRET;")
    assert "FLUENT_HOST" not in first


def test_nothing_configured_names_every_required_variable(cli):
    result = cli("me")
    assert result.exit_code == 2
    for name in ("FLUENT_HOST", "FLUENT_USERNAME", "FLUENT_PASSWORD", "FLUENT_CLIENT_ID", "FLUENT_CLIENT_SECRET"):
        assert name in result.stderr
    assert "FLUENT_ACCOUNT_ID" not in result.stderr  # optional


def test_invalid_setting_exits_2(cli, env):
    result = cli("me", env={**env, "FLUENT_HOST": "http://fluent.example.com"})  # plain http off loopback
    assert result.exit_code == 2
    assert result.stderr.startswith("error: invalid connection settings\n  host='http://fluent.example.com': ")


def test_wrong_password_exits_3(cli, env):
    result = cli("me", env={**env, "FLUENT_PASSWORD": "wrong"})
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith("error: authentication failed:")
    assert "invalid_grant" in result.stderr


def test_closed_port_exits_4(cli, env, closed_port_url):
    result = cli("me", env={**env, "FLUENT_HOST": closed_port_url, "FLUENT_MAX_ATTEMPTS": "1"})
    assert result.exit_code == 4
    assert result.stderr.startswith("error: network failure:")
    assert "never reached Fluent" in result.stderr


def test_limited_user_creating_a_customer_exits_1_with_c0020e(cli, limited_env, sandbox):
    result = cli("customer", "create", "--retailer-id", "1", "--email", "x@example.com", "--first-name", "X",
                 env=limited_env)  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == "error: Fluent returned 1 GraphQL error"
    assert result.stderr.splitlines()[1].startswith("  C0020E: ")
    assert "CUSTOMER_CREATE" in result.stderr


def test_global_host_beats_the_environment(cli, env, closed_port_url, ok_json):
    moved = {**env, "FLUENT_HOST": closed_port_url, "FLUENT_MAX_ATTEMPTS": "1"}
    assert ok_json(cli("--host", env["FLUENT_HOST"], "me", env=moved))["username"] == env["FLUENT_USERNAME"]


def test_command_host_beats_the_global_host(cli, env, closed_port_url, ok_json):
    moved = {**env, "FLUENT_MAX_ATTEMPTS": "1"}
    assert ok_json(cli("--host", closed_port_url, "me", "--host", env["FLUENT_HOST"], env=moved))
    result = cli("--host", env["FLUENT_HOST"], "me", "--host", closed_port_url, env=moved)
    assert result.exit_code == 4


def test_client_id_and_account_id_flags_are_used(cli, env):
    assert cli("me", "--client-id", "OTHER_CLIENT", env=env).exit_code == 3
    assert cli("--client-id", "OTHER_CLIENT", "me", env=env).exit_code == 3
    assert (
        cli("me", "--client-id", env["FLUENT_CLIENT_ID"], "--account-id", env["FLUENT_ACCOUNT_ID"], env=env).exit_code
        == 0
    )


def test_username_flag_with_password_from_stdin(cli, env, ok_json):
    no_password = {k: v for k, v in env.items() if k != "FLUENT_PASSWORD"}
    result = cli("me", "--username", SEED_LIMITED_USERNAME, "--password-stdin", env=no_password,
                 input=SEED_LIMITED_PASSWORD + "\n")  # fmt: skip
    assert ok_json(result)["username"] == SEED_LIMITED_USERNAME
    result = cli("--username", SEED_LIMITED_USERNAME, "--password-stdin", "me", env=no_password,
                 input=SEED_LIMITED_PASSWORD + "\n")  # fmt: skip
    assert ok_json(result)["username"] == SEED_LIMITED_USERNAME


def test_password_stdin_wins_over_the_environment(cli, env, ok_json):
    wrong_env = {**env, "FLUENT_PASSWORD": "wrong"}
    assert ok_json(cli("me", "--password-stdin", env=wrong_env, input=SEED_ADMIN_PASSWORD + "\r\n"))
    assert cli("me", "--password-stdin", env=env, input="wrong\n").exit_code == 3


def test_password_stdin_reads_only_the_first_line(cli, env, ok_json):
    assert ok_json(cli("me", "--password-stdin", env=env, input=SEED_ADMIN_PASSWORD + "\nsomething else\n"))


def test_empty_password_on_stdin_exits_2(cli, env):
    result = cli("me", "--password-stdin", env=env, input="")
    assert result.exit_code == 2
    assert "no password" in result.stderr


def test_there_is_no_password_or_secret_flag(cli, env):
    for flag in ("--password", "--client-secret"):
        result = cli("me", flag, "x", env=env)
        assert result.exit_code == 2
        assert "No such option" in result.stderr
        result = cli(flag, "x", "me", env=env)
        assert result.exit_code == 2


def test_http_error_from_fluent_exits_1(cli, env, sandbox):
    sandbox.add_fault(path="/graphql", kind="status", status=500, count=10)
    result = cli("me", env={**env, "FLUENT_MAX_ATTEMPTS": "1"})
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert "HTTP 500" in result.stderr


def test_connection_dropped_exits_4(cli, env, sandbox):
    sandbox.add_fault(path="/graphql", kind="drop_before", count=10)
    result = cli("me", env={**env, "FLUENT_MAX_ATTEMPTS": "1"})
    assert result.exit_code == 4
    assert result.stderr.startswith("error: network failure:")


def test_commands_without_the_sandbox_extra_exit_2(cli, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a))
    for args in (("demo",), ("sandbox",)):
        result = cli(*args)
        assert result.exit_code == 2
        assert "pip install 'fluent-commerce[sandbox]'" in result.stderr
        assert "uvicorn" in result.stderr
