"""What FluentClient and AsyncFluentClient share: set-up and the pure half of every action."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._auth import FluentAuth
from ._connection import FluentConnection
from ._documents import CheckedDocument, DocumentChecker, check_size, encode_body
from ._errors import AuthenticationError, FluentGraphQLError, FluentValidationError, GraphQLErrorDetail, ValidationIssue
from ._retry import RetryPolicy
from ._shared import extensions
from ._validation import CustomerDraft, ProductDraft, validated

__all__ = ["BaseFluentClient", "GraphQLCall"]

USER_AGENT = "fluent-commerce-python/0.1.0"
JSON_HEADERS = {"Content-Type": "application/json"}


class GraphQLCall:
    """A generic request after every local check: ready to POST."""

    __slots__ = ("body", "extensions", "name", "variables")

    def __init__(self, checked: CheckedDocument, body: bytes, variables: dict[str, Any]) -> None:
        self.name = checked.operation_name or "anonymous"
        self.body = body
        self.variables = variables
        self.extensions = extensions(self.name, read_only=not checked.is_mutation)


class BaseFluentClient:
    """Holds the connection, the shared auth session and the document checker."""

    def __init__(
        self,
        connection: FluentConnection | None = None,
        *,
        schema: str | Path | None = None,
        auth: FluentAuth | None = None,
    ) -> None:
        self._conn = connection if connection is not None else FluentConnection.from_env()
        if auth is not None and auth.connection.token_url != self._conn.token_url:
            raise FluentValidationError(
                [
                    ValidationIssue(
                        "auth", "FluentAuth(...)", "belongs to another host: its token would be sent elsewhere"
                    )
                ]
            )
        self._auth = auth if auth is not None else FluentAuth(self._conn)
        self._documents = DocumentChecker(schema)

    @property
    def connection(self) -> FluentConnection:
        return self._conn

    @property
    def auth(self) -> FluentAuth:
        """The token session; pass it to another client to share one token."""
        return self._auth

    def __repr__(self) -> str:
        return f"{type(self).__name__}(connection={self._conn!r})"

    def _http_options(self) -> dict[str, Any]:
        return {
            "base_url": self._conn.host,
            "auth": self._auth,
            "timeout": self._conn.timeout(),
            "headers": {"User-Agent": USER_AGENT},
        }

    def _retry_policy(self) -> RetryPolicy:
        return RetryPolicy.for_connection(self._conn)

    # -- the pure half of each action ---------------------------------------------------------

    @staticmethod
    def _customer_input(**values: Any) -> dict[str, Any]:
        draft: CustomerDraft = validated(CustomerDraft, **values)
        return sized(draft.to_input())

    @staticmethod
    def _product_input(**values: Any) -> dict[str, Any]:
        draft: ProductDraft = validated(ProductDraft, **values)
        return sized(draft.to_input())

    def _graphql_call(self, query: str, variables: Mapping[str, Any] | None, operation_name: str | None) -> GraphQLCall:
        if variables is not None and not isinstance(variables, Mapping):
            raise FluentValidationError(
                [ValidationIssue("variables", type(variables).__name__, "must be a mapping of name to value")]
            )
        checked = self._documents.check(query, operation_name)
        values = dict(variables or {})
        body = encode_body(query, values, operation_name)
        self._documents.coerce_variables(checked, values)
        return GraphQLCall(checked, body, values)


_QUERY_ALLOWANCE = 4_000  # the typed operations' document and envelope, generously


def sized(values: dict[str, Any]) -> dict[str, Any]:
    """Refuse an input whose request would reach Fluent's 2 MB limit. Only attributes (free JSON)
    can get that big: every other field is capped at a few hundred characters."""
    if values.get("attributes"):
        check_size(len(json.dumps(values, separators=(",", ":"))) + _QUERY_ALLOWANCE, "attributes")
    return values


def require(value: Any, field: str) -> Any:
    """A mutation or ``me`` that answered null without errors is still a failure."""
    if value is None:
        if field == "me":
            raise AuthenticationError("Fluent returned no current user for this token")
        raise FluentGraphQLError([GraphQLErrorDetail(f"{field} returned null", None, (field,), {})])
    return value
