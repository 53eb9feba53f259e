"""A hand-made store for the question tests: an invented insurgency told in our own words, facts written
straight into the store (no NLP), so these tests check how questions are read and answered, not extraction.

The Northern Liberation Front (NLF) of Meridia: founded by Karim Haddad in 2009 (he never led it); its first
leader Osman Bek killed by an Ostravian air strike in 2016; Tariq Sultan leader from then until the group sacked
him in 2021; Jalal Amiri named its new chief in 2021 (only a sentence says so); Samir Daud his deputy; the
Karsi Battalion its branch; the Red Flag Brigade its rival. A mall siege in Port Amsel with officials' tolls
and the NLF's own claim; two bombings in Port Amsel claimed by different groups; a kidnapping at a college.
"""

from __future__ import annotations

from pathlib import Path

from khabar.model import Count, EventFact, Figure, Participant, RelationFact
from khabar.store import Store
from tests.factstore import Doc, X, dv, place

ENTITIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "nlf": ("Northern Liberation Front", "armed_group", ("NLF",)),
    "karsi": ("Karsi Battalion", "armed_group", ()),
    "rfb": ("Red Flag Brigade", "armed_group", ()),
    "karim": ("Karim Haddad", "person", ()),
    "osman": ("Osman Bek", "person", ()),
    "tariq": ("Tariq Sultan", "person", ()),
    "jalal": ("Jalal Amiri", "person", ()),
    "samir": ("Samir Daud", "person", ()),
    "bilal": ("Bilal Nasr", "person", ("Nasr",)),
    "meridia": ("Meridia", "country", ("Meridian",)),
    "ostravia": ("Ostravia", "country", ("Ostravian",)),
    "amsel": ("Port Amsel", "location", ()),
    "hills": ("Taro Hills", "location", ()),
    "mall": ("Westbrook shopping mall", "facility", ("Westbrook Shopping Mall",)),
    "college": ("Saint Lucan University College", "facility", ()),
    "ministry": ("health ministry", "organization", ()),
}


def _doc(id_: str, published: str, sentences: list[str], **kw: object) -> Doc:
    return Doc(id_, published, sentences, entities=ENTITIES, **kw)  # type: ignore[arg-type]


MALL = place("Westbrook shopping mall", "facility", "Meridia")
AMSEL = place("Port Amsel", "location", "Meridia")
COLLEGE = place("Saint Lucan University College", "facility", "Meridia")

