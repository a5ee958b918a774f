"""hms-status run (and run_system.py): full-update, quick-update, monitor, test, probe."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from hms_status.cli import output
from hms_status.cli.context import workspace

if TYPE_CHECKING:
    from hms_status.services.monitor import Cycle


@click.group()
def run() -> None:
    """Keep every component's status, analysis, environment and docs current."""


def _report_table(report: Any) -> None:
    rows = []
    for o in report.outcomes:
        if o.value is None:
            rows.append([o.component_id, "error", "-", o.error])
            continue
        v = o.value
        change = (
            f"{v.previous} -> {v.status}" if v.changed else ("new" if v.previous is None else "-")
        )
        rows.append([o.component_id, v.status, change, v.reasons[0] if v.reasons else ""])
    output.emit_table(
        ["component", "status", "changed", "reason"],
        rows,
        title=f"{report.kind} update: {len(report.outcomes)} components in {report.seconds:.2f}s",
    )
    counts: dict[str, int] = {}
    for o in report.outcomes:
        key = o.value.status if o.value else "error"
        counts[key] = counts.get(key, 0) + 1
    output.emit_lines([", ".join(f"{n} {k}" for k, n in sorted(counts.items()))])


_QUEUE = click.option(
    "--queue", is_flag=True, help="One job per component for `hms-status worker` (PostgreSQL)."
)
_NO_WAIT = click.option(
    "--no-wait", is_flag=True, help="With --queue: return once the jobs are queued."
)


def _queued(ctx: click.Context, kind: str, ids: list[str], no_wait: bool, as_json: bool) -> int:
    """The run as queued jobs: printed when done (or, with --no-wait, when queued)."""
    from hms_status.cli.queue_cmd import queued_run

    done: Any = queued_run(ctx, kind, ids, no_wait, as_json)
    if no_wait:
        data = done.to_json()
        output.emit_json(data) if as_json else output.emit_lines(
            [f"queued {data['queued']} jobs of run {data['run']}"
             f" ({len(data['already_queued'])} already queued)"]
        )  # fmt: skip
        return 0
    output.emit_json(done.to_json()) if as_json else _report_table(done)
    return 1 if done.failed else 0


@run.command(name="full-update")
@click.option(
    "--run-tests", is_flag=True, help="Run each component's configured test_command first."
)
@click.option("--fix", is_flag=True, help="Apply safe environment repairs.")
@click.option(
    "--jobs", type=click.IntRange(1, 64), help="Parallel workers (default: from the core count)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the run as JSON.")
@_QUEUE
@_NO_WAIT
@click.pass_context
def full_update(
    ctx: click.Context,
    run_tests: bool,
    fix: bool,
    jobs: int | None,
    as_json: bool,
    queue: bool = False,
    no_wait: bool = False,
) -> int:
    """Full analysis, environment check, status and docs for every component."""
    from hms_status.cli.progress import progress
    from hms_status.foundation.registry import component_ids
    from hms_status.services.runner import full_update as run_full

    ws = workspace(ctx)
    if queue:
        if run_tests or fix:
            from hms_status.errors import InputError

            raise InputError("--run-tests and --fix do not go through the queue", "drop --queue")
        return _queued(ctx, "full", component_ids(ws.settings), no_wait, as_json)
    with progress("full update", len(component_ids(ws.settings)), quiet=as_json) as tick:
        report = run_full(ws, run_tests, fix, jobs, tick)
    output.emit_json(report.to_json()) if as_json else _report_table(report)
    return 1 if report.failed else 0


@run.command(name="quick-update")
@click.option("--component", help="Only this component.")
@click.option("--jobs", type=click.IntRange(1, 64), help="Parallel workers.")
@click.option("--json", "as_json", is_flag=True, help="Print the run as JSON.")
@_QUEUE
@_NO_WAIT
@click.pass_context
def quick_update(
    ctx: click.Context,
    component: str | None,
    jobs: int | None,
    as_json: bool,
    queue: bool = False,
    no_wait: bool = False,
) -> int:
    """Quick, incremental analysis, status and docs (unchanged components cost almost nothing)."""
    from hms_status.cli.progress import progress
    from hms_status.services.runner import quick_update as run_quick

    ws = workspace(ctx)
    if queue:
        from hms_status.foundation.registry import component_ids, require_known

        ids = [require_known(ws.settings, component)] if component else component_ids(ws.settings)
        return _queued(ctx, "quick", ids, no_wait, as_json)
    with progress("quick update", 1, quiet=True) as tick:
        report = run_quick(ws, component, jobs, tick)
    output.emit_json(report.to_json()) if as_json else _report_table(report)
    return 1 if report.failed else 0


@run.command()
@click.argument("component")
@click.option("--json", "as_json", is_flag=True, help="Print the resulting status as JSON.")
@click.pass_context
def test(ctx: click.Context, component: str, as_json: bool) -> None:
    """Run COMPONENT's configured test_command and record the run."""
    from hms_status.services.testrun import run_component_tests

    done = run_component_tests(workspace(ctx), component)
    if as_json:
        output.emit_json(done.status)
    else:
        output.emit_lines(
            [
                f"recorded test run {done.change.run_id} of {component}",
                *output.status_lines(done.status),
            ]
        )


