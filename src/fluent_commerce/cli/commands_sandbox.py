"""``sandbox``: serve the local Fluent sandbox, by handing the arguments to ``fluent_sandbox``'s CLI.

Its options (``--host 127.0.0.1 --port 8765 --db PATH --schema PATH --token-ttl SECONDS
--refresh-tokens/--no-refresh-tokens --print-env [--user admin|limited]``) are parsed by
``fluent_sandbox.cli``, so the two entry points can never drift apart.
"""

from __future__ import annotations

import importlib.util

import typer

from .output import CliError, ExitCode, handle_errors

__all__ = ["SANDBOX_CONTEXT", "require_sandbox_extra", "sandbox"]

SANDBOX_CONTEXT = {"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []}
SANDBOX_MODULES = ("fluent_sandbox", "starlette", "uvicorn", "ariadne")


def require_sandbox_extra(what: str) -> None:
    """Exit 2 with an install hint when the ``sandbox`` extra is not installed."""
    missing = [name for name in SANDBOX_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise CliError(
            f"{what} needs the 'sandbox' extra ({', '.join(missing)} missing): pip install 'fluent-commerce[sandbox]'",
            ExitCode.USAGE,
        )


def sandbox(ctx: typer.Context) -> None:
    """Serve the local Fluent sandbox (--help for its options; --print-env prints FLUENT_* exports)."""
    with handle_errors():
        require_sandbox_extra("fluent-commerce sandbox")
    from fluent_sandbox.cli import main as sandbox_main

    try:
        code = sandbox_main([*ctx.args], prog="fluent-commerce sandbox")
    except KeyboardInterrupt:
        code = 0
    raise typer.Exit(code)
