"""Who holds a post, read from cited sentences where the graph's facts are thin.

A role word ("leader", "its new chief", "deputy emir", "founder", "successor") is bound to the name the
sentence ties it to ("X as its new chief", "the group's leader, X", "X, the leader of Y", "led by X", "leader
“X”"), and to the group it is of ("leader of Y", "Y's chief", "Y chief", "its leader" after Y). A name is
known to be out of a post where a sentence says so ("X was killed", "the late X", "X's death", "his
predecessor, X", "sacked X"). Everything here is general English about posts, never one article's phrases.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection

from khabar.explain.search import (
    Hit,
    Mentioned,
    entity_sentences,
    mentions_in,
    sentences,
    sentences_at,
    words,
)
from khabar.query.lookup import Citation

__all__ = [
    "NameSpan",
    "RoleMention",
    "TextRole",
    "names_in",
    "bind_roles",
    "text_roles",
    "gone_cue",
    "person_like",
    "GROUP_PRONOUN",
    "GROUP_WORD",
]

_TITLES = (
    r"Mufti|Mullah|Mulla|Maulana|Mawlawi|Maulvi|Sheikh|Shaikh|Hafiz|Haji|Hajji|Qari|Dr\.?|Gen\.?|General|"
    r"Col\.?|Colonel|Commander|Cmdr\.?|Emir|Amir|Imam|Ustad|Maj\.?|Major|Capt\.?|Captain|Lt\.?|Sgt\.?|"
    r"President|Prime Minister|Mr\.?|Mrs\.?|Ms\.?"
)
_TITLE_RE = re.compile(rf"^(?:{_TITLES})\b")
_ORG_WORDS = frozenset(
    [
        "front",
        "army",
        "state",
        "states",
        "group",
        "council",
        "forces",
        "force",
        "ministry",
        "department",
        "province",
        "command",
        "party",
        "movement",
        "brigade",
        "brigades",
        "news",
        "express",
        "agency",
        "press",
        "times",
        "reporters",
        "university",
        "college",
        "school",
        "government",
        "police",
        "taliban",
        "network",
        "organisation",
        "organization",
        "committee",
        "union",
        "alliance",
        "coalition",
        "company",
        "bank",
        "corporation",
        "institute",
        "service",
        "services",
        "office",
        "court",
        "tribune",
        "post",
        "radio",
        "tv",
        "television",
        "channel",
        "world",
        "international",
        "jihad",
        "sunnah",
        "jamaat",
        "jamaatul",
        "jamaat-ul",
        "tehreek",
        "tehrik",
        "wilaya",
        "wilayat",
        "battalion",
        "militia",
        "militias",
        "division",
        "unit",
        "cell",
        "emirate",
        "caliphate",
        "republic",
        "kingdom",
        "federation",
        "authority",
        "commission",
        "bureau",
        "agency",
        "reuters",
        "afp",
        "ap",
        "upi",
        "bbc",
        "cnn",
        "voice",
        "america",
        "telegram",
        "twitter",
        "facebook",
        "youtube",
    ]
)
_NAME_RUN = re.compile(
    rf"(?:(?:{_TITLES})\s+)?[A-Z][\w\u2019'-]+(?:\s+(?:(?:al|bin|ibn|abu|el|ul|ud|de|da|van|von|bint)[- ]?)?"
    r"[A-Z][\w\u2019'-]+){1,5}"
)
_LEAD_WORDS = (
    r"leaders?|chiefs?|heads?|emirs?|amirs?|commanders?|boss|chairman|caliph|supremo|walis?|governors?"
)
_FOUNDER_WORDS = r"co-?founders?|founders?"
_SUCCESSION_WORDS = r"successors?|predecessors?"
_MODS = (
    r"new|newly[- ](?:appointed|named|elected|chosen)|current|present|incumbent|sitting|former|late|slain|"
    r"deceased|dead|killed|ousted|sacked|dismissed|previous|then|one-time|onetime|ex-|first|founding|original|"
    r"acting|interim|top|supreme|overall|military|spiritual|political|senior|next|de facto|self-proclaimed|"
    r"self-styled|longtime|long-time|guerrilla|militant|rebel|insurgent|jihadist|global|regional|local|"
    r"operational|field|alleged|reputed|reclusive|elusive|shadowy|powerful|feared|notorious"
)
_DETS = r"its|their|his|her|the|a|an|our|one|of|(?:the\s+)?(?:group|movement|organi[sz]ation|militia|outfit|network|faction|insurgency|insurgents|rebels|militants)['\u2019]s?"
ROLE_CUE = re.compile(
    rf"\b(?P<pre>(?:(?:{_DETS}|{_MODS})\s+){{0,4}})(?P<deputy>(?:deputy|vice)[- ]\s*)?"
    rf"(?P<noun>{_LEAD_WORDS}|{_FOUNDER_WORDS}|{_SUCCESSION_WORDS}|second[- ]in[- ]command|number two)\b",
    re.I,
)
_LED_BY = re.compile(
    r"\b(?:is|was|are|were|has been|had been|being|now)?\s*(?:led|headed|commanded|run|founded)\s+by\s+", re.I
)
_ACTIVE_LEAD = re.compile(
    r"^\s*(?:,[^,]{0,80},\s*)?(?:,?\s*who\s+)?(?:has\s+|had\s+|now\s+|currently\s+|still\s+)?"
    r"(?P<verb>leads|led|heads|headed|commands|commanded|runs|ran|founded|co-founded|established|took over|"
    r"succeeded|replaced|has led|had led|has headed)\b",
    re.I,
)
GROUP_PRONOUN = re.compile(
    r"^\W*(?:it|its|they|their|the (?:group|movement|organi[sz]ation|militia|outfit|network|militants|"
    r"insurgents|rebels|faction|jihadists|extremists))\b",
    re.I,
)
GROUP_WORD = re.compile(
    r"\b(?:its|their|the (?:group|movement|organi[sz]ation|militia|outfit|network|insurgents|rebels|militants|"
    r"faction|jihadists))\b",
    re.I,
)
_AFTER_LINK = re.compile(
    r"^\s*(?:,\s*)?(?:(?:of|for|in)\s+[^,;.]{0,70}?,\s*)?(?:is\s+|was\s+)?[\"\u201c\u2018']?\s*$", re.I
)
_BEFORE_LINK = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:,\s*(?:who\s+(?:is|was|has been|became)\s+)?|\s*(?:,\s*)?(?:as|to be|is|was|are|were|"
    r"has been|had been|became|becomes|remains|remained|was named|was appointed|was chosen|was elected|"
    r"was made|was declared|was installed|was confirmed|was sworn in as|named|appointed|chosen|elected|"
    r"made|installed|declared|took over as|served as|serves as)\s+(?:as\s+)?|\s*)$",
    re.I,
)


@dataclass(frozen=True)
class NameSpan:
    """A name in a sentence: offsets in the sentence, the entity where one is stored."""

    start: int
    end: int
    text: str
    entity: int | None = None
    type: str | None = None


@dataclass(frozen=True)
class RoleMention:
    role: str  # leader | deputy | founder | successor | predecessor
    mods: frozenset[str]  # new, former, first, current, acting
    holder: NameSpan
    cue: tuple[int, int]
    group: int | None = None  # the group it is of, where the sentence says


@dataclass
class TextRole:
    """Someone a sentence names to a post of a group (or of whatever the asked clause names)."""

    name: str
    entity: int | None
    role: str
    mods: frozenset[str]
    citation: Citation
    group: int | None = None
    more: list[Citation] = field(default_factory=list)


def person_like(n: NameSpan) -> bool:
    """Is the name a person's? Persons as typed, and names the extractor typed otherwise that look like a
    person's (a title such as "Mufti", no word of a body's name such as "Front" or "Ministry")."""
    toks = [w.lower().strip("'\u2019") for w in re.split(r"[\s-]+", n.text) if w]
    if not toks or any(w in _ORG_WORDS for w in toks):
        return False
    if n.type == "person":
        return True
    if n.type in ("country", "location", "facility", "armed_group"):
        return False
    caps = [w for w in n.text.split() if w[:1].isupper()]
    return bool(_TITLE_RE.match(n.text)) or (len(caps) >= 2 and len(caps) == len(n.text.split()))


def names_in(hit: Hit, mentions: Iterable[Mentioned]) -> list[NameSpan]:
    """The names of a sentence in text order: its stored mentions, and runs of capitalised words the
    extractor did not store (a name it missed), never the sentence's first word alone."""
    out = [
        NameSpan(m.start - hit.start, m.start - hit.start + len(m.text), m.text, m.entity, m.type)
        for m in mentions
        if 0 <= m.start - hit.start <= len(hit.text)
    ]
    taken = [(n.start, n.end) for n in out]
    for m in _NAME_RUN.finditer(hit.text):
        a, b = m.span()
        if any(a < y and x < b for x, y in taken):
            continue
        text = m.group(0)
        if a == 0 and not _TITLE_RE.match(text):
            continue
        out.append(NameSpan(a, b, text, None, None))
    return sorted(out, key=lambda n: n.start)


