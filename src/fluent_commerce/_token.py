"""Fluent's token response, parsed (pure: no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from ._errors import AuthenticationError

__all__ = ["Token", "parse_token_response"]

# The Connect SDK's fallback when expires_in is missing (fluent-api.md §2.2).
DEFAULT_EXPIRES_IN = 3600


def _mask(secret: str | None) -> str:
    return "None" if secret is None else f"'…{secret[-4:]}'" if len(secret) > 12 else "'***'"


@dataclass(frozen=True)
class Token:
    """An access token plus Fluent's extra keys. ``repr`` shows only the last 4 characters."""

    access_token: str = field(repr=False)
    expires_at: float
    token_type: str = "bearer"
    expires_in: int = DEFAULT_EXPIRES_IN
    scope: str | None = None
    refresh_token: str | None = field(default=None, repr=False)
    retailer_id: int | None = None
    user_id: int | None = None
    first_name: str | None = None
    last_name: str | None = None
    roles: tuple[Any, ...] = ()

    def __repr__(self) -> str:
        return (
            f"Token(access_token={_mask(self.access_token)}, "
            f"refresh_token={_mask(self.refresh_token)}, expires_in={self.expires_in}, "
            f"retailer_id={self.retailer_id}, user_id={self.user_id})"
        )

    def fresh(self, now: float, margin: float) -> bool:
        """Still usable ``margin`` seconds from now; the margin shrinks for very short TTLs."""
        return now < self.expires_at - min(margin, self.expires_in / 2)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def oauth_error(response: httpx.Response) -> tuple[str | None, str | None]:
    """Fluent's ``error`` / ``error_description``, when the body is OAuth-shaped JSON."""
    try:
        body = response.json()
    except ValueError:
        return None, None
    if not isinstance(body, dict):
        return None, None
    error, description = body.get("error"), body.get("error_description")
    return (
        error if isinstance(error, str) else None,
        description if isinstance(description, str) else None,
    )


def parse_token_response(response: httpx.Response, *, now: float) -> Token:
    """Turn a /oauth/token answer into a Token, or raise AuthenticationError.

    Any non-200 is an authentication failure (§2.4); a 200 without ``access_token`` is one too.
    """
    if response.status_code != 200:
        error, description = oauth_error(response)
        raise AuthenticationError(
            "Fluent refused the token request",
            status_code=response.status_code,
            error=error,
            error_description=description,
        )
    try:
        body = response.json()
    except ValueError:
        body = None
    access = body.get("access_token") if isinstance(body, dict) else None
    if not isinstance(access, str) or not access:
        raise AuthenticationError("Fluent's token response has no access_token", status_code=response.status_code)
    assert isinstance(body, dict)
    expires_in = _int_or_none(body.get("expires_in"))
    if expires_in is None or expires_in <= 0:
        expires_in = DEFAULT_EXPIRES_IN
    refresh = body.get("refresh_token")
    roles = body.get("Roles")
    return Token(
        access_token=access,
        expires_at=now + expires_in,
        token_type=str(body.get("token_type", "bearer")),
        expires_in=expires_in,
        scope=body.get("scope") if isinstance(body.get("scope"), str) else None,
        refresh_token=refresh if isinstance(refresh, str) and refresh else None,
        retailer_id=_int_or_none(body.get("Retailer_id")),
        user_id=_int_or_none(body.get("User_id")),
        first_name=body.get("FirstName") if isinstance(body.get("FirstName"), str) else None,
        last_name=body.get("LastName") if isinstance(body.get("LastName"), str) else None,
        roles=tuple(roles) if isinstance(roles, list) else (),
    )
