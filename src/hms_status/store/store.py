"""The Store: the only code that writes the database. Each event and its rollup in one transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from hms_status.domain.alert_policy import AlertPolicyConfig
from hms_status.domain.check_tickets import Observation
from hms_status.domain.enums import EventKind, Severity, TicketState
from hms_status.domain.health import Health
from hms_status.domain.ids import parse_ticket_id
from hms_status.domain.maintenance import MaintenanceWindow, counts_toward_uptime
from hms_status.errors import StoreError
from hms_status.store import (
    check_tickets_repo,
    components_repo,
    daily_repo,
    events_repo,
    json_columns,
    maintenance_repo,
    quarantine_repo,
    quarantine_writes,
    rollups,
    runs_repo,
    suggestion_queries,
    ticket_alerts,
    tickets_repo,
)
from hms_status.store.alert_state_repo import Alerting
from hms_status.store.components_repo import Registration, Removal
from hms_status.store.engine import ensure_schema, make_engine, reason_of
from hms_status.store.facts import Change, PartChange, RunFact, StartFact
from hms_status.store.outbox_repo import Trigger
from hms_status.store.schema import part_reports
from hms_status.store.ticket_alerts import TicketMove

MANUAL = "manual"
"""The source of tickets opened and resolved by hand."""


class Store:
    """One store API over SQLite (default) or PostgreSQL."""

    def __init__(self, engine: Engine, alert_policy: AlertPolicyConfig | None = None) -> None:
        self._engine = engine
        self._alert_policy = alert_policy or AlertPolicyConfig()

    @classmethod
    def open(
        cls,
        url: str,
        lock_path: Path | None = None,
        synchronous: str = "FULL",
        create_parent: bool = False,
        alert_policy: AlertPolicyConfig | None = None,
    ) -> Store:
        """Open (and migrate when needed) the store at url; alert_policy decides which status
        changes its writes put into the notification outbox (default: [notify]'s defaults)."""
        engine = make_engine(url, synchronous, create_parent)
        ensure_schema(engine, lock_path)
        return cls(engine, alert_policy)

    def close(self) -> None:
        """Release pooled connections."""
        self._engine.dispose()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only transaction."""
        try:
            with self._engine.connect().execution_options(read_only=True) as conn:
                yield conn
        except OperationalError as exc:
            raise StoreError(f"store read failed: {reason_of(exc)}") from None

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction: committed on success, rolled back on any error."""
        try:
            with self._engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            raise StoreError(
                f"store write failed: {reason_of(exc)}", "retry; is the store locked?"
            ) from None
        except SQLAlchemyError as exc:
            raise StoreError(f"store write failed: {reason_of(exc)}") from None

    def _alerting(self, event: EventKind, event_id: int, **origin: Any) -> Alerting:
        """The alert policy and the cause of one observation (a write that appended event_id)."""
        return Alerting(self._alert_policy, Trigger(event.value, event_id, **origin))

    @staticmethod
    def _event(
        conn: Connection, component_id: str, kind: EventKind, at: str, payload: dict[str, Any]
    ) -> int:
        return events_repo.append(conn, component_id, kind, at, payload)

    def record_start(self, fact: StartFact) -> Change:
        """Append a start and update the component's uptime window and status."""
        with self.writing() as conn:
            return self._start(conn, fact)

    def record_starts(self, facts: Sequence[StartFact]) -> list[Health]:
        """Append many starts in one transaction: one multi-row insert, one rollup update per component."""
        if not facts:
            return []
        with self.writing() as conn:
            windows = maintenance_repo.covering_each(conn, [(f.component_id, f.at) for f in facts])
            rows = [
                (f.component_id, EventKind.START.value, f.at,
                 json_columns.dumps(_marked(self._start_payload(f), window)))
                for f, window in zip(facts, windows, strict=True)
            ]  # fmt: skip
            inserted = events_repo.append_many(conn, rows)
            daily_repo.add(conn, map(daily_repo.start, facts, [w is not None for w in windows]))
            last_ids: dict[str, int] = {}  # each component's last start: its observation
            for fact, event_id in zip(facts, inserted, strict=True):
                last_ids[fact.component_id] = event_id
            by_component: dict[str, list[tuple[StartFact, MaintenanceWindow | None]]] = {}
            for fact, window in zip(facts, windows, strict=True):
                by_component.setdefault(fact.component_id, []).append((fact, window))
            locked = rollups.lock_many(conn, list(by_component), facts[-1].at)
            changed: list[tuple[rollups.Rollup, int, Alerting | None]] = []
            for component_id, group in by_component.items():
                rollup = locked[component_id]
                for fact, window in group:
                    rollup.start_count += 1
                    rollup.start_success_count += int(fact.success)
                    if counts_toward_uptime(fact.success, window is not None):
                        rollup.observe(fact.success)
                rollup.last_start = _marked(self._start_payload(group[-1][0]), group[-1][1])
                rollup.event_count += len(group) - 1
                last_id = last_ids[component_id]
                changed.append((rollup, last_id, self._alerting(EventKind.START, last_id)))
            return rollups.save_many(conn, changed, facts[-1].at)

    @staticmethod
    def _start_payload(fact: StartFact) -> dict[str, Any]:
        return {
            "timestamp": fact.at,
            "success": fact.success,
            "environment": fact.environment,
            "version": fact.version,
            "duration_ms": fact.duration_ms,
            "message": fact.message,
        }

    def _start(self, conn: Connection, fact: StartFact) -> Change:
        window = maintenance_repo.active(conn, fact.component_id, fact.at)
        payload = _marked(self._start_payload(fact), window)
        event_id = self._event(conn, fact.component_id, EventKind.START, fact.at, payload)
        rollup = rollups.lock(conn, fact.component_id, fact.at)
        rollup.start_count += 1
        rollup.start_success_count += int(fact.success)
        if counts_toward_uptime(fact.success, window is not None):
            rollup.observe(fact.success)
        rollup.last_start = payload
        daily_repo.add(conn, [daily_repo.start(fact, window is not None)])
        alerting = self._alerting(EventKind.START, event_id)
        health = rollups.save(conn, rollup, event_id, fact.at, alerting)
        return Change(fact.component_id, event_id, health)

    def record_probe(self, component_id: str, at: str, success: bool, detail: str) -> Change:
        """Append a health-probe result; it counts towards uptime like a start."""
        with self.writing() as conn:
            window = maintenance_repo.active(conn, component_id, at)
            payload = _marked({"timestamp": at, "success": success, "detail": detail}, window)
            event_id = self._event(conn, component_id, EventKind.PROBE, at, payload)
            rollup = rollups.lock(conn, component_id, at)
            if counts_toward_uptime(success, window is not None):
                rollup.observe(success)
            daily_repo.add(conn, [daily_repo.probe(component_id, at, success, window is not None)])
            alerting = self._alerting(EventKind.PROBE, event_id)
            health = rollups.save(conn, rollup, event_id, at, alerting)
            return Change(component_id, event_id, health)

    def record_transition(
        self, component_id: str, at: str, before: str, after: str, cause: str
    ) -> Change:
        """Append a status change seen by the monitor or a run (not an observation for the
        alert policy: the write that changed the status was one)."""
        with self.writing() as conn:
            payload = {"from": before, "to": after, "cause": cause}
            event_id = self._event(conn, component_id, EventKind.STATUS_CHANGE, at, payload)
            rollup = rollups.lock(conn, component_id, at)
            return Change(component_id, event_id, rollups.save(conn, rollup, event_id, at))

    def record_test_run(self, fact: RunFact) -> Change:
        """Append a test run with its cases, and open, reopen or resolve its tickets."""
        with self.writing() as conn:
            counts = fact.counts
            payload = {
                "success": fact.succeeded,
                "source": fact.source,
                "duration_ms": fact.duration_ms,
                "counts": None if counts is None else counts.__dict__,
            }
            event_id = self._event(conn, fact.component_id, EventKind.TEST_RUN, fact.at, payload)
            run_id = runs_repo.insert_run(conn, event_id, fact)
            daily_repo.add(conn, [daily_repo.test_run(fact)])
            rollup = rollups.lock(conn, fact.component_id, fact.at)
            changes = runs_repo.apply_run_tickets(conn, fact, run_id)
            opened, reopened, resolved = changes.opened, changes.reopened, changes.resolved
            rollup.open_issue_count += len(opened) + len(reopened) - len(resolved)
            rollup.test_run_count += 1
            rollup.last_run = {"run_id": run_id, **payload, "timestamp": fact.at}
            quarantine_repo.recount(conn, rollup)  # the pass rate leaves quarantined tests out
            rollup.event_count += len(changes.events)  # save() counts the run's own event
            alerting = self._alerting(
                EventKind.TEST_RUN, event_id, source=fact.source, run_id=run_id
            )
            last_event = max((event_id, *changes.events))
            health = rollups.save(conn, rollup, last_event, fact.at, alerting)
            return Change(
                fact.component_id,
                event_id,
                health,
                run_id,
                opened,
                reopened,
                resolved,
                tickets_updated=changes.updated,
            )

    def quarantine_test(
        self, component_id: str, test_key: str, reason: str, at: str, by: str = MANUAL
    ) -> Change:
        """Quarantine a test: its open ticket resolves and the pass rate is recounted at once."""
        with self.writing() as conn:
            rollup = rollups.lock(conn, component_id, at)  # the rollup first, as every writer
            return quarantine_writes.quarantine(conn, rollup, test_key, reason, by, at)

    def release_test(self, component_id: str, test_key: str, reason: str, at: str) -> Change:
        """End a test's quarantine; the pass rate is recounted at once."""
        with self.writing() as conn:
            rollup = rollups.lock(conn, component_id, at)  # the rollup first, as every writer
            return quarantine_writes.release(conn, rollup, test_key, reason, at)

    def open_ticket(
        self, component_id: str, at: str, title: str, severity: Severity, description: str = ""
    ) -> Change:
        """File a work ticket by hand."""
        with self.writing() as conn:
            rollup = rollups.lock(conn, component_id, at)  # the rollup first, as every writer
            row = tickets_repo.create(conn, component_id, at, title, severity, description)
            payload = {"ticket_id": row.ticket_id, "title": title, "severity": severity.value}
            event_id = self._event(conn, component_id, EventKind.TICKET_OPENED, at, payload)
            rollup.open_issue_count += 1
            opened = TicketMove(EventKind.TICKET_OPENED, row.ticket_id, event_id)
            ticket_alerts.add(conn, component_id, at, [opened], source=MANUAL)
            alerting = self._alerting(EventKind.TICKET_OPENED, event_id, source=MANUAL)
            health = rollups.save(conn, rollup, event_id, at, alerting)
            return Change(component_id, event_id, health, ticket=row)

    def resolve_ticket(
        self, ticket: str, at: str, resolution: str, used: Sequence[str] = ()
    ) -> Change:
        """Resolve an open ticket with a resolution text; used: the resolved tickets whose
        suggestion helped (recorded as feedback in the same transaction)."""
        with self.writing() as conn:
            rollup = rollups.lock(conn, parse_ticket_id(ticket)[0], at)  # rollup, then tickets
            row = tickets_repo.get(conn, ticket, for_update=True)
            suggestion_queries.check_used(conn, ticket, used)
            row = tickets_repo.set_state(conn, row, TicketState.RESOLVED, at, resolution)
            suggestion_queries.record_used(conn, ticket, used, at)
            payload = {"ticket_id": ticket, "resolution": resolution}
            event_id = self._event(conn, row.component_id, EventKind.TICKET_RESOLVED, at, payload)
            rollup.open_issue_count = max(0, rollup.open_issue_count - 1)
            resolved = TicketMove(EventKind.TICKET_RESOLVED, ticket, event_id, resolution)
            ticket_alerts.add(conn, row.component_id, at, [resolved], source=MANUAL)
            alerting = self._alerting(EventKind.TICKET_RESOLVED, event_id, source=MANUAL)
            health = rollups.save(conn, rollup, event_id, at, alerting)
            return Change(row.component_id, event_id, health, ticket=row)

    def assign_ticket(self, ticket: str, at: str, assignee: str) -> Change:
        """Record who works on a ticket."""
        with self.writing() as conn:
            rollup = rollups.lock(conn, parse_ticket_id(ticket)[0], at)  # rollup, then tickets
            row = tickets_repo.assign(
                conn, tickets_repo.get(conn, ticket, for_update=True), assignee, at
            )
            payload = {"ticket_id": ticket, "assignee": assignee}
            event_id = self._event(conn, row.component_id, EventKind.TICKET_ASSIGNED, at, payload)
            health = rollups.save(conn, rollup, event_id, at)
            return Change(row.component_id, event_id, health, ticket=row)

    def record_part_report(
        self,
        component_id: str,
        part: str,
        at: str,
        outcome: str,
        data: dict[str, Any],
        notes: Sequence[str] | None,
        tickets: Observation | None = None,
    ) -> PartChange:
        """Keep a part's result, set the reasons it adds to the status (unless notes is None),
        and apply the ticket rules to what its checks or findings saw (unless tickets is None),
        all in one transaction."""
        with self.writing() as conn:
            stmt = insert(part_reports).values(
                component_id=component_id,
                part=part,
                recorded_at=at,
                outcome=outcome,
                data=json_columns.dumps(data),
            )
            report_id = int(conn.execute(stmt.returning(part_reports.c.id)).scalar_one())
            if tickets is None:
                health = (
                    None if notes is None else self._set_notes(conn, component_id, at, part, notes)
                )
                return PartChange(component_id, report_id, health)
            return check_tickets_repo.record(
                conn, component_id, part, at, report_id, notes, tickets, self._alert_policy
            )

    def registration(self, component_id: str) -> Registration | None:
        """The component's registration in this store, or None."""
        with self.reading() as conn:
            return components_repo.get(conn, component_id)

    def registered_components(self) -> tuple[list[Registration], set[str]]:
        """Every registered component, and every component ID the store holds records of."""
        with self.reading() as conn:
            return components_repo.every(conn), components_repo.with_data(conn)

    def register_component(
        self, component_id: str, description: str | None, at: str
    ) -> tuple[Registration, bool]:
        """Register a component (idempotent; a description given replaces the old one)."""
        with self.writing() as conn:
            return components_repo.register(conn, component_id, description, at)

    def remove_component(self, component_id: str, purge: bool) -> Removal:
        """Unregister a component, keeping its records; with purge, delete them as well."""
        with self.writing() as conn:
            return components_repo.remove(conn, component_id, purge)

    def set_notes(self, component_id: str, at: str, source: str, notes: Sequence[str]) -> Health:
        """Replace the status reasons one part (environment, analysis) contributes."""
        with self.writing() as conn:
            return self._set_notes(conn, component_id, at, source, notes)

    @staticmethod
    def _set_notes(
        conn: Connection, component_id: str, at: str, source: str, notes: Sequence[str]
    ) -> Health:
        rollup = rollups.lock(conn, component_id, at)
        if rollup.notes.get(source, []) == list(notes):
            return rollups.health_of(rollup, rollups.open_issues(conn, component_id))
        rollup.notes[source] = list(notes)
        return rollups.save(conn, rollup, None, at)


def _marked(payload: dict[str, Any], window: MaintenanceWindow | None) -> dict[str, Any]:
    """A start's or probe's payload, marked with the maintenance window it fell in."""
    return payload if window is None else {**payload, "maintenance": window.id}
