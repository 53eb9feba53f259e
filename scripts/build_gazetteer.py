#!/usr/bin/env python3
"""Build khabar's bundled armed-group gazetteer (``src/khabar/extract/data/armed_groups.jsonl``).

Sources: the MIT-licensed Phoenix/PETRARCH2 actor dictionaries (TABARI format) and khabar's hand-written
supplement (``scripts/gazetteer_supplement.json``), which wins wherever the two overlap. The script is
re-runnable and deterministic: the same inputs always give the same bytes.

Usage: ``python scripts/build_gazetteer.py [PHOENIX_DIR] [--supplement PATH] [--out PATH] [-v]``
(PHOENIX_DIR defaults to ``../shared/data/phoenix`` beside the repository). Stdlib only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from khabar.errors import ConfigError, KhabarError  # noqa: E402
from khabar.model import norm_name  # noqa: E402


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend than a list literal)."""
    return frozenset(text.split())


DEFAULT_PHOENIX = REPO.parent / "shared" / "data" / "phoenix"
DEFAULT_SUPPLEMENT = REPO / "scripts" / "gazetteer_supplement.json"
DEFAULT_OUT = REPO / "src" / "khabar" / "extract" / "data" / "armed_groups.jsonl"
MILNONSTATE = "Phoenix.MilNonState.actors.txt"
COUNTRIES = "Phoenix.Countries.actors.txt"
AGENTS = "Phoenix.agents.txt"

# ISO 3166-1 alpha-3; CAMEO codes start with one of these when the actor belongs to a country
# (others are regions or kinds: IMG, MEA, SAS, WEU, KKL...).
ISO3 = _words(
    """ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR
    BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG
    COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH
    FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
    HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM
    KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL
    MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR
    NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU
    SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA
    TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB
    VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE"""
)
# CAMEO role codes that happen to be ISO codes too (MUS = Muslim, not Mauritius).
ROLE_NOT_COUNTRY = frozenset({"MUS"})
NONSTATE_ROLE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})*?(?:REB|INS)|^IMG")

STOP = frozenset(
    {"the", "a", "an", "of", "and", "for", "in", "on", "at", "to", "with", "against", "from", "by"}
)
# Lower-case when not the first word (English, Arabic/Urdu, Romance particles).
PARTICLES = STOP | _words(
    """al el ul ud ur us ut ush ash as ad an e i wa wal fi bin ibn li lil lid min de del la las los y
    di da do dos das du des le les et en o"""
)
ARABIC_PARTICLES = _words("al el ul ud ur us ut ush ash as ad an e i wa wal fi li lil lid")
NOT_ACRONYMS = frozenset({"mr", "mrs", "dr", "st", "jr", "mt"})
ROMAN = frozenset({"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"})
VOWELS = frozenset("AEIOUaeiou")

