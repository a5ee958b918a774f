"""The overview page `/` and its live fragment, over a real server on both stores."""

from __future__ import annotations

from pathlib import Path

import httpx

from hms_status.services import tracking
from tests.web.conftest import LiveServer
from tests.web.dashboard_support import make_green, make_red, tiles, write_catalog


def test_overview_lists_every_component_worst_first_with_counts(
    live_server: LiveServer, tmp_path: Path
) -> None:
    ws = live_server.workspace
    make_green(ws, "HMS-API")
    make_red(ws, "HMS-DOC", tmp_path / "reports")
    response = httpx.get(f"{live_server.url}/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert tiles(html) == [("HMS-DOC", "red"), ("HMS-API", "green")]
    assert "All 2 components, worst first" in html
    assert '<span class="count-n">1</span> red' in html
    assert '<span class="count-n">1</span> green' in html
    assert "pass rate 50.00% is below 80%" in html  # the first reason, as text
    assert "50.00%" in html and "100.00%" in html
    # accessible: landmarks, a skip link, labelled filters, status written as text
    for needle in (
        '<a class="skip-link" href="#main">',
        "<header",
        '<nav aria-label="Main">',
        '<main id="main"',
        '<label for="filter-status">',
        '<label for="filter-owner">',
        '<label for="filter-text">',
        '<html lang="en">',
        'class="badge badge-red">red<',
    ):
        assert needle in html, needle
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_unknown_comes_between_yellow_and_green(live_server: LiveServer) -> None:
    ws = live_server.workspace
    tracking.open_issue(ws, "HMS-DOC", "docs build is slow", "low")  # yellow
    html = httpx.get(f"{live_server.url}/").text
    assert tiles(html) == [("HMS-DOC", "yellow"), ("HMS-API", "unknown")]


def test_filters_by_status_owner_and_text_without_javascript(
    live_server: LiveServer, tmp_path: Path
) -> None:
    ws = live_server.workspace
    write_catalog(ws.settings.root, "HMS-API", "team-platform")
    make_red(ws, "HMS-API", tmp_path / "reports")
    make_green(ws, "HMS-DOC")
    base = live_server.url
    assert tiles(httpx.get(f"{base}/", params={"status": "green"}).text) == [("HMS-DOC", "green")]
    by_owner = httpx.get(f"{base}/", params={"owner": "team-platform"}).text
    assert tiles(by_owner) == [("HMS-API", "red")]
    assert "1 of 2 components, worst first" in by_owner
    assert '<option value="team-platform" selected>' in by_owner
    assert tiles(httpx.get(f"{base}/", params={"q": "doc"}).text) == [("HMS-DOC", "green")]
    assert tiles(httpx.get(f"{base}/", params={"q": "BELOW 80"}).text) == [("HMS-API", "red")]
    none = httpx.get(f"{base}/", params={"status": "red", "q": "doc"}).text
    assert tiles(none) == [] and "No component matches these filters." in none
    # the counts stay those of the whole ecosystem
    assert '<span class="count-n">2</span> components' in none


def test_a_bad_filter_is_a_400_page_naming_the_parameter(live_server: LiveServer) -> None:
    response = httpx.get(f"{live_server.url}/", params={"status": "purple"})
    assert response.status_code == 400
    assert "invalid status &#39;purple&#39;" in response.text
    assert "status must be one of red, yellow, unknown, green" in response.text
    too_long = httpx.get(f"{live_server.url}/", params={"q": "x" * 201})
    assert too_long.status_code == 422


def test_fragment_answers_304_until_something_changes(live_server: LiveServer) -> None:
    url = f"{live_server.url}/fragments/overview"
    first = httpx.get(url)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert tiles(first.text) == [("HMS-API", "unknown"), ("HMS-DOC", "unknown")]
    assert "<html" not in first.text
    again = httpx.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    filtered = httpx.get(url, params={"status": "red"}, headers={"If-None-Match": etag})
    assert filtered.status_code == 200  # another filter is another answer
    make_green(live_server.workspace, "HMS-DOC")
    changed = httpx.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert ("HMS-DOC", "green") in tiles(changed.text)


def test_everything_shown_is_escaped(live_server: LiveServer) -> None:
    ws = live_server.workspace
    tracking.open_issue(ws, "HMS-API", "<script>alert(1)</script>", "critical")
    html = httpx.get(f"{live_server.url}/", params={"q": "<b>"}).text
    assert "<script>alert" not in html and "<b>" not in html
    assert 'value="&lt;b&gt;"' in html
    page = httpx.get(f"{live_server.url}/components/HMS-API").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    tickets = httpx.get(f"{live_server.url}/tickets").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in tickets
    assert "<script>alert" not in tickets


def test_static_files_are_served_with_an_etag(live_server: LiveServer) -> None:
    for name, kind in (("dashboard.css", "text/css"), ("dashboard.js", "text/javascript")):
        response = httpx.get(f"{live_server.url}/static/{name}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(kind)
        cached = httpx.get(
            f"{live_server.url}/static/{name}",
            headers={"If-None-Match": response.headers["etag"]},
        )
        assert cached.status_code == 304
    for name in ("nope.css", "..%2Fpages.py", "pages.py", ".hidden.css"):
        assert httpx.get(f"{live_server.url}/static/{name}").status_code == 404
