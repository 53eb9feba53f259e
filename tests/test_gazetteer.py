"""The bundled armed-group gazetteer: its invariants, real lookups, and the build script on a tiny input."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from khabar.errors import ExtractError
from khabar.extract.gazetteer import Gazetteer, GazetteerEntry, is_case_sensitive
from khabar.model import norm_name

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "src" / "khabar" / "extract" / "data" / "armed_groups.jsonl"
SCRIPT = REPO / "scripts" / "build_gazetteer.py"
SUPPLEMENT = REPO / "scripts" / "gazetteer_supplement.json"
GENERIC = ("army", "front", "organization", "group", "the", "is", "party", "government")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_gazetteer", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_gazetteer", module)
    spec.loader.exec_module(module)
    return module


def _key(gaz: Gazetteer, surface: str) -> str | None:
    entry = gaz.lookup(surface)
    return entry.key if entry else None


# ------------------------------------------------------------------------------------------ invariants


def test_default_load_is_cached_and_sorted(gaz: Gazetteer) -> None:
    assert Gazetteer.load() is gaz
    keys = [e.key for e in gaz.entries]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    assert len(gaz) > 500


def test_no_alias_maps_to_two_keys(gaz: Gazetteer) -> None:
    owner: dict[str, str] = {}
    for entry in gaz.entries:
        for surface in entry.surfaces:
            n = norm_name(surface)
            assert owner.setdefault(n, entry.key) == entry.key, f"{surface!r}: {owner[n]} and {entry.key}"


def test_branch_never_shares_alias_with_parent(gaz: Gazetteer) -> None:
    branches = [e for e in gaz.entries if e.parent]
    assert len(branches) >= 20
    for entry in branches:
        parent = gaz.get(entry.parent or "")
        assert parent is not None, entry.key
        assert not {norm_name(s) for s in entry.surfaces} & {norm_name(s) for s in parent.surfaces}


def test_iskp_and_is_never_resolve_to_each_other(gaz: Gazetteer) -> None:
    iskp, is_ = gaz.get("iskp"), gaz.get("is")
    assert iskp is not None and is_ is not None
    assert iskp.parent == "is"
    for surface in iskp.surfaces:
        assert _key(gaz, surface) == "iskp", surface
    for surface in is_.surfaces:
        assert _key(gaz, surface) == "is", surface


def test_ttp_is_not_the_afghan_taliban(gaz: Gazetteer) -> None:
    ttp = gaz.get("ttp")
    assert ttp is not None and ttp.parent is None
    assert "ttp" not in {e.key for e in gaz.children("taliban")}
    for surface in ttp.surfaces:
        assert _key(gaz, surface) == "ttp", surface
    for surface in ("TTP", "Pakistani Taliban", "Tehrik-e-Taliban Pakistan", "Tehreek-e-Taliban"):
        assert _key(gaz, surface) == "ttp"
    assert _key(gaz, "Taliban") == "taliban"
    assert _key(gaz, "Afghan Taliban") == "taliban"


def test_generic_words_are_not_aliases(gaz: Gazetteer) -> None:
    for word in GENERIC:
        for form in (word, word.title(), f"the {word}"):
            assert gaz.lookup(form) is None, form
    for word in GENERIC:
        if word != "is":
            assert gaz.lookup(word.upper()) is None, word
    assert _key(gaz, "IS") == "is"  # the acronym, in capitals only
    assert gaz.lookup("Is") is None
    assert gaz.lookup("ORGANIZATION") is None and gaz.lookup("The Front") is None


# --------------------------------------------------------------------------------------------- lookups


@pytest.mark.parametrize(
    ("surface", "key"),
    [
        ("IS- Khorasan", "iskp"),
        ("IS-Khorasan", "iskp"),
        ("is khorasan", "iskp"),
        ("Islamic State Khorasan Province", "iskp"),
        ("Islamic State-Khorasan", "iskp"),
        ("ISKP", "iskp"),
        ("ISIS-K", "iskp"),
        ("Wilayat Khorasan", "iskp"),
        ("the Islamic State's", "is"),
        ("Daesh", "is"),
        ("ISIL", "is"),
        ("Islamic State of Iraq and the Levant", "is"),
        ("ISWAP", "iswap"),
        ("Tehreek-e-Taliban Pakistan", "ttp"),
        ("Jamaat-ul-Ahrar", "jua"),
        ("Haqqani network", "haqqani"),
        ("Lashkar-e-Taiba", "let"),
        ("lashkar e toiba", "let"),
        ("LeT", "let"),
        ("Jama'at-ud-Da'wah", "jud"),
        ("JuD", "jud"),
        ("Jaish-e-Mohammed", "jem"),
        ("IMU", "imu"),
        ("al-Qaida", "al-qaeda"),
        ("AQAP", "aqap"),
        ("al-Shabab", "al-shabaab"),
        ("JNIM", "jnim"),
        ("Hay'at Tahrir al-Sham", "hts"),
        ("Jabhat al-Nusra", "nusra"),
        ("Hizbollah", "hezbollah"),
        ("Ansar Allah", "houthis"),
        ("Wagner", "wagner"),
        ("M23", "m23"),
        ("National Thowheed Jamath", "ntj"),
        ("Balochistan Liberation Army", "bla"),
        ("Sendero Luminoso", "shining-path"),
        ("Manuel Rodriguez Patriotic Front", "fpmr"),
        ("Farabundo Marti National Liberation Front", "fmln"),
        ("FARC", "farc"),
    ],
)
def test_real_lookups(gaz: Gazetteer, surface: str, key: str) -> None:
    assert _key(gaz, surface) == key


NOT_NAMES = ["Let", "let", "jud", "isis", "Ttp", "Islamic", "Khorasan", "al-Aqsa", ""]


@pytest.mark.parametrize("surface", NOT_NAMES)
def test_words_and_wrong_case_do_not_match(gaz: Gazetteer, surface: str) -> None:
    assert gaz.lookup(surface) is None


def test_branches_of_the_islamic_state_and_al_qaeda(gaz: Gazetteer) -> None:
    is_children = {e.key for e in gaz.children("is")}
    branches = {"iskp", "iswap", "is-sahel", "iscap", "is-sinai", "is-somalia", "is-libya", "is-pakistan"}
    assert branches <= is_children
    assert {"aqap", "aqim", "aqis", "al-shabaab", "jnim"} <= {e.key for e in gaz.children("al-qaeda")}
    jua, haqqani = gaz.get("jua"), gaz.get("haqqani")
    assert jua is not None and jua.parent == "ttp"
    assert haqqani is not None and haqqani.parent == "taliban"
    assert gaz.children("no-such-key") == []


def test_patterns_mark_short_acronyms_case_sensitive(gaz: Gazetteer) -> None:
    flags = {(k, s): cs for k, s, cs in gaz.patterns()}
    assert flags[("is", "IS")] is True
    assert flags[("let", "LeT")] is True
    assert flags[("ttp", "TTP")] is True
    assert flags[("jud", "JuD")] is True
    assert flags[("is", "Islamic State")] is False
    assert flags[("let", "Lashkar-e-Taiba")] is False
    assert all(k in gaz for k, _, _ in gaz.patterns())
    assert not is_case_sensitive("Hamas") and not is_case_sensitive("Daesh") and is_case_sensitive("IS-K")


def test_data_file_is_small_and_well_formed() -> None:
    assert DATA.stat().st_size < 1_000_000
    lines = DATA.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["key"] for r in records] == sorted(r["key"] for r in records)
    assert {r["source"] for r in records} == {"phoenix", "khabar", "phoenix+khabar"}
    assert {r["type"] for r in records} == {"armed_group", "person"}


# ------------------------------------------------------------------------------------ loading errors


def _write(tmp_path: Path, records: list[dict[str, object]]) -> Path:
    path = tmp_path / "gaz.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _rec(key: str, name: str, aliases: list[str], parent: str | None = None) -> dict[str, object]:
    return {
        "key": key,
        "name": name,
        "type": "armed_group",
        "aliases": aliases,
        "parent": parent,
        "source": "t",
    }


def test_load_from_path(tmp_path: Path) -> None:
    path = _write(tmp_path, [_rec("a", "Alpha Front", ["AF"]), _rec("b", "Beta Wing", ["BW"], parent="a")])
    gaz = Gazetteer.load(path)
    assert gaz.get("b") == GazetteerEntry("b", "Beta Wing", "armed_group", ("BW",), "a", None, "t")
    assert [e.key for e in gaz.children("a")] == ["b"]
    assert _key(gaz, "alpha-front") == "a" and gaz.lookup("af") is None


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([_rec("a", "Alpha", ["Shared"]), _rec("b", "Beta", ["shared"])], "names both"),
        ([_rec("a", "Alpha", []), _rec("a", "Beta", [])], "duplicate"),
        ([_rec("a", "Alpha", [], parent="zzz")], "unknown parent"),
        ([{"key": "a", "name": "Alpha", "type": "armed_group", "aliases": "x", "source": "t"}], "aliases"),
    ],
)
def test_bad_files_raise(tmp_path: Path, records: list[dict[str, object]], message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        Gazetteer.load(_write(tmp_path, records))


def test_missing_or_malformed_file_raises(tmp_path: Path) -> None:
    with pytest.raises(ExtractError):
        Gazetteer.load(tmp_path / "absent.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(ExtractError, match="bad.jsonl:1"):
        Gazetteer.load(bad)


# ------------------------------------------------------------------------------------------ the build

TINY_MILNONSTATE = """# tiny Phoenix MNSA file
SHINING_PATH_ [PERREB] #  kkl 21 Mar 13
+SENDERO_LUMINOSO_
+ORGANIZATION_

