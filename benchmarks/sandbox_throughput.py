"""Requests per second the Fluent sandbox sustains, so it is never what limits the client.

Runs `run_sandbox` on a temporary SQLite file (WAL), fetches one token up front, then for a
fixed time per case drives it with `httpx.AsyncClient` at concurrency 1 and 16:

- the customer-by-email query: the exact `GetCustomerByEmail` document from `queries/` plus the
  fragments it uses;
- `createStandardProduct` (the `CreateProduct` document), a new product ref per request.

By default the sandbox runs as its own process (`python -m fluent_sandbox`), as `fluent-commerce
sandbox` does; `--in-process` uses `run_sandbox` in a thread of this process instead, as the
test suite does (the client then shares the GIL with the server, so those figures are a floor).

    .venv/bin/python benchmarks/sandbox_throughput.py [--seconds 3] [--in-process]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
from graphql import FragmentDefinitionNode, FragmentSpreadNode, parse, print_ast, visit
from graphql.language import Visitor

from fluent_sandbox import SEED_CATALOGUE_REF, run_sandbox, sandbox_env

QUERIES = Path(__file__).resolve().parents[1] / "queries"


def document(name: str) -> str:
    """The operation `name` with exactly the fragments it uses, as the generated client sends."""
    fragments = {
        d.name.value: d
        for d in parse((QUERIES / "fragments.graphql").read_text()).definitions
        if isinstance(d, FragmentDefinitionNode)
    }
    needed: dict[str, FragmentDefinitionNode] = {}

    class Spreads(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
            if node.name.value not in needed:
                needed[node.name.value] = fragments[node.name.value]
                visit(fragments[node.name.value], Spreads())

    doc = parse((QUERIES / f"{name}.graphql").read_text())
    visit(doc, Spreads())
    return "\n".join([print_ast(doc), *(print_ast(f) for f in needed.values())])


async def measure(url: str, token: str, concurrency: int, seconds: float, body: Callable[[], dict[str, Any]]) -> float:
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    done = 0
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits, trust_env=False) as client:
        # Warm up: open the connections and fill the sandbox's parse cache.
        await asyncio.gather(*(client.post("/graphql", json=body()) for _ in range(concurrency)))
        deadline = time.perf_counter() + seconds
        started = time.perf_counter()

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < deadline:
                response = await client.post("/graphql", json=body())
                result = response.json()
                if response.status_code != 200 or "errors" in result:
                    raise RuntimeError(f"unexpected answer: {response.status_code} {result}")
                done += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return done / elapsed


@contextlib.contextmanager
def serve(db: Path, in_process: bool) -> Iterator[Any]:
    if in_process:
        with run_sandbox(db) as handle:
            yield handle
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "fluent_sandbox", "--port", str(port), "--db", str(db), "--log-level", "warning"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/_sandbox/stats", timeout=1.0, trust_env=False)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise SystemExit("the sandbox did not start") from None
                time.sleep(0.1)
        yield SimpleNamespace(url=url, env=lambda: sandbox_env(url))
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of each case (default 3)")
    parser.add_argument("--in-process", action="store_true", help="serve from a thread of this process")
    args = parser.parse_args()
    query = document("GetCustomerByEmail")
    mutation = document("CreateProduct")
    refs = itertools.count(1)

    def query_body() -> dict[str, Any]:
        variables = {"emails": ["alice@example.com"], "first": 10}
        return {"query": query, "variables": variables, "operationName": "GetCustomerByEmail"}

    def product_body() -> dict[str, Any]:
        product = {
            "ref": f"BENCH-{next(refs):07d}",
            "catalogue": {"ref": SEED_CATALOGUE_REF},
            "type": "STANDARD",
            "gtin": "9300000000000",
            "name": "Benchmark product",
            "prices": [{"type": "RRP", "currency": "AUD", "value": 9.95}],
            "attributes": [{"name": "SOURCE", "type": "STRING", "value": "benchmark"}],
        }
        return {"query": mutation, "variables": {"input": product}, "operationName": "CreateProduct"}

    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp) / "bench.db", args.in_process) as sandbox:
        env = sandbox.env()
        form = {
            "grant_type": "password",
            "username": env["FLUENT_USERNAME"],
            "password": env["FLUENT_PASSWORD"],
            "client_id": env["FLUENT_CLIENT_ID"],
            "client_secret": env["FLUENT_CLIENT_SECRET"],
            "scope": "api",
        }
        token = httpx.post(f"{sandbox.url}/oauth/token", data=form, trust_env=False).json()["access_token"]
        print(f"Fluent sandbox at {sandbox.url}, {args.seconds:g} s per case")
        for label, body in (("GetCustomerByEmail", query_body), ("createStandardProduct", product_body)):
            for concurrency in (1, 16):
                rate = asyncio.run(measure(sandbox.url, token, concurrency, args.seconds, body))
                print(f"{label:<24} concurrency {concurrency:>2}: {rate:8.1f} req/s")


if __name__ == "__main__":
    main()
