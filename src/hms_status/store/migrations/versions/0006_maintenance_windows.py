"""Maintenance windows (``hms-status maintenance add|list|end``).

* ``maintenance_windows``: one row per window: the component, when it starts (inclusive) and
  was planned to end (exclusive), the reason, when it was added, and when it was ended early
  (NULL while it runs to plan). Indexed by component and end (the active window of a
  component is a short range read), and by end (every component's active window at once).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create maintenance_windows and its indexes."""
    op.create_table(
        "maintenance_windows",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("component_id", sa.String(100), nullable=False),
        sa.Column("starts_at", sa.String(32), nullable=False),
        sa.Column("ends_at", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("ended_at", sa.String(32), nullable=True),
    )
    op.create_index(
        "ix_maintenance_windows_component", "maintenance_windows", ["component_id", "ends_at"]
    )
    op.create_index("ix_maintenance_windows_ends", "maintenance_windows", ["ends_at"])


def downgrade() -> None:
    """Drop maintenance_windows."""
    op.drop_index("ix_maintenance_windows_ends", "maintenance_windows")
    op.drop_index("ix_maintenance_windows_component", "maintenance_windows")
    op.drop_table("maintenance_windows")
