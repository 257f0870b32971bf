"""print_sorted_sdl: one deterministic text per schema."""

from __future__ import annotations

import random
from pathlib import Path

from graphql import (
    DocumentNode,
    build_ast_schema,
    build_client_schema,
    build_schema,
    get_introspection_query,
    graphql_sync,
    parse,
)

from fluent_commerce.schema_tools import build_schema_from_sdl, load_schema, print_sorted_sdl


def _type_names_in_order(sdl: str) -> list[str]:
    document = parse(sdl)
    return [d.name.value for d in document.definitions if hasattr(d, "name") and d.name]


def test_round_trip_is_stable_on_the_legacy_schema(legacy_schema_path: Path) -> None:
    first = print_sorted_sdl(load_schema(legacy_schema_path))
    second = print_sorted_sdl(build_schema(first))
    assert first == second
    assert first.endswith("}\n")
    assert "implements Node & Orchestrateable" in first
    assert '"""ID of the object"""' in first  # descriptions survive


def test_round_trip_is_stable_on_the_project_schema(repo_root: Path) -> None:
    first = print_sorted_sdl(load_schema(repo_root / "schema.graphql"))
    assert print_sorted_sdl(build_schema(first)) == first
    assert print_sorted_sdl(load_schema(repo_root / "schema.graphql")) == first


def test_types_and_fields_are_sorted(repo_root: Path) -> None:
    sdl = print_sorted_sdl(load_schema(repo_root / "schema.graphql"))
    names = _type_names_in_order(sdl)
    assert names == sorted(names)
    document = parse(sdl)
    for definition in document.definitions:
        fields = getattr(definition, "fields", None)
        if fields:
            field_names = [f.name.value for f in fields]
            assert field_names == sorted(field_names), definition


def test_source_order_does_not_matter(repo_root: Path) -> None:
    text = (repo_root / "schema.graphql").read_text(encoding="utf-8")
    document = parse(text)
    shuffled = list(document.definitions)
    random.Random(5).shuffle(shuffled)
    for index, definition in enumerate(shuffled):
        fields = getattr(definition, "fields", None)
        if fields:
            reordered = list(fields)
            random.Random(index).shuffle(reordered)
            shuffled[index] = definition.__class__(
                **{**{k: getattr(definition, k) for k in definition.keys}, "fields": tuple(reordered)}
            )
    reshuffled = build_ast_schema(DocumentNode(definitions=tuple(shuffled)))
    assert print_sorted_sdl(reshuffled) == print_sorted_sdl(build_schema(text))


def test_descriptions_are_compared(repo_root: Path) -> None:
    text = "type Query {\n  a: Int\n}\n"
    described = '"The root"\ntype Query {\n  "An a"\n  a: Int\n}\n'
    assert print_sorted_sdl(build_schema_from_sdl(text)) != print_sorted_sdl(build_schema_from_sdl(described))
    assert '"""An a"""' in print_sorted_sdl(build_schema_from_sdl(described))


def test_schema_description_can_be_left_out_for_introspected_schemas(repo_root: Path) -> None:
    committed = load_schema(repo_root / "schema.graphql")
    assert committed.description  # the committed file describes the schema itself
    result = graphql_sync(committed, get_introspection_query(descriptions=True))
    assert result.errors is None and result.data is not None
    introspected = build_client_schema(result.data)  # type: ignore[arg-type]
    assert print_sorted_sdl(introspected) != print_sorted_sdl(committed)
    assert print_sorted_sdl(introspected) == print_sorted_sdl(committed, schema_description=False)
    assert committed.description  # the caller's schema is not modified
