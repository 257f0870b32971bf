"""Hostile input (issue 6): every input is accepted or refused with FluentValidationError, and a
refusal sends nothing (counted by the sandbox). Property-based with hypothesis."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fluent_commerce import FluentClient, FluentConnection, FluentError, FluentValidationError
from fluent_sandbox import SandboxHandle

PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

junk = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=300), st.binary(max_size=8))
texts = st.one_of(st.none(), st.text(max_size=300), junk)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6,
)
attributes = st.one_of(
    st.none(),
    st.dictionaries(st.text(max_size=60), json_values, max_size=3),
    st.lists(st.fixed_dictionaries({"name": texts, "type": texts, "value": json_values}), max_size=3),
    junk,
)


def requests_sent(sandbox: SandboxHandle) -> int:
    stats = sandbox.stats()
    return sum(stats["graphql_requests"].values())


def attempt(sandbox: SandboxHandle, action: Callable[[], Any]) -> None:
    """The action either passes local validation or is refused with nothing sent."""
    before = requests_sent(sandbox)
    try:
        action()
    except FluentValidationError as exc:
        assert exc.issues, "a refusal names at least one field"  # noqa: PT017
        assert requests_sent(sandbox) == before
    except FluentError:
        pass  # accepted locally; Fluent (the sandbox) may still refuse it
    else:
        assert requests_sent(sandbox) > before


@PROFILE
@given(retailer_id=st.one_of(st.integers(-3, 10**15), junk), email=st.one_of(st.emails(), texts),
       first_name=texts, last_name=texts, phone=texts, country=texts, timezone=texts,
       promotion_opt_in=st.one_of(st.booleans(), junk), attrs=attributes)  # fmt: skip
def test_create_customer_accepts_or_refuses_cleanly(
    client: FluentClient, sandbox: SandboxHandle, retailer_id: Any, email: Any, first_name: Any, last_name: Any,
    phone: Any, country: Any, timezone: Any, promotion_opt_in: Any, attrs: Any,
) -> None:  # fmt: skip
    attempt(sandbox, lambda: client.create_customer(
        retailer_id=retailer_id, email=email, first_name=first_name, last_name=last_name, phone=phone,
        country=country, timezone=timezone, promotion_opt_in=promotion_opt_in, attributes=attrs))  # fmt: skip


@PROFILE
@given(ref=texts, name=texts, gtin=texts, type_=texts, summary=texts, catalogue_ref=st.one_of(st.just("PC:MASTER:1"), texts),
       currency=st.one_of(st.sampled_from(["AUD", "usd", "EURO", ""]), texts),
       value=st.one_of(st.decimals(allow_nan=True, allow_infinity=True), st.floats(), st.text(max_size=12), junk),
       attrs=attributes)  # fmt: skip
def test_create_product_accepts_or_refuses_cleanly(
    client: FluentClient, sandbox: SandboxHandle, ref: Any, name: Any, gtin: Any, type_: Any, summary: Any,
    catalogue_ref: Any, currency: Any, value: Any, attrs: Any,
) -> None:  # fmt: skip
    attempt(sandbox, lambda: client.create_product(
        catalogue_ref=catalogue_ref, ref=ref, name=name, gtin=gtin, type=type_ or "STANDARD", summary=summary,
        price_currency=currency, price_value=value, attributes=attrs))  # fmt: skip


@PROFILE
@given(email=st.one_of(st.emails(), texts), retailer_id=st.one_of(st.none(), st.integers(-2, 5), junk))
def test_get_customer_by_email_accepts_or_refuses_cleanly(
    client: FluentClient, sandbox: SandboxHandle, email: Any, retailer_id: Any
) -> None:
    attempt(sandbox, lambda: client.get_customer_by_email(email, retailer_id=retailer_id))


@PROFILE
@given(query=st.one_of(st.text(max_size=200), junk), variables=st.one_of(st.none(), st.dictionaries(st.text(max_size=5), json_values, max_size=3), junk))  # fmt: skip
def test_generic_documents_that_do_not_parse_or_validate_are_refused(
    client: FluentClient, sandbox: SandboxHandle, query: Any, variables: Any
) -> None:
    attempt(sandbox, lambda: client.graphql(query, variables))


@pytest.mark.parametrize(
    "variables",
    [
        {"r": ["x" * 2_100_000]},
        {"r": [object()]},
        {"r": [math.nan]},
        {"r": "not-a-list-of-strings-but-coerced"},
        {"unknown": 1},
    ],
)
def test_oversized_or_odd_variables(client: FluentClient, sandbox: SandboxHandle, variables: dict[str, Any]) -> None:
    query = "query Q($r: [String]) { customers(ref: $r) { edges { cursor } } }"
    if "unknown" in variables or isinstance(variables["r"], str):
        client.graphql(query, variables)  # GraphQL coerces a single value to a list; extra variables are ignored
        return
    with pytest.raises(FluentValidationError):
        client.graphql(query, variables)
    assert requests_sent(sandbox) == 0


def test_no_request_ever_carries_credentials_in_its_url(make_conn: Callable[..., FluentConnection]) -> None:
    conn = make_conn()
    urls: list[httpx.URL] = []

    def spy(request: httpx.Request) -> httpx.Response:
        urls.append(request.url)
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": "t-1", "refresh_token": "r-1", "expires_in": 1})
        return httpx.Response(401 if len(urls) < 3 else 200, json={"data": {"me": None}})

    with FluentClient(conn, transport=httpx.MockTransport(spy)) as client, pytest.raises(FluentError):
        client.get_current_user()
    assert len(urls) >= 4
    secrets = [conn.password.get_secret_value(), conn.client_secret.get_secret_value(), conn.username, "t-1", "r-1"]
    for url in urls:
        assert url.query == b""
        assert not any(secret in str(url) for secret in secrets)
