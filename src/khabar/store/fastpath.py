"""A write transaction's statements on SQLite, run on the driver directly once SQLAlchemy has compiled them.

Why: a document's write is some twenty small statements, and SQLite runs each in a few microseconds, while
SQLAlchemy's execution around it (cache-key lookup, parameter processing, result set-up) costs 30-120
microseconds a statement: two thirds of the time a write spent in ``Connection.execute`` was SQLAlchemy's,
and one SQLite store has one writer, so that time bounds a whole Dask ingest (``khabar.cluster``).

How: ``FastConnection`` is a ``Connection``; its ``execute`` hands a statement it has already seen (the same
object: the write path's statements are module constants) to the DBAPI cursor with the SQL and parameter order
SQLAlchemy compiled for it, the type processors SQLAlchemy would apply, and a small result that answers the
same calls (``FastResult``). Anything else takes SQLAlchemy's own path unchanged: a statement met the first
time (statements built per call are never compiled twice), one whose compiled form this module does not handle
(a bind rendered at execution other than an expanding ``IN``, escaped bind names, a bind computed by a
callable, Python-side column defaults), an empty ``IN`` list, a connection with cursor-execute listeners (tests
and benchmarks that count statements see them all), any backend but SQLite. Errors come out as the same
``sqlalchemy.exc`` classes. A test writes corpora through both paths and compares the stores row by row.
"""

from __future__ import annotations

import weakref
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import CompileError, DBAPIError
from sqlalchemy.sql import Delete, Insert, Select, TextClause, Update

__all__ = ["FastConnection", "FastResult", "begin"]

_POSTCOMPILE = "__[POSTCOMPILE_{}]"
_KINDS = (Select, Insert, Update, Delete, TextClause)
_UNSUPPORTED = object()  # a compiled form this module leaves to SQLAlchemy


@contextmanager
def begin(engine: Engine) -> Iterator[Connection]:
    """``engine.begin()``, on a ``FastConnection`` when the store is SQLite."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as conn:
            yield conn
        return
    with FastConnection(engine) as conn, conn.begin():
        yield conn


class _Compiled:
    """One statement's compiled SQL for one set of parameter names, ready for the driver."""

    __slots__ = ("sql", "names", "fixed", "expanding", "binds", "row", "results", "pk", "returns", "plain")

    def __init__(self, conn: Connection, stmt: Any, keys: Sequence[str]) -> None:
        comp: Any = stmt.compile(dialect=conn.dialect, column_keys=list(keys))
        names = list(comp.positiontup or ())
        if (
            comp.escaped_bind_names
            or comp.insert_prefetch
            or comp.update_prefetch
            or any(comp.binds[n].callable is not None for n in names)
        ):
            raise LookupError("left to SQLAlchemy")
        expanding = {n for n in names if comp.binds[n].expanding}
        for n in set(comp.literal_execute_params) | set(comp.post_compile_params):
            if n.key not in expanding:  # rendered into the SQL at execution: SQLAlchemy's own job
                raise LookupError("left to SQLAlchemy")
        self.sql: str = comp.string
        self.names = names
        # the values bound in the statement itself
        self.fixed: dict[str, Any] = comp.construct_params(_check=False)
        self.expanding = expanding
        self.binds: dict[str, Callable[[Any], Any]] = dict(comp._bind_processors)
        columns = [c[0] for c in comp._result_columns] if comp._result_columns else []
        self.row = _row_class(columns) if columns else None
        self.results: list[Callable[[Any], Any] | None] | None = None
        if columns:
            procs = [c[3]._cached_result_processor(conn.dialect, None) for c in comp._result_columns]
            self.results = procs if any(procs) else None
        self.returns = bool(columns) or bool(getattr(comp, "returning", None))
        table = getattr(stmt, "table", None)
        pk = list(table.primary_key.columns) if isinstance(stmt, Insert) and table is not None else []
        self.pk = pk[0].key if len(pk) == 1 else None
        # the common case, every parameter given and none to convert or expand: one C call a row
        self.plain: Callable[[Mapping[str, Any]], Sequence[Any]] | None = None
        if not expanding and not self.binds:
            self.plain = itemgetter(*names) if len(names) > 1 else (lambda p: tuple(p[n] for n in names))

    def args(self, params: Mapping[str, Any]) -> tuple[str, Sequence[Any]] | None:
        """The SQL and positional arguments for one set of parameters (None: an empty ``IN`` list)."""
        if self.plain is not None:
            try:
                return self.sql, self.plain(params)
            except KeyError:  # a value bound in the statement itself: the long way
                pass
        sql, out = self.sql, cast(list[Any], [])
        for n in self.names:
            v = params[n] if n in params else self.fixed[n]
            proc = self.binds.get(n)
            if n in self.expanding:
                v = list(v)
                if not v:
                    return None
                out.extend(map(proc, v) if proc else v)
                sql = sql.replace(_POSTCOMPILE.format(n), ", ".join("?" * len(v)), 1)
            else:
                out.append(proc(v) if proc and v is not None else v)
        return sql, out


_ROW_CLASSES: dict[tuple[str, ...], type] = {}


