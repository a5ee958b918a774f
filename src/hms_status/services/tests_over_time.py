"""Tests over time: flaky tests, quarantine, new vs known failures, slowest tests (use cases).

The numbers are analytics.flaky's and analytics.test_trends' over the runs the store hands in
(store.test_history); quarantines are kept by the store (store.quarantine_writes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from hms_status.analytics.flaky import FlakyRules, FlakyTest, find_flaky
from hms_status.analytics.test_trends import (
    FailureChanges,
    SlowTest,
    Trend,
    duration_trend,
    failure_changes,
    slowest,
)
from hms_status.docsync.tests_section import flaky_rules
from hms_status.errors import InputError, NotFoundError
from hms_status.foundation.workspace import Workspace
from hms_status.services.components import require_known
from hms_status.services.texts import check_optional_text, check_text

if TYPE_CHECKING:
    from hms_status.analytics.test_history import RunCases
    from hms_status.services.tracking import Recorded
    from hms_status.store.facts import Change
    from hms_status.store.quarantine_repo import Quarantine

MAX_SLOWEST = 1000


def quarantine_json(q: Quarantine) -> dict[str, Any]:
    """A quarantine as JSON."""
    return {
        "test_key": q.test_key,
        "reason": q.reason,
        "created_by": q.created_by,
        "created_at": q.created_at,
        **({"ended_at": q.ended_at, "end_reason": q.end_reason} if q.ended_at else {}),
    }


def flaky_json(test: FlakyTest, quarantined: frozenset[str]) -> dict[str, Any]:
    """A flaky test as JSON: flip rate (0.25 = 25%), rules, last failure, runs."""
    return {
        "test_key": test.test_key,
        "flip_rate": test.shown_rate,
        "flips": test.flips,
        "executed_runs": test.executed,
        "rules": [rule.value for rule in test.rules],
        "last_failure": {
            "message": test.last_failure_message,
            "at": test.last_failure_at,
            "run_id": test.last_failure_run,
        },
        "run_ids": list(test.run_ids),
        "quarantined": test.test_key in quarantined,
    }


@dataclass(frozen=True)
class FlakyReport:
    """One component's flaky tests over its last runs, and its quarantined tests."""

    component_id: str
    rules: FlakyRules
    runs: int
    flaky: tuple[FlakyTest, ...]
    quarantined: tuple[Quarantine, ...]

    def to_json(self) -> dict[str, Any]:
        """The report as JSON (`tracker flaky --json`, GET .../flaky)."""
        keys = frozenset(q.test_key for q in self.quarantined)
        return {
            "component_id": self.component_id,
            "window_runs": self.rules.window_runs,
            "flip_rate_above": self.rules.flip_rate,
            "min_runs": self.rules.min_runs,
            "runs": self.runs,
            "flaky": [flaky_json(test, keys) for test in self.flaky],
            "quarantined": [quarantine_json(q) for q in self.quarantined],
        }


def _history(ws: Workspace, component_id: str, limit: int) -> list[RunCases]:
    from hms_status.store.test_history import recent_runs

    with ws.store.reading() as conn:
        return recent_runs(conn, component_id, limit)


def _active(ws: Workspace, component_id: str | None) -> list[Quarantine]:
    from hms_status.store.quarantine_repo import active

    with ws.store.reading() as conn:
        return active(conn, component_id)


def flaky_report(ws: Workspace, component_id: str) -> FlakyReport:
    """The component's flaky tests ([flaky] rules) and quarantined tests."""
    require_known(ws, component_id)
    rules = flaky_rules(ws)
    runs = _history(ws, component_id, rules.window_runs)
    flaky = tuple(find_flaky(runs, rules))
    return FlakyReport(component_id, rules, len(runs), flaky, tuple(_active(ws, component_id)))


def flaky_everywhere(ws: Workspace) -> list[FlakyReport]:
    """The flaky-test report of every component with a flaky or quarantined test."""
    from hms_status.store.test_history import tested_components

    with ws.store.reading() as conn:
        ids = tested_components(conn)
    reports = [flaky_report(ws, cid) for cid in ids]
    return [report for report in reports if report.flaky or report.quarantined]


def quarantined(ws: Workspace, component_id: str | None) -> list[Quarantine]:
    """The active quarantines of one component, or of every component."""
    if component_id is not None:
        require_known(ws, component_id)
    return _active(ws, component_id)


def _require_test(ws: Workspace, component_id: str, test_key: str) -> None:
    from hms_status.store.test_history import has_test

    with ws.store.reading() as conn:
        if has_test(conn, component_id, test_key):
            return
    raise NotFoundError(
        f"{component_id} has no test {test_key!r} in its recorded runs",
        f"'hms-status tracker tests {component_id} --slowest {MAX_SLOWEST}' lists the tests of"
        " its last run",
    )


