"""The API's request bodies (strict: exactly the JSON types, no unknown keys) and the shapes
of its answers as the OpenAPI document shows them.

Request models check types only; every rule about values (lengths, ranges, control
characters, a success flag that contradicts the counts) is the services', so the API and
the CLI refuse the same things. Response models document the plan's shapes (extra keys are
allowed, as in the plan's contract); the routes return the services' records' to_json.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hms_status.services.inputs import ResultsInput

StatusValue = Literal["green", "yellow", "red", "unknown"]


class RequestBody(BaseModel):
    """A JSON request body: strict types, unknown keys refused."""

    model_config = ConfigDict(strict=True, extra="forbid")


class StartIn(RequestBody):
    """POST /components/{id}/starts: a start of the component, as `tracker start` records it."""

    success: bool = Field(description="whether the start succeeded")
    environment: str = Field("", description="environment name, e.g. dev (at most 100 chars)")
    version: str = Field("", description="the version that started (at most 100 chars)")
    duration_ms: int | None = Field(None, description="how long the start took, in ms")
    message: str = Field("", description="a note, e.g. the error of a failed start")


class TestRunIn(RequestBody):
    """POST /components/{id}/test-runs as JSON: counts, or just a success flag."""

    __test__ = False  # not a pytest class

    success: bool | None = Field(
        None, description="how the run went; must agree with results when both are given"
    )
    results: ResultsInput | None = Field(
        None, description='counts, e.g. {"passed": 42, "failed": 0, "skipped": 3}'
    )
    duration_ms: int | None = Field(None, description="how long the run took, in ms")
    commit: str | None = Field(None, description="the commit the run tested: 7 to 64 hex digits")


class IssueIn(RequestBody):
    """POST /components/{id}/issues: a work ticket filed by hand."""

    title: str = Field(description="what is wrong (at most 500 chars)")
    severity: str = Field("medium", description="low, medium, high or critical")
    description: str = Field("", description="more detail (at most 5000 chars)")


class ResolveIn(RequestBody):
    """POST /tickets/{ticket}/resolve."""

    resolution: str = Field(description="how it was resolved")
    used_suggestions: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="suggested resolved tickets that helped (as --used-suggestion)",
    )


class AssignIn(RequestBody):
    """POST /tickets/{ticket}/assign."""

    assignee: str = Field(description="who takes it (at most 200 chars)")


class Shape(BaseModel):
    """An answer's documented keys; the answer may hold more."""

    model_config = ConfigDict(extra="allow")


class HealthMetricsOut(Shape):
    """The plan's health_metrics; a rate is null while unknown."""

    uptime_percentage: float | None
    test_pass_rate: float | None
    issue_count: int
    critical_issue_count: int


class TicketOut(Shape):
    """A work ticket: the plan's issue entry plus ticket_id, state and times."""

    id: str
    ticket_id: str
    component_id: str
    title: str
    severity: str
    status: Literal["open", "assigned", "resolved"]
    state: Literal["open", "resolved"]


class StatusOut(Shape):
    """The plan's Status Data (data/status/<ID>.json) of one component."""

    component_id: str
    operational_status: StatusValue
    status: StatusValue
    reasons: list[str]
    last_updated: str
    health_metrics: HealthMetricsOut
    start_history: list[dict[str, Any]]
    test_history: list[dict[str, Any]]
    issues: list[TicketOut]
    environment_status: dict[str, Any]


class StartOut(Shape):
    """A recorded start: its event and the status it left."""

    event_id: int
    status: StatusOut


class TestRunOut(Shape):
    """A recorded test run: its event, its run, the status it left and the tickets it moved."""

    __test__ = False  # not a pytest class

    event_id: int
    run_id: int
    status: StatusOut
    tickets_opened: list[str]
    tickets_reopened: list[str]
    tickets_resolved: list[str]


class TicketChangeOut(Shape):
    """A ticket opened, resolved or assigned, and the status of its component after."""

    ticket: TicketOut
    status: StatusOut


class FieldErrorOut(BaseModel):
    """One refused field."""

    field: str
    message: str


class ProblemOut(BaseModel):
    """An RFC 9457 problem (application/problem+json)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldErrorOut] | None = None
    hint: str | None = None
