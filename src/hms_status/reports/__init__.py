"""Test report parsing: JUnit XML (all dialects), NUnit, TRX and xUnit.net into one TestReport."""

from __future__ import annotations

from hms_status.reports.detect import parse_report_bytes
from hms_status.reports.files import read_report, read_reports

__all__ = ["parse_report_bytes", "read_report", "read_reports"]
