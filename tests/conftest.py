"""Shared fixtures: the spaCy model loaded once, the seed corpus built once, and small helpers that
parse a sentence of a test's own and run the extractor on it."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"
SEED_GOLD = DATA / "gold"


@dataclass
class Extracted:
    """What the extractor found in one small text, with labels instead of local ids."""

    relations: list[tuple[str, str, str, dict[str, str]]]
    claims: list[tuple[str, str, str, str | None]]
    quotes: list[tuple[str | None, str]]
    entities: dict[str, tuple[str, tuple[str, ...]]]
    attributes: list[tuple[str, str, str]]

    def has(self, subject: str, predicate: str, obj: str) -> bool:
        return any(s == subject and p == predicate and o == obj for s, p, o, _ in self.relations)

    def qualifiers(self, subject: str, predicate: str, obj: str) -> dict[str, str]:
        return next(q for s, p, o, q in self.relations if (s, p, o) == (subject, predicate, obj))


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from graphkit.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def extract(nlp) -> Callable[..., Extracted]:  # type: ignore[no-untyped-def]
    """Run the whole extractor on a text of the test's own: ``extract(text, published="2024-03-07")``."""
    from graphkit.extract import extract_document
    from graphkit.types import Claim, Document, Quote, Relation

    def run(text: str, *, published: str = "2024-03-07", title: str = "") -> Extracted:
        doc = Document(id="t", text=text, published=published, title=title)
        x = extract_document(nlp(text), doc)
        label = {e.id: e.label for e in x.entities.values()}
        return Extracted(
            relations=[
                (label[s.subject], s.predicate, label[s.object], dict(s.qualifiers))
                for s in x.statements
                if isinstance(s, Relation)
            ],
            claims=[
                (label[s.claimant], s.stance, label[s.subject], label.get(s.object) if s.object else None)
                for s in x.statements
                if isinstance(s, Claim)
            ],
            quotes=[
                (label.get(s.speaker) if s.speaker else None, s.text) for s in x.statements if isinstance(s, Quote)
            ],
            entities={e.label: (e.type, e.aliases) for e in x.entities.values()},
            attributes=[(label[s.subject], s.attribute, s.value) for s in x.statements if s.kind == "attribute"],  # type: ignore[union-attr]
        )

    return run


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The seed corpus built once, with every export written."""
    from graphkit.export import EXPORTERS
    from graphkit.pipeline import build_corpus

    out = tmp_path_factory.mktemp("seed-out")
    result = build_corpus(CORPUS, out, formats=list(EXPORTERS))
    return result, out


@pytest.fixture
def write_article(tmp_path: Path) -> Iterator[Callable[..., Path]]:
    """Write ``name.txt`` with its sidecar into a fresh corpus directory; returns the text path."""

    def write(name: str, text: str, **meta: str) -> Path:
        path = tmp_path / "corpus" / f"{name}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        (path.parent / f"{name}.meta.json").write_text(json.dumps({"id": name, "published": "2024-03-07", **meta}))
        return path

    yield write


CHROMIUM = "/usr/bin/chromium"
# Debian's chromium, headless and quiet: no background connections on a machine with no network
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by playwright; skipped where it is missing, a failure under CI."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
