"""A Workspace bundles what every use case needs: settings, a clock and the store (opened lazily)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hms_status.clock import Clock, SystemClock, iso
from hms_status.config import Settings
from hms_status.errors import InputError

if TYPE_CHECKING:
    from hms_status.store.store import Store


@dataclass
class Workspace:
    """One HMS root being worked on."""

    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    _store: Store | None = None
    docs_follow: bool = True
    """Writes refresh the component's docs at once (with [docs] auto_update); off where many
    past events are recorded in a row, as the demo's seeding does."""

    def __post_init__(self) -> None:
        require_directory(self.settings.data_dir)

    @property
    def store(self) -> Store:
        """The store, opened (and migrated) on first use."""
        if self._store is None:
            from hms_status.store import open_store

            self._store = open_store(self.settings)
        return self._store

    @property
    def store_is_open(self) -> bool:
        """True once the store was opened: its pooled connections are then the cheap way in."""
        return self._store is not None

    def open_store(self) -> Store:
        """Open (and migrate) the store now, e.g. before worker threads start."""
        return self.store

    def now(self) -> str:
        """The current time as stored (fixed-width ISO 8601 UTC)."""
        return iso(self.clock.now())

    def close(self) -> None:
        """Release the store's connections."""
        if self._store is not None:
            self._store.close()
            self._store = None


def require_directory(folder: Path) -> None:
    """InputError (exit 2, nothing written) when folder exists but is not a directory.

    data/ and its folders hold the store and the snapshots; a file in their place would
    otherwise surface as an OS error in the middle of a write.
    """
    if os.path.lexists(folder) and not folder.is_dir():
        raise InputError(
            f"{folder} is not a directory",
            "move it away: hms-status keeps its store and snapshots there; nothing was written",
        )
