"""Progress for long runs: a rich bar on a terminal, one plain line per component otherwise (stderr)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from hms_status.services.fanout import Outcome


@contextmanager
def progress(
    title: str, total: int, quiet: bool = False
) -> Iterator[Callable[[Outcome[Any]], None]]:
    """Yield a callback that reports each finished component."""
    if quiet:
        yield lambda _outcome: None
        return
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        ) as bar:
            task = bar.add_task(title, total=total)

            def advance(outcome: Outcome[Any]) -> None:
                bar.update(task, advance=1, description=f"{title} {outcome.component_id}")

            yield advance
        return
    done = [0]

    def line(outcome: Outcome[Any]) -> None:
        done[0] += 1
        state = "ok" if outcome.ok else f"failed: {outcome.error}"
        click.echo(f"[{done[0]}/{total}] {outcome.component_id} {state}", err=True)

    yield line
