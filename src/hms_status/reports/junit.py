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
from hms_status.reports.fields import first_lines, report_duration, seconds
from hms_status.reports.safe_xml import Event
from hms_status.reports.walk import cases_in_suites

FORMAT = "junit-xml"
ROOT_TAGS = frozenset({"testsuites", "testsuite"})
CASE_TAGS = ITEM_TAGS = frozenset({"testcase"})
_SUITE_TAGS = frozenset({"testsuite"})
_RANKS = {"error": 0, "failure": 1, "skipped": 2}
"""The precedence of the children that decide an outcome: the lowest rank wins."""
_OUTCOMES = (Outcome.ERROR, Outcome.FAILED, Outcome.SKIPPED, Outcome.PASSED)
_RERUN_TAGS = frozenset({"rerunFailure", "rerunError", "flakyFailure", "flakyError"})


def parse_junit(root: Element, events: Iterable[Event]) -> TestReport:
    """Read the cases of a JUnit XML report whose root start event has been consumed."""
    declared_time = root.get("time")
    cases = tuple(
        _case(element, suite)
        for element, suite in cases_in_suites(root, events, CASE_TAGS, _SUITE_TAGS)
    )
    return TestReport(FORMAT, cases, report_duration(declared_time, (c.time_s for c in cases)))


def _case(element: Element, suite: str) -> TestCaseResult:
    rank, deciding, flaky = _outcome(element)
    return TestCaseResult(
        element.get("name", ""),
        _OUTCOMES[rank],
        element.get("classname") or element.get("class") or "",
        suite,
        seconds(element.get("time")),
        "" if deciding is None else first_lines(deciding.get("message"), deciding.text),
        flaky,
        element.get("file") or "",
    )


def _outcome(element: Element) -> tuple[int, Element | None, bool]:
    """The rank of the case's outcome, the child that decided it, and whether it was rerun.

    One pass over the children: the first child of the best rank decides.
    """
    best, deciding, flaky = len(_RANKS), None, False
    for child in element:
        rank = _RANKS.get(child.tag, best)
        if rank < best:
            best, deciding = rank, child
        elif child.tag in _RERUN_TAGS:
            flaky = True
    return best, deciding, flaky
