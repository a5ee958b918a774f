"""With CI=true a skipped test fails the run (corpus, chromium, PostgreSQL must be there); outside
CI it stays a skip. Runs pytest itself on a small test file, with and without CI=true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SKIPPING = """
import pytest

def test_needs_the_corpus():
    pytest.skip("corpus not found at ../shared/corpus")

@pytest.mark.skipif(True, reason="/usr/bin/chromium is missing")
def test_needs_chromium():
    pass

def test_a_permission_test_run_as_root():
    pytest.skip("root can read any file")

@pytest.mark.xfail(reason="known")
def test_expected_to_fail():
    assert False

def test_runs():
    pass
"""


def _pytest(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_skipping.py").write_text(SKIPPING)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # not the project's addopts
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(PROJECT)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.ci_gate", "-p", "no:cacheprovider",
         "-c", str(tmp_path / "pytest.ini"), "-q", "-rA", str(tmp_path / "test_skipping.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_in_ci_a_skip_fails_unless_ci_cannot_help_it(tmp_path: Path) -> None:
    done = _pytest(tmp_path, "true")
    assert done.returncode == 1, done.stdout
    assert "skipped in CI (CI=true), where it must run: corpus not found" in done.stdout
    assert "where it must run: /usr/bin/chromium is missing" in done.stdout
    assert "1 passed, 1 skipped, 1 xfailed" in done.stdout  # a skip in setup fails as an error
    assert "SKIPPED [1] test_skipping.py" in done.stdout and "root can read any file" in done.stdout


@pytest.mark.parametrize("ci", [None, "false", ""])
def test_outside_ci_a_skip_stays_a_skip(tmp_path: Path, ci: str | None) -> None:
    done = _pytest(tmp_path, ci)
    assert done.returncode == 0, done.stdout
    assert "1 passed, 3 skipped, 1 xfailed" in done.stdout
