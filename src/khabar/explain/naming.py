"""Names in a question matched loosely to the names the store knows.

"the Garissa college" is "Garissa University College", "the Westgate mall" is "Westgate shopping mall", "the
Pakistani Taliban (TTP)" is TTP, "Islamic State Khurasan" is "Islamic State-Khorasan": a whole alias first, then
either side of a parenthesis, each part of "A and B", a known name the phrase shortens, the longest known name
inside the phrase, and a close spelling. An unknown name gets the closest known names to offer ("did you
mean …"), never a guess.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, func, select

from khabar.errors import NotFoundError, QueryError
from khabar.model import norm_name
from khabar.query.lookup import find_entity
from khabar.store import schema as t

__all__ = ["resolve_phrase", "entities_in", "suggest", "entity_types", "GENERIC_WORDS"]

_SHORT = 3  # aliases this short ("IS", "AQ") must match as written, in capitals: "is" is a verb
# Words that say what kind of place or body a name is, not which one: a question may shorten or swap them.
GENERIC_WORDS = frozenset(
    [
        "college",
        "university",
        "school",
        "academy",
        "institute",
        "mall",
        "shopping",
        "centre",
        "center",
        "complex",
        "plaza",
        "hotel",
        "resort",
        "church",
        "cathedral",
        "chapel",
        "mosque",
        "masjid",
        "temple",
        "shrine",
        "synagogue",
        "market",
        "bazaar",
        "marketplace",
        "hall",
        "concert",
        "theatre",
        "theater",
        "park",
        "garden",
        "airport",
        "airfield",
        "base",
        "camp",
        "barracks",
        "garrison",
        "station",
        "stadium",
        "hospital",
        "clinic",
        "embassy",
        "consulate",
        "ministry",
        "office",
        "offices",
        "headquarters",
        "square",
        "bridge",
        "road",
        "highway",
        "checkpoint",
        "post",
        "building",
        "tower",
        "city",
        "town",
        "village",
        "province",
        "district",
        "state",
        "region",
        "county",
        "area",
        "prison",
        "jail",
        "club",
        "cafe",
        "restaurant",
        "bus",
        "train",
        "port",
        "harbour",
        "harbor",
        "compound",
        "palace",
        "parliament",
        "court",
        "police",
        "army",
        "military",
    ]
)
_SYNONYMS = {
    "college": {"university"},
    "university": {"college"},
    "mall": {"shopping", "centre", "center", "complex", "plaza"},
    "centre": {"center", "mall"},
    "center": {"centre", "mall"},
    "church": {"cathedral", "chapel"},
    "cathedral": {"church"},
    "mosque": {"masjid"},
    "market": {"bazaar", "marketplace"},
    "base": {"camp", "garrison", "barracks"},
    "camp": {"base"},
    "hotel": {"resort", "inn"},
    "theatre": {"theater", "hall"},
    "hall": {"theatre", "theater", "centre"},
    "prison": {"jail"},
    "jail": {"prison"},
}
_STOP = frozenset({"the", "a", "an", "of", "in", "at", "on", "and", "its", "their", "s", "al", "el"})
_RELATIVE = re.compile(
    r"\s+(?:from whom|to whom|of whom|whom|which|that|who|whose|under whom|under which)\s+.+$", re.I
)


def resolve_phrase(conn: Connection, phrase: str) -> list[int]:
    """The entities a slot names, best first; [] when the store knows no such name."""
    phrase = phrase.strip()
    if not phrase:
        return []
    whole = _lookup(conn, phrase)
    if whole is not None:
        return [whole]
    rel = _RELATIVE.search(phrase)
    if rel and rel.start() > 0:  # "the dissidents from whom X takes orders": the head names it
        head = resolve_phrase(conn, phrase[: rel.start()])
        if head:
            return head
    paren = re.match(r"^(.+?)\s*\(([^()]+)\)\s*(.*)$", phrase)
    if paren:  # "the Pakistani Taliban (TTP)": either name, the one in brackets first
        for part in (paren.group(2), paren.group(1) + (" " + paren.group(3) if paren.group(3) else "")):
            found = _lookup(conn, part)
            if found is not None:
                return [found]
        phrase = (paren.group(1) + " " + paren.group(3)).strip()
    parts = [p for p in re.split(r",\s*|\s+and\s+|\s*&\s*|\s+or\s+", phrase) if p.strip()]
    if len(parts) > 1:
        each = [_lookup(conn, p) for p in parts]
        if all(f is not None for f in each):
            return list(dict.fromkeys(f for f in each if f is not None))
    shortened = _shortened(conn, phrase)
    if shortened is not None:
        return [shortened]
    inner = entities_in(conn, phrase)
    if inner:
        return inner
    return _fuzzy(conn, phrase)


def entity_types(conn: Connection, ids: list[int]) -> dict[int, str]:
    """Entity id → type, for the few entities a question names."""
    if not ids:
        return {}
    rows = conn.execute(select(t.entities.c.id, t.entities.c.type).where(t.entities.c.id.in_(ids)))
    return {r.id: r.type for r in rows}


def _lookup(conn: Connection, name: str) -> int | None:
    name = re.sub(r"^(?:the|a|an)\s+", "", name.strip(" ,;:\"'"), flags=re.I)
    if not name or len(norm_name(name)) < 2:
        return None
    try:
        return find_entity(conn, name)
    except (NotFoundError, QueryError):
        return None


def _stem(w: str) -> str:
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _tokens(norm: str) -> list[str]:
    return [_stem(w) for w in norm.split() if w not in _STOP]


def _covers(phrase_toks: list[str], alias_toks: set[str]) -> bool:
    """Every word of the phrase is in the alias (a generic word may be swapped for a synonym, or be the
    kind-word the alias leaves out when the alias has a kind-word of its own)."""
    alias_generic = alias_toks & GENERIC_WORDS
    for w in phrase_toks:
        if w in alias_toks:
            continue
        if w in GENERIC_WORDS and (_SYNONYMS.get(w, set()) & alias_toks or alias_generic):
            continue
        return False
    return True


def _shortened(conn: Connection, phrase: str) -> int | None:
    """A known name that the phrase shortens: "the Garissa college" → "Garissa University College"."""
    toks = _tokens(norm_name(phrase))
    distinctive = [w for w in toks if w not in GENERIC_WORDS and len(w) >= 3]
    if not distinctive or len(toks) < 2 or not any(w in GENERIC_WORDS for w in toks):
        return None  # only a name with a kind-word ("college", "mall") is shortened this way
    key = max(distinctive, key=len)
    rows = conn.execute(
        select(t.aliases.c.norm, t.aliases.c.entity_id).where(t.aliases.c.norm.like(f"%{key}%")).limit(2000)
    ).fetchall()
    best: tuple[float, int] | None = None
    for r in rows:
        alias_toks = set(_tokens(r.norm))
        if not _covers(toks, alias_toks) or not set(distinctive) <= alias_toks:
            continue
        if not alias_toks & GENERIC_WORDS:
            continue  # "Garissa" the town is not "the Garissa college"
        score = fuzz.token_set_ratio(" ".join(toks), " ".join(sorted(alias_toks)))
        if best is None or score > best[0]:
            best = (score, r.entity_id)
    return best[1] if best else None


_TOKEN = re.compile(r"[\w'\u2019-]+")


def entities_in(conn: Connection, text: str, max_n: int = 6) -> list[int]:
    """Entities named anywhere in ``text``: longest alias spans first, non-overlapping, in text order."""
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    spans: list[tuple[int, int, str]] = []
    for n in range(min(max_n, len(toks)), 0, -1):
        for i in range(len(toks) - n + 1):
            a, b = toks[i][0], toks[i + n - 1][1]
            surface = text[a:b].strip("'-")
            key = norm_name(surface)
            if len(key) < 2:
                continue
            spans.append((a, b, surface))
            if surface.endswith(("'s", "\u2019s")):  # "Kunduz's" also names Kunduz
                spans.append((a, b - 2, surface[:-2]))
    taken: list[tuple[int, int, int]] = []
    keys = {norm_name(s) for _, _, s in spans}
    known = _known_aliases(conn, keys)
    for a, b, surface in spans:
        if any(a < y and x < b for x, y, _ in taken):
            continue
        hit = known.get(norm_name(surface))
        if hit is None:
            continue
        ent, written = hit
        if len(norm_name(surface)) <= _SHORT and surface not in written:
            continue  # "is", "al" as words are not the groups IS / AL
        taken.append((a, b, ent))
    return list(dict.fromkeys(e for _, _, e in sorted(taken)))


def _known_aliases(conn: Connection, keys: set[str]) -> dict[str, tuple[int, set[str]]]:
    """norm → (most mentioned entity with that alias, the alias as written)."""
    if not keys:
        return {}
    n_mentions = (
        select(func.count())
        .select_from(t.mentions)
        .where(t.mentions.c.entity_id == t.aliases.c.entity_id)
        .scalar_subquery()
    )
    q = (
        select(t.aliases.c.norm, t.aliases.c.entity_id, t.aliases.c.alias, n_mentions.label("n"))
        .where(t.aliases.c.norm.in_(sorted(keys)))
        .order_by(n_mentions.desc(), t.aliases.c.entity_id)
    )
    out: dict[str, tuple[int, set[str]]] = {}
    for r in conn.execute(q):
        if r.norm not in out:
            out[r.norm] = (r.entity_id, {r.alias})
        elif out[r.norm][0] == r.entity_id:
            out[r.norm][1].add(r.alias)
    return out


def _fuzzy(conn: Connection, phrase: str) -> list[int]:
    """A close spelling of a known alias ("Islamic State Khurasan"); strict, so a new name stays unknown."""
    key = norm_name(phrase)
    if len(key) < 5:
        return []
    rows = conn.execute(
        select(t.aliases.c.norm, t.aliases.c.entity_id)
        .where(t.aliases.c.norm.like(key[:3] + "%"))
        .limit(5000)
    ).fetchall()
    if not rows:
        return []
    best = process.extractOne(key, [r.norm for r in rows], scorer=fuzz.ratio, score_cutoff=90)
    if best is None:
        return []
    return [rows[best[2]].entity_id]


_SUGGEST_LIMIT = 200_000  # aliases looked at for "did you mean" (only when a name is unknown)


def suggest(conn: Connection, phrase: str, *, types: tuple[str, ...] = (), limit: int = 3) -> list[str]:
    """The known names closest to an unknown one, for "did you mean …" (the entity's own name, once each)."""
    key = norm_name(phrase)
    if len(key) < 3:
        return []
    q = select(t.aliases.c.norm, t.entities.c.name, t.entities.c.id).join(
        t.entities, t.entities.c.id == t.aliases.c.entity_id
    )
    if types:
        q = q.where(t.entities.c.type.in_(types))
    rows = conn.execute(q.limit(_SUGGEST_LIMIT)).fetchall()
    if not rows:
        return []
    found = process.extract(
        key, [r.norm for r in rows], scorer=fuzz.token_sort_ratio, limit=limit * 8, score_cutoff=75
    )
    out: dict[int, str] = {}
    for _, _score, i in sorted(found, key=lambda f: (-f[1], f[2])):
        r = rows[i]
        if r.id not in out and len(norm_name(r.name)) >= 2:
            out[r.id] = r.name
        if len(out) >= limit:
            break
    return list(out.values())
