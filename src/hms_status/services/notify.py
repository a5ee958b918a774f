"""The sender: deliver outbox events to their channels, with retries, backoff and idempotency keys.

Delivery guarantee (at least once, with a key to make it exactly once at the receiver):
each (event, channel) has one row (unique). A sender claims a due row in a short
transaction (state ``sending``, attempts + 1, a lease of LEASE), sends outside any
transaction, then marks it ``sent``. A sender killed after the claim leaves the row
``sending``: when the lease has run out, the next sender sends it again, with the same
idempotency key (``<component>:<kind>:<event ID>:<channel>``, in the ``Idempotency-Key``
header and the ``idempotency_key`` field of json:// and form:// bodies). So nothing is lost,
and the only repeat possible is that one in-flight message, which a receiver recognises by
its key. Nothing is sent twice in any other case: claims are compare-and-set.

A failed attempt is retried after BACKOFF_BASE doubling per attempt (at most BACKOFF_MAX),
MAX_ATTEMPTS in all; then the row is ``failed`` with the last error. Held rows (quiet hours)
are sent as one digest per channel when quiet hours end.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hms_status.clock import iso
from hms_status.domain.notify_messages import (
    Message,
    NotifyEvent,
    digest_message,
    event_message,
    trial_message,
)
from hms_status.domain.notify_routing import STATUS_CHANGED
from hms_status.foundation.workspace import Workspace
from hms_status.services import notify_plan
from hms_status.services.notify_channels import Channel, channel_named, channels, notify_config
from hms_status.store import deliveries_repo as repo
from hms_status.store.deliveries_repo import Delivery, LogRow

_log = logging.getLogger(__name__)
LEASE = timedelta(seconds=120)
"""How long a claim lasts: a row still ``sending`` after this is sent again."""
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)
MAX_ATTEMPTS = 10
BATCH = 500
CLAIM_CHUNK = 50
"""Rows claimed in one transaction; a sender killed mid-chunk leaves the unsent ones to wait
for their lease (nothing is sent twice that was not in flight)."""


@dataclass
class SendSummary:
    """What one send_pending call did."""

    taken: int = 0
    """New outbox events given their delivery rows."""
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    digests: int = 0
    errors: list[str] = field(default_factory=list)
    """One line per failed attempt: channel, event, why."""
    states: dict[str, int] = field(default_factory=dict)
    """How many delivery rows are in each state afterwards."""

    def to_json(self) -> dict[str, Any]:
        """The summary as data (`notify send --json`)."""
        return {
            "taken": self.taken,
            "sent": self.sent,
            "retrying": self.retrying,
            "failed": self.failed,
            "digests": self.digests,
            "errors": list(self.errors),
            "states": dict(self.states),
        }


def backoff(attempts: int) -> timedelta:
    """The wait after a failed attempt number `attempts` (1, 2, ...): 30 s doubling, at most 1 h."""
    wait: timedelta = BACKOFF_BASE * 2 ** max(attempts - 1, 0)
    return min(wait, BACKOFF_MAX)


def send_pending(
    ws: Workspace,
    now: datetime | None = None,
    *,
    env: Mapping[str, str] | None = None,
    group_wait_s: float | None = None,
) -> SendSummary:
    """Take new outbox events, send what is due, send digests whose quiet hours ended."""
    summary = SendSummary()
    found = channels(ws.settings, os.environ if env is None else env)
    if not found:
        return summary
    moment = ws.clock.now() if now is None else now
    wait = notify_config(ws.settings).group_wait_s if group_wait_s is None else group_wait_s
    summary.taken = notify_plan.take(ws, found, moment, wait, BATCH)
    by_name = {c.name: c for c in found}
    _send_due(ws, by_name, moment, summary)
    _send_digests(ws, by_name, moment, summary)
    with ws.store.reading() as conn:
        summary.states = repo.counts(conn)
    return summary


def _send_due(
    ws: Workspace, by_name: Mapping[str, Channel], now: datetime, summary: SendSummary
) -> None:
    """Claim due rows a chunk at a time (one transaction), then send and mark each one."""
    with ws.store.reading() as conn:
        rows = repo.due(conn, iso(now), BATCH)
    for start in range(0, len(rows), CLAIM_CHUNK):
        with ws.store.writing() as conn:
            lease = iso(now + LEASE)
            claimed = [r for r in rows[start : start + CLAIM_CHUNK] if repo.claim(conn, r, lease)]
        for row, event, message in _render(ws, claimed, by_name):
            if message is None:
                gone = (False, "the channel is no longer configured")
                _finish(ws, [row], now, gone, summary, final=True)
                continue
            result = _deliver(by_name[row.channel], message, f"{event.key}:{row.channel}")
            _finish(ws, [row], now, result, summary, label=f"event {event.id}")


def _render(
    ws: Workspace, rows: Sequence[Delivery], by_name: Mapping[str, Channel]
) -> list[tuple[Delivery, NotifyEvent, Message | None]]:
    """Each claimed row with its event and message (None when its channel is gone)."""
    from hms_status.store.outbox_repo import by_ids

    with ws.store.reading() as conn:
        events = {
            e.id: notify_plan.to_notify_event(e) for e in by_ids(conn, [r.event_id for r in rows])
        }
        roots = [e for e in events.values() if e.kind == STATUS_CHANGED]
        notes = [notify_plan.group_note(e.id, e.component_id) for e in roots]
        grouped = repo.grouped_under_notes(conn, notes)
    rendered: list[tuple[Delivery, NotifyEvent, Message | None]] = []
    for row in rows:
        event = events[row.event_id]
        channel = by_name.get(row.channel)
        if channel is None:
            rendered.append((row, event, None))
            continue
        note = notify_plan.group_note(event.id, event.component_id)
        dependents = grouped.get((row.channel, note), []) if event.kind == STATUS_CHANGED else []
        message = event_message(event, channel.body_format, channel.links, dependents)
        rendered.append((row, event, message))
    return rendered


def _deliver(channel: Channel, message: Message, key: str) -> tuple[bool, str]:
    from hms_status.gateways.notify_apprise import send

    return send(channel.url, message.title, message.body, message.body_format, key)


def _finish(
    ws: Workspace,
    rows: Sequence[Delivery],
    now: datetime,
    result: tuple[bool, str],
    summary: SendSummary,
    *,
    label: str = "",
    final: bool = False,
    digest: bool = False,
) -> None:
    """Record an attempt's outcome for its claimed rows."""
    ok, error = result
    ids = [row.id for row in rows]
    attempts = max(row.attempts for row in rows) + 1
    give_up = final or attempts >= MAX_ATTEMPTS
    retry_at = None if give_up else iso(now + backoff(attempts))
    with ws.store.writing() as conn:
        if ok:
            repo.mark_sent(conn, ids, iso(now))
        elif digest:
            repo.return_to_held(conn, ids, error, retry_at)
        else:
            repo.mark_failed(conn, ids, error, retry_at)
    if ok:
        summary.sent += len(ids)
        return
    line = f"{rows[0].channel}: {label or 'delivery'}: {error}"
    summary.errors.append(line)
    _log.warning("notify %s (attempt %d)", line, attempts)
    if retry_at is None:
        summary.failed += len(ids)
    else:
        summary.retrying += len(ids)


