"""indexes for reads that stay fast as the store grows; participants carry their event's type and date

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 12:00:00

Every read that grows with the store (dossier, timeline, events with filters, network, ``ask``) is served by an
index or a bounded query. An actor's events are listed, filtered and counted from ``event_participants`` alone:
each row carries a copy of its event's ``type`` and ``date_start``, kept by triggers on both backends (so every
writer, whatever its code, keeps them right) and indexed by actor and date. Ordered reads compare dates in byte
order (``portable.bytewise``), which on PostgreSQL is ``COLLATE "C"``: those indexes are declared with it there.
PostgreSQL also gets a full-text index of sentences (``to_tsvector('english', text)``) for ``why`` answers,
as SQLite has FTS5 since migration 0002. Three indexes grow by a column so that a count or a probe is answered
from the index: mentions by (entity, document), participants by (event, entity), evidence by (kind, fact, id).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_REPLACED = [  # (old, new name, table, columns)
    ("ix_mentions_entity", "ix_mentions_entity_document", "mentions", ["entity_id", "document_id"]),
    (
        "ix_event_participants_event",
        "ix_event_participants_event_entity",
        "event_participants",
        ["event_id", "entity_id"],
    ),
    ("ix_event_participants_entity", None, "event_participants", ["entity_id"]),
    ("ix_evidence_fact", "ix_evidence_fact_id", "evidence", ["kind", "fact_id", "id"]),
]
_ADDED = [  # (name, table, columns)
    # a document's date without reading its row (and its text): sorting the documents that name an entity
    ("ix_documents_id_published", "documents", ["id", "published"]),
]  # fmt: skip


def _read_indexes(c: str) -> list[str]:
    """CREATE INDEX statements; ``c`` is the collation clause for byte-order text ('' on SQLite)."""
    return [
        f"CREATE INDEX ix_events_date ON events (date_start{c}, id)",
        f"CREATE INDEX ix_events_type_date_c ON events (type, date_start{c}, id)",
        f"CREATE INDEX ix_events_country_date ON events (lower(country), date_start{c}, id)",
        f"CREATE INDEX ix_events_place_date ON events (place_entity_id, date_start{c}, id)",
        f"CREATE INDEX ix_event_participants_entity_date ON event_participants (entity_id, date_start{c}, event_id)",
        "CREATE INDEX ix_event_participants_entity_type_date ON event_participants "
        f"(entity_id, type, date_start{c}, event_id)",
        f"CREATE INDEX ix_documents_published ON documents (published{c}, id)",
        "CREATE INDEX ix_entities_lower_name ON entities (lower(name))",
        f"CREATE INDEX ix_relations_start ON relations (start{c}, id)",
        f'CREATE INDEX ix_relations_end ON relations ("end"{c}, id)',
    ]


_SQLITE_TRIGGERS = [
    "CREATE TRIGGER event_participants_copy_ai AFTER INSERT ON event_participants BEGIN "
    "UPDATE event_participants SET type = (SELECT type FROM events WHERE id = NEW.event_id), "
    "date_start = (SELECT date_start FROM events WHERE id = NEW.event_id) WHERE id = NEW.id; END",
    "CREATE TRIGGER event_participants_copy_au AFTER UPDATE OF event_id ON event_participants BEGIN "
    "UPDATE event_participants SET type = (SELECT type FROM events WHERE id = NEW.event_id), "
    "date_start = (SELECT date_start FROM events WHERE id = NEW.event_id) WHERE id = NEW.id; END",
    "CREATE TRIGGER events_copy_au AFTER UPDATE OF type, date_start ON events BEGIN "
    "UPDATE event_participants SET type = NEW.type, date_start = NEW.date_start WHERE event_id = NEW.id; END",
]
_PG_TRIGGERS = [
    "CREATE FUNCTION khabar_participant_copy() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "SELECT e.type, e.date_start INTO NEW.type, NEW.date_start FROM events e WHERE e.id = NEW.event_id; "
    "RETURN NEW; END $$",
    "CREATE TRIGGER event_participants_copy BEFORE INSERT OR UPDATE OF event_id ON event_participants "
    "FOR EACH ROW EXECUTE FUNCTION khabar_participant_copy()",
    "CREATE FUNCTION khabar_event_copy() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE event_participants SET type = NEW.type, date_start = NEW.date_start WHERE event_id = NEW.id; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER events_copy AFTER UPDATE OF type, date_start ON events FOR EACH ROW "
    "WHEN (OLD.type IS DISTINCT FROM NEW.type OR OLD.date_start IS DISTINCT FROM NEW.date_start) "
    "EXECUTE FUNCTION khabar_event_copy()",
]
# SQLite keeps each entity's totals (distinct events, distinct documents, mentions) in ``entity_counts``, by
# triggers, so a dossier reads them instead of counting a million index entries. (On PostgreSQL, where several
# writers run at once, such counters would be rows every writer locks in its own order: there the totals are
# counted in the covering indexes instead.)
_SQLITE_COUNTS = [
    "CREATE TABLE entity_counts (entity_id INTEGER NOT NULL PRIMARY KEY "
    "REFERENCES entities (id) ON DELETE CASCADE, events INTEGER NOT NULL DEFAULT 0, "
    "documents INTEGER NOT NULL DEFAULT 0, mentions INTEGER NOT NULL DEFAULT 0)",
    "INSERT INTO entity_counts (entity_id, events, documents, mentions) SELECT e.id, "
    "(SELECT count(DISTINCT p.event_id) FROM event_participants p WHERE p.entity_id = e.id), "
    "(SELECT count(DISTINCT m.document_id) FROM mentions m WHERE m.entity_id = e.id), "
    "(SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) FROM entities e",
    # a mention: one more; the first of its entity in its document: one more document
    "CREATE TRIGGER mentions_count_ai AFTER INSERT ON mentions BEGIN "
    "INSERT INTO entity_counts (entity_id, events, documents, mentions) SELECT NEW.entity_id, 0, 0, 0 "
    "WHERE true ON CONFLICT (entity_id) DO NOTHING; "
    "UPDATE entity_counts SET mentions = mentions + 1, documents = documents + NOT EXISTS (SELECT 1 FROM "
    "mentions m WHERE m.entity_id = NEW.entity_id AND m.document_id = NEW.document_id AND m.id <> NEW.id) "
    "WHERE entity_id = NEW.entity_id; END",
    "CREATE TRIGGER mentions_count_ad AFTER DELETE ON mentions BEGIN "
    "UPDATE entity_counts SET mentions = mentions - 1, documents = documents - NOT EXISTS (SELECT 1 FROM "
    "mentions m WHERE m.entity_id = OLD.entity_id AND m.document_id = OLD.document_id) "
    "WHERE entity_id = OLD.entity_id; END",
    "CREATE TRIGGER mentions_count_au AFTER UPDATE OF entity_id, document_id ON mentions BEGIN "
    "UPDATE entity_counts SET mentions = mentions - 1, documents = documents - NOT EXISTS (SELECT 1 FROM "
    "mentions m WHERE m.entity_id = OLD.entity_id AND m.document_id = OLD.document_id) "
    "WHERE entity_id = OLD.entity_id; "
    "INSERT INTO entity_counts (entity_id, events, documents, mentions) SELECT NEW.entity_id, 0, 0, 0 "
    "WHERE true ON CONFLICT (entity_id) DO NOTHING; "
    "UPDATE entity_counts SET mentions = mentions + 1, documents = documents + NOT EXISTS (SELECT 1 FROM "
    "mentions m WHERE m.entity_id = NEW.entity_id AND m.document_id = NEW.document_id AND m.id <> NEW.id) "
    "WHERE entity_id = NEW.entity_id; END",
    # a participant row: one more event when it is the entity's first row for that event
    "CREATE TRIGGER event_participants_count_ai AFTER INSERT ON event_participants "
    "WHEN NEW.entity_id IS NOT NULL BEGIN "
    "INSERT INTO entity_counts (entity_id, events, documents, mentions) SELECT NEW.entity_id, 0, 0, 0 "
    "WHERE true ON CONFLICT (entity_id) DO NOTHING; "
    "UPDATE entity_counts SET events = events + NOT EXISTS (SELECT 1 FROM event_participants p "
    "WHERE p.entity_id = NEW.entity_id AND p.event_id = NEW.event_id AND p.id <> NEW.id) "
    "WHERE entity_id = NEW.entity_id; END",
    "CREATE TRIGGER event_participants_count_ad AFTER DELETE ON event_participants "
    "WHEN OLD.entity_id IS NOT NULL BEGIN "
    "UPDATE entity_counts SET events = events - NOT EXISTS (SELECT 1 FROM event_participants p "
    "WHERE p.entity_id = OLD.entity_id AND p.event_id = OLD.event_id) WHERE entity_id = OLD.entity_id; END",
    "CREATE TRIGGER event_participants_count_au AFTER UPDATE OF entity_id, event_id ON event_participants BEGIN "
    "UPDATE entity_counts SET events = events - NOT EXISTS (SELECT 1 FROM event_participants p "
    "WHERE p.entity_id = OLD.entity_id AND p.event_id = OLD.event_id) WHERE entity_id = OLD.entity_id; "
    "INSERT INTO entity_counts (entity_id, events, documents, mentions) SELECT NEW.entity_id, 0, 0, 0 "
    "WHERE NEW.entity_id IS NOT NULL ON CONFLICT (entity_id) DO NOTHING; "
    "UPDATE entity_counts SET events = events + NOT EXISTS (SELECT 1 FROM event_participants p "
    "WHERE p.entity_id = NEW.entity_id AND p.event_id = NEW.event_id AND p.id <> NEW.id) "
    "WHERE entity_id = NEW.entity_id; END",
    "CREATE INDEX ix_entity_counts_mentions ON entity_counts (mentions)",
]
_PG_SEARCH = "CREATE INDEX ix_sentences_tsv ON sentences USING gin (to_tsvector('english', text))"


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    op.add_column("event_participants", sa.Column("type", sa.String(length=32), nullable=True))
    op.add_column("event_participants", sa.Column("date_start", sa.String(length=10), nullable=True))
    op.execute(
        "UPDATE event_participants SET type = (SELECT type FROM events WHERE events.id = event_participants.event_id), "
        "date_start = (SELECT date_start FROM events WHERE events.id = event_participants.event_id)"
    )
    for stmt in _PG_TRIGGERS if pg else _SQLITE_TRIGGERS + _SQLITE_COUNTS:
        op.execute(stmt)
    for old, new, table, columns in _REPLACED:
        if new is not None:
            op.create_index(new, table, columns)
        op.drop_index(old, table_name=table)
    for name, table, columns in _ADDED:
        op.create_index(name, table, columns)
    for stmt in _read_indexes(' COLLATE "C"' if pg else ""):
        op.execute(stmt)
    if pg:
        op.execute(_PG_SEARCH)


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    for stmt in _read_indexes(""):
        op.execute(f"DROP INDEX IF EXISTS {stmt.split()[2]}")
    if pg:
        op.execute("DROP INDEX IF EXISTS ix_sentences_tsv")
        op.execute("DROP TRIGGER IF EXISTS events_copy ON events")
        op.execute("DROP TRIGGER IF EXISTS event_participants_copy ON event_participants")
        op.execute("DROP FUNCTION IF EXISTS khabar_event_copy()")
        op.execute("DROP FUNCTION IF EXISTS khabar_participant_copy()")
    else:
        for name in ("event_participants_copy_ai", "event_participants_copy_au", "events_copy_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        for table in ("mentions", "event_participants"):
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_count_{suffix}")
        op.execute("DROP TABLE IF EXISTS entity_counts")
    for name, table, _columns in _ADDED:
        op.drop_index(name, table_name=table)
    for old, new, table, columns in reversed(_REPLACED):
        op.create_index(old, table, columns[:2] if old == "ix_evidence_fact" else columns[:1])
        if new is not None:
            op.drop_index(new, table_name=table)
    op.drop_column("event_participants", "date_start")
    op.drop_column("event_participants", "type")
