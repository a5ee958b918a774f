"""Live badges: a component's current badge, the same SVG and shields.io JSON the docs write.

The badge text is the docs' rule (docsync.context.badge_message: the status, or "stale" when
the data is older than [docs] stale_after_hours) and its label and colour are the docs' own
(docsync.pages.badge_svg / badge_endpoint), so a live badge and a README badge written at
the same moment are byte-for-byte the same. An ID that is not a component (unknown, or not
an ID at all, e.g. a path) gets a grey "not found" badge and found=False.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hms_status.docsync.context import badge_message, is_stale
from hms_status.docsync.gather import docs_options
from hms_status.docsync.pages import BADGE_LABEL, badge_endpoint, badge_svg
from hms_status.domain.ids import validate_component_id
from hms_status.errors import InputError
from hms_status.foundation.workspace import Workspace
from hms_status.render.badge import (
    STATUS_COLORS,
    ShieldsEndpoint,
    render_badge_svg,
    shields_endpoint,
)

if TYPE_CHECKING:
    from hms_status.domain.status_data import StatusLine

NOT_FOUND = "not found"
"""The message of the badge for an ID that is not a component."""
_NOT_FOUND_COLOR = STATUS_COLORS["unknown"]


@dataclass(frozen=True)
class LiveBadge:
    """A component's badge as it should be served now."""

    found: bool
    """False when the ID names no component (the badge then says "not found")."""
    message: str
    """The badge text: a status value, "stale" or "not found"."""
    svg: str
    endpoint: ShieldsEndpoint
    """The shields.io endpoint JSON for the same badge."""

    def endpoint_json(self) -> str:
        """The endpoint JSON as served (compact, stable key order)."""
        return json.dumps(self.endpoint, ensure_ascii=False, separators=(",", ":"))


def component_badge(ws: Workspace, component_id: str) -> LiveBadge:
    """The badge of component_id now; a "not found" badge for anything that is not one."""
    cache_seconds = docs_options(ws).cache_seconds
    line = _status_line(ws, component_id)
    if line is None:
        return LiveBadge(
            False,
            NOT_FOUND,
            render_badge_svg(BADGE_LABEL, NOT_FOUND, _NOT_FOUND_COLOR.hex),
            shields_endpoint(BADGE_LABEL, NOT_FOUND, _NOT_FOUND_COLOR.name, cache_seconds),
        )
    stale = is_stale(line.last_updated, ws.clock.now(), docs_options(ws).stale_after_hours)
    message = badge_message(line.status, stale)
    return LiveBadge(True, message, badge_svg(message), badge_endpoint(message, cache_seconds))


def _status_line(ws: Workspace, component_id: str) -> StatusLine | None:
    """The component's status line (one primary-key read); None when it is no component:
    not a valid ID, or neither known to the registry/store nor recorded."""
    from hms_status.services.components import require_known
    from hms_status.services.status_view import status_line
    from hms_status.store.rollups import read

    try:
        validate_component_id(component_id)
    except InputError:
        return None
    with ws.store.reading() as conn:
        rollup = read(conn, component_id)
    if rollup is None:
        try:
            require_known(ws, component_id)
        except InputError:
            return None
    return status_line(component_id, rollup)
