"""Fluent error codes and the input checks that raise them (§3.3, §3.4, §3.7).

A `FluentError` raised in a resolver becomes a GraphQL error whose object carries the code
twice: at the top level (`"code": "C0020E"`, the placement Fluent uses for its documented 401
body, §3.2) and in `extensions.code` (the GraphQL convention). Where Fluent really puts C/S codes
is NOT CONFIRMED (§3.3), so clients should read either; the message never repeats the code.

Codes documented by Fluent: C0020E (missing permission; the message lists the missing ones),
C0100E (date not valid UTC), C0101E (date range with neither bound), C0120E (entity not found).
Codes this sandbox had to choose, inside Fluent's ranges, because Fluent publishes none:
C0121E (duplicate key: customer username, or product ref within a catalogue), C0122E (field
value invalid: too long, or a required input missing), C0140E (request format: page size
outside 0..500, unreadable cursor).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

PERMISSION_DENIED = "C0020E"
INVALID_DATE = "C0100E"
DATE_RANGE_EMPTY = "C0101E"
NOT_FOUND = "C0120E"
DUPLICATE = "C0121E"
FIELD_INVALID = "C0122E"
BAD_REQUEST_FORMAT = "C0140E"

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 10
DEFAULT_MAX_LENGTH = 255


class FluentError(Exception):
    """An error with a Fluent code; the GraphQL layer renders it (see module docstring)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def permission_denied(username: str, missing: Iterable[str], target: str) -> FluentError:
    names = ", ".join(sorted(set(missing)))
    return FluentError(
        PERMISSION_DENIED,
        f"User {username} is missing the permission(s) [{names}] required for {target}",
    )


def format_ts(moment: datetime) -> str:
    """Fluent's wire format: UTC, milliseconds, `Z` (§3.7)."""
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


_ISO_UTC = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|[+-]00:?00)",
    re.IGNORECASE,
)


def parse_utc(value: Any, field: str) -> datetime:
    """Parse an ISO-8601 UTC instant (`Z` or a zero offset); anything else is C0100E."""
    match = _ISO_UTC.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise FluentError(INVALID_DATE, f"{field}: '{value}' is not a valid UTC ISO-8601 date-time")
    year, month, day, hour, minute, second, fraction = match.groups()
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=timezone.utc,
        )
    except ValueError:
        raise FluentError(INVALID_DATE, f"{field}: '{value}' is not a valid UTC ISO-8601 date-time") from None


def date_bounds(value: Any, field: str) -> tuple[str | None, str | None]:
    """A DateRange as inclusive string bounds comparable with stored timestamps (§3.7)."""
    if not isinstance(value, dict) or (value.get("from") is None and value.get("to") is None):
        raise FluentError(DATE_RANGE_EMPTY, f"{field}: a date range needs 'from', 'to' or both")
    low = high = None
    if value.get("from") is not None:
        moment = parse_utc(value["from"], f"{field}.from")
        if moment.microsecond % 1000:  # stored values have ms precision: round the bound up
            moment += timedelta(microseconds=1000 - moment.microsecond % 1000)
        low = format_ts(moment)
    if value.get("to") is not None:
        high = format_ts(parse_utc(value["to"], f"{field}.to"))  # truncation rounds down
    return low, high


def check_lengths(values: dict[str, Any], limits: dict[str, int], prefix: str = "") -> None:
    """Every string is at most 255 characters unless the field has its own limit (§3.4)."""
    for key, value in values.items():
        if isinstance(value, str):
            limit = limits.get(key, DEFAULT_MAX_LENGTH)
            if len(value) > limit:
                raise FluentError(
                    FIELD_INVALID,
                    f"Field '{prefix}{key}' is {len(value)} characters long; the maximum is {limit}",
                )


def page_size(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or value < 0 or value > MAX_PAGE_SIZE:
        raise FluentError(
            BAD_REQUEST_FORMAT,
            f"Invalid '{name}': {value}. Max page size allowed is {MAX_PAGE_SIZE}",
        )
    return value