def _mods(pre: str, deputy: str) -> frozenset[str]:
    low = pre.lower()
    out = set()
    if re.search(r"\bnew(?:ly)?\b", low):
        out.add("new")
    if re.search(
        r"\b(?:former|late|slain|deceased|dead|killed|ousted|sacked|dismissed|previous|then|one-?time|ex-)",
        low,
    ):
        out.add("former")
    if re.search(r"\b(?:first|founding|original)\b", low):
        out.add("first")
    if re.search(r"\b(?:current|present|incumbent|sitting)\b", low):
        out.add("current")
    if re.search(r"\b(?:acting|interim)\b", low):
        out.add("acting")
    return frozenset(out)


def _role_of(noun: str, deputy: str) -> str:
    n = noun.lower()
    if deputy or n.startswith(("second", "number")):
        return "deputy"
    if "founder" in n:
        return "founder"
    if n.startswith("successor"):
        return "successor"
    if n.startswith("predecessor"):
        return "predecessor"
    return "leader"


def _holder(text: str, a: int, b: int, names: list[NameSpan]) -> NameSpan | None:
    """The person the role word at [a, b) is tied to: right after it, else right before it."""
    after = [n for n in names if n.start >= b and person_like(n)]
    if after and _AFTER_LINK.match(text[b : after[0].start]):
        return after[0]
    before = [n for n in names if n.end <= a]
    if before:
        last = before[-1]
        if person_like(last) and _BEFORE_LINK.match(text[last.end : a]):
            if _EMBEDDED.search(text[: last.start]):
                # "X, a son of Y's founder Z, as its governor": Z sits in X's apposition; the post is X's
                comma = text.rfind(",", 0, last.start)
                outer = [n for n in before if n.end <= comma and not text[n.end : comma].strip()]
                return outer[-1] if outer and person_like(outer[-1]) else None
            return last
    return None


