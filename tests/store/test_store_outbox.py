"""The notification outbox, written by the store in the transaction of the change (SQLite and
PostgreSQL): the events the alert policy says, ticket events, keys, rollback, concurrency."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from tests.conftest import make_root
from tests.store.test_store_migration import MIGRATIONS

from hms_status.clock import iso
from hms_status.config import load_settings
from hms_status.domain.alert_policy import AlertKind, AlertPolicyConfig, AlertState, observe
from hms_status.domain.check_tickets import ENVIRONMENT_SOURCE, Observation, Problem
from hms_status.domain.enums import Outcome, Severity, Status
from hms_status.domain.results import TestCaseResult, TestCounts
from hms_status.errors import StoreError
from hms_status.foundation.workspace import Workspace
from hms_status.store import alert_policy, alert_state_repo, outbox_repo, rollups
from hms_status.store.engine import make_engine
from hms_status.store.facts import RunFact, StartFact
from hms_status.store.outbox_repo import OutboxEvent
from hms_status.store.schema import events, notify_deliveries, notify_outbox
from hms_status.store.store import Store

API = "HMS-API"
T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
STATUS_KINDS = (AlertKind.STATUS_CHANGED, AlertKind.RECOVERED)


class Clock:
    """Stamps one second apart, safe to share between threads."""

    def __init__(self) -> None:
        self._next = count()
        self._lock = threading.Lock()

    def __call__(self) -> str:
        with self._lock:
            return iso(T0 + timedelta(seconds=next(self._next)))


@pytest.fixture
def open_store(store_url: str) -> Iterator[Store]:
    """A fresh store with the default policy (confirm_after 2, recover_after 1)."""
    store = Store.open(store_url, create_parent=True)
    yield store
    store.close()


def passing(at: str, component: str = API) -> RunFact:
    return RunFact(component, at, True, TestCounts(passed=20))


def failing(at: str, component: str = API) -> RunFact:
    """A red run (0% pass rate); with no cases it also opens the whole-run ticket."""
    return RunFact(component, at, False, TestCounts(passed=0, failed=20))


def outbox(store: Store, component: str = API) -> list[OutboxEvent]:
    with store.reading() as conn:
        return outbox_repo.of_component(conn, component)


def status_events(store: Store, component: str = API) -> list[OutboxEvent]:
    return [e for e in outbox(store, component) if e.kind in STATUS_KINDS]


def alert_state(store: Store, component: str = API) -> AlertState | None:
    with store.reading() as conn:
        return alert_state_repo.read(conn, [component]).get(component)


def test_a_red_run_alerts_once_confirmed_and_its_recovery_once(open_store: Store) -> None:
    store, at = open_store, Clock()
    store.record_test_run(passing(at()))
    assert outbox(store) == [], "the first observation sets the baseline silently"
    red = store.record_test_run(failing(at()))
    assert red.health.status is Status.RED
    assert status_events(store) == [], "one red run is not confirmed yet"
    confirmed = store.record_start(StartFact(API, at(), True))
    (alert,) = status_events(store)
    assert alert.kind is AlertKind.STATUS_CHANGED
    assert alert.idempotency_key == f"{API}:status_changed:{confirmed.event_id}"
    assert alert.payload["old_status"] == "green" and alert.payload["new_status"] == "red"
    assert alert.payload["reasons"] == list(confirmed.health.reasons) != []
    assert alert.payload["cause"] == {
        "event": "start",
        "event_id": confirmed.event_id,
        "source": "start",
    }
    assert alert.payload["problem_since"] == iso(T0 + timedelta(seconds=1))
    store.record_start(StartFact(API, at(), True))
    assert len(status_events(store)) == 1, "a held status is announced once"
    back = store.record_test_run(passing(at()))
    recovered = status_events(store)[-1]
    assert recovered.kind is AlertKind.RECOVERED
    assert recovered.payload["cause"] == {
        "event": "test_run",
        "event_id": back.event_id,
        "source": "manual",
        "run_id": back.run_id,
    }
    assert recovered.payload["problem_since"] == iso(T0 + timedelta(seconds=1))
    assert recovered.payload["problem_seconds"] == 3.0
    assert recovered.created_at == iso(T0 + timedelta(seconds=4))


def test_the_policy_comes_from_the_store_it_is_opened_with(store_url: str) -> None:
    store = Store.open(store_url, create_parent=True, alert_policy=AlertPolicyConfig(1, 2))
    at = Clock()
    try:
        store.record_test_run(passing(at()))
        store.record_test_run(failing(at()))
        assert [e.kind for e in status_events(store)] == [AlertKind.STATUS_CHANGED]
        store.record_test_run(passing(at()))
        assert len(status_events(store)) == 1, "recover_after 2: one green is not enough"
        store.record_test_run(passing(at()))
        assert [e.kind for e in status_events(store)][-1] is AlertKind.RECOVERED
    finally:
        store.close()


def test_flapping_sends_nothing(open_store: Store) -> None:
    store, at = open_store, Clock()
    store.record_test_run(passing(at()))
    for _ in range(4):
        store.record_test_run(failing(at()))
        store.record_test_run(passing(at()))
    assert status_events(store) == []
    state = alert_state(store)
    assert state is not None and state.alerted_status is Status.GREEN
    assert state.candidate_status is None


def test_writes_that_bring_no_evidence_are_no_observation(open_store: Store) -> None:
    store, at = open_store, Clock()
    store.record_test_run(passing(at()))
    opened = store.open_ticket(API, at(), "database down", Severity.CRITICAL)
    assert opened.ticket is not None and opened.health.status is Status.RED
    store.assign_ticket(opened.ticket.ticket_id, at(), "ana")
    store.record_transition(API, at(), "green", "red", "monitor cycle 1 (test)")
    store.set_notes(API, at(), "environment", ["environment: node missing"])
    assert status_events(store) == []
    state = alert_state(store)
    assert state is not None and (state.candidate_status, state.candidate_count) == (Status.RED, 1)
    store.record_probe(API, at(), True, "200 OK")
    assert [e.payload["cause"]["event"] for e in status_events(store)] == ["probe"]


def test_ticket_events_by_hand(open_store: Store) -> None:
    store, at = open_store, Clock()
    opened = store.open_ticket(API, at(), "slow <b>queries</b>", Severity.MEDIUM)
    assert opened.ticket is not None
    ticket_id = opened.ticket.ticket_id
    resolved = store.resolve_ticket(ticket_id, at(), "added an index")
    first, second = outbox(store)
    assert (first.kind, first.idempotency_key) == (
        AlertKind.TICKET_OPENED,
        f"{API}:ticket_opened:{opened.event_id}",
    )
    assert first.payload == {
        "ticket": {
            "id": ticket_id,
            "title": "slow <b>queries</b>",
            "severity": "medium",
            "reopened": False,
        },
        "cause": {"event": "ticket_opened", "event_id": opened.event_id, "source": "manual"},
    }
    assert second.kind is AlertKind.TICKET_RESOLVED
    assert second.idempotency_key == f"{API}:ticket_resolved:{resolved.event_id}"
    assert second.payload["ticket"]["resolution"] == "added an index"
    assert second.payload["cause"]["event"] == "ticket_resolved"


def _case(name: str, outcome: Outcome) -> TestCaseResult:
    return TestCaseResult(name=name, outcome=outcome, classname="m")


def test_ticket_events_from_test_runs(open_store: Store) -> None:
    store, at = open_store, Clock()
    fails = (_case("a", Outcome.FAILED), _case("b", Outcome.PASSED))
    passes = (_case("a", Outcome.PASSED), _case("b", Outcome.PASSED))
    counts_fail, counts_pass = TestCounts(passed=1, failed=1), TestCounts(passed=2)
    run1 = store.record_test_run(RunFact(API, at(), False, counts_fail, fails, source="junit"))
    run2 = store.record_test_run(RunFact(API, at(), True, counts_pass, passes, source="junit"))
    run3 = store.record_test_run(RunFact(API, at(), False, counts_fail, fails, source="junit"))
    tickets = [e for e in outbox(store) if e.kind not in STATUS_KINDS]
    assert [(e.kind, e.payload["ticket"]["reopened"]) for e in tickets] == [
        (AlertKind.TICKET_OPENED, False),
        (AlertKind.TICKET_RESOLVED, False),
        (AlertKind.TICKET_OPENED, True),
    ]
    assert [e.payload["cause"]["run_id"] for e in tickets] == [
        run1.run_id,
        run2.run_id,
        run3.run_id,
    ]
    assert {e.payload["cause"]["source"] for e in tickets} == {"test"}
    assert {e.payload["ticket"]["id"] for e in tickets} == set(run1.tickets_opened)
    assert tickets[0].payload["ticket"]["severity"] == "high"


def test_ticket_events_from_environment_checks(open_store: Store) -> None:
    store, at = open_store, Clock()
    node = Problem("tools/missing_tool/node", "node is missing", "install node", Severity.HIGH)
    seen = Observation(ENVIRONMENT_SOURCE, (node,), None, True, "environment check")
    change = store.record_part_report(API, "environment", at(), "error", {}, [], seen)
    (event,) = outbox(store)
    assert event.kind is AlertKind.TICKET_OPENED
    assert event.payload["ticket"]["title"] == "node is missing"
    assert event.payload["cause"]["source"] == "environment"
    assert event.payload["cause"]["report_id"] == change.report_id


def test_a_write_that_fails_leaves_no_event_and_no_policy_state(open_store: Store) -> None:
    """The outbox row is part of the write: when the write fails after it (here: its key is
    taken), the event, the status and the policy's count are all rolled back."""
    store, at = open_store, Clock()
    store.record_test_run(passing(at()))
    store.record_test_run(failing(at()))
    before = alert_state(store)
    with store.reading() as conn:
        next_event = int(conn.execute(sa.select(sa.func.max(events.c.id))).scalar_one()) + 1
        event_count = conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()
    planted = {
        "idempotency_key": f"{API}:status_changed:{next_event}",
        "kind": "status_changed",
        "component_id": API,
        "created_at": at(),
        "payload": "{}",
    }
    with store.writing() as conn:
        conn.execute(sa.insert(notify_outbox), planted)
    with pytest.raises(StoreError):
        store.record_start(StartFact(API, at(), False))
    with store.reading() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one() == (
            event_count
        )
        rollup = rollups.read(conn, API)
    assert rollup is not None and rollup.start_count == 0
    assert alert_state(store) == before
    assert [e.payload for e in status_events(store)] == [{}], "only the planted row"


