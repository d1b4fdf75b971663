"""Validation of an RDF export against graphkit's SHACL shapes (``ontologies/shapes.ttl``) with pySHACL.

The ontology is mixed into the data graph, so ``sh:class civ:Agent`` accepts a ``civ:Court`` (a court is
a government organisation is an organisation is an agent). Each violation becomes one readable line that
names the node (by its label, or as "subject predicate object" for a statement), the property and the
problem.

Examples:
    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix civ: <https://w3id.org/graphkit/civic#> .
    ...     <https://w3id.org/graphkit/id/entity/court/x> a civ:Court .''')
    >>> report = validate_graph(g)
    >>> report.conforms
    False
    >>> print(report.lines()[0])
    entity/court/x: an entity needs exactly one rdfs:label (its canonical name) [rdfs:label]
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from .errors import ExportError, InvalidOntology
from .export.rdf import read_rdf
from .graph import ID, PREFIXES
from .vocab import CIV, data_path

__all__ = ["ValidationReport", "Violation", "validate", "validate_graph"]

log = logging.getLogger(__name__)
SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True, slots=True, order=True)
class Violation:
    """One SHACL result: which node, which property, what value and what is wrong."""

    focus: str
    message: str
    path: str = ""
    value: str = ""
    severity: str = "Violation"
    shape: str = ""

    def line(self) -> str:
        """The violation as one line: ``node: message [path = value]``."""
        where = f"{self.path} = {self.value}" if self.path and self.value else self.path
        return f"{self.focus}: {self.message}" + (f" [{where}]" if where else "")


@dataclass(slots=True)
class ValidationReport:
    """The outcome of validating one graph: whether it conforms, and every violation, sorted."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0

    def lines(self) -> list[str]:
        """One readable line per violation."""
        return [v.line() for v in self.violations]


def _compact(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        text = str(term)
        return repr(text if len(text) <= 60 else text[:57] + "...")
    text = str(term)
    if text.startswith(str(ID)):
        return text[len(str(ID)) :]
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)) and prefix != "gk":
            return f"{prefix}:{text[len(str(ns)) :]}"
    return f"<{text}>"


def _describe(data: Graph, node: Node | None) -> str:
    """A node as an analyst recognises it: its id with its label, or a statement as a sentence."""
    if node is None:
        return "(no node)"
    label = data.value(node, RDFS.label)
    if label is not None:
        return f"{_compact(node)} ({label})"
    parts = [data.value(node, CIV[p]) for p in ("subject", "predicate", "object")]
    if parts[0] is not None and parts[1] is not None:
        words = [str(data.value(p, RDFS.label) or _compact(p).removeprefix("civ:")) for p in parts if p is not None]
        return f"{_compact(node)} ({' '.join(words)})"
    return _compact(node)


@cache
def _graph(path: str, what: str) -> Graph:
    try:
        return Graph().parse(path, format="turtle")
    except FileNotFoundError as err:
        raise InvalidOntology(f"{what} not found: {path}") from err
    except Exception as err:  # rdflib raises parser-specific types
        raise InvalidOntology(f"{Path(path).name} is not valid Turtle: {' '.join(str(err).split())}") from err


def _violations(results: Graph, data: Graph) -> list[Violation]:
    found = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        found.add(
            Violation(
                focus=_describe(data, results.value(result, SH.focusNode)),
                message=str(message) if message is not None else "does not conform",
                path=_compact(results.value(result, SH.resultPath)),
                value=_compact(results.value(result, SH.value)),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                shape=_compact(results.value(result, SH.sourceShape)),
            )
        )
    return sorted(found)


def validate_graph(
    data: Graph, *, shapes: str | Path | None = None, ontology: str | Path | None = None
) -> ValidationReport:
    """Validate an rdflib graph against the shapes (default: graphkit's) with the ontology mixed in."""
    import pyshacl

    shapes_graph = _graph(str(shapes or data_path("shapes.ttl")), "shapes file")
    onto = _graph(str(ontology or data_path("civic.ttl")), "ontology file")
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph, ont_graph=onto, inference="none", allow_warnings=True
    )
    violations = _violations(results, data)
    log.info("validated %d triples: %d violation(s)", len(data), len(violations))
    return ValidationReport(conforms=bool(conforms), violations=violations, triples=len(data))


def validate(
    path: str | Path, *, shapes: str | Path | None = None, ontology: str | Path | None = None
) -> ValidationReport:
    """Validate an export file (Turtle, N-Triples, JSON-LD or TriG; TriG's graphs are validated as one).

    Raises:
        ExportError: the file is missing or is not RDF.
        InvalidOntology: the shapes or ontology file is missing or broken.
    """
    dataset = read_rdf(path)
    union = Graph()
    for triple in dataset.triples((None, None, None)):
        union.add(triple)
    if not len(union):
        raise ExportError(f"{Path(path).name} holds no triples")
    return validate_graph(union, shapes=shapes, ontology=ontology)