_EMBEDDED = re.compile(
    r"\b(?:of|to|for|with|by|from)\s+(?:(?:the|his|her|its|their|a)\s+)?"
    rf"(?:(?:[A-Z][\w'\u2019-]*|[\w-]+['\u2019]s|{_LEAD_WORDS}|{_FOUNDER_WORDS})\s+){{0,3}}$"
)


def _group_of(
    text: str,
    a: int,
    b: int,
    pre: str,
    groups: dict[int, list[NameSpan]],
    bodies: list[NameSpan],
    upto: int,
) -> int | None:
    """Which asked group the role word at [a, b) is of: "leader of (…) G", "G's leader", "G leader", or
    "its/their/the group's leader" with G named before it in the sentence."""
    best: tuple[int, int] | None = None
    for gid, spans in groups.items():
        for s in spans:
            of_g = 0 <= s.start - b <= 80 and re.match(r"^\s+(?:of|for|in)\s+[^;.]{0,70}$", text[b : s.start])
            if of_g and (best is None or s.start - b < best[0]):
                best = (s.start - b, gid)
            if s.end <= a and re.match(
                r"^(?:['\u2019]s?)?\s*(?:(?:\w+|['\u2019]s)\s+){0,3}$", text[s.end : a] + " "
            ):
                d = a - s.end
                if best is None or d < best[0]:
                    best = (d, gid)
    if best is not None:
        return best[1]
    own = r"its|their|the (?:group|movement|organi[sz]ation|militia|outfit|network|faction)['\u2019]s?"
    if re.search(rf"\b(?:{own}|his|her)\b", pre, re.I):  # "his deputy": the deputy of the group's leader
        # "its" is the nearest body named before it: an asked group, or another one (then not ours)
        asked = {(s.start, s.end): gid for gid, spans in groups.items() for s in spans}
        before = [n for n in bodies if n.end <= upto] + [
            NameSpan(x, y, "", gid) for (x, y), gid in asked.items() if y <= upto
        ]
        if before:
            last = max(before, key=lambda n: n.end)
            return asked.get((last.start, last.end))
        return -1  # "its leader" of a group named in the sentence before
    return None


