"""Contract tests for `POST /graphql` as HTTP: auth, limits, validation (fluent-api.md §3)."""

from __future__ import annotations

import pytest

from .support import UNAUTHORIZED, operation

ME = "query GetMe { me { username } }"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer 00000000-0000-0000-0000-000000000000"},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic YWRtaW46YWRtaW4="},
    ],
    ids=["missing", "unknown", "empty", "not-bearer"],
)
def test_bad_token_is_401_with_fluent_body(api, sandbox, headers):
    """§3.2: missing/unknown token -> HTTP 401 and exactly Fluent's documented body."""
    response = api.http.post("/graphql", json={"query": ME}, headers=headers)
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert sandbox.stats()["unauthorized"] == 1


def test_expired_token_is_401(api, sandbox):
    """§3.2/§2.6: an expired token gets the same 401 as an invalid one."""
    token = api.token()
    assert api.post(ME, token=token).status_code == 200
    sandbox.advance_clock(86400)
    response = api.post(ME, token=token)
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_bearer_scheme_is_case_insensitive(api):
    """§3.1: `Authorization: Bearer <token>` (scheme matched case-insensitively, RFC 7235)."""
    response = api.http.post("/graphql", json={"query": ME}, headers={"Authorization": f"bearer {api.token()}"})
    assert response.status_code == 200


def test_body_over_2mb_is_413_and_under_is_fine(api):
    """§3.4: requests over 2 MB are rejected with HTTP 413; a body just under is served."""
    filler = "x" * (2 * 1024 * 1024)
    big = api.post(ME, {"pad": filler})
    assert big.status_code == 413
    small = api.post(ME, {"pad": filler[: 2 * 1024 * 1024 - 200]})
    assert small.status_code == 200
    assert small.json() == {"data": {"me": {"username": "api_admin"}}}
    token = {"Authorization": f"Bearer {api.token()}"}
    exactly = api.http.post("/graphql", content=b" " * (2 * 1024 * 1024), headers=token)  # "2 MB or more" (§8)
    assert exactly.status_code == 413


def test_validation_error_is_standard_list_and_nothing_runs(api):
    """§3.3: a document invalid against the schema -> GraphQL error list (HTTP 200), no data,
    and nothing executed: the valid mutation beside the invalid field writes nothing."""
    doc = """mutation M {
      createCustomer(input: {username: "1_v@example.com", primaryEmail: "v@example.com",
        promotionOptIn: false, retailer: {id: "1"}}) { id noSuchField }
    }"""
    result = api.gql(doc)
    assert "data" not in result
    [error] = result["errors"]
    assert "noSuchField" in error["message"]
    assert error["locations"]
    assert error["extensions"]["classification"] == "ValidationError"
    assert api.data('{ customer(ref: "1_v@example.com") { id } }') == {"customer": None}


def test_end_cursor_is_not_in_the_schema(api):
    """§3.5: PageInfo has no endCursor; asking for it is a validation error."""
    result = api.gql("{ customers { pageInfo { endCursor } } }")
    assert "endCursor" in result["errors"][0]["message"]


def test_syntax_error_is_an_error_list(api):
    """§3.3: an unparsable document -> standard error list with a location."""
    result = api.gql("{ me { username ")
    assert "data" not in result
    assert result["errors"][0]["locations"]


def test_missing_required_variable_is_an_error(api):
    """§3.3: variables are checked against the operation before execution."""
    result = api.gql(operation("GetCustomerByEmail"), {"first": 1})
    assert result.get("data") is None
    assert "emails" in result["errors"][0]["message"]


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"variables": {}}'])
def test_non_graphql_body_is_400(api, body):
    """§3.1: the body is a JSON object with a `query`; anything else -> 400."""
    response = api.http.post(
        "/graphql",
        content=body,
        headers={"Authorization": f"Bearer {api.token()}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["errors"]


def test_operation_name_selects_the_operation(api):
    """§3.1: `operationName` picks one operation of a multi-operation document."""
    doc = "query A { me { username } } query B { retailerById(id: 1) { ref } }"
    assert api.data(doc, operation_name="B") == {"retailerById": {"ref": "SANDBOX_RETAILER"}}


def test_introspection_is_supported(api):
    """§3.1: introspection works."""
    data = api.data('{ __schema { queryType { name } } __type(name: "PageInfo") { fields { name } } }')
    assert data["__schema"]["queryType"]["name"] == "Query"
    assert {f["name"] for f in data["__type"]["fields"]} == {"hasNextPage", "hasPreviousPage"}


def test_several_fields_in_one_request(api):
    """§3.1: one request may carry several queries."""
    data = api.data('{ me { username } a: customer(ref: "1_alice@example.com") { id } }')
    assert data == {"me": {"username": "api_admin"}, "a": {"id": "1"}}
