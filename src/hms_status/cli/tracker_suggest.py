"""hms-status tracker suggest: resolved tickets like this one, with their evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from hms_status.cli import output
from hms_status.cli.context import workspace

if TYPE_CHECKING:
    from hms_status.suggest.model import SuggestionReport


def report_lines(report: SuggestionReport) -> list[str]:
    """The report as plain lines: each suggestion with its evidence, then the next step."""
    if not report.suggestions:
        return [f"{report.ticket_id}: {report.message} (searched {report.searched})"]
    lines = [f"{report.ticket_id}: {len(report.suggestions)} similar resolved ticket(s)"]
    for rank, s in enumerate(report.suggestions, start=1):
        lines += [
            f"{rank}. {s.ticket_id} ({s.component_id}) score {s.score:.2f}: {s.title}",
            f"   resolution: {s.resolution or '-'}",
            f"   why: {'; '.join(s.reasons())}",
        ]
    lines.append(f"next step: {report.next_step}")
    if report.answer is not None:
        lines.append(
            f"model answer ({report.answer.get('model', '?')}): {report.answer.get('answer', '')}"
        )
    if report.warning:
        lines.append(report.warning)
    return lines


@click.command()
@click.argument("ticket")
@click.option("-n", "limit", default=3, show_default=True, help="How many suggestions at most.")
@click.option("--rewrite", is_flag=True, help="Ask the [suggest.llm] model to rewrite them.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def suggest(ctx: click.Context, ticket: str, limit: int, rewrite: bool, as_json: bool) -> None:
    """Resolved tickets most like TICKET, their resolutions and why they matched."""
    from hms_status.services.suggestions import suggest as suggest_for

    report = suggest_for(workspace(ctx), ticket, limit, rewrite)
    if as_json:
        output.emit_json(report.to_json())
    else:
        output.emit_lines(report_lines(report))


COMMANDS = (suggest,)
"""The commands this module adds to the tracker group."""
