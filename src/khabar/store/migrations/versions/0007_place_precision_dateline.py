"""events.place_precision, event_mentions.place_precision, documents.dateline: how exactly an event is placed; where a report was filed

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 04:00:00

An event placed only by its country (or province) is drawn differently on a map from one placed at a town, so
the precision the geocoder knew is kept (site/town/district/region/country). A report's dateline ("KABUL (AP) —")
is document metadata, kept as JSON ({"text", "place", "country", "agency", "date"}); it is never an event's place.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


# Plain ALTER TABLE (SQLite has ADD and DROP COLUMN since 3.35): a batch rebuild of `documents` would have to
# drop a table that the full-text index's triggers and every fact's foreign key point at.
def upgrade() -> None:
    op.add_column("events", sa.Column("place_precision", sa.String(16), nullable=True))
    op.add_column("event_mentions", sa.Column("place_precision", sa.String(16), nullable=True))
    op.add_column("documents", sa.Column("dateline", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("documents", "dateline")
    op.drop_column("event_mentions", "place_precision")
    op.drop_column("events", "place_precision")
