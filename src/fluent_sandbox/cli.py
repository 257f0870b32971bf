"""Command line: `python -m fluent_sandbox [--host H] [--port P] [--db PATH] [--schema PATH]
[--mock] [--token-ttl S] [--refresh-tokens/--no-refresh-tokens]
[--print-env [--user admin|limited]]`.

`--mock` answers every valid operation against `--schema` (any Fluent schema, legacy syntax
accepted; default: the bundled one) with deterministic mock data (see `mock.py`).

`--print-env` prints `export FLUENT_...=...` lines for the given host and port and exits, so
`eval "$(python -m fluent_sandbox --print-env)"` configures a shell. Binds 127.0.0.1 unless
told otherwise.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .env import USERS, base_url, format_env, sandbox_env

DEFAULT_PORT = 8765


def build_parser(prog: str = "python -m fluent_sandbox") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Serve a local Fluent Commerce sandbox.")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: %(default)s)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default: %(default)s)")
    parser.add_argument("--db", default=":memory:", help="SQLite file, or :memory: (default)")
    parser.add_argument("--schema", default=None, help="schema.graphql to serve (default: bundled)")
    parser.add_argument(
        "--mock",
        action="store_true",
        help="answer with deterministic mock data for --schema (any Fluent schema, legacy syntax accepted)",
    )
    parser.add_argument(
        "--token-ttl", type=int, default=86399, help="access token lifetime, seconds (default: %(default)s)"
    )
    parser.add_argument(
        "--refresh-tokens",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="issue refresh tokens (default: on)",
    )
    parser.add_argument("--print-env", action="store_true", help="print FLUENT_* exports and exit")
    parser.add_argument("--user", choices=sorted(USERS), default="admin", help="user for --print-env")
    parser.add_argument("--log-level", default="info", help="uvicorn log level (default: %(default)s)")
    return parser


def main(argv: Sequence[str] | None = None, *, prog: str = "python -m fluent_sandbox") -> int:
    args = build_parser(prog).parse_args(argv)
    if args.print_env:
        sys.stdout.write(format_env(sandbox_env(base_url(args.host, args.port), args.user)))
        return 0
    if args.schema is not None and not Path(args.schema).is_file():
        sys.stderr.write(f"error: schema file not found: {args.schema}\n")
        return 2
    from graphql import GraphQLError

    from .server import serve

    try:
        serve(
            args.db,
            schema_path=args.schema,
            token_ttl=args.token_ttl,
            refresh_tokens=args.refresh_tokens,
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            mock=args.mock,
        )
    except OSError as exc:
        sys.stderr.write(f"error: cannot serve on {args.host}:{args.port}: {exc}\n")
        return 1
    except GraphQLError as exc:
        sys.stderr.write(f"error: cannot load the schema: {exc}\n")
        return 2
    return 0
