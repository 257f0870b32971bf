"""Deterministic SDL: the form schemas are compared and written in."""

from __future__ import annotations

from graphql import GraphQLSchema, lexicographic_sort_schema, print_schema

__all__ = ["print_sorted_sdl"]


def print_sorted_sdl(schema: GraphQLSchema, *, schema_description: bool = True) -> str:
    """Print ``schema`` as modern SDL with types, fields, arguments and enum values sorted.

    Descriptions are kept (as ``\"\"\"`` blocks); built-in scalars and directives are left out.
    Two schemas with the same types, fields and descriptions print to the same text, whatever
    order their source listed them in, so the output can be compared byte for byte and is the
    form ``schema pull`` writes. The text ends with a newline.

    ``schema_description=False`` drops the description of the schema itself (and so the
    ``schema { ... }`` block when the root types have their usual names): graphql-core's
    default introspection query does not ask for it, so compare a pulled schema that way.
    """
    ordered = lexicographic_sort_schema(schema)
    if not schema_description:
        ordered.description = None
    return print_schema(ordered) + "\n"
