"""Everything the docs write is escaped: any text renders as that text, never as markup."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from hms_status.docsync.templating import md_escape, pct, render_markdown, when

PUNCTUATION = [*"\\`*_[]<>|#~$!()-+=.:&;{}\"'/ ", "1. ", "- ", "&amp;", "&#x41;", "<!--", "-->"]
TEXTS = st.lists(
    st.one_of(st.sampled_from(PUNCTUATION), st.text(alphabet="abcXYZ09 éü中", max_size=4)),
    max_size=25,
).map("".join)


def _gfm() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def _inline_children(markdown: str) -> list[Token]:
    inline = [t for t in _gfm().parse(markdown) if t.type == "inline"]
    return list(inline[-1].children or []) if inline else []


@settings(deadline=None)  # no wall-clock limit: the suite runs under load
@given(TEXTS)
def test_escaped_text_renders_as_the_same_text(value: str) -> None:
    escaped = md_escape(value)
    expected = re.sub(r"\s+", " ", value)
    for markdown, wanted in [
        (f"{escaped}\n", expected.strip()),
        (f"- {escaped}\n", expected.strip()),
        (f"| a |\n|---|\n| «{escaped}» |\n", f"«{expected}»"),
    ]:
        children = _inline_children(markdown)
        assert all(c.type in ("text", "softbreak") for c in children), (markdown, children)
        assert "".join(c.content for c in children) == wanted


@settings(deadline=None)  # no wall-clock limit: the suite runs under load
@given(TEXTS)
def test_escaped_text_stays_in_its_table_cell(value: str) -> None:
    tokens = _gfm().parse(f"| a | b |\n|---|---|\n| {md_escape(value)} | z |\n")
    cells = [t for t in tokens if t.type == "td_open"]
    assert len(cells) == 2


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("| pipes |", "\\| pipes \\|"),
        ("**bold**", "\\*\\*bold\\*\\*"),
        ("a & b", "a &amp; b"),
        ("line\nbreak\r\nhere", "line break here"),
        ("- item", "\\- item"),
        ("1. first", "1\\. first"),
        ("93.33%", "93.33%"),
        ("# title", "\\# title"),
    ],
)
def test_md_escape_examples(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped


def test_templates_escape_by_default_and_filters_format() -> None:
    assert pct(None) == "—" and pct(99.5) == "99.50%"
    assert when("2024-05-01T12:00:00.000000Z") == "2024-05-01 12:00 UTC" and when(None) == "—"
    assert when("not a time") == "not a time"
    text = render_markdown("_analysis_line.md.j2", analysis=None)
    assert text == "not analyzed yet\n"


def test_no_html_survives_rendering() -> None:
    html = _gfm().render(f"| t |\n|---|\n| {md_escape('<img src=x onerror=alert(1)>')} |\n")
    assert "<img" not in html and "&lt;img" in html
    assert not re.search(
        r"<(script|img|b)\b", _gfm().render(md_escape("<b>x</b><script>y</script>"))
    )
