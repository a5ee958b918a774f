"""Recognises a report's format from its root element and hands the rest to that format's reader.

A root that is none of the known ones (e.g. ``<suites>``) is refused with a ReportError
rather than read as an empty run: recording "0 tests" from a file that is not a test
report would hide a broken pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType
from xml.etree.ElementTree import Element

from hms_status.domain.results import TestReport
from hms_status.errors import ReportError
from hms_status.reports import junit, nunit, trx, xunit_net
from hms_status.reports.limits import MAX_RUN_CASES
from hms_status.reports.safe_xml import Event, XmlEvents

Reader = Callable[[Element, Iterable[Event]], TestReport]


@dataclass(frozen=True)
class _Format:
    """One format's reader and the elements it takes one by one."""

    read: Reader
    items: frozenset[str]
    cases: frozenset[str]


def _format(module: ModuleType, read: Reader) -> dict[str, _Format]:
    spec = _Format(read, module.ITEM_TAGS, module.CASE_TAGS)
    return dict.fromkeys(module.ROOT_TAGS, spec)


_FORMATS: dict[str, _Format] = {
    **_format(junit, junit.parse_junit),
    **_format(nunit, nunit.parse_nunit),
    **_format(trx, trx.parse_trx),
    **_format(xunit_net, xunit_net.parse_xunit_net),
}
_NOT_A_REPORT_HINT = (
    "expected JUnit XML (<testsuites>/<testsuite>), NUnit (<test-run>/<test-results>), "
    "TRX (<TestRun>) or xUnit.net (<assemblies>/<assembly>)"
)


def parse_report_bytes(data: bytes, source: str = "<report>") -> TestReport:
    """Parse a JUnit, NUnit, TRX or xUnit.net report, recognised from its root element."""
    stream = XmlEvents(data, source)
    events = iter(stream)
    root = _root(events, source)
    spec = _FORMATS.get(root.tag)
    if spec is None:
        raise ReportError(
            f"{source}: not a JUnit/NUnit/TRX/xUnit report (root element <{root.tag}>)",
            _NOT_A_REPORT_HINT,
        )
    stream.take_items(spec.items, spec.cases, MAX_RUN_CASES)
    return spec.read(root, events)


def _root(events: Iterator[Event], source: str) -> Element:
    """The root element, from the first start event."""
    for _kind, element in events:
        return element
    raise ReportError(f"{source}: no XML element found", "the report file is empty")  # unreachable
