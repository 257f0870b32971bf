"""``graphql QUERY``: any document, validated locally against the schema, then sent."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .inputs import parse_assignments, read_source, read_variables
from .options import (
    AccountIdOption,
    ClientIdOption,
    ConnectionFlags,
    HostOption,
    PasswordStdinOption,
    PrettyOption,
    UsernameOption,
    existing_file,
    open_client,
    state,
)
from .output import CliError, emit, handle_errors

__all__ = ["graphql"]


def graphql(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="The document: literal text, @file.graphql, or - to read stdin.")],
    var: Annotated[
        list[str] | None,
        typer.Option(
            "--var",
            metavar="NAME=VALUE",
            help="Repeatable. JSON when it parses, else a string. Wins over --variables.",
        ),
    ] = None,
    variables: Annotated[
        str | None, typer.Option("--variables", metavar="JSON|@FILE", help="A JSON object, or @file.json.")
    ] = None,
    operation_name: Annotated[
        str | None, typer.Option("--operation-name", help="Which operation of the document to run.")
    ] = None,
    schema: Annotated[
        Path | None,
        typer.Option("--schema", help="Validate against this schema file instead of the bundled one (legacy ok)."),
    ] = None,
    host: HostOption = None,
    username: UsernameOption = None,
    client_id: ClientIdOption = None,
    account_id: AccountIdOption = None,
    password_stdin: PasswordStdinOption = False,
    pretty: PrettyOption = False,
) -> None:
    """Run a GraphQL document and print its data as JSON; GraphQL errors exit 1."""
    flags = ConnectionFlags(host, username, client_id, account_id, password_stdin)
    with handle_errors():
        if query == "-" and flags.over(state(ctx).flags).password_stdin:
            raise CliError("--password-stdin and a query from stdin (-) cannot both read stdin")
        document = read_source(query, "QUERY")
        if not document.strip():
            raise CliError("QUERY is empty")
        merged = {**read_variables(variables), **parse_assignments(var or [], "--var")}
        with open_client(ctx, flags, schema=existing_file(schema, "--schema")) as fluent:
            data = fluent.graphql(document, merged, operation_name=operation_name)
    emit(data, pretty=pretty or state(ctx).pretty)
