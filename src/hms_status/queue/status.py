"""`hms-status queue status`: jobs waiting, running and failed, and the live workers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hms_status.foundation.workspace import Workspace

SHOWN_JOBS = 20


@dataclass(frozen=True)
class QueueStatus:
    """The queue at one moment."""

    counts: dict[str, int]
    """Jobs in each state: todo (waiting), doing (running), succeeded, failed, ..."""
    workers: int
    """Workers with a registered heartbeat."""
    running: list[dict[str, Any]] = field(default_factory=list)
    waiting: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The --json output."""
        return {
            "waiting": self.counts.get("todo", 0),
            "running": self.counts.get("doing", 0),
            "failed": self.counts.get("failed", 0),
            "succeeded": self.counts.get("succeeded", 0),
            "workers": self.workers,
            "jobs": {"running": self.running, "waiting": self.waiting, "failed": self.failed},
        }


def queue_status(ws: Workspace) -> QueueStatus:
    """Counts by state and the newest running, waiting and failed jobs (schema applied first)."""
    from hms_status.queue.app import ensure_schema
    from hms_status.store import queue_jobs

    ensure_schema(ws)
    with ws.store.reading() as conn:
        return QueueStatus(
            counts=queue_jobs.queue_counts(conn),
            workers=queue_jobs.live_workers(conn),
            running=queue_jobs.jobs_in(conn, ["doing"], SHOWN_JOBS),
            waiting=queue_jobs.jobs_in(conn, ["todo"], SHOWN_JOBS),
            failed=queue_jobs.jobs_in(conn, ["failed"], SHOWN_JOBS),
        )


def live_workers(ws: Workspace) -> int:
    """How many workers have a registered heartbeat now."""
    from hms_status.store import queue_jobs

    with ws.store.reading() as conn:
        return queue_jobs.live_workers(conn)
