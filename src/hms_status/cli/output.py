"""The only module that prints results: JSON for scripts, rich tables on a terminal, plain text otherwise."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from hms_status.domain.status_data import StatusData

STATUS_STYLE = {"green": "green", "yellow": "yellow", "red": "red", "unknown": "dim"}


def emit_json(value: Any) -> None:
    """Print a value as JSON (stdout)."""
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


def emit_lines(lines: Sequence[str]) -> None:
    """Print plain lines."""
    for line in lines:
        click.echo(line)


def is_terminal() -> bool:
    """True when stdout is a terminal (rich output), False for pipes and files."""
    return sys.stdout.isatty()


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def emit_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "") -> None:
    """A table: rich on a terminal, tab-free aligned text otherwise."""
    cells = [[_cell(v) for v in row] for row in rows]
    if is_terminal():
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(title=title or None)
        for column in columns:
            table.add_column(column)
        for row in cells:
            style = STATUS_STYLE.get(row[1], "") if len(row) > 1 else ""
            table.add_row(*map(Text, row), style=style or None)  # text, never rich markup
        Console().print(table)
        return
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    if title:
        click.echo(title)
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def pct(value: Any) -> str:
    """A percentage or '-'."""
    return "-" if value is None else f"{value:.2f}%"


def status_lines(data: StatusData) -> list[str]:
    """A component's status, for people."""
    m = data.metrics
    lines = [
        f"{data.component_id}: {data.status.value.upper()}",
        *(f"  {reason}" for reason in data.reasons),
        f"  test pass rate: {pct(m.test_pass_rate)}   uptime: {pct(m.uptime_percentage)}"
        f"   open issues: {m.issue_count} ({m.critical_issue_count} critical)",
    ]
    if data.maintenance is not None:
        lines.append(f"  maintenance: {data.maintenance.reason} until {data.maintenance.until}")
    if data.last_start is not None:
        s = data.last_start
        ok = "succeeded" if s.success else "failed"
        lines.append(
            f"  last start: {s.timestamp} {ok} env={s.environment or '-'} "
            f"version={s.version or '-'}"
        )
    if data.test_results is not None:
        t = data.test_results
        counts = (
            f"{t.passed} passed, {t.failed} failed, {t.errors} errors, {t.skipped} skipped"
            if t.passed is not None
            else ("succeeded" if t.success else "failed")
        )
        lines.append(f"  last test run: {t.timestamp} {counts}")
    for issue in data.tickets:
        who = f" @{issue.assignee}" if issue.assignee else ""
        lines.append(f"  open {issue.severity.value} {issue.ticket_id}: {issue.title}{who}")
    env = data.environment
    if env.monitor_status is not None:
        lines.append(
            f"  environment: {env.monitor_status} (dev environment {env.dev_environment.value}, "
            f"dependencies {env.dependencies_status.value}, "
            f"configuration {env.configuration_status.value})"
        )
    return lines
