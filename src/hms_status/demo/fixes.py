"""Written fixes in the demo's history: what suggested resolutions draw on (pure, no rng).

In a recovered story a developer resolves each failing test's ticket by hand, with the fix,
a quarter of the way from the failing run to the run that passes again. In the story with
a shared failure, the last run also fails a test another component fixed earlier (the same
test key: python components share the classname), so its new ticket is suggested that fix.
"""

from __future__ import annotations

from collections.abc import Sequence

from hms_status.demo.events import TEST_FAILURES, Event, Resolve, Run
from hms_status.domain.enums import Outcome
from hms_status.domain.results import TestCaseResult

FIXES = dict(
    zip(
        TEST_FAILURES,
        (
            "The upstream stub was not started in CI: the fixture starts it and waits for "
            "its health check",
            "A fixture row was dropped by the last migration: regenerated the fixtures from "
            "the new schema",
            "Raised the mock server's start-up timeout to 30s and start it once per session",
        ),
        strict=True,
    )
)
"""The written fix of each demo test failure message."""
SHARED_TEST = "test_merge_eligibility"
"""A python test that fails in HMS-ABC's recovered history and, later, in the shared-failure
story's last run (tests/demo checks that both hold)."""
SHARED_MESSAGE = TEST_FAILURES[2]
TEST_KEY_PREFIX = "test:"
"""How a Resolve event names a test ticket: by its test key, not by a hand-filed ticket."""


def shared_failure(classname: str) -> TestCaseResult:
    """The failing case the shared-failure story adds to its last run."""
    return TestCaseResult(
        SHARED_TEST, Outcome.FAILED, classname, time_s=0.05, message=SHARED_MESSAGE
    )


def fix_events(component: str, runs: Sequence[Run]) -> list[Event]:
    """Hand resolutions of the tests that failed in the run before the last, when the last
    run passes them (a recovered story)."""
    if len(runs) < 2:
        return []
    early, last = runs[-2], runs[-1]
    passing = {case.key for case in last.cases if case.outcome is Outcome.PASSED}
    at = early.at + (last.at - early.at) / 4
    return [
        Resolve(
            at.replace(microsecond=0), component, TEST_KEY_PREFIX + case.key, FIXES[case.message]
        )
        for case in early.cases
        if case.outcome is Outcome.FAILED and case.key in passing and case.message in FIXES
    ]
