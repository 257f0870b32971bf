"""The control plane under `/_sandbox/` (not part of Fluent; like moto's `/moto-api/`).

Loopback clients only (anything else gets 403). Routes:

- `GET /_sandbox/stats` -> `{"token_requests": {"password": n, "refresh_token": n},
  "graphql_requests": {"<operationName or anonymous>": n}, "unauthorized": n, "faults_fired": n}`.
  Requests are counted when they arrive (after the body is read), whatever happens next:
  a request hit by a fault, or answered 401, still counts. The operation name is the body's
  `operationName`, else the name of the document's only operation, else `anonymous`.
- `POST /_sandbox/reset` -> back to the seed; counters zeroed; faults cleared; clock offset 0.
  Issued tokens stay valid unless the JSON body says `{"tokens": true}`.
- `POST /_sandbox/faults` queues a fault (JSON below); `GET` lists, `DELETE` clears them.
- `POST /_sandbox/clock` with `{"advance_s": N}` moves the sandbox clock (token expiry).

A fault: `{"path": "/graphql" | "/oauth/token", "kind": ..., "status": 503, "retry_after": 1,
"delay_s": 2.0, "operation": "CreateProduct", "count": 1, "body": {...}}`. It applies to the
next `count` requests to `path` whose operation name (for `/oauth/token`: the `grant_type`)
equals `operation` when given. The first matching fault in queue order fires. Kinds:
`status` (answer `status`, default 503, with `Retry-After` if `retry_after` is set and `body`
or `{"errors": [{"code": "<status>", "message": "<reason>"}]}`; the request is not processed),
`delay` (sleep `delay_s`, then process), `drop_before` (close the connection, no response,
nothing processed), `drop_after_commit` (process and commit, then close with no response),
`expire_token` (`/graphql` only: the presented token expires now, so the request gets 401).
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .store import Store

KINDS = ("status", "delay", "drop_before", "drop_after_commit", "expire_token")
PATHS = ("/graphql", "/oauth/token")
LOOPBACK = ("127.0.0.1", "::1", "localhost")


@dataclass
class Fault:
    id: int
    path: str
    kind: str
    status: int = 503
    retry_after: float | None = None
    delay_s: float = 1.0
    operation: str | None = None
    count: int = 1
    body: Any = None


class Control:
    """Counters and the fault queue; lives in memory, so a restart clears it."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self._ids = itertools.count(1)
        self.reset()

    def reset(self) -> None:
        self.faults.clear()
        self.token_requests: Counter[str] = Counter()
        self.graphql_requests: Counter[str] = Counter()
        self.unauthorized = 0
        self.faults_fired = 0

    def stats(self) -> dict[str, Any]:
        return {
            "token_requests": {g: self.token_requests[g] for g in ("password", "refresh_token")},
            "graphql_requests": dict(self.graphql_requests),
            "unauthorized": self.unauthorized,
            "faults_fired": self.faults_fired,
        }

    def add(self, spec: dict[str, Any]) -> Fault:
        fault = parse_fault(spec, next(self._ids))
        self.faults.append(fault)
        return fault

    def take(self, path: str, operation: str | None) -> Fault | None:
        """The fault that applies to this request, if any (and count it as fired)."""
        for fault in self.faults:
            if fault.path == path and fault.operation in (None, operation):
                fault.count -= 1
                if fault.count <= 0:
                    self.faults.remove(fault)
                self.faults_fired += 1
                return fault
        return None


def parse_fault(spec: Any, fault_id: int) -> Fault:
    if not isinstance(spec, dict):
        raise ValueError("a fault is a JSON object")
    unknown = set(spec) - {f for f in Fault.__dataclass_fields__ if f != "id"}
    if unknown:
        raise ValueError(f"unknown fault field(s): {sorted(unknown)}")
    if spec.get("path") not in PATHS:
        raise ValueError(f"path must be one of {list(PATHS)}")
    if spec.get("kind") not in KINDS:
        raise ValueError(f"kind must be one of {list(KINDS)}")
    if spec["kind"] == "expire_token" and spec["path"] != "/graphql":
        raise ValueError("expire_token applies to /graphql only")
    fault = Fault(id=fault_id, **spec)
    if not isinstance(fault.status, int) or not 100 <= fault.status <= 599:
        raise ValueError("status must be an HTTP status code")
    if not isinstance(fault.count, int) or fault.count < 1:
        raise ValueError("count must be a positive integer")
    if not isinstance(fault.delay_s, (int, float)) or fault.delay_s < 0:
        raise ValueError("delay_s must be a non-negative number")
    if fault.retry_after is not None and not isinstance(fault.retry_after, (int, float)):
        raise ValueError("retry_after must be a number of seconds")
    if fault.operation is not None and not isinstance(fault.operation, str):
        raise ValueError("operation must be a string")
    return fault


def _loopback(request: Request) -> bool:
    return request.client is not None and (
        request.client.host in LOOPBACK or request.client.host.startswith(("127.", "::ffff:127."))
    )


async def _json_body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        return {}
    return await request.json()


def routes(control: Control, store: Store) -> list[Route]:
    async def endpoint(request: Request) -> Response:
        if not _loopback(request):
            return JSONResponse({"error": "the control plane answers loopback clients only"}, 403)
        try:
            body = await _json_body(request) if request.method in ("POST",) else {}
        except ValueError:
            return JSONResponse({"error": "body must be JSON"}, 400)
        action = request.path_params["action"]
        if action == "stats" and request.method == "GET":
            return JSONResponse(control.stats())
        if action == "reset" and request.method == "POST":
            store.reset(tokens=bool(isinstance(body, dict) and body.get("tokens")))
            control.reset()
            return JSONResponse({"reset": True})
        if action == "faults":
            return _faults(control, request.method, body)
        if action == "clock" and request.method == "POST":
            advance = body.get("advance_s") if isinstance(body, dict) else None
            if not isinstance(advance, (int, float)):
                return JSONResponse({"error": "advance_s must be a number"}, 400)
            store.clock_offset += float(advance)
            return JSONResponse({"clock_offset_s": store.clock_offset})
        return JSONResponse({"error": f"no such control action: {request.method} {action}"}, 404)

    return [Route("/_sandbox/{action}", endpoint, methods=["GET", "POST", "DELETE"])]


def _faults(control: Control, method: str, body: Any) -> Response:
    if method == "GET":
        return JSONResponse({"faults": [asdict(f) for f in control.faults]})
    if method == "DELETE":
        control.faults.clear()
        return JSONResponse({"faults": []})
    try:
        fault = control.add(body)
    except (ValueError, TypeError) as exc:
        return JSONResponse({"error": str(exc)}, 400)
    return JSONResponse({"fault": asdict(fault)}, 201)
