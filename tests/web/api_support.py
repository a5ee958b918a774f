"""What the API tests share: a running service with tokens, an httpx client, and store probes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft202012Validator

from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from hms_status.services import tokens, tracking
from hms_status.services.ticket_list import list_tickets
from tests.conftest import make_root
from tests.contract import CONTRACTS
from tests.web.conftest import LiveServer, serve

PROBLEM = "application/problem+json"
JUNIT_FAILING = b"""<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="api" tests="3" failures="1" errors="0" skipped="0" time="1.5">
  <testcase classname="api.Login" name="test_ok" time="0.5"/>
  <testcase classname="api.Login" name="test_other" time="0.5"/>
  <testcase classname="api.Login" name="test_bad" time="0.5">
    <failure message="expected 200, got 500">Traceback...</failure>
  </testcase>
</testsuite>
"""
JUNIT_PASSING = b"""<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="api" tests="2" failures="0" errors="0" skipped="0" time="0.2">
  <testcase classname="api.Login" name="test_ok" time="0.1"/>
  <testcase classname="api.Login" name="test_bad" time="0.1"/>
</testsuite>
"""


@dataclass
class Api:
    """A running service, a client for it, and one token of each kind."""

    server: LiveServer
    client: httpx.Client
    admin: str
    writer: str
    """write:HMS-API"""
    reader: str

    @property
    def ws(self) -> Workspace:
        """The Workspace the service serves."""
        return self.server.workspace

    def post(self, path: str, token: str | None = "", **kwargs: Any) -> httpx.Response:
        """POST with the admin token (token="") or the one given (None: no token)."""
        token = self.admin if token == "" else token
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.client.post(path, headers={**headers, **kwargs.pop("headers", {})}, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        """GET (reads are open by default)."""
        return self.client.get(path, **kwargs)

    def recorded(self, component_id: str = "HMS-API") -> int:
        """How many events the store holds for a component."""
        return len(tracking.history(self.ws, component_id, 10_000))

    def ticket_count(self) -> int:
        """How many tickets the store holds, all components."""
        return len(list_tickets(self.ws))


@contextmanager
def running_api(ws: Workspace) -> Iterator[Api]:
    """Serve ws with an admin, a write:HMS-API and a read token."""
    admin = tokens.create(ws, "admin", "admin").token
    writer = tokens.create(ws, "ci-hms-api", "write:HMS-API").token
    reader = tokens.create(ws, "reader", "read").token
    with serve(ws) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        yield Api(server, client, admin, writer, reader)


def workspace_with_config(root: Path, store_url: str, toml: str) -> Workspace:
    """A Workspace over a fresh root whose hms-status.toml is toml."""
    make_root(root)
    (root / "hms-status.toml").write_text(toml, encoding="utf-8")
    ws = Workspace(load_settings(root, {}, store_url))
    ws.open_store()
    return ws


@cache
def _status_validator() -> Draft202012Validator:
    schema = json.loads((CONTRACTS / "status-data.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def assert_status_data(doc: Any) -> None:
    """doc is the plan's Status Data."""
    _status_validator().validate(doc)


def assert_problem(response: httpx.Response, status: int, field: str | None = None) -> Any:
    """response is an RFC 9457 problem with this status (naming field when given)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM), response.headers
    body = response.json()
    assert body["status"] == status
    assert body["type"] and body["title"] and body["detail"]
    if field is not None:
        assert field in [e["field"] for e in body.get("errors", [])], body
    assert "Traceback" not in response.text
    return body
