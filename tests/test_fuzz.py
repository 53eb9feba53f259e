"""Property-based fuzzing of the readers (Hypothesis): random bytes, text in any encoding, truncated or corrupted
HTML, feeds and JSONL, absurd sidecars. Every input either lands or fails alone with a one-line reason: never a
traceback, never a partly written document."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from khabar import Khabar
from khabar.errors import IngestError
from khabar.ingest import read_sources
from khabar.ingest.ids import id_problem
from khabar.model import RawDocument

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import faults  # noqa: E402  (the store's integrity rules, shared with the kill -9 harness)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,  # the same inputs on every run: a CI failure can be replayed
    suppress_health_check=list(HealthCheck),
)

# Our own small, valid samples of each format, to be truncated and corrupted.
SAMPLES = {
    ".txt": "Gunmen attacked a checkpoint near Gao on 4 May 2022, killing three soldiers, the army said.\n",
    ".html": "<!DOCTYPE html><html><head><title>Gao attack</title><meta name='date' content='2022-05-05'>"
    "</head><body><article><h1>Gao attack</h1><p>Gunmen attacked a checkpoint near Gao on 4 May 2022, "
    "killing three soldiers.</p><p>No group said it carried out the attack.</p></article></body></html>",
    ".rss": "<?xml version='1.0'?><rss version='2.0'><channel><title>Desk</title><item><title>Gao</title>"
    "<guid>gao-1</guid><pubDate>Thu, 05 May 2022 08:00:00 GMT</pubDate><description>Gunmen attacked a "
    "checkpoint near Gao, killing three soldiers.</description></item><item><title>Mopti</title>"
    "<description>A bus struck a mine near Mopti.</description></item></channel></rss>",
    ".atom": "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Desk</title><entry>"
    "<id>urn:gao</id><title>Gao</title><updated>2022-05-05T08:00:00Z</updated><content type='text'>Gunmen "
    "attacked a checkpoint near Gao.</content></entry></feed>",
    ".jsonl": json.dumps({"id": "gao", "title": "Gao", "published": "2022-05-05", "text": "Gunmen attacked Gao."})
    + "\n"
    + json.dumps({"text": "A bus struck a mine near Mopti.", "byline": ["A. Writer"]})
    + "\n",
    "": "Gunmen attacked a checkpoint near Gao on 4 May 2022.\n",
}
EXTENSIONS = sorted(SAMPLES)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-32", "latin-1", "cp1252", "shift_jis"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=300),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
META_KEYS = ["id", "title", "published", "byline", "credits", "source", "language"]
sidecars = st.one_of(
    st.none(),
    st.binary(max_size=200),  # not JSON, not UTF-8
    st.dictionaries(st.sampled_from(META_KEYS), json_values, max_size=5).map(json.dumps),
    json_values.map(json.dumps),  # valid JSON of the wrong shape
)


@st.composite
def contents(draw: st.DrawFn) -> tuple[str, bytes]:
    """(extension, file bytes): random bytes, random text in a random encoding, or a sample truncated, with
    bytes flipped, or with random text spliced in."""
    ext = draw(st.sampled_from(EXTENSIONS))
    kind = draw(st.sampled_from(["bytes", "text", "truncated", "corrupted", "spliced"]))
    if kind == "bytes":
        return ext, draw(st.binary(max_size=400))
    if kind == "text":
        text = draw(st.text(max_size=300))
        return ext, text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    sample = SAMPLES[ext].encode("utf-8")
    if kind == "truncated":
        return ext, sample[: draw(st.integers(0, len(sample)))]
    if kind == "corrupted":
        data = bytearray(sample)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return ext, bytes(data)
    at = draw(st.integers(0, len(sample)))
    return ext, sample[:at] + draw(st.text(max_size=60)).encode("utf-8") + sample[at:]


def _write(folder: Path, ext: str, data: bytes, sidecar: str | bytes | None) -> Path:
    path = folder / f"input{ext}"
    path.write_bytes(data)
    if sidecar is not None:
        meta = folder / "input.meta.json"
        meta.write_bytes(sidecar if isinstance(sidecar, bytes) else sidecar.encode("utf-8"))
    return path


def _check_outcome(item: Any) -> None:
    if isinstance(item, RawDocument):
        assert item.text.strip(), "a document with no text"
        assert id_problem(item.id) is None, item.id
        assert "\r" not in item.text
    else:
        assert isinstance(item, IngestError), item
        assert item.reason and "\n" not in item.reason and "Traceback" not in item.reason, item.reason
        assert len(item.reason) < 2_000


@FUZZ
@given(content=contents(), sidecar=sidecars)
def test_readers_land_or_fail_alone_with_one_line(content: tuple[str, bytes], sidecar: str | bytes | None) -> None:
    ext, data = content
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), ext, data, sidecar)
        for item in read_sources([Path(tmp)]):  # never raises
            _check_outcome(item)
        for item in read_sources([path]):
            _check_outcome(item)


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    kb = Khabar(tmp_path_factory.mktemp("fuzz") / "k.db")
    yield kb
    kb.close()


@settings(FUZZ, max_examples=40)
@given(content=contents(), sidecar=sidecars)
def test_every_input_is_stored_whole_or_not_at_all(
    fuzz_store: Khabar, content: tuple[str, bytes], sidecar: str | bytes | None
) -> None:
    ext, data = content
    assume(len(data) > 0)

    def stored() -> set[str]:
        with fuzz_store.store.connect() as conn:
            return {r[0] for r in conn.exec_driver_sql("SELECT id FROM documents")}

    before = stored()
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), ext, data, sidecar)
        report = fuzz_store.ingest([path])
    for o in report.outcomes:
        assert o.status in ("ingested", "duplicate", "failed", "skipped")
        assert o.status != "failed" or (o.reason and "\n" not in o.reason), o
    # exactly the documents reported ingested are new, each whole (sentences, evidence): nothing half-written
    assert stored() - before == {o.document for o in report.ingested}
    assert faults.integrity_problems(Path(fuzz_store.db)) == []
