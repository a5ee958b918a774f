"""The System Runner: full-update and quick-update over every component, in parallel, isolated."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hms_status.domain.status_data import StatusData
from hms_status.foundation.registry import component_ids, load_component, require_known
from hms_status.foundation.workspace import Workspace
from hms_status.services import analysis, environment, snapshots, unchanged
from hms_status.services.fanout import Outcome, run_each
from hms_status.services.settled_tree import settled_tree
from hms_status.services.testrun import run_component_tests, test_argv

RUN_RECORD = "_ecosystem"


@dataclass(frozen=True)
class ComponentRun:
    """What a run did to one component."""

    component_id: str
    status: str
    previous: str | None
    reasons: tuple[str, ...]
    analysis_reused: bool
    environment: str | None = None
    tests_run: bool = False
    docs_written: int = 0
    skipped: bool = False
    """True when nothing it is published from had changed (services.unchanged): not processed."""

    @property
    def changed(self) -> bool:
        """True when the status differs from the previous run's."""
        return self.previous is not None and self.previous != self.status


@dataclass(frozen=True)
class RunReport:
    """A whole run: each component's outcome, timing, and the previous run's statuses."""

    kind: str
    seconds: float
    outcomes: list[Outcome[ComponentRun]] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome[ComponentRun]]:
        """Components that could not be processed."""
        return [o for o in self.outcomes if not o.ok]

    def to_json(self) -> dict[str, Any]:
        """The run as data (the --json output and the stored run record)."""
        return {
            "kind": self.kind,
            "seconds": round(self.seconds, 3),
            "components": [
                {
                    "component_id": o.component_id,
                    "error": o.error,
                    **(o.value.__dict__ if o.value else {}),
                }
                for o in self.outcomes
            ],
        }


def previous_statuses(ws: Workspace) -> dict[str, str]:
    """The statuses the previous run ended with (empty before the first run)."""
    from hms_status.store import queries

    with ws.store.reading() as conn:
        last = queries.part_history(conn, RUN_RECORD, "run", 1)
    if not last:
        return {}
    return {
        c["component_id"]: c["status"] for c in last[0]["data"]["components"] if c.get("status")
    }


def _docs(
    ws: Workspace, component_id: str, status: StatusData, inputs: unchanged.RunInputs | None
) -> tuple[Path, ...]:
    from hms_status.services import docs

    graph = None if inputs is None else inputs.graph
    result = docs.update_component(ws, component_id, status, graph)
    return result.written


def _one(
    ws: Workspace,
    component_id: str,
    full: bool,
    run_tests: bool,
    fix: bool,
    previous: dict[str, str],
    docs: bool = True,
    inputs: unchanged.RunInputs | None = None,
) -> ComponentRun:
    if inputs is not None and not full and not run_tests:
        kept = unchanged.skipped(ws, inputs, component_id)
        if kept is not None:
            last = previous.get(component_id)
            return ComponentRun(component_id, kept.status, last, kept.reasons, True, skipped=True)
    tests = False
    if run_tests and test_argv(load_component(ws.settings, component_id)) is not None:
        run_component_tests(ws, component_id)
        tests = True
    result = analysis.analyze(ws, component_id, full=full, status=False)
    env_status = None
    if full:
        checked = environment.check(ws, component_id, fix=fix, tracked=result.tracked)
        env_status = checked.status.value
        snapshots.repair(ws, component_id)
    else:
        snapshots.repair_if_pending(ws, component_id)
    stamp = unchanged.store_stamp(ws, inputs, component_id) if inputs is not None else ()
    status = snapshots.write_status(ws, component_id)
    written = _docs(ws, component_id, status, inputs) if docs else ()
    if inputs is not None and docs:
        published = (settled_tree(result, written), stamp)
        unchanged.remember(ws, inputs, component_id, published, status, result.data)
    return ComponentRun(
        component_id,
        status.status.value,
        previous.get(component_id),
        status.reasons,
        result.reused,
        env_status,
        tests,
        len(written),
    )


def update_component(ws: Workspace, component_id: str, *, full: bool, docs: bool) -> ComponentRun:
    """One component's step of a run, as a queue worker runs it (docs off on remote checkouts)."""
    return _one(ws, component_id, full, False, False, {}, docs)


def _run(
    ws: Workspace,
    kind: str,
    ids: list[str],
    full: bool,
    run_tests: bool,
    fix: bool,
    jobs: int | None,
    progress: Callable[[Outcome[ComponentRun]], None] | None,
    stop: threading.Event | None,
) -> RunReport:
    started = time.perf_counter()
    snapshots.sweep_temps(ws)
    previous = previous_statuses(ws)
    from hms_status.services import docs, impact

    impact.refresh(ws, ids)
    inputs = unchanged.RunInputs.of(ws)
    outcomes = run_each(
        ids,
        lambda cid: _one(ws, cid, full, run_tests, fix, previous, inputs=inputs),
        jobs,
        progress,
        stop,
    )
    impact.republish(ws, impact.refresh(ws))
    docs.write_ecosystem(ws)
    report = RunReport(kind, time.perf_counter() - started, outcomes)
    if full or len(ids) > 1:
        ws.store.record_part_report(
            RUN_RECORD, "run", ws.now(), "failed" if report.failed else "ok", report.to_json(), None
        )
    return report


def full_update(
    ws: Workspace,
    run_tests: bool = False,
    fix: bool = False,
    jobs: int | None = None,
    progress: Callable[[Outcome[ComponentRun]], None] | None = None,
    stop: threading.Event | None = None,
) -> RunReport:
    """Full analysis, environment check, status and docs for every component, then the summary."""
    return _run(ws, "full", component_ids(ws.settings), True, run_tests, fix, jobs, progress, stop)


def quick_update(
    ws: Workspace,
    component_id: str | None = None,
    jobs: int | None = None,
    progress: Callable[[Outcome[ComponentRun]], None] | None = None,
    stop: threading.Event | None = None,
) -> RunReport:
    """Quick (incremental) analysis, status and docs for one or every component."""
    ids = [require_known(ws.settings, component_id)] if component_id else component_ids(ws.settings)
    return _run(ws, "quick", ids, False, False, False, jobs, progress, stop)
