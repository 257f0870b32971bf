"""fluent-commerce: a typed client for the Fluent Commerce OMS API.

    from fluent_commerce import FluentClient, FluentConnection

    with FluentClient(FluentConnection.from_env()) as fluent:
        print(fluent.get_current_user().username)

``AsyncFluentClient`` has the same methods as coroutines. Every error is a ``FluentError``.
"""

from ._async_client import AsyncFluentClient
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

__version__ = "0.1.0"

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
