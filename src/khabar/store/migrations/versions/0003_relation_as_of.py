"""relations.as_of: the date on which a report says a relation held

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 20:50:00

"Currently, X is the emir of Y" gives no start and no end, but it says the leadership held on the day of the
report; dossiers show it as current as of that day.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("relations") as batch_op:
        batch_op.add_column(sa.Column("as_of", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("relations") as batch_op:
        batch_op.drop_column("as_of")
