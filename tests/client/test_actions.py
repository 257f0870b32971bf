"""The five actions end to end against the sandbox over loopback HTTP, sync and async.

Each test runs twice: with FluentClient and with AsyncFluentClient (the `run` fixture awaits
coroutines), so the twins are held to the same behaviour.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable
from datetime import timezone
from typing import Any

import anyio
import pytest

from fluent_commerce import (
    AsyncFluentClient,
    FluentClient,
    FluentConnection,
    FluentGraphQLError,
    FluentValidationError,
    PermissionDeniedError,
)
from fluent_sandbox import SandboxHandle

pytestmark = pytest.mark.anyio

Client = FluentClient | AsyncFluentClient


@pytest.fixture(params=["sync", "async"])
async def fluent(request: pytest.FixtureRequest, conn: FluentConnection) -> Any:
    if request.param == "sync":
        with FluentClient(conn) as client:
            yield client
    else:
        async with AsyncFluentClient(conn) as client:
            yield client


async def call(method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Await the async twin, run the sync one in a worker thread (it blocks)."""
    if inspect.iscoroutinefunction(method):
        return await method(*args, **kwargs)
    return await anyio.to_thread.run_sync(lambda: method(*args, **kwargs))


def unique_email() -> str:
    return f"it-{uuid.uuid4().hex[:10]}@example.com"


async def test_get_current_user_is_the_seeded_api_user(fluent: Client, sandbox: SandboxHandle) -> None:
    """fluent-api.md §4a: me returns the token's user, with roles and retailer."""
    me = await call(fluent.get_current_user)
    assert me.username == sandbox.env()["FLUENT_USERNAME"]
    assert me.primary_retailer is not None and me.primary_retailer.id == "1"
    permissions = {p.name for role in me.roles or [] if role for p in role.role.permissions or [] if p}
    assert {"CUSTOMER_CREATE", "PRODUCT_CREATE"} <= permissions
    assert me.created_on is not None and me.created_on.tzinfo is not None


async def test_create_customer_then_find_it_by_email(fluent: Client, sandbox: SandboxHandle) -> None:
    """§4c/§4b: username defaults to {retailer}_{email}; attributes stored; lookup by e-mail."""
    email = unique_email()
    created = await call(fluent.create_customer, retailer_id=1, email=email, first_name="Bo", last_name=None,
                         timezone="GMT+10", attributes={"tier": "gold", "visits": 3})  # fmt: skip
    assert created.username == f"1_{email}" and created.ref == f"1_{email}"
    assert created.last_name is None
    assert {(a.name, a.type_, a.value) for a in created.attributes or [] if a} == {
        ("tier", "STRING", "gold"),
        ("visits", "INTEGER", 3),
    }
    found = await call(fluent.get_customer_by_email, email.upper())
    assert found is not None and found.id == created.id
    assert found.created_on is not None and found.created_on.tzinfo == timezone.utc


async def test_create_product_with_a_price(fluent: Client) -> None:
    """§4d: prices [{type, currency, value}], status CREATED, catalogue echoed."""
    ref = f"SKU-{uuid.uuid4().hex[:8]}"
    product = await call(fluent.create_product, catalogue_ref="PC:MASTER:1", ref=ref, name="Mug", gtin="9300000000017",
                         price_currency="aud", price_value="19.95", attributes={"colour": "blue"})  # fmt: skip
    assert (product.ref, product.status, product.catalogue.ref) == (ref, "CREATED", "PC:MASTER:1")
    assert [(p.type_, p.currency, p.value) for p in product.prices or [] if p] == [("DEFAULT", "AUD", 19.95)]


async def test_generic_graphql_with_variables(fluent: Client) -> None:
    data = await call(fluent.graphql, "query Q($n:Int){ customers(first:$n){ edges{ node{ id primaryEmail } } } }",
                      variables={"n": 2})  # fmt: skip
    assert len(data["customers"]["edges"]) == 2


