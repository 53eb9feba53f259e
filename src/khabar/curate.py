"""The facade's curation, explanation and reprocessing methods (``Khabar`` inherits them).

Curation changes the store by an analyst's decision: merge two events or entities, split a report out of an
event, reject an event, a figure, a relation or an alias, correct a slot, add an alias. Each is an audit entry
(who, when, why, before, after), reversible with ``undo`` and kept when facts are re-extracted or re-resolved
(``khabar.store.curation``). ``explain_merge`` says why two events or entities are one, or not;
``reprocess`` re-extracts stored documents with the current extractor and re-resolves them.
"""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from khabar.errors import CurationError, NotFoundError, QueryError

if TYPE_CHECKING:
    from khabar.store import Store
    from khabar.store.curation import AuditEntry

__all__ = ["Curating", "default_who", "parse_count"]


def default_who() -> str:
    """Who a curation is recorded as: ``KHABAR_USER``, else the login name."""
    try:
        return os.environ.get("KHABAR_USER") or getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (a container without a passwd entry)
        return "unknown"


def _ref(value: str | int, prefix: str, what: str) -> int:
    """``v12``/``12`` → 12 (for events; ``r`` for relations), or a clear error."""
    text = str(value).strip().lower()
    digits = text[1:] if text.startswith(prefix) else text
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 18):
        raise QueryError(f"{value!r} is not {what} id (like {prefix}12)")
    return int(digits)


def parse_count(text: str | int | dict[str, Any]) -> dict[str, int | None]:
    """A toll as written: "84", "at least 84", "up to 90", "84-90", or {"min", "max"}."""
    if isinstance(text, dict):
        return {"min": text.get("min"), "max": text.get("max")}
    if isinstance(text, int):
        return {"min": text, "max": text}
    s = text.strip().lower()
    if m := re.fullmatch(r"(\d+)", s):
        return {"min": int(m[1]), "max": int(m[1])}
    if m := re.fullmatch(r"(?:at least|more than|over|min(?:imum)?)\s*(\d+)\+?|(\d+)\+", s):
        return {"min": int(m[1] or m[2]), "max": None}
    if m := re.fullmatch(r"(?:up to|at most|nearly|almost|max(?:imum)?)\s*(\d+)", s):
        return {"min": None, "max": int(m[1])}
    if m := re.fullmatch(r"(\d+)\s*(?:-|–|to)\s*(\d+)", s):
        return {"min": int(m[1]), "max": int(m[2])}
    raise CurationError(f"{text!r} is not a toll: write 84, 'at least 84', 'up to 90' or 84-90")


