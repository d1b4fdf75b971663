"""SPARQL over an RDF export: SELECT, ASK, CONSTRUCT and DESCRIBE, with rdflib or pyoxigraph.

* **Stores.** Small exports are queried with rdflib in memory; files larger than
  :data:`OXIGRAPH_ABOVE_BYTES` (or ``store="oxigraph"``) with pyoxigraph. Both run the same queries and
  return the same :class:`QueryResult`.
* **Entailment.** Unless switched off, the store also holds what the ontology's alignment entails: every
  super-property (``civ:holdsPost`` → ``org:memberOf``, ``civ:evidence`` → ``prov:wasDerivedFrom``), the
  reverse of symmetric relations, and the standard-vocabulary classes of each node (``civ:Person`` →
  ``foaf:Person``, ``prov:Agent``). A query written against W3C ORG or PROV-O therefore finds graphkit's
  data, while each entity keeps exactly one graphkit type.
* **Parameters** are bound as RDF terms (``bindings={"person": Literal("Pratt")}``, ``--bind
  person=Pratt``) through the engines' own APIs; they are never pasted into the query text.
* **Saved queries** live in ``ontologies/queries/*.rq``; :func:`saved_queries` reads each file's header
  comment (title, description, ``@param`` lines).
* Common prefixes (``civ:``, ``gk:``, ``org:``, ``prov:``, ``dcterms:``, ``skos:``, ...) need no
  ``PREFIX`` line.

Examples:
    >>> saved_queries()["posts"].title
    'Who holds which post in which organisation'
    >>> parse_binding("person=Marcel S. Pratt")
    ('person', rdflib.term.Literal('Marcel S. Pratt'))
    >>> parse_binding("org=<https://w3id.org/graphkit/id/entity/x>")[1]
    rdflib.term.URIRef('https://w3id.org/graphkit/id/entity/x')
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeAlias

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node
from rdflib.util import from_n3

from .errors import ExportError, QueryError, QuerySyntaxError
from .export.rdf import OX_FORMATS, guess_format, parse_problem, read_rdf
from .graph import ID, PREFIXES, bind_prefixes
from .vocab import CIV, data_path

__all__ = [
    "OXIGRAPH_ABOVE_BYTES",
    "Entailment",
    "GraphStore",
    "QueryResult",
    "SavedQuery",
    "StoreName",
    "check_query",
    "compact",
    "entailment_rules",
    "entailment_updates",
    "graph_file",
    "load_query",
    "open_store",
    "parse_binding",
    "run_query",
    "saved_queries",
    "with_prefixes",
]

log = logging.getLogger(__name__)
StoreName: TypeAlias = Literal["auto", "rdflib", "oxigraph"]
QueryKind: TypeAlias = Literal["select", "ask", "construct"]
Row: TypeAlias = tuple[Node | None, ...]
OXIGRAPH_ABOVE_BYTES = 4_000_000  # ~50k triples of Turtle: above this, rdflib's parse and joins get slow
_PREFIX_IRIS = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I | re.M)
_PROLOGUE = re.compile(r"^\s*(PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>|#[^\n]*)", re.I)


# ---------------------------------------------------------------------------- saved queries
@dataclass(frozen=True, slots=True)
class SavedQuery:
    """A commented ``.rq`` file: its title, description and parameters come from its header comment."""

    name: str
    title: str
    description: str
    params: tuple[tuple[str, bool, str], ...]  # (name, required, help)
    path: Path

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(name for name, required, _ in self.params if required)


def _header(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    return lines


def read_saved_query(path: str | Path) -> SavedQuery:
    """Read one ``.rq`` file and its header comment.

    The header is the comment block at the top: its first line is the title, ``@param NAME [required]
    help`` lines declare parameters, every other line is description.
    """
    path = Path(path)
    lines = _header(path.read_text(encoding="utf-8"))
    title = next((line for line in lines if line), path.stem)
    params, description = [], []
    for line in lines[lines.index(title) + 1 if title in lines else 0 :]:
        if line.startswith("@param"):
            name, _, rest = line.removeprefix("@param").strip().partition(" ")
            required = rest.strip().startswith("required")
            params.append((name, required, rest.strip()))
        elif line:
            description.append(line)
    return SavedQuery(path.stem, title, " ".join(description), tuple(params), path)


def saved_queries(directory: str | Path | None = None) -> dict[str, SavedQuery]:
    """The saved analyst questions, by name (``posts``, ``stances``, ...)."""
    root = Path(directory) if directory else data_path("queries")
    return {p.stem: read_saved_query(p) for p in sorted(root.glob("*.rq"))}


def load_query(spec: str) -> tuple[str, str, SavedQuery | None]:
    """Resolve ``spec`` to query text: a ``.rq`` file, the name of a saved query, or SPARQL itself.

    Returns ``(text, source, saved)`` where ``source`` names where the text came from, for messages.
    """
    candidate = Path(spec)
    if spec.endswith(".rq") or (len(spec) < 256 and "\n" not in spec and candidate.is_file()):
        if not candidate.is_file():
            raise QueryError(f"query file not found: {spec}")
        saved = read_saved_query(candidate)
        return saved.text, candidate.name, saved
    known = saved_queries()
    if re.fullmatch(r"[\w-]+", spec) and spec in known:
        return known[spec].text, f"{spec}.rq", known[spec]
    if re.fullmatch(r"[\w-]+", spec):
        raise QueryError(f"no saved query named {spec!r}; saved queries: {', '.join(known)}")
    return spec, "query", None


# ---------------------------------------------------------------------------- bindings
def to_term(value: str) -> Node:
    """An RDF term from command-line text: ``<iri>``, ``prefix:name``, ``"text"@en``, ``"1"^^xsd:int``,
    a number or ``true``/``false``; anything else is a plain string literal.

    Examples:
        >>> to_term("civ:holdsPost")
        rdflib.term.URIRef('https://w3id.org/graphkit/civic#holdsPost')
        >>> to_term("2018")
        rdflib.term.Literal('2018', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
        >>> to_term('x" } ; DROP ALL #')
        rdflib.term.Literal('x" } ; DROP ALL #')
    """
    text = value.strip()
    prefix, _, local = text.partition(":")
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if prefix in _PREFIX_IRIS and local and " " not in text:
        return URIRef(_PREFIX_IRIS[prefix] + local)
    if re.fullmatch(r'"(?:[^"\\]|\\.)*"(@[A-Za-z-]+|\^\^\S+)?', text) or re.fullmatch(
        r"[+-]?\d+(\.\d+)?|true|false", text
    ):
        try:
            term = from_n3(text, nsm=bind_prefixes(Graph()).namespace_manager)
        except Exception as err:  # from_n3 raises several types
            raise QueryError(f"cannot read {value!r} as an RDF term: {err}") from err
        if isinstance(term, Node):
            return term
    return RDFLiteral(value)


def parse_binding(text: str) -> tuple[str, Node]:
    """``name=value`` (from ``--bind``) as a variable name and an RDF term (see :func:`to_term`)."""
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"\w+", name):
        raise QueryError(f"--bind expects NAME=VALUE, got {text!r}")
    return name, to_term(value)


# ---------------------------------------------------------------------------- checking queries
def _position(text: str, needle: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), 1):
        match = re.search(rf"(?<![\w<\"'#:/]){re.escape(needle)}", line.split("#", 1)[0])
        if match:
            return number, match.start() + 1
    return 1, 1


def check_query(text: str, *, source: str = "query") -> QueryKind:
    """Parse a query without running it; return its kind or raise with the line and column.

    Examples:
        >>> check_query("ASK { ?s civ:holdsPost ?o }")
        'ask'
        >>> check_query("SELECT * WHERE {\\n  ?s ?p ?o\\n  FILTER(?x = }")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        graphkit.errors.QuerySyntaxError: [GK402] query, line 3, column 3: expected a SelectQuery, found ...
        >>> check_query("SELECT * WHERE { ?s foo:bar ?o }")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        graphkit.errors.QuerySyntaxError: [GK402] query, line 1, column 21: unknown prefix 'foo:' ...
    """
    return _analyse(text, source)[0]


def _analyse(text: str, source: str) -> tuple[QueryKind, frozenset[str]]:
    """The query's kind and the variables it returns (all in-scope ones for ``SELECT *``)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    if _UPDATE.match(_strip_prologue(text)):
        raise QueryError(f"{source} is a SPARQL update; graphkit only reads (SELECT, ASK, CONSTRUCT, DESCRIBE)")
    try:
        algebra = translateQuery(parseQuery(text), initNs=_PREFIX_IRIS).algebra
    except ParseException as err:
        found = re.search(r"found (.+?)\s+\(at char", str(err))
        wanted = re.match(r"Expected (.+?), found", str(err))
        reason = f"expected {_article(wanted.group(1)) if wanted else 'something else'}"
        reason += f", found {found.group(1)}" if found else ""
        raise QuerySyntaxError(source, err.lineno, err.col, reason) from None
    except Exception as err:  # rdflib raises a bare Exception for unknown prefixes
        prefix = re.search(r"Unknown namespace prefix : (\S*)", str(err))
        if prefix:
            line, col = _position(text, prefix.group(1) + ":")
            reason = f"unknown prefix '{prefix.group(1)}:' (declare it with PREFIX {prefix.group(1)}: <...>)"
            raise QuerySyntaxError(source, line, col, reason) from err
        raise QueryError(f"{source}: {' '.join(str(err).split())}") from err
    kinds: dict[str, QueryKind] = {"AskQuery": "ask", "SelectQuery": "select"}
    projected = frozenset(str(v) for v in algebra.get("PV") or ())
    return kinds.get(algebra.name, "construct"), projected


def with_prefixes(text: str) -> str:
    """The query with ``PREFIX`` lines for graphkit's prefixes it uses but does not declare, for servers
    that know none (the query's own text is unchanged below them).

    Examples:
        >>> print(with_prefixes("ASK { ?s org:memberOf ?o }"))
        PREFIX org: <http://www.w3.org/ns/org#>
        ASK { ?s org:memberOf ?o }
    """
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w.-]*):", text, re.I)}
    used = [p for p in _PREFIX_IRIS if p.lower() not in declared and re.search(rf"(?<![\w.-]){p}:", text)]
    return "".join(f"PREFIX {p}: <{_PREFIX_IRIS[p]}>\n" for p in used) + text