DOCS = [
    _doc(
        "nlf-profile",
        "2022-01-10",
        [
            "Karim Haddad founded the Northern Liberation Front in 2009 but never commanded it.",
            "The NLF has its bases in the Taro Hills of northern Meridia.",
            "Its first leader, Osman Bek, was killed in an Ostravian air strike in March 2016.",
            "Tariq Sultan led the NLF from March 2016.",
            "In June 2021 the group sacked Tariq Sultan and named Jalal Amiri as its new chief and Samir Daud as "
            "his deputy.",
            "The NLF is a bitter rival of the Red Flag Brigade.",
            "Bilal Nasr is a spokesman for the NLF.",
        ],
        events=[
            EventFact(
                "founding",
                [0],
                X,
                date=dv("2009"),
                place=place("Meridia", "country", "Meridia"),
                place_entity="meridia",
                participants=[Participant("agent", "nlf"), Participant("agent", "karim")],
            ),
            EventFact(
                "air_strike",
                [2],
                X,
                date=dv("2016-03"),
                participants=[Participant("victim", "osman"), Participant("agent", "ostravia")],
            ),
        ],
        relations=[
            RelationFact("leader_of", "karim", "nlf", [0], X),  # what an extractor makes of "founded"
            RelationFact("leader_of", "osman", "nlf", [2], X, end=dv("2016-03")),
            RelationFact("leader_of", "tariq", "nlf", [3], X, start=dv("2016-03")),
            RelationFact("deputy_of", "samir", "nlf", [4], X),
            RelationFact("rival_of", "nlf", "rfb", [5], X),
            RelationFact("member_of", "bilal", "nlf", [6], X),
        ],
    ),
    _doc(
        "karsi-branch",
        "2020-02-01",
        ["The Karsi Battalion is the NLF's branch in the east of Meridia."],
        relations=[RelationFact("branch_of", "karsi", "nlf", [0], X)],
    ),
    _doc(
        "mall-first",
        "2019-07-13",
        [
            "Gunmen stormed the Westbrook shopping mall in Port Amsel on Friday, killing at least 13 people, "
            "officials said.",
            "Police said the attackers belonged to the Northern Liberation Front.",
            "Meridia is a small country with a long coast.",
        ],
        events=[
            EventFact(
                "attack",
                [0, 1],
                X,
                subtype="armed_assault",
                date=dv("2019-07-12"),
                place=MALL,
                place_entity="mall",
                participants=[Participant("perpetrator", "nlf"), Participant("claimant", "meridia")],
                figures=[Figure("killed", Count(13, None, "at least 13"), 0, said_by_text="officials")],
            )
        ],
    ),
    _doc(
        "mall-claim",
        "2019-07-14",
        [
            "NLF spokesman Bilal Nasr claimed responsibility for the attack on the Westbrook Shopping Mall, "
            "saying 35 people were killed.",
            "Nasr said the group attacked the mall because it was owned by Ostravian businessmen who fund the "
            "army.",
            "The mall had reopened only last month after a fire.",
        ],
        events=[
            EventFact(
                "attack",
                [0],
                X,
                subtype="armed_assault",
                date=dv("2019-07-12"),
                place=MALL,
                place_entity="mall",
                participants=[Participant("claimant", "nlf")],
                figures=[Figure("killed", Count(35, 35, "35"), 0, said_by="nlf", claim=True)],
            )
        ],
    ),
    _doc(
        "mall-toll",
        "2019-07-16",
        ["The toll from the Westbrook mall siege in Port Amsel rose to 15, the health ministry said."],
        events=[
            EventFact(
                "attack",
                [0],
                X,
                subtype="armed_assault",
                date=dv("2019-07-12"),
                place=MALL,
                place_entity="mall",
                figures=[Figure("killed", Count(15, 15, "15"), 0, said_by="ministry")],
            )
        ],
    ),
    _doc(
        "amsel-bombings",
        "2021-02-20",
        [
            "In May 2020 the Karsi Battalion bombed a police station in Port Amsel, killing four officers.",
            "The Karsi Battalion claimed the bombing in a video.",
            "On 18 February 2021 a car bomb exploded outside the port offices in Port Amsel, killing nine people.",
            "The Red Flag Brigade claimed responsibility for the February blast.",
        ],
        events=[
            EventFact(
                "attack",
                [0, 1],
                X,
                subtype="bombing",
                date=dv("2020-05"),
                place=AMSEL,
                place_entity="amsel",
                participants=[Participant("claimant", "karsi")],
                targets=["police station"],
                killed=Count(4, 4, "four"),
            ),
            EventFact(
                "attack",
                [2, 3],
                X,
                subtype="bombing",
                date=dv("2021-02-18"),
                place=AMSEL,
                place_entity="amsel",
                participants=[Participant("claimant", "rfb")],
                killed=Count(9, 9, "nine"),
            ),
        ],
    ),
    _doc(
        "market-blast",
        "2023-01-06",
        [
            "A bomb tore through the fish market in Port Amsel on 5 January 2023, killing six traders.",
            "Nobody claimed responsibility for the blast, which bore the hallmarks of the Red Flag Brigade.",
        ],
        events=[
            EventFact(
                "attack",
                [0, 1],
                X,
                subtype="bombing",
                date=dv("2023-01-05"),
                place=AMSEL,
                place_entity="amsel",
                participants=[Participant("claimant", "rfb")],  # what a careless reading makes of it
                killed=Count(6, 6, "six"),
            )
        ],
    ),
    _doc(
        "college-kidnap",
        "2022-03-09",
        [
            "NLF fighters abducted 40 students from Saint Lucan University College in Meridia on 8 March 2022.",
            "Saint Lucan University College is one of the oldest schools in Meridia.",
            "The NLF said it abducted the students to force the government to free its jailed fighters.",
            "The Red Flag Brigade said it attacked the college in 2018 in revenge for the arrest of its members.",
        ],
        events=[
            EventFact(
                "kidnapping",
                [0],
                X,
                date=dv("2022-03-08"),
                place=COLLEGE,
                place_entity="college",
                participants=[Participant("perpetrator", "nlf"), Participant("target", "college")],
            )
        ],
    ),
]


def build(db: str | Path) -> Store:
    """A fresh store at ``db`` (an SQLite path or a database URL) holding DOCS."""
    store = Store(db)
    for d in DOCS:
        store.write(d.facts())
    return store
