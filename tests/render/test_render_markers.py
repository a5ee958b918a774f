"""Marker splicing: placements, byte-for-byte preservation, errors, and properties for any text."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from hms_status.errors import InputError
from hms_status.render.markers import (
    MarkerError,
    Placement,
    find_section,
    marker,
    remove_section,
    replace_section,
)

START, END = marker("badge", "start"), marker("badge", "end")
B = f"{START}\nb\n{END}\n"
PADDED = f"{START}\n\nb\n\n{END}\n"
"""Section b between two lines that are not blank: a blank line inside each marker."""


def section(body: str, eol: str = "\n", *, lead: bool = False, trail: bool = False) -> str:
    """The badge section as replace_section writes it, padded inside a marker on request."""
    return f"{START}{eol}{eol if lead else ''}{body}{eol if trail else ''}{END}{eol}"


def test_render_replace_keeps_everything_outside_the_markers() -> None:
    text = f"# Title\r\n\r\nintro\n\n{START}\r\nold\r\n{END}\r\n \t\r\ntail  \r\n"
    result = replace_section(text, "badge", "new\nlines\n", Placement.TOP)
    assert (
        result == f"# Title\r\n\r\nintro\n\n{START}\r\nnew\r\nlines\r\n{END}\r\n \t\r\ntail  \r\n"
    )


def test_render_existing_section_gets_blank_lines_where_its_neighbours_are_not_blank() -> None:
    text = f"intro\r\n{START}\r\nold\r\n{END}\r\ntail\r\n"
    result = replace_section(text, "badge", "new\n", Placement.TOP)
    assert result == f"intro\r\n{START}\r\n\r\nnew\r\n\r\n{END}\r\ntail\r\n"
    assert replace_section(result, "badge", "new\n", Placement.END) == result
    assert remove_section(result, "badge") == "intro\r\ntail\r\n"


@pytest.mark.parametrize(
    ("text", "placement", "expected"),
    [
        ("# T\npara\n", Placement.TOP, section("b\n", trail=True) + "# T\npara\n"),
        ("# T\npara\n", Placement.END, "# T\npara\n" + section("b\n", lead=True)),
        ("# T\npara\n", Placement.AFTER_FIRST_HEADING, "# T\n" + PADDED + "para\n"),
        ("# T\n\npara\n", Placement.AFTER_FIRST_HEADING, "# T\n" + section("b\n", lead=True) + "\npara\n"),
        ("Title\n=====\npara\n", Placement.AFTER_FIRST_HEADING, "Title\n=====\n" + PADDED + "para\n"),
        ("intro\n\nSub\n---\n", Placement.AFTER_FIRST_HEADING, "intro\n\nSub\n---\n" + section("b\n", lead=True)),
        ("no heading\n", Placement.AFTER_FIRST_HEADING, section("b\n", trail=True) + "no heading\n"),
        ("para\n\n", Placement.END, "para\n\n" + B),
        ("", Placement.END, section("b\n")),
        ("", Placement.AFTER_FIRST_HEADING, section("b\n")),
        ("last line", Placement.END, f"last line\n{START}\n\nb\n{END}"),
        ("# only", Placement.AFTER_FIRST_HEADING, f"# only\n{START}\n\nb\n{END}"),
    ],
)  # fmt: skip
def test_render_new_section_placement(text: str, placement: Placement, expected: str) -> None:
    assert replace_section(text, "badge", "b", placement) == expected


@pytest.mark.parametrize(
    "before",
    [
        "```\n# not a heading\n```\n",
        "~~~~\n# no\n```\n# still code\n~~~~\n",
        "   ```python\n# no\n   ```\n",
        "<!--\n# commented out\n-->\n",
        "> # quoted heading\n\n",
        "- # heading in a list\n\n",
        "    # indented code\n\n",
    ],
)
def test_render_headings_in_code_comments_and_containers_do_not_count(before: str) -> None:
    text = f"{before}## Real\nbody\n"
    result = replace_section(text, "badge", "b", Placement.AFTER_FIRST_HEADING)
    assert result == f"{before}## Real\n{PADDED}body\n"


def test_render_end_of_file_inside_an_open_fence_goes_before_the_fence() -> None:
    text = "intro\n```\ncode that never closes\n"
    result = replace_section(text, "badge", "b", Placement.END)
    assert result == f"intro\n{PADDED}```\ncode that never closes\n"
    assert remove_section(result, "badge") == text


def test_render_closed_fence_at_end_of_file_is_left_above() -> None:
    text = "```\ncode\n```"
    result = replace_section(text, "badge", "b", Placement.END)
    assert result == f"```\ncode\n```\n{START}\n\nb\n{END}"


def test_render_crlf_bom_and_missing_newline_are_preserved() -> None:
    text = "\ufeff# T\r\nline\r\nlast"
    result = replace_section(text, "badge", "x\ny", Placement.AFTER_FIRST_HEADING)
    assert result == f"\ufeff# T\r\n{START}\r\n\r\nx\r\ny\r\n\r\n{END}\r\nline\r\nlast"
    assert remove_section(result, "badge") == text
    end = replace_section(text, "badge", "x", Placement.END)
    assert end == f"\ufeff# T\r\nline\r\nlast\r\n{START}\r\n\r\nx\r\n{END}"


def test_render_dominant_line_ending_wins() -> None:
    text = "a\r\nb\r\nc\n"
    expected = text + section("x\r\n", "\r\n", lead=True)
    assert replace_section(text, "badge", "x\n", Placement.END) == expected


def test_render_find_section() -> None:
    text = f"a\n{START}\nline 1\nline 2\n{END}\nb\n"
    assert find_section(text, "badge") == "line 1\nline 2\n"
    assert find_section(text, "other") is None
    assert find_section(f"{START}\n{END}\n", "badge") == ""


def test_render_remove_section_and_absent_section() -> None:
    text = f"a\n{START}\nbody\n{END}\nb\n"
    assert remove_section(text, "badge") == "a\nb\n"
    assert remove_section("plain\n", "badge") == "plain\n"


def test_render_markers_in_code_fences_are_examples() -> None:
    example = f"```markdown\n{START}\nexample\n{END}\n```\n"
    assert find_section(example, "badge") is None
    result = replace_section(example, "badge", "real", Placement.END)
    assert result == example + section("real\n", lead=True)
    assert find_section(result, "badge") == "\nreal\n"


def test_render_markers_tolerate_indent_and_spacing() -> None:
    text = "   <!--hms-status:badge:start-->  \nold\n<!--  hms-status:badge:end -->\n"
    assert find_section(text, "badge") == "old\n"
    four_spaces = f"    {START}\n    {END}\n"
    assert find_section(four_spaces, "badge") is None


def test_render_other_sections_are_independent() -> None:
    text = "# T\n"
    both = replace_section(replace_section(text, "a", "1", Placement.END), "b", "2", Placement.END)
    assert find_section(both, "a") == "\n1\n" and find_section(both, "b") == "\n2\n"
    assert remove_section(remove_section(both, "a"), "b") == text
    assert remove_section(remove_section(both, "b"), "a") == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"{START}\nx\n", "line 1: 'hms-status:badge:start' marker has no end marker"),
        (f"{END}\n{START}\n", "line 1: 'hms-status:badge:end' marker comes before its start marker"),
        (
            f"{START}\n{END}\n" + "\n" * 9 + f"{START}\n{END}\n",
            "line 12: second 'hms-status:badge:start' marker; remove the duplicate",
        ),
        (f"{START}\n{END}\n{END}\n", "line 3: second 'hms-status:badge:end' marker"),
    ],
)  # fmt: skip
def test_render_unbalanced_or_duplicate_markers_name_the_line(text: str, message: str) -> None:
    calls: list[Callable[[], object]] = [
        lambda: find_section(text, "badge"),
        lambda: remove_section(text, "badge"),
        lambda: replace_section(text, "badge", "x", Placement.END),
    ]
    for call in calls:
        with pytest.raises(MarkerError) as caught:
            call()
        assert message in caught.value.one_line()
        assert isinstance(caught.value, InputError)


@pytest.mark.parametrize(
    "body", ["```\nnever closed", f"{START}\nnested", f"x\n{END}", "~~~~\n~~~\n"]
)
def test_render_body_that_would_break_the_markers_is_refused(body: str) -> None:
    with pytest.raises(MarkerError, match="would break its markers"):
        replace_section("# T\n", "badge", body, Placement.END)


def test_render_body_with_closed_fence_and_example_markers_is_fine() -> None:
    body = f"```\n{START}\n```\n"
    result = replace_section("# T\n", "badge", body, Placement.END)
    assert find_section(result, "badge") == "\n" + body


@pytest.mark.parametrize("name", ["", "has space", "a:b", "-x", "x-->"])
def test_render_invalid_section_names_are_refused(name: str) -> None:
    with pytest.raises(MarkerError, match="invalid section name"):
        replace_section("", name, "x", Placement.TOP)


TEXT_PIECES = [
    "a", " ", "\t", "# h", "#", "=", "===", "-", "---", "```", "~~~", "````", "    ",
    "\n", "\r\n", "\r", "\ufeff", "<!--", "-->", "<!-- x -->", ">", "- ", "`", "é",
]  # fmt: skip
TEXTS = st.one_of(st.lists(st.sampled_from(TEXT_PIECES), max_size=30).map("".join), st.text())
BODY_PIECES = ["row", " ", "|", "\n", "\r\n", "\r", "# b", "<!--", "-->", "    ", "=", "---"]
BODIES = st.one_of(
    st.lists(st.sampled_from(BODY_PIECES), max_size=12).map("".join),
    st.sampled_from(["", "\n", "```\ncode\n```", "~~~~\n```\n~~~~\n", "<pre>\nx"]),
)
PLACEMENTS = st.sampled_from(list(Placement))


def normalized(body: str, eol: str) -> str:
    """What find_section returns for body written with line ending eol."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = lines[:-1] if lines[-1] == "" else lines
    return "".join(line + eol for line in lines)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.lists(BODIES, min_size=1, max_size=4), PLACEMENTS)
