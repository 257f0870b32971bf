"""Deciding what to do after a create whose outcome is unknown (pure; the clients do the I/O).

A create that failed ambiguously (no response, a dropped connection, a 5xx) may or may not have
been applied by Fluent. It is never blindly replayed. Instead the client looks the record up by
its natural key (a customer's username, a product's ref + catalogue):

* found with the values we sent  -> it was our write: return it;
* not found                      -> it did not happen: send it once more;
* found with other values, or the lookup itself failed -> raise FluentTransportError saying the
  write may or may not have happened, so the caller can decide.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from ._errors import FluentError, FluentHTTPError, FluentTransportError, RateLimitedError

__all__ = ["Verdict", "is_ambiguous", "judge", "unconfirmed"]


class Verdict(enum.Enum):
    SAME = "same"
    ABSENT = "absent"
    DIFFERENT = "different"


def is_ambiguous(exc: FluentError) -> bool:
    """True when the request may have reached Fluent and been applied."""
    if isinstance(exc, FluentTransportError):
        return exc.maybe_applied
    return isinstance(exc, FluentHTTPError) and not isinstance(exc, RateLimitedError) and exc.status_code >= 500


def _comparable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_comparable(v) for v in value]
        return sorted(items, key=repr)
    return value


def _subset(sent: Any, found: Any) -> bool:
    """Every value we sent is what Fluent holds (Fluent may hold more fields than we sent)."""
    if isinstance(sent, Mapping):
        return isinstance(found, Mapping) and all(_subset(v, found.get(k)) for k, v in sent.items())
    if isinstance(sent, list):
        return isinstance(found, list) and len(sent) == len(found) and all(map(_subset, sent, found))
    if isinstance(sent, float) or isinstance(found, float):
        return isinstance(found, (int, float)) and isinstance(sent, (int, float)) and float(sent) == float(found)
    return bool(sent == found)


def judge(found: Any, sent: Mapping[str, Any]) -> Verdict:
    """Compare a looked-up record (a generated model or None) with the input we sent."""
    if found is None:
        return Verdict.ABSENT
    held = found.model_dump(mode="json", by_alias=True)
    wanted = {k: v for k, v in sent.items() if k not in ("retailer", "catalogue")}
    if "retailer" in sent and (held.get("retailer") or {}).get("id") != sent["retailer"]["id"]:
        return Verdict.DIFFERENT
    if "catalogue" in sent and (held.get("catalogue") or {}).get("ref") != sent["catalogue"]["ref"]:
        return Verdict.DIFFERENT
    return Verdict.SAME if _subset(_comparable(wanted), _comparable(held)) else Verdict.DIFFERENT


def unconfirmed(what: str, cause: FluentError, detail: str) -> FluentTransportError:
    return FluentTransportError(f"{what}: the write may or may not have happened ({detail}; first error: {cause})",
                                maybe_applied=True)  # fmt: skip
