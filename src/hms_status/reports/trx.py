"""Visual Studio / ``dotnet test`` TRX files as one TestReport.

Each top-level ``<UnitTestResult>`` under ``<Results>`` is one case; the inner results of
data-driven tests (inside ``<InnerResults>``) are already summed up by their parent and are
not counted again. The class comes from the matching ``<UnitTest>``/``<TestMethod
className>`` definition. Outcomes: Passed, PassedButRunAborted, Warning and Completed pass;
Failed, Timeout and Aborted fail; Error is an error; NotExecuted, Inconclusive,
NotRunnable, Pending, InProgress and Disconnected are skipped; anything else fails.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from xml.etree.ElementTree import Element

from hms_status.domain.enums import Outcome
from hms_status.domain.results import TestCaseResult, TestReport
from hms_status.reports.fields import child_text, first_lines, hms_seconds, sum_seconds
from hms_status.reports.safe_xml import Event

FORMAT = "trx"
ROOT_TAGS = frozenset({"TestRun"})
CASE_TAGS = frozenset({"UnitTestResult"})
ITEM_TAGS = frozenset({"UnitTestResult", "UnitTest"})
_OUTCOMES = {
    **dict.fromkeys(("Passed", "PassedButRunAborted", "Warning", "Completed"), Outcome.PASSED),
    **dict.fromkeys(("Failed", "Timeout", "Aborted"), Outcome.FAILED),
    "Error": Outcome.ERROR,
    **dict.fromkeys(
        ("NotExecuted", "Inconclusive", "NotRunnable", "Pending", "InProgress", "Disconnected"),
        Outcome.SKIPPED,
    ),
}


def parse_trx(root: Element, events: Iterable[Event]) -> TestReport:
    """Read the cases of a TRX file whose root start event has been consumed."""
    results: list[tuple[str, TestCaseResult]] = []
    class_names: dict[str, str] = {}
    inner_depth = 0
    for kind, element in events:
        if element.tag == "InnerResults":
            inner_depth += 1 if kind == "start" else -1
        elif kind == "end" and element.tag == "UnitTestResult" and inner_depth == 0:
            results.append((element.get("testId", ""), _case(element)))
            element.clear()
        elif kind == "end" and element.tag == "UnitTest":
            class_names[element.get("id", "")] = _class_name(element)
            element.clear()
    cases = tuple(
        replace(case, classname=class_names.get(test_id, "")) for test_id, case in results
    )
    return TestReport(FORMAT, cases, sum_seconds(case.time_s for case in cases))


def _case(element: Element) -> TestCaseResult:
    return TestCaseResult(
        name=element.get("testName", ""),
        outcome=_OUTCOMES.get(element.get("outcome", ""), Outcome.FAILED),
        time_s=hms_seconds(element.get("duration")),
        message=first_lines(child_text(element, "Output", "ErrorInfo", "Message")),
    )


def _class_name(unit_test: Element) -> str:
    """The TestMethod's class, without the assembly qualification MSTest appends."""
    method = next((child for child in unit_test if child.tag == "TestMethod"), None)
    class_name = "" if method is None else method.get("className", "")
    return class_name.partition(",")[0].strip()
