"""What the typed actions put on the wire, and what they refuse to send (fluent-api.md §4c, §4d).

The exact request bodies are a wire-level matter, so these capture them with httpx.MockTransport;
the sandbox tests check the same actions end to end.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from fluent_commerce import FluentClient, FluentConnection, FluentValidationError

CONN = FluentConnection(
    host="https://acme.sandbox.api.fluentretail.com",
    username="u",
    password="p-CANARY",
    client_id="ACME",
    client_secret="s-CANARY",
)
CUSTOMER = {"id": "7", "ref": "1_bo@example.com", "username": "1_bo@example.com", "status": "ACTIVE", "title": None,
            "firstName": "Bo", "lastName": None, "department": None, "country": None, "primaryEmail": "bo@example.com",
            "primaryPhone": None, "timezone": None, "promotionOptIn": False, "attributes": [], "retailer": None,
            "createdOn": "2019-09-19T01:01:42.448Z", "updatedOn": "2019-09-19T01:01:42.448Z"}  # fmt: skip
PRODUCT = {"id": "9", "ref": "SKU-1", "type": "STANDARD", "status": "CREATED",
           "workflowRef": "PRODUCT_CATALOGUE::MASTER", "workflowVersion": 1, "gtin": "9300000000017", "name": "Mug",
           "summary": None, "attributes": [], "prices": [], "tax": None,
           "catalogue": {"ref": "PC:MASTER:1", "name": "Master", "type": "MASTER"},
           "createdOn": None, "updatedOn": None}  # fmt: skip


class Recorder:
    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        body = json.loads(request.read())
        self.bodies.append(body)
        data = (
            {"createCustomer": CUSTOMER}
            if body["operationName"] == "CreateCustomer"
            else {"createStandardProduct": PRODUCT}
        )
        return httpx.Response(200, json={"data": data})


@pytest.fixture
def recorded() -> tuple[FluentClient, Recorder]:
    recorder = Recorder()
    return FluentClient(CONN, transport=httpx.MockTransport(recorder)), recorder


def test_create_customer_omits_empty_optionals_and_sends_attributes(recorded: tuple[FluentClient, Recorder]) -> None:
    client, recorder = recorded
    customer = client.create_customer(
        retailer_id=1, email="bo@example.com", first_name="Bo", last_name=None, phone="", country=None,
        timezone=None, promotion_opt_in=False, attributes={"tier": "gold", "visits": 3, "vip": True, "score": 1.5,
                                                            "prefs": {"a": [1]}},
    )  # fmt: skip
    assert customer.primary_email == "bo@example.com"
    assert recorder.bodies[0]["variables"] == {
        "input": {
            "username": "1_bo@example.com",
            "primaryEmail": "bo@example.com",
            "firstName": "Bo",
            "promotionOptIn": False,
            "retailer": {"id": "1"},
            "attributes": [
                {"name": "tier", "type": "STRING", "value": "gold"},
                {"name": "visits", "type": "INTEGER", "value": 3},
                {"name": "vip", "type": "BOOLEAN", "value": True},
                {"name": "score", "type": "FLOAT", "value": 1.5},
                {"name": "prefs", "type": "JSON", "value": {"a": [1]}},
            ],
        }
    }


def test_retailer_id_may_be_a_string_of_digits(recorded: tuple[FluentClient, Recorder]) -> None:
    """ERP and CSV data often carry ids as text; Fluent's ID is sent as a string anyway."""
    client, recorder = recorded
    client.create_customer(retailer_id=" 2 ", email="bo@example.com")
    assert recorder.bodies[0]["variables"]["input"]["retailer"] == {"id": "2"}


def test_create_customer_keeps_a_chosen_username_and_list_attributes(recorded: tuple[FluentClient, Recorder]) -> None:
    client, recorder = recorded
    client.create_customer(retailer_id=2, email="bo@example.com", username="bo-77", timezone="GMT+10",
                           attributes=[{"name": "tier", "type": "CUSTOM", "value": "gold"}])  # fmt: skip
    sent = recorder.bodies[0]["variables"]["input"]
    assert (sent["username"], sent["timezone"], sent["retailer"]) == ("bo-77", "GMT+10", {"id": "2"})
    assert sent["attributes"] == [{"name": "tier", "type": "CUSTOM", "value": "gold"}]


def test_create_product_sends_one_default_price_with_upper_case_currency(
    recorded: tuple[FluentClient, Recorder],
) -> None:
    client, recorder = recorded
    client.create_product(catalogue_ref="PC:MASTER:1", ref="SKU-1", name="Mug", gtin="9300000000017",
                          price_currency="aud", price_value="19.95")  # fmt: skip
    assert recorder.bodies[0]["variables"]["input"] == {
        "ref": "SKU-1",
        "catalogue": {"ref": "PC:MASTER:1"},
        "type": "STANDARD",
        "gtin": "9300000000017",
        "name": "Mug",
        "prices": [{"type": "DEFAULT", "currency": "AUD", "value": 19.95}],
    }


