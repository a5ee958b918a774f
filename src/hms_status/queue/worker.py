"""`hms-status worker`: run queued jobs until stopped (or, with --once, until none is ready).

A worker sends a heartbeat every heartbeat_s seconds. A job left in `doing` by a worker whose
heartbeat is older than STALLED_FACTOR heartbeats (killed with kill -9, its machine lost) is
put back in the queue by any live worker, at start and then every heartbeat, and runs again
elsewhere (its attempt counts towards the retries).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hms_status.foundation.workspace import Workspace

if TYPE_CHECKING:
    from procrastinate import App

STALLED_FACTOR = 3
DEFAULT_HEARTBEAT_S = 10.0
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerOptions:
    """How a worker runs."""

    concurrency: int = 1
    """Jobs run at once (each in its own thread: git and tools run in subprocesses)."""
    once: bool = False
    """Stop as soon as no job is ready, instead of waiting for more."""
    cache_dir: Path = Path(".")
    """Where the mirrors and checkouts of remote components are kept."""
    heartbeat_s: float = DEFAULT_HEARTBEAT_S
    """Seconds between heartbeats; a worker silent for 3 of them is taken as dead."""

    @property
    def stalled_after_s(self) -> float:
        """A worker without a heartbeat for this long is dead: its jobs are retried."""
        return self.heartbeat_s * STALLED_FACTOR


def run_worker(ws: Workspace, options: WorkerOptions) -> None:
    """Run jobs in this process until SIGINT/SIGTERM (or until none is ready, with once)."""
    from hms_status.queue.app import build_app, ensure_schema
    from hms_status.queue.job import JobRunner

    ensure_schema(ws)
    ws.open_store()
    runner = JobRunner(ws, options.cache_dir)
    app = build_app(ws, runner, pool_size=options.concurrency + 2)
    asyncio.run(_serve(app, options, runner.worker))


async def _serve(app: App, options: WorkerOptions, name: str) -> None:
    async with app.open_async():
        await recover_stalled(app, options.stalled_after_s)
        recovery = asyncio.create_task(_recover_every(app, options))
        try:
            await app.run_worker_async(
                concurrency=options.concurrency,
                wait=not options.once,
                name=name,
                update_heartbeat_interval=options.heartbeat_s,
                stalled_worker_timeout=options.stalled_after_s,
                fetch_job_polling_interval=min(1.0, options.heartbeat_s),
            )
        finally:
            recovery.cancel()


async def _recover_every(app: App, options: WorkerOptions) -> None:
    from procrastinate.exceptions import ConnectorException

    while True:
        await asyncio.sleep(options.heartbeat_s)
        try:
            await recover_stalled(app, options.stalled_after_s)
        except ConnectorException as exc:  # a lost connection must not stop the worker's jobs
            _log.warning("stalled-job recovery failed: %s", exc)


async def recover_stalled(app: App, stalled_after_s: float) -> int:
    """Put the jobs of dead workers back in the queue; how many were."""
    stalled = list(await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after_s))
    for job in stalled:
        _log.warning("job %s of a dead worker is queued again", job.id)
        await app.job_manager.retry_job(job)
    return len(stalled)
