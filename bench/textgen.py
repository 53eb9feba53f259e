"""Generated news for the benchmarks: conflict reports and ordinary news, from our own templates.

Every sentence here was written for khabar (the groups, places and the leaders' offices are real, the people and
the incidents invented); documents recombine them with seeded choices of names, places, numbers and days, so a
run of any size is reproducible without shipping a corpus. Half the documents of a ``feed`` are about armed
conflict; the others are sport, business, weather, science and culture, some of them with words such as
"attack", "shot", "strike" or "killed" that a conflict gate must not fall for.

    from textgen import feed
    docs = feed(1000, conflict_share=0.5, seed=13)   # [Article(id, title, text, published, conflict)]
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

__all__ = ["Article", "feed", "conflict_article", "other_article", "write_jsonl"]

GROUPS = (
    ("al-Shabaab", "Somalia", ("Mogadishu", "Kismayo", "Baidoa", "Beledweyne")),
    ("Boko Haram", "Nigeria", ("Maiduguri", "Damboa", "Gwoza", "Bama")),
    (
        "the Islamic State West Africa Province (ISWAP)",
        "Nigeria",
        ("Monguno", "Baga", "Dikwa", "Malam Fatori"),
    ),
    ("Tehrik-i-Taliban Pakistan (TTP)", "Pakistan", ("Peshawar", "Bannu", "Dera Ismail Khan", "Quetta")),
    (
        "the Islamic State Khorasan Province (ISKP)",
        "Afghanistan",
        ("Kabul", "Jalalabad", "Kunduz", "Mazar-i-Sharif"),
    ),
    ("Jama'at Nasr al-Islam wal Muslimin (JNIM)", "Mali", ("Mopti", "Timbuktu", "Gao", "Segou")),
    (
        "the Allied Democratic Forces (ADF)",
        "Democratic Republic of the Congo",
        ("Beni", "Butembo", "Oicha", "Bunia"),
    ),
    ("Abu Sayyaf", "Philippines", ("Jolo", "Basilan", "Zamboanga", "Patikul")),
    ("the National Liberation Army (ELN)", "Colombia", ("Arauca", "Cucuta", "Tame", "Saravena")),
    ("Hayat Tahrir al-Sham", "Syria", ("Idlib", "Aleppo", "Hama", "Jisr al-Shughur")),
    ("al-Qaeda in the Arabian Peninsula (AQAP)", "Yemen", ("Aden", "Mukalla", "Shabwa", "Abyan")),
    ("the Islamic State", "Iraq", ("Kirkuk", "Mosul", "Tikrit", "Baqubah")),
)
FIRST = (
    "Abdullahi",
    "Mohamed",
    "Ibrahim",
    "Yusuf",
    "Hassan",
    "Omar",
    "Ali",
    "Bakr",
    "Musa",
    "Idris",
    "Khalid",
    "Tariq",
    "Farid",
    "Nasir",
    "Salim",
    "Karim",
    "Rashid",
    "Jamal",
    "Anwar",
    "Hamza",
    "Ismail",
    "Zakir",
    "Harun",
    "Faisal",
    "Amir",
    "Sadiq",
    "Latif",
    "Qasim",
    "Walid",
    "Bilal",
)
LAST = (
    "Warsame",
    "Abubakar",
    "Mehsud",
    "Haqqani",
    "Diriye",
    "Sheikh",
    "Barnawi",
    "Nur",
    "Jaber",
    "Kamara",
    "Osmani",
    "Rahimi",
    "Qureshi",
    "Sultani",
    "Mansuri",
    "Hakimi",
    "Darwish",
    "Saleh",
    "Tahir",
    "Zaidi",
    "Gul",
    "Yousafzai",
    "Baig",
    "Farah",
    "Adan",
    "Dahir",
    "Ismaili",
    "Kanoute",
    "Traore",
    "Maiga",
)
TARGETS = (
    "a crowded market",
    "a police station",
    "an army checkpoint",
    "a military base",
    "a mosque",
    "a church",
    "a hotel",
    "a bus station",
    "a village",
    "a camp for displaced people",
    "a government office",
    "a school",
    "a convoy of soldiers",
    "a prison",
    "a border post",
)
WEAPONS = (
    "A suicide bomber",
    "Gunmen",
    "Militants armed with rifles",
    "A car bomb",
    "A roadside bomb",
    "Fighters on motorbikes",
    "Two suicide bombers",
)
SOURCES = (
    "police said",
    "officials said",
    "a military spokesman said",
    "the interior ministry said",
    "a local official told reporters",
    "hospital staff said",
    "witnesses said",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

TEAMS = (
    "Riverside United",
    "Northgate Rovers",
    "Eastport City",
    "Hillcrest Athletic",
    "Lakeside Wanderers",
    "Westmoor Town",
    "Kingsbridge Albion",
    "Harbour Vale",
    "Stonefield Rangers",
    "Ashford Harriers",
)
COMPANIES = (
    "Norvell Foods",
    "Castellan Motors",
    "Brightwater Energy",
    "Halden Pharma",
    "Quayside Retail",
    "Orion Telecom",
    "Meridian Steel",
    "Lumen Software",
    "Greyhaven Shipping",
    "Tidewell Airlines",
)
CITIES = (
    "Lisbon",
    "Nairobi",
    "Toronto",
    "Manila",
    "Lagos",
    "Lima",
    "Karachi",
    "Jakarta",
    "Melbourne",
    "Rotterdam",
    "Osaka",
    "Accra",
    "Bogota",
    "Istanbul",
    "Mumbai",
)


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    text: str
    published: date
    conflict: bool

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "published": self.published.isoformat(),
        }


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _short(group: str) -> str:
    """ "the Islamic State West Africa Province (ISWAP)" -> "ISWAP"; "Boko Haram" stays."""
    if "(" in group:
        return group[group.index("(") + 1 : group.index(")")]
    return group.removeprefix("the ")


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def conflict_article(rng: random.Random, published: date, ident: str) -> Article:
    """A wire report of an attack: lead with toll and source, then some of claim, background, leader, arrests,
    a revised toll, and reaction; 3 to 7 sentences."""
    group, country, towns = rng.choice(GROUPS)
    town = rng.choice(towns)
    short = _short(group)
    day = rng.choice(WEEKDAYS)
    killed, wounded = rng.randint(2, 60), rng.randint(0, 90)
    target = rng.choice(TARGETS)
    leader = _person(rng)
    lead = rng.choice(
        (
            f"{rng.choice(WEAPONS)} attacked {target} in {town}, {country} on {day}, killing {killed} people "
            f"and wounding {wounded} others, {rng.choice(SOURCES)}.",
            f"At least {killed} people were killed when {rng.choice(WEAPONS).lower()} struck {target} in "
            f"{town} on {day}, {rng.choice(SOURCES)}.",
            f"A bomb exploded at {target} in the {country} town of {town} on {day}, killing {killed} people, "
            f"{rng.choice(SOURCES)}.",
            f"Suspected {short} fighters stormed {target} near {town} on {day} and killed {killed} people, "
            f"{rng.choice(SOURCES)}.",
        )
    )
    more = [
        f"{_cap(group)} claimed responsibility for the attack in a statement on its news channel.",
        f"No group has said it carried out the attack, but {group} is active in the area.",
        f"{_cap(group)} has waged an insurgency in {country} for years and often targets {target.split()[-1]}s.",
        f"{_cap(short)} is led by {leader}, who took over the group in {rng.randint(2010, 2023)}.",
        f"Security forces arrested {rng.randint(2, 9)} suspects in {rng.choice(towns)} on "
        f"{rng.choice(WEEKDAYS)}, the police said.",
        f"The death toll later rose to {killed + rng.randint(1, 20)}, according to {rng.choice(('a hospital', 'officials', 'the regional governor'))}.",
        f"{_person(rng)}, a commander of {group}, was killed in an air strike near {rng.choice(towns)} "
        f"in {rng.choice(('March', 'June', 'September', 'December'))} {published.year - 1}.",
        "The government condemned the attack and promised to hunt down those responsible.",
        f"Residents of {town} said the area had been calm for several weeks before the attack.",
        f"Among the wounded were {rng.randint(2, 9)} children, a doctor at the main hospital said.",
    ]
    body = [lead] + rng.sample(more, rng.randint(2, 6))
    title = rng.choice(
        (
            f"Attack in {town} kills {killed}",
            f"{killed} dead in {country} attack",
            f"Deadly assault on {target}",
        )
    )
    return Article(ident, title, " ".join(body), published, True)


def other_article(rng: random.Random, published: date, ident: str) -> Article:
    """Ordinary news: sport, business, weather, science or culture, 3 to 6 sentences."""
    kind = rng.choice(("sport", "business", "weather", "science", "culture"))
    city = rng.choice(CITIES)
    day = rng.choice(WEEKDAYS)
    if kind == "sport":
        a, b = rng.sample(TEAMS, 2)
        x, y = rng.randint(1, 5), rng.randint(0, 3)
        title = f"{a} beat {b} {x}-{y}"
        lines = [
            f"{a} beat {b} {x}-{y} in {city} on {day} to move top of the league.",
            f"{_person(rng)} scored twice as the home side's attack overwhelmed a tired defence.",
            "The visitors hit the post with a long-range shot just before half-time.",
            "The coach said his players had shown real character after a difficult month.",
            f"A crowd of {rng.randint(8, 60)},000 watched the match in warm sunshine.",
            f"{b} have now lost three games in a row and face {rng.choice(TEAMS)} next week.",
        ]
    elif kind == "business":
        co = rng.choice(COMPANIES)
        title = f"{co} shares rise after strong quarter"
        lines = [
            f"Shares in {co} rose {rng.randint(2, 15)} percent on {day} after the company reported a "
            f"quarterly profit of {rng.randint(20, 900)} million dollars.",
            f"The company said demand had recovered in {city} and across the region.",
            f"Workers at its plant near {city} called off a planned strike after a new pay offer.",
            "Analysts said the results beat expectations but warned that costs were still rising.",
            f"The chief executive, {_person(rng)}, said the firm would open two new factories next year.",
            "Oil prices fell slightly as traders waited for figures on fuel stocks.",
        ]
    elif kind == "weather":
        title = f"Storms expected in {city}"
        lines = [
            f"Forecasters warned of heavy rain and strong winds in {city} from {day}.",
            "Schools may close if the river rises above its banks, the city council said.",
            f"Floods killed {rng.randint(3, 40)} people in the region two years ago, and many homes "
            f"were damaged.",
            "Farmers welcomed the rain after months of drought that hurt the harvest.",
            f"Temperatures are expected to fall to {rng.randint(2, 15)} degrees by the weekend.",
        ]
    elif kind == "science":
        title = "Researchers map a new coral reef"
        lines = [
            f"Researchers from a university in {city} said on {day} they had mapped a coral reef "
            f"{rng.randint(5, 90)} kilometres long.",
            "The team used underwater drones and sonar to survey the reef over three months.",
            f"The reef is home to hundreds of species of fish, the lead scientist, {_person(rng)}, said.",
            "The findings were published in a journal of marine biology.",
            "Warming seas have bleached many reefs in the region, the study said.",
        ]
    else:
        title = f"Film festival opens in {city}"
        lines = [
            f"The annual film festival opened in {city} on {day} with a comedy about a family wedding.",
            f"More than {rng.randint(80, 300)} films from {rng.randint(20, 70)} countries will be shown "
            f"over ten days.",
            f"The director, {_person(rng)}, said the film was inspired by her grandmother.",
            "Tickets for the closing night sold out within an hour, organisers said.",
            "A new prize for first-time directors will be awarded this year.",
        ]
    body = [lines[0]] + rng.sample(lines[1:], rng.randint(2, len(lines) - 1))
    return Article(ident, title, " ".join(body), published, False)


def feed(
    n: int, *, conflict_share: float = 0.5, seed: int = 13, start: date = date(2016, 1, 1)
) -> list[Article]:
    """``n`` distinct articles, a ``conflict_share`` of them about armed conflict, in shuffled order, each
    published on a day of the eight years after ``start``."""
    rng = random.Random(seed)
    n_conflict = round(n * conflict_share)
    kinds = [True] * n_conflict + [False] * (n - n_conflict)
    rng.shuffle(kinds)
    out: list[Article] = []
    seen: set[str] = set()
    for i, conflict in enumerate(kinds):
        while True:
            published = start + timedelta(days=rng.randrange(8 * 365))
            make = conflict_article if conflict else other_article
            art = make(rng, published, f"gen-{seed}-{i:06d}")
            if art.text not in seen:  # a repeat would be a duplicate, not an ingest
                seen.add(art.text)
                out.append(art)
                break
    return out


def iter_chunks(items: Sequence[Article], size: int) -> Iterator[Sequence[Article]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def write_jsonl(articles: Sequence[Article], folder: Path, per_file: int = 1000) -> list[Path]:
    """The articles as JSONL files of ``per_file`` lines each (what ``khabar ingest`` reads)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, chunk in enumerate(iter_chunks(articles, per_file)):
        path = folder / f"feed-{k:05d}.jsonl"
        path.write_text("".join(json.dumps(a.to_json()) + "\n" for a in chunk), encoding="utf-8")
        paths.append(path)
    return paths
