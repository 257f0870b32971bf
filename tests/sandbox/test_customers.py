"""Contract tests for customer search and lookups (fluent-api.md §4b, §3.5, §3.7, §3.8)."""

from __future__ import annotations

import re

import pytest

SEARCH = """query S($email: [String], $first: Int, $last: Int, $after: String, $before: String,
  $firstName: [String], $lastName: [String], $createdOn: DateRange, $updatedOn: DateRange,
  $optIn: [Boolean], $ref: [String], $username: [String]) {
  customers(primaryEmail: $email, first: $first, last: $last, after: $after, before: $before,
    firstName: $firstName, lastName: $lastName, createdOn: $createdOn, updatedOn: $updatedOn,
    promotionOptIn: $optIn, ref: $ref, username: $username) {
    edges { cursor node { id username primaryEmail } }
    pageInfo { hasNextPage hasPreviousPage }
  }
}"""
TS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")


def usernames(api, user="admin", **variables):
    edges = api.data(SEARCH, variables, user=user)["customers"]["edges"]
    return sorted(e["node"]["username"] for e in edges)


def test_get_customer_by_email_operation(api):
    """§4b: the client's exact operation returns every CustomerFields field."""
    result = api.op("GetCustomerByEmail", {"emails": ["alice@example.com"], "first": 10})
    assert "errors" not in result
    [edge] = result["data"]["customers"]["edges"]
    node = edge["node"]
    assert node["ref"] == node["username"] == "1_alice@example.com"
    assert node["retailer"] == {
        "id": "1",
        "ref": "SANDBOX_RETAILER",
        "status": "ACTIVE",
        "tradingName": "Sandbox Retailer",
        "primaryEmail": "retailer@sandbox.example",
    }
    assert node["attributes"] == [{"name": "SOURCE", "type": "STRING", "value": "seed"}]
    assert node["createdOn"] == "2019-09-19T01:01:42.448Z"
    assert TS.fullmatch(node["updatedOn"])
    assert isinstance(node["promotionOptIn"], bool)
    assert result["data"]["customers"]["pageInfo"] == {"hasNextPage": False}
    assert edge["cursor"]


def test_same_email_under_two_retailers_is_two_customers(api):
    """§4b: the same e-mail under two retailers is two customers; visibility follows the
    user's RETAILER role contexts (admin: 1 and 2; limited: 1 only)."""
    assert usernames(api, email=["shared@example.com"]) == ["1_shared@example.com", "2_shared@example.com"]
    assert usernames(api, email=["shared@example.com"], user="limited") == ["1_shared@example.com"]


def test_exact_match_is_case_sensitive_and_list_is_or(api):
    """§3.8: without `%` a value matches exactly; several values are ORed."""
    assert usernames(api, email=["carol.mixed@example.com"]) == []
    assert usernames(api, email=["Carol.Mixed@Example.COM"]) == ["1_Carol.Mixed@Example.COM"]
    both = usernames(api, email=["carol.mixed@example.com", "Carol.Mixed@Example.COM", "alice@example.com"])
    assert both == ["1_Carol.Mixed@Example.COM", "1_alice@example.com"]


def test_percent_is_a_case_insensitive_wildcard(api):
    """§3.8: `%` matches any run of characters, case-insensitively."""
    assert usernames(api, email=["%MIXED%"]) == ["1_Carol.Mixed@Example.COM"]
    assert usernames(api, ref=["1_bob%"]) == ["1_bob_smith@example.com", "1_bobxsmith@example.com"]


def test_underscore_is_literal(api):
    """§3.8: `_` is not a wildcard (sandbox choice; NOT CONFIRMED for Fluent)."""
    assert usernames(api, email=["bob_smith%"]) == ["1_bob_smith@example.com"]
    assert usernames(api, email=["bob_smith@example.com"]) == ["1_bob_smith@example.com"]
    assert usernames(api, email=["%b_x%"]) == []


def test_filters_are_anded_across_fields(api):
    """§4e/§3.8: different filters combine with AND."""
    assert len(usernames(api, firstName=["Sam"], email=["shared@example.com"])) == 2
    assert usernames(api, firstName=["Sam"], lastName=["Nobody"]) == []
    assert usernames(api, firstName=["Sam", "Alice"], lastName=["Anderson"]) == ["1_alice@example.com"]


def test_boolean_and_username_filters(api):
    """§4b: every filter argument works: promotionOptIn, username."""
    opted = usernames(api, optIn=[True])
    assert opted == ["1_Carol.Mixed@Example.COM", "1_bob_smith@example.com", "2_shared@example.com"]
    assert usernames(api, username=["1_alice@example.com"]) == ["1_alice@example.com"]


