"""The request size limit ([web] max_body_bytes): a larger body is refused with 413.

A request that declares a larger Content-Length is answered at once, before its body is
read; a chunked body is counted as it arrives and refused when it passes the limit, before
any route sees it. Uploaded reports count: they are part of the body. Up to DRAIN_MAX_BYTES
of a refused body is read and dropped first, so the client gets to read its 413.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hms_status.web.problems import Problem

KIND = "body-too-large"
DRAIN_MAX_BYTES = 8 * 1024 * 1024
"""How much of a refused body is read and dropped before the 413 goes out. A client that
sends its whole body before it reads the answer (most do) would otherwise see the
connection reset instead of the 413; a body larger still is cut off."""


def too_large(limit: int) -> Problem:
    """The 413 problem for a body over limit bytes."""
    return Problem(
        413,
        KIND,
        f"the request body is larger than {limit:,} bytes",
        hint="send less at once (e.g. split a test run's reports), or raise [web] max_body_bytes",
    )


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _drain(receive: Receive, received: int) -> None:
    """Read and drop the rest of a body, up to DRAIN_MAX_BYTES in all."""
    while received <= DRAIN_MAX_BYTES:
        message = await receive()
        if message["type"] != "http.request":
            return
        received += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


class BodyLimit:
    """ASGI middleware: refuse request bodies larger than limit bytes."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with a counting receive, or answer 413 when it declares too much."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.limit:
            from hms_status.web.problems import problem_response

            await _drain(receive, 0)
            problem = too_large(self.limit)
            response = problem_response(413, KIND, str(problem.detail), hint=problem.hint)
            response.headers["Connection"] = "close"
            await response(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    if message.get("more_body", False):
                        await _drain(receive, received)
                    raise too_large(self.limit)
            return message

        await self.app(scope, counting_receive, send)


def install(app: FastAPI) -> None:
    """Limit every request body to the served root's [web] max_body_bytes."""
    app.add_middleware(BodyLimit, limit=app.state.workspace.settings.model.web.max_body_bytes)
