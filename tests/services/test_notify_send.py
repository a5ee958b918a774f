"""The sender end to end: outbox events delivered through apprise to a real local HTTP receiver.

Each test writes outbox events as the store does (outbox_repo.add), runs the sender, and reads
what the receiver got and what the deliveries table says, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.services.notify_receiver import WAIT_S, Receiver

from hms_status.clock import FixedClock, iso
from hms_status.config import load_settings
from hms_status.domain.alert_policy import AlertKind
from hms_status.foundation.workspace import Workspace
from hms_status.services import notify
from hms_status.store import deliveries_repo, maintenance_repo, outbox_repo
from hms_status.store.outbox_repo import NewEvent

NOON = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
_ids = itertools.count(1000)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A receiver that is listening."""
    found = Receiver().up()
    yield found
    found.release.set()
    found.down()


_open: list[Workspace] = []


@pytest.fixture(autouse=True)
def _close_workspaces() -> Iterator[None]:
    yield
    while _open:
        _open.pop().close()


def open_ws(root: Path, url: str, toml: str, at: datetime = NOON) -> Workspace:
    """A workspace over root with this hms-status.toml and a clock pinned at `at` (closed
    after the test)."""
    (root / "hms-status.toml").write_text(toml, encoding="utf-8")
    ws = Workspace(load_settings(root, {}, url), clock=FixedClock(at))
    _open.append(ws)
    return ws


def channel(name: str, env: str, **keys: Any) -> str:
    """A [[notify.channels]] table."""
    lines = ["[[notify.channels]]", f'name = "{name}"', f'url_env = "{env}"']
    for key, value in keys.items():
        shown = (
            "[" + ", ".join(f'"{v}"' for v in value) + "]"
            if isinstance(value, list)
            else f'"{value}"'
        )
        lines.append(f"{key} = {shown}")
    return "\n".join(lines) + "\n"


def add_event(
    ws: Workspace,
    component: str,
    kind: AlertKind = AlertKind.STATUS_CHANGED,
    at: datetime = NOON,
    **payload: Any,
) -> str:
    """Put one event in the outbox, as a recorded change does; returns its idempotency key."""
    body = {"old_status": "green", "new_status": "red", "reasons": ["tests failing"], **payload}
    body.setdefault("cause", {"source": "hms-status tracker test", "event_id": 1})
    event = NewEvent(kind, component, next(_ids), iso(at), body)
    with ws.store.writing() as conn:
        outbox_repo.add(conn, [event])
    return event.idempotency_key


def states(ws: Workspace) -> list[tuple[str, str, str]]:
    """(component, channel, state) of every delivery row."""
    with ws.store.reading() as conn:
        rows = deliveries_repo.log(conn, 1000, include_skipped=True)
    return sorted((r.component_id, r.delivery.channel, r.delivery.state) for r in rows)


def test_an_event_is_delivered_once_with_its_idempotency_key(
    hms_root: Path, store_url: str, receiver: Receiver
) -> None:
    ws = open_ws(hms_root, store_url, channel("ops", "OPS_URL"))
    key = add_event(ws, "HMS-API", problem_since=iso(NOON))
    env = {"OPS_URL": receiver.url()}
    summary = notify.send_pending(ws, env=env, group_wait_s=0)
    again = notify.send_pending(ws, NOON + timedelta(hours=1), env=env, group_wait_s=0)
    assert (summary.taken, summary.sent, again.taken, again.sent) == (1, 1, 0, 0)
    [got] = receiver.requests
    assert got.key == f"{key}:ops" == got.body["idempotency_key"]
    assert got.body["title"] == "HMS-API: green → red"
    assert "reason: tests failing" in got.body["message"]
    assert "cause: hms-status tracker test, event 1" in got.body["message"]
    assert states(ws) == [("HMS-API", "ops", "sent")]


def test_form_urls_carry_the_key_too(hms_root: Path, store_url: str, receiver: Receiver) -> None:
    ws = open_ws(hms_root, store_url, channel("forms", "FORM_URL"))
    key = add_event(ws, "HMS-API")
    notify.send_pending(ws, env={"FORM_URL": receiver.url("form", "/f")}, group_wait_s=0)
    [got] = receiver.requests
    assert (got.path.split("?")[0], got.key, got.body["idempotency_key"]) == (
        "/f",
        f"{key}:forms",
        f"{key}:forms",
    )


