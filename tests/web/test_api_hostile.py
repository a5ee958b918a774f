"""Hostile input to the write routes: every refusal is a 4xx problem naming the field, and
nothing is written (no event, no ticket, no snapshot)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.api_support import (
    JUNIT_FAILING,
    Api,
    assert_problem,
    running_api,
    workspace_with_config,
)

START = "/api/v1/components/HMS-API/starts"
RUNS = "/api/v1/components/HMS-API/test-runs"
ISSUES = "/api/v1/components/HMS-API/issues"
LIMIT = 64 * 1024


@pytest.fixture
def api(tmp_path: Path, store_url: str) -> Iterator[Api]:
    """The service with a small body limit ([web] max_body_bytes = 64 KiB)."""
    ws = workspace_with_config(tmp_path / "hms", store_url, f"[web]\nmax_body_bytes = {LIMIT}\n")
    try:
        with running_api(ws) as running:
            yield running
    finally:
        ws.close()


def _nothing_written(api: Api) -> None:
    assert api.recorded("HMS-API") == 0
    assert api.ticket_count() == 0
    assert not (api.ws.settings.data_dir / "status" / "HMS-API.json").exists()


JSON_CASES: list[tuple[str, Any, int, str]] = [
    (START, {}, 422, "success"),
    (START, {"success": "yes"}, 422, "success"),
    (START, {"success": 1}, 422, "success"),
    (START, {"success": True, "duration_ms": "5"}, 422, "duration_ms"),
    (START, {"success": True, "duration_ms": 1.5}, 422, "duration_ms"),
    (START, {"success": True, "duration_ms": True}, 422, "duration_ms"),
    (START, {"success": True, "duration_ms": -1}, 400, "duration_ms"),
    (START, {"success": True, "duration_ms": 10**30}, 400, "duration_ms"),
    (START, {"success": True, "environment": "x" * 101}, 400, "environment"),
    (START, {"success": True, "version": "1\n2"}, 400, "version"),
    (START, {"success": True, "message": "\ud800"}, 400, "message"),
    (START, {"success": True, "extra": 1}, 422, "extra"),
    (START, [1, 2], 422, "body"),
    (START, "text", 422, "body"),
    (START, None, 422, "body"),
    (RUNS, {}, 400, "success"),
    (RUNS, {"success": True, "results": {"passed": 1, "failed": 2}}, 400, "success"),
    (RUNS, {"success": False, "results": {"passed": 3}}, 400, "success"),
    (RUNS, {"results": {"passed": -1}}, 422, "results.passed"),
    (RUNS, {"results": {"passed": "1"}}, 422, "results.passed"),
    (RUNS, {"results": {"passed": 1, "bogus": 1}}, 422, "results.bogus"),
    (RUNS, {"results": {"passed": 1, "total": 5}}, 400, "results"),
    (RUNS, {"results": [1]}, 422, "results"),
    (RUNS, {"success": True, "duration_ms": 2**31}, 400, "duration_ms"),
    (ISSUES, {"severity": "high"}, 422, "title"),
    (ISSUES, {"title": "   "}, 400, "title"),
    (ISSUES, {"title": "x", "severity": "urgent"}, 400, "severity"),
    (ISSUES, {"title": "x" * 501}, 400, "title"),
    (ISSUES, {"title": "a\x00b"}, 400, "title"),
    (ISSUES, {"title": "x", "description": 5}, 422, "description"),
]


def test_bad_json_bodies_are_refused_naming_the_field(api: Api) -> None:
    for path, body, status, field in JSON_CASES:
        raw = json.dumps(body).encode()  # ASCII: a lone surrogate travels as \ud800
        response = api.post(path, content=raw, headers={"Content-Type": "application/json"})
        assert response.status_code == status, (path, body, response.text)
        assert_problem(response, status, field)
    _nothing_written(api)


@pytest.mark.parametrize("path", [START, RUNS, ISSUES])
def test_malformed_json_is_400(api: Api, path: str) -> None:
    headers = {"Content-Type": "application/json"}
    assert_problem(api.post(path, content=b"", headers=headers), 422, "body")
    for raw in (b"{", b'{"success": tru}', b"\xff\xfe\x00", b"[" * 50_000, b"\x00"):
        response = api.post(path, content=raw, headers=headers)
        body = assert_problem(response, 400, "body")
        assert body["type"].endswith("validation"), body
    _nothing_written(api)


@pytest.mark.parametrize("path", [START, RUNS, ISSUES, "/api/v1/tickets/WT-HMS-API-001/resolve"])
def test_wrong_content_types_are_415(api: Api, path: str) -> None:
    for kind, raw in [
        ("text/plain", b'{"success": true}'),
        ("application/x-www-form-urlencoded", b"success=true"),
        ("application/xml", JUNIT_FAILING),
    ]:
        response = api.post(path, content=raw, headers={"Content-Type": kind})
        assert_problem(response, 415)
    _nothing_written(api)


def test_bodies_over_the_limit_are_413_declared_or_streamed(api: Api) -> None:
    huge = {"success": True, "message": "x" * (LIMIT * 2)}
    assert_problem(api.post(START, json=huge), 413)

    def chunks() -> Iterator[bytes]:
        yield b'{"success": true, "message": "'
        for _ in range(LIMIT // 1024 + 8):
            yield b"x" * 1024
        yield b'"}'

    streamed = api.post(START, content=chunks(), headers={"Content-Type": "application/json"})
    assert_problem(streamed, 413)
    big_report = JUNIT_FAILING + b"<!--" + b"x" * (LIMIT * 2) + b"-->"
    upload = api.post(RUNS, files=[("reports", ("junit.xml", big_report, "application/xml"))])
    assert_problem(upload, 413)
    _nothing_written(api)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<testsuite name="x" tests="1"><testcase name="&lol3;"/></testsuite>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<testsuite name="x" tests="1"><testcase name="&secret;"/></testsuite>
"""


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.xml", b"<testsuite><testcase"),
        ("bomb.xml", BILLION_LAUGHS),
        ("xxe.xml", EXTERNAL_ENTITY),
        ("empty.xml", b""),
        ("binary.xml", bytes(range(256))),
        ("other.xml", b"<?xml version='1.0'?><html><body/></html>"),
        ("../../etc/passwd", b"<nope"),
    ],
)
def test_hostile_reports_are_400_and_name_the_upload(api: Api, name: str, content: bytes) -> None:
    response = api.post(RUNS, files=[("reports", (name, content, "application/xml"))])
    body = assert_problem(response, 400, "reports")
    assert "hms-upload-" not in response.text and "/tmp" not in body["detail"]
    _nothing_written(api)