def _strip_prologue(text: str) -> str:
    while True:
        stripped = _PROLOGUE.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped


def _article(words: str) -> str:
    words = words.strip("{}")
    return words if " " in words or "|" in words else f"a {words}"


def _check_bindings(
    text: str,
    bindings: Mapping[str, Node],
    saved: SavedQuery | None,
    source: str,
    *,
    projected: frozenset[str],
) -> None:
    for name in bindings:
        if not re.search(rf"[?$]{re.escape(name)}\b", text):
            raise QueryError(f"--bind {name}: {source} has no variable ?{name}")
        if projected and name not in projected:  # both engines bind only what SELECT returns (SEP-0007)
            raise QueryError(f"--bind {name}: a bound variable must be selected; add ?{name} to the SELECT clause")
    missing = [p for p in (saved.required if saved else ()) if p not in bindings]
    if missing:
        raise QueryError(f"{source} needs --bind {missing[0]}=VALUE ({saved.name if saved else source})")


# ---------------------------------------------------------------------------- results
@dataclass(slots=True)
class QueryResult:
    """What a query returned: rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT, DESCRIBE)."""

    kind: QueryKind
    variables: tuple[str, ...] = ()
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    engine: str = ""

    def records(self) -> list[dict[str, str]]:
        """Rows as dicts of plain strings (IRIs in full, literals as their text); unbound values omitted."""
        return [{v: str(t) for v, t in zip(self.variables, row, strict=True) if t is not None} for row in self.rows]

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV results (for ASK, one ``boolean`` column; for graphs, N-Triples)."""
        if self.kind == "construct":
            return _graph_text(self.graph, "nt")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        if self.kind == "ask":
            writer.writerows([["boolean"], [str(self.boolean).lower()]])
            return out.getvalue()
        writer.writerow(self.variables)
        writer.writerows([["" if t is None else str(t) for t in row] for row in self.rows])
        return out.getvalue()

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON (for graphs, JSON-LD)."""
        if self.kind == "construct":
            return _graph_text(self.graph, "json-ld")
        if self.kind == "ask":
            return json.dumps({"head": {}, "boolean": self.boolean}, indent=2)
        bindings = [
            {v: _json_term(t) for v, t in zip(self.variables, row, strict=True) if t is not None} for row in self.rows
        ]
        doc = {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}
        return json.dumps(doc, indent=2, ensure_ascii=False)

    def table(self) -> list[list[str]]:
        """Rows as display strings: IRIs shortened (:func:`compact`), literals as their text."""
        return [[compact(t) for t in row] for row in self.rows]


