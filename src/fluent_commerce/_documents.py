"""Local checks for the generic ``graphql()`` call: parse, validate, coerce variables, size.

graphql-core is imported lazily (on the first generic call), and each distinct query text is
parsed and validated once per schema, then served from a cache.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import FluentValidationError, ValidationIssue
from ._issues import show_value
from ._shared import SECRET_KEY

if TYPE_CHECKING:
    from graphql import DocumentNode, GraphQLSchema, OperationDefinitionNode

__all__ = ["MAX_REQUEST_BYTES", "DocumentChecker", "bundled_schema_path"]

# Fluent rejects requests of 2 MB or more with HTTP 413 (fluent-api.md §3.4); we stop earlier.
MAX_REQUEST_BYTES = 2_000_000
_CACHE_SIZE = 256


def bundled_schema_path() -> Path:
    """schema.graphql inside the installed package (wheel) or at the checkout's root."""
    here = Path(__file__).resolve().parent
    packaged = here / "schema.graphql"
    return packaged if packaged.exists() else here.parents[1] / "schema.graphql"


@dataclass(frozen=True)
class CheckedDocument:
    operation: OperationDefinitionNode
    operation_name: str | None
    is_mutation: bool


class DocumentChecker:
    """Validates documents against one schema file; thread-safe; one per client."""

    def __init__(self, schema_path: str | Path | None = None) -> None:
        self._path = Path(schema_path) if schema_path is not None else bundled_schema_path()
        if not self._path.is_file():
            raise FluentValidationError([ValidationIssue("schema", show_value(str(self._path)), "no such file")])
        self._cache: OrderedDict[tuple[str, str | None], CheckedDocument] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def schema_path(self) -> Path:
        return self._path

    def schema(self) -> GraphQLSchema:
        return _load_schema(self._path.resolve())

    def check(self, query: str, operation_name: str | None) -> CheckedDocument:
        if not isinstance(query, str) or not query.strip():
            raise FluentValidationError(
                [ValidationIssue("query", show_value(query), "must be a non-empty GraphQL document")]
            )
        if operation_name is not None and not isinstance(operation_name, str):
            raise FluentValidationError(
                [ValidationIssue("operation_name", show_value(operation_name), "must be a string")]
            )
        key = (query, operation_name)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        checked = self._check(query, operation_name)
        with self._lock:
            self._cache[key] = checked
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return checked

    def _check(self, query: str, operation_name: str | None) -> CheckedDocument:
        from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse, validate

        try:
            document: DocumentNode = parse(query)
        except GraphQLError as exc:
            raise FluentValidationError([_issue(exc, "syntax error")]) from None
        errors = validate(self.schema(), document)
        if errors:
            raise FluentValidationError([_issue(e, "invalid against the schema") for e in errors])
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if operation_name is None and len(operations) > 1:
            raise FluentValidationError(
                [ValidationIssue("operation_name", "None", "required: the document has several operations")]
            )
        chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
        if not chosen:
            raise FluentValidationError(
                [
                    ValidationIssue(
                        "operation_name", show_value(operation_name), "no operation with that name in the document"
                    )
                ]
            )
        op = chosen[0]
        name = op.name.value if op.name else None
        return CheckedDocument(op, name, op.operation is OperationType.MUTATION)

    def coerce_variables(self, checked: CheckedDocument, variables: dict[str, Any]) -> None:
        """Check variables against the operation's declarations (types, required ones)."""
        from graphql.execution.values import get_variable_values

        try:
            result = get_variable_values(self.schema(), checked.operation.variable_definitions or [], variables)
        except RecursionError:
            raise FluentValidationError([ValidationIssue("variables", "…", "nested too deeply to send")]) from None
        if isinstance(result, list):
            raise FluentValidationError([_variable_issue(e.message) for e in result])


_VARIABLE = re.compile(r"Variable '\$(\w+)'")


def _variable_issue(message: str) -> ValidationIssue:
    """graphql-core quotes the offending value; not when the variable's name looks secret."""
    named = _VARIABLE.match(message)
    if named and SECRET_KEY.search(named.group(1)):
        return ValidationIssue(f"variables.{named.group(1)}", "'**********'", "invalid value for its declared type")
    return ValidationIssue("variables", "…", message)


_SCHEMA_LOCK = threading.Lock()


@functools.cache
def _built_schema(path: Path) -> GraphQLSchema:
    from .schema_tools.normalize import load_schema

    return load_schema(path)


def _load_schema(path: Path) -> GraphQLSchema:
    """One build per schema file per process (about 20 ms), shared by every client."""
    with _SCHEMA_LOCK:
        return _built_schema(path)


def _issue(error: Any, what: str) -> ValidationIssue:
    where = ", ".join(f"line {loc.line}:{loc.column}" for loc in (error.locations or []))
    return ValidationIssue("query", where or "?", f"{what}: {error.message}")


def encode_body(query: str, variables: dict[str, Any], operation_name: str | None) -> bytes:
    """The JSON body, refusing non-JSON variables and bodies at or over Fluent's 2 MB limit."""
    try:
        body = json.dumps(
            {"query": query, "variables": variables, "operationName": operation_name},
            allow_nan=False,
            separators=(",", ":"),
        ).encode()
    except (TypeError, ValueError) as exc:
        raise FluentValidationError([ValidationIssue("variables", "…", f"not JSON-serialisable ({exc})")]) from None
    except RecursionError:
        raise FluentValidationError([ValidationIssue("variables", "…", "nested too deeply to send")]) from None
    check_size(len(body), "query" if len(query) * 2 > len(body) else "variables")
    return body


def check_size(size: int, field: str) -> None:
    """Fluent answers 413 to requests of 2 MB or more (fluent-api.md §3.4): refuse them here."""
    if size >= MAX_REQUEST_BYTES:
        reason = f"the request would be {size} bytes; Fluent rejects 2 MB or more"
        raise FluentValidationError([ValidationIssue(field, f"<{size} bytes>", reason)])