# Words a name can be made of without naming anyone in particular. An alias made only of these (at most two
# content words, e.g. "ORGANIZATION", "THE FRONT", "Islamic Group", "Palestinian Resistance") is dropped.
GENERIC = _words(
    """organization organisation organizations front fronts army armies group groups party parties
    movement movements government governments force forces brigade brigades battalion battalions
    committee committees council councils union unions league leagues alliance alliances cell cells
    nucleus nuclei unit units commando commandos command commands faction factions squad squads team
    teams corps legion legions militia militias network networks federation society societies
    foundation association associations congress regiment regiments division divisions patrol
    patrols collective coalition vanguard order new national popular people peoples revolutionary
    revolutionaries revolution liberation resistance struggle action armed islamic islamist islam
    muslim muslims communist communists socialist socialists democratic international independent
    anarchist anarchists proletarian patriotic patriots freedom free fighters fighter guerrilla
    guerrillas guerilla guerillas rebel rebels militant militants youth students workers holy war
    justice united unified red black white green tigers avengers warriors defenders soldiers martyrs
    martyr sons children fire hell night social immediate special secret global world state jihad
    jihadist jihadists mujahideen mujahidin mujahedin mujahedeen mujahiden intifada fedayeen sunni
    shia shiite christian jewish hindu sikh buddhist arab arabian palestinian syrian iraqi iranian
    afghan pakistani kurdish turkish lebanese jordanian egyptian libyan yemeni somali sudanese
    nigerian african american latin european asian indian russian chechen greek italian german
    french spanish basque irish british japanese korean chinese filipino philippine indonesian
    malaysian thai burmese cambodian vietnamese colombian peruvian chilean bolivian argentine
    mexican cuban salvadoran nicaraguan guatemalan honduran venezuelan ecuadorian brazilian croatian
    serbian albanian armenian ukrainian uzbek tajik moroccan algerian tunisian ethiopian eritrean
    kenyan ugandan congolese"""
)
# Words that make an alias a description rather than a name ("AL_QAEDA_LINKED_ABU_SAYYAF").
JUNK_TOKENS = _words(
    "linked affiliated affiliate offshoot operatives supporters sympathizers loyalists regime inspired"
)
# Tokens that say "this is a group", so a name holding one is not a person's.
GROUP_WORDS = _words(
    """organization organisation organizations front army armies group groups party movement force
    forces brigade brigades battalion battalions committee committees council union league alliance
    cell cells nucleus nuclei unit units commando commandos command faction squad team teams corps
    legion militia militias network federation society foundation association congress regiment
    division patrol collective coalition vanguard order fighters guerrillas guerrilla resistance
    liberation revolutionary struggle jihad state nation nations tigers martyrs mujahideen mujahidin
    mujahedin mujahedeen mujahiden fedayeen lashkar laskar jaish jaysh jemaah jamaah jamaat jamaa
    jamiat jama harkat harakat harakut hizb hizbul hezb hezbollah hizballah tehrik tehreek ansar
    ansaru kataib katibat liwa liwaa saraya sarayat tanzim qaida qaeda company sena khalsa islami
    islamiya islamiyah islamiyya skinheads taliban jundallah jund"""
)
# First tokens of a person's name: titles, kunyas and common given names.
PERSON_FIRST = _words(
    """abu abou sheikh sheik shaikh mullah maulana mawlana maulvi mawlawi qari haji mr mrs dr emir
    commander sayyed sayyid seyyed sayed ahmed ahmad amad mohammed mohammad mohamed muhammad mohmmad
    muhammed osama usama ayman salim selim khaled khalid haitham mahir moner huthaifa hamid hasan
    hassan hussein husain imad randa michel rami moaz mouaz riad salahuddin hafiz moktar mokhtar
    abdul abdel abd abdallah abdullah abdulrazak abdulrahman ibrahim ismail yusuf yousef mustafa
    mahmoud khalil nabil walid tariq jalaluddin sirajuddin gulbuddin hakimullah baitullah anwar
    naser nasir nasser marwan joseph dominic vincent sami"""
)
PERSON_FIRST_HEADWORD = PERSON_FIRST - {"abu", "abou"}  # TOPS groups are often named "Abu ..."


@dataclass
class RawEntry:
    """One TABARI headword with its ``+`` aliases and role codes, as written."""

    headword: str
    line: int
    source: str
    aliases: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


@dataclass
class Record:
    """A gazetteer record under construction."""

    name: str
    type: str
    aliases: list[str]
    origin: str
    country: str | None = None
    codes: frozenset[str] = frozenset()
    key: str | None = None
    parent: str | None = None
    source: str = "phoenix"
    acronyms: list[str] = field(default_factory=list)
    supplement: bool = False

    def surfaces(self) -> list[str]:
        return [self.name, *self.aliases]

    def norms(self) -> list[str]:
        return [norm_name(s) for s in self.surfaces()]


@dataclass
class Supplement:
    """The parsed hand-written supplement."""

    records: list[Record]
    not_aliases: frozenset[str]
    skip_headwords: frozenset[str]


