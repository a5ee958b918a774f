"""What routes get from the application: the Workspace it serves."""

from __future__ import annotations

from fastapi import Request

from hms_status.foundation.workspace import Workspace


def workspace(request: Request) -> Workspace:
    """The Workspace of the HMS root this service serves (one per process, thread-safe store)."""
    ws = request.app.state.workspace
    assert isinstance(ws, Workspace)
    return ws
