"""Reading a question: which kind it is, and which entities (or which event) it is about.

General English question forms only ("who leads X", "how many were killed in E", "why did X attack Y"); the
slots are matched against the names the store knows, so any alias works and an unknown name is reported as
such rather than guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, func, select

from khabar.errors import NotFoundError, QueryError
from khabar.model import norm_name
from khabar.query.lookup import find_entity
from khabar.store import schema as t

__all__ = ["Question", "parse_question", "resolve_phrase", "entities_in", "KINDS"]

KINDS = (
    "what_is",
    "leader",
    "deputy",
    "first_leader",
    "attacks",
    "casualties",
    "who_attacked",
    "why",
    "unknown",
)

_LEAD_NOUN = r"(?:leader|leaders|head|chief|emir|amir|commander|boss|chairman)"
_PERSON_ROLE = r"(?:current |present |former |new |top |supreme |overall )?"
_YEAR = r"(?:\s+(?:in|during|by)\s+(?P<year>\d{4}))?"
_ATTACK_VERBS = (
    r"attack|attacked|strike|struck|bomb|bombed|hit|target|targeted|raid|raided|carry out attacks?|"
    r"launch attacks?|stage attacks?"
)
_CAPTURE_VERBS = r"capture|captured|seize|seized|take|took|overrun|overran|enter|entered|fall|fell"
_WHY_VERBS = (
    r"attack|attacked|hate|hates|hated|target|targets|targeted|fight|fights|fought|oppose|opposes|opposed|"
    r"bomb|bombed|strike|strikes|struck|threaten|threatens|threatened|kill|kills|killed|despise|despises|"
    r"resent|resents|blame|blames|consider|considers|see|sees|view|views|go after|declare war on|"
    r"wage war on|turn against|turned against|be hostile to|hostile to|at war with|enemies of|an enemy of|"
    r"against|dislike|dislikes"
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "first_leader",
        re.compile(
            rf"^who (?:was|is|were) (?:the )?(?:first|founding|original|earliest) {_LEAD_NOUN} of (?P<x>.+)$"
        ),
    ),
    (
        "first_leader",
        re.compile(rf"^who (?:was|is) (?P<x>.+?)(?:'s|s') (?:first|founding|original) {_LEAD_NOUN}$"),
    ),
    ("first_leader", re.compile(r"^who (?:first led|founded and led|led) (?P<x>.+?) first$")),
    (
        "deputy",
        re.compile(
            rf"^who (?:is|was|are|were) (?:the )?{_PERSON_ROLE}deput(?:y|ies)(?: {_LEAD_NOUN})? of (?P<x>.+?){_YEAR}$"
        ),
    ),
    (
        "deputy",
        re.compile(rf"^who (?:is|was|are|were) (?P<x>.+?)(?:'s|s') {_PERSON_ROLE}deput(?:y|ies){_YEAR}$"),
    ),
    (
        "leader",
        re.compile(
            rf"^who (?P<verb>leads|led|heads|headed|runs|ran|commands|commanded|is leading|was leading|"
            rf"has led|have led|had led|controls|controlled) (?:the group )?(?P<x>.+?){_YEAR}$"
        ),
    ),
    (
        "leader",
        re.compile(
            rf"^who (?P<verb>is|was|are|were|has been) (?:the )?{_PERSON_ROLE}{_LEAD_NOUN} of (?P<x>.+?){_YEAR}$"
        ),
    ),
    (
        "leader",
        re.compile(rf"^who (?P<verb>is|was|are|were) (?P<x>.+?)(?:'s|s') {_PERSON_ROLE}{_LEAD_NOUN}{_YEAR}$"),
    ),
    (
        "leader",
        re.compile(r"^(?:who|which people|what people) (?P<verb>have|has) (?:ever )?led (?P<x>.+?)$"),
    ),
    (
        "casualties",
        re.compile(
            r"^how many (?:\w+ )?(?:were |was |have been |had been |are |got )?(?P<field>killed|died|dead|"
            r"wounded|injured|hurt|lost their lives)(?: (?:in|at|during|by|from|when|after) (?:the )?(?P<e>.+))?$"
        ),
    ),
    (
        "casualties",
        re.compile(
            r"^how many (?:people |persons |civilians )?did (?:the )?(?P<e>.+?) (?P<field>kill|wound|injure)$"
        ),
    ),
    (
        "casualties",
        re.compile(
            r"^what (?:was|is) the (?P<field>death|casualty|injury)? ?toll (?:of|in|from|for) (?:the )?(?P<e>.+)$"
        ),
    ),
    (
        "who_attacked",
        re.compile(
            r"^who (?:attacked|bombed|struck|hit|raided|carried out|conducted|perpetrated|committed|staged|"
            r"launched|claimed(?: responsibility for)?|was behind|is behind|were behind|are behind|"
            r"was responsible for|is responsible for|were responsible for) (?:the )?(?P<e>.+)$"
        ),
    ),
    (
        "attacks",
        re.compile(
            rf"^(?P<w>when|where|when and where|where and when) (?:did|has|have|does|do) (?P<x>.+?) "
            rf"(?P<verb>{_ATTACK_VERBS}|{_CAPTURE_VERBS})(?:\s+(?:in|on|against|at)?\s*(?P<y>.+?))?$"
        ),
    ),
    (
        "attacks",
        re.compile(
            r"^(?:what|which) attacks? (?:did|has|have|does) (?P<x>.+?) (?:carried out|carry out|launched|"
            r"launch|claimed|claim|committed|commit|staged|stage)(?: (?:in|on|against) (?P<y>.+))?$"
        ),
    ),
    ("attacks", re.compile(r"^(?:list |show )?(?:the )?attacks (?:by|of|claimed by) (?P<x>.+?)$")),
    (
        "why",
        re.compile(
            rf"^why (?:did|does|do|has|have|is|was|are|were|would|might) (?P<x>.+?) (?P<verb>{_WHY_VERBS})\s+(?P<y>.+)$"
        ),
    ),
    (
        "why",
        re.compile(
            r"^what (?:is|are|was|were) (?:the )?(?:reasons?|motives?) (?:for|behind) (?P<x>.+?)(?:'s|s')? (?:attacks? on|hatred of|hostility to(?:wards)?|war on) (?P<y>.+)$"
        ),
    ),
    ("what_is", re.compile(r"^(?:what|who) (?:is|are|was|were) (?P<x>.+)$")),
    ("what_is", re.compile(r"^(?:tell me about|describe|explain|what do (?:we|you) know about) (?P<x>.+)$")),
]


@dataclass
class Question:
    """A question read into its kind and its slots (phrases as written in the question)."""

    text: str
    kind: str
    subject: str | None = None  # X: the actor asked about
    object: str | None = None  # Y: the other side (why / where)
    event: str | None = None  # E: an event named by place, facility or actor
    figure: str = "killed"  # casualties: killed or wounded
    past: bool = False  # "who led" rather than "who leads"
    year: str | None = None
    verb: str = ""  # as asked: "attack", "hate", "hostile to"
    wants: list[str] = field(default_factory=list)  # "when", "where"


def _clean(question: str) -> str:
    q = (
        question.strip()
        .replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    q = re.sub(r"\s+", " ", q)
    q = re.sub(r"[?.!\s]+$", "", q)
    return q


def _strip_slot(s: str | None) -> str | None:
    if s is None:
        return None
    s = re.sub(r"^(?:the|a|an)\s+", "", s.strip(" ,;:\"'"), flags=re.I)
    s = re.sub(r"\s+(?:so much|so|today|now|then|first|at all|anyway)$", "", s, flags=re.I)
    return s or None


def parse_question(question: str) -> Question:
    """The question's kind and slots; ``unknown`` when no form fits (the answer then says so)."""
    if not question or not question.strip():
        raise QueryError("a question is required")
    q = _clean(question)
    low = q.lower()
    for kind, pat in _PATTERNS:
        m = pat.match(low)
        if not m:
            continue
        g = m.groupdict()

        def orig(name: str, m: re.Match[str] = m) -> str | None:  # the slot with the question's own casing
            return q[m.start(name) : m.end(name)] if m.group(name) is not None else None

        out = Question(question.strip(), kind)
        if "x" in g:
            out.subject = _strip_slot(orig("x"))
        if "y" in g:
            out.object = _strip_slot(orig("y"))
        if "e" in g:
            out.event = _strip_slot(orig("e"))
        if g.get("year"):
            out.year = g["year"]
        verb = g.get("verb") or ""
        out.verb = verb
        out.past = verb in {
            "led",
            "headed",
            "ran",
            "commanded",
            "was",
            "were",
            "was leading",
            "controlled",
        } or (verb in {"has led", "have led", "had led", "have", "has"})
        fld = g.get("field") or ""
        out.figure = (
            "wounded" if fld in {"wounded", "injured", "hurt", "wound", "injure", "injury"} else "killed"
        )
        if kind == "attacks":
            out.wants = [w for w in ("when", "where") if w in (g.get("w") or "when where")]
            if re.fullmatch(_CAPTURE_VERBS, g.get("verb") or ""):
                out.verb = "capture"  # "When did the M23 capture Goma?": captures, not attacks
        if kind == "casualties" and not out.event:
            continue
        return out
    return Question(question.strip(), "unknown")


