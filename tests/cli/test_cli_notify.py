"""hms-status notify send|test|log: results on stdout, bad input one line and exit 2."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.config.clirun import hms
from tests.services.notify_receiver import WAIT_S, Receiver

from hms_status.clock import SystemClock, iso
from hms_status.config import load_settings
from hms_status.domain.alert_policy import AlertKind
from hms_status.foundation.workspace import Workspace
from hms_status.store import outbox_repo
from hms_status.store.outbox_repo import NewEvent

CHANNEL = '[[notify.channels]]\nname = "ops"\nurl_env = "HMS_NOTIFY_OPS_URL"\n'


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver().up()
    yield found
    found.down()


def configure(root: Path, text: str) -> None:
    (root / "hms-status.toml").write_text(text, encoding="utf-8")


def test_notify_test_sends_one_message(hms_root: Path, receiver: Receiver) -> None:
    configure(hms_root, CHANNEL)
    code, out, err = hms(
        hms_root, "notify", "test", "--channel", "ops", env={"HMS_NOTIFY_OPS_URL": receiver.url()}
    )
    assert (code, out, err) == (0, "sent a test message to ops\n", "")
    [got] = receiver.requests
    assert got.body["title"] == "HMS status: test notification"
    assert got.key is not None and got.key.startswith("test:ops:")


def test_notify_test_to_a_receiver_that_is_down_exits_1(hms_root: Path, receiver: Receiver) -> None:
    configure(hms_root, CHANNEL)
    receiver.down()
    env = {"HMS_NOTIFY_OPS_URL": receiver.url()}
    code, out, _ = hms(hms_root, "notify", "test", "--channel", "ops", "--json", env=env)
    result = json.loads(out)
    assert (code, result["channel"], result["ok"]) == (1, "ops", False)
    assert "127.0.0.1" in result["error"] and "json://" not in result["error"]


def test_send_and_log(hms_root: Path, receiver: Receiver) -> None:
    configure(hms_root, "[notify]\ngroup_wait_s = 0\n" + CHANNEL)
    ws = Workspace(load_settings(hms_root, {}))
    event = NewEvent(
        AlertKind.STATUS_CHANGED, "HMS-API", 1, iso(SystemClock().now()), {"new_status": "red"}
    )
    with ws.store.writing() as conn:
        outbox_repo.add(conn, [event])
    ws.close()
    env = {"HMS_NOTIFY_OPS_URL": receiver.url()}
    code, out, _ = hms(hms_root, "notify", "send", "--json", env=env)
    summary = json.loads(out)
    assert (code, summary["taken"], summary["sent"], summary["states"]) == (0, 1, 1, {"sent": 1})
    code, out, _ = hms(hms_root, "notify", "log", "--json", env=env)
    [row] = json.loads(out)
    assert (code, row["state"], row["channel"], row["component_id"]) == (
        0,
        "sent",
        "ops",
        "HMS-API",
    )
    assert row["idempotency_key"] == event.idempotency_key
    code, out, _ = hms(hms_root, "notify", "log", env=env)
    assert code == 0 and "sent" in out.splitlines()[1]


@pytest.mark.parametrize(
    ("toml", "args", "env", "message"),
    [
        (
            CHANNEL,
            ["notify", "test", "--channel", "pager"],
            {"HMS_NOTIFY_OPS_URL": "json://127.0.0.1:9/x"},
            "error: unknown notification channel 'pager' (channels in hms-status.toml: ops)",
        ),
        (
            '[[notify.channels]]\nname = "ops"\nurl = "slack://T0/B0/XYZZY"\n',
            ["notify", "send"],
            {},
            "error: hms-status.toml: [[notify.channels]] ops url is not allowed here",
        ),
        (
            CHANNEL,
            ["notify", "send"],
            {},
            "error: [[notify.channels]] ops: the environment variable HMS_NOTIFY_OPS_URL is not set",
        ),
        (
            CHANNEL,
            ["notify", "test", "--channel", "ops"],
            {"HMS_NOTIFY_OPS_URL": ""},
            "error: [[notify.channels]] ops: the environment variable HMS_NOTIFY_OPS_URL is not set",
        ),
        (
            '[[notify.channels]]\nname = "ops"\nurl_file = "missing.url"\n',
            ["notify", "send"],
            {},
            "error: [[notify.channels]] ops: cannot read url_file missing.url",
        ),
        (
            '[notify]\nquiet_hours = "22:00"\n',
            ["notify", "log"],
            {},
            "error: hms-status.toml: [notify] quiet_hours must be two different times",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    hms_root: Path, toml: str, args: list[str], env: dict[str, str], message: str
) -> None:
    configure(hms_root, toml)
    code, out, err = hms(hms_root, *args, env={"HMS_NOTIFY_OPS_URL": None, **env})  # type: ignore[dict-item]
    assert (code, out) == (2, "")
    assert err.startswith(message), err
    assert len(err.strip().splitlines()) == 1
    assert "XYZZY" not in err


def test_log_limit_is_checked(hms_root: Path) -> None:
    code, _, err = hms(hms_root, "notify", "log", "--limit", "0")
    assert code == 2 and "--limit" in err


def test_url_file_holds_the_secret(hms_root: Path, receiver: Receiver) -> None:
    (hms_root / "ops.url").write_text(receiver.url() + "\n", encoding="utf-8")
    configure(hms_root, '[[notify.channels]]\nname = "ops"\nurl_file = "ops.url"\n')
    code, _, _ = hms(hms_root, "notify", "test", "--channel", "ops")
    assert code == 0 and len(receiver.requests) == 1


def test_red_after_confirmation_then_recovery_send_one_message_each(
    hms_root: Path, receiver: Receiver
) -> None:
    """The issue's "done when": recorded through the tracker, delivered by `notify send`."""
    configure(hms_root, "[notify]\nconfirm_after = 2\ngroup_wait_s = 0\n" + CHANNEL)
    env = {"HMS_NOTIFY_OPS_URL": receiver.url()}
    good = ["tracker", "test", "HMS-API", "--success", "--results", '{"passed": 10, "failed": 0}']
    bad = ["tracker", "test", "HMS-API", "--results", '{"passed": 1, "failed": 9}']
    titles = []
    for args in (good, bad, bad, bad, good):
        assert hms(hms_root, *args)[0] == 0
        assert hms(hms_root, "notify", "send", env=env)[0] == 0
        titles.append([r.body["title"] for r in receiver.requests])
        receiver.requests.clear()
    assert titles[0] == [] and titles[1] == ["HMS-API: ticket opened (high)"]
    assert titles[2:4] == [["HMS-API: green → red"], []]
    assert titles[4] == ["HMS-API: ticket resolved (high)", "HMS-API recovered: red → green"]


