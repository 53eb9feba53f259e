"""SQL expressions that mean the same on SQLite and PostgreSQL, where the plain form would not.

Text order is the one difference that bites: SQLite compares strings byte by byte, PostgreSQL by the database's
collation (``en_US.UTF-8`` or ICU on most servers puts "a" before "B" and may skip punctuation). Sorting and
range filters on text therefore go through ``bytewise``, which is byte order (as Python's ``sorted``) on both.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

__all__ = ["bytewise"]


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
