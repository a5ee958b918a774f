"""The Docs Integrator's use cases on SQLite and PostgreSQL: outputs, idempotence, safety."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest
from markdown_it import MarkdownIt
from tests.docs.conftest import component_dir, mtimes, tick

from hms_status.errors import ConfigError, InputError, NotFoundError
from hms_status.render.markers import MarkerError, find_section, remove_section
from hms_status.services import docs, tracking
from hms_status.services.workspace import Workspace

BADGE_LINE = "![HMS status](HMS-docs/badges/status.svg)"


def test_update_writes_badge_codex_status_page_and_summaries(recorded: Workspace) -> None:
    result = docs.update_component(recorded, "HMS-API")
    root, comp = recorded.settings.root, component_dir(recorded)
    assert result.badge == "yellow" and result.unchanged == ()
    assert sorted(result.as_dict(root)["written"]) == sorted(
        [
            "SYSTEM-COMPONENTS/HMS-API/HMS-docs/badges/status.svg",
            "SYSTEM-COMPONENTS/HMS-API/HMS-docs/badges/status.json",
            "SYSTEM-COMPONENTS/HMS-API/HMS-docs/STATUS.md",
            "SYSTEM-COMPONENTS/HMS-API/codex.md",
            "data/summaries/HMS-API-summary-latest.md",
            "data/summaries/HMS-API-summary-2024-05-01.md",
        ]
    )
    endpoint = json.loads((comp / "HMS-docs/badges/status.json").read_text())
    assert endpoint == {
        "schemaVersion": 1,
        "label": "HMS status",
        "message": "yellow",
        "color": "yellow",
        "cacheSeconds": 300,
    }
    assert find_section((comp / "codex.md").read_text(), "status") is not None
    assert not (comp / "README.md").exists()
    status_md = (comp / "HMS-docs/STATUS.md").read_text()
    for heading in (
        "Why",
        "Health metrics",
        "Trend",
        "Recent starts",
        "Recent test runs",
        "Open tickets",
        "Recently resolved tickets",
        "Environment",
        "Analysis highlights",
    ):
        assert f"\n## {heading}\n" in status_md
    assert "<svg" in status_md and "2099" not in status_md


def test_a_second_run_leaves_every_file_byte_identical_and_untouched(recorded: Workspace) -> None:
    docs.set_badge(recorded, "HMS-API", add=True)
    docs.update_all(recorded)
    before = mtimes(recorded.settings.root)
    snapshot = {p: (recorded.settings.root / p).read_bytes() for p in before}
    tick(recorded, 5)
    again = docs.update_all(recorded)
    assert all(r.written == () for r in again.components) and again.ecosystem.written == ()
    assert docs.update_component(recorded, "HMS-API").written == ()
    assert docs.set_badge(recorded, "HMS-API", add=True).written == ()
    assert mtimes(recorded.settings.root) == before
    assert {p: (recorded.settings.root / p).read_bytes() for p in before} == snapshot


def test_a_status_change_rewrites_what_shows_it(recorded: Workspace) -> None:
    docs.update_component(recorded, "HMS-API")
    tracking.resolve(recorded, "WT-HMS-API-002", "not a bug")
    result = docs.update_component(recorded, "HMS-API")
    names = {p.name for p in result.written}
    assert {
        "STATUS.md",
        "codex.md",
        "status.svg",
        "status.json",
        "HMS-API-summary-latest.md",
    } <= names
    assert (
        json.loads((component_dir(recorded) / "HMS-docs/badges/status.json").read_text())["message"]
        == "green"
    )


def test_old_data_shows_a_grey_stale_badge(recorded: Workspace) -> None:
    docs.update_component(recorded, "HMS-API")
    tick(recorded, 60 * 24 * 7)
    result = docs.update_component(recorded, "HMS-API")
    assert result.badge == "stale"
    badges = component_dir(recorded) / "HMS-docs/badges"
    assert json.loads((badges / "status.json").read_text())["color"] == "lightgrey"
    assert "#9f9f9f" in (badges / "status.svg").read_text()
    status_md = (component_dir(recorded) / "HMS-docs/STATUS.md").read_text()
    assert "**YELLOW** (stale: no new data for more than 168 hours)" in status_md
    assert "YELLOW (stale)" in (component_dir(recorded) / "codex.md").read_text()
    short = Workspace(
        dataclasses.replace(recorded.settings, config={"docs": {"stale_after_hours": 0.5}}),
        recorded.clock,
    )
    recorded.clock.current -= timedelta(days=7)  # type: ignore[attr-defined]
    try:
        assert docs.update_component(short, "HMS-API").badge == "stale"
        assert "more than 0.5 hours" in (component_dir(short) / "HMS-docs/STATUS.md").read_text()
    finally:
        short.close()


def test_readme_badge_add_refresh_remove(recorded: Workspace) -> None:
    readme = component_dir(recorded) / "README.md"
    original = b"\xef\xbb\xbf```\r\n# in a fence\r\n```\r\n# HMS API\r\nIntro text"
    readme.write_bytes(original)
    docs.update_component(recorded, "HMS-API")
    assert readme.read_bytes() == original
    added = docs.set_badge(recorded, "HMS-API", add=True)
    assert readme in added.written
    text = readme.read_bytes().decode()
    assert f"# HMS API\r\n<!-- hms-status:badge:start -->\r\n{BADGE_LINE}\r\n" in text
    assert text.endswith("Intro text")
    assert readme not in docs.update_component(recorded, "HMS-API").written
    removed = docs.set_badge(recorded, "HMS-API", add=False)
    assert removed.written == (readme,) and readme.read_bytes() == original
    assert docs.set_badge(recorded, "HMS-API", add=False).written == ()


def test_badge_add_creates_a_readme_when_there_is_none(recorded: Workspace) -> None:
    result = docs.set_badge(recorded, "HMS-API", add=True)
    readme = component_dir(recorded) / "README.md"
    assert readme in result.written and BADGE_LINE in readme.read_text()
    assert (component_dir(recorded) / "HMS-docs/badges/status.svg").is_file()


def test_codex_content_outside_the_markers_is_kept_byte_for_byte(recorded: Workspace) -> None:
    codex = component_dir(recorded) / "codex.md"
    original = "\ufeff# Codex\r\n\r\n```md\r\n# not a heading\r\n```\r\nNotes *here*"
    codex.write_bytes(original.encode())
    for _ in range(3):
        docs.update_component(recorded, "HMS-API")
        tracking.record_start(recorded, "HMS-API", True)
        tick(recorded)
    text = codex.read_bytes().decode()
    assert remove_section(text, "status") == original
    assert "\r\n## HMS status\r\n" in text and "\n## HMS status\n" not in text.replace("\r\n", "")


@pytest.mark.parametrize(
    ("codex_text", "line"),
    [
        ("# C\n<!-- hms-status:status:start -->\n<!-- hms-status:status:start -->\n", 3),
        ("# C\n<!-- hms-status:status:end -->\n", 2),
        ("# C\n\n\n<!-- hms-status:status:start -->\nnever closed\n", 4),
    ],
)
def test_broken_markers_stop_the_edit_and_leave_the_file(
    recorded: Workspace, codex_text: str, line: int
) -> None:
    codex = component_dir(recorded) / "codex.md"
    codex.write_text(codex_text)
    before = codex.stat().st_mtime_ns
    with pytest.raises(MarkerError) as caught:
        docs.update_component(recorded, "HMS-API")
    assert str(codex) in str(caught.value) and f"line {line}" in str(caught.value)
    assert codex.read_text() == codex_text and codex.stat().st_mtime_ns == before
    assert not (component_dir(recorded) / "HMS-docs").exists()


def test_hostile_ticket_titles_render_as_text(recorded: Workspace) -> None:
    docs.update_component(recorded, "HMS-API")
    comp = component_dir(recorded)
    for path in (
        comp / "HMS-docs/STATUS.md",
        comp / "codex.md",
        recorded.settings.data_dir / "summaries/HMS-API-summary-latest.md",
    ):
        text = path.read_text()
        assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "\\| pipes \\|" in text and "\\*\\*bold\\*\\*" in text
        html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
        assert (
            "<script" not in html
            and "<strong>bold</strong>" not in html
            and 'href="http://x"' not in html
        )
    assert (comp / "codex.md").read_text().count("<!-- hms-status:status:end -->") == 1


def test_update_all_isolates_failures_and_writes_the_ecosystem(recorded: Workspace) -> None:
    broken = component_dir(recorded, "HMS-DOC") / "codex.md"
    broken.write_text("<!-- hms-status:status:start -->\n")
    seen: list[str] = []
    result = docs.update_all(recorded, lambda outcome: seen.append(outcome.component_id))
    assert sorted(seen) == ["HMS-API", "HMS-DOC"]
    assert [r.component_id for r in result.components] == ["HMS-API"]
    assert [f.component_id for f in result.failures] == ["HMS-DOC"]
    assert str(broken) in result.failures[0].error and "line 1" in result.failures[0].error
    summary = (recorded.settings.data_dir / "summaries/ecosystem-summary-latest.md").read_text()
    assert "| HMS-API | yellow |" in summary and "| HMS-DOC | unknown |" in summary
    assert (
        recorded.settings.data_dir / "summaries/ecosystem-summary-2024-05-01.md"
    ).read_text() == summary
    assert result.as_dict(recorded.settings.root)["failures"][0]["component_id"] == "HMS-DOC"


def test_write_summary_writes_only_the_summaries(recorded: Workspace) -> None:
    result = docs.write_summary(recorded, "HMS-API")
    assert [p.name for p in result.written] == [
        "HMS-API-summary-latest.md",
        "HMS-API-summary-2024-05-01.md",
    ]
    unknown = docs.write_summary(recorded, "HMS-DOC")
    assert [p.name for p in unknown.written] == ["HMS-DOC-summary-latest.md"]
    assert not (component_dir(recorded) / "HMS-docs").exists()


def test_bad_input_is_refused_with_nothing_written(docs_ws: Workspace) -> None:
    with pytest.raises(NotFoundError, match="unknown component"):
        docs.update_component(docs_ws, "HMS-NOPE")
    with pytest.raises(InputError):
        docs.update_component(docs_ws, "../etc")
    gone = Workspace(
        dataclasses.replace(
            docs_ws.settings, config={"components": {"HMS-GONE": {"path": "nowhere"}}}
        )
    )
    with pytest.raises(NotFoundError, match="does not exist"):
        docs.update_component(gone, "HMS-GONE")
    bad = Workspace(
        dataclasses.replace(docs_ws.settings, config={"docs": {"stale_after_hours": "soon"}})
    )
    with pytest.raises(ConfigError, match="stale_after_hours"):
        docs.update_component(bad, "HMS-API")
    codex = component_dir(docs_ws) / "codex.md"
    codex.write_bytes(b"caf\xe9\n")
    with pytest.raises(InputError, match="not UTF-8"):
        docs.update_component(docs_ws, "HMS-API")
    assert codex.read_bytes() == b"caf\xe9\n"
    assert not list((docs_ws.settings.data_dir / "summaries").iterdir())


def test_outputs_never_show_the_run_time_or_part_timestamps(recorded: Workspace) -> None:
    docs.update_all(recorded)
    comp = component_dir(recorded)
    for path in [*comp.rglob("*.md"), *(recorded.settings.data_dir / "summaries").glob("*.md")]:
        text = path.read_text()
        assert "2099" not in text and "13:" not in text, path
