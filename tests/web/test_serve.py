"""`hms-status serve` as a real process: it answers, logs access lines, stops cleanly on
SIGTERM (exit 0, port freed), and refuses a port in use with one line and exit 2."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from tests.conftest import make_root

START_TIMEOUT_S = 60.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(root: Path, port: int) -> subprocess.Popen[str]:
    env = {**os.environ, "HMS_ROOT": str(root)}
    return subprocess.Popen(
        [sys.executable, "-m", "hms_status", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_until_up(process: subprocess.Popen[str], url: str) -> None:
    """Poll until the service answers (bounded; fails at once if the process died)."""
    stop = threading.Event()
    deadline = threading.Timer(START_TIMEOUT_S, stop.set)
    deadline.start()
    try:
        while not stop.is_set():
            assert process.poll() is None, process.communicate()
            try:
                if httpx.get(url, timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                stop.wait(0.05)
        pytest.fail(f"the service did not answer {url}")
    finally:
        deadline.cancel()


def _ready_url(base: str) -> str:
    """/healthz once web/ops.py has it, else /openapi.json."""
    from hms_status.web import ops

    paths = {getattr(route, "path", "") for route in ops.router.routes}
    return f"{base}/healthz" if "/healthz" in paths else f"{base}/openapi.json"


def test_serve_answers_logs_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = _serve(root, port)
    try:
        _wait_until_up(process, _ready_url(base))
        listed = httpx.get(f"{base}/api/v1/components", timeout=30)
        assert [c["component_id"] for c in listed.json()] == ["HMS-API", "HMS-DOC"]
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert '"GET /api/v1/components HTTP/1.1" 200' in stderr
    assert "Traceback" not in stderr
    with socket.socket() as sock:  # the port is free again
        sock.bind(("127.0.0.1", port))


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = _serve(root, port)
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot listen on 127.0.0.1:"), stderr
    assert "--port" in lines[0]


def test_serve_takes_its_own_root_option(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from hms_status.cli.root import cli

    result = CliRunner().invoke(cli, ["serve", "--root", str(tmp_path / "nowhere"), "--port", "0"])
    assert result.exit_code != 0
    assert "nowhere" in str(result.exception) + result.output


def test_a_bad_web_table_is_one_line_and_exit_2(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    (root / "hms-status.toml").write_text("[web]\nmax_body_bytes = 10\n", encoding="utf-8")
    process = _serve(root, _free_port())
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 2
    assert stderr.count("\n") == 1 and "max_body_bytes" in stderr, stderr
