"""POST /api/v1/...: record starts, test runs and issues; resolve and assign tickets.

Each route needs a bearer token that may write the component (web.auth), parses its body
(strict JSON, or multipart reports for test runs), calls the one tracker service the CLI
calls, and answers 201 (200 for ticket changes) with what was recorded and the status it
left. Every refusal is a problem+json body (web.problems) and writes nothing.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from hms_status.domain.results import TestCounts
from hms_status.services import tracking
from hms_status.web import uploads
from hms_status.web.auth import ComponentWrite, Served, TicketWrite
from hms_status.web.media import JSON, MULTIPART, JsonBody, is_json, media_type, unsupported
from hms_status.web.paths import component_in_path
from hms_status.web.problems import PROBLEM_JSON
from hms_status.web.schemas import (
    AssignIn,
    IssueIn,
    ProblemOut,
    ResolveIn,
    StartIn,
    StartOut,
    TestRunIn,
    TestRunOut,
    TicketChangeOut,
)

ComponentId = Annotated[str, Depends(component_in_path)]
_PROBLEM: dict[str, Any] = {"model": ProblemOut, "content": {PROBLEM_JSON: {}}}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    code: _PROBLEM for code in (202, 400, 401, 403, 404, 409, 413, 415, 422, 503)
}
router = APIRouter(tags=["write"], responses=WRITE_ERRORS)


def _inline(model: type[BaseModel]) -> dict[str, Any]:
    """model's JSON schema with its $defs put in place (for a hand-written requestBody)."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return resolve(defs[ref.rsplit("/", 1)[1]])
            return {key: resolve(value) for key, value in node.items()}
        return [resolve(item) for item in node] if isinstance(node, list) else node

    return dict(resolve(schema))


TEST_RUN_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            JSON: {"schema": _inline(TestRunIn)},
            MULTIPART: {
                "schema": {
                    "type": "object",
                    "required": [uploads.REPORTS],
                    "properties": {
                        uploads.REPORTS: {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "JUnit XML, NUnit 3, TRX or xUnit.net reports",
                        },
                        uploads.SUCCESS: {"type": "string", "enum": ["true", "false"]},
                        uploads.DURATION: {"type": "integer", "minimum": 0},
                        uploads.COMMIT: {"type": "string", "pattern": "^[0-9a-fA-F]{7,64}$"},
                    },
                }
            },
        },
    }
}


def _status_json(done: tracking.Recorded) -> dict[str, Any]:
    return done.status.to_json()


@router.post("/components/{component_id}/starts", status_code=201, response_model=StartOut)
def post_start(
    ws: Served, _: ComponentWrite, component_id: ComponentId, __: JsonBody, body: StartIn
) -> JSONResponse:
    """Record a start of the component (as `tracker start`)."""
    done = tracking.record_start(
        ws,
        component_id,
        body.success,
        body.environment,
        body.version,
        body.duration_ms,
        body.message,
    )
    return JSONResponse({"event_id": done.change.event_id, "status": _status_json(done)}, 201)


def _counts(body: TestRunIn) -> TestCounts | None:
    """The results, checked by the same rules as `tracker test --results`."""
    from hms_status.services.inputs import parse_results

    if body.results is None:
        return None
    return parse_results(body.results.model_dump_json(exclude_none=True))


def _json_run(ws: Served, component_id: str, raw: bytes) -> tracking.Recorded:
    if not raw.strip():  # as FastAPI answers for the other routes' bodies
        raise RequestValidationError(
            [{"loc": ("body",), "msg": "Field required", "type": "missing"}]
        )
    try:
        body = TestRunIn.model_validate_json(raw)
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from None
    return tracking.record_test_run(
        ws, component_id, body.success, _counts(body), (), body.duration_ms, body.commit
    )


@router.post(
    "/components/{component_id}/test-runs",
    status_code=201,
    response_model=TestRunOut,
    openapi_extra=TEST_RUN_BODY,
)
async def post_test_run(
    request: Request, ws: Served, _: ComponentWrite, component_id: ComponentId
) -> JSONResponse:
    """Record a test run: JSON counts or a success flag, or report files as multipart."""
    media = media_type(request)
    if media == MULTIPART:
        async with request.form(
            max_files=uploads.MAX_REPORT_FILES, max_fields=uploads.MAX_FORM_FIELDS
        ) as form:
            upload = uploads.checked_form(form)
            done = await run_in_threadpool(uploads.record_uploaded_run, ws, component_id, upload)
    elif is_json(media):
        raw = await request.body()
        done = await run_in_threadpool(_json_run, ws, component_id, raw)
    else:
        raise unsupported(media, (JSON, MULTIPART))
    change = done.change
    return JSONResponse(
        {
            "event_id": change.event_id,
            "run_id": change.run_id,
            "status": _status_json(done),
            "tickets_opened": list(change.tickets_opened),
            "tickets_reopened": list(change.tickets_reopened),
            "tickets_resolved": list(change.tickets_resolved),
        },
        201,
    )


def _ticket_answer(done: tracking.Recorded, code: int) -> JSONResponse:
    ticket = done.ticket
    assert ticket is not None
    return JSONResponse({"ticket": ticket.to_json(), "status": _status_json(done)}, code)


@router.post("/components/{component_id}/issues", status_code=201, response_model=TicketChangeOut)
def post_issue(
    ws: Served, _: ComponentWrite, component_id: ComponentId, __: JsonBody, body: IssueIn
) -> JSONResponse:
    """File a work ticket for the component (as `tracker issue`)."""
    done = tracking.open_issue(ws, component_id, body.title, body.severity, body.description)
    return _ticket_answer(done, 201)


@router.post("/tickets/{ticket_id}/resolve", response_model=TicketChangeOut)
def post_resolve(
    ws: Served, _: TicketWrite, ticket_id: str, __: JsonBody, body: ResolveIn
) -> JSONResponse:
    """Resolve an open ticket (as `tracker resolve`)."""
    done = tracking.resolve(ws, ticket_id, body.resolution, body.used_suggestions)
    return _ticket_answer(done, 200)


@router.post("/tickets/{ticket_id}/suggestions/rewrite", response_model=dict[str, Any])
def post_suggestions_rewrite(
    ws: Served,
    _: TicketWrite,
    ticket_id: str,
    n: Annotated[int, Query(ge=1, le=20, description="suggestions at most")] = 3,
) -> JSONResponse:
    """Suggestions with the [suggest.llm] model's rewrite, which is stored next to the evidence
    (`tracker suggest ID --rewrite --json`): a write, since it calls the model and keeps its
    answer, so it needs a token that may write the ticket's component."""
    from hms_status.services.suggestions import suggest

    return JSONResponse(suggest(ws, ticket_id, n, True).to_json())


@router.post("/tickets/{ticket_id}/assign", response_model=TicketChangeOut)
def post_assign(
    ws: Served, _: TicketWrite, ticket_id: str, __: JsonBody, body: AssignIn
) -> JSONResponse:
    """Assign a ticket to a person (as `tracker assign`)."""
    return _ticket_answer(tracking.assign(ws, ticket_id, body.assignee), 200)
