"""Run ariadne-codegen's ``client`` strategy on a staged project (see :mod:`.codegen`).

In-process by default: the schema is built once (it is already built for the check) and
handed to ariadne-codegen's package generator for each config, which is what
``ariadne_codegen.main.client`` does after reading the schema file. That avoids two
interpreter start-ups and two parses of a 12k-line schema. ariadne-codegen's public surface
is its CLI, so if these internals move in a future release we fall back to running
``python -m ariadne_codegen --config FILE client`` once per config (in parallel).

Both paths run with the staged files named by the same *relative* paths as in the project,
so the ``# Source: schema.graphql`` / ``# Source: queries`` headers come out identical.
"""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

from graphql import GraphQLSchema

from .errors import CodegenError

__all__ = ["run_codegen"]


def run_codegen(
    staging: Path,
    configs: list[tuple[str, dict[str, Any]]],
    schema: GraphQLSchema | None,
    *,
    out: str,
) -> None:
    """Generate each ``(config file name, parsed config)`` inside ``staging``.

    ``schema`` (already built from the staged schema file) enables the in-process path.
    Packages are written to ``staging / out``. Raises :class:`CodegenError` on failure.
    """
    modules = _ariadne_internals() if schema is not None else None
    if schema is None or modules is None:
        _run_subprocesses(staging, [name for name, _ in configs])
        return
    failures: list[str] = []
    with warnings.catch_warnings():  # ariadne-codegen adjusts warning filters globally
        for name, config in configs:
            try:
                _generate(modules, staging, config, schema, out)
            except Exception as error:  # ariadne-codegen raises plain exceptions for bad input
                failures.append(f"ariadne-codegen failed for {name}:\n{type(error).__name__}: {error}")
    if failures:
        raise CodegenError("\n\n".join(failures))


def _ariadne_internals() -> dict[str, ModuleType] | None:
    try:
        with warnings.catch_warnings():
            from ariadne_codegen import config, schema, settings
            from ariadne_codegen.client_generators import package
            from ariadne_codegen.plugins import explorer, manager
    except ImportError:  # pragma: no cover - depends on the installed ariadne-codegen
        return None
    modules = {"config": config, "schema": schema, "settings": settings, "package": package}
    modules.update({"explorer": explorer, "manager": manager})
    needed = [
        ("config", "get_client_settings"),
        ("schema", "add_mixin_directive_to_schema"),
        ("schema", "get_graphql_queries"),
        ("schema", "filter_operations_definitions"),
        ("schema", "filter_fragments_definitions"),
        ("settings", "get_validation_rule"),
        ("package", "get_package_generator"),
        ("explorer", "get_plugins_types"),
        ("manager", "PluginManager"),
    ]
    if not all(hasattr(modules[module], attribute) for module, attribute in needed):
        return None  # pragma: no cover - depends on the installed ariadne-codegen
    return modules


def _generate(
    modules: dict[str, ModuleType], staging: Path, config: dict[str, Any], schema: GraphQLSchema, out: str
) -> None:
    """``ariadne_codegen.main._generate_package`` with our schema and absolute paths."""
    section = dict(config["tool"]["ariadne-codegen"])
    relative_schema, relative_queries = section["schema_path"], section["queries_path"]
    section.update(
        schema_path=str(staging / relative_schema),
        queries_path=str(staging / relative_queries),
        target_package_path=str(staging / out),
    )
    config_dict = {**config, "tool": {**config["tool"], "ariadne-codegen": section}}
    settings = modules["config"].get_client_settings(config_dict)
    plugin_manager = modules["manager"].PluginManager(
        schema=schema,
        config_dict=config_dict,
        plugins_types=modules["explorer"].get_plugins_types(settings.plugins),
    )
    schema = modules["schema"].add_mixin_directive_to_schema(schema)
    schema = plugin_manager.process_schema(schema)
    rules = [modules["settings"].get_validation_rule(rule) for rule in settings.skip_validation_rules]
    definitions = modules["schema"].get_graphql_queries(settings.queries_path, schema, rules)
    # The generated files name their sources; keep the project-relative names.
    settings.schema_path, settings.queries_path = relative_schema, relative_queries
    generator = modules["package"].get_package_generator(
        schema=schema,
        fragments=modules["schema"].filter_fragments_definitions(definitions),
        settings=settings,
        plugin_manager=plugin_manager,
    )
    for operation in modules["schema"].filter_operations_definitions(definitions):
        generator.add_operation(operation)
    generator.generate()


def _run_subprocesses(staging: Path, names: list[str]) -> None:
    command = [sys.executable, "-m", "ariadne_codegen", "--config"]
    processes = [
        (
            name,
            subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                [*command, name, "client"],
                cwd=staging,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ),
        )
        for name in names
    ]
    failures: list[str] = []
    for name, process in processes:
        out, err = process.communicate()
        if process.returncode != 0:
            failures.append(f"ariadne-codegen failed for {name}:\n{_reason(err or out)}")
    if failures:
        raise CodegenError("\n\n".join(failures))


_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*: ")


def _reason(output: str) -> str:
    """The exception message at the end of a traceback, or the output's last lines."""
    lines = output.strip().splitlines()
    starts = [i for i, line in enumerate(lines) if _EXCEPTION_LINE.match(line)]
    return "\n".join(lines[starts[-1] :] if starts else lines[-15:])
