"""The last test run against the ones before it: new and known failures, slowest tests, and
duration trends (pure).

Definitions (also in the README, "Tests over time"):

* **new failure**: a test that fails (failed or error) in the last run and passed, was skipped
  or was absent in the run before it (every failure is new when there is no run before).
* **still failing**: fails in the last run and failed in the run before it.
* **fixed**: failed in the run before the last and passes in the last run.
* **slowest tests**: the last run's tests by their time in that run, longest first; for each,
  the **median** of its times over the runs of the window that ran it (skipped runs left out)
  and the **change** = (last - median) / median x 100, rounded to 1 decimal (None when the
  median is 0).
* **run duration trend**: the same for the whole run's recorded duration (``duration_ms``)
  over the runs of the window that recorded one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from hms_status.analytics.test_history import RunCases


@dataclass(frozen=True)
class FailureChanges:
    """The last run's failing tests against the run before it."""

    new: tuple[str, ...] = ()
    still: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """ "3 new failures, 2 still failing, 1 fixed", as the PR reporters write it."""
        new = f"{len(self.new)} new failure{'' if len(self.new) == 1 else 's'}"
        return f"{new}, {len(self.still)} still failing, {len(self.fixed)} fixed"


@dataclass(frozen=True)
class Trend:
    """A value of the last run against its median over the window."""

    last: float
    median: float
    samples: int

    @property
    def change_pct(self) -> float | None:
        """(last - median) / median x 100, rounded to 1 decimal; None when the median is 0."""
        if self.median == 0:
            return None
        return round((self.last - self.median) / self.median * 100, 1)


@dataclass(frozen=True)
class SlowTest:
    """One of the last run's slowest tests."""

    test_key: str
    seconds: Trend


def failure_changes(runs: Sequence[RunCases]) -> FailureChanges:
    """New failures, still failing and fixed tests of the last run (runs oldest first)."""
    if not runs:
        return FailureChanges()
    last = runs[-1].cases
    before = runs[-2].cases if len(runs) > 1 else {}
    failing = [key for key, case in last.items() if case.failed]
    known = {key for key, case in before.items() if case.failed}
    return FailureChanges(
        new=tuple(sorted(key for key in failing if key not in known)),
        still=tuple(sorted(key for key in failing if key in known)),
        fixed=tuple(sorted(key for key in known if key in last and last[key].passed)),
    )


def slowest(runs: Sequence[RunCases], count: int) -> list[SlowTest]:
    """The last run's `count` slowest executed tests, longest first (ties by key)."""
    if not runs or count <= 0:
        return []
    last = runs[-1].cases
    executed = [(key, case.time_s) for key, case in last.items() if case.passed or case.failed]
    executed.sort(key=lambda item: (-item[1], item[0]))
    return [SlowTest(key, _time_trend(runs, key, seconds)) for key, seconds in executed[:count]]


def _time_trend(runs: Sequence[RunCases], key: str, last: float) -> Trend:
    times = [
        run.cases[key].time_s
        for run in runs
        if key in run.cases and (run.cases[key].passed or run.cases[key].failed)
    ]
    return Trend(last, float(median(times)), len(times))


def duration_trend(runs: Sequence[RunCases]) -> Trend | None:
    """The last run's duration in ms against the median over the window; None when the last
    run recorded no duration."""
    if not runs or runs[-1].duration_ms is None:
        return None
    durations = [run.duration_ms for run in runs if run.duration_ms is not None]
    return Trend(float(runs[-1].duration_ms), float(median(durations)), len(durations))
