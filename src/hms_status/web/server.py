"""Running the service: uvicorn on one socket, access log lines, a clean stop on SIGTERM.

The socket is bound before uvicorn starts, so a port in use is a one-line error (exit 2)
rather than a log message. SIGTERM (systemd's stop) and SIGINT (Ctrl-C) let uvicorn finish
the requests in flight, and the process then exits 0: a requested stop is not a failure.
Behind a reverse proxy on the same host, uvicorn trusts X-Forwarded-For/-Proto from
127.0.0.1 (FORWARDED_ALLOW_IPS widens that).
"""

from __future__ import annotations

import copy
import logging
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from hms_status.errors import InputError
from hms_status.foundation.workspace import Workspace

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def bind(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port; InputError (exit 2) when that cannot be done."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"cannot listen on {host!r}: {exc}", "pass --host 127.0.0.1") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit it: without it a response written as headers + body waits
    # for the client's delayed ACK, about 40 ms per request (measured with uvicorn's sockets=).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise InputError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            "stop what uses that port or pass another --port",
        ) from None
    return sock


def _ignore(signum: int, frame: FrameType | None) -> None:
    """After uvicorn's graceful stop it raises the signal again: here it is already handled."""


@contextmanager
def _stop_is_success() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _ignore) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _log_config() -> dict[str, Any]:
    """uvicorn's logging, with the access lines on stderr too: stdout is for results."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"
    return config


def run(ws: Workspace, host: str, port: int) -> None:
    """Serve ws on host:port until SIGTERM or SIGINT, logging one access line per request."""
    import uvicorn

    from hms_status.web.app import create_app

    sock = bind(host, port)
    ws.open_store()  # migrations run before the first request, not inside one
    config = uvicorn.Config(
        create_app(ws),
        log_config=_log_config(),
        log_level="info",
        access_log=True,
        lifespan="on",
        server_header=False,
    )
    server = uvicorn.Server(config)
    shown = f"[{host}]" if ":" in host else host
    logging.getLogger("uvicorn.error").info(
        "serving %s on http://%s:%d", ws.settings.root, shown, sock.getsockname()[1]
    )
    from hms_status.services.notify_loop import start_sender

    sender = start_sender(ws)  # delivers notifications every few seconds; None without channels
    try:
        with _stop_is_success():
            server.run(sockets=[sock])
    finally:
        sock.close()
        if sender is not None:
            sender[1].set()
            sender[0].join(timeout=10)
