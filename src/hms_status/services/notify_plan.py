"""Taking new outbox events: one delivery row per channel that takes each, in its first state.

Per event and channel (domain.notify_routing decides which channels take it):
``suppressed`` when its component was in a maintenance window when the event was recorded;
``held`` during the channel's quiet hours; ``grouped`` when it is a red transition whose
root dependency turned red in the same batch (the root's alert names it); else ``pending``.
An event no channel takes gets one ``skipped`` row, and so does an event first seen more than
MAX_EVENT_AGE after it was recorded (a sender that was off for days, or a channel added
later, does not announce old news). Red transitions wait until the newest of them is
group_wait old, so that a dependency and its dependents land in one batch.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from hms_status.clock import iso, parse_iso
from hms_status.domain.enums import Status
from hms_status.domain.notify_messages import NotifyEvent
from hms_status.domain.notify_routing import (
    STATUS_CHANGED,
    EventFacts,
    QuietHours,
    group_red,
    matches,
)
from hms_status.errors import HmsError
from hms_status.foundation.workspace import Workspace
from hms_status.services.notify_channels import Channel, notify_config
from hms_status.store import deliveries_repo as repo
from hms_status.store import maintenance_repo, outbox_repo
from hms_status.store.deliveries_repo import NewDelivery
from hms_status.store.outbox_repo import OutboxEvent

_log = logging.getLogger(__name__)
MAX_EVENT_AGE = timedelta(days=1)
GROUP_NOTE = "grouped under event {event_id} ({component})"


def group_note(event_id: int, component_id: str) -> str:
    """The note of the rows told in the alert of root event event_id."""
    return GROUP_NOTE.format(event_id=event_id, component=component_id)


def to_notify_event(event: OutboxEvent) -> NotifyEvent:
    """An outbox event as messages and routing read it."""
    return NotifyEvent.from_payload(
        event.id,
        event.idempotency_key,
        str(event.kind),
        event.component_id,
        event.created_at,
        event.payload,
    )


@dataclass(frozen=True)
class _Component:
    owner: str
    depends_on: tuple[str, ...]


def _components(ws: Workspace, ids: set[str], whole_graph: bool) -> dict[str, _Component]:
    """Owners and dependencies from the registry (catalog-info.yaml and [components.ID])."""
    from hms_status.foundation.registry import component_ids, load_component, registered_names

    wanted = set(component_ids(ws.settings)) | ids if whole_graph else ids
    found = {}
    for cid in sorted(wanted):
        try:
            component = load_component(ws.settings, cid)
        except HmsError as exc:
            _log.warning("%s: %s (routed without owner or dependencies)", cid, exc.one_line())
            found[cid] = _Component("", ())
            continue
        depends_on = registered_names(ws.settings, component.depends_on)
        found[cid] = _Component(component.owner, depends_on)
    return found


def take(
    ws: Workspace, channels: Sequence[Channel], now: datetime, group_wait_s: float, limit: int
) -> int:
    """Plan delivery rows for up to limit new outbox events; how many events were taken."""
    with ws.store.reading() as conn:
        events = [to_notify_event(e) for e in outbox_repo.pending_events(conn, limit)]
        if not events:
            return 0
        windows = {e.id: _window_note(conn, e) for e in events}
    events = _ready(events, now, group_wait_s)
    reds = [e for e in events if _is_red(e)]
    components = _components(ws, {e.component_id for e in events}, len(reds) > 1)
    rows = _rows(ws, channels, events, components, windows, now)
    with ws.store.writing() as conn:
        repo.plan(conn, rows)
    return len(events)


def _window_note(conn: Connection, event: NotifyEvent) -> str | None:
    window = maintenance_repo.active(conn, event.component_id, event.created_at)
    if window is None:
        return None
    return f"maintenance window {window.id}: {window.reason}"


def _is_red(event: NotifyEvent) -> bool:
    return event.kind == STATUS_CHANGED and event.new_status == Status.RED


def _ready(events: list[NotifyEvent], now: datetime, group_wait_s: float) -> list[NotifyEvent]:
    """The events to take now: red transitions wait while the newest is younger than group_wait."""
    reds = [e for e in events if _is_red(e)]
    if not reds or group_wait_s <= 0:
        return events
    newest = max(parse_iso(e.created_at) for e in reds)
    if now - newest >= timedelta(seconds=group_wait_s):
        return events
    return [e for e in events if not _is_red(e)]


def _rows(
    ws: Workspace,
    channels: Sequence[Channel],
    events: Sequence[NotifyEvent],
    components: Mapping[str, _Component],
    windows: Mapping[int, str | None],
    now: datetime,
) -> list[NewDelivery]:
    at = iso(now)
    quiet = _quiet(ws, now)
    rows: list[NewDelivery] = []
    pending: dict[str, list[NotifyEvent]] = {}
    for event in events:
        known = components.get(event.component_id, _Component("", ()))
        facts = EventFacts(
            event.kind,
            event.component_id,
            known.owner,
            event.old_status,
            event.new_status,
            event.ticket_severity,
        )
        taking = [c for c in channels if matches(c.rule, facts)]
        if now - parse_iso(event.created_at) > MAX_EVENT_AGE:
            rows.append(NewDelivery(event.id, repo.NO_CHANNEL, repo.SKIPPED, None, "too old"))
            continue
        if not taking:
            rows.append(NewDelivery(event.id, repo.NO_CHANNEL, repo.SKIPPED, None, "no channel"))
        for channel in taking:
            note = windows.get(event.id)
            if note is not None:
                rows.append(NewDelivery(event.id, channel.name, repo.SUPPRESSED, None, note))
            elif quiet:
                rows.append(NewDelivery(event.id, channel.name, repo.HELD, at, "quiet hours"))
            else:
                pending.setdefault(channel.name, []).append(event)
    graph = {cid: c.depends_on for cid, c in components.items()}
    for channel_name, taken in pending.items():
        rows.extend(_grouped(channel_name, taken, graph, at))
    return rows


def _grouped(
    channel: str, events: Sequence[NotifyEvent], graph: Mapping[str, Sequence[str]], at: str
) -> list[NewDelivery]:
    """Pending rows for a channel's events, the dependents of a red root grouped under it."""
    red = {e.component_id: e for e in events if _is_red(e)}
    under: dict[int, str] = {}
    for group in group_red(red, graph):
        root = red[group.root]
        for dependent in group.dependents:
            under[red[dependent].id] = group_note(root.id, root.component_id)
    return [
        NewDelivery(e.id, channel, repo.GROUPED, None, under[e.id])
        if e.id in under
        else NewDelivery(e.id, channel, repo.PENDING, at)
        for e in events
    ]


def _quiet(ws: Workspace, now: datetime) -> bool:
    config = notify_config(ws.settings)
    if not config.quiet_hours:
        return False
    local = now.astimezone(ZoneInfo(config.timezone)).time()
    return QuietHours.parse(config.quiet_hours).contains(local)


def quiet_now(ws: Workspace, now: datetime) -> bool:
    """True during [notify] quiet_hours."""
    return _quiet(ws, now)
