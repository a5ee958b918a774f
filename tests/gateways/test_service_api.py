"""The door to the service: which failures are retried (with backoff), which are not, and
how answers become errors. A real HTTP server answers from a script; sleeps are recorded."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hms_status.errors import EXIT_SERVICE, EXIT_USAGE, ServiceError, SnapshotPendingError
from hms_status.gateways.service_api import RefusedError, ServiceClient, Upload

TOKEN = "hms_" + "t" * 43


@dataclass
class Scripted:
    """A local HTTP server that answers each POST with the next (status, headers, body)."""

    answers: list[tuple[int, dict[str, str], bytes]]
    seen: list[dict[str, str]] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def scripted() -> Iterator[Scripted]:
    script = Scripted([])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            script.seen.append(dict(self.headers))
            script.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
            status, headers, body = script.answers.pop(0)
            self.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    script.url = f"http://127.0.0.1:{server.server_address[1]}/prefix/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield script
    server.shutdown()
    server.server_close()
    thread.join(timeout=30)


def answer(
    status: int, body: object, media: str = "application/json"
) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": media}, json.dumps(body).encode()


def client(url: str, sleeps: list[float], retries: int = 3) -> ServiceClient:
    return ServiceClient(url, TOKEN, timeout=30, retries=retries, sleep=sleeps.append)


def test_502_503_504_are_retried_with_backoff(scripted: Scripted) -> None:
    scripted.answers = [answer(502, {}), answer(503, {}), answer(504, {}), answer(201, {"ok": 1})]
    sleeps: list[float] = []
    reply = client(scripted.url, sleeps).post_json("/api/v1/x", {"success": True})
    assert (reply.status, reply.body) == (201, {"ok": 1})
    assert sleeps == [0.5, 1.0, 2.0]
    assert len(scripted.seen) == 4
    assert all(h["Authorization"] == f"Bearer {TOKEN}" for h in scripted.seen)
    assert json.loads(scripted.bodies[-1]) == {"success": True}


def test_retries_run_out(scripted: Scripted) -> None:
    scripted.answers = [answer(503, {"title": "Service Unavailable", "detail": "store locked"})] * 2
    sleeps: list[float] = []
    with pytest.raises(ServiceError) as caught:
        client(scripted.url, sleeps, retries=1).post_json("/x", {})
    assert caught.value.exit_code == EXIT_SERVICE and "store locked" in caught.value.message
    assert sleeps == [0.5]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 413, 415, 422])
def test_4xx_is_never_retried(scripted: Scripted, status: int) -> None:
    problem = {"title": "x", "status": status, "detail": "environment is too long",
               "errors": [{"field": "environment", "message": "at most 100 characters"}]}  # fmt: skip
    scripted.answers = [answer(status, problem, "application/problem+json")]
    sleeps: list[float] = []
    with pytest.raises(RefusedError) as caught:
        client(scripted.url, sleeps).post_json("/x", {})
    assert caught.value.exit_code == EXIT_USAGE and sleeps == [] and len(scripted.seen) == 1
    message = caught.value.message
    assert str(status) in message and "environment is too long" in message
    assert "environment: at most 100 characters" in message


def test_500_is_a_server_failure_not_retried(scripted: Scripted) -> None:
    scripted.answers = [answer(500, {"title": "Internal Server Error", "detail": "bug"})]
    sleeps: list[float] = []
    with pytest.raises(ServiceError):
        client(scripted.url, sleeps).post_json("/x", {})
    assert sleeps == [] and len(scripted.seen) == 1


def test_a_refused_connection_is_retried_then_exit_3() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sleeps: list[float] = []
    with pytest.raises(ServiceError) as caught:
        client(url, sleeps, retries=2).post_json("/x", {})
    assert sleeps == [0.5, 1.0]
    assert caught.value.message.startswith(f"cannot reach {url} after 3 attempts")


def test_recorded_but_snapshot_pending_is_exit_4(scripted: Scripted) -> None:
    problem = {"type": "urn:hms-status:problem:snapshot-pending", "title": "Accepted",
               "status": 202, "detail": "recorded, but the snapshot could not be written"}  # fmt: skip
    scripted.answers = [answer(202, problem, "application/problem+json")]
    with pytest.raises(SnapshotPendingError):
        client(scripted.url, []).post_json("/x", {})


def test_a_redirect_names_where_to(scripted: Scripted) -> None:
    scripted.answers = [(308, {"Location": "https://status.example.com/x"}, b"")]
    with pytest.raises(RefusedError) as caught:
        client(scripted.url, []).post_json("/x", {})
    assert "https://status.example.com/x" in caught.value.message


def test_a_non_json_answer(scripted: Scripted) -> None:
    scripted.answers = [(200, {"Content-Type": "text/html"}, b"<html>hello</html>")]
    with pytest.raises(ServiceError) as caught:
        client(scripted.url, []).post_json("/x", {})
    assert "without a JSON body" in caught.value.message


def test_an_echoed_token_is_blotted_out(scripted: Scripted) -> None:
    scripted.answers = [answer(401, {"detail": f"bad token {TOKEN}", "hint": f"not {TOKEN}"})]
    with pytest.raises(RefusedError) as caught:
        client(scripted.url, []).post_json("/x", {})
    assert TOKEN not in caught.value.one_line() and "[token]" in caught.value.message


def test_multipart_reports(scripted: Scripted) -> None:
    scripted.answers = [answer(201, {"run_id": 1})]
    uploads = [Upload("a.xml", b"<testsuite/>"), Upload("b.xml", b"<testsuites/>")]
    reply = client(scripted.url, []).post_form("/runs", {"success": "false"}, uploads)
    assert reply.body == {"run_id": 1}
    body = scripted.bodies[0]
    assert scripted.seen[0]["Content-Type"].startswith("multipart/form-data")
    assert body.count(b'name="reports"') == 2 and b'filename="b.xml"' in body
    assert b'name="success"' in body
