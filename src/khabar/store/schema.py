"""The store's tables, in SQLAlchemy Core so SQLite and PostgreSQL share one schema.

Every fact row (mention, event, participant, figure, relation, evidence) names the extractor component and
version that produced it, so a fact can always be traced to the code that made it. The migrations in
``migrations/versions`` create exactly these tables; a test compares the two.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
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
    "event_mentions",
    "event_mention_keys",
    "event_mention_participants",
    "event_mention_figures",
    "entity_keys",
    "audit",
    "curation_keys",
    "READ_INDEXES",
    "COUNTS_TABLE",
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
    # the extraction that made the document's current facts (``extract.registry.EXTRACTION``); reprocess uses it
    Column("extractor", Text),
    Column("dateline", Text),  # JSON {"text", "place", "country", "agency", "date"}: where the report was filed
)
Index("ix_documents_id_published", documents.c.id, documents.c.published)  # dates without reading the texts

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
    # {"armed_group": 3, "organization": 1}: how many documents typed it so; the type is the most common one
    Column("type_votes", Text),
    Column("curated", Text),  # JSON list of the audit entries (curations) that shaped this entity
)
Index("ix_entities_type", entities.c.type)

aliases = Table(
    "aliases",
    metadata,
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("norm", String(255), primary_key=True),  # model.norm_name(alias): the matching key
    Column("alias", Text, nullable=False),
    Column("source", String(32), nullable=False),  # gazetteer | text | acronym | curated
    # documents naming it so (2 where it is a document's main name for it, 1 otherwise): the name is the commonest
    Column("docs", Integer, nullable=False, server_default="0"),
    Column("via", Text),  # how this name joined the entity (resolution's reason): what explain-merge shows
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
# counts of an entity's documents inside the index
Index("ix_mentions_entity_document", mentions.c.entity_id, mentions.c.document_id)
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
    Column("place_precision", String(16)),  # site/town/district/region/country (model.PLACE_PRECISIONS)
    Column("weapons", Text, nullable=False, server_default="[]"),  # JSON list
    Column("targets", Text, nullable=False, server_default="[]"),  # JSON list
    Column("trigger", Text),
    Column("extractor", String(64), nullable=False),
    Column("curated", Text),  # JSON list of the audit entries (curations) that shaped this event
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
    # copies of the event's type and date, kept by triggers (migration 0009), so that an actor's events are
    # listed, filtered and counted from one index without visiting every event (see READ_INDEXES)
    Column("type", String(32)),
    Column("date_start", String(10)),
)
Index("ix_event_participants_event_entity", event_participants.c.event_id, event_participants.c.entity_id)

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
    Column("curated", Integer),  # the audit entry of a curator's corrected toll (then it is the event's own)
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
Index("ix_evidence_fact_id", evidence.c.kind, evidence.c.fact_id, evidence.c.id)  # a fact's first citations
Index("ix_evidence_document", evidence.c.document_id)

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

# -- the mention level beneath events: each document's own account of each event it tells ----------------------
# ``events`` and its participants, figures and evidence are the *resolved* view: recomputed by
# ``store.resolution`` from these rows for every event a write touches.
event_mentions = Table(
    "event_mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("ordinal", Integer, nullable=False),  # position among the document's events
    Column("sentence", Integer, nullable=False),  # index of the first sentence telling it (stable key part)
    Column("type", String(32), nullable=False),
    Column("subtype", String(32)),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("date_precision", String(8)),
    Column("published", String(10)),  # the document's, kept here for the canonical order and undated reports
    Column("place_entity_id", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("place_name", Text),
    Column("place_type", String(16)),
    Column("admin1", Text),
    Column("country", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("place_precision", String(16)),  # site/town/district/region/country (model.PLACE_PRECISIONS)
    Column("venue", Text),  # distinctive words of the venue, as skeletons ("slbn"), space-separated
    # 1: the place is a name no gazetteer places (a park, a neighbourhood): compared as a venue, not a town
    Column("place_local", Integer, nullable=False, server_default="0"),
    Column("name", Text),  # the event's own name, normalised ("easter bombings")
    Column("weapons", Text, nullable=False, server_default="[]"),
    Column("targets", Text, nullable=False, server_default="[]"),
    Column("trigger", Text),
    Column("sentences", Text, nullable=False, server_default="[]"),  # JSON list of sentences.id
    Column("extractor", String(64), nullable=False),
    Column("anchor", Integer, nullable=False, server_default="0"),  # dated to a day or a few: decides events
    Column("component", Integer),  # resolution's group label (anchors; unattached others); NULL: attached
    Column("event_id", Integer, ForeignKey("events.id", ondelete="SET NULL")),
    Column("rejected", Integer, nullable=False, server_default="0"),  # a curator rejected it: no event
    UniqueConstraint("document_id", "ordinal", name="uq_event_mentions_document_ordinal"),
)
Index("ix_event_mentions_component", event_mentions.c.component)
Index("ix_event_mentions_event", event_mentions.c.event_id)

# Moves (by triggers, migration 0011) whenever a stored event report could read differently: what lets a writer keep
# the reports it read from one document to the next.
report_revision = Table(
    "report_revision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# The candidate index: family × place × time keys (``resolve.events.keys``); a new report is compared only with
# the reports filed under one of its keys.
event_mention_keys = Table(
    "event_mention_keys",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("mention_id", Integer, ForeignKey("event_mentions.id", ondelete="CASCADE"), primary_key=True),
)
Index("ix_event_mention_keys_mention", event_mention_keys.c.mention_id)

event_mention_participants = Table(
    "event_mention_participants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mention_id", Integer, ForeignKey("event_mentions.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE")),
    Column("text", Text),
    Column("role", String(32), nullable=False),
    Column(
        "key", String(255)
    ),  # the entity as the document knew it (gazetteer key or name): what resolution compares
)
Index("ix_event_mention_participants_mention", event_mention_participants.c.mention_id)
Index("ix_event_mention_participants_entity", event_mention_participants.c.entity_id)

event_mention_figures = Table(
    "event_mention_figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mention_id", Integer, ForeignKey("event_mentions.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),  # order stated within the report
    Column("sentence_id", Integer, ForeignKey("sentences.id", ondelete="CASCADE")),
    Column("field", String(16), nullable=False),
    Column("min", Integer),
    Column("max", Integer),
    Column("text", Text),
    Column("said_by_entity_id", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("said_by_text", Text),
    Column("claim", Integer, nullable=False, server_default="0"),
    Column("rejected", Integer, nullable=False, server_default="0"),
)
Index("ix_event_mention_figures_mention", event_mention_figures.c.mention_id)
Index("ix_event_mention_figures_said_by", event_mention_figures.c.said_by_entity_id)

# Keys that find an entity other than by its exact names: "sur:shekau" (a person's surname), "tok:mhsd" (a
# distinctive word's skeleton, for spelling variants). Resolution looks candidates up here, never by scanning.
entity_keys = Table(
    "entity_keys",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
)
Index("ix_entity_keys_entity", entity_keys.c.entity_id)

# Child keys of cascading and SET NULL foreign keys: without them, deleting a document (``--replace``,
# ``reprocess``) or merging an entity scans each child table once per deleted row.
Index("ix_evidence_sentence", evidence.c.sentence_id)
Index("ix_mentions_sentence", mentions.c.sentence_id)
Index("ix_event_figures_sentence", event_figures.c.sentence_id)
Index("ix_event_figures_document", event_figures.c.document_id)
Index("ix_event_figures_said_by", event_figures.c.said_by_entity_id)
Index("ix_event_participants_document", event_participants.c.document_id)
Index("ix_events_place_entity", events.c.place_entity_id)
Index("ix_event_mentions_place_entity", event_mentions.c.place_entity_id)
Index("ix_event_mention_figures_sentence", event_mention_figures.c.sentence_id)

# -- curation: analysts' corrections, each recorded and reversible ------------------------------------------------
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),  # ISO timestamp (UTC)
    Column("who", Text, nullable=False),
    Column("action", String(32), nullable=False),  # merge-events | split-event | reject-event | ... | undo
    Column("reason", Text, nullable=False),
    Column("target", Text, nullable=False),  # JSON: what it applies to, by stable keys (documents, sentences, names)
    Column("before", Text),  # JSON
    Column("after", Text),  # JSON
    Column("undo_of", Integer),  # for an undo: the entry it undid
    Column("undone_by", Integer),  # the undo entry that reversed this one, if any
)

# The stable keys an active curation applies to ("men:doc|3|attack", "fig:…", "rel:…", "alias:…"): resolution and
# the writers look curations up here by key, so a curation holds for facts re-extracted or re-resolved later.
curation_keys = Table(
    "curation_keys",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("audit_id", Integer, ForeignKey("audit.id", ondelete="CASCADE"), primary_key=True),
)
Index("ix_curation_keys_audit", curation_keys.c.audit_id)

# SQLite only (migration 0009): each entity's totals, kept by triggers; read through ``query.lookup.entity_totals``.
COUNTS_TABLE = "entity_counts"

# Indexes for reads that sort or filter by text in byte order (``portable.bytewise``: COLLATE "C" on PostgreSQL)
# or by an expression; their SQL differs per backend, so the migrations create them (0009) and they are named
# here only so that the schema test knows them. Each is named for the query it serves.
READ_INDEXES = (
    "ix_events_date",  # events newest or oldest first, date ranges
    "ix_events_type_date_c",  # by type (PostgreSQL: the byte-order twin of ix_events_type_date)
    "ix_events_country_date",  # by country (lower(country))
    "ix_events_place_date",  # at a place
    "ix_event_participants_entity_date",  # an actor's events by date
    "ix_event_participants_entity_type_date",  # an actor's events of a type by date
    "ix_documents_published",  # the newest documents naming an entity
    "ix_entities_lower_name",  # an entity by its name in any case
    "ix_relations_start",  # relation changes in date order (timelines)
    "ix_relations_end",
    "ix_sentences_tsv",  # PostgreSQL full-text search of sentences (``why`` answers)
)
