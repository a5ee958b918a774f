"""How commands get their Workspace: root and store URL from flags, the environment, or the cwd."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click

from hms_status.foundation.workspace import Workspace


@dataclass
class CliState:
    """Global options of the hms-status group."""

    root: str | None = None
    database_url: str | None = None
    verbose: bool = False
    workspace: Workspace | None = None


def workspace(ctx: click.Context) -> Workspace:
    """The Workspace for this invocation, built once."""
    state = ctx.find_object(CliState) or CliState()
    if state.workspace is None:
        from hms_status.config import find_root, load_settings

        root = find_root(state.root, os.environ, Path.cwd())
        settings = load_settings(root, os.environ, state.database_url)
        state.workspace = Workspace(settings)
        ctx.call_on_close(state.workspace.close)
    return state.workspace


pass_workspace = click.make_pass_decorator(CliState, ensure=True)