def test_no_first_returns_ten(api):
    """§3.4: a search without `first` returns 10 results."""
    for n in range(6):
        api.op("CreateCustomer", {"input": _customer(f"p{n}@example.com")})
    connection = api.data(SEARCH)["customers"]
    assert len(connection["edges"]) == 10
    assert connection["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize("first", [501, -1])
def test_page_size_outside_0_to_500_is_an_error(api, first):
    """§3.4: max page size is 500; larger (or negative) is an error and no data."""
    result = api.gql(SEARCH, {"first": first})
    assert result["data"] == {"customers": None}
    assert api.codes(result) == ["C0140E"]
    assert "500" in result["errors"][0]["message"]
    assert len(api.data(SEARCH, {"first": 500})["customers"]["edges"]) == 6


def test_forward_and_backward_pagination(api):
    """§3.5: pass the last edge's cursor as `after`; `last`/`before` walk back; pageInfo has
    only hasNextPage/hasPreviousPage."""
    everyone = [e["node"]["username"] for e in api.data(SEARCH, {"first": 50})["customers"]["edges"]]
    assert len(everyone) == 6
    page1 = api.data(SEARCH, {"first": 4})["customers"]
    assert page1["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": False}
    page2 = api.data(SEARCH, {"first": 4, "after": page1["edges"][-1]["cursor"]})["customers"]
    assert page2["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": True}
    walked = [e["node"]["username"] for e in page1["edges"] + page2["edges"]]
    assert walked == everyone
    back = api.data(SEARCH, {"last": 2, "before": page2["edges"][0]["cursor"]})["customers"]
    assert [e["node"]["username"] for e in back["edges"]] == everyone[2:4]
    assert back["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": True}
    tail = api.data(SEARCH, {"last": 2})["customers"]
    assert [e["node"]["username"] for e in tail["edges"]] == everyone[-2:]


def test_bad_cursor_is_an_error(api):
    """§3.5: cursors are opaque; a forged one is rejected, not misread."""
    result = api.gql(SEARCH, {"after": "not-a-cursor"})
    assert api.codes(result) == ["C0140E"]


def test_date_range_bounds_are_inclusive(api):
    """§3.7: `from` matches at-or-after, `to` at-or-before (millisecond precision)."""
    ts = "2022-12-31T23:59:59.999Z"  # Carol's createdOn
    assert "1_Carol.Mixed@Example.COM" in usernames(api, createdOn={"from": ts})
    assert "1_Carol.Mixed@Example.COM" in usernames(api, createdOn={"to": ts})
    assert usernames(api, createdOn={"from": ts, "to": ts}) == ["1_Carol.Mixed@Example.COM"]
    assert "1_Carol.Mixed@Example.COM" not in usernames(api, createdOn={"from": "2023-01-01T00:00:00.000Z"})
    assert usernames(api, updatedOn={"from": "2024-02-29T12:34:56.789+00:00"}) == ["2_shared@example.com"]


@pytest.mark.parametrize("bounds", [{}, {"from": None, "to": None}])
def test_date_range_without_bounds_is_c0101e(api, bounds):
    """§3.7/§3.3: neither bound -> C0101E."""
    result = api.gql(SEARCH, {"createdOn": bounds})
    assert api.codes(result) == ["C0101E"]
    assert result["errors"][0]["extensions"] == {"code": "C0101E"}
    assert result["data"] == {"customers": None}


@pytest.mark.parametrize(
    "value", ["2023-01-01T10:00:00+10:00", "2023-01-01", "yesterday", "2023-13-01T00:00:00Z", "2023-01-01T00:00:00"]
)
def test_bad_or_non_utc_date_is_c0100e(api, value):
    """§3.7/§3.3: malformed or non-UTC dates -> C0100E."""
    assert api.codes(api.gql(SEARCH, {"updatedOn": {"from": value}})) == ["C0100E"]


def test_customer_by_ref_and_id(api):
    """§4b: `customer(ref)` takes the username; `customerById`; unknown -> null."""
    result = api.op("GetCustomerByUsername", {"username": "1_bob_smith@example.com"})
    assert result["data"]["customer"]["primaryEmail"] == "bob_smith@example.com"
    assert api.op("GetCustomerByUsername", {"username": "1_nobody@example.com"}) == {"data": {"customer": None}}
    assert api.data('{ customerById(id: "6") { username } }') == {"customerById": {"username": "2_shared@example.com"}}
    assert api.data('{ customerById(id: "6") { username } }', user="limited") == {"customerById": None}


def _customer(email: str) -> dict[str, object]:
    return {
        "username": f"1_{email}",
        "primaryEmail": email,
        "firstName": "Pat",
        "timezone": "GMT+10",
        "promotionOptIn": False,
        "retailer": {"id": "1"},
    }