def bind_roles(text: str, names: list[NameSpan], groups: dict[int, list[NameSpan]]) -> list[RoleMention]:
    """Every role word of the sentence tied to a person, with the asked group it is of (None: of no asked
    group that the sentence shows; -1: of the group the sentence before names)."""
    out: list[RoleMention] = []
    bodies = [n for n in names if n.type in ("armed_group", "organization", "country") and not person_like(n)]
    for m in ROLE_CUE.finditer(text):
        a, b = m.span()
        noun_a = m.start("deputy") if m.group("deputy") else m.start("noun")
        holder = _holder(text, a, b, names)
        if holder is None:
            continue
        pre = m.group("pre") or ""
        role = _role_of(m.group("noun"), m.group("deputy") or "")
        out.append(
            RoleMention(
                role,
                _mods(pre, m.group("deputy") or ""),
                holder,
                (noun_a, b),
                # "X named P as its chief": "its" is a body named before P
                _group_of(text, a, b, pre, groups, bodies, holder.start if holder.end <= a else a),
            )
        )
    for m in _LED_BY.finditer(text):  # "the group is led by X", "founded by X"
        a, b = m.span()
        after = [n for n in names if n.start >= b and person_like(n)]
        if after and re.match(r"^\s*[\"\u201c]?\s*$", text[b : after[0].start]):
            role = "founder" if "founded" in m.group(0).lower() else "leader"
            before = [(s.end, gid) for gid, spans in groups.items() for s in spans if s.end <= a]
            group = max(before)[1] if before else (-1 if GROUP_PRONOUN.match(text) else None)
            out.append(RoleMention(role, frozenset(), after[0], (a, b), group))
    for n in names:  # "X led the TTP from 2013", "X, a cleric, founded Y"
        if not person_like(n):
            continue
        m2 = _ACTIVE_LEAD.match(text[n.end :])
        if not m2:
            continue
        verb = m2.group("verb").lower()
        b = n.end + m2.end()
        later = [(s.start, gid) for gid, spans in groups.items() for s in spans if b <= s.start <= b + 40]
        if not later:
            continue
        if verb in ("succeeded", "replaced", "took over"):
            role = "successor"
        elif "found" in verb or verb == "established":
            role = "founder"
        else:
            role = "leader"
        mods = (
            frozenset({"former"}) if verb in ("led", "headed", "commanded", "ran", "had led") else frozenset()
        )
        out.append(RoleMention(role, mods, n, (n.end, b), min(later)[1]))
    return out


_GONE_AFTER = re.compile(
    r"^\W{0,3}\s*(?:\([^)]*\)\s*)?(?:,[^,]{0,90},\s*)?(?:who\s+)?(?:(?:was|were|had been|has been|is|got)\s+"
    r"(?:\w+\s+){0,2}?(?P<passive>killed|slain|assassinated|executed|dismissed|sacked|replaced|removed|"
    r"deposed|ousted|captured|arrested|martyred|eliminated|demoted|fired|hanged|detained)"
    r"|(?P<active>died|killed himself|killed herself|blew himself up|was dead|is dead|stepped down|"
    r"resigned)|[^.;]{0,90}?\b(?P<bomber>blew (?:himself|herself|themselves) up|detonated (?:his|her) (?:suicide )?"
    r"(?:vest|belt|explosives)))\b",
    re.I,
)
_GONE_WORD = re.compile(
    r"\b(?:late|slain|killed|deceased|dead|former|ex|ousted|sacked|dismissed|deposed|predecessors?|previous|"
    r"demoted|fired)\b",
    re.I,
)
_NOT_BETWEEN = re.compile(
    r"\d|\b(?:said|says|told|according|and|but|while|who|which|that|when|after|before)\b|[.;:]", re.I
)
_GONE_OF = re.compile(
    r"\b(?P<word>death|killing|assassination|demise|execution|elimination|dismissal|removal|ouster|sacking|"
    r"arrest|capture|martyrdom)\s+of\s+(?:(?!by\b)[\w'\u2019-]+\s+){0,3}$",
    re.I,
)
_GONE_POSS = re.compile(
    r"^['\u2019]s\s+(?:\w+\s+)?(?P<word>death|killing|assassination|demise|execution|dismissal|removal|ouster|"
    r"sacking|arrest|capture|martyrdom)\b",
    re.I,
)


