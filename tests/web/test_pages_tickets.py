"""Tickets across the ecosystem: the ticket_list service, /tickets and /tickets/{ticket}."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from hms_status.errors import InputError, NotFoundError
from hms_status.foundation.workspace import Workspace
from hms_status.services import ticket_list, tracking
from tests.web.conftest import LiveServer
from tests.web.dashboard_support import make_red

TICKET_LINK = re.compile(r'<td data-label="Ticket"><a href="/tickets/([^"]+)">')


def _three(ws: Workspace) -> None:
    tracking.open_issue(ws, "HMS-API", "login fails", "high")  # WT-HMS-API-001
    tracking.open_issue(ws, "HMS-DOC", "typo on the index", "low")  # WT-HMS-DOC-001
    tracking.open_issue(ws, "HMS-API", "slow search", "medium")  # WT-HMS-API-002
    tracking.assign(ws, "WT-HMS-API-002", "dana")
    tracking.resolve(ws, "WT-HMS-DOC-001", "fixed the typo")


def test_list_tickets_newest_first_by_status_and_component(live_workspace: Workspace) -> None:
    _three(live_workspace)
    ids = [t.ticket_id for t in ticket_list.list_tickets(live_workspace)]
    assert set(ids) == {"WT-HMS-API-001", "WT-HMS-DOC-001", "WT-HMS-API-002"}
    created = [t.created_at for t in ticket_list.list_tickets(live_workspace)]
    assert created == sorted(created, reverse=True)
    open_ = ticket_list.list_tickets(live_workspace, "open")
    assert [t.ticket_id for t in open_] == ["WT-HMS-API-001"]
    assigned = ticket_list.list_tickets(live_workspace, "assigned")
    assert [(t.ticket_id, t.assignee) for t in assigned] == [("WT-HMS-API-002", "dana")]
    resolved = ticket_list.list_tickets(live_workspace, "resolved")
    assert [(t.ticket_id, t.resolution) for t in resolved] == [("WT-HMS-DOC-001", "fixed the typo")]
    of_doc = ticket_list.list_tickets(live_workspace, component_id="HMS-DOC")
    assert [t.ticket_id for t in of_doc] == ["WT-HMS-DOC-001"]
    assert ticket_list.list_tickets(live_workspace, "open", "HMS-DOC") == []


def test_list_tickets_refuses_a_bad_status_or_component(live_workspace: Workspace) -> None:
    with pytest.raises(InputError, match="invalid status 'closed'") as caught:
        ticket_list.list_tickets(live_workspace, "closed")
    assert caught.value.hint == "status must be one of open, assigned, resolved"
    with pytest.raises(InputError):
        ticket_list.list_tickets(live_workspace, component_id="../etc")


def test_ticket_detail_has_the_history_oldest_first(
    live_workspace: Workspace, tmp_path: Path
) -> None:
    _three(live_workspace)
    record, history = ticket_list.ticket_detail(live_workspace, "WT-HMS-API-002")
    assert (record.title, record.assignee, record.status.value) == (
        "slow search",
        "dana",
        "assigned",
    )
    assert [e["kind"] for e in history] == ["ticket_opened", "ticket_assigned"]
    assert history[1]["assignee"] == "dana"
    make_red(live_workspace, "HMS-API", tmp_path / "r")
    auto = ticket_list.list_tickets(live_workspace, "open", "HMS-API")[0]
    _, auto_history = ticket_list.ticket_detail(live_workspace, auto.ticket_id)
    assert [(e["kind"], e["auto"]) for e in auto_history] == [("ticket_opened", True)]
    with pytest.raises(NotFoundError):
        ticket_list.ticket_detail(live_workspace, "WT-HMS-API-099")
    with pytest.raises(InputError):
        ticket_list.ticket_detail(live_workspace, "not-a-ticket")


def test_tickets_page_lists_unresolved_by_default_and_filters(live_server: LiveServer) -> None:
    _three(live_server.workspace)
    base = f"{live_server.url}/tickets"

    def shown(**params: str) -> list[str]:
        response = httpx.get(base, params=params)
        assert response.status_code == 200
        return TICKET_LINK.findall(response.text)

    assert shown() == ["WT-HMS-API-002", "WT-HMS-API-001"]
    assert shown(status="all") == ["WT-HMS-API-002", "WT-HMS-DOC-001", "WT-HMS-API-001"]
    assert shown(status="resolved") == ["WT-HMS-DOC-001"]
    assert shown(status="assigned") == ["WT-HMS-API-002"]
    assert shown(status="all", component="HMS-DOC") == ["WT-HMS-DOC-001"]
    assert shown(severity="high") == ["WT-HMS-API-001"]
    assert shown(q="SEARCH") == ["WT-HMS-API-002"]
    assert shown(q="dana") == ["WT-HMS-API-002"]
    assert shown(q="nothing like it") == []
    html = httpx.get(base).text
    for label in ("ticket-status", "ticket-component", "ticket-severity", "ticket-text"):
        assert f'<label for="{label}">' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "closed"}, "status must be one of unresolved, open, assigned, resolved, all"),
        ({"severity": "urgent"}, "severity must be one of low, medium, high, critical"),
        ({"component": "../x"}, "invalid component ID"),
    ],
)
def test_tickets_page_refuses_bad_filters(
    live_server: LiveServer, params: dict[str, str], message: str
) -> None:
    response = httpx.get(f"{live_server.url}/tickets", params=params)
    assert response.status_code == 400
    assert message in response.text.replace("&#39;", "'")


def test_ticket_page_shows_the_ticket_and_its_history(live_server: LiveServer) -> None:
    _three(live_server.workspace)
    response = httpx.get(f"{live_server.url}/tickets/WT-HMS-DOC-001")
    assert response.status_code == 200
    html = response.text
    assert "<h1>WT-HMS-DOC-001</h1>" in html and "typo on the index" in html
    assert "<strong>resolved</strong>" in html
    assert html.index("<strong>Opened</strong>") < html.index("<strong>Resolved</strong>")
    assert "fixed the typo" in html
    assert 'href="/components/HMS-DOC"' in html


@pytest.mark.parametrize("ticket", ["WT-HMS-API-404", "WT-NOPE-001", "garbage", "WT-..-001"])
def test_unknown_or_malformed_ticket_is_a_404_page(live_server: LiveServer, ticket: str) -> None:
    response = httpx.get(f"{live_server.url}/tickets/{ticket}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Ticket not found" in response.text
