"""Registered components, and a subject key for tickets opened by checks and findings.

* ``components``: the set of components a store knows by registration
  (``hms-status component add``), so that a CI runner with only the store's URL can record
  for them and nothing else. Every component that already has recorded data is registered
  here, so the runners that write into an existing store keep working after the upgrade
  (an ID invented by a typo shows up in ``component list`` and goes with
  ``component remove ID --purge``).
* ``tickets.subject``: what an environment or analysis ticket is about within its source
  (e.g. ``tools/missing_tool/node``), as ``test_key`` is for test tickets.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UPGRADE_NOTE = "registered by the upgrade to store schema 0003: it had recorded data"


def upgrade() -> None:
    """Add tickets.subject and its index, create components, register recorded components."""
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("subject", sa.Text, nullable=True))
    op.create_index("ix_tickets_component_source", "tickets", ["component_id", "source", "seq"])
    op.create_table(
        "components",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("registered_at", sa.String(32), nullable=False),
    )
    op.execute(
        sa.text(
            "INSERT INTO components (id, description, registered_at) "
            "SELECT component_id, :note, updated_at FROM rollups"
        ).bindparams(note=UPGRADE_NOTE)
    )


def downgrade() -> None:
    """Drop components and tickets.subject."""
    op.drop_table("components")
    op.drop_index("ix_tickets_component_source", "tickets")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("subject")
