"""The IDs in a request's path: checked before anything else, so an ID is never a path.

A component or ticket ID that cannot exist (``..``, ``a/b``, control characters) names
nothing, so it is a 404 like an unknown one, with the same hint as the CLI's.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from hms_status.domain.ids import parse_ticket_id, validate_component_id
from hms_status.errors import InputError, NotFoundError
from hms_status.web.problems import FieldError, Problem

ComponentPath = Annotated[
    str, Path(description="a component ID, e.g. HMS-API", examples=["HMS-API"])
]
TicketPath = Annotated[
    str, Path(description="a work ticket ID, e.g. WT-HMS-API-001", examples=["WT-HMS-API-001"])
]


def component_in_path(component_id: ComponentPath) -> str:
    """The path's component ID; NotFoundError (404) when it is not a valid ID."""
    try:
        return validate_component_id(component_id)
    except InputError as exc:
        raise NotFoundError(f"no component {component_id!r}: {exc.message}", exc.hint) from None


def ticket_in_path(ticket_id: TicketPath) -> tuple[str, str]:
    """The path's ticket ID and its component; NotFoundError (404) when it is not valid."""
    try:
        component_id, _ = parse_ticket_id(ticket_id)
    except InputError as exc:
        raise NotFoundError(f"no ticket {ticket_id!r}: {exc.message}", exc.hint) from None
    return ticket_id, component_id


def component_in_query(component: str | None) -> str | None:
    """A ?component= filter: None, or a valid component ID (400 naming the parameter)."""
    if component is None:
        return None
    try:
        return validate_component_id(component)
    except InputError as exc:
        raise Problem(
            400, "invalid-input", exc.message, [FieldError("component", exc.message)], hint=exc.hint
        ) from None