def _graph_text(graph: Graph | None, fmt: str) -> str:
    g = bind_prefixes(Graph())
    for triple in graph or ():
        g.add(triple)
    return str(g.serialize(format=fmt))


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, RDFLiteral)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def compact(term: Node | None) -> str:
    """A term for display: graphkit ids without their base, known namespaces as prefixes.

    Examples:
        >>> compact(URIRef("https://w3id.org/graphkit/id/entity/person/ana-ruiz"))
        'entity/person/ana-ruiz'
        >>> compact(URIRef("https://w3id.org/graphkit/civic#holdsPost"))
        'civ:holdsPost'
        >>> compact(None)
        ''
    """
    if term is None:
        return ""
    text = str(term)
    if isinstance(term, URIRef):
        if text.startswith(str(ID)):
            return text[len(str(ID)) :]
        for prefix, iri in _PREFIX_IRIS.items():
            if text.startswith(iri) and prefix != "gk" and re.fullmatch(r"[\w.-]*", text[len(iri) :]):
                return f"{prefix}:{text[len(iri) :]}"
    return text


# ---------------------------------------------------------------------------- entailment
@dataclass(frozen=True, slots=True)
class Entailment:
    """What the ontology's alignment entails: super-properties, standard super-classes, symmetry."""

    properties: Mapping[str, frozenset[str]]
    classes: Mapping[str, frozenset[str]]
    symmetric: frozenset[str]


