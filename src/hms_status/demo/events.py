"""Turn a component's story into dated tracker events: starts, test runs and tickets (pure)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from hms_status.demo.plan import Spec
from hms_status.demo.stories import Issue, Story
from hms_status.demo.suites import case_names, classname
from hms_status.domain.enums import Outcome, Severity
from hms_status.domain.results import TestCaseResult

START_FAILURES = (
    "health check timed out after 30s",
    "port 8080 already in use",
    "missing environment variable DATABASE_URL",
    "migration 0042 failed: lock timeout",
)
TEST_FAILURES = (
    "AssertionError: expected 200, got 503",
    "AssertionError: expected 42 rows, got 41",
    "timeout after 5s waiting for the mock server",
)
BROKEN_MANIFEST = "cannot start: package.json is not valid JSON"
ENVIRONMENTS = ("dev", "dev", "staging", "production")
FLIPS = (False, True, False, False, True)
"""Whether the flipping case fails in each run before the last (where it fails): 3 flips in
5 changes, a flip rate of 60%."""


@dataclass(frozen=True)
class Window:
    """The period the recorded history spans."""

    start: datetime
    end: datetime

    def at(self, fraction: float) -> datetime:
        """The moment at this fraction of the window, to the second."""
        span = (self.end - self.start).total_seconds()
        return self.start + timedelta(seconds=round(span * min(max(fraction, 0.0), 1.0)))


@dataclass(frozen=True)
class Start:
    """A recorded start of a component."""

    at: datetime
    component: str
    success: bool
    environment: str
    version: str
    duration_ms: int
    message: str = ""


@dataclass(frozen=True)
class Run:
    """A test run, recorded from a JUnit report holding these cases."""

    at: datetime
    component: str
    cases: tuple[TestCaseResult, ...]


@dataclass(frozen=True)
class Open:
    """A ticket filed by hand; `key` names it until the store gives it an ID."""

    at: datetime
    component: str
    key: str
    title: str
    severity: Severity


@dataclass(frozen=True)
class Resolve:
    """A hand-filed ticket resolved."""

    at: datetime
    component: str
    key: str
    resolution: str


@dataclass(frozen=True)
class Assign:
    """A hand-filed ticket given to a person."""

    at: datetime
    component: str
    key: str
    assignee: str


Event = Start | Run | Open | Resolve | Assign


def plan_events(spec: Spec, story: Story, rng: random.Random, window: Window) -> list[Event]:
    """Every event of one component's history, oldest first."""
    if not story.recorded:
        return []
    starts = _starts(spec, story, rng, window)
    runs = _runs(spec, story, rng, window)
    events: list[Event] = [*starts, *runs]
    if story.recovered:
        from hms_status.demo.fixes import fix_events

        events += fix_events(spec.id, runs)
    for index, issue in enumerate(story.issues):
        events += _issue(spec, f"{spec.id}#{index}", issue, rng, window)
    return sorted(events, key=lambda event: event.at)


def _starts(spec: Spec, story: Story, rng: random.Random, window: Window) -> list[Start]:
    count = rng.randint(3, 6)
    moments = sorted(rng.uniform(0.02, 0.98) for _ in range(count))
    failing = _failing_starts(story, count, rng)
    starts = []
    for index, fraction in enumerate(moments):
        failed = index in failing
        message = (
            (BROKEN_MANIFEST if story.errors else rng.choice(START_FAILURES)) if failed else ""
        )
        starts.append(Start(
            window.at(fraction), spec.id, not failed, rng.choice(ENVIRONMENTS), spec.version,
            rng.randint(800, 9000), message,
        ))  # fmt: skip
    return starts


def _failing_starts(story: Story, count: int, rng: random.Random) -> set[int]:
    """The last two starts fail after the build broke; elsewhere one start fails half the time."""
    if story.errors:
        return {count - 1, count - 2}
    return {rng.randrange(count)} if rng.random() < 0.5 else set()


def _runs(spec: Spec, story: Story, rng: random.Random, window: Window) -> list[Run]:
    if story.tests == 0:
        return []
    count = 3 if story.recovered or story.degrading else rng.randint(2, 4)
    count = len(FLIPS) + 1 if story.flipping else count
    names = case_names(spec, story.tests)
    runs = []
    for index in range(count):
        fraction = (index + 0.5 + rng.uniform(-0.25, 0.25)) / count
        failed, errored = _broken(story, names, last=index == count - 1, early=index == count - 2)
        if story.flipping and index < len(FLIPS) and FLIPS[index]:
            failed = names[len(names) - story.errors - 1 : len(names) - story.errors]
        cases = tuple(
            _case(spec, name, _outcome(name, failed, errored, names[: story.skipped]), rng)
            for name in names
        )
        if story.shared_failure and index == count - 1:
            from hms_status.demo.fixes import shared_failure

            cases += (shared_failure(classname(spec)),)
        runs.append(Run(window.at(fraction), spec.id, cases))
    return runs


def _broken(
    story: Story, names: tuple[str, ...], last: bool, early: bool
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The failing and the erroring case names of one run."""
    size = len(names)
    if last:
        cut = size - story.errors
        return names[cut - story.failed : cut], names[cut:]
    if early and story.recovered:
        return names[1:5], ()
    if early and story.degrading:
        return names[size - 2 :], ()
    return (), ()


def _outcome(
    name: str, failed: tuple[str, ...], errored: tuple[str, ...], skipped: tuple[str, ...]
) -> Outcome:
    if name in errored:
        return Outcome.ERROR
    if name in failed:
        return Outcome.FAILED
    return Outcome.SKIPPED if name in skipped else Outcome.PASSED


def _case(spec: Spec, name: str, outcome: Outcome, rng: random.Random) -> TestCaseResult:
    message = {
        Outcome.FAILED: rng.choice(TEST_FAILURES),
        Outcome.ERROR: "Error: cannot load the app: package.json is not valid JSON",
        Outcome.SKIPPED: "needs a live sandbox",
    }.get(outcome, "")
    time_s = round(rng.uniform(0.002, 0.4), 3)
    return TestCaseResult(name, outcome, classname(spec), time_s=time_s, message=message)


def _issue(spec: Spec, key: str, issue: Issue, rng: random.Random, window: Window) -> list[Event]:
    opened = window.at(rng.uniform(0.85, 0.95) if issue.recent else rng.uniform(0.1, 0.6))
    events: list[Event] = [Open(opened, spec.id, key, issue.title, issue.severity)]
    if issue.assignee:
        events.append(Assign(opened + timedelta(hours=2), spec.id, key, issue.assignee))
    if issue.resolution:
        later = opened + timedelta(days=rng.uniform(1.0, 6.0))
        events.append(Resolve(later.replace(microsecond=0), spec.id, key, issue.resolution))
    return events
