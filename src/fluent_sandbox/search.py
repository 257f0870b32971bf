"""Search filters and cursor pagination over SQLite (§3.5, §3.7, §3.8).

Filter semantics (Fluent leaves several NOT CONFIRMED; these are the sandbox's choices):

- A list filter is an OR of its values; different filters are ANDed. `null` items are ignored
  and an empty list (or all-null list) means "no filter".
- A string value containing `%` is a wildcard pattern (SQL LIKE): `%` matches any run of
  characters and the match is case-insensitive (ASCII). `_` is always a literal underscore.
- A string value without `%` matches exactly (case-sensitive).
- `DateRange` bounds are inclusive; neither bound is C0101E; a bad or non-UTC date is C0100E.

Pagination: results come newest first (descending id, which follows creation order; Fluent's
default order is NOT CONFIRMED, so clients must not rely on it). Cursors are opaque
(base64 of `<Type>:<id>`). `first`/`last` above 500 or negative are C0140E; neither gives 10.
`pageInfo` has only `hasNextPage`/`hasPreviousPage`, as in Fluent.
"""

from __future__ import annotations

import base64
import binascii
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import BAD_REQUEST_FORMAT, DEFAULT_PAGE_SIZE, FluentError, date_bounds, page_size


@dataclass
class Where:
    """A conjunction of SQL conditions with their parameters."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "1"


def _like_pattern(value: str) -> str:
    return value.replace("\\", "\\\\").replace("_", "\\_")


def string_filter(where: Where, column: str, values: Any) -> None:
    """OR of exact matches and `%` patterns for one column."""
    items = [v for v in (values or []) if v is not None]
    if not items:
        return
    parts: list[str] = []
    params: list[Any] = []
    exact = [v for v in items if "%" not in v]
    if exact:
        parts.append(f"{column} IN ({', '.join('?' for _ in exact)})")
        params.extend(exact)
    for pattern in (v for v in items if "%" in v):
        parts.append(f"{column} LIKE ? ESCAPE '\\'")
        params.append(_like_pattern(pattern))
    where.add("(" + " OR ".join(parts) + ")", *params)


def value_filter(where: Where, column: str, values: Any) -> None:
    """OR of exact matches for non-string lists (booleans, numbers)."""
    items = [v for v in (values or []) if v is not None]
    if items:
        where.add(f"{column} IN ({', '.join('?' for _ in items)})", *items)


def date_filter(where: Where, column: str, value: Any, name: str) -> None:
    if value is None:
        return
    low, high = date_bounds(value, name)
    if low is not None:
        where.add(f"{column} >= ?", low)
    if high is not None:
        where.add(f"{column} <= ?", high)


def apply_filters(
    where: Where,
    args: dict[str, Any],
    strings: tuple[str, ...],
    values: tuple[str, ...] = (),
    dates: tuple[str, ...] = ("createdOn", "updatedOn"),
) -> None:
    for name in strings:
        string_filter(where, name, args.get(name))
    for name in values:
        value_filter(where, name, args.get(name))
    for name in dates:
        date_filter(where, name, args.get(name), name)


def encode_cursor(kind: str, row_id: int) -> str:
    return base64.b64encode(f"{kind}:{row_id}".encode()).decode()


def decode_cursor(kind: str, cursor: str) -> int:
    try:
        prefix, _, raw = base64.b64decode(cursor.encode(), validate=True).decode().partition(":")
        if prefix != kind:
            raise ValueError(prefix)
        return int(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise FluentError(BAD_REQUEST_FORMAT, f"Invalid cursor: '{cursor}'") from None


def paginate(
    conn: sqlite3.Connection,
    kind: str,
    select: str,
    where: Where,
    args: dict[str, Any],
    wrap: Callable[[dict[str, Any]], dict[str, Any]] = lambda r: r,
) -> dict[str, Any]:
    """Run `select` (which must expose `id`) as a connection page.

    `select` is a full `SELECT ... FROM ...` without WHERE; rows are ordered by id descending.
    """
    first = page_size(args.get("first"), "first")
    last = page_size(args.get("last"), "last")
    if first is None and last is None:
        first = DEFAULT_PAGE_SIZE
    window = Where(list(where.clauses), list(where.params))
    after = args.get("after")
    before = args.get("before")
    if after is not None:
        window.add("id < ?", decode_cursor(kind, after))
    if before is not None:
        window.add("id > ?", decode_cursor(kind, before))
    has_next = has_prev = False
    if first is not None:
        rows = conn.execute(
            f"{select} WHERE {window.sql()} ORDER BY id DESC LIMIT ?", (*window.params, first + 1)
        ).fetchall()
        has_next = len(rows) > first
        rows = rows[:first]
        if last is not None and len(rows) > last:
            rows, has_prev = rows[-last:], True
    else:
        assert last is not None
        rows = conn.execute(
            f"{select} WHERE {window.sql()} ORDER BY id ASC LIMIT ?", (*window.params, last + 1)
        ).fetchall()
        has_prev = len(rows) > last
        rows = rows[:last][::-1]

    def beyond(op: str, cursor: str | None) -> Callable[..., bool]:
        def check(*_: Any, **__: Any) -> bool:
            if cursor is None:
                return False
            probe = f"{select} WHERE {where.sql()} AND id {op} ? LIMIT 1"
            return conn.execute(probe, (*where.params, decode_cursor(kind, cursor))).fetchone() is not None

        return check

    return {
        "edges": [{"cursor": encode_cursor(kind, r["id"]), "node": wrap(r)} for r in rows],
        "pageInfo": {
            # Computed lazily (graphql-core calls callables): only when the client asks.
            "hasNextPage": has_next or beyond("<=", before),
            "hasPreviousPage": has_prev or beyond(">=", after),
        },
    }
