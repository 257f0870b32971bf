"""Rejected values as they may appear in errors: secrets hidden, URLs stripped, long values cut."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ._errors import ValidationIssue

__all__ = ["issues_from_pydantic", "show_value"]

_SECRET_FIELDS = {"password", "client_secret", "access_token", "refresh_token"}
_SHOWN = 40


def show_value(value: Any, field: str = "") -> str:
    """A value as it may appear in an error: secrets hidden, URLs without credentials or query,
    long values cut."""
    name = field.lower().split(".")[-1].removeprefix("fluent_")
    if name in _SECRET_FIELDS:
        return "'**********'"
    if name == "host" and isinstance(value, str):
        value = _bare_url(value)
    try:
        text = repr(value)
    except RecursionError:
        return "<nested too deeply to show>"
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _bare_url(value: str) -> str:
    """``scheme://host[:port]/path`` only: userinfo, query and fragment may hold secrets."""
    scheme, sep, rest = value.partition("://")
    authority, slash, path = rest.partition("/")
    authority = authority.rpartition("@")[2]
    path = path.split("?", 1)[0].split("#", 1)[0]
    return f"{scheme}{sep}{authority}{slash}{path}" if sep else value.split("?", 1)[0].split("#", 1)[0]


def issues_from_pydantic(exc: ValidationError, *, env_prefix: str = "") -> list[ValidationIssue]:
    issues = []
    for err in exc.errors(include_url=False):
        field = ".".join(str(p) for p in err["loc"]) or "input"
        if env_prefix:
            field = env_prefix + field.upper()
        value = "<missing>" if err["type"] == "missing" else show_value(err.get("input"), field)
        reason = err["msg"].removeprefix("Value error, ")
        issues.append(ValidationIssue(field, value, reason))
    return issues
