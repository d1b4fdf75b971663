"""Stage 1: reading articles. Each bad input gets one clear error naming the file; the rest still load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphkit.corpus import clean_text, iter_corpus, read_document
from graphkit.errors import CorpusError, DocumentError
from graphkit.types import Document


def _errors(root: Path) -> dict[str, str]:
    return {Path(e.path).name: e.reason for e in iter_corpus(root) if isinstance(e, DocumentError)}


def _docs(root: Path) -> dict[str, Document]:
    return {d.id: d for d in iter_corpus(root) if isinstance(d, Document)}


def test_a_txt_article_reads_its_sidecar_metadata(write_article) -> None:  # type: ignore[no-untyped-def]
    path = write_article("a", "The council met.", title="Council meets", publisher="The Ledger", url="https://x.org/a")
    doc = read_document(path)
    assert (doc.id, doc.title, doc.publisher, doc.published, doc.url) == (
        "a", "Council meets", "The Ledger", "2024-03-07", "https://x.org/a",
    )  # fmt: skip
    assert doc.text == "The council met."


def test_page_furniture_is_stripped_before_parsing() -> None:
    raw = (
        "Skip to content\nLink copied to clipboard\n\nHeadline here\n\n"
        "Mayor Ana Ruiz speaks on Friday.\nMayor Ana Ruiz speaks on Friday.Read moreJANE DOE / Staff Photographer\n\n"
        "The council met on Monday.\n\n>> READ MORE: Another story\n\nRead more: yet another\n\nIt voted 5-2."
    )
    text = clean_text(raw)
    assert "Skip to content" not in text and "Link copied" not in text
    assert "Staff Photographer" not in text and "Ana Ruiz" not in text  # the caption and its credit
    assert "READ MORE" not in text and "Read more" not in text
    assert text == "Headline here\n\nThe council met on Monday.\n\nIt voted 5-2."


def test_markdown_front_matter_gives_the_metadata(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text(
        "---\nid: b-1\ntitle: A title\npublished: 2023-05-02\n---\n# A title\n\nThe **board** [voted](http://x).\n"
    )
    doc = read_document(path)
    assert (doc.id, doc.title, doc.published) == ("b-1", "A title", "2023-05-02")
    assert doc.text == "A title\n\nThe board voted."


def test_html_keeps_the_main_text_and_reads_meta_tags(tmp_path: Path) -> None:
    path = tmp_path / "c.html"
    path.write_text(
        "<html><head><title>T</title><meta property='og:site_name' content='The Ledger'>"
        "<meta property='article:published_time' content='2022-01-03T10:00:00Z'></head>"
        "<body><nav>Home | News</nav><article><h1>Council votes</h1><p>The council voted.</p>"
        "<figure><figcaption>A caption</figcaption></figure><script>var x=1;</script></article>"
        "<footer>Contact us</footer></body></html>"
    )
    doc = read_document(path)
    assert doc.text == "Council votes\n\nThe council voted."
    assert (doc.publisher, doc.published) == ("The Ledger", "2022-01-03")


def test_every_bad_input_is_one_error_naming_its_file_and_the_good_article_still_loads(
    tmp_path: Path, write_article
) -> None:  # type: ignore[no-untyped-def]
    good = write_article("good", "The council met on Monday.")
    root = good.parent
    (root / "empty.txt").write_text("")
    (root / "empty.meta.json").write_text("{}")
    (root / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (root / "binary.meta.json").write_text("{}")
    (root / "latin1.txt").write_bytes("Caf\xe9 council".encode("latin-1"))
    (root / "latin1.meta.json").write_text("{}")
    (root / "nosidecar.txt").write_text("The council met.")
    (root / "badjson.txt").write_text("The council met.")
    (root / "badjson.meta.json").write_text("{not json")
    (root / "notes.docx").write_bytes(b"PK")
    (root / "huge.txt").write_text("word " * 1_100_000)
    (root / "huge.meta.json").write_text("{}")
    errors = _errors(root)
    assert errors == {
        "empty.txt": "the file is empty",
        "binary.txt": "the file is binary, not text",
        "latin1.txt": "the file is not UTF-8 (byte 3: b'\\xe9')",
        "nosidecar.txt": "the metadata sidecar nosidecar.meta.json is missing",
        "badjson.meta.json": errors["badjson.meta.json"],
        "notes.docx": "unknown extension '.docx'; graphkit reads .htm, .html, .markdown, .md, .txt",
        "huge.txt": "the file is 5.5 MB; articles over 1.0 MB are refused",
    }
    assert errors["badjson.meta.json"].startswith("the metadata sidecar is not valid JSON")
    assert list(_docs(root)) == ["good"]


def test_two_files_claiming_one_id_is_an_error_for_the_second(write_article) -> None:  # type: ignore[no-untyped-def]
    first = write_article("a", "One.")
    second = first.parent / "b.txt"
    second.write_text("Two.")
    (first.parent / "b.meta.json").write_text(json.dumps({"id": "a"}))
    assert _errors(first.parent) == {"b.txt": "document id 'a' is already used by " + str(first)}


def test_a_bad_publication_date_names_the_file(write_article) -> None:  # type: ignore[no-untyped-def]
    path = write_article("a", "One.", published="last Tuesday")
    with pytest.raises(DocumentError, match=r"a\.txt: published date 'last Tuesday' is not an ISO date"):
        read_document(path)


def test_a_missing_corpus_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="corpus not found"):
        list(iter_corpus(tmp_path / "nowhere"))


def test_the_shipped_seed_article_is_clean_and_dated() -> None:
    from conftest import CORPUS

    (doc,) = _docs(CORPUS).values()
    assert doc.published == "2018-07-19" and doc.publisher == "The Philadelphia Inquirer"
    assert "Skip to content" not in doc.text and "READ MORE" not in doc.text and "Staff Photographer" not in doc.text
    assert "\u00a0" not in doc.text