def test_owners_route_to_their_channels(hms_root: Path, store_url: str, receiver: Receiver) -> None:
    (hms_root / "SYSTEM-COMPONENTS" / "HMS-API" / "catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: HMS-API\n"
        "spec:\n  type: service\n  lifecycle: production\n  owner: group:default/team-a\n",
        encoding="utf-8",
    )
    toml = (
        channel("a", "A_URL", components=["owner:team-a"])
        + channel("b", "B_URL", components=["owner:team-b"])
        + '[components.HMS-DOC]\nowner = "team-b"\n'
    )
    ws = open_ws(hms_root, store_url, toml)
    add_event(ws, "HMS-API")
    add_event(ws, "HMS-DOC")
    env = {"A_URL": receiver.url(path="/a"), "B_URL": receiver.url(path="/b")}
    notify.send_pending(ws, env=env, group_wait_s=0)
    got = sorted((r.path.split("?")[0], r.body["title"].split(":")[0]) for r in receiver.requests)
    assert got == [("/a", "HMS-API"), ("/b", "HMS-DOC")]
    assert states(ws) == [("HMS-API", "a", "sent"), ("HMS-DOC", "b", "sent")]


def test_min_status_drops_lesser_transitions_but_not_their_recovery(
    hms_root: Path, store_url: str, receiver: Receiver
) -> None:
    ws = open_ws(hms_root, store_url, channel("pager", "P_URL", min_status="red"))
    add_event(ws, "HMS-API", new_status="yellow")
    add_event(ws, "HMS-DOC", new_status="red")
    add_event(ws, "HMS-DOC", AlertKind.RECOVERED, old_status="red", new_status="green")
    notify.send_pending(ws, env={"P_URL": receiver.url()}, group_wait_s=0)
    titles = [r.body["title"] for r in receiver.requests]
    assert titles == ["HMS-DOC: green → red", "HMS-DOC recovered: red → green"]
    assert ("HMS-API", "-", "skipped") in states(ws)


def test_quiet_hours_hold_messages_for_one_digest(
    hms_root: Path, store_url: str, receiver: Receiver
) -> None:
    night = datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    toml = '[notify]\nquiet_hours = "22:00-07:00"\n' + channel("ops", "OPS_URL")
    ws = open_ws(hms_root, store_url, toml, night)
    add_event(ws, "HMS-API", at=night)
    add_event(ws, "HMS-DOC", at=night)
    env = {"OPS_URL": receiver.url()}
    held = notify.send_pending(ws, night, env=env, group_wait_s=0)
    still = notify.send_pending(ws, night + timedelta(hours=7, minutes=59), env=env)
    morning = notify.send_pending(ws, night + timedelta(hours=8), env=env)
    later = notify.send_pending(ws, night + timedelta(hours=9), env=env)
    assert (held.sent, still.sent, morning.digests, morning.sent, later.sent) == (0, 0, 1, 2, 0)
    [digest] = receiver.requests
    assert digest.body["title"] == "HMS status: 2 notifications held during quiet hours"
    assert "HMS-API: green → red" in digest.body["message"]
    assert "HMS-DOC: green → red" in digest.body["message"]
    assert digest.key is not None and digest.key.startswith("digest:ops:")


def test_a_receiver_down_then_up_gets_the_message_after_backoff(
    hms_root: Path, store_url: str, receiver: Receiver
) -> None:
    ws = open_ws(hms_root, store_url, channel("ops", "OPS_URL"))
    key = add_event(ws, "HMS-API")
    env = {"OPS_URL": receiver.url()}
    receiver.down()
    first = notify.send_pending(ws, env=env, group_wait_s=0)
    receiver.up()
    early = notify.send_pending(ws, NOON + notify.backoff(1) / 2, env=env)
    retried = notify.send_pending(ws, NOON + notify.backoff(1), env=env)
    assert (first.retrying, first.sent, early.sent, retried.sent) == (1, 0, 0, 1)
    assert "ops: event" in first.errors[0]
    assert receiver.keys() == [f"{key}:ops"]
    [row] = notify.log(ws, 10)
    assert (row.delivery.state, row.delivery.attempts) == ("sent", 2)


