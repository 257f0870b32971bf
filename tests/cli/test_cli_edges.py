"""Edge cases found by review: odd input files and values, token-endpoint outages, --version."""

from __future__ import annotations

import json

from fluent_commerce import __version__


def test_version(cli) -> None:
    result = cli("--version")
    assert (result.exit_code, result.stdout.strip()) == (0, f"fluent-commerce {__version__}")


def test_deeply_nested_var_is_a_usage_error(cli, env, sandbox) -> None:
    result = cli("graphql", "query Q($r: [String]) { customers(ref: $r) { edges { cursor } } }",
                 "--var", "r=" + "[" * 5000 + "]" * 5000, env=env)  # fmt: skip
    assert result.exit_code == 2, result.stderr
    assert "nested too deeply" in result.stderr
    assert sandbox.stats()["graphql_requests"] == {}


def test_a_query_file_that_is_not_utf8_is_a_usage_error(cli, env, tmp_path) -> None:
    query = tmp_path / "latin1.graphql"
    query.write_bytes("{ me { username } } # caf\xe9".encode("latin-1"))
    result = cli("graphql", f"@{query}", env=env)
    assert result.exit_code == 2
    assert "not UTF-8" in result.stderr


def test_token_endpoint_outage_is_a_fluent_error_not_an_auth_failure(cli, env, sandbox) -> None:
    sandbox.add_fault(path="/oauth/token", kind="status", status=503, count=10)
    result = cli("me", env={**env, "FLUENT_MAX_ATTEMPTS": "2", "FLUENT_BACKOFF_BASE": "0"})
    assert result.exit_code == 1, result.stderr
    assert "HTTP 503" in result.stderr


def test_customer_create_needs_no_first_name_and_takes_title_and_department(cli, env) -> None:
    result = cli("customer", "create", "--retailer-id", "1", "--email", "nofirst@example.com",
                 "--title", "Dr", "--department", "Ops", env=env)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    created = json.loads(result.stdout)
    assert (created["firstName"], created["title"], created["department"]) == (None, "Dr", "Ops")
