"""People named by one word are filed under that word, however it is written

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 11:30:00

A person known only by one word waits as one entity until one person is known in full by it. The writer found that
entity by the name as written, so "al-Baghdadi", "Baghdadi" and "Caliph Baghdadi" each waited apart (and a later
full name took only the bare word). Each name of a person that is one word alone is now filed in ``entity_keys``
under ``one:<word>``, as full names are under ``sur:<surname>``; this fills the key in for the people already
stored. Which names are one word is decided by khabar's name rules (``khabar.resolve.entities.lone_name``) as they
are when the migration runs.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_BATCH = 5_000


def upgrade() -> None:
    from khabar.resolve.entities import lone_name

    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT a.entity_id, a.norm FROM aliases a JOIN entities e ON e.id = a.entity_id "
            "WHERE e.type = 'person' ORDER BY a.entity_id"
        )
    )
    keys = sorted({(f"one:{w}"[:255], eid) for eid, norm in rows if norm and (w := lone_name(norm))})
    have = set(
        conn.execute(sa.text("SELECT key, entity_id FROM entity_keys WHERE key LIKE 'one:%'")).all()
    )
    todo = [{"k": k, "e": e} for k, e in keys if (k, e) not in have]
    for i in range(0, len(todo), _BATCH):
        conn.execute(sa.text("INSERT INTO entity_keys (key, entity_id) VALUES (:k, :e)"), todo[i : i + _BATCH])


def downgrade() -> None:
    op.execute("DELETE FROM entity_keys WHERE key LIKE 'one:%'")
