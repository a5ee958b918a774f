"""Recorded histories of demo components: how each ends decides the colour it shows (pure data)."""

from __future__ import annotations

from dataclasses import dataclass

from hms_status.domain.enums import Severity


@dataclass(frozen=True)
class Issue:
    """A ticket filed by hand."""

    title: str
    severity: Severity
    resolution: str = ""
    """When set, the ticket is resolved a few days after it was opened."""
    assignee: str = ""
    recent: bool = False
    """Opened in the last days of the history (so it is still news)."""


@dataclass(frozen=True)
class Story:
    """A component's history: its test suite, its last test run and its manual tickets."""

    tests: int = 0
    """Cases per run; 0 means no test run is ever recorded."""
    failed: int = 0
    """Failing cases in the last run (the last ones of the suite)."""
    errors: int = 0
    """Erroring cases in the last run."""
    skipped: int = 0
    recovered: bool = False
    """An earlier run fails four cases (red: tickets open), the last run fixes them (tickets
    resolve, green again: an incident with a recovery time in the reliability report)."""
    degrading: bool = False
    """An earlier run already fails a few of the cases that fail at the end."""
    flipping: bool = False
    """The case that fails at the end passed and failed by turns in the earlier runs (a flaky
    test: `tracker flaky` lists it; quarantining it takes it out of the pass rate)."""
    issues: tuple[Issue, ...] = ()
    shared_failure: bool = False
    """The last run also fails a test that a recovered component fixed before (demo.fixes)."""
    recorded: bool = True
    """False: nothing is ever recorded (status unknown)."""


STORIES: dict[str, Story] = {
    "green": Story(tests=24, skipped=1),
    "recovered": Story(tests=18, recovered=True),
    "resolved": Story(tests=30, issues=(
        Issue("Retry backoff floods the queue under load", Severity.MEDIUM,
              resolution="Added jitter to the backoff; released", assignee="Ana Souza"),
    )),
    "yellow-95": Story(tests=20, failed=1, flipping=True),
    "yellow-90": Story(tests=32, failed=3, skipped=2),
    "yellow-85": Story(tests=20, failed=3),
    "yellow-80": Story(tests=20, failed=4),
    "yellow-issue": Story(tests=26, shared_failure=True, issues=(
        Issue("Bulk export is slow for large patient panels", Severity.MEDIUM,
              assignee="Marcus Chen"),
        Issue("Patient search ignores middle names", Severity.LOW,
              resolution="Normalised names before matching"),
    )),
    "yellow-low": Story(tests=16, issues=(
        Issue("Footer links point to the retired policy site", Severity.LOW),
    )),
    "untested": Story(),
    "red-critical": Story(tests=22, issues=(
        Issue("TLS certificate renewal fails in production", Severity.CRITICAL,
              assignee="Grace Okafor", recent=True),
        Issue("Nightly backup job exceeds its window", Severity.MEDIUM,
              resolution="Moved the job to the replica"),
    )),
    "red-secret": Story(tests=14, issues=(
        Issue("Database credentials committed in .env", Severity.CRITICAL, recent=True),
    )),
    "red-rate": Story(tests=24, failed=7, degrading=True),
    "red-errors": Story(tests=12, errors=12),
    "unknown": Story(recorded=False),
}  # fmt: skip
"""Every story by name, as the component table refers to them."""