def test_a_delivery_that_keeps_failing_gives_up_with_its_error(
    hms_root: Path, store_url: str, receiver: Receiver
) -> None:
    ws = open_ws(hms_root, store_url, channel("ops", "OPS_URL"))
    add_event(ws, "HMS-API")
    receiver.down()
    env = {"OPS_URL": receiver.url()}
    at = NOON
    for attempt in range(1, notify.MAX_ATTEMPTS + 1):
        summary = notify.send_pending(ws, at, env=env, group_wait_s=0)
        at += notify.backoff(attempt)
    [row] = notify.log(ws, 10)
    assert (summary.failed, row.delivery.state, row.delivery.attempts) == (
        1,
        "failed",
        notify.MAX_ATTEMPTS,
    )
    assert row.delivery.last_error


def test_maintenance_suppresses_and_dependencies_group(
    hms_root: Path, store_url: str, receiver: Receiver
) -> None:
    for cid in ("HMS-DB", "HMS-WEB"):
        (hms_root / "SYSTEM-COMPONENTS" / cid).mkdir()
    toml = channel("ops", "OPS_URL") + (
        '[components.HMS-API]\ndepends_on = ["HMS-DB"]\n'
        '[components.HMS-DOC]\ndepends_on = ["HMS-API"]\n'
    )
    ws = open_ws(hms_root, store_url, toml)
    with ws.store.writing() as conn:
        maintenance_repo.add(
            conn,
            "HMS-WEB",
            iso(NOON - timedelta(hours=1)),
            iso(NOON + timedelta(hours=1)),
            "upgrade",
            iso(NOON),
        )
    for cid in ("HMS-DOC", "HMS-API", "HMS-DB", "HMS-WEB"):
        add_event(ws, cid)
    notify.send_pending(ws, env={"OPS_URL": receiver.url()}, group_wait_s=0)
    [alert] = receiver.requests
    assert alert.body["title"] == "HMS-DB: green → red (root of 2 more red)"
    assert "affected dependents (2): HMS-API, HMS-DOC" in alert.body["message"]
    assert states(ws) == [
        ("HMS-API", "ops", "grouped"),
        ("HMS-DB", "ops", "sent"),
        ("HMS-DOC", "ops", "grouped"),
        ("HMS-WEB", "ops", "suppressed"),
    ]


def test_red_alerts_wait_for_their_dependencies_within_group_wait(
    hms_root: Path, store_url: str, receiver: Receiver
) -> None:
    toml = "[notify]\ngroup_wait_s = 30\n" + channel("ops", "OPS_URL")
    toml += '[components.HMS-API]\ndepends_on = ["HMS-DOC"]\n'
    ws = open_ws(hms_root, store_url, toml)
    env = {"OPS_URL": receiver.url()}
    add_event(ws, "HMS-API")
    waiting = notify.send_pending(ws, NOON + timedelta(seconds=10), env=env)
    add_event(ws, "HMS-DOC", at=NOON + timedelta(seconds=20))
    sent = notify.send_pending(ws, NOON + timedelta(seconds=50), env=env)
    assert (waiting.taken, sent.taken, sent.sent) == (0, 2, 1)
    [alert] = receiver.requests
    assert alert.body["title"].startswith("HMS-DOC: green → red (root of 1")


def test_old_news_is_not_announced(hms_root: Path, store_url: str, receiver: Receiver) -> None:
    ws = open_ws(hms_root, store_url, channel("ops", "OPS_URL"))
    add_event(ws, "HMS-API", at=NOON - timedelta(days=2))
    notify.send_pending(ws, env={"OPS_URL": receiver.url()}, group_wait_s=0)
    assert receiver.requests == []
    assert states(ws) == [("HMS-API", "-", "skipped")]