@run.command()
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_context
def probe(ctx: click.Context, as_json: bool) -> int:
    """GET every component's health_url and record the result (uptime); exit 1 if any failed."""
    from hms_status.services.probe import probe_all

    outcomes = probe_all(workspace(ctx))
    rows: list[dict[str, Any]] = [
        {**o.value.__dict__, "error": None}
        if o.value
        else {"component_id": o.component_id, "error": o.error}
        for o in outcomes
    ]
    if as_json:
        output.emit_json(rows)
    else:
        output.emit_table(
            ["component", "url", "healthy", "detail"],
            [[r["component_id"], r.get("url", "-"), "yes" if r.get("success") else "no",
              r.get("detail") or r["error"]] for r in rows],
        )  # fmt: skip
    return 0 if all(r.get("success") for r in rows) else 1


@run.command()
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=3600,
    show_default=True,
    help="Seconds between cycles (for --once: how often cron runs it).",
)
@click.option(
    "--full-every",
    type=click.IntRange(min=1),
    default=24,
    show_default=True,
    help="A full update when the last one (in the store) is N intervals old.",
)
@click.option("--once", is_flag=True, help="Run one cycle and exit (for cron).")
@click.option("--run-tests", is_flag=True, help="Run configured tests in full cycles.")
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False),
    help="Also log cycles and transitions here (besides data/logs/monitor.log).",
)
@click.option(
    "--quiet", is_flag=True, help="Print nothing unless a status changed or a cycle failed."
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object per cycle, one per line (with --once: one JSON document).",
)
@click.option(
    "--queue", is_flag=True, help="Each cycle queues one job per component for the workers."
)
@click.pass_context
def monitor(
    ctx: click.Context,
    interval: float,
    full_every: int,
    once: bool,
    run_tests: bool,
    log_file: str | None,
    quiet: bool,
    as_json: bool,
    queue: bool = False,
) -> int:
    """Repeat updates until SIGTERM/SIGINT; logs each cycle and every status transition.

    Stops within a second of the signal: commands still running are ended, and a cycle cut
    short leaves nothing half-written (every write is a transaction or an atomic rename).
    With --once the exit code is 1 when the cycle failed or a component could not be updated.
    """
    from hms_status.services import monitor_process
    from hms_status.services.monitor import MonitorOptions

    ws = workspace(ctx)
    options = MonitorOptions(interval, full_every, once, run_tests, _queue_update(ws, queue))

    def report(cycle: Cycle) -> None:
        if quiet and not cycle.eventful:
            return
        if as_json and once:
            output.emit_json(cycle.to_json())
        elif as_json:
            click.echo(json.dumps(cycle.to_json(), ensure_ascii=False))
        else:
            output.emit_lines([_cycle_line(cycle)])

    with _logging_to(ws.settings.data_dir / "logs" / "monitor.log", log_file):
        done = monitor_process.run_until_stopped(ws, options, report)
        if not (quiet or as_json or once):
            output.emit_lines([f"monitor stopped after {len(done.cycles)} cycles"])
        return monitor_process.finish(done)


def _queue_update(ws: Any, queue: bool) -> Any:
    """With --queue: the queue's update for each cycle (PostgreSQL only), else None."""
    if not queue:
        return None
    from hms_status.queue.app import require_postgres
    from hms_status.queue.runs import update_every_component

    require_postgres(ws)
    return update_every_component


def _cycle_line(cycle: Cycle) -> str:
    """One line per cycle: what kind, how long, what changed, what could not be updated."""
    moved = "; ".join(f"{c}: {a} -> {b}" for c, a, b in cycle.transitions) or "no status change"
    state = f"error: {cycle.error}" if cycle.error else f"{cycle.seconds:.2f}s"
    failed = f"; not updated: {', '.join(cycle.failed)}" if cycle.failed else ""
    return f"cycle {cycle.number} ({cycle.kind}) {state}; {moved}{failed}"


@contextmanager
def _logging_to(default: Path, extra: str | None) -> Iterator[None]:
    """Log cycles and transitions to data/logs/monitor.log, and also to --log-file when given.

    Only the files get the INFO lines: stderr keeps the level the entry point chose (warnings,
    or everything with -v), so cron's `--once --quiet` stays silent when nothing happened.
    The files are closed (and the logger as it was) when the monitor ends.
    """
    import logging

    from hms_status.errors import InputError

    root = logging.getLogger()
    for existing in root.handlers:
        existing.setLevel(max(existing.level, root.level))
    logger = logging.getLogger("hms_status")
    level = logger.level
    logger.setLevel(logging.INFO)
    handlers: list[logging.FileHandler] = []
    try:
        for path in (default, *([Path(extra)] if extra else [])):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                handler = logging.FileHandler(path, encoding="utf-8")
            except OSError as exc:
                raise InputError(f"cannot write the log file {path}: {exc.strerror}") from None
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            logger.addHandler(handler)
            handlers.append(handler)
        yield
    finally:
        for added in handlers:
            logger.removeHandler(added)
            added.close()
        logger.setLevel(level)
