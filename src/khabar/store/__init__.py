"""Store: the SQLAlchemy Core schema, its Alembic migrations, and transactional writes of document facts."""

from khabar.store.db import Store, WriteResult
from khabar.store.engine import database_url, migrate, open_engine

__all__ = ["Store", "WriteResult", "database_url", "migrate", "open_engine"]
