"""Record the demo's history through the Status Tracker's own use cases, on a pinned clock."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from hms_status.clock import FixedClock
from hms_status.config import load_settings
from hms_status.demo.events import Assign, Event, Open, Resolve, Run, Start
from hms_status.demo.fixes import TEST_KEY_PREFIX
from hms_status.demo.junit import junit_xml
from hms_status.errors import HmsError
from hms_status.foundation.workspace import Workspace
from hms_status.gateways.files import atomic_write_bytes
from hms_status.services import tracking

REPORT = Path("reports") / "junit.xml"
"""Where each component's latest JUnit report is left, relative to the component."""


def seed_history(root: Path, events: Sequence[Event], start: datetime) -> Counter[str]:
    """Record every event in order at its own time; return how many components show each status."""
    clock = FixedClock(start)
    ws = Workspace(load_settings(root, {}), clock=clock, docs_follow=False)
    tickets: dict[str, str] = {}
    try:
        for event in events:
            clock.current = event.at
            _record(ws, event, tickets)
        return Counter(str(row["status"]) for row in tracking.list_statuses(ws))
    finally:
        ws.close()


def _record(ws: Workspace, event: Event, tickets: dict[str, str]) -> None:
    if isinstance(event, Start):
        tracking.record_start(
            ws, event.component, event.success, event.environment, event.version,
            event.duration_ms, event.message,
        )  # fmt: skip
    elif isinstance(event, Run):
        report = ws.settings.components_dir / event.component / REPORT
        atomic_write_bytes(report, junit_xml(event.component, event.cases, event.at))
        tracking.record_test_run(ws, event.component, None, report_files=[report])
    elif isinstance(event, Open):
        opened = tracking.open_issue(ws, event.component, event.title, event.severity.value)
        if opened.change.ticket is None:
            raise HmsError(f"the store filed no ticket for {event.key}")
        tickets[event.key] = opened.change.ticket.ticket_id
    elif isinstance(event, Resolve):
        ticket = tickets.get(event.key) or ticket_of_test(ws, event.component, event.key)
        tracking.resolve(ws, ticket, event.resolution)
    elif isinstance(event, Assign):
        tracking.assign(ws, tickets[event.key], event.assignee)


def ticket_of_test(ws: Workspace, component: str, key: str) -> str:
    """The ID of the component's latest ticket for a test, named "test:<test key>"."""
    from hms_status.store.tickets_repo import latest_test_tickets

    with ws.store.reading() as conn:
        latest = latest_test_tickets(conn, component)
    found = latest.get(key.removeprefix(TEST_KEY_PREFIX))
    if found is None:
        raise HmsError(f"the store has no ticket for {key} of {component}")
    return found.ticket_id
