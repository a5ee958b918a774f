"""Self-hosted flat status badges (shields.io look) and shields.io endpoint JSON."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypedDict
from xml.sax.saxutils import escape

from hms_status.domain.enums import Status

STALE = "stale"
"""The badge state for a status too old to trust; shown like unknown."""


@dataclass(frozen=True)
class BadgeColor:
    """One badge colour, as an SVG fill and as a shields.io colour name."""

    hex: str
    """The fill used in our own SVG, e.g. "#4c1"."""
    name: str
    """The shields.io name for the same colour, e.g. "brightgreen"."""


STATUS_COLORS: Mapping[str, BadgeColor] = MappingProxyType(
    {
        Status.GREEN.value: BadgeColor("#4c1", "brightgreen"),
        Status.YELLOW.value: BadgeColor("#dfb317", "yellow"),
        Status.RED.value: BadgeColor("#e05d44", "red"),
        Status.UNKNOWN.value: BadgeColor("#9f9f9f", "lightgrey"),
        STALE: BadgeColor("#9f9f9f", "lightgrey"),
    }
)
"""Badge colour for each Status value, plus "stale"."""

_NAMED = {
    **{color.name: color.hex for color in STATUS_COLORS.values()},
    **{"green": "#97ca00", "yellowgreen": "#a4a61d", "orange": "#fe7d37", "blue": "#007ec6"},
    **{"grey": "#555", "gray": "#555", "lightgray": "#9f9f9f"},
}
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_WIDTHS_BY_CHARS = {
    2.95: "'", 3.02: "il", 3.79: "j", 3.87: " f", 4.0: ",.", 4.33: "!t", 4.63: "I",
    4.69: "r", 5.0: "()-/:;[\\]|J", 5.05: '"', 5.73: "cs", 5.78: "z", 6.0: "?", 6.12: "L",
    6.32: "F", 6.51: "kvxy", 6.55: "e", 6.61: "a", 6.63: "P", 6.68: "o", 6.77: "Y", 6.78: "T",
    6.85: "bdgpq", 6.96: "Ehnu", 6.98: "{}", 6.99: "$*0123456789_`", 7.52: "ASV",
    7.54: "BXZ", 7.62: "K", 7.65: "R", 7.68: "C", 7.99: "&", 8.05: "U", 8.23: "N", 8.27: "H",
    8.48: "D", 8.53: "G", 8.66: "OQ", 9.0: "#+<=>^~w", 9.27: "M", 10.7: "m", 10.88: "W",
    11.0: "@", 11.84: "%",
}  # fmt: skip
VERDANA_11_WIDTHS: Mapping[str, float] = MappingProxyType(
    {char: width for width, chars in _WIDTHS_BY_CHARS.items() for char in chars}
)
"""Advance width in pixels of each printable ASCII character in 11px Verdana (as shields uses)."""
_UNKNOWN_WIDTH = VERDANA_11_WIDTHS["m"]
_PADDING = 5

_TEMPLATE = """\
<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" \
aria-label="{title}"><title>{title}</title>\
<linearGradient id="s{uid}" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>\
<stop offset="1" stop-opacity=".1"/></linearGradient>\
<clipPath id="r{uid}"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>\
<g clip-path="url(#r{uid})"><rect width="{label_w}" height="20" fill="#555"/>\
<rect x="{label_w}" width="{message_w}" height="20" fill="{color}"/>\
<rect width="{total}" height="20" fill="url(#s{uid})"/></g>\
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" \
text-rendering="geometricPrecision" font-size="110">\
<text aria-hidden="true" x="{label_x}" y="150" fill="#010101" fill-opacity=".3" \
transform="scale(.1)" textLength="{label_len}">{label}</text>\
<text x="{label_x}" y="140" transform="scale(.1)" fill="#fff" \
textLength="{label_len}">{label}</text>\
<text aria-hidden="true" x="{message_x}" y="150" fill="{shadow}" fill-opacity=".3" \
transform="scale(.1)" textLength="{message_len}">{message}</text>\
<text x="{message_x}" y="140" transform="scale(.1)" fill="{ink}" \
textLength="{message_len}">{message}</text></g></svg>
"""


class ShieldsEndpoint(TypedDict):
    """The JSON a shields.io endpoint badge reads (https://shields.io/badges/endpoint-badge)."""

    schemaVersion: int
    label: str
    message: str
    color: str
    cacheSeconds: int


def text_width(text: str) -> float:
    """Estimated width in pixels of text set in 11px Verdana."""
    return sum(_char_width(char) for char in text)


def render_badge_svg(label: str, message: str, color: str) -> str:
    """A standalone flat SVG badge; color is a hex fill ("#4c1") or a shields colour name."""
    fill = _fill(color)
    label, message = _clean(label), _clean(message)
    label_len, message_len = _preferred_width(label), _preferred_width(message)
    label_w, message_w = label_len + 2 * _PADDING, message_len + 2 * _PADDING
    ink, shadow = ("#333", "#ccc") if _is_light(fill) else ("#fff", "#010101")
    # Ids unique per badge content, so several badges inlined in one page do not share clips.
    uid = hashlib.sha256(f"{label}\0{message}\0{fill}".encode()).hexdigest()[:8]
    return _TEMPLATE.format(
        uid=uid,
        total=label_w + message_w,
        title=_xml(f"{label}: {message}"),
        label_w=label_w,
        message_w=message_w,
        color=fill,
        label_x=label_w * 5,
        label_len=label_len * 10,
        label=_xml(label),
        message_x=(label_w * 2 + message_w) * 5,
        message_len=message_len * 10,
        message=_xml(message),
        ink=ink,
        shadow=shadow,
    )


def shields_endpoint(label: str, message: str, color: str, cache_seconds: int) -> ShieldsEndpoint:
    """The shields.io endpoint JSON for a badge; cache_seconds tells shields how long to cache."""
    if cache_seconds < 0:
        raise ValueError(f"cache_seconds must be 0 or more, not {cache_seconds}")
    return ShieldsEndpoint(
        schemaVersion=1, label=label, message=message, color=color, cacheSeconds=cache_seconds
    )


def _char_width(char: str) -> float:
    """One character's width: from the table (accents ignored), 0 for marks, else as 'm'."""
    base = unicodedata.normalize("NFKD", char)[:1]
    if base in VERDANA_11_WIDTHS:
        return VERDANA_11_WIDTHS[base]
    return 0.0 if unicodedata.combining(char) else _UNKNOWN_WIDTH


def _preferred_width(text: str) -> int:
    """The text width rounded up to an odd pixel count, so the text centres on a pixel."""
    width = int(-(-text_width(text) // 1))
    return width if width % 2 else width + 1


def _clean(text: str) -> str:
    """text on one line, without characters XML cannot hold."""
    return " ".join(_NOT_XML.sub("", text).split())


def _xml(text: str) -> str:
    """text escaped for XML element content and double- or single-quoted attributes."""
    return escape(text, {'"': "&quot;", "'": "&apos;"})


def _fill(color: str) -> str:
    """A validated hex fill for color (a hex code or a shields colour name)."""
    fill = _NAMED.get(color.lower(), color)
    if not _HEX.fullmatch(fill):
        raise ValueError(f"unknown badge colour {color!r}: use '#rgb', '#rrggbb' or a name")
    return fill


def _is_light(fill: str) -> bool:
    """True when dark text reads better on fill (shields' brightness rule)."""
    digits = fill[1:] if len(fill) == 7 else "".join(c * 2 for c in fill[1:])
    red, green, blue = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return (red * 299 + green * 587 + blue * 114) / 255_000 >= 0.69
