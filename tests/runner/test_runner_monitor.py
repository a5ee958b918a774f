"""The monitor as a real process: one per root, survives cycles, stops within a second on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tests.conftest import make_root

from hms_status.config import load_settings
from hms_status.services import tracking
from hms_status.services.monitor import Cycle, MonitorOptions, monitor
from hms_status.services.workspace import Workspace

HMS = [sys.executable, "-m", "hms_status"]


def wait_for_line(proc: subprocess.Popen[str], needle: str, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if needle in line:
            return line
        if not line and proc.poll() is not None:
            break
    raise AssertionError(f"no line with {needle!r}")


@pytest.mark.slow
def test_sigterm_stops_a_running_monitor_mid_interval_and_the_lock_holds(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([*HMS, "--root", str(root), "run", "monitor", "--interval", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    try:
        wait_for_line(proc, "cycle 1")
        second = subprocess.run(
            [*HMS, "--root", str(root), "run", "monitor", "--once"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert second.returncode == 2 and "another monitor is already running" in second.stderr
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=45)  # the interval is 60 s: an exit now means it was cut short
        assert code == 0
        rest, _ = proc.communicate(timeout=5)
        assert "monitor stopped after 1 cycles" in rest
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)
    log = (root / "data" / "logs" / "monitor.log").read_text()
    assert "cycle 1 (full) done" in log


def test_monitor_records_transitions_and_survives_a_failing_cycle(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    ws = Workspace(load_settings(root, {}))
    stop = threading.Event()
    cycles: list[Cycle] = []

    def on_cycle(cycle: Cycle) -> None:
        cycles.append(cycle)
        if cycle.number == 1:
            tracking.open_issue(ws, "HMS-API", "Outage", "critical")
            (root / "hms-status.toml").write_text("[analyzer]\nno_such_key = 1\n")
        elif cycle.number == 2:
            (root / "hms-status.toml").write_text("")
            ws.settings = load_settings(root, {})
        else:
            stop.set()

    ran = monitor(ws, MonitorOptions(interval_s=0.01, full_every=100), stop, on_cycle)
    assert ran == 3
    assert cycles[0].kind == "full" and cycles[2].kind == "quick"
    assert ("HMS-API", "unknown", "yellow") in cycles[0].transitions or cycles[0].transitions == ()
    assert any(t[0] == "HMS-API" and t[2] == "red" for c in cycles for t in c.transitions)
    kinds = [e["kind"] for e in tracking.history(ws, "HMS-API")]
    assert "status_change" in kinds
    ws.close()


@pytest.mark.slow
def test_sigterm_during_a_long_test_run_still_stops_within_a_second(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    marker = tmp_path / "started"
    (root / "hms-status.toml").write_text(
        "[components.HMS-API]\n"
        f'test_command = ["sh", "-c", "touch {marker}; sleep 30 & sleep 30"]\n'
    )
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        [*HMS, "--root", str(root), "run", "monitor", "--run-tests", "--interval", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as proc:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists()
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=25)  # the tests sleep 30 s: an exit now means they were ended
        out, _ = proc.communicate()
    assert code == 0, out
    assert "monitor stopped" in out
    leftover = subprocess.run(
        ["pgrep", "-f", "sleep 30 & sleep 30"], capture_output=True, check=False
    )
    assert leftover.stdout.strip() == b""
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