def test_bad_upload_forms_are_refused(api: Api) -> None:
    report = ("junit.xml", JUNIT_FAILING, "application/xml")
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"data": {"success": "true"}, "files": [("other", report)]}, 422, "other"),
        ({"data": {"reports": "text", "x": "1"}, "files": [("file", report)]}, 422, "reports"),
        ({"data": {"success": "maybe"}, "files": [("reports", report)]}, 422, "success"),
        ({"data": {"duration_ms": "-5"}, "files": [("reports", report)]}, 422, "duration_ms"),
        ({"data": {"success": "true"}, "files": [("reports", report)]}, 400, "success"),
    ]
    for kwargs, status, field in cases:
        assert_problem(api.post(RUNS, **kwargs), status, field)
    no_files = api.post(RUNS, data={"success": "true"}, files={})
    assert no_files.status_code in (415, 422)
    broken = api.post(
        RUNS,
        content=b'--xyz\r\nContent-Disposition: form-data; name="reports"\r\n\r\n',
        headers={"Content-Type": "multipart/form-data; boundary=xyz"},
    )
    assert 400 <= broken.status_code < 500
    _nothing_written(api)


def test_unknown_components_and_tickets_are_404_for_writes(api: Api) -> None:
    for component in ("NOPE", "..", "%2e%2e", "a%00b", "x" * 150):
        response = api.post(f"/api/v1/components/{component}/starts", json={"success": True})
        assert response.status_code == 404, (component, response.text)
    for ticket in ("WT-HMS-API-001", "WT-NOPE-001", "nope", "..", "WT-..-001"):
        response = api.post(f"/api/v1/tickets/{ticket}/resolve", json={"resolution": "x"})
        assert response.status_code == 404, (ticket, response.text)
        response = api.post(f"/api/v1/tickets/{ticket}/assign", json={"assignee": "x"})
        assert response.status_code == 404, (ticket, response.text)
    _nothing_written(api)


def test_raw_path_traversal_never_reaches_a_route(api: Api) -> None:
    """Paths sent exactly as written (no client normalisation)."""
    with httpx.Client(base_url=api.server.url) as raw:
        for path in ("/api/v1/components/../../etc/passwd", "/api/v1/components/%2e%2e/starts"):
            request = raw.build_request("POST", path, json={"success": True})
            request.url = request.url.copy_with(raw_path=path.encode())
            response = raw.send(request)
            assert response.status_code in (401, 404, 405), (path, response.text)
    _nothing_written(api)
