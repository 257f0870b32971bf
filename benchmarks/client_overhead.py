"""Client overhead per call, against raw httpx measured in the same run, interleaved.

A minimal HTTP/1.1 server (plain asyncio, fixed responses) runs in a child process so its CPU is
not counted. For each round, every variant makes N calls; we report the median per-call client
CPU time and wall time, and the ratio to the raw httpx POST of the same document.

Variants: typed get_current_user (sync, async) vs raw httpx.Client / httpx.AsyncClient POST;
generic graphql() with local validation (sync) vs the same raw POST. Then `import fluent_commerce`
time in fresh interpreters. Targets (issue 2): typed <= 1.10x, generic <= 1.25x, import <= 250 ms.

    python benchmarks/client_overhead.py [--calls 300] [--rounds 7] [--block-sniffio]

--block-sniffio makes `import sniffio` fail, to compare the async path with and without it
(httpcore uses sniffio only to tell trio from asyncio; without it, it assumes asyncio).
"""

from __future__ import annotations

import sys

if "--block-sniffio" in sys.argv:  # before httpx/httpcore are imported
    sys.modules["sniffio"] = None  # type: ignore[assignment]

import argparse
import asyncio
import json
import multiprocessing
import statistics
import subprocess
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from fluent_commerce import AsyncFluentClient, FluentClient, FluentConnection

QUERY = (Path(__file__).resolve().parents[1] / "queries" / "GetCurrentUser.graphql").read_text()
ME = {
    "id": "1", "ref": "api_admin", "username": "api_admin", "type": "API", "status": "ACTIVE", "title": None,
    "firstName": "Api", "lastName": "Admin", "primaryEmail": "api@example.com", "primaryPhone": None,
    "department": None, "country": None, "timezone": "GMT+10", "promotionOptIn": False, "attributes": [],
    "primaryRetailer": {"id": "1", "ref": "R1", "status": "ACTIVE", "tradingName": "R", "primaryEmail": None},
    "primaryLocation": None,
    "roles": [{"role": {"id": "1", "name": "ADMIN", "permissions": [{"name": "CUSTOMER_VIEW"}]},
               "contexts": [{"contextType": "RETAILER", "contextId": "1"}]}],
    "createdOn": "2019-09-19T01:01:42.448Z", "updatedOn": "2019-09-19T01:01:42.448Z",
}  # fmt: skip
GRAPHQL_BODY = json.dumps({"data": {"me": ME}}).encode()
TOKEN_BODY = json.dumps({"access_token": "bench-token", "token_type": "bearer", "expires_in": 86399}).encode()
GENERIC = "query Customers($n: Int) { customers(first: $n) { edges { cursor node { id ref primaryEmail } } } }"


def serve(port_queue: multiprocessing.Queue[int]) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                await reader.readexactly(length)
                body = TOKEN_BODY if b"/oauth/token" in head.split(b"\r\n")[0] else GRAPHQL_BODY
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                             + str(len(body)).encode() + b"\r\n\r\n" + body)  # fmt: skip
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port_queue.put(server.sockets[0].getsockname()[1])
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def measure(fn: Callable[[], object], calls: int) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.process_time() - cpu) / calls, (time.perf_counter() - wall) / calls


def ameasure(loop: asyncio.AbstractEventLoop, fn: Callable[[], Awaitable[object]], calls: int) -> tuple[float, float]:
    async def run() -> None:
        for _ in range(calls):
            await fn()

    cpu, wall = time.process_time(), time.perf_counter()
    loop.run_until_complete(run())
    return (time.process_time() - cpu) / calls, (time.perf_counter() - wall) / calls


def import_time(runs: int = 5) -> float:
    code = "import time; t = time.perf_counter(); import fluent_commerce; print(time.perf_counter() - t)"
    samples = [float(subprocess.check_output([sys.executable, "-c", code])) for _ in range(runs)]
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--block-sniffio", action="store_true", help="make `import sniffio` fail")
    args = parser.parse_args()

    queue: multiprocessing.Queue[int] = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(queue,), daemon=True)
    server.start()
    host = f"http://127.0.0.1:{queue.get(timeout=10)}"
    conn = FluentConnection(host=host, username="u", password="p", client_id="BENCH", client_secret="s")
    # The baseline is what a careful raw-httpx user writes: json= body, bearer header, .json().
    typed_doc = {"query": QUERY, "operationName": "GetCurrentUser", "variables": {}}
    generic_doc = {"query": GENERIC, "operationName": None, "variables": {"n": 5}}
    headers = {"Authorization": "Bearer bench-token"}

    loop = asyncio.new_event_loop()
    sync_client, raw = FluentClient(conn), httpx.Client(base_url=host)
    async_client = AsyncFluentClient(conn)
    araw = httpx.AsyncClient(base_url=host)
    variants: dict[str, Callable[[], tuple[float, float]]] = {
        "raw httpx (sync)": lambda: measure(lambda: raw.post("/graphql", json=typed_doc, headers=headers).json(),
                                            args.calls),
        "typed get_current_user (sync)": lambda: measure(sync_client.get_current_user, args.calls),
        "raw httpx (async)": lambda: ameasure(loop, lambda: _apost(araw, typed_doc, headers), args.calls),
        "typed get_current_user (async)": lambda: ameasure(loop, async_client.get_current_user, args.calls),
        "raw httpx generic doc (sync)": lambda: measure(
            lambda: raw.post("/graphql", json=generic_doc, headers=headers).json(), args.calls),
        "generic graphql() (sync)": lambda: measure(lambda: sync_client.graphql(GENERIC, {"n": 5}), args.calls),
    }  # fmt: skip
    for fn in variants.values():  # warm-up: token, connections, caches, imports
        fn()
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, fn in variants.items():
            results[name].append(fn())
    sync_client.close()
    raw.close()
    loop.run_until_complete(async_client.close())
    loop.run_until_complete(araw.aclose())
    server.terminate()

    med = {n: (statistics.median(c for c, _ in r), statistics.median(w for _, w in r)) for n, r in results.items()}
    baseline = {
        "typed get_current_user (sync)": "raw httpx (sync)",
        "typed get_current_user (async)": "raw httpx (async)",
        "generic graphql() (sync)": "raw httpx generic doc (sync)",
    }
    print(f"{args.rounds} rounds x {args.calls} calls, interleaved; median per call")
    print(f"{'variant':34} {'cpu µs':>8} {'wall µs':>8} {'cpu x':>7} {'wall x':>7}")
    for name, (cpu, wall) in med.items():
        base = baseline.get(name)
        ratio = f"{cpu / med[base][0]:7.2f} {wall / med[base][1]:7.2f}" if base else f"{'-':>7} {'-':>7}"
        print(f"{name:34} {cpu * 1e6:8.0f} {wall * 1e6:8.0f} {ratio}")
    try:
        import sniffio

        sniffio_note = f"sniffio {sniffio.__version__} importable"
    except ImportError:
        sniffio_note = "sniffio not importable"
    print(f"async path: {sniffio_note} (compare runs with and without --block-sniffio)")
    print(f"import fluent_commerce: {import_time() * 1000:.0f} ms (median of 5 fresh interpreters)")


async def _apost(client: httpx.AsyncClient, body: dict[str, object], headers: dict[str, str]) -> object:
    response = await client.post("/graphql", json=body, headers=headers)
    return response.json()


if __name__ == "__main__":
    main()
