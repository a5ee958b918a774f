"""The Status Tracker's use cases: record starts, test runs and issues; read status and history."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hms_status.domain.enums import Severity
from hms_status.domain.ids import parse_ticket_id, validate_component_id
from hms_status.domain.results import TestCounts, TestReport
from hms_status.domain.status_data import StatusData, StatusLine
from hms_status.domain.ticket_record import TicketRecord
from hms_status.errors import (
    HmsError,
    InputError,
    NotFoundError,
    SnapshotPendingError,
    WriteError,
)
from hms_status.foundation.workspace import Workspace
from hms_status.services import snapshots, suggestions
from hms_status.services.components import require_known
from hms_status.services.limits import MAX_DURATION_MS, MAX_HISTORY_LIMIT, check_range
from hms_status.services.texts import check_optional_text, check_text

if TYPE_CHECKING:
    from hms_status.store.facts import Change
    from hms_status.store.stamps import ChangeStamp
    from hms_status.store.tickets_repo import TicketRow

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recorded:
    """A write's result: the change and the status snapshot it left."""

    change: Change
    status: StatusData

    @property
    def ticket(self) -> TicketRecord | None:
        """The ticket the write opened, resolved or assigned (None for other writes)."""
        from hms_status.services.status_view import ticket_record

        return None if self.change.ticket is None else ticket_record(self.change.ticket)


def publish(ws: Workspace, change: Change, what: str) -> Recorded:
    """Write the snapshots of a committed change; SnapshotPendingError when they cannot be.

    The store already holds the change, so a failure here must not look like a failed
    write (a retry would record it twice): it is reported as pending, marked, and repaired
    by the next write to the component, `run quick-update`/`full-update` or `get --fresh`.
    """
    try:
        snapshots.repair_if_pending(ws, change.component_id)
        recorded = _write_snapshots(ws, change)
    except (WriteError, OSError) as exc:
        snapshots.mark_pending(ws.settings, change.component_id)
        reason = exc.message if isinstance(exc, WriteError) else f"{exc.strerror or exc}"
        raise SnapshotPendingError(
            f"recorded {what} (event {change.event_id}), but its snapshot could not be "
            f"written: {reason}",
            "the store holds it: do not record it again; the next run or "
            f"'hms-status tracker get {change.component_id} --fresh' rewrites the snapshot",
        ) from None
    _docs_follow(ws, change.component_id)
    from hms_status.services import impact

    impact.follow(ws, change.component_id)
    return recorded


def _docs_follow(ws: Workspace, component_id: str) -> None:
    """Docs follow status: the component's STATUS.md, codex section and badge are rewritten
    with the write that changed them (`[docs] auto_update = false` leaves it to the runs).

    The write is recorded and its snapshots are written by now, so a docs problem (the
    component's directory not on this machine, broken markers, a refused link) is a warning
    on stderr, never a failed write: the next run reports it as an error of its own.
    """
    if not (ws.docs_follow and ws.settings.docs_auto_update):
        return
    from hms_status.services import docs

    try:
        result = docs.update_component(ws, component_id)
    except (HmsError, OSError) as exc:
        _log.warning("%s: docs not updated: %s", component_id, exc)
        return
    for _, reason in result.refused:
        _log.warning("%s: docs: not written: %s", component_id, reason)


def _write_snapshots(ws: Workspace, change: Change) -> Recorded:
    touched = (
        *change.tickets_opened,
        *change.tickets_reopened,
        *change.tickets_resolved,
        *change.tickets_updated,
    )
    rows = {ticket: _ticket(ws, ticket) for ticket in touched}
    found = suggestions.for_opened(ws, [rows[t] for t in change.tickets_opened if t in rows])
    for ticket, row in rows.items():
        snapshots.write_ticket(ws.settings, row, found.get(ticket))
    if change.ticket is not None:
        snapshots.write_ticket(ws.settings, change.ticket)
    if change.ticket is not None or touched:
        snapshots.write_issues(ws, change.component_id)
    if change.run_id is not None:
        snapshots.write_test_results(ws, change.component_id, change.run_id)
    return Recorded(change, snapshots.write_status(ws, change.component_id))


def _ticket(ws: Workspace, ticket_id: str) -> TicketRow:
    from hms_status.store import tickets_repo

    with ws.store.reading() as conn:
        return tickets_repo.get(conn, ticket_id)


def _report_duration(seconds: float) -> int | None:
    """A report's total time in ms; None when it is not a finite, recordable duration."""
    if not math.isfinite(seconds) or not 0 <= seconds * 1000 <= MAX_DURATION_MS:
        return None
    return round(seconds * 1000)


