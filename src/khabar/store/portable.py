"""SQL expressions that mean the same on SQLite and PostgreSQL, where the plain form would not.

Text order is the one difference that bites: SQLite compares strings byte by byte, PostgreSQL by the database's
collation (``en_US.UTF-8`` or ICU on most servers puts "a" before "B" and may skip punctuation). Sorting and
range filters on text therefore go through ``bytewise``, which is byte order (as Python's ``sorted``) on both.
Plans differ too: ``rows_in`` looks up several composite keys through their index on both.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Executable,
    Select,
    Table,
    Text,
    and_,
    bindparam,
    false,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

__all__ = ["bytewise", "insert_missing", "rows_in", "rows_params", "select_rows_in"]


class bytewise(FunctionElement[str]):
    """``bytewise(col)``: the text column compared and sorted in byte (code point) order on every backend."""

    type = Text()
    inherit_cache = True

    def __init__(self, expr: ColumnElement[Any]) -> None:
        super().__init__(expr)


@compiles(bytewise)
def _plain(element: bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite's default BINARY collation is byte order already.
    return str(compiler.process(element.clauses, **kw))


@compiles(bytewise, "postgresql")
def _collate_c(element: bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return f'({compiler.process(element.clauses, **kw)}) COLLATE "C"'


@functools.cache
def _insert_or_skip(dialect: str, table: Table) -> Executable | None:
    """The ``INSERT ... ON CONFLICT DO NOTHING`` of a table on a backend that has one, built once (every write runs
    several); None elsewhere."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing()
    return None


def insert_missing(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows, skipping those whose key is already there (``ON CONFLICT DO NOTHING`` on both backends),
    in one statement instead of a read before every write."""
    if not rows:
        return
    statement = _insert_or_skip(conn.dialect.name, table)
    if statement is not None:
        conn.execute(statement, rows)
    else:  # any other backend: read, then write what is missing
        keys = [c.name for c in table.primary_key.columns]
        for row in rows:
            found = conn.execute(select(table).where(*[table.c[k] == row[k] for k in keys])).first()
            if found is None:
                conn.execute(table.insert(), [row])


def rows_in(columns: Sequence[ColumnElement[Any]], rows: Sequence[Sequence[Any]]) -> ColumnElement[bool]:
    """``(a, b) IN ((1, 2), (3, 4))`` written as ``(a = 1 AND b = 2) OR (a = 3 AND b = 4)``. SQLite has no row-value
    IN list (SQLAlchemy renders one as ``IN (VALUES ...)``) and plans that as a walk of the whole table; it plans
    the OR of equalities as one index search per row. PostgreSQL searches its index either way."""
    if not rows:
        return false()
    return or_(*(and_(*(c == v for c, v in zip(columns, row, strict=True))) for row in rows))


@functools.lru_cache(maxsize=64)
def select_rows_in(base: Select[Any], columns: tuple[ColumnElement[Any], ...], count: int) -> Select[Any]:
    """``base`` (a statement built once, kept by the caller) narrowed to the rows whose ``columns`` equal one of
    ``count`` rows of values: ``rows_in`` with bound parameters (``rows_params`` names them), built once for each
    count. A statement built at every call cost more than the search itself (each equality an expression, the
    whole tree walked again for its cache key)."""
    width = len(columns)
    return base.where(
        or_(*(and_(*(columns[j] == bindparam(f"_r{i}_{j}") for j in range(width))) for i in range(count)))
    )


def rows_params(rows: Sequence[Sequence[Any]]) -> dict[str, Any]:
    """The parameters of ``select_rows_in`` for these rows."""
    return {f"_r{i}_{j}": v for i, row in enumerate(rows) for j, v in enumerate(row)}
