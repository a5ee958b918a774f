"""Suggested resolutions: the resolved tickets most like a ticket, with their evidence.

The index over resolved tickets is built once per process and store, and rebuilt only when
the resolved tickets change (their count or latest updated_at: one aggregate query per
request). Feedback (`tracker resolve --used-suggestion`) is read with each request.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from hms_status.domain.ids import parse_ticket_id
from hms_status.domain.tickets import OVERFLOW_TICKET_KEY, RUN_TICKET_KEY
from hms_status.errors import HmsError, InputError, ServiceError
from hms_status.foundation.workspace import Workspace
from hms_status.suggest.model import SuggestionReport, TicketText

if TYPE_CHECKING:
    from hms_status.store.tickets_repo import TicketRow
    from hms_status.suggest.ranker import Index

_log = logging.getLogger(__name__)
MAX_SUGGESTIONS = 20
AUTO_SUGGESTIONS = 3
"""How many suggestions an automatically opened ticket's JSON file carries."""
_cache: dict[str, tuple[tuple[int, str | None], Index]] = {}
_lock = threading.Lock()
_STORES_CACHED = 4
"""Indexes of this many stores are kept per process (one in the service; tests open many)."""


def ticket_text(row: TicketRow) -> TicketText:
    """A stored ticket as matching reads it (a whole-run or overflow ticket is about no one
    test: its key is no reason to match)."""
    test = None if row.test_key in (RUN_TICKET_KEY, OVERFLOW_TICKET_KEY) else row.test_key
    return TicketText(
        row.ticket_id,
        row.component_id,
        row.title,
        row.description,
        test,
        row.subject,
        row.resolution or "",
    )


def _index(ws: Workspace) -> Index:
    """The index of the store's resolved tickets: cached while they do not change."""
    from hms_status.store import suggestion_queries
    from hms_status.suggest.ranker import Index

    with ws.store.reading() as conn:
        stamp = suggestion_queries.resolved_stamp(conn)
    key = ws.settings.database_url
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        with ws.store.reading() as conn:
            stamp = suggestion_queries.resolved_stamp(conn)
            rows = suggestion_queries.resolved_rows(conn)
        index = Index([ticket_text(row) for row in rows])
        if len(_cache) >= _STORES_CACHED and key not in _cache:
            _cache.pop(next(iter(_cache)))  # the store cached first
        _cache[key] = (stamp, index)
        return index


def _check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_SUGGESTIONS:
        raise InputError(f"-n must be from 1 to {MAX_SUGGESTIONS}, got {limit}")
    return limit


def suggest(
    ws: Workspace, ticket_id: str, limit: int = 3, rewrite: bool = False
) -> SuggestionReport:
    """The resolved tickets most like ticket_id, the next step drawn from them, and (rewrite)
    a language model's answer stored next to them. InputError for a malformed ID or -n,
    NotFoundError for an unknown ticket."""
    parse_ticket_id(ticket_id)
    _check_limit(limit)
    from hms_status.store import tickets_repo

    with ws.store.reading() as conn:
        row = tickets_repo.get(conn, ticket_id)
    report = _report(ws, [ticket_text(row)], limit)[0]
    return with_answer(ws, report, rewrite)


def with_answer(ws: Workspace, report: SuggestionReport, rewrite: bool) -> SuggestionReport:
    """The report with the model's answer: a new one when rewrite (ServiceError: the evidence
    with a one-line warning), else the latest stored one, if any."""
    from hms_status.services import suggest_llm

    warning = None
    try:
        answer = (
            suggest_llm.rewrite(ws, report.ticket_id, report.suggestions)
            if rewrite
            else suggest_llm.latest_answer(ws, report.ticket_id)
        )
    except ServiceError as exc:
        answer, warning = None, f"no model answer: {exc.message}"
    if rewrite and answer is None and warning is None:
        warning = "no model answer: no [suggest.llm] model is configured"
    found = None if answer is None else answer.to_json()
    return replace(report, answer=found, warning=warning)


def _report(ws: Workspace, queries: Sequence[TicketText], limit: int) -> list[SuggestionReport]:
    from hms_status.store import suggestion_queries
    from hms_status.suggest.next_step import next_step

    index = _index(ws)
    with ws.store.reading() as conn:
        helped = suggestion_queries.helped_counts(conn)
    threshold = ws.settings.model.suggest.threshold
    reports = []
    for query in queries:
        found = tuple(index.rank(query, helped, limit, threshold))
        reports.append(SuggestionReport(query.ticket_id, found, next_step(found), len(index)))
    return reports


def for_opened(ws: Workspace, rows: Sequence[TicketRow]) -> dict[str, list[dict[str, Any]]]:
    """Suggestions for tickets just opened automatically, by ticket ID, as their JSON files
    carry them; a failure only warns (the ticket is recorded: its file must still be written)."""
    if not rows or not ws.settings.model.suggest.on_open:
        return {}
    try:
        reports = _report(ws, [ticket_text(row) for row in rows], AUTO_SUGGESTIONS)
    except (HmsError, ImportError, OSError) as exc:
        _log.warning("suggestions not computed: %s", exc)
        return {}
    return {r.ticket_id: [s.to_json() for s in r.suggestions] for r in reports}
