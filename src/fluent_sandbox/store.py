"""The sandbox's state and behaviour (like moto's `models.py`): SQLite, no HTTP, no GraphQL.

All access happens on the server's event-loop thread; a lock still guards the connection so
the store is safe if it is ever shared. Mutations run in one transaction each: a failure
rolls back everything the mutation wrote (§3.9: a mutation never partly succeeds).
"""

from __future__ import annotations

import hmac
import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import db
from .errors import DUPLICATE, NOT_FOUND, FluentError, check_lengths, format_ts
from .search import Where, apply_filters, paginate

REFRESH_TOKEN_TTL = 30 * 24 * 3600
"""Refresh tokens live 30 days (Fluent's real lifetime is NOT CONFIRMED, §2.3)."""

CUSTOMER_STRINGS = (
    "ref", "status", "title", "department", "country", "firstName", "lastName", "username",
    "primaryEmail", "primaryPhone", "timezone",
)  # fmt: skip
USER_STRINGS = (
    "ref", "username", "title", "firstName", "lastName", "primaryEmail", "primaryPhone", "type",
    "status", "department", "country", "timezone",
)  # fmt: skip
ORDER_STRINGS = ("ref", "type", "status", "workflowRef")
ORDER_VALUES = ("workflowVersion", "totalPrice", "totalTaxPrice")

