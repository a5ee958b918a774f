"""What quarantined tests change in a run (pure).

A quarantined test still runs and is stored, but its cases are taken out of the counts the
pass rate is computed from (every row of the test: a repeated case counts as often as it
was reported), it opens no ticket, and a note among the status reasons says how many tests
are quarantined, so nothing is hidden:
"note: 2 quarantined tests are not counted in the pass rate (1 failed in the last run)".
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from hms_status.analytics.test_history import FAILING
from hms_status.domain.results import TestCaseResult, TestCounts


@dataclass(frozen=True)
class Counted:
    """A run as the rules see it once quarantined tests are taken out."""

    counts: TestCounts | None
    """The counts without the quarantined tests' cases (the raw counts without cases)."""
    succeeded: bool
    cases: tuple[TestCaseResult, ...]
    """The cases of the tests that are not quarantined."""
    quarantined_failed: int = 0
    """Quarantined tests that failed (or errored) in this run."""


def counted_run(
    cases: Sequence[TestCaseResult],
    counts: TestCounts | None,
    succeeded: bool,
    quarantined: Collection[str],
) -> Counted:
    """The run without the quarantined tests' cases; a run known only by counts is unchanged."""
    kept = tuple(case for case in cases if case.key not in quarantined)
    if not quarantined or len(kept) == len(cases) or counts is None:
        return Counted(counts, succeeded, tuple(cases))
    out = TestCounts.of(case.outcome for case in cases if case.key in quarantined)
    left = TestCounts(
        max(0, counts.passed - out.passed),
        max(0, counts.failed - out.failed),
        max(0, counts.errors - out.errors),
        max(0, counts.skipped - out.skipped),
    )
    failed_keys = {c.key for c in cases if c.key in quarantined and c.outcome in FAILING}
    # a run that failed only through quarantined tests succeeded as the rules count it
    return Counted(left, left.succeeded, kept, len(failed_keys))


def quarantine_note(quarantined: int, failed_in_last_run: int) -> str | None:
    """The status reason that says quarantined tests are left out; None without any."""
    if quarantined == 0:
        return None
    tests = "test is" if quarantined == 1 else "tests are"
    return (
        f"note: {quarantined} quarantined {tests} not counted in the pass rate"
        f" ({failed_in_last_run} failed in the last run)"
    )
