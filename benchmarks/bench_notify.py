"""Notification benchmark: outbox throughput and the time from a recorded change to delivery.

Run: .venv/bin/python benchmarks/bench_notify.py [--events 1000] [--samples 10]
Prints figures; never fails. With HMS_TEST_POSTGRES_URL set (e.g.
postgresql+psycopg://postgres@127.0.0.1:5432/test) every store figure is also taken on
PostgreSQL. A local HTTP receiver (json:// on 127.0.0.1) takes every message.

(a) writing: N outbox events, one transaction each (as N recorded changes write them), vs a
    bare INSERT of the same rows through the same engine, one transaction each;
(b) sending: `send_pending` delivering those N events to one channel (plan, claim, send,
    mark), in events/s, vs apprise alone sending N messages to the same receiver (the floor:
    the store's share is the difference);
(c) latency: a sender loop running (as in `serve`, here every --interval seconds), the time
    from the commit of an outbox event to its arrival at the receiver, median and worst of
    --samples, for a yellow transition and a red one (red waits [notify] group_wait_s);
    each change is recorded at a random moment of the loop's interval.

Measured on the 2-core development machine (shared, so SQLite's rates swing with fsync load):
SQLite (a) 2,635 events/s, 0.9x the floor; (b) 131 events/s, 1.8x apprise alone; (c) yellow
median 3.2 s, worst 4.9 s; red median 11.8 s, worst 14.3 s. PostgreSQL (a) 1,213 events/s,
1.04x; (b) 134 events/s, 2.4x; (c) yellow median 2.1 s, worst 2.9 s; red median 12.3 s,
worst 13.9 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.services.notify_receiver import Receiver

sys.path.insert(0, str(Path(__file__).parent))
from bench_ingest import postgres_schema

from hms_status.clock import iso
from hms_status.config import load_settings
from hms_status.domain.alert_policy import AlertKind
from hms_status.foundation.workspace import Workspace
from hms_status.gateways.notify_apprise import send
from hms_status.services import notify, notify_loop
from hms_status.services.setup import init_root
from hms_status.store import outbox_repo
from hms_status.store.outbox_repo import NewEvent
from hms_status.store.schema import notify_outbox

PG_ENV = "HMS_TEST_POSTGRES_URL"
ENV_NAME = "HMS_BENCH_URL"


def workspace(folder: Path, url: str | None, group_wait: float = 0) -> Workspace:
    """A fresh root with one channel named bench."""
    root = folder / uuid.uuid4().hex[:8]
    init_root(root)
    (root / "SYSTEM-COMPONENTS" / "HMS-API").mkdir(parents=True)
    (root / "hms-status.toml").write_text(
        f'[notify]\ngroup_wait_s = {group_wait}\n[[notify.channels]]\nname = "bench"\n'
        f'url_env = "{ENV_NAME}"\nmin_status = "green"\n',
        encoding="utf-8",
    )
    ws = Workspace(load_settings(root, {}, url))
    ws.open_store()
    return ws


def new_event(n: int, status: str = "red") -> NewEvent:
    payload = {"old_status": "green", "new_status": status, "reasons": [f"change {n}"]}
    return NewEvent(AlertKind.STATUS_CHANGED, "HMS-API", n, iso(datetime.now(UTC)), payload)


def write_figures(ws: Workspace, events: int) -> None:
    start = time.perf_counter()
    for n in range(events):
        with ws.store.writing() as conn:
            outbox_repo.add(conn, [new_event(n)])
    outbox_s = time.perf_counter() - start
    start = time.perf_counter()
    for n in range(events):
        event = new_event(events + n)
        row = {
            "idempotency_key": event.idempotency_key,
            "kind": event.kind.value,
            "component_id": event.component_id,
            "created_at": event.created_at,
            "payload": "{}",
        }
        with ws.store.writing() as conn:
            conn.execute(insert(notify_outbox), [row])
    floor_s = time.perf_counter() - start
    print(
        f"  (a) write: {events / outbox_s:,.0f} events/s "
        f"({outbox_s / floor_s:.2f}x the bare insert floor, {events / floor_s:,.0f} rows/s)"
    )


def send_figures(ws: Workspace, receiver: Receiver, events: int) -> None:
    env = {ENV_NAME: receiver.url()}
    start = time.perf_counter()
    sent = 0
    while True:
        summary = notify.send_pending(ws, env=env, group_wait_s=0)
        sent += summary.sent
        if not summary.taken and not summary.sent:
            break
    sender_s = time.perf_counter() - start
    start = time.perf_counter()
    for n in range(events):
        send(receiver.url(), f"floor {n}", "body", "text", f"floor:{n}")
    floor_s = time.perf_counter() - start
    print(
        f"  (b) send: {sent:,} delivered, {sent / sender_s:,.0f} events/s "
        f"({sender_s / floor_s:.2f}x apprise alone, {events / floor_s:,.0f} messages/s)"
    )


def latency_figures(ws: Workspace, receiver: Receiver, samples: int, interval: float) -> None:
    arrivals: dict[str, float] = {}
    lock = threading.Condition()
    original = receiver._record

    def record(received: object) -> None:
        original(received)  # type: ignore[arg-type]
        with lock:
            arrivals[str(getattr(received, "key", ""))] = time.perf_counter()
            lock.notify_all()

    receiver._record = record  # type: ignore[method-assign]
    os.environ[ENV_NAME] = receiver.url()
    stop = threading.Event()
    thread = threading.Thread(target=notify_loop.run_sender, args=(ws, stop, interval), daemon=True)
    thread.start()
    wait = notify.notify_config(ws.settings).group_wait_s
    try:
        for status in ("yellow", "red"):
            times = []
            for n in range(samples):
                time.sleep(random.uniform(0, interval))  # any phase of the sender's loop
                event = new_event(10_000_000 + n * 2 + (status == "red"), status)
                key = f"{event.idempotency_key}:bench"
                with ws.store.writing() as conn:
                    outbox_repo.add(conn, [event])
                committed = time.perf_counter()
                with lock:
                    lock.wait_for(lambda key=key: key in arrivals, timeout=120)
                times.append(arrivals.get(key, float("nan")) - committed)
            print(
                f"  (c) latency, {status} (group_wait {wait:g} s, loop every {interval:g} s): "
                f"median {statistics.median(times):.2f} s, worst {max(times):.2f} s"
            )
    finally:
        stop.set()
        thread.join()


def measure(name: str, url: str | None, folder: Path, args: argparse.Namespace) -> None:
    print(f"{name}:")
    receiver = Receiver().up()
    try:
        ws = workspace(folder, url)
        write_figures(ws, args.events)
        send_figures(ws, receiver, args.events)
        ws.close()
        ws = workspace(folder, url, group_wait=args.group_wait)
        latency_figures(ws, receiver, args.samples, args.interval)
        ws.close()
    finally:
        receiver.down()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--interval", type=float, default=notify_loop.SENDER_INTERVAL_S)
    parser.add_argument("--group-wait", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure("SQLite", None, Path(tmp), args)
        base = os.environ.get(PG_ENV)
        if base:
            with postgres_schema(base) as url:
                measure("PostgreSQL", url, Path(tmp), args)


if __name__ == "__main__":
    main()
