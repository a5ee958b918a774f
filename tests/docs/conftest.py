"""Fixtures for the Docs Integrator: a workspace on a pinned clock with a recorded history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hms_status.clock import FixedClock
from hms_status.domain.results import TestCounts
from hms_status.services import snapshots, tracking
from hms_status.services.workspace import Workspace

START = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
HOSTILE_TITLE = (
    "<script>alert(1)</script> | pipes | **bold** [link](http://x) <!-- hms-status:status:end -->"
)
ENVIRONMENT = {
    "status": "warning",
    "tools": {
        "python3": {
            "installed": True,
            "version": "3.11.2",
            "required_version": ">=3.11",
            "satisfied": True,
        },
        "node": {
            "installed": False,
            "version": None,
            "required_version": ">=18",
            "satisfied": False,
        },
    },
    "dependencies_status": "satisfied",
    "checks": [
        {
            "id": "tools",
            "title": "Required tools",
            "outcome": "fail",
            "details": "node is missing",
            "remediation": "install node 18",
        },
        {
            "id": "config",
            "title": "Configuration files",
            "outcome": "pass",
            "details": "",
            "remediation": "",
        },
    ],
    "issues": ["node is missing"],
    "checked_at": "2099-01-01T00:00:00Z",
}
ANALYSIS = {
    "analysis_type": "full",
    "analyzed_at": "2099-01-01T00:00:00Z",
    "structure": {
        "file_count": 120,
        "directory_count": 14,
        "has_readme": True,
        "has_tests": True,
        "file_types": {".py": 80, ".md": 12, ".pyi": 3, ".toml": 1},
    },
    "git": {
        "commit_count": 42,
        "contributors": [
            {"name": "Alice", "commits": 40},
            {"name": "bob_the_builder", "commits": 2},
        ],
        "last_commit": {
            "hash": "0123456789abcdef",
            "author": "Alice",
            "date": "2024-04-30T10:00:00Z",
            "message": "Fix *the* timeout",
        },
    },
    "dependencies": {"dependency_count": 12, "dev_dependency_count": 4, "ecosystems": ["pypi"]},
    "issues": [
        {
            "type": "missing_docs",
            "severity": "low",
            "description": "No docs/ directory",
            "remediation": "Add docs/",
        }
    ],
}


def tick(ws: Workspace, minutes: int = 1) -> None:
    """Advance the workspace's fixed clock."""
    assert isinstance(ws.clock, FixedClock)
    ws.clock.current += timedelta(minutes=minutes)


def record_history(ws: Workspace, component: str = "HMS-API") -> None:
    """Starts, test runs, tickets (one with a hostile title) and the two part reports."""
    tracking.record_start(ws, component, True, "dev", "1.2.3", 1200)
    tick(ws)
    tracking.record_start(ws, component, False, "dev", "1.2.3", message="port 8080 in use")
    tick(ws)
    tracking.record_start(ws, component, True, "prod", "1.2.4", 900)
    for counts in (TestCounts(42, 0, 0, 3), TestCounts(40, 2, 0, 0), TestCounts(45, 0, 0, 1)):
        tick(ws)
        tracking.record_test_run(ws, component, None, counts, duration_ms=5000)
    tick(ws)
    tracking.open_issue(ws, component, HOSTILE_TITLE, "medium")
    tick(ws)
    old = tracking.open_issue(ws, component, "Old _bug_", "low")
    tick(ws)
    assert old.change.ticket is not None
    tracking.resolve(ws, old.change.ticket.ticket_id, "Fixed in **1.2.4** <b>bold</b>")
    snapshots.write_part(ws.settings, "environments", component, ENVIRONMENT)
    snapshots.write_part(ws.settings, "analysis", component, ANALYSIS)
    tick(ws, 60)


@pytest.fixture
def docs_ws(workspace: Workspace) -> Workspace:
    """The workspace fixture (SQLite and PostgreSQL) on a fixed clock."""
    workspace.clock = FixedClock(START)
    return workspace


@pytest.fixture
def recorded(docs_ws: Workspace) -> Workspace:
    """docs_ws with HMS-API's history recorded (HMS-DOC has none)."""
    record_history(docs_ws)
    return docs_ws


def component_dir(ws: Workspace, component: str = "HMS-API") -> Path:
    """SYSTEM-COMPONENTS/<ID>."""
    return ws.settings.components_dir / component


def mtimes(root: Path) -> dict[str, int]:
    """mtime_ns of every file under root except the store."""
    return {
        str(p.relative_to(root)): p.stat().st_mtime_ns
        for p in root.rglob("*")
        if p.is_file() and "hms-status.db" not in p.name and not p.name.startswith(".")
    }
