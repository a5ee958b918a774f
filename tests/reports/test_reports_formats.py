"""NUnit, TRX and xUnit.net reports, each shown with a small inline file."""

from __future__ import annotations

from hms_status.domain.enums import Outcome
from hms_status.domain.results import TestCounts
from hms_status.reports import parse_report_bytes

NUNIT3 = b"""<?xml version="1.0" encoding="utf-8"?>
<test-run result="Failed" duration="1.5">
  <test-suite type="Assembly" name="A.dll"><test-suite type="TestFixture" name="Calc">
    <test-case name="Adds" classname="N.Calc" result="Passed" duration="0.25"/>
    <test-case name="Throws" classname="N.Calc" result="Failed" label="Error">
      <failure><message><![CDATA[System.Exception : boom
   at N.Calc.Throws()]]></message></failure>
    </test-case>
    <test-case name="Wrong" classname="N.Calc" result="Failed"><failure/></test-case>
    <test-case name="Later" classname="N.Calc" result="Skipped" label="Ignored">
      <reason><message>not yet</message></reason>
    </test-case>
    <test-case name="Maybe" classname="N.Calc" result="Inconclusive"/>
    <test-case name="Odd" classname="N.Calc" result="SomethingNew"/>
  </test-suite></test-suite>
</test-run>"""

NUNIT2 = b"""<test-results name="a.dll" time="13:23:35">
  <test-suite name="Fixture" result="Failure"><results>
    <test-case name="N.Ok" executed="True" result="Success" time="0.5"/>
    <test-case name="N.Bad" executed="True" result="Error" time="0.25"/>
    <test-case name="N.Off" executed="False" result="NotRunnable"/>
    <test-case name="N.Old" executed="True" success="True"/>
    <test-case name="N.OldNotRun" executed="False"/>
  </results></test-suite>
</test-results>"""

TRX = b"""\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?>
<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Results>
    <UnitTestResult testId="1" testName="Adds" outcome="Passed" duration="00:00:01.5000000"/>
    <UnitTestResult testId="2" testName="Fails" outcome="Failed" duration="1.00:00:00">
      <Output><ErrorInfo><Message>Assert.Equal() Failure
Expected: 1</Message></ErrorInfo></Output>
    </UnitTestResult>
    <UnitTestResult testId="3" testName="Rows" outcome="Failed">
      <InnerResults>
        <UnitTestResult testId="3" testName="Rows (1)" outcome="Passed"/>
        <UnitTestResult testId="3" testName="Rows (2)" outcome="Failed"/>
      </InnerResults>
    </UnitTestResult>
    <UnitTestResult testId="4" testName="Skipped" outcome="NotExecuted"/>
    <UnitTestResult testId="5" testName="Broken" outcome="Error" duration="garbage"/>
  </Results>
  <TestDefinitions>
    <UnitTest id="1"><TestMethod className="N.Calc, N, Version=1.0.0.0" name="Adds"/></UnitTest>
    <UnitTest id="2"><TestMethod className="N.Calc" name="Fails"/></UnitTest>
  </TestDefinitions>
</TestRun>"""

XUNIT_NET = b"""<assemblies>
  <assembly name="a.dll" time="2.5">
    <collection name="Calc tests">
      <test name="N.Calc.Adds" type="N.Calc" method="Adds" result="Pass" time="0.5"/>
      <test name="N.Calc.Fails" type="N.Calc" result="Fail" time="0.25">
        <failure><message>Expected: 2
Actual: 1</message></failure>
      </test>
      <test name="N.Calc.Later" type="N.Calc" result="Skip"><reason>flaky on CI</reason></test>
      <test name="N.Calc.Never" type="N.Calc" result="NotRun"/>
    </collection>
    <errors><error type="fixture-cleanup"><failure/></error></errors>
  </assembly>
</assemblies>"""


def _summary(data: bytes) -> list[tuple[str, Outcome, str]]:
    return [(c.name, c.outcome, c.message) for c in parse_report_bytes(data).cases]


def test_reports_nunit3_results_and_labels() -> None:
    report = parse_report_bytes(NUNIT3)

    assert report.format == "nunit3"
    assert _summary(NUNIT3) == [
        ("Adds", Outcome.PASSED, ""),
        ("Throws", Outcome.ERROR, "System.Exception : boom\nat N.Calc.Throws()"),
        ("Wrong", Outcome.FAILED, ""),
        ("Later", Outcome.SKIPPED, "not yet"),
        ("Maybe", Outcome.SKIPPED, ""),
        ("Odd", Outcome.FAILED, ""),  # an unknown result never looks green
    ]
    assert {(c.classname, c.suite) for c in report.cases} == {("N.Calc", "Calc")}
    assert report.duration_s == 1.5


def test_reports_nunit2_results_and_legacy_attributes() -> None:
    report = parse_report_bytes(NUNIT2)

    assert report.format == "nunit3"
    assert report.counts == TestCounts(passed=2, errors=1, skipped=2)
    assert report.duration_s == 0.75  # the root's time is a clock time, so cases are summed


def test_reports_trx_counts_top_level_results_with_classes_from_definitions() -> None:
    report = parse_report_bytes(TRX)

    assert report.format == "trx"
    assert [(c.name, c.classname, c.outcome) for c in report.cases] == [
        ("Adds", "N.Calc", Outcome.PASSED),
        ("Fails", "N.Calc", Outcome.FAILED),
        ("Rows", "", Outcome.FAILED),
        ("Skipped", "", Outcome.SKIPPED),
        ("Broken", "", Outcome.ERROR),
    ]
    assert report.cases[1].message == "Assert.Equal() Failure\nExpected: 1"
    assert [c.time_s for c in report.cases[:2]] == [1.5, 86400.0]


def test_reports_xunit_net_results() -> None:
    report = parse_report_bytes(XUNIT_NET)

    assert report.format == "xunit.net"
    assert _summary(XUNIT_NET) == [
        ("N.Calc.Adds", Outcome.PASSED, ""),
        ("N.Calc.Fails", Outcome.FAILED, "Expected: 2\nActual: 1"),
        ("N.Calc.Later", Outcome.SKIPPED, "flaky on CI"),
        ("N.Calc.Never", Outcome.SKIPPED, ""),
    ]
    assert {(c.classname, c.suite) for c in report.cases} == {("N.Calc", "Calc tests")}
    assert report.duration_s == 2.5  # <assemblies> declares no time: its assemblies' times


def test_reports_xunit_net_single_assembly_root_uses_its_time() -> None:
    data = b"""<assembly time="4">
      <collection name="c"><test name="t" result="Pass"/></collection>
    </assembly>"""

    report = parse_report_bytes(data)

    assert (report.format, report.counts.passed, report.duration_s) == ("xunit.net", 1, 4.0)
