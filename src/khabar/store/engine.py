"""Opening a database: URL handling, SQLite pragmas, and bringing the schema up to date with Alembic."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from khabar.errors import ConfigError, StoreError

__all__ = [
    "database_url",
    "open_engine",
    "migrate",
    "current_revision",
    "head_revision",
    "error_text",
    "StoreVersion",
    "POOL_SIZE",
]

POOL_SIZE = min(32, 4 * (os.cpu_count() or 1))
"""Connections kept open per engine, and so the most threads the web app lets read at once (4 per CPU: reads
wait on SQLite or PostgreSQL with the GIL released, so a few more threads than cores keep the cores busy)."""
BUSY_TIMEOUT_MS = 10_000
"""How long an SQLite connection waits for another process's write before giving up ("database is locked")."""
WAL_CHECKPOINT_PAGES = 10_000
"""How many WAL pages an SQLite writer lets gather before copying them into the database (SQLite's default:
1,000). A document's transaction dirties some seventy pages (a row in each of a dozen tables, a leaf of each of
their indexes), so the default copied and synced the same hot pages again every fourteen documents or so; at
10,000 (a WAL of about 40 MB) a page many documents wrote in between is copied once. The writer of a 100k-document
ingest spent about 5 % less CPU, and more the larger the store."""
WAL_KEEP_BYTES = 64 * 1024 * 1024
"""A WAL that grew past this (readers holding a checkpoint back) is cut back to it once checkpointed."""
_PG_MIGRATION_LOCK = 0x6B686162  # "khab": the advisory lock key migrations share on PostgreSQL

# A PostgreSQL URL without a driver means psycopg 3 (khabar's ``postgres`` extra), not SQLAlchemy's psycopg2.
_PG_DRIVER = "postgresql+psycopg"


def database_url(db: str | Path) -> str:
    """A path is an SQLite file (the embedded default); anything with ``://`` is an SQLAlchemy URL."""
    text = str(db)
    if "://" in text:
        try:
            url = make_url(text)
        except ArgumentError as exc:
            raise ConfigError(f"not a database URL: {text!r}") from exc
        if url.drivername in ("postgresql", "postgres"):
            return url.set(drivername=_PG_DRIVER).render_as_string(hide_password=False)
        return text
    path = Path(text).expanduser()
    if path.is_dir():
        raise ConfigError(f"{path} is a folder; --db wants a database file")
    if not path.parent.exists():
        raise ConfigError(f"folder {path.parent} does not exist (for database file {path.name})")
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    # WAL lets readers (the web app) work while a batch ingests; foreign keys make cascades real.
    # The busy timeout comes first: switching a new file to WAL needs a moment's lock, which a second process
    # opening the same new store at once must wait for rather than fail on.
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    _wal(cur)
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
    cur.execute(f"PRAGMA journal_size_limit={WAL_KEEP_BYTES}")
    cur.close()


def _wal(cur: Any) -> None:
    """Switch to WAL. SQLite answers "database is locked" at once, without its busy handler, when another process
    holds the new file's lock while switching it (several processes opening one new store at the same moment):
    wait and ask again, for as long as the busy timeout allows."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def _shown(url: str) -> str:
    """The URL as messages show it: never the password."""
    return make_url(url).render_as_string(hide_password=True)


def error_text(exc: BaseException) -> str:
    """The driver's own message on one line, without SQLAlchemy's SQL echo and background link."""
    orig = getattr(exc, "orig", None)
    lines = str(orig if orig is not None else exc).splitlines()
    return " ".join(s.strip() for s in lines if s.strip() and not s.startswith("(Background on this error"))


def _pool_options(url: str) -> dict[str, int]:
    """A connection for every thread that may read at once (the web app's pool is sized to match), kept open:
    SQLAlchemy's default of 5 made the sixth concurrent request open and close a connection of its own."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database in (None, "", ":memory:"):
        return {}  # an in-memory database lives in one connection
    return {"pool_size": POOL_SIZE, "max_overflow": POOL_SIZE}


def open_engine(db: str | Path) -> Engine:
    url = database_url(db)
    try:
        engine = create_engine(url, future=True, **_pool_options(url))
    except ImportError as exc:
        hint = ""
        if url.startswith("postgres"):
            hint = "; for PostgreSQL install khabar[postgres] and use a postgresql:// (psycopg 3) URL"
        raise ConfigError(
            f"cannot open database {_shown(url)}: its driver is not installed ({exc}){hint}"
        ) from exc
    except (ArgumentError, SQLAlchemyError) as exc:
        raise ConfigError(f"cannot open database {_shown(url)}: {error_text(exc)}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("khabar.store") / "migrations"))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships its migrations
        raise StoreError("no migrations found in the khabar package")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[Connection]:
    """A connection holding the one lock that migrations take, inside a transaction that commits on success.

    Two processes opening a new store at once would otherwise both create its tables, and the second fail with
    "table documents already exists". SQLite: ``BEGIN IMMEDIATE`` takes the database's write lock (waiting for
    the busy timeout) and its DDL is transactional once the driver stops managing transactions. PostgreSQL: a
    transaction-scoped advisory lock. Whoever gets the lock second finds the schema current and does nothing.
    """
    if engine.dialect.name == "sqlite":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.exec_driver_sql("ROLLBACK")
                raise
            conn.exec_driver_sql("COMMIT")
        return
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        yield conn


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration; a no-op when it is there already, also when another process
    is migrating the same store at the same moment (it waits for that one, then finds nothing to do)."""
    try:
        current = current_revision(engine)  # the first connection: a wrong URL or a down server fails here
    except SQLAlchemyError as exc:
        shown = engine.url.render_as_string(hide_password=True)
        raise StoreError(f"cannot open database {shown}: {error_text(exc)}") from exc
    try:
        head = head_revision()
        if current == head:
            return
        cfg = _alembic_config()
        with _migration_lock(engine) as conn:
            if MigrationContext.configure(conn).get_current_revision() == head:
                return  # another process migrated while this one waited for the lock
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except SQLAlchemyError as exc:
        raise StoreError(f"could not migrate the database: {error_text(exc)}") from exc


class StoreVersion:
    """A number that changes whenever anything is committed to the store, by this process or any other; what a
    cache of read answers is keyed on, so it can never serve an answer older than the store.

    SQLite: ``PRAGMA data_version`` on a connection of its own that never writes, which SQLite promises changes
    with every commit made through any other connection. Other backends: ``None`` ("cannot tell"), and nothing
    is cached."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._conn: Any = None
        self._lock = threading.Lock()

    def __call__(self) -> int | None:
        if self.engine.dialect.name != "sqlite":
            return None
        with self._lock:
            try:
                if self._conn is None:
                    self._conn = self.engine.raw_connection()
                cur = self._conn.cursor()
                try:
                    cur.execute("PRAGMA data_version")
                    return int(cur.fetchone()[0])
                finally:
                    cur.close()
            except Exception:  # noqa: BLE001 - a store that cannot say is treated as changed
                self.close_locked()
                return None

    def close_locked(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def close(self) -> None:
        with self._lock:
            self.close_locked()
