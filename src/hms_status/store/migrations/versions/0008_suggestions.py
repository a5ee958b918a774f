"""Suggestions (issue 15): which resolved ticket helped, and a model's stored answers.

* ``suggestion_feedback``: ``tracker resolve --used-suggestion`` records which earlier resolved
  ticket helped resolve a ticket; ranking uses it.
* ``suggestion_answers``: an optional language model's rewrite of the retrieved resolutions,
  stored next to the evidence it cites, never instead of it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the two tables and their indexes."""
    op.create_table(
        "suggestion_feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ticket_id", sa.String(120), nullable=False),
        sa.Column("used_ticket_id", sa.String(120), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_suggestion_feedback_used", "suggestion_feedback", ["used_ticket_id"])
    op.create_index("ix_suggestion_feedback_ticket", "suggestion_feedback", ["ticket_id"])
    op.create_table(
        "suggestion_answers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ticket_id", sa.String(120), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("cited", sa.Text, nullable=False, server_default="[]"),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_suggestion_answers_ticket", "suggestion_answers", ["ticket_id", "id"])


def downgrade() -> None:
    """Drop the two tables."""
    op.drop_index("ix_suggestion_answers_ticket", "suggestion_answers")
    op.drop_table("suggestion_answers")
    op.drop_index("ix_suggestion_feedback_ticket", "suggestion_feedback")
    op.drop_index("ix_suggestion_feedback_used", "suggestion_feedback")
    op.drop_table("suggestion_feedback")
