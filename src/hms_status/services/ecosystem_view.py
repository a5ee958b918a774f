"""Every component at once, as the service's whole-ecosystem routes read it: rebuilt only
when something changed.

GET /api/v1/components, /metrics, / and /fragments/overview each show every component. At
hundreds of requests a second they cannot re-read and re-render a thousand components each
time, so one EcosystemView per served Workspace keeps

- the members: each component's change stamp and numbers (status line, last start and
  run), re-read only for the components whose stamp changed, and
- memos: the bytes a route made from them (and their gzip, made once), kept while the
  members they were made from are current; a small LRU, so each filter of `/` has its own.

Whether anything changed is asked of the store on every request, with one aggregate query
(store.stamps.ecosystem_stamp): writes by other processes (the CLI, the monitor, CI writing
into a shared PostgreSQL) are seen at the next request as surely as the service's own. The
registry's part is the Settings the workspace holds and the SYSTEM-COMPONENTS/ listing's
mtime; while that mtime is too recent to trust (a directory made in the same clock tick
leaves it unchanged) the listing itself is compared. Nothing here depends on the clock:
routes whose bytes do (the `as_of` of a component with nothing recorded) add a time bucket
to their memo's version.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from hashlib import sha256
from typing import TYPE_CHECKING, Any

from hms_status.foundation.workspace import Workspace
from hms_status.services.metrics_view import ComponentNumbers, numbers_of

if TYPE_CHECKING:
    from zlib import _Compress

    from hms_status.config import Settings
    from hms_status.domain.maintenance import MaintenanceWindow
    from hms_status.domain.status_data import StatusLine
    from hms_status.store.rollups import Rollup
    from hms_status.store.stamps import ChangeStamp

RACY_NS = 2_000_000_000
"""A directory mtime younger than this (2 s) may hide a change made in the same clock tick."""
MEMO_LIMIT = 256
"""At most this many memos are kept (each filter of `/` and each component page is one); the
one used longest ago goes first."""
GZIP_LEVEL = 5
GZIP_WBITS = 31
"""zlib's window bits for a gzip header and trailer."""


@dataclass(frozen=True)
class Member:
    """One component of the ecosystem as last read."""

    numbers: ComponentNumbers
    stamp: ChangeStamp | None
    """Its rollup's change stamp when read; None when nothing is recorded for it."""

    @property
    def component_id(self) -> str:
        """The component's ID."""
        return self.numbers.line.component_id


@dataclass(frozen=True)
class Ecosystem:
    """Every component (registered, or with recorded data), by ID, as of one version."""

    version: int
    """Grows whenever any member or any maintenance window changed: what a memo made from the
    members is valid for."""
    members: tuple[Member, ...]
    maintenance: tuple[Any, ...] = ()
    """The maintenance windows' fingerprint (store.maintenance_repo.fingerprint)."""
    windows: Mapping[str, MaintenanceWindow] = field(default_factory=dict)
    """The window each component in maintenance is in, by ID."""

    def numbers(self) -> list[ComponentNumbers]:
        """Every component's numbers, by ID (what /metrics exports)."""
        return [member.numbers for member in self.members]

    def lines(self) -> list[StatusLine]:
        """Every component's status line, by ID (what `tracker list` shows)."""
        return [member.numbers.line for member in self.members]


@dataclass(frozen=True)
class Memo:
    """Bytes a route made, with their strong ETag; the gzip variant is made on first use."""

    body: bytes
    etag: str

    @classmethod
    def of(cls, body: bytes, etag: str | None = None) -> Memo:
        """body with etag, or a strong ETag from its digest."""
        return cls(body, etag or '"' + sha256(body).hexdigest()[:32] + '"')

    @cached_property
    def gzipped(self) -> bytes:
        """The body gzip-compressed (made once; the same bytes every time)."""
        return self.gzipped_with(b"")

    @cached_property
    def _deflated(self) -> tuple[bytes, _Compress]:
        """The body compressed up to a flush point, and the compressor that can go on."""
        compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, GZIP_WBITS)
        return compressor.compress(self.body) + compressor.flush(zlib.Z_SYNC_FLUSH), compressor

    def gzipped_with(self, tail: bytes) -> bytes:
        """The gzip of body + tail: one stream, the body's part compressed only once."""
        head, compressor = self._deflated
        rest = compressor.copy()
        return head + rest.compress(tail) + rest.flush()


