"""check_schema: our operations against a candidate schema, and the changes that touch them."""

from __future__ import annotations

from pathlib import Path

import pytest

from fluent_commerce.schema_tools import (
    CheckReport,
    OperationsError,
    SchemaSyntaxError,
    check_schema,
)


@pytest.fixture(scope="module")
def legacy_report(legacy_schema_path: Path, repo_root: Path) -> CheckReport:
    return check_schema(
        legacy_schema_path,
        committed_path=repo_root / "schema.graphql",
        queries_dir=repo_root / "queries",
    )


def test_legacy_schema_breaks_get_current_user_only(legacy_report: CheckReport) -> None:
    assert not legacy_report.ok
    assert legacy_report.exit_code == 1
    assert legacy_report.broken == ["GetCurrentUser"]
    assert legacy_report.operations["GetCurrentUser"] == [
        "queries/GetCurrentUser.graphql:2:3: Cannot query field 'me' on type 'Query'."
    ]
    assert set(legacy_report.operations) == {
        "CreateCustomer",
        "CreateProduct",
        "GetCurrentUser",
        "GetCustomerByEmail",
        "GetCustomerByUsername",
        "GetProduct",
    }


def test_legacy_schema_breaking_changes_name_the_affected_operations(
    legacy_report: CheckReport,
) -> None:
    breaking = {change.description: change for change in legacy_report.breaking}
    assert breaking["Query.me was removed."].operations == ("GetCurrentUser",)
    assert breaking["Query.me was removed."].kind == "FIELD_REMOVED"
    for name in ("firstName", "timezone"):
        change = breaking[f"CreateCustomerInput.{name} changed type from String to String!."]
        assert change.operations == ("CreateCustomer",)
        assert change.kind == "FIELD_CHANGED_KIND"
    assert len(legacy_report.breaking) == 3


def test_legacy_schema_changes_that_touch_nothing_we_use_are_left_out(
    legacy_report: CheckReport,
) -> None:
    assert legacy_report.dangerous_total > len(legacy_report.dangerous)
    assert not any("Order.items" in c.description for c in legacy_report.dangerous)
    assert all(change.operations for change in legacy_report.dangerous)


def test_legacy_report_renders_for_humans(legacy_report: CheckReport) -> None:
    text = legacy_report.render()
    assert "Operations: 5 valid, 1 broken" in text
    assert "BROKEN GetCurrentUser" in text
    assert "queries/GetCurrentUser.graphql:2:3: Cannot query field 'me' on type 'Query'." in text
    assert "CreateCustomer  (touched by 2 breaking changes)" in text
    assert "FIELD_CHANGED_KIND: CreateCustomerInput.timezone changed type from String to String!." in text
    assert "Result: FAILED: GetCurrentUser would break" in text


def test_committed_schema_is_clean(repo_root: Path) -> None:
    report = check_schema(
        repo_root / "schema.graphql",
        committed_path=repo_root / "schema.graphql",
        queries_dir=repo_root / "queries",
    )
    assert report.ok
    assert report.exit_code == 0
    assert all(errors == [] for errors in report.operations.values())
    assert len(report.operations) == 6
    assert report.breaking == [] and report.dangerous == []
    assert report.render().endswith("Result: OK\n")


def test_legacy_schema_as_the_committed_schema_is_accepted(legacy_schema_path: Path, repo_root: Path) -> None:
    report = check_schema(
        repo_root / "schema.graphql", committed_path=legacy_schema_path, queries_dir=repo_root / "queries"
    )
    assert report.ok  # every operation is valid against the project schema
    # Going back from the legacy schema, me was added: not breaking for anyone.
    assert all("me" not in c.description.split(".") for c in report.breaking)


SCHEMA = """
type Query {
  thing(id: ID!, mode: Mode): Thing
  unused: Int
}
type Mutation { save(input: SaveInput!): Thing }
type Thing { id: ID! name: String kind: Kind other: String }
enum Mode { A B }
enum Kind { X Y }
input SaveInput { name: String inner: Inner }
input Inner { value: Int }
"""

