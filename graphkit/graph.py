"""Stage 5: graphs. A NetworkX ``MultiDiGraph`` and an rdflib ``Graph``, both built from one
:class:`~graphkit.types.StatementSet` (one source of truth, no second extraction).

The RDF uses the ontology's terms only (``civ:`` names are checked against ``civic.ttl``; an unknown one
raises :class:`~graphkit.errors.ExportError`): entities at ``gk:entity/{type}/{name}``; each relation
as its direct triple plus a ``civ:RelationStatement`` node with qualifiers, confidence, extractor
version and one ``civ:Evidence`` node per sentence (``gk:evidence/{article}/{start}-{end}``,
``prov:wasDerivedFrom`` its ``gk:article/{id}``); holdsPost roles as W3C ORG posts; claims and quotes
as nodes. :func:`rdf_triples` also says which article's named graph holds each triple (TriG).

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
import logging
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeAlias

import networkx as nx
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, SKOS, ClosedNamespace
from rdflib.term import Node

from .errors import ExportError
from .resolve import slug
from .types import Attribute, Claim, Document, Entity, Evidence, Quote, Relation, Statement, StatementSet
from .vocab import CIV, default_vocabulary

__all__ = [
    "ID",
    "PREFIXES",
    "SCHEMA",
    "article_iri",
    "bind_prefixes",
    "entity_iri",
    "evidence_iri",
    "graph_iri",
    "mention_iri",
    "merge_triples",
    "post_iri",
    "rdf_triples",
    "statement_id",
    "statement_iri",
    "to_dataset",
    "to_networkx",
    "to_rdf",
    "typed_literal",
]

log = logging.getLogger(__name__)
ID = Namespace("https://w3id.org/graphkit/id/")
SCHEMA = Namespace("https://schema.org/")


def statement_id(stmt: Statement) -> str:
    """A stable id for a statement, from its key (same fact, same id, in every build)."""
    return f"{stmt.kind}/{_key_digest(tuple(str(k) for k in stmt.key))}"


@lru_cache(maxsize=16384)  # the N-Quads export asks once per article that supports the statement
def _key_digest(key: tuple[str, ...]) -> str:
    return hashlib.sha1(json.dumps(list(key)).encode()).hexdigest()[:16]


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
        aliases = json.dumps(list(ent.aliases), ensure_ascii=False)
        G.add_node(ent.id, label=ent.label, type=ent.type, aliases=aliases,
                   docs=json.dumps(list(ent.docs)), articles=len(ent.docs))  # fmt: skip
    for stmt in statements.statements:
        sid = statement_id(stmt)
        common = {
            "confidence": stmt.confidence,
            "evidence": _evidence_json(stmt.evidence),
            "n_evidence": len(stmt.evidence),
        }
        if isinstance(stmt, Relation):
            G.add_edge(stmt.subject, stmt.object, key=sid, kind="relation", predicate=stmt.predicate,
                       **{k: str(v) for k, v in stmt.qualifiers.items()}, **common)  # fmt: skip
        elif isinstance(stmt, Claim):
            G.add_edge(stmt.claimant, stmt.subject, key=sid, kind="claim", predicate="claim",
                       stance=stmt.stance, claim=stmt.predicate, claim_object=stmt.object or "",
                       **common)  # fmt: skip
        elif isinstance(stmt, Quote) and stmt.speaker:
            quotes.setdefault(stmt.speaker, []).append(
                {"text": stmt.text, "evidence": [e.to_json() for e in stmt.evidence]}
            )
        elif isinstance(stmt, Attribute):
            attrs.setdefault(stmt.subject, []).append({"attribute": stmt.attribute, "value": stmt.value})
            G.nodes[stmt.subject][stmt.attribute] = stmt.value
    for node, items in quotes.items():
        G.nodes[node]["quotes"] = json.dumps(items, ensure_ascii=False)
    return G


# ---------------------------------------------------------------------------- RDF
# Each triple is produced with the article whose named graph holds it (``None``: the default graph), so
# that one function feeds both the single graph (Turtle, N-Triples, JSON-LD) and the dataset (TriG).
Triple: TypeAlias = tuple[Node, Node, Node]
Placed: TypeAlias = tuple[Triple, str | None]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")


class _Terms(ClosedNamespace):
    """A closed namespace whose terms, once asked for, are plain attributes: the exports ask for the same
    dozen civ: terms triple after triple, and ``ClosedNamespace`` looks each up through three calls."""

    def __getattr__(self, name: str) -> URIRef:
        uri = super().__getattr__(name)  # an unknown term raises, as before
        object.__setattr__(self, name, uri)
        return uri


def _terms() -> ClosedNamespace:
    return _Terms(str(CIV), sorted(default_vocabulary().terms))


C = _terms()  # civ: terms, checked against the ontology: ``C.noSuchTerm`` raises


# An export names the same articles, offsets and confidences in triple after triple (the N-Quads export
# once per article that supports a statement): each slug and literal is made once, not once per triple.
@lru_cache(maxsize=16384)
def _slug(text: str) -> str:
    return slug(text)


@lru_cache(maxsize=16384, typed=True)
def _integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


@lru_cache(maxsize=1024, typed=True)  # typed: 1 and 1.0 are written "1" and "1.0"
def _decimal(value: float) -> Literal:
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


def entity_iri(entity_id: str) -> URIRef:
    """The IRI of an entity; its id is derived by resolution from its type and canonical label.

    Examples:
        >>> str(entity_iri("person/marcel-s-pratt"))
        'https://w3id.org/graphkit/id/entity/person/marcel-s-pratt'
    """
    return ID[f"entity/{entity_id}"]


def article_iri(doc_id: str) -> URIRef:
    """The IRI of an article.

    Examples:
        >>> str(article_iri("inquirer-2018-07-19-pars-ice"))
        'https://w3id.org/graphkit/id/article/inquirer-2018-07-19-pars-ice'
    """
    return ID[f"article/{_slug(doc_id)}"]


def graph_iri(doc_id: str) -> URIRef:
    """The IRI of the named graph (TriG) that holds what one article says.

    Examples:
        >>> str(graph_iri("a"))
        'https://w3id.org/graphkit/id/graph/a'
    """
    return ID[f"graph/{_slug(doc_id)}"]


def evidence_iri(ev: Evidence) -> URIRef:
    """The IRI of one evidence sentence: the article and the character offsets (shared by statements)."""
    return ID[f"evidence/{_slug(ev.doc)}/{ev.start}-{ev.end}"]


def post_iri(organization_id: str, role: str) -> URIRef:
    """The IRI of the post ``role`` in an organisation.

    Examples:
        >>> str(post_iri("governmentorganization/city-of-philadelphia", "City Solicitor"))
        'https://w3id.org/graphkit/id/post/governmentorganization/city-of-philadelphia/city-solicitor'
    """
    return ID[f"post/{organization_id}/{_slug(role)}"]


def statement_iri(stmt: Statement) -> URIRef:
    return ID[f"statement/{statement_id(stmt)}"]


@lru_cache(maxsize=1024)  # a relation's, a type's: asked for each statement and entity
def _term(name: str) -> URIRef:
    try:
        return URIRef(C[name])
    except (AttributeError, KeyError) as err:
        raise ExportError(f"civ:{name} is not defined by the ontology {default_vocabulary().path.name}") from err


def typed_literal(name: str, value: str) -> Literal:
    """A qualifier or attribute value as an RDF literal: dates as ``xsd:date``, years as ``xsd:gYear``.

    Examples:
        >>> typed_literal("date", "2018-07-18").datatype.endswith("#date")
        True
        >>> typed_literal("since", "2008").datatype.endswith("#gYear")
        True
        >>> typed_literal("role", "City Solicitor").datatype is None
        True
    """
    if name in ("date", "since", "endDate") and _ISO_DATE.fullmatch(value):
        return Literal(value, datatype=XSD.date)
    if name == "since" and _YEAR.fullmatch(value):
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


def _article(doc: Document) -> Iterator[Placed]:
    a, where = article_iri(doc.id), doc.id
    yield (a, RDF.type, C.Article), where
    yield (a, DCTERMS.identifier, Literal(doc.id)), where
    for prop, value in ((DCTERMS.title, doc.title), (DCTERMS.publisher, doc.publisher)):
        if value:
            yield (a, prop, Literal(value)), where
    if doc.published:
        yield (a, DCTERMS.issued, typed_literal("date", doc.published)), where
    if doc.url:
        yield (a, SCHEMA.url, Literal(doc.url, datatype=XSD.anyURI)), where
    if doc.text:
        yield (a, C.text, Literal(doc.text)), where


def _description(ent: Entity) -> Iterator[Placed]:
    """An entity's type, label and aliases (in the default graph)."""
    e = entity_iri(ent.id)
    yield (e, RDF.type, _term(ent.type)), None
    yield (e, RDFS.label, Literal(ent.label)), None
    for alias in ent.aliases:
        if alias != ent.label:
            yield (e, SKOS.altLabel, Literal(alias)), None


