"""Configuration problems and serious findings are work tickets: opened once, resolved when
fixed, reopened when broken again, counted by the status rules (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import tomllib
from pathlib import Path

import pytest

from hms_status.config import load_settings
from hms_status.config_check import check_config
from hms_status.domain.enums import Severity, TicketState
from hms_status.environment.model import CheckOutcome
from hms_status.errors import ConfigError
from hms_status.foundation.workspace import Workspace
from hms_status.services import analysis, environment
from hms_status.services.check_tickets import (
    analysis_severities,
    environment_severities,
    tool_named,
)
from hms_status.store import queries, rollups, tickets_repo
from hms_status.store.tickets_repo import TicketRow

EXAMPLE = "DATABASE_URL=postgres://db/app\nAPI_TOKEN=\n"
PRIVATE_KEY = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEowIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi6rX1e2Wg0YjTNs3oRHYoGLg7c\n"
    "-----END RSA PRIVATE KEY-----\n"
)


def tickets_of(ws: Workspace, source: str) -> list[TicketRow]:
    with ws.store.reading() as conn:
        return [t for t in tickets_repo.of_component(conn, "HMS-API") if t.source == source]


def status_of(ws: Workspace) -> str:
    with ws.store.reading() as conn:
        rollup = rollups.read(conn, "HMS-API")
    assert rollup is not None
    return rollup.status


def component(ws: Workspace) -> Path:
    return ws.settings.components_dir / "HMS-API"


def test_a_failing_check_is_one_ticket_that_closes_itself_and_reopens(workspace: Workspace) -> None:
    (component(workspace) / ".env.example").write_text(EXAMPLE)
    environment.check(workspace, "HMS-API")
    environment.check(workspace, "HMS-API")  # still failing: no duplicate
    (ticket,) = tickets_of(workspace, "environment")
    assert ticket.state is TicketState.OPEN and str(ticket.subject).startswith("env-file/")
    assert ticket.severity.value == "high" and ".env is missing" in ticket.title
    assert status_of(workspace) == "yellow"
    snapshot = workspace.settings.data_dir / "work-tickets" / f"{ticket.ticket_id}.json"
    assert json.loads(snapshot.read_text())["state"] == "open"

    (component(workspace) / ".env").write_text("DATABASE_URL=postgres://prod/app\nAPI_TOKEN=s3cr\n")
    environment.check(workspace, "HMS-API")
    (fixed,) = tickets_of(workspace, "environment")
    assert fixed.state is TicketState.RESOLVED
    assert fixed.resolution is not None
    assert fixed.resolution.startswith("Passes again in environment check ")
    assert json.loads(snapshot.read_text())["state"] == "resolved"
    issues = json.loads((workspace.settings.data_dir / "issues" / "HMS-API.json").read_text())
    assert [t["ticket_id"] for t in issues["resolved"]] == [ticket.ticket_id]

    (component(workspace) / ".env").unlink()
    environment.check(workspace, "HMS-API")
    (again,) = tickets_of(workspace, "environment")
    assert again.ticket_id == ticket.ticket_id and again.state is TicketState.OPEN
    assert json.loads(snapshot.read_text())["state"] == "open"


def test_automatic_ticket_events_name_their_check_in_the_history(workspace: Workspace) -> None:
    (component(workspace) / ".env.example").write_text(EXAMPLE)
    environment.check(workspace, "HMS-API")
    (component(workspace) / ".env").write_text("DATABASE_URL=postgres://prod/app\nAPI_TOKEN=t0k\n")
    environment.check(workspace, "HMS-API")
    with workspace.store.reading() as conn:
        events = queries.recent_events(conn, "HMS-API")
    opened, resolved = (
        next(e for e in events if e["kind"] == kind)
        for kind in ("ticket_opened", "ticket_resolved")
    )
    assert opened["auto"] is True and opened["source"] == "environment"
    assert opened["cause"].startswith(f"environment check {opened['report_id']} at ")
    assert resolved["auto"] is True and resolved["report_id"] > opened["report_id"]
    assert resolved["resolution"] == f"Passes again in {resolved['cause']}"


def test_each_missing_tool_is_its_own_ticket(workspace: Workspace, tmp_path: Path) -> None:
    config = workspace.settings.root / "hms-status.toml"

    def check_with(tools: str) -> None:
        config.write_text(f"[environment]\nrequired_tools = [{tools}]\n")
        ws = Workspace(load_settings(workspace.settings.root, {}, workspace.settings.database_url))
        try:
            environment.check(ws, "HMS-API")
        finally:
            ws.close()

    check_with('"hms-missing-a", "hms-missing-b"')
    assert {t.subject for t in tickets_of(workspace, "environment")} == {
        "tools/missing_tool/hms-missing-a",
        "tools/missing_tool/hms-missing-b",
    }
    check_with('"hms-missing-a"')  # b is no longer needed: its ticket closes, a's stays
    states = {t.subject: t.state for t in tickets_of(workspace, "environment")}
    assert states == {
        "tools/missing_tool/hms-missing-a": TicketState.OPEN,
        "tools/missing_tool/hms-missing-b": TicketState.RESOLVED,
    }


def test_tickets_from_checks_can_be_turned_off(workspace: Workspace) -> None:
    (component(workspace) / ".env.example").write_text(EXAMPLE)
    environment.check(workspace, "HMS-API")
    (workspace.settings.root / "hms-status.toml").write_text("[tickets]\nenvironment = false\n")
    ws = Workspace(load_settings(workspace.settings.root, {}, workspace.settings.database_url))
    try:
        environment.check(ws, "HMS-API")
    finally:
        ws.close()
    (ticket,) = tickets_of(workspace, "environment")
    assert ticket.state is TicketState.RESOLVED
    assert ticket.resolution is not None and "turned off" in ticket.resolution


def _git(path: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=path, check=True, capture_output=True, timeout=60)


def test_a_committed_private_key_makes_the_component_red(workspace: Workspace) -> None:
    repo = component(workspace)
    (repo / "README.md").write_text("# API\n")
    (repo / "id_rsa").write_text(PRIVATE_KEY)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "README.md", "id_rsa")
    _git(repo, "commit", "-q", "-m", "oops")

    analysis.analyze(workspace, "HMS-API")
    critical = [t for t in tickets_of(workspace, "analysis") if t.severity.value == "critical"]
    assert len(critical) == 1 and "id_rsa" in critical[0].description
    assert status_of(workspace) == "red"
    status = json.loads((workspace.settings.data_dir / "status" / "HMS-API.json").read_text())
    assert f"red: open critical issue {critical[0].ticket_id}" in status["reasons"]

    _git(repo, "rm", "-q", "--cached", "id_rsa")
    (repo / "id_rsa").unlink()
    _git(repo, "commit", "-q", "-m", "remove the key")
    analysis.analyze(workspace, "HMS-API")
    (gone,) = [t for t in tickets_of(workspace, "analysis") if t.ticket_id == critical[0].ticket_id]
    assert gone.state is TicketState.RESOLVED
    assert gone.resolution is not None and gone.resolution.startswith("No longer found by")
    assert status_of(workspace) != "red"


def test_a_finding_is_about_the_tool_it_names_first() -> None:
    tools = ["python", "python3", "docker compose", "go"]
    assert tool_named("python3 3.9.1 does not satisfy >=3.11 (pyproject.toml)", tools) == "python3"
    assert tool_named("docker compose is not installed or not on PATH", tools) == "docker compose"
    assert tool_named("could not read the version of go: timed out", tools) == "go"
    assert tool_named("cannot read pyproject.toml: bad syntax", tools) == ""


def test_severities_come_from_the_tickets_table() -> None:
    config = check_config(
        tomllib.loads('[tickets]\nenvironment_warning = "low"\nanalysis_high = "none"\n'), "t"
    ).tickets
    assert environment_severities(config)[CheckOutcome.WARNING] is Severity.LOW
    assert environment_severities(config)[CheckOutcome.FAILURE] is Severity.HIGH
    assert analysis_severities(config)[Severity.HIGH] is None
    assert analysis_severities(config)[Severity.CRITICAL] is Severity.CRITICAL
    with pytest.raises(ConfigError) as refused:
        check_config(tomllib.loads('[tickets]\nenvironment_failure = "urgent"\n'), "t")
    assert refused.value.one_line().startswith("t: [tickets] environment_failure must be ")
