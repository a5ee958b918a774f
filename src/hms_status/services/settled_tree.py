"""The directory's fingerprint a component's publication record keeps (services.unchanged).

The docs write into the component (the README badge, HMS-docs/), often into files git tracks,
so the look the analysis was decided from is out of date as soon as they are written. When a
new look shows no other difference, the new look is what the record keeps: the tool's own
writes are not taken for a change. Any other difference (a file edited meanwhile) keeps the
analysis's look, so the next run processes the component again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection
from pathlib import Path

from hms_status.analysis.analyze import AnalysisResult
from hms_status.analysis.collect import Probe, probe
from hms_status.errors import HmsError


def settled_tree(result: AnalysisResult, written: Collection[Path]) -> str:
    """The directory's fingerprint to record after a component was published.

    The docs wrote into the component (a README badge, HMS-docs/): when a new look shows no
    other difference from the one the analysis was made from, the new look's fingerprint, so
    that the tool's own writes are not taken for a change; else the analysis's (the next run
    then processes the component again)."""
    before = result.probe
    inside = _inside(before.path, written) if before is not None else frozenset()
    if before is None or not inside:
        return result.fingerprint
    try:
        after = probe(before.path, before.options)
    except (HmsError, OSError, UnicodeError):
        return result.fingerprint
    return (
        after.fingerprint if _state(before, inside) == _state(after, inside) else result.fingerprint
    )


def _inside(folder: Path, written: Collection[Path]) -> frozenset[str]:
    """The written paths inside folder, relative to it."""
    found = set()
    for path in written:
        with contextlib.suppress(ValueError):
            found.add(path.relative_to(folder).as_posix())
    return frozenset(found)


def _state(found: Probe, leave_out: frozenset[str]) -> tuple[object, ...]:
    """What a look at a directory saw, but for the paths left out."""
    if found.repo is None or found.status is None:
        return tuple((w.path, w.size, w.mtime_ns) for w in found.walked if w.path not in leave_out)
    ends = tuple(f" {found.repo.prefix}{path}".encode() for path in leave_out)
    records = tuple(r for r in found.status.raw.split(b"\0") if not r.endswith(ends))
    keys = tuple(key for path, key in found.changed if path not in leave_out)
    return (found.repo.head_oid, records, keys)