def _closure(graph: Graph, link: URIRef, equivalent: URIRef) -> dict[str, set[str]]:
    direct: dict[str, set[str]] = {}
    for sub, sup in graph.subject_objects(link):
        direct.setdefault(str(sub), set()).add(str(sup))
    for a, b in graph.subject_objects(equivalent):
        direct.setdefault(str(a), set()).add(str(b))
        direct.setdefault(str(b), set()).add(str(a))
    closed: dict[str, set[str]] = {}
    for start in direct:
        seen: set[str] = set()
        todo = list(direct[start])
        while todo:
            node = todo.pop()
            if node not in seen and node != start:
                seen.add(node)
                todo.extend(direct.get(node, ()))
        closed[start] = seen
    return closed


@cache
def entailment_rules(ontology: str | None = None) -> Entailment:
    """The entailment rules of an ontology file (default: graphkit's ``civic.ttl``).

    Super-properties are all kept; super-classes only outside graphkit's namespace, so that each entity
    keeps exactly one ``civ:`` type while gaining ``foaf:Person``, ``org:Organization``, ``prov:Agent``...

    Examples:
        >>> rules = entailment_rules()
        >>> "http://www.w3.org/ns/org#memberOf" in rules.properties[str(CIV.holdsPost)]
        True
        >>> sorted(c for c in rules.classes[str(CIV.Person)] if "foaf" in c)
        ['http://xmlns.com/foaf/0.1/Agent', 'http://xmlns.com/foaf/0.1/Person']
    """
    graph = Graph().parse(ontology or data_path("civic.ttl"), format="turtle")
    properties = _closure(graph, RDFS.subPropertyOf, OWL.equivalentProperty)
    classes = _closure(graph, RDFS.subClassOf, OWL.equivalentClass)
    civ = str(CIV)
    external = {c: frozenset(s for s in sups if not s.startswith(civ)) for c, sups in classes.items()}
    return Entailment(
        properties={p: frozenset(s) for p, s in properties.items() if s},
        classes={c: s for c, s in external.items() if s},
        symmetric=frozenset(str(p) for p in graph.subjects(RDF.type, OWL.SymmetricProperty)),
    )


def _entailed(quads: Iterable[tuple[str, str, Node, Node, Any]], rules: Entailment) -> Iterator[tuple[Any, ...]]:
    """(kind, predicate-or-class, subject, object, graph) → the quads the rules add, as plain tuples."""
    for kind, key, s, o, g in quads:
        if kind == "type":
            for cls in rules.classes.get(key, ()):
                yield s, str(RDF.type), cls, g
            continue
        pairs = [(s, o), (o, s)] if key in rules.symmetric else [(s, o)]
        for subject, obj in pairs:
            for prop in (*rules.properties.get(key, ()), *((key,) if (subject, obj) != (s, o) else ())):
                yield subject, prop, obj, g