def gone_cue(text: str, span: tuple[int, int]) -> str | None:
    """Does the sentence say the name at ``span`` is dead, replaced or out ("X was killed", "the late X",
    "X's death", "his predecessor, X", "sacked … X")? The word that says so, else None."""
    a, b = span
    m = _GONE_AFTER.match(text[b:])
    if m:
        return "died" if m.group("bomber") else (m.group("passive") or m.group("active") or "").lower()
    m = _GONE_POSS.match(text[b:])
    if m:
        return m.group("word").lower()
    window = text[max(0, a - 70) : a]
    m = _GONE_OF.search(window)
    if m:
        return m.group("word").lower()
    for w in reversed(list(_GONE_WORD.finditer(window))):  # "the late X", "his predecessor, X", "sacked … X"
        between = window[w.end() :]
        if len(between.split()) <= 8 and not _NOT_BETWEEN.search(between):
            return w.group(0).lower()
        break
    return None


def _stem5(w: str) -> str:
    return (w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)[:5]


def text_roles(
    conn: Connection,
    group_ids: Collection[int],
    *,
    roles: Collection[str] = ("leader",),
    clause_words: Collection[str] = (),
    max_documents: int = 60,
) -> list[TextRole]:
    """The posts of the groups that sentences name (newest reports last): the sentences naming a group, and
    the sentence after one that goes on about it ("Its leader …"). With ``clause_words`` (the words of a
    relative clause in the question: "from whom Y takes orders"), a role word tied to no group counts where
    the sentence holds those words."""
    es = entity_sentences(conn, list(group_ids), max_documents=max_documents)
    if not es:
        return []
    hits = sentences(conn, set(es))
    named = {(h.document, h.idx): h for h in hits.values()}
    nxt = sentences_at(conn, {(d, i + 1) for d, i in named} - set(named))
    cand: dict[int, tuple[Hit, bool]] = {h.id: (h, True) for h in hits.values()}
    for h in nxt.values():
        if GROUP_WORD.search(h.text):
            cand.setdefault(h.id, (h, False))
    quick = re.compile(
        rf"\b(?:{_LEAD_WORDS}|{_FOUNDER_WORDS}|{_SUCCESSION_WORDS}|deputy|led|headed|founded|leads|heads)\b",
        re.I,
    )
    cand = {k: v for k, v in cand.items() if quick.search(v[0].text)}
    ms = mentions_in(conn, [h for h, _ in cand.values()])
    stems = {_stem5(w) for w in clause_words if len(w) > 3}
    out: list[TextRole] = []
    for sid, (h, names_group) in sorted(
        cand.items(), key=lambda kv: (kv[1][0].published or "", kv[1][0].document, kv[1][0].idx)
    ):
        mentions = ms.get(sid, [])
        spans = names_in(h, mentions)
        groups: dict[int, list[NameSpan]] = {}
        for n in spans:
            if n.entity is not None and n.entity in group_ids:
                groups.setdefault(n.entity, []).append(n)
        has_clause = bool(stems) and len(stems & {_stem5(w) for w in words(h.text)}) >= 0.66 * len(stems)
        for r in bind_roles(h.text, spans, groups):
            if r.role not in roles and not (r.role == "successor" and "leader" in roles):
                continue
            if r.holder.entity is not None and r.holder.entity in group_ids:
                continue
            group = r.group
            if group == -1:
                group = next(iter(groups)) if groups else (next(iter(group_ids)) if not names_group else None)
            if group is None and has_clause:
                group = next(iter(group_ids))
            if group is None:
                continue
            out.append(
                TextRole(
                    r.holder.text.strip("\"\u201c\u201d'. "),
                    r.holder.entity,
                    "leader" if r.role == "successor" else r.role,
                    r.mods | ({"new"} if r.role == "successor" else frozenset()),
                    h.citation(),
                    group,
                )
            )
    return out
