"""Retries at the transport level: a pure policy and two small transports that differ by ``await``.

What is retried (fluent-api.md §3.6 leaves rate limits unconfirmed; this is our careful choice):

* a failure that proves the request never reached Fluent (connect refused or timed out, DNS,
  pool timeout) -- for every request, mutations included;
* HTTP 429, which Fluent sends before doing any work -- for every request;
* read timeouts, dropped connections and 500/502/503/504 -- only for requests marked idempotent
  (queries and token requests). A mutation is never replayed after such an ambiguous failure;
  the facade reconciles ``create_customer``/``create_product`` instead.

Any ``Retry-After`` (seconds or an HTTP date) is waited out when it is at most
``max_retry_after``; a longer one is not retried at all, so the caller fails fast (a 429 becomes
``RateLimitedError`` carrying the wait).

The request extension ``fluent.idempotent`` marks what may be replayed (a refresh-token grant is
not: the token is single use); 401s are the auth
session's business and pass straight through.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

from ._shared import NEVER_SENT, parse_retry_after

if TYPE_CHECKING:
    from ._connection import FluentConnection

__all__ = ["AsyncRetryTransport", "RetryPolicy", "RetryTransport"]

log = logging.getLogger("fluent_commerce.http")

AMBIGUOUS = (httpx.ReadTimeout, httpx.WriteTimeout, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)
RETRY_STATUSES = frozenset({500, 502, 503, 504})
WAIT_STATUSES = RETRY_STATUSES | {429}


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def retry_after_error(self, attempt: int, exc: Exception, *, idempotent: bool) -> bool:
        if attempt + 1 >= self.max_attempts:
            return False
        return isinstance(exc, NEVER_SENT) or (idempotent and isinstance(exc, AMBIGUOUS))

    def retry_after_status(self, attempt: int, status: int, retry_after: float | None, *, idempotent: bool) -> bool:
        if attempt + 1 >= self.max_attempts:
            return False
        if retry_after is not None and retry_after > self.max_retry_after:
            return False  # fail fast rather than sleep as long as the server asks
        return status == 429 or (idempotent and status in RETRY_STATUSES)

    @classmethod
    def for_connection(cls, connection: FluentConnection) -> RetryPolicy:
        c = connection
        return cls(c.max_attempts, c.backoff_base, c.backoff_max, c.max_retry_after)

    def delay(self, attempt: int, retry_after: float | None, rand: Callable[[], float] = random.random) -> float:
        """Retry-After when the server gave one, else capped exponential backoff with jitter."""
        if retry_after is not None:
            return retry_after
        return min(self.base_delay * 2.0**attempt, self.max_delay) * (0.5 + 0.5 * rand())


def _idempotent(request: httpx.Request) -> bool:
    return bool(request.extensions.get("fluent.idempotent"))


def spent(request: httpx.Request, exc: Exception) -> httpx.Response | None:
    """A refresh-token grant whose outcome is unknown: the token may have been used, and it is
    single use, so answer as Fluent does for a spent one. The auth session then falls back to
    the password grant instead of failing the caller's request."""
    if not request.extensions.get("fluent.spent_if_unknown") or not isinstance(exc, AMBIGUOUS):
        return None
    body = {"error": "invalid_grant", "error_description": f"refresh outcome unknown ({type(exc).__name__})"}
    return httpx.Response(400, json=body, request=request)


def _log(request: httpx.Request, outcome: object, attempt: int, started: float) -> None:
    if log.isEnabledFor(logging.DEBUG):
        operation = request.extensions.get("fluent.operation", "-")
        elapsed = (time.perf_counter() - started) * 1000
        log.debug("%s %s [%s] -> %s in %.1f ms (attempt %d)", request.method, request.url.path, operation, outcome,
                  elapsed, attempt + 1)  # fmt: skip


class RetryTransport(httpx.BaseTransport):
    def __init__(
        self, inner: httpx.BaseTransport, policy: RetryPolicy, *, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self._inner, self._policy, self._sleep = inner, policy, sleep
        self.retries = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        idempotent = _idempotent(request)
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                response = self._inner.handle_request(request)
            except httpx.TransportError as exc:
                _log(request, type(exc).__name__, attempt, started)
                if not self._policy.retry_after_error(attempt, exc, idempotent=idempotent):
                    answer = spent(request, exc)
                    if answer is None:
                        raise
                    return answer
                wait = self._policy.delay(attempt, None)
            else:
                _log(request, response.status_code, attempt, started)
                retry_after = parse_retry_after(response.headers) if response.status_code in WAIT_STATUSES else None
                if not self._policy.retry_after_status(
                    attempt, response.status_code, retry_after, idempotent=idempotent
                ):
                    return response
                response.close()
                wait = self._policy.delay(attempt, retry_after)
            self.retries += 1
            self._sleep(wait)
            attempt += 1

    def close(self) -> None:
        self._inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        policy: RetryPolicy,
        *,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        import asyncio

        self._inner, self._policy, self._sleep = inner, policy, sleep or asyncio.sleep
        self.retries = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        idempotent = _idempotent(request)
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                response = await self._inner.handle_async_request(request)
            except httpx.TransportError as exc:
                _log(request, type(exc).__name__, attempt, started)
                if not self._policy.retry_after_error(attempt, exc, idempotent=idempotent):
                    answer = spent(request, exc)
                    if answer is None:
                        raise
                    return answer
                wait = self._policy.delay(attempt, None)
            else:
                _log(request, response.status_code, attempt, started)
                retry_after = parse_retry_after(response.headers) if response.status_code in WAIT_STATUSES else None
                if not self._policy.retry_after_status(
                    attempt, response.status_code, retry_after, idempotent=idempotent
                ):
                    return response
                await response.aclose()
                wait = self._policy.delay(attempt, retry_after)
            self.retries += 1
            await self._sleep(wait)
            attempt += 1

    async def aclose(self) -> None:
        await self._inner.aclose()
