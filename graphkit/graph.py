"""Stage 5: graphs. A NetworkX ``MultiDiGraph`` and an rdflib ``Graph``, both built from one
:class:`~graphkit.types.StatementSet` (one source of truth, no second extraction).

Examples:
    >>> from graphkit.types import Entity, Evidence, Relation, StatementSet
    >>> ev = Evidence("doc-1", 0, 31, "Mayor Ana Ruiz met the sheriff.")
    >>> s = StatementSet(entities={
    ...     "person/ana-ruiz": Entity("person/ana-ruiz", "Ana Ruiz", "Person"),
    ...     "person/tom-hale": Entity("person/tom-hale", "Tom Hale", "Person")},
    ...     statements=[Relation("person/ana-ruiz", "metWith", "person/tom-hale", {}, (ev,), 0.8)])
    >>> G = to_networkx(s)
    >>> [(u, v, d["predicate"]) for u, v, d in G.edges(data=True)]
    [('person/ana-ruiz', 'person/tom-hale', 'metWith')]
    >>> G.nodes["person/ana-ruiz"]["label"]
    'Ana Ruiz'
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from .types import Attribute, Claim, Evidence, Quote, Relation, Statement, StatementSet
from .vocab import CIV

__all__ = ["ID", "article_iri", "entity_iri", "statement_id", "to_networkx", "to_rdf"]

ID = Namespace("https://w3id.org/graphkit/id/")
SCHEMA = Namespace("https://schema.org/")


def statement_id(stmt: Statement) -> str:
    """A stable id for a statement, from its key (same fact, same id, in every build)."""
    digest = hashlib.sha1(json.dumps([str(k) for k in stmt.key]).encode()).hexdigest()[:16]
    return f"{stmt.kind}/{digest}"


def _evidence_json(evidence: tuple[Evidence, ...]) -> str:
    return json.dumps([e.to_json() for e in evidence], ensure_ascii=False)


def to_networkx(statements: StatementSet) -> nx.MultiDiGraph:
    """Entities as nodes; relations and claims as edges keyed by statement id.

    Attribute values are strings, numbers or booleans (lists are JSON strings) so that the graph writes
    to GraphML and GEXF as it is. Quotes and attributes hang on their speaker's or subject's node.
    """
    G = nx.MultiDiGraph(name="graphkit", documents=len(statements.documents))
    quotes: dict[str, list[dict[str, Any]]] = {}
    attrs: dict[str, list[dict[str, Any]]] = {}
    for ent in statements.entities.values():
        G.add_node(ent.id, label=ent.label, type=ent.type, aliases=json.dumps(list(ent.aliases), ensure_ascii=False),
                   docs=json.dumps(list(ent.docs)), articles=len(ent.docs))  # fmt: skip
    for stmt in statements.statements:
        sid = statement_id(stmt)
        common = {"confidence": stmt.confidence, "evidence": _evidence_json(stmt.evidence), "n_evidence": len(stmt.evidence)}
        if isinstance(stmt, Relation):
            G.add_edge(stmt.subject, stmt.object, key=sid, kind="relation", predicate=stmt.predicate,
                       **{k: str(v) for k, v in stmt.qualifiers.items()}, **common)  # fmt: skip
        elif isinstance(stmt, Claim):
            G.add_edge(stmt.claimant, stmt.subject, key=sid, kind="claim", predicate="claim", stance=stmt.stance,
                       claim=stmt.predicate, claim_object=stmt.object or "", **common)  # fmt: skip
        elif isinstance(stmt, Quote) and stmt.speaker:
            quotes.setdefault(stmt.speaker, []).append({"text": stmt.text, "evidence": [e.to_json() for e in stmt.evidence]})
        elif isinstance(stmt, Attribute):
            attrs.setdefault(stmt.subject, []).append({"attribute": stmt.attribute, "value": stmt.value})
            G.nodes[stmt.subject][stmt.attribute] = stmt.value
    for node, items in quotes.items():
        G.nodes[node]["quotes"] = json.dumps(items, ensure_ascii=False)
    return G


# ---------------------------------------------------------------------------- RDF
def entity_iri(entity_id: str) -> URIRef:
    return ID[f"entity/{entity_id}"]


def article_iri(doc_id: str) -> URIRef:
    from .resolve import slug

    return ID[f"article/{slug(doc_id)}"]


def _evidence(g: Graph, node: URIRef, evidence: tuple[Evidence, ...]) -> None:
    for ev in evidence:
        ev_node = ID[f"evidence/{article_iri(ev.doc).split('/')[-1]}/{ev.start}-{ev.end}"]
        g.add((node, CIV.evidence, ev_node))
        g.add((ev_node, RDF.type, CIV.Evidence))
        g.add((ev_node, PROV.wasDerivedFrom, article_iri(ev.doc)))
        g.add((ev_node, CIV.sentence, Literal(ev.text)))
        g.add((ev_node, CIV.startOffset, Literal(ev.start, datatype=XSD.integer)))
        g.add((ev_node, CIV.endOffset, Literal(ev.end, datatype=XSD.integer)))


def _qualifier(name: str, value: str) -> Literal:
    if name == "date" and len(value) == 10:
        return Literal(value, datatype=XSD.date)
    return Literal(value)


def _statement(g: Graph, stmt: Statement, extractor_version: str) -> None:
    node = ID[f"statement/{statement_id(stmt)}"]
    g.add((node, CIV.confidence, Literal(round(stmt.confidence, 3), datatype=XSD.decimal)))
    g.add((node, CIV.extractorVersion, Literal(stmt.extractor.split("#")[0] or extractor_version)))
    _evidence(g, node, stmt.evidence)
    if isinstance(stmt, Relation):
        s, o = entity_iri(stmt.subject), entity_iri(stmt.object)
        g.add((s, CIV[stmt.predicate], o))
        g.add((node, RDF.type, CIV.RelationStatement))
        g.add((node, CIV.subject, s))
        g.add((node, CIV.predicate, CIV[stmt.predicate]))
        g.add((node, CIV.object, o))
        for name, value in sorted(stmt.qualifiers.items()):
            g.add((node, CIV[name], _qualifier(name, str(value))))
    elif isinstance(stmt, Claim):
        g.add((node, RDF.type, CIV.Claim))
        g.add((node, CIV.claimant, entity_iri(stmt.claimant)))
        g.add((node, CIV.stance, CIV[stmt.stance]))
        g.add((node, CIV.subject, entity_iri(stmt.subject)))
        g.add((node, CIV.claimPredicate, Literal(stmt.predicate)))
        if stmt.object:
            g.add((node, CIV.object, entity_iri(stmt.object)))
    elif isinstance(stmt, Quote):
        g.add((node, RDF.type, CIV.Quote))
        g.add((node, CIV.quoteText, Literal(stmt.text)))
        if stmt.speaker:
            g.add((node, CIV.speaker, entity_iri(stmt.speaker)))
    else:
        g.add((node, RDF.type, CIV.AttributeStatement))
        g.add((node, CIV.subject, entity_iri(stmt.subject)))
        g.add((node, CIV.attribute, Literal(stmt.attribute)))
        g.add((node, CIV.value, Literal(stmt.value)))
        if stmt.attribute == "endDate" and len(stmt.value) == 10:
            g.add((entity_iri(stmt.subject), CIV.endDate, Literal(stmt.value, datatype=XSD.date)))


def bind_prefixes(g: Graph) -> Graph:
    for prefix, ns in (("civ", CIV), ("gk", ID), ("prov", PROV), ("dcterms", DCTERMS), ("skos", SKOS),
                       ("schema", SCHEMA), ("owl", OWL), ("xsd", XSD), ("rdfs", RDFS)):  # fmt: skip
        g.bind(prefix, ns, replace=True)
    return g


def to_rdf(statements: StatementSet, *, extractor_version: str = "") -> Graph:
    """The statements as RDF under graphkit's ontology: direct triples (``?p civ:holdsPost ?o``) plus one
    reified statement node per fact with qualifiers, confidence and evidence nodes."""
    g = bind_prefixes(Graph())
    for doc in statements.documents.values():
        a = article_iri(doc.id)
        g.add((a, RDF.type, CIV.Article))
        g.add((a, DCTERMS.identifier, Literal(doc.id)))
        for prop, value in ((DCTERMS.title, doc.title), (DCTERMS.publisher, doc.publisher)):
            if value:
                g.add((a, prop, Literal(value)))
        if doc.published:
            g.add((a, DCTERMS.issued, Literal(doc.published, datatype=XSD.date)))
        if doc.url:
            g.add((a, SCHEMA.url, Literal(doc.url, datatype=XSD.anyURI)))
    for ent in statements.entities.values():
        e = entity_iri(ent.id)
        g.add((e, RDF.type, CIV[ent.type]))
        g.add((e, RDFS.label, Literal(ent.label)))
        for alias in ent.aliases:
            g.add((e, SKOS.altLabel, Literal(alias)))
        for doc_id in ent.docs:
            g.add((e, DCTERMS.isReferencedBy, article_iri(doc_id)))
    for stmt in statements.statements:
        _statement(g, stmt, extractor_version)
    return g