def entailment_updates(rules: Entailment) -> Iterator[str]:
    """SPARQL updates that materialise ``rules`` in every graph of a store (default and named).

    Examples:
        >>> updates = list(entailment_updates(entailment_rules()))
        >>> len(updates), "org#memberOf" in updates[0]
        (6, True)
    """
    supers = sorted((p, s) for p, sups in rules.properties.items() for s in sups)
    classes = sorted((c, s) for c, sups in rules.classes.items() for s in sups)
    reverse = sorted((p, s) for p in rules.symmetric for s in (p, *rules.properties.get(p, ())))
    rules_text = [
        (supers, "?s ?p ?o", "?s ?sup ?o"),
        (classes, "?s a ?p", "?s a ?sup"),
        (reverse, "?s ?p ?o", "?o ?sup ?s"),
    ]
    for pairs, where, insert in rules_text:
        if not pairs:
            continue
        values = " ".join(f"(<{p}> <{s}>)" for p, s in pairs)
        yield f"INSERT {{ {insert} }} WHERE {{ VALUES (?p ?sup) {{ {values} }} {where} }}"
        yield f"INSERT {{ GRAPH ?g {{ {insert} }} }} WHERE {{ VALUES (?p ?sup) {{ {values} }} GRAPH ?g {{ {where} }} }}"


# ---------------------------------------------------------------------------- stores
class GraphStore:
    """An export loaded for querying. Use :func:`open_store`; subclasses wrap one engine each."""

    engine = ""

    def __init__(self, path: Path, triples: int) -> None:
        self.path = path
        self.triples = triples

    def query(self, text: str, *, bindings: Mapping[str, Node] | None = None, source: str = "query") -> QueryResult:
        """Run a read-only query with variables pre-bound to RDF terms."""
        raise NotImplementedError


class RdflibStore(GraphStore):
    """rdflib in memory: fine up to some tens of thousands of triples."""

    engine = "rdflib"

    def __init__(self, path: Path, *, entailment: bool = True) -> None:
        self.dataset: Dataset = read_rdf(path)
        super().__init__(path, sum(1 for _ in self.dataset.quads((None, None, None, None))))
        if entailment:
            self._entail(entailment_rules())

    def _entail(self, rules: Entailment) -> None:
        found: list[tuple[str, str, Any, Any, Any]] = []
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            key = str(o) if p == RDF.type else str(p)
            kind = "type" if p == RDF.type else "property"
            if key in (rules.classes if kind == "type" else rules.properties) or key in rules.symmetric:
                found.append((kind, key, s, o, g))
        new = list(_entailed(found, rules))
        graphs: dict[Node, Graph] = {}
        for s, p, o, g in new:
            identifier = g.identifier if isinstance(g, Graph) else g
            if identifier not in graphs:
                default = identifier is None or identifier == DATASET_DEFAULT_GRAPH_ID
                graphs[identifier] = self.dataset.default_graph if default else self.dataset.graph(identifier)
            graphs[identifier].add((s, URIRef(p), URIRef(o) if type(o) is str else o))
        log.info("rdflib store: %d triples, %d entailed", self.triples, len(new))

    def query(self, text: str, *, bindings: Mapping[str, Node] | None = None, source: str = "query") -> QueryResult:
        init: dict[str, Any] = {k: v for k, v in (bindings or {}).items()}
        try:
            result = self.dataset.query(text, initNs=_PREFIX_IRIS, initBindings=init)
        except Exception as err:  # rdflib raises many types while evaluating
            raise QueryError(f"{source}: rdflib could not run the query: {' '.join(str(err).split())}") from err
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer), engine=self.engine)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult("construct", graph=result.graph, engine=self.engine)
        variables = tuple(str(v) for v in result.vars or ())
        rows = [tuple(row) for row in result]  # type: ignore[arg-type]
        return QueryResult("select", variables, rows, engine=self.engine)  # type: ignore[arg-type]


def _ox_format(path: Path) -> Any:
    import pyoxigraph as ox

    return getattr(ox.RdfFormat, OX_FORMATS[guess_format(path)])


def _from_ox(term: Any) -> Node | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RDFLiteral(term.value, lang=term.language)
        datatype = term.datatype.value
        return RDFLiteral(term.value) if datatype == str(XSD.string) else RDFLiteral(term.value, datatype=datatype)
    return RDFLiteral(str(term))


def _to_ox(term: Node) -> Any:
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, RDFLiteral)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


