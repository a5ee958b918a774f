"""hms-status notify: deliver pending notifications, test a channel, read the delivery log.

Exit codes: 0 done; 1 a delivery attempt (or the test message) failed; 2 bad input (an
unknown channel, a URL in hms-status.toml, an unset url_env variable), nothing sent.
"""

from __future__ import annotations

import click

from hms_status.cli import output
from hms_status.cli.context import workspace

MAX_LOG_LIMIT = 10_000


@click.group()
def notify() -> None:
    """Notifications: send what the outbox holds, test a channel, show the delivery log."""


@notify.command()
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def send(ctx: click.Context, as_json: bool) -> None:
    """Deliver pending notifications once (the monitor and `serve` do this on their own)."""
    from hms_status.services.notify import send_pending

    summary = send_pending(workspace(ctx))
    if as_json:
        output.emit_json(summary.to_json())
    else:
        output.emit_lines(
            [
                f"taken {summary.taken} new events; sent {summary.sent}, digests {summary.digests}, "
                f"retrying {summary.retrying}, failed {summary.failed}",
                *summary.errors,
            ]
        )
    if summary.errors:
        ctx.exit(1)


@notify.command()
@click.option("--channel", "name", required=True, metavar="NAME", help="A channel's name.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def test(ctx: click.Context, name: str, as_json: bool) -> None:
    """Send a test message to the channel NAME now."""
    from hms_status.services.notify import send_test

    result = send_test(workspace(ctx), name)
    if as_json:
        output.emit_json(result.to_json())
    elif result.ok:
        output.emit_lines([f"sent a test message to {name}"])
    else:
        output.emit_lines([f"{name}: not sent: {result.error}"])
    if not result.ok:
        ctx.exit(1)


@notify.command()
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_LOG_LIMIT),
    default=50,
    show_default=True,
    help="How many deliveries, newest first.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the deliveries as JSON.")
@click.pass_context
def log(ctx: click.Context, limit: int, as_json: bool) -> None:
    """What was sent, held, suppressed, grouped or failed, and why (newest first)."""
    from hms_status.services.notify import log as read_log
    from hms_status.services.notify import log_json

    rows = read_log(workspace(ctx), limit)
    if as_json:
        output.emit_json([log_json(row) for row in rows])
        return
    if not rows:
        output.emit_lines(["no deliveries yet: see hms-status notify send"])
        return
    output.emit_table(
        ["event", "state", "channel", "component", "kind", "attempts", "when", "why"],
        [
            [
                row.delivery.event_id,
                row.delivery.state,
                row.delivery.channel,
                row.component_id,
                row.kind,
                row.delivery.attempts,
                row.delivery.sent_at or row.delivery.next_attempt_at or row.created_at,
                row.delivery.last_error,
            ]
            for row in rows
        ],
    )
