"""SQLite schema, connection and seeding. No HTTP, no GraphQL.

Column names are the GraphQL field names, so a row is already the dict a resolver returns.
JSON-valued fields (attributes, prices, tax, roles) are stored as JSON text. Timestamps are
stored in Fluent's wire format (`2019-09-19T01:01:42.448Z`), which sorts lexically.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from . import seed

SCHEMA_VERSION = "1"

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS retailers (
  id INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE, status TEXT, tradingName TEXT, summary TEXT,
  primaryEmail TEXT, supportEmail TEXT, supportPhone TEXT, supportContactName TEXT,
  websiteUrl TEXT, websiteUrlName TEXT, createdOn TEXT NOT NULL, updatedOn TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS locations (
  id INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE, type TEXT, status TEXT, name TEXT,
  supportPhoneNumber TEXT, attributes TEXT, retailerId INTEGER REFERENCES retailers(id),
  createdOn TEXT NOT NULL, updatedOn TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ref TEXT NOT NULL UNIQUE, username TEXT NOT NULL UNIQUE,
  passwordHash TEXT NOT NULL, type TEXT NOT NULL, status TEXT, title TEXT, firstName TEXT,
  lastName TEXT, primaryEmail TEXT, primaryPhone TEXT, department TEXT, country TEXT,
  timezone TEXT, promotionOptIn INTEGER, attributes TEXT,
  primaryRetailerId INTEGER REFERENCES retailers(id),
  primaryLocationId INTEGER REFERENCES locations(id), roles TEXT NOT NULL,
  createdOn TEXT NOT NULL, updatedOn TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS oauth_clients (clientId TEXT PRIMARY KEY, secretHash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS access_tokens (
  token TEXT PRIMARY KEY, userId INTEGER NOT NULL, clientId TEXT NOT NULL,
  expiresAt REAL NOT NULL);
CREATE TABLE IF NOT EXISTS refresh_tokens (
  token TEXT PRIMARY KEY, userId INTEGER NOT NULL, clientId TEXT NOT NULL,
  expiresAt REAL NOT NULL);
CREATE TABLE IF NOT EXISTS customers (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ref TEXT NOT NULL, username TEXT NOT NULL UNIQUE,
  status TEXT, title TEXT, firstName TEXT, lastName TEXT, department TEXT, country TEXT,
  primaryEmail TEXT NOT NULL, primaryPhone TEXT, timezone TEXT,
  promotionOptIn INTEGER NOT NULL, attributes TEXT,
  retailerId INTEGER NOT NULL REFERENCES retailers(id),
  createdOn TEXT NOT NULL, updatedOn TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS customers_email ON customers (primaryEmail);
CREATE INDEX IF NOT EXISTS customers_retailer ON customers (retailerId);
CREATE TABLE IF NOT EXISTS catalogues (
  id INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
  workflowRef TEXT NOT NULL, workflowVersion INTEGER NOT NULL, status TEXT, name TEXT NOT NULL,
  description TEXT, attributes TEXT, createdOn TEXT NOT NULL, updatedOn TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS products (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  catalogueRef TEXT NOT NULL REFERENCES catalogues(ref), ref TEXT NOT NULL,
  type TEXT NOT NULL, status TEXT, workflowRef TEXT NOT NULL, workflowVersion INTEGER NOT NULL,
  gtin TEXT NOT NULL, name TEXT NOT NULL, summary TEXT, attributes TEXT, prices TEXT, tax TEXT,
  createdOn TEXT NOT NULL, updatedOn TEXT NOT NULL, UNIQUE (catalogueRef, ref));
CREATE TABLE IF NOT EXISTS orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ref TEXT UNIQUE, type TEXT NOT NULL, status TEXT,
  workflowRef TEXT NOT NULL, workflowVersion INTEGER NOT NULL,
  retailerId INTEGER REFERENCES retailers(id), customerId INTEGER REFERENCES customers(id),
  totalPrice REAL, totalTaxPrice REAL, attributes TEXT,
  createdOn TEXT NOT NULL, updatedOn TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS orders_updated ON orders (updatedOn);
CREATE TABLE IF NOT EXISTS order_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT, orderId INTEGER NOT NULL REFERENCES orders(id),
  ref TEXT, productId INTEGER NOT NULL REFERENCES products(id), status TEXT NOT NULL,
  quantity INTEGER NOT NULL, paidPrice REAL, currency TEXT, price REAL, taxPrice REAL,
  taxType TEXT, totalPrice REAL, totalTaxPrice REAL, attributes TEXT,
  createdOn TEXT NOT NULL, updatedOn TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS order_items_order ON order_items (orderId);
"""

