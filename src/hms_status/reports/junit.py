"""JUnit XML, in every producer's dialect, read into one TestReport.

Counting rules (checked against the shared corpus):

* One outcome per ``<testcase>`` element, wherever it sits: ``<testsuite>`` elements may
  nest to any depth and each case belongs to its innermost suite. Repeated cases with the
  same name count separately; ``<error>``/``<failure>`` outside any testcase are not cases.
* The outcome comes from the case's own children, with the precedence
  ``<error>`` > ``<failure>`` > ``<skipped>`` > passed.
* Reruns never change the outcome: pytest-rerunfailures ``<rerunFailure>``/``<rerunError>``
  and surefire ``<flakyFailure>``/``<flakyError>`` only set ``flaky=True``; the final
  outcome is what the case's own ``<failure>``/``<error>``/``<skipped>`` children say.
* Attributes never decide the outcome: ``status="disabled"``, ``status="notrun"`` or
  ``result="suppressed"`` without a ``<skipped/>`` child count as passed (the corpus's
  mikepenz/testDisabled.xml demands it), and declared suite totals are ignored.
* Times that are missing, unreadable or negative read as 0.0.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree.ElementTree import Element

from hms_status.domain.enums import Outcome
from hms_status.domain.results import TestCaseResult, TestReport
from hms_status.reports.fields import first_line, report_duration, seconds
from hms_status.reports.safe_xml import Event
from hms_status.reports.walk import cases_in_suites

FORMAT = "junit-xml"
ROOT_TAGS = frozenset({"testsuites", "testsuite"})
_SUITE_TAGS = frozenset({"testsuite"})
_PRECEDENCE = (("error", Outcome.ERROR), ("failure", Outcome.FAILED), ("skipped", Outcome.SKIPPED))
_RERUN_TAGS = frozenset({"rerunFailure", "rerunError", "flakyFailure", "flakyError"})


def parse_junit(root: Element, events: Iterable[Event]) -> TestReport:
    """Read the cases of a JUnit XML report whose root start event has been consumed."""
    declared_time = root.get("time")
    cases = tuple(
        _case(element, suite)
        for element, suite in cases_in_suites(root, events, "testcase", _SUITE_TAGS)
    )
    return TestReport(FORMAT, cases, report_duration(declared_time, (c.time_s for c in cases)))


def _case(element: Element, suite: str) -> TestCaseResult:
    outcome, deciding = _outcome(element)
    return TestCaseResult(
        name=element.get("name", ""),
        outcome=outcome,
        classname=element.get("classname") or element.get("class") or "",
        suite=suite,
        time_s=seconds(element.get("time")),
        message="" if deciding is None else first_line(deciding.get("message"), deciding.text),
        flaky=any(child.tag in _RERUN_TAGS for child in element),
    )


def _outcome(element: Element) -> tuple[Outcome, Element | None]:
    """The case's outcome by precedence, and the child element that decided it."""
    children = {child.tag: child for child in reversed(element)}
    for tag, outcome in _PRECEDENCE:
        if tag in children:
            return outcome, children[tag]
    return Outcome.PASSED, None
