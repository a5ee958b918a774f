"""Running a component's configured tests and recording the run through the tracker."""

from __future__ import annotations

import time
from pathlib import Path

from hms_status.config import CONFIG_FILE
from hms_status.errors import ConfigError, InputError
from hms_status.foundation.registry import Component, load_component, require_known
from hms_status.foundation.workspace import Workspace
from hms_status.gateways.proc import run
from hms_status.services import tracking


def test_argv(component: Component) -> list[str] | None:
    """The component's test_command (an argv array in hms-status.toml, never a string), or None."""
    from hms_status.config_check import component_config

    argv = component_config(component.id, component.config, CONFIG_FILE).test_command
    return None if argv is None else list(argv)


def report_path(component: Component, junit_report: str | None) -> Path | None:
    """Where the component's JUnit report lands (inside the component directory), or None."""
    if junit_report is None:
        return None
    path = (component.path / junit_report).resolve()
    if not path.is_relative_to(component.path.resolve()):
        raise ConfigError(
            f"{CONFIG_FILE}: [components.{component.id}] junit_report {junit_report!r} leaves"
            " the component directory",
            "give a path inside the component, e.g. reports/junit.xml",
        )
    return path


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
    component.require_usable()
    config = ws.settings.component(component_id)
    if config.test_command is None:
        raise InputError(
            f"{component_id} has no test_command", f"add it to [components.{component_id}]"
        )
    report = report_path(component, config.junit_report)
    started = time.time()
    result = run(list(config.test_command), cwd=component.path, timeout=config.test_timeout_s)
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
