"""General-knowledge word lists for events: triggers, support verbs, weapons (GTD/ACLED terms)."""

from __future__ import annotations

__all__ = [
    "VERB_TRIGGERS",
    "NOUN_TRIGGERS",
    "LIGHT_VERBS",
    "AIR_WORDS",
    "WEAPON_NOUNS",
    "AUTHORITY_NOUNS",
    "ATTACKER_NOUNS",
    "TO_DEATH_VERBS",
    "INTENT_NOUNS",
    "PREVENTING_VERBS",
    "LIFE_TAKING_VERBS",
    "KILLING_VERBS",
    "FOUNDED_NOUNS",
    "HUMAN_NOUNS",
    "PEOPLE_NOUNS",
    "CLAIM_NOUNS",
    "IRREALIS_VERBS",
    "GOAL_NOUNS",
    "SEIZED_THINGS",
    "EXPLOSIVE_NOUNS",
    "SUBTYPE_WORDS",
    "COMMUNITY_WORDS",
]

# lemma -> (event type, GTD subtype or None)
VERB_TRIGGERS: dict[str, tuple[str, str | None]] = {
    "attack": ("attack", None),
    "assault": ("attack", "armed_assault"),
    "raid": ("attack", "armed_assault"),
    "ambush": ("attack", "armed_assault"),
    "storm": ("attack", "armed_assault"),
    "massacre": ("attack", "armed_assault"),
    "shoot": ("attack", "armed_assault"),
    "gun": ("attack", "armed_assault"),
    "ram": ("attack", None),
    "stab": ("attack", "unarmed_assault"),
    "bomb": ("attack", "bombing"),
    "explode": ("attack", "bombing"),
    "detonate": ("attack", "bombing"),
    "shell": ("attack", "bombing"),
    "bombard": ("attack", "bombing"),
    "strike": ("attack", None),
    "hit": ("attack", None),
    "torch": ("attack", "facility_attack"),
    "dynamite": ("attack", "bombing"),
    "burn": ("attack", "facility_attack"),
    "hijack": ("attack", "hijacking"),
    "assassinate": ("attack", "assassination"),
    "kill": ("killing", None),
    "murder": ("killing", None),
    "behead": ("execution", None),
    "execute": ("execution", None),
    "slay": ("killing", None),
    "arrest": ("arrest", None),
    "detain": ("arrest", None),
    "apprehend": ("arrest", None),
    "capture": ("capture", None),
    "seize": ("capture", None),
    "overrun": ("capture", None),
    "overran": ("capture", None),
    "kidnap": ("kidnapping", "hostage_taking"),
    "abduct": ("kidnapping", "hostage_taking"),
    "free": ("release", None),
    "release": ("release", None),
    "clash": ("clash", None),
    "fight": ("clash", None),
    "battle": ("clash", None),
    "found": ("founding", None),
    "establish": ("founding", None),
    "form": ("founding", None),
    "intervene": ("intervention", None),
    "invade": ("intervention", None),
}

NOUN_TRIGGERS: dict[str, tuple[str, str | None]] = {
    "attack": ("attack", None),
    "assault": ("attack", "armed_assault"),
    "raid": ("attack", "armed_assault"),
    "ambush": ("attack", "armed_assault"),
    "massacre": ("attack", "armed_assault"),
    "shooting": ("attack", "armed_assault"),
    "gunfight": ("clash", None),
    "strike": ("attack", None),
    "bombing": ("attack", "bombing"),
    "blast": ("attack", "bombing"),
    "detonation": ("attack", "bombing"),
    "stabbing": ("attack", "unarmed_assault"),
    "explosion": ("attack", "bombing"),
    "airstrike": ("air_strike", None),
    "assassination": ("attack", "assassination"),
    "killing": ("killing", None),
    "murder": ("killing", None),
    "execution": ("execution", None),
    "beheading": ("execution", None),
    "arrest": ("arrest", None),
    "capture": ("capture", None),
    "seizure": ("capture", None),
    "takeover": ("capture", None),
    "kidnapping": ("kidnapping", "hostage_taking"),
    "abduction": ("kidnapping", "hostage_taking"),
    "hijacking": ("attack", "hijacking"),
    "clash": ("clash", None),
    "fighting": ("clash", None),
    "battle": ("clash", None),
    "intervention": ("intervention", None),
    "invasion": ("intervention", None),
    "formation": ("founding", None),
    "founding": ("founding", None),
    "siege": ("attack", "hostage_taking"),
}

# Verbs whose object names the event and whose subject did it: "carried out attacks", "claimed the bombing".
LIGHT_VERBS = frozenset(
    {
        "carry",
        "launch",
        "conduct",
        "stage",
        "mount",
        "commit",
        "perpetrate",
        "execute",
        "claim",
        "order",
        "plan",
        "mastermind",
        "orchestrate",
        "unleash",
    }
)

AIR_WORDS = frozenset({"air", "drone", "aerial", "missile", "airstrike", "helicopter", "rocket"})

