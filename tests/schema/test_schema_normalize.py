"""normalize_sdl / load_schema: legacy Fluent SDL in, SDL graphql-core builds out."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from graphql import GraphQLEnumType, GraphQLObjectType, build_schema, specified_scalar_types

from fluent_commerce.schema_tools import (
    SchemaSyntaxError,
    SchemaValidationError,
    build_schema_from_sdl,
    load_schema,
    normalize_file,
    normalize_sdl,
)
from fluent_commerce.schema_tools.errors import SchemaToolError


def _named_types(schema_names: list[str]) -> list[str]:
    return [n for n in schema_names if not n.startswith("__") and n not in specified_scalar_types]


def test_legacy_fixture_is_refused_by_graphql_core_as_is(legacy_text: str) -> None:
    with pytest.raises(Exception, match="Unexpected Name 'Orchestrateable'"):
        build_schema(legacy_text)


def test_legacy_fixture_builds_after_normalising(legacy_schema_path: Path) -> None:
    schema = load_schema(legacy_schema_path)
    assert len(_named_types(list(schema.type_map))) == 412
    article = schema.type_map["Article"]
    assert isinstance(article, GraphQLObjectType)
    assert [i.name for i in article.interfaces] == ["Node", "Orchestrateable"]
    carrier = schema.type_map["Carrier"]
    assert isinstance(carrier, GraphQLObjectType)
    assert [i.name for i in carrier.interfaces] == [
        "Node",
        "Referenceable",
        "Orchestrateable",
        "Extendable",
    ]
    assert schema.query_type is not None
    assert "me" not in schema.query_type.fields


def test_legacy_comment_descriptions_become_descriptions(legacy_schema_path: Path) -> None:
    schema = load_schema(legacy_schema_path)
    article = schema.type_map["Article"]
    assert isinstance(article, GraphQLObjectType)
    assert article.description == (
        "An Article can be created when a fulfilment is fulfilled, or when a dispatch\n"
        "occurs. The Article represents the physical parcel that contains the customer\n"
        "order items. The Article is the entity received by the customer."
    )
    assert article.fields["id"].description == "ID of the object"
    assert article.fields["items"].args["quantity"].description == "Quantity of article item"
    assert article.fields["items"].args["createdOn"].description is None


def test_normalising_keeps_every_line_in_place(legacy_text: str) -> None:
    normalized = normalize_sdl(legacy_text)
    before, after = legacy_text.splitlines(), normalized.splitlines()
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        if not old.lstrip().startswith("#"):
            assert new.split() == old.replace(",", " &").split() or new == old


def test_modern_sdl_comes_back_unchanged(repo_root: Path) -> None:
    text = (repo_root / "schema.graphql").read_text(encoding="utf-8")
    assert normalize_sdl(text) == text


def test_normalize_file_leaves_input_untouched(legacy_schema_path: Path, tmp_path: Path) -> None:
    before = legacy_schema_path.read_bytes()
    mtime = legacy_schema_path.stat().st_mtime_ns
    out = tmp_path / "normalized.graphql"
    returned = normalize_file(legacy_schema_path, out)
    assert legacy_schema_path.read_bytes() == before
    assert legacy_schema_path.stat().st_mtime_ns == mtime
    assert out.read_text(encoding="utf-8") == returned
    build_schema(returned)  # plain graphql-core accepts the output


def test_normalize_file_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    path = tmp_path / "schema.graphql"
    path.write_text("type Query { a: Int }\n", encoding="utf-8")
    with pytest.raises(ValueError, match="refusing to overwrite"):
        normalize_file(path, tmp_path / "." / "schema.graphql")
    assert path.read_text(encoding="utf-8") == "type Query { a: Int }\n"


LEGACY_SNIPPET = """\
# Something with an id
interface Node {
  id: ID!
}

interface Named { name: String }

type Query implements Node,Named {
  id: ID!
  name: String

  #  Look things up
  #    (indented detail)
  find(
    #  The key
    key: String = "x"
    # The mode
    mode: Mode
  ): Thing # trailing comment, not a description
  other: Int
}