def quarantine(ws: Workspace, component_id: str, test_key: str, reason: str) -> Recorded:
    """Quarantine a test of a component: not counted in the pass rate, no ticket."""
    from hms_status.services import snapshots
    from hms_status.services.tracking import publish

    require_known(ws, component_id)
    reason = check_text(reason, "--reason", 500)
    test_key = check_text(test_key, "TEST", 2000)
    _require_test(ws, component_id, test_key)
    snapshots.preflight(ws.settings)
    change = ws.store.quarantine_test(component_id, test_key, reason, ws.now())
    return publish(ws, change, f"the quarantine of {test_key!r}")


def unquarantine(ws: Workspace, component_id: str, test_key: str, reason: str = "") -> Recorded:
    """End a test's quarantine: it counts in the pass rate and opens tickets again."""
    from hms_status.services import snapshots
    from hms_status.services.tracking import publish

    require_known(ws, component_id)
    reason = check_optional_text(reason.strip(), "--reason", 500)
    snapshots.preflight(ws.settings)
    change = ws.store.release_test(component_id, test_key, reason, ws.now())
    return publish(ws, change, f"the end of the quarantine of {test_key!r}")


def _auto_quarantine(ws: Workspace) -> bool:
    """[flaky] auto_quarantine; the typed model (pydantic) is built only when the file sets it."""
    table = ws.settings.config.get("flaky")
    if not isinstance(table, Mapping) or "auto_quarantine" not in table:
        return False
    return ws.settings.model.flaky.auto_quarantine


def after_run(ws: Workspace, change: Change) -> Change:
    """With [flaky] auto_quarantine, quarantine the tests found flaky after this run (by
    "auto"); a test whose quarantine was ever ended is left to people. Returns the last change."""
    if change.run_id is None or not _auto_quarantine(ws):
        return change
    from hms_status.store import quarantine_repo

    cid = change.component_id
    rules = flaky_rules(ws)
    found = find_flaky(_history(ws, cid, rules.window_runs), rules)
    with ws.store.reading() as conn:
        skip = quarantine_repo.active_keys(conn, cid) | quarantine_repo.ever_released(conn, cid)
    last, resolved = change, list(change.tickets_resolved)
    for test in (t for t in found if t.test_key not in skip):
        why = "auto: flaky (" + ", ".join(rule.value for rule in test.rules) + ")"
        last = ws.store.quarantine_test(cid, test.test_key, why, ws.now(), by=quarantine_repo.AUTO)
        resolved += last.tickets_resolved
    return replace(change, health=last.health, tickets_resolved=tuple(resolved))


@dataclass(frozen=True)
class TestsReport:
    """The last run against the ones before it."""

    __test__ = False  # not a pytest class

    component_id: str
    runs: tuple[RunCases, ...]
    changes: FailureChanges
    slowest: tuple[SlowTest, ...]
    duration: Trend | None
    quarantined: tuple[Quarantine, ...]

    def to_json(self) -> dict[str, Any]:
        """The report as JSON (`tracker tests --json`, GET .../tests)."""
        last = self.runs[-1] if self.runs else None
        return {
            "component_id": self.component_id,
            "runs": len(self.runs),
            "last_run_id": last.run_id if last else None,
            "last_run_at": last.at if last else None,
            "last_run_commit": last.commit if last else None,
            "summary": self.changes.summary,
            "new_failures": list(self.changes.new),
            "still_failing": list(self.changes.still),
            "fixed": list(self.changes.fixed),
            "slowest": [
                {"test_key": s.test_key, **_trend_json(s.seconds, "s")} for s in self.slowest
            ],
            "duration": None if self.duration is None else _trend_json(self.duration, "ms"),
            "durations": [
                {"run_id": r.run_id, "at": r.at, "duration_ms": r.duration_ms} for r in self.runs
            ],
            "quarantined": [quarantine_json(q) for q in self.quarantined],
        }


def _trend_json(trend: Trend, unit: str) -> dict[str, Any]:
    return {
        f"last_{unit}": trend.last,
        f"median_{unit}": trend.median,
        "runs": trend.samples,
        "change_pct": trend.change_pct,
    }


def tests_report(ws: Workspace, component_id: str, slowest_count: int = 10) -> TestsReport:
    """New failures, still failing and fixed tests of the last run; the slowest tests."""
    if not 0 <= slowest_count <= MAX_SLOWEST:
        raise InputError(f"--slowest must be from 0 to {MAX_SLOWEST}, got {slowest_count}")
    require_known(ws, component_id)
    runs = _history(ws, component_id, flaky_rules(ws).window_runs)
    return TestsReport(
        component_id,
        tuple(runs),
        failure_changes(runs),
        tuple(slowest(runs, slowest_count)),
        duration_trend(runs),
        tuple(_active(ws, component_id)),
    )
