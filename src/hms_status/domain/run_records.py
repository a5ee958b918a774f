"""What happened to a component, one record per fact: a start, a test run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hms_status.domain.results import TestCounts
from hms_status.domain.snapshot_json import number, optional, required


@dataclass(frozen=True)
class StartRecord:
    """One recorded start of a component (an uptime observation)."""

    timestamp: str
    success: bool
    environment: str = ""
    version: str = ""
    duration_ms: int | None = None
    message: str = ""
    event_id: int | None = None
    """The event that recorded it (None for the rollup's copy, last_start)."""

    def to_json(self) -> dict[str, Any]:
        """The plan's start_history entry (plus message, and event_id when known)."""
        head: dict[str, Any] = {} if self.event_id is None else {"event_id": self.event_id}
        return {
            **head,
            "timestamp": self.timestamp,
            "success": self.success,
            "environment": self.environment,
            "version": self.version,
            "duration_ms": self.duration_ms,
            "message": self.message,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StartRecord:
        """Read back to_json's output."""
        return cls(
            required(data, "timestamp", str),
            required(data, "success", bool),
            optional(data, "environment", str) or "",
            optional(data, "version", str) or "",
            optional(data, "duration_ms", int),
            optional(data, "message", str) or "",
            optional(data, "event_id", int),
        )


@dataclass(frozen=True)
class TestRunRecord:
    """One recorded test run; the counts are None when it was recorded without them."""

    __test__ = False  # not a pytest test class

    timestamp: str
    success: bool
    passed: int | None = None
    failed: int | None = None
    errors: int | None = None
    skipped: int | None = None
    pass_rate: float | None = None
    """passed / (passed + failed + errors) in percent, 2 decimals; None when nothing ran or
    the run has no counts (the status rules judge such a run by its success)."""
    source: str = ""
    """Where it came from: manual, junit-xml, nunit, trx, ..."""
    duration_ms: int | None = None
    run_id: int | None = None

    @property
    def counts(self) -> TestCounts | None:
        """The four counts, or None for a run recorded without them."""
        if self.passed is None:
            return None
        return TestCounts(self.passed, self.failed or 0, self.errors or 0, self.skipped or 0)

    def to_json(self) -> dict[str, Any]:
        """The plan's test_history entry (results{passed, failed, skipped, errors}) plus the flat
        counts, total, pass rate and source. A run without counts has results of zeros with
        "counted": false, and null flat counts."""
        counts = self.counts
        shown = counts or TestCounts()
        return {
            "run_id": self.run_id,
            "timestamp": self.timestamp,
            "success": self.success,
            "results": {
                "passed": shown.passed,
                "failed": shown.failed,
                "skipped": shown.skipped,
                "errors": shown.errors,
                "counted": counts is not None,
            },
            "passed": self.passed,
            "failed": self.failed,
            "errors": self.errors,
            "skipped": self.skipped,
            "total": None if counts is None else counts.total,
            "pass_rate": self.pass_rate,
            "duration_ms": self.duration_ms,
            "source": self.source,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TestRunRecord:
        """Read back to_json's output."""
        return cls(
            required(data, "timestamp", str),
            required(data, "success", bool),
            optional(data, "passed", int),
            optional(data, "failed", int),
            optional(data, "errors", int),
            optional(data, "skipped", int),
            number(data, "pass_rate"),
            optional(data, "source", str) or "",
            optional(data, "duration_ms", int),
            optional(data, "run_id", int),
        )
