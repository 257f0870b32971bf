"""``schema json|pull|normalize|check`` and ``codegen``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from fluent_commerce._documents import bundled_schema_path
from fluent_commerce.schema_tools import load_schema, print_sorted_sdl

ROOT = Path(__file__).resolve().parents[2]


def test_schema_json_customer_is_the_json_schema_of_the_customer_output(cli, ok_json):
    schema = ok_json(cli("schema", "json", "customer"))
    assert schema["type"] == "object"
    assert {"primaryEmail", "firstName", "attributes", "retailer"} <= set(schema["properties"])
    assert "primary_email" not in schema["properties"]  # aliases, as printed


def test_schema_json_describes_what_the_commands_print(cli, env, ok_json):
    me_schema = ok_json(cli("schema", "json", "me"))
    me_output = ok_json(cli("me", env=env))
    assert set(me_output) == set(me_schema["properties"])
    customer_output = ok_json(cli("customer", "get", "--email", "alice@example.com", env=env))
    assert set(customer_output) == set(ok_json(cli("schema", "json", "customer"))["properties"])
    product_schema = ok_json(cli("schema", "json", "product"))
    assert {"ref", "gtin", "prices", "catalogue"} <= set(product_schema["properties"])


def test_schema_json_graphql_is_an_object(cli, ok_json):
    assert ok_json(cli("schema", "json", "graphql"))["type"] == "object"


def test_schema_json_pretty_and_unknown_action(cli, ok_json):
    assert cli("--pretty", "schema", "json", "me").stdout.startswith("{\n  ")
    result = cli("schema", "json", "orders")
    assert result.exit_code == 2


def test_schema_pull_reproduces_the_committed_schema(cli, env, tmp_path):
    out = tmp_path / "pulled.graphql"
    result = cli("schema", "pull", "--out", str(out), env=env)
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == print_sorted_sdl(load_schema(bundled_schema_path()))
    stdout = cli("schema", "pull", env=env)
    assert stdout.stdout == out.read_text(encoding="utf-8")


def test_schema_pull_needs_credentials(cli, env):
    assert cli("schema", "pull", env={**env, "FLUENT_PASSWORD": "wrong"}).exit_code == 3


LEGACY = "interface Node { id: ID! }\ninterface Named { name: String }\ntype Query { a: A }\ntype A implements Node, Named { id: ID! name: String }\n"


def test_schema_normalize_rewrites_legacy_implements_and_leaves_the_input(cli, tmp_path):
    source = tmp_path / "legacy.graphql"
    source.write_text(LEGACY, encoding="utf-8")
    result = cli("schema", "normalize", str(source))
    assert result.exit_code == 0, result.stderr
    assert "type A implements Node & Named" in result.stdout
    assert source.read_text(encoding="utf-8") == LEGACY
    out = tmp_path / "modern.graphql"
    assert cli("schema", "normalize", str(source), "--out", str(out)).exit_code == 0
    assert "implements Node & Named" in out.read_text(encoding="utf-8")
    assert cli("schema", "normalize", str(source), "--out", str(source)).exit_code == 2
    assert source.read_text(encoding="utf-8") == LEGACY


def test_schema_normalize_syntax_error_names_file_line_and_column(cli, tmp_path):
    source = tmp_path / "broken.graphql"
    source.write_text("type Query {\n  a: \n}\n", encoding="utf-8")
    result = cli("schema", "normalize", str(source))
    assert result.exit_code == 2
    assert f"{source}:3:1" in result.stderr
    assert cli("schema", "normalize", str(tmp_path / "missing.graphql")).exit_code == 2


def test_schema_check_against_the_committed_schema_passes(cli):
    result = cli("schema", "check")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Result: OK" in result.stdout


def test_schema_check_exits_1_when_an_operation_breaks(cli, tmp_path):
    text = bundled_schema_path().read_text(encoding="utf-8")
    without_me = re.sub(r'\n  "[^"\n]*"\n  me: User\n', "\n", text)
    assert without_me != text
    candidate = tmp_path / "no-me.graphql"
    candidate.write_text(without_me, encoding="utf-8")
    result = cli("schema", "check", "--schema", str(candidate))
    assert result.exit_code == 1
    assert "BROKEN GetCurrentUser" in result.stdout
    assert "Result: FAILED" in result.stdout


def test_codegen_outside_a_checkout_exits_2(cli, tmp_path):
    result = cli("codegen", "--project-root", str(tmp_path))
    assert result.exit_code == 2
    assert "no codegen.toml" in result.stderr


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    if not (ROOT / "codegen.toml").is_file():
        pytest.skip("needs a checkout with codegen.toml")
    for name in ("codegen.toml", "codegen-sync.toml", "schema.graphql"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "queries", tmp_path / "queries")
    shutil.copytree(ROOT / "generated", tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "src" / "fluent_commerce").mkdir(parents=True)  # files_to_include: the scalar types
    shutil.copy(ROOT / "src" / "fluent_commerce" / "scalars.py", tmp_path / "src" / "fluent_commerce" / "scalars.py")
    return tmp_path


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_codegen_refuses_when_an_operation_breaks(cli, project_copy):
    (project_copy / "queries" / "Broken.graphql").write_text("query Broken { nope }\n", encoding="utf-8")
    before = snapshot(project_copy / "generated")
    result = cli("codegen", "--project-root", str(project_copy))
    assert result.exit_code == 1
    assert "refusing to regenerate" in result.stderr
    assert "Broken" in result.stderr
    assert snapshot(project_copy / "generated") == before


def test_codegen_regenerates_both_packages_and_check_detects_drift(cli, project_copy):
    client = project_copy / "generated" / "fluent_gql_sync" / "client.py"
    client.write_text(client.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    (project_copy / "generated" / "fluent_gql_async" / "stray.py").write_text("", encoding="utf-8")
    stale = cli("codegen", "--check", "--project-root", str(project_copy))
    assert stale.exit_code == 1
    assert "generated/fluent_gql_sync/client.py" in stale.stderr
    assert "generated/fluent_gql_async/stray.py" in stale.stderr
    assert client.read_text(encoding="utf-8").endswith("# hand edit\n")  # --check writes nothing

    result = cli("codegen", "--project-root", str(project_copy))
    assert result.exit_code == 0, result.stderr
    assert "regenerated" in result.stderr
    assert not client.read_text(encoding="utf-8").endswith("# hand edit\n")
    assert not (project_copy / "generated" / "fluent_gql_async" / "stray.py").exists()
    fresh = cli("codegen", "--check", "--project-root", str(project_copy))
    assert fresh.exit_code == 0, fresh.stderr
    assert "up to date" in fresh.stderr
