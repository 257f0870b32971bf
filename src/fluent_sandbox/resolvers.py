"""Ariadne bindings: resolvers for the fields the client uses, bound to `schema.graphql`.

Fields without a resolver here fall back to graphql-core's default (the row dict's key of the
same name), so every field of the schema resolves to a value or null. Root fields check the
permission named `<ENTITY>_<ACTION>` (§3.9) and fail with C0020E naming what is missing; nested
fields inherit the root field's check. Visibility follows the token user's RETAILER contexts.
Lookups of a missing or invisible entity return null; mutations that reference a missing
entity fail with C0120E.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ariadne import InterfaceType, MutationType, ObjectType, QueryType
from graphql import GraphQLResolveInfo

from .errors import FIELD_INVALID, NOT_FOUND, FluentError, permission_denied
from .store import Principal, Store

Row = dict[str, Any]


@dataclass
class Context:
    """Per-request context: the store, the token's principal, a small per-request cache."""

    store: Store
    who: Principal
    cache: dict[tuple[str, Any], Row | None] = field(default_factory=dict)

    def get(self, kind: str, row_id: Any) -> Row | None:
        key = (kind, row_id)
        if key not in self.cache:
            self.cache[key] = self.store.get(kind, row_id)
        return self.cache[key]


def _ctx(info: GraphQLResolveInfo, permission: str) -> Context:
    ctx: Context = info.context
    if permission not in ctx.who.permissions:
        raise permission_denied(ctx.who.username, [permission], info.field_name)
    return ctx


def _visible(ctx: Context, row: Row | None, column: str = "retailerId") -> Row | None:
    return row if row is not None and ctx.who.sees(row.get(column)) else None


query = QueryType()
mutation = MutationType()


@query.field("me")
def resolve_me(_: Any, info: GraphQLResolveInfo) -> Row | None:
    ctx = _ctx(info, "USER_VIEW")
    return ctx.store.user(ctx.who.user_id)


@query.field("user")
def resolve_user(_: Any, info: GraphQLResolveInfo, id: Any = None, username: Any = None) -> Row | None:
    ctx = _ctx(info, "USER_VIEW")
    if id is None and username is None:
        return None
    return ctx.store.user(id, username)


@query.field("users")
def resolve_users(_: Any, info: GraphQLResolveInfo, **args: Any) -> Row:
    ctx = _ctx(info, "USER_VIEW")
    return ctx.store.search("User", args, ctx.who)


@query.field("customer")
def resolve_customer(_: Any, info: GraphQLResolveInfo, ref: str) -> Row | None:
    ctx = _ctx(info, "CUSTOMER_VIEW")
    return _visible(ctx, ctx.store.customer_by_ref(ref))


@query.field("customerById")
def resolve_customer_by_id(_: Any, info: GraphQLResolveInfo, id: Any) -> Row | None:
    ctx = _ctx(info, "CUSTOMER_VIEW")
    return _visible(ctx, ctx.store.get("Customer", id))


@query.field("customers")
def resolve_customers(_: Any, info: GraphQLResolveInfo, **args: Any) -> Row:
    ctx = _ctx(info, "CUSTOMER_VIEW")
    return ctx.store.search("Customer", args, ctx.who)


@query.field("productCatalogue")
def resolve_catalogue(_: Any, info: GraphQLResolveInfo, ref: str) -> Row | None:
    return _ctx(info, "PRODUCTCATALOGUE_VIEW").store.catalogue(ref)


@query.field("standardProduct")
def resolve_product(_: Any, info: GraphQLResolveInfo, ref: str, catalogue: Row) -> Row | None:
    return _ctx(info, "PRODUCT_VIEW").store.product(ref, catalogue["ref"])


@query.field("retailerById")
def resolve_retailer(_: Any, info: GraphQLResolveInfo, id: Any) -> Row | None:
    ctx = _ctx(info, "RETAILER_VIEW")
    return _visible(ctx, ctx.store.get("Retailer", id), "id")


@query.field("orderById")
def resolve_order_by_id(_: Any, info: GraphQLResolveInfo, id: Any) -> Row | None:
    ctx = _ctx(info, "ORDER_VIEW")
    return _visible(ctx, ctx.store.get("Order", id))


