"""hms-status docs (and docs_integrator.py): write status into each component's documentation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from hms_status.cli import output
from hms_status.cli.context import workspace

if TYPE_CHECKING:
    from hms_status.foundation.workspace import Workspace
    from hms_status.services.docs import DocsResult


@click.group()
def docs() -> None:
    """Write status into READMEs, HMS-docs/ (codex.md, STATUS.md, badges) and summaries."""


def _lines(ws: Workspace, result: DocsResult) -> list[str]:
    from hms_status.services.docs import relative

    root = ws.settings.root
    head = (
        f"{result.component_id}: {len(result.written)} written, {len(result.unchanged)} unchanged"
    )
    badge = f" (badge: {result.badge})" if result.badge else ""
    return [
        head + badge,
        *(f"  wrote {relative(p, root)}" for p in result.written),
        *(f"  removed {relative(p, root)} (nothing else was left in it)" for p in result.removed),
        *(f"  not written: {reason}" for _, reason in result.refused),
    ]


def _report(ws: Workspace, result: DocsResult, as_json: bool) -> None:
    """Print the result; exit 1 when a file had to be left alone (the rest was written)."""
    from hms_status.errors import EXIT_FAILURES

    if as_json:
        output.emit_json(result.as_dict(ws.settings.root))
    else:
        output.emit_lines(_lines(ws, result))
    if result.refused:
        click.get_current_context().exit(EXIT_FAILURES)


@docs.command()
@click.argument("component")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.pass_context
def update(ctx: click.Context, component: str, as_json: bool) -> None:
    """Write every status doc of COMPONENT.

    HMS-docs/: the badge and its shields.io endpoint JSON, the codex.md status section,
    STATUS.md and its trend.svg; the summaries; the README badge, refreshed, or added to a
    README.md without one unless [docs] readme_badge = false or `badge --remove` was used.
    """
    from hms_status.services.docs import update_component

    ws = workspace(ctx)
    _report(ws, update_component(ws, component), as_json)


@docs.command()
@click.argument("component")
@click.option("--add", is_flag=True, help="Insert the badge into README.md.")
@click.option("--remove", is_flag=True, help="Take the badge out of README.md.")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.pass_context
def badge(ctx: click.Context, component: str, add: bool, remove: bool, as_json: bool) -> None:
    """Add or remove the status badge in COMPONENT's README.md.

    --add puts it under the first heading (or at the top) between marker comments, linked
    to HMS-docs/STATUS.md. --remove is remembered: updates no longer add it until --add.
    """
    from hms_status.errors import InputError
    from hms_status.services.docs import set_badge

    if add == remove:
        raise InputError("say either --add or --remove", "e.g. 'docs badge HMS-API --add'")
    ws = workspace(ctx)
    _report(ws, set_badge(ws, component, add=add), as_json)


@docs.command()
@click.argument("component")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.pass_context
def summary(ctx: click.Context, component: str, as_json: bool) -> None:
    """Write COMPONENT's summary to data/summaries/ (latest and dated copy)."""
    from hms_status.services.docs import write_summary

    ws = workspace(ctx)
    _report(ws, write_summary(ws, component), as_json)


@docs.command(name="all")
@click.option("--json", "as_json", is_flag=True, help="Print every result as JSON.")
@click.pass_context
def all_(ctx: click.Context, as_json: bool) -> None:
    """Update every component's docs, then the ecosystem summary.

    One component's failure never stops the others; the exit code is 1 when any failed.
    """
    from hms_status.cli.progress import progress
    from hms_status.errors import EXIT_FAILURES
    from hms_status.foundation.registry import component_ids
    from hms_status.services.docs import relative, update_all

    ws = workspace(ctx)
    with progress("updating docs", len(component_ids(ws.settings)), quiet=as_json) as tick:
        result = update_all(ws, tick)
    if as_json:
        output.emit_json(result.as_dict(ws.settings.root))
    else:
        output.emit_table(
            ["component", "badge", "written", "unchanged", "error"],
            [
                [
                    r.component_id,
                    r.badge,
                    len(r.written),
                    len(r.unchanged),
                    "; ".join(f"not written: {reason}" for _, reason in r.refused),
                ]
                for r in result.components
            ]
            + [[f.component_id, "-", 0, 0, f.error] for f in result.failures],
        )
        files = result.ecosystem.written or result.ecosystem.unchanged
        output.emit_lines(
            [f"ecosystem summary: {relative(files[0], ws.settings.root)}"] if files else []
        )
    if result.failures or any(r.refused for r in result.components):
        ctx.exit(EXIT_FAILURES)
