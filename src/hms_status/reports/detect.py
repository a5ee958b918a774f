"""Recognises a report's format from its root element and hands the rest to that format's reader.

A root that is none of the known ones (e.g. ``<suites>``) is refused with a ReportError
rather than read as an empty run: recording "0 tests" from a file that is not a test
report would hide a broken pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from xml.etree.ElementTree import Element

from hms_status.domain.results import TestReport
from hms_status.errors import ReportError
from hms_status.reports import junit, nunit, trx, xunit_net
from hms_status.reports.safe_xml import Event, iter_events

Reader = Callable[[Element, Iterable[Event]], TestReport]

_READERS: dict[str, Reader] = {
    **dict.fromkeys(junit.ROOT_TAGS, junit.parse_junit),
    **dict.fromkeys(nunit.ROOT_TAGS, nunit.parse_nunit),
    **dict.fromkeys(trx.ROOT_TAGS, trx.parse_trx),
    **dict.fromkeys(xunit_net.ROOT_TAGS, xunit_net.parse_xunit_net),
}
_NOT_A_REPORT_HINT = (
    "expected JUnit XML (<testsuites>/<testsuite>), NUnit (<test-run>/<test-results>), "
    "TRX (<TestRun>) or xUnit.net (<assemblies>/<assembly>)"
)


def parse_report_bytes(data: bytes, source: str = "<report>") -> TestReport:
    """Parse a JUnit, NUnit, TRX or xUnit.net report, recognised from its root element."""
    events = iter_events(data, source)
    root = _root(events, source)
    reader = _READERS.get(root.tag)
    if reader is None:
        raise ReportError(
            f"{source}: not a JUnit/NUnit/TRX/xUnit report (root element <{root.tag}>)",
            _NOT_A_REPORT_HINT,
        )
    return reader(root, events)


def _root(events: Iterator[Event], source: str) -> Element:
    """The root element, from the first start event."""
    for _kind, element in events:
        return element
    raise ReportError(f"{source}: no XML element found", "the report file is empty")  # unreachable
