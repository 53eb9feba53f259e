"""Alembic environment: khabar passes its own connection in, so migrations run inside the store's engine."""

from __future__ import annotations

from alembic import context

from khabar.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
