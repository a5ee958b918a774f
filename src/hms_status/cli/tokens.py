"""The `hms-status token` command (being built for issue 11)."""

from __future__ import annotations

import click


@click.command("token")
def token() -> None:
    """Not built yet."""
    raise click.UsageError("not built yet")
