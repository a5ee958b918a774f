"""A component's recent test runs as plain values: the input of the test analytics (pure).

One ``RunCases`` per stored test run, oldest first. A test key appears once per run: when a
report repeats a case (reruns written as repeated elements), the last occurrence decides the
outcome, as it does for tickets, and a repeat that failed before its last passing occurrence
marks the case as passed on a rerun.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from hms_status.domain.enums import Outcome

FAILING = frozenset({Outcome.FAILED, Outcome.ERROR})
"""The outcomes that count as a failure (a test that errored failed too)."""


@dataclass(frozen=True)
class CaseOutcome:
    """One test's final outcome in one run."""

    outcome: Outcome
    message: str = ""
    """The failure message (first lines), empty for a passed test."""
    time_s: float = 0.0
    rerun_passed: bool = False
    """True when the test passed on a rerun (JUnit flakyFailure/rerunFailure, or a repeat)."""

    @property
    def failed(self) -> bool:
        """Failed or errored."""
        return self.outcome in FAILING

    @property
    def passed(self) -> bool:
        """Passed (skipped is neither passed nor failed)."""
        return self.outcome is Outcome.PASSED


@dataclass(frozen=True)
class RunCases:
    """One stored test run with the final outcome of each of its tests."""

    run_id: int
    at: str
    commit: str | None = None
    duration_ms: int | None = None
    cases: Mapping[str, CaseOutcome] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseRow:
    """One stored test_cases row, as the store reads it."""

    test_key: str
    outcome: Outcome
    time_s: float = 0.0
    message: str = ""
    flaky: bool = False


def final_cases(rows: Iterable[CaseRow]) -> dict[str, CaseOutcome]:
    """Each test's final outcome in one run, from its rows in report order."""
    seen: dict[str, list[CaseRow]] = {}
    for row in rows:
        seen.setdefault(row.test_key, []).append(row)
    return {key: _final(repeats) for key, repeats in seen.items()}


def _final(repeats: list[CaseRow]) -> CaseOutcome:
    last = repeats[-1]
    failed_before = any(r.outcome in FAILING for r in repeats[:-1])
    rerun = last.outcome is Outcome.PASSED and (last.flaky or failed_before)
    message = last.message or next(
        (r.message for r in reversed(repeats) if r.outcome in FAILING), ""
    )
    return CaseOutcome(last.outcome, message, last.time_s, rerun)
