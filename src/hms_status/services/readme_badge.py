"""Whether the main job may add the README badge: `[docs] readme_badge`, and a removal remembered.

`docs badge ID --remove` is remembered in the store (a part report of its own, part
"readme_badge", outcome "removed"), so every runner and machine sharing the store respects
it; `docs badge ID --add` records "added", which clears it. Only a change is recorded.
"""

from __future__ import annotations

from hms_status.foundation.workspace import Workspace

PART = "readme_badge"
REMOVED = "removed"
ADDED = "added"


def _latest(ws: Workspace, component_id: str) -> str | None:
    """The outcome of the latest badge record of the component, or None."""
    from hms_status.store import queries

    with ws.store.reading() as conn:
        latest = queries.part_history(conn, component_id, PART, 1)
    return str(latest[0]["outcome"]) if latest else None


def removed_by_someone(ws: Workspace, component_id: str) -> bool:
    """True when the badge's latest record for the component is a `--remove`."""
    return _latest(ws, component_id) == REMOVED


def remember(ws: Workspace, component_id: str, removed: bool) -> None:
    """Record a `--remove` (removed) or an `--add` that clears one; nothing when unchanged."""
    latest = _latest(ws, component_id)
    if removed == (latest == REMOVED):
        return
    outcome, flag = (REMOVED, "--remove") if removed else (ADDED, "--add")
    command = f"docs badge {component_id} {flag}"
    ws.store.record_part_report(component_id, PART, ws.now(), outcome, {"command": command}, None)


def wanted(ws: Workspace, component_id: str) -> bool:
    """True when the main job should add the badge to a README that has none."""
    if not ws.settings.model.docs.readme_badge:
        return False
    return not removed_by_someone(ws, component_id)