async def test_email_lookup_is_exact_not_wildcard(fluent: Client) -> None:
    """§3.8: `_` and `%` may act as wildcards on the server; only exact matches are returned."""
    assert (await call(fluent.get_customer_by_email, "bob_smith@example.com")).first_name == "Bob"
    assert await call(fluent.get_customer_by_email, "bob%smith@example.com") is None
    assert await call(fluent.get_customer_by_email, "%@example.com") is None
    assert await call(fluent.get_customer_by_email, "nobody@example.com") is None


async def test_email_lookup_is_case_insensitive(fluent: Client) -> None:
    """§3.8: filter case-sensitivity is not confirmed (the sandbox matches exactly), so the client
    sends the address as given and in lower case, then compares case-insensitively itself."""
    found = await call(fluent.get_customer_by_email, "Carol.Mixed@Example.COM")
    assert found is not None and found.primary_email == "Carol.Mixed@Example.COM"
    assert (await call(fluent.get_customer_by_email, "ALICE@EXAMPLE.COM")).first_name == "Alice"


async def test_same_email_under_two_retailers(fluent: Client) -> None:
    """§4b: one e-mail, two retailers → two customers; retailer_id narrows, else most recently updated."""
    assert (await call(fluent.get_customer_by_email, "shared@example.com", retailer_id=1)).retailer.id == "1"
    assert (await call(fluent.get_customer_by_email, "shared@example.com", retailer_id=2)).retailer.id == "2"
    assert (await call(fluent.get_customer_by_email, "shared@example.com")).retailer.id == "2"
    assert await call(fluent.get_customer_by_email, "shared@example.com", retailer_id=3) is None


async def test_validation_errors_send_nothing(fluent: Client, sandbox: SandboxHandle) -> None:
    with pytest.raises(FluentValidationError):
        await call(fluent.create_customer, retailer_id=1, email="not-an-email")
    with pytest.raises(FluentValidationError):
        await call(fluent.create_product, catalogue_ref="PC:MASTER:1", ref="R", name="N", gtin="1" * 21)
    with pytest.raises(FluentValidationError):
        await call(fluent.get_customer_by_email, "bo@")
    with pytest.raises(FluentValidationError, match="line 1:"):
        await call(fluent.graphql, "{ customers { edges { node { nope } } } }")
    stats = sandbox.stats()
    assert stats["graphql_requests"] == {} and sum(stats["token_requests"].values()) == 0


async def test_duplicate_customer_is_a_graphql_error_and_writes_nothing(fluent: Client, sandbox: SandboxHandle) -> None:
    with pytest.raises(FluentGraphQLError) as caught:
        await call(fluent.create_customer, retailer_id=1, email="alice@example.com", first_name="Other")
    assert caught.value.codes == ["C0121E"]
    assert (await call(fluent.get_customer_by_email, "alice@example.com")).first_name == "Alice"


async def test_unknown_catalogue_is_c0120e(fluent: Client) -> None:
    with pytest.raises(FluentGraphQLError) as caught:
        await call(fluent.create_product, catalogue_ref="PC:NOPE", ref="R-1", name="N", gtin="1")
    assert caught.value.codes == ["C0120E"]


async def test_missing_permission_is_permission_denied(make_conn: Callable[..., FluentConnection]) -> None:
    """§3.9: C0020E names the missing permission."""
    async with AsyncFluentClient(make_conn(user="limited")) as limited:
        with pytest.raises(PermissionDeniedError, match="CUSTOMER_CREATE") as caught:
            await limited.create_customer(retailer_id=1, email=unique_email(), first_name="No")
        assert "C0020E" in caught.value.codes
        assert (await limited.get_current_user()).username == "api_readonly"


async def test_server_errors_keep_every_error_and_partial_data(fluent: Client) -> None:
    """§3.7: a DateRange with neither bound is C0101E; the other field's data survives."""
    query = "query P { me { username } customers(createdOn: {}) { edges { cursor } } }"
    with pytest.raises(FluentGraphQLError) as caught:
        await call(fluent.graphql, query)
    assert caught.value.codes == ["C0101E"]
    assert caught.value.errors[0].path == ("customers",)
    assert caught.value.data == {"me": {"username": "api_admin"}, "customers": None}
