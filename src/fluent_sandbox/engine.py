"""GraphQL execution: the executable schema is built once; documents are parsed and validated
once per distinct query string (a bounded cache), then executed by ariadne.

Error objects: graphql-core's standard `{"message", "locations", "path"}`. A `FluentError`
adds `"code"` at the top level and `"extensions": {"code": ...}` (see `errors.py`). Syntax and
validation errors add `"extensions": {"classification": "ValidationError"}` (graphql-java's
style, which Fluent's server is built on [inferred]); they are answered with HTTP 200 and an
`errors` list, and nothing is executed (GraphQL-over-HTTP's rule for `application/json`).

With `mock=True` the schema file may be any Fluent schema (legacy syntax accepted) and every
field is answered with deterministic mock data (`mock.py`); parsing, validation, error
formatting and execution are otherwise the same.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ariadne import graphql_sync, make_executable_schema
from graphql import DocumentNode, GraphQLError, OperationDefinitionNode, parse, validate

from .errors import FluentError
from .mock import build_mock_schema
from .resolvers import BINDABLES, Context

CACHE_SIZE = 512


class _UnexpectedOnly(logging.Filter):
    """Drop the client's own errors (Fluent codes, bad variables); keep real server faults."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, GraphQLError):
            return exc.original_error is not None and not isinstance(exc.original_error, FluentError)
        return True


log = logging.getLogger("fluent_sandbox.graphql")
log.addFilter(_UnexpectedOnly())


@dataclass(frozen=True)
class Prepared:
    document: DocumentNode | None
    errors: list[dict[str, Any]]
    default_operation: str | None  # the name of the only operation, if there is exactly one


def format_error(error: GraphQLError, debug: bool = False) -> dict[str, Any]:
    formatted: dict[str, Any] = dict(error.formatted)
    original = error.original_error
    if isinstance(original, FluentError):
        formatted["message"] = original.message
        formatted["code"] = original.code
        formatted["extensions"] = {"code": original.code}
    return formatted


def _no_revalidation(*_: Any, **__: Any) -> list[GraphQLError]:
    return []


class Engine:
    def __init__(self, schema_path: Path, *, mock: bool = False) -> None:
        sdl = schema_path.read_text(encoding="utf-8")
        if mock:  # any schema, legacy syntax accepted; every field answered by `mock.py`
            self.schema = build_mock_schema(sdl, source=str(schema_path))
        else:
            self.schema = make_executable_schema(sdl, *BINDABLES)
        self._cache: OrderedDict[str, Prepared] = OrderedDict()

    def prepare(self, query: str) -> Prepared:
        hit = self._cache.get(query)
        if hit is not None:
            self._cache.move_to_end(query)
            return hit
        try:
            document: DocumentNode | None = parse(query)
        except GraphQLError as exc:
            prepared = Prepared(None, [_classified(exc)], None)
        else:
            assert document is not None
            errors = [_classified(e) for e in validate(self.schema, document)]
            ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            name = ops[0].name.value if len(ops) == 1 and ops[0].name else None
            prepared = Prepared(None if errors else document, errors, name)
        self._cache[query] = prepared
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return prepared

    def execute(self, payload: dict[str, Any], context: Context) -> dict[str, Any]:
        """Run one request body `{"query", "variables", "operationName"}`; returns the JSON."""
        query = payload.get("query")
        if not isinstance(query, str) or not query:
            return {"errors": [{"message": "The query must be a string."}]}
        prepared = self.prepare(query)
        if prepared.document is None:
            return {"errors": prepared.errors}
        _, result = graphql_sync(
            self.schema,
            payload,
            context_value=context,
            query_document=prepared.document,
            query_validator=_no_revalidation,
            error_formatter=format_error,
            logger=log,
        )
        return result


def _classified(error: GraphQLError) -> dict[str, Any]:
    formatted: dict[str, Any] = dict(error.formatted)
    formatted["extensions"] = {**(formatted.get("extensions") or {}), "classification": "ValidationError"}
    return formatted
