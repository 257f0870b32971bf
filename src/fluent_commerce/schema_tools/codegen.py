"""Regenerate ``generated/`` with ariadne-codegen, and detect drift.

Every run stages a private copy of the inputs (the schema, normalised so legacy SDL works;
the operations directory; each codegen config with only ``target_package_path`` changed),
runs ariadne-codegen there for each config (see :mod:`.runner`), and then syncs each generated
package into place: changed files are rewritten, unchanged files are left alone (same bytes,
same mtime), and files ariadne-codegen no longer produces are deleted. The staged paths are
the same relative paths the configs name, so the ``# Source:`` headers do not change.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from graphql import DocumentNode, GraphQLSchema

from .check import check_loaded
from .errors import CodegenError, CodegenRefusedError
from .normalize import build_schema_from_document, normalize_and_parse
from .operations import load_operations
from .runner import run_codegen

if sys.version_info >= (3, 11):
    import tomllib

    def _load_toml(path: Path) -> dict[str, Any]:
        with path.open("rb") as file:
            return tomllib.load(file)
else:

    def _load_toml(path: Path) -> dict[str, Any]:
        # Imported here so the rest of schema_tools works without the codegen extra.
        import toml  # type: ignore[import-untyped]  # a dependency of ariadne-codegen

        data: dict[str, Any] = toml.load(path)
        return data


__all__ = ["CONFIG_FILES", "CodegenConfig", "drift", "read_config", "regenerate"]

CONFIG_FILES: tuple[str, ...] = ("codegen.toml", "codegen-sync.toml")
_OUT = "_generated"
_TARGET_LINE = re.compile(r"^(\s*target_package_path\s*=).*$", re.MULTILINE)


@dataclass(frozen=True)
class CodegenConfig:
    """The parts of one ariadne-codegen config file that regeneration needs."""

    path: Path
    schema_path: str
    queries_path: str
    package_path: str
    package_name: str
    files_to_include: tuple[str, ...] = ()


def read_config(path: Path) -> CodegenConfig:
    """Read ``[tool.ariadne-codegen]`` from ``path``; its paths must be relative."""
    section = _load_toml(path).get("tool", {}).get("ariadne-codegen", {})
    try:
        config = CodegenConfig(
            path=path,
            schema_path=str(section["schema_path"]),
            queries_path=str(section["queries_path"]),
            package_path=str(section.get("target_package_path", ".")),
            package_name=str(section.get("target_package_name", "graphql_client")),
            files_to_include=tuple(str(f) for f in section.get("files_to_include", ())),
        )
    except KeyError as error:
        raise CodegenError(f"{path}: [tool.ariadne-codegen] needs {error.args[0]}") from None
    for value in (config.schema_path, config.queries_path, config.package_path, *config.files_to_include):
        if PurePath(value).is_absolute() or ".." in PurePath(value).parts:
            raise CodegenError(f"{path}: paths must stay inside the project, got {value!r}")
    if not _TARGET_LINE.search(path.read_text(encoding="utf-8")):
        raise CodegenError(f"{path}: target_package_path must be set on its own line")
    return config


def regenerate(
    *,
    project_root: Path,
    check: bool = True,
    out_dir: Path | None = None,
    configs: Sequence[str] = CONFIG_FILES,
) -> list[Path]:
    """Regenerate every package named by ``configs`` and return the paths of their files.

    With ``check`` (the default) the operations are first validated against the schema and
    :class:`~.errors.CodegenRefusedError` (carrying the report) is raised, writing nothing,
    if any breaks. Packages land in ``out_dir/<package>`` if given, else where the configs
    say (``generated/<package>``). Raises :class:`~.errors.CodegenError` if ariadne-codegen
    fails.
    """
    root = Path(project_root).resolve()
    parsed = [read_config(root / name) for name in configs]
    with tempfile.TemporaryDirectory(prefix="fluent-codegen-") as tmp:
        staging = Path(tmp)
        documents = _stage(root, staging, parsed)
        (staging / _OUT).mkdir()
        schemas = {
            path: build_schema_from_document(document, source=str(root / path)) for path, document in documents.items()
        }
        if check:
            _check(root, parsed, schemas)
        for schema_path, schema in schemas.items():
            group = [(c.path.name, _load_toml(staging / c.path.name)) for c in parsed if c.schema_path == schema_path]
            run_codegen(staging, group, schema, out=_OUT)
        written: list[Path] = []
        for config in parsed:
            base = Path(out_dir) if out_dir is not None else root / config.package_path
            written += _sync_tree(staging / _OUT / config.package_name, base / config.package_name)
    return written


def _check(root: Path, configs: list[CodegenConfig], schemas: dict[str, GraphQLSchema]) -> None:
    """Raise :class:`CodegenRefusedError` unless every operation is valid against its schema."""
    for schema_path, queries_path in dict.fromkeys((c.schema_path, c.queries_path) for c in configs):
        label = str(root / schema_path)
        report = check_loaded(
            schemas[schema_path],
            None,
            load_operations(root / queries_path),
            candidate_label=label,
            committed_label=label,
        )
        if not report.ok:
            raise CodegenRefusedError(report)


def drift(project_root: Path, *, configs: Sequence[str] = CONFIG_FILES) -> list[str]:
    """Files (relative to ``project_root``, POSIX style) that a fresh generation would change,
    add or delete in the committed packages. ``[]`` means ``generated/`` is up to date."""
    root = Path(project_root).resolve()
    parsed = [read_config(root / name) for name in configs]
    differing: list[str] = []
    with tempfile.TemporaryDirectory(prefix="fluent-drift-") as tmp:
        fresh_root = Path(tmp)
        regenerate(project_root=root, check=False, out_dir=fresh_root, configs=configs)
        for config in parsed:
            committed = root / config.package_path / config.package_name
            fresh = fresh_root / config.package_name
            old, new = _files(committed), _files(fresh)
            for rel in sorted(old | new):
                if rel not in old or rel not in new or ((committed / rel).read_bytes() != (fresh / rel).read_bytes()):
                    differing.append((committed / rel).relative_to(root).as_posix())
    return differing


def _stage(root: Path, staging: Path, configs: list[CodegenConfig]) -> dict[str, DocumentNode]:
    """Copy the inputs into ``staging``; return each (normalised) schema's parsed document."""
    documents: dict[str, DocumentNode] = {}
    for config in configs:
        schema_source = root / config.schema_path
        schema_target = staging / config.schema_path
        if config.schema_path not in documents:
            schema_target.parent.mkdir(parents=True, exist_ok=True)
            text = schema_source.read_text(encoding="utf-8")
            normalized, documents[config.schema_path] = normalize_and_parse(text, source=str(schema_source))
            schema_target.write_text(normalized, encoding="utf-8")
        queries_source, queries_target = root / config.queries_path, staging / config.queries_path
        if queries_source.is_file():  # ariadne-codegen also accepts a single file
            queries_target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(queries_source, queries_target)
        elif not queries_target.exists():
            shutil.copytree(queries_source, queries_target, ignore=shutil.ignore_patterns("__pycache__"))
        for extra in config.files_to_include:  # copied verbatim into the package by ariadne-codegen
            if not (root / extra).is_file():
                raise CodegenError(f"{config.path}: files_to_include names a missing file: {extra}")
            (staging / extra).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / extra, staging / extra)
        text = config.path.read_text(encoding="utf-8")
        staged = _TARGET_LINE.sub(lambda m: f'{m.group(1)} "{_OUT}"', text, count=1)
        (staging / config.path.name).write_text(staged, encoding="utf-8")
    return documents


def _files(directory: Path) -> set[PurePath]:
    if not directory.is_dir():
        return set()
    return {p.relative_to(directory) for p in directory.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def _sync_tree(source: Path, target: Path) -> list[Path]:
    """Make ``target`` hold exactly ``source``'s files, touching only what differs."""
    new = _files(source)
    if not new:
        raise CodegenError(f"ariadne-codegen produced nothing in {source.name}")
    for rel in sorted(new):
        data = (source / rel).read_bytes()
        destination = target / rel
        if not destination.is_file() or destination.read_bytes() != data:
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(data)
    for rel in _files(target) - new:
        (target / rel).unlink()
    for directory in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True):
        if directory.name != "__pycache__" and not any(directory.iterdir()):
            directory.rmdir()
    return [target / rel for rel in sorted(new)]
