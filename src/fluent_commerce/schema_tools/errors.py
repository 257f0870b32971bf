"""Errors raised by the schema tools.

::

    FluentError
    └── SchemaToolError             base of the schema tools' errors
    ├── SchemaSyntaxError           SDL that does not parse, even after normalising
    ├── SchemaValidationError       SDL that parses but does not describe a valid schema
    ├── OperationsError             operation files that cannot be read or parsed
    └── CodegenError                ariadne-codegen failed
        └── CodegenRefusedError     `schema check` failed, so nothing was written
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._errors import FluentError

if TYPE_CHECKING:
    from .check import CheckReport

__all__ = [
    "CodegenError",
    "CodegenRefusedError",
    "OperationsError",
    "SchemaSyntaxError",
    "SchemaToolError",
    "SchemaValidationError",
]


class SchemaToolError(FluentError):
    """Base class for every error raised by :mod:`fluent_commerce.schema_tools`."""


class SchemaSyntaxError(SchemaToolError):
    """The SDL does not parse. The message names ``source:line:column``."""

    def __init__(self, description: str, *, source: str, line: int, column: int) -> None:
        self.description = description
        self.source = source
        self.line = line
        self.column = column
        super().__init__(f"{source}:{line}:{column}: {description}")


class SchemaValidationError(SchemaToolError):
    """The SDL parses but is not a valid schema; ``problems`` holds one line per error."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: invalid schema:\n" + "\n".join(f"  {p}" for p in problems))


class OperationsError(SchemaToolError):
    """The operations directory is missing or holds no operations."""


class CodegenError(SchemaToolError):
    """ariadne-codegen failed; the message carries its output."""


class CodegenRefusedError(CodegenError):
    """Regeneration was refused because the schema check failed."""

    def __init__(self, report: CheckReport) -> None:
        self.report = report
        super().__init__("refusing to regenerate: the schema check failed\n\n" + report.render().rstrip())
