"""`run full-update --queue` / `quick-update --queue`: one job per component, then wait.

Each component gets one job, deferred with a queueing lock and a lock named after it: a
component that still has a job waiting is not queued again (it is reported as already
queued, and that job does the work), and no two workers process it at once. Waiting follows
the jobs' states in the database (never a guess from time) until each has succeeded or
failed for good, then builds the run's report from the results the workers recorded and
finishes the run where it was started: impact notes, the ecosystem summary, the run record.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from hms_status.clock import iso, parse_iso
from hms_status.foundation.workspace import Workspace
from hms_status.services.fanout import Outcome
from hms_status.services.runner import RUN_RECORD, ComponentRun, RunReport

if TYPE_CHECKING:
    from procrastinate import App

POLL_S = 0.25
CLOCK_SKEW = timedelta(hours=1)
"""Results are looked up from this long before the run started (workers' clocks may differ)."""


@dataclass
class QueuedRun:
    """The jobs one run put in the queue."""

    run: str
    kind: str
    started_at: str
    jobs: dict[str, int] = field(default_factory=dict)
    """Job id by component ID (this run's job, or the waiting job of an earlier run)."""
    adopted: dict[str, str] = field(default_factory=dict)
    """Components that already had a job waiting (their queueing lock was taken): the run
    that queued it, whose result this run reports."""

    def to_json(self) -> dict[str, object]:
        """What --no-wait prints."""
        return {"run": self.run, "kind": self.kind,
                "queued": len(self.jobs) - len(self.adopted),
                "already_queued": sorted(self.adopted), "jobs": self.jobs}  # fmt: skip


def enqueue(ws: Workspace, kind: str, ids: Sequence[str]) -> QueuedRun:
    """Put one job per component in the queue (applying the queue's schema on first use)."""
    from hms_status.queue.app import build_app, ensure_schema

    ensure_schema(ws)
    queued = QueuedRun(uuid.uuid4().hex, kind, ws.now())
    app = build_app(ws)
    asyncio.run(_defer_all(app, queued, ids, _remotes(ws, ids)))
    return queued


def _remotes(ws: Workspace, ids: Sequence[str]) -> dict[str, str | None]:
    from hms_status.foundation.remotes import component_remote

    return {cid: component_remote(ws.settings, cid) for cid in ids}


async def _defer_all(
    app: App, queued: QueuedRun, ids: Sequence[str], remotes: dict[str, str | None]
) -> None:
    from procrastinate import exceptions

    from hms_status.queue.app import UPDATE_TASK

    task = app.tasks[UPDATE_TASK]
    async with app.open_async():
        for cid in ids:
            deferrer = task.configure(lock=cid, queueing_lock=cid)
            try:
                queued.jobs[cid] = await deferrer.defer_async(
                    component_id=cid, kind=queued.kind, run=queued.run, remote=remotes[cid]
                )
            except exceptions.AlreadyEnqueued:
                await _adopt(app, queued, cid)


async def _adopt(app: App, queued: QueuedRun, cid: str) -> None:
    """Follow the job already waiting for cid instead of queueing a second one."""
    jobs = [j for j in await app.job_manager.list_jobs_async(queueing_lock=cid) if j.id]
    if jobs:  # the newest: waiting, or started (even finished) since the lock refused ours
        newest = max(jobs, key=lambda j: j.id or 0)
        queued.jobs[cid] = newest.id or 0
        queued.adopted[cid] = str(newest.task_kwargs.get("run", ""))


def wait(
    ws: Workspace, queued: QueuedRun, progress: Callable[[int, int], None] | None = None
) -> RunReport:
    """Wait until every job of the run is final, then finish the run and report it."""
    from hms_status.store import queue_jobs

    started = time.perf_counter()
    ids = list(queued.jobs.values())
    while True:
        with ws.store.reading() as conn:
            states = queue_jobs.job_states(conn, ids)
        final = sum(1 for s, _ in states.values() if s in queue_jobs.FINAL_STATES)
        if progress is not None:
            progress(final, len(ids))
        if final >= len(ids):
            break
        time.sleep(POLL_S)
    report = _report(ws, queued, states, time.perf_counter() - started)
    _finish(ws, report)
    return report


def _report(
    ws: Workspace, queued: QueuedRun, states: dict[int, tuple[str, int]], seconds: float
) -> RunReport:
    from hms_status.store import queue_jobs

    since = iso(parse_iso(queued.started_at) - CLOCK_SKEW)
    runs = {queued.run, *queued.adopted.values()}
    with ws.store.reading() as conn:
        results = queue_jobs.run_results(conn, runs, since)
    own = [(c, o, d) for c, o, d in results if d["run"] == queued.adopted.get(c, queued.run)]
    done = {cid: data for cid, outcome, data in own if outcome == "ok"}
    errors = {cid: data.get("error") for cid, outcome, data in own if outcome == "failed"}
    outcomes: list[Outcome[ComponentRun]] = []
    for cid in sorted({*queued.jobs, *queued.adopted}):
        status, attempts = states.get(queued.jobs.get(cid, -1), ("running", 0))
        if cid in done:
            outcomes.append(Outcome(cid, _component_run(done[cid])))
        else:
            why = errors.get(cid) or "no result recorded"
            outcomes.append(Outcome(cid, error=f"{status} after {attempts} attempts: {why}"))
    return RunReport(queued.kind, seconds, outcomes)


def _component_run(data: dict[str, object]) -> ComponentRun:
    names = {f for f in ComponentRun.__dataclass_fields__}
    values = {k: v for k, v in data.items() if k in names}
    values["reasons"] = tuple(values.get("reasons") or ())  # type: ignore[arg-type]
    return ComponentRun(**values)  # type: ignore[arg-type]


def _finish(ws: Workspace, report: RunReport) -> None:
    """What a local run does after its components: impact notes, summary, the run record."""
    from hms_status.services import docs, impact

    impact.republish(ws, impact.refresh(ws))
    docs.write_ecosystem(ws)
    outcome = "failed" if report.failed else "ok"
    ws.store.record_part_report(RUN_RECORD, "run", ws.now(), outcome, report.to_json(), None)


def update_every_component(ws: Workspace, kind: str) -> RunReport:
    """A whole run through the queue, waited for: what `monitor --queue` runs each cycle."""
    from hms_status.foundation.registry import component_ids

    return wait(ws, enqueue(ws, kind, component_ids(ws.settings)))
