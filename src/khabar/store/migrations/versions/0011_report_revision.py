"""report_revision: a counter that moves whenever a stored event report could read differently

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 08:00:00

Event resolution weighs each new report against the reports already stored in the groups it touches; reading those
back and rebuilding them was most of its cost. A writer may keep the reports it has read from one document to the
next, but only while no stored report has changed: reports are only ever added, except when a curator rejects one
(or one of its figures), a document is deleted or extracted again, or an entity merge moves a report's place.
Triggers on both backends count every such change in ``report_revision`` (one row), so every writer, whatever its
code and in whatever process, tells its readers; a reader whose revision moved forgets what it kept. Adding new
reports does not move it (a kept report never changes by that).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# what a kept report is built from: every column but the resolution's own bookkeeping (anchor, component,
# event_id), which a writer reads afresh each time
_REPORT_COLUMNS = (
    "document_id, ordinal, sentence, type, subtype, date_start, date_end, date_precision, published, "
    "place_entity_id, place_name, place_type, admin1, country, lat, lon, place_precision, venue, place_local, "
    "name, weapons, targets, trigger, sentences, extractor, rejected"
)
_WATCHED = [  # (trigger suffix, event, table)
    ("report_ad", "DELETE", "event_mentions"),
    ("report_au", f"UPDATE OF {_REPORT_COLUMNS}", "event_mentions"),
    ("part_ad", "DELETE", "event_mention_participants"),
    ("part_au", "UPDATE OF mention_id, role, key", "event_mention_participants"),
    ("fig_ad", "DELETE", "event_mention_figures"),
    ("fig_au", "UPDATE OF mention_id, field, min, max, claim, rejected", "event_mention_figures"),
]
_BUMP = "UPDATE report_revision SET value = value + 1 WHERE id = 1"


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "report_revision",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("value", sa.BigInteger(), nullable=False),
    )
    op.execute("INSERT INTO report_revision (id, value) VALUES (1, 0)")
    if pg:
        op.execute(
            "CREATE FUNCTION khabar_report_revision() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{_BUMP}; RETURN NULL; END $$"
        )
    for suffix, when, table in _WATCHED:
        if (
            pg
        ):  # per row, as on SQLite: a statement that changes no row (a merge of an entity no report names)
            op.execute(  # leaves the kept reports kept
                f"CREATE TRIGGER revision_{suffix} AFTER {when} ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION khabar_report_revision()"
            )
        else:
            op.execute(f"CREATE TRIGGER revision_{suffix} AFTER {when} ON {table} BEGIN {_BUMP}; END")


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    for suffix, _when, table in _WATCHED:
        op.execute(f"DROP TRIGGER IF EXISTS revision_{suffix}" + (f" ON {table}" if pg else ""))
    if pg:
        op.execute("DROP FUNCTION IF EXISTS khabar_report_revision()")
    op.drop_table("report_revision")
