"""Everything this library raises on purpose, as one tree.

    FluentError
    ├── FluentValidationError      bad input or settings; raised before any request is sent
    ├── AuthenticationError        /oauth/token refused us, or /graphql still says 401 after one re-auth
    ├── FluentGraphQLError         HTTP 200 with an "errors" list; every error and any partial data kept
    │   └── PermissionDeniedError  one of those errors is C0020E (the user lacks a permission)
    ├── FluentHTTPError            any other non-2xx answer, or a 2xx that is not GraphQL JSON
    │   └── RateLimitedError       429 whose Retry-After is longer than we are willing to wait
    └── FluentTransportError       no HTTP response at all; says whether the request may have arrived

No message, ``str`` or ``repr`` of these ever contains a password, client secret or token: they are
built only from status codes, Fluent's own error texts and field names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "AuthenticationError",
    "FluentError",
    "FluentGraphQLError",
    "FluentHTTPError",
    "FluentTransportError",
    "FluentValidationError",
    "GraphQLErrorDetail",
    "PermissionDeniedError",
    "RateLimitedError",
    "ValidationIssue",
]

_FLUENT_CODE = re.compile(r"\b[CST]\d{4}[EW]\b")
_BODY_EXCERPT = 500


class FluentError(Exception):
    """Base of every error this library raises on purpose."""


@dataclass(frozen=True)
class ValidationIssue:
    """One rejected input: which field, the value (shown safely) and why."""

    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}={self.value}: {self.reason}"


class FluentValidationError(FluentError, ValueError):
    """Input or settings were rejected locally; nothing was sent to Fluent."""

    def __init__(self, issues: Sequence[ValidationIssue], *, what: str = "input") -> None:
        self.issues = list(issues)
        count = len(self.issues)
        head = f"{count} invalid {what} value{'s' if count != 1 else ''}"
        super().__init__(head + ": " + "; ".join(str(i) for i in self.issues))


class AuthenticationError(FluentError):
    """Fluent refused the credentials or the token.

    ``error`` and ``error_description`` are the OAuth fields from Fluent's answer when it sent them.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        error: str | None = None,
        error_description: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.error = error
        self.error_description = error_description
        parts = [message]
        if status_code is not None:
            parts.append(f"HTTP {status_code}")
        if error:
            parts.append(error + (f": {error_description}" if error_description else ""))
        super().__init__(" | ".join(parts))


@dataclass(frozen=True)
class GraphQLErrorDetail:
    """One entry of a GraphQL ``errors`` list, with Fluent's code pulled out when present."""

    message: str
    code: str | None
    path: tuple[str | int, ...] | None
    raw: Mapping[str, Any]

    @classmethod
    def from_dict(cls, error: Mapping[str, Any]) -> GraphQLErrorDetail:
        message = str(error.get("message", ""))
        path = error.get("path")
        return cls(
            message=message,
            code=fluent_code(error),
            path=tuple(path) if isinstance(path, list) else None,
            raw=error,
        )

    def __str__(self) -> str:
        where = ".".join(str(p) for p in self.path) if self.path else None
        prefix = f"[{self.code}] " if self.code else ""
        return prefix + self.message + (f" (at {where})" if where else "")


def fluent_code(error: Mapping[str, Any]) -> str | None:
    """Fluent's error code: top-level ``code``, then ``extensions.code``, then the message.

    Where Fluent puts C/S codes is not confirmed (fluent-api.md §3.3), so all three are read.
    """
    code = error.get("code")
    if isinstance(code, str) and code:
        return code
    extensions = error.get("extensions")
    if isinstance(extensions, Mapping):
        ext_code = extensions.get("code")
        if isinstance(ext_code, str) and ext_code:
            return ext_code
    found = _FLUENT_CODE.search(str(error.get("message", "")))
    return found.group(0) if found else None


class FluentGraphQLError(FluentError):
    """Fluent answered with GraphQL ``errors``; ``errors`` holds all of them, ``data`` any partial data."""

    def __init__(self, errors: Sequence[GraphQLErrorDetail], data: Mapping[str, Any] | None = None) -> None:
        self.errors = list(errors)
        self.data = dict(data) if data is not None else None
        super().__init__("; ".join(str(e) for e in self.errors) or "GraphQL error")

    @property
    def codes(self) -> list[str]:
        return [e.code for e in self.errors if e.code]


class PermissionDeniedError(FluentGraphQLError):
    """C0020E: the user lacks a permission; Fluent's message lists the missing ones."""


class FluentHTTPError(FluentError):
    """A non-2xx answer (other than the ones with their own class), or a 2xx that is not GraphQL."""

    def __init__(self, message: str, *, status_code: int, body: str = "") -> None:
        self.status_code = status_code
        self.body_excerpt = body[:_BODY_EXCERPT]
        super().__init__(f"{message} (HTTP {status_code})")


class RateLimitedError(FluentHTTPError):
    """Fluent said 429 and asked us to wait longer than the configured cap (``retry_after`` s)."""

    def __init__(self, message: str, *, retry_after: float | None, body: str = "") -> None:
        self.retry_after = retry_after
        super().__init__(message, status_code=429, body=body)


class FluentTransportError(FluentError):
    """No HTTP response came back.

    ``maybe_applied`` is False only when the request provably never reached Fluent (the
    connection was never made); otherwise a write may or may not have happened.
    """

    def __init__(self, message: str, *, maybe_applied: bool) -> None:
        self.maybe_applied = maybe_applied
        note = "the request may have reached Fluent" if maybe_applied else "the request never reached Fluent"
        super().__init__(f"{message} ({note})")
