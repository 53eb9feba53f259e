"""Planner statistics kept up with a PostgreSQL store that grows fast (an ingest into a new or small store).

Why: PostgreSQL plans with the statistics ``ANALYZE`` last gathered. A new store's tables have none, so the planner
falls back on default guesses (an equality keeps half a percent of the rows), and the plans of the writer's
look-ups made in its first documents (nested loops over sequential scans, right for near-empty tables) are kept as
the prepared statements' generic plans while the tables grow by thousands of rows. Each look-up then reads two
whole tables, once per row of one of them: a write's cost grows with the square of the store. Autovacuum analyses
a table once a tenth of it has changed, but looks only once a minute (``autovacuum_naptime``), so an ingest of a few
thousand documents into a new store ran on the empty store's plans from start to end. (Seen with
``auto_explain``: the look-up of a document's candidate reports took 4 to 19 ms a call at about 1,000 documents;
0.1 to 0.4 ms once the tables were analysed, by ``pg_stat_statements``.)

So the writer analyses, itself, the store's tables that have doubled on disk since they were last analysed, at
most once every ``CHECK_SECONDS``: the size on disk (``pg_relation_size``) and the size at the last analysis
(``pg_class.relpages``) are both exact at once, where the activity counters (``pg_stat_user_tables``) lag. ANALYZE
makes every session re-plan the statements that read those tables. The schedule is geometric: a table of a
million rows is analysed again at two million, which autovacuum would have done long before. One process at a time
analyses (the others skip that round); a role that may not analyse a table gets a warning from PostgreSQL and the
write goes on; any error stops the checks for this process, never the write.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from khabar.store.engine import error_text

__all__ = ["PlannerStatistics", "CHECK_SECONDS", "MIN_PAGES"]

_log = logging.getLogger(__name__)

CHECK_SECONDS = 1.0
"""How often a writer looks at its tables' sizes (a query on the catalogue; well under a millisecond)."""
MIN_PAGES = 2
"""A table is first analysed once it has this many pages (16 KB): a nested loop over two sequential scans, which
the planner's guesses choose for tables it believes empty, is already slow at a few pages each."""
_ANALYZE_LOCK = 0x6B686173  # "khas": one analysing process at a time (pg_try_advisory_xact_lock)

_GROWN = text(
    "SELECT c.relname FROM pg_class c "
    "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname = ANY(:names) "
    "AND pg_relation_size(c.oid) >= greatest(:min_pages, 2 * c.relpages) * current_setting('block_size')::bigint "
    "ORDER BY c.relname"
)
_TRY_LOCK = text("SELECT pg_try_advisory_xact_lock(:key)")


class PlannerStatistics:
    """``refresh()`` before a write: analyse the tables in ``names`` that doubled since their last analysis
    (PostgreSQL only; on other backends it does nothing)."""

    def __init__(self, engine: Engine, names: Iterable[str], *, every: float = CHECK_SECONDS) -> None:
        self.engine = engine
        self.names = sorted(names)
        self.every = every
        self.enabled = engine.dialect.name == "postgresql"
        self._next = 0.0  # monotonic time of the next check
        self.analysed: list[list[str]] = []  # the tables of each analysis this process made (for tests, logs)

    def refresh(self) -> list[str]:
        """The tables analysed now (most calls: none, without a query)."""
        if not self.enabled:
            return []
        now = time.monotonic()
        if now < self._next:
            return []
        self._next = now + self.every
        try:
            with self.engine.begin() as conn:
                grown = list(conn.execute(_GROWN, {"names": self.names, "min_pages": MIN_PAGES}).scalars())
                if not grown or not conn.execute(_TRY_LOCK, {"key": _ANALYZE_LOCK}).scalar():
                    return []
                quote = self.engine.dialect.identifier_preparer.quote
                conn.exec_driver_sql("ANALYZE " + ", ".join(quote(n) for n in grown))
        except SQLAlchemyError as exc:
            self.enabled = False
            _log.warning("planner statistics: stopped keeping them fresh: %s", error_text(exc))
            return []
        self.analysed.append(grown)
        _log.debug("planner statistics: analysed %s", ", ".join(grown))
        return grown
