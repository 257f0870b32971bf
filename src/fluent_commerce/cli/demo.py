"""``demo``: the five actions, end to end, against an embedded sandbox.

It starts a sandbox on a temporary database and a free loopback port, runs the current user,
create customer (with attributes), find customer by e-mail, create product (with a price) and a
generic GraphQL query with variables through ``FluentClient`` (or ``AsyncFluentClient`` with
``--async``), prints each step's input and result, and stops the sandbox.
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.json import JSON
from rich.panel import Panel
from rich.rule import Rule
from rich.syntax import Syntax
from rich.text import Text

from .._async_client import AsyncFluentClient
from .._client import FluentClient
from .._connection import FluentConnection
from .._documents import bundled_schema_path
from .commands_sandbox import require_sandbox_extra
from .output import CliError, ExitCode, to_jsonable

__all__ = ["Step", "demo_steps", "run_demo"]

LIST_CUSTOMERS = """\
query ListCustomers($first: Int!, $lastName: [String]) {
  customers(first: $first, lastName: $lastName) {
    edges { node { ref primaryEmail firstName lastName retailer { id } } }
    pageInfo { hasNextPage }
  }
}
"""


@dataclass(frozen=True)
class Step:
    title: str
    method: str  # a FluentClient / AsyncFluentClient method
    kwargs: dict[str, Any]


def demo_steps(run_id: str) -> list[Step]:
    """The five actions; ``run_id`` makes the e-mail and product ref unique per run."""
    email = f"ada.demo+{run_id}@example.com"
    customer = {
        "retailer_id": 1,
        "email": email,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "country": "AU",
        "timezone": "Australia/Sydney",
        "promotion_opt_in": True,
        "attributes": {"loyaltyTier": "GOLD", "points": 1200, "vip": True},
    }
    product = {
        "catalogue_ref": "PC:MASTER:1",
        "ref": f"DEMO-{run_id.upper()}",
        "name": "Analytical Engine (demo)",
        "gtin": "9300000000001",
        "summary": "Created by fluent-commerce demo",
        "price_currency": "AUD",
        "price_value": "1843.00",
    }
    return [
        Step("Current user", "get_current_user", {}),
        Step("Create a customer with attributes", "create_customer", customer),
        Step("Find that customer by e-mail", "get_customer_by_email", {"email": email}),
        Step("Create a product with a price", "create_product", product),
        Step(
            "Generic GraphQL query with variables",
            "graphql",
            {"query": LIST_CUSTOMERS, "variables": {"first": 5, "lastName": ["Lovelace"]}},
        ),
    ]


def run_demo(*, use_async: bool = False, console: Console | None = None) -> None:
    """Run the demo; raises CliError if the sandbox is missing or a step finds nothing."""
    console = console or Console(highlight=False)
    require_sandbox_extra("the demo")
    from fluent_sandbox import run_sandbox

    steps = demo_steps(uuid.uuid4().hex[:8])
    with tempfile.TemporaryDirectory(prefix="fluent-demo-") as tmp:
        console.print(Rule("fluent-commerce demo"))
        # The schema the client validates against (shipped in fluent_commerce's wheel).
        with run_sandbox(Path(tmp) / "sandbox.db", schema_path=bundled_schema_path()) as sandbox:
            env = sandbox.env()
            console.print(Text(f"Embedded sandbox on {sandbox.url} as {env['FLUENT_USERNAME']}"))
            connection = FluentConnection(
                host=env["FLUENT_HOST"],
                username=env["FLUENT_USERNAME"],
                password=env["FLUENT_PASSWORD"],
                client_id=env["FLUENT_CLIENT_ID"],
                client_secret=env["FLUENT_CLIENT_SECRET"],
                account_id=env["FLUENT_ACCOUNT_ID"],
            )
            client_name = "AsyncFluentClient" if use_async else "FluentClient"
            show = _shower(console, client_name, len(steps))
            if use_async:
                asyncio.run(_run_async(connection, steps, show))
            else:
                _run_sync(connection, steps, show)
        console.print(Text("Sandbox stopped. All five actions succeeded."))


Shower = Callable[[int, Step, Any], None]


def _run_sync(connection: FluentConnection, steps: list[Step], show: Shower) -> None:
    with FluentClient(connection) as fluent:
        for number, step in enumerate(steps, 1):
            show(number, step, getattr(fluent, step.method)(**step.kwargs))


async def _run_async(connection: FluentConnection, steps: list[Step], show: Shower) -> None:
    async with AsyncFluentClient(connection) as fluent:
        for number, step in enumerate(steps, 1):
            show(number, step, await getattr(fluent, step.method)(**step.kwargs))


def _shower(console: Console, client_name: str, total: int) -> Shower:
    def show(number: int, step: Step, result: Any) -> None:
        if result is None:
            raise CliError(f"step {number} ({step.title}) found nothing", ExitCode.NOT_FOUND)
        inputs = dict(step.kwargs)
        query = inputs.pop("query", None)
        parts: list[Any] = [Text(f"{client_name}.{step.method}(...)", style="bold cyan"), Text("Input", style="bold")]
        if query is not None:
            parts.append(Syntax(query.rstrip(), "graphql", theme="ansi_dark"))
        parts += [JSON.from_data(inputs, indent=2), Text("Result", style="bold")]
        parts.append(JSON.from_data(to_jsonable(result), indent=2))
        body = Group(*parts)
        console.print(Panel(body, title=f"Step {number}/{total} · {step.title}", title_align="left"))

    return show
