"""Python types for Fluent's custom GraphQL scalars, used by the generated models.

``DateTime`` is a timezone-aware ``datetime``: it parses Fluent's ``2019-09-19T01:01:42.448Z``
(and any ISO 8601 string with an offset), rejects naive values, and serialises to JSON the way
Fluent writes it: UTC, milliseconds, ``Z`` (fluent-api.md §3.7). ``Json`` is any JSON value.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated

from pydantic import AwareDatetime, JsonValue, PlainSerializer

__all__ = ["DateTime", "Json", "format_datetime"]


def format_datetime(value: datetime) -> str:
    """``2019-09-19T01:01:42.448Z``: UTC with milliseconds, as Fluent sends and recommends."""
    return value.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


DateTime = Annotated[AwareDatetime, PlainSerializer(format_datetime, return_type=str, when_used="json")]
Json = JsonValue