OPERATIONS = {
    "get_thing.graphql": "query GetThing($id: ID!) { thing(id: $id) { ...ThingFields } }",
    "save_thing.graphql": "mutation SaveThing($input: SaveInput!) { save(input: $input) { id } }",
    "fragments.graphql": "fragment ThingFields on Thing { id name kind }",
}


def _project(tmp_path: Path, candidate: str) -> tuple[Path, Path, Path]:
    queries = tmp_path / "queries"
    queries.mkdir()
    for name, text in OPERATIONS.items():
        (queries / name).write_text(text, encoding="utf-8")
    committed = tmp_path / "committed.graphql"
    committed.write_text(SCHEMA, encoding="utf-8")
    candidate_path = tmp_path / "candidate.graphql"
    candidate_path.write_text(candidate, encoding="utf-8")
    return candidate_path, committed, queries


def _changes(report: CheckReport) -> dict[str, tuple[str, ...]]:
    return {c.description: c.operations for c in report.breaking + report.dangerous}


def test_only_changes_to_what_operations_use_are_reported(tmp_path: Path) -> None:
    candidate = (
        SCHEMA.replace("unused: Int", "")  # unused field removed: ignored
        .replace("other: String", "")  # field nobody selects removed: ignored
        .replace("thing(id: ID!, mode: Mode)", "thing(id: String!, mode: Mode, extra: Int!)")
        .replace("value: Int", "value: Int!")  # nested input field reached through $input
        .replace("enum Kind { X Y }", "enum Kind { X Y Z }")
    )
    report = _check(tmp_path, candidate)
    assert _changes(report) == {
        "Query.thing arg id has changed type from ID! to String!.": ("GetThing",),
        "A required arg extra on Query.thing was added.": ("GetThing",),
        "Inner.value changed type from Int to Int!.": ("SaveThing",),
        "Z was added to enum type Kind.": ("GetThing",),
    }
    assert report.breaking_total == 5  # Query.unused, Thing.other, id, extra, Inner.value
    # Validation catches the argument type change; the fragment's fields are still fine.
    assert report.broken == ["GetThing"]


def test_fragment_errors_are_charged_to_the_operations_using_them(tmp_path: Path) -> None:
    candidate = SCHEMA.replace("name: String kind: Kind", "kind: Kind")
    report = _check(tmp_path, candidate)
    assert report.operations["GetThing"] == [
        "queries/fragments.graphql:1:36: Cannot query field 'name' on type 'Thing'."
    ]
    assert report.operations["SaveThing"] == []
    assert _changes(report) == {"Thing.name was removed.": ("GetThing",)}


def test_unparseable_operation_file_is_reported_by_file_name(tmp_path: Path) -> None:
    candidate, committed, queries = _project(tmp_path, SCHEMA)
    (queries / "broken.graphql").write_text("query Broken { thing(id: 1) {", encoding="utf-8")
    report = check_schema(candidate, committed_path=committed, queries_dir=queries)
    assert report.broken == ["broken.graphql"]
    assert report.operations["broken.graphql"][0].startswith("queries/broken.graphql:1:30: Syntax Error")


def test_duplicate_operation_names_are_reported(tmp_path: Path) -> None:
    candidate, committed, queries = _project(tmp_path, SCHEMA)
    (queries / "again.graphql").write_text("query GetThing { unused }", encoding="utf-8")
    report = check_schema(candidate, committed_path=committed, queries_dir=queries)
    assert "GetThing" in report.broken
    assert "also defined in" in report.operations["GetThing"][0]


def test_missing_queries_dir_and_bad_schema_raise(tmp_path: Path) -> None:
    candidate, committed, _ = _project(tmp_path, "type Query {\n  a: Int\n  b Int\n}\n")
    with pytest.raises(OperationsError):
        check_schema(committed, committed_path=committed, queries_dir=tmp_path / "nope")
    with pytest.raises(SchemaSyntaxError, match=r"candidate\.graphql:3:5: "):
        check_schema(candidate, committed_path=committed, queries_dir=tmp_path / "queries")


def _check(tmp_path: Path, candidate: str) -> CheckReport:
    candidate_path, committed, queries = _project(tmp_path, candidate)
    return check_schema(candidate_path, committed_path=committed, queries_dir=queries)
