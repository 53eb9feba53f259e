"""Datelines: where (and sometimes when) a report was filed, written before its first sentence.

"LAGOS (AFP) -", "ISLAMABAD, Pakistan —", "KABUL :", "March 3 (Reuters) -", "Quito, Feb 9 (EFE).-": the place is
the filing place, document metadata, and not where the events the text reports happened (a report filed in the
capital about an attack in a provincial town). :func:`find_dateline` reads it off the start of the text.

The date in a dateline usually has no year ("Dec 6"): it is kept as written and never used as the published
date. Only a dateline date with its year ("Dec 6, 2022") may stand for a published date the sidecar lacks.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

from spacy.tokens import Doc, Span

from khabar.extract.doc_sents import doc_text
from khabar.extract.places import Geocoder
from khabar.model import Dateline, Place, RawDocument

__all__ = ["find_dateline", "dateline_place", "dateline_date", "read_dateline"]

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"{_MONTH}\s+\d{{1,2}}(?:\s*,\s*\d{{4}})?"
_WORD = r"[A-Z][A-Za-z'\u2019.\-]*"
_PLACE = rf"{_WORD}(?:[ \-]{_WORD}){{0,3}}(?:\s*,\s*{_WORD}(?:\s{_WORD}){{0,2}})?"
_AGENCY = r"\((?P<agency>[A-Za-z][A-Za-z .&/\-]{0,30})\)"
# the separator between dateline and story: a dash or a colon (also EFE's ".-")
_SEP = r"\s*(?:\.?\s*[-\u2013\u2014]{1,2}|:)\s*"
# "YOLA (Adamawa, Nigeria), Nov 4 (NNN-XINHUA) -": the town's state and country in brackets, before its date or
# agency (a bracket right before the dash is the agency's)
_REGION = rf"(?:\s*\((?P<region>[A-Z][A-Za-z .,'\u2019\-]{{1,40}})\)(?=\s*,?\s*(?:{_DATE}|\()))"
# "Bogota, Sep 12 (IANS) At least five soldiers …": after the agency's brackets the story may follow with no dash
_DATELINE = re.compile(
    rf"^(?:(?P<place>{_PLACE}?){_REGION}?\s*,?\s*)??(?:(?P<date>{_DATE})\s*)?(?:{_AGENCY})?"
    rf"(?P<sep>{_SEP}|(?<=\))\s+)"
    r"(?=[\"'\u201c\u2018A-Z0-9])"
)
# The longest dateline worth considering.
_MAX_LEN = 80


def find_dateline(text: str, geocoder: Geocoder) -> Dateline | None:
    """The dateline at the start of the text (or of its first paragraph after a headline), or None.

    A prefix counts as a dateline when it ends in a dash or colon before a story that begins with a capital and
    either names a news agency in brackets, or its place is written in capitals ("KABUL :") or is a known place
    ("Bogota, Dec 6 -", "Lagos: Police said ..."). A sentence that merely starts with a word and a colon is not
    one ("Police said: the road is closed").
    """
    for start in _starts(text):
        head = text[start : start + _MAX_LEN]
        m = _DATELINE.match(head)
        if m is None or not (m.group("place") or m.group("date")):
            continue
        place, when, agency = m.group("place"), m.group("date"), m.group("agency")
        if place and m.group("region"):
            place = f"{place.strip(' ,')}, {m.group('region').strip()}"
        if place and re.fullmatch(_DATE, place):
            place, when = None, place
        if not _credible(place, agency, geocoder):
            continue
        if not m.group("sep").strip() and not (
            agency and agency[0].isupper() and (when or _credible(place, None, geocoder))
        ):
            continue  # no dash: only a known place or a date, then an agency in capitals ("Bogota, Sep 12 (IANS)")
        written = m.group(0).rstrip()
        return Dateline(
            text=written,
            start=start,
            end=start + len(written),
            place=place.strip(" ,") if place else None,
            agency=agency.strip() if agency else None,
            date=when,
        )
    return None


def _starts(text: str) -> list[int]:
    """Where a dateline may begin: the text's first character, and the first long line after a short one (a
    headline above the story)."""
    first = len(text) - len(text.lstrip())
    out = [first]
    nl = text.find("\n", first)
    if 0 < nl - first < 120 and not text[first:nl].rstrip().endswith((".", "!", "?")):
        rest = nl + len(text[nl:]) - len(text[nl:].lstrip())
        if rest < len(text):
            out.append(rest)
    return out


def _credible(place: str | None, agency: str | None, geocoder: Geocoder) -> bool:
    if agency:
        return True
    if not place:
        return False
    town = place.split(",")[0].strip()
    letters = [c for c in town if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return True  # wire style: "ISLAMABAD, Pakistan —", "KABUL :"
    # title case: a known place, then a date, a dash or a colon ("Bogota, Dec 6 -", "Manila, Philippines: ...",
    # "Lagos: Police said ..."); the story after it begins with a capital ("Kabul: a city of ..." is a sentence)
    return dateline_place_of(place, geocoder) is not None


def dateline_place_of(written: str, geocoder: Geocoder) -> Place | None:
    """The place a dateline names: "ISLAMABAD, Pakistan" is Islamabad in Pakistan."""
    parts = [p.strip() for p in written.split(",") if p.strip()]
    if not parts:
        return None
    hint = None
    if len(parts) > 1:
        after = geocoder.country(parts[1]) or geocoder.lookup(parts[1], fuzzy=False)
        hint = (after.country or after.name) if after is not None else None
    town = parts[0].title() if parts[0].isupper() else parts[0]
    return geocoder.country(town) or geocoder.lookup(town, country_hint=hint, fuzzy=False)


def dateline_place(dateline: Dateline | None, geocoder: Geocoder) -> Place | None:
    """The geocoded place of a document's dateline, if it names one the gazetteer knows."""
    if dateline is None or not dateline.place:
        return None
    return dateline_place_of(dateline.place, geocoder)


def dateline_date(dateline: Dateline | None) -> date | None:
    """The dateline's date when it gives the year ("Dec 6, 2022"); None for "Dec 6", which could be any year."""
    if dateline is None or not dateline.date or not re.search(r"\d{4}$", dateline.date):
        return None
    s = re.sub(r"\s*,\s*", " ", dateline.date.replace(".", ""))
    for fmt in ("%b %d %Y", "%B %d %Y"):
        try:
            return datetime.strptime(s if fmt == "%B %d %Y" else _abbrev(s), fmt).date()
        except ValueError:
            continue
    return None


def _abbrev(s: str) -> str:
    """ "Sept 6 2022" -> "Sep 6 2022" for strptime's %b."""
    month, rest = s.split(" ", 1)
    return f"{month[:3]} {rest}"


def read_dateline(doc: Doc, raw: RawDocument, geocoder: Geocoder) -> tuple[Span, Place] | None:
    """Find the document's dateline, keep it on ``raw`` (with its country) and, when its place is known, return
    the span of the town's name and its place, for the mention finder. A dateline date with its year fills a
    missing published date."""
    if raw.dateline is None:
        found = find_dateline(doc_text(doc), geocoder)
        if found is None:
            return None
        place = dateline_place(found, geocoder)
        country = place.country or (place.name if place.type == "country" else None) if place else None
        raw.dateline = replace(found, country=country)
        if raw.published is None:
            raw.published = dateline_date(found)
    dateline = raw.dateline
    place = dateline_place(dateline, geocoder)
    if place is None or not dateline.place:
        return None
    town = dateline.place.split(",")[0].strip()
    span = doc.char_span(dateline.start, dateline.start + len(town), alignment_mode="expand")
    return (span, place) if span is not None and len(span) else None
