"""full-text search over sentences (SQLite FTS5)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 20:10:00

``sentences_fts`` is an external-content FTS5 index over ``sentences.text`` (BM25 ranking for ``khabar ask``),
kept in step with ``sentences`` by triggers, so the store's writers need not know it exists. Only SQLite gets
it: on other backends (PostgreSQL) this migration does nothing and ``khabar.explain.search`` falls back to a
plain pattern search. An SQLite built without FTS5 is treated the same way.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy.exc import OperationalError

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FTS = "sentences_fts"

_CREATE = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(text, content='sentences', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON sentences BEGIN "
    f"INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text); END",
    f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON sentences BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text); END",
    f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF text ON sentences BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text); "
    f"INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]


def _fts5_available() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return False
    try:
        bind.exec_driver_sql("CREATE VIRTUAL TABLE temp._khabar_fts5_probe USING fts5(x)")
    except OperationalError:  # this SQLite was built without FTS5: search falls back to LIKE
        return False
    bind.exec_driver_sql("DROP TABLE temp._khabar_fts5_probe")
    return True


def upgrade() -> None:
    if not _fts5_available():
        return
    for sql in _CREATE:
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for suffix in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS {FTS}_{suffix}")
    op.execute(f"DROP TABLE IF EXISTS {FTS}")
