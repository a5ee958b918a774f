"""The subprocess door: no shell, timeouts that end the whole process group, typed failures."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from hms_status.gateways.proc import resume, run, stopping, terminate_all


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_ok_output_and_exit_code(tmp_path: Path) -> None:
    done = run(["sh", "-c", "echo out; echo err >&2; exit 3"], cwd=tmp_path)
    assert (done.returncode, done.text, done.error_text) == (3, "out\n", "err")
    assert run(["echo", "$HOME;", "|", "x"]).text == "$HOME; | x\n"  # no shell


def test_missing_program_is_a_result_not_an_exception() -> None:
    done = run(["no-such-program-hms-xyz"])
    assert done.not_found and not done.ok and "not found" in done.error_text


def test_a_timeout_ends_the_command_and_its_children(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    done = run(["sh", "-c", f"sleep 30 & echo $! > {pids}; sleep 30"], timeout=0.5)
    assert done.timed_out
    child = int(pids.read_text())
    for _ in range(50):
        if not _alive(child):
            break
        time.sleep(0.05)
    assert not _alive(child)


def test_terminate_all_stops_running_commands(tmp_path: Path) -> None:
    results = []
    started = tmp_path / "started"
    argv = ["sh", "-c", f"touch {started}; exec sleep 30"]
    worker = threading.Thread(target=lambda: results.append(run(argv, timeout=60)))
    worker.start()
    for _ in range(600):  # wait for the command to be running (an event, not a delay)
        if started.exists():
            break
        time.sleep(0.05)
    try:
        terminate_all()
        worker.join(timeout=25)  # the command sleeps 30 s: joined now means it was ended
        assert stopping()
    finally:
        resume()
    assert not stopping()
    assert not worker.is_alive()
    assert results[0].returncode == -9
