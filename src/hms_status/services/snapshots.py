"""The only writer of data/*.json: snapshots of the store, rewritten atomically after each change."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hms_status.config import Settings
from hms_status.domain.enums import EventKind, TicketState
from hms_status.domain.ids import validate_component_id
from hms_status.domain.snapshot_json import ShapeError
from hms_status.domain.status_data import NOT_CHECKED, EnvironmentStatus, StatusData
from hms_status.errors import WriteError
from hms_status.foundation.workspace import Workspace, require_directory
from hms_status.gateways.files import (
    TEMP_GRACE_S,
    atomic_write_json,
    atomic_write_text,
    ensure_dir,
    read_json,
    sweep_stale_temps,
)
from hms_status.services.status_view import HISTORY_LIMIT, status_data, ticket_record

if TYPE_CHECKING:
    from hms_status.store.tickets_repo import TicketRow

DATA_SUBDIRS = (
    "status",
    "analysis",
    "environments",
    "issues",
    "work-tickets",
    "test-results",
    "summaries",
)


PENDING_PREFIX = ".snapshot-pending."
"""data/.snapshot-pending.<ID>: an empty file marking a component whose snapshots are behind."""


def preflight(settings: Settings) -> None:
    """Refuse (exit 2, before anything is recorded) when the data/ tree cannot take snapshots:
    data/ or one of its folders is there but is not a directory."""
    for folder in (settings.data_dir, *(settings.data_dir / sub for sub in DATA_SUBDIRS)):
        require_directory(folder)


def mark_pending(settings: Settings, component_id: str) -> None:
    """Note that a component's snapshots are behind its store (best effort: an empty file needs
    no free blocks, so it is usually written even on a full disk)."""
    with contextlib.suppress(OSError):  # the error reported already says it is pending
        (settings.data_dir / f"{PENDING_PREFIX}{validate_component_id(component_id)}").touch()


def is_pending(settings: Settings, component_id: str) -> bool:
    """True when an earlier write left the component's snapshots behind its store."""
    return (settings.data_dir / f"{PENDING_PREFIX}{component_id}").exists()


def repair_if_pending(ws: Workspace, component_id: str) -> bool:
    """Rewrite the component's snapshots when an earlier write left them behind; True if so."""
    if not is_pending(ws.settings, component_id):
        return False
    repair(ws, component_id)
    write_status(ws, component_id)
    return True


def status_path(settings: Settings, component_id: str) -> Path:
    """data/status/<ID>.json (the ID is validated: never a path)."""
    return settings.data_dir / "status" / f"{validate_component_id(component_id)}.json"


def part_path(settings: Settings, part: str, component_id: str) -> Path:
    """data/<part>/<ID>.json for analysis and environments."""
    return settings.data_dir / part / f"{validate_component_id(component_id)}.json"


def read_status(settings: Settings, component_id: str) -> StatusData | None:
    """The status snapshot as written last, or None when there is none or it is not what this
    version writes (an older schema version, a tampered file): such a file is stale, and is
    rebuilt from the store."""
    value = read_json(status_path(settings, component_id))
    if not isinstance(value, dict):
        return None
    try:
        data = StatusData.from_json(value)
    except ShapeError:
        return None
    return data if data.component_id == component_id else None


def read_part(settings: Settings, part: str, component_id: str) -> dict[str, Any] | None:
    """data/analysis/<ID>.json or data/environments/<ID>.json in the current shape (a file of
    an older schema version upgraded); None when absent, unreadable or of a newer version."""
    from hms_status.services.snapshot_versions import current

    value = read_json(part_path(settings, part, component_id))
    return current(part, value) if isinstance(value, dict) else None


def environment_status(settings: Settings, component_id: str) -> EnvironmentStatus:
    """The plan's environment_status from the latest environment check (never checked: the
    environment is not_configured, its dependencies and configuration unknown)."""
    data = read_part(settings, "environments", component_id)
    if data is None:
        return NOT_CHECKED
    try:
        return EnvironmentStatus.from_json(data)
    except ShapeError:
        return NOT_CHECKED


def build_status(ws: Workspace, component_id: str) -> StatusData:
    """The current Status Data of a component, read from the store."""
    from hms_status.services.status_view import empty_status
    from hms_status.store import maintenance_repo, queries, tickets_repo
    from hms_status.store.rollups import read as read_rollup

    now = ws.now()
    with ws.store.reading() as conn:
        rollup = read_rollup(conn, component_id)
        windows = maintenance_repo.now_and_next(conn, component_id, now)
        if rollup is None:
            return empty_status(component_id, now, windows)
        starts = queries.recent_events(conn, component_id, HISTORY_LIMIT, EventKind.START)
        runs = queries.recent_runs(conn, component_id, HISTORY_LIMIT)
        tickets = tickets_repo.of_component(conn, component_id, TicketState.OPEN)
    env = environment_status(ws.settings, component_id)
    return status_data(rollup, starts, runs, tickets, env, windows)


