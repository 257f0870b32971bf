"""Contract tests for createCustomer and createStandardProduct (fluent-api.md §4c, §4d, §3.9)."""

from __future__ import annotations

import re

import pytest

from .support import customer_input, product_input

ALL = "{ customers(first: 500) { edges { node { id } } } }"
TS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")
COUNT = "query C($e: [String]) { customers(primaryEmail: $e, first: 500) { edges { node { id username firstName } } } }"


def emails(api, email):
    return api.data(COUNT, {"e": [email]})["customers"]["edges"]


def test_create_customer(api):
    """§4c: createCustomer stores the input; ref is the username; ACTIVE; attributes upsert by
    name; createdOn/updatedOn in Fluent's format; then the customer is searchable."""
    result = api.op("CreateCustomer", {"input": customer_input()})
    assert "errors" not in result
    node = result["data"]["createCustomer"]
    assert node["ref"] == node["username"] == "1_new@example.com"
    assert node["status"] == "ACTIVE"
    assert (node["firstName"], node["timezone"], node["promotionOptIn"]) == ("New", "GMT+10", True)
    assert node["retailer"]["id"] == "1"
    assert node["attributes"] == [
        {"name": "TIER", "type": "STRING", "value": "gold"},
        {"name": "PREFS", "type": "JSON", "value": {"sms": False, "tags": [1, 2]}},
    ]
    assert TS.fullmatch(node["createdOn"])
    assert node["createdOn"] == node["updatedOn"]
    assert [e["node"]["id"] for e in emails(api, "new@example.com")] == [node["id"]]


def test_create_customer_minimal_newest_schema(api):
    """§4c: the newest schema needs only username, primaryEmail, promotionOptIn, retailer."""
    minimal = {
        "username": "1_min@example.com",
        "primaryEmail": "min@example.com",
        "promotionOptIn": False,
        "retailer": {"id": 1},
    }
    node = api.op("CreateCustomer", {"input": minimal})["data"]["createCustomer"]
    assert (node["firstName"], node["timezone"], node["attributes"]) == (None, None, None)


def test_duplicate_username_is_an_error_and_writes_nothing(api):
    """§4c/§3.9: a duplicate username is a GraphQL error (sandbox code C0121E) with the field
    null, and the existing customer is untouched."""
    api.op("CreateCustomer", {"input": customer_input()})
    again = api.op("CreateCustomer", {"input": customer_input(firstName="Second")})
    assert again["data"] == {"createCustomer": None}
    [error] = again["errors"]
    assert error["code"] == "C0121E"
    assert error["extensions"] == {"code": "C0121E"}
    assert error["path"] == ["createCustomer"]
    assert [e["node"]["firstName"] for e in emails(api, "new@example.com")] == ["New"]


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("username", 250),
        ("primaryEmail", 250),
        ("firstName", 50),
        ("lastName", 50),
        ("title", 50),
        ("timezone", 32),
        ("country", 100),
        ("primaryPhone", 20),
        ("department", 255),
    ],
)
def test_customer_field_limits(api, field, limit):
    """§4c/§3.4: each field's own maximum (255 by default); one over is rejected, at the limit
    is accepted."""
    base = customer_input("limit@example.com")
    over = api.op("CreateCustomer", {"input": {**base, field: "x" * (limit + 1)}})
    assert api.codes(over) == ["C0122E"]
    assert field in over["errors"][0]["message"]
    assert len(api.data(ALL)["customers"]["edges"]) == 6  # nothing written
    at_limit = {**base, field: "x" * limit}
    assert "errors" not in api.op("CreateCustomer", {"input": at_limit})


def test_attribute_name_over_255_is_rejected(api):
    """§3.4: strings default to 255 characters, including inside attributes."""
    attrs = [{"name": "n" * 256, "type": "STRING", "value": "v"}]
    result = api.op("CreateCustomer", {"input": customer_input(attributes=attrs)})
    assert api.codes(result) == ["C0122E"]


def test_unknown_retailer_is_c0120e(api):
    """§3.3: the operation targets an entity that cannot be found -> C0120E."""
    result = api.op("CreateCustomer", {"input": customer_input(retailer={"id": "99"})})
    assert api.codes(result) == ["C0120E"]
    assert emails(api, "new@example.com") == []


def test_missing_permission_is_c0020e_naming_it(api):
    """§3.3/§3.9: a user without CUSTOMER_CREATE gets C0020E listing only what is missing;
    the code is at the top level and in extensions; nothing is written."""
    result = api.op("CreateCustomer", {"input": customer_input()}, user="limited")
    assert result["data"] == {"createCustomer": None}
    [error] = result["errors"]
    assert error["code"] == "C0020E"
    assert error["extensions"]["code"] == "C0020E"
    assert "CUSTOMER_CREATE" in error["message"]
    assert "CUSTOMER_VIEW" not in error["message"]
    assert emails(api, "new@example.com") == []


