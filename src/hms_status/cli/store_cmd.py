"""hms-status store compact [--dry-run] [--json]: delete raw events older than [retention]
raw_days, after rolling their days into the daily aggregates."""

from __future__ import annotations

import click

from hms_status.cli import output
from hms_status.cli.context import workspace


@click.group()
def store() -> None:
    """The store's upkeep."""


@store.command()
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print what was deleted as JSON.")
@click.pass_context
def compact(ctx: click.Context, dry_run: bool, as_json: bool) -> None:
    """Delete raw starts, probes, status changes and test runs older than [retention] raw_days
    (default 400), keeping their days in the daily aggregates and every ticket event."""
    from hms_status.services.retention import compact as run_compact

    done = run_compact(workspace(ctx), dry_run)
    if as_json:
        output.emit_json(done.to_json())
        return
    verb = "would delete" if dry_run else "deleted"
    output.emit_lines(
        [
            f"{verb} {done.events} events, {done.test_runs} test runs and {done.test_cases} "
            f"test cases recorded before {done.cutoff}; "
            f"{done.days_rebuilt} component-days {'to rebuild' if dry_run else 'rebuilt'} "
            "into the daily aggregates"
        ]
    )