@dataclass
class BuildLog:
    """Decisions worth reviewing when the inputs change (printed with ``-v``)."""

    lines: list[str] = field(default_factory=list)

    def add(self, kind: str, text: str) -> None:
        self.lines.append(f"{kind}: {text}")


# --------------------------------------------------------------------------------------------- parsing


def parse_actor_file(path: Path) -> list[RawEntry]:
    """Read a TABARI actor dictionary: headwords, ``+`` aliases, ``[CODE]`` lines (comments dropped)."""
    if not path.is_file():
        raise ConfigError(f"{path}: Phoenix dictionary not found")
    text = path.read_bytes().decode("utf-8", errors="replace")
    entries: list[RawEntry] = []
    pending: list[RawEntry] = []  # headwords awaiting codes (TABARI lets several share one code block)
    pending_coded = False
    current: RawEntry | None = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            current = None  # a "+" alias after a blank line belongs to nobody
            continue
        body = raw.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        codes = [c.split()[0] for c in re.findall(r"\[([^\]]*)\]", body) if c.split()]
        text_part = re.sub(r"\[[^\]]*\]", "", body).strip()
        if not text_part:  # a code line
            for entry in pending:
                entry.codes.extend(codes)
            pending_coded = pending_coded or bool(pending)
            continue
        if text_part.startswith("+"):
            if current is not None:
                current.aliases.extend(p.strip() for p in text_part.split("+") if p.strip())
                current.codes.extend(codes)
            continue
        head, *extra = text_part.split("+")
        entry = RawEntry(head.strip(), lineno, f"{path.name}:{lineno}")
        entry.aliases.extend(p.strip() for p in extra if p.strip())
        if pending_coded or codes:
            pending, pending_coded = [], False
        pending.append(entry)
        if codes:
            entry.codes.extend(codes)
            pending_coded = True
        entries.append(entry)
        current = entry
    return entries