def _row_class(columns: Sequence[str]) -> type:
    """A tuple with the columns as attributes and ``_mapping``, as a SQLAlchemy ``Row`` offers."""
    key = tuple(columns)
    cls = _ROW_CLASSES.get(key)
    if cls is None:
        base = namedtuple("Row", key, rename=True)  # type: ignore[misc]
        names = list(key)
        cls = type(
            "Row",
            (base,),
            {"__slots__": (), "_mapping": property(lambda self: dict(zip(names, self, strict=True)))},
        )
        _ROW_CLASSES[key] = cls
    return cls


class FastResult:
    """The rows of one fast statement, all fetched: the calls the store makes on a ``CursorResult``."""

    def __init__(self, rows: list[Any], rowcount: int, primary_key: Any = None) -> None:
        self._rows = rows
        self.rowcount = rowcount
        self._pk = primary_key

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)

    def all(self) -> list[Any]:
        return list(self._rows)

    fetchall = all

    def first(self) -> Any:
        return self._rows[0] if self._rows else None

    def one(self) -> Any:
        if len(self._rows) != 1:
            from sqlalchemy.exc import MultipleResultsFound, NoResultFound

            raise (NoResultFound if not self._rows else MultipleResultsFound)(
                f"expected one row, got {len(self._rows)}"
            )
        return self._rows[0]

    def one_or_none(self) -> Any:
        return self.one() if self._rows else None

    def scalar(self) -> Any:
        return self._rows[0][0] if self._rows else None

    def scalar_one(self) -> Any:
        return self.one()[0]

    def scalar_one_or_none(self) -> Any:
        row = self.one_or_none()
        return None if row is None else row[0]

    def scalars(self) -> FastResult:
        return FastResult([r[0] for r in self._rows], self.rowcount)

    def mappings(self) -> FastResult:
        return FastResult([r._mapping for r in self._rows], self.rowcount)

    @property
    def inserted_primary_key(self) -> tuple[Any, ...]:
        return (self._pk,)


class FastConnection(Connection):
    """A ``Connection`` whose ``execute`` runs statements it has compiled before on the driver (module doc)."""

    # per statement object: None once seen, then {parameter names: _Compiled or _UNSUPPORTED}
    _seen: weakref.WeakKeyDictionary[Any, dict[tuple[str, ...], Any] | None] = weakref.WeakKeyDictionary()

    def execute(self, statement: Any, parameters: Any = None, *args: Any, **kw: Any) -> Any:
        if args or kw or not isinstance(statement, _KINDS) or self._has_events or self.engine._has_events:
            return super().execute(statement, parameters, *args, **kw)
        many = isinstance(parameters, list)
        if many and not parameters:
            return super().execute(statement, parameters)
        first = parameters[0] if many else (parameters or {})
        try:
            forms = self._seen[statement]
        except KeyError:  # seen once: SQLAlchemy runs it (a statement built per call stays with SQLAlchemy)
            self._seen[statement] = None
            return super().execute(statement, parameters)
        except TypeError:  # not weakly referable
            return super().execute(statement, parameters)
        if forms is None:
            forms = self._seen[statement] = {}
        keys = tuple(sorted(first))
        form = forms.get(keys)
        if form is None:
            # AttributeError: another SQLAlchemy's internals; CompileError: SQLAlchemy says what is wrong with the call
            try:
                form = _Compiled(self, statement, keys)
            except (LookupError, AttributeError, CompileError):
                form = _UNSUPPORTED
            forms[keys] = form
        if not isinstance(form, _Compiled):
            return super().execute(statement, parameters)
        return self._run(form, statement, parameters if many else [first], many)

    def _run(self, form: _Compiled, statement: Any, rows: list[Mapping[str, Any]], many: bool) -> Any:
        calls = []
        for params in rows:
            try:
                call = form.args(params)
            except KeyError:  # a parameter missing: SQLAlchemy's own error says which
                call = None
            if call is None:  # (or an empty IN list: SQLAlchemy renders its own empty set)
                return super().execute(statement, rows if many else rows[0])
            calls.append(call)
        dbapi_conn = self.connection.driver_connection
        cursor = dbapi_conn.cursor()  # type: ignore[union-attr]
        fetched: list[Any] = []
        count = 0
        described = None
        try:
            if many and not form.returns and not form.expanding:
                cursor.executemany(calls[0][0], [a for _s, a in calls])
                count = cursor.rowcount
            else:
                for sql, a in calls:
                    cursor.execute(sql, a)
                    if cursor.description is not None:
                        described = cursor.description
                        fetched.extend(cursor.fetchall())
                    count += max(cursor.rowcount, 0)
            lastrowid = cursor.lastrowid
        except self.dialect.loaded_dbapi.Error as exc:
            raise DBAPIError.instance(
                calls[0][0], calls[0][1], exc, self.dialect.loaded_dbapi.Error, dialect=self.dialect
            ) from exc
        finally:
            cursor.close()
        if fetched:
            fetched = self._rows(form, described, fetched)
        pk = None
        if form.pk is not None and not many:
            given = rows[0].get(form.pk)
            pk = given if given is not None else lastrowid
        return cast(CursorResult[Any], FastResult(fetched, count, pk))

    @staticmethod
    def _rows(form: _Compiled, described: Any, fetched: list[Any]) -> list[Any]:
        cls = form.row or _row_class([d[0] for d in described])
        procs = form.results
        if procs is None:
            return [cls(*r) for r in fetched]
        return [cls(*(p(v) if p else v for p, v in zip(procs, r, strict=True))) for r in fetched]
