"""The dashboard: server-rendered pages (/, /components/{id}, /tickets, /tickets/{ticket}),
the overview fragment its script polls, and the stylesheet and script.

Every page reads without JavaScript; the script only refreshes the overview in place and
applies its filters as they are typed. Rules live in the services; this module parses the
request, calls them and renders the templates of templates/web.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from hms_status.errors import HmsError, InputError
from hms_status.foundation.workspace import Workspace
from hms_status.services.ecosystem_view import EcosystemView, Memo
from hms_status.web import views
from hms_status.web.caching import memo_response
from hms_status.web.deps import ecosystem, workspace

if TYPE_CHECKING:
    from hms_status.services.ecosystem_view import Ecosystem

router = APIRouter(include_in_schema=False)

STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
TICKETS_SHOWN = 500
"""At most this many tickets are listed on /tickets (the newest); filters narrow it."""
TICKET_VIEWS = ("unresolved", "open", "assigned", "resolved", "all")

Ws = Annotated[Workspace, Depends(workspace)]
View = Annotated[EcosystemView, Depends(ecosystem)]
HTML = "text/html; charset=utf-8"
Text = Annotated[str | None, Query(max_length=200)]


def _root(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


def _page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = views.render(template, root=_root(request), **context)
    return HTMLResponse(
        html, status_code, headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"}
    )


def _error(request: Request, status_code: int, error: HmsError, title: str) -> HTMLResponse:
    return _page(
        request,
        "error.html",
        status_code,
        nav="",
        title=title,
        message=error.message,
        hint=error.hint or "",
    )


def _owners(request: Request, ws: Workspace) -> tuple[dict[str, str], int]:
    found = getattr(request.app.state, "dashboard_owners", None)
    if not isinstance(found, views.OwnerCache):
        found = views.OwnerCache()
        request.app.state.dashboard_owners = found
    return found.versioned(ws)


def _overview(
    request: Request, view: EcosystemView, kind: str, filters: tuple[Text, Text, Text]
) -> Memo:
    """The overview page or fragment for these filters, rendered once per version of the
    ecosystem and of the owners; InputError for a bad filter."""
    from hms_status.services import dashboard

    wanted = dashboard.overview_filter(*filters)
    owners, generation = _owners(request, view.ws)
    root = _root(request)

    def build(ecosystem: Ecosystem) -> Memo:
        found = dashboard.overview_of(
            ecosystem.lines(), lambda c: owners.get(c, ""), wanted, ecosystem.windows
        )
        tag = hashlib.sha256(f"{found.version}|{wanted!r}".encode()).hexdigest()[:24]
        if kind == "fragment":
            html = views.render("_overview.html", root=root, overview=found, wanted=wanted)
            return Memo.of(html.encode(), f'"{tag}"')
        html = views.render(
            "overview.html",
            root=root,
            nav="overview",
            overview=found,
            wanted=wanted,
            etag=f'"{tag}"',
            statuses=dashboard.STATUSES,
        )
        return Memo.of(html.encode())

    return view.response(("overview", kind, root, wanted, generation), build)


@router.get("/", response_class=HTMLResponse)
def overview_page(
    request: Request, view: View, status: Text = None, owner: Text = None, q: Text = None
) -> Response:
    """Every component worst first, with the ecosystem counts and filters."""
    try:
        memo = _overview(request, view, "page", (status, owner, q))
    except InputError as exc:
        return _error(request, 400, exc, "Bad filter")
    return memo_response(request, memo, HTML, {**SECURITY_HEADERS, "Cache-Control": "no-cache"})


@router.get("/fragments/overview", response_class=HTMLResponse)
def overview_fragment(
    request: Request, view: View, status: Text = None, owner: Text = None, q: Text = None
) -> Response:
    """The overview's live part (counts and components) for the page's script; 304 when the
    If-None-Match ETag still matches."""
    try:
        memo = _overview(request, view, "fragment", (status, owner, q))
    except InputError as exc:
        return _error(request, 400, exc, "Bad filter")
    return memo_response(request, memo, HTML, {**SECURITY_HEADERS, "Cache-Control": "no-cache"})


@router.get("/components/{component_id}", response_class=HTMLResponse)
def component_page(
    request: Request, view: View, component_id: str, window: Text = None
) -> Response:
    """One component: status, reasons, metrics, charts, runs, tickets, checks, analysis; made
    again only when what it is made from changed (services.page_versions)."""
    from hms_status.services import dashboard
    from hms_status.services.page_versions import component_page_version

    try:
        days = dashboard.window_days(window)
    except InputError as exc:
        return _error(request, 400, exc, "Bad window")
    root = _root(request)

    def build() -> Memo:
        page = dashboard.component_page(view.ws, component_id, days)
        html = views.render(
            "component.html",
            root=root,
            nav="",
            page=page,
            docs=page.docs,
            windows=dashboard.WINDOWS,
        )
        return Memo.of(html.encode())

    try:
        version = component_page_version(view.ws, component_id)
        memo = view.memo(("component", component_id, days, root), version, build)
    except InputError as exc:
        return _error(request, 404, exc, "Component not found")
    return memo_response(request, memo, HTML, {**SECURITY_HEADERS, "Cache-Control": "no-cache"})


@router.get("/components/{anything:path}", response_class=HTMLResponse)
def component_not_found(request: Request, anything: str) -> HTMLResponse:
    """A path that is no component ID (it holds a slash): the not-found page."""
    return _error(
        request,
        404,
        InputError("no such component", "component IDs have no slash; see the overview"),
        "Component not found",
    )


@router.get("/tickets", response_class=HTMLResponse)
def tickets_page(
    request: Request,
    ws: Ws,
    status: Text = None,
    component: Text = None,
    severity: Text = None,
    q: Text = None,
) -> HTMLResponse:
    """Tickets across the ecosystem (unresolved by default), filterable."""
    from hms_status.services import ticket_list

    try:
        found = ticket_list.filtered(ws, status, component, severity, q)
    except InputError as exc:
        return _error(request, 400, exc, "Bad filter")
    return _page(
        request,
        "tickets.html",
        nav="tickets",
        tickets=found[:TICKETS_SHOWN],
        total=len(found),
        shown=min(len(found), TICKETS_SHOWN),
        wanted={
            "status": status or "",
            "component": component or "",
            "severity": severity or "",
            "q": q or "",
        },
        views=ticket_list.VIEWS,
        severities=ticket_list.SEVERITIES,
        components=_component_ids(ws),
    )


def _component_ids(ws: Workspace) -> list[str]:
    from hms_status.foundation.registry import component_ids

    return component_ids(ws.settings)


@router.get("/tickets/{ticket}", response_class=HTMLResponse)
def ticket_page(request: Request, ws: Ws, ticket: str) -> HTMLResponse:
    """One ticket with its history."""
    from hms_status.services import ticket_list

    try:
        record, history = ticket_list.ticket_detail(ws, ticket)
    except InputError as exc:
        return _error(request, 404, exc, "Ticket not found")
    from hms_status.services.suggestions import suggest

    return _page(
        request,
        "ticket.html",
        nav="tickets",
        ticket=record,
        history=[views.history_entry(event) for event in history],
        suggested=suggest(ws, record.ticket_id),
    )


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request, ws: Ws) -> HTMLResponse:
    """The dependency graph: edges by kind, unresolved dependencies, cycles, impact."""
    from hms_status.services.graph import graph_page as page_of

    return _page(request, "graph.html", nav="graph", page=page_of(ws))


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request, ws: Ws, window: Text = None) -> HTMLResponse:
    """The ecosystem's reliability over a window (default 30d): a line per component, totals."""
    from hms_status.services import report

    try:
        found = report.ecosystem_report(ws, window or report.DEFAULT_WINDOW)
    except InputError as exc:
        return _error(request, 400, exc, "Bad window")
    return _page(request, "report.html", nav="report", report=found, windows=report.PAGE_WINDOWS)


@cache
def _static(name: str) -> tuple[bytes, str] | None:
    if "/" in name or name.startswith(".") or not name.endswith(tuple(STATIC_TYPES)):
        return None
    file = resources.files("hms_status.web").joinpath("static", name)
    if not file.is_file():
        return None
    data = file.read_bytes()
    return data, f'"{hashlib.sha256(data).hexdigest()[:24]}"'


@router.get("/static/{name}")
def static_file(request: Request, name: str) -> Response:
    """The dashboard's stylesheet and script (package data), with an ETag."""
    found = _static(name)
    if found is None:
        return Response("not found\n", 404, media_type="text/plain")
    data, etag = found
    media = STATIC_TYPES[name[name.rindex(".") :]]
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=300",
        "X-Content-Type-Options": "nosniff",
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=media, headers=headers)
