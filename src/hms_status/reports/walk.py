"""Walks a report's event stream to each test case, knowing the innermost suite around it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from xml.etree.ElementTree import Element

from hms_status.reports.safe_xml import Event


def cases_in_suites(
    root: Element, events: Iterable[Event], case_tags: frozenset[str], suite_tags: frozenset[str]
) -> Iterator[tuple[Element, str]]:
    """Yield each complete case element with its innermost suite's name, then clear it.

    Suites nest to any depth; a case is yielded once, at its end tag, so its children
    (failure, skipped, ...) are there to read. Cleared elements keep memory flat on huge files.
    """
    suites = [root.get("name", "")] if root.tag in suite_tags else []
    for kind, element in events:
        if element.tag in suite_tags and element is not root:
            if kind == "start":
                suites.append(element.get("name", ""))
            else:
                suites.pop()
                element.clear()
        elif kind == "end" and element.tag in case_tags:
            yield element, suites[-1] if suites else ""
            element.clear()