def test_customer_created_in_retailer_2_is_scoped_to_it(api):
    """§3.9/§4b: the admin (RETAILER contexts 1 and 2) may create for retailer 2; a user whose
    only context is retailer 1 does not see that customer."""
    created = api.op("CreateCustomer", {"input": customer_input(username="2_new@example.com", retailer={"id": "2"})})
    assert created["data"]["createCustomer"]["retailer"]["ref"] == "SANDBOX_RETAILER_2"
    assert len(emails(api, "new@example.com")) == 1
    assert api.data(COUNT, {"e": ["new@example.com"]}, user="limited")["customers"]["edges"] == []


def test_create_standard_product(api):
    """§4d: status CREATED, workflowRef PRODUCT_CATALOGUE::<catalogue type>, workflowVersion,
    prices upserted by type+currency, attributes and tax stored; GetProduct finds it."""
    result = api.op("CreateProduct", {"input": product_input()})
    assert "errors" not in result
    node = result["data"]["createStandardProduct"]
    assert node["status"] == "CREATED"
    assert node["workflowRef"] == "PRODUCT_CATALOGUE::MASTER"
    assert node["workflowVersion"] == 1
    assert node["prices"] == [
        {"type": "RRP", "currency": "AUD", "value": 12.5},
        {"type": "RRP", "currency": "USD", "value": 8.0},
    ]
    assert node["attributes"] == [{"name": "COLOUR", "type": "STRING", "value": "RED"}]
    assert node["tax"] == {"country": "AU", "group": "STANDARD", "tariff": "GST"}
    assert node["catalogue"] == {"ref": "PC:MASTER:1", "name": "Master catalogue", "type": "MASTER"}
    assert TS.fullmatch(node["createdOn"])
    fetched = api.op("GetProduct", {"ref": "SKU-NEW", "catalogueRef": "PC:MASTER:1"})
    assert fetched["data"]["standardProduct"] == node


def test_duplicate_product_ref_is_per_catalogue(api):
    """§4d: ref is unique within a catalogue (C0121E there) but may repeat in another."""
    assert "errors" not in api.op("CreateProduct", {"input": product_input()})
    dup = api.op("CreateProduct", {"input": product_input(name="Other")})
    assert dup["data"] == {"createStandardProduct": None}
    assert api.codes(dup) == ["C0121E"]
    kept = api.op("GetProduct", {"ref": "SKU-NEW", "catalogueRef": "PC:MASTER:1"})
    assert kept["data"]["standardProduct"]["name"] == "New Product"
    assert "errors" not in api.op("CreateProduct", {"input": product_input(catalogue="PC:MASTER:2")})


def test_unknown_catalogue_is_c0120e(api):
    """§4d/§3.3: the catalogue must exist."""
    result = api.op("CreateProduct", {"input": product_input(catalogue="PC:NOPE:1")})
    assert api.codes(result) == ["C0120E"]
    assert "PC:NOPE:1" in result["errors"][0]["message"]


@pytest.mark.parametrize(
    ("field", "limit"), [("ref", 100), ("type", 50), ("gtin", 20), ("summary", 255), ("name", 255)]
)
def test_product_field_limits(api, field, limit):
    """§4d/§3.4: ref 100, type 50, gtin 20, summary 255, others 255."""
    over = api.op("CreateProduct", {"input": product_input(**{field: "x" * (limit + 1)})})
    assert api.codes(over) == ["C0122E"]
    assert "errors" not in api.op("CreateProduct", {"input": product_input(**{field: "y" * limit})})


def test_failed_mutation_writes_nothing(api):
    """§3.9: a mutation never partly succeeds: the product row inserted before a missing
    category is found is rolled back, so the same ref can be created afterwards."""
    bad = product_input(categories=[{"ref": "CAT-NONE", "catalogue": {"ref": "PC:MASTER:1"}}])
    result = api.op("CreateProduct", {"input": bad})
    assert api.codes(result) == ["C0120E"]
    assert api.op("GetProduct", {"ref": "SKU-NEW", "catalogueRef": "PC:MASTER:1"})["data"] == {"standardProduct": None}
    assert "errors" not in api.op("CreateProduct", {"input": product_input()})


def test_limited_user_cannot_create_products(api):
    """§3.9: PRODUCT_CREATE missing -> C0020E naming it."""
    result = api.op("CreateProduct", {"input": product_input()}, user="limited")
    assert api.codes(result) == ["C0020E"]
    assert "PRODUCT_CREATE" in result["errors"][0]["message"]


def test_null_input_is_rejected(api):
    """§4c: `input` is nullable in the SDL, but a mutation without it cannot succeed."""
    result = api.gql("mutation { createCustomer(input: null) { id } }")
    assert result["data"] == {"createCustomer": None}
    assert api.codes(result) == ["C0122E"]
