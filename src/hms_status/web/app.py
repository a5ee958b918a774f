"""The FastAPI application over one HMS root and its store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI

from hms_status import __version__

if TYPE_CHECKING:
    from hms_status.foundation.workspace import Workspace


def create_app(ws: Workspace) -> FastAPI:
    """The service for ws: the dashboard pages, /api/v1, /metrics, badges and /healthz."""
    from hms_status.web import (
        api_read,
        api_write,
        body_limit,
        deps,
        ops,
        pages,
        problems,
        request_metrics,
    )

    app = FastAPI(
        title="HMS Status System",
        version=__version__,
        openapi_url="/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.workspace = ws
    deps.install_views(app, ws)
    problems.install(app)
    body_limit.install(app)
    request_metrics.install(app)
    app.include_router(ops.router)
    app.include_router(api_read.router, prefix=request_metrics.API_PREFIX)
    app.include_router(api_write.router, prefix=request_metrics.API_PREFIX)
    app.include_router(pages.router)
    return app
