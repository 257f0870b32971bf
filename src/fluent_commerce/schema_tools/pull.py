"""``pull_schema``: introspect a Fluent account's ``/graphql`` with gql, over our auth session.

gql's ``HTTPXTransport`` carries the request; authentication is the same ``FluentAuth`` the
clients use (form-body password grant, one re-auth on 401), so no credential handling is
duplicated here. The full introspection (descriptions, ``specifiedByURL``, repeatable
directives, schema description) is tried first; a server that rejects those newer fields is
asked the classic query instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from .._auth import FluentAuth
from .._connection import FluentConnection
from .._errors import AuthenticationError, FluentError, FluentGraphQLError, FluentHTTPError, GraphQLErrorDetail
from .._retry import RetryPolicy, RetryTransport
from .._shared import transport_error

if TYPE_CHECKING:
    from graphql import GraphQLSchema

__all__ = ["pull_schema"]

FULL = {"descriptions": True, "specified_by_url": True, "directive_is_repeatable": True, "schema_description": True}
CLASSIC = {"descriptions": True}


def pull_schema(connection: FluentConnection, *, auth: FluentAuth | None = None) -> GraphQLSchema:
    """The schema served at ``connection.graphql_url``, built by graphql-core."""
    from gql.transport.exceptions import TransportError, TransportQueryError

    auth = auth or FluentAuth(connection)  # one session for both attempts: one login
    try:
        try:
            return _introspect(connection, auth, FULL)
        except TransportQueryError:
            return _introspect(connection, auth, CLASSIC)
    except TransportQueryError as exc:
        errors = exc.errors or [{"message": str(exc)}]
        raise FluentGraphQLError([GraphQLErrorDetail.from_dict(e) for e in errors], exc.data) from None
    except TransportError as exc:
        raise _unwrap(exc) from exc


def _unwrap(exc: Exception) -> FluentError:
    """gql wraps whatever the HTTP layer raised; give callers our own error instead."""
    cause = exc.__cause__
    if isinstance(cause, FluentError):
        return cause
    if isinstance(cause, httpx.TransportError):
        return transport_error(cause, "IntrospectionQuery")
    status = getattr(exc, "code", None)
    if isinstance(status, int):
        if status == 401:
            return AuthenticationError("Fluent rejected the access token during introspection", status_code=401)
        return FluentHTTPError("introspection failed", status_code=status, body=str(exc))
    return FluentHTTPError(f"introspection failed: {exc}", status_code=0)


def _introspect(connection: FluentConnection, auth: FluentAuth, args: dict[str, Any]) -> GraphQLSchema:
    from gql import Client
    from gql.transport.httpx import HTTPXTransport

    network = RetryTransport(
        httpx.HTTPTransport(verify=connection.tls_verify()), RetryPolicy.for_connection(connection)
    )
    transport = HTTPXTransport(url=connection.graphql_url, auth=auth, timeout=connection.timeout(), transport=network)
    client = Client(transport=transport, fetch_schema_from_transport=True, introspection_args=args)
    with client:
        schema = client.schema
    assert schema is not None
    return schema
