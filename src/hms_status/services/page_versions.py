"""What a component's dashboard page is made from, read cheaply: equal versions, equal pages.

The page (services.dashboard.component_page) reads the component's rollup, events, runs,
tickets and part reports from the store, its environment and analysis files, its catalog
file and the settings, and the clock (charts end now; the status turns stale after
`[docs] stale_after_hours`). Its version is one store query (the rollup's change stamp and
the newest part report), a stat of each file, the Settings the workspace holds and the
clock's PAGE_BUCKET_S: the page is made again when any of them moves, and at most once a
bucket otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hms_status.domain.ids import validate_component_id
from hms_status.foundation.workspace import Workspace

PAGE_BUCKET_S = 60
"""How long a component page may be shown before it is made again with a new `now`."""


def _file_key(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def component_page_version(ws: Workspace, component_id: str) -> tuple[Any, ...]:
    """The version of the component's page (InputError for a malformed ID)."""
    from hms_status.foundation.registry import CATALOG_FILES, component_path
    from hms_status.store import maintenance_repo
    from hms_status.store.stamps import page_stamp

    validate_component_id(component_id)
    with ws.store.reading() as conn:
        stored = page_stamp(conn, component_id)
        windows = maintenance_repo.now_and_next(conn, component_id, ws.now())
    settings = ws.settings
    folder = component_path(settings, component_id)
    files = (
        settings.data_dir / "environments" / f"{component_id}.json",
        settings.data_dir / "analysis" / f"{component_id}.json",
        *(folder / name for name in CATALOG_FILES),
    )
    bucket = int(ws.clock.now().timestamp() // PAGE_BUCKET_S)
    files_key = tuple(_file_key(file) for file in files)
    return (stored, windows, files_key, id(settings), settings, bucket)
