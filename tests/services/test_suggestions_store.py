"""Suggestions on a real store (SQLite and PostgreSQL): CLI, API, page, ticket file, feedback."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from tests.config.clirun import hms, one_error_line, write_config
from tests.web.conftest import serve

from hms_status.foundation.workspace import Workspace
from hms_status.services import suggestions, tracking


def _history(ws: Workspace) -> None:
    """Two resolved tickets about a timeout, one unrelated, one open ticket to ask about."""
    tracking.open_issue(ws, "HMS-DOC", "Search times out on the docs site", "medium")
    tracking.resolve(ws, "WT-HMS-DOC-001", "Cached the search index")
    tracking.open_issue(ws, "HMS-API", "Search times out for large panels", "medium")
    tracking.resolve(ws, "WT-HMS-API-001", "Paginated the search query")
    tracking.open_issue(ws, "HMS-API", "Logo is blurry", "low")
    tracking.resolve(ws, "WT-HMS-API-002", "Replaced the PNG with an SVG")
    tracking.open_issue(ws, "HMS-DOC", "Search times out on the large docs site", "medium")


def test_suggest_ranks_feedback_and_refreshes_the_index(workspace: Workspace) -> None:
    _history(workspace)
    first = suggestions.suggest(workspace, "WT-HMS-DOC-002")
    assert [s.ticket_id for s in first.suggestions] == ["WT-HMS-DOC-001", "WT-HMS-API-001"]
    assert first.searched == 3 and first.next_step is not None
    tracking.open_issue(workspace, "HMS-API", "Search times out on export", "medium")
    tracking.resolve(workspace, "WT-HMS-API-003", "Paginated the export", used=["WT-HMS-API-001"])
    tracking.open_issue(workspace, "HMS-API", "Search times out on the docs site", "low")
    tracking.resolve(workspace, "WT-HMS-API-004", "Paginated", used=["WT-HMS-API-001"])
    again = suggestions.suggest(workspace, "WT-HMS-DOC-002", limit=5)
    assert again.searched == 5  # the index was rebuilt: two more resolved tickets
    by_id = {s.ticket_id: s for s in again.suggestions}
    assert by_id["WT-HMS-API-001"].helped == 2
    assert by_id["WT-HMS-API-001"].score > first.suggestions[1].score


def test_cli_suggest_json_text_and_one_line_errors(hms_root: Path) -> None:
    assert hms(hms_root, "tracker", "issue", "HMS-API", "--title", "Cache warms slowly")[0] == 0
    hms(hms_root, "tracker", "resolve", "WT-HMS-API-001", "--resolution", "Warm it at boot")
    hms(hms_root, "tracker", "issue", "HMS-DOC", "--title", "Cache warms slowly after deploy")
    hms(hms_root, "tracker", "issue", "HMS-DOC", "--title", "Typo in the footer")
    code, out, _ = hms(hms_root, "tracker", "suggest", "WT-HMS-DOC-001", "--json", "-n", "1")
    data = json.loads(out)
    assert code == 0 and data["suggestions"][0]["ticket_id"] == "WT-HMS-API-001"
    assert data["suggestions"][0]["resolution"] == "Warm it at boot"
    assert data["next_step"] == "Try what resolved WT-HMS-API-001: Warm it at boot"
    code, out, _ = hms(hms_root, "tracker", "suggest", "WT-HMS-DOC-002")
    assert code == 0 and "no similar resolved ticket" in out
    for bad in ("WT-nope", "WT-HMS-API-999"):
        code, out, err = hms(hms_root, "tracker", "suggest", bad)
        assert (code, out) == (2, "") and bad in one_error_line(err)
    code, _, err = hms(hms_root, "tracker", "suggest", "WT-HMS-DOC-001", "-n", "0")
    assert code == 2 and "-n" in one_error_line(err)


def test_used_suggestion_must_name_a_resolved_ticket_and_writes_nothing(hms_root: Path) -> None:
    hms(hms_root, "tracker", "issue", "HMS-API", "--title", "One")
    hms(hms_root, "tracker", "issue", "HMS-API", "--title", "Two")
    for used in ("WT-HMS-API-002", "WT-HMS-API-404", "bad-id", "WT-HMS-API-001"):
        code, _, err = hms(
            hms_root, "tracker", "resolve", "WT-HMS-API-001", "--resolution", "x",
            "--used-suggestion", used,
        )  # fmt: skip
        assert code == 2, err
        one_error_line(err)
    code, out, _ = hms(hms_root, "tracker", "get", "HMS-API", "--json")
    assert json.loads(out)["health_metrics"]["issue_count"] == 2  # nothing was resolved


def test_api_page_and_ticket_file(workspace: Workspace) -> None:
    _history(workspace)
    tracking.record_test_run(workspace, "HMS-API", False, None)  # opens a run ticket
    with serve(workspace) as server:
        answer = httpx.get(f"{server.url}/api/v1/tickets/WT-HMS-DOC-002/suggestions?n=1")
        assert answer.status_code == 200
        assert [s["ticket_id"] for s in answer.json()["suggestions"]] == ["WT-HMS-DOC-001"]
        assert httpx.get(f"{server.url}/api/v1/tickets/WT-x/suggestions").status_code == 400
        missing = httpx.get(f"{server.url}/api/v1/tickets/WT-HMS-API-404/suggestions")
        assert missing.status_code == 404
        page = httpx.get(f"{server.url}/tickets/WT-HMS-DOC-002").text
        assert "Suggested resolutions" in page and "Cached the search index" in page
    opened = workspace.settings.data_dir / "work-tickets" / "WT-HMS-API-003.json"
    data = json.loads(opened.read_text(encoding="utf-8"))
    assert data["source"] == "test" and data["suggestions"] == []
    manual = workspace.settings.data_dir / "work-tickets" / "WT-HMS-DOC-002.json"
    assert "suggestions" not in json.loads(manual.read_text(encoding="utf-8"))


def test_config_threshold_and_on_open(hms_root: Path) -> None:
    hms(hms_root, "tracker", "issue", "HMS-API", "--title", "Cache warms slowly")
    hms(hms_root, "tracker", "resolve", "WT-HMS-API-001", "--resolution", "Warm it at boot")
    hms(hms_root, "tracker", "issue", "HMS-DOC", "--title", "Cache warms slowly after deploy")
    write_config(hms_root, "[suggest]\nthreshold = 5\non_open = false\n")
    code, out, _ = hms(hms_root, "tracker", "suggest", "WT-HMS-DOC-001", "--json")
    assert code == 0 and json.loads(out)["suggestions"] == []
    hms(hms_root, "tracker", "test", "HMS-API", "--failure")
    opened = hms_root / "data" / "work-tickets" / "WT-HMS-API-002.json"
    assert "suggestions" not in json.loads(opened.read_text(encoding="utf-8"))
    write_config(hms_root, "[suggest]\nthreshold = -1\n")
    code, _, err = hms(hms_root, "tracker", "suggest", "WT-HMS-DOC-001")
    assert code == 2 and "threshold" in one_error_line(err)


def test_api_resolve_records_used_suggestions(workspace: Workspace) -> None:
    from tests.web.api_support import assert_problem, running_api

    _history(workspace)
    tracking.open_issue(workspace, "HMS-DOC", "Search times out on the about page", "low")
    with running_api(workspace) as api:
        bad = api.post(
            "/api/v1/tickets/WT-HMS-DOC-002/resolve",
            json={"resolution": "x", "used_suggestions": ["WT-HMS-DOC-003"]},  # still open
        )
        assert_problem(bad, 400)
        done = api.post(
            "/api/v1/tickets/WT-HMS-DOC-002/resolve",
            json={"resolution": "Cached it", "used_suggestions": ["WT-HMS-API-001"]},
        )
        assert done.status_code == 200, done.text
    helped = suggestions.suggest(workspace, "WT-HMS-DOC-003", limit=5).suggestions
    assert {s.ticket_id: s.helped for s in helped}["WT-HMS-API-001"] == 1


def test_no_resolved_ticket_at_all_and_run_tickets_match_by_text_only(
    workspace: Workspace,
) -> None:
    tracking.record_test_run(workspace, "HMS-API", False, None)  # WT-HMS-API-001, whole run
    empty = suggestions.suggest(workspace, "WT-HMS-API-001")
    assert (empty.suggestions, empty.searched) == ((), 0)
    assert empty.message == "no similar resolved ticket"
    tracking.resolve(workspace, "WT-HMS-API-001", "Fixed the build")
    tracking.record_test_run(workspace, "HMS-DOC", False, None)  # WT-HMS-DOC-001, whole run
    found = suggestions.suggest(workspace, "WT-HMS-DOC-001").suggestions
    assert [(s.ticket_id, s.same_test) for s in found] == [("WT-HMS-API-001", False)]


def test_asking_the_model_over_the_api_is_a_write(workspace: Workspace) -> None:
    """The model call costs money and stores an answer: a write token of the ticket's component."""
    from hms_status.services import tokens

    _history(workspace)
    writer = tokens.create(workspace, "ci-hms-doc", "write:HMS-DOC").token
    other = tokens.create(workspace, "ci-hms-api", "write:HMS-API").token
    reader = tokens.create(workspace, "reader", "read").token
    url = "/api/v1/tickets/WT-HMS-DOC-002/suggestions/rewrite"
    with serve(workspace) as server:
        assert httpx.post(server.url + url).status_code == 401
        for token, code in ((reader, 403), (other, 403), (writer, 200)):
            answer = httpx.post(server.url + url, headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == code, answer.text
        body = answer.json()
        assert body["suggestions"][0]["ticket_id"] == "WT-HMS-DOC-001"
        assert "warning" in body  # no [suggest.llm] model: the evidence and one warning line


def test_the_suggestions_of_an_opened_ticket_stay_in_its_file(workspace: Workspace) -> None:
    """Resolving or repairing a ticket rewrites its file: the evidence shown at opening stays."""
    from hms_status.services import snapshots

    _history(workspace)
    tracking.record_test_run(workspace, "HMS-API", False, None)  # opens WT-HMS-API-003
    opened = workspace.settings.data_dir / "work-tickets" / "WT-HMS-API-003.json"
    before = json.loads(opened.read_text(encoding="utf-8"))["suggestions"]
    tracking.resolve(workspace, "WT-HMS-API-003", "Fixed the runner")
    after = json.loads(opened.read_text(encoding="utf-8"))
    assert after["state"] == "resolved" and after["suggestions"] == before
    assert snapshots.repair(workspace, "HMS-API") == 0  # nothing to bring level
