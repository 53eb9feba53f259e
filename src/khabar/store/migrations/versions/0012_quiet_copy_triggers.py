"""SQLite's copy triggers fire only when there is something to copy

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 09:00:00

Each event participant carries its event's type and first day (0009), kept by triggers. On SQLite they ran on
every write whether anything changed or not: an event's row rewritten with its type and day as they were still
rewrote every participant of the event (hundreds, for an event told by many reports, with two indexes each), and
every participant inserted was updated again straight after. Now the event's trigger fires only when its type or
day changed (PostgreSQL's did already), and an inserted participant is updated only when its copy differs from its
event's: the writer inserts participants with their event's type and day, so most need nothing. The copies mean
the same; only the work they cost changes.
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_COPY = (
    "type = (SELECT type FROM events WHERE id = NEW.event_id), "
    "date_start = (SELECT date_start FROM events WHERE id = NEW.event_id)"
)
_DIFFERS = (
    "NEW.type IS NOT (SELECT type FROM events WHERE id = NEW.event_id) "
    "OR NEW.date_start IS NOT (SELECT date_start FROM events WHERE id = NEW.event_id)"
)
_QUIET = [
    "CREATE TRIGGER event_participants_copy_ai AFTER INSERT ON event_participants "
    f"WHEN {_DIFFERS} BEGIN UPDATE event_participants SET {_COPY} WHERE id = NEW.id; END",
    "CREATE TRIGGER events_copy_au AFTER UPDATE OF type, date_start ON events "
    "WHEN OLD.type IS NOT NEW.type OR OLD.date_start IS NOT NEW.date_start BEGIN "
    "UPDATE event_participants SET type = NEW.type, date_start = NEW.date_start WHERE event_id = NEW.id; END",
]
_LOUD = [  # as 0009 made them
    "CREATE TRIGGER event_participants_copy_ai AFTER INSERT ON event_participants BEGIN "
    f"UPDATE event_participants SET {_COPY} WHERE id = NEW.id; END",
    "CREATE TRIGGER events_copy_au AFTER UPDATE OF type, date_start ON events BEGIN "
    "UPDATE event_participants SET type = NEW.type, date_start = NEW.date_start WHERE event_id = NEW.id; END",
]


def _replace(triggers: list[str]) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL's copy is a BEFORE trigger that sets the row, and its event trigger has its WHEN
    for name in ("event_participants_copy_ai", "events_copy_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in triggers:
        op.execute(statement)


def upgrade() -> None:
    _replace(_QUIET)


def downgrade() -> None:
    _replace(_LOUD)
