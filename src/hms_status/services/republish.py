"""Rewriting a component's published files after a change made outside a tracker write
(a maintenance window, the impact of a dependency): its status snapshot and, when docs follow
writes, its docs. A failure is a warning: the change is in the store, and the next write or
run catches up."""

from __future__ import annotations

import logging

from hms_status.errors import HmsError, WriteError
from hms_status.foundation.workspace import Workspace
from hms_status.services import snapshots

_log = logging.getLogger(__name__)


def republish(ws: Workspace, component_id: str) -> None:
    """Rewrite the component's status snapshot and, when docs follow writes, its docs."""
    try:
        snapshots.write_status(ws, component_id)
    except (WriteError, OSError) as exc:
        snapshots.mark_pending(ws.settings, component_id)
        _log.warning("%s: status snapshot not written: %s", component_id, exc)
    if not (ws.docs_follow and ws.settings.docs_auto_update):
        return
    from hms_status.services import docs

    try:
        docs.update_component(ws, component_id)
    except (HmsError, OSError) as exc:
        _log.warning("%s: docs not updated: %s", component_id, exc)
