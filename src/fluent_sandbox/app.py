"""Thin Starlette routes (like moto's `responses.py`): parse, call the store/engine, serialise.

- `POST /oauth/token`: parameters from the query string and/or a form body (§2.1; a form
  value wins over the same query-string key); see `oauth.py` for bodies and statuses.
- `POST /graphql`: a body over 2 MB (2,097,152 bytes) is 413 with
  `{"errors": [{"code": "413", "message": "Request Entity Too Large"}]}` (§3.4; the body is the
  sandbox's choice), checked before the token; a missing, unknown or expired bearer token
  is 401 with Fluent's documented body (§3.2); a body that is not a JSON object with a `query`
  string is 400; everything else is HTTP 200 with GraphQL's `data`/`errors` (see `engine.py`).
- `/_sandbox/*`: the control plane (`control.py`).

All endpoints are `async` and do their (fast, local) SQLite work on the event loop thread, so
the store is only ever touched by one thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from . import control as control_plane
from . import default_schema_path, oauth
from .engine import Engine
from .resolvers import Context
from .store import REFRESH_TOKEN_TTL, Store

MAX_BODY = 2 * 1024 * 1024
TRANSPORT_KEY = "fluent_sandbox.transport"
"""Scope key under which the sandbox's uvicorn protocol exposes the connection's transport."""
_KNOWN_STATUSES = {s.value for s in http.HTTPStatus}
UNAUTHORIZED_BODY = {
    "errors": [
        {
            "code": "401",
            "message": "Invalid user, Authorization header value does not belong to a valid user",
        }
    ]
}


class DropConnection(Response):
    """Not a response: abort the TCP connection so the client gets no HTTP answer at all."""

    def __init__(self) -> None:
        super().__init__(status_code=500)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        transport = scope.get(TRANSPORT_KEY)
        if transport is None:
            raise RuntimeError("drop faults need the sandbox's uvicorn protocol (run_sandbox)")
        transport.abort()
        while (await receive())["type"] != "http.disconnect":
            pass


async def _read_body(request: Request) -> bytes | None:
    """The body, or None when it is over the limit (drained, so the 413 reaches the client)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size < MAX_BODY:
            chunks.append(chunk)
    return b"".join(chunks) if size < MAX_BODY else None  # "2 MB or more" gets 413 (§3.4)


def _status_response(fault: control_plane.Fault) -> Response:
    headers = {} if fault.retry_after is None else {"Retry-After": f"{fault.retry_after:g}"}
    body = fault.body
    if body is None:
        phrase = http.HTTPStatus(fault.status).phrase if fault.status in _KNOWN_STATUSES else ""
        body = {"errors": [{"code": str(fault.status), "message": phrase}]}
    return JSONResponse(body, fault.status, headers=headers)


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def create_app(
    db: str | Path = ":memory:",
    *,
    schema_path: str | Path | None = None,
    token_ttl: int = 86399,
    refresh_tokens: bool = True,
    refresh_token_ttl: int = REFRESH_TOKEN_TTL,
    mock: bool = False,
) -> Starlette:
    """Build the sandbox ASGI app over a SQLite database (a file path or `:memory:`).

    `mock=True` serves `schema_path` (any Fluent schema, legacy syntax accepted; default: the
    bundled one) with deterministic mock data instead of the database's entities (`mock.py`);
    OAuth, 401s, limits, validation and the control plane are unchanged.
    """
    store = Store(db, token_ttl=token_ttl, refresh_tokens=refresh_tokens, refresh_token_ttl=refresh_token_ttl)
    engine = Engine(Path(schema_path) if schema_path else default_schema_path(), mock=mock)
    control = control_plane.Control()

    async def apply_fault(fault: control_plane.Fault | None, request: Request) -> Response | None:
        if fault is None:
            return None
        if fault.kind == "drop_before":
            return DropConnection()
        if fault.kind == "status":
            return _status_response(fault)
        if fault.kind == "delay":
            await asyncio.sleep(fault.delay_s)
        elif fault.kind == "expire_token":
            token = _bearer(request)
            if token:
                store.expire_token(token)
        return None

    async def token(request: Request) -> Response:
        body = await _read_body(request)
        if body is None:
            return JSONResponse({"error": "invalid_request", "error_description": "Too large"}, 413)
        params = dict(request.query_params)
        if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        grant = params.get("grant_type")
        if grant in oauth.GRANTS:
            control.token_requests[grant] += 1
        fault = control.take("/oauth/token", grant)
        early = await apply_fault(fault, request)
        if early is not None:
            return early
        result = oauth.issue(store, params)
        if fault is not None and fault.kind == "drop_after_commit":
            return DropConnection()
        return JSONResponse(result.body, result.status, headers=result.headers)

    async def graphql(request: Request) -> Response:
        body = await _read_body(request)
        if body is None:
            return JSONResponse({"errors": [{"code": "413", "message": "Request Entity Too Large"}]}, 413)
        payload: Any = None
        with contextlib.suppress(ValueError):
            payload = json.loads(body)
        operation = _operation_name(engine, payload)
        control.graphql_requests[operation] += 1
        fault = control.take("/graphql", operation)
        early = await apply_fault(fault, request)
        if early is not None:
            return early
        token = _bearer(request)
        who = store.principal_for_token(token) if token else None
        if who is None:
            control.unauthorized += 1
            return JSONResponse(UNAUTHORIZED_BODY, 401)
        if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
            message = "The body must be a JSON object with a 'query' string."
            return JSONResponse({"errors": [{"message": message}]}, 400)
        result = engine.execute(payload, Context(store, who))
        if fault is not None and fault.kind == "drop_after_commit":
            return DropConnection()
        return JSONResponse(result)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        # uvicorn re-raises a caught SIGTERM/SIGINT after its graceful shutdown, which ends the
        # process before any caller's `finally`; closing here still folds the WAL into the file.
        store.close()

    app = Starlette(
        routes=[
            Route("/oauth/token", token, methods=["POST"]),
            Route("/graphql", graphql, methods=["POST"]),
            *control_plane.routes(control, store),
        ],
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.control = control
    return app


def _operation_name(engine: Engine, payload: Any) -> str:
    if not isinstance(payload, dict):
        return "anonymous"
    name = payload.get("operationName")
    if isinstance(name, str) and name:
        return name
    query = payload.get("query")
    if isinstance(query, str) and query:
        return engine.prepare(query).default_operation or "anonymous"
    return "anonymous"
