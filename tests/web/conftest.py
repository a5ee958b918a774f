"""A real server for web tests: uvicorn on a free port, in a thread, over a real store."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn

from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from hms_status.web.app import create_app
from tests.browser import launched_chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    yield from launched_chromium()


@dataclass(frozen=True)
class LiveServer:
    """A running service: its base URL and the Workspace it serves."""

    url: str
    workspace: Workspace


@contextmanager
def serve(ws: Workspace) -> Iterator[LiveServer]:
    """Run the service for ws on 127.0.0.1 and a free port until the block ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # TCP_NODELAY
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(ws), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the server did not start")
            threading.Event().wait(0.01)
        yield LiveServer(f"http://127.0.0.1:{port}", ws)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture
def live_workspace(hms_root: Path, store_url: str) -> Iterator[Workspace]:
    """A Workspace over hms_root (HMS-API, HMS-DOC) on SQLite and on PostgreSQL."""
    ws = Workspace(load_settings(hms_root, {}, store_url))
    ws.open_store()
    yield ws
    ws.close()


@pytest.fixture
def live_server(live_workspace: Workspace) -> Iterator[LiveServer]:
    """The service over live_workspace, running."""
    with serve(live_workspace) as server:
        yield server


ServeFactory = Callable[[Workspace], LiveServer]
