"""Small, general rules about names in news text: titles, credit lines, acronyms, person-name variants."""

from __future__ import annotations

import re

from khabar.model import norm_name

__all__ = [
    "TITLES",
    "strip_title",
    "credit_regions",
    "acronym_matches",
    "name_tokens",
    "person_variant_of",
    "looks_like_person",
]

# Honorifics, ranks and offices that precede a person's name; "Mullah Mansour" is Mansour.
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "lord",
        "lady",
        "mullah",
        "maulana",
        "maulvi",
        "mawlawi",
        "sheikh",
        "shaikh",
        "sheik",
        "imam",
        "ayatollah",
        "emir",
        "amir",
        "caliph",
        "khalifa",
        "president",
        "vice",
        "prime",
        "minister",
        "chancellor",
        "premier",
        "king",
        "queen",
        "prince",
        "princess",
        "crown",
        "sultan",
        "general",
        "gen",
        "lt",
        "lieutenant",
        "col",
        "colonel",
        "maj",
        "major",
        "capt",
        "captain",
        "commander",
        "cmdr",
        "admiral",
        "brigadier",
        "sergeant",
        "sgt",
        "corporal",
        "lance",  # "Lance Corporal"
        "private",
        "marshal",
        "chief",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "senator",
        "sen",
        "rep",
        "representative",
        "governor",
        "gov",
        "mayor",
        "judge",
        "justice",
        "pope",
        "cardinal",
        "bishop",
        "archbishop",
        "father",
        "rev",
        "reverend",
        "mufti",
        "haji",
        "hajji",
        "qari",
        "mawlana",
        "ustad",
        "comrade",
        "police",
        "then",
        "former",
        "late",
        "self",
        "declared",
        "self-declared",
        "deputy",
        "secretary",
        "foreign",
        "defence",
        "defense",
        "interior",
    ]
)

_CREDIT_LINE = re.compile(
    r"(?im)^[ \t]*(?:\(?(?:additional\s+)?reporting(?:\s+by)?|written\s+by|edited\s+by|editing(?:\s+by)?|"
    r"production|produced\s+by|producer|video|photos?|photography|camera|graphics|illustrations?|"
    r"compiled\s+by|with\s+inputs?\s+from|writing\s+by|script|voice[- ]?over|editor|by)\b[ \t]*[:\-]?[ \t]*"
    r"[^\n]{0,200}$"
)
_LEAVE_COMMENT = re.compile(r"(?im)^[ \t]*(?:leave a comment|share this|follow us|subscribe)[^\n]{0,80}$")


def strip_title(tokens: list[str]) -> list[str]:
    """Drop leading titles: ["President", "Donald", "Trump"] -> ["Donald", "Trump"]."""
    i = 0
    while i < len(tokens) - 1 and tokens[i].lower().strip(".") in TITLES:
        i += 1
    return tokens[i:]


def credit_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of credit lines ("Reporting: ...", "Production: ...") that hold no facts.

    Only short lines that stand alone count, so a sentence that merely begins with "By" is not cut out.
    """
    out = []
    for rx in (_CREDIT_LINE, _LEAVE_COMMENT):
        for m in rx.finditer(text):
            line = m.group(0)
            long_or_sentence = len(line.split()) > 14 or line.rstrip().endswith((".", "?", "!"))
            if (
                rx is _CREDIT_LINE
                and long_or_sentence
                and not re.match(r"(?i)\s*\(?(reporting|production|video|photo|editing)", line)
            ):
                continue
            out.append((m.start(), m.end()))
    return out


def name_tokens(name: str) -> list[str]:
    """Name words without titles, particles or punctuation, for comparing person-name variants."""
    words = re.findall(r"[A-Za-z\u00C0-\u024F']+", name.replace("\u2019", "'"))
    words = strip_title(words)
    out = []
    for w in words:
        lw = w.lower()
        if lw in {"al", "el", "bin", "ibn", "ben", "abu"} and len(words) > 1:
            # particles: kept inside a name, ignored when comparing variants
            continue
        out.append(lw)
    return out


def one_word_name(name: str) -> bool:
    """Whether ``name`` is one word, alone or behind an article ("Shekau", "al-Barnawi", "el Sisi"): how a
    person already named in full is named again, and what the tagger often takes for an organization."""
    words = re.findall(r"[A-Za-z\u00C0-\u024F']+", name.replace("\u2019", "'"))
    return len(words) == 1 or (len(words) == 2 and words[0].lower() in {"al", "el"})


def person_variant_of(short: str, full: str) -> bool:
    """Whether ``short`` can name the same person as ``full`` ("Mansour" / "Mullah Akhtar Mansour",
    "Baghdadi" / "Abu Bakr al-Baghdadi", "Abu Bakr Baghdadi" / "Abu Bakr al-Baghdadi")."""
    s, f = name_tokens(short), name_tokens(full)
    if not s or not f:
        return False
    if s == f:
        return True
    if s[-1] != f[-1] and not (len(s) == 1 and s[0] == f[0] and len(f) == 1):
        # "al-Baghdadi" vs "Baghdadi": both end alike after particles; otherwise the surname must agree
        return False
    return set(s) <= set(f)


def acronym_matches(acronym: str, name: str) -> bool:
    """Whether ``acronym`` abbreviates ``name``: "TTP" ↔ "Tehrik-i-Taliban Pakistan", "NTJ" ↔ "National
    Thowheeth Jama'ath", "IMU" ↔ "Islamic Movement of Uzbekistan", "JuD" ↔ "Jamaat-ud-Dawa"."""
    letters = [c for c in acronym if c.isalpha()]
    if len(letters) < 2:
        return False
    words = [w for w in re.split(r"[\s\-]+", name) if w]
    initials_all = "".join(w[0] for w in words if w[0].isalpha()).lower()
    initials_caps = "".join(w[0] for w in words if w[0].isupper()).lower()
    target = "".join(letters).lower()
    if target in (initials_all, initials_caps):
        return True
    # letters may come from inside words (e.g. "ISIL" ← "Islamic State of Iraq and the Levant" skips "the")
    joined = norm_name(name).replace(" ", "")
    pos = 0
    for ch in target:
        pos = joined.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return joined.startswith(target[0]) and len(target) >= 3 and target[:2] == initials_all[:2]


_NOT_PERSON = re.compile(r"^(?:[A-Z]{2,}|.*\d.*)$")


def looks_like_person(text: str) -> bool:
    """A cheap guard against the tagger's stray PERSON spans (all caps acronyms, digits, single letters)."""
    t = text.strip()
    if len(t) < 3 or _NOT_PERSON.match(t):
        return False
    words = t.split()
    return all(
        w[0].isupper() or w.lower() in {"al", "bin", "ibn", "ud", "e", "de", "van", "von"} or "-" in w
        for w in words
    )
