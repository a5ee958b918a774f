"""Part reports: every analysis and environment check kept, for trends.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create part_reports."""
    op.create_table(
        "part_reports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("component_id", sa.String(100), nullable=False),
        sa.Column("part", sa.String(32), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_part_reports_component", "part_reports", ["component_id", "part", "id"])


def downgrade() -> None:
    """Drop part_reports."""
    op.drop_table("part_reports")
