"""Connection settings: where Fluent is, who we are, and how patient to be.

``FluentConnection`` is the only configuration object. ``FluentConnection.from_env()`` is the only
place the library reads the environment (``FLUENT_*`` variables); explicit keyword arguments win.
"""

from __future__ import annotations

import functools
import ipaddress
import ssl
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from ._errors import FluentValidationError
from ._issues import issues_from_pydantic

__all__ = ["FluentConnection"]

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1: the only hosts allowed over plain http."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class FluentConnection(BaseModel):
    """How to reach one Fluent account.

    ``host`` is the account's API root, e.g. ``https://acme.sandbox.api.fluentretail.com``;
    ``/oauth/token`` and ``/graphql`` hang off it. Plain ``http://`` is refused except for
    loopback hosts (the local sandbox). Secrets are ``SecretStr`` and never printed.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    host: str
    username: str = Field(min_length=1)
    password: SecretStr
    client_id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    client_secret: SecretStr
    account_id: str | None = Field(default=None, description="Sent as the fluent.account header on token requests.")
    scope: str = "api"
    connect_timeout: float = Field(default=5.0, gt=0)
    read_timeout: float = Field(default=30.0, gt=0)
    token_expiry_margin: float = Field(
        default=60.0, ge=0, description="Renew this many seconds before expires_in runs out."
    )
    max_attempts: int = Field(default=3, ge=1, le=10, description="Tries per request, in total.")
    backoff_base: float = Field(default=0.5, ge=0)
    backoff_max: float = Field(default=8.0, ge=0)
    max_retry_after: float = Field(
        default=60.0, ge=0, description="Longest Retry-After we wait out; longer fails fast."
    )
    ca_bundle: str | None = Field(
        default=None, description="Extra CA file for TLS; verification itself cannot be turned off."
    )

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise FluentValidationError(issues_from_pydantic(exc), what="connection") from None

    @field_validator("host")
    @classmethod
    def _check_host(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        try:
            url = httpx.URL(value)
        except httpx.InvalidURL as exc:
            raise ValueError(f"not a URL ({exc})") from None
        if url.scheme not in ("https", "http") or not url.host:
            raise ValueError("must be an https:// URL such as https://acme.sandbox.api.fluentretail.com")
        if url.scheme == "http" and not is_loopback(url.host):
            raise ValueError("plain http is only allowed for loopback hosts; use https")
        if url.userinfo or "?" in value or "#" in value:
            raise ValueError("must not carry credentials, a query string or a fragment")
        if url.port is not None and not 0 < url.port < 65536:
            raise ValueError(f"port {url.port} is out of range")
        return value

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> FluentConnection:
        """A copy with ``update`` applied -- validated again, unlike pydantic's default, so a
        copy can never point credentials at a plain-http or otherwise invalid host."""
        values = {name: getattr(self, name) for name in type(self).model_fields}
        return type(self)(**{**values, **(update or {})})

    @field_validator("ca_bundle")
    @classmethod
    def _check_ca_bundle(cls, value: str | None) -> str | None:
        if value is not None and not Path(value).is_file():
            raise ValueError("no such file")
        return value

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> FluentConnection:
        """Like the constructor: problems become one FluentValidationError."""
        if isinstance(obj, Mapping) and not args and not kwargs:
            return cls(**obj)
        return super().model_validate(obj, *args, **kwargs)

    @property
    def token_url(self) -> str:
        return f"{self.host}/oauth/token"

    @property
    def graphql_url(self) -> str:
        return f"{self.host}/graphql"

    def tls_verify(self) -> ssl.SSLContext | bool:
        """TLS verification is always on; ``ca_bundle`` adds trusted roots to certifi's."""
        if not self.ca_bundle:
            return True
        import certifi

        context = ssl.create_default_context(cafile=certifi.where())
        context.load_verify_locations(cafile=self.ca_bundle)
        return context

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.read_timeout, connect=self.connect_timeout)

    def password_form(self) -> dict[str, str]:
        """The password-grant body. One of two places secrets are unwrapped (see refresh_form)."""
        return {
            "grant_type": "password",
            "scope": self.scope,
            "client_id": self.client_id,
            "client_secret": self.client_secret.get_secret_value(),
            "username": self.username,
            "password": self.password.get_secret_value(),
        }

    def refresh_form(self, refresh_token: str) -> dict[str, str]:
        return {
            "grant_type": "refresh_token",
            "client_id": self.client_id,
            "client_secret": self.client_secret.get_secret_value(),
            "refresh_token": refresh_token,
        }

    @classmethod
    def from_env(cls, **overrides: Any) -> FluentConnection:
        """Read ``FLUENT_HOST``, ``FLUENT_USERNAME``, ``FLUENT_PASSWORD``, ``FLUENT_CLIENT_ID``,
        ``FLUENT_CLIENT_SECRET`` and optional ``FLUENT_ACCOUNT_ID`` (and any other field as
        ``FLUENT_<FIELD>``). Keyword arguments that are not None win over the environment."""
        given = {k: v for k, v in overrides.items() if v is not None}
        try:
            env = _env_settings()(**given)
        except ValidationError as exc:
            raise FluentValidationError(issues_from_pydantic(exc, env_prefix="FLUENT_"), what="connection") from None
        return cls(**env.model_dump(exclude_none=True))

    def __repr__(self) -> str:
        return (
            f"FluentConnection(host={self.host!r}, username={self.username!r}, "
            f"client_id={self.client_id!r}, account_id={self.account_id!r})"
        )

    __str__ = __repr__


@functools.cache
def _env_settings() -> type[Any]:
    """The settings class behind ``from_env``, built on first use (pydantic-settings costs ~20 ms)."""
    from pydantic_settings import BaseSettings, SettingsConfigDict

    class EnvSettings(BaseSettings):
        """Only used by ``FluentConnection.from_env``; the connection itself never reads env."""

        model_config = SettingsConfigDict(env_prefix="FLUENT_", extra="ignore", hide_input_in_errors=True)

        host: str
        username: str
        password: SecretStr
        client_id: str
        client_secret: SecretStr
        account_id: str | None = None
        scope: str | None = None
        connect_timeout: float | None = None
        read_timeout: float | None = None
        token_expiry_margin: float | None = None
        max_attempts: int | None = None
        backoff_base: float | None = None
        backoff_max: float | None = None
        max_retry_after: float | None = None
        ca_bundle: str | None = None

    return EnvSettings