def _duration(value: int | None) -> int | None:
    return check_range(value, "--duration-ms", 0, MAX_DURATION_MS)


def record_start(
    ws: Workspace,
    component_id: str,
    success: bool,
    environment: str = "",
    version: str = "",
    duration_ms: int | None = None,
    message: str = "",
) -> Recorded:
    """Record that a component started (or failed to)."""
    from hms_status.store.facts import StartFact

    require_known(ws, component_id)
    environment = check_optional_text(environment, "--env", 100)
    version = check_optional_text(version, "--version", 100)
    message = check_optional_text(message, "--message", 2000)
    fact = StartFact(
        component_id, ws.now(), success, environment, version, _duration(duration_ms), message
    )
    snapshots.preflight(ws.settings)
    return publish(ws, ws.store.record_start(fact), f"the start of {component_id}")


def decide_success(flag: bool | None, counts: TestCounts | None) -> bool:
    """A run's success: the flag when given (it must agree with the counts), else the counts."""
    if counts is None:
        if flag is None:
            raise InputError(
                "a test run needs --success or --failure, --results or --junit",
                "say how the run went",
            )
        return flag
    if flag is True and not counts.succeeded:
        raise InputError(
            f"--success contradicts the results ({counts.failed} failed, {counts.errors} errors)",
            "drop --success or fix the counts",
        )
    if flag is False and counts.succeeded and counts.executed:
        raise InputError("--failure contradicts the results (nothing failed)", "drop --failure")
    return counts.succeeded if flag is None else flag


def record_test_run(
    ws: Workspace,
    component_id: str,
    success: bool | None,
    counts: TestCounts | None = None,
    report_files: Sequence[Path] = (),
    duration_ms: int | None = None,
    commit: str | None = None,
) -> Recorded:
    """Record a test run from counts, from report files, or from a bare success flag."""
    require_known(ws, component_id)
    report: TestReport | None = None
    if report_files:
        if counts is not None:
            raise InputError("give either --results or --junit, not both")
        from hms_status.reports import read_reports

        report = read_reports(list(report_files))
        counts = report.counts
        if duration_ms is None:
            duration_ms = _report_duration(report.duration_s)
    from hms_status.services.commits import check_commit
    from hms_status.services.tests_over_time import after_run
    from hms_status.store.facts import RunFact

    succeeded = decide_success(success, counts)
    fact = RunFact(
        component_id,
        ws.now(),
        succeeded,
        counts,
        report.cases if report else (),
        _duration(duration_ms),
        report.format if report else "manual",
        ticket_limit=ws.settings.max_tickets_per_run,
        commit=check_commit(commit),
    )
    snapshots.preflight(ws.settings)
    change = after_run(ws, ws.store.record_test_run(fact))  # [flaky] auto_quarantine
    return publish(ws, change, f"a test run of {component_id}")


def open_issue(
    ws: Workspace, component_id: str, title: str, severity: str, description: str = ""
) -> Recorded:
    """File a work ticket by hand."""
    require_known(ws, component_id)
    try:
        level = Severity(severity.lower())
    except ValueError:
        names = ", ".join(s.value for s in Severity)
        raise InputError(f"unknown severity {severity!r}", f"use one of {names}") from None
    title = check_text(title, "--title", 500)
    description = check_optional_text(description.strip(), "--description", 5000, multiline=True)
    snapshots.preflight(ws.settings)
    change = ws.store.open_ticket(component_id, ws.now(), title, level, description.strip())
    ticket = change.ticket.ticket_id if change.ticket else "a ticket"
    return publish(ws, change, f"{ticket} for {component_id}")


def resolve(ws: Workspace, ticket_id: str, resolution: str, used: Sequence[str] = ()) -> Recorded:
    """Resolve an open ticket; used: resolved tickets whose suggestion helped (feedback)."""
    for named in (ticket_id, *used):
        parse_ticket_id(named)
    used = tuple(dict.fromkeys(used))
    resolution = check_text(resolution, "--resolution", multiline=True)
    snapshots.preflight(ws.settings)
    change = ws.store.resolve_ticket(ticket_id, ws.now(), resolution, used)
    return publish(ws, change, f"the resolution of {ticket_id}")


def assign(ws: Workspace, ticket_id: str, assignee: str) -> Recorded:
    """Assign a ticket to a person."""
    parse_ticket_id(ticket_id)
    assignee = check_text(assignee, "--to", 200)
    snapshots.preflight(ws.settings)
    return publish(
        ws, ws.store.assign_ticket(ticket_id, ws.now(), assignee), f"the assignment of {ticket_id}"
    )


