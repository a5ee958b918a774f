"""xUnit.net XML (v2 ``<assemblies>``/``<assembly>``, v1 ``<class>`` grouping) as one TestReport.

Each ``<test>`` is one case, named by ``name``, with ``type`` as its class and the
enclosing ``<collection>`` (v2) or ``<class>`` (v1) as its suite. ``result`` Pass passes,
Fail fails, Skip and NotRun are skipped; xUnit.net has no separate error outcome, and an
unknown value counts as failed. Assembly-level ``<errors>`` (fixture crashes) are not cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree.ElementTree import Element

from hms_status.domain.enums import Outcome
from hms_status.domain.results import TestCaseResult, TestReport
from hms_status.reports.fields import child_text, first_lines, seconds, sum_seconds
from hms_status.reports.safe_xml import Event
from hms_status.reports.walk import cases_in_suites

FORMAT = "xunit.net"
ROOT_TAGS = frozenset({"assemblies", "assembly"})
CASE_TAGS = ITEM_TAGS = frozenset({"test"})
_SUITE_TAGS = frozenset({"collection", "class"})
_RESULTS = {
    "Pass": Outcome.PASSED,
    "Fail": Outcome.FAILED,
    "Skip": Outcome.SKIPPED,
    "NotRun": Outcome.SKIPPED,
}


def parse_xunit_net(root: Element, events: Iterable[Event]) -> TestReport:
    """Read the cases of an xUnit.net report whose root start event has been consumed."""
    cases = tuple(
        _case(element, suite)
        for element, suite in cases_in_suites(root, events, CASE_TAGS, _SUITE_TAGS)
    )
    return TestReport(FORMAT, cases, _duration(root, cases))


def _duration(root: Element, cases: tuple[TestCaseResult, ...]) -> float:
    """The root's time, else its assemblies' (still attached after the walk), else the cases'."""
    assemblies = sum_seconds(
        seconds(child.get("time")) for child in root if child.tag == "assembly"
    )
    return seconds(root.get("time")) or assemblies or sum_seconds(case.time_s for case in cases)


def _case(element: Element, suite: str) -> TestCaseResult:
    return TestCaseResult(
        name=element.get("name", ""),
        outcome=_RESULTS.get(element.get("result", ""), Outcome.FAILED),
        classname=element.get("type", ""),
        suite=suite,
        time_s=seconds(element.get("time")),
        message=first_lines(
            child_text(element, "failure", "message"), child_text(element, "reason")
        ),
    )
