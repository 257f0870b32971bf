"""regenerate / drift: ariadne-codegen for both client packages, byte for byte."""

from __future__ import annotations

import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

from fluent_commerce.schema_tools import (
    CodegenError,
    CodegenRefusedError,
    check_schema,
    drift,
    normalize_file,
    regenerate,
    runner,
)

PACKAGES = ("fluent_gql_async", "fluent_gql_sync")
Snapshot = Callable[[Path], dict[str, bytes]]


def test_committed_generated_code_has_not_drifted(repo_root: Path) -> None:
    assert drift(repo_root) == []


def test_regenerating_from_an_unchanged_schema_changes_no_byte(
    project_copy: Path, repo_root: Path, snapshot: Snapshot
) -> None:
    committed = snapshot(repo_root / "generated")
    mtimes = {p: p.stat().st_mtime_ns for p in (project_copy / "generated").rglob("*.py")}
    written = regenerate(project_root=project_copy)
    assert snapshot(project_copy / "generated") == committed
    # Unchanged files are not even rewritten.
    assert {p: p.stat().st_mtime_ns for p in (project_copy / "generated").rglob("*.py")} == mtimes
    assert sorted(p.relative_to(project_copy).as_posix() for p in written) == sorted(
        f"generated/{name}" for name in committed
    )
    regenerate(project_root=project_copy)
    assert snapshot(project_copy / "generated") == committed


def test_drift_names_changed_missing_and_extra_files(project_copy: Path) -> None:
    generated = project_copy / "generated"
    (generated / "fluent_gql_sync" / "client.py").write_text("# edited by hand\n", encoding="utf-8")
    (generated / "fluent_gql_async" / "get_product.py").unlink()
    (generated / "fluent_gql_async" / "stale.py").write_text("", encoding="utf-8")
    assert drift(project_copy) == [
        "generated/fluent_gql_async/get_product.py",
        "generated/fluent_gql_async/stale.py",
        "generated/fluent_gql_sync/client.py",
    ]
    regenerate(project_root=project_copy)
    assert drift(project_copy) == []


def test_removed_operation_disappears_from_generated(project_copy: Path) -> None:
    (project_copy / "queries" / "GetProduct.graphql").unlink()
    regenerate(project_root=project_copy)
    for package in PACKAGES:
        directory = project_copy / "generated" / package
        assert not (directory / "get_product.py").exists()
        assert (directory / "get_customer_by_email.py").exists()
        assert "get_product" not in (directory / "client.py").read_text(encoding="utf-8")


def test_out_dir_leaves_the_project_alone(project_copy: Path, tmp_path: Path, snapshot: Snapshot) -> None:
    before = snapshot(project_copy)
    out = tmp_path / "out"
    written = regenerate(project_root=project_copy, out_dir=out)
    assert snapshot(project_copy) == before
    assert {p.relative_to(out).parts[0] for p in written} == set(PACKAGES)
    assert snapshot(out) == snapshot(project_copy / "generated")


def test_refuses_to_write_when_an_operation_breaks(project_copy: Path, snapshot: Snapshot) -> None:
    (project_copy / "queries" / "Bad.graphql").write_text("query Bad { me { nonsense } }\n", encoding="utf-8")
    before = snapshot(project_copy / "generated")
    with pytest.raises(CodegenRefusedError) as caught:
        regenerate(project_root=project_copy)
    assert caught.value.report.broken == ["Bad"]
    assert "queries/Bad.graphql:1:18: Cannot query field 'nonsense' on type 'User'." in str(caught.value)
    assert snapshot(project_copy / "generated") == before


def test_codegen_failure_is_reported_with_its_reason(project_copy: Path) -> None:
    (project_copy / "queries" / "Bad.graphql").write_text("query Bad { nope }\n", encoding="utf-8")
    with pytest.raises(CodegenError, match=r"InvalidOperationForSchema: Cannot query field 'nope'"):
        regenerate(project_root=project_copy, check=False)


def _legacy_project(tmp_path: Path, repo_root: Path, legacy_schema_path: Path) -> Path:
    """A project whose schema is the normalised legacy schema and whose queries/ holds only
    the operations that are valid against it (plus the fragments they use)."""
    report = check_schema(
        legacy_schema_path, committed_path=repo_root / "schema.graphql", queries_dir=repo_root / "queries"
    )
    valid = [name for name, errors in report.operations.items() if not errors]
    assert "GetCurrentUser" not in valid and "CreateCustomer" in valid
    project = tmp_path / "legacy-project"
    (project / "queries").mkdir(parents=True)
    for name in ("codegen.toml", "codegen-sync.toml", "src/fluent_commerce/scalars.py"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo_root / name, project / name)
    for name in [*valid, "fragments"]:
        shutil.copy2(repo_root / "queries" / f"{name}.graphql", project / "queries" / f"{name}.graphql")
    normalize_file(legacy_schema_path, project / "schema.graphql")
    return project


def test_codegen_of_valid_operations_against_the_legacy_schema(
    tmp_path: Path, repo_root: Path, legacy_schema_path: Path, snapshot: Snapshot
) -> None:
    project = _legacy_project(tmp_path, repo_root, legacy_schema_path)
    regenerate(project_root=project)
    for package in PACKAGES:
        directory = project / "generated" / package
        assert (directory / "create_customer.py").is_file()
        assert not (directory / "get_current_user.py").exists()
        # CreateCustomerInput.firstName/timezone are required in the legacy schema.
        inputs = (directory / "input_types.py").read_text(encoding="utf-8")
        assert 'first_name: str = Field(alias="firstName")' in inputs
    result = subprocess.run(
        [sys.executable, "-c", "import fluent_gql_sync, fluent_gql_async"],
        cwd=project / "generated",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr

    # Pointing the project at the raw legacy file gives the same code: staging normalises it.
    shutil.copy2(legacy_schema_path, project / "schema.graphql")
    out = tmp_path / "from-raw"
    regenerate(project_root=project, out_dir=out)
    assert snapshot(out) == snapshot(project / "generated")


def test_subprocess_fallback_gives_the_same_bytes(
    project_copy: Path, repo_root: Path, snapshot: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Used when ariadne-codegen's internals are not where we expect them.
    monkeypatch.setattr(runner, "_ariadne_internals", lambda: None)
    shutil.rmtree(project_copy / "generated")
    regenerate(project_root=project_copy)
    assert snapshot(project_copy / "generated") == snapshot(repo_root / "generated")
    (project_copy / "queries" / "Bad.graphql").write_text("query Bad { nope }\n", encoding="utf-8")
    with pytest.raises(CodegenError, match=r"InvalidOperationForSchema: Cannot query field 'nope'"):
        regenerate(project_root=project_copy, check=False)


def test_in_process_codegen_leaves_warning_filters_alone(project_copy: Path) -> None:
    # With this setting ariadne-codegen calls warnings.simplefilter("ignore", ...) globally.
    for name in ("codegen.toml", "codegen-sync.toml"):
        config = project_copy / name
        text = config.read_text(encoding="utf-8")
        config.write_text(
            text.replace("[tool.ariadne-codegen]\n", "[tool.ariadne-codegen]\nshow_deprecation_warnings = false\n", 1),
            encoding="utf-8",
        )
    before = list(warnings.filters)
    regenerate(project_root=project_copy)
    assert warnings.filters == before