class Curating:
    """Mixed into ``khabar.api.Khabar``: it has ``store`` and ``extractor``."""

    if TYPE_CHECKING:

        @property
        def store(self) -> Store: ...

        @property
        def extractor(self) -> Any: ...

    # -- references ----------------------------------------------------------------------------------------
    def _entity(self, name: str | int) -> int:
        from khabar.query.lookup import find_entity

        with self.store.connect() as conn:
            return find_entity(conn, str(name))

    def _run(self, op: Callable[[Any], AuditEntry]) -> AuditEntry:
        with self.store.curate() as curation:
            return op(curation)

    # -- events ----------------------------------------------------------------------------------------------
    def merge_events(self, a: str | int, b: str | int, *, reason: str, who: str | None = None) -> AuditEntry:
        """Make two events one (a curator's tie between their reports, kept through re-resolution)."""
        ea, eb = _ref(a, "v", "an event"), _ref(b, "v", "an event")
        return self._run(lambda c: c.merge_events(ea, eb, who=who or default_who(), reason=reason))

    def split_event(
        self, event: str | int, document: str, *, reason: str, who: str | None = None
    ) -> AuditEntry:
        """Take one document's report out of an event (it is kept apart from the event's other reports)."""
        ev = _ref(event, "v", "an event")
        return self._run(lambda c: c.split_event(ev, document, who=who or default_who(), reason=reason))

    def correct_event(
        self, event: str | int, slot: str, value: Any, *, reason: str, who: str | None = None
    ) -> AuditEntry:
        """Set an event's ``date`` ("2023-01-30"), ``place`` ("Peshawar" or {"name", "country", ...}),
        ``killed``/``wounded`` (84, "at least 84", {"min", "max"}), ``perpetrator`` (an entity's name or id, or
        words) or ``type``; the correction holds whatever later reports say."""
        ev = _ref(event, "v", "an event")
        if slot in ("killed", "wounded"):
            value = parse_count(value)
        elif slot == "perpetrator" and isinstance(value, str):
            try:
                ent = self._entity(value)
            except NotFoundError:
                value = {"text": value}
            else:
                value = {"entity_id": ent, "name": value}
        return self._run(lambda c: c.correct_event(ev, slot, value, who=who or default_who(), reason=reason))

    def reject(
        self,
        kind: str,
        target: str | int,
        *,
        reason: str,
        who: str | None = None,
        document: str | None = None,
        field: str = "killed",
        value: int | None = None,
        alias: str | None = None,
    ) -> AuditEntry:
        """Reject a fact so that it never comes back: ``event`` (v12), ``relation`` (r5), ``figure`` (an event's
        figure: ``document``, ``field``, ``value``) or ``alias`` (an entity's name: ``alias``)."""
        by = who or default_who()
        if kind == "event":
            ev = _ref(target, "v", "an event")
            return self._run(lambda c: c.reject_event(ev, who=by, reason=reason))
        if kind == "relation":
            rel = _ref(target, "r", "a relation")
            return self._run(lambda c: c.reject_relation(rel, who=by, reason=reason))
        if kind == "figure":
            ev = _ref(target, "v", "an event")
            if not document or value is None:
                raise CurationError("rejecting a figure needs its document and its value")
            if field not in ("killed", "wounded"):
                raise CurationError(f"a figure's field is killed or wounded, not {field!r}")
            return self._run(
                lambda c: c.reject_figure(
                    ev, document=document, field=field, value=value, who=by, reason=reason
                )
            )
        if kind == "alias":
            if not alias:
                raise CurationError("rejecting an alias needs the alias")
            ent = self._entity(target)
            return self._run(lambda c: c.reject_alias(ent, alias, who=by, reason=reason))
        raise CurationError(f"can reject an event, a relation, a figure or an alias, not {kind!r}")

    # -- entities --------------------------------------------------------------------------------------------
    def merge_entities(
        self, into: str | int, other: str | int, *, reason: str, who: str | None = None
    ) -> AuditEntry:
        """Make ``other`` part of ``into`` (every name, mention and tie); later reports of either name join it."""
        a, b = self._entity(into), self._entity(other)
        return self._run(lambda c: c.merge_entities(a, b, who=who or default_who(), reason=reason))

    def add_alias(self, entity: str | int, alias: str, *, reason: str, who: str | None = None) -> AuditEntry:
        """Give an entity another name (later reports using it join the entity)."""
        ent = self._entity(entity)
        return self._run(lambda c: c.add_alias(ent, alias, who=who or default_who(), reason=reason))

    # -- the audit -------------------------------------------------------------------------------------------
    def audit(self, *, limit: int = 50, offset: int = 0) -> list[AuditEntry]:
        """Curations, newest first."""
        with self.store.curate() as curation:
            return curation.entries(limit=limit, offset=offset)

    def audit_entry(self, audit_id: int) -> AuditEntry:
        with self.store.curate() as curation:
            return curation.entry(audit_id)

    def undo(self, audit_id: int, *, reason: str, who: str | None = None) -> AuditEntry:
        """Reverse a curation (an undo of an undo puts the curation back)."""
        with self.store.curate() as curation:
            entry = curation.undo(audit_id, who=who or default_who(), reason=reason)
            again = curation.reextract
        for doc_id in again:  # facts the curation kept out come back from their documents
            facts = self.extractor.extract_one(self.store.raw_document(doc_id))
            from khabar.extract.registry import EXTRACTION

            facts.extractor = facts.extractor or EXTRACTION
            self.store.rewrite(facts)
        return entry

    # -- why ---------------------------------------------------------------------------------------------------
    def explain_merge(self, a: str, b: str) -> dict[str, Any]:
        """Why two events (v12 v34) or two entities (names or e12) are one, or are not."""
        from khabar.query.merges import explain_entities, explain_events

        is_event = [bool(re.fullmatch(r"[vV]\d+", x.strip())) for x in (a, b)]
        with self.store.connect() as conn:
            if all(is_event):
                return explain_events(conn, _ref(a, "v", "an event"), _ref(b, "v", "an event"))
            if any(is_event):
                raise QueryError(
                    "explain-merge compares two events (v12 v34) or two entities, not one of each"
                )
            from khabar.query.lookup import find_entity

            return explain_entities(conn, find_entity(conn, a), find_entity(conn, b), a, b)

    # -- reprocessing ------------------------------------------------------------------------------------------
    def reprocess(
        self,
        *,
        since_version: str | None = None,
        on_outcome: Callable[[Any], None] | None = None,
        limit: int | None = None,
    ) -> Any:
        """Extract again every stored document whose facts an older extraction made (with ``since_version``,
        e.g. ``khabar.events.v2``: older than that component's version), from its stored text and metadata,
        and replace its facts; events and entities are re-decided and curations hold. Each document is one
        transaction, so a killed run loses nothing and the next run goes on where it stopped."""
        from khabar.api import DocumentOutcome, IngestReport
        from khabar.errors import KhabarError
        from khabar.extract import registry

        current = registry.EXTRACTION
        if since_version is not None:
            if not re.fullmatch(r"[\w.]+\.v\d+", since_version):
                raise QueryError(f"{since_version!r} is not a component version like khabar.events.v2")
            if registry.older_than(current, since_version):
                raise QueryError(f"{since_version} is newer than this khabar's extraction ({current})")
        report = IngestReport()
        after = ""
        done = 0
        while True:
            page = 16 if limit is None else min(16, limit - done)
            ids = self.store.stale_documents(current, since_version, after=after, limit=page)
            if not ids:
                break
            after = ids[-1]
            raws = [self.store.raw_document(i) for i in ids]
            for facts in self.extractor.extract(raws):
                doc_id = facts.document.id
                if facts.errors:
                    outcome = DocumentOutcome(
                        doc_id, "failed", document=doc_id, reason="; ".join(facts.errors)
                    )
                else:
                    facts.extractor = current
                    try:
                        res = self.store.rewrite(facts)
                    except KhabarError as exc:
                        outcome = DocumentOutcome(doc_id, "failed", document=doc_id, reason=str(exc))
                    else:
                        outcome = DocumentOutcome(doc_id, "ingested", document=doc_id, entities=res.entities,
                                                  events=res.events, relations=res.relations)  # fmt: skip
                report.outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
                done += 1
            if limit is not None and done >= limit:
                break
        return report
