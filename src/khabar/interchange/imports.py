"""GTD- and ACLED-shaped CSV files as ``DocFacts``: the file is the document, each row one "sentence" of it.

The stored text is the file itself, so a row's evidence is its own line(s) with their offsets, cited like any
sentence of a news report. Each row becomes one event with its actors (armed groups matched to the bundled
gazetteer, so "ISIL" in a table and "Islamic State" in a report are one group), its place (geocoded where the
row gives no coordinates) and its figures, said by the row's source. A row that cannot be read is one
``IngestError`` naming its line; the other rows land.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from khabar.errors import IngestError
from khabar.extract.figures import own_figure
from khabar.extract.gazetteer import Gazetteer
from khabar.extract.places import Geocoder
from khabar.interchange import acled, gtd
from khabar.interchange.tables import RowEvent, RowParty, RowPlace
from khabar.model import (
    DocFacts,
    EventFact,
    Figure,
    LocalEntity,
    Mention,
    Participant,
    Place,
    RawDocument,
    Sentence,
    norm_name,
)

__all__ = ["IMPORT_FORMATS", "ImportResult", "read_table"]

RowReader = Callable[[dict[str, str | None]], RowEvent]
IMPORT_FORMATS: dict[str, tuple[RowReader, tuple[str, ...], str]] = {
    "acled-csv": (acled.acled_event, acled.REQUIRED, "ACLED"),
    "gtd-csv": (gtd.gtd_event, gtd.REQUIRED, "GTD"),
}
EXTRACTOR = "khabar.import.{fmt}.v1"
_PAREN = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


@dataclass
class ImportResult:
    """A file read: its facts (None when the whole file is unreadable) and one error per bad row."""

    facts: DocFacts | None
    errors: list[IngestError] = field(default_factory=list)
    rows: int = 0


def _decode(path: Path, data: bytes, encoding: str) -> str:
    try:
        text = data.decode(
            "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
        )
    except UnicodeDecodeError as exc:
        raise IngestError(
            str(path),
            f"not valid {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "give the file's encoding with --encoding (GTD's own CSV is latin-1)",
        ) from exc
    except LookupError as exc:
        raise IngestError(str(path), f"unknown encoding {encoding!r}") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _rows(text: str) -> tuple[list[str], list[tuple[int, int, int, list[str]]]]:
    """(header, [(line number, start, end, cells)]) with each row's span in ``text`` (a quoted cell may hold
    newlines, so a row can span lines)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    reader = csv.reader(iter(lines))
    header: list[str] = []
    out = []
    done = 0
    for cells in reader:
        first, done = done, reader.line_num
        if not header:
            header = [c.strip().lstrip("\ufeff") for c in cells]
            continue
        if not any(c.strip() for c in cells):
            continue
        start, end = starts[first], starts[done]
        while end > start and text[end - 1] == "\n":
            end -= 1
        out.append((first + 1, start, end, cells))
    return header, out


