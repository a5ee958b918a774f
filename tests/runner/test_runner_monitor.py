"""The monitor as a real process: one per root, survives cycles, stops on SIGTERM and ends its commands."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import make_root
from tests.runner.processes import Started, read_pids, wait_until

from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from hms_status.services import probe, tracking
from hms_status.services.monitor import Cycle, MonitorOptions, monitor

HMS = [sys.executable, "-m", "hms_status"]
NEVER_S = "3600"
"""An interval, or a test command's sleep, that no test waits out: ending before it means cut short."""


def next_line(proc: subprocess.Popen[str], needle: str) -> str:
    """The next stdout line holding needle (the process writes unbuffered); fail at its end."""
    assert proc.stdout is not None
    for line in proc.stdout:
        if needle in line:
            return line
    raise AssertionError(f"the monitor ended without a line holding {needle!r}")


@pytest.mark.slow
def test_sigterm_stops_a_running_monitor_mid_interval_and_the_lock_holds(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    argv = [*HMS, "--root", str(root), "run", "monitor", "--interval", NEVER_S, "--json"]
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        first = json.loads(next_line(proc, '"cycle": 1'))  # one JSON object per line
        assert first["kind"] == "full" and first["cycle"] == 1
        second = subprocess.run(
            [*HMS, "--root", str(root), "run", "monitor", "--once"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert second.returncode == 2 and "another monitor is already running" in second.stderr
        proc.send_signal(signal.SIGTERM)
        rest, _ = proc.communicate(timeout=120)  # the interval is an hour: ending now is the stop
        assert proc.returncode == 0
        assert rest == ""  # --json prints only cycles
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    log = (root / "data" / "logs" / "monitor.log").read_text()
    assert "cycle 1 (full) done" in log


def test_monitor_records_transitions_and_survives_a_failing_cycle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_root(tmp_path / "hms")
    ws = Workspace(load_settings(root, {}))
    stop = threading.Event()
    cycles: list[Cycle] = []
    real_probe_all = probe.probe_all

    def probe_all_failing_once(*args: Any) -> Any:
        monkeypatch.setattr(probe, "probe_all", real_probe_all)
        raise RuntimeError("the probes' thread pool died")

    def on_cycle(cycle: Cycle) -> None:
        cycles.append(cycle)
        if cycle.number == 1:
            tracking.open_issue(ws, "HMS-API", "Outage", "critical")
            monkeypatch.setattr(probe, "probe_all", probe_all_failing_once)
        elif cycle.number == 3:
            stop.set()

    ran = monitor(ws, MonitorOptions(interval_s=0.01, full_every=10**9), stop, on_cycle)
    assert ran == 3
    assert [c.kind for c in cycles] == ["full", "failed", "quick"]
    assert cycles[1].error == "RuntimeError: the probes' thread pool died"
    assert cycles[1].transitions == ()
    first = cycles[0].after["HMS-API"]
    assert first != "red"
    assert ("HMS-API", first, "red") in cycles[2].transitions  # seen after the failed cycle
    kinds = [e["kind"] for e in tracking.history(ws, "HMS-API")]
    assert "status_change" in kinds
    ws.close()


@pytest.mark.slow
def test_sigterm_during_a_long_test_run_ends_the_tests_and_stops(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    pids = tmp_path / "pids"
    (root / "hms-status.toml").write_text(
        "[components.HMS-API]\n"
        f'test_command = ["sh", "-c", "echo $$ >> {pids}; sleep {NEVER_S} & '
        f'echo $! >> {pids}; wait"]\n'
    )
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    argv = [*HMS, "--root", str(root), "run", "monitor", "--run-tests", "--interval", NEVER_S]
    with subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as proc:
        try:
            shell, sleeper = (Started.of(pid) for pid in read_pids(pids, 2))
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=120)  # the tests sleep an hour: now is the stop
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, err
    assert "monitor stopped" in out
    wait_until(lambda: shell.ended() and sleeper.ended(), "the test command and its child ended")
    history = subprocess.run(
        [*HMS, "--root", str(root), "tracker", "history", "HMS-API", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "test_run" not in history.stdout  # a run we cut short is not recorded as a failure


def test_once_exits_1_when_a_component_could_not_be_updated(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    (root / "hms-status.toml").write_text('[components.HMS-API]\nhealth_url = "ftp://nope/"\n')
    done = subprocess.run(
        [*HMS, "--root", str(root), "run", "monitor", "--once"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1 and "not updated: HMS-API" in done.stdout
