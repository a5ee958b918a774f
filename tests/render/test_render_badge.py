"""Self-hosted SVG badges and shields.io endpoint JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hms_status.domain.enums import Status
from hms_status.render.badge import (
    STALE,
    STATUS_COLORS,
    VERDANA_11_WIDTHS,
    render_badge_svg,
    shields_endpoint,
    text_width,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """The badge's root element, after checking it is a standalone SVG document."""
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def test_render_badge_is_a_valid_standalone_svg() -> None:
    root = parse(render_badge_svg("HMS-API", "green", STATUS_COLORS[Status.GREEN].hex))
    assert root.get("height") == "20"
    assert int(root.get("width", "0")) > 0
    assert root.findtext(f"{SVG}title") == "HMS-API: green"
    assert root.get("aria-label") == "HMS-API: green"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["HMS-API", "HMS-API", "green", "green"]
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert "#4c1" in fills


def test_render_badge_escapes_hostile_text() -> None:
    label, message = "<script>alert(1)</script>", "a & b \"q\" 'x' ]]> \x00\x1b"
    svg = render_badge_svg(label, message, "red")
    assert "<script>" not in svg and "\x00" not in svg and "\x1b" not in svg
    root = parse(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == [label, label, "a & b \"q\" 'x' ]]>", "a & b \"q\" 'x' ]]>"]
    assert root.findtext(f"{SVG}title") == f"{label}: a & b \"q\" 'x' ]]>"


@settings(deadline=None)  # no wall-clock limit: the suite runs under load
@given(st.text(max_size=40), st.text(max_size=40))
def test_render_badge_any_text_gives_parseable_svg(label: str, message: str) -> None:
    parse(render_badge_svg(label, message, "#9f9f9f"))


def test_render_badge_width_grows_with_text() -> None:
    widths = [
        int(parse(render_badge_svg("status", "x" * n, "green")).get("width", "0"))
        for n in (1, 5, 20)
    ]
    assert widths[0] < widths[1] < widths[2]
    assert text_width("mmm") > text_width("iii") > 0
    assert text_width("passing") == pytest.approx(41.75, abs=0.05)


def test_render_badge_width_table_covers_printable_ascii() -> None:
    assert set(VERDANA_11_WIDTHS) == {chr(c) for c in range(32, 127)}


def test_render_badge_width_of_other_characters() -> None:
    assert text_width("é") == text_width("e")  # accents decompose to their base letter
    assert text_width("e\u0301") == text_width("e")  # combining marks take no room
    assert text_width("日") == text_width("m")


def test_render_badge_light_backgrounds_get_dark_text() -> None:
    light = parse(render_badge_svg("a", "b", "#fff"))
    dark = parse(render_badge_svg("a", "b", "#555"))
    assert [t.get("fill") for t in light.iter(f"{SVG}text")][-1] == "#333"
    assert [t.get("fill") for t in dark.iter(f"{SVG}text")][-1] == "#fff"


def test_render_badges_inlined_together_do_not_share_ids() -> None:
    first, second = render_badge_svg("a", "b", "red"), render_badge_svg("a", "bb", "red")
    ids = [e.get("id") for svg in (first, second) for e in parse(svg).iter() if e.get("id")]
    assert len(ids) == len(set(ids)) == 4


@pytest.mark.parametrize("color", ["", "#12", "#gggggg", "url(#x)", '"/><script>', "purple-ish"])
def test_render_badge_refuses_unknown_colours(color: str) -> None:
    with pytest.raises(ValueError, match="unknown badge colour"):
        render_badge_svg("a", "b", color)


def test_render_status_colors_cover_every_status_and_stale() -> None:
    assert set(STATUS_COLORS) == {status.value for status in Status} | {STALE}
    assert STATUS_COLORS[Status.GREEN] == STATUS_COLORS["green"]
    assert (STATUS_COLORS["green"].hex, STATUS_COLORS["green"].name) == ("#4c1", "brightgreen")
    assert (STATUS_COLORS["yellow"].hex, STATUS_COLORS["yellow"].name) == ("#dfb317", "yellow")
    assert (STATUS_COLORS["red"].hex, STATUS_COLORS["red"].name) == ("#e05d44", "red")
    for key in ("unknown", STALE):
        assert (STATUS_COLORS[key].hex, STATUS_COLORS[key].name) == ("#9f9f9f", "lightgrey")
    for color in STATUS_COLORS.values():
        parse(render_badge_svg("x", "y", color.name))


def test_render_shields_endpoint_json() -> None:
    payload = shields_endpoint("HMS-API", "yellow", STATUS_COLORS["yellow"].name, 300)
    assert json.loads(json.dumps(payload)) == {
        "schemaVersion": 1,
        "label": "HMS-API",
        "message": "yellow",
        "color": "yellow",
        "cacheSeconds": 300,
    }
    with pytest.raises(ValueError, match="cache_seconds"):
        shields_endpoint("a", "b", "red", -1)