def test_render_any_text_survives_repeated_replacement(
    text: str, bodies: list[str], placement: Placement
) -> None:
    assume("hms-status" not in text)
    result = text
    for body in bodies:
        result = replace_section(result, "badge", body, placement)
        assert remove_section(result, "badge") == text
        found = find_section(result, "badge")
        assert found is not None
        expected = normalized(body, "\n")
        shown = found.replace("\r\n", "\n").replace("\r", "\n")
        assert shown in {expected, "\n" + expected, expected + "\n", "\n" + expected + "\n"}
        assert shown == expected or expected.strip(" \t\n")  # an empty body is never padded


@settings(max_examples=300, deadline=None)
@given(TEXTS, BODIES, PLACEMENTS)
def test_render_replacing_twice_with_the_same_body_is_idempotent(
    text: str, body: str, placement: Placement
) -> None:
    assume("hms-status" not in text)
    once = replace_section(text, "badge", body, placement)
    assert replace_section(once, "badge", body, placement) == once
    assert replace_section(once, "badge", body, Placement.TOP) == once


@settings(max_examples=300, deadline=None)
@given(TEXTS, BODIES, PLACEMENTS)
def test_render_remove_after_replace_gives_back_the_original(
    text: str, body: str, placement: Placement
) -> None:
    assume("hms-status" not in text)
    assert remove_section(replace_section(text, "badge", body, placement), "badge") == text


