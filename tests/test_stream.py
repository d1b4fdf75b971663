"""The streamed N-Quads export: the same quads as the in-memory dataset, no rdflib graph built, deterministic
bytes, and a file that a SPARQL store bulk-loads with one named graph per article."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from graphkit.export import exporter_for
from graphkit.export.stream import write_nquads, write_ntriples_streamed
from graphkit.graph import graph_iri, to_dataset, to_rdf
from graphkit.types import Claim, Document, Entity, Evidence, MergeRecord, Quote, Relation, StatementSet

A_TEXT = 'Mayor Ana Ruiz met Sheriff Tom Hale.\n\n"We said \\no\\ to that," Hale said.'
B_TEXT = "Ruiz and Hale met again on Friday."


def _set(*, reverse: bool = False) -> StatementSet:
    """Two articles; a meeting both report, a quote with quotes and backslashes, a claim, a merge decision."""
    docs = {
        "a": Document("a", A_TEXT, title='The "deal"', published="2024-03-06"),
        "b": Document("b", B_TEXT, title="Again", published="2024-03-09"),
    }
    ev_a, ev_q, ev_b = (
        Evidence("a", 0, 36, A_TEXT[:36]),
        Evidence("a", 38, 73, A_TEXT[38:]),
        Evidence("b", 0, 34, B_TEXT),
    )
    ents = [
        Entity("person/ana-ruiz", "Ana Ruiz", "Person", ("Ruiz",), ("a", "b")),
        Entity("person/tom-hale", "Tom Hale", "Person", ("Hale", "Sheriff Tom Hale"), ("a", "b")),
        Entity("organization/unmentioned", "Nobody Inc", "Organization"),
    ]
    stmts = [
        Relation("person/ana-ruiz", "metWith", "person/tom-hale", {"date": "2024-03-04"}, (ev_a, ev_b), 0.8),
        Quote("person/tom-hale", 'We said \\no\\ to "that",', (ev_q,), 0.8),
        Claim("person/tom-hale", "denies", "person/ana-ruiz", "agrees", None, (ev_q,), 0.7),
        Relation("person/ana-ruiz", "relatedTo", "person/tom-hale", {"verb": "know"}, (), 0.4),  # no evidence
    ]
    merges = [MergeRecord("person/tom-hale", "a#2", "Hale", "a", "surname-in-story", ("Hale", "Tom Hale"))]
    if reverse:
        ents, stmts, docs = ents[::-1], stmts[::-1], dict(reversed(docs.items()))
    return StatementSet(documents=docs, entities={e.id: e for e in ents}, statements=stmts, merges=merges)


def _quads(ds: Dataset) -> set[tuple[object, ...]]:
    return {(s, p, o, str(g)) for s, p, o, g in ds.quads((None, None, None, None))}


def test_nquads_hold_the_same_quads_as_the_dataset(tmp_path: Path) -> None:
    write_nquads(_set(), tmp_path / "graph.nq")
    read = Dataset()
    read.parse(tmp_path / "graph.nq", format="nquads")
    assert _quads(read) == _quads(to_dataset(_set()))


def test_streamed_ntriples_read_back_as_the_graph(tmp_path: Path) -> None:
    write_ntriples_streamed(_set(), tmp_path / "graph.nt")
    assert isomorphic(Graph().parse(tmp_path / "graph.nt", format="nt"), to_rdf(_set()))


def test_nquads_are_written_without_building_an_rdflib_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("an rdflib graph was built")

    monkeypatch.setattr(Graph, "add", refuse)
    write_nquads(_set(), tmp_path / "graph.nq")
    assert (tmp_path / "graph.nq").stat().st_size > 0


def test_nquads_are_byte_identical_whatever_the_input_order(tmp_path: Path) -> None:
    write_nquads(_set(), tmp_path / "one.nq")
    write_nquads(_set(reverse=True), tmp_path / "two.nq")
    assert (tmp_path / "one.nq").read_bytes() == (tmp_path / "two.nq").read_bytes()


def test_a_store_bulk_loads_the_nquads_with_one_graph_per_article(tmp_path: Path) -> None:
    exporter = exporter_for("application/n-quads")
    assert (exporter.name, exporter.filename) == ("nquads", "graph.nq")
    exporter.write(_set(), tmp_path / exporter.filename)
    store = ox.Store()
    store.bulk_load(path=str(tmp_path / exporter.filename), format=ox.RdfFormat.N_QUADS)
    graphs = {str(g.value) for g in store.named_graphs()}
    assert graphs == {str(graph_iri("a")), str(graph_iri("b"))}
    quoted = "SELECT ?t WHERE { GRAPH ?g { ?q <https://w3id.org/graphkit/civic#quoteText> ?t } }"
    assert [row["t"].value for row in store.query(quoted)] == ['We said \\no\\ to "that",']
