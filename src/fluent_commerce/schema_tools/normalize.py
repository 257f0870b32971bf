"""Turn legacy Fluent SDL into SDL that graphql-core (and so gql and ariadne-codegen) accepts.

Older Fluent servers print their schema with two legacy constructs:

* interfaces joined by commas or spaces (``type Article implements Node, Orchestrateable``),
  which graphql-core 3 refuses: it wants ``Node & Orchestrateable``;
* descriptions written as ``#`` comments directly above a definition, field, argument or enum
  value, which graphql-core silently drops.

:func:`normalize_sdl` rewrites both on the token stream (so comments and strings are never
mistaken for syntax) and keeps every line where it was, so positions stay meaningful. Any
syntax error that remains is reported against the *input* text as ``file:line:column``.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

from graphql import (
    DocumentNode,
    GraphQLSchema,
    GraphQLSyntaxError,
    Source,
    build_ast_schema,
    parse,
    validate_schema,
)
from graphql.language.location import SourceLocation, get_location
from graphql.validation.validate import validate_sdl

from .errors import SchemaSyntaxError, SchemaValidationError
from .rewrite import Edit, apply_edits, description_edits, implements_edits, original_offset, tokenize

__all__ = [
    "build_schema_from_document",
    "build_schema_from_sdl",
    "load_schema",
    "normalize_and_parse",
    "normalize_file",
    "normalize_sdl",
    "parse_sdl",
]

_LEADING_COMMENT = re.compile(r"^[ \t,]*#", re.MULTILINE)


def normalize_sdl(text: str, *, source: str = "<schema>") -> str:
    """Return ``text`` rewritten so graphql-core parses it.

    Modern SDL without ``#`` comments comes back unchanged. Raises :class:`SchemaSyntaxError`
    naming ``source:line:column`` (in ``text``) for any syntax error that remains.
    """
    return _normalize(text, source)[0]


def parse_sdl(text: str, *, source: str = "<schema>") -> DocumentNode:
    """Normalise ``text`` and parse it into a document (see :func:`normalize_sdl`)."""
    return _normalize(text, source)[1]


def normalize_and_parse(text: str, *, source: str = "<schema>") -> tuple[str, DocumentNode]:
    """Both the normalised text and its parsed document, for callers that need the two."""
    return _normalize(text, source)


def load_schema(path: str | os.PathLike[str]) -> GraphQLSchema:
    """Read, normalise, build and validate the schema in ``path`` (legacy syntax accepted)."""
    path = Path(path)
    return build_schema_from_sdl(path.read_text(encoding="utf-8"), source=str(path))


def build_schema_from_sdl(text: str, *, source: str = "<schema>") -> GraphQLSchema:
    """Normalise, build and validate ``text``; errors name ``source:line:column``."""
    return build_schema_from_document(parse_sdl(text, source=source), source=source)


def build_schema_from_document(document: DocumentNode, *, source: str = "<schema>") -> GraphQLSchema:
    """Build and validate a parsed SDL document; errors name ``source:line:column``."""
    sdl_errors = validate_sdl(document)
    if sdl_errors:
        raise SchemaValidationError(source, [_describe(error, source) for error in sdl_errors])
    schema = build_ast_schema(document, assume_valid_sdl=True)
    schema_errors = validate_schema(schema)
    if schema_errors:
        raise SchemaValidationError(source, [_describe(error, source) for error in schema_errors])
    return schema


def normalize_file(in_path: str | os.PathLike[str], out_path: str | os.PathLike[str] | None = None) -> str:
    """Normalise the SDL in ``in_path``; write it to ``out_path`` if given, and return it.

    ``in_path`` is never modified (writing to the same path is refused).
    """
    in_path = Path(in_path)
    normalized = normalize_sdl(in_path.read_text(encoding="utf-8"), source=str(in_path))
    if out_path is not None:
        out_path = Path(out_path)
        if out_path.resolve() == in_path.resolve():
            raise ValueError(f"refusing to overwrite the input file {in_path}")
        out_path.write_text(normalized, encoding="utf-8")
    return normalized


def _normalize(text: str, source: str) -> tuple[str, DocumentNode]:
    if not _LEADING_COMMENT.search(text):
        # Nothing to turn into a description: if it parses as is, it needs no rewriting.
        try:
            return text, parse(Source(text, source))
        except GraphQLSyntaxError:
            pass
    try:
        tokens = tokenize(Source(text, source))
    except GraphQLSyntaxError as error:
        raise _syntax_error(error, text, source, []) from None
    implements = implements_edits(tokens, text)
    descriptions = description_edits(tokens, text)
    candidates = [sorted(implements + descriptions, key=lambda e: e.start)]
    if descriptions:
        candidates.append(implements)
    failures: list[tuple[GraphQLSyntaxError, list[Edit]]] = []
    for edits in candidates:
        rewritten = apply_edits(text, edits)
        try:
            document = parse(Source(rewritten, source))
        except GraphQLSyntaxError as error:
            failures.append((error, edits))
            continue
        if failures:
            warnings.warn(
                f"{source}: '#' comment descriptions could not be converted and were dropped",
                stacklevel=3,
            )
        return rewritten, document
    first_error, first_edits = failures[0]
    raise _syntax_error(first_error, text, source, first_edits) from None


def _syntax_error(error: GraphQLSyntaxError, text: str, source: str, edits: list[Edit]) -> SchemaSyntaxError:
    offset = next(iter(error.positions or ()), 0)
    location = get_location(Source(text, source), original_offset(offset, edits))
    return SchemaSyntaxError(error.message, source=source, line=location.line, column=location.column)


def _describe(error: Exception, source: str) -> str:
    locations: list[SourceLocation] = list(getattr(error, "locations", None) or [])
    where = ", ".join(f"{source}:{loc.line}:{loc.column}" for loc in locations)
    message = str(getattr(error, "message", error))
    return f"{where}: {message}" if where else message
