"""Ingest: every format, sidecars, precedence of dates, folder walks, and one clear error per bad input."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from khabar.errors import ConfigError, IngestError, SkippedSource
from khabar.ingest import DEFAULT_MAX_BYTES, discover, read_file, read_sources
from khabar.model import RawDocument

PARA = "Security forces said the convoy was ambushed on the northern road late in the evening. "


def docs_and_errors(results: Iterable[object]) -> tuple[list[RawDocument], list[IngestError]]:
    docs: list[RawDocument] = []
    errors: list[IngestError] = []
    for item in results:
        if isinstance(item, RawDocument):
            docs.append(item)
        else:
            assert isinstance(item, IngestError), item
            errors.append(item)
    return docs, errors


def only_doc(path: Path, published: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    docs, errors = docs_and_errors(read_sources([path], published=published, max_bytes=max_bytes))
    assert errors == [], [str(e) for e in errors]
    assert len(docs) == 1
    return docs[0]


def only_error(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> IngestError:
    docs, errors = docs_and_errors(read_sources([path], max_bytes=max_bytes))
    assert docs == []
    assert len(errors) == 1
    return errors[0]


def write_json(path: Path, obj: object) -> Path:
    path.write_text(json.dumps(obj), encoding="utf-8")
    return path


def page(body: str, head: str = "", charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="{charset}"><title>Page title</title>{head}'
        f"</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav><article>{body}</article>"
        "<footer>Copyright Example News</footer></body></html>"
    )


# ----------------------------------------------------------------------------------------- plain text


def test_plain_text_bom_stripped_newlines_normalised_id_from_stem(tmp_path: Path) -> None:
    path = tmp_path / "convoy-report.txt"
    path.write_bytes(b"\xef\xbb\xbfHeadline\r\n\r\nFirst line.\rSecond line.\n")
    doc = only_doc(path)
    assert doc.text == "Headline\n\nFirst line.\nSecond line.\n"
    assert doc.id == "convoy-report"
    assert doc.title is None and doc.published is None
    assert doc.path == str(path)


def test_plain_text_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.text"
    path.write_bytes("Kabul — attack\r\nreported".encode("utf-16"))
    assert only_doc(path).text == "Kabul — attack\nreported"


def test_extensionless_file_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("Just a sentence about a raid.", encoding="utf-8")
    (tmp_path / "webpage").write_text(page(f"<p>{PARA * 4}</p><p>{PARA * 4}</p>"), encoding="utf-8")
    (tmp_path / "lines").write_text('{"text": "One line of news."}\n', encoding="utf-8")
    docs, errors = docs_and_errors(
        read_sources([tmp_path / "plain", tmp_path / "webpage", tmp_path / "lines"])
    )
    assert errors == []
    assert docs[0].text == "Just a sentence about a raid."
    assert "<p>" not in docs[1].text and docs[1].title == "Page title"
    assert docs[2].id == "lines-1" and docs[2].text == "One line of news."


# ----------------------------------------------------------------------------------------- sidecars


def test_sidecar_supplies_metadata_and_id(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Text of the article.", encoding="utf-8")
    write_json(
        tmp_path / "a.meta.json",
        {
            "id": "seed-doc",
            "title": "A title",
            "published": "2024-03-26T09:30:00Z",
            "published_note": "humans only",
            "byline": "Jane Roe",
            "source": "Example Wire",
            "language": "en-GB",
            "credits": {"production": ["Ann One", "Bob Two"], "camera": "Cy Three"},
        },
    )
    doc = only_doc(path)
    assert doc.id == "seed-doc"
    assert doc.title == "A title"
    assert doc.published == date(2024, 3, 26)
    assert doc.byline == ["Jane Roe"]
    assert doc.credits == ["Ann One", "Bob Two", "Cy Three"]
    assert (doc.source, doc.language) == ("Example Wire", "en")


def test_sidecar_credits_as_list(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Text.", encoding="utf-8")
    write_json(tmp_path / "b.meta.json", {"credits": ["Ann One", "Ann One", "Dee Four"], "byline": ["X Y"]})
    doc = only_doc(tmp_path / "b.txt")
    assert doc.id == "b" and doc.credits == ["Ann One", "Dee Four"] and doc.byline == ["X Y"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"published": "26 March 2024"}', "'26 March 2024' is not an ISO date"),
        ('{"byline": 7}', "'byline' must be a string or a list of strings"),
        ('{"credits": 7}', "'credits' must be"),
    ],
)
def test_malformed_sidecar_fails_its_document(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "c.txt"
    path.write_text("Text.", encoding="utf-8")
    (tmp_path / "c.meta.json").write_text(content, encoding="utf-8")
    error = only_error(path)
    assert error.source == str(path)
    assert "c.meta.json" in error.reason and expected in error.reason


def test_sidecar_named_explicitly_is_an_error_and_never_discovered(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("Text.", encoding="utf-8")
    sidecar = write_json(tmp_path / "d.meta.json", {"title": "T"})
    assert discover([sidecar, tmp_path]) == [tmp_path / "d.txt"]
    docs, errors = docs_and_errors(read_sources([sidecar]))
    assert docs == [] and len(errors) == 1 and "sidecar" in errors[0].reason


# ----------------------------------------------------------------------------------------- precedence


def test_published_precedence_argument_then_sidecar_then_file(tmp_path: Path) -> None:
    head = '<meta property="article:published_time" content="2020-01-02T08:00:00+00:00">'
    html = tmp_path / "story.html"
    html.write_text(page(f"<p>{PARA * 4}</p><p>{PARA * 3}</p>", head=head), encoding="utf-8")
    assert only_doc(html).published == date(2020, 1, 2)  # the page's own date
    write_json(tmp_path / "story.meta.json", {"published": "2021-05-06"})
    assert only_doc(html).published == date(2021, 5, 6)  # the sidecar beats the page
    assert only_doc(html, published=date(2022, 7, 8)).published == date(2022, 7, 8)  # the CLI beats both


def test_published_argument_wins_for_jsonl_lines(tmp_path: Path) -> None:
    path = tmp_path / "n.jsonl"
    path.write_text('{"text": "x", "published": "2019-04-21"}\n{"text": "y"}\n', encoding="utf-8")
    docs, _ = docs_and_errors(read_sources([path]))
    assert [d.published for d in docs] == [date(2019, 4, 21), None]
    docs, _ = docs_and_errors(read_sources([path], published=date(2020, 1, 1)))
    assert [d.published for d in docs] == [date(2020, 1, 1)] * 2


# ----------------------------------------------------------------------------------------- HTML


def test_html_text_title_date_and_paragraph_breaks(tmp_path: Path) -> None:
    head = (
        '<meta name="author" content="Jane Roe">'
        '<meta property="article:published_time" content="2023-05-04T10:00:00Z">'
        '<meta property="og:site_name" content="Example News">'
    )
    body = (
        "<h1>Convoy ambushed</h1><p>By Jane Roe</p>"
        f"<p>First paragraph. {PARA * 3}</p><p>Second paragraph. {PARA * 3}</p><p>Third paragraph ends.</p>"
    )
    path = tmp_path / "story.htm"
    path.write_text(page(body, head=head), encoding="utf-8")
    doc = only_doc(path)
    assert doc.id == "story"
    assert doc.published == date(2023, 5, 4)
    assert doc.title in ("Convoy ambushed", "Page title")
    assert doc.byline == ["Jane Roe"]
    assert "Jane Roe" not in doc.text
    assert "Home" not in doc.text and "Copyright" not in doc.text
    assert doc.language == "en"
    paragraphs = doc.text.split("\n\n")
    assert [p.split(".")[0] for p in paragraphs if "paragraph" in p] == [
        "First paragraph",
        "Second paragraph",
        "Third paragraph ends",
    ]
    assert "\n\n".join(paragraphs) == doc.text and all(p.strip() == p for p in paragraphs)


def test_html_several_authors_all_go_to_byline(tmp_path: Path) -> None:
    head = '<meta name="author" content="Jane Roe; John Doe">'
    body = f"<p>By Jane Roe and John Doe</p><p>{PARA * 4}</p><p>{PARA * 2}</p>"
    path = tmp_path / "two.html"
    path.write_text(page(body, head=head), encoding="utf-8")
    doc = only_doc(path)
    assert doc.byline == ["Jane Roe", "John Doe"]
    assert "John Doe" not in doc.text and "Jane Roe" not in doc.text


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    body = "<p>Ополченцы атаковали колонну на северной дороге поздно вечером в пятницу.</p>" * 6
    path = tmp_path / "ru.html"
    path.write_bytes(page(body, charset="windows-1251").encode("cp1251"))
    assert "Ополченцы атаковали колонну" in only_doc(path).text

    latin = tmp_path / "fr.html"
    body = "<p>Le café « Étoile » a été visé — deux morts, selon la police.</p>" * 6
    latin.write_bytes(page(body, charset="iso-8859-1").encode("cp1252"))
    assert "Le café « Étoile » a été visé — deux morts" in only_doc(latin).text


def test_html_without_main_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>Nothing</title></head><body><script>x()</script></body></html>")
    error = only_error(path)
    assert (error.source, error.reason) == (str(path), "HTML page has no main text")


def test_library_failure_becomes_ingest_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import khabar.ingest.readers as readers

    def explode(data: bytes) -> object:
        raise RuntimeError("parser blew up")

    monkeypatch.setattr(readers, "extract_page", explode)
    path = tmp_path / "p.html"
    path.write_text(page("<p>text</p>"), encoding="utf-8")
    error = only_error(path)
    assert "parser blew up" in error.reason and isinstance(error.__cause__, RuntimeError)


# ----------------------------------------------------------------------------------------- feeds

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Frontier Wire</title><link>https://wire.example/</link><language>en-us</language>
<item><title>Checkpoint attacked</title><link>https://wire.example/news/checkpoint-attacked</link>
  <guid>https://wire.example/news/2024/checkpoint-attacked?id=7</guid>
  <pubDate>Tue, 26 Mar 2024 10:00:00 GMT</pubDate><dc:creator>Jane Roe</dc:creator>
  <description>Short summary.</description>
  <content:encoded><![CDATA[<p>Gunmen attacked a <b>checkpoint</b>.</p><p>Two guards were hurt.</p>
  <script>track()</script>]]></content:encoded></item>
<item><title>Second item</title><description>Only a &lt;i&gt;summary&lt;/i&gt; here.</description></item>
<item><title>Empty item</title><link>https://wire.example/news/empty</link></item>
</channel></rss>"""


