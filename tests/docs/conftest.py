"""Fixtures for the Docs Integrator: a workspace on a pinned clock with a recorded history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hms_status.clock import FixedClock, iso
from hms_status.domain.results import TestCounts
from hms_status.foundation.workspace import Workspace
from hms_status.services import snapshots, tracking

START = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
HOSTILE_TITLE = (
    "<script>alert(1)</script> | pipes | **bold** [link](http://x) <!-- hms-status:status:end -->"
)
ENVIRONMENT = {
    # data/environments/HMS-API.json as `hms-status run full-update` writes it (paths shortened)
    "component_id": "HMS-API",
    "timestamp": "2099-01-01T00:00:00.000000Z",
    "status": "error",
    "tools": {
        "python3": {
            "required": True,
            "installed": True,
            "version": "3.11.7",
            "path": "/usr/bin/python3",
            "required_version": ">=3.11",
            "satisfied": True,
            "requirements": [
                {"spec": ">=3.11", "source": "pyproject.toml requires-python", "satisfied": True}
            ],
            "reason": "hms-status.toml",
            "error": None,
        },
        "docker compose": {
            "required": False,
            "installed": False,
            "version": None,
            "path": "/usr/local/bin/docker",
            "required_version": None,
            "satisfied": False,
            "requirements": [],
            "reason": "docker-compose.yml",
            "error": None,
        },
    },
    "dependencies_status": "missing",
    "dependencies": {
        "python": {
            "status": "missing",
            "missing": ["orjson", "redis", "tenacity"],
            "outdated": [],
            "up_to_date": 2,
            "not_needed": [],
            "unchecked": [],
            "environment": "/usr/bin/python3",
        }
    },
    "configuration": {"env_file": None, "config_files": []},
    "checks": [
        {
            "id": "tools",
            "title": "Required tools",
            "outcome": "warning",
            "details": [
                "python3 3.11.7 at /usr/bin/python3 (wants >=3.11 from pyproject.toml requires-python)",
                "docker compose: not found (optional for docker-compose.yml)",
            ],
            "remediation": "Install docker compose and put it on PATH",
        },
        {
            "id": "python-deps",
            "title": "Python dependencies",
            "outcome": "failure",
            "details": ["2 up to date, 3 missing, 0 outdated"],
            "remediation": "Create .venv and install the requirements: run the check with --fix",
        },
        {
            "id": "config-files",
            "title": "Configuration files",
            "outcome": "ok",
            "details": ["pyproject.toml: parses"],
            "remediation": "",
        },
        {
            "id": "node-deps",
            "title": "Node dependencies",
            "outcome": "inconclusive",
            "details": [],
            "remediation": "",
        },
    ],
    "issues": [
        {
            "type": "missing_tool",
            "severity": "low",
            "description": "docker compose is not installed or not on PATH (needed for docker-compose.yml)",
            "remediation": "Install docker compose and put it on PATH",
            "check": "tools",
            "outcome": "warning",
        },
        {
            "type": "missing_dependency",
            "severity": "high",
            "description": "3 Python requirement(s) not installed: orjson, redis, tenacity",
            "remediation": "Create .venv and install the requirements: run the check with --fix",
            "check": "python-deps",
            "outcome": "failure",
        },
    ],
    "fixes_applied": [],
    "fixes_planned": [],
    "fix": False,
    "dry_run": False,
    "exit_code": 2,
}
ANALYSIS = {
    # data/analysis/HMS-API.json as `hms-status run full-update` writes it (lists shortened);
    # record_history sets "timestamp" to when it was analyzed
    "component_id": "HMS-API",
    "timestamp": "2099-01-01T00:00:00.000000Z",
    "analysis_type": "full",
    "fingerprint": "git:d5f4b4e017f667b606b634d00898aac1a8df91e4c1fa311b2525e2c4ba2da97f",
    "reused": False,
    "structure": {
        "exists": True,
        "file_count": 120,
        "directory_count": 14,
        "file_types": {
            "(none)": 6,
            ".py": 80,
            ".md": 12,
            ".example": 1,
            ".pyi": 3,
            ".toml": 1,
            "(submodule)": 1,
            ".lock": 2,
        },
        "top_level_dirs": [".github", "docs", "src", "tests"],
        "top_level_files": [".env.example", "README.md", "pyproject.toml"],
        "has_readme": True,
        "has_tests": True,
        "has_docs": False,
        "has_package_json": False,
        "has_docker": True,
        "has_license": True,
        "has_ci": True,
        "submodules": ["vendor/lib"],
    },
    "git": {
        "has_git": True,
        "commit_count": 42,
        "contributors": [
            {"name": "Alice", "commits": 40},
            {"name": "bob_the_builder", "commits": 2},
        ],
        "last_commit": {
            "hash": "0123456789abcdef0123456789abcdef01234567",
            "author": "Alice",
            "date": "Tue Apr 30 12:00:00 2024 +0200",
            "message": "Fix *the* timeout",
            "committed_at": "2024-04-30T10:00:00.000000Z",
        },
        "recent_commits": [],
        "branch": "main",
        "detached": False,
        "dirty_files": [],
        "tags": [],
        "latest_tag": None,
        "first_commit_date": "Mon Jan 1 10:00:00 2024 +0100",
        "commits_last_30_days": 3,
        "commits_last_90_days": 12,
        "active_contributors_90_days": 2,
        "churn_hotspots": [{"path": "src/hms_api/core.py", "changes": 4}],
        "shallow": False,
    },
    "dependencies": {
        "has_requirements_txt": False,
        "has_pyproject_toml": True,
        "has_package_json": False,
        "has_cargo_toml": False,
        "has_gemfile": False,
        "has_go_mod": False,
        "dependency_count": 12,
        "dev_dependency_count": 4,
        "dependencies": [{"name": "click", "version": ">=8.1", "ecosystem": "pypi"}],
        "dev_dependencies": [],
        "ecosystems": ["pypi"],
        "manifests": [],
    },
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
    tick(ws)
    analyzed = {**ANALYSIS, "component_id": component, "timestamp": iso(ws.clock.now())}
    snapshots.write_part(ws.settings, "analysis", component, analyzed)
    tick(ws, 60)


@pytest.fixture
def docs_ws(workspace: Workspace) -> Workspace:
    """The workspace fixture (SQLite and PostgreSQL) on a fixed clock; docs are written only
    by the docs service under test, not after each recorded event (see tests/cli/
    test_cli_docs_follow.py for that)."""
    workspace.clock = FixedClock(START)
    workspace.docs_follow = False
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
