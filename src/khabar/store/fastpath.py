"""A write transaction's statements run on the driver directly once SQLAlchemy has compiled them.

Why: a document's write is some twenty small statements, and SQLite runs each in a few microseconds, while
SQLAlchemy's execution around it (cache-key lookup, parameter processing, result set-up) costs 30-120
microseconds a statement: two thirds of the time a write spent in ``Connection.execute`` was SQLAlchemy's. One
SQLite store has one writer, so that time bounds a whole Dask ingest (``khabar.cluster``); on PostgreSQL it is
spent holding the store's write lock, which the other workers queue for.

How: ``FastConnection`` is a ``Connection``; its ``execute`` hands a statement it has already seen (the same
object: the write path's statements are module constants) to the DBAPI cursor with the SQL SQLAlchemy compiled
for it (parameters by position for SQLite, by name for psycopg), the type processors SQLAlchemy would apply, and
a small result that answers the same calls (``FastResult``). Anything else takes SQLAlchemy's own path
unchanged: a statement met the first time (statements built per call are never compiled twice), one with
execution options, one whose compiled form this module does not handle (a bind rendered at execution other than
an expanding ``IN``, escaped bind names, a bind computed by a callable, Python-side column defaults, a one-row
insert whose new key SQLAlchemy fetches with a RETURNING of its own), an empty ``IN`` list, a connection with
cursor-execute listeners (tests and benchmarks that count statements see them all). Errors come out as the same
``sqlalchemy.exc`` classes. A test writes corpora through both paths, on both backends, and compares the stores
row by row.

On psycopg, a statement on this path whose results nobody reads (an insert or update without a RETURNING) is sent
in pipeline mode without waiting for the server; the next statement that reads (on either path) takes the
pipeline's results in first, and so does ``begin`` before its commit. A relevant document runs some 14 such
statements under the write lock, and each no longer costs the lock a round trip. Their rowcount is -1 (unknown),
and an error of one comes out at that next read or at the end of the transaction, failing it as before. A textual
statement says nothing of its results, so it is read like a query unless declared result-less (``no_rows``). The
transaction's psycopg statements share one cursor, whose column descriptions are asked for only when needed
(psycopg builds them anew at each call).
"""

from __future__ import annotations

import weakref
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import CompileError, DBAPIError
from sqlalchemy.sql import CompoundSelect, Delete, Insert, Select, TextClause, Update

__all__ = ["FastConnection", "FastResult", "begin", "no_rows"]

_POSTCOMPILE = "__[POSTCOMPILE_{}]"
_KINDS = (Select, CompoundSelect, Insert, Update, Delete, TextClause)
_UNSUPPORTED = object()  # a compiled form this module leaves to SQLAlchemy


@contextmanager
def begin(engine: Engine) -> Iterator[FastConnection]:
    """``engine.begin()`` on a ``FastConnection``."""
    conn = FastConnection(engine)
    with conn, conn.begin():
        try:
            yield conn
        except BaseException as exc:
            conn._end_pipeline(failed=exc)
            raise
        conn._end_pipeline()  # before the commit: a deferred statement's error fails the transaction


