"""The "Tests over time" section of STATUS.md and of the dashboard's component page: flaky
and quarantined tests, new vs known failures of the last run, slowest tests, run duration.

Its numbers are analytics.flaky's and analytics.test_trends' over the component's last
``[flaky] window_runs`` runs, read with two indexed queries (store.test_history).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hms_status.analytics.flaky import FlakyRules, FlakyTest, find_flaky
from hms_status.analytics.test_trends import (
    FailureChanges,
    SlowTest,
    Trend,
    duration_trend,
    failure_changes,
    slowest,
)

if TYPE_CHECKING:
    from hms_status.foundation.workspace import Workspace
    from hms_status.store.quarantine_repo import Quarantine

SLOWEST_SHOWN = 5


@dataclass(frozen=True)
class TestsSection:
    """What the section shows for one component."""

    __test__ = False  # not a pytest class

    runs: int
    last_run_id: int
    changes: FailureChanges
    flaky: tuple[FlakyTest, ...]
    quarantined: tuple[Quarantine, ...]
    slowest: tuple[SlowTest, ...]
    duration: Trend | None
    rules: FlakyRules

    @property
    def quarantined_keys(self) -> frozenset[str]:
        """The keys of the quarantined tests."""
        return frozenset(q.test_key for q in self.quarantined)

    @property
    def worth_a_section(self) -> bool:
        """STATUS.md shows the section when a test is flaky or quarantined."""
        return bool(self.flaky or self.quarantined)


def flaky_rules(ws: Workspace) -> FlakyRules:
    """The [flaky] thresholds of hms-status.toml (the typed model only when it has [flaky])."""
    if "flaky" not in ws.settings.config:
        return FlakyRules()
    table = ws.settings.model.flaky
    return FlakyRules(table.window_runs, table.flip_rate, table.min_runs)


def tests_section(ws: Workspace, component_id: str) -> TestsSection | None:
    """The section of one component; None when it has no test run."""
    from hms_status.store import quarantine_repo
    from hms_status.store.test_history import recent_runs

    rules = flaky_rules(ws)
    with ws.store.reading() as conn:
        runs = recent_runs(conn, component_id, rules.window_runs)
        quarantined = quarantine_repo.active(conn, component_id)
    if not runs:
        return None
    return TestsSection(
        len(runs),
        runs[-1].run_id,
        failure_changes(runs),
        tuple(find_flaky(runs, rules)),
        tuple(quarantined),
        tuple(slowest(runs, SLOWEST_SHOWN)),
        duration_trend(runs),
        rules,
    )