@query.field("order")
def resolve_order(_: Any, info: GraphQLResolveInfo, id: Any = None, ref: Any = None) -> Row | None:
    ctx = _ctx(info, "ORDER_VIEW")
    if id is not None:
        row = ctx.store.get("Order", id)
        if row is not None and ref is not None and row["ref"] != ref:
            row = None
    elif ref is not None:
        row = ctx.store.order_by_ref(ref)
    else:
        return None
    return _visible(ctx, row)


@query.field("orders")
def resolve_orders(_: Any, info: GraphQLResolveInfo, **args: Any) -> Row:
    ctx = _ctx(info, "ORDER_VIEW")
    return ctx.store.search("Order", args, ctx.who)


def _require_input(data: Row | None, name: str) -> Row:
    if data is None:
        raise FluentError(FIELD_INVALID, f"{name}: 'input' is required")
    return data


@mutation.field("createCustomer")
def resolve_create_customer(_: Any, info: GraphQLResolveInfo, input: Row | None = None) -> Row:
    ctx = _ctx(info, "CUSTOMER_CREATE")
    data = _require_input(input, "createCustomer")
    raw_id = data["retailer"]["id"]
    retailer = ctx.store.get("Retailer", raw_id)
    if retailer is None:
        raise FluentError(NOT_FOUND, f"Retailer with id '{raw_id}' not found")
    if not ctx.who.sees(retailer["id"]):
        target = f"createCustomer in RETAILER context {retailer['id']}"
        raise permission_denied(ctx.who.username, ["CUSTOMER_CREATE"], target)
    return ctx.store.create_customer(data, retailer["id"])


@mutation.field("createStandardProduct")
def resolve_create_product(_: Any, info: GraphQLResolveInfo, input: Row | None = None) -> Row:
    ctx = _ctx(info, "PRODUCT_CREATE")
    return ctx.store.create_product(_require_input(input, "createStandardProduct"))


def _json(name: str) -> Any:
    def resolve(obj: Row, _: GraphQLResolveInfo) -> Any:
        raw = obj.get(name)
        return None if raw is None else json.loads(raw)

    return resolve


def _link(kind: str, column: str) -> Any:
    def resolve(obj: Row, info: GraphQLResolveInfo) -> Row | None:
        ctx: Context = info.context
        return None if obj.get(column) is None else ctx.get(kind, obj[column])

    return resolve


def _bind(type_name: str, **resolvers: Any) -> ObjectType:
    bindable = ObjectType(type_name)
    for name, resolver in resolvers.items():
        bindable.set_field(name, resolver)
    return bindable


def _order_items(obj: Row, info: GraphQLResolveInfo, **args: Any) -> Row:
    ctx: Context = info.context
    return ctx.store.search("OrderItem", {**args, "orderId": obj["id"]}, ctx.who)


def _catalogue(obj: Row, info: GraphQLResolveInfo) -> Row | None:
    ctx: Context = info.context
    return ctx.store.catalogue(obj["catalogueRef"])


node = InterfaceType("Node", lambda obj, *_: obj.get("__typename"))
product = InterfaceType("Product", lambda obj, *_: obj.get("__typename", "StandardProduct"))

BINDABLES = [
    query,
    mutation,
    node,
    product,
    _bind(
        "User",
        attributes=_json("attributes"),
        roles=_json("roles"),
        primaryRetailer=_link("Retailer", "primaryRetailerId"),
        primaryLocation=_link("Location", "primaryLocationId"),
    ),
    _bind("Customer", attributes=_json("attributes"), retailer=_link("Retailer", "retailerId")),
    _bind("Location", attributes=_json("attributes"), retailer=_link("Retailer", "retailerId")),
    _bind("ProductCatalogue", attributes=_json("attributes")),
    _bind(
        "StandardProduct",
        attributes=_json("attributes"),
        prices=_json("prices"),
        tax=_json("tax"),
        catalogue=_catalogue,
    ),
    _bind(
        "Order",
        attributes=_json("attributes"),
        retailer=_link("Retailer", "retailerId"),
        customer=_link("Customer", "customerId"),
        items=_order_items,
    ),
    _bind(
        "OrderItem",
        attributes=_json("attributes"),
        product=_link("StandardProduct", "productId"),
        order=_link("Order", "orderId"),
    ),
]
