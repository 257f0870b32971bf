"""The typed actions: ``me``, ``customer get``, ``customer create``, ``product create``.

Each command parses its flags, calls one ``FluentClient`` method and prints the result as JSON.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .inputs import parse_assignments
from .options import (
    AccountIdOption,
    ClientIdOption,
    ConnectionFlags,
    HostOption,
    PasswordStdinOption,
    PrettyOption,
    UsernameOption,
    open_client,
    state,
)
from .output import CliError, ExitCode, emit, handle_errors

__all__ = ["customer_app", "me", "product_app"]

customer_app = typer.Typer(help="Find and create customers.", no_args_is_help=True)
product_app = typer.Typer(help="Create products.", no_args_is_help=True)

AttributeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--attribute",
        metavar="NAME=VALUE",
        help="Repeatable. The value is parsed as JSON when it parses (42, true, {...}), else kept as text.",
    ),
]


def me(
    ctx: typer.Context,
    host: HostOption = None,
    username: UsernameOption = None,
    client_id: ClientIdOption = None,
    account_id: AccountIdOption = None,
    password_stdin: PasswordStdinOption = False,
    pretty: PrettyOption = False,
) -> None:
    """Print the user the credentials belong to."""
    flags = ConnectionFlags(host, username, client_id, account_id, password_stdin)
    with handle_errors(), open_client(ctx, flags) as fluent:
        user = fluent.get_current_user()
    emit(user, pretty=pretty or state(ctx).pretty)


@customer_app.command("get")
def customer_get(
    ctx: typer.Context,
    email: Annotated[
        str, typer.Option("--email", help="Primary e-mail address; exact match (see README on letter case).")
    ],
    retailer_id: Annotated[int | None, typer.Option("--retailer-id", help="Only this retailer's customer.")] = None,
    host: HostOption = None,
    username: UsernameOption = None,
    client_id: ClientIdOption = None,
    account_id: AccountIdOption = None,
    password_stdin: PasswordStdinOption = False,
    pretty: PrettyOption = False,
) -> None:
    """Print the customer with this e-mail address; exit 5 if there is none."""
    flags = ConnectionFlags(host, username, client_id, account_id, password_stdin)
    with handle_errors():
        with open_client(ctx, flags) as fluent:
            found = fluent.get_customer_by_email(email, retailer_id=retailer_id)
        if found is None:
            scope = f" for retailer {retailer_id}" if retailer_id is not None else ""
            raise CliError(f"no customer with e-mail {email}{scope}", ExitCode.NOT_FOUND)
    emit(found, pretty=pretty or state(ctx).pretty)


@customer_app.command("create")
def customer_create(
    ctx: typer.Context,
    retailer_id: Annotated[int, typer.Option("--retailer-id", help="Retailer the customer belongs to.")],
    email: Annotated[str, typer.Option("--email", help="Primary e-mail address.")],
    first_name: Annotated[str | None, typer.Option("--first-name", help="Older Fluent schemas require it.")] = None,
    last_name: Annotated[str | None, typer.Option("--last-name")] = None,
    title: Annotated[str | None, typer.Option("--title")] = None,
    department: Annotated[str | None, typer.Option("--department")] = None,
    phone: Annotated[str | None, typer.Option("--phone")] = None,
    country: Annotated[str | None, typer.Option("--country")] = None,
    timezone: Annotated[str | None, typer.Option("--timezone")] = None,
    promotion_opt_in: Annotated[bool, typer.Option("--promotion-opt-in", help="The customer opted in.")] = False,
    attribute: AttributeOption = None,
    customer_username: Annotated[
        str | None,
        typer.Option("--username", help="Customer user name (default: {retailer_id}_{email}).", show_default=False),
    ] = None,
    host: HostOption = None,
    client_id: ClientIdOption = None,
    account_id: AccountIdOption = None,
    password_stdin: PasswordStdinOption = False,
    pretty: PrettyOption = False,
) -> None:
    """Create a customer and print it.

    Here --username names the new customer; the API user is FLUENT_USERNAME or the global --username.
    """
    flags = ConnectionFlags(host, None, client_id, account_id, password_stdin)
    with handle_errors():
        attributes = parse_assignments(attribute or [], "--attribute")
        with open_client(ctx, flags) as fluent:
            created = fluent.create_customer(
                retailer_id=retailer_id,
                email=email,
                first_name=first_name,
                last_name=last_name,
                title=title,
                department=department,
                phone=phone,
                country=country,
                timezone=timezone,
                promotion_opt_in=promotion_opt_in,
                attributes=attributes or None,
                username=customer_username,
            )
    emit(created, pretty=pretty or state(ctx).pretty)


@product_app.command("create")
def product_create(
    ctx: typer.Context,
    catalogue_ref: Annotated[str, typer.Option("--catalogue-ref", help="Existing catalogue, e.g. PC:MASTER:1.")],
    ref: Annotated[str, typer.Option("--ref", help="Product ref, unique within the catalogue.")],
    name: Annotated[str, typer.Option("--name")],
    gtin: Annotated[str, typer.Option("--gtin", help="1-20 characters.")],
    product_type: Annotated[str, typer.Option("--type", help="Picks the product workflow.")] = "STANDARD",
    summary: Annotated[str | None, typer.Option("--summary")] = None,
    price_currency: Annotated[str | None, typer.Option("--price-currency", help="e.g. AUD")] = None,
    price_value: Annotated[str | None, typer.Option("--price-value", help="Decimal, e.g. 19.95")] = None,
    price_type: Annotated[str, typer.Option("--price-type")] = "DEFAULT",
    attribute: AttributeOption = None,
    host: HostOption = None,
    username: UsernameOption = None,
    client_id: ClientIdOption = None,
    account_id: AccountIdOption = None,
    password_stdin: PasswordStdinOption = False,
    pretty: PrettyOption = False,
) -> None:
    """Create a standard product (with at most one price) and print it."""
    flags = ConnectionFlags(host, username, client_id, account_id, password_stdin)
    with handle_errors():
        attributes = parse_assignments(attribute or [], "--attribute")
        with open_client(ctx, flags) as fluent:
            created = fluent.create_product(
                catalogue_ref=catalogue_ref,
                ref=ref,
                name=name,
                gtin=gtin,
                type=product_type,
                summary=summary,
                price_currency=price_currency,
                price_value=price_value,
                price_type=price_type,
                attributes=attributes or None,
            )
    emit(created, pretty=pretty or state(ctx).pretty)
