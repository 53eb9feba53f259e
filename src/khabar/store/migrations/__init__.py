"""Alembic migrations of the store's schema (run by ``khabar.store.Store`` on open)."""
