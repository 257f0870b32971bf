"""The ``fluent-commerce`` command line (console script and ``python -m fluent_commerce.cli``)."""

from __future__ import annotations

from .app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app(prog_name="fluent-commerce")
