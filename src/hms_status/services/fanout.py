"""Run one piece of work per component in parallel, each isolated from the others' failures."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Generic, TypeVar

from hms_status.errors import HmsError

T = TypeVar("T")
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """One component's result, or the one-line error that stopped it."""

    component_id: str
    value: T | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the work finished."""
        return self.error is None


def default_jobs() -> int:
    """Bounded workers from the core count (git and tools run in subprocesses, so threads suffice)."""
    return max(2, min(8, (os.cpu_count() or 2) * 2))


def run_each(
    component_ids: Sequence[str],
    work: Callable[[str], T],
    jobs: int | None = None,
    progress: Callable[[Outcome[T]], None] | None = None,
    stop: threading.Event | None = None,
) -> list[Outcome[T]]:
    """Apply work to every component; a failure is recorded for that component and the rest go on.

    When stop is set, components not yet started are skipped (recorded as not run).
    """

    def guarded(component_id: str) -> Outcome[T]:
        if stop is not None and stop.is_set():
            return Outcome(component_id, error="not run: stopping")
        try:
            return Outcome(component_id, value=work(component_id))
        except HmsError as exc:
            return Outcome(component_id, error=exc.one_line())
        except Exception as exc:  # noqa: BLE001 - isolation: one broken component never stops a run
            _log.debug("%s failed", component_id, exc_info=True)
            return Outcome(component_id, error=f"{type(exc).__name__}: {exc}")

    results: dict[str, Outcome[T]] = {}
    workers = max(1, jobs or default_jobs())
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(guarded, cid) for cid in component_ids]
        for future in as_completed(futures):
            outcome = future.result()
            results[outcome.component_id] = outcome
            if progress is not None:
                progress(outcome)
    return [results[cid] for cid in component_ids]
