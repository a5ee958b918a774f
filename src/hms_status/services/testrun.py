"""Running a component's configured tests and recording the run through the tracker."""

from __future__ import annotations

import shlex
import time
from pathlib import Path

from hms_status.errors import ConfigError, InputError
from hms_status.gateways.proc import run
from hms_status.services import tracking
from hms_status.services.registry import Component, load_component, require_known
from hms_status.services.workspace import Workspace

DEFAULT_TEST_TIMEOUT_S = 1800.0


def test_argv(component: Component) -> list[str] | None:
    """The component's test_command as argv (a list, or a string split like a shell would), or None."""
    raw = component.config.get("test_command")
    if raw is None:
        return None
    if isinstance(raw, str):
        argv = shlex.split(raw)
    elif isinstance(raw, list) and all(isinstance(a, str) for a in raw):
        argv = list(raw)
    else:
        raise ConfigError(
            f"[components.{component.id}] test_command must be a list of strings or a string"
        )
    if not argv:
        raise ConfigError(f"[components.{component.id}] test_command is empty")
    return argv


def report_path(component: Component) -> Path | None:
    """Where the component's JUnit report lands (inside the component directory), or None."""
    raw = component.config.get("junit_report")
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise ConfigError(f"[components.{component.id}] junit_report must be a path string")
    path = (component.path / raw).resolve()
    if not path.is_relative_to(component.path.resolve()):
        raise ConfigError(
            f"[components.{component.id}] junit_report {raw!r} leaves the component directory"
        )
    return path


def _timeout(component: Component) -> float:
    raw = component.config.get("test_timeout_s", DEFAULT_TEST_TIMEOUT_S)
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw <= 0:
        raise ConfigError(f"[components.{component.id}] test_timeout_s must be a positive number")
    return float(raw)


def run_component_tests(ws: Workspace, component_id: str) -> tracking.Recorded:
    """Run test_command without a shell, with a timeout, and record the run (tickets follow).

    The report decides when it was written by this run and reads cleanly; otherwise the exit
    code does, and a configured report that is missing or broken makes the run a failure.
    A program that cannot be started is a configuration error: nothing is recorded.
    """
    from hms_status.errors import HmsError, ReportError
    from hms_status.gateways import proc

    require_known(ws.settings, component_id)
    component = load_component(ws.settings, component_id)
    argv = test_argv(component)
    if argv is None:
        raise InputError(
            f"{component_id} has no test_command", f"add it to [components.{component_id}]"
        )
    timeout = _timeout(component)
    report = report_path(component)
    started = time.time()
    result = run(argv, cwd=component.path, timeout=timeout)
    elapsed_ms = round((time.time() - started) * 1000)
    if result.not_found:
        raise ConfigError(f"[components.{component_id}] test_command: {result.error_text}",
                          "check the program name and that it is on PATH")  # fmt: skip
    if proc.stopping():
        raise HmsError(f"{component_id}: tests stopped before they finished; nothing recorded")
    fresh = report is not None and report.is_file() and report.stat().st_mtime >= started - 1
    if fresh and not result.timed_out and report is not None:
        try:
            return tracking.record_test_run(
                ws, component_id, None, report_files=[report], duration_ms=elapsed_ms
            )
        except ReportError:
            pass  # a crashed suite leaves a broken report: the run failed
        return tracking.record_test_run(ws, component_id, False, duration_ms=elapsed_ms)
    succeeded = result.ok and report is None
    return tracking.record_test_run(ws, component_id, succeeded, duration_ms=elapsed_ms)