def _references(ent: Entity) -> Iterator[Placed]:
    """The articles that mention an entity (each in its article's graph)."""
    e = entity_iri(ent.id)
    for doc_id in ent.docs:
        yield (e, DCTERMS.isReferencedBy, article_iri(doc_id)), doc_id


def _evidence(node: URIRef, evidence: tuple[Evidence, ...]) -> Iterator[Placed]:
    for ev in evidence:
        if ev.end <= ev.start or not ev.text.strip():  # an empty span supports nothing
            log.warning("empty evidence span %s:%d-%d of %s not exported", ev.doc, ev.start, ev.end, node)
            continue
        ev_node = evidence_iri(ev)
        yield (node, C.evidence, ev_node), ev.doc
        yield (ev_node, RDF.type, C.Evidence), ev.doc
        yield (ev_node, PROV.wasDerivedFrom, article_iri(ev.doc)), ev.doc
        yield (ev_node, C.sentence, Literal(ev.text)), ev.doc
        yield (ev_node, C.startOffset, _integer(ev.start)), ev.doc
        yield (ev_node, C.endOffset, _integer(ev.end)), ev.doc


def _relation(node: URIRef, stmt: Relation) -> Iterator[Triple]:
    s, p, o = entity_iri(stmt.subject), _term(stmt.predicate), entity_iri(stmt.object)
    yield s, p, o
    yield node, RDF.type, C.RelationStatement
    yield node, C.subject, s
    yield node, C.predicate, p
    yield node, C.object, o
    for name, value in sorted(stmt.qualifiers.items()):
        if name not in default_vocabulary().terms:
            log.warning("qualifier %r of a %s statement is not in the ontology; not exported", name, stmt.predicate)
            continue
        yield node, _term(name), typed_literal(name, str(value))
    role = str(stmt.qualifiers.get("role", "")).strip()
    if stmt.predicate == "holdsPost" and role:
        post = post_iri(stmt.object, role)
        yield node, C.post, post
        yield s, ORG.holds, post
        yield post, RDF.type, C.Post
        yield post, RDFS.label, Literal(role)
        yield post, ORG.postIn, o


