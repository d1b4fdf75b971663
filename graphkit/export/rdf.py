"""RDF exports: Turtle, N-Triples, JSON-LD and TriG (one named graph per article), and reading them back.

Every writer is deterministic: rebuilding the same corpus gives byte-identical files. Turtle and TriG list
subjects in IRI order, N-Triples lines are sorted, and JSON-LD nodes are sorted by ``id``.

The JSON-LD context (``ontologies/context.jsonld``) is generated from the ontology by
:func:`generate_context`, so that the JSON-LD export reads as plain JSON: ``{"id": "entity/person/...",
"type": "Person", "label": "...", "holdsPost": "entity/..."}``.

Examples:
    >>> ctx = generate_context()
    >>> ctx["holdsPost"]
    {'@id': 'civ:holdsPost', '@type': '@id'}
    >>> ctx["date"]
    {'@id': 'civ:date', '@type': 'xsd:date'}
"""

from __future__ import annotations

import io
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from ..errors import ExportError
from ..graph import ID, PREFIXES, bind_prefixes, to_dataset, to_rdf
from ..types import StatementSet
from ..vocab import CIV, data_path
from .atomic import atomic_open

__all__ = [
    "OX_FORMATS",
    "RDF_FORMATS",
    "generate_context",
    "generate_jsonld",
    "generate_ntriples",
    "generate_trig",
    "generate_turtle",
    "guess_format",
    "parse_problem",
    "read_rdf",
    "write_context",
    "write_jsonld",
    "write_ntriples",
    "write_trig",
    "write_turtle",
]

# File suffix → rdflib parser name, for reading exports back.
RDF_FORMATS = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt", ".jsonld": "json-ld",
    ".json": "json-ld", ".trig": "trig", ".nq": "nquads", ".rdf": "xml", ".owl": "xml", ".xml": "xml",
    ".n3": "n3",
}  # fmt: skip


class _SortedTurtle(TurtleSerializer):
    """rdflib's Turtle writer with subjects in IRI order (rdflib orders them by reference count)."""

    def orderSubjects(self) -> list[Node]:
        return sorted(self._subjects, key=lambda s: (isinstance(s, BNode), str(s)))


class _SortedTrig(TrigSerializer):
    """rdflib's TriG writer with the default graph first, then named graphs and subjects in IRI order."""

    def __init__(self, store: Dataset) -> None:
        super().__init__(store)
        unique = {c.identifier: c for c in self.contexts}
        default = self.default_context
        self.contexts = sorted(unique.values(), key=lambda c: (c.identifier != default, str(c.identifier)))

    def orderSubjects(self) -> list[Node]:
        return sorted(self._subjects, key=lambda s: (isinstance(s, BNode), str(s)))


def _write_bytes(data: bytes, path: str | Path) -> None:
    with atomic_open(path, "wb") as fh:
        fh.write(data)


def generate_turtle(statements: StatementSet) -> bytes:
    """``graph.ttl`` as bytes: prefixes, then every subject in IRI order."""
    stream = io.BytesIO()
    _SortedTurtle(to_rdf(statements)).serialize(stream, encoding="utf-8")
    return stream.getvalue()


def generate_ntriples(statements: StatementSet) -> bytes:
    """``graph.nt`` as bytes: one triple per line, lines sorted."""
    data = to_rdf(statements).serialize(format="nt", encoding="utf-8")
    lines = sorted(set(data.decode("utf-8").splitlines()) - {""})
    return ("\n".join(lines) + "\n").encode("utf-8")


def generate_trig(statements: StatementSet) -> bytes:
    """``graph.trig`` as bytes: entities in the default graph, one named graph per article."""
    stream = io.BytesIO()
    _SortedTrig(to_dataset(statements)).serialize(stream, encoding="utf-8")
    return stream.getvalue()


