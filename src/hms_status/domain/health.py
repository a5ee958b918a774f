"""The status rules, in exactly one place.

Definitions (also in the README, "How status is decided"):

* **test pass rate**: of the latest recorded test run only (the window is one run), as
  passed / (passed + failed + errors) x 100, rounded to 2 decimals (the rules compare the
  rounded value, the one that is shown); skipped cases are not counted. A run recorded
  without counts counts as 100% when it succeeded and 0% when it failed. A run with no
  executed case has no pass rate.
* **uptime percentage**: successful observations / all observations x 100 over the last
  ``UPTIME_WINDOW`` observations, where an observation is a recorded start or a health probe.
  With no observation it is None (not 0).
* **red**: any open critical issue, or a pass rate below 80%.
* **yellow**: otherwise any open non-critical issue, or a pass rate from 80% to 95% inclusive,
  or no test run recorded yet while something else is, or a yellow note (a red dependency
  with ``[graph] impact = "yellow"``).
* **green**: otherwise (pass rate above 95% and no open issue).
* **unknown**: nothing recorded yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from hms_status.domain.enums import Severity, Status
from hms_status.domain.results import TestCounts

UPTIME_WINDOW = 100
RED_BELOW = 80
GREEN_ABOVE = 95
YELLOW_NOTES = "yellow:"
"""Notes from a source named with this prefix are yellow reasons, not only notes."""


@dataclass(frozen=True)
class OpenIssue:
    """An open ticket as the rules see it."""

    ticket_id: str
    severity: Severity
    title: str = ""


@dataclass(frozen=True)
class LastRun:
    """The latest test run: counts when known, else only whether it succeeded."""

    succeeded: bool
    counts: TestCounts | None = None


@dataclass(frozen=True)
class HealthInputs:
    """Everything the rules read, taken from the component's rollup."""

    observations: str = ""
    """Recent start/probe outcomes, oldest first: '1' success, '0' failure."""
    last_run: LastRun | None = None
    open_issues: tuple[OpenIssue, ...] = ()
    notes: tuple[str, ...] = ()
    """Extra reasons from environment checks and analysis; they never change the colour."""
    yellow_notes: tuple[str, ...] = ()
    """Reasons that make the component at least yellow (impact of a red dependency)."""


@dataclass(frozen=True)
class Health:
    """The derived status, its reasons and the plan's health metrics."""

    status: Status
    reasons: tuple[str, ...]
    uptime_percentage: float | None
    test_pass_rate: float | None
    issue_count: int
    critical_issue_count: int
    extra: dict[str, object] = field(default_factory=dict)


def pass_rate(run: LastRun) -> Fraction | None:
    """The pass rate of a run in percent, rounded to 2 decimals, or None when nothing ran.

    The rules compare the same rounded value that is published, so a shown "80.00%" is never
    red: 19,999 of 25,000 (79.996%) counts as 80.00%.
    """
    if run.counts is None:
        return Fraction(100) if run.succeeded else Fraction(0)
    if run.counts.executed == 0:
        return None
    return round(Fraction(run.counts.passed * 100, run.counts.executed), 2)


def uptime(observations: str) -> Fraction | None:
    """The exact share of successful observations in percent, or None without any."""
    window = observations[-UPTIME_WINDOW:]
    if not window:
        return None
    return Fraction(window.count("1") * 100, len(window))


def _pct(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)


def assess(inputs: HealthInputs) -> Health:
    """Apply the status rules to a component's recorded facts."""
    rate = pass_rate(inputs.last_run) if inputs.last_run else None
    critical = [i for i in inputs.open_issues if i.severity is Severity.CRITICAL]
    other = [i for i in inputs.open_issues if i.severity is not Severity.CRITICAL]
    red = [f"red: open critical issue {i.ticket_id}" for i in critical]
    yellow = [f"yellow: open {i.severity.value} issue {i.ticket_id}" for i in other]
    yellow += [f"yellow: {note}" for note in inputs.yellow_notes]
    shown = f"{float(rate):.2f}%" if rate is not None else ""
    if rate is not None and rate < RED_BELOW:
        red.append(f"red: test pass rate {shown} is below {RED_BELOW}%")
    elif rate is not None and rate <= GREEN_ABOVE:
        yellow.append(f"yellow: test pass rate {shown} is from {RED_BELOW}% to {GREEN_ABOVE}%")
    recorded = bool(inputs.observations or inputs.last_run or inputs.open_issues)
    if recorded and rate is None:
        why = "executed no test" if inputs.last_run else "has no test run recorded yet"
        yellow.append(f"yellow: the component {why}")
    if red:
        status, reasons = Status.RED, red + yellow
    elif yellow:
        status, reasons = Status.YELLOW, yellow
    elif recorded:
        status = Status.GREEN
        reasons = [f"green: test pass rate {shown} is above {GREEN_ABOVE}% and no issue is open"]
    else:
        status, reasons = Status.UNKNOWN, ["unknown: nothing recorded yet"]
    return Health(
        status=status,
        reasons=(*reasons, *inputs.notes),
        uptime_percentage=_pct(uptime(inputs.observations)),
        test_pass_rate=_pct(rate),
        issue_count=len(inputs.open_issues),
        critical_issue_count=len(critical),
    )
