"""Parsing command-line values: ``name=value`` pairs, JSON-or-string values, ``@file`` and ``-``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .output import CliError

__all__ = ["parse_assignments", "parse_value", "read_source", "read_variables"]


def parse_value(text: str) -> Any:
    """The value as JSON when it parses (``42``, ``true``, ``{"a": 1}``), else the string itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text
    except RecursionError:
        raise CliError(f"value nested too deeply: {text[:40]}…") from None


def parse_assignments(pairs: Iterable[str], option: str) -> dict[str, Any]:
    """``["a=1", "b=x"]`` → ``{"a": 1, "b": "x"}``; a later repeat of a name wins."""
    result: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise CliError(f"{option} expects name=value, got {pair!r}")
        result[name] = parse_value(value)
    return result


def read_source(value: str, option: str) -> str:
    """``-`` reads stdin, ``@path`` reads a file, anything else is the text itself."""
    if value == "-":
        return sys.stdin.read()
    if value.startswith("@"):
        path = Path(value[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CliError(f"{option}: cannot read {path}: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:
            raise CliError(f"{option}: {path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return value


def read_variables(value: str | None) -> dict[str, Any]:
    """``--variables '{...}'`` or ``--variables @file.json``: must be a JSON object."""
    if value is None:
        return {}
    text = read_source(value, "--variables") if value.startswith("@") else value
    try:
        parsed = json.loads(text)
    except ValueError as exc:
        raise CliError(f"--variables is not valid JSON: {exc}") from None
    except RecursionError:
        raise CliError("--variables is nested too deeply") from None
    if not isinstance(parsed, dict):
        raise CliError(f"--variables must be a JSON object, got {type(parsed).__name__}")
    return parsed