# Nouns that name a weapon (lemmas); the text's own phrase is kept ("two powerful bombs").
WEAPON_NOUNS = frozenset(
    {"bomb", "explosive", "grenade", "mine", "landmine", "dynamite", "tnt", "ied", "rocket", "mortar", "missile",
     "shell", "gun", "rifle", "pistol", "revolver", "firearm", "machine-gun", "machinegun", "submachinegun",
     "ak-47", "kalashnikov", "knife", "machete", "axe", "hammer", "cocktail", "device", "vest", "car-bomb",
     "gunpowder", "launcher", "bazooka", "m-16", "fal", "uzi", "carbine", "shotgun", "explosives"}
)  # fmt: skip

# Things seized that make no capture of a place: "seized dozens of weapons", "captured two vehicles".
SEIZED_THINGS = WEAPON_NOUNS | frozenset(
    {"weapon", "arms", "ammunition", "munition", "vehicle", "truck", "car", "tank", "equipment", "drug", "cash",
     "money", "document", "phone", "computer", "laptop", "passport", "supply", "fuel", "cargo", "ship",
     "vessel", "boat", "aircraft", "helicopter", "drone", "cattle", "livestock", "goods", "asset", "property",
     "ammo", "materiel", "loot", "haul", "contraband", "shipment", "consignment", "detonator", "bullet",
     "cartridge", "round", "material", "component", "chemical", "fertilizer", "fertiliser", "weaponry",
     "uniform", "item", "kilogram", "kilo", "ton", "tonne", "stockpile", "cache", "gold", "heroin", "cocaine"}
)  # fmt: skip

# Objects that make "founded/formed/established X" the founding of a group.
FOUNDED_NOUNS = frozenset(
    {"group", "wilayat", "province", "branch", "faction", "organisation", "organization", "militia", "movement",
     "front", "army", "brigade", "party", "caliphate", "emirate", "affiliate", "chapter", "wing"}
)  # fmt: skip

# People as the copy names them ("peasants", "two policemen"), as opposed to things (a bus, the offices).
PEOPLE_NOUNS = frozenset(
    {"civilian", "peasant", "person", "people", "soldier", "troop", "policeman", "policemen", "police", "officer",
     "guard", "worker", "student", "child", "woman", "man", "resident", "villager", "passenger", "leader",
     "official", "member", "journalist", "tourist", "worshipper", "cleric", "priest", "judge", "mayor",
     "candidate", "politician", "diplomat", "minister", "businessman", "farmer", "teacher", "doctor", "nurse",
     "employee", "agent", "commander", "relative", "family", "pedestrian", "driver", "bodyguard", "trooper",
     "personnel", "lawyer", "activist", "worshiper", "national", "citizen", "refugee", "victim", "hostage",
     "councilman", "congressman", "deputy", "senator", "governor", "president", "ambassador", "engineer"}
)  # fmt: skip

# Objects that make "freed/released X" a release of people (not of a video).
HUMAN_NOUNS = frozenset(
    {"prisoner", "prisoners", "hostage", "hostages", "detainee", "detainees", "member", "members", "people",
     "captive", "captives", "inmate", "inmates", "fighter", "fighters", "militant", "militants", "man", "men",
     "woman", "women", "child", "children", "soldier", "soldiers", "journalist", "journalists", "worker",
     "workers", "civilian", "civilians", "suspect", "suspects", "schoolboy", "schoolgirl", "pupil", "traveller", "traveler", "motorist", "commuter", "boy", "girl", "student", "several", "dozens", "hundreds", "thousands"}
)  # fmt: skip

# "claimed responsibility", "claimed the attack"
CLAIM_NOUNS = frozenset(
    {"responsibility", "attack", "attacks", "bombing", "bombings", "killing", "blast", "assault"}
)

# Verbs whose complement did not (yet) happen: "wanted to capture", "threatened to attack".
IRREALIS_VERBS = frozenset(
    {"want", "plan", "try", "seek", "hope", "aim", "threaten", "vow", "intend", "attempt", "promise", "wish",
     "need", "refuse", "fail", "urge", "call"}
)  # fmt: skip

# "attempts to kidnap girls", "a plot to bomb the embassy": a deed intended, not done
INTENT_NOUNS = frozenset(
    {"attempt", "plan", "plot", "bid", "threat", "effort", "scheme", "conspiracy", "intention", "intent"}
)
# "foiled a plot to bomb", "prevented them from attacking": a deed stopped before it was done
PREVENTING_VERBS = frozenset({"foil", "thwart", "prevent", "stop", "avert", "frustrate", "resist", "repel"})

# "The arrest of X was the priority", "his capture remains the goal": what is sought, not what was done.
GOAL_NOUNS = frozenset(
    {"priority", "goal", "aim", "objective", "target", "focus", "intention", "plan", "task", "mission", "hope",
     "wish", "demand", "condition", "aspiration", "ambition"}
)  # fmt: skip

# What explodes: "two car bombs killed nine people" tells a bombing by its toll.
EXPLOSIVE_NOUNS = frozenset(
    {"bomb", "explosive", "device", "ied", "grenade", "mine", "landmine", "mortar", "shell", "rocket", "vest"}
)  # fmt: skip

