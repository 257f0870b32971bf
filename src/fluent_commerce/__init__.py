"""fluent-commerce: a typed client for the Fluent Commerce OMS API.

    from fluent_commerce import FluentClient, FluentConnection

    with FluentClient(FluentConnection.from_env()) as fluent:
        print(fluent.get_current_user().username)

``AsyncFluentClient`` has the same methods as coroutines. Every error is a ``FluentError``.
"""

from typing import TYPE_CHECKING, Any

from ._auth import FluentAuth
from ._client import FluentClient
from ._connection import FluentConnection
from ._errors import (
    AuthenticationError,
    FluentError,
    FluentGraphQLError,
    FluentHTTPError,
    FluentTransportError,
    FluentValidationError,
    GraphQLErrorDetail,
    PermissionDeniedError,
    RateLimitedError,
    ValidationIssue,
)
from ._token import Token

if TYPE_CHECKING:
    from ._async_client import AsyncFluentClient

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Load the async client (and its generated package) on first use: keeps import time low."""
    if name == "AsyncFluentClient":
        from ._async_client import AsyncFluentClient

        return AsyncFluentClient
    raise AttributeError(f"module 'fluent_commerce' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "AsyncFluentClient",
    "AuthenticationError",
    "FluentAuth",
    "FluentClient",
    "FluentConnection",
    "FluentError",
    "FluentGraphQLError",
    "FluentHTTPError",
    "FluentTransportError",
    "FluentValidationError",
    "GraphQLErrorDetail",
    "PermissionDeniedError",
    "RateLimitedError",
    "Token",
    "ValidationIssue",
    "__version__",
]