def _one_event(root: Path) -> str:
    ws = Workspace(load_settings(root, {}))
    event = NewEvent(
        AlertKind.STATUS_CHANGED, "HMS-API", 7, iso(SystemClock().now()), {"new_status": "red"}
    )
    with ws.store.writing() as conn:
        outbox_repo.add(conn, [event])
    ws.close()
    return f"{event.idempotency_key}:ops"


def test_serve_runs_the_sender(hms_root: Path, receiver: Receiver) -> None:
    configure(hms_root, "[notify]\ngroup_wait_s = 0\n" + CHANNEL)
    key = _one_event(hms_root)
    env = {**os.environ, "HMS_ROOT": str(hms_root), "HMS_NOTIFY_OPS_URL": receiver.url()}
    server = subprocess.Popen(
        [sys.executable, "-m", "hms_status", "serve", "--port", "0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert receiver.arrived.wait(WAIT_S), "serve never delivered the event"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(WAIT_S)
    assert (server.returncode, receiver.keys()) == (0, [key])


def test_the_monitor_sends_once_per_cycle(hms_root: Path, receiver: Receiver) -> None:
    configure(hms_root, CHANNEL + 'events = ["status_changed"]\n')
    key = _one_event(hms_root)
    env = {"HMS_NOTIFY_OPS_URL": receiver.url()}
    code, _, _ = hms(hms_root, "run", "monitor", "--once", env=env)
    assert (code, receiver.keys()) == (0, [key])
