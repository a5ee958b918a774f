"""The dashboard's templates: one Jinja2 environment (autoescape on), its filters, and the
catalog owners cached for a while (the overview is polled every few seconds)."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from hms_status.analytics.report_model import duration_text
from hms_status.clock import parse_iso
from hms_status.foundation.workspace import Workspace

_log = logging.getLogger(__name__)

OWNERS_TTL_S = 30.0
"""How long the catalog owners are reused before the catalogs are read again."""
REFRESH_MS = 3000
"""How often the overview asks for changes."""


def percent(value: float | None) -> str:
    """A percentage as the CLI shows it, or an en dash when there is none."""
    return "–" if value is None else f"{value:.2f}%"


def when(stamp: str | None) -> str:
    """A stored timestamp as YYYY-MM-DD HH:MM UTC ('–' when there is none, as is if unreadable)."""
    if not stamp:
        return "–"
    try:
        return parse_iso(stamp).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return stamp


def query(**params: Any) -> str:
    """A query string of the parameters that are set ('' when none is)."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return f"?{urlencode(kept)}" if kept else ""


@cache
def environment() -> Environment:
    """The templates of templates/web, every value escaped unless marked safe."""
    env = Environment(
        loader=PackageLoader("hms_status", "templates/web"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["percent"] = percent
    env.filters["when"] = when
    env.filters["duration"] = partial(duration_text, none="–")
    env.globals["query"] = query
    env.globals["refresh_ms"] = REFRESH_MS
    return env


def render(template: str, **context: Any) -> str:
    """One page or fragment of templates/web."""
    return environment().get_template(template).render(**context)


@dataclass
class OwnerCache:
    """Owners by component ID from the catalogs, read again in the background once older than
    ttl_s (reading a thousand catalogs takes a while; no request waits for it but the first)."""

    ttl_s: float = OWNERS_TTL_S
    _owners: dict[str, str] | None = None
    _read_at: float = 0.0
    _generation: int = 0
    _refreshing: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def lookup(self, ws: Workspace) -> dict[str, str]:
        """The owners: read now the first time, else the last ones read (a refresh is started
        when they are older than ttl_s)."""
        return self.versioned(ws)[0]

    def versioned(self, ws: Workspace) -> tuple[dict[str, str], int]:
        """The owners as lookup() gives them, with a number that changes when they do."""
        with self._lock:
            current, stale = self._owners, time.monotonic() - self._read_at > self.ttl_s
            generation = self._generation
            start = current is not None and stale and not self._refreshing
            if start:
                self._refreshing = True
        if current is None:
            return self._read(ws)
        if start:
            threading.Thread(target=self._refresh, args=(ws,), daemon=True).start()
        return current, generation

    def _read(self, ws: Workspace) -> tuple[dict[str, str], int]:
        from hms_status.services.dashboard import owners

        found = owners(ws)
        with self._lock:
            if found != self._owners:
                self._owners, self._generation = found, self._generation + 1
            self._read_at = time.monotonic()
            return self._owners, self._generation

    def _refresh(self, ws: Workspace) -> None:
        try:
            self._read(ws)
        except Exception:  # noqa: BLE001 - keep the owners shown; the next lookup retries
            _log.warning("component owners not read again", exc_info=True)
        finally:
            with self._lock:
                self._refreshing = False


EVENT_TITLES = {
    "ticket_opened": "Opened",
    "ticket_reopened": "Reopened",
    "ticket_resolved": "Resolved",
    "ticket_assigned": "Assigned",
}
_EVENT_FIELDS = (
    ("title", "Title"),
    ("severity", "Severity"),
    ("assignee", "Assignee"),
    ("resolution", "Resolution"),
    ("note", "Note"),
    ("cause", "Cause"),
)


@dataclass(frozen=True)
class HistoryEntry:
    """One event of a ticket's history, as the ticket page lists it."""

    title: str
    timestamp: str
    automatic: bool
    details: tuple[tuple[str, str], ...]


def history_entry(event: dict[str, Any]) -> HistoryEntry:
    """A ticket event (ticket_list.ticket_detail) for the page: what happened, when, details."""
    kind = str(event.get("kind", ""))
    details = tuple(
        (label, str(event[key])) for key, label in _EVENT_FIELDS if event.get(key) not in (None, "")
    )
    return HistoryEntry(
        EVENT_TITLES.get(kind, kind),
        str(event.get("timestamp", "")),
        bool(event.get("auto")),
        details,
    )
