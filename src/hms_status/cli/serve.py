"""The `hms-status serve` command: the web service for one HMS root and its store."""

from __future__ import annotations

import click

from hms_status.cli.context import CliState, workspace


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="The TCP port."
)
@click.option("--root", metavar="DIR", help="The HMS root (the same as 'hms-status --root').")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, root: str | None) -> None:
    """Serve the dashboard, the /api/v1 API, /metrics and live badges until SIGTERM.

    Logs one access line per request to stderr. Behind a reverse proxy, keep the default
    --host 127.0.0.1 and let the proxy face the network.
    """
    from hms_status.web.server import run

    if root is not None:
        ctx.ensure_object(CliState).root = root
    run(workspace(ctx), host, port)
