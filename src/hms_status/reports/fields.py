"""Forgiving readers for the values every report format shares: durations and messages."""

from __future__ import annotations

import math
from collections.abc import Iterable
from xml.etree.ElementTree import Element

MESSAGE_MAX_CHARS = 500
MESSAGE_MAX_LINES = 5


def seconds(text: str | None) -> float:
    """A duration in seconds; missing, unreadable, infinite or negative values read as 0.0."""
    if not text:
        return 0.0
    try:
        value = float(text.strip())
    except ValueError:
        return 0.0
    return value if math.isfinite(value) and value > 0 else 0.0


def hms_seconds(text: str | None) -> float:
    """A ``[d.]hh:mm:ss[.fffffff]`` duration (TRX) in seconds; unreadable values read as 0.0."""
    parts = (text or "").strip().split(":")
    if len(parts) != 3:
        return 0.0
    days, _, hours = parts[0].rpartition(".")
    return (
        seconds(days) * 86400 + seconds(hours) * 3600 + seconds(parts[1]) * 60 + seconds(parts[2])
    )


def first_lines(*candidates: str | None) -> str:
    """The first non-blank lines (at most MESSAGE_MAX_LINES, without blank ones) of the first
    candidate that has any, each stripped, together cut to MESSAGE_MAX_CHARS characters."""
    for text in candidates:
        lines = []
        for line in (text or "").splitlines():
            if line.strip():
                lines.append(line.strip())
                if len(lines) == MESSAGE_MAX_LINES:
                    break
        if lines:
            return "\n".join(lines)[:MESSAGE_MAX_CHARS]
    return ""


def child_text(element: Element, *path: str) -> str | None:
    """The text of the first descendant reached by following child names, or None."""
    node: Element | None = element
    for name in path:
        node = _first_child(node, name) if node is not None else None
    return node.text if node is not None else None


def _first_child(element: Element, name: str) -> Element | None:
    return next((child for child in element if child.tag == name), None)


def sum_seconds(values: Iterable[float]) -> float:
    """Total of durations, rounded to microseconds to keep float noise out of reports."""
    return round(math.fsum(values), 6)


def report_duration(declared: str | None, case_times: Iterable[float]) -> float:
    """The run's declared duration when it has one, otherwise the sum of its cases' times."""
    return seconds(declared) or sum_seconds(case_times)