def test_render_lone_cr_before_lf_is_not_merged_into_crlf() -> None:
    text = "\n\r\r"  # CR is the dominant ending; the text starts with an empty LF line
    result = replace_section(text, "badge", "", Placement.TOP)
    assert result == f"{START}\r{END}\r\n\n\r\r"
    assert remove_section(result, "badge") == text


@pytest.mark.parametrize("placement", [Placement.TOP, Placement.AFTER_FIRST_HEADING])
def test_render_front_matter_stays_first(placement: Placement) -> None:
    text = "---\ntitle: HMS\n---\nintro\n"
    expected = f"---\ntitle: HMS\n---\n{PADDED}intro\n"
    assert replace_section(text, "badge", "b", placement) == expected
    with_heading = "---\ntitle: HMS\n---\n# Heading\nintro\n"
    expected = f"---\ntitle: HMS\n---\n# Heading\n{PADDED}intro\n"
    assert replace_section(with_heading, "badge", "b", Placement.AFTER_FIRST_HEADING) == expected


FRONT_MATTERS = [
    "---\n# site metadata\nlayout: page\ntitle: H\n---\n",
    "---\n# site metadata\nlayout: page\n...\n",
    "---  \n- list: item\n```\n---\t\n",
    "---\n---\n",
    "---\nTitle\n===\n---\n",
]


@pytest.mark.parametrize("front", FRONT_MATTERS)
def test_render_front_matter_is_never_markdown_whatever_its_first_line(front: str) -> None:
    text = f"{front}\n# H service\n"
    top = replace_section(text, "badge", "b", Placement.TOP)
    assert top == front + section("b\n", lead=True) + "\n# H service\n"
    under = replace_section(text, "badge", "b", Placement.AFTER_FIRST_HEADING)
    assert under == f"{front}\n# H service\n" + section("b\n", lead=True)
    assert remove_section(under, "badge") == text
    no_heading = f"{front}intro\n"
    expected = f"{front}{PADDED}intro\n"
    assert replace_section(no_heading, "badge", "b", Placement.AFTER_FIRST_HEADING) == expected


def test_render_an_unclosed_leading_rule_is_not_front_matter() -> None:
    text = "---\n# Title\n"
    assert replace_section(text, "badge", "b", Placement.TOP) == section("b\n", trail=True) + text
    under = replace_section(text, "badge", "b", Placement.AFTER_FIRST_HEADING)
    assert under == f"---\n# Title\n{START}\n\nb\n{END}\n"


def test_render_a_section_after_an_html_block_still_renders_its_heading() -> None:
    text = "# C\n\n<details>\n<summary>More</summary>\n\nhidden\n</details>\n"
    body = "## HMS status\n\n- green\n"
    result = replace_section(text, "badge", body, Placement.END)
    assert result == f"{text}{START}\n\n{body}{END}\n"
    tokens = MarkdownIt("commonmark").parse(result)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == ["C", "HMS status"]
    assert remove_section(result, "badge") == text
