"""The Store: the only code that writes the database. Each event and its rollup in one transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from hms_status.domain.check_tickets import Observation
from hms_status.domain.enums import EventKind, Severity, TicketState
from hms_status.domain.health import Health
from hms_status.domain.ids import parse_ticket_id
from hms_status.errors import StoreError
from hms_status.store import (
    check_tickets_repo,
    components_repo,
    events_repo,
    json_columns,
    rollups,
    runs_repo,
    tickets_repo,
)
from hms_status.store.components_repo import Registration, Removal
from hms_status.store.engine import ensure_schema, make_engine, reason_of
from hms_status.store.facts import Change, PartChange, RunFact, StartFact
from hms_status.store.schema import events, part_reports


class Store:
    """One store API over SQLite (default) or PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @classmethod
    def open(
        cls,
        url: str,
        lock_path: Path | None = None,
        synchronous: str = "FULL",
        create_parent: bool = False,
    ) -> Store:
        """Open (and migrate when needed) the store at url."""
        engine = make_engine(url, synchronous, create_parent)
        ensure_schema(engine, lock_path)
        return cls(engine)

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
        rows = [
            {
                "component_id": f.component_id,
                "kind": EventKind.START.value,
                "occurred_at": f.at,
                "payload": json_columns.dumps(self._start_payload(f)),
            }
            for f in facts
        ]
        with self.writing() as conn:
            conn.execute(insert(events), rows)
            last_id = int(conn.execute(select(func.max(events.c.id))).scalar_one())
            by_component: dict[str, list[StartFact]] = {}
            for fact in facts:
                by_component.setdefault(fact.component_id, []).append(fact)
            locked = rollups.lock_many(conn, list(by_component), facts[-1].at)
            changed = []
            for component_id, group in by_component.items():
                rollup = locked[component_id]
                for fact in group:
                    rollup.start_count += 1
                    rollup.start_success_count += int(fact.success)
                    rollup.observe(fact.success)
                rollup.last_start = self._start_payload(group[-1])
                rollup.event_count += len(group) - 1
                changed.append((rollup, last_id))
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
        payload = self._start_payload(fact)
        event_id = self._event(conn, fact.component_id, EventKind.START, fact.at, payload)
        rollup = rollups.lock(conn, fact.component_id, fact.at)
        rollup.start_count += 1
        rollup.start_success_count += int(fact.success)
        rollup.observe(fact.success)
        rollup.last_start = payload
        return Change(fact.component_id, event_id, rollups.save(conn, rollup, event_id, fact.at))

    def record_probe(self, component_id: str, at: str, success: bool, detail: str) -> Change:
        """Append a health-probe result; it counts towards uptime like a start."""
        with self.writing() as conn:
            payload = {"timestamp": at, "success": success, "detail": detail}
            event_id = self._event(conn, component_id, EventKind.PROBE, at, payload)
            rollup = rollups.lock(conn, component_id, at)
            rollup.observe(success)
            return Change(component_id, event_id, rollups.save(conn, rollup, event_id, at))

    def record_transition(
        self, component_id: str, at: str, before: str, after: str, cause: str
    ) -> Change:
        """Append a status change seen by the monitor or a run."""
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
            rollup = rollups.lock(conn, fact.component_id, fact.at)
            changes = runs_repo.apply_run_tickets(conn, fact, run_id)
            opened, reopened, resolved = changes.opened, changes.reopened, changes.resolved
            rollup.open_issue_count += len(opened) + len(reopened) - len(resolved)
            rollup.test_run_count += 1
            rollup.last_run = {"run_id": run_id, **payload, "timestamp": fact.at}
            rollup.event_count += len(changes.events)  # save() counts the run's own event
            health = rollups.save(conn, rollup, max((event_id, *changes.events)), fact.at)
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
            return Change(
                component_id, event_id, rollups.save(conn, rollup, event_id, at), ticket=row
            )

    def resolve_ticket(self, ticket: str, at: str, resolution: str) -> Change:
        """Resolve an open ticket with a resolution text."""
        with self.writing() as conn:
            rollup = rollups.lock(conn, parse_ticket_id(ticket)[0], at)  # rollup, then tickets
            row = tickets_repo.get(conn, ticket, for_update=True)
            row = tickets_repo.set_state(conn, row, TicketState.RESOLVED, at, resolution)
            payload = {"ticket_id": ticket, "resolution": resolution}
            event_id = self._event(conn, row.component_id, EventKind.TICKET_RESOLVED, at, payload)
            rollup.open_issue_count = max(0, rollup.open_issue_count - 1)
            health = rollups.save(conn, rollup, event_id, at)
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
                conn, component_id, part, at, report_id, notes, tickets
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