def _claim(node: URIRef, stmt: Claim) -> Iterator[Triple]:
    yield node, RDF.type, C.Claim
    yield node, C.claimant, entity_iri(stmt.claimant)
    yield node, C.stance, _term(stmt.stance)
    yield node, C.subject, entity_iri(stmt.subject)
    yield node, C.claimPredicate, Literal(stmt.predicate)
    if stmt.object:
        yield node, C.object, entity_iri(stmt.object)


def _quote(node: URIRef, stmt: Quote) -> Iterator[Triple]:
    yield node, RDF.type, C.Quote
    yield node, C.quoteText, Literal(stmt.text)
    if stmt.speaker:
        yield node, C.speaker, entity_iri(stmt.speaker)


def _attribute(node: URIRef, stmt: Attribute) -> Iterator[Triple]:
    value = typed_literal(stmt.attribute, stmt.value)
    yield node, RDF.type, C.AttributeStatement
    yield node, C.subject, entity_iri(stmt.subject)
    yield node, C.attribute, Literal(stmt.attribute)
    yield node, C.value, value
    if stmt.attribute in default_vocabulary().terms:  # endDate, description: also a direct triple
        yield entity_iri(stmt.subject), _term(stmt.attribute), value


def _content(node: URIRef, stmt: Statement) -> Iterator[Triple]:
    if isinstance(stmt, Relation):
        yield from _relation(node, stmt)
    elif isinstance(stmt, Claim):
        yield from _claim(node, stmt)
    elif isinstance(stmt, Quote):
        yield from _quote(node, stmt)
    else:
        yield from _attribute(node, stmt)