def read_agent_vocabulary(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """Generic words and phrases from the CAMEO agents file ("MILITANT", "REBEL_GROUP"...), normalised."""
    if not path.is_file():
        return frozenset(), frozenset()
    words: set[str] = set()
    phrases: set[str] = set()
    for raw in path.read_bytes().decode("utf-8", errors="replace").splitlines():
        body = raw.split("#", 1)[0].strip()
        if not body or body.startswith("!"):
            continue
        head = re.split(r"[\[{]", body, maxsplit=1)[0]
        head = re.sub(r"!\w+!", "", head).strip()
        n = norm_name(head.replace("_", " "))
        if not n or _mis_encoded(head):
            continue
        for form in (n, n + "s"):
            (words if " " not in form else phrases).add(form)
    return frozenset(words), frozenset(phrases)


# ------------------------------------------------------------------------------------ cleaning names


def _mis_encoded(s: str) -> bool:
    if "\ufffd" in s or any("\x80" <= c <= "\x9f" for c in s):
        return True
    for enc in ("cp1252", "latin-1"):
        try:
            fixed = s.encode(enc).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != s:
            return True
    return False


def _initials(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w)


def _is_acronym(inner: str, outer: str) -> bool:
    """``(ETA)`` in ``BASQUE_FATHERLAND_AND_FREEDOM_(ETA)`` is an acronym; ``(COLOMBIA)`` is a qualifier."""
    token = inner.strip()
    if not token or " " in token or not re.fullmatch(r"[A-Za-z0-9\-./]+", token):
        return False
    letters = re.sub(r"[^A-Za-z]", "", token).upper()
    if 2 <= len(letters) <= 5:
        return True
    it = iter(_initials(re.split(r"[\s\-]+", outer.upper())))
    return len(letters) >= 2 and all(ch in it for ch in letters)


def _case_part(part: str, first: bool, prefix: bool, acronyms: frozenset[str]) -> str:
    if not part:
        return part
    if re.fullmatch(r"\d+(ST|ND|RD|TH)", part, re.IGNORECASE):
        return part.lower()
    if any(ch.isdigit() for ch in part):
        return part.upper()
    low = part.lower()
    if low in PARTICLES and not first and (len(low) > 1 or low in {"e", "i", "a", "y", "o"}):
        return low
    if first and prefix and low in ARABIC_PARTICLES:
        return low  # "al-Qaeda"
    letters = re.sub(r"[^A-Za-z]", "", part)
    if part in ROMAN or part.upper() in acronyms or len(letters) == 1:
        return part.upper()
    if len(letters) >= 2 and not (set(letters) & VOWELS) and low not in NOT_ACRONYMS:
        return re.sub(r"'S$", "'s", part.upper())  # "C'S" -> "C's"
    for i, ch in enumerate(part):
        if ch.isalpha():
            return part[:i] + ch.upper() + part[i + 1 :].lower()
    return part


def title_case(s: str, acronyms: frozenset[str] = frozenset()) -> str:
    """Phoenix CAPS to display case: acronyms stay upper, particles (al-, e-, ud-, of, the) go lower."""
    words = s.split()
    if len(words) == 1:
        letters = re.sub(r"[^A-Za-z]", "", words[0])
        joined = bool(re.search(r"[-/\d]", words[0]))  # "ELN-B", "L-23S"
        if 2 <= len(letters) <= 3 or (joined and len(letters) <= 5) or words[0].upper() in acronyms:
            return words[0].upper()
    out = []
    for i, word in enumerate(words):
        pieces = re.split(r"([-/])", word)  # words and the separators between them
        cased = [
            sep
            if j % 2
            else _case_part(sep, i == 0 and j == 0, j < len(pieces) - 1 and pieces[j + 1] == "-", acronyms)
            for j, sep in enumerate(pieces)
        ]
        out.append("".join(cased))
    return " ".join(out)


def clean_surface(raw: str, acronyms: frozenset[str]) -> tuple[list[str], list[str]]:
    """A raw Phoenix string to display surfaces (first = the main form) and the acronyms it carried."""
    s = raw.replace("_", " ")
    if s.count("(") > s.count(")"):  # "JAISH-I-MOHAMMED_(MOHAMMAD_": drop the unclosed tail
        s = s[: s.rindex("(")]
    s = re.sub(r"\s+", " ", s).strip(" -/,.")
    found: list[str] = []
    extra: list[str] = []
    outer = re.sub(r"\([^)]*\)", " ", s)
    outer = re.sub(r"\s+", " ", outer).strip(" -/,.")
    qualifier = False
    for m in re.finditer(r"\(([^)]*)\)", s):
        inner = m.group(1).strip()
        if len(inner.split()) >= 2 and len(outer.split()) == 1 and len(outer) <= 6:
            found.append(outer)  # "EPA (EJERCITO DEL PUEBLO EN ARMAS)": the acronym came first
            outer = inner
        elif _is_acronym(inner, outer):
            found.append(inner)
        else:
            qualifier = True
    if qualifier:
        main = re.sub(r"\s+", " ", s).strip()
        extra.append(outer)
    else:
        main = outer
    inverted = re.fullmatch(r"(.+), THE", main, re.IGNORECASE)
    if inverted:
        main = "THE " + inverted.group(1)
    if " / " in main:  # "AUM SHINRIKYO / ALEPH": two names
        head, *rest = [p.strip() for p in main.split(" / ")]
        main, extra = head, [*extra, *rest]
    elif "/" in main:  # "ULSTER DEFENCE ASSOCIATION/ULSTER FREEDOM FIGHTERS"
        sides = [p.strip() for p in main.split("/")]
        if all(len(p.split()) >= 2 for p in sides):
            main, extra = sides[0], [*extra, *sides[1:], main]
    acr = acronyms | {a.upper() for a in found}
    surfaces = [title_case(x, acr) for x in [main, *extra] if x]
    return surfaces, [a.upper() for a in found]


def junk_reason(
    surface: str, agent_words: frozenset[str], agent_phrases: frozenset[str], not_aliases: frozenset[str]
) -> str | None:
    """Why a Phoenix surface must not become an alias, or None when it may."""
    if _mis_encoded(surface):
        return "mis-encoded"
    if sum(ch.isalpha() for ch in surface) < 2:
        return "fewer than 2 letters"
    n = norm_name(surface)
    if not n:
        return "empty"
    if n in not_aliases:
        return "listed in supplement not_aliases"
    toks = n.split()
    content = [t for t in toks if t not in STOP]
    if not content:
        return "generic"
    if len(content) <= 2 and all(t in GENERIC or t in agent_words for t in content):
        return "generic"
    if n in agent_phrases:
        return "generic (CAMEO agent phrase)"
    if any(t in JUNK_TOKENS for t in toks):
        return "description, not a name"
    return None


def _tokens(s: str) -> list[str]:
    return norm_name(s).split()


def looks_like_person(surface: str, first_tokens: frozenset[str] = PERSON_FIRST) -> bool:
    """A personal name (kunya, title or common given name first, and no word that names a group)."""
    toks = _tokens(surface)
    return bool(toks) and toks[0] in first_tokens and not any(t in GROUP_WORDS for t in toks)


def has_group_word(surface: str) -> bool:
    toks = _tokens(surface)
    return any(t in GROUP_WORDS for t in toks) or (
        len(toks) == 1 and not set(toks[0].upper()) & VOWELS and len(toks[0]) >= 3
    )


def country_of(codes: Iterable[str]) -> str | None:
    """The ISO3 country a CAMEO code names: ``PSEREBHMS`` → PSE, ``IMGMUSRUSCNY`` → RUS, ``IMGMUS`` → None."""
    for code in codes:
        if code[:3] in ISO3:
            return code[:3]
        if code.startswith("IMG"):
            for i in range(3, len(code) - 2, 3):
                chunk = code[i : i + 3]
                if chunk in ISO3 and chunk not in ROLE_NOT_COUNTRY:
                    return chunk
    return None


def skeleton(name: str) -> str:
    """A transliteration-blind key: "Lashkar e Tayyaba" and "Laskar i Toiba" share one."""
    toks = [t for t in norm_name(name).split() if len(t) > 1 and t not in STOP and t not in ARABIC_PARTICLES]
    s = "".join(t.removesuffix("s") for t in toks).replace("q", "k")  # "Peoples"/"People's", "Brigade(s)"
    s = re.sub(r"[aeiouyhw]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


def slug(text: str, max_words: int = 5) -> str:
    words = [w for w in norm_name(text).split() if w not in STOP]
    return "-".join(words[:max_words]) or "x"


# ----------------------------------------------------------------------------------------- supplement


def load_supplement(path: Path) -> Supplement:
    """Parse and check the hand-written supplement (unique keys, no alias on two keys, known parents)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read supplement: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ConfigError(f"{path}: expected an object with an 'entries' list")
    records: list[Record] = []
    owner: dict[str, str] = {}
    for i, item in enumerate(data["entries"]):
        where = f"{path.name} entry {i}"
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("key", "name")):
            raise ConfigError(f"{where}: 'key' and 'name' are required strings")
        key = item["key"]
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key):
            raise ConfigError(f"{where}: key {key!r} is not a lowercase slug")
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ConfigError(f"{where}: 'aliases' must be a list of strings")
        rec = Record(
            name=item["name"],
            type=item.get("type", "armed_group"),
            aliases=[a for a in aliases if a != item["name"]],
            origin=where,
            country=item.get("country"),
            key=key,
            parent=item.get("parent"),
            source="khabar",
            supplement=True,
        )
        for n in rec.norms():
            if not n:
                raise ConfigError(f"{where}: an alias of {key} is empty once normalised")
            if owner.get(n, key) != key:
                raise ConfigError(f"{where}: {n!r} is claimed by both {owner[n]} and {key}")
            owner[n] = key
        records.append(rec)
    keys = [r.key for r in records]
    dupes = sorted({k for k in keys if keys.count(k) > 1 and k})
    if dupes:
        raise ConfigError(f"{path}: duplicate keys {dupes}")
    for rec in records:
        if rec.parent is not None and rec.parent not in keys:
            raise ConfigError(f"{path}: {rec.key} has unknown parent {rec.parent!r}")
    not_aliases = frozenset(norm_name(s) for s in data.get("not_aliases", []))
    clash = sorted(not_aliases & owner.keys())
    if clash:
        raise ConfigError(f"{path}: not_aliases also assigned to entries: {clash}")
    skip = frozenset(norm_name(s) for s in data.get("skip_headwords", []))
    return Supplement(records, not_aliases, skip)


# ------------------------------------------------------------------------------------- phoenix records


def _phoenix_records(
    raws: list[RawEntry],
    section: str,
    sup: Supplement,
    agent_words: frozenset[str],
    agent_phrases: frozenset[str],
    log: BuildLog,
) -> list[Record]:
    acronyms: set[str] = set()
    for raw in raws:
        for s in [raw.headword, *raw.aliases]:
            for m in re.finditer(r"\(([^)]*)\)", s.replace("_", " ")):
                if _is_acronym(m.group(1), s):
                    acronyms.add(m.group(1).strip().upper())
    acr = frozenset(acronyms)
    out: list[Record] = []
    for raw in raws:
        names, found = clean_surface(raw.headword, acr)
        if not names or norm_name(names[0]) in sup.skip_headwords:
            log.add("skip", f"{raw.source} {raw.headword}")
            continue
        keds = section == "milnonstate" and raw.headword.endswith("__")
        first_names = PERSON_FIRST if keds or section == "countries" else PERSON_FIRST_HEADWORD
        person = looks_like_person(names[0], first_names) or (keds and not has_group_word(names[0]))
        rtype = "person" if person else "armed_group"
        surfaces = [*names, *found]
        for alias in raw.aliases:
            alias_names, alias_found = clean_surface(alias, acr)
            surfaces.extend(alias_names)
            surfaces.extend(alias_found)
        kept: list[str] = []
        seen: set[str] = set()
        for i, s in enumerate(surfaces):
            n = norm_name(s)
            if n in seen:
                continue
            reason = junk_reason(s, agent_words, agent_phrases, sup.not_aliases)
            if reason is None and rtype != "person" and i > 0 and looks_like_person(s):
                reason = "a person's name in a group's aliases"
            if reason:
                log.add("drop-alias", f"{raw.source} {s!r}: {reason}")
                continue
            seen.add(n)
            kept.append(s)
        if not kept:
            log.add("skip", f"{raw.source} {raw.headword}: no usable name")
            continue
        if norm_name(kept[0]) != norm_name(names[0]):
            log.add("rename", f"{raw.source} {names[0]!r} -> {kept[0]!r}")
        out.append(
            Record(
                name=kept[0],
                type=rtype,
                aliases=kept[1:],
                origin=raw.source,
                country=country_of(raw.codes),
                codes=frozenset(raw.codes),
                acronyms=found,
            )
        )
    return out


def _merge_into(target: Record, other: Record, owner: dict[str, str]) -> None:
    """Add ``other``'s surfaces to ``target``, skipping norms it has and norms the supplement gives away."""
    have = set(target.norms())
    for s in other.surfaces():
        n = norm_name(s)
        if n in have or (n in owner and owner[n] != target.key):
            continue
        have.add(n)
        target.aliases.append(s)
    target.country = target.country or other.country
    target.codes = target.codes | other.codes
    target.acronyms = [*target.acronyms, *other.acronyms]


def _compact(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _punct(name: str) -> int:
    return sum(ch in "-'" for ch in name)


def _merge_phoenix(records: list[Record], log: BuildLog) -> list[Record]:
    """Merge Phoenix records that are one actor listed twice or in several spellings."""
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[tuple[object, ...], int] = {}
    for i, rec in enumerate(records):
        for k in (("name", norm_name(rec.name)), ("skeleton", rec.type, skeleton(rec.name), rec.codes)):
            j = seen.setdefault(k, i)
            if j != i and find(i) != find(j):
                parent[find(i)] = find(j)
                log.add(
                    "merge-phoenix",
                    f"{rec.name!r} ({rec.origin}) into {records[j].name!r} ({records[j].origin})",
                )
    groups: dict[int, list[Record]] = defaultdict(list)
    for i, rec in enumerate(records):
        groups[find(i)].append(rec)
    merged: list[Record] = []
    for root in sorted(groups):
        members = groups[root]
        head = members[0]
        for other in members[1:]:
            _merge_into(head, other, {})
            if _compact(other.name) == _compact(head.name) and _punct(other.name) > _punct(head.name):
                head.aliases = [head.name if a == other.name else a for a in head.aliases]
                head.name = other.name  # "Ghuraba al-Sham" reads better than "Ghuraba al Sham"
            if other.type == "armed_group":
                head.type = "armed_group"  # a KEDS headword guessed as a person, listed elsewhere as a group
        merged.append(head)
    return merged


def build(phoenix_dir: Path, supplement_path: Path, log: BuildLog | None = None) -> list[dict[str, object]]:
    """All gazetteer records, as JSON-ready dicts sorted by key."""
    log = log if log is not None else BuildLog()
    if not phoenix_dir.is_dir():
        raise ConfigError(f"{phoenix_dir}: Phoenix folder not found")
    sup = load_supplement(supplement_path)
    agent_words, agent_phrases = read_agent_vocabulary(phoenix_dir / AGENTS)

    mil = parse_actor_file(phoenix_dir / MILNONSTATE)
    countries = [
        e for e in parse_actor_file(phoenix_dir / COUNTRIES) if any(NONSTATE_ROLE.match(c) for c in e.codes)
    ]
    phoenix = _phoenix_records(mil, "milnonstate", sup, agent_words, agent_phrases, log)
    phoenix += _phoenix_records(countries, "countries", sup, agent_words, agent_phrases, log)
    phoenix = _merge_phoenix(phoenix, log)

    owner = {n: rec.key for rec in sup.records for n in rec.norms() if rec.key}
    sup_by_key = {rec.key: rec for rec in sup.records}
    rest: list[Record] = []
    for rec in phoenix:
        target = _supplement_match(rec, owner, sup_by_key, log)
        if target is not None:
            _merge_into(target, rec, owner)
            target.source = "phoenix+khabar"
            continue
        if norm_name(rec.name) in owner:
            log.add(
                "drop-record",
                f"{rec.name!r} ({rec.origin}): its name belongs to {owner[norm_name(rec.name)]}",
            )
            continue
        rec.aliases = [a for a in rec.aliases if norm_name(a) not in owner]
        rest.append(rec)
    final = _resolve_collisions([*sup.records, *rest], owner, log)
    _assign_keys([r for r in final if not r.supplement], {r.key for r in sup.records if r.key})
    return [_to_json(r) for r in sorted(final, key=lambda r: r.key or "")]


def _supplement_match(
    rec: Record, owner: dict[str, str], sup_by_key: dict[str | None, Record], log: BuildLog
) -> Record | None:
    """The supplement record a Phoenix record is (by its name, or by two shared aliases of the same type)."""
    name_key = owner.get(norm_name(rec.name))
    if name_key is not None:
        return sup_by_key[name_key]
    hits: dict[str, int] = defaultdict(int)
    for n in rec.norms():
        if n in owner:
            hits[owner[n]] += 1
    if not hits:
        return None
    best = max(sorted(hits), key=lambda k: hits[k])
    target = sup_by_key[best]
    if hits[best] >= 2 and len(hits) == 1 and target.type == rec.type:
        log.add("merge-by-alias", f"{rec.name!r} ({rec.origin}) into {best}")
        return target
    log.add("alias-taken", f"{rec.name!r} ({rec.origin}) shares {dict(hits)} with the supplement: not merged")
    return None


def _resolve_collisions(records: list[Record], owner: dict[str, str], log: BuildLog) -> list[Record]:
    """A norm claimed by two records stays only with the record it names; if it names none, with neither.

    Norms the supplement assigns (``owner``) are never touched: only their owner holds them by now.
    """
    named: dict[str, list[Record]] = defaultdict(list)
    for rec in records:
        named[norm_name(rec.name)].append(rec)
    keep: list[Record] = []
    for recs in named.values():
        recs_sorted = sorted(recs, key=lambda r: (not r.supplement, r.type != "armed_group", r.origin))
        keep.append(recs_sorted[0])
        for loser in recs_sorted[1:]:
            log.add("drop-record", f"{loser.name!r} ({loser.origin}): same name as {recs_sorted[0].origin}")
    claims: dict[str, set[int]] = defaultdict(set)
    by_compact: dict[str, int] = {}  # a spelling variant of a record's own name is that record's
    for i, rec in enumerate(keep):
        by_compact.setdefault(_compact(rec.name), i)
        for n in rec.norms():
            claims[n].add(i)
    for i, rec in enumerate(keep):
        kept = []
        for a in rec.aliases:
            n = norm_name(a)
            if n not in owner and len(claims[n]) > 1 and by_compact.get(_compact(a)) != i:
                log.add("drop-shared", f"{a!r} of {rec.name!r}: claimed by {len(claims[n])} records")
                continue
            kept.append(a)
        rec.aliases = kept
    return keep


def _assign_keys(records: list[Record], taken: set[str]) -> None:
    """Short stable slugs: the record's acronym when it has a free one, else its first words."""
    for rec in sorted(records, key=lambda r: (norm_name(r.name), r.origin)):
        candidates = [slug(a, 1) for a in rec.acronyms if len(a) >= 3] + [slug(rec.name)]
        if rec.country:
            candidates.append(f"{slug(rec.name)}-{rec.country.lower()}")
        key = next((c for c in candidates if c not in taken), None)
        n = 2
        while key is None:
            key = f"{slug(rec.name)}-{n}" if f"{slug(rec.name)}-{n}" not in taken else None
            n += 1
        rec.key = key
        taken.add(key)


def _to_json(rec: Record) -> dict[str, object]:
    seen: set[str] = {rec.name}
    aliases = []
    for a in rec.aliases:
        if a not in seen:
            seen.add(a)
            aliases.append(a)
    out: dict[str, object] = {
        "key": rec.key,
        "name": rec.name,
        "type": rec.type,
        "aliases": sorted(aliases, key=lambda a: (a.casefold(), a)),
    }
    if rec.parent:
        out["parent"] = rec.parent
    if rec.country:
        out["country"] = rec.country
    out["source"] = rec.source
    return out


def write_jsonl(records: Iterable[dict[str, object]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    out.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("phoenix_dir", nargs="?", type=Path, default=DEFAULT_PHOENIX)
    parser.add_argument("--supplement", type=Path, default=DEFAULT_SUPPLEMENT)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every merge/drop decision")
    args = parser.parse_args(argv)
    log = BuildLog()
    try:
        records = build(args.phoenix_dir, args.supplement, log)
    except KhabarError as exc:
        print(f"build_gazetteer: {exc}", file=sys.stderr)
        return 2
    write_jsonl(records, args.out)
    if args.verbose:
        print("\n".join(log.lines), file=sys.stderr)
    by_source: dict[str, int] = defaultdict(int)
    for r in records:
        by_source[str(r["source"])] += 1
    print(f"wrote {len(records)} records to {args.out} ({dict(sorted(by_source.items()))})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
