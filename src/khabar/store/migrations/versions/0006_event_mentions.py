"""event_mentions and their keys, participants and figures; entity_keys; indexes for flat write costs

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 10:00:00

Event resolution becomes a stage of its own: each document's account of each event is kept as an event mention,
and ``events`` (with its participants, figures and evidence) is the resolved view recomputed from the mentions
of the events a write touches. ``event_mention_keys`` is the candidate index (type family × place × time),
``entity_keys`` finds entities by surname and spelling skeleton. Aliases count the documents naming them (the
commonest name is the entity's name), entities count the types documents gave them, documents record the
extraction that made their facts (for ``khabar reprocess``). Indexes on the child side of cascading foreign keys
keep deletes and merges from scanning whole tables.

Events stored before this migration have no mentions: ``khabar reprocess`` re-extracts their documents and
resolves them with everything else.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_CHILD_INDEXES = [
    ("ix_evidence_sentence", "evidence", "sentence_id"),
    ("ix_evidence_document", "evidence", "document_id"),
    ("ix_mentions_sentence", "mentions", "sentence_id"),
    ("ix_event_figures_sentence", "event_figures", "sentence_id"),
    ("ix_event_figures_document", "event_figures", "document_id"),
    ("ix_event_figures_said_by", "event_figures", "said_by_entity_id"),
    ("ix_event_participants_document", "event_participants", "document_id"),
    ("ix_events_place_entity", "events", "place_entity_id"),
]


_COLUMNS: list[tuple[str, sa.Column[Any]]] = [
    ("documents", sa.Column("extractor", sa.Text(), nullable=True)),
    ("entities", sa.Column("type_votes", sa.Text(), nullable=True)),
    ("aliases", sa.Column("docs", sa.Integer(), nullable=False, server_default="0")),
    ("aliases", sa.Column("via", sa.Text(), nullable=True)),
]


def upgrade() -> None:
    # plain ADD/DROP COLUMN (SQLite 3.35+ has both): rebuilding ``documents`` in batch mode would fight the
    # full-text index's triggers
    for table, column in _COLUMNS:
        op.add_column(table, column)
    op.create_table(
        "event_mentions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.String(length=255), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("subtype", sa.String(length=32), nullable=True),
        sa.Column("date_start", sa.String(length=10), nullable=True),
        sa.Column("date_end", sa.String(length=10), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("place_entity_id", sa.Integer(), nullable=True),
        sa.Column("place_name", sa.Text(), nullable=True),
        sa.Column("place_type", sa.String(length=16), nullable=True),
        sa.Column("admin1", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("venue", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("weapons", sa.Text(), server_default="[]", nullable=False),
        sa.Column("targets", sa.Text(), server_default="[]", nullable=False),
        sa.Column("trigger", sa.Text(), nullable=True),
        sa.Column("sentences", sa.Text(), server_default="[]", nullable=False),
        sa.Column("extractor", sa.String(length=64), nullable=False),
        sa.Column("anchor", sa.Integer(), server_default="0", nullable=False),
        sa.Column("component", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("rejected", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_event_mentions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_mentions_event_id_events"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["place_entity_id"],
            ["entities.id"],
            name=op.f("fk_event_mentions_place_entity_id_entities"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_mentions")),
        sa.UniqueConstraint("document_id", "ordinal", name="uq_event_mentions_document_ordinal"),
    )
    op.create_index("ix_event_mentions_component", "event_mentions", ["component"])
    op.create_index("ix_event_mentions_event", "event_mentions", ["event_id"])
    op.create_index("ix_event_mentions_place_entity", "event_mentions", ["place_entity_id"])
    op.create_table(
        "event_mention_keys",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("mention_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mention_id"],
            ["event_mentions.id"],
            name=op.f("fk_event_mention_keys_mention_id_event_mentions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", "mention_id", name=op.f("pk_event_mention_keys")),
    )
    op.create_index("ix_event_mention_keys_mention", "event_mention_keys", ["mention_id"])
    op.create_table(
        "event_mention_participants",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("mention_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
            name=op.f("fk_event_mention_participants_entity_id_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mention_id"],
            ["event_mentions.id"],
            name=op.f("fk_event_mention_participants_mention_id_event_mentions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_mention_participants")),
    )
    op.create_index("ix_event_mention_participants_mention", "event_mention_participants", ["mention_id"])
    op.create_index("ix_event_mention_participants_entity", "event_mention_participants", ["entity_id"])
    op.create_table(
        "event_mention_figures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("mention_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sentence_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=16), nullable=False),
        sa.Column("min", sa.Integer(), nullable=True),
        sa.Column("max", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("said_by_entity_id", sa.Integer(), nullable=True),
        sa.Column("said_by_text", sa.Text(), nullable=True),
        sa.Column("claim", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rejected", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["mention_id"],
            ["event_mentions.id"],
            name=op.f("fk_event_mention_figures_mention_id_event_mentions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["said_by_entity_id"],
            ["entities.id"],
            name=op.f("fk_event_mention_figures_said_by_entity_id_entities"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["sentence_id"],
            ["sentences.id"],
            name=op.f("fk_event_mention_figures_sentence_id_sentences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_mention_figures")),
    )
    op.create_index("ix_event_mention_figures_mention", "event_mention_figures", ["mention_id"])
    op.create_index("ix_event_mention_figures_said_by", "event_mention_figures", ["said_by_entity_id"])
    op.create_index("ix_event_mention_figures_sentence", "event_mention_figures", ["sentence_id"])
    op.create_table(
        "entity_keys",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_entity_keys_entity_id_entities"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("key", "entity_id", name=op.f("pk_entity_keys")),
    )
    op.create_index("ix_entity_keys_entity", "entity_keys", ["entity_id"])
    for name, table, child in _CHILD_INDEXES:
        op.create_index(name, table, [child])


def downgrade() -> None:
    for name, table, _column in reversed(_CHILD_INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_index("ix_entity_keys_entity", table_name="entity_keys")
    op.drop_table("entity_keys")
    op.drop_index("ix_event_mention_figures_sentence", table_name="event_mention_figures")
    op.drop_index("ix_event_mention_figures_said_by", table_name="event_mention_figures")
    op.drop_index("ix_event_mention_figures_mention", table_name="event_mention_figures")
    op.drop_table("event_mention_figures")
    op.drop_index("ix_event_mention_participants_entity", table_name="event_mention_participants")
    op.drop_index("ix_event_mention_participants_mention", table_name="event_mention_participants")
    op.drop_table("event_mention_participants")
    op.drop_index("ix_event_mention_keys_mention", table_name="event_mention_keys")
    op.drop_table("event_mention_keys")
    op.drop_index("ix_event_mentions_place_entity", table_name="event_mentions")
    op.drop_index("ix_event_mentions_event", table_name="event_mentions")
    op.drop_index("ix_event_mentions_component", table_name="event_mentions")
    op.drop_table("event_mentions")
    for table, column in reversed(_COLUMNS):
        op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN {column.name}"))
