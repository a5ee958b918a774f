"""Who may call the API: `Authorization: Bearer <token>` checked by services.tokens.

A missing, unknown, malformed or revoked token is 401 with a WWW-Authenticate challenge; a
valid token without the scope the route needs is 403 (RFC 6750's insufficient_scope).
Writes always need a token that may write the component (for a ticket: the ticket's
component); reads need a token only with `[web] read_requires_token = true`. The token text
is never logged or echoed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from hms_status.foundation.workspace import Workspace
from hms_status.services.tokens import Grant, authenticate
from hms_status.web.deps import workspace
from hms_status.web.paths import component_in_path, ticket_in_path
from hms_status.web.problems import Problem

REALM = 'Bearer realm="hms-status"'
bearer = HTTPBearer(
    auto_error=False,
    description="a token made by `hms-status token create NAME --scope read|write[:ID,...]|admin`",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]
Served = Annotated[Workspace, Depends(workspace)]


def _unauthorized(detail: str, error: str | None) -> Problem:
    challenge = f'{REALM}, error="{error}"' if error else REALM
    return Problem(
        401,
        "unauthorized",
        detail,
        headers={"WWW-Authenticate": challenge},
        hint="send 'Authorization: Bearer <token>' with a token from 'hms-status token create'",
    )


def _forbidden(detail: str) -> Problem:
    return Problem(
        403,
        "forbidden",
        detail,
        headers={"WWW-Authenticate": f'{REALM}, error="insufficient_scope"'},
        hint="use a token whose scope covers it (see 'hms-status token list')",
    )


def authenticated(ws: Workspace, credentials: HTTPAuthorizationCredentials | None) -> Grant:
    """The grant of the presented token; 401 when there is none or it is not valid."""
    if credentials is None or not credentials.credentials:
        raise _unauthorized("this needs a bearer token", None)
    grant = authenticate(ws, credentials.credentials)
    if grant is None:
        raise _unauthorized("the token is unknown or revoked", "invalid_token")
    return grant


def reader(ws: Served, credentials: Credentials) -> Grant | None:
    """Reads: open (None) unless [web] read_requires_token, then a token that may read."""
    if not ws.settings.model.web.read_requires_token:
        return None
    grant = authenticated(ws, credentials)
    if not grant.can_read():
        raise _forbidden(f"token {grant.name!r} may not read")
    return grant


def _may_write(grant: Grant, component_id: str) -> Grant:
    if not grant.can_write(component_id):
        raise _forbidden(f"token {grant.name!r} may not write {component_id}")
    return grant


def component_writer(ws: Served, credentials: Credentials, component_id: str) -> Grant:
    """A token that may write the path's component (401, then 404 for a bad ID, then 403)."""
    grant = authenticated(ws, credentials)
    return _may_write(grant, component_in_path(component_id))


def ticket_writer(ws: Served, credentials: Credentials, ticket_id: str) -> Grant:
    """A token that may write the component of the path's ticket."""
    grant = authenticated(ws, credentials)
    _, component_id = ticket_in_path(ticket_id)
    return _may_write(grant, component_id)


ReadAccess = Annotated[Grant | None, Depends(reader)]
ComponentWrite = Annotated[Grant, Depends(component_writer)]
TicketWrite = Annotated[Grant, Depends(ticket_writer)]