def _send_digests(
    ws: Workspace, by_name: Mapping[str, Channel], now: datetime, summary: SendSummary
) -> None:
    at = iso(now)
    if notify_plan.quiet_now(ws, now):
        return
    with ws.store.writing() as conn:
        repo.release_stale_digests(conn, at)
    with ws.store.reading() as conn:
        names = repo.held_channels(conn, at)
    for name in names:
        with ws.store.writing() as conn:
            rows = repo.claim_digest(conn, name, at, iso(now + LEASE))
        if not rows:
            continue
        channel = by_name.get(name)
        if channel is None:
            _finish(
                ws, rows, now, (False, "the channel is no longer configured"), summary, final=True
            )
            continue
        from hms_status.store.outbox_repo import by_ids

        with ws.store.reading() as conn:
            events = [
                notify_plan.to_notify_event(e) for e in by_ids(conn, [r.event_id for r in rows])
            ]
        message = digest_message(events, channel.body_format, channel.links)
        key = f"digest:{name}:{rows[0].id}-{rows[-1].id}:{len(rows)}"
        result = _deliver(channel, message, key)
        summary.digests += int(result[0])
        _finish(ws, rows, now, result, summary, label="digest", digest=True)


@dataclass(frozen=True)
class TrialResult:
    """What `notify test` did."""

    channel: str
    ok: bool
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        """The result as data."""
        return {"channel": self.channel, "ok": self.ok, "error": self.error or None}


def send_test(ws: Workspace, name: str, env: Mapping[str, str] | None = None) -> TrialResult:
    """Send a test message to one channel now (no outbox, no retries)."""
    channel = channel_named(ws.settings, os.environ if env is None else env, name)
    at = ws.now()
    message = trial_message(name, at, channel.body_format)
    ok, error = _deliver(channel, message, f"test:{name}:{at}")
    return TrialResult(name, ok, error)


def log(ws: Workspace, limit: int) -> list[LogRow]:
    """The newest deliveries, with their events."""
    with ws.store.reading() as conn:
        return repo.log(conn, limit)


def log_json(row: LogRow) -> dict[str, Any]:
    """One log row as data."""
    d = row.delivery
    return {
        "event_id": d.event_id,
        "idempotency_key": row.idempotency_key,
        "kind": row.kind,
        "component_id": row.component_id,
        "created_at": row.created_at,
        "channel": d.channel,
        "state": d.state,
        "attempts": d.attempts,
        "next_attempt_at": d.next_attempt_at,
        "sent_at": d.sent_at,
        "why": d.last_error,
    }