def _listing_key(settings: Settings) -> tuple[Any, ...]:
    """SYSTEM-COMPONENTS/'s mtime; with the listing itself while the mtime is too recent."""
    from hms_status.foundation.registry import component_ids

    try:
        mtime = settings.components_dir.stat().st_mtime_ns
    except OSError:
        mtime = -1
    if time.time_ns() - mtime < RACY_NS:
        return (mtime, tuple(component_ids(settings)))
    return (mtime,)


@dataclass(eq=False)
class EcosystemView:
    """The members of one Workspace's ecosystem and the memos made from them (thread-safe: a
    request that finds a rebuild under way waits for it instead of doing it again)."""

    ws: Workspace
    memo_limit: int = MEMO_LIMIT
    rebuilds: int = 0
    """How often the members were re-read (for tests: a reused answer does not count)."""
    builds: int = 0
    """How often a memo was made."""
    _seen: tuple[Any, ...] | None = None
    _current: Ecosystem = field(default_factory=lambda: Ecosystem(0, ()))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _memo_lock: threading.Lock = field(default_factory=threading.Lock)
    _memos: OrderedDict[Hashable, tuple[Hashable, Memo]] = field(default_factory=OrderedDict)

    def current(self) -> Ecosystem:
        """The ecosystem now: the last one read when the store and registry say nothing
        changed since (one aggregate query), else read again for what did."""
        seen = self._look()
        with self._lock:
            if seen != self._seen:
                self._rebuild(seen[1])
                self._seen = seen
            return self._current

    def memo(self, key: Hashable, version: Hashable, build: Callable[[], Memo]) -> Memo:
        """The memo kept under key when it was made for version, else build() kept instead."""
        with self._memo_lock:
            found = self._memos.get(key)
            if found is not None and found[0] == version:
                self._memos.move_to_end(key)
                return found[1]
            made = build()
            self.builds += 1
            self._memos[key] = (version, made)
            self._memos.move_to_end(key)
            while len(self._memos) > self.memo_limit:
                self._memos.popitem(last=False)
            return made

    def response(self, key: Hashable, build: Callable[[Ecosystem], Memo]) -> Memo:
        """The memo of key for the current ecosystem, made by build when there is none."""
        ecosystem = self.current()
        return self.memo(key, ecosystem.version, lambda: build(ecosystem))

    def _look(self) -> tuple[Any, ...]:
        from hms_status.store import components_repo, maintenance_repo
        from hms_status.store.stamps import ecosystem_stamp

        with self.ws.store.reading() as conn:
            stored = (ecosystem_stamp(conn), components_repo.fingerprint(conn))
            maintenance = maintenance_repo.fingerprint(conn, self.ws.now())
        settings = self.ws.settings
        return (stored, maintenance, id(settings), settings, _listing_key(settings))

    def _rebuild(self, maintenance: tuple[Any, ...]) -> None:
        from hms_status.foundation.registry import component_ids
        from hms_status.store import components_repo, maintenance_repo
        from hms_status.store.rollups import read_all, read_many
        from hms_status.store.stamps import every_stamp

        self.rebuilds += 1
        old = {member.component_id: member for member in self._current.members}
        registered = set(component_ids(self.ws.settings))
        with self.ws.store.reading() as conn:
            registered |= components_repo.registered_ids(conn)
            stamps = every_stamp(conn)
            changed = [cid for cid, stamp in stamps.items() if _stamp_of(old.get(cid)) != stamp]
            if len(changed) > len(stamps) // 2:
                fresh = {rollup.component_id: rollup for rollup in read_all(conn)}
            else:
                fresh = {r.component_id: r for r in read_many(conn, changed)} if changed else {}
        members = tuple(
            _member(cid, old.get(cid), stamps.get(cid), fresh)
            for cid in sorted(registered | set(stamps))
        )
        if members != self._current.members or maintenance != self._current.maintenance:
            with self.ws.store.reading() as conn:
                windows = maintenance_repo.active_for_each(conn, self.ws.now())
            self._current = Ecosystem(self._current.version + 1, members, maintenance, windows)


def _stamp_of(member: Member | None) -> ChangeStamp | None:
    return None if member is None else member.stamp


def _member(
    component_id: str,
    old: Member | None,
    stamp: ChangeStamp | None,
    fresh: dict[str, Rollup],
) -> Member:
    """The member from its fresh rollup, else the old one while its stamp is the same."""
    rollup = fresh.get(component_id)
    if rollup is not None:
        return Member(numbers_of(component_id, rollup), stamp)
    if old is not None and old.stamp == stamp:
        return old
    return Member(numbers_of(component_id, None), None)
