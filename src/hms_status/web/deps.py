"""What routes get from the application: the Workspace it serves and its ecosystem view."""

from __future__ import annotations

from fastapi import FastAPI, Request

from hms_status.foundation.workspace import Workspace
from hms_status.services.ecosystem_view import EcosystemView
from hms_status.services.status_list import StatusList


def workspace(request: Request) -> Workspace:
    """The Workspace of the HMS root this service serves (one per process, thread-safe store)."""
    ws = request.app.state.workspace
    assert isinstance(ws, Workspace)
    return ws


def install_views(app: FastAPI, ws: Workspace) -> None:
    """Give app the ecosystem view of ws (one per application: nothing global)."""
    view = EcosystemView(ws)
    app.state.ecosystem = view
    app.state.status_list = StatusList(view)


def ecosystem(request: Request) -> EcosystemView:
    """The application's view of every component (see services.ecosystem_view)."""
    view = request.app.state.ecosystem
    assert isinstance(view, EcosystemView)
    return view


def status_list(request: Request) -> StatusList:
    """The application's list of every component's Status Data."""
    found = request.app.state.status_list
    assert isinstance(found, StatusList)
    return found
