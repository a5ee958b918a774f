"""JUnit XML counting rules, each shown with a small inline report."""

from __future__ import annotations

import pytest

from hms_status.domain.enums import Outcome
from hms_status.domain.results import TestCounts
from hms_status.reports import parse_report_bytes


def junit(body: str, root: str = "testsuites") -> bytes:
    """A JUnit report with the given content inside its root element."""
    return f'<?xml version="1.0" encoding="UTF-8"?><{root}>{body}</{root}>'.encode()


@pytest.mark.parametrize(
    ("children", "outcome"),
    [
        ("<skipped/><failure/><error/>", Outcome.ERROR),
        ("<error/><failure/>", Outcome.ERROR),
        ("<skipped/><failure/>", Outcome.FAILED),
        ("<skipped/>", Outcome.SKIPPED),
        ("<system-out>ok</system-out>", Outcome.PASSED),
        ("", Outcome.PASSED),
    ],
)
def test_reports_junit_precedence_error_failure_skipped_passed(
    children: str, outcome: Outcome
) -> None:
    report = parse_report_bytes(
        junit(f'<testsuite><testcase name="t">{children}</testcase></testsuite>')
    )

    assert [case.outcome for case in report.cases] == [outcome]


def test_reports_junit_nested_suites_count_each_case_once_under_innermost_suite() -> None:
    body = """
      <testsuite name="outer">
        <testsuite name="middle">
          <testsuite name="inner"><testcase name="deep"><failure/></testcase></testsuite>
          <testcase name="mid"/>
        </testsuite>
        <testcase name="top"><skipped/></testcase>
        <error message="suite setup failed"/>
      </testsuite>
      <testcase name="bare"/>"""

    report = parse_report_bytes(junit(body))

    assert [(c.name, c.suite) for c in report.cases] == [
        ("deep", "inner"), ("mid", "middle"), ("top", "outer"), ("bare", ""),
    ]  # fmt: skip
    assert report.counts == TestCounts(passed=2, failed=1, skipped=1)


@pytest.mark.parametrize("rerun", ["rerunFailure", "rerunError", "flakyFailure", "flakyError"])
def test_reports_junit_reruns_set_flaky_but_keep_the_final_outcome(rerun: str) -> None:
    body = f"""<testsuite>
        <testcase name="passed_on_retry"><{rerun} message="x"/></testcase>
        <testcase name="failed_every_time"><failure message="final"/><{rerun}/><{rerun}/></testcase>
        <testcase name="steady"/>
      </testsuite>"""

    cases = parse_report_bytes(junit(body)).cases

    assert [(c.name, c.outcome, c.flaky) for c in cases] == [
        ("passed_on_retry", Outcome.PASSED, True),
        ("failed_every_time", Outcome.FAILED, True),
        ("steady", Outcome.PASSED, False),
    ]
    assert cases[1].message == "final"


def test_reports_junit_repeated_cases_count_separately() -> None:
    body = '<testcase name="t"><failure/></testcase><testcase name="t"/>'

    report = parse_report_bytes(junit(body, root="testsuite"))

    assert report.counts == TestCounts(passed=1, failed=1)


def test_reports_junit_status_attributes_do_not_decide_the_outcome() -> None:
    body = """<testsuite disabled="3">
        <testcase name="a" status="disabled"/>
        <testcase name="b" status="notrun" result="suppressed"/>
        <testcase name="c" skipped="true"/>
        <testcase name="d" status="notrun"><skipped message="GTEST_SKIP"/></testcase>
      </testsuite>"""

    report = parse_report_bytes(junit(body))

    assert report.counts == TestCounts(passed=3, skipped=1)


def test_reports_junit_missing_attributes_read_as_empty_values() -> None:
    report = parse_report_bytes(junit("<testsuite><testcase><failure/></testcase></testsuite>"))

    (case,) = report.cases
    assert (case.name, case.classname, case.suite, case.time_s, case.message) == (
        "",
        "",
        "",
        0.0,
        "",
    )
    assert case.outcome is Outcome.FAILED


def test_reports_junit_reads_names_times_files_and_first_message_lines() -> None:
    long_line = "x" * 600
    lines = "\n".join(f"line {n}" for n in range(1, 9))
    body = f"""<testsuite name="s" time="9.5">
        <testcase name="a" class="phpunit.Class" time="1.25" file="tests/test_a.py" line="3"/>
        <testcase name="b" classname="pkg.B" time="oops"><error>

          first line

          second line</error></testcase>
        <testcase name="c" time="-3"><failure message="{long_line}"/></testcase>
        <testcase name="d"><failure message="">{lines}</failure></testcase>
      </testsuite>"""

    report = parse_report_bytes(junit(body, root="testsuites"))

    a, b, c, d = report.cases
    assert (a.classname, a.time_s, b.classname, b.time_s, c.time_s) == (
        "phpunit.Class", 1.25, "pkg.B", 0.0, 0.0,
    )  # fmt: skip
    assert (a.file, b.file) == ("tests/test_a.py", "")
    assert b.message == "first line\nsecond line"  # blank lines dropped, each line stripped
    assert c.message == "x" * 500
    assert d.message == "line 1\nline 2\nline 3\nline 4\nline 5"  # at most 5 lines
    assert report.duration_s == 1.25  # no root time: the sum of the case times


def test_reports_junit_duration_prefers_the_root_time() -> None:
    data = b'<testsuite time="7.5"><testcase name="a" time="1"/></testsuite>'

    assert parse_report_bytes(data).duration_s == 7.5