BASQUE_FATHERLAND_AND_FREEDOM_(ETA)_ [ESPREB]
+THE_FRONT_

ALPHA_LIBERATION_FRONT_ [COLREB]
+RED_DAWN_

BETA_LIBERATION_ARMY_ [COLREB]
+RED_DAWN_

AL-QAEDA_OF_THE_MOUNTAINS_ [AFGREB]
+AHMED_EXAMPLE_NAME_

JAMES_EXAMPLE__ [IMGMUS]
"""

TINY_COUNTRIES = """TESTLAND_ [TST]
+TESTLANDIAN_
HARAKAT_EXAMPLE_AL-JIHAD_ #
+HEJ_
\t[SYRREBMUS]
PRESIDENT_EXAMPLE_
\t[SYRGOV]
"""

TINY_SUPPLEMENT = {
    "not_aliases": [],
    "skip_headwords": [],
    "entries": [
        {"key": "shining-path", "name": "Shining Path", "country": "PER", "aliases": ["Sendero"]},
        {"key": "gamma", "name": "Gamma Group", "aliases": ["GG"], "parent": "shining-path"},
    ],
}


def _tiny_inputs(tmp_path: Path) -> tuple[Path, Path]:
    phoenix = tmp_path / "phoenix"
    phoenix.mkdir()
    (phoenix / "Phoenix.MilNonState.actors.txt").write_text(TINY_MILNONSTATE, encoding="utf-8")
    (phoenix / "Phoenix.Countries.actors.txt").write_text(TINY_COUNTRIES, encoding="utf-8")
    supplement = tmp_path / "supplement.json"
    supplement.write_text(json.dumps(TINY_SUPPLEMENT), encoding="utf-8")
    return phoenix, supplement


def test_build_script_on_tiny_phoenix(tmp_path: Path, builder: ModuleType) -> None:
    phoenix, supplement = _tiny_inputs(tmp_path)
    out = tmp_path / "out.jsonl"
    assert builder.main([str(phoenix), "--supplement", str(supplement), "--out", str(out)]) == 0
    first = out.read_bytes()
    records = {r["key"]: r for r in map(json.loads, first.decode().splitlines())}

    sp = records["shining-path"]  # the supplement wins and absorbs Phoenix's aliases
    assert sp["source"] == "phoenix+khabar" and sp["country"] == "PER"
    assert "Sendero Luminoso" in sp["aliases"] and "Organization" not in sp["aliases"]
    eta = records["eta"]  # "(ETA)" pulled out as the key and an alias
    assert eta["name"] == "Basque Fatherland and Freedom" and "ETA" in eta["aliases"]
    assert eta["country"] == "ESP" and eta["source"] == "phoenix" and eta["aliases"] == ["ETA"]
    alpha, beta = records["alpha-liberation-front"], records["beta-liberation-army"]
    assert "Red Dawn" not in alpha["aliases"] and "Red Dawn" not in beta["aliases"]  # shared: kept by neither
    qaeda = records["al-qaeda-mountains"]
    assert qaeda["name"] == "al-Qaeda of the Mountains" and qaeda["aliases"] == []  # a person's name dropped
    assert records["james-example"]["type"] == "person"
    assert records["harakat-example-al-jihad"]["aliases"] == ["HEJ"]  # a non-state group from Countries
    assert records["harakat-example-al-jihad"]["country"] == "SYR"
    assert not any("President" in r["name"] or "Testland" in r["name"] for r in records.values())
    assert records["gamma"]["parent"] == "shining-path"
    assert list(records) == sorted(records)

    gaz = Gazetteer.load(out)
    assert _key(gaz, "sendero luminoso") == "shining-path"

    assert builder.main([str(phoenix), "--supplement", str(supplement), "--out", str(out)]) == 0
    assert out.read_bytes() == first  # deterministic


def test_build_script_rejects_bad_inputs(tmp_path: Path, builder: ModuleType) -> None:
    phoenix, supplement = _tiny_inputs(tmp_path)
    out = tmp_path / "out.jsonl"
    assert builder.main([str(tmp_path / "nowhere"), "--supplement", str(supplement), "--out", str(out)]) == 2
    entries = [*TINY_SUPPLEMENT["entries"], {"key": "x", "name": "x", "aliases": ["gg"]}]
    clash = dict(TINY_SUPPLEMENT, entries=entries)
    supplement.write_text(json.dumps(clash), encoding="utf-8")
    assert builder.main([str(phoenix), "--supplement", str(supplement), "--out", str(out)]) == 2
    assert not out.exists()


def test_title_case_and_junk_rules(builder: ModuleType) -> None:
    assert builder.title_case("AL-QAEDA IN THE ISLAMIC MAGHREB") == "al-Qaeda in the Islamic Maghreb"
    assert builder.title_case("LASHKAR-E-TAIBA") == "Lashkar-e-Taiba"
    assert builder.title_case("JAMAAT-UD-DAWA") == "Jamaat-ud-Dawa"
    assert builder.title_case("KURDISTAN WORKERS' PARTY") == "Kurdistan Workers' Party"
    assert builder.title_case("DHKP/C") == "DHKP/C"
    surfaces, acronyms = builder.clean_surface("ANIMAL_LIBERATION_FRONT_(ALF)_", frozenset())
    assert (surfaces, acronyms) == (["Animal Liberation Front"], ["ALF"])
    junk = builder.junk_reason
    empty: frozenset[str] = frozenset()
    junk_aliases = (
        "ORGANIZATION",
        "THE FRONT",
        "ARMY",
        "X",
        "P\u00c3\u0160BLICAS",
        "AL QAEDA LINKED ABU SAYYAF",
    )
    for alias in junk_aliases:
        assert junk(alias, empty, empty, empty), alias
    assert junk("Sendero Luminoso", empty, empty, empty) is None


def test_real_supplement_is_valid(builder: ModuleType) -> None:
    sup = builder.load_supplement(SUPPLEMENT)
    assert len(sup.records) >= 80
    keys = {r.key for r in sup.records}
    assert {"is", "iskp", "taliban", "ttp", "let", "jud", "ntj", "fpmr", "fmln", "shining-path"} <= keys
