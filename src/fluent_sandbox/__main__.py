"""`python -m fluent_sandbox`: serve the Fluent sandbox (see `fluent_sandbox.cli`)."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
