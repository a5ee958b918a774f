"""Helpers of the queue's tests: generated roots, worker processes, waits on job states."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from tests.conftest import make_root

from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace

HANG_GUARD_S = 240.0
"""A wait that lasts this long fails the test instead of hanging the suite (never a measure)."""
POLL_S = 0.1
HEARTBEAT_S = "2"
"""Workers' heartbeat in the tests: a killed worker's jobs are retried 6 s after its last. Long
enough that a live worker starved of CPU on a loaded machine is never taken for dead (its job
would run twice); the tests wait on job states, so a longer heartbeat only makes them slower."""


def generated_root(path: Path, count: int) -> Path:
    """An HMS root with count tiny components Q-0000, Q-0001, ... (a README each)."""
    ids = tuple(f"Q-{n:04d}" for n in range(count))
    root = make_root(path, ids)
    for cid in ids:
        (root / "SYSTEM-COMPONENTS" / cid / "README.md").write_text(f"# {cid}\n")
    return root


def hms_argv(root: Path, url: str, *args: str) -> list[str]:
    """python -m hms_status --root ROOT --database-url URL ARGS..."""
    return [sys.executable, "-m", "hms_status", "--root", str(root), "--database-url", url, *args]


class Workers:
    """Worker processes this test started; each stopped (SIGTERM, then SIGKILL) at the end."""

    def __init__(self, root: Path, url: str, logs: Path) -> None:
        self.root, self.url, self.logs = root, url, logs
        self.started: list[subprocess.Popen[bytes]] = []
        self._logs: list[IO[bytes]] = []

    def start(self, *extra: str) -> subprocess.Popen[bytes]:
        """One more `hms-status worker` (waiting for jobs until stopped)."""
        n = len(self.started)
        log = (self.logs / f"worker-{n}.log").open("wb")
        self._logs.append(log)
        argv = hms_argv(self.root, self.url, "worker", "--heartbeat", HEARTBEAT_S, *extra)
        argv += ["--cache-dir", str(self.logs / f"cache-{n}")]
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        """SIGTERM every worker still running, then reap (SIGKILL after the guard)."""
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self._logs:
            log.close()


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Return once condition() holds; fail after HANG_GUARD_S (a hang guard, not a measure)."""
    deadline = time.monotonic() + HANG_GUARD_S
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(POLL_S)


def queue_ws(root: Path, url: str) -> Workspace:
    """A workspace on the test's store, to read jobs and results."""
    return Workspace(load_settings(root, {}, url))


def results_by_component(ws: Workspace) -> dict[str, list[tuple[str, str]]]:
    """Every job result recorded (part "queue"): [(outcome, run)] by component."""
    from hms_status.store import queries, queue_jobs

    found: dict[str, list[tuple[str, str]]] = {}
    with ws.store.reading() as conn:
        for cid in _component_ids(ws):
            rows = queries.part_history(conn, cid, queue_jobs.QUEUE_PART, 100)
            found[cid] = [(r["outcome"], r["data"]["run"]) for r in rows]
    return found


def _component_ids(ws: Workspace) -> list[str]:
    from hms_status.foundation.registry import component_ids

    return component_ids(ws.settings)


def json_of(stdout: str | bytes) -> Any:
    """The JSON document a command printed."""
    return json.loads(stdout)


def run_hms(root: Path, url: str, *args: str) -> tuple[int, str, str]:
    """hms-status in a process of its own, ended after HANG_GUARD_S (a run waits for workers:
    if they died, the test fails instead of hanging): (exit code, stdout, stderr)."""
    done = subprocess.run(
        hms_argv(root, url, *args),
        check=False,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
    )
    return done.returncode, done.stdout, done.stderr
