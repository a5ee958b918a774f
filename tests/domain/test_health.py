"""The status rules at every boundary."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hms_status.domain.enums import Severity, Status
from hms_status.domain.health import UPTIME_WINDOW, HealthInputs, LastRun, OpenIssue, assess
from hms_status.domain.results import TestCounts


def run(passed: int, failed: int = 0, errors: int = 0, skipped: int = 0) -> LastRun:
    counts = TestCounts(passed, failed, errors, skipped)
    return LastRun(counts.succeeded, counts)


def test_nothing_recorded_is_unknown() -> None:
    health = assess(HealthInputs())
    assert health.status is Status.UNKNOWN
    assert health.reasons == ("unknown: nothing recorded yet",)
    assert health.uptime_percentage is None and health.test_pass_rate is None


@pytest.mark.parametrize(
    ("passed", "failed", "expected"),
    [
        (79, 21, Status.RED),  # 79%
        (80, 20, Status.YELLOW),  # exactly 80: yellow
        (7999, 2001, Status.RED),  # 79.99%
        (95, 5, Status.YELLOW),  # exactly 95: yellow
        (9501, 499, Status.GREEN),  # 95.01%
        (19, 1, Status.YELLOW),  # 95.0 via another fraction
        (96, 4, Status.GREEN),
        (100, 0, Status.GREEN),
        (0, 1, Status.RED),
        (19999, 5001, Status.YELLOW),  # 79.996% is shown as 80.00%, and so counts as 80
        (19997, 5003, Status.RED),  # 79.988% -> 79.99%
    ],
)
def test_pass_rate_boundaries(passed: int, failed: int, expected: Status) -> None:
    assert assess(HealthInputs(last_run=run(passed, failed))).status is expected


def test_skipped_cases_do_not_count_and_errors_do() -> None:
    health = assess(HealthInputs(last_run=run(passed=95, errors=5, skipped=900)))
    assert health.test_pass_rate == 95.0
    assert health.status is Status.YELLOW


def test_critical_issue_is_red_and_named() -> None:
    issues = (OpenIssue("WT-HMS-API-004", Severity.CRITICAL),)
    health = assess(HealthInputs(last_run=run(100), open_issues=issues))
    assert health.status is Status.RED
    assert health.reasons[0] == "red: open critical issue WT-HMS-API-004"
    assert health.critical_issue_count == 1 and health.issue_count == 1


@pytest.mark.parametrize("severity", [Severity.LOW, Severity.MEDIUM, Severity.HIGH])
def test_non_critical_issue_is_yellow(severity: Severity) -> None:
    issues = (OpenIssue("WT-X-001", severity),)
    health = assess(HealthInputs(last_run=run(100), open_issues=issues))
    assert health.status is Status.YELLOW
    assert health.reasons == (f"yellow: open {severity.value} issue WT-X-001",)


def test_run_without_counts_counts_as_all_or_nothing() -> None:
    assert assess(HealthInputs(last_run=LastRun(True))).test_pass_rate == 100.0
    assert assess(HealthInputs(last_run=LastRun(False))).status is Status.RED


def test_run_that_executed_nothing_has_no_pass_rate() -> None:
    health = assess(HealthInputs(last_run=run(0, skipped=4)))
    assert health.test_pass_rate is None
    assert health.status is Status.YELLOW
    assert "executed no test" in health.reasons[0]


def test_starts_only_is_yellow_until_tests_are_recorded() -> None:
    health = assess(HealthInputs(observations="1101"))
    assert health.status is Status.YELLOW
    assert health.uptime_percentage == 75.0


def test_uptime_window_keeps_only_the_newest_observations() -> None:
    old_failures = "0" * 50 + "1" * UPTIME_WINDOW
    assert assess(HealthInputs(observations=old_failures)).uptime_percentage == 100.0


def test_notes_are_listed_but_never_change_the_colour() -> None:
    health = assess(HealthInputs(last_run=run(100), notes=("environment: .env is missing",)))
    assert health.status is Status.GREEN
    assert health.reasons[-1] == "environment: .env is missing"


@given(
    passed=st.integers(0, 10_000),
    failed=st.integers(0, 10_000),
    errors=st.integers(0, 100),
    critical=st.booleans(),
)
def test_status_matches_the_rules_exactly(
    passed: int, failed: int, errors: int, critical: bool
) -> None:
    issues = (OpenIssue("WT-A-001", Severity.CRITICAL),) if critical else ()
    health = assess(HealthInputs(last_run=run(passed, failed, errors), open_issues=issues))
    executed = passed + failed + errors
    rate = round(Fraction(passed * 100, executed), 2) if executed else None
    if critical or (rate is not None and rate < 80):
        assert health.status is Status.RED
    elif rate is None or rate <= 95:
        assert health.status is Status.YELLOW
    else:
        assert health.status is Status.GREEN
    assert health.reasons[0].startswith(health.status.value + ":")
