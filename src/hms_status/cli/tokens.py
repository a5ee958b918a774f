"""hms-status token: API tokens for the web service (create, list, revoke).

`token create` prints the secret once, alone on stdout (so `TOKEN=$(hms-status token create
...)` works); the store keeps only its hash, so it cannot be shown again.
"""

from __future__ import annotations

import click

from hms_status.cli import output
from hms_status.cli.context import workspace

SCOPE_HELP = (
    "read, write (every component), write:ID[,ID...] (only these components, "
    "e.g. write:HMS-API) or admin."
)


@click.group()
def token() -> None:
    """API tokens for the service: create (shown once), list, revoke."""


@token.command()
@click.argument("name")
@click.option("--scope", required=True, metavar="SCOPE", help=SCOPE_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the token and its record as JSON.")
@click.pass_context
def create(ctx: click.Context, name: str, scope: str, as_json: bool) -> None:
    """Create a token called NAME; its secret is printed once and never again."""
    from hms_status.services.tokens import create as create_token

    made = create_token(workspace(ctx), name, scope)
    if as_json:
        output.emit_json({**made.info.to_json(), "token": made.token})
    else:
        output.emit_lines([made.token])
    click.echo(
        f"created token {name!r} ({made.info.scope_text}): it is shown only this once, "
        "keep it in a secret store; send it as 'Authorization: Bearer <token>'",
        err=True,
    )


@token.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print the tokens as JSON.")
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Every token, active and revoked (never their secrets)."""
    from hms_status.services.tokens import list_tokens

    rows = list_tokens(workspace(ctx))
    if as_json:
        output.emit_json([row.to_json() for row in rows])
        return
    if not rows:
        output.emit_lines(["no tokens yet: hms-status token create NAME --scope SCOPE"])
        return
    output.emit_table(
        ["name", "state", "scope", "created", "last used", "revoked"],
        [
            [
                row.name,
                "active" if row.active else "revoked",
                row.scope_text,
                row.created_at,
                row.last_used_at,
                row.revoked_at,
            ]
            for row in rows
        ],
    )


@token.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the revoked token's record as JSON.")
@click.pass_context
def revoke(ctx: click.Context, name: str, as_json: bool) -> None:
    """Revoke the active token called NAME: it no longer authenticates."""
    from hms_status.services.tokens import revoke as revoke_token

    info = revoke_token(workspace(ctx), name)
    if as_json:
        output.emit_json(info.to_json())
        return
    output.emit_lines([f"revoked token {name!r} ({info.scope_text}) at {info.revoked_at}"])
