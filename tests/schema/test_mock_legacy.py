"""`sandbox --mock` on the real legacy Fluent schema, driven through the library's generic
`graphql()` call: realistic multi-level operations (orders with items and fulfilments,
locations, inventory), each response validated against its operation.

The client validates documents locally against the same legacy file (`schema=`), so an
operation the legacy schema lacks (`me`) is refused before anything is sent. The response
checker below walks each operation's selections with the schema (loaded by the library's own
normaliser, independently of the sandbox's) and asserts every selected field is present, and
nothing else is, with a value of the field's GraphQL type.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    FragmentDefinitionNode,
    GraphQLSchema,
)
from response_shape import validate_response

from fluent_commerce import FluentClient, FluentConnection, FluentTransportError, FluentValidationError
from fluent_commerce.schema_tools.normalize import load_schema
from fluent_sandbox import SandboxHandle, run_sandbox, sandbox_env

LEGACY = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "fluent-schema-legacy.graphql"
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
Frags = dict[str, FragmentDefinitionNode]

pytestmark = pytest.mark.skipif(
    not LEGACY.is_file(),
    reason="legacy Fluent schema fixture not found at ../shared/fixtures/fluent-schema-legacy.graphql "
    "(it lives outside the workspace: clone the shared fixtures next to the repository)",
)


# --- the operations ---------------------------------------------------------------------------

ORDERS = """
query RecentOrders($first: Int!, $status: [String]) {
  orders(first: $first, status: $status) {
    edges {
      cursor
      node {
        id ref status type createdOn totalPrice
        retailer { id ref tradingName }
        customer { id username firstName lastName }
        attributes { name type value }
        items(first: 10) {
          edges { node {
            id ref quantity price currency status
            product { __typename name ... on StandardProduct { ref gtin catalogue { ref } } ... on VariantProduct { ref } }
          } }
        }
        fulfilments {
          edges { node {
            id ref status deliveryType eta createdOn
            fromAddress { __typename ...AddressFields ... on StoreAddress { location { ref name } } }
            toAddress { __typename ...AddressFields }
            items { edges { node { id requestedQuantity filledQuantity rejectedQuantity status orderItem { ref } } } }
          } }
        }
      }
    }
    pageInfo { hasNextPage hasPreviousPage }
  }
}

fragment AddressFields on Address {
  id name street city postcode country latitude longitude
}
"""

ORDER_BY_REF = """
query OrderByRef($ref: String) {
  order(ref: $ref) {
    ...OrderSummary
    fulfilments(first: 1) { edges { cursor node { id status items { edges { node { requestedQuantity } } } } } }
  }
}

