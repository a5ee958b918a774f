"""How many cases a run may have: refused while the report is read, naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from hms_status.errors import ReportError
from hms_status.reports import detect, files, limits, parse_report_bytes, read_reports, safe_xml


def junit(cases: int, tail: str = "") -> bytes:
    body = "".join(f'<testcase name="t{i}"><failure/></testcase>\n' for i in range(cases))
    return f'<testsuite name="s">\n{body}{tail}</testsuite>'.encode()


@pytest.fixture
def most_three(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detect, "MAX_RUN_CASES", 3)
    monkeypatch.setattr(files, "MAX_RUN_CASES", 3)


@pytest.fixture(autouse=True)
def _small_first_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The root is read before the rest of these small documents, as in a large one."""
    monkeypatch.setattr(safe_xml, "CHUNK_BYTES", 24)


def test_a_run_keeps_at_most_half_a_million_cases() -> None:
    assert limits.MAX_RUN_CASES == 500_000


@pytest.mark.usefixtures("most_three")
def test_reports_at_the_limit_are_read() -> None:
    assert len(parse_report_bytes(junit(3)).cases) == 3


@pytest.mark.usefixtures("most_three")
def test_reports_over_the_limit_are_refused_while_read() -> None:
    data = junit(4, tail="<testcase><broken") + b"\x00" * 100  # never reached

    with pytest.raises(ReportError) as caught:
        parse_report_bytes(data, "big.xml")

    assert caught.value.message == "big.xml: more than 3 test cases (line 5)"
    assert (
        caught.value.hint == "one test run keeps at most 3 cases; record the suite as several runs"
    )


@pytest.mark.usefixtures("most_three")
def test_reports_trx_counts_results_not_test_definitions() -> None:
    results = "".join(f'<UnitTestResult testId="{i}" outcome="Passed"/>' for i in range(3))
    tests = "".join(f'<UnitTest id="{i}"><TestMethod className="C"/></UnitTest>' for i in range(3))
    data = (
        f"<TestRun><Results>{results}</Results><TestDefinitions>{tests}</TestDefinitions></TestRun>"
    )

    assert len(parse_report_bytes(data.encode()).cases) == 3


@pytest.mark.usefixtures("most_three")
def test_reports_the_files_of_one_run_share_the_limit(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    first.write_bytes(junit(2))
    second.write_bytes(junit(2))

    with pytest.raises(ReportError) as caught:
        read_reports([first, second])

    assert caught.value.message == (
        f"{second}: more than 3 test cases in the run's report files together"
    )


def test_reports_cases_leave_their_suite_as_they_are_read() -> None:
    """A huge suite does not keep every case it has handed over (memory stays flat)."""
    events = detect.XmlEvents(junit(5), "r.xml")
    stream = iter(events)
    suite = next(stream)[1]
    events.take_items(frozenset({"testcase"}), frozenset({"testcase"}), 10)

    ended = [element for kind, element in stream if kind == "end" and element.tag == "testcase"]

    assert len(ended) == 5 and len(suite) == 0
    assert [element.get("name") for element in ended] == ["t0", "t1", "t2", "t3", "t4"]
