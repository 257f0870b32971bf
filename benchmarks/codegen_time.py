"""Time the schema lifecycle: normalise, check, regenerate (both client packages).

Runs on the legacy Fluent schema fixture (../shared/fixtures/fluent-schema-legacy.graphql,
skipped if absent; regenerate uses only the operations valid against it) and on the
project's schema.graphql. Prints the median of a few runs per step.

    python benchmarks/codegen_time.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from fluent_commerce.schema_tools import check_schema, drift, load_schema, normalize_file, normalize_sdl, regenerate

ROOT = Path(__file__).resolve().parents[1]
LEGACY = ROOT.parent / "shared" / "fixtures" / "fluent-schema-legacy.graphql"
INPUT_FILES = ("codegen.toml", "codegen-sync.toml", "src/fluent_commerce/scalars.py")  # configs + files_to_include
TARGETS = {"check": 1.0, "regenerate": 3.0}


def median_time(step: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def project_with(schema: Path, operations: list[str], directory: Path, *, normalise: bool) -> Path:
    """A throwaway project: ``schema`` (normalised if asked), the named operations plus the
    fragments file, and both codegen configs."""
    (directory / "queries").mkdir(parents=True)
    for name in INPUT_FILES:
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, directory / name)
    for name in [*operations, "fragments"]:
        shutil.copy2(ROOT / "queries" / f"{name}.graphql", directory / "queries" / f"{name}.graphql")
    if normalise:
        normalize_file(schema, directory / "schema.graphql")
    else:
        shutil.copy2(schema, directory / "schema.graphql")
    return directory


def report(label: str, seconds: float) -> None:
    target = next((limit for key, limit in TARGETS.items() if label.startswith(key)), None)
    verdict = "" if target is None else f"  (target <= {target:.0f} s: {'ok' if seconds <= target else 'MISSED'})"
    print(f"  {label:<52}{seconds * 1000:8.0f} ms{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per step (median is shown)")
    runs = parser.parse_args().runs
    committed, queries = ROOT / "schema.graphql", ROOT / "queries"
    all_operations = sorted(p.stem for p in queries.glob("*.graphql") if p.stem != "fragments")

    with tempfile.TemporaryDirectory() as tmp:
        if LEGACY.is_file():
            text = LEGACY.read_text(encoding="utf-8")
            print(f"Legacy Fluent schema ({LEGACY.name}, {text.count(chr(10))} lines), median of {runs}:")
            report("normalise (normalize_sdl)", median_time(lambda: normalize_sdl(text), runs))
            report("normalise + build (load_schema)", median_time(lambda: load_schema(LEGACY), runs))
            report(
                "check (6 operations, diff vs committed)",
                median_time(lambda: check_schema(LEGACY, committed_path=committed, queries_dir=queries), runs),
            )
            result = check_schema(LEGACY, committed_path=committed, queries_dir=queries)
            valid = [name for name, errors in result.operations.items() if not errors]
            for normalise, how in ((True, "normalised file"), (False, "raw legacy file")):
                project = project_with(LEGACY, valid, Path(tmp) / f"legacy-{normalise}", normalise=normalise)
                out = Path(tmp) / f"legacy-out-{normalise}"
                report(
                    f"regenerate ({len(valid)} valid ops, {how}, 2 pkgs)",
                    median_time(partial(regenerate, project_root=project, out_dir=out), runs),
                )
        else:
            print(f"Legacy schema fixture not found at {LEGACY}: skipped.")

        print(f"\nProject schema ({committed.name}), median of {runs}:")
        report("normalise (normalize_sdl)", median_time(lambda: normalize_sdl(committed.read_text()), runs))
        report(
            "check (6 operations)",
            median_time(lambda: check_schema(committed, committed_path=committed, queries_dir=queries), runs),
        )
        project = project_with(committed, all_operations, Path(tmp) / "project", normalise=False)
        out = Path(tmp) / "project-out"
        report(
            "regenerate (all ops, 2 pkgs, with check)",
            median_time(lambda: regenerate(project_root=project, out_dir=out), runs),
        )
        report("drift (fresh generation + compare)", median_time(lambda: drift(ROOT), runs))


if __name__ == "__main__":
    main()
