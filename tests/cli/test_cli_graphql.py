"""``graphql QUERY``: literal, @file and stdin documents; --var/--variables merging; --schema."""

from __future__ import annotations

import json

import pytest

from fluent_sandbox import SEED_ADMIN_PASSWORD

LIST = "query L($first: Int, $lastName: [String]) { customers(first: $first, lastName: $lastName) { edges { node { firstName lastName } } } }"
ME = "query Me { me { username } }"


def last_names(data):
    return [edge["node"]["lastName"] for edge in data["customers"]["edges"]]


def test_literal_query_with_var_parsed_as_json(cli, env, ok_json):
    data = ok_json(cli("graphql", LIST, "--var", "first=2", env=env))
    assert len(data["customers"]["edges"]) == 2  # "2" became the Int 2


def test_var_values_that_are_not_json_stay_strings(cli, env, ok_json):
    query = "query U($u: String!) { customer(ref: $u) { primaryEmail } }"
    data = ok_json(cli("graphql", query, "--var", "u=1_alice@example.com", env=env))
    assert data == {"customer": {"primaryEmail": "alice@example.com"}}


def test_var_list_value(cli, env, ok_json):
    data = ok_json(cli("graphql", LIST, "--var", 'lastName=["Smith"]', "--var", "first=10", env=env))
    assert last_names(data) == ["Smith", "Smith"]


def test_variables_and_var_merge_with_var_winning(cli, env, ok_json):
    variables = json.dumps({"first": 1, "lastName": ["Smith", "Shared"]})
    only_variables = ok_json(cli("graphql", LIST, "--variables", variables, env=env))
    assert len(last_names(only_variables)) == 1
    merged = ok_json(cli("graphql", LIST, "--variables", variables, "--var", "first=3", env=env))
    names = last_names(merged)
    assert len(names) == 3  # --var's first won
    assert set(names) <= {"Smith", "Shared"}  # --variables' lastName kept


def test_query_and_variables_from_files(cli, env, ok_json, tmp_path):
    (tmp_path / "list.graphql").write_text(LIST, encoding="utf-8")
    (tmp_path / "vars.json").write_text(json.dumps({"first": 2, "lastName": ["Shared"]}), encoding="utf-8")
    data = ok_json(
        cli("graphql", f"@{tmp_path / 'list.graphql'}", "--variables", f"@{tmp_path / 'vars.json'}", env=env)
    )
    assert last_names(data) == ["Shared", "Shared"]


def test_query_from_stdin(cli, env, ok_json):
    data = ok_json(cli("graphql", "-", env=env, input=ME))
    assert data == {"me": {"username": env["FLUENT_USERNAME"]}}


def test_operation_name_picks_one_operation(cli, env, ok_json):
    document = ME + "\nquery Two { customers(first: 1) { edges { node { id } } } }"
    assert ok_json(cli("graphql", document, "--operation-name", "Me", env=env)) == {
        "me": {"username": env["FLUENT_USERNAME"]}
    }
    assert len(ok_json(cli("graphql", document, "--operation-name", "Two", env=env))["customers"]["edges"]) == 1
    assert cli("graphql", document, env=env).exit_code == 2  # ambiguous without it


def test_graphql_error_from_fluent_exits_1_and_prints_each_error(cli, limited_env):
    mutation = (
        'mutation { createCustomer(input: {username: "u1", primaryEmail: "u1@example.com", firstName: "U",'
        ' promotionOptIn: false, retailer: {id: "1"}}) { id } }'
    )
    result = cli("graphql", mutation, env=limited_env)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[1].startswith("  C0020E: ")
    assert "(at createCustomer)" in result.stderr


def test_invalid_document_exits_2_before_sending(cli, env, sandbox):
    result = cli("graphql", "{ nope }", env=env)
    assert result.exit_code == 2
    assert "Cannot query field 'nope'" in result.stderr
    assert sandbox.stats()["graphql_requests"] == {}


def test_variable_of_the_wrong_type_exits_2(cli, env):
    result = cli("graphql", LIST, "--var", "first=many", env=env)
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--variables", "[1, 2]"), "--variables must be a JSON object"),
        (("--variables", "{nope"), "--variables is not valid JSON"),
        (("--variables", "@/does/not/exist.json"), "--variables: cannot read"),
        (("--var", "first"), "--var expects name=value"),
    ],
)
def test_bad_variables_exit_2(cli, env, args, message):
    result = cli("graphql", LIST, *args, env=env)
    assert result.exit_code == 2
    assert message in result.stderr


def test_missing_query_file_and_empty_query_exit_2(cli, env):
    assert "QUERY: cannot read" in cli("graphql", "@/does/not/exist.graphql", env=env).stderr
    assert cli("graphql", "-", env=env, input="  \n").exit_code == 2


def test_stdin_cannot_hold_both_password_and_query(cli, env):
    result = cli("graphql", "-", "--password-stdin", env=env, input=SEED_ADMIN_PASSWORD + "\n" + ME)
    assert result.exit_code == 2
    assert "cannot both read stdin" in result.stderr
    result = cli("--password-stdin", "graphql", "-", env=env, input=SEED_ADMIN_PASSWORD + "\n" + ME)
    assert result.exit_code == 2


def test_password_stdin_with_a_literal_query(cli, env, ok_json):
    no_password = {k: v for k, v in env.items() if k != "FLUENT_PASSWORD"}
    assert ok_json(cli("graphql", ME, "--password-stdin", env=no_password, input=SEED_ADMIN_PASSWORD + "\n"))


SMALL_SCHEMA = """
type Query { me: User }
type User { username: String! }
"""


def test_schema_option_validates_against_another_schema(cli, env, ok_json, tmp_path):
    small = tmp_path / "small.graphql"
    small.write_text(SMALL_SCHEMA, encoding="utf-8")
    assert ok_json(cli("graphql", ME, "--schema", str(small), env=env))["me"]["username"] == env["FLUENT_USERNAME"]
    customers = "{ customers(first: 1) { edges { cursor } } }"
    assert cli("graphql", customers, env=env).exit_code == 0
    refused = cli("graphql", customers, "--schema", str(small), env=env)
    assert refused.exit_code == 2
    assert "customers" in refused.stderr


def test_schema_option_accepts_legacy_syntax(cli, env, ok_json, tmp_path):
    legacy = tmp_path / "legacy.graphql"
    legacy.write_text(
        "interface Node { id: ID! }\ninterface Named { username: String! }\n"
        "type Query { me: User }\ntype User implements Node, Named { id: ID! username: String! }\n",
        encoding="utf-8",
    )
    assert ok_json(cli("graphql", ME, "--schema", str(legacy), env=env))


def test_schema_option_with_a_missing_file_exits_2(cli, env, tmp_path):
    result = cli("graphql", ME, "--schema", str(tmp_path / "nope.graphql"), env=env)
    assert result.exit_code == 2
    assert "--schema: no such file" in result.stderr


def test_schema_option_with_a_syntax_error_exits_2_naming_the_position(cli, env, tmp_path):
    broken = tmp_path / "broken.graphql"
    broken.write_text("type Query {\n  a: \n}\n", encoding="utf-8")
    result = cli("graphql", ME, "--schema", str(broken), env=env)
    assert result.exit_code == 2
    assert f"{broken}:3:1" in result.stderr
