"""The `hms-status push` command (being built for issue 11)."""

from __future__ import annotations

import click


@click.command("push")
def push() -> None:
    """Not built yet."""
    raise click.UsageError("not built yet")
