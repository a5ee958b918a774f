"""hms-status maintenance: windows in which a component sends no alert and failures do not
lower its uptime (add, list, end)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from hms_status.cli import output
from hms_status.cli.context import workspace

if TYPE_CHECKING:
    from hms_status.services.maintenance import Listing

TIME_FORMS = "ISO 8601 with an offset or Z (2026-12-01T22:00:00Z), now, or +90m, +2h, +1d"


@click.group()
def maintenance() -> None:
    """Maintenance windows: no alerts, failures kept but not counted against uptime."""


@maintenance.command()
@click.argument("component_id", metavar="ID")
@click.option(
    "--from", "start", default="now", show_default=True, metavar="TIME", help=TIME_FORMS + "."
)
@click.option(
    "--to", "end", required=True, metavar="TIME", help=TIME_FORMS + " (+N: after --from)."
)
@click.option("--reason", required=True, metavar="TEXT", help="Why (shown in docs and alerts).")
@click.option("--json", "as_json", is_flag=True, help="Print the window as JSON.")
@click.pass_context
def add(
    ctx: click.Context, component_id: str, start: str, end: str, reason: str, as_json: bool
) -> None:
    """Put component ID in maintenance from --from to --to."""
    from hms_status.services.maintenance import add as add_window

    ws = workspace(ctx)
    window = add_window(ws, component_id, start, end, reason)
    if as_json:
        output.emit_json(window.to_json(ws.now()))
        return
    output.emit_lines(
        [
            f"maintenance window {window.id}: {window.component_id} from {window.starts_at} "
            f"until {window.until}: {window.reason}"
        ]
    )


@maintenance.command(name="list")
@click.argument("component_id", metavar="[ID]", required=False)
@click.option("--all", "include_past", is_flag=True, help="Also windows ended in the last 30 days.")
@click.option("--json", "as_json", is_flag=True, help="Print the windows as JSON.")
@click.pass_context
def list_(ctx: click.Context, component_id: str | None, include_past: bool, as_json: bool) -> None:
    """Active and upcoming windows (of ID, or of every component)."""
    from hms_status.services.maintenance import list_windows

    _show(list_windows(workspace(ctx), component_id, include_past), as_json)


@maintenance.command()
@click.argument("target", metavar="ID|WINDOW_ID")
@click.option("--json", "as_json", is_flag=True, help="Print the ended windows as JSON.")
@click.pass_context
def end(ctx: click.Context, target: str, as_json: bool) -> None:
    """End a component's current maintenance now, or one window by its number (an upcoming
    one is cancelled)."""
    from hms_status.services.maintenance import end as end_window

    _show(end_window(workspace(ctx), target), as_json)


def _show(listing: Listing, as_json: bool) -> None:
    if as_json:
        output.emit_json([window.to_json(listing.at) for window in listing.windows])
        return
    if not listing.windows:
        output.emit_lines(["no maintenance windows"])
        return
    output.emit_table(
        ["window", "component", "state", "from", "until", "reason"],
        [
            [w.id, w.component_id, w.state(listing.at).value, w.starts_at, w.until, w.reason]
            for w in listing.windows
        ],
    )