def test_an_exception_inside_the_transaction_rolls_the_event_back(open_store: Store) -> None:
    store, at = open_store, Clock()
    store.record_test_run(passing(at()))
    store.record_test_run(failing(at()))
    with pytest.raises(RuntimeError), store.writing() as conn:
        rollup = rollups.lock(conn, API, at())
        policy = AlertPolicyConfig()
        trigger = outbox_repo.Trigger("start", 10_000)
        rollups.save(conn, rollup, None, at(), alert_state_repo.Alerting(policy, trigger))
        assert len(outbox_repo.of_component(conn, API)) == 2, "written inside the transaction"
        raise RuntimeError("the write fails after the event was written")
    assert status_events(store) == []
    state = alert_state(store)
    assert state is not None and state.candidate_count == 1


def test_keys_are_deterministic_and_unique(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The same history recorded into two stores gives the same keys."""

    def history() -> list[str]:
        path = tmp_path_factory.mktemp("store") / "hms-status.db"
        store = Store.open(f"sqlite:///{path}", alert_policy=AlertPolicyConfig(1, 1))
        at = Clock()
        try:
            for red in (False, True, False, True):
                store.record_test_run(failing(at()) if red else passing(at()))
            store.open_ticket(API, at(), "t", Severity.LOW)
            return [e.idempotency_key for e in outbox(store)]
        finally:
            store.close()

    keys = history()
    assert keys == history()
    assert len(keys) == len(set(keys))
    kinds = [key.split(":")[1] for key in keys]
    status = ["status_changed", "recovered", "status_changed"]  # green, red, green, red
    tickets = ["ticket_opened", "ticket_resolved", "ticket_opened"]  # the run's, reopened
    assert sorted(kinds) == sorted([*status, *tickets, "ticket_opened"])  # the last by hand


def test_a_batch_of_starts_is_one_observation_per_component(open_store: Store) -> None:
    store, at = open_store, Clock()
    for component in (API, "HMS-DOC"):
        store.record_test_run(passing(at(), component))
        store.open_ticket(component, at(), "down", Severity.CRITICAL)
    facts = [StartFact(c, at(), True) for c in (API, "HMS-DOC", API, "HMS-DOC", API)]
    store.record_starts(facts)
    with store.reading() as conn:
        ids = {
            cid: max(
                row.id
                for row in conn.execute(
                    sa.select(events.c.id).where(
                        events.c.component_id == cid, events.c.kind == "start"
                    )
                )
            )
            for cid in (API, "HMS-DOC")
        }
    for component in (API, "HMS-DOC"):
        (alert,) = status_events(store, component)
        assert alert.payload["cause"] == {
            "event": "start",
            "event_id": ids[component],
            "source": "start",
        }


def test_pending_events_are_those_no_delivery_took(open_store: Store) -> None:
    store, at = open_store, Clock()
    for n in range(3):
        store.open_ticket(API, at(), f"t{n}", Severity.LOW)
    with store.reading() as conn:
        pending = outbox_repo.pending_events(conn, 10)
        assert [e.payload["ticket"]["title"] for e in pending] == ["t0", "t1", "t2"]
        assert [e.id for e in outbox_repo.pending_events(conn, 2)] == [e.id for e in pending[:2]]
        assert outbox_repo.pending_events(conn, 10, after_id=pending[0].id) == pending[1:]
        assert outbox_repo.by_ids(conn, [pending[2].id, 999_999]) == [pending[2]]
    with store.writing() as conn:
        conn.execute(
            sa.insert(notify_deliveries),
            {"event_id": pending[1].id, "channel": "ops", "state": "sent", "attempts": 1},
        )
    with store.reading() as conn:
        assert outbox_repo.pending_events(conn, 10) == [pending[0], pending[2]]


def test_concurrent_writers_to_one_component_lose_and_repeat_nothing(open_store: Store) -> None:
    """Eight threads open and resolve critical tickets on one component at once (confirm and
    recover after 1): every ticket move is announced exactly once, and the status alerts form
    one unbroken chain from the baseline to the final announced status."""
    store = Store(open_store._engine, AlertPolicyConfig(1, 1))
    at = Clock()
    store.record_test_run(passing(at()))
    start = threading.Barrier(8)

    def writer(n: int) -> None:
        start.wait()
        for i in range(6):
            change = store.open_ticket(API, at(), f"w{n}.{i}", Severity.CRITICAL)
            assert change.ticket is not None
            store.resolve_ticket(change.ticket.ticket_id, at(), "fixed")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(writer, range(8)))
    everything = outbox(store)
    opened = [e for e in everything if e.kind is AlertKind.TICKET_OPENED]
    resolved = [e for e in everything if e.kind is AlertKind.TICKET_RESOLVED]
    assert len(opened) == len(resolved) == 48
    assert len({e.payload["ticket"]["id"] for e in opened}) == 48
    chain = [e for e in everything if e.kind in STATUS_KINDS]
    announced = "green"
    for event in chain:
        assert event.payload["old_status"] == announced != event.payload["new_status"]
        announced = event.payload["new_status"]
    state = alert_state(store)
    assert state is not None and state.alerted_status == Status(announced) == Status.GREEN
    causes = [e.payload["cause"]["event_id"] for e in chain]
    assert len(causes) == len(set(causes)) and len(chain) >= 2


def test_on_sqlite_the_outbox_replays_the_policy_over_the_history(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """SQLite runs writers one at a time, so history order is observation order: replaying the
    pure policy over the recorded statuses gives exactly the outbox's status events."""
    path = tmp_path_factory.mktemp("store") / "hms-status.db"
    store = Store.open(f"sqlite:///{path}", alert_policy=AlertPolicyConfig(2, 1))
    at = Clock()
    try:
        store.record_test_run(passing(at()))
        start = threading.Barrier(4)
        seen: list[tuple[int, Status]] = []
        lock = threading.Lock()

        def writer(n: int) -> None:
            start.wait()
            for i in range(8):
                red = (n + i) % 3 == 0
                change = store.record_test_run(failing(at()) if red else passing(at()))
                with lock:
                    seen.append((change.event_id, change.health.status))

        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(writer, range(4)))
        for red in (True, True, False, False):  # whatever the threads did: two alerts more
            change = store.record_test_run(failing(at()) if red else passing(at()))
            seen.append((change.event_id, change.health.status))
        state = AlertState(alerted_status=Status.GREEN)
        expected = []
        for event_id, status in sorted(seen):
            state, alerts = observe(state, status, T0, AlertPolicyConfig(2, 1))
            expected += [(a.kind, a.old_status.value, a.new_status.value, event_id) for a in alerts]
        got = [
            (
                e.kind,
                e.payload["old_status"],
                e.payload["new_status"],
                e.payload["cause"]["event_id"],
            )
            for e in status_events(store)
        ]
        assert got == expected and len(expected) >= 2
    finally:
        store.close()


