"""Marker splicing: placements, byte-for-byte preservation, errors, and properties for any text."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

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


def section(body: str, eol: str = "\n") -> str:
    """The badge section as replace_section writes it."""
    return f"{START}{eol}{body}{END}{eol}"


def test_render_replace_keeps_everything_outside_the_markers() -> None:
    text = f"# Title\r\n\r\nintro\n{START}\r\nold\r\n{END}\r\ntail  \r\n"
    result = replace_section(text, "badge", "new\nlines\n", Placement.TOP)
    assert result == f"# Title\r\n\r\nintro\n{START}\r\nnew\r\nlines\r\n{END}\r\ntail  \r\n"


@pytest.mark.parametrize(
    ("text", "placement", "expected"),
    [
        ("# T\npara\n", Placement.TOP, section("b\n") + "# T\npara\n"),
        ("# T\npara\n", Placement.END, "# T\npara\n" + section("b\n")),
        ("# T\npara\n", Placement.AFTER_FIRST_HEADING, "# T\n" + section("b\n") + "para\n"),
        ("Title\n=====\npara\n", Placement.AFTER_FIRST_HEADING, "Title\n=====\n" + section("b\n") + "para\n"),
        ("intro\n\nSub\n---\n", Placement.AFTER_FIRST_HEADING, "intro\n\nSub\n---\n" + section("b\n")),
        ("no heading\n", Placement.AFTER_FIRST_HEADING, section("b\n") + "no heading\n"),
        ("", Placement.END, section("b\n")),
        ("", Placement.AFTER_FIRST_HEADING, section("b\n")),
        ("last line", Placement.END, f"last line\n{START}\nb\n{END}"),
        ("# only", Placement.AFTER_FIRST_HEADING, f"# only\n{START}\nb\n{END}"),
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
    assert result == f"{before}## Real\n{B}body\n"


def test_render_end_of_file_inside_an_open_fence_goes_before_the_fence() -> None:
    text = "intro\n```\ncode that never closes\n"
    result = replace_section(text, "badge", "b", Placement.END)
    assert result == f"intro\n{B}```\ncode that never closes\n"
    assert remove_section(result, "badge") == text


def test_render_closed_fence_at_end_of_file_is_left_above() -> None:
    text = "```\ncode\n```"
    result = replace_section(text, "badge", "b", Placement.END)
    assert result == f"```\ncode\n```\n{START}\nb\n{END}"


def test_render_crlf_bom_and_missing_newline_are_preserved() -> None:
    text = "\ufeff# T\r\nline\r\nlast"
    result = replace_section(text, "badge", "x\ny", Placement.AFTER_FIRST_HEADING)
    assert result == f"\ufeff# T\r\n{START}\r\nx\r\ny\r\n{END}\r\nline\r\nlast"
    assert remove_section(result, "badge") == text
    end = replace_section(text, "badge", "x", Placement.END)
    assert end == f"\ufeff# T\r\nline\r\nlast\r\n{START}\r\nx\r\n{END}"


def test_render_dominant_line_ending_wins() -> None:
    text = "a\r\nb\r\nc\n"
    assert replace_section(text, "badge", "x\n", Placement.END) == text + section("x\r\n", "\r\n")


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
    assert result == example + section("real\n")
    assert find_section(result, "badge") == "real\n"


def test_render_markers_tolerate_indent_and_spacing() -> None:
    text = "   <!--hms-status:badge:start-->  \nold\n<!--  hms-status:badge:end -->\n"
    assert find_section(text, "badge") == "old\n"
    four_spaces = f"    {START}\n    {END}\n"
    assert find_section(four_spaces, "badge") is None


def test_render_other_sections_are_independent() -> None:
    text = "# T\n"
    both = replace_section(replace_section(text, "a", "1", Placement.END), "b", "2", Placement.END)
    assert find_section(both, "a") == "1\n" and find_section(both, "b") == "2\n"
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
    assert find_section(result, "badge") == body


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


@settings(max_examples=300)
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
        assert found.replace("\r\n", "\n").replace("\r", "\n") == normalized(body, "\n")


@settings(max_examples=300)
@given(TEXTS, BODIES, PLACEMENTS)
def test_render_replacing_twice_with_the_same_body_is_idempotent(
    text: str, body: str, placement: Placement
) -> None:
    assume("hms-status" not in text)
    once = replace_section(text, "badge", body, placement)
    assert replace_section(once, "badge", body, placement) == once
    assert replace_section(once, "badge", body, Placement.TOP) == once


@settings(max_examples=300)
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
    assert replace_section(text, "badge", "b", placement) == f"---\ntitle: HMS\n---\n{B}intro\n"
    with_heading = "---\ntitle: HMS\n---\n# Heading\nintro\n"
    expected = f"---\ntitle: HMS\n---\n# Heading\n{B}intro\n"
    assert replace_section(with_heading, "badge", "b", Placement.AFTER_FIRST_HEADING) == expected


def test_render_thematic_breaks_are_not_front_matter() -> None:
    text = "---\n# Title\n---\n"
    assert replace_section(text, "badge", "b", Placement.TOP) == B + text
