"""JUnit XML reports of demo test runs, as a CI job would leave them (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from xml.etree import ElementTree as ET

from hms_status.domain.enums import Outcome
from hms_status.domain.results import TestCaseResult, TestCounts

_CHILD = {Outcome.FAILED: "failure", Outcome.ERROR: "error", Outcome.SKIPPED: "skipped"}


def junit_xml(suite: str, cases: Sequence[TestCaseResult], started: datetime) -> bytes:
    """One <testsuite> holding every case, with totals and a timestamp."""
    counts = TestCounts.of(case.outcome for case in cases)
    root = ET.Element("testsuites")
    element = ET.SubElement(root, "testsuite", {
        "name": suite, "tests": str(counts.total), "failures": str(counts.failed),
        "errors": str(counts.errors), "skipped": str(counts.skipped),
        "time": f"{sum(case.time_s for case in cases):.3f}",
        "timestamp": started.strftime("%Y-%m-%dT%H:%M:%S"),
    })  # fmt: skip
    for case in cases:
        child = ET.SubElement(element, "testcase", {
            "classname": case.classname, "name": case.name, "time": f"{case.time_s:.3f}",
        })  # fmt: skip
        tag = _CHILD.get(case.outcome)
        if tag is not None:
            ET.SubElement(child, tag, {"message": case.message}).text = case.message
    ET.indent(root)
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return text + b"\n"
