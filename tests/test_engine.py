"""Where a build runs: local worker processes and a Dask cluster give the statements of a single-process
build; the parse runs in memory zones so the vocabulary does not grow with the corpus; bad engine options
are refused with a message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.export.jsonl import generate_statements
from graphkit.pipeline import build_corpus, extract_documents
from graphkit.types import Document

ARTICLES = Path(__file__).resolve().parent / "data" / "eval" / "articles"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three real articles: enough for two workers to get different batches."""
    root = tmp_path_factory.mktemp("corpus")
    for text in sorted(ARTICLES.glob("*.txt"))[:3]:
        shutil.copy(text, root)
        shutil.copy(text.with_name(text.stem + ".meta.json"), root)
    return root


@pytest.fixture(scope="module")
def single(corpus: Path) -> list[str]:
    return list(generate_statements(build_corpus(corpus, cache=False).statements))


@pytest.mark.model
@pytest.mark.slow
def test_a_two_worker_dask_cluster_builds_the_same_statements(corpus: Path, single: list[str]) -> None:
    result = build_corpus(corpus, engine="dask", jobs=2, cache=False)
    assert len(result.statements.documents) == 3
    assert list(generate_statements(result.statements)) == single


@pytest.mark.model
@pytest.mark.slow
def test_two_local_processes_build_the_same_statements(
    corpus: Path, single: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GRAPHKIT_CACHE", raising=False)
    result = build_corpus(corpus, tmp_path, jobs=2, formats=["statements"])
    assert list(generate_statements(result.statements)) == single
    assert result.cache is not None and result.cache.misses == 3  # the workers filled the parse cache
    again = build_corpus(corpus, tmp_path, jobs=2, formats=["statements"])
    assert again.cache is not None and again.cache.hits == 3


@pytest.mark.model
def test_the_vocabulary_does_not_grow_with_the_corpus(nlp) -> None:  # type: ignore[no-untyped-def]
    names = [f"Vel{chr(97 + i // 26)}{chr(97 + i % 26)}ski" for i in range(40)]  # names the model never saw
    docs = [Document(f"d{i}", f"Mayor Ana {name} met with Sheriff Tom Hale on Monday.") for i, name in enumerate(names)]
    list(extract_documents(docs[:1], nlp))
    before = len(nlp.vocab.strings)
    extractions = list(extract_documents(docs[1:], nlp))
    assert len(extractions) == 39
    assert "Ana Velbnski" in {e.label for x in extractions for e in x.entities.values()}
    assert len(nlp.vocab.strings) == before  # the new names lived in the memory zone only


@pytest.mark.model
def test_a_scheduler_without_the_dask_engine_is_refused(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(corpus), "-o", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert "needs the dask engine" in result.output


def test_an_unknown_engine_is_refused(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(corpus), "-o", str(tmp_path), "--engine", "spark"])
    assert result.exit_code == 2
    assert "local, dask" in result.output