def test_hostile_text_is_neutralised_in_every_format(
    hms_root: Path, store_url: str, receiver: Receiver
) -> None:
    toml = "".join(channel(fmt, "URL", format=fmt) for fmt in ("text", "markdown", "html"))
    ws = open_ws(hms_root, store_url, toml)
    hostile = "<script>alert(1)</script> [x](http://evil) @everyone <!channel>\nfake: line"
    add_event(
        ws,
        "HMS-API",
        AlertKind.TICKET_OPENED,
        ticket={"id": "WT-HMS-API-001", "title": hostile, "severity": "critical"},
    )
    notify.send_pending(ws, env={"URL": receiver.url()}, group_wait_s=0)
    got = {r.key.rsplit(":", 1)[-1]: r.body for r in receiver.requests if r.key}
    assert sorted(got) == ["html", "markdown", "text"]
    for fmt, body in got.items():
        text = body["title"] + "\n" + body["message"]
        assert "@everyone" not in text and "<!channel>" not in text, fmt
        assert "\nfake: line" not in text, fmt  # no line of our own can be forged
        if fmt != "text":  # plain text is shown as text: apprise escapes it for HTML services
            assert "<script>" not in text, fmt
        if fmt == "markdown":
            assert "](http://evil)" not in text
    assert got["text"]["title"] == "HMS-API: ticket opened (critical)"
    assert "&lt;script&gt;" in got["html"]["message"]
    assert "\\[x\\]\\(http://evil\\)" in got["markdown"]["message"]


def test_a_sender_killed_mid_delivery_loses_and_duplicates_nothing(
    hms_root: Path, store_url: str, receiver: Receiver
) -> None:
    """kill -9 while the receiver holds the first request; the restarted sender delivers every
    event, and the one in flight again under the same key (at least once, never a new key)."""
    ws = open_ws(hms_root, store_url, channel("ops", "OPS_URL"), datetime.now(UTC))
    keys = [add_event(ws, cid, at=datetime.now(UTC)) for cid in ("HMS-API", "HMS-DOC")]
    receiver.release.clear()
    env = {**os.environ, "OPS_URL": receiver.url(), "PYTHONPATH": "src"}
    argv = [sys.executable, "-m", "hms_status", "--root", str(hms_root)]
    argv += ["--database-url", store_url, "notify", "send"]
    (hms_root / "hms-status.toml").write_text(
        "[notify]\ngroup_wait_s = 0\n" + channel("ops", "OPS_URL"), encoding="utf-8"
    )
    sender = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert receiver.arrived.wait(WAIT_S), "the sender never reached the receiver"
        sender.send_signal(signal.SIGKILL)
        sender.wait(WAIT_S)
    finally:
        receiver.release.set()
    assert sender.returncode == -signal.SIGKILL
    # both were claimed in one transaction; only the first was in flight
    assert states(ws) == [("HMS-API", "ops", "sending"), ("HMS-DOC", "ops", "sending")]
    too_early = notify.send_pending(ws, env={"OPS_URL": receiver.url()})
    assert (too_early.sent, receiver.keys()) == (0, [f"{keys[0]}:ops"])
    restarted = notify.send_pending(
        ws, datetime.now(UTC) + notify.LEASE, env={"OPS_URL": receiver.url()}
    )
    assert restarted.sent == 2
    got = receiver.keys()
    assert sorted(set(got)) == sorted(f"{k}:ops" for k in keys)
    assert got == [f"{keys[0]}:ops", f"{keys[0]}:ops", f"{keys[1]}:ops"]
    assert states(ws) == [("HMS-API", "ops", "sent"), ("HMS-DOC", "ops", "sent")]


def test_two_senders_at_once_send_each_event_once(
    hms_root: Path, store_url: str, receiver: Receiver
) -> None:
    """The monitor, `serve` and cron may send at the same time: claims are compare-and-set."""
    ws = open_ws(hms_root, store_url, channel("ops", "OPS_URL"))
    other = open_ws(hms_root, store_url, channel("ops", "OPS_URL"))
    keys = [add_event(ws, "HMS-API", new_status=s) for s in ["red", "yellow"] * 10]
    env = {"OPS_URL": receiver.url()}
    start = threading.Barrier(2)
    sent: list[int] = []

    def run(sender: Workspace) -> None:
        start.wait(WAIT_S)
        sent.append(notify.send_pending(sender, env=env, group_wait_s=0).sent)

    threads = [threading.Thread(target=run, args=(w,)) for w in (ws, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_S)
    assert sum(sent) == 20
    assert sorted(receiver.keys()) == sorted(f"{k}:ops" for k in keys)
