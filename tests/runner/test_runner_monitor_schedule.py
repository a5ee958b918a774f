"""When a monitor cycle is full (from the store, so cron's --once keeps the rhythm), --quiet and --json."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import make_root

from hms_status.cli.root import cli
from hms_status.clock import FixedClock
from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from hms_status.services import runner, tracking
from hms_status.services.monitor import (
    Cycle,
    MonitorOptions,
    full_is_due,
    last_full_update,
    monitor,
)
from hms_status.services.monitor_process import exit_code, run_until_stopped

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
HOURLY = MonitorOptions(interval_s=3600, full_every=24, once=True)


@pytest.mark.parametrize(
    ("age", "due"),
    [
        (None, True),  # no full update recorded
        (timedelta(hours=23, minutes=29, seconds=59), False),
        (timedelta(hours=23, minutes=30), True),  # 24 intervals less half of one: cron's jitter
        (timedelta(days=3), True),
    ],
)
def test_a_full_update_is_due_when_the_last_is_full_every_intervals_old(
    age: timedelta | None, due: bool
) -> None:
    last = None if age is None else T0 - age
    assert full_is_due(last, T0, HOURLY) is due


def test_full_every_one_makes_every_cycle_full() -> None:
    every = MonitorOptions(interval_s=60, full_every=1)
    assert full_is_due(T0 - timedelta(seconds=30), T0, every)
    assert not full_is_due(T0 - timedelta(seconds=29), T0, every)


@pytest.fixture
def pinned(tmp_path: Path) -> Workspace:
    return Workspace(load_settings(make_root(tmp_path / "hms"), {}), clock=FixedClock(T0))


def _once(ws: Workspace, options: MonitorOptions = HOURLY) -> Cycle:
    cycles: list[Cycle] = []
    monitor(ws, options, threading.Event(), cycles.append)
    assert len(cycles) == 1
    return cycles[0]


def test_cron_runs_a_full_update_only_when_the_stored_one_is_old(pinned: Workspace) -> None:
    clock = pinned.clock
    assert isinstance(clock, FixedClock)
    first = _once(pinned)
    assert first.kind == "full" and first.last_full is None
    clock.current = T0 + timedelta(hours=1)
    second = _once(pinned)
    assert second.kind == "quick" and second.last_full is not None
    clock.current = T0 + timedelta(hours=23)
    assert _once(pinned).kind == "quick"
    clock.current = T0 + timedelta(hours=24)
    assert _once(pinned).kind == "full"
    clock.current = T0 + timedelta(hours=25)
    assert _once(pinned).kind == "quick"
    pinned.close()


def test_a_manual_full_update_counts_and_one_cut_short_does_not(pinned: Workspace) -> None:
    runner.full_update(pinned)
    manual = last_full_update(pinned)
    assert manual is not None and manual <= T0
    assert _once(pinned).kind == "quick"
    pinned.clock = FixedClock(T0 + timedelta(days=2))
    stopped = threading.Event()
    stopped.set()
    cut = runner.full_update(pinned, stop=stopped)  # every component: "not run: stopping"
    assert cut.failed
    assert last_full_update(pinned) == manual  # the cut-short run is not the last full update
    assert _once(pinned).kind == "full"
    pinned.close()


def test_the_exit_policy_only_counts_failures_with_once() -> None:
    bad = (Cycle(1, "quick", failed=("HMS-API",)),)
    broken = (Cycle(1, "failed", error="store unreachable"),)
    fine = (Cycle(1, "quick"),)
    assert [exit_code(HOURLY, c) for c in (bad, broken, fine, ())] == [1, 1, 0, 1]
    forever = MonitorOptions(once=False)
    assert [exit_code(forever, c) for c in (bad, broken, ())] == [0, 0, 0]


def test_sigterm_is_turned_into_a_stop_by_the_service(tmp_path: Path) -> None:
    ws = Workspace(load_settings(make_root(tmp_path / "hms"), {}))
    before = signal.getsignal(signal.SIGTERM)

    def terminate(cycle: Cycle) -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # as `kill` would, while the monitor waits an hour

    done = run_until_stopped(ws, MonitorOptions(interval_s=3600), terminate)
    assert [c.number for c in done.cycles] == [1]
    assert done.exit_code == 0 and not done.busy
    assert signal.getsignal(signal.SIGTERM) is before
    ws.close()


def _cli(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), "run", "monitor", "--once", *args])
    return result.exit_code, result.stdout


def test_quiet_prints_nothing_until_a_status_changes(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    code, first = _cli(root, "--quiet")  # the first full update may change statuses
    assert code == 0 and all("->" in line for line in first.splitlines())
    assert _cli(root, "--quiet") == (0, "")
    before = json.loads(_cli(root, "--json")[1])["statuses"]["HMS-API"]
    assert _cli(root, "--quiet") == (0, "")
    ws = Workspace(load_settings(root, {}))
    tracking.open_issue(ws, "HMS-API", "Outage", "critical")
    ws.close()
    code, out = _cli(root, "--quiet")
    assert code == 0 and out.startswith("cycle 1 (quick) ") and out.count("\n") == 1
    assert out.endswith(f"; HMS-API: {before} -> red\n")
    assert _cli(root, "--quiet") == (0, "")


def test_once_json_is_one_document(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    code, out = _cli(root, "--json")
    assert code == 0
    cycle = json.loads(out)
    assert cycle["cycle"] == 1 and cycle["kind"] == "full" and cycle["error"] is None
    assert sorted(cycle["statuses"]) == ["HMS-API", "HMS-DOC"]
    assert cycle["failed"] == [] and cycle["last_full_update"] is None
    assert all(set(t) == {"component_id", "from", "to"} for t in cycle["transitions"])
    again = json.loads(_cli(root, "--json")[1])
    assert again["kind"] == "quick" and again["last_full_update"] is not None


def test_cron_once_quiet_says_nothing_on_either_stream_when_nothing_happened(
    tmp_path: Path,
) -> None:
    """As cron runs it: a new process each time; cron mails whatever it prints."""
    root = make_root(tmp_path / "hms")
    argv = [sys.executable, "-m", "hms_status", "--root", str(root), "run", "monitor", "--once"]
    for _ in range(2):  # the first full update may change statuses
        settled = subprocess.run(
            [*argv, "--quiet"], capture_output=True, text=True, timeout=120, check=False
        )
        assert settled.returncode == 0, settled.stderr
    assert (settled.stdout, settled.stderr) == ("", "")
    log = (root / "data" / "logs" / "monitor.log").read_text()
    assert log.count("cycle 1 (quick) done") == 1  # the INFO lines went to the log file


def test_the_cli_closes_its_log_files_when_the_monitor_ends(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    extra = tmp_path / "extra.log"
    assert _cli(root, "--quiet", "--log-file", str(extra))[0] == 0
    logger = logging.getLogger("hms_status")
    assert not [h for h in logger.handlers if isinstance(h, logging.FileHandler)]
    assert "cycle 1 (full) done" in extra.read_text()