def test_an_upgraded_store_announces_nothing_by_itself(store_url: str) -> None:
    """0005 seeds each known status as the announced one: the next red says nothing, green
    recovers with the problem dated from the rollup."""
    engine = make_engine(store_url, create_parent=True)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0004")
        conn.execute(
            sa.text(
                "INSERT INTO rollups (component_id, last_event_id, event_count, start_count, "
                "start_success_count, observations, test_run_count, open_issue_count, "
                "critical_issue_count, notes, status, reasons, metrics, updated_at) VALUES "
                "(:cid, 0, 0, 0, 0, '', 1, 0, 0, '{}', :status, '[]', '{}', :at)"
            ),
            [
                {"cid": API, "status": "red", "at": iso(T0)},
                {"cid": "HMS-NEW", "status": "unknown", "at": iso(T0)},
            ],
        )
    engine.dispose()
    store = Store.open(store_url)
    at = Clock()
    try:
        assert alert_state(store) == AlertState(alerted_status=Status.RED, problem_since=T0)
        assert alert_state(store, "HMS-NEW") is None
        at()
        store.record_test_run(failing(at()))
        assert status_events(store) == []
        store.record_test_run(passing(at()))
        (recovered,) = status_events(store)
        assert recovered.kind is AlertKind.RECOVERED
        assert recovered.payload["problem_since"] == iso(T0)
        assert recovered.payload["problem_seconds"] == 2.0
    finally:
        store.close()


