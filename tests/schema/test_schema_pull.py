"""`schema pull` round trip: introspecting the sandbox reproduces the committed schema."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from fluent_commerce import AuthenticationError, FluentConnection
from fluent_commerce.schema_tools import load_schema, print_sorted_sdl, pull_schema
from fluent_sandbox import SandboxHandle

ROOT = Path(__file__).resolve().parents[2]


def test_pull_from_the_sandbox_equals_the_committed_schema(conn: FluentConnection) -> None:
    pulled = print_sorted_sdl(pull_schema(conn), schema_description=False)
    committed = print_sorted_sdl(load_schema(ROOT / "schema.graphql"), schema_description=False)
    assert pulled == committed
    assert "The user the access token belongs to." in pulled  # descriptions survive the trip


def test_pull_with_bad_credentials_is_an_authentication_error(make_conn: Callable[..., FluentConnection]) -> None:
    with pytest.raises(AuthenticationError) as caught:
        pull_schema(make_conn(password="wrong-CANARY"))
    assert caught.value.error == "invalid_grant"
    assert "wrong-CANARY" not in str(caught.value)


def test_pull_retries_a_503_like_every_query(
    make_conn: Callable[..., FluentConnection], sandbox: SandboxHandle
) -> None:
    sandbox.add_fault(path="/graphql", kind="status", status=503, count=1)
    assert pull_schema(make_conn(backoff_base=0.01)).get_type("Customer") is not None
    assert sandbox.stats()["graphql_requests"] == {"IntrospectionQuery": 2}
