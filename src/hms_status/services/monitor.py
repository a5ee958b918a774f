"""The monitor: quick updates every interval, a full one when the last is old, probes; one per root.

When a cycle is full is decided from the store, not from a cycle counter: a cycle is a full
update when no full update is recorded, or when the last one started at least `full_every`
intervals ago (less half an interval, so the start-up jitter of cron never postpones it by a
whole interval). A manual `run full-update` counts, a full update cut short by a stop does
not. So a monitor that restarts, and `monitor --once` run by cron, keep the same rhythm.

services/monitor_process.py runs this loop as a process: signals, worker thread, exit code.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hms_status.clock import iso, parse_iso
from hms_status.errors import HmsError, InputError
from hms_status.foundation.workspace import Workspace
from hms_status.services import probe, retention, runner

_log = logging.getLogger(__name__)
LOCK_NAME = ".monitor.lock"
RUNS_SCANNED = 500
"""How many recorded runs are searched for the last full update (none in them: one is due)."""
NOT_RUN = "not run:"
"""How fanout marks a component it skipped because the run was stopped."""


@dataclass(frozen=True)
class MonitorOptions:
    """How often to do what."""

    interval_s: float = 3600.0
    full_every: int = 24
    """A full update when the last one is this many intervals old; the other cycles are quick."""
    once: bool = False
    run_tests: bool = False
    update: Callable[[Workspace, str], runner.RunReport] | None = None
    """How a cycle's update ("full" or "quick") runs; None: here, by the runner (monitor
    --queue passes one that queues a job per component for the workers and waits)."""

    @property
    def full_period(self) -> timedelta:
        """The age at which the last full update is due again (N intervals less half of one)."""
        return timedelta(seconds=self.interval_s * (self.full_every - 0.5))


@dataclass(frozen=True)
class Cycle:
    """What one cycle did."""

    number: int
    kind: str
    seconds: float = 0.0
    transitions: tuple[tuple[str, str, str], ...] = ()
    """(component, status before, status after) for every status that changed."""
    failed: tuple[str, ...] = ()
    """Components that could not be updated or probed."""
    error: str | None = None
    """Why the whole cycle failed (kind is then "failed")."""
    probes: int = 0
    after: dict[str, str] = field(default_factory=dict)
    """Every component's status when the cycle ended."""
    last_full: str | None = None
    """When the last full update before this cycle started (None: none was recorded)."""

    @property
    def eventful(self) -> bool:
        """True when a status changed or something failed: what --quiet still reports."""
        return bool(self.transitions or self.failed or self.error)

    def to_json(self) -> dict[str, Any]:
        """The cycle as data (one --json object)."""
        return {
            "cycle": self.number,
            "kind": self.kind,
            "seconds": round(self.seconds, 3),
            "error": self.error,
            "transitions": [
                {"component_id": cid, "from": old, "to": new} for cid, old, new in self.transitions
            ],
            "failed": list(self.failed),
            "probes": self.probes,
            "statuses": dict(self.after),
            "last_full_update": self.last_full,
        }


def full_is_due(last_full: datetime | None, now: datetime, options: MonitorOptions) -> bool:
    """True when no full update is known or the last one is at least full_period old."""
    return last_full is None or now - last_full >= options.full_period


def last_full_update(ws: Workspace) -> datetime | None:
    """When the newest full update recorded in the store started; None when there is none.

    A full update cut short by a stop (components marked "not run") does not count.
    """
    from hms_status.store import queries

    with ws.store.reading() as conn:
        runs = queries.part_history(conn, runner.RUN_RECORD, "run", RUNS_SCANNED)
    for run in runs:
        data = run["data"]
        if data.get("kind") != "full" or _cut_short(data):
            continue
        return parse_iso(run["timestamp"]) - timedelta(seconds=float(data.get("seconds") or 0))
    return None


def _cut_short(data: dict[str, Any]) -> bool:
    return any(str(c.get("error") or "").startswith(NOT_RUN) for c in data.get("components", []))


