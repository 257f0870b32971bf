"""Options shared by several commands, the CLI's state, and building a connection from them.

Connection settings come from the ``FLUENT_*`` environment. ``--host``, ``--username``,
``--client-id`` and ``--account-id`` override it, given either before the command (global) or
after it (the command's own flag wins). Secrets never come from flags: the password is read from
``FLUENT_PASSWORD`` or, with ``--password-stdin``, from the first line of stdin.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Annotated

import typer

from .._client import FluentClient
from .._connection import FluentConnection
from .._errors import FluentValidationError
from .output import CliError, ExitCode

__all__ = [
    "AccountIdOption",
    "CliState",
    "ClientIdOption",
    "ConnectionFlags",
    "HostOption",
    "PasswordStdinOption",
    "PrettyOption",
    "UsernameOption",
    "existing_file",
    "load_connection",
    "open_client",
    "state",
]

HostOption = Annotated[
    str | None, typer.Option("--host", help="Fluent API root, e.g. https://acme.api.fluentretail.com [FLUENT_HOST]")
]
UsernameOption = Annotated[str | None, typer.Option("--username", help="API user name [FLUENT_USERNAME]")]
ClientIdOption = Annotated[str | None, typer.Option("--client-id", help="OAuth client id [FLUENT_CLIENT_ID]")]
AccountIdOption = Annotated[
    str | None, typer.Option("--account-id", help="Fluent account id, sent on token requests [FLUENT_ACCOUNT_ID]")
]
PasswordStdinOption = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from the first line of stdin instead of FLUENT_PASSWORD."),
]
PrettyOption = Annotated[bool, typer.Option("--pretty", help="Indent the JSON output.")]


@dataclass(frozen=True)
class ConnectionFlags:
    """Connection overrides given on the command line; None means "not given"."""

    host: str | None = None
    username: str | None = None
    client_id: str | None = None
    account_id: str | None = None
    password_stdin: bool = False

    def over(self, base: ConnectionFlags) -> ConnectionFlags:
        """These flags on top of ``base``: a value given here wins."""
        given = {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in (None, False)}
        return replace(base, **given)


@dataclass
class CliState:
    """What the global options leave for the commands (``ctx.obj``)."""

    flags: ConnectionFlags = field(default_factory=ConnectionFlags)
    pretty: bool = False
    debug: bool = False


def state(ctx: typer.Context) -> CliState:
    found = ctx.find_object(CliState)
    return found if found is not None else CliState()


def read_password_from_stdin() -> str:
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise CliError("--password-stdin: no password on the first line of stdin")
    return line


def load_connection(flags: ConnectionFlags) -> FluentConnection:
    """``FluentConnection.from_env`` with the flags on top; missing settings exit 2 naming them."""
    password = read_password_from_stdin() if flags.password_stdin else None
    try:
        return FluentConnection.from_env(
            host=flags.host,
            username=flags.username,
            client_id=flags.client_id,
            account_id=flags.account_id,
            password=password,
        )
    except FluentValidationError as exc:
        missing = [issue.field for issue in exc.issues if issue.value == "<missing>"]
        others = tuple(str(issue) for issue in exc.issues if issue.value != "<missing>")
        if not missing:
            raise CliError("invalid connection settings", ExitCode.USAGE, details=others) from None
        hint = "set them in the environment (see `fluent-commerce sandbox --print-env` for a local sandbox)"
        raise CliError(f"missing connection settings: {', '.join(missing)}; {hint}", details=others) from None


def existing_file(path: Path | None, what: str) -> Path | None:
    if path is not None and not path.is_file():
        raise CliError(f"{what}: no such file: {path}")
    return path


def open_client(ctx: typer.Context, flags: ConnectionFlags, *, schema: Path | None = None) -> FluentClient:
    """A client for the merged global and per-command flags (the caller closes it)."""
    return FluentClient(load_connection(flags.over(state(ctx).flags)), schema=schema)
