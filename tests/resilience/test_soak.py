"""Soak (issue 6): hundreds of creates at concurrency 16 while ~10 % of requests get a fault.

The driver lives in benchmarks/resilience.py (which also reports timings); here we assert the
invariants: every record stored exactly once, no unhandled exception, faults really fired.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from fluent_sandbox import SandboxHandle

pytestmark = pytest.mark.anyio


def load_driver() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "resilience.py"
    spec = importlib.util.spec_from_file_location("resilience_driver", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("kind", "calls"), [("product", 500), ("customer", 200)])
async def test_soak_under_faults_stores_each_record_exactly_once(sandbox: SandboxHandle, kind: str, calls: int) -> None:
    report = await load_driver().run_soak(sandbox, kind, calls, concurrency=16, fault_rate=0.1, seed=11)
    assert report.unhandled == []
    assert report.faults >= calls // 20  # the seeded plan injects ~10 %
    assert sandbox.stats()["faults_fired"] == report.faults
    assert report.reconciliations > 0  # drop_after_commit / drop_before really exercised reconciliation
    assert (report.stored, report.duplicates) == (calls, 0)
    assert report.returned + report.typed_errors == calls
