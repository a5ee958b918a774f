"""Test results as plain values: per-case outcomes and the counts derived from them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from hms_status.domain.enums import Outcome


@dataclass(frozen=True)
class TestCounts:
    """How many test cases ended in each outcome."""

    __test__ = False  # not a pytest test class

    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        """Every case, skipped ones included."""
        return self.passed + self.failed + self.errors + self.skipped

    @property
    def executed(self) -> int:
        """Cases that ran: the denominator of the pass rate."""
        return self.passed + self.failed + self.errors

    @property
    def succeeded(self) -> bool:
        """True when nothing failed or errored."""
        return self.failed == 0 and self.errors == 0

    def __add__(self, other: TestCounts) -> TestCounts:
        return TestCounts(
            self.passed + other.passed,
            self.failed + other.failed,
            self.errors + other.errors,
            self.skipped + other.skipped,
        )

    @classmethod
    def of(cls, outcomes: Iterable[Outcome]) -> TestCounts:
        """Count a sequence of case outcomes."""
        tally = dict.fromkeys(Outcome, 0)
        for outcome in outcomes:
            tally[outcome] += 1
        return cls(
            tally[Outcome.PASSED],
            tally[Outcome.FAILED],
            tally[Outcome.ERROR],
            tally[Outcome.SKIPPED],
        )


@dataclass(frozen=True)
class TestCaseResult:
    """One test case's single outcome, as read from a report."""

    __test__ = False  # not a pytest test class

    name: str
    outcome: Outcome
    classname: str = ""
    suite: str = ""
    time_s: float = 0.0
    message: str = ""
    flaky: bool = False
    """True when the report shows reruns or flaky attempts before the final outcome."""
    file: str = ""
    """The source file of the test, when the report names it (JUnit's ``file`` attribute)."""

    @property
    def key(self) -> str:
        """The stable identity used to follow a test across runs (for its ticket)."""
        return f"{self.classname}::{self.name}" if self.classname else self.name


@dataclass(frozen=True)
class TestReport:
    """What one or more report files say about one test run."""

    __test__ = False  # not a pytest test class

    format: str
    cases: tuple[TestCaseResult, ...] = field(default_factory=tuple)
    duration_s: float = 0.0

    @property
    def counts(self) -> TestCounts:
        """Counts derived from the cases: one outcome per case."""
        return TestCounts.of(case.outcome for case in self.cases)


def merge_reports(reports: Iterable[TestReport]) -> TestReport:
    """Combine the reports of one run (several files) into one."""
    reports = list(reports)
    formats = sorted({report.format for report in reports})
    return TestReport(
        format="+".join(formats),
        cases=tuple(case for report in reports for case in report.cases),
        duration_s=sum(report.duration_s for report in reports),
    )
