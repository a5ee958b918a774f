"""GET /api/v1/...: components' Status Data, history, analysis, environment, and tickets.

Reads are open unless `[web] read_requires_token = true`. Each route calls one service and
returns its records' to_json: the shapes are those of data/*.json and `--json`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from hms_status.errors import NotFoundError
from hms_status.services.limits import MAX_HISTORY_LIMIT
from hms_status.services.status_list import StatusList
from hms_status.web.auth import ReadAccess, Served
from hms_status.web.caching import memo_response
from hms_status.web.deps import status_list
from hms_status.web.paths import component_in_path, component_in_query
from hms_status.web.problems import PROBLEM_JSON
from hms_status.web.schemas import ProblemOut, StatusOut, TicketOut

JSON = "application/json"
ComponentId = Annotated[str, Depends(component_in_path)]
_PROBLEM: dict[str, Any] = {"model": ProblemOut, "content": {PROBLEM_JSON: {}}}
READ_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _PROBLEM,
    401: _PROBLEM,
    403: _PROBLEM,
    404: _PROBLEM,
    422: _PROBLEM,
}
router = APIRouter(tags=["read"], responses=READ_ERRORS)


@router.get("/components", response_model=list[StatusOut], response_class=Response)
def list_components(
    request: Request, statuses: Annotated[StatusList, Depends(status_list)], _: ReadAccess
) -> Response:
    """The Status Data of every component (registered, or with recorded data), by ID; with an
    ETag (304 on If-None-Match), gzip-encoded for a client that accepts it."""
    return memo_response(request, statuses.response(), JSON, {})


@router.get("/components/{component_id}", response_model=StatusOut)
def get_component(ws: Served, _: ReadAccess, component_id: ComponentId) -> JSONResponse:
    """One component's Status Data (data/status/<ID>.json), current."""
    from hms_status.services.tracking import get_status

    return JSONResponse(get_status(ws, component_id).to_json())


@router.get("/components/{component_id}/history", response_model=list[dict[str, Any]])
def get_history(
    ws: Served,
    _: ReadAccess,
    component_id: ComponentId,
    limit: Annotated[int, Query(ge=1, le=MAX_HISTORY_LIMIT, description="events")] = 50,
) -> JSONResponse:
    """The component's newest events (starts, test runs, ticket changes), newest first."""
    from hms_status.services.tracking import history

    return JSONResponse(history(ws, component_id, limit))


def _part(ws: Served, part: str, component_id: str, how: str) -> JSONResponse:
    from hms_status.services import snapshots
    from hms_status.services.components import require_known

    data = snapshots.read_part(ws.settings, part, component_id)
    if data is None:
        require_known(ws, component_id)
        raise NotFoundError(f"{component_id} has no {part} report yet", f"run '{how}'")
    return JSONResponse(data)


@router.get("/components/{component_id}/analysis", response_model=dict[str, Any])
def get_analysis(ws: Served, _: ReadAccess, component_id: ComponentId) -> JSONResponse:
    """The component's latest Analysis Data (data/analysis/<ID>.json)."""
    return _part(ws, "analysis", component_id, f"hms-status analyzer analyze {component_id}")


@router.get("/components/{component_id}/environment", response_model=dict[str, Any])
def get_environment(ws: Served, _: ReadAccess, component_id: ComponentId) -> JSONResponse:
    """The component's latest Environment Data (data/environments/<ID>.json)."""
    return _part(ws, "environments", component_id, f"hms-status env check {component_id}")


@router.get("/components/{component_id}/flaky", response_model=dict[str, Any])
def get_flaky(ws: Served, _: ReadAccess, component_id: ComponentId) -> JSONResponse:
    """The component's flaky and quarantined tests, as `tracker flaky ID --json` prints them."""
    from hms_status.services.tests_over_time import flaky_report

    return JSONResponse(flaky_report(ws, component_id).to_json())


@router.get("/components/{component_id}/tests", response_model=dict[str, Any])
def get_tests(
    ws: Served,
    _: ReadAccess,
    component_id: ComponentId,
    slowest: Annotated[int, Query(ge=0, le=1000, description="slowest tests shown")] = 10,
) -> JSONResponse:
    """The last run against the one before, slowest tests (`tracker tests ID --json`)."""
    from hms_status.services.tests_over_time import tests_report

    return JSONResponse(tests_report(ws, component_id, slowest).to_json())


@router.get("/graph", response_model=dict[str, Any])
def get_graph(ws: Served, _: ReadAccess) -> JSONResponse:
    """The dependency graph as `hms-status graph --json` prints it."""
    from hms_status.services.graph import graph_view

    return JSONResponse(graph_view(ws).to_json())


Window = Annotated[str, Query(max_length=8, description="24h, 7d, 30d, 90d, 365d, Nd or Nh")]


@router.get("/report", response_model=dict[str, Any])
def get_report(ws: Served, _: ReadAccess, window: Window = "30d") -> JSONResponse:
    """Every component's reliability over the window and the totals (`hms-status report`)."""
    from hms_status.services.report import ecosystem_report

    return JSONResponse(ecosystem_report(ws, window).to_json())


@router.get("/components/{component_id}/report", response_model=dict[str, Any])
def get_component_report(
    ws: Served, _: ReadAccess, component_id: ComponentId, window: Window = "30d"
) -> JSONResponse:
    """One component's reliability over the window (`hms-status report ID`)."""
    from hms_status.services.report import component_report

    return JSONResponse(component_report(ws, component_id, window).to_json())


@router.get("/tickets", response_model=list[TicketOut])
def list_tickets(
    ws: Served,
    _: ReadAccess,
    status: Annotated[
        str | None, Query(description="open (nobody assigned), assigned or resolved")
    ] = None,
    component: Annotated[str | None, Query(description="a component ID")] = None,
    limit: Annotated[int | None, Query(ge=1, le=MAX_HISTORY_LIMIT)] = None,
) -> JSONResponse:
    """Work tickets across the ecosystem (or of one component), newest first."""
    from hms_status.services.ticket_list import list_tickets as tickets

    component = component_in_query(component)
    return JSONResponse([t.to_json() for t in tickets(ws, status, component, limit)])


@router.get("/tickets/{ticket_id}/suggestions", response_model=dict[str, Any])
def get_suggestions(
    ws: Served,
    _: ReadAccess,
    ticket_id: str,
    n: Annotated[int, Query(ge=1, le=20, description="suggestions at most")] = 3,
) -> JSONResponse:
    """Resolved tickets most like this one, with evidence and the latest stored model answer
    (`tracker suggest ID --json`). Asking the model is a write: POST .../suggestions/rewrite."""
    from hms_status.services.suggestions import suggest

    return JSONResponse(suggest(ws, ticket_id, n, False).to_json())
