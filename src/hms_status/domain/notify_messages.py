"""What a notification says: one title and body per event, a digest, a test message.

Pure: no I/O. Every piece of text that comes from outside (reasons, ticket titles, commands,
owners) is made harmless for the channel's format before it is placed:

- text: control characters become spaces, and mentions that would page people
  (``@everyone``, ``@here``, ``@channel``, Slack's ``<!...>`` and ``<@...>``) are broken
  with a zero-width space;
- markdown: the same, then ``& < >`` as HTML entities (renderers pass raw HTML through) and
  every other markdown punctuation mark behind a backslash, so no link, image or emphasis
  can be injected;
- html: the same, then HTML-escaped (quotes included).

Our own links are built from the configured base URLs and the component ID (URL-quoted).
Each value is cut to a bounded length, so a hostile reason cannot make a message huge.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from hms_status.domain.enums import Status
from hms_status.domain.notify_routing import RECOVERED, STATUS_CHANGED, TICKET_OPENED, status_of

TEXT, MARKDOWN, HTML = "text", "markdown", "html"
MAX_FIELD = 300
MAX_REASONS = 10
MAX_DIGEST_LINES = 50
_SEVERITIES = ("critical", "high", "medium", "low")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_MENTION = re.compile(r"(?i)([@!])(everyone|here|channel)\b|<([!@#])")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


@dataclass(frozen=True)
class NotifyEvent:
    """One outbox event, as messages and routing read it."""

    id: int
    key: str
    kind: str
    component_id: str
    created_at: str
    old_status: Status = Status.UNKNOWN
    new_status: Status = Status.UNKNOWN
    reasons: tuple[str, ...] = ()
    cause: str = ""
    """The command, run or source that caused it, as one line."""
    problem_since: str | None = None
    ticket_id: str = ""
    ticket_title: str = ""
    ticket_severity: str | None = None

    @classmethod
    def from_payload(
        cls, ident: int, key: str, kind: str, component_id: str, at: str, payload: Mapping[str, Any]
    ) -> NotifyEvent:
        """Read an outbox payload defensively: a missing or odd value is left empty."""
        ticket = payload.get("ticket")
        ticket = ticket if isinstance(ticket, Mapping) else {}
        reasons = payload.get("reasons")
        since = payload.get("problem_since")
        return cls(
            id=ident,
            key=key,
            kind=kind,
            component_id=component_id,
            created_at=at,
            old_status=status_of(payload.get("old_status")),
            new_status=status_of(payload.get("new_status")),
            reasons=tuple(str(r) for r in reasons) if isinstance(reasons, list) else (),
            cause=_cause(payload.get("cause")),
            problem_since=since if isinstance(since, str) else None,
            ticket_id=str(ticket.get("id") or ""),
            ticket_title=str(ticket.get("title") or ""),
            ticket_severity=str(ticket["severity"]) if ticket.get("severity") else None,
        )


def _cause(value: object) -> str:
    if not isinstance(value, Mapping):
        return str(value) if value else ""
    what = value.get("command") or value.get("source") or ""
    parts = [str(what)] if what else []
    if value.get("run_id"):
        parts.append(f"run {value['run_id']}")
    if value.get("event_id"):
        parts.append(f"event {value['event_id']}")
    return ", ".join(parts)


@dataclass(frozen=True)
class Links:
    """Where people can read more; None where not configured."""

    dashboard_url: str | None = None
    status_md_url: str | None = None

    def for_component(self, component_id: str) -> list[tuple[str, str]]:
        """(label, URL) pairs for one component."""
        found = []
        if self.dashboard_url:
            base = self.dashboard_url.rstrip("/")
            found.append(("dashboard", f"{base}/components/{quote(component_id, safe='')}"))
        if self.status_md_url:
            found.append(("STATUS.md", self.status_md_url))
        return found


@dataclass(frozen=True)
class Message:
    """A notification ready for the gateway."""

    title: str
    body: str
    body_format: str = TEXT


def neutralise(value: str, fmt: str, limit: int = MAX_FIELD) -> str:
    """Outside text made harmless for a format (see the module docstring), cut to limit."""
    flat = _CONTROL.sub(" ", value).strip()
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    flat = _MENTION.sub(_break_mention, flat)
    if fmt == HTML:
        return html.escape(flat, quote=True)
    if fmt == MARKDOWN:
        flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return _MARKDOWN_PUNCTUATION.sub(r"\\\1", flat)
    return flat


def _break_mention(found: re.Match[str]) -> str:
    if found.group(3):
        return "<\u200b" + found.group(3)
    return found.group(1) + "\u200b" + found.group(2)


def duration_text(since: str | None, until: str) -> str | None:
    """A problem's length as "2h 5m" (None when since is unknown or unreadable)."""
    if not since:
        return None
    try:
        seconds = int((_parse(until) - _parse(since)).total_seconds())
    except ValueError:
        return None
    if seconds < 0:
        return None
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{days}d" if days else "",
        f"{hours}h" if hours else "",
        f"{minutes}m" if minutes else "",
    ]
    shown = " ".join(p for p in parts if p)
    return shown or f"{secs}s"


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def event_title(event: NotifyEvent, fmt: str) -> str:
    """One line: what happened to which component. It holds only checked values (a component
    ID, statuses, a severity word), never outside text, because apprise passes titles to
    many services as they are, whatever the body's format."""
    cid = neutralise(event.component_id, fmt, 100)
    if event.kind == STATUS_CHANGED:
        return f"{cid}: {event.old_status.value} → {event.new_status.value}"
    if event.kind == RECOVERED:
        return f"{cid} recovered: {event.old_status.value} → {event.new_status.value}"
    verb = "ticket opened" if event.kind == TICKET_OPENED else "ticket resolved"
    severity = event.ticket_severity if event.ticket_severity in _SEVERITIES else None
    return f"{cid}: {verb} ({severity})" if severity else f"{cid}: {verb}"