_SHORT = 3  # aliases this short ("IS", "AQ") must match as written, in capitals: "is" is a verb


def resolve_phrase(conn: Connection, phrase: str) -> list[int]:
    """The entities a slot names: the whole phrase as any alias, else each part of "A and B", else the
    longest alias inside it, else a close spelling (rapidfuzz). [] when the store knows no such name."""
    phrase = phrase.strip()
    if not phrase:
        return []
    whole = _lookup(conn, phrase)
    if whole is not None:
        return [whole]
    parts = [p for p in re.split(r",\s*|\s+and\s+|\s*&\s*|\s+or\s+", phrase) if p.strip()]
    if len(parts) > 1:
        found = [_lookup(conn, p) for p in parts]
        if all(f is not None for f in found):
            return list(dict.fromkeys(f for f in found if f is not None))
    inner = entities_in(conn, phrase)
    if inner:
        return inner
    return _fuzzy(conn, phrase)


def _lookup(conn: Connection, name: str) -> int | None:
    name = re.sub(r"^(?:the|a|an)\s+", "", name.strip(" ,;:\"'"), flags=re.I)
    if not name or len(norm_name(name)) < 2:
        return None
    try:
        return find_entity(conn, name)
    except NotFoundError:
        return None
    except QueryError:
        return None


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
