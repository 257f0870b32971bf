"""Schema lifecycle: normalise legacy SDL, print it deterministically, check our operations
against a schema, and regenerate the typed clients.

The CLI's ``schema`` and ``codegen`` commands are thin wrappers over these functions.
"""

from __future__ import annotations

from .check import CheckReport, SchemaChange, check_loaded, check_schema
from .codegen import CONFIG_FILES, drift, regenerate
from .errors import (
    CodegenError,
    CodegenRefusedError,
    OperationsError,
    SchemaSyntaxError,
    SchemaToolError,
    SchemaValidationError,
)
from .normalize import (
    build_schema_from_document,
    build_schema_from_sdl,
    load_schema,
    normalize_and_parse,
    normalize_file,
    normalize_sdl,
    parse_sdl,
)
from .printing import print_sorted_sdl
from .pull import pull_schema

__all__ = [
    "CONFIG_FILES",
    "CheckReport",
    "CodegenError",
    "CodegenRefusedError",
    "OperationsError",
    "SchemaChange",
    "SchemaSyntaxError",
    "SchemaToolError",
    "SchemaValidationError",
    "build_schema_from_document",
    "build_schema_from_sdl",
    "check_loaded",
    "check_schema",
    "drift",
    "load_schema",
    "normalize_and_parse",
    "normalize_file",
    "normalize_sdl",
    "parse_sdl",
    "print_sorted_sdl",
    "pull_schema",
    "regenerate",
]
