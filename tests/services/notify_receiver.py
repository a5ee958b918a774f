"""A real local HTTP receiver for apprise's json:// and form:// URLs, on 127.0.0.1.

It records every POST (path, headers, parsed body) and can refuse connections (down), hold a
request until the test lets it go (block), each driven by threading events, never by sleeps.
"""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

WAIT_S = 60.0
"""How long a test waits for an expected request before failing (a bound, not a sleep)."""


@dataclass(frozen=True)
class Received:
    """One request the receiver got."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def key(self) -> str | None:
        """The idempotency key the sender put in the header."""
        return self.headers.get("Idempotency-Key")


class Receiver:
    """An HTTP server in a thread that records what apprise sends it."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.release.set()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])

    def url(self, scheme: str = "json", path: str = "/hook") -> str:
        """An apprise URL for this receiver (read timeout long enough for a held request)."""
        return f"{scheme}://127.0.0.1:{self.port}{path}?rto=60"

    def up(self) -> Receiver:
        """Start listening (again) on the same port."""
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                kind = self.headers.get("Content-Type", "")
                body = json.loads(raw) if "json" in kind else dict(parse_qsl(raw))
                owner._record(Received(self.path, dict(self.headers), body))
                owner.release.wait(WAIT_S)
                try:
                    self.send_response(200)
                    self.end_headers()
                except OSError:  # the sender was killed while we held its request
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self._server = server
        return self

    def down(self) -> None:
        """Stop listening: connections are refused."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _record(self, received: Received) -> None:
        with self._lock:
            self.requests.append(received)
        self.arrived.set()

    def keys(self) -> list[str | None]:
        """The idempotency keys received, in order."""
        with self._lock:
            return [r.key for r in self.requests]
