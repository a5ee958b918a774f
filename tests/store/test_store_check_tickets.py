"""The check-ticket rules applied by the store: one ticket per subject, even under concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from hms_status.domain.check_tickets import ENVIRONMENT_SOURCE, Observation, Problem
from hms_status.domain.enums import Severity, TicketState
from hms_status.foundation.workspace import Workspace
from hms_status.store import rollups, tickets_repo

NODE = Problem("tools/missing_tool/node", "node is missing", "install node", Severity.HIGH)
SEEN = Observation(ENVIRONMENT_SOURCE, (NODE,), None, True, "environment check")


def test_concurrent_checks_of_a_new_component_file_one_ticket(workspace: Workspace) -> None:
    store = workspace.store

    def record(n: int) -> None:
        store.record_part_report(
            "HMS-API", "environment", workspace.now(), "error", {"n": n}, [], SEEN
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(record, range(16)))
    with store.reading() as conn:
        tickets = tickets_repo.of_component(conn, "HMS-API")
        rollup = rollups.read(conn, "HMS-API")
    assert [(t.subject, t.state) for t in tickets] == [(NODE.key, TicketState.OPEN)]
    assert rollup is not None and rollup.open_issue_count == 1 and rollup.status == "yellow"


def test_a_part_report_without_problems_changes_no_ticket_or_status(workspace: Workspace) -> None:
    quiet = Observation(ENVIRONMENT_SOURCE, (), None, True, "environment check")
    change = workspace.store.record_part_report(
        "HMS-API", "environment", workspace.now(), "ready", {}, [], quiet
    )
    assert change.tickets_touched == () and change.health is not None
    assert change.health.status.value == "unknown"