class _Compiled:
    """One statement's compiled SQL for one set of parameter names, ready for the driver."""

    __slots__ = (
        "sql", "names", "named", "fixed", "expanding", "binds", "row", "results", "pk", "returns", "plain",
        "implicit", "types", "pipelined", "deferred",
    )  # fmt: skip

    def __init__(self, conn: Connection, stmt: Any, keys: Sequence[str], *, many: bool) -> None:
        if getattr(stmt, "_execution_options", None):  # streaming, a schema map...: SQLAlchemy's to honour
            raise LookupError("left to SQLAlchemy")
        comp: Any = stmt.compile(dialect=conn.dialect, column_keys=list(keys), for_executemany=many)
        # rows that come back (RETURNING) from several inserted: the one-row statement, run once a row; psycopg
        # sends them all in one pipeline (``executemany(returning=True)``), one round trip as SQLAlchemy's
        # multi-row VALUES is, without SQLAlchemy's cost around it; another driver is left to SQLAlchemy
        self.pipelined = False
        if getattr(comp, "_insertmanyvalues", None) is not None:
            if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
                self.pipelined = True
            elif conn.dialect.name != "sqlite":
                raise LookupError("left to SQLAlchemy")
            comp = stmt.compile(dialect=conn.dialect, column_keys=list(keys))
        # the driver's parameters by position (SQLite's ?) or by name (psycopg's %(name)s)
        self.named = comp.positiontup is None
        # the values bound in the statement itself (and, by name, every parameter the SQL takes)
        fixed: dict[str, Any] = comp.construct_params(_check=False)
        names = list(fixed) if self.named else list(comp.positiontup)
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
        self.fixed = fixed
        self.expanding = expanding
        self.binds: dict[str, Callable[[Any], Any]] = dict(comp._bind_processors)
        columns = [c[0] for c in comp._result_columns] if comp._result_columns else []
        self.row = _row_class(columns) if columns else None
        # the columns' result processors, made from the driver's type codes at the first rows (PostgreSQL's
        # numeric processors need them); None: none to apply
        self.types = [c[3] for c in comp._result_columns] if columns else []
        self.results: list[Callable[[Any], Any] | None] | None | bool = bool(columns) or None
        self.returns = bool(columns) or bool(getattr(comp, "returning", None))
        table = getattr(stmt, "table", None)
        pk = list(table.primary_key.columns) if isinstance(stmt, Insert) and table is not None else []
        self.pk = pk[0].key if len(pk) == 1 else None
        # a one-row insert on PostgreSQL: SQLAlchemy's compiler adds a RETURNING of the new key, which the result
        # gives as inserted_primary_key and not as rows
        self.implicit = isinstance(stmt, Insert) and self.returns and not stmt._returning
        # nothing comes back for anyone to read: on psycopg it is sent without waiting (FastConnection's pipeline).
        # A textual statement does not say whether it returns rows: only one declared result-less (``no_rows``) is
        self.deferred = (
            not self.returns
            and (not isinstance(stmt, TextClause) or stmt in _RESULTLESS)
            and conn.dialect.driver == "psycopg"
            and _pipelines()
        )
        if self.implicit and [c.key for c in comp.returning or ()] != [self.pk]:
            raise LookupError("left to SQLAlchemy")
        lastrowid = getattr(conn.dialect, "postfetch_lastrowid", False)
        if (
            isinstance(stmt, Insert)
            and not many
            and not self.returns
            and self.pk not in keys
            and not lastrowid
        ):
            raise LookupError("left to SQLAlchemy")  # no way to tell the new key
        # the common case, every parameter given and none to convert or expand: one C call a row
        self.plain: Callable[[Mapping[str, Any]], Sequence[Any] | dict[str, Any]] | None = None
        if not expanding and not self.binds:
            if self.named:
                self.plain = lambda p: {n: p[n] for n in names}
            else:
                self.plain = itemgetter(*names) if len(names) > 1 else (lambda p: tuple(p[n] for n in names))

    def args(self, params: Mapping[str, Any]) -> tuple[str, Sequence[Any] | dict[str, Any]] | None:
        """The SQL and positional arguments for one set of parameters (None: an empty ``IN`` list)."""
        if self.plain is not None:
            try:
                return self.sql, self.plain(params)
            except KeyError:  # a value bound in the statement itself: the long way
                pass
        sql = self.sql
        out: list[Any] = []
        named: dict[str, Any] = {}
        for n in self.names:
            v = params[n] if n in params else self.fixed[n]
            proc = self.binds.get(n)
            if n in self.expanding:
                v = list(v)
                if not v:
                    return None
                v = list(map(proc, v)) if proc else v
                if self.named:
                    keys = [f"{n}_{i}" for i in range(1, len(v) + 1)]
                    named.update(zip(keys, v, strict=True))
                    marks = ", ".join(f"%({k})s" for k in keys)
                else:
                    out.extend(v)
                    marks = ", ".join("?" * len(v))
                sql = sql.replace(_POSTCOMPILE.format(n), marks, 1)
                continue
            if proc and v is not None:
                v = proc(v)
            if self.named:
                named[n] = v
            else:
                out.append(v)
        return sql, (named if self.named else out)


_ROW_CLASSES: dict[tuple[str, ...], type] = {}
_RESULTLESS: weakref.WeakSet[TextClause] = weakref.WeakSet()


def no_rows(stmt: TextClause) -> TextClause:
    """Declare a textual statement result-less (``SET ...``, a ``SELECT`` of a lock function whose value nobody
    reads), so psycopg may send it without waiting for the server like an insert (module doc)."""
    _RESULTLESS.add(stmt)
    return stmt


@lru_cache(maxsize=1)
def _pipelines() -> bool:
    """Whether psycopg's libpq has pipeline mode (libpq 14 and later; the binary wheels bring their own)."""
    try:
        import psycopg

        return bool(psycopg.Pipeline.is_supported())
    except (ImportError, AttributeError):
        return False


