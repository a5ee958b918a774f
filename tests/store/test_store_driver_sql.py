"""The hot statements on the driver's own cursor (store/driver_sql), on SQLite and PostgreSQL:
the same rows as before, driver errors still turned into one StoreError, batches by COPY."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from hms_status.errors import StoreError
from hms_status.foundation.workspace import Workspace
from hms_status.store import daily_repo, driver_sql, events_repo, maintenance_repo, rollups
from hms_status.store.facts import StartFact
from hms_status.store.schema import daily_aggregates, events

AT = "2026-03-01T10:00:00.000000Z"


def test_a_driver_error_is_one_store_error(workspace: Workspace) -> None:
    store = workspace.store
    sql = "INSERT INTO components (id, description, registered_at) VALUES (?, ?, ?)"
    with store.writing() as conn:
        driver_sql.run(conn, sql, ("HMS-API", "", AT))
    with pytest.raises(StoreError, match="store write failed"), store.writing() as conn:
        driver_sql.run(conn, sql, ("HMS-API", "", AT))  # the primary key again
    with store.reading() as conn:
        assert driver_sql.rows(conn, "SELECT id FROM components", ()) == [("HMS-API",)]


def test_single_writes_leave_the_rows_core_reads(workspace: Workspace) -> None:
    store = workspace.store
    first = store.record_start(StartFact("HMS-API", AT, True, "prod", "1.0"))
    second = store.record_start(StartFact("HMS-API", AT.replace("10:", "11:"), False))
    assert second.event_id == first.event_id + 1
    with store.reading() as conn:
        payloads = [json.loads(r.payload) for r in conn.execute(select(events.c.payload))]
        rollup = rollups.read(conn, "HMS-API")
        day = daily_repo.read(conn, "2026-03-01", "2026-03-01")["HMS-API"]
    assert [p["success"] for p in payloads] == [True, False]
    assert payloads[0]["environment"] == "prod"
    assert rollup is not None and rollup.start_count == 2 and rollup.observations == "10"
    assert rollup.last_event_id == second.event_id and rollup.event_count == 2
    assert (day[0].starts, day[0].starts_ok, day[0].observations_up) == (2, 1, 1)


def test_a_batch_takes_ids_in_order_and_sums_each_day_once(workspace: Workspace) -> None:
    store = workspace.store
    store.record_start(StartFact("HMS-DOC", AT, True))  # IDs of a batch follow earlier ones
    facts = [
        StartFact("HMS-API" if i % 2 else "HMS-DOC", f"2026-03-0{1 + i // 4}T0{i}:00:00Z", i != 3)
        for i in range(8)
    ]
    store.record_starts(facts)
    with store.reading() as conn:
        rows = conn.execute(select(events.c.id, events.c.component_id, events.c.occurred_at))
        listed = [(r.component_id, r.occurred_at) for r in rows.all()[1:]]
        days = conn.execute(
            select(daily_aggregates.c.component_id, daily_aggregates.c.day,
                   daily_aggregates.c.starts, daily_aggregates.c.starts_ok)
            .order_by(daily_aggregates.c.component_id, daily_aggregates.c.day)
        ).all()  # fmt: skip
    assert listed == [(f.component_id, f.at) for f in facts]
    assert [tuple(d) for d in days] == [
        ("HMS-API", "2026-03-01", 2, 1),
        ("HMS-API", "2026-03-02", 2, 2),
        ("HMS-DOC", "2026-03-01", 3, 3),
        ("HMS-DOC", "2026-03-02", 2, 2),
    ]


def test_append_many_returns_the_ids_it_stored(workspace: Workspace) -> None:
    rows = [("HMS-API", "start", AT, json.dumps({"n": i})) for i in range(5)]
    with workspace.store.writing() as conn:
        ids = list(events_repo.append_many(conn, rows))
        found = conn.execute(select(events.c.id, events.c.payload).order_by(events.c.id)).all()
    assert [(r.id, json.loads(r.payload)["n"]) for r in found] == list(
        zip(ids, range(5), strict=True)
    )


def test_the_maintenance_window_in_force_is_found(workspace: Workspace) -> None:
    store = workspace.store
    with store.writing() as conn:
        window = maintenance_repo.add(conn, "HMS-API", AT, "2026-03-01T12:00:00Z", "upgrade", AT)
    change = store.record_start(StartFact("HMS-API", "2026-03-01T11:00:00Z", False))
    with store.reading() as conn:
        payload = json.loads(conn.execute(select(events.c.payload)).scalar_one())
        assert maintenance_repo.active(conn, "HMS-API", "2026-03-01T12:00:00Z") is None
    assert payload["maintenance"] == window.id
    assert change.health.uptime_percentage is None  # a failure in maintenance is not counted
