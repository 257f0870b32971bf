"""Mock mode (`run_sandbox(schema_path=..., mock=True)`, `--mock`): any Fluent schema, legacy
syntax accepted, answered with deterministic schema-shaped data; OAuth, 401s, limits,
validation and the control plane as in the normal sandbox. Plain httpx, never the library."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
)
from graphql.error import GraphQLSyntaxError
from response_shape import validate_response

from fluent_sandbox import SandboxHandle, default_schema_path, run_sandbox
from fluent_sandbox.cli import build_parser
from fluent_sandbox.legacy import build_legacy_schema, modernize_sdl

from .support import UNAUTHORIZED, Api, operation

LEGACY = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "fluent-schema-legacy.graphql"
SKIP_LEGACY = "legacy Fluent schema fixture not found at ../shared/fixtures/fluent-schema-legacy.graphql"
DATETIME = re.compile(r"^2024-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$")


Mock = tuple[SandboxHandle, GraphQLSchema, str]


def _serve(path: Path, kind: str) -> Iterator[Mock]:
    with run_sandbox(schema_path=path, mock=True) as handle:
        yield handle, build_legacy_schema(path.read_text(encoding="utf-8")), kind


@pytest.fixture(scope="module")
def mock_bundled() -> Iterator[Mock]:
    yield from _serve(default_schema_path(), "bundled")


@pytest.fixture(scope="module")
def mock_legacy() -> Iterator[Mock]:
    if not LEGACY.is_file():
        pytest.skip(SKIP_LEGACY)
    yield from _serve(LEGACY, "legacy")


@pytest.fixture(params=["bundled", "legacy"])
def mock(request: pytest.FixtureRequest) -> Mock:
    """A mock sandbox on the bundled schema, then on the legacy fixture; reset to its seed."""
    served: Mock = request.getfixturevalue(f"mock_{request.param}")
    served[0].reset(tokens=True)
    return served


def _client(handle: SandboxHandle) -> httpx.Client:
    return httpx.Client(base_url=handle.url, trust_env=False, timeout=10.0)


@pytest.fixture
def mapi(mock: Mock) -> Iterator[Api]:
    with _client(mock[0]) as client:
        yield Api(mock[0], client)


@pytest.fixture
def bapi(mock_bundled: Mock) -> Iterator[Api]:
    """The mock sandbox on the bundled schema."""
    mock_bundled[0].reset(tokens=True)
    with _client(mock_bundled[0]) as client:
        yield Api(mock_bundled[0], client)


def check_shape(schema: GraphQLSchema, query: str, data: Any) -> None:
    validate_response(schema, query, data)


# --- legacy SDL tolerance --------------------------------------------------------------------


def test_legacy_rewrite_builds_the_fixture_and_keeps_lines() -> None:
    if not LEGACY.is_file():
        pytest.skip(SKIP_LEGACY)
    text = LEGACY.read_text(encoding="utf-8")
    with pytest.raises(GraphQLSyntaxError):
        build_schema(text)  # graphql-core refuses `implements A, B` as is
    modern = modernize_sdl(text)
    assert modern.count("\n") == text.count("\n")
    assert "type Article implements Node & Orchestrateable {" in modern
    schema = build_legacy_schema(text)
    assert schema.query_type is not None and "orders" in schema.query_type.fields
    assert "me" not in schema.query_type.fields
    carrier = schema.get_type("Carrier")
    assert isinstance(carrier, GraphQLObjectType)
    assert {i.name for i in carrier.interfaces} == {"Node", "Referenceable", "Orchestrateable", "Extendable"}


def test_legacy_rewrite_touches_only_interface_lists() -> None:
    sdl = (
        "interface A { id: ID }\ninterface B { id: ID }\ninterface C { id: ID }\n"
        "# type Z implements A, B  (a comment stays as it is)\n"
        'type X implements A, B,\n  C { id: ID implements: String "implements A, B" d: String }\n'
        "type Y implements A B\ntype W implements A & B { id: ID }\n"
        "type Query { x: X }\n"
    )
    modern = modernize_sdl(sdl)
    assert "# type Z implements A, B  (a comment" in modern
    assert "type X implements A & B\n  & C { id: ID" in modern
    assert "type Y implements A & B\ntype W" in modern
    assert "type W implements A & B { id: ID }" in modern
    assert 'implements: String "implements A, B"' in modern
    x = build_legacy_schema(sdl + "extend type Y { id: ID }\n").get_type("X")
    assert isinstance(x, GraphQLObjectType)
    assert [i.name for i in x.interfaces] == ["A", "B", "C"]
    modern_sdl = default_schema_path().read_text(encoding="utf-8")
    assert modernize_sdl(modern_sdl) == modern_sdl


# --- the HTTP contract in mock mode ----------------------------------------------------------


def test_oauth_and_401_as_in_the_normal_sandbox(mapi: Api) -> None:
    from .support import password_form

    token = mapi.token_response(**password_form())
    assert token.status_code == 200 and token.json()["token_type"].lower() == "bearer"
    assert mapi.token_response(**password_form(password="wrong")).status_code == 400
    query = "{ __typename }"
    missing = mapi.http.post("/graphql", json={"query": query})
    assert (missing.status_code, missing.json()) == (401, UNAUTHORIZED)
    bogus = mapi.post(query, token="not-a-token")
    assert (bogus.status_code, bogus.json()) == (401, UNAUTHORIZED)
    assert mapi.gql(query) == {"data": {"__typename": "Query"}}
    assert mapi.handle.stats()["unauthorized"] == 2


def test_invalid_documents_get_validation_errors(mapi: Api, mock: Mock) -> None:
    root = "orders" if mock[2] == "legacy" else "customers"
    for query in ("{ nope }", f"{{ {root}(first: 1) {{ edges {{ node {{ nope }} }} }} }}", f"{{ {root}( }}"):
        body = mapi.gql(query)
        assert "data" not in body and body["errors"], body
        assert all(e["extensions"]["classification"] == "ValidationError" for e in body["errors"])
    bad = f"query Q($n: Int) {{ {root}(first: $n) {{ pageInfo {{ hasNextPage }} }} }}"
    bad_variable = mapi.gql(bad, {"n": "x"})
    assert bad_variable.get("data") is None and "$n" in bad_variable["errors"][0]["message"]


def test_same_errors_as_the_normal_sandbox(api: Api, bapi: Api) -> None:
    """On the bundled schema, mock and normal sandboxes answer bad documents identically."""
    for query, variables in [
        ("{ me { nope } }", None),
        ("{ me { id }", None),
        ("query Q($ref: String!) { customer(ref: $ref) { id } }", {}),
        ("query Q($ref: String!) { customer(ref: $ref) { id } }", {"ref": 5}),
    ]:
        mocked, real = bapi.gql(query, variables), api.gql(query, variables)
        assert mocked == real and mocked["errors"], query


def test_body_limit_faults_and_stats(mapi: Api) -> None:
    too_big = mapi.http.post("/graphql", content=b" " * (2 * 1024 * 1024 + 1))
    assert too_big.status_code == 413
    mapi.handle.add_fault(path="/graphql", kind="status", status=503, operation="Q")
    assert mapi.post("query Q { __typename }").status_code == 503
    assert mapi.post("query Q { __typename }").status_code == 200
    mapi.post("query R { __typename }")
    stats = mapi.handle.stats()
    assert stats["graphql_requests"] == {"Q": 2, "R": 1} and stats["faults_fired"] == 1


def test_mock_data_matches_the_document(mapi: Api, mock: Mock) -> None:
    _, schema, kind = mock
    if kind == "bundled":
        names = ["GetCurrentUser", "GetCustomerByUsername", "GetProduct", "GetCustomerByEmail"]
        variables = {"username": "u", "ref": "r", "catalogueRef": "c", "emails": ["a@b"], "first": 10}
        cases = [(operation(name), variables) for name in names]
        cases.append((operation("CreateCustomer"), {"input": CUSTOMER_INPUT}))
    else:
        cases = [(LEGACY_ORDERS, {}), (LEGACY_LOCATIONS, {"first": 3})]
    for query, variables in cases:
        body = mapi.gql(query, variables)
        assert "errors" not in body, body
        check_shape(schema, query, body["data"])
    me = mapi.gql(operation("GetCurrentUser"), {}) if kind == "bundled" else None
    if me is not None:  # mock DateTimes look like Fluent's: UTC, milliseconds, Z
        assert DATETIME.match(me["data"]["me"]["createdOn"])


def test_check_shape_catches_a_wrong_answer(mock: Mock) -> None:
    """The checker above is not vacuous."""
    schema = mock[1]
    query = '{ __typename productCatalogue(ref: "x") { ref } }'
    check_shape(schema, query, {"__typename": "Query", "productCatalogue": {"ref": "x"}})
    wrongs = [
        {"__typename": "Query"},
        {"__typename": "Query", "productCatalogue": {"ref": 1}},
        {"__typename": "Query", "productCatalogue": {"ref": "x", "extra": 1}},
        {"__typename": "Nope", "productCatalogue": None},
    ]
    for wrong in wrongs:
        with pytest.raises(AssertionError):
            check_shape(schema, query, wrong)


def test_deterministic_lists_of_two_and_connections(mapi: Api, mock: Mock) -> None:
    query = LEGACY_ORDERS if mock[2] == "legacy" else operation("GetCustomerByEmail")
    variables = {} if mock[2] == "legacy" else {"emails": ["a@b"], "first": 10}
    first, second = (mapi.post(query, variables) for _ in range(2))
    assert first.content == second.content  # byte for byte
    conn = first.json()["data"]["orders" if mock[2] == "legacy" else "customers"]
    assert len(conn["edges"]) == 2 and conn["pageInfo"]["hasNextPage"] is False
    cursors = [edge["cursor"] for edge in conn["edges"]]
    assert all(isinstance(c, str) and c for c in cursors) and len(set(cursors)) == 2
    assert conn["edges"][0]["node"]["id"] != conn["edges"][1]["node"]["id"]
    assert all(len(edge["node"]["attributes"]) == 2 for edge in conn["edges"])
    aliased = mapi.gql(query.replace("edges {", "e: edges {", 1), variables)["data"]
    assert [x["node"] for x in next(iter(aliased.values()))["e"]] == [e["node"] for e in conn["edges"]]


def test_first_shrinks_a_connection(mapi: Api, mock: Mock) -> None:
    root = "orders" if mock[2] == "legacy" else "customers"
    query = f"query Q($n: Int) {{ {root}(first: $n) {{ edges {{ cursor node {{ id }} }} }} }}"
    sizes = [len(mapi.gql(query, {"n": n})["data"][root]["edges"]) for n in (0, 1, 2, 50)]
    assert sizes == [0, 1, 2, 2]


def test_a_fresh_mock_sandbox_answers_the_same_bytes(bapi: Api) -> None:
    query = operation("GetCurrentUser")
    with run_sandbox(schema_path=default_schema_path(), mock=True) as other, _client(other) as client:
        assert Api(other, client).post(query).content == bapi.post(query).content


def test_answers_come_from_the_mock_not_the_database(bapi: Api) -> None:
    created = bapi.gql(operation("CreateCustomer"), {"input": CUSTOMER_INPUT})["data"]["createCustomer"]
    assert created["username"].startswith("Customer.username-")  # not the input's "u"
    found = bapi.data(operation("GetCustomerByUsername"), {"username": "u"})["customer"]
    assert found["username"].startswith("Customer.username-")
    me = bapi.data("{ me { username } }")["me"]
    assert me == {"username": f"User.username-{me['username'].rsplit('-', 1)[1]}"}  # not api_admin
    assert bapi.handle.stats()["graphql_requests"] == {"CreateCustomer": 1, "GetCustomerByUsername": 1, "anonymous": 1}


def test_cli_flag_and_schema_errors(tmp_path: Path) -> None:
    args = build_parser().parse_args(["--mock", "--schema", "x.graphql"])
    assert args.mock is True and args.schema == "x.graphql"
    assert build_parser().parse_args([]).mock is False
    broken = tmp_path / "broken.graphql"
    broken.write_text("type Query { x: Int }\ntype Y implements {\n", encoding="utf-8")
    for schema, message in [(tmp_path / "absent.graphql", "schema file not found"), (broken, "broken.graphql:2")]:
        run = subprocess.run(
            [sys.executable, "-m", "fluent_sandbox", "--mock", "--schema", str(schema), "--port", "0"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode == 2 and message in run.stderr, run.stderr


CUSTOMER_INPUT = {"username": "u", "primaryEmail": "u@example.com", "promotionOptIn": False, "retailer": {"id": 1}}
LEGACY_ORDERS = """
query Orders {
  orders(first: 5) {
    edges { cursor node { id ref status type createdOn totalPrice attributes { name type value }
      retailer { id ref }
      items { edges { node { id quantity product { __typename name ... on StandardProduct { ref } } } } }
      fulfilments { edges { node { id status fromAddress { __typename id name } } } } } }
    pageInfo { hasNextPage hasPreviousPage }
  }
}
"""
LEGACY_LOCATIONS = """
query Locations($first: Int) {
  locations(first: $first) { edges { node { id ref name primaryAddress { __typename city postcode } } } }
}
"""
