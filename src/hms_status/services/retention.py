"""Retention (`hms-status store compact`, and once a day from `run monitor`): raw events older
than [retention] raw_days are deleted after their days are safe in the daily aggregates (see
store.retention_repo for what is kept)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from hms_status.clock import iso, parse_iso
from hms_status.errors import HmsError
from hms_status.foundation.workspace import Workspace

if TYPE_CHECKING:
    from hms_status.store.retention_repo import Compaction

_log = logging.getLogger(__name__)
RECORD = "_ecosystem"
"""The pseudo-component compactions are kept under (as runner.RUN_RECORD)."""
PART = "compact"
EVERY = timedelta(days=1)
"""How often the monitor compacts."""


def cutoff(now: datetime, raw_days: int) -> datetime:
    """The start of the oldest UTC day kept raw: midnight raw_days days before today."""
    today = datetime(now.year, now.month, now.day, tzinfo=UTC)
    return today - timedelta(days=raw_days)


def compact(ws: Workspace, dry_run: bool = False) -> Compaction:
    """Roll raw rows older than raw_days into daily aggregates and delete them (dry_run: only
    count them); each real compaction is recorded."""
    from hms_status.store import retention_repo

    raw_days = ws.settings.model.retention.raw_days
    before = iso(cutoff(ws.clock.now(), raw_days))
    with ws.store.writing() as conn:
        done = retention_repo.compact(conn, before, dry_run)
    if not dry_run:
        ws.store.record_part_report(RECORD, PART, ws.now(), "ok", done.to_json(), None)
    return done


def _last_compaction(ws: Workspace) -> datetime | None:
    from hms_status.store import queries

    with ws.store.reading() as conn:
        last = queries.part_history(conn, RECORD, PART, 1)
    return parse_iso(last[0]["timestamp"]) if last else None


def compact_when_due(ws: Workspace) -> Compaction | None:
    """The monitor's daily compaction: only when hms-status.toml sets [retention] raw_days and
    the last compaction is a day old; a failure is logged and the monitor goes on."""
    if "raw_days" not in ws.settings.config.get("retention", {}):
        return None
    try:
        last = _last_compaction(ws)
        if last is not None and ws.clock.now() - last < EVERY:
            return None
        done = compact(ws)
    except HmsError as exc:
        _log.warning("compaction failed: %s", exc.one_line())
        return None
    _log.info("compacted raw rows before %s: %s", done.cutoff, done.to_json())
    return done
