"""``demo``: the five actions end to end on an embedded sandbox, in-process."""

from __future__ import annotations

import re
import socket

import pytest

STEPS = (
    "Step 1/5 · Current user",
    "Step 2/5 · Create a customer with attributes",
    "Step 3/5 · Find that customer by e-mail",
    "Step 4/5 · Create a product with a price",
    "Step 5/5 · Generic GraphQL query with variables",
)


@pytest.mark.parametrize(("args", "client"), [((), "FluentClient"), (("--async",), "AsyncFluentClient")])
def test_demo_runs_the_five_actions_and_stops_its_sandbox(cli, closed_port_url, args, client):
    # FLUENT_* pointing elsewhere must not matter: the demo uses its own sandbox.
    result = cli("demo", *args, env={"FLUENT_HOST": closed_port_url})
    assert result.exit_code == 0, result.output
    out = result.stdout
    positions = [out.index(step) for step in STEPS]
    assert positions == sorted(positions)
    for method in ("get_current_user", "create_customer", "get_customer_by_email", "create_product", "graphql"):
        assert f"{client}.{method}(...)" in out
    email = re.search(r"ada\.demo\+[0-9a-f]{8}@example\.com", out)
    assert email is not None
    # created in step 2, found in step 3 and listed by the query in step 5
    assert out.count(f'"primaryEmail": "{email.group(0)}"') == 3
    assert '"type": "INTEGER"' in out  # attribute types inferred
    assert '"currency": "AUD"' in out  # the product's price
    assert "query ListCustomers(" in out
    assert out.rstrip().endswith("Sandbox stopped. All five actions succeeded.")
    port = int(re.search(r"Embedded sandbox on http://127\.0\.0\.1:(\d+)", out).group(1))  # type: ignore[union-attr]
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0, "the demo's sandbox is still listening"


def test_each_run_uses_a_fresh_email(cli):
    first = re.search(r"ada\.demo\+\w+@example\.com", cli("demo").stdout)
    second = re.search(r"ada\.demo\+\w+@example\.com", cli("demo").stdout)
    assert first and second and first.group(0) != second.group(0)
