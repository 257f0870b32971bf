"""The demo from an installed wheel, run outside the checkout (offline: dependencies are borrowed
from the test environment, the project itself comes only from the wheel)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def site_packages(venv: Path) -> Path:
    purelib = sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)})
    return Path(purelib)


@pytest.mark.timeout(300)
def test_demo_from_an_installed_wheel(tmp_path):
    if not (ROOT / "pyproject.toml").is_file():
        pytest.skip("needs the checkout to build the wheel")
    pytest.importorskip("build")
    pytest.importorskip("hatchling")
    dist, venv, elsewhere = tmp_path / "dist", tmp_path / "venv", tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = {"check": True, "capture_output": True, "text": True, "timeout": 240}
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", str(dist), str(ROOT)], **run
    )
    [wheel] = dist.glob("fluent_commerce-*.whl")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], **run)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)], **run
    )
    # Third-party dependencies come from this environment; its .pth files (the editable
    # install of this checkout) are not processed, so fluent_commerce is the wheel's.
    borrowed = site_packages(Path(sys.prefix))
    (site_packages(venv) / "zz_borrowed_deps.pth").write_text(f"{borrowed}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLUENT_", "PYTHON"))}
    where = subprocess.run(
        [str(python), "-c", "import fluent_commerce, fluent_sandbox; print(fluent_commerce.__file__)"],
        cwd=elsewhere, env=env, **run,
    )  # fmt: skip
    assert where.stdout.startswith(str(site_packages(venv)))
    result = subprocess.run(
        [str(venv / "bin" / "fluent-commerce"), "demo"], cwd=elsewhere, env=env, **{**run, "check": False}
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Step 5/5" in result.stdout
    assert "All five actions succeeded" in result.stdout
