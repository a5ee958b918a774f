"""The sender as a background thread (what `serve` runs): send_pending every few seconds."""

from __future__ import annotations

import logging
import threading

from hms_status.errors import HmsError
from hms_status.foundation.workspace import Workspace
from hms_status.services.notify import send_pending
from hms_status.services.notify_channels import notify_config

_log = logging.getLogger(__name__)
SENDER_INTERVAL_S = 5.0


def run_sender(ws: Workspace, stop: threading.Event, interval_s: float = SENDER_INTERVAL_S) -> None:
    """Send pending notifications every interval until stop is set (the thread of `serve`)."""
    last_error = ""
    while not stop.wait(interval_s):
        try:
            send_pending(ws)
            last_error = ""
        except HmsError as exc:
            if exc.one_line() != last_error:
                _log.warning("notifications not sent: %s", exc.one_line())
            last_error = exc.one_line()
        except Exception:  # noqa: BLE001 - the service keeps serving; the next round tries again
            _log.exception("notification sender failed")


def start_sender(
    ws: Workspace, interval_s: float = SENDER_INTERVAL_S
) -> tuple[threading.Thread, threading.Event] | None:
    """Start run_sender in a daemon thread when channels are configured; None when there are none."""
    try:
        configured = bool(notify_config(ws.settings).channels)
    except HmsError as exc:
        _log.warning("notifications off: %s", exc.one_line())
        return None
    if not configured:
        return None
    stop = threading.Event()
    thread = threading.Thread(
        target=run_sender, args=(ws, stop, interval_s), name="hms-notify-sender", daemon=True
    )
    thread.start()
    return thread, stop
