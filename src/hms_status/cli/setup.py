"""hms-status init and demo."""

from __future__ import annotations

from pathlib import Path

import click

from hms_status.cli import output


@click.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.pass_context
def init(ctx: click.Context, directory: Path | None, as_json: bool) -> None:
    """Create the data/ tree and status-system/ seed scripts in DIRECTORY (default: the root or cwd)."""
    import os

    from hms_status.services.setup import init_root

    root = (directory or Path(ctx.obj.root or os.environ.get("HMS_ROOT") or ".")).resolve()
    result = init_root(root)
    if as_json:
        output.emit_json({"root": str(result.root), "written": list(result.written)})
    else:
        output.emit_lines(
            [f"HMS root ready at {result.root}", *(f"  created {p}" for p in result.written)]
        )


@click.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--components", default=33, show_default=True, help="How many components.")
@click.option(
    "--force",
    is_flag=True,
    help="Replace a demo already in DIRECTORY (only a demo: other directories are refused).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a summary as JSON.")
def demo(directory: Path, components: int, force: bool, as_json: bool) -> None:
    """Build a demo HMS ecosystem in DIRECTORY (git repositories, manifests, history)."""
    from hms_status.demo.build import build_demo

    summary = build_demo(directory.resolve(), components, force=force)
    if as_json:
        output.emit_json(summary)
    else:
        output.emit_lines(
            [
                f"demo ecosystem with {summary['components']} components at {summary['root']}",
                f"try: hms-status --root {summary['root']} tracker list",
            ]
        )
