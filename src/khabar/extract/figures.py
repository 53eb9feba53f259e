"""An event's casualty figures as one list: every figure the report stated, in order, with who stated it.

Finders record a report's toll as they meet it (the event's ``killed``/``wounded`` and the figures a later
sentence superseded); ``finish_figures`` turns that into ``EventFact.figures``, the one list the store keeps.
"""

from __future__ import annotations

from khabar.model import Count, EventFact, Figure

__all__ = ["finish_figures", "own_figure"]


def finish_figures(fact: EventFact) -> None:
    """Fill ``fact.figures`` from the toll fields where no finder gave figures itself: the superseded figures
    first (oldest first), then the event's own; a figure stated twice keeps its last saying."""
    if fact.figures:
        kept: dict[tuple[object, ...], Figure] = {}
        for f in sorted(fact.figures, key=lambda f: f.sentence):  # in the order the report states them
            said = (f.field, f.count.min, f.count.max, f.claim, f.said_by, f.said_by_text)
            kept.pop(said, None)
            kept[said] = f
        # a figure told as an earlier one ("initially reported four") goes before the others: the store and the
        # export take the last a report stated as its own toll
        told_earlier = [f for f in kept.values() if (f.field, f.count.min, f.count.max, f.sentence) in fact.earlier]
        fact.figures = told_earlier + [f for f in kept.values() if f not in told_earlier]
        fact.killed = _count(own_figure(fact.figures, "killed"))
        fact.wounded = _count(own_figure(fact.figures, "wounded"))
        return
    default = fact.sentences[0] if fact.sentences else -1
    rows = [(name, count, stated) for name, count, stated in fact.superseded]
    rows += [
        (name, count, fact.figure_sentences.get(name, default))
        for name, count in (("killed", fact.killed), ("wounded", fact.wounded))
        if count is not None
    ]
    out: dict[tuple[str, int | None, int | None], Figure] = {}
    for name, count, stated in rows:
        if count.min is None and count.max is None:
            continue
        key = (name, count.min, count.max)
        out.pop(key, None)
        out[key] = Figure(field=name, count=count, sentence=stated)
    fact.figures = list(out.values())


def own_figure(figures: list[Figure], field: str) -> Figure | None:
    """The report's own figure for ``field``: the last it stated that is not a party's claim."""
    return next((f for f in reversed(figures) if f.field == field and not f.claim), None)


def _count(f: Figure | None) -> Count | None:
    return f.count if f is not None else None
