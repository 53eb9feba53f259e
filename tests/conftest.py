"""Shared fixtures: where ../shared is (tests that need it skip with a reason when it is absent)."""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from khabar.store.engine import database_url

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PG_ENV = "KHABAR_TEST_PG_URL"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The project's shared folder (corpus, answer keys, scorers) beside the repo."""
    if not (SHARED / "eval" / "CONTRACT.md").exists():
        pytest.skip(f"{SHARED} is absent (a fresh clone without the project's shared data)")
    return SHARED


@pytest.fixture(scope="module")
def stock_nlp():  # type: ignore[no-untyped-def]
    """spaCy's model as shipped, none of khabar's components or stand-ins in it (to compare a stand-in with)."""
    import spacy

    from khabar.extract import MODEL

    return spacy.load(MODEL)


@pytest.fixture()
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """write("name.txt", text) -> Path under tmp_path, UTF-8."""

    def _write(name: str, text: str | bytes) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return p

    return _write


@pytest.fixture(scope="module")
def pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A URL to a fresh PostgreSQL database made for this test module and dropped after it.

    The server is ``KHABAR_TEST_PG_URL`` (``.ci/run`` starts one); where it is unset the test skips. The database
    uses a linguistic ICU collation where the server has one, as most real installations do, so that any
    ordering that silently relies on SQLite's byte order shows up as a difference.
    """
    given = os.environ.get(PG_ENV)
    if not given:
        pytest.skip(f"{PG_ENV} is unset: no PostgreSQL server to test against (.ci/run starts one)")
    base = database_url(given)  # postgresql:// means psycopg 3, as for khabar itself
    stem = re.sub(r"[^a-z0-9]", "_", request.module.__name__.rsplit(".", 1)[-1].lower())[:30]
    name = f"khabar_{stem}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            try:
                conn.execute(
                    text(f"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'")
                )
            except SQLAlchemyError:  # a server without ICU: its default collation will do
                conn.execute(text(f"CREATE DATABASE {name}"))
    except SQLAlchemyError as exc:
        admin.dispose()
        pytest.fail(f"{PG_ENV} is set but PostgreSQL refused to make a test database: {exc}")
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        _drop_database(admin, name)
        admin.dispose()


def _drop_database(admin: Engine, name: str, tries: int = 20) -> None:
    """DROP DATABASE ... WITH (FORCE), tried again for a few seconds: FORCE cannot end a server process of another
    role (an autovacuum worker busy in the database after a test's writes), and that process soon ends."""
    for attempt in range(tries):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError:
            if attempt == tries - 1:
                raise
            time.sleep(0.5)


@pytest.fixture(scope="session")
def drop_database() -> Callable[[Engine, str], None]:
    """``drop_database(admin_engine, name)``: for fixtures that make PostgreSQL databases of their own."""
    return _drop_database


def empty_schema(url: str) -> str:
    """Empty a PostgreSQL database (no tables, no migrations); returns its URL."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture()
def pg_db(pg_url: str) -> str:
    """The module's PostgreSQL database, emptied (no tables, no migrations) for this one test."""
    return empty_schema(pg_url)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each backend in turn: an SQLite file, then PostgreSQL (skipped without a server)."""
    if request.param == "sqlite":
        return str(tmp_path / "k.db")
    url: str = request.getfixturevalue("pg_db")
    return url
