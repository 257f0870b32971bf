"""Pure logic shared by FluentClient and AsyncFluentClient: no I/O happens here."""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, cast

import httpx
import pydantic

import fluent_gql_async.exceptions as ga
import fluent_gql_sync.exceptions as gs

from ._errors import (
    AuthenticationError,
    FluentError,
    FluentGraphQLError,
    FluentHTTPError,
    FluentTransportError,
    GraphQLErrorDetail,
    PermissionDeniedError,
    RateLimitedError,
)

__all__ = ["call_context", "pick_customer", "read_graphql_response", "status_error"]

log = logging.getLogger("fluent_commerce")

PAGE_SIZE = 100  # customers per page when looking an e-mail up (Fluent's documented max is 500)
MAX_PAGES = 20
SECRET_KEY = re.compile(r"pass|secret|token|authori|credential", re.IGNORECASE)
# Failures that prove the request never reached Fluent (the retry policy and maybe_applied agree).
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def extensions(operation: str, *, read_only: bool) -> dict[str, Any]:
    """httpx request extensions read by our retry transport and logging."""
    return {"fluent.operation": operation, "fluent.idempotent": read_only}


GET_CURRENT_USER = extensions("GetCurrentUser", read_only=True)
GET_CUSTOMER_BY_EMAIL = extensions("GetCustomerByEmail", read_only=True)
GET_CUSTOMER_BY_USERNAME = extensions("GetCustomerByUsername", read_only=True)
GET_PRODUCT = extensions("GetProduct", read_only=True)
CREATE_CUSTOMER = extensions("CreateCustomer", read_only=False)
CREATE_PRODUCT = extensions("CreateProduct", read_only=False)


