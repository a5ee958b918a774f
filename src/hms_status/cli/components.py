"""hms-status component: the components a store knows by registration (add, remove, list)."""

from __future__ import annotations

import click

from hms_status.cli import output
from hms_status.cli.context import workspace


@click.group()
def component() -> None:
    """Register components in the store, so that CI runners without a checkout can record."""


@component.command()
@click.argument("component_id", metavar="ID")
@click.option("--description", default=None, help="One or two sentences about it.")
@click.option("--json", "as_json", is_flag=True, help="Print the registration as JSON.")
@click.pass_context
def add(ctx: click.Context, component_id: str, description: str | None, as_json: bool) -> None:
    """Register ID in the store (again: replace its description)."""
    from hms_status.services.components import add as register

    known, created = register(workspace(ctx), component_id, description)
    if as_json:
        output.emit_json({**known.to_json(), "created": created})
        return
    verb = "registered" if created else "already registered"
    output.emit_lines([f"{verb}: {component_id} (known from {', '.join(known.sources)})"])


@component.command()
@click.argument("component_id", metavar="ID")
@click.option(
    "--purge", is_flag=True, help="Also delete its recorded history and snapshots (for good)."
)
@click.option("--json", "as_json", is_flag=True, help="Print what was removed as JSON.")
@click.pass_context
def remove(ctx: click.Context, component_id: str, purge: bool, as_json: bool) -> None:
    """Unregister ID, keeping its history readable; --purge deletes the history too."""
    from hms_status.services.components import remove as unregister

    done = unregister(workspace(ctx), component_id, purge)
    purged = done.removal.purged
    if as_json:
        output.emit_json(
            {
                "component_id": component_id,
                "was_registered": done.removal.was_registered,
                "had_data": done.removal.had_data,
                "purged": None if purged is None else purged.__dict__,
                "snapshots_removed": done.snapshots_removed,
                "still_known_from": list(done.still_known_from),
            }
        )
        return
    lines = [f"removed {component_id} from the store's registered components"]
    if purged is not None:
        lines = [
            f"purged {component_id}: {purged.events} events, {purged.test_runs} test runs, "
            f"{purged.tickets} tickets, {purged.part_reports} part reports, "
            f"{done.snapshots_removed} snapshot files"
        ]
    elif done.removal.had_data:
        lines.append("its history is kept and readable; --purge deletes it")
    if done.still_known_from:
        lines.append(f"still known from: {', '.join(done.still_known_from)}")
    output.emit_lines(lines)


@component.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print the components as JSON.")
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Every known component and where it is known from; IDs with records only are marked."""
    from hms_status.services.components import list_components

    rows = list_components(workspace(ctx))
    if as_json:
        output.emit_json([row.to_json() for row in rows])
        return
    output.emit_table(
        ["component", "known from", "registered", "data", "description"],
        [
            [
                row.component_id,
                ", ".join(row.sources) or "not known: records only (remove --purge)",
                row.registered_at,
                "yes" if row.has_data else "no",
                row.description,
            ]
            for row in rows
        ],
    )