SELECT = {
    kind: f"SELECT *, '{kind}' AS __typename FROM {table}"  # noqa: S608
    for kind, table in (
        ("User", "users"), ("Customer", "customers"), ("Retailer", "retailers"),
        ("Location", "locations"), ("ProductCatalogue", "catalogues"),
        ("StandardProduct", "products"), ("Order", "orders"), ("OrderItem", "order_items"),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Principal:
    """The user behind a bearer token: what they may do, and which retailers they see."""

    user_id: int
    username: str
    permissions: frozenset[str]
    retailers: frozenset[int] | None  # None: an ACCOUNT context, everything is visible

    def sees(self, retailer_id: int | None) -> bool:
        return self.retailers is None or retailer_id in self.retailers

    def scope(self, where: Where, column: str = "retailerId") -> None:
        if self.retailers is not None:
            ids = sorted(self.retailers)
            where.add(f"{column} IN ({', '.join('?' for _ in ids)})", *ids)


def principal_of(user: dict[str, Any]) -> Principal:
    perms: set[str] = set()
    retailers: set[int] | None = set()
    for grant in json.loads(user["roles"]):
        perms.update(p["name"] for p in grant["role"].get("permissions") or [])
        for ctx in grant.get("contexts") or []:
            if ctx["contextType"] == "ACCOUNT":
                retailers = None
            elif ctx["contextType"] == "RETAILER" and retailers is not None:
                retailers.add(int(ctx["contextId"]))
    frozen = None if retailers is None else frozenset(retailers)
    return Principal(user["id"], user["username"], frozenset(perms), frozen)


def _dedupe(items: list[dict[str, Any]] | None, *keys: str) -> list[dict[str, Any]] | None:
    """Later entries replace earlier ones with the same key (Fluent's upsert rule, §4d, §4f)."""
    if items is None:
        return None
    merged = {tuple(i[k] for k in keys): i for i in items if i is not None}
    return list(merged.values())


class Store:
    def __init__(
        self,
        db_path: str | Path = ":memory:",
        *,
        token_ttl: int = 86399,
        refresh_tokens: bool = True,
        refresh_token_ttl: int = REFRESH_TOKEN_TTL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.conn = db.connect(db_path)
        self.closed = False
        self.lock = threading.RLock()
        self.token_ttl = token_ttl
        self.refresh_tokens = refresh_tokens
        self.refresh_token_ttl = refresh_token_ttl
        self._clock = clock
        self.clock_offset = 0.0

    # -- time, transactions, lifecycle -------------------------------------------------------
    def now(self) -> float:
        return self._clock() + self.clock_offset

    def now_ts(self) -> str:
        return format_ts(datetime.fromtimestamp(self.now(), tz=timezone.utc))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def reset(self, *, tokens: bool = False) -> None:
        with self.lock:
            db.reset(self.conn, tokens=tokens)
            self.clock_offset = 0.0

    def close(self) -> None:
        """Fold the WAL back into the database file, so the .db file alone holds the data."""
        with self.lock:
            if self.closed:
                return
            self.closed = True
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.close()

    def _one(self, sql: str, *params: Any) -> dict[str, Any] | None:
        with self.lock:
            row: dict[str, Any] | None = self.conn.execute(sql, params).fetchone()
            return row

    # -- OAuth ---------------------------------------------------------------------------------
    def client_ok(self, client_id: str, secret: str) -> bool:
        row = self._one("SELECT secretHash FROM oauth_clients WHERE clientId = ?", client_id)
        return row is not None and hmac.compare_digest(row["secretHash"], db.hash_secret(secret))

    def user_by_password(self, username: str, password: str) -> dict[str, Any] | None:
        row = self._one(SELECT["User"] + " WHERE username = ?", username)
        if row is None or not hmac.compare_digest(row["passwordHash"], db.hash_secret(password)):
            return None
        return row

    def issue_tokens(self, user_id: int, client_id: str) -> tuple[str, str | None]:
        access = str(uuid.uuid4())
        refresh = str(uuid.uuid4()) if self.refresh_tokens else None
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO access_tokens VALUES (?, ?, ?, ?)",
                (access, user_id, client_id, self.now() + self.token_ttl),
            )
            if refresh is not None:
                conn.execute(
                    "INSERT INTO refresh_tokens VALUES (?, ?, ?, ?)",
                    (refresh, user_id, client_id, self.now() + self.refresh_token_ttl),
                )
        return access, refresh

    def redeem_refresh_token(self, token: str, client_id: str) -> dict[str, Any] | None:
        """Single use: the token is deleted in the same statement that checks it (§2.3)."""
        with self.transaction() as conn:
            row = conn.execute(
                "DELETE FROM refresh_tokens WHERE token = ? AND clientId = ? AND expiresAt > ? RETURNING userId",
                (token, client_id, self.now()),
            ).fetchone()
        return None if row is None else self.user(row["userId"])

    def principal_for_token(self, token: str) -> Principal | None:
        row = self._one(
            "SELECT u.* FROM access_tokens t JOIN users u ON u.id = t.userId WHERE t.token = ? AND t.expiresAt > ?",
            token,
            self.now(),
        )
        return None if row is None else principal_of(row)

    def expire_token(self, token: str) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE access_tokens SET expiresAt = ? WHERE token = ?", (self.now(), token))

    # -- reads -----------------------------------------------------------------------------------
    def user(self, user_id: Any = None, username: Any = None) -> dict[str, Any] | None:
        if user_id is not None:
            return self._one(SELECT["User"] + " WHERE id = ?", _int(user_id))
        return self._one(SELECT["User"] + " WHERE username = ?", username)

    def get(self, kind: str, row_id: Any) -> dict[str, Any] | None:
        return self._one(SELECT[kind] + " WHERE id = ?", _int(row_id))

    def customer_by_ref(self, ref: str) -> dict[str, Any] | None:
        return self._one(SELECT["Customer"] + " WHERE username = ?", ref)

    def order_by_ref(self, ref: str) -> dict[str, Any] | None:
        return self._one(SELECT["Order"] + " WHERE ref = ?", ref)

    def catalogue(self, ref: str) -> dict[str, Any] | None:
        return self._one(SELECT["ProductCatalogue"] + " WHERE ref = ?", ref)

    def product(self, ref: str, catalogue_ref: str) -> dict[str, Any] | None:
        return self._one(SELECT["StandardProduct"] + " WHERE ref = ? AND catalogueRef = ?", ref, catalogue_ref)

    def search(self, kind: str, args: dict[str, Any], who: Principal) -> dict[str, Any]:
        where = Where()
        if kind == "Customer":
            apply_filters(where, args, CUSTOMER_STRINGS, ("promotionOptIn",))
            who.scope(where)
        elif kind == "User":
            apply_filters(where, args, USER_STRINGS, ("promotionOptIn",))
        elif kind == "Order":
            apply_filters(where, args, ORDER_STRINGS, ORDER_VALUES)
            who.scope(where)
        elif kind == "OrderItem":
            where.add("orderId = ?", args["orderId"])
        with self.lock:
            return paginate(self.conn, kind, SELECT[kind], where, args)

    # -- mutations -------------------------------------------------------------------------------
    def create_customer(self, data: dict[str, Any], retailer_id: int) -> dict[str, Any]:
        check_lengths(data, {"username": 250, "primaryEmail": 250, "firstName": 50,
                             "lastName": 50, "timezone": 32, "title": 50, "country": 100,
                             "primaryPhone": 20})  # fmt: skip
        attributes = _dedupe(data.get("attributes"), "name")
        for attr in attributes or []:
            check_lengths(attr, {}, "attributes.")
        now = self.now_ts()
        row = {
            "ref": data["username"], "username": data["username"], "status": "ACTIVE",
            "title": data.get("title"), "firstName": data.get("firstName"),
            "lastName": data.get("lastName"), "department": data.get("department"),
            "country": data.get("country"), "primaryEmail": data["primaryEmail"],
            "primaryPhone": data.get("primaryPhone"), "timezone": data.get("timezone"),
            "promotionOptIn": bool(data["promotionOptIn"]), "attributes": attributes,
            "retailerId": retailer_id, "createdOn": now, "updatedOn": now,
        }  # fmt: skip
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM retailers WHERE id = ?", (retailer_id,)).fetchone() is None:
                raise FluentError(NOT_FOUND, f"Retailer with id '{retailer_id}' not found")
            new_id = self._insert(conn, "customers", row, f"Customer with username '{row['username']}'")
        return self.get("Customer", new_id) or {}

    def create_product(self, data: dict[str, Any]) -> dict[str, Any]:
        check_lengths(data, {"ref": 100, "type": 50, "gtin": 20, "summary": 255})
        tax = data.get("taxType")
        if tax is not None:
            check_lengths(tax, {"country": 100, "group": 100, "tariff": 100}, "taxType.")
        prices = _dedupe(data.get("prices"), "type", "currency")
        attributes = _dedupe(data.get("attributes"), "name")
        for item in (prices or []) + (attributes or []):
            check_lengths(item, {})
        catalogue_ref = data["catalogue"]["ref"]
        now = self.now_ts()
        with self.transaction() as conn:
            cat = conn.execute("SELECT type FROM catalogues WHERE ref = ?", (catalogue_ref,)).fetchone()
            if cat is None:
                raise FluentError(NOT_FOUND, f"ProductCatalogue with ref '{catalogue_ref}' not found")
            row = {
                "catalogueRef": catalogue_ref, "ref": data["ref"], "type": data["type"],
                "status": "CREATED", "workflowRef": f"PRODUCT_CATALOGUE::{cat['type']}",
                "workflowVersion": 1, "gtin": data["gtin"], "name": data["name"],
                "summary": data.get("summary"), "attributes": attributes, "prices": prices,
                "tax": tax, "createdOn": now, "updatedOn": now,
            }  # fmt: skip
            what = f"StandardProduct with ref '{data['ref']}' in catalogue '{catalogue_ref}'"
            new_id = self._insert(conn, "products", row, what)
            # Linked entities are checked after the insert, inside the transaction: a missing
            # one rolls the product back too. The sandbox has no categories or variants.
            for link in (data.get("categories") or []) + (data.get("variants") or []):
                if link is not None:
                    raise FluentError(NOT_FOUND, f"Linked entity with ref '{link.get('ref')}' not found")
        return self.get("StandardProduct", new_id) or {}

    def _insert(self, conn: sqlite3.Connection, table: str, row: dict[str, Any], what: str) -> int:
        values = {k: json.dumps(v) if k in db.JSON_FIELDS and v is not None else v for k, v in row.items()}
        sql = f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})"  # noqa: S608
        try:
            cursor = conn.execute(sql, tuple(values.values()))
        except sqlite3.IntegrityError as exc:
            if "UNIQUE" not in str(exc):
                raise
            raise FluentError(DUPLICATE, f"{what} already exists") from None
        return int(cursor.lastrowid or 0)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
