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
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    is_abstract_type,
    parse,
)

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


# --- does a response validate against its operation? ----------------------------------------


def validate_response(schema: GraphQLSchema, query: str, data: Any, operation_name: str | None = None) -> int:
    """Assert `data` is exactly what `query` selects, typed by `schema`; returns fields checked."""
    document = parse(query)
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    op = next(o for o in ops if operation_name is None or (o.name and o.name.value == operation_name))
    frags = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    root = schema.get_root_type(op.operation)
    assert root is not None
    return _object(schema, frags, [op.selection_set], root, data, "data")


def _applies(schema: GraphQLSchema, condition: str | None, runtime: GraphQLObjectType) -> bool:
    if condition is None or condition == runtime.name:
        return True
    cond = schema.get_type(condition)
    return is_abstract_type(cond) and schema.is_sub_type(cond, runtime)  # type: ignore[arg-type]


def _fields(
    schema: GraphQLSchema, frags: Frags, sets: list[SelectionSetNode], runtime: GraphQLObjectType
) -> dict[str, list[FieldNode]]:
    """Response key -> field nodes, with the fragments that apply to `runtime` merged in."""
    out: dict[str, list[FieldNode]] = {}
    for selection_set in sets:
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                out.setdefault(sel.alias.value if sel.alias else sel.name.value, []).append(sel)
                continue
            frag = frags[sel.name.value] if isinstance(sel, FragmentSpreadNode) else sel
            assert isinstance(frag, (FragmentDefinitionNode, InlineFragmentNode))
            if _applies(schema, frag.type_condition.name.value if frag.type_condition else None, runtime):
                for key, nodes in _fields(schema, frags, [frag.selection_set], runtime).items():
                    out.setdefault(key, []).extend(nodes)
    return out


def _object(
    schema: GraphQLSchema, frags: Frags, sets: list[SelectionSetNode], runtime: GraphQLObjectType, value: Any, path: str
) -> int:
    assert isinstance(value, dict), f"{path}: expected an object, got {value!r}"
    fields = _fields(schema, frags, sets, runtime)
    assert set(value) == set(fields), f"{path}: keys {sorted(value)} != selected {sorted(fields)}"
    checked = 0
    for key, nodes in fields.items():
        name = nodes[0].name.value
        if name == "__typename":
            assert value[key] == runtime.name, f"{path}.{key}"
            checked += 1
            continue
        assert name in runtime.fields, f"{path}: {runtime.name} has no field {name}"
        subsets = [n.selection_set for n in nodes if n.selection_set]
        checked += 1 + _value(schema, frags, subsets, runtime.fields[name].type, value[key], f"{path}.{key}")
    return checked


def _value(
    schema: GraphQLSchema, frags: Frags, sets: list[SelectionSetNode], kind: GraphQLOutputType, value: Any, path: str
) -> int:
    if isinstance(kind, GraphQLNonNull):
        assert value is not None, f"{path}: null for non-null {kind}"
        kind = kind.of_type
    if value is None:
        return 0
    if isinstance(kind, GraphQLList):
        assert isinstance(value, list), f"{path}: expected a list, got {value!r}"
        return sum(_value(schema, frags, sets, kind.of_type, v, f"{path}[{i}]") for i, v in enumerate(value))
    if isinstance(kind, GraphQLEnumType):
        assert value in kind.values, f"{path}: {value!r} is not a {kind.name}"
    elif isinstance(kind, GraphQLScalarType):
        _scalar(kind.name, value, path)
    elif isinstance(kind, GraphQLObjectType):
        return _object(schema, frags, sets, kind, value, path)
    else:  # interface or union: __typename (selected by every abstract field below) decides
        runtime = schema.get_type(value.get("__typename", ""))
        assert isinstance(runtime, GraphQLObjectType), f"{path}: no concrete __typename"
        assert schema.is_sub_type(kind, runtime), f"{path}: {runtime.name} is not a {kind.name}"
        return _object(schema, frags, sets, runtime, value, path)
    return 0


def _scalar(name: str, value: Any, path: str) -> None:
    if name == "Boolean":
        assert isinstance(value, bool), path
    elif name in ("ID", "String"):
        assert isinstance(value, str), path
    elif name == "Int":
        assert isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31, path
    elif name == "Float":
        assert isinstance(value, (int, float)) and not isinstance(value, bool), path
    elif name == "DateTime":
        assert isinstance(value, str) and DATETIME.match(value), f"{path}: {value!r}"
    elif name == "Json":
        assert value is not None, path


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