def _statuses(ws: Workspace) -> dict[str, str]:
    from hms_status.store.rollups import read_all

    with ws.store.reading() as conn:
        return {r.component_id: r.status for r in read_all(conn)}


def run_cycle(
    ws: Workspace,
    number: int,
    options: MonitorOptions,
    stop: threading.Event,
    before: dict[str, str] | None = None,
) -> Cycle:
    """One cycle: a quick or (when due) full update, probes, and every status change since `before`.

    `before` is what the previous cycle ended with, so changes recorded between cycles (by
    CI, say) are logged too; the first cycle compares with the statuses the last run (of any
    kind: a monitor, cron's --once, a manual update) ended with.
    """
    last_full = last_full_update(ws)
    full = full_is_due(last_full, ws.clock.now(), options)
    kind = "full" if full else "quick"
    before = _statuses(ws) if before is None else before
    if options.update is not None:
        report = options.update(ws, kind)
    elif full:
        report = runner.full_update(ws, run_tests=options.run_tests, stop=stop)
    else:
        report = runner.quick_update(ws, stop=stop)
    probes = probe.probe_all(ws, stop)
    retention.compact_when_due(ws)
    after = _statuses(ws)
    transitions = tuple(
        (cid, before.get(cid, "unknown"), status)
        for cid, status in sorted(after.items())
        if before.get(cid, "unknown") != status
    )
    for cid, old, new in transitions:
        ws.store.record_transition(cid, ws.now(), old, new, f"monitor cycle {number} ({kind})")
        _log.warning("%s: %s -> %s (cycle %d)", cid, old, new, number)
    _send_notifications(ws)
    failed = tuple(o.component_id for o in report.failed) + tuple(
        p.component_id for p in probes if not p.ok
    )
    return Cycle(
        number,
        kind,
        report.seconds,
        transitions,
        failed,
        probes=len(probes),
        after=after,
        last_full=iso(last_full) if last_full else None,
    )


def _send_notifications(ws: Workspace) -> None:
    """Deliver what this cycle put in the outbox; a failure is logged and the monitor goes on."""
    from hms_status.services import notify

    try:
        notify.send_pending(ws, group_wait_s=0)
    except HmsError as exc:
        _log.warning("notifications not sent: %s", exc.one_line())
    except Exception:  # noqa: BLE001 - a sender bug never stops the monitor
        _log.exception("notification sender failed")


def _guarded_cycle(
    ws: Workspace, number: int, options: MonitorOptions, stop: threading.Event, seen: Any
) -> Cycle:
    try:
        return run_cycle(ws, number, options, stop, seen)
    except HmsError as exc:
        return Cycle(number, "failed", error=exc.one_line())
    except Exception as exc:  # noqa: BLE001 - a monitor survives errors in any one cycle
        _log.exception("monitor cycle %d failed", number)
        return Cycle(number, "failed", error=f"{type(exc).__name__}: {exc}")


def monitor(
    ws: Workspace,
    options: MonitorOptions,
    stop: threading.Event,
    on_cycle: Callable[[Cycle], None] | None = None,
) -> int:
    """Run cycles until stopped (or once); hold the root's monitor lock throughout. Returns cycles run."""
    from filelock import FileLock, Timeout

    lock_path = ws.settings.data_dir / LOCK_NAME
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise InputError(
            f"another monitor is already running over {ws.settings.root}",
            "stop the running monitor first (only one may run over a root)",
        ) from None
    number = 0
    seen: dict[str, str] | None = {**_statuses(ws), **runner.previous_statuses(ws)} or None
    try:
        while not stop.is_set():
            number += 1
            cycle = _guarded_cycle(ws, number, options, stop, seen)
            seen = cycle.after or seen
            _log.info(
                "cycle %d (%s) done in %.2fs; %d transitions; failed: %s",
                number,
                cycle.kind,
                cycle.seconds,
                len(cycle.transitions),
                ", ".join(cycle.failed) or "none",
            )
            if on_cycle is not None:
                on_cycle(cycle)
            if options.once or stop.wait(options.interval_s):
                break
    finally:
        lock.release()
    return number
