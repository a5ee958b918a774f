"""The service's own request metrics for /metrics: how many requests, how they ended, how long.

Labels are bounded whatever clients send: ``route`` is the matched route's template
(``/api/v1/components/{component_id}``, never the raw path, so IDs cannot explode the number
of series; ``<unmatched>`` for a path no route knows), ``method`` one of the HTTP methods
(``other`` for anything else) and ``status`` the response's status code. Each application
has its own metrics (nothing global), so apps in one process, as in the tests, never mix.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from fastapi import FastAPI
from prometheus_client import Counter, Histogram
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

UNMATCHED = "<unmatched>"
"""The route label of a request no route matched (a 404 for a path nobody serves)."""
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
OTHER_METHOD = "other"
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
"""Latency buckets in seconds: fine below 100 ms, where the service's targets are."""


class RequestMetrics:
    """One application's request counter and latency histogram."""

    def __init__(self) -> None:
        self.requests = Counter(
            "hms_http_requests",
            "HTTP requests served, by method, route template and status code.",
            ("method", "route", "status"),
            registry=None,
        )
        self.duration = Histogram(
            "hms_http_request_duration_seconds",
            "Time to serve an HTTP request, by method and route template.",
            ("method", "route"),
            registry=None,
            buckets=BUCKETS,
        )

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one finished request."""
        method = method if method in METHODS else OTHER_METHOD
        self.requests.labels(method, route, str(status)).inc()
        self.duration.labels(method, route).observe(seconds)

    def collectors(self) -> Iterable[Collector]:
        """What /metrics registers for this application's requests."""
        return (self.requests, self.duration)


class _Timing:
    """ASGI middleware: times every HTTP request and counts it by its route template."""

    def __init__(self, app: ASGIApp, metrics: RequestMetrics) -> None:
        self._app = app
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets when the app raises before it answers

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self._app(scope, receive, send_and_note)
        finally:
            seconds = time.perf_counter() - started
            self._metrics.observe(scope["method"], route_template(scope), status, seconds)


API_PREFIX = "/api/v1"
"""Where web.app includes the API routers."""


def route_template(scope: Scope) -> str:
    """The path template of the route that served scope, or UNMATCHED."""
    template = getattr(scope.get("route"), "path", None)
    if not isinstance(template, str) or not template:
        return UNMATCHED
    # A route of an included router knows its path without the router's prefix: put the one
    # prefix the app uses back (a constant, so a client's path never becomes a label).
    path = str(scope.get("path", ""))
    if path.startswith(API_PREFIX + "/") and not template.startswith(API_PREFIX + "/"):
        return API_PREFIX + template
    return template


def install(app: FastAPI) -> None:
    """Count and time every request of app; /metrics reads them with of(app)."""
    metrics = RequestMetrics()
    app.state.request_metrics = metrics
    app.add_middleware(_Timing, metrics=metrics)


def of(app: FastAPI) -> RequestMetrics:
    """The request metrics install() set up for app."""
    metrics = app.state.request_metrics
    assert isinstance(metrics, RequestMetrics)
    return metrics
