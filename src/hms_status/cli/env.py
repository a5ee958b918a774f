"""hms-status env (and environment_monitor.py): tools, dependencies and configuration, with repairs."""

from __future__ import annotations

from typing import Any

import click

from hms_status.cli import output
from hms_status.cli.context import workspace

EXIT_NOT_RUN = 3


@click.group()
def env() -> None:
    """Check component development environments (exit 0 ready, 1 warnings, 2 failures, 3 not run)."""


@env.command()
@click.argument("component")
@click.option("--fix", is_flag=True, help="Apply the safe repairs, each listed before it is done.")
@click.option("--dry-run", is_flag=True, help="With --fix: show the plan and change nothing.")
@click.option(
    "--only", "only", multiple=True, metavar="CHECK", help="Run only this check (repeatable)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the Environment Data as JSON.")
@click.pass_context
def check(
    ctx: click.Context,
    component: str,
    fix: bool,
    dry_run: bool,
    only: tuple[str, ...],
    as_json: bool,
) -> int:
    """Check COMPONENT's environment."""
    from hms_status.environment.text import render_text
    from hms_status.services.environment import check as run

    def announce(step: object) -> None:
        if not as_json:
            verb = "would" if dry_run else "will"
            click.echo(f"{verb}: {getattr(step, 'description', step)}", err=True)

    report = run(
        workspace(ctx), component, fix or dry_run, dry_run, frozenset(only) or None, announce
    )
    if as_json:
        output.emit_json(report.to_json())
    else:
        output.emit_lines(render_text(report))
    return report.exit_code()


@env.command(name="all")
@click.option("--fix", is_flag=True, help="Apply the safe repairs.")
@click.option("--jobs", type=click.IntRange(1, 64), help="Parallel workers.")
@click.option("--json", "as_json", is_flag=True, help="Print every report as JSON.")
@click.pass_context
def all_(ctx: click.Context, fix: bool, jobs: int | None, as_json: bool) -> int:
    """Check every registered component in parallel; the exit code is the worst one."""
    from hms_status.cli.progress import progress
    from hms_status.foundation.registry import component_ids
    from hms_status.services.environment import check_all

    ws = workspace(ctx)
    with progress("checking", len(component_ids(ws.settings)), quiet=as_json) as tick:
        outcomes = check_all(ws, fix, jobs, tick)
    if as_json:
        output.emit_json(
            [
                o.value.to_json() if o.value else {"component_id": o.component_id, "error": o.error}
                for o in outcomes
            ]
        )
    else:
        rows: list[list[Any]] = []
        for o in outcomes:
            if o.value is None:
                rows.append([o.component_id, "not run", "-", o.error])
                continue
            report = o.value
            bad = [r.title for r in report.results if r.outcome.value != "ok"]
            status, deps = report.status.value, report.dependencies_status.value
            rows.append([o.component_id, status, deps, "; ".join(bad) or "-"])
        output.emit_table(["component", "status", "dependencies", "problems"], rows)
    codes = [o.value.exit_code() if o.value else EXIT_NOT_RUN for o in outcomes]
    return max(codes, default=0)
