"""RDF exports: Turtle, N-Triples, JSON-LD and TriG (one named graph per article)."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from ..graph import ID, article_iri, bind_prefixes, to_rdf
from ..types import StatementSet
from ..vocab import CIV, data_path
from .atomic import atomic_open

__all__ = ["write_jsonld", "write_ntriples", "write_trig", "write_turtle"]


def _serialize(g: Graph | Dataset, path: str | Path, fmt: str, **options: object) -> None:
    data = g.serialize(format=fmt, encoding="utf-8", **options)
    if fmt in ("nt", "nquads"):  # line formats: sorted lines make rebuilds byte-identical
        lines = sorted(set(data.decode("utf-8").splitlines()) - {""})
        data = ("\n".join(lines) + "\n").encode("utf-8")
    with atomic_open(path, "wb") as fh:
        fh.write(data)


def write_turtle(statements: StatementSet, path: str | Path) -> None:
    """``graph.ttl``: the whole graph in Turtle."""
    _serialize(to_rdf(statements), path, "turtle")


def write_ntriples(statements: StatementSet, path: str | Path) -> None:
    """``graph.nt``: one triple per line, sorted."""
    _serialize(to_rdf(statements), path, "nt")


def write_jsonld(statements: StatementSet, path: str | Path) -> None:
    """``graph.jsonld``: JSON-LD with graphkit's context, so it reads as plain JSON."""
    context_file = data_path("context.jsonld")
    context = json.loads(context_file.read_text())["@context"] if context_file.exists() else {"civ": str(CIV)}
    _serialize(to_rdf(statements), path, "json-ld", context=context, auto_compact=True)


def write_trig(statements: StatementSet, path: str | Path) -> None:
    """``graph.trig``: one named graph per article holding the statements its sentences support, and a
    default graph with the entities."""
    ds = Dataset()
    bind_prefixes(ds)  # type: ignore[arg-type]
    full = to_rdf(statements)
    default = ds.default_graph if hasattr(ds, "default_graph") else ds.graph(URIRef(str(ID) + "graph/entities"))
    for doc_id in statements.documents:
        named = ds.graph(URIRef(f"{article_iri(doc_id)}/graph"))
        subset = StatementSet(
            documents={doc_id: statements.documents[doc_id]},
            entities=statements.entities,
            statements=[s for s in statements.statements if any(e.doc == doc_id for e in s.evidence)],
        )
        for triple in to_rdf(subset):
            if triple not in default:
                named.add(triple)
    for triple in full:
        if not any(triple in g for g in ds.graphs() if g.identifier != default.identifier):
            default.add(triple)
    _serialize(ds, path, "trig")
