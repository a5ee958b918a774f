"""Workers on a real PostgreSQL queue: 300 components, 3 worker processes, one killed with -9,
one component that always fails. Every wait is on job states in the database."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.config.clirun import hms
from tests.queue.queueing import (
    Workers,
    generated_root,
    hms_argv,
    json_of,
    queue_ws,
    results_by_component,
    run_hms,
    wait_until,
)

from hms_status.store import queue_jobs

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
COMPONENTS = 300


def _counts(root: Path, url: str) -> dict[str, int]:
    ws = queue_ws(root, url)
    try:
        with ws.store.reading() as conn:
            return queue_jobs.queue_counts(conn)
    finally:
        ws.close()


def _assert_each_once(root: Path, url: str) -> None:
    """Every component has exactly one successful result, all of the same run."""
    ws = queue_ws(root, url)
    try:
        results = results_by_component(ws)
    finally:
        ws.close()
    assert len(results) == COMPONENTS
    runs = {run for rows in results.values() for _, run in rows}
    assert len(runs) == 1
    twice = {cid: rows for cid, rows in results.items() if rows != [("ok", next(iter(runs)))]}
    assert not twice


def test_three_workers_process_every_component_exactly_once(
    tmp_path: Path, queue_url: str, workers: Callable[[Path, str], Workers]
) -> None:
    root = generated_root(tmp_path / "hms", COMPONENTS)
    pool = workers(root, queue_url)
    for _ in range(3):
        pool.start()
    code, out, err = run_hms(root, queue_url, "run", "quick-update", "--queue", "--json")
    assert code == 0, err
    report = json_of(out)
    assert len(report["components"]) == COMPONENTS
    assert all(c["error"] is None and c["status"] for c in report["components"])
    assert _counts(root, queue_url) == {"succeeded": COMPONENTS}
    _assert_each_once(root, queue_url)


def test_a_worker_killed_with_kill_9_loses_nothing(
    tmp_path: Path, queue_url: str, workers: Callable[[Path, str], Workers]
) -> None:
    root = generated_root(tmp_path / "hms", COMPONENTS)
    assert hms(root, "--database-url", queue_url, "queue", "apply-schema")[1] == (
        "queue schema applied\n"
    )
    pool = workers(root, queue_url)
    doomed = pool.start()
    argv = hms_argv(root, queue_url, "run", "quick-update", "--queue", "--json")
    run = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_until(
            lambda: (
                _counts(root, queue_url).get("succeeded", 0) >= 20
                and _counts(root, queue_url).get("doing", 0) == 1
            ),
            "the first worker to be in the middle of the run",
        )
        doomed.send_signal(signal.SIGKILL)
        doomed.wait()
        pool.start()
        pool.start()
        out, err = run.communicate(timeout=240)
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    assert run.returncode == 0, err.decode()
    assert len(json_of(out)["components"]) == COMPONENTS
    assert _counts(root, queue_url) == {"succeeded": COMPONENTS}
    assert _recovered(root, queue_url), "no job of the killed worker was run again"
    _assert_each_once(root, queue_url)


def _recovered(root: Path, url: str) -> list[str]:
    """Components whose job needed a second attempt (the killed worker's job)."""
    ws = queue_ws(root, url)
    try:
        with ws.store.reading() as conn:
            jobs = queue_jobs.jobs_in(conn, ["succeeded"], COMPONENTS)
    finally:
        ws.close()
    return [job["component_id"] for job in jobs if job["attempts"] > 1]


def test_a_failing_component_is_retried_then_reported(
    tmp_path: Path, queue_url: str, workers: Callable[[Path, str], Workers]
) -> None:
    root = generated_root(tmp_path / "hms", 2)
    (root / "hms-status.toml").write_text(
        f'[components.GONE]\nrepo = "{tmp_path / "no-such-repo.git"}"\n', encoding="utf-8"
    )
    workers(root, queue_url).start()
    code, out, _ = run_hms(root, queue_url, "run", "full-update", "--queue", "--json")
    assert code == 1
    errors = {c["component_id"]: c["error"] for c in json_of(out)["components"]}
    assert errors["Q-0000"] is None and errors["Q-0001"] is None
    assert errors["GONE"].startswith("failed after 3 attempts: git clone failed")
    code, out, _ = hms(root, "--database-url", queue_url, "queue", "status", "--json")
    status = json_of(out)
    assert code == 0
    assert (status["failed"], status["succeeded"], status["waiting"]) == (1, 2, 0)
    [failed] = status["jobs"]["failed"]
    assert (failed["component_id"], failed["attempts"]) == ("GONE", 3)


def test_monitor_once_with_the_queue_runs_its_cycle_on_the_workers(
    tmp_path: Path, queue_url: str, workers: Callable[[Path, str], Workers]
) -> None:
    root = generated_root(tmp_path / "hms", 3)
    workers(root, queue_url).start()
    code, out, err = run_hms(root, queue_url, "run", "monitor", "--queue", "--once", "--json")
    assert code == 0, err
    cycle = json_of(out)
    assert (cycle["kind"], cycle["failed"]) == ("full", [])
    assert _counts(root, queue_url) == {"succeeded": 3}