@dataclass(frozen=True)
class _Body:
    fmt: str
    lines: list[str] = field(default_factory=list)

    def add(self, label: str, value: str) -> None:
        self.lines.append(_line(self.fmt, label, value))

    def text(self) -> str:
        joiner = "<br>\n" if self.fmt == HTML else "\n"
        return joiner.join(self.lines)


def _line(fmt: str, label: str, value: str) -> str:
    if fmt == MARKDOWN:
        return f"**{label}:** {value}"
    if fmt == HTML:
        return f"<b>{label}:</b> {value}"
    return f"{label}: {value}"


def _link(fmt: str, label: str, url: str) -> str:
    if fmt == MARKDOWN:
        return f"[{label}]({url.replace(')', '%29').replace(' ', '%20')})"
    if fmt == HTML:
        return f'<a href="{html.escape(url, quote=True)}">{label}</a>'
    return f"{label}: {url}"


def event_message(
    event: NotifyEvent, fmt: str, links: Links, dependents: Sequence[str] = ()
) -> Message:
    """The message for one event; dependents makes it the grouped alert of a root dependency."""
    body = _Body(fmt)
    body.add("component", neutralise(event.component_id, fmt))
    if event.kind in (STATUS_CHANGED, RECOVERED):
        body.add("status", f"{event.old_status.value} → {event.new_status.value}")
    else:
        body.add("ticket", neutralise(f"{event.ticket_id} {event.ticket_title}", fmt))
        if event.ticket_severity:
            body.add("severity", neutralise(event.ticket_severity, fmt))
    for reason in event.reasons[:MAX_REASONS]:
        body.add("reason", neutralise(reason, fmt))
    if event.kind == RECOVERED:
        lasted = duration_text(event.problem_since, event.created_at)
        if lasted:
            body.add("problem lasted", lasted)
    if event.cause:
        body.add("cause", neutralise(event.cause, fmt))
    body.add("at", neutralise(event.created_at, fmt))
    if dependents:
        shown = ", ".join(neutralise(d, fmt, 100) for d in dependents)
        body.add(f"affected dependents ({len(dependents)})", shown)
    links_line = [_link(fmt, label, url) for label, url in links.for_component(event.component_id)]
    if links_line:
        body.lines.append(" · ".join(links_line) if fmt != TEXT else "\n".join(links_line))
    title = event_title(event, fmt)
    if dependents:
        title = f"{title} (root of {len(dependents)} more red)"
    return Message(title, body.text(), fmt)


def digest_message(events: Sequence[NotifyEvent], fmt: str, links: Links) -> Message:
    """One message for what quiet hours held, oldest first."""
    lines = [
        f"{neutralise(e.created_at, fmt)} {event_title(e, fmt)}" for e in events[:MAX_DIGEST_LINES]
    ]
    if len(events) > MAX_DIGEST_LINES:
        lines.append(f"... and {len(events) - MAX_DIGEST_LINES} more")
    if links.dashboard_url:
        lines.append(_link(fmt, "dashboard", links.dashboard_url))
    joiner = "<br>\n" if fmt == HTML else "\n"
    prefix = "- " if fmt == MARKDOWN else ""
    body = joiner.join(prefix + line for line in lines)
    return Message(f"HMS status: {len(events)} notifications held during quiet hours", body, fmt)


def trial_message(channel: str, at: str, fmt: str) -> Message:
    """What `notify test` sends."""
    body = _Body(fmt)
    body.add("channel", neutralise(channel, fmt))
    body.add("at", neutralise(at, fmt))
    body.lines.append("If you can read this, HMS status notifications reach this channel.")
    return Message("HMS status: test notification", body.text(), fmt)
