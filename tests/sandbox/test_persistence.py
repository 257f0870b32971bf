"""Storage: SQLite file state survives restarts; uniqueness lives in the database (issue 3;
fluent-api.md §4c, §4d for the keys)."""

from __future__ import annotations

import signal
import socket
import sqlite3
import subprocess
import sys
import time

import httpx
import pytest

from fluent_sandbox import run_sandbox

from .support import customer_input, operation, password_form, product_input


def _client(url: str) -> httpx.Client:
    return httpx.Client(base_url=url, trust_env=False, timeout=10.0)


def _gql(client: httpx.Client, token: str, name: str, variables: dict[str, object]) -> dict:
    body = {"query": operation(name), "variables": variables, "operationName": name}
    response = client.post("/graphql", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    return response.json()


def test_restart_on_the_same_file_keeps_records_and_tokens(tmp_path):
    """§4c/§4d: records created before a restart are found after it; the seed is not inserted
    twice; an access token issued before the restart still works."""
    db = tmp_path / "persist.db"
    with run_sandbox(db) as sandbox, _client(sandbox.url) as client:
        token = client.post("/oauth/token", data=password_form()).json()["access_token"]
        assert "errors" not in _gql(client, token, "CreateCustomer", {"input": customer_input()})
        assert "errors" not in _gql(client, token, "CreateProduct", {"input": product_input()})
    with run_sandbox(db) as sandbox, _client(sandbox.url) as client:
        found = _gql(client, token, "GetCustomerByUsername", {"username": "1_new@example.com"})
        assert found["data"]["customer"]["username"] == "1_new@example.com"
        product = _gql(client, token, "GetProduct", {"ref": "SKU-NEW", "catalogueRef": "PC:MASTER:1"})
        assert product["data"]["standardProduct"]["name"] == "New Product"
        seeded = _gql(client, token, "GetCustomerByEmail", {"emails": ["alice@example.com"], "first": 10})
        assert len(seeded["data"]["customers"]["edges"]) == 1


def test_file_database_uses_wal(tmp_path):
    """Storage: a file-backed database is in WAL mode."""
    db = tmp_path / "wal.db"
    with run_sandbox(db):
        mode = sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_uniqueness_is_enforced_by_the_database(tmp_path):
    """§4c/§4d: customer username and product (catalogue, ref) are UNIQUE constraints."""
    db = tmp_path / "unique.db"
    with run_sandbox(db):
        pass
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT * FROM customers WHERE id = 1").fetchone()
    columns = [d[0] for d in conn.execute("SELECT * FROM customers LIMIT 0").description]
    values = dict(zip(columns, row, strict=True))
    del values["id"]
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute(
            f"INSERT INTO customers ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
            tuple(values.values()),
        )
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute(
            "INSERT INTO products (catalogueRef, ref, type, workflowRef, workflowVersion, gtin, name,"
            " createdOn, updatedOn) SELECT catalogueRef, ref, type, workflowRef, workflowVersion, gtin,"
            " name, createdOn, updatedOn FROM products WHERE id = 1"
        )
    conn.close()


def test_memory_database_starts_seeded():
    """Storage: `:memory:` works and is seeded (used by the fixtures of other suites)."""
    with run_sandbox() as sandbox, _client(sandbox.url) as client:
        assert client.post("/oauth/token", data=password_form()).status_code == 200
        assert sandbox.db == ":memory:"


def test_sigterm_leaves_everything_in_the_db_file(tmp_path):
    """A served sandbox stopped with SIGTERM folds its WAL into the .db file, so copying the
    .db alone keeps the data (uvicorn re-raises the signal after shutdown, skipping `finally`)."""
    db = tmp_path / "alone.db"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "fluent_sandbox", "--port", str(port), "--db", str(db), "--log-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{url}/_sandbox/stats", timeout=1.0)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "sandbox did not start"
                time.sleep(0.1)
        with _client(url) as client:
            token = client.post("/oauth/token", data=password_form()).json()["access_token"]
            assert "errors" not in _gql(client, token, "CreateCustomer", {"input": customer_input(username="alone_1")})
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())  # the .db alone, no -wal / -shm
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM customers WHERE username = 'alone_1'").fetchone() == (1,)
