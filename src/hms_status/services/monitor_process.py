"""The monitor as a process: SIGTERM/SIGINT become a stop, cycles run in a worker thread, the
commands still running are ended when stopped, and the exit code is decided here.

The CLI only parses options and prints cycles: `run_until_stopped`, then `finish`.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass

from hms_status.errors import EXIT_FAILURES, EXIT_OK
from hms_status.foundation.workspace import Workspace
from hms_status.gateways import proc
from hms_status.services.monitor import Cycle, MonitorOptions, monitor

STOP_GRACE_S = 0.5
"""How long a stopped monitor waits for its cycle to end before it leaves without it."""
_SIGNALS = (signal.SIGTERM, signal.SIGINT)


@dataclass(frozen=True)
class MonitorRun:
    """How a monitor process ended."""

    cycles: tuple[Cycle, ...]
    exit_code: int
    """1 when --once and its cycle failed or left a component not updated; else 0."""
    busy: bool = False
    """A cycle cut short by the stop is still unwinding in its thread: leave without it."""


def exit_code(options: MonitorOptions, cycles: tuple[Cycle, ...]) -> int:
    """The exit policy: only --once reports failures (a long-running monitor just logs them)."""
    if not options.once:
        return EXIT_OK
    last = cycles[-1] if cycles else None
    return EXIT_FAILURES if last is None or last.error or last.failed else EXIT_OK


def run_until_stopped(
    ws: Workspace, options: MonitorOptions, on_cycle: Callable[[Cycle], None] | None = None
) -> MonitorRun:
    """Run the monitor until SIGTERM/SIGINT (or its one cycle); call from the main thread.

    On a signal the commands still running (tests, tools, git) are ended with their process
    groups, and the cycle is given STOP_GRACE_S to unwind; a cycle cut short leaves nothing
    half-written (every write is a transaction or an atomic rename).
    """
    stop = threading.Event()
    cycles: list[Cycle] = []
    errors: list[BaseException] = []

    def report(cycle: Cycle) -> None:
        cycles.append(cycle)
        if on_cycle is not None:
            on_cycle(cycle)

    def work() -> None:
        try:
            monitor(ws, options, stop, report)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread and raised there
            errors.append(exc)

    handlers = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in _SIGNALS}
    try:
        worker = threading.Thread(target=work, name="hms-monitor", daemon=True)
        worker.start()
        while worker.is_alive() and not stop.is_set():
            worker.join(0.1)
        if stop.is_set():
            proc.terminate_all()
            worker.join(STOP_GRACE_S)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    if not worker.is_alive():
        proc.resume()  # nothing of ours is running any more: later commands may run again
    if errors:
        raise errors[0]
    done = tuple(cycles)
    return MonitorRun(done, exit_code(options, done), busy=worker.is_alive())


def finish(run: MonitorRun) -> int:
    """The exit code; when a cut-short cycle is still unwinding, leave the process at once.

    Safe by construction: every store write is a transaction and every file write an atomic
    rename, so an update cut short leaves nothing half-written (and the monitor lock is an
    OS lock, released with the process).
    """
    if run.busy:
        import os
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        logging.shutdown()
        os._exit(run.exit_code)
    return run.exit_code
