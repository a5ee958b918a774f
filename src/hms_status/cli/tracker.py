"""hms-status tracker (and status_tracker.py): record and read component status."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from hms_status.cli import output, tracker_suggest, tracker_tests
from hms_status.cli.context import workspace
from hms_status.cli.recording_options import issue_options, start_options, test_options

if TYPE_CHECKING:
    from hms_status.services.tracking import Recorded


@click.group()
def tracker() -> None:
    """Record starts, test runs and issues; read status and history."""


for _command in tracker_tests.COMMANDS:  # flaky, tests, quarantine, unquarantine, quarantined
    tracker.add_command(_command)
for _command in tracker_suggest.COMMANDS:  # suggest
    tracker.add_command(_command)


def _recorded(as_json: bool, done: Recorded, headline: str) -> None:
    if as_json:
        output.emit_json(done.status.to_json())
    else:
        output.emit_lines([headline, *output.status_lines(done.status)])


@tracker.command()
@start_options("Print the resulting status as JSON.")
@click.pass_context
def start(
    ctx: click.Context,
    component: str,
    success: bool,
    environment: str,
    version: str,
    duration_ms: int | None,
    message: str,
    as_json: bool,
) -> None:
    """Record a start of COMPONENT."""
    from hms_status.services.tracking import record_start

    done = record_start(
        workspace(ctx), component, success, environment, version, duration_ms, message
    )
    ok = "succeeded" if success else "failed"
    _recorded(as_json, done, f"recorded start of {component} ({ok})")


@tracker.command()
@test_options("Print the resulting status as JSON.")
@click.pass_context
def test(
    ctx: click.Context,
    component: str,
    flag: bool | None,
    results: str | None,
    reports: tuple[Path, ...],
    more_reports: tuple[Path, ...],
    duration_ms: int | None,
    commit: str | None,
    as_json: bool,
) -> None:
    """Record a test run of COMPONENT (counts, report files, or just --success/--failure)."""
    from hms_status.errors import InputError
    from hms_status.services.inputs import parse_results
    from hms_status.services.tracking import record_test_run

    if more_reports and not reports:
        raise InputError(f"unexpected argument {more_reports[0]}", "report files follow --junit")
    counts = parse_results(results) if results is not None else None
    done = record_test_run(
        workspace(ctx), component, flag, counts, [*reports, *more_reports], duration_ms, commit
    )
    change = done.change
    line = f"recorded test run {change.run_id} of {component}"
    extra = [f"opened {', '.join(change.tickets_opened)}"] if change.tickets_opened else []
    extra += [f"reopened {', '.join(change.tickets_reopened)}"] if change.tickets_reopened else []
    extra += [f"resolved {', '.join(change.tickets_resolved)}"] if change.tickets_resolved else []
    _recorded(as_json, done, "; ".join([line, *extra]))


@tracker.command()
@issue_options("Print the ticket as JSON.")
@click.pass_context
def issue(
    ctx: click.Context, component: str, title: str, severity: str, description: str, as_json: bool
) -> None:
    """File an issue (a work ticket) for COMPONENT."""
    from hms_status.services.tracking import open_issue

    done = open_issue(workspace(ctx), component, title, severity, description)
    _ticket_command(as_json, done, "opened")


def _ticket_command(as_json: bool, done: Recorded, verb: str) -> None:
    ticket = done.ticket
    assert ticket is not None
    if as_json:
        output.emit_json(ticket.to_json())
    else:
        output.emit_lines(
            [
                f"{verb} {ticket.ticket_id}: {ticket.title}",
                f"{ticket.component_id} is now {done.status.status.value}",
            ]
        )


@tracker.command()
@click.argument("ticket")
@click.option("--resolution", required=True, help="How it was resolved.")
@click.option(
    "--used-suggestion", "used", multiple=True, help="A suggested ticket that helped (repeatable)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the ticket as JSON.")
@click.pass_context
def resolve(
    ctx: click.Context, ticket: str, resolution: str, used: tuple[str, ...], as_json: bool
) -> None:
    """Resolve work ticket TICKET (e.g. WT-HMS-API-001)."""
    from hms_status.services.tracking import resolve as resolve_ticket

    done = resolve_ticket(workspace(ctx), ticket, resolution, used)
    _ticket_command(as_json, done, "resolved")


@tracker.command()
@click.argument("ticket")
@click.option("--to", "assignee", required=True, help="Who takes it.")
@click.option("--json", "as_json", is_flag=True, help="Print the ticket as JSON.")
@click.pass_context
def assign(ctx: click.Context, ticket: str, assignee: str, as_json: bool) -> None:
    """Assign work ticket TICKET to a person."""
    from hms_status.services.tracking import assign as assign_ticket

    _ticket_command(as_json, assign_ticket(workspace(ctx), ticket, assignee), "assigned")


@tracker.command()
@click.argument("component")
@click.option("--json", "as_json", is_flag=True, help="Print the Status Data as JSON.")
@click.option("--fresh", is_flag=True, help="Read the store, not the status snapshot.")
@click.pass_context
def get(ctx: click.Context, component: str, as_json: bool, fresh: bool) -> None:
    """Show the status of COMPONENT."""
    from hms_status.services.tracking import get_status

    data = get_status(workspace(ctx), component, allow_snapshot=not fresh)
    if as_json:
        output.emit_json(data.to_json())
    else:
        output.emit_lines(output.status_lines(data))


@tracker.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Every component with its status, one line each."""
    from hms_status.services.tracking import status_lines

    lines = status_lines(workspace(ctx))
    if as_json:
        output.emit_json([line.to_json() for line in lines])
        return
    output.emit_table(
        ["component", "status", "pass rate", "uptime", "issues", "reason"],
        [
            [
                line.component_id,
                line.status.value,
                output.pct(line.metrics.test_pass_rate),
                output.pct(line.metrics.uptime_percentage),
                line.metrics.issue_count,
                line.reason,
            ]
            for line in lines
        ],
    )


@tracker.command()
@click.argument("component")
@click.option("--limit", default=50, show_default=True, help="How many events.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def history(ctx: click.Context, component: str, limit: int, as_json: bool) -> None:
    """The newest recorded events of COMPONENT."""
    from hms_status.services.tracking import history as history_of

    events = history_of(workspace(ctx), component, limit)
    if as_json:
        output.emit_json(events)
        return
    rows = []
    for e in events:
        detail = {
            k: v
            for k, v in e.items()
            if k not in ("event_id", "kind", "timestamp") and v not in (None, "")
        }
        rows.append(
            [
                e["event_id"],
                e["kind"],
                e["timestamp"],
                ", ".join(f"{k}={v}" for k, v in detail.items()),
            ]
        )
    output.emit_table(["event", "kind", "timestamp", "detail"], rows)
