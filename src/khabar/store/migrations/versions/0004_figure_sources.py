"""event_figures.said_by_entity_id, said_by_text, claim: who stated a casualty figure, and whether it is a claim

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 02:00:00

Real reports quote several tolls for one attack: officials say at least four, the group says fifteen. Each figure
now records who stated it and whether it is a party's claim about its own deed; the event's own toll skips claims.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event_figures") as batch_op:
        batch_op.add_column(sa.Column("said_by_entity_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("said_by_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("claim", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_foreign_key(
            batch_op.f("fk_event_figures_said_by_entity_id_entities"),
            "entities",
            ["said_by_entity_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("event_figures") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_event_figures_said_by_entity_id_entities"), type_="foreignkey"
        )
        batch_op.drop_column("claim")
        batch_op.drop_column("said_by_text")
        batch_op.drop_column("said_by_entity_id")
