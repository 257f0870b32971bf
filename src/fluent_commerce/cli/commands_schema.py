"""``schema json|pull|normalize|check`` and ``codegen``: thin wrappers over the schema tools."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel

from .._documents import bundled_schema_path
from .options import (
    AccountIdOption,
    ClientIdOption,
    ConnectionFlags,
    HostOption,
    PasswordStdinOption,
    PrettyOption,
    UsernameOption,
    existing_file,
    load_connection,
    state,
)
from .output import CliError, ExitCode, emit, handle_errors, warn

__all__ = ["codegen", "schema_app"]

schema_app = typer.Typer(help="Output JSON Schemas; pull, normalise and check GraphQL schemas.", no_args_is_help=True)


class Action(str, Enum):
    me = "me"
    customer = "customer"
    product = "product"
    graphql = "graphql"


GRAPHQL_DATA_SCHEMA: dict[str, Any] = {
    "title": "GraphQLData",
    "description": "The `data` member of the GraphQL response; its fields follow the document sent.",
    "type": "object",
    "additionalProperties": True,
}


def output_schema(action: Action) -> dict[str, Any]:
    """The JSON Schema of what the CLI prints for ``action`` (customer: get and create)."""
    from fluent_gql_sync.fragments import CustomerFields, ProductFields
    from fluent_gql_sync.get_current_user import GetCurrentUserMe

    models: dict[Action, type[BaseModel]] = {
        Action.me: GetCurrentUserMe,
        Action.customer: CustomerFields,
        Action.product: ProductFields,
    }
    model = models.get(action)
    return GRAPHQL_DATA_SCHEMA if model is None else model.model_json_schema(by_alias=True)


@schema_app.command("json")
def schema_json(
    ctx: typer.Context,
    action: Annotated[Action, typer.Argument(help="Whose output to describe.")],
    pretty: PrettyOption = False,
) -> None:
    """Print the JSON Schema of an action's JSON output."""
    emit(output_schema(action), pretty=pretty or state(ctx).pretty)


def bundled_queries_dir() -> Path:
    """``queries/`` shipped in the wheel next to the bundled schema, or the checkout's."""
    return bundled_schema_path().parent / "queries"


@schema_app.command("pull")
def schema_pull(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")] = None,
    host: HostOption = None,
    username: UsernameOption = None,
    client_id: ClientIdOption = None,
    account_id: AccountIdOption = None,
    password_stdin: PasswordStdinOption = False,
) -> None:
    """Introspect {host}/graphql (gql, over our auth session) and print sorted, modern SDL."""
    from ..schema_tools import print_sorted_sdl, pull_schema

    flags = ConnectionFlags(host, username, client_id, account_id, password_stdin)
    with handle_errors():
        schema = pull_schema(load_connection(flags.over(state(ctx).flags)))
        _write(print_sorted_sdl(schema), out)


@schema_app.command("normalize")
def schema_normalize(
    source: Annotated[Path, typer.Argument(help="SDL file, possibly in legacy syntax; never modified.")],
    out: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")] = None,
) -> None:
    """Rewrite legacy SDL (comma-joined interfaces, # descriptions) so graphql-core builds it."""
    from ..schema_tools import normalize_file

    with handle_errors():
        existing_file(source, "IN")
        try:
            text = normalize_file(source)
        except ValueError as exc:
            raise CliError(str(exc)) from None
        if out is not None and out.resolve() == source.resolve():
            raise CliError(f"refusing to overwrite the input file {source}")
        _write(text, out)


@schema_app.command("check")
def schema_check(
    schema: Annotated[
        Path | None, typer.Option("--schema", help="Candidate schema (default: the bundled schema.graphql).")
    ] = None,
    queries: Annotated[Path | None, typer.Option("--queries", help="Operations directory (default: bundled).")] = None,
) -> None:
    """Validate our operations against a schema and list changes that touch them; exit 1 if any breaks."""
    from ..schema_tools import check_schema

    with handle_errors():
        committed = bundled_schema_path()
        candidate = existing_file(schema, "--schema") or committed
        report = check_schema(candidate, committed_path=committed, queries_dir=queries or bundled_queries_dir())
    typer.echo(report.render(), nl=False)
    raise typer.Exit(report.exit_code)


def codegen(
    project_root: Annotated[
        Path, typer.Option("--project-root", help="Checkout holding codegen.toml, schema.graphql and queries/.")
    ] = Path(),
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if generated/ differs from a fresh generation.")
    ] = False,
) -> None:
    """Regenerate generated/ (sync and async) from schema.graphql and queries/; refuses if the check fails."""
    from ..schema_tools import drift, regenerate

    with handle_errors():
        if not (project_root / "codegen.toml").is_file():
            raise CliError(f"no codegen.toml in {project_root.resolve()}; run from a checkout or pass --project-root")
        if check:
            stale = drift(project_root)
            if stale:
                raise CliError(
                    f"generated code is out of date in {len(stale)} files; run `fluent-commerce codegen`",
                    ExitCode.FLUENT_ERROR,
                    details=tuple(stale),
                )
            warn("generated code is up to date")
            return
        written = regenerate(project_root=project_root)
    warn(f"regenerated {len(written)} files")


def _write(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"--out: cannot write {out}: {exc.strerror or exc}") from None
    warn(f"wrote {out}")
