"""Every article set under tests/data builds a graph that conforms to graphkit's SHACL shapes: the rules
the extractor learns from new articles must never produce a relation the ontology's shapes forbid."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.corpus import iter_corpus
from graphkit.errors import DocumentError
from graphkit.graph import to_rdf
from graphkit.nlp import load_model
from graphkit.pipeline import extract_documents
from graphkit.resolve import resolve
from graphkit.validate import validate_graph

pytestmark = pytest.mark.model

DATA = Path(__file__).parent / "data"
# the held-out set is only ever measured (README, Evaluation), never debugged against
SETS = sorted(p.parent.name for p in DATA.glob("*/articles") if p.parent.name != "heldout")


@pytest.mark.parametrize("name", SETS)
def test_each_article_set_builds_a_graph_that_conforms_to_the_shapes(name: str) -> None:
    docs = [d for d in iter_corpus(DATA / name / "articles") if not isinstance(d, DocumentError)]
    assert docs
    statements, _ = resolve(list(extract_documents(docs, load_model())))
    report = validate_graph(to_rdf(statements))
    assert report.conforms, report.lines()
