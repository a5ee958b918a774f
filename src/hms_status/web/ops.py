"""For proxies, monitoring and READMEs: /healthz, /metrics and the live badges.

None of these needs a token: a load balancer, a Prometheus scraper and a README image
cannot present one, and they show nothing the badge in the component's own docs does not.

Badges: ``/badge/{id}.svg`` is the SVG the docs write, ``/badge/{id}.json`` the shields.io
endpoint JSON; both carry ``Cache-Control: max-age=60`` and an ETag (304 on If-None-Match).
An ID that is no component, or is no ID at all (``..%2Fetc``), gets a grey "not found" badge
with status 404: an image tag still draws it, while caches, crawlers and link checkers learn
that the URL is wrong rather than keep it as a valid badge.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from hms_status.foundation.workspace import Workspace
from hms_status.services.ecosystem_view import EcosystemView, Memo
from hms_status.web.caching import conditional, memo_and_tail_response
from hms_status.web.deps import ecosystem, workspace

CurrentWorkspace = Annotated[Workspace, Depends(workspace)]
Ecosystem = Annotated[EcosystemView, Depends(ecosystem)]
BADGE_MAX_AGE = 60
"""Seconds a browser or image proxy may show a badge before asking again (then usually 304)."""
SVG = "image/svg+xml; charset=utf-8"
JSON = "application/json"
_UNCHANGED = "The badge is unchanged since the ETag given in If-None-Match."
_NOT_FOUND = "No such component: a grey 'not found' badge."


def _badge_responses(media: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"content": {media: {}}},
        304: {"description": _UNCHANGED},
        404: {"description": _NOT_FOUND, "content": {media: {}}},
    }


router = APIRouter(tags=["ops"])


@router.get(
    "/healthz",
    responses={503: {"description": "The store does not answer.", "content": {JSON: {}}}},
)
def healthz(ws: CurrentWorkspace) -> JSONResponse:
    """200 {"status": "ok"} when the store answers a cheap query, else 503."""
    from hms_status.services.service_health import store_answers

    if store_answers(ws):
        return JSONResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})
    return JSONResponse({"status": "unavailable"}, 503, headers={"Cache-Control": "no-store"})


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}, "application/openmetrics-text": {}}}},
)
def metrics(request: Request, view: Ecosystem) -> Response:
    """Prometheus exposition: every component's gauges and the service's request metrics.

    The component families are rendered once per version of the ecosystem and format; the
    request metrics, which change with every request, are rendered fresh after them."""
    from prometheus_client.exposition import choose_encoder

    from hms_status.web import component_metrics, request_metrics

    encoder, content_type = choose_encoder(request.headers.get("accept", ""))
    components = view.response(
        ("metrics", content_type),
        lambda ecosystem: Memo.of(component_metrics.exposition(ecosystem.numbers(), encoder)),
    )
    requests = component_metrics.render(request_metrics.of(request.app).collectors(), encoder)
    headers = {"Cache-Control": "no-store"}
    return memo_and_tail_response(request, components, requests, content_type, headers)


@router.get(
    "/badge/{component_id:path}.svg",
    response_class=Response,
    responses=_badge_responses("image/svg+xml"),
)
def badge_svg(component_id: str, request: Request, ws: CurrentWorkspace) -> Response:
    """The component's status badge as SVG, the same as the one in its docs."""
    from hms_status.services.badges import component_badge

    badge = component_badge(ws, component_id)
    headers = {
        **_badge_headers(),
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    }
    status_code = 200 if badge.found else 404
    return conditional(request, badge.svg.encode(), SVG, status_code, headers)


@router.get(
    "/badge/{component_id:path}.json",
    response_class=Response,
    responses=_badge_responses(JSON),
)
def badge_json(component_id: str, request: Request, ws: CurrentWorkspace) -> Response:
    """The component's badge as shields.io endpoint JSON (https://shields.io/badges/endpoint-badge)."""
    from hms_status.services.badges import component_badge

    badge = component_badge(ws, component_id)
    headers = {**_badge_headers(), "Access-Control-Allow-Origin": "*"}
    status_code = 200 if badge.found else 404
    body = badge.endpoint_json().encode()
    return conditional(request, body, JSON, status_code, headers)


def _badge_headers() -> dict[str, str]:
    return {
        "Cache-Control": f"public, max-age={BADGE_MAX_AGE}",
        "X-Content-Type-Options": "nosniff",
    }
