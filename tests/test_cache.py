"""The parse cache: keyed by text and pipeline, corrupt entries rebuilt, rebuilds equal clean builds."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from graphkit.cache import CACHE_DIRNAME, ParseCache, clear_cache, default_cache_dir
from graphkit.cli import app

STORIES = Path(__file__).parent / "data" / "stories" / "articles"
TEXT = "Sheriff Tom R. Whitcomb on Monday signed a 287(g) agreement with ICE."


@pytest.fixture
def blank(tmp_path: Path) -> ParseCache:
    return ParseCache(tmp_path / "cache", spacy.blank("en"), extractor_version="test/1")


def test_a_cached_parse_is_read_back_instead_of_parsed(blank: ParseCache) -> None:
    assert blank.get(TEXT) is None
    doc = spacy.blank("en")(TEXT)
    blank.put(doc)
    again = blank.get(TEXT)
    assert again is not None and [t.text for t in again] == [t.text for t in doc]
    assert (blank.stats.hits, blank.stats.misses, blank.stats.corrupt) == (1, 1, 0)


def test_the_key_holds_the_model_and_the_extractor_version(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    old = ParseCache(tmp_path, nlp, extractor_version="graphkit-extract/0.1")
    old.put(nlp(TEXT))
    assert ParseCache(tmp_path, nlp, extractor_version="graphkit-extract/0.2").get(TEXT) is None
    nlp.meta["version"] = "9.9.9"
    assert ParseCache(tmp_path, nlp, extractor_version="graphkit-extract/0.1").get(TEXT) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-7] + b"garbage",  # bytes flipped: the checksum says so
        lambda data: b"not a cache entry",
        lambda data: data[: len(data) // 2],  # truncated
    ],
    ids=["flipped", "foreign", "truncated"],
)
def test_a_corrupt_entry_is_reported_deleted_and_never_trusted(blank, damage, caplog) -> None:
    blank.put(spacy.blank("en")(TEXT))
    path = blank.path(TEXT)
    path.write_bytes(damage(path.read_bytes()))
    with caplog.at_level(logging.WARNING, logger="graphkit.cache"):
        assert blank.get(TEXT) is None
    assert "corrupt parse cache entry" in caplog.text
    assert not path.exists() and blank.stats.corrupt == 1


def test_an_entry_for_another_text_is_not_used(blank: ParseCache) -> None:
    nlp = spacy.blank("en")
    blank.put(nlp("Another article."))
    blank.path(TEXT).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(blank.path("Another article."), blank.path(TEXT))
    assert blank.get(TEXT) is None and blank.stats.corrupt == 1


def test_the_cache_lives_in_the_output_directory_or_graphkit_cache(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GRAPHKIT_CACHE", raising=False)
    assert default_cache_dir(tmp_path) == tmp_path / CACHE_DIRNAME
    monkeypatch.setenv("GRAPHKIT_CACHE", str(tmp_path / "shared"))
    assert default_cache_dir(tmp_path) == tmp_path / "shared"


def test_clear_cache_removes_every_entry(blank: ParseCache) -> None:
    nlp = spacy.blank("en")
    blank.put(nlp(TEXT))
    blank.put(nlp("Another article."))
    assert clear_cache(blank.root) == 2
    assert blank.get(TEXT) is None


def _copy_articles(names: list[str], target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        for suffix in (".txt", ".meta.json"):
            shutil.copy(STORIES / f"{name}{suffix}", target / f"{name}{suffix}")


def _outputs(out: Path) -> dict[str, str]:
    return {
        name: (out / name).read_text(encoding="utf-8") for name in ("statements.jsonl", "merges.jsonl", "timeline.csv")
    }


@pytest.mark.model
def test_adding_an_article_parses_only_it_and_equals_a_clean_build(tmp_path: Path, monkeypatch, caplog) -> None:
    from graphkit.pipeline import build_corpus

    monkeypatch.delenv("GRAPHKIT_CACHE", raising=False)
    names = sorted(p.name.removesuffix(".txt") for p in STORIES.glob("*.txt"))[:3]
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    formats = ["statements", "timeline"]
    _copy_articles(names[:2], corpus)
    first = build_corpus(corpus, out, formats=formats)
    assert first.cache is not None and (first.cache.misses, first.cache.hits) == (2, 0)

    _copy_articles(names[2:], corpus)
    second = build_corpus(corpus, out, formats=formats)
    assert second.cache is not None and (second.cache.misses, second.cache.hits) == (1, 2)
    clean = build_corpus(corpus, tmp_path / "clean", formats=formats, cache=False)
    assert clean.cache is None and not (tmp_path / "clean" / CACHE_DIRNAME).exists()
    assert _outputs(out) == _outputs(tmp_path / "clean")

    entry = next((out / CACHE_DIRNAME).rglob("*.spacy"))
    entry.write_bytes(entry.read_bytes()[:-10] + b"0123456789")
    with caplog.at_level(logging.WARNING, logger="graphkit.cache"):
        third = build_corpus(corpus, out, formats=formats)
    assert third.cache is not None and (third.cache.corrupt, third.cache.misses) == (1, 1)
    assert str(entry) in caplog.text
    assert _outputs(out) == _outputs(tmp_path / "clean")


@pytest.mark.model
def test_the_command_line_builds_without_cache_and_clears_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("GRAPHKIT_CACHE", raising=False)
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _copy_articles([sorted(p.name.removesuffix(".txt") for p in STORIES.glob("*.txt"))[0]], corpus)
    runner = CliRunner()
    result = runner.invoke(
        app, ["build", str(corpus), "--out", str(out), "--no-cache", "-q", "--formats", "statements"]
    )
    assert result.exit_code == 0, result.output
    assert not (out / CACHE_DIRNAME).exists()
    result = runner.invoke(app, ["build", str(corpus), "--out", str(out), "-q", "--formats", "statements"])
    assert result.exit_code == 0 and (out / CACHE_DIRNAME).exists()
    assert json.loads((out / "statements.jsonl").read_text().splitlines()[0])["evidence"][0]["published"]
    result = runner.invoke(app, ["cache", "clear", "--out", str(out)])
    assert result.exit_code == 0 and "Removed 1 cached parse" in result.output
    assert not (out / CACHE_DIRNAME).exists()
