"""The human form of an environment report: the same facts as the JSON, as lines of text."""

from __future__ import annotations

from hms_status.clock import iso
from hms_status.environment.model import CheckOutcome, CheckResult, EnvironmentReport
from hms_status.environment.steps import RepairOutcome, RepairStep, shell_command

SYMBOLS = {
    CheckOutcome.OK: "✓",
    CheckOutcome.WARNING: "!",
    CheckOutcome.FAILURE: "✗",
    CheckOutcome.INCONCLUSIVE: "?",
}


def _check_lines(result: CheckResult) -> list[str]:
    lines = [f"{SYMBOLS[result.outcome]} {result.title} [{result.id}]"]
    lines += [f"    {detail}" for detail in result.details]
    for finding in result.findings:
        lines.append(f"    {SYMBOLS[finding.outcome]} {finding.description}")
        lines.append(f"      fix: {finding.remediation}")
    return lines


def _step_line(step: RepairStep) -> str:
    command = f": {shell_command(step.argv)}" if step.argv else ""
    target = f" ({step.edit.path})" if step.edit else ""
    return f"  - {step.description}{target}{command}"


def _outcome_line(outcome: RepairOutcome) -> str:
    mark = "✓" if outcome.done else "✗"
    line = f"  {mark} {outcome.step.description}"
    if outcome.backup:
        line += f" (backup: {outcome.backup})"
    return line + (f": {outcome.error}" if outcome.error else "")


def _repair_lines(report: EnvironmentReport) -> list[str]:
    if not report.fixes_planned:
        return []
    if report.dry_run:
        heading = "Repairs planned (dry run, nothing changed):"
    elif report.fix:
        heading = "Repairs planned:"
    else:
        heading = "Repairs available with --fix:"
    lines = [heading, *(_step_line(step) for step in report.fixes_planned)]
    if report.fixes_applied:
        lines += ["Repairs applied:", *(_outcome_line(o) for o in report.fixes_applied)]
    return lines


def render_text(report: EnvironmentReport) -> list[str]:
    """The report as lines: ✓ / ! / ✗ / ? per check, each problem with its fix, then repairs."""
    lines = [f"Environment of {report.component_id} at {iso(report.timestamp)}"]
    for result in report.results:
        lines += _check_lines(result)
    lines.append(f"Dependencies: {report.dependencies_status.value}")
    lines += _repair_lines(report)
    lines.append(f"Status: {report.status.value} (exit code {report.exit_code()})")
    return lines