fragment OrderSummary on Order { __typename id ref status workflowRef workflowVersion updatedOn }
"""

LOCATIONS = """
query Locations($first: Int) {
  locations(first: $first, status: ["ACTIVE"]) {
    edges {
      cursor
      node {
        id ref name type status supportPhoneNumber
        primaryAddress { __typename id street city state postcode country latitude longitude timeZone }
        openingSchedule { allHours monStart monEnd sunStart sunEnd }
        retailer { id ref }
        storageAreas(first: 2) { edges { node { id name status } } }
      }
    }
    pageInfo { hasNextPage }
  }
}
"""

INVENTORY = """
query Inventory($catalogue: InventoryCatalogueKey!, $productRefs: [String!]) {
  inventoryPositions(catalogue: $catalogue, productRef: $productRefs, first: 20) {
    edges {
      node {
        id ref productRef locationRef onHand status createdOn
        catalogue { ref name }
        quantities(first: 5) {
          edges { node { id ref type quantity condition expectedOn storageAreaRef status } }
        }
      }
    }
    pageInfo { hasNextPage }
  }
  inventoryCatalogue(ref: "DEFAULT:1") { id ref name retailerRefs }
}
"""

NODE_INTERFACES = """
query Lookups {
  a: orderById(id: "1") { __typename id ref }
  b: locationById(id: "2") { ... on Location { id ref } __typename }
  catalogues: productCatalogues(first: 2) { edges { node { ref name } } }
}
"""

UPDATE_ORDER = """
mutation UpdateOrder($input: UpdateOrderInput) {
  updateOrder(input: $input) { id ref status attributes { name type value } updatedOn }
}
"""

OPERATIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("orders", ORDERS, {"first": 5, "status": ["BOOKED"]}),
    ("order by ref", ORDER_BY_REF, {"ref": "HD-1"}),
    ("locations", LOCATIONS, {"first": 10}),
    ("inventory", INVENTORY, {"catalogue": {"ref": "DEFAULT:1"}, "productRefs": ["P-1", "P-2"]}),
    ("aliases and inline fragments", NODE_INTERFACES, {}),
    ("mutation", UPDATE_ORDER, {"input": {"id": "1", "status": "COMPLETE"}}),
]


@pytest.fixture(scope="module")
def legacy_schema() -> GraphQLSchema:
    return load_schema(LEGACY)


@pytest.fixture(scope="module")
def mock_sandbox() -> Iterator[SandboxHandle]:
    with run_sandbox(schema_path=LEGACY, mock=True) as handle:
        yield handle


def _connection(env: dict[str, str]) -> FluentConnection:
    return FluentConnection(
        host=env["FLUENT_HOST"],
        username=env["FLUENT_USERNAME"],
        password=env["FLUENT_PASSWORD"],
        client_id=env["FLUENT_CLIENT_ID"],
        client_secret=env["FLUENT_CLIENT_SECRET"],
    )


@pytest.fixture(scope="module")
def client(mock_sandbox: SandboxHandle) -> Iterator[FluentClient]:
    """One client for the module: it loads (and normalises) the 12k-line schema once."""
    with FluentClient(_connection(mock_sandbox.env()), schema=LEGACY) as fluent:
        yield fluent


@pytest.mark.parametrize(("name", "query", "variables"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_operation_response_validates(
    client: FluentClient, legacy_schema: GraphQLSchema, name: str, query: str, variables: dict[str, Any]
) -> None:
    data = client.graphql(query, variables)
    assert validate_response(legacy_schema, query, data) >= 8, name
    assert client.graphql(query, variables) == data  # deterministic


def test_orders_have_two_edges_with_items_fulfilments_and_cursors(client: FluentClient) -> None:
    orders = client.graphql(ORDERS, {"first": 5})["orders"]
    assert len(orders["edges"]) == 2 and orders["pageInfo"]["hasNextPage"] is False
    assert len({edge["cursor"] for edge in orders["edges"]}) == 2
    for edge in orders["edges"]:
        order = edge["node"]
        assert len(order["items"]["edges"]) == 2 and len(order["fulfilments"]["edges"]) == 2
        for fulfilment in order["fulfilments"]["edges"]:
            assert len(fulfilment["node"]["items"]["edges"]) == 2
    one = client.graphql(ORDER_BY_REF, {"ref": "HD-1"})["order"]
    assert len(one["fulfilments"]["edges"]) == 1  # first: 1


def test_checker_rejects_responses_that_do_not_fit(client: FluentClient, legacy_schema: GraphQLSchema) -> None:
    data = client.graphql(ORDER_BY_REF, {"ref": "HD-1"})
    validate_response(legacy_schema, ORDER_BY_REF, data)
    order = data["order"]
    broken: list[dict[str, Any]] = [
        {"order": {**order, "id": None}},  # non-null
        {"order": {k: v for k, v in order.items() if k != "ref"}},  # missing field
        {"order": {**order, "extra": 1}},  # unselected field
        {"order": {**order, "workflowVersion": "1"}},  # wrong scalar
        {"order": {**order, "__typename": "Location"}},  # wrong concrete type
        {"order": {**order, "fulfilments": {"edges": {"node": None}}}},  # list expected
        {"order": {**order, "updatedOn": "yesterday"}},  # not a DateTime
    ]
    for wrong in broken:
        with pytest.raises(AssertionError):
            validate_response(legacy_schema, ORDER_BY_REF, wrong)


def test_me_is_refused_locally(client: FluentClient, mock_sandbox: SandboxHandle) -> None:
    before = mock_sandbox.stats()["graphql_requests"]
    with pytest.raises(FluentValidationError, match="me"):
        client.graphql("query GetCurrentUser { me { id } }")
    assert mock_sandbox.stats()["graphql_requests"] == before  # nothing was sent


def test_fluent_commerce_sandbox_mock_command(legacy_schema: GraphQLSchema) -> None:
    """`fluent-commerce sandbox --schema FILE --mock` serves the legacy schema's mock data."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = ["sandbox", "--schema", str(LEGACY), "--mock", "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "fluent_commerce", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        banner = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}" in banner and "mock data" in banner, banner or proc.communicate()
        with FluentClient(_connection(sandbox_env(f"http://127.0.0.1:{port}")), schema=LEGACY) as fluent:
            deadline = time.monotonic() + 30
            while True:
                try:
                    data = fluent.graphql(LOCATIONS, {"first": 10})
                    break
                except FluentTransportError:  # printed the banner, not yet accepting
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
        validate_response(legacy_schema, LOCATIONS, data)
        assert len(data["locations"]["edges"]) == 2
    finally:
        proc.terminate()
        proc.communicate(timeout=15)
