"""Does a GraphQL response fit its operation? A schema-driven checker shared by the tests.

Walks the operation's selections with graphql-core types and asserts every selected field is
present (and nothing else is) with a value of the field's GraphQL type: non-null respected, lists
are lists, enums valid, ``__typename`` a concrete type allowed at that position. Depends only on
graphql-core, so sandbox tests stay independent of the client library.
"""

from __future__ import annotations

import re
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    is_abstract_type,
    parse,
)

__all__ = ["validate_response"]

DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
Frags = dict[str, FragmentDefinitionNode]


def validate_response(schema: GraphQLSchema, query: str, data: Any, operation_name: str | None = None) -> int:
    """Assert `data` is exactly what `query` selects, typed by `schema`; returns fields checked."""
    document = parse(query)
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    op = next(o for o in ops if operation_name is None or (o.name and o.name.value == operation_name))
    frags = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    root = schema.get_root_type(op.operation)
    assert root is not None
    return _object(schema, frags, [op.selection_set], root, data, "data")


def _applies(schema: GraphQLSchema, condition: str | None, runtime: GraphQLObjectType) -> bool:
    if condition is None or condition == runtime.name:
        return True
    cond = schema.get_type(condition)
    return is_abstract_type(cond) and schema.is_sub_type(cond, runtime)  # type: ignore[arg-type]


def _fields(
    schema: GraphQLSchema, frags: Frags, sets: list[SelectionSetNode], runtime: GraphQLObjectType
) -> dict[str, list[FieldNode]]:
    """Response key -> field nodes, with the fragments that apply to `runtime` merged in."""
    out: dict[str, list[FieldNode]] = {}
    for selection_set in sets:
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                out.setdefault(sel.alias.value if sel.alias else sel.name.value, []).append(sel)
                continue
            frag = frags[sel.name.value] if isinstance(sel, FragmentSpreadNode) else sel
            assert isinstance(frag, (FragmentDefinitionNode, InlineFragmentNode))
            if _applies(schema, frag.type_condition.name.value if frag.type_condition else None, runtime):
                for key, nodes in _fields(schema, frags, [frag.selection_set], runtime).items():
                    out.setdefault(key, []).extend(nodes)
    return out


def _object(
    schema: GraphQLSchema, frags: Frags, sets: list[SelectionSetNode], runtime: GraphQLObjectType, value: Any, path: str
) -> int:
    assert isinstance(value, dict), f"{path}: expected an object, got {value!r}"
    fields = _fields(schema, frags, sets, runtime)
    assert set(value) == set(fields), f"{path}: keys {sorted(value)} != selected {sorted(fields)}"
    checked = 0
    for key, nodes in fields.items():
        name = nodes[0].name.value
        if name == "__typename":
            assert value[key] == runtime.name, f"{path}.{key}"
            checked += 1
            continue
        assert name in runtime.fields, f"{path}: {runtime.name} has no field {name}"
        subsets = [n.selection_set for n in nodes if n.selection_set]
        checked += 1 + _value(schema, frags, subsets, runtime.fields[name].type, value[key], f"{path}.{key}")
    return checked


def _value(
    schema: GraphQLSchema, frags: Frags, sets: list[SelectionSetNode], kind: GraphQLOutputType, value: Any, path: str
) -> int:
    if isinstance(kind, GraphQLNonNull):
        assert value is not None, f"{path}: null for non-null {kind}"
        kind = kind.of_type
    if value is None:
        return 0
    if isinstance(kind, GraphQLList):
        assert isinstance(value, list), f"{path}: expected a list, got {value!r}"
        return sum(_value(schema, frags, sets, kind.of_type, v, f"{path}[{i}]") for i, v in enumerate(value))
    if isinstance(kind, GraphQLEnumType):
        assert value in kind.values, f"{path}: {value!r} is not a {kind.name}"
    elif isinstance(kind, GraphQLScalarType):
        _scalar(kind.name, value, path)
    elif isinstance(kind, GraphQLObjectType):
        return _object(schema, frags, sets, kind, value, path)
    else:  # interface or union: __typename (selected by every abstract field below) decides
        runtime = schema.get_type(value.get("__typename", ""))
        assert isinstance(runtime, GraphQLObjectType), f"{path}: no concrete __typename"
        assert schema.is_sub_type(kind, runtime), f"{path}: {runtime.name} is not a {kind.name}"
        return _object(schema, frags, sets, runtime, value, path)
    return 0


def _scalar(name: str, value: Any, path: str) -> None:
    if name == "Boolean":
        assert isinstance(value, bool), path
    elif name in ("ID", "String"):
        assert isinstance(value, str), path
    elif name == "Int":
        assert isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31, path
    elif name == "Float":
        assert isinstance(value, (int, float)) and not isinstance(value, bool), path
    elif name == "DateTime":
        assert isinstance(value, str) and DATETIME.match(value), f"{path}: {value!r}"
    elif name == "Json":
        assert value is not None, path