class _Builder:
    """Turns rows into one document's facts: entities shared across rows, one event per row."""

    def __init__(self, facts: DocFacts, extractor: str, gazetteer: Gazetteer, geocoder: Geocoder) -> None:
        self.facts = facts
        self.extractor = extractor
        self.gazetteer = gazetteer
        self.geocoder = geocoder

    def _gazetteer_entry(self, name: str, type_: str | None):  # type: ignore[no-untyped-def]
        """The bundled gazetteer's entry for a table's actor name: as written, without a bracketed part
        ("Tehrik-i-Taliban Pakistan (TTP)"), or the bracketed acronym itself."""
        candidates = [name]
        m = _PAREN.match(name)
        if m:
            candidates += [m.group(1), m.group(2)]
        for c in candidates:
            entry = self.gazetteer.lookup(c) if c.strip() else None
            if entry is not None and (type_ is None or entry.type in (type_, "armed_group", "person")):
                return entry
        return None

    def entity(self, name: str, type_: str, place: Place | None = None) -> str:
        entry = (
            self._gazetteer_entry(name, type_) if type_ in ("armed_group", "person", "organization") else None
        )
        if entry is not None:
            key = f"g:{entry.key}"
            type_ = entry.type
        else:
            key = f"{type_}:{norm_name(name)}"
        if key not in self.facts.entities:
            self.facts.entities[key] = LocalEntity(
                key, name, type_, {name}, gazetteer=entry.key if entry else None, place=place,
                extractor=self.extractor,
            )  # fmt: skip
        else:
            self.facts.entities[key].aliases.add(name)
        return key

    def mention(self, key: str, name: str, sentence: Sentence) -> None:
        at = sentence.text.find(name)
        if at < 0:
            at = sentence.text.lower().find(name.lower())
        if at >= 0:
            start = sentence.start + at
            self.facts.mentions.append(
                Mention(start, start + len(name), sentence.text[at : at + len(name)], sentence.index, key,
                        self.extractor)
            )  # fmt: skip

    def place(self, p: RowPlace) -> Place:
        """The row's place with canonical country and, where the row has no point, the gazetteer's."""
        country = self.geocoder.country(p.country) if p.country else None
        country_name = country.name if country else p.country
        if p.kind == "country":
            lat, lon = (
                (p.lat, p.lon)
                if p.lat is not None
                else (country.lat, country.lon)
                if country
                else (None, None)
            )
            return Place(country_name or p.name, "country", country_name, None, lat, lon)
        found = None
        if p.lat is None or not p.admin1:
            found = self.geocoder.lookup(p.name, country_hint=country_name, fuzzy=False)
            if found is not None and country_name and found.country != country_name:
                found = None
        lat, lon = (p.lat, p.lon) if p.lat is not None else (found.lat, found.lon) if found else (None, None)
        admin1 = p.admin1 or (found.admin1 if found else None)
        return Place(p.name, p.kind, country_name, admin1, lat, lon, found.geonameid if found else None)

    def event(self, row: RowEvent, sentence: Sentence) -> None:
        facts = self.facts
        place = self.place(row.place) if row.place else None
        place_key = None
        if place is not None:
            place_key = self.entity(place.name, place.type, place)
            self.mention(place_key, place.name, sentence)
        participants = []
        names: dict[str, str] = {}
        for party in row.parties:
            participants.append(self._participant(party, sentence, names))
        figures = [
            Figure(f.field, f.count, sentence.index, names.get(f.said_by or ""),
                   None if (f.said_by or "") in names else f.said_by, f.claim)
            for f in row.figures
        ]  # fmt: skip
        killed, wounded = own_figure(figures, "killed"), own_figure(figures, "wounded")
        facts.events.append(
            EventFact(
                type=row.type, sentences=[sentence.index], extractor=self.extractor, subtype=row.subtype,
                date=row.date, place=place, place_entity=place_key, participants=participants,
                weapons=row.weapons, targets=row.targets, killed=killed.count if killed else None,
                wounded=wounded.count if wounded else None, figures=figures,
            )
        )  # fmt: skip

    def _participant(self, party: RowParty, sentence: Sentence, names: dict[str, str]) -> Participant:
        if party.type is None:
            return Participant(party.role, None, party.name)
        place = None
        if party.type == "country":
            place = self.geocoder.country(party.name)
        key = self.entity(party.name, party.type, place)
        names[party.name] = key
        self.mention(key, party.name, sentence)
        return Participant(party.role, key)


def read_table(
    path: str | Path,
    fmt: str,
    *,
    max_bytes: int,
    published: date | None = None,
    encoding: str = "utf-8",
    doc_id: str | None = None,
) -> ImportResult:
    """Read a GTD- or ACLED-shaped CSV file into one document's facts; raises IngestError when the file as a
    whole cannot be read (missing, too big, not CSV of that shape); a bad row is an error in the result."""
    if fmt not in IMPORT_FORMATS:
        raise IngestError(str(path), f"unknown import format {fmt!r}; known: {', '.join(IMPORT_FORMATS)}")
    reader, required, dataset = IMPORT_FORMATS[fmt]
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise IngestError(str(path), "not a regular file")
        if size > max_bytes:
            raise IngestError(
                str(path), f"file is {size} bytes, over the limit of {max_bytes} (set --max-bytes)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(str(path), exc.strerror or str(exc)) from exc
    text = _decode(path, data, encoding)
    try:
        header, rows = _rows(text)
    except csv.Error as exc:
        raise IngestError(str(path), f"not CSV: {exc}") from exc
    missing = [c for c in required if c not in header]
    if missing:
        raise IngestError(str(path), f"not a {dataset}-shaped table: no {', '.join(missing)} column")
    raw = RawDocument(
        id=doc_id or path.stem, text=text, title=f"{dataset} table {path.name}", published=published,
        source=dataset, path=str(path),
    )  # fmt: skip
    facts = DocFacts(document=raw)
    builder = _Builder(facts, EXTRACTOR.format(fmt=fmt.split("-")[0]), Gazetteer.load(), Geocoder.default())
    result = ImportResult(facts)
    for line, start, end, cells in rows:
        where = f"{path}:{line}"
        if len(cells) != len(header):
            result.errors.append(IngestError(where, f"has {len(cells)} cells, the header {len(header)}"))
            continue
        result.rows += 1
        sentence = Sentence(line, start, end, text[start:end])
        try:
            event = reader(dict(zip(header, cells, strict=True)))
        except ValueError as exc:
            result.errors.append(IngestError(where, str(exc)))
            continue
        facts.sentences.append(sentence)
        builder.event(event, sentence)
    return result
