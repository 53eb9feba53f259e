"""audit and curation_keys; events, entities and event_figures say which curations shaped them

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 18:00:00

Analysts merge, split, reject and correct; each change is an ``audit`` entry (who, when, why, before, after),
reversible, and keyed on stable keys (document, sentence, type; names) in ``curation_keys`` so that it holds when
the facts are re-extracted or re-resolved.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_COLUMNS: list[tuple[str, sa.Column[Any]]] = [
    ("events", sa.Column("curated", sa.Text(), nullable=True)),
    ("entities", sa.Column("curated", sa.Text(), nullable=True)),
    ("event_figures", sa.Column("curated", sa.Integer(), nullable=True)),
]


def upgrade() -> None:
    for table, column in _COLUMNS:
        op.add_column(table, column)
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("undo_of", sa.Integer(), nullable=True),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
    )
    op.create_table(
        "curation_keys",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["audit.id"], name=op.f("fk_curation_keys_audit_id_audit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("key", "audit_id", name=op.f("pk_curation_keys")),
    )
    op.create_index("ix_curation_keys_audit", "curation_keys", ["audit_id"])


def downgrade() -> None:
    op.drop_index("ix_curation_keys_audit", table_name="curation_keys")
    op.drop_table("curation_keys")
    op.drop_table("audit")
    for table, column in reversed(_COLUMNS):
        op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN {column.name}"))
