"""hms-status report [ID] [--window 30d] [--json]: reliability over a window, for one
component or the whole ecosystem (uptime with coverage, incidents, MTTR, MTBF, tickets)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from hms_status.cli import output
from hms_status.cli.context import workspace

if TYPE_CHECKING:
    from hms_status.analytics.report_model import ComponentReport, EcosystemReport

WINDOW_HELP = "24h, 7d, 30d (default), 90d, 365d, or any Nd (1-3650) / Nh (1-168)."
_COLUMNS = ["component", "status", "uptime", "coverage", "pass rate", "incidents", "MTTR", "MTBF"]


@click.command()
@click.argument("component_id", metavar="[ID]", required=False)
@click.option("--window", default="30d", show_default=True, metavar="WINDOW", help=WINDOW_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def report(ctx: click.Context, component_id: str | None, window: str, as_json: bool) -> None:
    """Reliability over a window: one component (ID), or every component and the totals."""
    from hms_status.services import report as reports

    ws = workspace(ctx)
    if component_id is None:
        whole = reports.ecosystem_report(ws, window)
        output.emit_json(whole.to_json()) if as_json else _print_ecosystem(whole)
        return
    one = reports.component_report(ws, component_id, window)
    output.emit_json(one.to_json()) if as_json else _print_component(one)


def _row(line: ComponentReport) -> list[str]:
    from hms_status.analytics.report_model import duration_text

    ongoing = " (1 ongoing)" if line.timeline.ongoing else ""
    return [
        line.component_id,
        line.status,
        output.pct(line.uptime.percentage),
        output.pct(line.uptime.coverage),
        output.pct(line.pass_rate),
        f"{len(line.timeline.incidents)}{ongoing}",
        duration_text(line.timeline.mttr_s),
        duration_text(line.timeline.mtbf_s),
    ]


def _print_ecosystem(whole: EcosystemReport) -> None:
    from hms_status.analytics.report_model import duration_text, totals

    sums = totals(whole.components)
    title = f"Reliability over {whole.window.label}"
    output.emit_table(_COLUMNS, [_row(line) for line in whole.components], title=title)
    output.emit_lines(
        [
            f"{sums.components} components: uptime {output.pct(sums.uptime_percentage)}, "
            f"{sums.incidents} incidents ({sums.ongoing} ongoing), "
            f"MTTR {duration_text(sums.mttr_s)}, MTBF {duration_text(sums.mtbf_s)}, "
            f"tickets opened {sums.tickets_opened}, resolved {sums.tickets_resolved}"
        ]
    )


def _print_component(one: ComponentReport) -> None:
    from hms_status.analytics.report_model import duration_text

    output.emit_table(_COLUMNS, [_row(one)], title=f"Reliability over {one.window.label}")
    output.emit_table(
        ["window", "uptime", "coverage", "observations"],
        [
            [u.window, output.pct(u.percentage), output.pct(u.coverage), u.observations]
            for u in one.uptimes
        ],
        title="Uptime",
    )
    spent = one.timeline.time_in_status
    tickets = one.tickets
    output.emit_lines(
        [
            "time in status: "
            + (", ".join(f"{s} {duration_text(v)}" for s, v in sorted(spent.items())) or "-"),
            f"tickets: {tickets.opened} opened, {tickets.resolved} resolved, "
            f"mean time to resolve {duration_text(tickets.mean_time_to_resolve_s)}",
        ]
    )
