"""Reading a question: which kind it is, and which entities (or which event) it is about.

General English question forms only ("who leads X", "who succeeded X", "who claimed E", "how many were killed
in E", "why did X attack Y", ...), each written several ways; the slots are matched against the names the
store knows (``naming.resolve_phrase``), so any alias works and an unknown name is reported as such (with the
closest known names) rather than guessed at. A date in a slot ("the October 14, 2017 bombing", "in June
2018") becomes the question's period and leaves the slot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from khabar.errors import QueryError
from khabar.explain.naming import entities_in, resolve_phrase, suggest
from khabar.extract.dates import find_dates

__all__ = ["Question", "parse_question", "resolve_phrase", "entities_in", "suggest", "KINDS"]

KINDS = (
    "what_is",
    "leader",
    "deputy",
    "first_leader",
    "successor",
    "founder",
    "killer",
    "attacks",
    "casualties",
    "who_attacked",
    "why",
    "based",
    "what_happened",
    "unknown",
)

_LEAD_NOUN = (
    r"(?:leaders?|heads?|chiefs?|emirs?|amirs?|commanders?(?:-in-chief)?|commander in chief|boss|chairman|"
    r"supremo|caliph|ruler|overall commander|top commander)"
)
_DEPUTY_NOUN = (
    r"(?:deput(?:y|ies)(?: " + _LEAD_NOUN + r")?|vice[- ](?:leader|chief|emir|amir|chairman|president|"
    r"commander)|second[- ]in[- ]command|number two|no\.? 2)"
)
_FOUNDER_NOUN = r"(?:co-?)?founders?"
_ROLE = rf"(?P<role>{_DEPUTY_NOUN}|{_FOUNDER_NOUN}|{_LEAD_NOUN})"
_MOD = (
    r"(?P<mod>(?:(?:current|present|former|new|newly named|newly appointed|top|supreme|overall|acting|"
    r"interim|first|founding|original|earliest|late|last|next|previous|military|spiritual|political|senior|"
    r"then|ex-|de facto|sitting|incumbent)\s+)*)"
)
_DET = r"(?:(?:the|its|their|his|her|a|an)\s+)?"
_OF = r"(?:\s+(?:of|for|in|at the head of|at the helm of))?"
_AFTER = r"(?:\s+(?:after|when|following|once|upon)\s+(?:the\s+)?(?P<after>.+?))?"  # "... after X was killed": the one before
# "… as TTP chief", "… as leader of ISWAP", "… as its new emir": the post, and the group when named
_AS_POST = (
    rf"(?:\s+as\s+{_DET}(?:new\s+)?(?:(?P<xg>[^,]+?)(?:'s|s')?\s+)?{_ROLE}(?:\s+(?:of|for)\s+(?P<x>.+?))?)?"
)
_NAMED = (
    r"(?:named|appointed|chosen|picked|selected|elected|made|installed|declared|announced|confirmed|sworn in|"
    r"designated|tapped|promoted|nominated|proclaimed)"
)
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
    r"against|dislike|dislikes|abduct|abducted|abducts|kidnap|kidnapped|kidnaps|seize|seized|storm|stormed|"
    r"ambush|ambushed|behead|beheaded|execute|executed|shoot|shot|assassinate|assassinated|massacre|"
    r"massacred|raid|raided|invade|invaded|hit|choose|chose|pick|picked|single out|singled out|shell|shelled|"
    r"burn|burned|burnt|carry out|carried out|launch|launched|stage|staged|claim|claimed|hijack|hijacked|"
    r"take hostage|took hostage|capture|captured|besiege|besieged|ram|rammed|stab|stabbed|destroy|destroyed"
)
_PASSIVE_WHY = (
    r"attacked|targeted|bombed|abducted|kidnapped|struck|hit|raided|stormed|ambushed|killed|shelled|"
    r"besieged|seized|captured|executed|beheaded|assassinated|massacred|hijacked|burned|burnt|destroyed|"
    r"singled out|chosen|picked"
)
_CASUALTY = (
    r"(?P<field>killed|died|dead|wounded|injured|hurt|lost their lives|lost their life|perished|murdered|"
    r"slain|massacred|casualties|injuries|deaths)"
)
_EVENT_PREP = r"(?:in|at|during|by|from|when|after|on|as a result of|because of|due to)"
_UNIT = (
    r"(?P<unit>groups?|factions?|branch(?:es)?|wings?|affiliates?|organi[sz]ations?|outfits?|militias?|"
    r"cells?|provinces?|wilayat?s?|chapters?|units?|movements?|networks?|militants|rebels|insurgents|"
    r"jihadists|parties|party|side|offshoots?|splinter groups?|splinters?|franchises?|divisions?|"
    r"brigades?|battalions?)"
)
_CARRIED = (
    r"(?P<verb>claimed(?: responsibility for)?|has claimed(?: responsibility for)?|took responsibility for|"
    r"has taken responsibility for|accepted responsibility for|carried out|has carried out|was behind|"
    r"is behind|were behind|are behind|perpetrated|conducted|staged|committed|launched|attacked|bombed|did|"
    r"executed|was responsible for|is responsible for|were responsible for|is suspected of|was suspected of|"
    r"was blamed for|is blamed for|orchestrated|masterminded|planned|organi[sz]ed|mounted)"
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # -- successions: "Who succeeded X?", "Who replaced X as leader of Y?", "Who is X's successor?"
    (
        "successor",
        re.compile(
            r"^who (?:has |had )?(?P<verb>succeeded|succeeds|replaced|replaces|took over from|takes over from|"
            r"came after|followed|superseded|stepped into the shoes of|(?:was|is|became|were) (?:the )?"
            r"successors? (?:of|to)) (?P<p>.+?)"
            rf"{_AS_POST}"
            r"(?:\s+(?:at the head|at the helm|in charge) of\s+(?P<x2>.+?))?$"
        ),
    ),
    (
        "successor",
        re.compile(rf"^who (?:is|was|became|were) (?P<p>.+?)(?:'s|s') successors?{_AS_POST}$"),
    ),
    (
        "successor",
        re.compile(rf"^who (?:was|were|is|has been) (?P<p>.+?) (?:succeeded|replaced) by{_AS_POST}$"),
    ),
    (
        "successor",
        re.compile(
            rf"^who (?:took over|has taken over|takes over)(?:\s+as\s+{_DET}{_MOD}{_ROLE})?(?:\s+(?:of|at)\s+"
            r"(?P<x>.+?))?\s+(?:after|when|following|once)\s+(?:the\s+)?(?P<after>.+)$"
        ),
    ),
    (
        "successor",
        re.compile(
            r"^who (?:did|has|have|had) (?P<x2>.+?) (?:choose|chose|chosen|pick|picked|name|named|appoint|appointed|"
            r"select|selected|elect|elected|install|installed) (?:as the one )?to (?:replace|succeed|take over from) "
            rf"(?P<p>.+?){_AS_POST}$"
        ),
    ),
    # -- founders: "Who founded X?", "Who is the founder of X?", "By whom was X set up?"
    (
        "founder",
        re.compile(
            r"^who (?:first )?(?:founded|co-founded|cofounded|established|formed|created|set up|started up|"
            r"built|launched the group|founded and led) (?P<x>.+?)$"
        ),
    ),
    (
        "founder",
        re.compile(rf"^who (?:is|was|were|are) {_DET}(?:original |main )?{_FOUNDER_NOUN} of (?P<x>.+?)$"),
    ),
    ("founder", re.compile(rf"^who (?:is|was|were|are) (?P<x>.+?)(?:'s|s') {_FOUNDER_NOUN}$")),
    (
        "founder",
        re.compile(
            r"^(?:by whom|who) (?:was|were|is|are) (?P<x>.+?) (?:founded|established|formed|created|set up|"
            r"started)(?: by)?$"
        ),
    ),
    (
        "founder",
        re.compile(
            r"^(?:when|in what year|in which year|where|when and where|where and when|how) (?:was|were|is|are|did) "
            r"(?P<x>.+?) (?:founded|established|formed|created|set up|started|founded and by whom|come into being|"
            r"emerge|begin|start)$"
        ),
    ),
    # -- killings of a person: "Who killed X?", "Who was X killed by?", "Who was behind the killing of X?"
    (
        "killer",
        re.compile(
            r"^who (?:was|is|were) (?:behind|responsible for) (?:the )?(?:death|killing|assassination|murder|"
            r"execution|elimination|beheading) of (?P<p>.+)$"
        ),
    ),
    (
        "killer",
        re.compile(
            r"^(?:by whom|who) (?:was|were|has been|had been) (?P<p>.+?) (?:killed|assassinated|murdered|"
            r"executed|shot|shot dead|eliminated|beheaded|slain)(?: by)?$"
        ),
    ),
    ("killer", re.compile(r"^how (?:did|was) (?P<p>.+?) (?:die|killed|get killed|meet (?:his|her) end)$")),
    (
        "killer",
        re.compile(
            r"^who (?:killed|assassinated|murdered|executed|shot|shot dead|eliminated|beheaded|took out|"
            r"slew|has killed) (?P<p>.+)$"
        ),
    ),
    # -- leaders, deputies and first leaders, told many ways
    (
        "leader",
        re.compile(
            rf"^who (?P<verb>was|were|is|has been|had been|got) (?P<how>{_NAMED})(?:\s+as|\s+to be|\s+to)?\s+"
            rf"{_DET}{_MOD}{_ROLE}{_OF}\s+(?P<x>.+?){_AFTER}$"
        ),
    ),
    (
        "leader",
        re.compile(
            rf"^who (?P<verb>did|has|have|had) (?P<x>.+?) (?P<how>named?|appoint(?:ed)?|cho(?:o)?se|pick(?:ed)?|select(?:ed)?|elect(?:ed)?|install(?:ed)?|"
            rf"declared?|announced?|tap(?:ped)?|promoted?|nominated?) (?:as )?{_DET}{_MOD}{_ROLE}{_AFTER}$"
        ),
    ),
    (
        "leader",
        re.compile(
            rf"^who (?P<verb>is|was|are|were|has been|had been|became|becomes|has become|is now|was then|"
            rf"would become|remains|took over as|takes over as|has taken over as) {_DET}{_MOD}{_ROLE}"
            rf"{_OF}\s+(?P<x>.+?){_AFTER}$"
        ),
    ),
    (
        "leader",
        re.compile(
            rf"^who (?P<verb>is|was|are|were|has been|became|is now|remains) (?P<x>.+?)(?:'s|s') {_MOD}{_ROLE}"
            rf"{_AFTER}$"
        ),
    ),
    (
        "leader",
        re.compile(
            r"^who (?P<verb>leads|led|heads|headed|runs|ran|commands|commanded|is leading|was leading|"
            r"has led|have led|had led|controls|controlled|is in charge of|was in charge of|is at the helm of|"
            r"was at the helm of|now leads|now heads|currently leads|took over|has taken over|takes over|"
            r"took charge of|took the helm of|took control of|has headed|is heading) "
            rf"(?:the group )?(?P<x>.+?){_AFTER}$"
        ),
    ),
    (
        "leader",
        re.compile(
            r"^(?:by whom|who) (?P<verb>is|was|are|were|has been) (?P<x>.+?) (?:led|headed|run|commanded|"
            r"controlled)(?: by)?(?: now| today| currently)?$"
        ),
    ),
    (
        "leader",
        re.compile(r"^(?:who|which people|what people) (?P<verb>have|has) (?:ever )?led (?P<x>.+?)$"),
    ),
    (
        "leader",
        re.compile(rf"^(?:name|list|give) {_DET}{_MOD}{_ROLE}{_OF}\s+(?P<x>.+?)$"),
    ),
    # -- tolls
    (
        "casualties",
        re.compile(
            r"^how many (?:\w+ )?(?:did|does|do|has|have) (?P<said>.+?) (?:say|said|claim|claimed|report|"
            r"reported|stated|announce|announced|estimate|estimated)(?: that)? (?:\w+ )?"
            r"(?:were |was |had been |have been |it had |they had |it |they |were |to have |had )?"
            r"(?P<field>killed|died|dead|wounded|injured|hurt|kill|wound|injure|perished|casualties)"
            rf"(?: (?:{_EVENT_PREP}) (?P<e>.+))?$"
        ),
    ),
    (
        "casualties",
        re.compile(
            r"^how many (?:\w+ )?(?:\w+ )?(?:were |was |have been |had been |are |got |people )?"
            rf"{_CASUALTY}(?: (?:were there|are there|were reported|did))?(?: (?:{_EVENT_PREP}) (?:the )?(?P<e>.+))?$"
        ),
    ),
    (
        "casualties",
        re.compile(
            r"^how many (?:people |persons |civilians |soldiers |victims )?did (?:the )?(?P<e>.+?) "
            r"(?P<field>kill|wound|injure|leave dead|leave wounded|claim)(?: (?:in|at|during|on) (?P<e2>.+))?$"
        ),
    ),
    (
        "casualties",
        re.compile(
            r"^what (?:was|is|were|are) (?:the )?(?:final |latest |official |total )?(?P<field>death|casualty|"
            r"injury|killed|wounded)? ?(?:toll|count|number of (?:dead|deaths|casualties|victims|wounded)|"
            r"casualties|figures?) (?:of|in|from|for|at|after) (?:the )?(?P<e>.+)$"
        ),
    ),
    (
        "casualties",
        re.compile(
            r"^how (?:deadly|bloody|many casualties) (?:was|were|did) (?:the )?(?P<e>.+?)(?: cause| have)?$"
        ),
    ),
    # -- who carried out or claimed an event
    (
        "who_attacked",
        re.compile(
            rf"^(?:which|what) (?:(?P<hint>.+?) )?{_UNIT}(?: of (?P<hint2>.+?))? {_CARRIED} (?:the )?(?P<e>.+)$"
        ),
    ),
    (
        "who_attacked",
        re.compile(
            r"^(?:by whom|who) (?:was|were|has been|had been) (?:the )?(?P<e>.+?) (?P<verb>carried out|claimed|"
            r"perpetrated|committed|staged|conducted|launched|orchestrated|masterminded|planned|mounted|"
            r"executed)(?: by)?$"
        ),
    ),
    (
        "who_attacked",
        re.compile(
            r"^who (?:were|are|was|is) (?:the )?(?P<verb>perpetrators?|attackers?|bombers?|culprits?|gunmen|"
            r"assailants?|masterminds?|organi[sz]ers?|suspects?|people|group|groups) (?:of|in|behind|"
            r"responsible for|who carried out|that carried out|who claimed|that claimed) (?:the )?(?P<e>.+)$"
        ),
    ),
    (
        "who_attacked",
        re.compile(
            r"^who (?:was|were|is|are) (?:the )?(?P<e>.+?) (?P<verb>bombers?|suicide bombers?|attackers?|gunm[ae]n|"
            r"shooters?|assailants?|perpetrators?|killers?|hijackers?|kidnappers?|abductors?|culprits?)$"
        ),
    ),
    (
        "who_attacked",
        re.compile(
            r"^who (?:did|do|does) (?:the )?(?:officials|police|authorities|government|investigators|"
            r"prosecutors|security forces|army|military|\w+) (?P<verb>blame|suspect|accuse|hold responsible|"
            r"name|identify) (?:for )?(?:the )?(?P<e>.+)$"
        ),
    ),
    (
        "who_attacked",
        re.compile(
            r"^who (?:is|was|are|were) (?P<verb>suspected|blamed|accused|held responsible|thought to be behind|"
            r"believed to be behind|said to be behind) (?:of |for )?(?:carrying out )?(?:the )?(?P<e>.+)$"
        ),
    ),
    (
        "who_attacked",
        re.compile(
            r"^who (?P<verb>attacked|bombed|struck|hit|raided|stormed|ambushed|abducted|kidnapped|carried out|"
            r"conducted|perpetrated|committed|staged|launched|mounted|orchestrated|masterminded|"
            r"claimed(?: responsibility for)?|has claimed(?: responsibility for)?|took responsibility for|"
            r"has taken responsibility for|accepted responsibility for|claims(?: responsibility for)?|"
            r"was behind|is behind|were behind|are behind|"
            r"was responsible for|is responsible for|were responsible for) (?:the )?(?P<e>.+)$"
        ),
    ),
    # -- where a group is based
    (
        "based",
        re.compile(
            r"^where (?:is|are|was|were) (?P<x>.+?) (?:based|headquartered|located|active|operating|strongest|"
            r"present|from|hiding|holed up|entrenched|concentrated|now)(?: now| today| mainly| mostly)?$"
        ),
    ),
    (
        "based",
        re.compile(
            r"^where (?:does|do|did) (?P<x>.+?) (?:operate|operate from|mainly operate|have (?:its|their) "
            r"(?:bases?|headquarters|strongholds?|hideouts?|camps?)|have bases|hide|fight|control territory|"
            r"hold territory|come from|train|live|hold sway|have (?:a )?presence)$"
        ),
    ),
    (
        "based",
        re.compile(
            r"^where (?:is|are|was|were) (?P<x>.+?)(?:'s|s') (?:main )?(?:bases?|headquarters|strongholds?|"
            r"home base|hideouts?|camps?|heartland)$"
        ),
    ),
    (
        "based",
        re.compile(
            r"^where (?:is|are|was|were) the (?:main )?(?:bases?|headquarters|strongholds?|heartland|hideouts?|"
            r"camps?) of (?P<x>.+)$"
        ),
    ),
    (
        "based",
        re.compile(
            r"^(?:in )?(?:which|what) (?:countries|country|regions?|areas?|provinces?|states?|part of \w+|places?)"
            r" (?:is|are|does|do|was|were) (?P<x>.+?) (?:based|operate|operating|active|headquartered|present)"
            r"(?: in)?$"
        ),
    ),
    # -- what happened in a place (in a period)
    (
        "what_happened",
        re.compile(
            r"^what (?:happened|took place|occurred|has happened|went on|was reported|attacks? took place|"
            r"attacks? happened|attacks? (?:were|was) (?:there|reported|carried out)|events? took place|"
            r"incidents? took place|violence (?:took place|occurred)) (?P<place>(?:in|at|on|near|inside|"
            r"around|across|during|over|between|last|this) .+)$"
        ),
    ),
    (
        "what_happened",
        re.compile(
            r"^(?:what|which) (?:attacks|events|incidents|bombings|killings|clashes|violence) (?:were there|"
            r"have there been|are there|has there been|took place|happened|occurred|were reported) "
            r"(?P<place>(?:in|at|near|inside|around|across) .+)$"
        ),
    ),
    (
        "what_happened",
        re.compile(
            r"^(?:list|show|tell me) (?:the |all )?(?:attacks|events|incidents|what happened) "
            r"(?P<place>(?:in|at|near|inside|around|across) .+)$"
        ),
    ),
    # -- an actor's attacks
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
    # -- why
    (
        "why",
        re.compile(
            rf"^why (?:was|were|is|are|has|have|had) (?P<y>.+?) (?:been )?(?P<verb>{_PASSIVE_WHY})(?: by (?P<x>.+))?$"
        ),
    ),
    (
        "why",
        re.compile(
            rf"^why (?:did|does|do|has|have|is|was|are|were|would|might|had) (?P<x>.+?) "
            rf"(?:(?:decide|choose|want|try|need|seek|vow)(?:d|s)? to |been )?"
            rf"(?P<verb>{_WHY_VERBS})\s+(?P<y>.+)$"
        ),
    ),
    (
        "why",
        re.compile(
            r"^what (?:is|are|was|were) (?:the )?(?:reasons?|motives?|motivations?|grievances?|aims?|goals?) "
            r"(?:for|behind|of) (?P<x>.+?)(?:'s|s')? (?:attacks? on|attacking|targeting|hatred of|hostility "
            r"to(?:wards)?|war on|war against|campaign against|abduction of|abducting|kidnapping|kidnapping of|"
            r"bombing of|bombing|assault on|raid on|killing of|killing) (?P<y>.+)$"
        ),
    ),
    (
        "why",
        re.compile(
            r"^what (?:is|are|was|were) (?P<x>.+?)(?:'s|s') (?:reasons?|motives?|motivations?|grievances?|aims?|"
            r"goals?|justification) (?:for|behind|in) (?:attacking |targeting |abducting |kidnapping |bombing |"
            r"the attack on |the attacks on |its attack on |their attack on |the )?(?P<y>.+)$"
        ),
    ),
    (
        "why",
        re.compile(
            r"^what (?:reasons?|motives?|justification|explanation) did (?P<x>.+?) (?:give|offer|cite|state|"
            r"provide) for (?:attacking |targeting |abducting |kidnapping |bombing |its attack on |the attack on "
            r"|their attack on |the )?(?P<y>.+)$"
        ),
    ),
    # -- what is X
    ("what_is", re.compile(r"^(?:what|who) (?:is|are|was|were) (?P<x>.+)$")),
    ("what_is", re.compile(r"^(?:tell me about|describe|explain|what do (?:we|you) know about) (?P<x>.+)$")),
]

_FIRST = re.compile(r"\b(?:first|founding|original|earliest)\b")
_PAST_VERBS = {
    "led",
    "headed",
    "ran",
    "commanded",
    "was",
    "were",
    "was leading",
    "controlled",
    "has led",
    "have led",
    "had led",
    "have",
    "has",
    "was in charge of",
    "was at the helm of",
    "had been",
}
_NEW_VERBS = re.compile(
    r"^(?:became|becomes|has become|took over|has taken over|takes over|took over as|takes over as|"
    r"has taken over as|took charge of|took the helm of|took control of|would become)$"
)


@dataclass
class Question:
    """A question read into its kind and its slots (phrases as written in the question)."""

    text: str
    kind: str
    subject: str | None = None  # X: the actor asked about
    object: str | None = None  # Y: the other side (why / where)
    event: str | None = None  # E: an event named by place, facility, actor, date, type or name
    person: str | None = None  # P: the one succeeded, killed, or gone before ("after P was killed")
    place: str | None = None  # what happened in PLACE
    figure: str = "killed"  # casualties: killed or wounded
    past: bool = False  # "who led" rather than "who leads"
    year: str | None = None
    period: str | None = None  # ISO date at the question's precision: "2018-06", "2017-10-14", "2016"
    period_end: str | None = None  # a range's end ("between 2015 and 2017")
    verb: str = ""  # as asked: "attack", "hate", "hostile to", "claimed"
    wants: list[str] = field(default_factory=list)  # "when", "where"
    role: str = "leader"  # leader | deputy | founder (the post asked about)
    new: bool = False  # "the new chief", "who became leader": the newest holder
    said_by: str | None = None  # "how many did X say were killed": whose figure
    mode: str = "any"  # who_attacked: "claim" (claimed), "carry" (carried out), "any" (behind)
    unit: str | None = None  # "which faction/branch/group ...": the kind of actor wanted
    hint: str | None = None  # "which Islamic State branch ...": the family the answer belongs to
    clause: str | None = None  # a relative clause in X: "the dissidents from whom Y takes orders"


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
    q = re.sub(
        r"^(?:(?:and|so|ok|okay|well|please|now|also|then)[, ]+)*(?:(?:can|could|would) you (?:please )?"
        r"(?:tell me|say|find out|explain)[, ]*|(?:please )?tell me[, ]+(?=who|what|why|when|where|how|which)|"
        r"do you know[, ]+|i (?:want|would like|'d like) to know[, ]+)",
        "",
        q,
        flags=re.I,
    )
    q = re.sub(r"^(who|what|where)'s\b", r"\1 is", q, flags=re.I)
    q = re.sub(r"^(who|what)'re\b", r"\1 are", q, flags=re.I)
    return q.strip()


_SLOT_TAIL = re.compile(
    r"\s+(?:so much|so|today|now|then|first|at all|anyway|currently|at present|these days|nowadays|"
    r"exactly|in the end|eventually|ultimately|really|actually)$",
    re.I,
)


def _strip_slot(s: str | None) -> str | None:
    if s is None:
        return None
    s = re.sub(r"^(?:the|a|an)\s+", "", s.strip(" ,;:\"'"), flags=re.I)
    prev = None
    while prev != s:
        prev = s
        s = _SLOT_TAIL.sub("", s).strip(" ,;:")
    return s or None


def _take_dates(s: str | None) -> tuple[str | None, tuple[str, str | None] | None]:
    """A slot without its date, and the date (ISO start at its precision, end of a range)."""
    if not s:
        return s, None
    found = [f for f in find_dates(s, None) if re.search(r"\b(?:1[89]|20)\d\d\b", s[f[0] : f[1]])]
    if not found:  # a date without its year may be a name ("the March 23 Movement")
        return s, None
    a, b, dv = found[0]
    before = re.sub(
        r"(?:\b(?:in|on|during|of|from|since|around|at|between|the|by)\s+)+$", "", s[:a], flags=re.I
    )
    out = (before.rstrip(" ,") + " " + s[b:].lstrip(" ,")).strip()
    out = re.sub(r"\s+(?:in|on|during|of)$", "", out, flags=re.I)
    return (out or None), (dv.start, dv.end)


_AFTER_TAIL = re.compile(
    r"(?:'s|s')?\s*(?:(?:was|were|had been|has been|got|is)\s+(?:\w+\s+)?(?:killed|slain|assassinated|"
    r"executed|dismissed|sacked|removed|ousted|deposed|captured|arrested|replaced|eliminated|martyred|"
    r"fired|demoted)|died|was dead|(?:death|killing|dismissal|removal|ouster|arrest|capture|demise|"
    r"assassination|execution|resignation)|(?:stepped|step) down|resigned|quit|left|fell|(?:was|were) "
    r"(?:gone|out))\b.*$",
    re.I,
)
_AFTER_LEAD = re.compile(
    r"^(?:the\s+)?(?:death|killing|dismissal|removal|ouster|arrest|capture|demise|assassination|execution|"
    r"resignation|fall)\s+of\s+",
    re.I,
)


def _after_person(s: str | None) -> str | None:
    """ "Mullah Fazlullah was killed" / "the death of X" / "X's death" → the person's name."""
    if not s:
        return None
    s = _AFTER_LEAD.sub("", s.strip())
    s = _AFTER_TAIL.sub("", s).strip(" ,")
    return _strip_slot(s)


