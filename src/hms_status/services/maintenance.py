"""Maintenance windows: add, list and end them (``hms-status maintenance``).

During a window no alert is sent for the component, its failed starts and probes do not lower
its uptime (they are kept, marked with the window's ID), and its status, STATUS.md and the
dashboard say "maintenance" with the reason (domain.maintenance states the rules).

Times: ISO 8601 with a UTC offset or Z (``2026-12-01T22:00:00+01:00``, ``2026-12-01T21:00Z``),
``now``, or relative ``+90m``, ``+2h``, ``+1d`` (--from: from now; --to: from --from). A window
lasts at most MAX_WINDOW, begins at most MAX_AHEAD from now, and must not be over already.
Bad input is one line and exit 2, with nothing written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hms_status.clock import iso
from hms_status.domain.ids import validate_component_id
from hms_status.domain.maintenance import MaintenanceWindow
from hms_status.errors import ConflictError, InputError, NotFoundError
from hms_status.foundation.workspace import Workspace
from hms_status.services.components import require_known
from hms_status.services.republish import republish
from hms_status.services.texts import check_optional_text, check_text

REASON_MAX_CHARS = 200
MAX_WINDOW = timedelta(days=366)
MAX_AHEAD = timedelta(days=366)
PAST_SHOWN = timedelta(days=30)
"""`list --all` also shows the windows that ended within this long."""
LIST_LIMIT = 500
TIME_HINT = "use ISO 8601 with an offset or Z (e.g. 2026-12-01T22:00:00Z), 'now', or +90m, +2h, +1d"

_ISO = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|z|[+-][0-9]{2}:?[0-9]{2})"
)
_RELATIVE = re.compile(r"\+([0-9]{1,6})([mhd])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}
_WINDOW_ID = re.compile(r"[0-9]+")
_LARGEST_ID = 2**63 - 1


@dataclass(frozen=True)
class Listing:
    """Windows as listed, and the moment their states were judged at."""

    windows: tuple[MaintenanceWindow, ...]
    at: str


def parse_time(text: str, base: datetime, what: str) -> datetime:
    """An ISO 8601 time with an offset or Z, 'now' (base) or +N m|h|d after base, in UTC;
    InputError naming what and the accepted forms otherwise."""
    check_optional_text(text, what, 64)
    value = text.strip()
    if value.lower() == "now":
        return base
    relative = _RELATIVE.fullmatch(value)
    if relative:
        amount = int(relative[1])
        if amount == 0:
            raise InputError(f"{what} {value!r} is no time at all", TIME_HINT)
        delta = timedelta(**{_UNITS[relative[2]]: amount})
        if delta > MAX_AHEAD + MAX_WINDOW:
            raise InputError(f"{what} {value!r} is too far ahead", TIME_HINT)
        return base + delta
    if not _ISO.fullmatch(value):
        raise InputError(f"invalid {what} {value!r}", TIME_HINT)
    try:
        moment = datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise InputError(f"invalid {what} {value!r}: no such time", TIME_HINT) from None


def plan_window(start_text: str, end_text: str, now: datetime) -> tuple[str, str]:
    """(starts_at, ends_at) as stored, from --from and --to; InputError when the window is
    empty, reversed, over already, too long or too far ahead."""
    start = parse_time(start_text, now, "--from")
    end = parse_time(end_text, start, "--to")
    if end <= start:
        raise InputError(
            f"--to {end_text.strip()!r} is not after --from {start_text.strip()!r}",
            "give a --to later than --from, e.g. --to +2h",
        )
    if end <= now:
        raise InputError(
            f"the window {iso(start)} to {iso(end)} is over already",
            "give a --to in the future",
        )
    if end - start > MAX_WINDOW:
        raise InputError(
            f"the window lasts {(end - start).days} days; the limit is {MAX_WINDOW.days}",
            "add several windows, one after another",
        )
    if start - now > MAX_AHEAD:
        raise InputError(
            f"--from {start_text.strip()!r} is more than {MAX_AHEAD.days} days ahead",
            "add it closer to the time",
        )
    return iso(start), iso(end)


def add(
    ws: Workspace, component_id: str, start_text: str, end_text: str, reason: str
) -> MaintenanceWindow:
    """Add a window for a known component; its status snapshot and docs follow."""
    from hms_status.store import maintenance_repo

    validate_component_id(component_id)
    text = check_text(reason, "--reason", REASON_MAX_CHARS)
    starts_at, ends_at = plan_window(start_text, end_text, ws.clock.now().astimezone(UTC))
    require_known(ws, component_id)
    with ws.store.writing() as conn:
        window = maintenance_repo.add(conn, component_id, starts_at, ends_at, text, ws.now())
    republish(ws, component_id)
    return window


def list_windows(ws: Workspace, component_id: str | None, include_past: bool) -> Listing:
    """Active and upcoming windows (of one component or all), by start; with include_past
    also those that ended within PAST_SHOWN."""
    from hms_status.clock import parse_iso
    from hms_status.store import maintenance_repo

    if component_id is not None:
        require_known(ws, validate_component_id(component_id))
    now = ws.now()
    since = iso(parse_iso(now) - PAST_SHOWN) if include_past else None
    with ws.store.reading() as conn:
        rows = maintenance_repo.listing(conn, component_id, now, since, LIST_LIMIT)
    return Listing(tuple(rows), now)


def end(ws: Workspace, target: str) -> Listing:
    """End a window by its ID (an upcoming one is cancelled), or every window a component is
    in now by the component's ID (IDs of digits only are window IDs)."""
    now = ws.now()
    if _WINDOW_ID.fullmatch(target):
        ended = _end_window(ws, target, now)
    else:
        ended = _end_component(ws, validate_component_id(target), now)
    republish(ws, ended[0].component_id)
    return Listing(ended, now)


def _end_window(ws: Workspace, target: str, now: str) -> tuple[MaintenanceWindow, ...]:
    from hms_status.store import maintenance_repo

    number = int(target) if len(target) <= 19 else _LARGEST_ID + 1
    shown = target if len(target) <= 19 else target[:19] + "..."
    with ws.store.writing() as conn:
        found = None if number > _LARGEST_ID else maintenance_repo.get(conn, number)
        if found is None:
            raise NotFoundError(
                f"no maintenance window {shown}", "see 'hms-status maintenance list --all'"
            )
        ended = maintenance_repo.end(conn, found.id, now)
    if ended is None:
        raise ConflictError(
            f"maintenance window {shown} of {found.component_id} is over already "
            f"({found.state(now).value} at {found.until})",
            "see 'hms-status maintenance list --all'",
        )
    return (ended,)


def _end_component(ws: Workspace, component_id: str, now: str) -> tuple[MaintenanceWindow, ...]:
    from hms_status.store import maintenance_repo

    with ws.store.writing() as conn:
        current = maintenance_repo.listing(conn, component_id, now, None, LIST_LIMIT)
        ended = [maintenance_repo.end(conn, w.id, now) for w in current if w.covers(now)]
    done = tuple(window for window in ended if window is not None)
    if not done:
        raise NotFoundError(
            f"{component_id} is not in maintenance now",
            "end an upcoming window by its ID (see 'hms-status maintenance list')",
        )
    return done
