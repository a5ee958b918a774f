"""A real local OpenAI-compatible endpoint on 127.0.0.1 for the language model tests.

It records every POST (path, headers, raw body) and answers with what the test set: a chat
completion with a given text, another status and body, or nothing until the test lets go
(hold), driven by a threading event, never by sleeps.
"""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

WAIT_S = 60.0
"""How long a held request waits for the test to let go (a bound, not a sleep)."""


@dataclass(frozen=True)
class Received:
    """One request the endpoint got."""

    path: str
    headers: dict[str, str]
    raw: bytes

    @property
    def body(self) -> Any:
        """The JSON body."""
        return json.loads(self.raw)


class Endpoint:
    """An HTTP server in a thread answering POST /v1/chat/completions."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.status = 200
        self.reply: Any = completion("Do what fixed it before.")
        self.release = threading.Event()
        self.release.set()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])

    @property
    def base_url(self) -> str:
        """The base URL to configure ([suggest.llm] base_url)."""
        return f"http://127.0.0.1:{self.port}/v1"

    def answer(self, text: str, model: str = "fake-model-1") -> None:
        """Answer the next requests with a completion holding text."""
        self.status, self.reply = 200, completion(text, model)

    def fail(self, status: int, reply: Any) -> None:
        """Answer the next requests with this status and JSON body."""
        self.status, self.reply = status, reply

    def up(self) -> Endpoint:
        """Start listening."""
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with owner._lock:
                    owner.requests.append(Received(self.path, dict(self.headers), raw))
                owner.release.wait(WAIT_S)
                data = json.dumps(owner.reply).encode()
                try:
                    self.send_response(owner.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up while we held its request
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self._server = server
        return self

    def down(self) -> None:
        """Stop listening: connections are refused."""
        self.release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def completion(text: str, model: str = "fake-model-1") -> dict[str, Any]:
    """A chat completion body as OpenAI's API answers it."""
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
        ],
    }
