"""hms-status graph: the dependency graph of the components as Mermaid, dot, JSON or text."""

from __future__ import annotations

import click

from hms_status.cli import output
from hms_status.cli.context import workspace

FORMAT_CHOICES = ("mermaid", "dot", "json", "text")


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    default="text",
    show_default=True,
    help="mermaid and dot draw the graph; json and text also list cycles and impact.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the graph as JSON (--format json).")
@click.pass_context
def graph(ctx: click.Context, fmt: str, as_json: bool) -> None:
    """Print the dependency graph: catalog dependsOn, configured depends_on and inferred edges
    (a manifest depending on a package another component publishes), with cycles and impact."""
    from hms_status.services.graph import render_graph

    text = render_graph(workspace(ctx), "json" if as_json else fmt)
    output.emit_lines(text.splitlines())