# ---------------------------------------------------------------------------- JSON-LD
_EXTERNAL_TERMS: dict[str, Any] = {
    "label": "rdfs:label",
    "aliases": {"@id": "skos:altLabel", "@container": "@set"},
    "mentionedIn": {"@id": "dcterms:isReferencedBy", "@type": "@id", "@container": "@set"},
    "derivedFrom": {"@id": "prov:wasDerivedFrom", "@type": "@id"},
    "identifier": "dcterms:identifier",
    "title": "dcterms:title",
    "publisher": "dcterms:publisher",
    "published": {"@id": "dcterms:issued", "@type": "xsd:date"},
    "url": {"@id": "schema:url", "@type": "xsd:anyURI"},
    "holds": {"@id": "org:holds", "@type": "@id", "@container": "@set"},
    "postIn": {"@id": "org:postIn", "@type": "@id"},
}
_TYPED_RANGES = {XSD.date, XSD.integer, XSD.decimal, XSD.gYear, XSD.anyURI, XSD.dateTime}
_SETS = {"evidence"}


def _term_definition(onto: Graph, prop: URIRef, name: str) -> str | dict[str, str]:
    kind, rng = onto.value(prop, RDF.type), onto.value(prop, RDFS.range)
    definition = {"@id": f"civ:{name}"}
    if kind == OWL.ObjectProperty:
        enumerated = rng is not None and onto.value(rng, OWL.oneOf) is not None
        definition["@type"] = "@vocab" if rng == RDF.Property or enumerated else "@id"
    elif rng in _TYPED_RANGES:
        definition["@type"] = f"xsd:{str(rng).rsplit('#', 1)[1]}"
    if name in _SETS:
        definition["@container"] = "@set"
    return definition if len(definition) > 1 else f"civ:{name}"


@cache
def _context(ontology: str) -> dict[str, Any]:
    onto = Graph().parse(ontology, format="turtle")
    ctx: dict[str, Any] = {"@vocab": str(CIV), "@base": str(ID), "id": "@id", "type": "@type"}
    ctx.update({prefix: str(ns) for prefix, ns in sorted(PREFIXES.items()) if prefix != "gk"})
    ctx.update(_EXTERNAL_TERMS)
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in sorted(str(p) for p in onto.subjects(RDF.type, kind)):
            name = prop[len(str(CIV)) :]
            if prop.startswith(str(CIV)) and name not in ctx:
                ctx[name] = _term_definition(onto, URIRef(prop), name)
    return ctx


def generate_context(ontology: str | Path | None = None) -> dict[str, Any]:
    """The JSON-LD context of graphkit's exports, generated from the ontology's properties and ranges."""
    return dict(_context(str(ontology or data_path("civic.ttl"))))


def write_context(path: str | Path, *, ontology: str | Path | None = None) -> None:
    """Write ``context.jsonld`` (``python -m graphkit.export.rdf`` regenerates the shipped one)."""
    text = json.dumps({"@context": generate_context(ontology)}, indent=2, ensure_ascii=False) + "\n"
    _write_bytes(text.encode("utf-8"), path)


def _shipped_context() -> dict[str, Any]:
    path = data_path("context.jsonld")
    if not path.exists():
        return generate_context()
    context: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["@context"]
    return context


def _iri_keys(context: dict[str, Any]) -> set[str]:
    keys = {"id"}
    keys.update(k for k, v in context.items() if isinstance(v, dict) and v.get("@type") == "@id")
    return keys


