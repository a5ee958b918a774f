"""hms-status push: report a start, test run or issue to a running service (the CI client).

The same arguments as `tracker start|test|issue`, sent to the service's /api/v1 with a
token instead of written to a local store, so a CI job needs no database credentials.
Exit codes: 0 recorded; 2 bad arguments, an unreadable token file, or a request the server
refused (401/403/4xx), nothing recorded; 3 the server could not be reached or failed (5xx);
4 recorded, but the server could not write its snapshot (do not push it again).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from hms_status.cli import output
from hms_status.cli.push_input import DEFAULT_TOKEN_ENV
from hms_status.cli.recording_options import issue_options, start_options, test_options
from hms_status.errors import InputError

if TYPE_CHECKING:
    from hms_status.gateways.service_api import ServiceClient


@dataclass(frozen=True)
class PushOptions:
    """The group's options; the client is built when a sub-command runs (so --help needs none)."""

    server: str | None
    token_file: Path | None
    token_env: str
    timeout: float
    retries: int

    def client(self) -> ServiceClient:
        """A client for --server with the token, both checked (InputError, exit 2)."""
        from hms_status.cli.push_input import read_token, server_url
        from hms_status.gateways.service_api import ServiceClient

        if not self.server:
            raise InputError("--server URL is required", "or set HMS_SERVER")
        base = server_url(self.server)
        token = read_token(self.token_file, self.token_env, os.environ)
        return ServiceClient(base, token, timeout=self.timeout, retries=self.retries)


@click.group()
@click.option(
    "--server",
    envvar="HMS_SERVER",
    metavar="URL",
    help="The service's base URL, e.g. https://status.example.com (or HMS_SERVER).",
)
@click.option(
    "--token-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A file holding the API token.",
)
@click.option(
    "--token-env",
    default=DEFAULT_TOKEN_ENV,
    show_default=True,
    metavar="NAME",
    help="The environment variable holding the token, when no --token-file is given.",
)
@click.option(
    "--timeout", type=click.FloatRange(0.1, 600), default=30.0, show_default=True,
    help="Seconds to wait for the server.",
)  # fmt: skip
@click.option(
    "--retries", type=click.IntRange(0, 10), default=3, show_default=True,
    help="Retries, with backoff, when the server cannot be reached or answers 502/503/504.",
)  # fmt: skip
@click.pass_context
def push(
    ctx: click.Context,
    server: str | None,
    token_file: Path | None,
    token_env: str,
    timeout: float,
    retries: int,
) -> None:
    """Report a start, test run or issue to a running service (the CI client)."""
    ctx.obj = PushOptions(server, token_file, token_env, timeout, retries)


def _client(ctx: click.Context) -> ServiceClient:
    options = ctx.find_object(PushOptions)
    assert options is not None
    return options.client()


def _done(as_json: bool, body: Any, headline: str) -> None:
    if as_json:
        output.emit_json(body)
        return
    status = _status_of(body)
    output.emit_lines([f"{headline}; now {status.upper()}" if status else headline])


def _status_of(body: Any) -> str | None:
    """The component's status in an API answer (Status Data, or an object holding it)."""
    if not isinstance(body, dict):
        return None
    for key in ("status", "operational_status"):
        value = body.get(key)
        if isinstance(value, str):
            return value
        if isinstance(value, dict):
            return _status_of(value)
    return None


@push.command()
@start_options("Print the server's answer as JSON.")
@click.pass_context
def start(
    ctx: click.Context,
    component: str,
    success: bool,
    environment: str,
    version: str,
    duration_ms: int | None,
    message: str,
    as_json: bool,
) -> None:
    """Report a start of COMPONENT."""
    from hms_status.cli.push_input import component_path, without_none

    path = component_path(component, "starts")
    body = {"success": success, "environment": environment, "version": version}
    body |= {"duration_ms": duration_ms, "message": message}
    reply = _client(ctx).post_json(path, without_none(body))
    ok = "succeeded" if success else "failed"
    _done(as_json, reply.body, f"pushed start of {component} ({ok})")


@push.command()
@test_options("Print the server's answer as JSON.")
@click.pass_context
def test(
    ctx: click.Context,
    component: str,
    flag: bool | None,
    results: str | None,
    reports: tuple[Path, ...],
    more_reports: tuple[Path, ...],
    duration_ms: int | None,
    commit: str | None,
    as_json: bool,
) -> None:
    """Report a test run of COMPONENT (counts, report files, or just --success/--failure)."""
    from hms_status.cli.push_input import component_path, test_run_request

    path = component_path(component, "test-runs")
    request = test_run_request(flag, results, reports, more_reports, duration_ms, commit)
    client = _client(ctx)
    if request.multipart:
        reply = client.post_form(path, request.fields, request.files)
    else:
        reply = client.post_json(path, request.body)
    run = reply.body.get("run_id") if isinstance(reply.body, dict) else None
    what = f"test run {run}" if run is not None else "test run"
    _done(as_json, reply.body, f"pushed {what} of {component}{_tickets(reply.body)}")


def _tickets(body: Any) -> str:
    """ "; opened WT-..." for the tickets an answer says the run opened, reopened or resolved."""
    if not isinstance(body, dict):
        return ""
    notes = []
    for key, verb in (("tickets_opened", "opened"), ("tickets_reopened", "reopened")):
        notes += [f"{verb} {', '.join(map(str, body[key]))}"] if body.get(key) else []
    if body.get("tickets_resolved"):
        notes.append(f"resolved {', '.join(map(str, body['tickets_resolved']))}")
    return "".join(f"; {note}" for note in notes)


@push.command()
@issue_options("Print the server's answer as JSON.")
@click.pass_context
def issue(
    ctx: click.Context, component: str, title: str, severity: str, description: str, as_json: bool
) -> None:
    """File an issue (a work ticket) for COMPONENT."""
    from hms_status.cli.push_input import component_path

    path = component_path(component, "issues")
    body = {"title": title, "severity": severity, "description": description}
    reply = _client(ctx).post_json(path, body)
    ticket = reply.body.get("ticket") if isinstance(reply.body, dict) else None
    ticket_id = ticket.get("ticket_id") if isinstance(ticket, dict) else None
    headline = f"pushed issue for {component}" + (f": opened {ticket_id}" if ticket_id else "")
    _done(as_json, reply.body, headline)
