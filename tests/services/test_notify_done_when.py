"""Issue 12's "done when" on the demo, with a local receiver: a component pushed from green to
red sends exactly one message after confirmation and one more on recovery; nothing during its
maintenance window; a dependency outage (the demo's catalogs name dependencies in lower case,
as Backstage does) sends one grouped message. (Killing the sender mid-delivery is
tests/services/test_notify_send.py's.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.services.notify_receiver import Receiver

from hms_status.config import load_settings
from hms_status.demo.build import build_demo
from hms_status.foundation.workspace import Workspace
from hms_status.services import maintenance, notify, tracking
from hms_status.services.inputs import parse_results

CHANNEL = """
[notify]
group_wait_s = 0

[[notify.channels]]
name = "ops"
url_env = "HMS_DONE_WHEN_URL"
events = ["status_changed", "recovered"]
"""


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    got = Receiver().up()
    try:
        yield got
    finally:
        got.down()


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("notify-demo") / "demo"
    build_demo(root)
    with (root / "hms-status.toml").open("a", encoding="utf-8") as toml:
        toml.write(CHANNEL)
    return root


def _run(ws: Workspace, component_id: str, failed: int) -> None:
    counts = parse_results(f'{{"passed": {10 - failed}, "failed": {failed}, "skipped": 0}}')
    tracking.record_test_run(ws, component_id, None, counts)


def _send(ws: Workspace, receiver: Receiver) -> list[str]:
    before = len(receiver.requests)
    notify.send_pending(ws, env={"HMS_DONE_WHEN_URL": receiver.url()}, group_wait_s=0)
    return [str(r.body["title"]) for r in receiver.requests[before:]]


def test_red_after_confirmation_recovery_maintenance_and_a_grouped_outage(
    demo_root: Path, receiver: Receiver
) -> None:
    ws = Workspace(load_settings(demo_root, {}), docs_follow=False)
    try:
        _send(ws, receiver)  # whatever the demo's recent history announces
        assert _send(ws, receiver) == []  # and only once

        _run(ws, "HMS-DOC", failed=5)
        assert _send(ws, receiver) == []  # red seen once: not confirmed
        _run(ws, "HMS-DOC", failed=5)
        assert _send(ws, receiver) == ["HMS-DOC: green → red"]
        assert _send(ws, receiver) == []
        _run(ws, "HMS-DOC", failed=0)
        [recovered] = _send(ws, receiver)
        assert recovered == "HMS-DOC recovered: red → green"

        maintenance.add(ws, "HMS-WEB", "now", "+2h", "planned upgrade")
        _run(ws, "HMS-WEB", failed=5)
        _run(ws, "HMS-WEB", failed=5)
        assert _send(ws, receiver) == []

        for component_id in ("HMS-UTL", "HMS-API"):  # HMS-API depends on HMS-UTL
            _run(ws, component_id, failed=5)
            _run(ws, component_id, failed=5)
        [grouped] = _send(ws, receiver)
        assert grouped.startswith("HMS-UTL: ")
        assert "root of 1 more red" in grouped
        assert "HMS-API" in str(receiver.requests[-1].body["message"])
    finally:
        ws.close()
