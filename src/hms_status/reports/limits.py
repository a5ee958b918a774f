"""How much one test run's reports may hold.

Every case of a run is kept in memory while the run is recorded, stored as a row and
published in data/test-results/<ID>/run-NNNNNN.json, so the number of cases bounds the
time and the memory a run takes. 500,000 is more than twice the largest suites we know
of (200,000 cases record in seconds); a run with more is refused while its reports are
read, before anything is stored.
"""

from __future__ import annotations

from hms_status.errors import ReportError

MAX_RUN_CASES = 500_000
"""The most test cases one test run (all its report files together) may have."""


def too_many_cases(source: str, most: int, where: str = "") -> ReportError:
    """The error for reports that hold more than ``most`` test cases."""
    return ReportError(
        f"{source}: more than {most} test cases{where}",
        f"one test run keeps at most {most} cases; record the suite as several runs",
    )
