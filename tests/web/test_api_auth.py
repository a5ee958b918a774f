"""Tokens on the write routes: none or an unknown or revoked one is 401 with a challenge, a
token without the scope is 403, and a refused request writes nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from hms_status.foundation.workspace import Workspace
from hms_status.services import tokens, tracking
from tests.web.api_support import JUNIT_FAILING, Api, assert_problem, running_api

WRITES = [
    ("/api/v1/components/{c}/starts", {"json": {"success": True}}),
    ("/api/v1/components/{c}/test-runs", {"json": {"success": True}}),
    (
        "/api/v1/components/{c}/test-runs",
        {"files": [("reports", ("junit.xml", JUNIT_FAILING, "application/xml"))]},
    ),
    ("/api/v1/components/{c}/issues", {"json": {"title": "t"}}),
]


@pytest.fixture
def api(live_workspace: Workspace) -> Iterator[Api]:
    with running_api(live_workspace) as running:
        yield running


def test_writes_without_a_valid_token_are_401(api: Api) -> None:
    revoked = tokens.create(api.ws, "old", "admin").token
    tokens.revoke(api.ws, "old")
    for path, kwargs in WRITES:
        url = path.format(c="HMS-API")
        for token, error in [
            (None, None),
            ("hms_" + "A" * 43, "invalid_token"),
            ("not-a-token", "invalid_token"),
            (revoked, "invalid_token"),
        ]:
            response = api.post(url, token=token, **kwargs)
            assert_problem(response, 401)
            challenge = response.headers["www-authenticate"]
            assert challenge.startswith('Bearer realm="hms-status"')
            assert (error is None) == ("error=" not in challenge)
        basic = api.post(url, token=None, headers={"Authorization": "Basic YTpi"}, **kwargs)
        assert_problem(basic, 401)
    assert api.recorded("HMS-API") == 0


def test_a_token_scoped_to_one_component_cannot_write_another(api: Api) -> None:
    for path, kwargs in WRITES:
        refused = api.post(path.format(c="HMS-DOC"), token=api.writer, **kwargs)
        body = assert_problem(refused, 403)
        assert "HMS-DOC" in body["detail"]
        assert 'error="insufficient_scope"' in refused.headers["www-authenticate"]
        assert_problem(api.post(path.format(c="HMS-API"), token=api.reader, **kwargs), 403)
    assert api.recorded("HMS-DOC") == 0 and api.recorded("HMS-API") == 0
    allowed = api.post(
        "/api/v1/components/HMS-API/starts", token=api.writer, json={"success": True}
    )
    assert allowed.status_code == 201


def test_ticket_writes_need_write_on_the_tickets_component(api: Api) -> None:
    doc = tracking.open_issue(api.ws, "HMS-DOC", "typo", "low").ticket
    assert doc is not None
    for action, body in (("resolve", {"resolution": "x"}), ("assign", {"assignee": "bob"})):
        url = f"/api/v1/tickets/{doc.ticket_id}/{action}"
        assert_problem(api.post(url, token=api.writer, json=body), 403)
        assert_problem(api.post(url, token=None, json=body), 401)
    assert tracking.get_status(api.ws, "HMS-DOC").tickets[0].assignee is None
    own = tracking.open_issue(api.ws, "HMS-API", "bug", "low").ticket
    assert own is not None
    done = api.post(
        f"/api/v1/tickets/{own.ticket_id}/resolve", token=api.writer, json={"resolution": "ok"}
    )
    assert done.status_code == 200


def test_no_token_text_reaches_the_log(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    api.post("/api/v1/components/HMS-API/starts", json={"success": True})
    api.post("/api/v1/components/HMS-DOC/starts", token=api.writer, json={"success": True})
    api.post("/api/v1/components/HMS-API/starts", token="hms_" + "B" * 43, json={"success": True})
    for token in (api.admin, api.writer, "hms_" + "B" * 43):
        assert token not in caplog.text
