"""AsyncFluentClient: the line-for-line async twin of ``_client.py``; only async/await differ."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import httpx

from fluent_gql_async.client import FluentGraphQLClient
from fluent_gql_async.fragments import CustomerFields, ProductFields
from fluent_gql_async.get_current_user import GetCurrentUserMe
from fluent_gql_async.input_types import CreateCustomerInput, CreateStandardProductInput

from ._auth import FluentAuth
from ._base import JSON_HEADERS, BaseFluentClient, require
from ._connection import FluentConnection
from ._errors import FluentError
from ._reconcile import Verdict, is_ambiguous, judge, unconfirmed
from ._retry import AsyncRetryTransport
from ._shared import (
    CREATE_CUSTOMER,
    CREATE_PRODUCT,
    GET_CURRENT_USER,
    GET_CUSTOMER_BY_EMAIL,
    GET_CUSTOMER_BY_USERNAME,
    GET_PRODUCT,
    MAX_PAGES,
    PAGE_SIZE,
    call_context,
    email_variants,
    log,
    next_cursor,
    page_nodes,
    pick_customer,
    read_graphql_response,
)
from ._validation import check_email

__all__ = ["AsyncFluentClient"]

T = TypeVar("T")


class AsyncFluentClient(BaseFluentClient):
    """Asynchronous Fluent client. Use as an async context manager, or await ``close()``."""

    def __init__(
        self,
        connection: FluentConnection | None = None,
        *,
        schema: str | Path | None = None,
        auth: FluentAuth | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(connection, schema=schema, auth=auth)
        self._retrying = AsyncRetryTransport(
            transport or httpx.AsyncHTTPTransport(verify=self._conn.tls_verify()), self._retry_policy()
        )
        self._http = httpx.AsyncClient(transport=self._retrying, **self._http_options())
        # The generated HttpClient protocol predates httpx 0.28's keyword-only post(); it is compatible.
        self._gql = FluentGraphQLClient(url=self._conn.graphql_url, http_client=self._http)  # type: ignore[arg-type]

    async def __aenter__(self) -> AsyncFluentClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        await self._http.aclose()

    async def get_current_user(self) -> GetCurrentUserMe:
        """The user the credentials belong to (GraphQL ``me``)."""
        with call_context("GetCurrentUser"):
            result = await self._gql.get_current_user(extensions=GET_CURRENT_USER)
        me: GetCurrentUserMe = require(result.me, "me")
        return me

    async def get_customer_by_email(self, email: str, *, retailer_id: int | str | None = None) -> CustomerFields | None:
        """The customer whose primary e-mail is exactly ``email`` (compared ignoring case), or None."""
        email, retailer_id = check_email(email, retailer_id)
        nodes: list[Any] = []
        after: str | None = None
        with call_context("GetCustomerByEmail", {"email": email}):
            for _ in range(MAX_PAGES):
                page = await self._gql.get_customer_by_email(
                    emails=email_variants(email), first=PAGE_SIZE, after=after, extensions=GET_CUSTOMER_BY_EMAIL
                )
                nodes.extend(page_nodes(page.customers))
                after = next_cursor(page.customers)
                if after is None:
                    break
        found: CustomerFields | None = pick_customer(nodes, email, retailer_id)
        return found

    async def create_customer(
        self,
        *,
        retailer_id: int | str,
        email: str,
        first_name: str | None = None,
        last_name: str | None = None,
        phone: str | None = None,
        country: str | None = None,
        timezone: str | None = None,
        promotion_opt_in: bool = False,
        attributes: Mapping[str, Any] | list[Mapping[str, Any]] | None = None,
        username: str | None = None,
        title: str | None = None,
        department: str | None = None,
    ) -> CustomerFields:
        """Create a customer; ``username`` defaults to Fluent's ``{retailer_id}_{email}``."""
        values = self._customer_input(
            retailer_id=retailer_id,
            email=email,
            first_name=first_name,
            last_name=last_name,
            phone=phone,
            country=country,
            timezone=timezone,
            promotion_opt_in=promotion_opt_in,
            attributes=attributes,
            username=username,
            title=title,
            department=department,
        )
        customer: CustomerFields = await self._reconciled(
            "CreateCustomer", self._send_customer, self._find_customer, values
        )
        return customer

    async def create_product(
        self,
        *,
        catalogue_ref: str,
        ref: str,
        name: str,
        gtin: str,
        type: str = "STANDARD",
        summary: str | None = None,
        price_currency: str | None = None,
        price_value: str | float | None = None,
        price_type: str = "DEFAULT",
        attributes: Mapping[str, Any] | list[Mapping[str, Any]] | None = None,
    ) -> ProductFields:
        """Create a standard product in an existing catalogue, with at most one price."""
        values = self._product_input(
            catalogue_ref=catalogue_ref,
            ref=ref,
            name=name,
            gtin=gtin,
            type=type,
            summary=summary,
            price_currency=price_currency,
            price_value=price_value,
            price_type=price_type,
            attributes=attributes,
        )
        product: ProductFields = await self._reconciled("CreateProduct", self._send_product, self._find_product, values)
        return product

    async def graphql(
        self, query: str, variables: Mapping[str, Any] | None = None, *, operation_name: str | None = None
    ) -> dict[str, Any]:
        """Any document; validated locally against the schema, then sent. Returns ``data``."""
        call = self._graphql_call(query, variables, operation_name)
        with call_context(call.name, call.variables):
            response = await self._http.post(
                self._conn.graphql_url, content=call.body, headers=JSON_HEADERS, extensions=call.extensions
            )
        return read_graphql_response(response)

    # -- writes whose outcome is unknown are reconciled, never blindly replayed (see _reconcile.py) --

    async def _send_customer(self, values: dict[str, Any]) -> CustomerFields:
        payload = CreateCustomerInput.model_validate(values)  # our own input: outside call_context
        with call_context("CreateCustomer", values):
            result = await self._gql.create_customer(input=payload, extensions=CREATE_CUSTOMER)
        customer: CustomerFields = require(result.create_customer, "createCustomer")
        return customer

    async def _find_customer(self, values: dict[str, Any]) -> CustomerFields | None:
        with call_context("GetCustomerByUsername"):
            result = await self._gql.get_customer_by_username(
                username=values["username"], extensions=GET_CUSTOMER_BY_USERNAME
            )
        return result.customer

    async def _send_product(self, values: dict[str, Any]) -> ProductFields:
        payload = CreateStandardProductInput.model_validate(values)
        with call_context("CreateProduct", values):
            result = await self._gql.create_product(input=payload, extensions=CREATE_PRODUCT)
        product: ProductFields = require(result.create_standard_product, "createStandardProduct")
        return product

    async def _find_product(self, values: dict[str, Any]) -> ProductFields | None:
        with call_context("GetProduct"):
            result = await self._gql.get_product(
                ref=values["ref"], catalogue_ref=values["catalogue"]["ref"], extensions=GET_PRODUCT
            )
        return result.standard_product

    async def _reconciled(
        self,
        what: str,
        send: Callable[[dict[str, Any]], Awaitable[T]],
        find: Callable[[dict[str, Any]], Awaitable[T | None]],
        values: dict[str, Any],
    ) -> T:
        try:
            return await send(values)
        except FluentError as exc:
            if not is_ambiguous(exc):
                raise
            failure = exc
        log.info("%s: outcome unknown (%s); reconciling", what, type(failure).__name__)
        try:
            found = await find(values)
        except FluentError as exc:
            raise unconfirmed(what, failure, f"the lookup failed too: {type(exc).__name__}") from failure
        verdict = judge(found, values)
        if verdict is Verdict.SAME and found is not None:
            return found
        if verdict is Verdict.DIFFERENT:
            raise unconfirmed(what, failure, "a record with that key exists with other values")
        try:
            return await send(values)
        except FluentError as exc:
            if is_ambiguous(exc):
                raise unconfirmed(what, exc, "the single retry failed too") from exc
            try:  # e.g. a duplicate key: the first attempt may have landed after our lookup
                late = await find(values)
            except FluentError:
                raise exc from None
            if late is not None and judge(late, values) is Verdict.SAME:
                return late
            raise
