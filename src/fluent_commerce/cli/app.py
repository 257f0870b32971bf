"""The ``fluent-commerce`` command: global options and the command table.

Commands live in small modules (``commands_*.py``, ``demo.py``); each parses its flags, calls the
library and prints. Output and exit codes are decided in ``output.py`` only.
"""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer

from .commands_actions import customer_app, me, product_app
from .commands_graphql import graphql
from .commands_sandbox import SANDBOX_CONTEXT, sandbox
from .commands_schema import codegen, schema_app
from .options import (
    AccountIdOption,
    ClientIdOption,
    CliState,
    ConnectionFlags,
    HostOption,
    PasswordStdinOption,
    PrettyOption,
    UsernameOption,
)
from .output import handle_errors

__all__ = ["app"]

app = typer.Typer(
    name="fluent-commerce",
    help="Fluent Commerce OMS from the shell. JSON on stdout, diagnostics on stderr.\n\n"
    "Exit codes: 0 ok, 1 Fluent/GraphQL error, 2 usage or validation error, 3 authentication failure, "
    "4 network failure, 5 not found.\n\n"
    "Connection: FLUENT_HOST, FLUENT_USERNAME, FLUENT_PASSWORD, FLUENT_CLIENT_ID, FLUENT_CLIENT_SECRET, "
    "FLUENT_ACCOUNT_ID. Secrets are read only from the environment or --password-stdin.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals may hold credentials
)

DEBUG_LOGGERS = ("fluent_commerce", "httpx", "httpcore")


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"fluent-commerce {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    host: HostOption = None,
    username: UsernameOption = None,
    client_id: ClientIdOption = None,
    account_id: AccountIdOption = None,
    password_stdin: PasswordStdinOption = False,
    pretty: PrettyOption = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Log requests (redacted) from fluent_commerce and httpx to stderr.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True, callback=_print_version)
    ] = False,
) -> None:
    """Global options apply to every command; a command's own --host etc. win over them."""
    ctx.obj = CliState(ConnectionFlags(host, username, client_id, account_id, password_stdin), pretty, debug)
    if debug:
        enable_debug_logging(ctx)


def enable_debug_logging(ctx: typer.Context) -> None:
    """DEBUG for our logger and httpx/httpcore, to the current stderr, undone when the command ends.

    The library logs paths, operation names and redacted variables only, and httpx logs no headers
    or bodies, so no password, client secret or token reaches stderr (tests/cli pin this).
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    saved = []
    for name in DEBUG_LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level))
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)

    def restore() -> None:
        for logger, level in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)

    ctx.call_on_close(restore)


app.command("me")(me)
app.add_typer(customer_app, name="customer")
app.add_typer(product_app, name="product")
app.command("graphql")(graphql)
app.command("sandbox", context_settings=SANDBOX_CONTEXT, add_help_option=False)(sandbox)
app.add_typer(schema_app, name="schema")
app.command("codegen")(codegen)


@app.command("demo")
def demo(
    use_async: Annotated[bool, typer.Option("--async", help="Run the same steps with AsyncFluentClient.")] = False,
) -> None:
    """Start an embedded sandbox and run all five actions end to end, printing each step."""
    from .demo import run_demo  # rich and the sandbox load only for the demo

    with handle_errors():
        run_demo(use_async=use_async)
