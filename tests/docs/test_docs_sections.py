"""README and codex.md editing: only between our markers, and user content always survives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hms_status.docsync import sections
from hms_status.gateways.confine import Boundary
from hms_status.render.markers import MarkerError, find_section, remove_section

PATH = Path("/hms/SYSTEM-COMPONENTS/X/README.md")
FRAGMENTS = [
    "# Title",
    "## Sub *heading*",
    "Some text.",
    "",
    "",
    "- item",
    "1. first",
    "> quote",
    "```",
    "```python\n# not a heading\n```",
    "~~~",
    "    indented code",
    "<!-- a comment -->",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "Title\n=====",
    "<div>html</div>",
    "trailing spaces   ",
    "```\n<!-- hms-status:status:start -->\n```",
    "unicode: é 中 🎉",
    "\t tab",
]
LINES = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="ab #*-`<>!|", max_size=8)))


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Markdown as a user wrote it: any line ending, a BOM or not, a final newline or not."""
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    body = eol.join("\n".join(draw(LINES)).split("\n"))
    if draw(st.booleans()) and body:
        body += eol
    return ("\ufeff" if draw(st.booleans()) else "") + body


BODIES = st.lists(
    st.text(alphabet="ab #*-`\n", max_size=30).map(lambda s: s.replace("`", "")),
    min_size=1,
    max_size=4,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents(), BODIES)
def test_codex_content_outside_the_markers_survives_any_number_of_updates(
    doc: str, bodies: list[str]
) -> None:
    try:
        first = sections.splice_status(PATH, doc, "first body\n", "T")
    except MarkerError:
        assume(False)
    assert remove_section(first, sections.STATUS_SECTION) == doc
    text = first
    for body in bodies:
        text = sections.splice_status(PATH, text, body, "T")
        assert remove_section(text, sections.STATUS_SECTION) == doc
    assert find_section(text, sections.STATUS_SECTION) is not None


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents(), st.integers(min_value=1, max_value=4))
def test_readme_content_survives_badge_add_refresh_and_remove(doc: str, times: int) -> None:
    try:
        text = sections.add_badge(PATH, doc, "T")
    except MarkerError:
        assume(False)
    for _ in range(times):
        refreshed = sections.refresh_badge(PATH, text)
        assert refreshed == text
    assert sections.remove_badge(PATH, text) == doc


def test_badge_goes_under_the_first_real_heading_not_one_in_a_fence() -> None:
    doc = "```\n# not a heading\n```\nintro\n# Real title\nbody\n"
    text = sections.add_badge(PATH, doc, "T")
    assert text.index("hms-status:badge:start") > text.index("# Real title")
    assert text.startswith(
        "```\n# not a heading\n```\nintro\n# Real title\n<!-- hms-status:badge:start -->\n"
    )


def test_badge_goes_to_the_top_without_a_heading_and_crlf_bom_are_kept() -> None:
    doc = "\ufeffjust text\r\nmore"
    text = sections.add_badge(PATH, doc, "T")
    assert text.startswith(
        "\ufeff<!-- hms-status:badge:start -->\r\n"
        "[![HMS status](HMS-docs/badges/status.svg)](HMS-docs/STATUS.md)\r\n"
    )
    assert text.endswith("just text\r\nmore")


def test_a_new_readme_gets_a_title() -> None:
    assert sections.add_badge(PATH, None, "HMS-API").startswith(
        "# HMS-API\n<!-- hms-status:badge:start -->\n"
    )
    assert sections.refresh_badge(PATH, None) is None and sections.remove_badge(PATH, None) is None
    assert sections.refresh_badge(PATH, "# no badge\n") is None


@pytest.mark.parametrize(
    ("doc", "line"),
    [
        (
            "# T\n<!-- hms-status:status:start -->\nx\n<!-- hms-status:status:end -->\n"
            "<!-- hms-status:status:start -->\ny\n<!-- hms-status:status:end -->\n",
            5,
        ),
        ("# T\n\n<!-- hms-status:status:start -->\nno end\n", 3),
        ("<!-- hms-status:status:end -->\n", 1),
    ],
)
def test_broken_markers_name_the_file_and_line(doc: str, line: int) -> None:
    with pytest.raises(MarkerError) as caught:
        sections.splice_status(PATH, doc, "body\n", "T")
    assert str(PATH) in str(caught.value) and f"line {line}" in str(caught.value)


def test_read_markdown_keeps_bytes_and_refuses_other_encodings(tmp_path: Path) -> None:
    good = tmp_path / "a.md"
    good.write_bytes(b"\xef\xbb\xbf# T\r\nx")
    assert sections.read_markdown(good, Boundary.of(tmp_path)) == "\ufeff# T\r\nx"
    assert sections.read_markdown(tmp_path / "missing.md", Boundary.of(tmp_path)) is None
    bad = tmp_path / "b.md"
    bad.write_bytes(b"caf\xe9\n")
    with pytest.raises(Exception, match="not UTF-8"):
        sections.read_markdown(bad, Boundary.of(tmp_path))
