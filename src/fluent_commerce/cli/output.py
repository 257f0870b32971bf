"""How the CLI talks back: JSON on stdout, diagnostics on stderr, and the one exit-code table.

0  ok
1  Fluent answered with an error (GraphQL errors, other HTTP errors), or a schema check failed
2  usage or validation error (bad flags, invalid input, missing settings, unreadable files)
3  authentication failure
4  network failure (no HTTP response)
5  not found (e.g. no customer with that e-mail)
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from enum import IntEnum
from typing import Any

import typer
from pydantic import BaseModel

from .._errors import (
    AuthenticationError,
    FluentError,
    FluentGraphQLError,
    FluentHTTPError,
    FluentTransportError,
    FluentValidationError,
)

__all__ = ["CliError", "ExitCode", "emit", "error_lines", "exit_code_for", "handle_errors", "to_jsonable", "warn"]


class ExitCode(IntEnum):
    OK = 0
    FLUENT_ERROR = 1
    USAGE = 2
    AUTHENTICATION = 3
    NETWORK = 4
    NOT_FOUND = 5


class CliError(Exception):
    """A failure the CLI itself detects (not found, unreadable file, conflicting options)."""

    def __init__(self, message: str, code: ExitCode = ExitCode.USAGE, *, details: tuple[str, ...] = ()) -> None:
        self.code = code
        self.details = details
        super().__init__(message)


ExitTable = tuple[tuple[type[BaseException], ExitCode], ...]

# First match wins, so subclasses come before their bases.
_EXIT_CODES: ExitTable = (
    (FluentValidationError, ExitCode.USAGE),
    (AuthenticationError, ExitCode.AUTHENTICATION),
    (FluentTransportError, ExitCode.NETWORK),
    (FluentGraphQLError, ExitCode.FLUENT_ERROR),
    (FluentHTTPError, ExitCode.FLUENT_ERROR),
)


def _schema_tool_codes() -> ExitTable:
    """The schema tools' errors, which need their own codes before the FluentError catch-all.

    Looked up only if the schema tools were imported (they pull in graphql-core): an error can
    only be one of theirs if they were.
    """
    errors = sys.modules.get("fluent_commerce.schema_tools.errors")
    if errors is None:
        return ()
    return (
        (errors.SchemaSyntaxError, ExitCode.USAGE),
        (errors.SchemaValidationError, ExitCode.USAGE),
        (errors.OperationsError, ExitCode.USAGE),
        (errors.SchemaToolError, ExitCode.FLUENT_ERROR),  # CodegenError, CodegenRefusedError: exit 1
    )


def exit_code_for(exc: BaseException) -> ExitCode:
    if isinstance(exc, CliError):
        return exc.code
    if isinstance(exc, AuthenticationError) and (exc.status_code or 0) >= 500:
        return ExitCode.FLUENT_ERROR  # the token endpoint failed; the credentials may be fine
    table: ExitTable = (*_EXIT_CODES, *_schema_tool_codes(), (FluentError, ExitCode.FLUENT_ERROR))
    return next((code for cls, code in table if isinstance(exc, cls)), ExitCode.FLUENT_ERROR)


def _expected(exc: Exception) -> bool:
    return isinstance(exc, (CliError, FluentError))  # the schema tools' errors are FluentErrors too


def error_lines(exc: BaseException) -> list[str]:
    """What goes to stderr for ``exc``: a headline, then one indented line per detail."""
    if isinstance(exc, CliError):
        return [f"error: {exc}", *(f"  {line}" for line in exc.details)]
    if isinstance(exc, FluentValidationError):
        count = len(exc.issues)
        head = f"error: {count} invalid value{'s' * (count != 1)}, nothing was sent to Fluent"
        return [head, *(f"  {issue.field}={issue.value}: {issue.reason}" for issue in exc.issues)]
    if isinstance(exc, FluentGraphQLError):
        count = len(exc.errors)
        lines = [f"error: Fluent returned {count} GraphQL error{'s' * (count != 1)}"]
        for error in exc.errors:
            where = " (at " + ".".join(str(p) for p in error.path) + ")" if error.path else ""
            lines.append(f"  {error.code or 'no-code'}: {error.message}{where}")
        return lines
    if isinstance(exc, AuthenticationError):
        return [f"error: authentication failed: {exc}"]
    if isinstance(exc, FluentTransportError):
        return [f"error: network failure: {exc}"]
    return [f"error: {exc}"]


def warn(message: str) -> None:
    typer.echo(message, err=True)


@contextlib.contextmanager
def handle_errors() -> Iterator[None]:
    """Turn the errors we expect into stderr lines and an exit code; let bugs through."""
    try:
        yield
    except Exception as exc:
        if not _expected(exc):
            raise
        for line in error_lines(exc):
            warn(line)
        raise typer.Exit(int(exit_code_for(exc))) from None


def to_jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    return value


def emit(value: Any, *, pretty: bool = False) -> None:
    """Print ``value`` as one JSON document on stdout (compact unless ``pretty``)."""
    data = to_jsonable(value)
    if pretty:
        text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    else:
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str)
    typer.echo(text)
