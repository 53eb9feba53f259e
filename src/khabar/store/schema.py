"""The store's tables, in SQLAlchemy Core so SQLite and PostgreSQL share one schema.

Every fact row (mention, event, participant, figure, relation, evidence) names the extractor component and
version that produced it, so a fact can always be traced to the code that made it. The migrations in
``migrations/versions`` create exactly these tables; a test compares the two.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = [
    "metadata",
    "documents",
    "sentences",
    "entities",
    "aliases",
    "mentions",
    "events",
    "event_participants",
    "event_figures",
    "relations",
    "evidence",
    "feeds",
    "feed_items",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

documents = Table(
    "documents",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("title", Text),
    Column("published", String(10)),  # ISO date; text so both backends sort and compare it alike
    Column("byline", Text, nullable=False, server_default="[]"),  # JSON list of names
    Column("credits", Text, nullable=False, server_default="[]"),  # JSON list of names
    Column("source", Text),
    Column("language", String(16)),
    Column("path", Text),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("ingested_at", String(32), nullable=False),
)

sentences = Table(
    "sentences",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    UniqueConstraint("document_id", "idx", name="uq_sentences_document_idx"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("gazetteer_key", String(64), unique=True),  # the bundled gazetteer's key, where it matched
    Column("country", Text),  # for places: the country they lie in
    Column("admin1", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("extractor", String(64), nullable=False),
)
Index("ix_entities_type", entities.c.type)

aliases = Table(
    "aliases",
    metadata,
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("norm", String(255), primary_key=True),  # model.norm_name(alias): the matching key
    Column("alias", Text, nullable=False),
    Column("source", String(32), nullable=False),  # gazetteer | text | acronym
)
Index("ix_aliases_norm", aliases.c.norm)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("sentence_id", Integer, ForeignKey("sentences.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("extractor", String(64), nullable=False),
)
Index("ix_mentions_entity", mentions.c.entity_id)
Index("ix_mentions_document", mentions.c.document_id)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("type", String(32), nullable=False),
    Column("subtype", String(32)),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("date_precision", String(8)),
    Column("place_entity_id", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("place_name", Text),
    Column("admin1", Text),
    Column("country", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("weapons", Text, nullable=False, server_default="[]"),  # JSON list
    Column("targets", Text, nullable=False, server_default="[]"),  # JSON list
    Column("trigger", Text),
    Column("extractor", String(64), nullable=False),
)
Index("ix_events_type_date", events.c.type, events.c.date_start)

event_participants = Table(
    "event_participants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE")),
    Column("text", Text),  # where no entity fits ("unidentified gunmen")
    Column("role", String(32), nullable=False),
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("extractor", String(64), nullable=False),
)
Index("ix_event_participants_event", event_participants.c.event_id)
Index("ix_event_participants_entity", event_participants.c.entity_id)

event_figures = Table(
    "event_figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("sentence_id", Integer, ForeignKey("sentences.id", ondelete="CASCADE")),
    Column("field", String(16), nullable=False),  # killed | wounded
    Column("min", Integer),
    Column("max", Integer),
    Column("text", Text),
    Column("extractor", String(64), nullable=False),
    # who stated the figure (an entity, or words where none fits) and whether it is a party's own claim
    Column("said_by_entity_id", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("said_by_text", Text),
    Column("claim", Integer, nullable=False, server_default="0"),
)
Index("ix_event_figures_event", event_figures.c.event_id)

relations = Table(
    "relations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("type", String(32), nullable=False),
    Column("subject_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("object_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("start", String(10)),
    Column("end", String(10)),
    Column("as_of", String(10)),  # "currently …": the latest report date on which it was said to hold
    Column("extractor", String(64), nullable=False),
    UniqueConstraint("type", "subject_id", "object_id", name="uq_relations_type_subject_object"),
)
Index("ix_relations_subject", relations.c.subject_id)
Index("ix_relations_object", relations.c.object_id)

# One row per (fact, sentence that states it). kind is "event" or "relation"; fact_id points into that table.
evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("fact_id", Integer, nullable=False),
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("sentence_id", Integer, ForeignKey("sentences.id", ondelete="CASCADE"), nullable=False),
    Column("extractor", String(64), nullable=False),
    UniqueConstraint("kind", "fact_id", "sentence_id", name="uq_evidence_kind_fact_sentence"),
)
Index("ix_evidence_fact", evidence.c.kind, evidence.c.fact_id)

# The feeds `khabar watch` follows (conditional-GET validators, failures in a row, when next due) and the items
# it has read, so a restarted watcher fetches an unchanged feed as a 304 and ingests only new items.
feeds = Table(
    "feeds",
    metadata,
    Column("url", String(2048), primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("next_poll", String(32)),  # ISO timestamp (UTC)
    Column("last_poll", String(32)),
    Column("last_status", String(32)),
    Column("last_error", Text),
)

feed_items = Table(
    "feed_items",
    metadata,
    Column("feed_url", String(2048), ForeignKey("feeds.url", ondelete="CASCADE"), primary_key=True),
    Column("item_key", String(2048), primary_key=True),  # the item's guid, else its link
    Column("document_id", String(255)),  # what it was stored as (it stays seen if that document goes)
    Column("seen_at", String(32), nullable=False),
)