def _row_class(columns: Sequence[str]) -> type:
    """A tuple with the columns as attributes and ``_mapping``, as a SQLAlchemy ``Row`` offers."""
    key = tuple(columns)
    cls = _ROW_CLASSES.get(key)
    if cls is None:
        base = namedtuple("Row", key, rename=True)  # type: ignore[misc]
        cls = type(
            "Row",
            (base,),
            {"__slots__": (), "_mapping": property(lambda self: dict(zip(key, self, strict=True)))},
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

    # per statement object: None once seen, then {(backend, many, parameter names): _Compiled or _UNSUPPORTED}
    _seen: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Any] | None] = weakref.WeakKeyDictionary()
    # psycopg's pipeline of what was sent since the last statement whose results were read
    _pipeline: Any = None
    _cursor: Any = None  # psycopg: the cursor the transaction's fast statements share

    @property
    def _shares_cursor(self) -> bool:
        return self.dialect.driver == "psycopg"

    def close(self) -> None:
        cursor, self._cursor = self._cursor, None
        if cursor is not None:
            cursor.close()
        super().close()

    def _end_pipeline(self, *, failed: BaseException | None = None) -> None:
        """Take in the deferred statements' results (raising the first one's error) and leave pipeline mode;
        ``failed``: the transaction's own error, which goes on (psycopg logs one of the pipeline's beside it)."""
        pipeline, self._pipeline = self._pipeline, None
        if pipeline is None:
            return
        if failed is not None:
            pipeline.__exit__(type(failed), failed, failed.__traceback__)
            return
        try:
            pipeline.__exit__(None, None, None)
        except self.dialect.loaded_dbapi.Error as exc:
            what, error = "(a pipeline of statements)", self.dialect.loaded_dbapi.Error
            raise DBAPIError.instance(what, None, exc, error, dialect=self.dialect) from exc

    def _execute_context(self, *args: Any, **kw: Any) -> Any:
        """Every statement SQLAlchemy runs itself (``execute``, ``scalar``, ``exec_driver_sql``, savepoints...)
        reads its results the usual way, so the deferred statements' results are taken in first."""
        self._end_pipeline()
        return super()._execute_context(*args, **kw)

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
        d = self.dialect  # (the forms of one statement on several backends, in one process)
        keys = (d.name, d.paramstyle, d.server_version_info, many, *sorted(first))
        form = forms.get(keys)
        if form is None:
            # AttributeError: another SQLAlchemy's internals; CompileError: SQLAlchemy says what is wrong with the call
            try:
                form = _Compiled(self, statement, keys[4:], many=many)
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
        if not form.deferred:
            self._end_pipeline()
        elif self._pipeline is None:
            self._pipeline = dbapi_conn.pipeline()  # type: ignore[union-attr]
            self._pipeline.__enter__()
        cursor = self._cursor
        if cursor is None:
            cursor = dbapi_conn.cursor()  # type: ignore[union-attr]
            if self._shares_cursor:  # psycopg: one a transaction (a new one costs more than a statement)
                self._cursor = cursor
        fetched: list[Any] = []
        count = 0
        described = None
        try:
            if many and not form.returns and not form.expanding:
                cursor.executemany(calls[0][0], [a for _s, a in calls])
                count = cursor.rowcount
            elif many and form.pipelined:
                cursor.executemany(calls[0][0], [a for _s, a in calls], returning=True)
                while True:  # one result a row, in the order given
                    fetched.extend(cursor.fetchall())
                    count += max(cursor.rowcount, 0)
                    if not cursor.nextset():
                        break
            else:
                for sql, a in calls:
                    cursor.execute(sql, a)
                    if form.deferred:
                        continue
                    # (psycopg builds a description's columns anew at each call: asked only of a statement that
                    # may or may not return rows, a textual one)
                    if form.returns or cursor.description is not None:
                        fetched.extend(cursor.fetchall())
                    count += max(cursor.rowcount, 0)
            if form.deferred:
                count = -1  # not known until the pipeline's results come in
            elif fetched and (form.row is None or form.results is True):
                described = cursor.description  # the columns' names and types, needed the first time only
            lastrowid = getattr(cursor, "lastrowid", None)
        except self.dialect.loaded_dbapi.Error as exc:
            raise DBAPIError.instance(
                calls[0][0], calls[0][1], exc, self.dialect.loaded_dbapi.Error, dialect=self.dialect
            ) from exc
        finally:
            if cursor is not self._cursor:
                cursor.close()
        pk = None
        if form.implicit:
            pk, fetched = (fetched[0][0] if fetched else None), []
        elif form.pk is not None and not many:
            given = rows[0].get(form.pk)
            pk = given if given is not None else lastrowid
        if fetched:
            fetched = self._rows(form, self.dialect, described, fetched)
        return cast(CursorResult[Any], FastResult(fetched, count, pk))

    @staticmethod
    def _rows(form: _Compiled, dialect: Any, described: Any, fetched: list[Any]) -> list[Any]:
        cls = form.row or _row_class([d[0] for d in described])
        if form.results is True:
            made = [
                t._cached_result_processor(dialect, d[1]) for t, d in zip(form.types, described, strict=True)
            ]
            form.results = made if any(made) else None
        procs = form.results
        new = tuple.__new__  # the namedtuple's own __new__ is Python code, a call a row
        if not isinstance(procs, list):
            return [new(cls, r) for r in fetched]
        return [new(cls, [p(v) if p else v for p, v in zip(procs, r, strict=True)]) for r in fetched]
