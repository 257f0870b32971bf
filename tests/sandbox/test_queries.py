"""Contract tests for the other queries: me, users, orders, products, retailers, and "every
document valid against the schema gets a valid response" (fluent-api.md §4a, §4e, §3.3)."""

from __future__ import annotations

from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    build_schema,
    get_named_type,
    is_leaf_type,
    is_non_null_type,
)

from fluent_sandbox import PERMISSIONS, default_schema_path

ORDERS = """query O($updatedOn: DateRange, $status: [String], $first: Int, $after: String,
  $type: [String!], $totalPrice: [Float]) {
  orders(updatedOn: $updatedOn, status: $status, first: $first, after: $after, type: $type,
    totalPrice: $totalPrice) {
    edges { cursor node { id ref type status workflowRef updatedOn
      customer { username } retailer { id }
      items { edges { node { quantity product { name ... on StandardProduct { ref } } } } } } }
    pageInfo { hasNextPage hasPreviousPage }
  }
}"""


def test_get_current_user(api):
    """§4a/§3.9: `me` is the token's user: type API, role with every permission in a RETAILER
    context, primary retailer 1, a primary location."""
    result = api.op("GetCurrentUser")
    assert "errors" not in result
    me = result["data"]["me"]
    assert (me["username"], me["ref"], me["type"], me["status"]) == ("api_admin", "api_admin", "API", "ACTIVE")
    assert me["primaryRetailer"]["id"] == "1"
    assert me["primaryLocation"]["ref"] == "SANDBOX_LOCATION_1"
    [grant] = me["roles"]
    assert {p["name"] for p in grant["role"]["permissions"]} == set(PERMISSIONS)
    assert {"contextType": "RETAILER", "contextId": "1"} in grant["contexts"]
    assert me["createdOn"] == "2019-09-19T01:01:42.448Z"


def test_limited_user_lacks_create_permissions(api):
    """§3.9: the limited user's role has neither CUSTOMER_CREATE nor PRODUCT_CREATE."""
    me = api.op("GetCurrentUser", user="limited")["data"]["me"]
    names = {p["name"] for p in me["roles"][0]["role"]["permissions"]}
    assert names == set(PERMISSIONS) - {"CUSTOMER_CREATE", "PRODUCT_CREATE"}
    assert me["username"] == "api_readonly"


def test_users_and_user(api):
    """§4a: `users` search and `user(username)`."""
    data = api.data('{ users(type: ["API"]) { edges { node { username } } } user(username: "api_readonly") { id } }')
    assert sorted(e["node"]["username"] for e in data["users"]["edges"]) == ["api_admin", "api_readonly"]
    assert data["user"] == {"id": "2"}


def test_orders_polling_by_updated_on(api):
    """§4e: orders filtered by an updatedOn window, paged with `after`, items -> product."""
    window = {"from": "2023-01-12T09:00:00.000Z", "to": "2024-03-01T12:00:00.000Z"}
    page1 = api.data(ORDERS, {"updatedOn": window, "first": 2})["orders"]
    assert page1["pageInfo"]["hasNextPage"] is True
    page2 = api.data(ORDERS, {"updatedOn": window, "first": 2, "after": page1["edges"][-1]["cursor"]})["orders"]
    assert page2["pageInfo"]["hasNextPage"] is False
    refs = sorted(e["node"]["ref"] for e in page1["edges"] + page2["edges"])
    assert refs == ["CC-0002", "HD-0001", "HD-0003"]  # both inclusive bounds hit
    first = next(e["node"] for e in page2["edges"] + page1["edges"] if e["node"]["ref"] == "HD-0001")
    products = sorted(i["node"]["product"]["ref"] for i in first["items"]["edges"])
    assert products == ["SKU-0001", "SKU-0003"]
    assert first["customer"] == {"username": "1_alice@example.com"}


def test_orders_filters_and_visibility(api):
    """§4e: list filters; no retailer argument, the role context decides visibility."""
    assert [e["node"]["ref"] for e in api.data(ORDERS, {"type": ["CC"]})["orders"]["edges"]] == ["CC-0002"]
    assert [e["node"]["ref"] for e in api.data(ORDERS, {"totalPrice": [59.0]})["orders"]["edges"]] == ["HD-0003"]
    everyone = {e["node"]["ref"] for e in api.data(ORDERS)["orders"]["edges"]}
    limited = {e["node"]["ref"] for e in api.data(ORDERS, user="limited")["orders"]["edges"]}
    assert everyone - limited == {"HD-0004"}


def test_order_lookups(api):
    """§4e: `order(id, ref)` and `orderById(id)`."""
    data = api.data('{ a: order(ref: "HD-0003") { id } b: orderById(id: "2") { ref } c: order(ref: "nope") { id } }')
    assert data == {"a": {"id": "3"}, "b": {"ref": "CC-0002"}, "c": None}


def test_product_and_catalogue_lookups(api):
    """§4d: `standardProduct(ref, catalogue)` is keyed by both; `productCatalogue(ref)`."""
    data = api.data(
        '{ p: standardProduct(ref: "SKU-0001", catalogue: {ref: "PC:MASTER:2"}) { name prices { value } }'
        ' q: standardProduct(ref: "SKU-0009", catalogue: {ref: "PC:MASTER:1"}) { name }'
        ' c: productCatalogue(ref: "PC:MASTER:1") { type workflowRef } }'
    )
    assert data["p"]["name"] == "Running Shoe (R2)"
    assert data["q"] is None
    assert data["c"] == {"type": "MASTER", "workflowRef": "PRODUCT_CATALOGUE::MASTER"}


ROOT_ARGS = {
    "user": '(username: "api_admin")',
    "customer": '(ref: "1_alice@example.com")',
    "customerById": '(id: "1")',
    "productCatalogue": '(ref: "PC:MASTER:1")',
    "standardProduct": '(ref: "SKU-0001", catalogue: {ref: "PC:MASTER:1"})',
    "retailerById": '(id: "1")',
    "orderById": '(id: "1")',
    "order": '(ref: "HD-0001")',
}


def _selection(field: GraphQLField, schema, depth: int) -> str:
    named = get_named_type(field.type)
    if is_leaf_type(named):
        return ""
    if depth == 0:
        return "{ __typename }"
    parts = ["__typename"]
    assert isinstance(named, (GraphQLObjectType, GraphQLInterfaceType))
    for name, sub in named.fields.items():
        if any(is_non_null_type(arg.type) for arg in sub.args.values()):
            continue
        parts.append(f"{name} {_selection(sub, schema, depth - 1)}")
    if isinstance(named, GraphQLInterfaceType):
        for impl in schema.get_implementations(named).objects:
            fake = GraphQLField(impl)
            parts.append(f"... on {impl.name} {_selection(fake, schema, depth - 1)}")
    return "{ " + " ".join(parts) + " }"


def test_every_field_of_every_query_resolves(api):
    """§3.3: any document valid against the schema gets a valid response: every field of
    every root query, six levels deep, resolves without errors (non-null fields have values)."""
    schema = build_schema(default_schema_path().read_text())
    query_type = schema.query_type
    assert query_type is not None
    fields = [f"{name}{ROOT_ARGS.get(name, '')} {_selection(f, schema, 6)}" for name, f in query_type.fields.items()]
    result = api.gql("{ " + " ".join(fields) + " }")
    assert "errors" not in result, result.get("errors")
    assert all(result["data"][name] is not None for name in query_type.fields), result["data"]
    order_items = result["data"]["orders"]["edges"][0]["node"]["items"]["edges"]
    assert order_items[0]["node"]["product"]["__typename"] == "StandardProduct"