DEEP: list[object] = []
_inner = DEEP
for _ in range(5000):  # deeper than json.dumps can recurse
    _inner.append([])
    _inner = _inner[0]  # type: ignore[assignment]


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"retailer_id": 0, "email": "not-an-email"}, {"retailer_id", "email"}),
        ({"retailer_id": True, "email": "a@example.com"}, {"retailer_id"}),
        ({"retailer_id": "1.5", "email": "a@example.com"}, {"retailer_id"}),
        ({"retailer_id": 2.0, "email": "a@example.com"}, {"retailer_id"}),
        ({"retailer_id": None, "email": "a@example.com"}, {"retailer_id"}),
        (
            {"retailer_id": 1, "email": "a@example.com", "first_name": "x" * 51, "phone": "1" * 21},
            {"first_name", "phone"},
        ),
        (
            {"retailer_id": 1, "email": "a@example.com", "timezone": "t" * 33, "country": "c" * 101},
            {"timezone", "country"},
        ),
        ({"retailer_id": 1, "email": ("a" * 64 + "@" + "b" * 63 + ".com") * 2}, {"email"}),
        ({"retailer_id": 1, "email": "a@example.com", "username": "u" * 251}, {"username"}),
        ({"retailer_id": 1, "email": "a@example.com", "attributes": {"x": None}}, {"attributes.0.value"}),
        ({"retailer_id": 1, "email": "a@example.com", "attributes": {"x": float("nan")}}, {"attributes.0.value"}),
        ({"retailer_id": 1, "email": "a@example.com", "attributes": "tier=gold"}, {"attributes"}),
        (
            {"retailer_id": 1, "email": "a@example.com", "attributes": [{"name": "x", "value": 1}]},
            {"attributes.0.type"},
        ),
        ({"retailer_id": 1, "email": "a@example.com", "promotion_opt_in": "yes"}, {"promotion_opt_in"}),
        ({"retailer_id": 2**80, "email": "a@example.com"}, {"retailer_id"}),
        (
            {"retailer_id": 1, "email": "a@example.com", "first_name": "a\x00b", "last_name": "\u202egnp.exe"},
            {"first_name", "last_name"},
        ),
        (
            {
                "retailer_id": 1,
                "email": "a@example.com",
                "attributes": [{"name": "x\ty", "type": "STRING", "value": 1}],
            },
            {"attributes.0.name"},
        ),
        ({"retailer_id": 1, "email": "a@example.com", "attributes": {"deep": DEEP}}, {"attributes.0.value"}),
    ],
)
def test_bad_customer_input_is_refused_before_any_request(
    recorded: tuple[FluentClient, Recorder], kwargs: dict[str, Any], fields: set[str]
) -> None:
    client, recorder = recorded
    with pytest.raises(FluentValidationError) as caught:
        client.create_customer(**kwargs)
    assert {issue.field for issue in caught.value.issues} == fields
    assert recorder.bodies == []


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"gtin": ""}, {"gtin"}),
        ({"gtin": "1" * 21, "ref": "r" * 101, "type": "t" * 51}, {"gtin", "ref", "type"}),
        ({"summary": "s" * 256}, {"summary"}),
        ({"price_currency": "AUD"}, {"price_value"}),
        ({"price_value": "19.95"}, {"price_value"}),
        ({"price_currency": "AUD", "price_value": "1e-400"}, {"price_value"}),
        ({"price_currency": "AUD", "price_value": "1e400"}, {"price_value"}),
        ({"name": "Mug\x1b[31m", "summary": "line\nbreak"}, {"name", "summary"}),
        ({"price_currency": "AU", "price_value": "1"}, {"price_currency"}),
        ({"price_currency": "AUD", "price_value": "-1"}, {"price_value"}),
        ({"price_currency": "AUD", "price_value": "NaN"}, {"price_value"}),
        ({"price_currency": "AUD", "price_value": "Infinity"}, {"price_value"}),
        ({"price_currency": "AUD", "price_value": "abc"}, {"price_value"}),
        ({"price_currency": "AUD", "price_value": True}, {"price_value"}),
    ],
)
def test_bad_product_input_is_refused_before_any_request(
    recorded: tuple[FluentClient, Recorder], kwargs: dict[str, Any], fields: set[str]
) -> None:
    client, recorder = recorded
    base = {"catalogue_ref": "PC:MASTER:1", "ref": "SKU-1", "name": "Mug", "gtin": "9300000000017"}
    with pytest.raises(FluentValidationError) as caught:
        client.create_product(**{**base, **kwargs})
    assert {issue.field for issue in caught.value.issues} == fields
    assert recorder.bodies == []


def test_validation_error_shows_field_value_and_reason() -> None:
    client = FluentClient(CONN, transport=httpx.MockTransport(Recorder()))
    with pytest.raises(FluentValidationError) as caught:
        client.create_customer(retailer_id=-3, email="bo@", first_name="B" * 60)
    text = str(caught.value)
    assert text.startswith("3 invalid input values: ")
    assert "retailer_id=-3: Input should be greater than 0" in text
    assert "email='bo@': not a valid e-mail address" in text
    assert "first_name='BBBBBBBB" in text and "…" in text


@pytest.mark.parametrize(("query", "operation_name"), [(["{ me { id } }"], None), ("{ me { id } }", ["x"]), ("", None)])
def test_generic_call_refuses_non_string_documents(
    recorded: tuple[FluentClient, Recorder], query: Any, operation_name: Any
) -> None:
    client, recorder = recorded
    with pytest.raises(FluentValidationError):
        client.graphql(query, operation_name=operation_name)
    assert recorder.bodies == []


def test_secret_looking_variables_are_not_echoed_in_errors(recorded: tuple[FluentClient, Recorder]) -> None:
    client, _ = recorded
    with pytest.raises(FluentValidationError) as caught:
        client.graphql("query Q($password: Int) { customers(first: $password) { edges { cursor } } }", {"password": "s3cr3t-CANARY"})  # fmt: skip
    assert "CANARY" not in str(caught.value)
    assert caught.value.issues[0].field == "variables.password"
