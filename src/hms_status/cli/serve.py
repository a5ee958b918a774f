"""The `hms-status serve` command (being built for issue 11)."""

from __future__ import annotations

import click


@click.command("serve")
def serve() -> None:
    """Not built yet."""
    raise click.UsageError("not built yet")
