"""Flaky tests, found in a component's recent runs (pure).

Definitions (also in the README, "Flaky tests"). Over the last ``window_runs`` test runs of a
component, oldest first, a test is **flaky** when any of these rules matches:

* ``same_commit``: it passed in one run and failed (failed or error) in another run of the
  same commit (runs recorded without a commit never match).
* ``rerun``: it passed on a rerun in some run (JUnit ``flakyFailure``/``rerunFailure``, or a
  repeated case that failed before it passed).
* ``flip_rate``: its **flip rate** is above ``flip_rate`` and it was executed in at least
  ``min_runs`` runs. The flip rate is the number of changes between pass and fail from one
  executed run to the next, divided by (executed runs - 1); runs where the test was skipped
  or absent are left out. The rate is compared exactly (as a fraction), shown rounded to
  4 decimals.

Each flaky test names the runs that show it: the runs of a commit where it both passed and
failed, the runs where it passed on a rerun, and each run whose outcome differs from the
test's previous executed run (only when ``flip_rate`` matched).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise

from hms_status.analytics.test_history import CaseOutcome, RunCases

DEFAULT_WINDOW_RUNS = 30
DEFAULT_FLIP_RATE = 0.2
DEFAULT_MIN_RUNS = 5


class Rule(StrEnum):
    """Why a test counts as flaky."""

    SAME_COMMIT = "same_commit"
    RERUN = "rerun"
    FLIP_RATE = "flip_rate"


@dataclass(frozen=True)
class FlakyRules:
    """The thresholds of the rules ([flaky] in hms-status.toml)."""

    window_runs: int = DEFAULT_WINDOW_RUNS
    flip_rate: float = DEFAULT_FLIP_RATE
    """A test flips too often when its flip rate is above this (0.2 = 20%)."""
    min_runs: int = DEFAULT_MIN_RUNS
    """Executed runs the flip_rate rule needs before it can match."""


@dataclass(frozen=True)
class FlakyTest:
    """One flaky test of a component and the evidence for it."""

    test_key: str
    flips: int
    executed: int
    """Runs of the window in which it passed or failed."""
    rules: tuple[Rule, ...]
    run_ids: tuple[int, ...]
    last_failure_message: str = ""
    last_failure_at: str | None = None
    last_failure_run: int | None = None

    @property
    def flip_rate(self) -> Fraction | None:
        """flips / (executed - 1), or None with fewer than 2 executed runs."""
        return None if self.executed < 2 else Fraction(self.flips, self.executed - 1)

    @property
    def shown_rate(self) -> float | None:
        """The flip rate rounded to 4 decimals (0.25 = 25%)."""
        rate = self.flip_rate
        return None if rate is None else round(float(rate), 4)


def find_flaky(runs: Sequence[RunCases], rules: FlakyRules) -> list[FlakyTest]:
    """The flaky tests of the last rules.window_runs runs (oldest first), by test key."""
    window = list(runs)[-rules.window_runs :] if rules.window_runs > 0 else []
    keys = sorted({key for run in window for key in run.cases})
    found = (_assess(key, window, rules) for key in keys)
    return [test for test in found if test is not None]


def _history(key: str, window: list[RunCases]) -> list[tuple[RunCases, CaseOutcome]]:
    return [(run, run.cases[key]) for run in window if key in run.cases]


def _assess(key: str, window: list[RunCases], rules: FlakyRules) -> FlakyTest | None:
    history = _history(key, window)
    executed = [(run, case) for run, case in history if case.passed or case.failed]
    flipped = [
        run.run_id
        for (_, before), (run, after) in pairwise(executed)
        if before.passed != after.passed
    ]
    matched: list[Rule] = []
    evidence: set[int] = set()
    commits = _same_commit_runs(executed)
    if commits:
        matched.append(Rule.SAME_COMMIT)
        evidence.update(commits)
    reruns = [run.run_id for run, case in history if case.rerun_passed]
    if reruns:
        matched.append(Rule.RERUN)
        evidence.update(reruns)
    if len(executed) >= max(rules.min_runs, 2) and Fraction(len(flipped), len(executed) - 1) > (
        Fraction(str(rules.flip_rate))
    ):
        matched.append(Rule.FLIP_RATE)
        evidence.update(flipped)
    if not matched:
        return None
    return _flaky(key, len(flipped), len(executed), tuple(matched), evidence, history)


def _same_commit_runs(executed: list[tuple[RunCases, CaseOutcome]]) -> list[int]:
    """The runs of each commit on which the test both passed and failed."""
    by_commit: dict[str, list[tuple[int, bool]]] = {}
    for run, case in executed:
        if run.commit:
            by_commit.setdefault(run.commit, []).append((run.run_id, case.passed))
    return [
        run_id
        for outcomes in by_commit.values()
        if len({passed for _, passed in outcomes}) == 2
        for run_id, _ in outcomes
    ]


def _flaky(
    key: str,
    flips: int,
    executed: int,
    matched: tuple[Rule, ...],
    evidence: set[int],
    history: list[tuple[RunCases, CaseOutcome]],
) -> FlakyTest:
    failures = [(run, case) for run, case in history if case.failed or case.rerun_passed]
    last = failures[-1] if failures else None
    return FlakyTest(
        key,
        flips,
        executed,
        matched,
        tuple(sorted(evidence)),
        last[1].message if last else "",
        last[0].at if last else None,
        last[0].run_id if last else None,
    )
