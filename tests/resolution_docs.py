"""Hand-made documents for the resolution tests: a week of reports on one bombing, and attacks nearby that are
other events. Our own wording; the facts follow the January 2023 Peshawar Police Lines mosque bombing, loosely.
Facts are given directly (no NLP), so the tests check resolution, not extraction.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path
from typing import Any

from khabar.model import (
    Count,
    DateValue,
    DocFacts,
    EventFact,
    Figure,
    LocalEntity,
    Mention,
    Participant,
    Place,
    RawDocument,
    Sentence,
)

X = "test.v1"
PAKISTAN = {"country": "Pakistan", "admin1": "Khyber Pakhtunkhwa"}

PLACES = {
    "police_lines": Place("Police Lines mosque", "facility", lat=34.0, lon=71.56, **PAKISTAN),
    "peshawar": Place("Peshawar", "location", lat=34.01, lon=71.58, **PAKISTAN),
    "quetta": Place("Quetta", "location", country="Pakistan", admin1="Balochistan", lat=30.18, lon=67.0),
}


def dv(s: str) -> DateValue:
    return DateValue(s, {4: "year", 7: "month", 10: "day"}[len(s)])


def doc(
    doc_id: str,
    published: str,
    sentence: str,
    *,
    type_: str = "attack",
    when: str | None = None,
    where: str | None = None,
    killed: int | None = None,
    claim: bool = False,
    people: dict[str, tuple[str, str, str]] | None = None,
) -> DocFacts:
    """One report of one event. ``people``: local key -> (name, type, role)."""
    raw = RawDocument(id=doc_id, text=sentence, published=date.fromisoformat(published))
    facts = DocFacts(document=raw, sentences=[Sentence(0, 0, len(sentence), sentence)], extractor=X)
    parts = []
    for key, (name, etype, role) in (people or {}).items():
        facts.entities[key] = LocalEntity(key, name, etype, aliases={name}, extractor=X)
        start = sentence.find(name)
        if start >= 0:
            facts.mentions.append(Mention(start, start + len(name), name, 0, key, X))
        parts.append(Participant(role, key))
    ev = EventFact(type_, [0], X, date=dv(when) if when else None, participants=parts, trigger="attack")
    if where:
        ev.place = PLACES[where]
    if killed is not None:
        ev.figures = [Figure("killed", Count(killed, None, str(killed)), 0, claim=claim)]
    facts.events.append(ev)
    return facts


def unknown_spot(facts: DocFacts, name: str, around: Place) -> None:
    """Place the document's event at ``name``, a park or bazaar no gazetteer knows: the place carries only the
    coordinates of ``around`` (as extraction leaves it) and its entity has none of its own."""
    key = "spot"
    facts.entities[key] = LocalEntity(key, name, "location", aliases={name}, extractor=X)
    ev = facts.events[0]
    ev.place = Place(name, "location", country=around.country, admin1=around.admin1, lat=around.lat, lon=around.lon)
    ev.place_entity = key


def lahore_park_week() -> list[DocFacts]:
    """The Easter 2016 bombing of a Lahore park told three ways (the park's name spelt two ways, its town), and a
    blast at another Lahore spot the same week that is another event. Our own wording."""
    punjab = Place("Punjab", "location", country="Pakistan", admin1="Punjab", lat=31.17, lon=72.7)
    lahore = Place("Lahore", "location", country="Pakistan", admin1="Punjab", lat=31.56, lon=74.35)
    first = doc("park-first", "2016-03-27", "A suicide attack hit Gulshan-e-IqbalPark on Sunday evening.",
                when="2016-03-27", killed=65)
    unknown_spot(first, "Gulshan-e-IqbalPark", punjab)
    toll = doc("park-toll", "2016-03-30", "Two people hurt in the Gulshan-i-Iqbal Park blast have died: 74 dead now.",
               killed=74)
    unknown_spot(toll, "Gulshan-i-Iqbal", lahore)
    other = doc("bazaar", "2016-03-29", "A bomb hidden in a cart went off in Anarkali Bazaar on Tuesday.",
                when="2016-03-29", killed=2)
    unknown_spot(other, "Anarkali Bazaar", lahore)
    return [first, toll, other]  # fmt: skip


def peshawar_week() -> list[DocFacts]:
    """Four reports of one bombing over a week, a claim of it, and two other attacks in the same weeks."""
    ttp = {"ttp": ("Jamaat-ul-Ahrar", "armed_group", "perpetrator")}
    return [
        doc("pesh-first", "2023-01-30", "A bomber struck the Police Lines mosque in Peshawar on Monday, killing 28.",
            when="2023-01-30", where="police_lines", killed=28),
        doc("pesh-toll", "2023-01-31", "The toll of Monday's mosque blast in Peshawar rose to 59, officials said.",
            when="2023-01-30", where="peshawar", killed=59),
        doc("pesh-police", "2023-02-01", "Police said the attack on the Police Lines mosque was planned for weeks.",
            where="police_lines", people=ttp),
        doc("pesh-final", "2023-02-02", "A final count put the dead of the Peshawar attack at 84.",
            where="peshawar", killed=84),
        doc("pesh-claim", "2023-02-01", "Jamaat-ul-Ahrar said it killed 100 policemen in the mosque.",
            where="police_lines", killed=100, claim=True, people=ttp),
        doc("pesh-earlier", "2023-01-14", "Gunmen attacked a police station in Peshawar on Friday, killing three.",
            when="2023-01-13", where="peshawar", killed=3),
        doc("quetta", "2023-02-06", "A blast near police headquarters in Quetta on Sunday killed five.",
            when="2023-02-05", where="quetta", killed=5),
    ]  # fmt: skip


def canonical(data: dict[str, Any]) -> dict[str, list[str]]:
    """A facts-json export with its row ids replaced by what they name, lists sorted: what two stores holding
    the same facts agree on, whatever order built them."""
    names = {e["id"]: f"{e['type']}:{e['name']}" for e in data["entities"]}

    def walk(x: Any, key: str = "") -> Any:
        if isinstance(x, dict):
            return {k: walk(v, k) for k, v in x.items() if k not in ("id", "audit")}
        if isinstance(x, list):
            return [walk(v) for v in x]
        if key in ("subject", "object", "entity", "said_by") and isinstance(x, str):
            return names.get(x, x)
        return x

    return {
        key: sorted(json.dumps(walk(item), sort_keys=True) for item in data[key])
        for key in ("documents", "entities", "events", "relations")
    }


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def retold_examples(n: int, seed: int) -> list[DocFacts]:
    """``n`` documents recombined from the paragraphs of ``examples/*.txt`` (our own texts), as the throughput
    benchmark builds them: every deed is told again in many documents among other deeds, the shape of syndicated
    wire copy, with the people and groups of several stories named in each."""
    from khabar.extract import Extractor
    from khabar.extract.registry import EXTRACTION
    from khabar.model import RawDocument

    paragraphs = [
        block.strip()
        for path in sorted(EXAMPLES.glob("*.txt"))
        for block in path.read_text(encoding="utf-8").split("\n\n")
        if block.strip()
    ]
    rng = random.Random(seed)
    texts: list[str] = []
    while len(texts) < n:
        text = "\n\n".join(rng.sample(paragraphs, rng.randint(3, 6))) + "\n"
        if text not in texts:
            texts.append(text)
    raws = [RawDocument(id=f"retold-{i:03d}", text=s, published=date(2024, 1, 15)) for i, s in enumerate(texts)]
    out = list(Extractor().extract(raws))
    for f in out:
        assert not f.errors, f.errors
        f.extractor = EXTRACTION
    return out
