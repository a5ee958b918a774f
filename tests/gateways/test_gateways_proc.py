"""The subprocess door: no shell, timeouts that end the whole process group, typed failures."""

from __future__ import annotations

import threading
from pathlib import Path

from tests.runner.processes import ECHO_PID_AND_START, HANG_GUARD_S, Started, wait_until

from hms_status.gateways.proc import resume, run, stopping, terminate_all


def test_ok_output_and_exit_code(tmp_path: Path) -> None:
    done = run(["sh", "-c", "echo out; echo err >&2; exit 3"], cwd=tmp_path)
    assert (done.returncode, done.text, done.error_text) == (3, "out\n", "err")
    assert run(["echo", "$HOME;", "|", "x"]).text == "$HOME; | x\n"  # no shell


def test_missing_program_is_a_result_not_an_exception() -> None:
    done = run(["no-such-program-hms-xyz"])
    assert done.not_found and not done.ok and "not found" in done.error_text


def test_a_timeout_ends_the_command_and_its_children(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    argv = ["sh", "-c", f"sleep 3600 & {ECHO_PID_AND_START} > {pids}; sleep 3600"]
    for timeout in (0.5, 4.0, 32.0):  # longer only if a busy machine ran nothing in time
        done = run(argv, timeout=timeout)
        assert done.timed_out
        if pids.is_file() and pids.read_text().strip():
            break
    child = Started.parse(pids.read_text())
    wait_until(child.ended, "the command's background child was ended with it")


def test_terminate_all_stops_running_commands(tmp_path: Path) -> None:
    results = []
    started = tmp_path / "started"
    argv = ["sh", "-c", f"echo $$ > {started}.tmp && mv {started}.tmp {started}; exec sleep 3600"]
    worker = threading.Thread(target=lambda: results.append(run(argv, timeout=3600)))
    worker.start()
    wait_until(started.is_file, "the command is running")
    command = Started.of(int(started.read_text()))
    try:
        terminate_all()
        worker.join(timeout=HANG_GUARD_S)  # it sleeps an hour: joined now means it was ended
        assert stopping()
    finally:
        resume()
    assert not stopping()
    assert not worker.is_alive()
    assert results[0].returncode == -9
    assert command.ended()
