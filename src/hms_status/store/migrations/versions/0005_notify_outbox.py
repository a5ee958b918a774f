"""Notifications: the outbox, the alert policy's state per component, and deliveries.

* ``notify_outbox``: one row per event to announce (status_changed, recovered,
  ticket_opened, ticket_resolved), written in the same transaction as the change that
  caused it, with a unique idempotency key ``<component>:<kind>:<event ID>``.
* ``notify_alert_state``: per component, the status last announced and the candidate
  waiting for confirmation (domain.alert_policy). Every component with a known status is
  seeded with it as the announced one, so upgrading a store announces nothing by itself;
  a yellow or red one's problem is dated from its rollup's last update.
* ``notify_deliveries``: one row per (event, channel) with its state, attempts and the
  time of the next attempt, owned by the sender.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the three tables and seed the alert state from the rollups."""
    op.create_table(
        "notify_outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("component_id", sa.String(100), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.UniqueConstraint("idempotency_key", name="uq_notify_outbox_key"),
    )
    op.create_index("ix_notify_outbox_component", "notify_outbox", ["component_id", "id"])
    op.create_table(
        "notify_alert_state",
        sa.Column("component_id", sa.String(100), primary_key=True),
        sa.Column("alerted_status", sa.String(16), nullable=True),
        sa.Column("candidate_status", sa.String(16), nullable=True),
        sa.Column("candidate_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("candidate_since", sa.String(32), nullable=True),
        sa.Column("problem_since", sa.String(32), nullable=True),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "notify_deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("notify_outbox.id"), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.String(32), nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("sent_at", sa.String(32), nullable=True),
        sa.UniqueConstraint("event_id", "channel", name="uq_notify_deliveries_event_channel"),
    )
    op.create_index("ix_notify_deliveries_state", "notify_deliveries", ["state", "next_attempt_at"])
    op.execute(
        sa.text(
            "INSERT INTO notify_alert_state (component_id, alerted_status, candidate_count, "
            "problem_since, updated_at) SELECT component_id, status, 0, CASE WHEN status IN "
            "('yellow', 'red') THEN updated_at END, updated_at FROM rollups "
            "WHERE status IN ('green', 'yellow', 'red')"
        )
    )


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("notify_deliveries")
    op.drop_table("notify_alert_state")
    op.drop_index("ix_notify_outbox_component", "notify_outbox")
    op.drop_table("notify_outbox")