_RELATIVE = re.compile(
    r"\s+(?:from whom|to whom|of whom|whom|which|that|who|whose|under whom|under which)\s+.+$"
)


def _orig(q: str, m: re.Match[str], name: str) -> str | None:
    """The slot with the question's own casing."""
    if name not in m.groupdict() or m.group(name) is None:
        return None
    return q[m.start(name) : m.end(name)]


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
        out = _read(question.strip(), q, kind, m)
        if out is not None:
            return out
    return Question(question.strip(), "unknown")


def _read(text: str, q: str, kind: str, m: re.Match[str]) -> Question | None:
    g = m.groupdict()
    out = Question(text, kind)
    out.subject = _strip_slot(_orig(q, m, "x") or _orig(q, m, "x2") or _orig(q, m, "xg"))
    out.object = _strip_slot(_orig(q, m, "y"))
    out.event = _strip_slot(" ".join(x for x in (_orig(q, m, "e"), _orig(q, m, "e2")) if x) or None)
    out.person = _strip_slot(_orig(q, m, "p"))
    out.place = _orig(q, m, "place")
    verb = g.get("verb") or ""
    out.verb = verb
    mod = g.get("mod") or ""
    role = (g.get("role") or "").lower()
    if role:
        out.role = (
            "deputy"
            if re.match(r"deput|vice|second|number two|no\.? 2", role)
            else "founder"
            if "founder" in role
            else "leader"
        )
    out.past = verb in _PAST_VERBS or bool(re.search(r"\b(?:former|late|previous|then|ex-)\b", mod))
    out.new = bool(
        re.search(r"\bnew(?:ly)?\b", mod) or g.get("how") or _NEW_VERBS.match(verb) or kind == "successor"
    )
    fld = g.get("field") or ""
    out.figure = (
        "wounded"
        if fld in {"wounded", "injured", "hurt", "wound", "injure", "injury", "injuries", "leave wounded"}
        else "killed"
    )
    # dates in any slot become the question's period
    for slot in ("subject", "event", "object", "place", "person"):
        val, date = _take_dates(getattr(out, slot))
        if date:
            setattr(out, slot, _strip_slot(val) if slot != "place" else val)
            out.period, out.period_end = date
    if out.period:
        out.year = out.period[:4]
    if kind == "leader":
        after = _after_person(_orig(q, m, "after"))
        if after:
            out.kind, out.person, out.new = "successor", after, True
        elif role and out.role == "founder":
            out.kind = "founder"
        elif out.role == "deputy":
            out.kind = "deputy"
        elif _FIRST.search(mod):
            out.kind = "first_leader"
        if verb in {"has", "have"} and not g.get("how"):
            out.past = True  # "who has led X": everyone who has
    if kind == "successor":
        after = _after_person(_orig(q, m, "after"))
        if after and not out.person:
            out.person = after
        if not out.person:
            return None
    if kind in ("leader", "deputy", "first_leader", "successor", "founder") and out.subject:
        rel = _RELATIVE.search(out.subject)
        if rel and len(out.subject[: rel.start()].split()) >= 1:
            out.clause = rel.group(0).strip()
    if kind == "casualties":
        if not out.event:
            return None
        said = _strip_slot(_orig(q, m, "said"))
        if said:
            out.said_by = said
    if kind == "who_attacked":
        v = verb.lower()
        out.mode = (
            "claim"
            if "claim" in v or "responsibility for" in v
            else "carry"
            if v
            and re.match(
                r"carried|conducted|perpetrated|committed|staged|launched|attacked|bombed|did|mounted|executed",
                v,
            )
            else "any"
        )
        unit = g.get("unit")
        if unit:
            out.unit = re.sub(r"(?:es|s)$", "", unit) if unit not in {"militants", "rebels"} else "group"
            hint = _strip_slot(_orig(q, m, "hint") or _orig(q, m, "hint2"))
            if hint and hint.lower() not in {
                "armed",
                "militant",
                "jihadist",
                "terrorist",
                "rebel",
                "insurgent",
            }:
                out.hint = hint
        if not out.event:
            return None
    if kind == "killer" and not out.person:
        return None
    if kind == "what_happened":
        place = re.sub(
            r"^(?:in|at|on|near|inside|around|across|during|over)\s+",
            "",
            (out.place or "").strip(),
            flags=re.I,
        )
        out.place = _strip_slot(place)
        if not out.place and not out.period:
            return None
    if kind == "attacks":
        out.wants = [w for w in ("when", "where") if w in (g.get("w") or "when where")]
        if re.fullmatch(_CAPTURE_VERBS, g.get("verb") or ""):
            out.verb = "capture"  # "When did the M23 capture Goma?": captures, not attacks
    if kind == "why" and not (out.subject or out.object):
        return None
    return out
