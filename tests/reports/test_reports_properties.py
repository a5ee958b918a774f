"""Property: any list of cases rendered as JUnit XML reads back to the same outcomes and counts."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from hypothesis import given, settings
from hypothesis import strategies as st

from hms_status.domain.enums import Outcome
from hms_status.domain.results import TestCounts
from hms_status.reports import parse_report_bytes

OUTCOME_CHILD = {
    Outcome.PASSED: "",
    Outcome.FAILED: '<failure message="f"/>',
    Outcome.ERROR: "<error>e</error>",
    Outcome.SKIPPED: "<skipped/>",
}
NAMES = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cn")), max_size=20)
CASES = st.lists(
    st.tuples(NAMES, st.sampled_from(list(Outcome)), st.booleans(), st.integers(0, 3)), max_size=30
)


def _render(cases: list[tuple[str, Outcome, bool, int]]) -> bytes:
    """A JUnit report: each case wrapped in `depth` nested suites, reruns as rerunFailure."""
    parts = []
    for index, (name, outcome, rerun, depth) in enumerate(cases):
        children = OUTCOME_CHILD[outcome] + ("<rerunFailure/>" if rerun else "")
        case = f"<testcase name={quoteattr(name)}>{children}</testcase>"
        parts.append(f'<testsuite name="s{index}">' * depth + case + "</testsuite>" * depth)
    return (
        f'<?xml version="1.0" encoding="utf-8"?><testsuites>{"".join(parts)}</testsuites>'.encode()
    )


@settings(max_examples=200, deadline=None, database=None)
@given(cases=CASES)
def test_reports_junit_round_trip(cases: list[tuple[str, Outcome, bool, int]]) -> None:
    report = parse_report_bytes(_render(cases))

    assert report.counts == TestCounts.of(outcome for _, outcome, _, _ in cases)
    assert [(c.name, c.outcome, c.flaky) for c in report.cases] == [
        (name, outcome, rerun) for name, outcome, rerun, _ in cases
    ]
    assert [c.suite for c in report.cases] == [
        f"s{index}" if depth else "" for index, (*_, depth) in enumerate(cases)
    ]
