"""Errors as RFC 9457 problem details: every refusal of the service has one JSON shape.

    {"type": "urn:hms-status:problem:invalid-input", "title": "Invalid input", "status": 400,
     "detail": "environment is 101 characters long; the limit is 100",
     "errors": [{"field": "environment", "message": "..."}], "hint": "..."}

The package's errors map to codes in one table (``STATUS_OF``): bad input 400, a request
body that breaks the schema 422, an unknown component or ticket 404, a state conflict 409,
a store that cannot be reached 503. A write that reached the store but whose snapshot could
not be written is 202 Accepted with the ``snapshot-pending`` type: the event is kept, so a
client must not send it again. A bug is a 500 whose body says only that (the traceback goes
to the server's log); user input never causes one.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from hms_status.errors import (
    ConfigError,
    ConflictError,
    HmsError,
    InputError,
    NotFoundError,
    ReportError,
    SnapshotPendingError,
    StoreError,
    WriteError,
)
from hms_status.web.fields import api_words, field_of

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:hms-status:problem:"
RETRY_AFTER_S = "5"
UNPARSABLE_BODY = "There was an error parsing the body"
"""FastAPI's detail for a JSON body it could not decode (not UTF-8, nested too deeply)."""
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FieldError:
    """One refused field: its name (``results.passed``, ``component_id``) and what is wrong."""

    field: str
    message: str

    def to_json(self) -> dict[str, str]:
        """The entry of the problem's errors list."""
        return {"field": self.field, "message": self.message}


class Problem(StarletteHTTPException):
    """A refusal the web layer decides itself (415, 413, 401, 403), rendered as problem+json."""

    def __init__(
        self,
        status: int,
        kind: str,
        detail: str,
        errors: Sequence[FieldError] = (),
        headers: Mapping[str, str] | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(status, detail, dict(headers) if headers else None)
        self.kind = kind
        self.errors = tuple(errors)
        self.hint = hint


STATUS_OF: tuple[tuple[type[HmsError], int, str], ...] = (
    (SnapshotPendingError, 202, "snapshot-pending"),
    (NotFoundError, 404, "not-found"),
    (ConflictError, 409, "conflict"),
    (ConfigError, 500, "server-configuration"),
    (InputError, 400, "invalid-input"),
    (StoreError, 503, "store-unavailable"),
    (WriteError, 503, "write-failed"),
    (HmsError, 500, "server-error"),
)
"""The package's errors, most specific first: HTTP status and problem type."""


def problem_response(
    status: int,
    kind: str,
    detail: str,
    errors: Sequence[FieldError] = (),
    headers: Mapping[str, str] | None = None,
    hint: str | None = None,
) -> JSONResponse:
    """A problem+json response."""
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + kind,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = [error.to_json() for error in errors]
    if hint:
        body["hint"] = hint
    return JSONResponse(body, status, dict(headers or {}), media_type=PROBLEM_JSON)


def _validation_errors(exc: RequestValidationError) -> tuple[int, list[FieldError]]:
    """422 with one entry per refused field; 400 when the body is not JSON at all."""
    status = 422
    found = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ())]
        where = ".".join(loc[1:]) if len(loc) > 1 else (loc[0] if loc else "body")
        message = str(error.get("msg", "invalid value"))
        if error.get("type") == "json_invalid":
            status, where = 400, "body"
            message = f"not valid JSON: {error.get('ctx', {}).get('error', message)}"
        found.append(FieldError(where, message))
    return status, found


def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    status, errors = _validation_errors(exc)
    detail = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
    return problem_response(status, "validation", detail, errors)


def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(
        exc.status_code, exc.kind, str(exc.detail), exc.errors, exc.headers, exc.hint
    )


def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and exc.detail == UNPARSABLE_BODY:
        cause = exc.__cause__
        why = "not UTF-8 text" if isinstance(cause, UnicodeError) else "not valid JSON"
        if isinstance(cause, RecursionError):
            why = "nested too deeply"
        errors = [FieldError("body", f"cannot be read: {why}")]
        return problem_response(400, "validation", f"body: cannot be read: {why}", errors)
    kind = "-".join(HTTPStatus(exc.status_code).phrase.lower().split())
    return problem_response(exc.status_code, kind, str(exc.detail), (), exc.headers)


def _on_hms_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HmsError)
    status, kind = next((code, k) for cls, code, k in STATUS_OF if isinstance(exc, cls))
    detail = api_words(exc.message)
    hint = api_words(exc.hint) if exc.hint else None
    errors: list[FieldError] = []
    if isinstance(exc, InputError) and not isinstance(exc, ConfigError):
        field = "reports" if isinstance(exc, ReportError) else field_of(exc.message, "body")
        errors.append(FieldError(field or "body", detail))
    if status >= 500:
        _log.error("%s %s: %s", request.method, request.url.path, exc.one_line())
    headers = {"Retry-After": RETRY_AFTER_S} if status == 503 else None
    return problem_response(status, kind, detail, errors, headers, hint)


def _on_bug(request: Request, exc: Exception) -> JSONResponse:
    _log.error("%s %s: internal error", request.method, request.url.path, exc_info=exc)
    return problem_response(
        500, "internal-error", "internal error: the server's log has the details"
    )


def install(app: FastAPI) -> None:
    """Register the exception handlers that turn errors into problem+json bodies."""
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(HmsError, _on_hms_error)
    app.add_exception_handler(Exception, _on_bug)