type Thing implements Node Named
  & Extra {
  id: ID!
  name: String
  extra: Int
}

interface Extra { extra: Int }

# Not attached: a blank line follows.

enum Mode {
  # Fast mode
  FAST
  SLOW @deprecated(reason: "use FAST")
}

"Already described"
# a plain comment between description and definition
input Filter {
  # Field comment
  value: String
}

# The directive
directive @tag(
  # Its name
  name: String
) on FIELD_DEFINITION

extend type Thing {
  # Added later
  more: Int
}
"""


def test_legacy_constructs_in_a_small_schema() -> None:
    schema = build_schema_from_sdl(LEGACY_SNIPPET, source="snippet.graphql")
    query = schema.type_map["Query"]
    thing = schema.type_map["Thing"]
    mode = schema.type_map["Mode"]
    assert isinstance(query, GraphQLObjectType)
    assert isinstance(thing, GraphQLObjectType)
    assert isinstance(mode, GraphQLEnumType)
    assert [i.name for i in query.interfaces] == ["Node", "Named"]
    assert [i.name for i in thing.interfaces] == ["Node", "Named", "Extra"]
    assert schema.type_map["Node"].description == "Something with an id"
    assert query.fields["find"].description == "Look things up\n  (indented detail)"
    assert query.fields["find"].args["key"].description == "The key"
    assert query.fields["find"].args["mode"].description == "The mode"
    assert query.fields["other"].description is None
    assert mode.values["FAST"].description == "Fast mode"
    assert mode.values["SLOW"].description is None
    assert mode.description is None
    assert schema.type_map["Filter"].description == "Already described"
    filter_type = schema.type_map["Filter"]
    assert getattr(filter_type, "fields")["value"].description == "Field comment"  # noqa: B009
    directive = schema.get_directive("tag")
    assert directive is not None
    assert directive.description == "The directive"
    assert directive.args["name"].description == "Its name"
    assert thing.fields["more"].description == "Added later"


def test_description_with_quotes_survives() -> None:
    text = '# Say """hi""" and "bye"\ntype Query {\n  # ends with "quote"\n  a: Int\n}\n'
    schema = build_schema_from_sdl(text)
    assert schema.query_type is not None
    assert schema.query_type.description == 'Say """hi""" and "bye"'
    assert (schema.query_type.fields["a"].description or "").rstrip() == 'ends with "quote"'


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.graphql"
    path.write_text(
        "# A thing\ntype Thing implements Node, Named {\n  # The id\n  id ID!\n}\n",
        encoding="utf-8",
    )
    with pytest.raises(SchemaSyntaxError) as caught:
        load_schema(path)
    error = caught.value
    assert (error.source, error.line, error.column) == (str(path), 4, 6)
    assert str(error).startswith(f"{path}:4:6: Syntax Error: Expected ':'")
    assert isinstance(error, SchemaToolError)


def test_syntax_error_column_is_in_the_input_even_after_an_edit_on_that_line() -> None:
    # The newline-joined interface list gets "& " inserted before Named, shifting the line.
    text = "interface Node { id: ID }\ninterface Named { n: Int }\ntype T implements Node\nNamed { id ID }\n"
    with pytest.raises(SchemaSyntaxError, match=r"^x\.graphql:4:12: Syntax Error"):
        normalize_sdl(text, source="x.graphql")


def test_lexical_error_is_reported_too() -> None:
    with pytest.raises(SchemaSyntaxError, match=r"^s:2:21: Syntax Error: Unterminated string"):
        normalize_sdl('type Query {\n  a: Int @x(r: "oops\n}\n', source="s")


def test_invalid_schema_names_file_line_and_column() -> None:
    with pytest.raises(SchemaValidationError) as caught:
        build_schema_from_sdl("type Query {\n  a: Missing\n}\n", source="s.graphql")
    assert caught.value.problems == ["s.graphql:2:6: Unknown type 'Missing'."]


def test_load_schema_accepts_pathlike(repo_root: Path) -> None:
    schema = load_schema(os.fspath(repo_root / "schema.graphql"))
    assert schema.query_type is not None
    assert "me" in schema.query_type.fields