def test_purging_a_component_forgets_its_alerts_and_it_starts_silently_again(
    open_store: Store,
) -> None:
    store, at = open_store, Clock()
    for fact in (passing, failing, failing):
        store.record_test_run(fact(at()))
    (first,) = status_events(store)
    with store.writing() as conn:
        conn.execute(
            sa.insert(notify_deliveries),
            {"event_id": first.id, "channel": "ops", "state": "sent", "attempts": 1},
        )
    store.remove_component(API, purge=True)
    assert outbox(store) == [] and alert_state(store) is None
    with store.reading() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(notify_deliveries)).scalar() == 0
    store.record_test_run(failing(at()))
    assert status_events(store) == [], "a first observation again, whatever its colour"
    for fact in (passing, passing, failing, failing):
        store.record_test_run(fact(at()))
    assert [e.payload["new_status"] for e in status_events(store)] == ["green", "red"]


def test_the_readme_example_timeline(open_store: Store) -> None:
    """The example of "How alerts are decided", step by step."""
    store = open_store

    def stamp(hm: str) -> str:
        return f"2026-11-29T{hm}:00.000000Z"

    def run(hm: str, ok: bool) -> None:
        counts = TestCounts(passed=10) if ok else TestCounts(passed=3, failed=7)
        store.record_test_run(RunFact(API, stamp(hm), ok, counts))

    steps: list[tuple[str, Callable[[], object], list[str]]] = [
        ("09:00", lambda: run("09:00", True), []),
        ("10:00", lambda: run("10:00", False), ["ticket_opened"]),
        ("10:05", lambda: run("10:05", True), ["ticket_resolved"]),
        ("10:10", lambda: run("10:10", False), ["ticket_opened"]),
        (
            "10:20",
            lambda: store.record_start(StartFact(API, stamp("10:20"), True)),
            ["status_changed"],
        ),
        ("10:30", lambda: store.record_probe(API, stamp("10:30"), True, "ok"), []),
        ("11:00", lambda: run("11:00", True), ["ticket_resolved", "recovered"]),
    ]
    seen = 0
    for hm, write, expected in steps:
        write()
        new = outbox(store)[seen:]
        seen += len(new)
        assert [e.kind.value for e in new] == expected, hm
    alert, recovered = status_events(store)
    assert alert.payload["problem_since"] == stamp("10:10") == recovered.payload["problem_since"]
    assert recovered.payload["problem_seconds"] == 50 * 60


def test_the_store_a_root_opens_follows_its_notify_table(tmp_path: Path) -> None:
    """[notify] confirm_after and recover_after reach the store, read through the checked
    model the first time and from the trusted file after (no pydantic)."""
    root = make_root(tmp_path / "hms")
    config = root / "hms-status.toml"
    config.write_text(config.read_text() + "\n[notify]\nconfirm_after = 1\nrecover_after = 3\n")
    first = load_settings(root, {})
    again = load_settings(root, {})
    assert (first.trusted, again.trusted, again.checked) == (False, True, None)
    assert alert_policy(first) == alert_policy(again) == AlertPolicyConfig(1, 3)
    assert alert_policy(load_settings(make_root(tmp_path / "plain"), {})) == AlertPolicyConfig()
    ws = Workspace(again)
    try:
        ws.store.record_test_run(passing(ws.now()))
        ws.store.record_test_run(failing(ws.now()))
        assert [e.kind for e in status_events(ws.store)] == [AlertKind.STATUS_CHANGED]
    finally:
        ws.close()
