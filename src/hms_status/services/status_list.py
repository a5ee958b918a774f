"""The Status Data of every component at once: what GET /api/v1/components answers.

The service answers it from the ecosystem view (services.ecosystem_view): each component's
Status Data is kept as JSON bytes while its change stamp and its environment file stay the
same, and the list is assembled again only when one of them changed. A component's bytes
come from its status snapshot when that repeats the stamp (as `tracker get`), else from the
store; its environment_status is always the environment file's, as the store's way reads it.
A component with nothing recorded shows when it was read (as_of): that part is made again
once per AS_OF_BUCKET_S, the one thing in the list that depends on the clock.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from hms_status.domain.status_data import StatusData
from hms_status.foundation.workspace import Workspace
from hms_status.services.ecosystem_view import RACY_NS, EcosystemView, Member, Memo
from hms_status.services.tracking import get_status, status_lines

if TYPE_CHECKING:
    from hms_status.store.stamps import ChangeStamp

AS_OF_BUCKET_S = 60
"""How long the as_of of a component with nothing recorded is kept before it is read again."""
ENVIRONMENTS = "environments"
FileKey = tuple[int, int, int] | None
"""A file's inode, mtime and size (a rewrite by rename changes the inode); None: no file."""


def all_statuses(ws: Workspace) -> list[StatusData]:
    """Every registered component and every one with recorded data, by ID: each from its
    snapshot when that is current, else from the store (as `tracker get`)."""
    return [get_status(ws, line.component_id) for line in status_lines(ws)]


def encode(status: StatusData) -> bytes:
    """One component's Status Data as the API sends it (compact JSON, UTF-8)."""
    text = json.dumps(status.to_json(), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.encode()


def _file_key(path: os.PathLike[str] | str) -> FileKey:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


@dataclass(eq=False)
class StatusList:
    """Every component's Status Data as JSON bytes, kept per component (see the docstring)."""

    view: EcosystemView
    _pieces: dict[str, tuple[object, bytes]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def response(self) -> Memo:
        """The list as JSON bytes, made again only when a component's part changed."""
        ws = self.view.ws
        ecosystem = self.view.current()
        empty = any(member.stamp is None for member in ecosystem.members)
        bucket = int(ws.clock.now().timestamp() // AS_OF_BUCKET_S) if empty else None
        version = (ecosystem.version, self._environments_version(ecosystem.members), bucket)

        def build() -> Memo:
            with self._lock:
                pieces = [
                    self._piece(member, bucket, ecosystem.maintenance)
                    for member in ecosystem.members
                ]
                kept = {member.component_id for member in ecosystem.members}
                for gone in set(self._pieces) - kept:
                    del self._pieces[gone]
            return Memo.of(b"[" + b",".join(pieces) + b"]")

        return self.view.memo("status-list", version, build)

    def _environments_version(self, members: tuple[Member, ...]) -> object:
        """The environments folder's mtime; every file's key while that is too recent."""
        folder = self.view.ws.settings.data_dir / ENVIRONMENTS
        mtime = (_file_key(folder) or (0, -1, 0))[1]
        if time.time_ns() - mtime >= RACY_NS:
            return mtime
        return (mtime, tuple(_file_key(self._environment_file(m.component_id)) for m in members))

    def _environment_file(self, component_id: str) -> str:
        return str(self.view.ws.settings.data_dir / ENVIRONMENTS / f"{component_id}.json")

    def _piece(self, member: Member, bucket: int | None, maintenance: object) -> bytes:
        cid = member.component_id
        key = (
            member.stamp,
            _file_key(self._environment_file(cid)),
            member.stamp or bucket,
            maintenance,  # a window begun or ended shows in every component's Status Data
        )
        found = self._pieces.get(cid)
        if found is not None and found[0] == key:
            return found[1]
        made = encode(self._status(cid, member.stamp))
        self._pieces[cid] = (key, made)
        return made

    def _status(self, component_id: str, stamp: ChangeStamp | None) -> StatusData:
        from hms_status.services import snapshots
        from hms_status.services.tracking import snapshot_if_current

        ws = self.view.ws
        if stamp is not None and not snapshots.is_pending(ws.settings, component_id):
            cached = snapshots.read_status(ws.settings, component_id)
            current = None if cached is None else snapshot_if_current(cached, stamp, ws.now())
            if current is not None:
                environment = snapshots.environment_status(ws.settings, component_id)
                return replace(current, environment=environment)
        return snapshots.build_status(ws, component_id)
