"""NUnit XML, both NUnit 3 (``<test-run>``) and NUnit 2.x (``<test-results>``), as one TestReport.

Each ``<test-case>`` is one case, whatever ``<test-suite>`` nesting surrounds it; its
innermost suite names it. Outcomes come from the ``result`` attribute: Passed/Success and
Warning pass; Failed with ``label="Error"`` and NUnit 2's Error are errors; other Failed
and Failure fail; Skipped, Ignored, Inconclusive, NotRunnable and Cancelled are skipped.
NUnit 2.2 files without ``result`` fall back to ``executed``/``success``; a value this
module does not know counts as failed, so nothing unreadable looks green. Both versions
report the format ``"nunit3"`` (the corpus's name for the NUnit family).
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree.ElementTree import Element

from hms_status.domain.enums import Outcome
from hms_status.domain.results import TestCaseResult, TestReport
from hms_status.reports.fields import child_text, first_lines, report_duration, seconds
from hms_status.reports.safe_xml import Event
from hms_status.reports.walk import cases_in_suites

FORMAT = "nunit3"
ROOT_TAGS = frozenset({"test-run", "test-results"})
CASE_TAGS = ITEM_TAGS = frozenset({"test-case"})
_SUITE_TAGS = frozenset({"test-suite"})
_RESULTS = {
    "Passed": Outcome.PASSED,
    "Success": Outcome.PASSED,
    "Warning": Outcome.PASSED,
    "Failed": Outcome.FAILED,
    "Failure": Outcome.FAILED,
    "Error": Outcome.ERROR,
    "Skipped": Outcome.SKIPPED,
    "Ignored": Outcome.SKIPPED,
    "Inconclusive": Outcome.SKIPPED,
    "NotRunnable": Outcome.SKIPPED,
    "Cancelled": Outcome.SKIPPED,
}


def parse_nunit(root: Element, events: Iterable[Event]) -> TestReport:
    """Read the cases of an NUnit report whose root start event has been consumed."""
    declared = root.get("duration")  # NUnit 2's root ``time`` is a clock time, not a duration
    cases = tuple(
        _case(element, suite)
        for element, suite in cases_in_suites(root, events, CASE_TAGS, _SUITE_TAGS)
    )
    return TestReport(FORMAT, cases, report_duration(declared, (c.time_s for c in cases)))


def _case(element: Element, suite: str) -> TestCaseResult:
    outcome = _outcome(element)
    return TestCaseResult(
        name=element.get("name", ""),
        outcome=outcome,
        classname=element.get("classname", ""),
        suite=suite,
        time_s=seconds(element.get("duration") or element.get("time")),
        message="" if outcome is Outcome.PASSED else _message(element),
    )


def _message(element: Element) -> str:
    """The first lines of the failure message, or of the reason a case was skipped."""
    return first_lines(
        child_text(element, "failure", "message"), child_text(element, "reason", "message")
    )


def _outcome(element: Element) -> Outcome:
    result = element.get("result")
    if result is None:
        return _legacy_outcome(element)
    if result == "Failed" and element.get("label") == "Error":
        return Outcome.ERROR
    return _RESULTS.get(result, Outcome.FAILED)


def _legacy_outcome(element: Element) -> Outcome:
    """NUnit 2.2 and older: only ``executed`` and ``success`` tell what happened."""
    if element.get("executed") == "False":
        return Outcome.SKIPPED
    return Outcome.PASSED if element.get("success") == "True" else Outcome.FAILED
