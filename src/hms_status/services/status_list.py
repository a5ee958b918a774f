"""The Status Data of every component at once: what GET /api/v1/components answers."""

from __future__ import annotations

from hms_status.domain.status_data import StatusData
from hms_status.foundation.workspace import Workspace
from hms_status.services.tracking import get_status, status_lines


def all_statuses(ws: Workspace) -> list[StatusData]:
    """Every registered component and every one with recorded data, by ID: each from its
    snapshot when that is current, else from the store (as `tracker get`)."""
    return [get_status(ws, line.component_id) for line in status_lines(ws)]