def _require_readable(ws: Workspace, component_id: str) -> None:
    """Known to the registry, or at least to the store (its directory may have been removed)."""
    try:
        require_known(ws, component_id)
    except NotFoundError:
        from hms_status.store.rollups import read as read_rollup

        with ws.store.reading() as conn:
            if read_rollup(conn, component_id) is None:
                raise


def get_status(ws: Workspace, component_id: str, allow_snapshot: bool = True) -> StatusData:
    """A component's Status Data: from its snapshot when the component has not changed since
    the snapshot was written, else from the store (allow_snapshot=False: always the store,
    repairing the snapshots on the way)."""
    validate_component_id(component_id)
    if allow_snapshot:
        cached = _current_snapshot(ws, component_id)
        if cached is not None:
            return cached
    _require_readable(ws, component_id)
    if not allow_snapshot:
        return _fresh_and_repaired(ws, component_id)
    return snapshots.build_status(ws, component_id)


def _fresh_and_repaired(ws: Workspace, component_id: str) -> StatusData:
    """The status from the store; its snapshots are rewritten on the way when they are behind
    (a process killed between commit and snapshot). A failure to write only warns: reading
    never fails because data/ is read-only."""
    try:
        snapshots.repair(ws, component_id)
        return snapshots.write_status(ws, component_id)
    except (WriteError, InputError, OSError) as exc:
        _log.warning("%s: snapshots not repaired: %s", component_id, exc)
        return snapshots.build_status(ws, component_id)


def _current_snapshot(ws: Workspace, component_id: str) -> StatusData | None:
    """The status snapshot when the component has not changed since it was written, else None.

    Current means: no write is pending for it, it is this version's shape, and its change
    stamp (last_event_id, event count, last_updated, reasons) still equals the rollup's,
    read with one primary-key lookup (see store.stamps), and the clock has not reached the
    moment its maintenance window ends or the next one begins. Writes to other components, and
    anything else that touches the database file, leave it current.
    """
    if snapshots.is_pending(ws.settings, component_id):
        return None
    cached = snapshots.read_status(ws.settings, component_id)
    if cached is None:
        return None
    return snapshot_if_current(cached, _store_stamp(ws, component_id), ws.now())


def snapshot_if_current(
    cached: StatusData, stamp: ChangeStamp | None, now: str
) -> StatusData | None:
    """The status snapshot when it repeats the rollup's change stamp and no maintenance window
    began or ended since it was written (by the clock alone), else None."""
    changes_at = cached.maintenance_changes_at
    if changes_at is not None and now >= changes_at:
        return None
    if stamp is None or cached.last_updated is None:
        return None
    shown = (cached.last_event_id, cached.counters.events, cached.last_updated, cached.reasons)
    return cached if shown == astuple(stamp) else None


def _store_stamp(ws: Workspace, component_id: str) -> ChangeStamp | None:
    """The component's change stamp: through the store when it is open (the service: a pooled
    connection), else straight from a SQLite file (a CLI command: no engine to build)."""
    import sqlite3

    from hms_status.store import stamps

    url = ws.settings.database_url
    if (
        not ws.store_is_open
        and url.startswith("sqlite:///")
        and not url.startswith("sqlite:///:memory:")
    ):
        try:
            return stamps.sqlite_stamp(Path(url.split(":///", 1)[1]), component_id)
        except (sqlite3.Error, OSError, ValueError) as exc:
            _log.debug("%s: change stamp not read directly: %s", component_id, exc)
    with ws.store.reading() as conn:
        return stamps.stamp(conn, component_id)


def status_lines(ws: Workspace) -> list[StatusLine]:
    """One line per component: every registered one, and any with recorded data."""
    from hms_status.foundation.registry import component_ids
    from hms_status.services.status_view import status_line
    from hms_status.store.components_repo import registered_ids
    from hms_status.store.rollups import read_all

    with ws.store.reading() as conn:
        by_id = {r.component_id: r for r in read_all(conn)}
        registered = registered_ids(conn)
    ids = sorted(set(component_ids(ws.settings)) | registered | set(by_id))
    return [status_line(cid, by_id.get(cid)) for cid in ids]


def list_statuses(ws: Workspace) -> list[dict[str, Any]]:
    """status_lines as JSON objects: for callers not yet moved onto StatusLine."""
    return [line.to_json() for line in status_lines(ws)]


def history(ws: Workspace, component_id: str, limit: int = 50) -> list[dict[str, Any]]:
    """The newest events of a component, newest first."""
    check_range(limit, "--limit", 1, MAX_HISTORY_LIMIT)
    _require_readable(ws, component_id)
    from hms_status.store import queries

    with ws.store.reading() as conn:
        return queries.recent_events(conn, component_id, limit)
