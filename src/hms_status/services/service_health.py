"""Whether the service can answer: its store opens and takes a cheap query (for /healthz)."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from hms_status.errors import HmsError
from hms_status.foundation.workspace import Workspace

_log = logging.getLogger(__name__)

PROBE_ID = "-"
"""A key no component can have (IDs start with a letter or digit): the query finds nothing,
by primary key, so it costs one index probe whatever the store holds."""


def store_answers(ws: Workspace) -> bool:
    """True when the store opens and answers a primary-key lookup; False (logged) otherwise."""
    from hms_status.store.rollups import read

    try:
        with ws.store.reading() as conn:
            read(conn, PROBE_ID)
    except (HmsError, SQLAlchemyError, OSError) as exc:
        _log.warning("health check: the store does not answer: %s", exc)
        return False
    return True