def test_rss_one_document_per_item(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    docs, errors = docs_and_errors(read_sources([path]))
    assert [d.id for d in docs] == ["wire-example-news-2024-checkpoint-attacked-id-7", "wire-2"]
    first, second = docs
    assert first.text == "Gunmen attacked a checkpoint.\n\nTwo guards were hurt."
    assert first.title == "Checkpoint attacked"
    assert first.published == date(2024, 3, 26)
    assert first.byline == ["Jane Roe"]
    assert first.source == "Frontier Wire" and first.language == "en"
    assert second.text == "Only a summary here." and second.published is None
    assert len(errors) == 1 and errors[0].source == f"{path}:3" and "no text" in errors[0].reason


def test_atom_feed_and_sniffed_xml(tmp_path: Path) -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Raid</title><id>tag:desk.example,2023:raid</id><updated>2023-08-09T12:00:00Z</updated>
<author><name>Ann One</name></author><author><name>Bob Two</name></author>
<content type="html">&lt;p&gt;Police raided a house.&lt;/p&gt;
&lt;p&gt;Three arrests.&lt;/p&gt;</content></entry>
</feed>"""
    (tmp_path / "desk.atom").write_text(atom, encoding="utf-8")
    (tmp_path / "desk-noext").write_text(atom, encoding="utf-8")
    docs, errors = docs_and_errors(read_sources([tmp_path / "desk.atom", tmp_path / "desk-noext"]))
    assert errors == [] and len(docs) == 2
    for doc in docs:
        assert doc.id == "tag-desk-example-2023-raid"
        assert doc.text == "Police raided a house.\n\nThree arrests."
        assert doc.byline == ["Ann One", "Bob Two"] and doc.source == "Atom Desk"
        assert doc.published == date(2023, 8, 9)


def test_malformed_feed_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<rss version='2.0'><channel><title>T</title><<<&& not xml", encoding="utf-8")
    error = only_error(path)
    assert error.source == str(path) and error.reason.startswith("malformed feed: ")


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text("<?xml version='1.0'?><urlset><url><loc>x</loc></url></urlset>", encoding="utf-8")
    assert only_error(path).reason == "not an RSS or Atom feed"


# ----------------------------------------------------------------------------------------- JSONL


def test_jsonl_lines_each_succeed_or_fail_alone(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"id": "x1", "title": "T1", "text": "Alpha text.", "byline": ["A B", "C D"], "source": "S"}
        ),
        "",
        "{broken",
        "[1, 2]",
        json.dumps({"title": "no text"}),
        json.dumps({"content": "Beta\r\ntext.", "byline": "E F", "published": "2024-01-02 10:00"}),
        json.dumps({"body": "<p>One.</p><p>Two &amp; three.</p>", "format": "html"}),
        "   ",
        json.dumps({"text": "Gamma.", "published": "yesterday"}),
    ]
    path = tmp_path / "news.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = docs_and_errors(read_sources([path]))
    assert [(d.id, d.text) for d in docs] == [
        ("x1", "Alpha text."),
        ("news-6", "Beta\ntext."),
        ("news-7", "One.\n\nTwo & three."),
    ]
    assert docs[0].byline == ["A B", "C D"] and docs[0].title == "T1" and docs[0].source == "S"
    assert docs[1].byline == ["E F"] and docs[1].published == date(2024, 1, 2)
    assert [e.source for e in errors] == [f"{path}:3", f"{path}:4", f"{path}:5", f"{path}:9"]
    assert errors[0].reason.startswith("not JSON")
    assert "expected a JSON object" in errors[1].reason
    assert "no text" in errors[2].reason
    assert "not an ISO date" in errors[3].reason
    assert str(errors[0]).startswith(f"{path}:3: ")


def test_jsonl_invalid_utf8_fails_only_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n{"text": "fine"}\n')
    docs, errors = docs_and_errors(read_sources([path]))
    assert [d.id for d in docs] == ["mixed-2"]
    assert errors[0].source == f"{path}:1" and "not valid UTF-8 (byte 0xe9" in errors[0].reason


# ----------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    error = only_error(path)
    assert (error.source, error.reason) == (str(path), "empty file")


@pytest.mark.parametrize(
    ("content", "label"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"some text\x00\x01\x02more", "NUL bytes"),
    ],
)
def test_binary_file(tmp_path: Path, content: bytes, label: str) -> None:
    path = tmp_path / "looks-like.txt"
    path.write_bytes(content)
    error = only_error(path)
    assert error.reason.startswith("binary file (") and label in error.reason
    assert error.reason.endswith("), not text")


def test_legacy_encoding_is_refused_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Attack near the café".encode("cp1252"))
    error = only_error(path)
    assert error.reason == "not valid UTF-8 (byte 0xe9 at offset 19); convert it to UTF-8"


def test_file_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 101, encoding="utf-8")
    error = only_error(path, max_bytes=100)
    assert error.reason == "file is 101 bytes, over the limit of 100 (set --max-bytes / KHABAR_MAX_BYTES)"
    assert only_doc(path, max_bytes=101).text == "x" * 101
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_bad_limit_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        list(read_sources([tmp_path], max_bytes=0))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_real_permissions(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("hidden", encoding="utf-8")
    path.chmod(0)
    try:
        assert only_error(path).reason == "Permission denied"
    finally:
        path.chmod(0o644)


def test_unreadable_file_reason_comes_from_the_os(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("hidden", encoding="utf-8")
    real_open = Path.open

    def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    error = only_error(path)
    assert (error.source, error.reason) == (str(path), "Permission denied")


def test_missing_path_and_unsupported_type(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    data = write_json(tmp_path / "data.json", {"text": "x"})
    docs, errors = docs_and_errors(read_sources([tmp_path / "missing.txt", pdf, data]))
    assert docs == []
    assert [e.source for e in errors] == [str(tmp_path / "missing.txt"), str(pdf), str(data)]
    assert errors[0].reason == "No such file or directory"
    assert errors[1].reason.startswith("unsupported file type '.pdf'")
    assert errors[2].reason.startswith("unsupported file type '.json'")


# ----------------------------------------------------------------------------------------- batches, folders


def test_batch_with_one_broken_file_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "two.txt").write_bytes(b"ok \xfa\xfb broken")
    (tmp_path / "three.txt").write_text("Three.", encoding="utf-8")
    paths = [tmp_path / "one.txt", tmp_path / "two.txt", tmp_path / "three.txt"]
    results = list(read_sources(paths))
    assert [type(r).__name__ for r in results] == ["RawDocument", "IngestError", "RawDocument"]
    docs, errors = docs_and_errors(results)
    assert [d.id for d in docs] == ["one", "three"]
    assert errors[0].source == str(tmp_path / "two.txt")


def test_folder_walk_is_recursive_sorted_and_skips_noise(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "b.txt").write_text("B.", encoding="utf-8")
    (root / "a.txt").write_text("A.", encoding="utf-8")
    write_json(root / "a.meta.json", {"id": "alpha"})
    (root / "sub" / "c.jsonl").write_text('{"text": "C."}\n', encoding="utf-8")
    (root / ".hidden.txt").write_text("H.", encoding="utf-8")
    (root / ".git" / "x.txt").write_text("G.", encoding="utf-8")
    (root / "scan.pdf").write_bytes(b"%PDF-1.4")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    write_json(root / "data.json", {"text": "x"})
    expected = [root / "a.txt", root / "b.txt", root / "sub" / "c.jsonl"]
    assert discover([root]) == expected
    assert discover([str(root), root / "a.txt"]) == expected  # each file once
    docs, errors = docs_and_errors(read_sources([root]))
    assert all(isinstance(e, SkippedSource) for e in errors)  # named, never failed; hidden ones pass silently
    assert [(Path(e.source).name, e.reason) for e in errors] == [
        ("data.json", "khabar does not read .json files"),
        ("image.png", "khabar does not read .png files"),
        ("scan.pdf", "khabar does not read .pdf files"),
    ]
    assert [d.id for d in docs] == ["alpha", "b", "c-1"]


def test_read_file_reads_a_single_file(tmp_path: Path) -> None:
    path = tmp_path / "single.txt"
    path.write_text("Alone.", encoding="utf-8")
    docs, errors = docs_and_errors(read_file(path, published=date(2000, 1, 1)))
    assert errors == [] and docs[0].published == date(2000, 1, 1) and docs[0].text == "Alone."
    docs, errors = docs_and_errors(read_file(tmp_path))
    assert docs == [] and errors[0].reason == "is a directory"


def test_an_ingest_paces_the_collector_and_gives_the_programs_pace_back() -> None:
    import gc

    from khabar.ingest.pacing import PACED_THRESHOLD, paced_collection

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with paced_collection():
            assert gc.get_threshold() == (PACED_THRESHOLD, 10, 10)
            with paced_collection():  # nested: the outer pace stays until the outer ends
                pass
            assert gc.get_threshold() == (PACED_THRESHOLD, 10, 10)
        assert gc.get_threshold() == (700, 10, 10)
        with pytest.raises(RuntimeError), paced_collection():
            raise RuntimeError("a failed ingest")
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(50_000, 5, 5)  # a program that collects more rarely still does
        with paced_collection():
            assert gc.get_threshold() == (50_000, 5, 5)
    finally:
        gc.set_threshold(*before)
