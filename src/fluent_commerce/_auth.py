"""``FluentAuth``: the OAuth password grant as an ``httpx.Auth``, shared by sync and async clients.

The token request is *yielded* to whichever client drives the flow, never sent by a client of our
own, so the same object works under ``httpx.Client`` and ``httpx.AsyncClient``. The two flows
below differ only in their lock and in ``read()`` versus ``await aread()``.

Rules (fluent-api.md §2):

* credentials travel in a form body, never in the URL; ``fluent.account`` is sent when an
  account id is configured;
* the token is reused until ``expires_in`` minus a margin; then the refresh token (single use) is
  tried if Fluent gave one, falling back to the password grant once when it is refused;
* one token request is in flight at a time: concurrent first calls wait for it and share it;
* a 401 from ``/graphql`` drops that token, fetches a new one and replays the request once; a
  second 401 is returned to the caller (the facade raises AuthenticationError) -- never a loop.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator, Iterator

import httpx

from ._connection import FluentConnection
from ._errors import AuthenticationError, FluentTransportError
from ._token import Token, parse_token_response

__all__ = ["FluentAuth"]

log = logging.getLogger("fluent_commerce.auth")

TokenFlow = Generator[httpx.Request, httpx.Response, Token]


class FluentAuth(httpx.Auth):
    def __init__(self, connection: FluentConnection, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._conn = connection
        self._clock = clock
        self._token: Token | None = None
        # One lock for every caller: threads block on it; asyncio tasks (in any event loop)
        # poll it without blocking their loop. So one token request is in flight per session.
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FluentAuth(connection={self._conn!r}, token={self._token!r})"

    @property
    def connection(self) -> FluentConnection:
        return self._conn

    @property
    def token(self) -> Token | None:
        """The cached token, if any (its repr is masked)."""
        return self._token

    def invalidate(self) -> None:
        """Forget the cached token (and its refresh token): the next call logs in again."""
        self._token = None

    # -- pure parts ---------------------------------------------------------------------------

    def _usable(self, stale: Token | None) -> Token | None:
        token = self._token
        if token is None or token is stale:
            return None
        return token if token.fresh(self._clock(), self._conn.token_expiry_margin) else None

    def _token_request(self, form: dict[str, str], *, replayable: bool) -> httpx.Request:
        headers = {"fluent.account": self._conn.account_id} if self._conn.account_id else {}
        return httpx.Request(
            "POST",
            self._conn.token_url,
            data=form,
            headers=headers,
            # Requests built here do not inherit the client's timeout: set it explicitly.
            extensions={
                "fluent.idempotent": replayable,  # a refresh token is single use: never resend one
                "fluent.spent_if_unknown": not replayable,  # see RetryTransport
                "fluent.operation": "oauth/token",
                "timeout": self._conn.timeout().as_dict(),
            },
        )

    def _token_flow(self) -> TokenFlow:
        previous = self._token
        if previous is not None and previous.refresh_token:
            self._token = None  # single use: whatever happens next, this refresh token is spent
            response = yield self._token_request(self._conn.refresh_form(previous.refresh_token), replayable=False)
            try:
                self._token = parse_token_response(response, now=self._clock())
            except AuthenticationError as exc:
                log.debug("refresh grant refused (%s); using the password grant", exc.error)
            else:
                log.debug("token refreshed")
                return self._token
        response = yield self._token_request(self._conn.password_form(), replayable=True)
        self._token = parse_token_response(response, now=self._clock())
        log.debug("token obtained (expires_in=%s)", self._token.expires_in)
        return self._token

    @staticmethod
    def _advance(flow: TokenFlow, response: httpx.Response) -> httpx.Request | Token:
        try:
            return flow.send(response)
        except StopIteration as done:
            token: Token = done.value
            return token

    @staticmethod
    def _authorized(request: httpx.Request, token: Token) -> httpx.Request:
        request.headers["Authorization"] = f"Bearer {token.access_token}"
        return request

    @contextlib.contextmanager
    def _waited_lock(self) -> Iterator[None]:
        """The shared lock for a blocking caller, with a bound: a sync client called on the thread
        of an event loop whose task holds the lock would otherwise wait forever."""
        c = self._conn
        bound = (c.connect_timeout + c.read_timeout + c.backoff_max) * c.max_attempts
        if not self._lock.acquire(timeout=bound):
            raise FluentTransportError("timed out waiting for another token request to finish", maybe_applied=False)
        try:
            yield
        finally:
            self._lock.release()

    async def _acquire_polling(self) -> None:
        """Take the shared lock without blocking the event loop (it is held only while a token
        request is in flight, so the polling is short and rare)."""
        import asyncio  # only async callers get here; keeps `import fluent_commerce` light

        # Not an asyncio.Event: the lock is shared with threads and with other event loops.
        while not self._lock.acquire(blocking=False):  # noqa: ASYNC110
            await asyncio.sleep(0.002)

    # -- the twins: identical but for the lock and read()/await aread() -----------------------

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        stale: Token | None = None
        for _ in range(2):  # the call, then at most one replay after a 401
            token = self._usable(stale)
            if token is None:
                with self._waited_lock():
                    token = self._usable(stale)
                    if token is None:
                        flow = self._token_flow()
                        step: httpx.Request | Token = next(flow)
                        while isinstance(step, httpx.Request):
                            response = yield step
                            response.read()
                            step = self._advance(flow, response)
                        token = step
            response = yield self._authorized(request, token)
            if response.status_code != 401:
                return
            response.read()
            log.debug("401 from %s; re-authenticating once", request.url.path)
            stale = token

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        stale: Token | None = None
        for _ in range(2):  # the call, then at most one replay after a 401
            token = self._usable(stale)
            if token is None:
                await self._acquire_polling()
                try:
                    token = self._usable(stale)
                    if token is None:
                        flow = self._token_flow()
                        step: httpx.Request | Token = next(flow)
                        while isinstance(step, httpx.Request):
                            response = yield step
                            await response.aread()
                            step = self._advance(flow, response)
                        token = step
                finally:
                    self._lock.release()
            response = yield self._authorized(request, token)
            if response.status_code != 401:
                return
            await response.aread()
            log.debug("401 from %s; re-authenticating once", request.url.path)
            stale = token
