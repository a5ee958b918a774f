"""hms-status worker, hms-status queue (status, apply-schema), and the runs' --queue mode."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import click

from hms_status.cli import output
from hms_status.cli.context import workspace


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hms-status"


@click.command()
@click.option(
    "--concurrency", type=click.IntRange(1, 64), default=1, show_default=True,
    help="Jobs this worker runs at once.",
)  # fmt: skip
@click.option("--once", "--wait-empty", "once", is_flag=True, help="Stop when no job is ready.")
@click.option(
    "--cache-dir", type=click.Path(file_okay=False), envvar="HMS_CACHE_DIR",
    help="Mirrors of remote components (default: $XDG_CACHE_HOME/hms-status or ~/.cache/...).",
)  # fmt: skip
@click.option(
    "--heartbeat", type=click.FloatRange(min=0.1, max=3600), default=10.0, show_default=True,
    help="Seconds between heartbeats; a worker silent for 3 is dead and its jobs run again.",
)  # fmt: skip
@click.pass_context
def worker(
    ctx: click.Context, concurrency: int, once: bool, cache_dir: str | None, heartbeat: float
) -> None:
    """Run queued per-component jobs (PostgreSQL store) until SIGTERM or, with --once, none is ready."""
    from hms_status.queue.app import require_postgres
    from hms_status.queue.worker import WorkerOptions, run_worker

    ws = workspace(ctx)
    require_postgres(ws)
    cache = Path(cache_dir) if cache_dir else _default_cache_dir()
    run_worker(ws, WorkerOptions(concurrency, once, cache, heartbeat))


@click.group()
def queue() -> None:
    """The job queue of a PostgreSQL store: status, apply-schema."""


@queue.command()
@click.option("--json", "as_json", is_flag=True, help="Print the queue as JSON.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Jobs waiting, running and failed, and how many workers are alive."""
    from hms_status.queue.status import queue_status

    found = queue_status(workspace(ctx)).to_json()
    if as_json:
        output.emit_json(found)
        return
    output.emit_lines(
        [f"{found['waiting']} waiting, {found['running']} running, {found['failed']} failed, "
         f"{found['succeeded']} succeeded; {found['workers']} workers"]
    )  # fmt: skip
    rows = [
        [job["status"], job["component_id"], job["attempts"], job["id"]]
        for kind in ("running", "waiting", "failed")
        for job in found["jobs"][kind]
    ]
    if rows:
        output.emit_table(["state", "component", "attempts", "job"], rows)


@queue.command(name="apply-schema")
@click.pass_context
def apply_schema(ctx: click.Context) -> None:
    """Create the queue's tables now (otherwise done on first use); safe to repeat."""
    from hms_status.queue.app import ensure_schema

    applied = ensure_schema(workspace(ctx))
    output.emit_lines(["queue schema applied" if applied else "queue schema already there"])


def queued_run(
    ctx: click.Context, kind: str, ids: Sequence[str], no_wait: bool, as_json: bool
) -> object:
    """Queue one job per component; the RunReport once done, or the QueuedRun with no_wait."""
    from hms_status.cli.progress import progress
    from hms_status.queue.app import require_postgres
    from hms_status.queue.runs import enqueue, wait
    from hms_status.queue.status import live_workers
    from hms_status.services.fanout import Outcome

    ws = workspace(ctx)
    require_postgres(ws)
    queued = enqueue(ws, kind, ids)
    if no_wait:
        return queued
    if not live_workers(ws):
        click.echo(
            "note: no worker is running; start `hms-status worker` to process the jobs", err=True
        )
    with progress(f"{kind} update (queued)", len(queued.jobs), quiet=as_json) as tick:
        seen = [0]

        def advance(final: int, total: int) -> None:
            while seen[0] < final:
                seen[0] += 1
                tick(Outcome(f"job {seen[0]} of {total} done"))

        return wait(ws, queued, advance)
