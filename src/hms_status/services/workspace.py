"""A Workspace bundles what every use case needs: settings, a clock and the store (opened lazily)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hms_status.clock import Clock, SystemClock, iso
from hms_status.config import Settings

if TYPE_CHECKING:
    from hms_status.store.store import Store


@dataclass
class Workspace:
    """One HMS root being worked on."""

    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    _store: Store | None = None

    @property
    def store(self) -> Store:
        """The store, opened (and migrated) on first use."""
        if self._store is None:
            from hms_status.store import open_store

            self._store = open_store(self.settings)
        return self._store

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
