"""graphkit's vocabulary, read from the ontology (``ontologies/civic.ttl``) at start-up.

The ontology is the single source of the vocabulary: entity types are the subclasses of ``civ:Entity``,
typed relations the sub-properties of ``civ:relation``. Nothing here lists them by hand, so the code and
the ontology cannot drift. A broken ontology raises :class:`~graphkit.errors.InvalidOntology` at import.

Examples:
    >>> "holdsPost" in RELATIONS and RELATIONS["holdsPost"].qualifiers
    ('role',)
    >>> "Person" in ENTITY_TYPES
    True
    >>> str(CIV.holdsPost)
    'https://w3id.org/graphkit/civic#holdsPost'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from .errors import InvalidOntology

__all__ = [
    "CIV",
    "ENTITY_TYPES",
    "OPEN_RELATION",
    "RELATIONS",
    "RelationTerm",
    "Vocabulary",
    "data_path",
    "load_vocabulary",
]

CIV_IRI = "https://w3id.org/graphkit/civic#"
CIV = Namespace(CIV_IRI)
OPEN_RELATION = "relatedTo"
# Classes and properties the code itself relies on; the ontology must define each of them.
REQUIRED_TERMS = (
    "Entity", "Agent", "Statement", "RelationStatement", "Claim", "Quote", "AttributeStatement", "Evidence",
    "Article", "Post", "relation", "relatedTo", "subject", "predicate", "object", "claimant", "speaker",
    "stance", "asserts", "denies", "claimPredicate", "quoteText", "attribute", "value", "role", "date",
    "since", "amount", "verb", "confidence", "extractorVersion", "evidence", "sentence", "startOffset",
    "endOffset", "text",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RelationTerm:
    """A relation the ontology defines."""

    name: str
    label: str
    definition: str
    domain: str
    range: str
    symmetric: bool
    qualifiers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Entity types and relations of one ontology file."""

    entity_types: frozenset[str]
    relations: dict[str, RelationTerm]
    terms: frozenset[str]
    path: Path


def data_path(*parts: str) -> Path:
    """Path of a file shipped in ``ontologies/`` (installed as ``graphkit.ontologies``).

    Examples:
        >>> data_path("civic.ttl").name
        'civic.ttl'
    """
    root = Path(str(resources.files("graphkit.ontologies")))
    return root.joinpath(*parts)


def _local(iri: URIRef | object) -> str:
    text = str(iri)
    return text[len(CIV_IRI) :] if text.startswith(CIV_IRI) else ""


def _text(g: Graph, term: URIRef, prop: URIRef) -> str:
    value = g.value(term, prop)
    return str(value) if value is not None else ""


def _subclasses(g: Graph, root: URIRef) -> set[URIRef]:
    found: set[URIRef] = set()
    todo = [root]
    while todo:
        for sub in g.subjects(RDFS.subClassOf, todo.pop()):
            if isinstance(sub, URIRef) and sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def _relation(g: Graph, prop: URIRef) -> RelationTerm:
    name = _local(prop)
    label, definition = _text(g, prop, RDFS.label), _text(g, prop, SKOS.definition)
    if not label or not definition:
        raise InvalidOntology(f"relation civ:{name} needs an rdfs:label and a skos:definition")
    return RelationTerm(
        name=name,
        label=label,
        definition=definition,
        domain=_local(g.value(prop, RDFS.domain)),
        range=_local(g.value(prop, RDFS.range)),
        symmetric=(prop, RDF.type, OWL.SymmetricProperty) in g,
        qualifiers=tuple(sorted(str(q) for q in g.objects(prop, CIV.qualifier))),
    )


def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    """Read and check an ontology file; raise :class:`InvalidOntology` when it is unusable."""
    source = Path(path) if path else data_path("civic.ttl")
    g = Graph()
    try:
        g.parse(source, format="turtle")
    except FileNotFoundError as err:
        raise InvalidOntology(f"ontology file not found: {source}") from err
    except Exception as err:  # rdflib raises several parser-specific types
        raise InvalidOntology(f"{source} is not valid Turtle: {err}") from err
    terms = frozenset(_local(s) for s in g.subjects() if _local(s))
    missing = [t for t in REQUIRED_TERMS if t not in terms]
    if missing:
        raise InvalidOntology(f"{source.name} does not define {', '.join('civ:' + m for m in missing)}")
    entity_types = frozenset(_local(c) for c in _subclasses(g, CIV.Entity) if _local(c))
    typed = {p for p in g.subjects(RDFS.subPropertyOf, CIV.relation) if isinstance(p, URIRef)}
    relations = {_local(p): _relation(g, p) for p in sorted(typed | {CIV[OPEN_RELATION]})}
    for rel in relations.values():
        for end in (rel.domain, rel.range):
            if end and end not in entity_types and end not in ("Entity", "Agent"):
                raise InvalidOntology(f"civ:{rel.name} has domain or range civ:{end}, which is no entity type")
    return Vocabulary(entity_types=entity_types, relations=relations, terms=terms, path=source)


@cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary of the ontology shipped with graphkit (read once per process)."""
    return load_vocabulary()


_VOCAB = default_vocabulary()
ENTITY_TYPES: frozenset[str] = _VOCAB.entity_types - {"Agent"}
RELATIONS: dict[str, RelationTerm] = _VOCAB.relations
TYPED_RELATIONS: frozenset[str] = frozenset(RELATIONS) - {OPEN_RELATION}