def redact(value: Any) -> Any:
    """Variables as they may be logged: values under secret-looking keys replaced."""
    if isinstance(value, Mapping):
        if "value" in value and SECRET_KEY.search(str(value.get("name", ""))):  # an attribute {name, type, value}
            return {**value, "value": "***"}
        return {k: "***" if SECRET_KEY.search(str(k)) else redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


def parse_retry_after(headers: httpx.Headers, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), if any."""
    raw = headers.get("retry-after")
    if raw is None:
        return None
    with contextlib.suppress(ValueError):
        return max(0.0, float(raw))
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def graphql_error(errors: Sequence[Mapping[str, Any]], data: Mapping[str, Any] | None) -> FluentGraphQLError:
    details = [GraphQLErrorDetail.from_dict(e) for e in errors]
    if any(d.code == "C0020E" for d in details):
        return PermissionDeniedError(details, data)
    return FluentGraphQLError(details, data)


def status_error(response: httpx.Response) -> FluentError:
    """The one place an HTTP status becomes an exception."""
    status = response.status_code
    text = response.text if response.is_closed or response.is_stream_consumed else ""
    if status == 401:
        return AuthenticationError(
            "Fluent rejected the access token, even after re-authenticating once", status_code=401
        )
    if status == 429:
        wait = parse_retry_after(response.headers)
        asked = f" (it asked to wait {wait:g} s)" if wait is not None else ""
        return RateLimitedError(f"Fluent is rate limiting this client{asked}", retry_after=wait, body=text)
    if status == 413:
        return FluentHTTPError("request too large for Fluent (limit 2 MB)", status_code=413, body=text)
    return FluentHTTPError(f"Fluent answered {status} {response.reason_phrase}".strip(), status_code=status, body=text)


def transport_error(exc: httpx.TransportError, operation: str) -> FluentTransportError:
    kind = type(exc).__name__
    with contextlib.suppress(RuntimeError):  # RuntimeError: no request attached
        url = exc.request.url
        kind += f" talking to {url.scheme}://{url.netloc.decode()}"
    return FluentTransportError(
        f"{operation}: no response from Fluent ({kind})", maybe_applied=not isinstance(exc, NEVER_SENT)
    )


def read_graphql_response(response: httpx.Response) -> dict[str, Any]:
    """Status, JSON and ``errors`` checks for a response to the generic ``graphql()`` call."""
    if not response.is_success:
        raise status_error(response)
    try:
        body = response.json()
    except ValueError:
        raise FluentHTTPError(
            "Fluent's answer is not JSON", status_code=response.status_code, body=response.text
        ) from None
    if not isinstance(body, dict) or ("data" not in body and "errors" not in body):
        raise FluentHTTPError(
            "Fluent's answer is not a GraphQL response", status_code=response.status_code, body=response.text
        )
    data = body.get("data")
    if body.get("errors"):
        raise graphql_error(body["errors"], data if isinstance(data, dict) else None)
    return data if isinstance(data, dict) else {}


def translate(exc: BaseException, operation: str) -> FluentError | None:
    """The one place a failure from httpx or the generated client becomes a FluentError."""
    if isinstance(exc, (gs.GraphQLClientHttpError, ga.GraphQLClientHttpError)):
        return status_error(cast(httpx.Response, exc.response))
    if isinstance(exc, (gs.GraphQLClientGraphQLMultiError, ga.GraphQLClientGraphQLMultiError)):
        return graphql_error([e.original or {"message": e.message} for e in exc.errors], exc.data)
    if isinstance(exc, (gs.GraphQLClientInvalidResponseError, ga.GraphQLClientInvalidResponseError)):
        response = cast(httpx.Response, exc.response)
        return FluentHTTPError(
            "Fluent's answer is not GraphQL JSON", status_code=response.status_code, body=response.text
        )
    if isinstance(exc, pydantic.ValidationError):
        return FluentHTTPError(
            f"Fluent's answer does not match the schema: {exc.error_count()} problem(s)", status_code=200
        )
    if isinstance(exc, httpx.TransportError):
        return transport_error(exc, operation)
    if isinstance(exc, httpx.RequestError):  # e.g. DecodingError, TooManyRedirects: an answer we cannot use
        return FluentTransportError(
            f"{operation}: unusable response from Fluent ({type(exc).__name__})", maybe_applied=True
        )
    return None


class call_context:
    """Wrap one call: translate every failure into a FluentError and log the call at DEBUG.

    A plain class rather than ``@contextmanager``: it sits on every call's hot path.
    """

    __slots__ = ("operation", "started", "variables")

    def __init__(self, operation: str, variables: Mapping[str, Any] | None = None) -> None:
        self.operation = operation
        self.variables = variables

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if log.isEnabledFor(logging.DEBUG):
            outcome = "ok" if exc is None else type(exc).__name__
            elapsed = (time.perf_counter() - self.started) * 1000
            log.debug(
                "%s -> %s in %.1f ms variables=%s", self.operation, outcome, elapsed, redact(self.variables or {})
            )
        if exc is None:
            return
        translated = translate(exc, self.operation)
        if translated is not None:
            # Keep the cause for transport and schema-drift errors (debuggable, holds no secret);
            # hide the generated client's own exceptions, which only repeat the response.
            keep = isinstance(exc, (httpx.RequestError, pydantic.ValidationError))
            raise translated from (exc if keep else None)


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def email_variants(email: str) -> list[str]:
    """The filter values to send: as given and in lower case (an OR list, fluent-api.md §3.8)."""
    return list(dict.fromkeys([email, email.lower()]))


def pick_customer(nodes: Sequence[Any], email: str, retailer_id: int | None) -> Any:
    """The exact, case-insensitive e-mail match; narrowed by retailer; else most recently updated.

    Fluent's string filters treat ``%`` (and maybe ``_``) as wildcards, so the server may return
    near misses: only exact matches survive here.
    """
    wanted = email.casefold()
    matches = [n for n in nodes if n is not None and (n.primary_email or "").casefold() == wanted]
    if retailer_id is not None:
        matches = [n for n in matches if n.retailer is not None and n.retailer.id == str(retailer_id)]
    if not matches:
        return None
    return max(matches, key=lambda n: n.updated_on or n.created_on or _EPOCH)


def page_nodes(connection: Any) -> list[Any]:
    """The non-null nodes of one connection page (every level may be null in Fluent's schema)."""
    if connection is None:
        return []
    return [e.node for e in connection.edges or [] if e is not None and e.node is not None]


def next_cursor(connection: Any) -> str | None:
    """The ``after`` for the next page: Fluent has no endCursor, so the last edge's cursor."""
    if connection is None or not connection.page_info or not connection.page_info.has_next_page:
        return None
    edges = [e for e in connection.edges or [] if e is not None]
    return edges[-1].cursor if edges else None
