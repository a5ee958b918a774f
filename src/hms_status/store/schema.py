"""The store's tables (SQLAlchemy Core). Timestamps are fixed-width ISO 8601 UTC text."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData()

ID = String(100)
STAMP = String(32)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("component_id", ID, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("occurred_at", STAMP, nullable=False),
    Column("payload", Text, nullable=False, default="{}"),
    Index("ix_events_component", "component_id", "id"),
)

test_runs = Table(
    "test_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Integer, ForeignKey("events.id"), nullable=False),
    Column("component_id", ID, nullable=False),
    Column("recorded_at", STAMP, nullable=False),
    Column("succeeded", Boolean, nullable=False),
    Column("passed", Integer),
    Column("failed", Integer),
    Column("errors", Integer),
    Column("skipped", Integer),
    Column("duration_ms", Integer),
    Column("source", String(64), nullable=False, default="manual"),
    Column("commit_sha", String(64)),
    Index("ix_test_runs_component", "component_id", "id"),
)

test_cases = Table(
    "test_cases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("test_runs.id"), nullable=False),
    Column("test_key", Text, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("time_s", Float, nullable=False, default=0.0),
    Column("message", Text, nullable=False, default=""),
    Column("flaky", Boolean, nullable=False, default=False),
    Index("ix_test_cases_run", "run_id"),
)

tickets = Table(
    "tickets",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("component_id", ID, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("severity", String(16), nullable=False),
    Column("state", String(16), nullable=False),
    Column("source", String(16), nullable=False),
    Column("test_key", Text),
    Column("subject", Text),
    Column("assignee", String(200)),
    Column("created_at", STAMP, nullable=False),
    Column("updated_at", STAMP, nullable=False),
    Column("resolved_at", STAMP),
    Column("resolution", Text),
    UniqueConstraint("component_id", "seq", name="uq_tickets_component_seq"),
    Index("ix_tickets_component_state", "component_id", "state"),
    Index("ix_tickets_component_key", "component_id", "test_key"),
    Index("ix_tickets_component_source", "component_id", "source", "seq"),
)

ticket_counters = Table(
    "ticket_counters",
    metadata,
    Column("component_id", ID, primary_key=True),
    Column("last_seq", Integer, nullable=False),
)

rollups = Table(
    "rollups",
    metadata,
    Column("component_id", ID, primary_key=True),
    Column("last_event_id", Integer, nullable=False, default=0),
    Column("event_count", Integer, nullable=False, default=0),
    Column("start_count", Integer, nullable=False, default=0),
    Column("start_success_count", Integer, nullable=False, default=0),
    Column("observations", String(200), nullable=False, default=""),
    Column("last_start", Text),
    Column("last_run", Text),
    Column("test_run_count", Integer, nullable=False, default=0),
    Column("open_issue_count", Integer, nullable=False, default=0),
    Column("critical_issue_count", Integer, nullable=False, default=0),
    Column("notes", Text, nullable=False, default="{}"),
    Column("status", String(16), nullable=False, default="unknown"),
    Column("reasons", Text, nullable=False, default="[]"),
    Column("metrics", Text, nullable=False, default="{}"),
    Column("updated_at", STAMP, nullable=False),
)

part_reports = Table(
    "part_reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("component_id", ID, nullable=False),
    Column("part", String(32), nullable=False),
    Column("recorded_at", STAMP, nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("data", Text, nullable=False),
    Index("ix_part_reports_component", "component_id", "part", "id"),
)

components = Table(
    "components",
    metadata,
    Column("id", ID, primary_key=True),
    Column("description", Text, nullable=False, server_default=""),
    Column("registered_at", STAMP, nullable=False),
)
"""The components registered in this store (``hms-status component add``)."""

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False),
    Column("token_hash", String(64), nullable=False),
    Column("scope", String(16), nullable=False),
    Column("components", Text, nullable=False, server_default=""),
    Column("created_at", STAMP, nullable=False),
    Column("last_used_at", STAMP),
    Column("revoked_at", STAMP),
    UniqueConstraint("token_hash", name="uq_api_tokens_hash"),
    Index(
        "uq_api_tokens_active_name",
        "name",
        unique=True,
        sqlite_where=text("revoked_at IS NULL"),
        postgresql_where=text("revoked_at IS NULL"),
    ),
)
"""API tokens for the web service: only a SHA-256 hash of each secret, never the secret.
components is a comma-separated list of the component IDs a write token may write ('' = all);
one active token per name (a revoked token's name may be reused)."""

maintenance_windows = Table(
    "maintenance_windows",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("component_id", ID, nullable=False),
    Column("starts_at", STAMP, nullable=False),
    Column("ends_at", STAMP, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", STAMP, nullable=False),
    Column("ended_at", STAMP),
    Index("ix_maintenance_windows_component", "component_id", "ends_at"),
    Index("ix_maintenance_windows_ends", "ends_at"),
)
"""Maintenance windows (``hms-status maintenance add|list|end``): a component is in
maintenance from starts_at (inclusive) to ends_at, or to ended_at when ended early (exclusive)."""

notify_outbox = Table(
    "notify_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("idempotency_key", String(200), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("component_id", ID, nullable=False),
    Column("created_at", STAMP, nullable=False),
    Column("payload", Text, nullable=False),
    UniqueConstraint("idempotency_key", name="uq_notify_outbox_key"),
    Index("ix_notify_outbox_component", "component_id", "id"),
)
"""Notification events, written in the same transaction as the change that caused them
(store.outbox_repo); idempotency_key is "<component>:<kind>:<event ID>"."""

notify_alert_state = Table(
    "notify_alert_state",
    metadata,
    Column("component_id", ID, primary_key=True),
    Column("alerted_status", String(16)),
    Column("candidate_status", String(16)),
    Column("candidate_count", Integer, nullable=False, server_default="0"),
    Column("candidate_since", STAMP),
    Column("problem_since", STAMP),
    Column("updated_at", STAMP, nullable=False),
)
"""Where each component stands in the alert policy (domain.alert_policy.AlertState)."""

notify_deliveries = Table(
    "notify_deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Integer, ForeignKey("notify_outbox.id"), nullable=False),
    Column("channel", String(64), nullable=False),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", STAMP),
    Column("last_error", Text),
    Column("sent_at", STAMP),
    UniqueConstraint("event_id", "channel", name="uq_notify_deliveries_event_channel"),
    Index("ix_notify_deliveries_state", "state", "next_attempt_at"),
)
"""One row per (outbox event, channel): pending, sent, held, failed, suppressed or grouped."""

quarantines = Table(
    "quarantines",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("component_id", ID, nullable=False),
    Column("test_key", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_by", String(16), nullable=False),
    Column("created_at", STAMP, nullable=False),
    Column("ended_at", STAMP),
    Column("end_reason", Text),
    Index("ix_quarantines_component", "component_id", "ended_at"),
)
"""Quarantined tests (``hms-status tracker quarantine|unquarantine``): a quarantined test still
runs and is stored but does not count in the pass rate and opens no ticket. created_by is
"manual" or "auto" (flaky detection); active while ended_at is NULL."""

status_history = Table(
    "status_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("component_id", ID, nullable=False),
    Column("at", STAMP, nullable=False),
    Column("status", String(16), nullable=False),
    Column("previous", String(16)),
    Column("event_id", Integer),
    Index("ix_status_history_component", "component_id", "at"),
)
"""Every change of a component's derived status, written in the transaction that changed it
(store.rollups.save): the source of time in status, incidents, MTTR and MTBF."""

daily_aggregates = Table(
    "daily_aggregates",
    metadata,
    Column("component_id", ID, primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("observations", Integer, nullable=False, server_default="0"),
    Column("observations_up", Integer, nullable=False, server_default="0"),
    Column("starts", Integer, nullable=False, server_default="0"),
    Column("starts_ok", Integer, nullable=False, server_default="0"),
    Column("test_runs", Integer, nullable=False, server_default="0"),
    Column("test_runs_ok", Integer, nullable=False, server_default="0"),
    Column("cases_passed", Integer, nullable=False, server_default="0"),
    Column("cases_failed", Integer, nullable=False, server_default="0"),
    Column("cases_skipped", Integer, nullable=False, server_default="0"),
    Column("test_duration_ms", Integer, nullable=False, server_default="0"),
    Index("ix_daily_aggregates_day", "day"),
)
"""One row per component and UTC day: what its starts, probes and test runs of that day add
up to. Kept current with each event, and the only record left of days whose raw events the
retention rollup (``hms-status store compact``) has deleted."""

suggestion_feedback = Table(
    "suggestion_feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_id", String(120), nullable=False),
    Column("used_ticket_id", String(120), nullable=False),
    Column("recorded_at", STAMP, nullable=False),
    Index("ix_suggestion_feedback_used", "used_ticket_id"),
    Index("ix_suggestion_feedback_ticket", "ticket_id"),
)
"""Which earlier resolved ticket helped resolve a ticket (``tracker resolve --used-suggestion``);
the ranking boosts tickets that helped before."""

suggestion_answers = Table(
    "suggestion_answers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_id", String(120), nullable=False),
    Column("model", String(200), nullable=False),
    Column("answer", Text, nullable=False),
    Column("cited", Text, nullable=False, server_default="[]"),
    Column("created_at", STAMP, nullable=False),
    Index("ix_suggestion_answers_ticket", "ticket_id", "id"),
)
"""A language model's rewrite of the retrieved resolutions for a ticket, kept next to the
evidence (cited: a JSON list of the ticket IDs it was given)."""
