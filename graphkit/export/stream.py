"""Streaming RDF exports: N-Quads (one named graph per article) and N-Triples, written line by line.

The lines come from :func:`graphkit.graph.rdf_triples`, the same triples as every other RDF export, but no
rdflib graph is built: the statements are taken one article at a time, that article's lines are sorted
and written, and only the default graph (entities, their labels and aliases) is kept as a set until the
end. Memory holds one article's lines, not the whole graph, so a build of a hundred thousand articles
writes its N-Quads in the memory the statements already take.

The output is deterministic, like the other RDF writers: each article's graph in article-id order, its
lines sorted, then the default graph's lines sorted. Load it into any store that reads N-Quads, e.g.
Oxigraph's bulk loader: ``oxigraph load --location store/ --file graph.nq``.

Examples:
    >>> from graphkit.types import Entity, Evidence, Relation, StatementSet
    >>> ev = Evidence("a", 0, 30, "Mayor Ana Ruiz met Tom Hale.")
    >>> s = StatementSet(entities={
    ...     "person/ana-ruiz": Entity("person/ana-ruiz", "Ana Ruiz", "Person", docs=("a",)),
    ...     "person/tom-hale": Entity("person/tom-hale", "Tom Hale", "Person", docs=("a",))},
    ...     statements=[Relation("person/ana-ruiz", "metWith", "person/tom-hale", {}, (ev,), 0.8)])
    >>> lines = list(generate_nquads(s))
    >>> direct = next(line for line in lines if "civic#metWith> <" in line)
    >>> print(direct.replace("https://w3id.org/graphkit/", ""))
    <id/entity/person/ana-ruiz> <civic#metWith> <id/entity/person/tom-hale> <id/graph/a> .
    >>> lines[-1].endswith('"Tom Hale" .')
    True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..graph import graph_iri, rdf_triples
from ..types import Entity, MergeRecord, Statement, StatementSet, entity_refs
from .atomic import atomic_open

__all__ = ["generate_nquads", "generate_ntriples", "nquad", "term", "write_nquads", "write_ntriples_streamed"]

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def term(node: Node) -> str:
    """One RDF term as N-Triples writes it.

    Examples:
        >>> term(URIRef("https://example.org/a"))
        '<https://example.org/a>'
        >>> term(Literal('say "no"\\nnow'))
        '"say \\\\"no\\\\"\\\\nnow"'
        >>> from rdflib.namespace import XSD
        >>> term(Literal("2024-03-06", datatype=XSD.date))
        '"2024-03-06"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = f'"{str(node).translate(_ESCAPES)}"'
        if node.language:
            return f"{text}@{node.language}"
        return f"{text}^^<{node.datatype}>" if node.datatype else text
    if isinstance(node, BNode):
        return f"_:{node}"
    raise TypeError(f"not an RDF term: {node!r}")


def nquad(triple: tuple[Node, Node, Node], graph: URIRef | None = None) -> str:
    """One line of N-Quads (or of N-Triples when ``graph`` is None), without its line break."""
    s, p, o = triple
    where = f" {term(graph)}" if graph is not None else ""
    return f"{term(s)} {term(p)} {term(o)}{where} ."


@dataclass(slots=True)
class _Index:
    """What each article contributes, found in one pass over the statements."""

    statements: dict[str, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    merges: dict[str, list[MergeRecord]] = field(default_factory=lambda: defaultdict(list))
    entities: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    rest: StatementSet = field(default_factory=StatementSet)  # what no article's graph holds


def _index(s: StatementSet) -> _Index:
    index = _Index()
    for stmt in s.statements:
        placed = {ev.doc for ev in stmt.evidence if ev.end > ev.start}  # as graph.py places statements
        for doc in placed:
            kept = tuple(e for e in stmt.evidence if e.doc == doc)  # most statements have one article's
            index.statements[doc].append(stmt if len(kept) == len(stmt.evidence) else replace(stmt, evidence=kept))
        if not placed:
            index.rest.statements.append(stmt)
    for rec in s.merges:
        (index.merges[rec.doc] if rec.doc else index.rest.merges).append(rec)
    for ent in s.entities.values():
        for doc in ent.docs:
            index.entities[doc].append(ent.id)
    return index


def _part(
    s: StatementSet, doc: str | None, stmts: list[Statement], merges: list[MergeRecord], ids: Iterable[str]
) -> StatementSet:
    """The statements, merges and entities of one article, each entity with only that article in its docs."""
    ids = {*ids, *(r for stmt in stmts for r in entity_refs(stmt)), *(x for m in merges for x in (m.canonical, m.via))}
    entities: dict[str, Entity] = {}
    for i in sorted(ids & s.entities.keys()):
        ent = s.entities[i]
        # counted, not filtered: an entity of a large corpus is in hundreds of articles, taken one by one
        entities[i] = replace(ent, docs=(doc,) * ent.docs.count(doc) if doc is not None else ())
    documents = {doc: s.documents[doc]} if doc is not None and doc in s.documents else {}
    return StatementSet(documents=documents, entities=entities, statements=stmts, merges=merges)


def _quads(s: StatementSet, *, graphs: bool) -> Iterator[str]:
    index = _index(s)
    default: set[str] = set()
    described: set[str] = set()  # entities whose type, label and aliases are in `default` already
    for doc in sorted(s.documents.keys() | index.statements.keys() | index.merges.keys() | index.entities.keys()):
        part = _part(s, doc, index.statements.pop(doc, []), index.merges.pop(doc, []), index.entities.pop(doc, []))
        lines: set[str] = set()
        ending = f" {term(graph_iri(doc))} ." if graphs else " ."  # the same for every line of the article
        for (subject, predicate, obj), where in rdf_triples(part, described=described):
            if where == doc:
                lines.add(f"{term(subject)} {term(predicate)} {term(obj)}{ending}")
            elif where is None:
                default.add(nquad((subject, predicate, obj)))
        yield from sorted(lines)
    rest = index.rest
    orphans = [e.id for e in s.entities.values() if not e.docs]
    for triple, where in rdf_triples(_part(s, None, rest.statements, rest.merges, orphans), described=described):
        if where is None:
            default.add(nquad(triple))
    yield from sorted(default)


def generate_nquads(statements: StatementSet) -> Iterator[str]:
    """The lines of ``graph.nq``: each article's named graph, then the default graph (entities, posts)."""
    return _quads(statements, graphs=True)


def generate_ntriples(statements: StatementSet) -> Iterator[str]:
    """The lines of a streamed ``graph.nt``: the same triples without their graphs.

    A fact that several articles support is written once per article (N-Triples readers merge such
    repeated lines); everything else is written once.
    """
    return _quads(statements, graphs=False)


def _write_lines(lines: Iterable[str], path: str | Path) -> None:
    with atomic_open(path) as fh:
        for line in lines:
            fh.write(line)
            fh.write("\n")


def write_nquads(statements: StatementSet, path: str | Path) -> None:
    """``graph.nq``: N-Quads, one named graph per article (:func:`graphkit.graph.graph_iri`), streamed."""
    _write_lines(generate_nquads(statements), path)


def write_ntriples_streamed(statements: StatementSet, path: str | Path) -> None:
    """N-Triples streamed article by article (see :func:`generate_ntriples`)."""
    _write_lines(generate_ntriples(statements), path)
