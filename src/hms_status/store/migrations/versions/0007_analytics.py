"""Analytics (issue 13): test runs' commits, quarantined tests, status history, daily aggregates.

* ``test_runs.commit_sha``: the commit a run tested, when the reporter said (a test that both
  passed and failed on one commit is flaky).
* ``quarantines``: quarantined tests, active while ``ended_at`` is NULL.
* ``status_history``: every change of a component's status, written with the change; seeded
  here with each component's current status at its rollup's last update.
* ``daily_aggregates``: per component and UTC day, the counts its starts, probes and test runs
  add up to; kept after the retention rollup deletes old raw events.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_COUNTS = (
    "observations",
    "observations_up",
    "starts",
    "starts_ok",
    "test_runs",
    "test_runs_ok",
    "cases_passed",
    "cases_failed",
    "cases_skipped",
    "test_duration_ms",
)


def upgrade() -> None:
    """Add the column and the three tables; seed status_history from the rollups."""
    with op.batch_alter_table("test_runs") as batch:
        batch.add_column(sa.Column("commit_sha", sa.String(64), nullable=True))
    op.create_table(
        "quarantines",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("component_id", sa.String(100), nullable=False),
        sa.Column("test_key", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(16), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("ended_at", sa.String(32), nullable=True),
        sa.Column("end_reason", sa.Text, nullable=True),
    )
    op.create_index("ix_quarantines_component", "quarantines", ["component_id", "ended_at"])
    op.create_table(
        "status_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("component_id", sa.String(100), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("previous", sa.String(16), nullable=True),
        sa.Column("event_id", sa.Integer, nullable=True),
    )
    op.create_index("ix_status_history_component", "status_history", ["component_id", "at"])
    op.create_table(
        "daily_aggregates",
        sa.Column("component_id", sa.String(100), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        *(sa.Column(name, sa.Integer, nullable=False, server_default="0") for name in _COUNTS),
    )
    op.create_index("ix_daily_aggregates_day", "daily_aggregates", ["day"])
    op.execute(
        "INSERT INTO status_history (component_id, at, status, previous, event_id) "
        "SELECT component_id, updated_at, status, NULL, NULL FROM rollups "
        "WHERE status <> 'unknown'"
    )


def downgrade() -> None:
    """Drop the three tables and the column."""
    op.drop_index("ix_daily_aggregates_day", "daily_aggregates")
    op.drop_table("daily_aggregates")
    op.drop_index("ix_status_history_component", "status_history")
    op.drop_table("status_history")
    op.drop_index("ix_quarantines_component", "quarantines")
    op.drop_table("quarantines")
    with op.batch_alter_table("test_runs") as batch:
        batch.drop_column("commit_sha")
