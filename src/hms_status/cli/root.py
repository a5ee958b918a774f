"""The top-level hms-status group and its sub-groups (loaded lazily, so --help is fast)."""

from __future__ import annotations

import importlib
from typing import Any

import click

from hms_status import __version__
from hms_status.cli.context import CliState

_SUBCOMMANDS = {
    "docs": (
        "hms_status.cli.docs",
        "docs",
        "Write status into READMEs, HMS-docs/ (codex.md, STATUS.md, badges) and summaries.",
    ),
    "tracker": (
        "hms_status.cli.tracker",
        "tracker",
        "Record starts, test runs and issues; read status.",
    ),
    "analyzer": (
        "hms_status.cli.analyzer",
        "analyzer",
        "Analyze repositories: structure, git, dependencies, findings.",
    ),
    "env": (
        "hms_status.cli.env",
        "env",
        "Check tools, dependencies and configuration; repair safely.",
    ),
    "run": (
        "hms_status.cli.run",
        "run",
        "full-update, quick-update, monitor, test and probe: the main job.",
    ),
    "init": (
        "hms_status.cli.setup",
        "init",
        "Create the data/ tree and the seed scripts in an HMS root.",
    ),
    "demo": ("hms_status.cli.setup", "demo", "Build a demo HMS ecosystem in DIR."),
    "serve": (
        "hms_status.cli.serve",
        "serve",
        "Serve the dashboard, the /api/v1 API, /metrics and live badges.",
    ),
    "token": (
        "hms_status.cli.tokens",
        "token",
        "API tokens for the service: create, list, revoke.",
    ),
    "push": (
        "hms_status.cli.push",
        "push",
        "Report a start, test run or issue to a running service (the CI client).",
    ),
    "maintenance": (
        "hms_status.cli.maintenance",
        "maintenance",
        "Maintenance windows: no alerts, uptime kept: add, list, end.",
    ),
    "notify": (
        "hms_status.cli.notify",
        "notify",
        "Notifications: send pending ones, test a channel, show the delivery log.",
    ),
    "component": (
        "hms_status.cli.components",
        "component",
        "Register components in the store: add, remove, list.",
    ),
    "report": (
        "hms_status.cli.report",
        "report",
        "Reliability over a window: uptime, incidents, MTTR, MTBF (one component or all).",
    ),
    "store": (
        "hms_status.cli.store_cmd",
        "store",
        "The store's upkeep: compact (delete raw events older than [retention] raw_days).",
    ),
    "worker": (
        "hms_status.cli.queue_cmd",
        "worker",
        "Run queued per-component jobs on a PostgreSQL store (procrastinate).",
    ),
    "queue": (
        "hms_status.cli.queue_cmd",
        "queue",
        "The job queue of a PostgreSQL store: status, apply-schema.",
    ),
    "graph": (
        "hms_status.cli.graph",
        "graph",
        "The dependency graph as Mermaid, dot, JSON or text, with cycles and impact.",
    ),
}


def group_for(name: str) -> click.Command:
    """One part's command group (tracker, analyzer, env, docs, run), imported on demand."""
    module, attr, _ = _SUBCOMMANDS[name]
    command = getattr(importlib.import_module(module), attr)
    assert isinstance(command, click.Command)
    return command


class LazyGroup(click.Group):
    """A group whose sub-commands are imported only when used."""

    def __init__(self, *args: Any, lazy: dict[str, tuple[str, str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, sorted."""
        return sorted({*super().list_commands(ctx), *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import a sub-command on first use."""
        if cmd_name in self._lazy:
            return group_for(cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List sub-commands from their one-line summaries without importing them."""
        rows = [(name, help_) for name, (_, _, help_) in sorted(self._lazy.items())]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup, lazy=_SUBCOMMANDS, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--root", envvar="HMS_ROOT", metavar="DIR", help="The HMS root (default: found from the cwd)."
)
@click.option(
    "--database-url", envvar="HMS_DATABASE_URL", metavar="URL", help="SQLAlchemy URL of the store."
)
@click.option(
    "-v", "--verbose", is_flag=True, help="Log diagnostics to stderr; tracebacks for bugs."
)
@click.version_option(__version__, prog_name="hms-status")
@click.pass_context
def cli(ctx: click.Context, root: str | None, database_url: str | None, verbose: bool) -> None:
    """HMS Status System: the health of every component of an ecosystem, kept current."""
    ctx.obj = CliState(root=root, database_url=database_url, verbose=verbose)
