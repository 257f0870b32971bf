"""Fixtures for the schema-lifecycle tests: the repository, the legacy Fluent schema, and
throwaway copies of the project for codegen runs."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
LEGACY_SCHEMA = REPO_ROOT.parent / "shared" / "fixtures" / "fluent-schema-legacy.graphql"
PROJECT_FILES = ("schema.graphql", "codegen.toml", "codegen-sync.toml", "src/fluent_commerce/scalars.py")
PROJECT_DIRS = ("queries", "generated")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def legacy_schema_path() -> Path:
    if not LEGACY_SCHEMA.is_file():
        pytest.skip(
            "legacy Fluent schema fixture not found at "
            "../shared/fixtures/fluent-schema-legacy.graphql (it lives outside the workspace: "
            "clone the shared fixtures next to the repository to run this test)"
        )
    return LEGACY_SCHEMA


@pytest.fixture(scope="session")
def legacy_text(legacy_schema_path: Path) -> str:
    return legacy_schema_path.read_text(encoding="utf-8")


def _copy_project(destination: Path, *, with_generated: bool = True) -> Path:
    """Copy the inputs (and, by default, the committed generated/) into ``destination``."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, destination / name)
    for name in PROJECT_DIRS:
        if name == "generated" and not with_generated:
            continue
        shutil.copytree(REPO_ROOT / name, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's codegen inputs and committed generated/ in a temp dir."""
    return _copy_project(tmp_path / "project")


@pytest.fixture
def copy_project() -> Callable[..., Path]:
    return _copy_project


@pytest.fixture
def snapshot() -> Callable[[Path], dict[str, bytes]]:
    return _snapshot


def _snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` (``__pycache__`` excluded) by relative path."""
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }
