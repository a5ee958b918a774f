"""In CI (CI=true), a test that skips fails: CI has the corpus, chromium and PostgreSQL, so a skip
there means a test that silently stopped running.

Loaded for every run by `-p tests.ci_gate` (pyproject's pytest addopts). Outside CI, skips stay
skips: a developer without ../shared/corpus or chromium still gets a useful run.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import Any

import pytest

CI_VARIABLE = "CI"
ALLOWED_IN_CI = ("root can read any file",)
"""Skip reasons that CI cannot help: a permission test is moot when CI runs as root."""


def in_ci() -> bool:
    """True when running in CI (`.ci/run` exports CI=true, as most CI services do)."""
    return os.environ.get(CI_VARIABLE, "").strip().lower() in {"1", "true", "yes"}


def _reason(report: pytest.TestReport) -> str:
    longrepr: Any = report.longrepr
    text = str(longrepr[2]) if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return text.removeprefix("Skipped: ")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    """Turn a skip into a failure in CI, unless its reason is one CI cannot help."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if not (in_ci() and report.skipped) or hasattr(report, "wasxfail"):
        return
    reason = _reason(report)
    if any(allowed in reason for allowed in ALLOWED_IN_CI):
        return
    report.outcome = "failed"
    report.longrepr = f"skipped in CI ({CI_VARIABLE}=true), where it must run: {reason}"
