"""Soak under faults: many creates with AsyncFluentClient while the sandbox injects faults.

For each run it prints calls, faults injected, transport retries, reconciliations, records
stored, duplicates (must be 0), typed errors the driver then reconciled, unhandled exceptions
(must be 0) and wall time, and the same run without faults for comparison.

    python benchmarks/resilience.py [--products 500] [--customers 200] [--concurrency 16]

tests/resilience/test_soak.py runs `run_soak` from this file and asserts the invariants.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sqlite3
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fluent_commerce import AsyncFluentClient, FluentConnection, FluentError
from fluent_sandbox import SandboxHandle, run_sandbox

FAULTS: list[dict[str, Any]] = [
    {"kind": "status", "status": 503},
    {"kind": "status", "status": 429, "retry_after": 0},
    {"kind": "drop_before"},
    {"kind": "drop_after_commit"},
    {"kind": "delay", "delay_s": 0.6},  # beyond the soak's 0.4 s read timeout
]


@dataclass
class SoakReport:
    kind: str
    calls: int
    faults: int = 0
    retries: int = 0
    reconciliations: int = 0
    typed_errors: int = 0
    error_kinds: Counter[str] = field(default_factory=Counter)
    unhandled: list[str] = field(default_factory=list)
    stored: int = 0
    duplicates: int = 0
    returned: int = 0
    wall_s: float = 0.0

    def line(self) -> str:
        return (f"{self.kind:9} calls={self.calls} faults={self.faults} retries={self.retries} "
                f"reconciliations={self.reconciliations} typed_errors={self.typed_errors} stored={self.stored} "
                f"duplicates={self.duplicates} unhandled={len(self.unhandled)} wall={self.wall_s:.2f}s "
                f"errors={dict(self.error_kinds)}")  # fmt: skip


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.reconciling = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "reconciling" in record.getMessage():
            self.reconciling += 1


def connection(handle: SandboxHandle) -> FluentConnection:
    env = handle.env()
    return FluentConnection(
        host=env["FLUENT_HOST"], username=env["FLUENT_USERNAME"], password=env["FLUENT_PASSWORD"],
        client_id=env["FLUENT_CLIENT_ID"], client_secret=env["FLUENT_CLIENT_SECRET"],
        read_timeout=0.4, backoff_base=0.01, backoff_max=0.05, max_attempts=4,
    )  # fmt: skip


def _stored(handle: SandboxHandle, kind: str, prefix: str) -> tuple[int, int]:
    table, column = ("products", "ref") if kind == "product" else ("customers", "username")
    with sqlite3.connect(handle.db) as db:
        rows = [r[0] for r in db.execute(f"SELECT {column} FROM {table} WHERE {column} LIKE ?", (f"%{prefix}%",))]
    return len(rows), len(rows) - len(set(rows))


async def run_soak(handle: SandboxHandle, kind: str, calls: int, *, concurrency: int = 16, fault_rate: float = 0.1,
                   seed: int = 7) -> SoakReport:  # fmt: skip
    """Create `calls` products or customers; inject a fault before ~fault_rate of them."""
    rng = random.Random(seed)
    plan = [rng.choice(FAULTS) if rng.random() < fault_rate else None for _ in range(calls)]
    prefix = f"soak{uuid.uuid4().hex[:8]}"
    operation = "CreateProduct" if kind == "product" else "CreateCustomer"
    report = SoakReport(kind, calls)
    counter = _Count()
    logger = logging.getLogger("fluent_commerce")
    level = logger.level
    logger.setLevel(min(level or logging.INFO, logging.INFO))
    logger.addHandler(counter)
    gate = asyncio.Semaphore(concurrency)
    started = time.perf_counter()
    async with AsyncFluentClient(connection(handle)) as client:

        async def create(i: int) -> Any:
            if kind == "product":
                return await client.create_product(catalogue_ref="PC:MASTER:1", ref=f"{prefix}-{i}", name=f"P{i}",
                                                   gtin=str(1000 + i), price_currency="AUD", price_value="9.95")  # fmt: skip
            return await client.create_customer(retailer_id=1, email=f"{prefix}-{i}@example.com", first_name="Soak",
                                                username=f"{prefix}-{i}")  # fmt: skip

        async def one(i: int) -> None:
            async with gate:
                if plan[i] is not None:
                    await asyncio.to_thread(handle.add_fault, path="/graphql", operation=operation, count=1, **plan[i])
                    report.faults += 1
                try:
                    await create(i)
                    report.returned += 1
                except FluentError as exc:
                    report.typed_errors += 1
                    report.error_kinds[type(exc).__name__] += 1
                    try:
                        await _reconcile_by_hand(client, kind, prefix, i, create)
                    except Exception as exc:  # reported, never escaping gather()
                        report.unhandled.append(f"reconciling: {type(exc).__name__}: {exc}")
                except Exception as exc:  # the soak's point: there must be none
                    report.unhandled.append(f"{type(exc).__name__}: {exc}")

        await asyncio.gather(*(one(i) for i in range(calls)))
        report.retries = client._retrying.retries
    report.wall_s = time.perf_counter() - started
    logger.removeHandler(counter)
    logger.setLevel(level)
    handle.clear_faults()
    report.reconciliations = counter.reconciling
    report.stored, report.duplicates = _stored(handle, kind, prefix)
    return report


async def _reconcile_by_hand(client: AsyncFluentClient, kind: str, prefix: str, i: int, create: Any) -> None:
    """What a careful caller does with a typed error: look the record up and create it if it is
    missing; a write still in flight may land meanwhile (a duplicate-key error), so look again."""
    if kind == "product":
        query = 'query F($r: String!) { standardProduct(ref: $r, catalogue: {ref: "PC:MASTER:1"}) { id } }'
        field_name = "standardProduct"
    else:
        query, field_name = "query F($r: String!) { customer(ref: $r) { id } }", "customer"
    for attempt in range(5):
        found = await client.graphql(query, {"r": f"{prefix}-{i}"})
        if found.get(field_name) is not None:
            return
        try:
            await create(i)
            return
        except FluentError:
            await asyncio.sleep(0.2 * (attempt + 1))  # let an earlier attempt land, then look again
    raise RuntimeError(f"{prefix}-{i}: still unresolved after 5 rounds")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, run_sandbox(Path(tmp) / "soak.db") as handle:
        for kind, calls in (("product", args.products), ("customer", args.customers)):
            faulty = asyncio.run(run_soak(handle, kind, calls, concurrency=args.concurrency))
            clean = asyncio.run(run_soak(handle, kind, calls, concurrency=args.concurrency, fault_rate=0.0))
            print("with faults: " + faulty.line())
            print("no faults:   " + clean.line())
            print(f"{kind}: wall with faults / without = {faulty.wall_s / clean.wall_s:.2f}x")
            for problem in faulty.unhandled[:5]:
                print("  unhandled:", problem)


if __name__ == "__main__":
    main()