DATA_TABLES = (
    "order_items",
    "orders",
    "products",
    "catalogues",
    "customers",
    "users",
    "locations",
    "retailers",
    "oauth_clients",
)
TOKEN_TABLES = ("access_tokens", "refresh_tokens")
JSON_FIELDS = ("attributes", "prices", "tax", "roles")


def hash_secret(secret: str) -> str:
    """A salted digest: the database never holds a password or client secret in clear."""
    return hashlib.sha256(b"fluent-sandbox:" + secret.encode()).hexdigest()


def _dict_row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    return {d[0]: v for d, v in zip(cursor.description, row, strict=True)}


def connect(db: str | Path) -> sqlite3.Connection:
    """Open (and create if needed) the database; WAL when it is a file."""
    target = str(db)
    conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    conn.row_factory = _dict_row
    conn.execute("PRAGMA foreign_keys = ON")
    if target != ":memory:" and not target.startswith("file::memory:"):
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    conn.executescript(DDL)
    if conn.execute("SELECT count(*) AS n FROM users").fetchone()["n"] == 0:
        conn.execute("BEGIN IMMEDIATE")
        try:
            insert_seed(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return conn


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    values = {k: json.dumps(v) if k in JSON_FIELDS else v for k, v in row.items()}
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(values.values()))  # noqa: S608


def insert_seed(conn: sqlite3.Connection) -> None:
    """Insert the seed; the caller owns the transaction."""
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
    conn.execute(
        "INSERT INTO oauth_clients VALUES (?, ?)",
        (seed.SEED_CLIENT_ID, hash_secret(seed.SEED_CLIENT_SECRET)),
    )
    for row in seed.RETAILERS:
        _insert(conn, "retailers", row)
    for row in seed.LOCATIONS:
        _insert(conn, "locations", row)
    for user in seed.USERS:
        row = {k: v for k, v in user.items() if k != "password"}
        row["passwordHash"] = hash_secret(user["password"])
        _insert(conn, "users", row)
    for row in seed.CUSTOMERS:
        _insert(conn, "customers", row)
    for row in seed.CATALOGUES:
        _insert(conn, "catalogues", row)
    for row in seed.PRODUCTS:
        _insert(conn, "products", row)
    for row in seed.ORDERS:
        _insert(conn, "orders", row)
    orders = {o["id"]: o for o in seed.ORDERS}
    for n, item in enumerate(seed.ORDER_ITEMS, start=1):
        order = orders[item["orderId"]]
        total = round(item["price"] * item["quantity"], 2)
        row = {
            "id": n,
            "ref": f"{order['ref']}-{n}",
            "status": "CREATED",
            "paidPrice": total,
            "currency": "AUD",
            "taxPrice": round(item["price"] / 11, 2),
            "taxType": "GST",
            "totalPrice": total,
            "totalTaxPrice": round(total / 11, 2),
            "attributes": [],
            "createdOn": order["createdOn"],
            "updatedOn": order["updatedOn"],
            **item,
        }
        _insert(conn, "order_items", row)


def reset(conn: sqlite3.Connection, *, tokens: bool) -> None:
    """Delete everything and re-insert the seed, atomically; ids restart from the seed's."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("PRAGMA defer_foreign_keys = ON")
        for table in DATA_TABLES + (TOKEN_TABLES if tokens else ()):
            conn.execute(f"DELETE FROM {table}")  # noqa: S608
        conn.execute("DELETE FROM sqlite_sequence")
        insert_seed(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
