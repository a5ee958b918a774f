"""The Docs Integrator's use cases on SQLite and PostgreSQL: outputs, idempotence, safety."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from tests.docs.conftest import ANALYSIS, ENVIRONMENT, component_dir, mtimes, tick

from hms_status.clock import iso
from hms_status.errors import ConfigError, InputError, NotFoundError
from hms_status.foundation.workspace import Workspace
from hms_status.render.markers import MarkerError, find_section, remove_section
from hms_status.services import docs, snapshots, tracking

BADGE_LINE = "[![HMS status](HMS-docs/badges/status.svg)](HMS-docs/STATUS.md)"
CODEX = "HMS-docs/codex.md"


def _codex(ws: Workspace, component: str = "HMS-API") -> Path:
    """HMS-docs/codex.md, its folder made."""
    path = component_dir(ws, component) / CODEX
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_update_writes_badge_codex_status_page_and_summaries(recorded: Workspace) -> None:
    result = docs.update_component(recorded, "HMS-API")
    root, comp = recorded.settings.root, component_dir(recorded)
    assert result.badge == "yellow" and result.unchanged == ()
    assert sorted(result.as_dict(root)["written"]) == sorted(
        [
            "SYSTEM-COMPONENTS/HMS-API/HMS-docs/badges/status.svg",
            "SYSTEM-COMPONENTS/HMS-API/HMS-docs/badges/status.json",
            "SYSTEM-COMPONENTS/HMS-API/HMS-docs/STATUS.md",
            "SYSTEM-COMPONENTS/HMS-API/HMS-docs/trend.svg",
            "SYSTEM-COMPONENTS/HMS-API/HMS-docs/codex.md",
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
    assert find_section((comp / CODEX).read_text(), "status") is not None
    assert not (comp / "codex.md").exists() and not (comp / "README.md").exists()
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
    chart = "![HMS-API: test pass rate and start success over time](trend.svg)"
    assert chart in status_md and "<svg" not in status_md and "2099" not in status_md
    assert (comp / "HMS-docs/trend.svg").read_text().startswith("<svg ")


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
    assert "YELLOW (stale)" in (component_dir(recorded) / CODEX).read_text()
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
    added = docs.set_badge(recorded, "HMS-API", add=True)
    assert readme in added.written
    text = readme.read_bytes().decode()
    assert f"# HMS API\r\n<!-- hms-status:badge:start -->\r\n\r\n{BADGE_LINE}\r\n\r\n" in text
    assert text.endswith("Intro text")
    assert readme not in docs.update_component(recorded, "HMS-API").written
    removed = docs.set_badge(recorded, "HMS-API", add=False)
    assert removed.written == (readme,) and readme.read_bytes() == original
    assert docs.set_badge(recorded, "HMS-API", add=False).written == ()


def test_an_old_unlinked_badge_is_refreshed_into_a_link_to_status(recorded: Workspace) -> None:
    readme = component_dir(recorded) / "README.md"
    old = (
        "# HMS API\n<!-- hms-status:badge:start -->\n\n![HMS status](HMS-docs/badges/status.svg)\n"
    )
    readme.write_text(old + "<!-- hms-status:badge:end -->\n\nIntro.\n")
    assert readme in docs.update_component(recorded, "HMS-API").written
    assert readme.read_text() == (
        f"# HMS API\n<!-- hms-status:badge:start -->\n\n{BADGE_LINE}\n"
        "<!-- hms-status:badge:end -->\n\nIntro.\n"
    )


def test_badge_add_creates_a_readme_when_there_is_none(recorded: Workspace) -> None:
    result = docs.set_badge(recorded, "HMS-API", add=True)
    readme = component_dir(recorded) / "README.md"
    assert readme in result.written and BADGE_LINE in readme.read_text()
    assert (component_dir(recorded) / "HMS-docs/badges/status.svg").is_file()


def test_codex_content_outside_the_markers_is_kept_byte_for_byte(recorded: Workspace) -> None:
    codex = _codex(recorded)
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
    for codex in (_codex(recorded), component_dir(recorded) / "codex.md"):
        codex.write_text(codex_text)
        before = codex.stat().st_mtime_ns
        with pytest.raises(MarkerError) as caught:
            docs.update_component(recorded, "HMS-API")
        assert str(codex) in str(caught.value) and f"line {line}" in str(caught.value)
        assert codex.read_text() == codex_text and codex.stat().st_mtime_ns == before
        assert not (component_dir(recorded) / "HMS-docs/STATUS.md").exists()
        codex.unlink()


def test_hostile_ticket_titles_render_as_text(recorded: Workspace) -> None:
    docs.update_component(recorded, "HMS-API")
    comp = component_dir(recorded)
    for path in (
        comp / "HMS-docs/STATUS.md",
        comp / CODEX,
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
    assert (comp / CODEX).read_text().count("<!-- hms-status:status:end -->") == 1


def test_update_all_isolates_failures_and_writes_the_ecosystem(recorded: Workspace) -> None:
    broken = _codex(recorded, "HMS-DOC")
    broken.write_text("<!-- hms-status:status:start -->\n")
    seen: list[str] = []
    result = docs.update_all(recorded, lambda outcome: seen.append(outcome.component_id))
    assert sorted(seen) == ["HMS-API", "HMS-DOC"]
    assert [r.component_id for r in result.components] == ["HMS-API"]
    assert [f.component_id for f in result.failures] == ["HMS-DOC"]
    assert str(broken) in result.failures[0].error and "line 1" in result.failures[0].error
    summary = (recorded.settings.data_dir / "summaries/ecosystem-summary-latest.md").read_text()
    assert (
        "| [HMS-API](../../SYSTEM-COMPONENTS/HMS-API/HMS-docs/STATUS.md) | ![HMS-API: yellow]"
        in summary
    )
    assert (
        "| [HMS-DOC](../../SYSTEM-COMPONENTS/HMS-DOC/HMS-docs/STATUS.md) | ![HMS-DOC: unknown]"
        in summary
    )
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
    summaries = (docs_ws.settings.data_dir / "summaries").iterdir()
    assert [p.name for p in summaries if not p.name.startswith(".")] == []  # a lock file at most


def test_outputs_never_show_the_run_time_or_part_timestamps(recorded: Workspace) -> None:
    docs.update_all(recorded)
    comp = component_dir(recorded)
    for path in [*comp.rglob("*.md"), *(recorded.settings.data_dir / "summaries").glob("*.md")]:
        text = path.read_text()
        assert "2099" not in text and "13:" not in text, path


FRONT_MATTER = "---\n# site metadata\nlayout: page\ntitle: H\n---\n"


def test_badge_add_goes_after_front_matter_whatever_its_first_line(recorded: Workspace) -> None:
    readme = component_dir(recorded) / "README.md"
    original = f"{FRONT_MATTER}\n# H service\n\nIntro.\n"
    readme.write_text(original)
    docs.set_badge(recorded, "HMS-API", add=True)
    text = readme.read_text()
    assert text.startswith(f"{FRONT_MATTER}\n# H service\n<!-- hms-status:badge:start -->\n")
    assert docs.set_badge(recorded, "HMS-API", add=True).written == ()
    docs.set_badge(recorded, "HMS-API", add=False)
    assert readme.read_text() == original


def _headings(text: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(text)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


def test_codex_status_after_an_html_block_still_renders_as_a_heading(recorded: Workspace) -> None:
    codex = _codex(recorded)
    original = (
        "# Codex\r\n\r\n<details>\r\n<summary>Notes</summary>\r\n\r\nhidden\r\n</details>\r\n"
    )
    codex.write_bytes(original.encode())
    docs.update_component(recorded, "HMS-API")
    text = codex.read_bytes().decode()
    assert "</details>\r\n<!-- hms-status:status:start -->\r\n\r\n## HMS status\r\n" in text
    assert _headings(text) == ["Codex", "HMS status"]
    assert remove_section(text, "status") == original
    assert docs.update_component(recorded, "HMS-API").written == ()


def _status_md(ws: Workspace) -> str:
    return (component_dir(ws) / "HMS-docs/STATUS.md").read_text()


def test_environment_details_and_issues_are_shown(recorded: Workspace) -> None:
    docs.update_component(recorded, "HMS-API")
    text = _status_md(recorded)
    assert "| Python dependencies | failure | 2 up to date, 3 missing, 0 outdated |" in text
    assert (
        "| Required tools | warning | python3 3.11.7 (wants &gt;=3.11 from "
        "pyproject.toml requires-python); docker compose: not found" in text
    )
    assert "- **high**: 3 Python requirement(s) not installed: orjson, redis, tenacity\n" in text


def test_languages_are_only_real_languages(recorded: Workspace) -> None:
    docs.update_component(recorded, "HMS-API")
    text = _status_md(recorded)
    assert "| Languages | Python (83), Markdown (12), TOML (1) |" in text
    assert "(none)" not in text and "(submodule)" not in text and ".example" not in text


def test_data_last_changed_is_the_newest_of_status_and_analysis(recorded: Workspace) -> None:
    docs.update_component(recorded, "HMS-API")
    assert "| Data last changed | 2024-05-01 12:09 UTC |" in _status_md(recorded)  # the analysis
    reused = {
        **ANALYSIS,
        "reused": True,
        "reused_from": "2024-05-01T12:30:00.000000Z",
        "timestamp": "2099-01-01T00:00:00.000000Z",
    }
    snapshots.write_part(recorded.settings, "analysis", "HMS-API", reused)
    docs.update_component(recorded, "HMS-API")
    text = _status_md(recorded)
    assert "| Data last changed | 2024-05-01 12:30 UTC |" in text and "2099" not in text
    assert "data last changed 2024-05-01 12:30 UTC" in (component_dir(recorded) / CODEX).read_text()
    tick(recorded)
    tracking.record_start(recorded, "HMS-API", True)  # the status is now the newest
    docs.update_component(recorded, "HMS-API")
    assert "| Data last changed | 2024-05-01 13:10 UTC |" in _status_md(recorded)


def test_new_part_reports_with_the_same_facts_rewrite_nothing(recorded: Workspace) -> None:
    docs.set_badge(recorded, "HMS-API", add=True)
    docs.update_all(recorded)
    outputs = [component_dir(recorded), recorded.settings.data_dir / "summaries"]
    before = {p: mtimes(p) for p in outputs}
    analysis_path = recorded.settings.data_dir / "analysis/HMS-API.json"
    made = json.loads(analysis_path.read_text())
    for _ in range(2):
        tick(recorded, 30)
        now = iso(recorded.clock.now())
        snapshots.write_part(
            recorded.settings, "environments", "HMS-API", {**ENVIRONMENT, "timestamp": now}
        )
        reused = {**made, "reused": True, "reused_from": made["timestamp"], "timestamp": now}
        snapshots.write_part(recorded.settings, "analysis", "HMS-API", reused)
        result = docs.update_all(recorded)
        assert all(r.written == () for r in result.components) and result.ecosystem.written == ()
    assert {p: mtimes(p) for p in outputs} == before


def test_long_ticket_titles_are_shortened_in_table_cells(recorded: Workspace) -> None:
    title = "a|" * 100 + "<q>" + "z" * 297
    assert len(title) == 500
    opened = tracking.open_issue(recorded, "HMS-API", title, "low")
    assert opened.change.ticket is not None
    ticket_id = opened.change.ticket.ticket_id
    docs.update_component(recorded, "HMS-API")
    cell = "a\\|" * 59 + "a…"  # 119 characters of the title, then the ellipsis; escaped after
    summary = recorded.settings.data_dir / "summaries/HMS-API-summary-latest.md"
    for text in (_status_md(recorded), summary.read_text()):
        assert f"| {ticket_id} | low | {cell} |" in text
        assert "zzz" not in text and "&lt;q&gt;" not in text
    stored = json.loads((recorded.settings.data_dir / f"work-tickets/{ticket_id}.json").read_text())
    assert stored["title"] == title


def test_key_value_tables_have_a_header_row(recorded: Workspace) -> None:
    docs.update_component(recorded, "HMS-API")
    summary = recorded.settings.data_dir / "summaries/HMS-API-summary-latest.md"
    for text in (_status_md(recorded), summary.read_text()):
        assert "| | |" not in text
        tokens = MarkdownIt("commonmark").enable("table").parse(text)
        headers = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "th_open"]
        assert headers and all(headers)
    assert "| field | value |\n|---|---|\n| Size |" in _status_md(recorded)


def test_a_re_analysis_with_the_same_facts_keeps_the_time_they_last_changed(
    recorded: Workspace,
) -> None:
    def analyzed(at: str, **changes: object) -> None:
        data = {**ANALYSIS, "timestamp": at, "fingerprint": f"git:{at}", **changes}
        recorded.store.record_part_report("HMS-API", "analysis", at, "full", data, None)
        snapshots.write_part(recorded.settings, "analysis", "HMS-API", data)

    def shown() -> str:
        docs.update_component(recorded, "HMS-API")
        line = next(s for s in _status_md(recorded).splitlines() if "Data last changed" in s)
        return line.split("|")[2].strip()

    analyzed("2024-05-01T12:20:00.000000Z")
    analyzed("2024-05-01T12:40:00.000000Z")  # e.g. after this tool wrote codex.md: same facts
    assert shown() == "2024-05-01 12:20 UTC"
    chained = {
        **ANALYSIS,
        "reused": True,
        "reused_from": "2024-05-01T12:50:00.000000Z",  # the time of an earlier reuse
        "timestamp": "2024-05-01T13:00:00.000000Z",
    }
    snapshots.write_part(recorded.settings, "analysis", "HMS-API", chained)
    assert shown() == "2024-05-01 12:20 UTC"
    analyzed("2024-05-01T12:55:00.000000Z", git={**ANALYSIS["git"], "commit_count": 43})
    assert shown() == "2024-05-01 12:55 UTC"
