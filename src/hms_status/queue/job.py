"""What a worker does for one job: find the component's files, run its step, record the result.

Where the files come from:
- the component's directory exists on this machine (the root's own checkout): the step runs
  there, exactly as in `run full-update`, docs written back into it;
- else the job names a remote (`repo` in hms-status.toml, or the catalog's
  backstage.io/source-location): the remote is fetched into the worker's mirror cache
  (CACHE/mirrors/ID.git, `git clone --mirror` once, `git fetch` before each job), checked out
  into CACHE/trees/ID, and the step runs on that checkout with docs write-back off (the
  checkout is the worker's own, nobody would read docs written there);
- else the job fails (and is retried, then reported) with a hint to configure `repo`.

The step itself is services.runner.update_component, the same one a local run uses. Its
result, or the error that stopped it, is kept as a part report (part "queue") carrying the
run's id, so the run's report can be built by whoever queued it. A job whose run already has
a result for the component (a worker killed after recording, before acknowledging) is done.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import socket
import threading
from pathlib import Path
from typing import Any

from hms_status.config import Settings
from hms_status.errors import InputError
from hms_status.foundation.workspace import Workspace

_log = logging.getLogger(__name__)


class JobRunner:
    """Runs jobs for one worker process: its workspace, its cache, its per-remote settings."""

    def __init__(self, ws: Workspace, cache_dir: Path) -> None:
        self._ws = ws
        self._cache = cache_dir
        self._remote_settings: dict[str, Settings] = {}
        self._lock = threading.Lock()
        self.worker = f"{socket.gethostname()}:{os.getpid()}"

    def __call__(self, component_id: str, kind: str, run: str, remote: str | None) -> None:
        """Run one job; raise to have procrastinate retry it."""
        from hms_status.services.runner import update_component

        if self._already_done(component_id, run):
            return
        base: dict[str, Any] = {"run": run, "kind": kind, "worker": self.worker}
        try:
            job_ws, source = self._workspace_for(component_id, remote)
            done = update_component(
                job_ws, component_id, full=kind == "full", docs=source == "local"
            )
        except Exception as exc:
            error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self._record(component_id, "failed", {**base, "error": error})
            _log.warning("%s: %s", component_id, error)
            raise
        data = {**base, "source": source, **dataclasses.asdict(done)}
        self._record(component_id, "ok", data)

    def _already_done(self, component_id: str, run: str) -> bool:
        from hms_status.store import queries, queue_jobs

        with self._ws.store.reading() as conn:
            recent = queries.part_history(conn, component_id, queue_jobs.QUEUE_PART, 5)
        return any(r["outcome"] == "ok" and r["data"].get("run") == run for r in recent)

    def _record(self, component_id: str, outcome: str, data: dict[str, Any]) -> None:
        from hms_status.store import queue_jobs

        self._ws.store.record_part_report(
            component_id, queue_jobs.QUEUE_PART, self._ws.now(), outcome, data, None
        )

    def _workspace_for(self, component_id: str, remote: str | None) -> tuple[Workspace, str]:
        """A workspace sharing the worker's store, and where the files are: local or mirror."""
        from hms_status.foundation.registry import component_path

        ws = self._ws
        if component_path(ws.settings, component_id).is_dir():
            return Workspace(ws.settings, ws.clock, ws.store), "local"
        if remote is None:
            raise InputError(
                f"{component_id}: its directory is not on this worker and it has no remote",
                f"set [components.{component_id}] repo = <git URL> in hms-status.toml",
            )
        settings = self._fetched(component_id, remote)
        return Workspace(settings, ws.clock, ws.store, docs_follow=False), "mirror"

    def _fetched(self, component_id: str, remote: str) -> Settings:
        """Fetch remote into the mirror cache, check it out, and the settings that point there."""
        from hms_status.gateways.git_mirror import check_out, sync_mirror

        mirror = self._cache / "mirrors" / f"{component_id}.git"
        tree = self._cache / "trees" / component_id
        sync_mirror(remote, mirror)
        check_out(mirror, tree)
        with self._lock:
            if component_id not in self._remote_settings:
                self._remote_settings[component_id] = _pointing_to(
                    self._ws.settings, component_id, tree
                )
            return self._remote_settings[component_id]


def _pointing_to(settings: Settings, component_id: str, tree: Path) -> Settings:
    """settings with [components.ID] path set to the worker's checkout (outside the root)."""
    components = dict(settings.section("components"))
    table = dict(components.get(component_id) or {})
    table.update(path=str(tree), allow_outside_root=True)
    components[component_id] = table
    config = {**settings.config, "components": components}
    return dataclasses.replace(settings, config=config, checked=None, trusted=False)
