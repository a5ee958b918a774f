"""The monitor: quick updates every interval, a full update every N, probes; one per root, stoppable."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from hms_status.errors import HmsError, InputError
from hms_status.services import probe, runner
from hms_status.services.workspace import Workspace

_log = logging.getLogger(__name__)
LOCK_NAME = ".monitor.lock"


@dataclass(frozen=True)
class MonitorOptions:
    """How often to do what."""

    interval_s: float = 3600.0
    full_every: int = 24
    """Every N-th cycle (the first included) is a full update; the others are quick."""
    once: bool = False
    run_tests: bool = False


@dataclass(frozen=True)
class Cycle:
    """What one cycle did."""

    number: int
    kind: str
    seconds: float = 0.0
    transitions: tuple[tuple[str, str, str], ...] = ()
    failed: tuple[str, ...] = ()
    error: str | None = None
    probes: int = 0
    after: dict[str, str] = field(default_factory=dict)
    """Every component's status when the cycle ended."""


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
    """One cycle: update, probe, and record every status change since `before`.

    `before` is what the previous cycle ended with, so changes recorded between cycles (by
    CI, say) are logged too; the first cycle compares with the statuses the last run (of any
    kind: a monitor, cron's --once, a manual update) ended with.
    """
    full = (number - 1) % max(1, options.full_every) == 0
    kind = "full" if full else "quick"
    before = _statuses(ws) if before is None else before
    if full:
        report = runner.full_update(ws, run_tests=options.run_tests, stop=stop)
    else:
        report = runner.quick_update(ws, stop=stop)
    probes = probe.probe_all(ws, stop)
    after = _statuses(ws)
    transitions = tuple(
        (cid, before.get(cid, "unknown"), status)
        for cid, status in sorted(after.items())
        if before.get(cid, "unknown") != status
    )
    for cid, old, new in transitions:
        ws.store.record_transition(cid, ws.now(), old, new, f"monitor cycle {number} ({kind})")
        _log.warning("%s: %s -> %s (cycle %d)", cid, old, new, number)
    failed = tuple(o.component_id for o in report.failed) + tuple(
        p.component_id for p in probes if not p.ok
    )
    return Cycle(number, kind, report.seconds, transitions, failed, probes=len(probes), after=after)


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
            try:
                cycle = run_cycle(ws, number, options, stop, seen)
                seen = cycle.after
            except HmsError as exc:
                cycle = Cycle(number, "failed", error=exc.one_line())
            except Exception as exc:  # noqa: BLE001 - a monitor survives errors in any one cycle
                _log.exception("monitor cycle %d failed", number)
                cycle = Cycle(number, "failed", error=f"{type(exc).__name__}: {exc}")
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