def _statement(stmt: Statement, extractor_version: str) -> Iterator[Placed]:
    node = statement_iri(stmt)
    version, _, rule = stmt.extractor.partition("#")
    common = [
        (node, C.confidence, _decimal(round(stmt.confidence, 3))),
        (node, C.extractorVersion, Literal(version or extractor_version or "unknown")),
    ]
    if rule:
        common.append((node, C.extractionRule, Literal(rule)))
    docs: list[str | None] = [*sorted({ev.doc for ev in stmt.evidence if ev.end > ev.start})] or [None]
    for triple in (*_content(node, stmt), *common):
        for doc in docs:  # a fact two articles support is in both articles' named graphs
            yield triple, doc
    yield from _evidence(node, stmt.evidence)


def rdf_triples(
    statements: StatementSet, *, extractor_version: str = "", described: set[str] | None = None
) -> Iterator[Placed]:
    """Every triple of the export, each with the article whose named graph holds it (``None``: default).

    Entities, their labels and aliases, and posts are in the default graph; an article's node, the
    statements its sentences support and those sentences are in the article's graph.

    ``described`` is for a caller that takes a graph part by part (the streamed exports, article by
    article): the ids of the entities whose type, label and aliases an earlier part gave. Those are not
    given again (an entity named in a thousand articles would be described a thousand times), only the
    articles that mention them; the entities described now are added to it.
    """
    for doc in statements.documents.values():
        yield from _article(doc)
    for ent in statements.entities.values():
        if described is None or ent.id not in described:
            yield from _description(ent)
            if described is not None:
                described.add(ent.id)
        yield from _references(ent)
    for stmt in statements.statements:
        yield from _statement(stmt, extractor_version)
    yield from merge_triples(statements)


PREFIXES: dict[str, Namespace] = {
    "civ": Namespace(str(CIV)), "gk": ID, "rdf": Namespace(str(RDF)), "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)), "xsd": Namespace(str(XSD)), "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)), "dcterms": Namespace(str(DCTERMS)), "org": Namespace(str(ORG)),
    "foaf": Namespace(str(FOAF)), "schema": SCHEMA,
}  # fmt: skip


