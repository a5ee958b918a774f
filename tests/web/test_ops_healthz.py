"""GET /healthz: 200 while the store answers, 503 (and no store detail) when it does not."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx

from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from tests.conftest import make_root
from tests.web.conftest import LiveServer, serve


def test_ok_while_the_store_answers(live_server: LiveServer) -> None:
    response = httpx.get(f"{live_server.url}/healthz", timeout=30)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["cache-control"] == "no-store"


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_503_when_the_store_does_not_answer(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://hms:secret-pw@127.0.0.1:{closed_port()}/nowhere"
    ws = Workspace(load_settings(make_root(tmp_path / "hms"), {}, url))
    with serve(ws) as server:
        response = httpx.get(f"{server.url}/healthz", timeout=60)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert "secret-pw" not in response.text and "127.0.0.1" not in response.text
