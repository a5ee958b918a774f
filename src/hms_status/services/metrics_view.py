"""The numbers /metrics exports for each component, read from the rollups the CLI reads.

One read of every rollup (no history scan), the same components as `tracker list`
(tracking.status_lines): every registered one and any with recorded data. Status and
health metrics come from status_view.status_line, so the numbers a scrape sees are the
numbers `tracker list` prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from hms_status.clock import parse_iso
from hms_status.domain.status_data import StatusLine
from hms_status.foundation.workspace import Workspace

if TYPE_CHECKING:
    from hms_status.store.rollups import Rollup


@dataclass(frozen=True)
class ComponentNumbers:
    """One component's current status and metrics, and when it last started and was tested."""

    line: StatusLine
    """Status, first reason and health metrics, as `tracker list` shows them."""
    last_start_at: datetime | None
    """When the latest start was recorded; None when none was."""
    last_test_run_at: datetime | None
    """When the latest test run was recorded; None when none was."""


def component_numbers(ws: Workspace) -> list[ComponentNumbers]:
    """Every component's numbers, ordered by ID."""
    from hms_status.foundation.registry import component_ids
    from hms_status.store.components_repo import registered_ids
    from hms_status.store.rollups import read_all

    with ws.store.reading() as conn:
        by_id = {rollup.component_id: rollup for rollup in read_all(conn)}
        registered = registered_ids(conn)
    ids = sorted(set(component_ids(ws.settings)) | registered | set(by_id))
    return [numbers_of(cid, by_id.get(cid)) for cid in ids]


def numbers_of(component_id: str, rollup: Rollup | None) -> ComponentNumbers:
    """A component's numbers from its rollup (None: nothing recorded)."""
    from hms_status.services.status_view import status_line

    return ComponentNumbers(
        status_line(component_id, rollup),
        _stamp(rollup.last_start if rollup else None),
        _stamp(rollup.last_run if rollup else None),
    )


def _stamp(payload: Mapping[str, Any] | None) -> datetime | None:
    """The timestamp of a rollup's last_start/last_run payload (None when absent or unreadable)."""
    text = payload.get("timestamp") if payload else None
    if not isinstance(text, str):
        return None
    try:
        return parse_iso(text)
    except ValueError:
        return None