def bind_prefixes(g: Graph) -> Graph:
    """Bind graphkit's prefixes (``civ:``, ``gk:``, ``org:``, ``prov:``, ...) on a graph or dataset."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def to_rdf(statements: StatementSet, *, extractor_version: str = "") -> Graph:
    """The statements as one RDF graph under graphkit's ontology.

    Direct triples (``?p civ:holdsPost ?o`` just works) plus one statement node per fact with its
    qualifiers, confidence, extractor version and one evidence node per supporting sentence; claims and
    quotes as nodes; articles as nodes with their Dublin Core metadata.

    Examples:
        >>> from graphkit.types import Entity, Evidence, Relation, StatementSet
        >>> ev = Evidence("a", 0, 30, "Mayor Ana Ruiz runs Fooville.")
        >>> s = StatementSet(entities={
        ...     "person/ana-ruiz": Entity("person/ana-ruiz", "Ana Ruiz", "Person"),
        ...     "governmentorganization/fooville": Entity("governmentorganization/fooville", "Fooville",
        ...                                               "GovernmentOrganization")},
        ...     statements=[Relation("person/ana-ruiz", "holdsPost", "governmentorganization/fooville",
        ...                          {"role": "Mayor"}, (ev,), 0.9)])
        >>> g = to_rdf(s)
        >>> q = "SELECT ?role WHERE { ?person org:holds ?post . ?post rdfs:label ?role }"
        >>> [str(row.role) for row in g.query(q)]
        ['Mayor']
        >>> (entity_iri("person/ana-ruiz"), CIV.holdsPost, entity_iri("governmentorganization/fooville")) in g
        True
    """
    g = bind_prefixes(Graph())
    for triple, _ in rdf_triples(statements, extractor_version=extractor_version):
        g.add(triple)
    return g


def to_dataset(statements: StatementSet, *, extractor_version: str = "") -> Dataset:
    """The statements as an RDF dataset: one named graph per article (:func:`graph_iri`) holding the
    article, the statements its sentences support and those sentences; entities in the default graph.
    The union of its graphs is :func:`to_rdf`."""
    ds = Dataset()
    bind_prefixes(ds)
    for triple, doc in rdf_triples(statements, extractor_version=extractor_version):
        target = ds.default_graph if doc is None else ds.graph(graph_iri(doc))
        target.add(triple)
    return ds


# ---------------------------------------------------------------------------- resolution decisions
def mention_iri(member: str) -> URIRef:
    """The IRI of a per-article entity (``<doc id>#<n>``), the mention that resolution merged.

    Examples:
        >>> str(mention_iri("inquirer-2018-07-19-pars-ice#3"))
        'https://w3id.org/graphkit/id/mention/inquirer-2018-07-19-pars-ice/3'
    """
    doc, _, n = member.rpartition("#")
    return ID[f"mention/{_slug(doc)}/{slug(n)}"]


def merge_triples(statements: StatementSet) -> Iterator[Placed]:
    """Resolution decisions as RDF: each per-article mention ``owl:sameAs`` its canonical entity, with its
    label, article and, as ``rdfs:comment``, the rule and forms that merged it; entities an analyst or a
    rule kept apart are ``owl:differentFrom`` each other. Mentions are in their article's named graph.

    Examples:
        >>> from graphkit.types import Entity, MergeRecord, StatementSet
        >>> rec = MergeRecord("person/tom-hale", "a#1", "Hale", "a", "surname-in-story", ("Hale", "Tom Hale"))
        >>> s = StatementSet(entities={"person/tom-hale": Entity("person/tom-hale", "Tom Hale", "Person")},
        ...                  merges=[rec])
        >>> [(str(t[1]).split("#")[-1], str(t[2])) for t, _ in merge_triples(s)][:2]
        [('sameAs', 'https://w3id.org/graphkit/id/entity/person/tom-hale'), ('label', 'Hale')]
    """
    for rec in statements.merges:
        if rec.canonical not in statements.entities:
            continue
        if rec.decision == "kept-apart":
            if rec.via in statements.entities:
                yield (entity_iri(rec.canonical), OWL.differentFrom, entity_iri(rec.via)), None
            continue
        m = mention_iri(rec.member)
        yield (m, OWL.sameAs, entity_iri(rec.canonical)), rec.doc or None
        yield (m, RDFS.label, Literal(rec.member_label)), rec.doc or None
        if rec.doc:
            yield (m, PROV.wasDerivedFrom, article_iri(rec.doc)), rec.doc
        if rec.via:
            why = f"{rec.rule}: {' ~ '.join(repr(f) for f in rec.forms)}"
            why += f" ({'; '.join(rec.evidence)})" if rec.evidence else ""
            yield (m, RDFS.comment, Literal(why)), rec.doc or None
