"""feeds, feed_items: the feeds ``khabar watch`` follows, and the items it has already read

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 04:00:00

A feed's ETag and Last-Modified make the next poll a conditional GET; its failure count and next poll time make a
failing feed back off; its seen items make a restarted watcher ingest only what is new.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_poll", sa.String(32), nullable=True),
        sa.Column("last_poll", sa.String(32), nullable=True),
        sa.Column("last_status", sa.String(32), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_feeds")),
    )
    op.create_table(
        "feed_items",
        sa.Column("feed_url", sa.String(2048), nullable=False),
        sa.Column("item_key", sa.String(2048), nullable=False),
        sa.Column("document_id", sa.String(255), nullable=True),
        sa.Column("seen_at", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["feed_url"], ["feeds.url"], name=op.f("fk_feed_items_feed_url_feeds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("feed_url", "item_key", name=op.f("pk_feed_items")),
    )


def downgrade() -> None:
    op.drop_table("feed_items")
    op.drop_table("feeds")
