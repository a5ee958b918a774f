"""The initial schema: events, test runs and cases, tickets, counters, rollups.

Written out in full (not taken from schema.py) so that this revision never changes when
the schema moves on.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ID = sa.String(100)
_STAMP = sa.String(32)


def _events() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("component_id", _ID, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("occurred_at", _STAMP, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
    )
    op.create_index("ix_events_component", "events", ["component_id", "id"])


def _test_runs() -> None:
    op.create_table(
        "test_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id"), nullable=False),
        sa.Column("component_id", _ID, nullable=False),
        sa.Column("recorded_at", _STAMP, nullable=False),
        sa.Column("succeeded", sa.Boolean, nullable=False),
        *(sa.Column(name, sa.Integer) for name in ("passed", "failed", "errors", "skipped")),
        sa.Column("duration_ms", sa.Integer),
        sa.Column("source", sa.String(64), nullable=False),
    )
    op.create_index("ix_test_runs_component", "test_runs", ["component_id", "id"])
    op.create_table(
        "test_cases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("test_runs.id"), nullable=False),
        sa.Column("test_key", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("time_s", sa.Float, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("flaky", sa.Boolean, nullable=False),
    )
    op.create_index("ix_test_cases_run", "test_cases", ["run_id"])


def _tickets() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.String(120), primary_key=True),
        sa.Column("component_id", _ID, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("test_key", sa.Text),
        sa.Column("assignee", sa.String(200)),
        sa.Column("created_at", _STAMP, nullable=False),
        sa.Column("updated_at", _STAMP, nullable=False),
        sa.Column("resolved_at", _STAMP),
        sa.Column("resolution", sa.Text),
        sa.UniqueConstraint("component_id", "seq", name="uq_tickets_component_seq"),
    )
    op.create_index("ix_tickets_component_state", "tickets", ["component_id", "state"])
    op.create_index("ix_tickets_component_key", "tickets", ["component_id", "test_key"])
    op.create_table(
        "ticket_counters",
        sa.Column("component_id", _ID, primary_key=True),
        sa.Column("last_seq", sa.Integer, nullable=False),
    )


def _rollups() -> None:
    counters = (
        "last_event_id",
        "event_count",
        "start_count",
        "start_success_count",
        "test_run_count",
        "open_issue_count",
        "critical_issue_count",
    )
    op.create_table(
        "rollups",
        sa.Column("component_id", _ID, primary_key=True),
        *(sa.Column(name, sa.Integer, nullable=False) for name in counters),
        sa.Column("observations", sa.String(200), nullable=False),
        sa.Column("last_start", sa.Text),
        sa.Column("last_run", sa.Text),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("metrics", sa.Text, nullable=False),
        sa.Column("updated_at", _STAMP, nullable=False),
    )


def upgrade() -> None:
    """Create every table of the initial schema."""
    _events()
    _test_runs()
    _tickets()
    _rollups()


def downgrade() -> None:
    """Drop every table."""
    for table in ("rollups", "ticket_counters", "tickets", "test_cases", "test_runs", "events"):
        op.drop_table(table)