def _relative(value: Any, base: str) -> Any:
    if isinstance(value, str):
        return value[len(base) :] if value.startswith(base) else value
    if isinstance(value, list):
        return sorted((_relative(v, base) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def _tidy(node: dict[str, Any], iri_keys: set[str], base: str) -> dict[str, Any]:
    """IRIs relative to ``@base`` (rdflib's own relativisation is off by a path segment) and values sorted."""
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in iri_keys:
            out[key] = _relative(value, base)
        elif isinstance(value, list):
            out[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
        else:
            out[key] = value
    return out


def generate_jsonld(statements: StatementSet) -> bytes:
    """``graph.jsonld`` as bytes: compacted with graphkit's context, nodes sorted by ``id``."""
    context = _shipped_context()
    without_base = {k: v for k, v in context.items() if k != "@base"}
    compact = json.loads(to_rdf(statements).serialize(format="json-ld", context=without_base, auto_compact=True))
    nodes = compact.get("@graph", [compact] if "id" in compact else [])
    iri_keys, base = _iri_keys(context), str(context.get("@base", ""))
    graph = sorted((_tidy(n, iri_keys, base) for n in nodes if n.keys() - {"@context"}), key=lambda n: n["id"])
    for node in graph:
        node.pop("@context", None)
    text = json.dumps({"@context": context, "@graph": graph}, indent=2, ensure_ascii=False, sort_keys=True)
    return (text + "\n").encode("utf-8")


def write_turtle(statements: StatementSet, path: str | Path) -> None:
    """``graph.ttl``: the whole graph in Turtle."""
    _write_bytes(generate_turtle(statements), path)


def write_ntriples(statements: StatementSet, path: str | Path) -> None:
    """``graph.nt``: one triple per line, sorted."""
    _write_bytes(generate_ntriples(statements), path)


def write_jsonld(statements: StatementSet, path: str | Path) -> None:
    """``graph.jsonld``: JSON-LD with graphkit's context, so it reads as plain JSON."""
    _write_bytes(generate_jsonld(statements), path)


def write_trig(statements: StatementSet, path: str | Path) -> None:
    """``graph.trig``: one named graph per article holding the article, the statements its sentences
    support and those sentences; entities and posts in the default graph."""
    _write_bytes(generate_trig(statements), path)


# ---------------------------------------------------------------------------- reading back
def guess_format(path: str | Path) -> str:
    """The rdflib parser name for a file, from its suffix.

    Examples:
        >>> guess_format("out/graph.trig")
        'trig'
        >>> guess_format("notes.txt")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        graphkit.errors.ExportError: [GK400] cannot tell the RDF format of notes.txt from its suffix; ...
    """
    suffix = Path(path).suffix.lower()
    if suffix not in RDF_FORMATS:
        known = ", ".join(sorted({s for s in RDF_FORMATS if s not in (".json", ".xml", ".turtle", ".ntriples")}))
        raise ExportError(f"cannot tell the RDF format of {Path(path).name} from its suffix; expected one of {known}")
    return RDF_FORMATS[suffix]


def read_rdf(path: str | Path, *, fmt: str | None = None) -> Dataset:
    """Parse an export (any of the formats above) into a dataset whose default graph is the union of its
    graphs. Raises :class:`~graphkit.errors.ExportError` naming the file when it is missing or not RDF."""
    path = Path(path)
    fmt = fmt or guess_format(path)
    if not path.is_file():
        raise ExportError(f"graph file not found: {path}")
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    try:
        ds.parse(path, format=fmt)
    except Exception as err:  # rdflib raises parser-specific types
        raise ExportError(parse_problem(path, fmt) or f"{path.name} is not valid {fmt}: {_one_line(err)}") from err
    return ds


OX_FORMATS = {
    "turtle": "TURTLE", "nt": "N_TRIPLES", "json-ld": "JSON_LD", "trig": "TRIG", "nquads": "N_QUADS",
    "xml": "RDF_XML", "n3": "N3",
}  # fmt: skip
_FORMAT_NAMES = {
    "turtle": "Turtle", "nt": "N-Triples", "json-ld": "JSON-LD", "trig": "TriG", "nquads": "N-Quads",
    "xml": "RDF/XML", "n3": "N3",
}  # fmt: skip


def parse_problem(path: str | Path, fmt: str) -> str | None:
    """One line naming the first syntax error of an RDF file, with its line and column (``None``: it parses).

    rdflib's parser messages are hard to read; pyoxigraph's name the position plainly.
    """
    import pyoxigraph as ox

    path = Path(path)
    try:
        for _ in ox.parse(path=str(path), format=getattr(ox.RdfFormat, OX_FORMATS.get(fmt, "TURTLE"))):
            pass
    except SyntaxError as err:
        detail = re.sub(r"\s*\([^()]*, line \d+\)$", "", _one_line(err)).removeprefix("Parser error ")
        return f"{path.name} is not valid {_FORMAT_NAMES.get(fmt, fmt)}: {detail}"
    except (OSError, ValueError) as err:
        return f"{path.name} is not valid {_FORMAT_NAMES.get(fmt, fmt)}: {_one_line(err)}"
    return None


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text if len(text) < 240 else text[:237] + "..."


if __name__ == "__main__":  # pragma: no cover - regenerates the shipped context
    write_context(data_path("context.jsonld"))
