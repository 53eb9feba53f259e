"""event_mentions.place_local: the report's place is a name no gazetteer places (a park, a neighbourhood)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 05:00:00

Such a name ("Gulshan-i-Iqbal Park" read as a place) carries only the coordinates of the town or province around
it, so resolution matches its other spellings by its words, lets it lie in a known town of its province, and
never measures it by the coordinates it borrowed.
Reports filed before this revision count as placed by a gazetteer (the old behaviour) until they are reprocessed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("event_mentions", sa.Column("place_local", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    op.drop_column("event_mentions", "place_local")
