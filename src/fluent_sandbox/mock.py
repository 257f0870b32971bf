"""Mock mode: serve any Fluent schema with deterministic, schema-shaped data (no database).

`build_mock_schema(sdl)` builds the schema (legacy syntax accepted, see `legacy.py`) and
attaches a resolver to every field and a type resolver to every interface and union, so
graphql-core (through ariadne, exactly as in the normal sandbox) executes any valid document.
Nothing is random: every value is a function of a stable key, so the same document always
yields the same bytes.

The key of a field's value is `"<parent type>.<field>@<seed>"`, where the seed is the path of
*field names* (never aliases) and list indexes from the root, e.g.
`Query.orders.edges[1].node.items`. From its SHA-256 `h`:

- `ID`: a numeric string `str(h % 10**9)` (Fluent ids are numbers in strings);
- `String`: `"<Type>.<field>-<h % 1000>"`; a field named `cursor`: a 16-hex-digit cursor;
- `Int`: 1 to 100; `Float`: 0.00 to 999.99; `Boolean`: `h` even, except `PageInfo`'s
  `hasNextPage`/`hasPreviousPage`, always false;
- `DateTime`: UTC in 2024, `2024-03-05T10:20:30.000Z`; `Json`: a small object;
  other custom scalars: by name (`Long`/`BigInteger` numbers, `*Decimal`/`Double` floats,
  `Date` a date, anything else a string);
- enums: the member at `h % count`, in schema order;
- lists: 2 items (`first`/`last` arguments below 2 shrink the list, or a connection's
  `edges`); every value is non-null, so non-null fields are always satisfied;
- interfaces and unions: the implementing type at `h(seed) % count`, by sorted type name.

A connection (`*Connection` with `edges { cursor node }` and `pageInfo`) therefore has two
edges with distinct cursors and `pageInfo.hasNextPage == false`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from graphql import (
    GraphQLAbstractType,
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
)

from .legacy import build_legacy_schema

__all__ = ["LIST_SIZE", "MockValue", "build_mock_schema", "scalar_value"]

LIST_SIZE = 2
_EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)
_YEAR_S = 366 * 86400
_ALWAYS_FALSE = frozenset({("PageInfo", "hasNextPage"), ("PageInfo", "hasPreviousPage")})


@dataclass(frozen=True)
class MockValue:
    """An object in the mock response: its seed (path from the root) and its lists' size."""

    seed: str
    limit: int = LIST_SIZE


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")


def scalar_value(scalar: str, parent: str, field: str, seed: str) -> Any:
    """The value of scalar type `scalar` for `parent.field` at `seed` (see the module doc)."""
    h = _hash(f"{parent}.{field}@{seed}")
    if field == "cursor" and scalar in ("String", "ID"):
        return f"{h:016x}"
    if scalar == "ID":
        return str(h % 10**9)
    if scalar == "String":
        return f"{parent}.{field}-{h % 1000}"
    if scalar == "Boolean":
        return False if (parent, field) in _ALWAYS_FALSE else h % 2 == 0
    if scalar in ("Int", "Long", "BigInteger", "Short"):
        return 1 + h % 100
    if scalar in ("Float", "Double", "Decimal", "BigDecimal"):
        return (h % 100_000) / 100
    if scalar in ("DateTime", "Date"):
        moment = _EPOCH + timedelta(seconds=h % _YEAR_S)
        if scalar == "Date":
            return moment.date().isoformat()
        return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if scalar in ("Json", "JSON"):
        return {"mock": f"{parent}.{field}", "value": h % 1000}
    return f"{parent}.{field}-{h % 1000}"


def _small(args: dict[str, Any]) -> int | None:
    """A `first`/`last` argument below LIST_SIZE, if given: the size of the lists it pages."""
    sizes = [v for k in ("first", "last") if isinstance(v := args.get(k), int) and 0 <= v < LIST_SIZE]
    return min(sizes) if sizes else None


def _value(kind: GraphQLOutputType, parent: str, field: str, seed: str, size: int, own: int | None) -> Any:
    if isinstance(kind, GraphQLNonNull):
        return _value(kind.of_type, parent, field, seed, size, own)
    if isinstance(kind, GraphQLList):
        count = own if own is not None else size
        return [_value(kind.of_type, parent, field, f"{seed}[{i}]", LIST_SIZE, None) for i in range(count)]
    if isinstance(kind, GraphQLEnumType):
        names = list(kind.values)
        if not names:
            return None
        return kind.values[names[_hash(f"{parent}.{field}@{seed}") % len(names)]].value
    if isinstance(kind, GraphQLScalarType):
        return scalar_value(kind.name, parent, field, seed)
    return MockValue(seed, LIST_SIZE if own is None else own)


def resolve_field(source: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
    """The mock resolver of every field (graphql-core's resolver signature)."""
    parent = info.parent_type.name
    if isinstance(source, MockValue):
        seed, size = f"{source.seed}.{info.field_name}", source.limit
    else:  # a root field
        seed, size = f"{parent}.{info.field_name}", LIST_SIZE
    return _value(info.return_type, parent, info.field_name, seed, size, _small(args))


def _type_resolver(schema: GraphQLSchema) -> Any:
    possible: dict[str, list[str]] = {}

    def resolve_type(value: Any, info: GraphQLResolveInfo, abstract: GraphQLAbstractType) -> str | None:
        names = possible.get(abstract.name)
        if names is None:
            names = possible[abstract.name] = sorted(t.name for t in schema.get_possible_types(abstract))
        if not names:
            return None  # an interface nobody implements: graphql-core reports the error
        seed = value.seed if isinstance(value, MockValue) else abstract.name
        return names[_hash(f"{abstract.name}@{seed}") % len(names)]

    return resolve_type


def build_mock_schema(sdl: str, *, source: str = "schema.graphql") -> GraphQLSchema:
    """The schema in `sdl` (modern or legacy), every field answered with mock data."""
    schema = build_legacy_schema(sdl, source=source)
    resolve_type = _type_resolver(schema)
    for name, named in schema.type_map.items():
        if name.startswith("__"):
            continue
        if isinstance(named, (GraphQLObjectType, GraphQLInterfaceType)):
            for field in named.fields.values():
                field.resolve = resolve_field
        if isinstance(named, (GraphQLInterfaceType, GraphQLUnionType)):
            named.resolve_type = resolve_type
    return schema
