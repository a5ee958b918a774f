"""Every test report in the shared real-world corpus reads to exactly its recorded counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hms_status.domain.results import TestReport
from hms_status.errors import ReportError
from hms_status.reports import parse_report_bytes, read_report

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
HUGE = "test-reports/jenkinsci/junit-report-huge.xml"


def _entries() -> list[dict[str, Any]]:
    """The test_report entries of the corpus index (empty when the corpus is absent)."""
    index = CORPUS / "manifest.json"
    if not index.is_file():
        return []
    files: list[dict[str, Any]] = json.loads(index.read_text(encoding="utf-8"))["files"]
    return [entry for entry in files if entry["kind"] == "test_report"]


ENTRIES = _entries()
REPORTS = [e for e in ENTRIES if not e["expected"].get("parse_error")]
REJECTED = [e for e in ENTRIES if e["expected"].get("parse_error")]
needs_corpus = pytest.mark.skipif(not ENTRIES, reason=f"corpus not found at {CORPUS}")


def _counts(report: TestReport, expected: dict[str, Any]) -> dict[str, int]:
    """The report's counts in the corpus's vocabulary (some files fold errors into failed)."""
    counts = report.counts
    got = {"tests": counts.total, "passed": counts.passed, "skipped": counts.skipped}
    if "failed_incl_errors" in expected:
        got["failed_incl_errors"] = counts.failed + counts.errors
    else:
        got |= {"failed": counts.failed, "errors": counts.errors}
    return got


@needs_corpus
@pytest.mark.parametrize("entry", REPORTS, ids=[e["path"] for e in REPORTS])
def test_reports_corpus_counts_match_expected(entry: dict[str, Any]) -> None:
    expected = entry["expected"]
    path = CORPUS / entry["path"]
    if expected.get("not_junit"):  # documented choice: a non-report root is refused, not "0 tests"
        with pytest.raises(ReportError, match="not a JUnit/NUnit/TRX/xUnit report"):
            read_report(path)
        return

    report = read_report(path)

    got = _counts(report, expected)
    assert got == {key: expected[key] for key in got}
    assert report.format == expected["format"]
    if "cases_with_flaky_or_rerun_elements" in expected:
        assert sum(c.flaky for c in report.cases) == expected["cases_with_flaky_or_rerun_elements"]
    if expected.get("testcase_time_sum", -1) >= 0:  # negative sums: we read negative times as 0
        assert sum(c.time_s for c in report.cases) == pytest.approx(
            expected["testcase_time_sum"], abs=1e-3
        )


@needs_corpus
@pytest.mark.parametrize("entry", REJECTED, ids=[e["path"] for e in REJECTED])
def test_reports_corpus_broken_files_are_rejected(entry: dict[str, Any]) -> None:
    path = CORPUS / entry["path"]

    with pytest.raises(ReportError) as caught:
        read_report(path)

    message = caught.value.message
    assert message.startswith(f"{path}: ") and "\n" not in message
    xml_error = entry["expected"]["xml_error"]
    # expat's own wording, except for XXE: we refuse the DOCTYPE before any entity is seen
    assert ("DOCTYPE" if "entity" in xml_error else xml_error) in message


@needs_corpus
def test_reports_corpus_covers_every_format() -> None:
    formats = {
        read_report(CORPUS / e["path"]).format for e in REPORTS if "not_junit" not in e["expected"]
    }

    assert formats == {"junit-xml", "nunit3", "trx", "xunit.net"}


@needs_corpus
def test_reports_huge_report_parses_whole() -> None:
    """Its speed is measured by benchmarks/bench_ingest.py, never asserted here."""
    report = parse_report_bytes((CORPUS / HUGE).read_bytes(), HUGE)

    assert report.counts.total == 7580