class OxigraphStore(GraphStore):
    """pyoxigraph, in memory or in a directory: for large exports."""

    engine = "oxigraph"

    def __init__(self, path: Path, *, entailment: bool = True, location: str | Path | None = None) -> None:
        import pyoxigraph as ox

        if not path.is_file():
            raise ExportError(f"graph file not found: {path}")
        fmt = _ox_format(path)
        self.store = ox.Store(str(location)) if location else ox.Store()
        try:
            self.store.bulk_load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as err:
            problem = parse_problem(path, guess_format(path))
            raise ExportError(problem or f"{path.name} is not valid RDF: {_one_line(err)}") from err
        super().__init__(path, len(self.store))
        if entailment:
            self._entail(entailment_rules())

    def _entail(self, rules: Entailment) -> None:
        """The same entailments as :class:`RdflibStore`, computed inside Oxigraph by SPARQL updates whose
        only variable parts are the ontology's own IRIs (no user text goes into them)."""
        for update in entailment_updates(rules):
            self.store.update(update)
        log.info("oxigraph store: %d triples, %d after entailment", self.triples, len(self.store))

    def query(self, text: str, *, bindings: Mapping[str, Node] | None = None, source: str = "query") -> QueryResult:
        import pyoxigraph as ox

        subs = {ox.Variable(k): _to_ox(v) for k, v in (bindings or {}).items()}
        try:
            result = self.store.query(
                text, prefixes=_PREFIX_IRIS, substitutions=subs or None, use_default_graph_as_union=True
            )
        except SyntaxError as err:
            raise _ox_syntax_error(err, source) from err
        except (OSError, ValueError, RuntimeError) as err:
            raise QueryError(f"{source}: oxigraph could not run the query: {_one_line(err)}") from err
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result), engine=self.engine)
        if isinstance(result, ox.QueryTriples):
            graph = Graph()
            for t in result:
                graph.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))  # type: ignore[arg-type]
            return QueryResult("construct", graph=graph, engine=self.engine)
        variables = tuple(v.value for v in result.variables)
        rows = [tuple(_from_ox(sol[i]) for i in range(len(variables))) for sol in result]
        return QueryResult("select", variables, rows, engine=self.engine)


def _ox_syntax_error(err: SyntaxError, source: str) -> QueryError:
    match = re.match(r"error at (\d+):(\d+): (.*)", str(err), re.S)
    if not match:
        return QueryError(f"{source}: {_one_line(err)}")
    reason = " ".join(match.group(3).split())
    return QuerySyntaxError(source, int(match.group(1)), int(match.group(2)), reason[:200])


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text if len(text) < 240 else text[:237] + "..."


def graph_file(path: str | Path) -> Path:
    """The RDF export a path names: the file itself, or a build directory's graph.trig / .ttl / .nt / .jsonld."""
    path = Path(path)
    if path.is_dir():  # a build's output directory: its RDF export
        for name in ("graph.trig", "graph.ttl", "graph.nt", "graph.jsonld"):
            if (path / name).is_file():
                return path / name
        raise ExportError(f"{path} holds no RDF export (graph.trig, graph.ttl, graph.nt or graph.jsonld)")
    if not path.exists():
        raise ExportError(f"graph file not found: {path}")
    guess_format(path)
    return path


def open_store(path: str | Path, *, store: StoreName = "auto", entailment: bool = True) -> GraphStore:
    """Load an export (file, or a build's output directory) into rdflib or pyoxigraph.

    ``auto`` picks pyoxigraph for files above :data:`OXIGRAPH_ABOVE_BYTES`.

    Raises:
        ExportError: the file is missing, of an unknown format, or not RDF.
    """
    file = graph_file(path)
    if store == "auto":
        store = "oxigraph" if file.stat().st_size > OXIGRAPH_ABOVE_BYTES else "rdflib"
    if store not in ("rdflib", "oxigraph"):
        raise QueryError(f"unknown store {store!r}; use auto, rdflib or oxigraph")
    log.info("loading %s into %s", file, store)
    return (
        OxigraphStore(file, entailment=entailment) if store == "oxigraph" else RdflibStore(file, entailment=entailment)
    )


def run_query(
    graph: str | Path | GraphStore,
    query: str,
    *,
    bindings: Mapping[str, Node] | None = None,
    store: StoreName = "auto",
    entailment: bool = True,
) -> QueryResult:
    """Run a query (SPARQL text, a ``.rq`` file or a saved query's name) on an export.

    The query is checked before the graph is loaded, so a typo fails fast with its line and column.

    Raises:
        QuerySyntaxError: the query does not parse (line and column in the message).
        QueryError: an unknown saved query, a missing file, a missing required or unknown parameter.
        ExportError: the graph file is missing or is not RDF.
    """
    text, source, saved = load_query(query)
    kind, projected = _analyse(text, source)
    bound = dict(bindings or {})
    _check_bindings(text, bound, saved, source, projected=projected if kind == "select" else frozenset())
    target = graph if isinstance(graph, GraphStore) else open_store(graph, store=store, entailment=entailment)
    return target.query(text, bindings=bound, source=source)
