"""Helpers for the sandbox contract tests: plain httpx, never the client library."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from graphql import FragmentDefinitionNode, FragmentSpreadNode, parse, print_ast, visit
from graphql.language import Visitor

from fluent_sandbox import (
    SEED_ADMIN_PASSWORD,
    SEED_ADMIN_USERNAME,
    SEED_CLIENT_ID,
    SEED_CLIENT_SECRET,
    SEED_LIMITED_PASSWORD,
    SEED_LIMITED_USERNAME,
    SandboxHandle,
)

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
UNAUTHORIZED = {
    "errors": [
        {
            "code": "401",
            "message": "Invalid user, Authorization header value does not belong to a valid user",
        }
    ]
}
CREDENTIALS = {
    "admin": (SEED_ADMIN_USERNAME, SEED_ADMIN_PASSWORD),
    "limited": (SEED_LIMITED_USERNAME, SEED_LIMITED_PASSWORD),
}


def operation(name: str) -> str:
    """The client's operation `name` from queries/, with exactly the fragments it uses."""
    fragments = {
        d.name.value: d
        for d in parse((QUERIES / "fragments.graphql").read_text()).definitions
        if isinstance(d, FragmentDefinitionNode)
    }
    doc = parse((QUERIES / f"{name}.graphql").read_text())
    needed: dict[str, FragmentDefinitionNode] = {}

    class Spreads(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
            if node.name.value not in needed:
                needed[node.name.value] = fragments[node.name.value]
                visit(fragments[node.name.value], Spreads())

    visit(doc, Spreads())
    return "\n".join([print_ast(doc), *(print_ast(f) for f in needed.values())])


def password_form(user: str = "admin", **overrides: str) -> dict[str, str]:
    username, password = CREDENTIALS[user]
    form = {
        "grant_type": "password",
        "username": username,
        "password": password,
        "client_id": SEED_CLIENT_ID,
        "client_secret": SEED_CLIENT_SECRET,
        "scope": "api",
    }
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


class Api:
    """Plain-httpx access to a sandbox (deliberately not the client library)."""

    def __init__(self, handle: SandboxHandle, http: httpx.Client) -> None:
        self.handle = handle
        self.http = http
        self._tokens: dict[str, str] = {}

    def token_response(self, **form: str) -> httpx.Response:
        return self.http.post("/oauth/token", data=form)

    def token(self, user: str = "admin") -> str:
        if user not in self._tokens:
            response = self.token_response(**password_form(user))
            assert response.status_code == 200, response.text
            self._tokens[user] = response.json()["access_token"]
        return self._tokens[user]

    def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        user: str = "admin",
        token: str | None = None,
        operation_name: str | None = None,
    ) -> httpx.Response:
        body: dict[str, Any] = {"query": query, "variables": variables or {}}
        if operation_name:
            body["operationName"] = operation_name
        bearer = token or self.token(user)
        return self.http.post("/graphql", json=body, headers={"Authorization": f"Bearer {bearer}"})

    def gql(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
        """POST and return the JSON body of an HTTP 200 answer."""
        response = self.post(query, variables, **kw)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def data(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
        """POST and return `data`, asserting there are no errors."""
        result = self.gql(query, variables, **kw)
        assert "errors" not in result, result
        data: dict[str, Any] = result["data"]
        return data

    @staticmethod
    def codes(result: dict[str, Any]) -> list[Any]:
        """The top-level `code` of every error (the sandbox also sets `extensions.code`)."""
        return [e.get("code") for e in result.get("errors", [])]

    def op(self, name: str, variables: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
        return self.gql(operation(name), variables, operation_name=name, **kw)


def customer_input(email: str = "new@example.com", **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": f"1_{email}",
        "primaryEmail": email,
        "firstName": "New",
        "lastName": "Customer",
        "title": "Ms",
        "timezone": "GMT+10",
        "promotionOptIn": True,
        "retailer": {"id": "1"},
        "country": "Australia",
        "primaryPhone": "+1234567890",
        "attributes": [
            {"name": "TIER", "type": "STRING", "value": "bronze"},
            {"name": "TIER", "type": "STRING", "value": "gold"},
            {"name": "PREFS", "type": "JSON", "value": {"sms": False, "tags": [1, 2]}},
        ],
    }
    data.update(overrides)
    return data


def product_input(ref: str = "SKU-NEW", catalogue: str = "PC:MASTER:1", **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "ref": ref,
        "catalogue": {"ref": catalogue},
        "type": "STANDARD",
        "gtin": "9300000000999",
        "name": "New Product",
        "summary": "A new product",
        "prices": [
            {"type": "RRP", "currency": "AUD", "value": 10.0},
            {"type": "RRP", "currency": "AUD", "value": 12.5},
            {"type": "RRP", "currency": "USD", "value": 8.0},
        ],
        "attributes": [{"name": "COLOUR", "type": "STRING", "value": "RED"}],
        "taxType": {"country": "AU", "group": "STANDARD", "tariff": "GST"},
    }
    data.update(overrides)
    return data