# GTD attack types from the words around a trigger, most specific first.
SUBTYPE_WORDS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"hijack", "hijacked", "hijacking", "hijackers"}), "hijacking"),
    (frozenset({"hostage", "hostages", "siege", "kidnapped", "abducted"}), "hostage_taking"),
    (frozenset({"assassinated", "assassination", "assassinate"}), "assassination"),
    (
        frozenset({"gunmen", "gunman", "fire", "shooting", "shot", "rifles", "gunfire", "opened"}),
        "armed_assault",
    ),
    (
        frozenset(
            {
                "bomb",
                "bombs",
                "bombing",
                "bombings",
                "bomber",
                "bombers",
                "blast",
                "explosion",
                "explosives",
                "ied",
                "grenade",
                "grenades",
                "car-bomb",
                "suicide",
            }
        ),
        "bombing",
    ),  # fmt: skip
    (frozenset({"arson", "torched", "burned", "set"}), "facility_attack"),
    (frozenset({"stabbed", "stabbing", "knife", "machete", "beaten"}), "unarmed_assault"),
)

# "<Demonym> authorities" etc.: state organs named by nationality.
AUTHORITY_NOUNS = frozenset(
    {
        "authorities",
        "police",
        "government",
        "officials",
        "forces",
        "troops",
        "army",
        "military",
        "security",
        "investigators",
        "prosecutors",
        "intelligence",
    }
)

# Who carried an attack out, as the copy calls them: "the bomber belonged to X".
# "hacked five villagers to death", "were beaten to death": a killing told by how it was done
TO_DEATH_VERBS = frozenset(
    {"hack", "stab", "beat", "burn", "stone", "club", "bludgeon", "torture", "crush", "trample", "strangle",
     "batter", "knife", "slash", "chop", "axe"}
)  # fmt: skip
# "claimed the lives of four soldiers", "took 12 lives", "cost the lives of two": a killing told by the lives
LIFE_TAKING_VERBS = frozenset({"claim", "take", "cost"})
# what kills, told by its verb (the victims are its object, or its subject in the passive)
# ("were martyred": how South Asian and Arab copy tells of the state's dead)
KILLING_VERBS = frozenset({"kill", "murder", "execute", "behead", "slay", "massacre", "slaughter", "assassinate",
                           "lynch", "martyr"})  # fmt: skip

ATTACKER_NOUNS = frozenset(
    {"bomber", "bombers", "attacker", "attackers", "gunman", "gunmen", "assailant", "assailants", "militant",
     "militants", "perpetrator", "perpetrators", "shooter", "shooters", "hijacker", "hijackers", "suspect",
     "suspects", "terrorist", "terrorists", "guerrilla", "guerrillas", "guerilla", "guerillas", "insurgent",
     "insurgents", "rebel", "rebels", "individual", "individuals", "assassin", "assassins", "kidnapper",
     "kidnappers", "sniper", "snipers",
     "commando", "commandos", "gang", "squad", "raider", "raiders", "knifeman", "jihadist", "jihadists",
     "bandit", "bandits", "extremist", "extremists", "militiaman", "militiamen", "separatist", "separatists",
     "maoist", "maoists", "naxalite", "naxalites", "gangster", "gangsters", "sicario", "sicarios"}
)  # fmt: skip

# Peoples, sects and faiths: "a Tuareg who led Ansar Dine", "a Zaydi Shia movement", "the Pashtun tribes". Named
# alone they are communities, not actors or places (countries' demonyms are the geocoder's business).
COMMUNITY_WORDS = frozenset(
    {"tuareg", "tuaregs", "pashtun", "pashtuns", "pakhtun", "baloch", "baluch", "hazara", "hazaras", "fulani",
     "peul", "kurd", "kurds", "yazidi", "yazidis", "alawite", "alawites", "druze", "shia", "shias", "shiite",
     "shiites", "sunni", "sunnis", "zaydi", "zaydis", "sufi", "sufis", "ahmadi", "ahmadis", "rohingya", "uyghur",
     "uyghurs", "uighur", "uighurs", "tamil", "tamils", "sinhalese", "berber", "berbers", "amazigh", "arab",
     "arabs", "persian", "persians", "turkmen", "chechen", "chechens", "hausa", "kanuri", "oromo", "amhara",
     "tigrayan", "tigrayans", "dinka", "nuer", "saharan", "sahelian", "christian", "christians", "muslim",
     "muslims", "jew", "jews", "jewish", "hindu", "hindus", "sikh", "sikhs", "buddhist", "buddhists", "catholic",
     "catholics", "copt", "copts", "coptic", "maronite", "maronites", "salafi", "salafist", "salafists",
     "wahhabi", "deobandi", "barelvi", "ismaili", "ismailis", "twelver", "hutu", "hutus", "tutsi", "tutsis",
     "banyamulenge", "anglophone", "anglophones", "francophone", "francophones", "lusophone", "lusophones"}
)  # fmt: skip
