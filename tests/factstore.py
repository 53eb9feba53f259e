"""A small hand-made store for the query and explain tests: facts written directly (no NLP), so these tests
check dossiers, timelines and answers, not the extractor. The sentences are our own short wording; the facts
are real (al-Shabaab, its leaders, the 2022 Mogadishu and 2015 Garissa attacks) or plainly simplified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from khabar.model import (
    Count,
    DateValue,
    DocFacts,
    EventFact,
    LocalEntity,
    Mention,
    Participant,
    Place,
    RawDocument,
    RelationFact,
    Sentence,
)
from khabar.store import Store

X = "test.v1"

# key: (name, type, other names)
ENTITIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "shabaab": ("Al-Shabaab", "armed_group", ("al-Shabaab",)),
    "alqaeda": ("al-Qaeda", "armed_group", ("Al-Qaeda",)),
    "iss": ("Islamic State Somalia", "armed_group", ()),
    "godane": ("Ahmed Abdi Godane", "person", ()),
    "diriye": ("Ahmed Diriye", "person", ()),
    "zawahiri": ("Ayman al-Zawahiri", "person", ()),
    "somalia": ("Somalia", "country", ()),
    "kenya": ("Kenya", "country", ("Kenyan",)),
    "us": ("United States", "country", ("US",)),
    "mogadishu": ("Mogadishu", "location", ()),
    "garissa": ("Garissa University College", "facility", ()),
    "hiran": ("Hiran", "location", ()),
}


def dv(s: str) -> DateValue:
    return DateValue(s, {4: "year", 7: "month", 10: "day"}[len(s)])


@dataclass
class Doc:
    id: str
    published: str
    sentences: list[str]
    events: list[EventFact] = field(default_factory=list)
    relations: list[RelationFact] = field(default_factory=list)
    entities: dict[str, tuple[str, str, tuple[str, ...]]] = field(default_factory=lambda: ENTITIES)

    def facts(self) -> DocFacts:
        text = " ".join(self.sentences)
        raw = RawDocument(id=self.id, text=text, published=date.fromisoformat(self.published))
        facts = DocFacts(document=raw)
        pos = 0
        for i, s in enumerate(self.sentences):
            facts.sentences.append(Sentence(i, pos, pos + len(s), s))
            for key, (name, type_, other) in self.entities.items():
                for written in (name, *other):
                    for m in re.finditer(rf"(?<!\w){re.escape(written)}(?!\w)", s):
                        facts.mentions.append(Mention(pos + m.start(), pos + m.end(), written, i, key, X))
                        facts.entities.setdefault(
                            key, LocalEntity(key, name, type_, aliases={name, *other}, extractor=X)
                        )
            pos += len(s) + 1
        needed = [p.entity for ev in self.events for p in ev.participants]
        needed += [f.said_by for ev in self.events for f in ev.figures]
        needed += [k for r in self.relations for k in (r.subject, r.object)]
        for key in needed:
            if key and key not in facts.entities:
                name, type_, other = self.entities[key]
                facts.entities[key] = LocalEntity(key, name, type_, {name, *other}, extractor=X)
        facts.events = self.events
        facts.relations = self.relations
        return facts


def place(name: str, type_: str, country: str) -> Place:
    return Place(name, type_, country=country)


DOCS = [
    Doc(
        "shabaab-profile",
        "2023-05-10",
        [
            "Al-Shabaab is al-Qaeda's branch in East Africa and was founded in Somalia in 2006.",
            "The group has its bases in southern Somalia, where it runs training camps.",
            "Its first leader, Ahmed Abdi Godane, was killed in a US air strike in September 2014.",
            "Ahmed Diriye has led al-Shabaab since September 2014.",
            "Al-Shabaab has a bitter rivalry with Islamic State Somalia.",
            "Ayman al-Zawahiri leads al-Qaeda.",
        ],
        events=[
            EventFact(
                "founding",
                [0],
                X,
                date=dv("2006"),
                place=place("Somalia", "country", "Somalia"),
                place_entity="somalia",
                participants=[Participant("agent", "shabaab")],
            ),
            EventFact(
                "air_strike",
                [2],
                X,
                date=dv("2014-09"),
                participants=[Participant("victim", "godane"), Participant("agent", "us")],
            ),
        ],
        relations=[
            RelationFact("branch_of", "shabaab", "alqaeda", [0], X),
            RelationFact("leader_of", "godane", "shabaab", [2], X, end=dv("2014-09")),
            RelationFact("leader_of", "diriye", "shabaab", [3], X, start=dv("2014-09")),
            RelationFact("rival_of", "shabaab", "iss", [4], X),
            RelationFact("leader_of", "zawahiri", "alqaeda", [5], X),
        ],
    ),
    Doc(
        "mogadishu-first",
        "2022-10-30",
        [
            "Two car bombs exploded near the education ministry in Mogadishu on Saturday, killing at least 100 "
            "people.",
            "Al-Shabaab said it carried out the bombings.",
        ],
        events=[
            EventFact(
                "attack",
                [0, 1],
                X,
                subtype="bombing",
                date=dv("2022-10-29"),
                place=place("Mogadishu", "location", "Somalia"),
                place_entity="mogadishu",
                participants=[Participant("perpetrator", "shabaab")],
                killed=Count(100, None, "at least 100"),
            )
        ],
    ),
    Doc(
        "mogadishu-toll",
        "2022-11-01",
        ["The toll from Saturday's twin car bombings in Mogadishu has risen to 121 dead, officials said."],
        events=[
            EventFact(
                "attack",
                [0],
                X,
                subtype="bombing",
                date=dv("2022-10-29"),
                place=place("Mogadishu", "location", "Somalia"),
                place_entity="mogadishu",
                killed=Count(121, 121, "121"),
            )
        ],
    ),
    Doc(
        "garissa-kenya",
        "2015-04-03",
        [
            "Al-Shabaab gunmen stormed Garissa University College in Kenya on Thursday, killing 148 people.",
            "The group said it attacked Kenya because Kenyan troops entered Somalia in 2011 to fight it.",
            "Kenya is a popular destination for tourists.",
            "Al-Shabaab considers Kenya one of its main enemies.",
        ],
        events=[
            EventFact(
                "attack",
                [0],
                X,
                subtype="armed_assault",
                date=dv("2015-04-02"),
                place=place("Garissa University College", "facility", "Kenya"),
                place_entity="garissa",
                participants=[Participant("perpetrator", "shabaab"), Participant("target", "garissa")],
                killed=Count(148, 148, "148"),
            )
        ],
        relations=[RelationFact("hostile_to", "shabaab", "kenya", [3], X)],
    ),
    Doc(
        "shabaab-hiran",
        "2024-02-01",
        [
            "In January 2024, al-Shabaab fighters attacked an army base in Hiran.",
            "Clashes between al-Shabaab and Islamic State Somalia were reported.",
        ],
        events=[
            EventFact(
                "attack",
                [0],
                X,
                date=dv("2024-01"),
                place=place("Hiran", "location", "Somalia"),
                place_entity="hiran",
                participants=[Participant("perpetrator", "shabaab")],
            ),
            EventFact(
                "clash", [1], X, participants=[Participant("agent", "shabaab"), Participant("agent", "iss")]
            ),
        ],
    ),
]


def build(db: str | Path) -> Store:
    """A fresh store at ``db`` (an SQLite path or a database URL) holding DOCS."""
    store = Store(db)
    for d in DOCS:
        store.write(d.facts())
    return store