@contextmanager
def _one_writer(folder: Path, component_id: str) -> Iterator[None]:
    """Hold the component's lock file in folder: one writer (thread or process) at a time reads
    the store and writes the snapshot, so an older read never overwrites a newer file."""
    from filelock import FileLock

    lock = FileLock(str(ensure_dir(folder) / f".{component_id}.lock"), timeout=60)
    try:
        lock.acquire()
    except OSError as exc:
        raise WriteError(f"cannot lock {lock.lock_file}: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()


def write_status(ws: Workspace, component_id: str) -> StatusData:
    """Rewrite data/status/<ID>.json from the store; the last writer always writes the latest."""
    path = status_path(ws.settings, component_id)
    with _one_writer(path.parent, component_id):
        data = build_status(ws, component_id)
        atomic_write_json(path, data.to_json())
    return data


def write_ticket(
    settings: Settings, ticket: TicketRow, suggestions: list[dict[str, Any]] | None = None
) -> None:
    """data/work-tickets/<TICKET>.json; with suggestions (a ticket opened automatically), the
    extra key "suggestions": similar resolved tickets (services.suggestions)."""
    path = settings.data_dir / "work-tickets" / f"{ticket.ticket_id}.json"
    atomic_write_json(path, _ticket_json(path, ticket, suggestions))


def _ticket_json(
    path: Path, ticket: TicketRow, suggestions: list[dict[str, Any]] | None
) -> dict[str, Any]:
    """The ticket's snapshot; suggestions given at opening are kept when it is rewritten later
    (reopened, resolved, repaired), so the evidence shown when it opened stays with it."""
    data = ticket_record(ticket).to_json()
    if suggestions is None:
        suggestions = _kept_suggestions(path)
    return data if suggestions is None else {**data, "suggestions": suggestions}


def _kept_suggestions(path: Path) -> list[dict[str, Any]] | None:
    try:
        old = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    kept = old.get("suggestions") if isinstance(old, dict) else None
    return kept if isinstance(kept, list) else None


def write_issues(ws: Workspace, component_id: str) -> None:
    """data/issues/<ID>.json: the component's open and resolved tickets."""
    from hms_status.store import tickets_repo

    folder = ws.settings.data_dir / "issues"
    with _one_writer(folder, component_id):
        with ws.store.reading() as conn:
            every = tickets_repo.of_component(conn, component_id)
        data = {
            "component_id": component_id,
            "open": [ticket_record(t).to_json() for t in every if t.state is TicketState.OPEN],
            "resolved": [
                ticket_record(t).to_json() for t in every if t.state is TicketState.RESOLVED
            ],
        }
        atomic_write_json(folder / f"{component_id}.json", data)


def write_test_results(ws: Workspace, component_id: str, run_id: int) -> Path:
    """data/test-results/<ID>/run-<N>.json with every case of the run, one case per line.

    A run may hold hundreds of thousands of cases: one compact line each keeps the file
    greppable and diffable, and is written by json's C encoder (an indented dump of 200,000
    cases took the pure-Python encoder 2.6 s).
    """
    from hms_status.domain.tickets import run_results_file
    from hms_status.store import queries

    with ws.store.reading() as conn:
        summary = queries.run_by_id(conn, run_id) or {"run_id": run_id}
        cases = queries.run_cases(conn, run_id)
    path = ws.settings.root / run_results_file(validate_component_id(component_id), run_id)
    head = json.dumps({"component_id": component_id, **summary}, indent=2, ensure_ascii=False)
    lines = ",\n    ".join(json.dumps(case, ensure_ascii=False) for case in cases)
    body = f"[\n    {lines}\n  ]" if cases else "[]"
    atomic_write_text(path, f'{head[:-2]},\n  "test_cases": {body}\n}}\n')
    return path


def write_part(settings: Settings, part: str, component_id: str, data: Mapping[str, Any]) -> bool:
    """data/analysis/<ID>.json or data/environments/<ID>.json; False when unchanged.

    A document of an older schema version (e.g. a reused analysis made by an earlier
    version) is written in the current shape."""
    from hms_status.services.snapshot_versions import current

    shaped = current(part, data) or dict(data)
    return atomic_write_json(part_path(settings, part, component_id), shaped)


def repair(ws: Workspace, component_id: str) -> int:
    """Rewrite every snapshot of a component from the store; returns how many files changed.

    Snapshots are written after each transaction commits, so a process killed in between
    (or a full disk) leaves them behind the store; a full update calls this to bring them
    level again, and so does any write after one whose snapshots failed (see mark_pending).
    """
    from hms_status.store import queries, tickets_repo

    marker = ws.settings.data_dir / f"{PENDING_PREFIX}{validate_component_id(component_id)}"

    with ws.store.reading() as conn:
        every = tickets_repo.of_component(conn, component_id)
        runs = queries.recent_runs(conn, component_id, 1)
    folder = ws.settings.data_dir / "work-tickets"
    changed = sum(
        atomic_write_json(
            folder / f"{t.ticket_id}.json", _ticket_json(folder / f"{t.ticket_id}.json", t, None)
        )
        for t in every
    )
    if every:
        write_issues(ws, component_id)
    if runs:
        run_file = (
            ws.settings.data_dir
            / "test-results"
            / component_id
            / f"run-{runs[0]['run_id']:06d}.json"
        )
        if not run_file.exists():
            write_test_results(ws, component_id, runs[0]["run_id"])
            changed += 1
    marker.unlink(missing_ok=True)
    return changed


def temp_cutoff(ws: Workspace, started: float | None = None) -> float:
    """Temp files modified before this were left by a killed process: before the run started
    (now when not given) and at least TEMP_GRACE_S ago."""
    now = ws.clock.now().timestamp()
    return min(now if started is None else started, now - TEMP_GRACE_S)


def sweep_temps(ws: Workspace, started: float | None = None) -> int:
    """Remove the temp files killed writers left in data/ (the tool's own pattern only)."""
    cutoff = temp_cutoff(ws, started)
    data = ws.settings.data_dir
    folders = [data, *(data / sub for sub in DATA_SUBDIRS), data / ".published"]
    with contextlib.suppress(OSError):  # no test results yet
        folders += [entry for entry in (data / "test-results").iterdir() if entry.is_dir()]
    return sum(sweep_stale_temps(folder, cutoff) for folder in folders)
