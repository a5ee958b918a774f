"""New vs known failures, slowest tests and duration trends of generated histories."""

from __future__ import annotations

from hms_status.analytics.quarantine import counted_run, quarantine_note
from hms_status.analytics.test_history import CaseOutcome, RunCases
from hms_status.analytics.test_trends import (
    FailureChanges,
    duration_trend,
    failure_changes,
    slowest,
)
from hms_status.domain.enums import Outcome
from hms_status.domain.results import TestCaseResult, TestCounts

P, F, E, S = Outcome.PASSED, Outcome.FAILED, Outcome.ERROR, Outcome.SKIPPED


def run(run_id: int, duration_ms: int | None = None, **cases: tuple[Outcome, float]) -> RunCases:
    return RunCases(
        run_id,
        f"2026-11-{run_id:02d}T00:00:00Z",
        None,
        duration_ms,
        {key: CaseOutcome(outcome, "", time_s) for key, (outcome, time_s) in cases.items()},
    )


def test_new_still_failing_and_fixed_against_the_run_before() -> None:
    before = run(1, a=(F, 0), b=(F, 0), c=(P, 0), d=(F, 0), e=(S, 0), g=(F, 0))
    last = run(2, a=(F, 0), b=(E, 0), c=(F, 0), d=(P, 0), e=(F, 0), h=(F, 0), g=(S, 0))
    changes = failure_changes([before, last])
    assert changes == FailureChanges(new=("c", "e", "h"), still=("a", "b"), fixed=("d",))
    assert changes.summary == "3 new failures, 2 still failing, 1 fixed"


def test_every_failure_of_a_first_run_is_new() -> None:
    changes = failure_changes([run(1, a=(F, 0), b=(P, 0))])
    assert changes.summary == "1 new failure, 0 still failing, 0 fixed"
    assert failure_changes([]) == FailureChanges()


def test_slowest_tests_with_their_median_and_change() -> None:
    runs = [
        run(1, a=(P, 1.0), b=(P, 0.2)),
        run(2, a=(P, 3.0), b=(S, 9.0)),  # a skipped case's time is left out
        run(3, a=(P, 2.0), b=(P, 0.4), c=(P, 0.0)),
        run(4, a=(F, 4.0), b=(P, 0.6), c=(S, 5.0)),
    ]
    top = slowest(runs, 2)
    assert [s.test_key for s in top] == ["a", "b"]
    a, b = top
    assert (a.seconds.last, a.seconds.median, a.seconds.samples) == (4.0, 2.5, 4)
    assert a.seconds.change_pct == 60.0
    assert (b.seconds.last, b.seconds.median, b.seconds.samples) == (0.6, 0.4, 3)
    assert b.seconds.change_pct == 50.0
    assert slowest(runs, 0) == []


def test_run_duration_trend() -> None:
    runs = [run(1, 1000), run(2, None), run(3, 3000), run(4, 1500)]
    trend = duration_trend(runs)
    assert trend is not None
    assert (trend.last, trend.median, trend.samples, trend.change_pct) == (1500, 1500, 3, 0.0)
    assert duration_trend([run(1, None)]) is None


def test_quarantined_cases_leave_the_counts_the_pass_rate_is_computed_from() -> None:
    cases = (
        TestCaseResult("a", P),
        TestCaseResult("b", F),
        TestCaseResult("b", P),  # a repeated case counts as often as it was reported
        TestCaseResult("c", E),
        TestCaseResult("d", S),
    )
    counts = TestCounts.of(c.outcome for c in cases)
    view = counted_run(cases, counts, False, {"b", "c"})
    assert view.counts == TestCounts(passed=1, failed=0, errors=0, skipped=1)
    assert view.succeeded is True
    assert [c.key for c in view.cases] == ["a", "d"]
    assert view.quarantined_failed == 2
    assert counted_run(cases, counts, False, {"zz"}).counts == counts
    assert counted_run((), TestCounts(1, 1), False, {"b"}).counts == TestCounts(1, 1)


def test_the_quarantine_note() -> None:
    assert quarantine_note(0, 0) is None
    assert quarantine_note(1, 0) == (
        "note: 1 quarantined test is not counted in the pass rate (0 failed in the last run)"
    )
    assert quarantine_note(2, 1) == (
        "note: 2 quarantined tests are not counted in the pass rate (1 failed in the last run)"
    )
