"""The Python API for investigations in notebooks: load a graph, ask it questions, follow a connection back
to its sentences and look at it, without knowing RDF.

:func:`build` and :func:`load` return a :class:`KnowledgeGraph`, a view over one
:class:`~graphkit.types.StatementSet` (the single source of truth); its NetworkX graph, its RDF graph and
its SPARQL store are derived from it when first needed.

Answers come as tables: a pandas ``DataFrame`` when pandas is installed (``pip install graphkit[pandas]``),
else a list of dicts with the same columns. In every table of facts a row is one supporting sentence, with
the article's id (``article``) and publication date (``published``); names are entity labels.

Examples:
    >>> kg = example_graph()
    >>> kg
    KnowledgeGraph(1 article, 4 entities, 6 statements)
    >>> kg.entity("Ruiz").label
    'Ana Ruiz'
    >>> print(kg.paths("Hale", "Fooville")[0])
    Tom Hale <-metWith- Ana Ruiz -holdsPost-> City of Fooville
    >>> kg.claims(about="jail")[["claimant", "stance", "contested_by"]].values.tolist()
    [['Tom Hale', 'asserts', 'Ana Ruiz'], ['Ana Ruiz', 'denies', 'Tom Hale']]
"""

from __future__ import annotations

import html
import importlib
import json
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import islice, pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from .errors import ExportError, QueryError, UnknownEntity
from .types import (
    Claim,
    Document,
    Entity,
    Evidence,
    MergeRecord,
    Quote,
    Relation,
    Statement,
    StatementSet,
    entity_refs,
)

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph
    from rdflib.term import Node

    from .query import GraphStore

__all__ = [
    "Chain",
    "Explorer",
    "Hop",
    "KnowledgeGraph",
    "Link",
    "Table",
    "build",
    "example_graph",
    "find_entity",
    "load",
]

Table: TypeAlias = Any
"""A pandas ``DataFrame`` when pandas is installed, else a ``list[dict[str, Any]]`` with the same columns."""

SOURCE_COLUMNS = ("sentence", "article", "published")
CLOSE_MATCHES = 5  # names suggested when a lookup fails: at most this many,
MATCH_SCORE = 70  # spelt at least this much alike (rapidfuzz's WRatio, 0-100),
MATCH_MARGIN = 10  # and at most this much less alike than the closest


# ---------------------------------------------------------------------------- tables
def _pandas() -> Any | None:
    """The pandas module, or None when it is not installed."""
    try:
        return importlib.import_module("pandas")  # an optional extra, without type information
    except ImportError:
        return None


def _table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> Table:
    """Rows as a DataFrame with these columns (in this order), or as plain dicts without pandas."""
    records = [{column: row.get(column) for column in columns} for row in rows]
    pd = _pandas()
    return records if pd is None else pd.DataFrame(records, columns=list(columns))


def _qualifier_columns(relations: Iterable[Relation]) -> list[str]:
    return sorted({name for rel in relations for name in rel.qualifiers})


# ---------------------------------------------------------------------------- finding entities
def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.casefold()))


def _rank(entity: Entity, words: tuple[str, ...]) -> int | None:
    """How well ``words`` name an entity: 0 its label, 1 an alias, 2 some words of its label, 3 some words
    of an alias; None when they do not."""
    label, aliases = _words(entity.label), [_words(alias) for alias in entity.aliases]
    if words == label:
        return 0
    if words in aliases:
        return 1
    if set(words) <= set(label):
        return 2
    if any(set(words) <= set(alias) for alias in aliases):
        return 3
    return None


def _close_matches(entities: Mapping[str, Entity], name: str) -> list[str]:
    """The labels of the entities whose label or an alias is spelt most like ``name``."""
    from rapidfuzz import fuzz, process, utils

    forms = [(form, ent.label) for ent in entities.values() for form in (ent.label, *ent.aliases)]
    scored = process.extract(
        name, [form for form, _ in forms], scorer=fuzz.WRatio, processor=utils.default_process,
        limit=None, score_cutoff=MATCH_SCORE,
    )  # fmt: skip
    best = scored[0][1] if scored else 0
    labels = dict.fromkeys(forms[index][1] for _, score, index in scored if score >= best - MATCH_MARGIN)
    return list(labels)[:CLOSE_MATCHES]


def find_entity(entities: Mapping[str, Entity], name: str) -> Entity:
    """The entity ``name`` names: its id, its label or an alias (ignoring case and punctuation), else the
    one entity whose label, else alias, contains all of its words ("Krasner" finds "Larry Krasner").

    Raises:
        UnknownEntity: (a ``KeyError``) nothing goes by that name (the message lists close spellings), or
            several entities do equally well (the message lists them with their ids).

    Examples:
        >>> people = {"p/ana": Entity("p/ana", "Ana Ruiz", "Person", ("Mayor Ruiz",)),
        ...           "p/tom": Entity("p/tom", "Tom Ruiz", "Person")}
        >>> find_entity(people, "mayor ruiz").id
        'p/ana'
        >>> find_entity(people, "Anna Ruiz")
        Traceback (most recent call last):
        ...
        graphkit.errors.UnknownEntity: [GK404] no entity is named 'Anna Ruiz'; close matches: Ana Ruiz
        >>> find_entity(people, "Ruiz")
        Traceback (most recent call last):
        ...
        graphkit.errors.UnknownEntity: [GK404] 'Ruiz' names 2 entities: Ana Ruiz [p/ana], Tom Ruiz [p/tom]; ...
    """
    if name in entities:
        return entities[name]
    words, found = _words(name), dict[int, list[Entity]]()
    for entity in entities.values() if words else ():
        rank = _rank(entity, words)
        if rank is not None:
            found.setdefault(rank, []).append(entity)
    if not found:
        raise UnknownEntity(name, _close_matches(entities, name))
    best = found[min(found)]
    if len(best) > 1:
        raise UnknownEntity(name, [f"{e.label} [{e.id}]" for e in best], ambiguous=True)
    return best[0]


# ---------------------------------------------------------------------------- chains
@dataclass(frozen=True, slots=True)
class Link:
    """A relation on a chain, in labels, with the sentences that support it; ``reversed`` when the chain
    walks it from its object to its subject."""

    subject: str
    predicate: str
    object: str
    qualifiers: Mapping[str, str]
    evidence: tuple[Evidence, ...]
    reversed: bool = False


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a chain, from the entity labelled ``start`` to ``end``: every relation between them."""

    start: str
    end: str
    links: tuple[Link, ...]

    @property
    def arrow(self) -> str:
        """``-holdsPost->`` for relations walked forwards, ``<-manages-`` for those walked backwards."""
        forwards = "/".join(dict.fromkeys(link.predicate for link in self.links if not link.reversed))
        backwards = "/".join(dict.fromkeys(link.predicate for link in self.links if link.reversed))
        return "/".join([f"-{forwards}->"] * bool(forwards) + [f"<-{backwards}-"] * bool(backwards))


@dataclass(frozen=True, slots=True)
class Chain:
    """A shortest chain of relations between two entities, read as ``A -holdsPost-> B <-manages- C``."""

    hops: tuple[Hop, ...]

    def __str__(self) -> str:
        if not self.hops:
            return ""
        return self.hops[0].start + "".join(f" {hop.arrow} {hop.end}" for hop in self.hops)

    def __len__(self) -> int:
        return len(self.hops)

    def table(self) -> Table:
        """Each hop's relations with their sentences: one row per hop, relation and sentence."""
        links = [link for hop in self.hops for link in hop.links]
        qualifiers = sorted({name for link in links for name in link.qualifiers})
        rows = [
            {"hop": number, "subject": link.subject, "predicate": link.predicate, "object": link.object,
             **link.qualifiers, "sentence": ev.text, "article": ev.doc, "published": ev.published,
             "start": ev.start, "end": ev.end}
            for number, hop in enumerate(self.hops, 1) for link in hop.links for ev in link.evidence
        ]  # fmt: skip
        columns = ["hop", "subject", "predicate", "object", *qualifiers, *SOURCE_COLUMNS, "start", "end"]
        return _table(rows, columns)


# ---------------------------------------------------------------------------- the inline explorer
@dataclass(frozen=True, slots=True)
class Explorer:
    """The interactive page of ``graph.html`` for a graph, shown inline by Jupyter.

    The page goes into an ``<iframe>`` as its ``srcdoc``: it needs no server and no network, and its
    scripts run sandboxed, apart from the notebook. ``page`` is the whole page; :meth:`save` writes it.
    """

    page: str
    height: int = 600

    def __repr__(self) -> str:
        title = re.search(r"<title>(.*?)</title>", self.page, re.S)
        return f"Explorer({html.unescape(title.group(1)) if title else 'graphkit'!r}, {len(self.page):,} bytes)"

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" title="graphkit explorer" '
            'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
            f'style="width: 100%; height: {int(self.height)}px; border: 1px solid #ddd"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (an HTML file that opens in any browser) and return the path."""
        target = Path(path)
        target.write_text(self.page, encoding="utf-8")
        return target


# ---------------------------------------------------------------------------- the graph
def _count(n: int, singular: str, plural: str = "") -> str:
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"


class KnowledgeGraph:
    """A knowledge graph for investigation: tables of facts with their sources, lookups by any name,
    neighbourhoods, chains between entities, a timeline, SPARQL and an inline explorer.

    The statements are the single source of truth and are not copied: the NetworkX graph and the SPARQL
    store are derived from them on first use and kept, so make a new ``KnowledgeGraph`` after changing them.

    Args:
        statements: the graph (from :func:`graphkit.pipeline.build_corpus` or ``read_statements``).
        name: shown as the explorer's title.
    """

    def __init__(self, statements: StatementSet, *, name: str = "graphkit") -> None:
        self.statements = statements
        self.name = name
        self._nx: nx.MultiDiGraph | None = None
        self._store: GraphStore | None = None

    def __repr__(self) -> str:
        s = self.statements
        parts = (_count(len(s.documents), "article"), _count(len(s.entities), "entity", "entities"),
                 _count(len(s.statements), "statement"))  # fmt: skip
        return f"KnowledgeGraph({', '.join(parts)})"

    # ------------------------------------------------------------------------ names and sources
    def entity(self, name: str) -> Entity:
        """The entity an id, label, alias or some words of one name (see :func:`find_entity`).

        Raises:
            UnknownEntity: a ``KeyError`` listing close matches, or the entities an ambiguous name fits.

        Examples:
            >>> kg = example_graph()
            >>> kg.entity("Sheriff Hale").label, kg.entity("fooville").type
            ('Tom Hale', 'GovernmentOrganization')
            >>> kg.entity("Tom Hail")
            Traceback (most recent call last):
            ...
            graphkit.errors.UnknownEntity: [GK404] no entity is named 'Tom Hail'; close matches: Tom Hale
        """
        return find_entity(self.statements.entities, name)

    def _label(self, entity_id: str | None) -> str | None:
        entity = self.statements.entity(entity_id)
        return entity.label if entity is not None else entity_id

    def _published(self, ev: Evidence) -> str:
        doc = self.statements.documents.get(ev.doc)
        return ev.published or (doc.published if doc is not None else "")

    def _sources(self, stmt: Statement) -> Iterator[dict[str, Any]]:
        """One row per supporting sentence: sentence, article, published, offsets, title and publisher (one
        row with none of them for a statement without evidence, so that no fact goes missing)."""
        if not stmt.evidence:
            yield {}
        for ev in stmt.evidence:
            doc = self.statements.documents.get(ev.doc) or Document(ev.doc, "")
            yield {"sentence": ev.text, "article": ev.doc, "published": self._published(ev), "start": ev.start,
                   "end": ev.end, "title": doc.title, "publisher": doc.publisher}  # fmt: skip

    def _relation_rows(self, relations: Iterable[Relation]) -> Iterator[dict[str, Any]]:
        for rel in relations:
            what = {"subject": self._label(rel.subject), "predicate": rel.predicate,
                    "object": self._label(rel.object), **rel.qualifiers, "confidence": rel.confidence}  # fmt: skip
            for source in self._sources(rel):
                yield what | source

    def _predicates(self, predicate: str | Iterable[str] | None) -> set[str] | None:
        if predicate is None:
            return None
        wanted = {predicate} if isinstance(predicate, str) else set(predicate)
        from .vocab import RELATIONS

        known = set(RELATIONS) | {s.predicate for s in self.statements.statements if isinstance(s, Relation)}
        unknown = sorted(wanted - known)
        if unknown:
            raise QueryError(f"no relation is called {', '.join(unknown)}; relations: {', '.join(sorted(known))}")
        return wanted

    # ------------------------------------------------------------------------ tables
    def entities(self) -> Table:
        """Every entity: label, type, aliases, number of articles and of connections, id; most connected first.

        Examples:
            >>> example_graph().entities()[["label", "connections"]].values.tolist()[:3]
            [['Ana Ruiz', 3], ['Fooville County Jail', 3], ['Tom Hale', 3]]
        """
        G = self._graph()
        rows = [
            {"label": e.label, "type": e.type, "aliases": ", ".join(e.aliases), "articles": len(e.docs),
             "connections": G.degree(e.id), "id": e.id}
            for e in self.statements.entities.values()
        ]  # fmt: skip
        rows.sort(key=lambda row: (-row["connections"], row["label"]))
        return _table(rows, ("label", "type", "aliases", "articles", "connections", "id"))

    def relations(self, predicate: str | Iterable[str] | None = None, *, about: str | None = None) -> Table:
        """The relations of one or more types (default: all), optionally only those ``about`` an entity
        (its subject or object); qualifiers such as ``role`` and ``date`` get a column each.

        Raises:
            QueryError: a relation name the ontology does not define.

        Examples:
            >>> kg = example_graph()
            >>> kg.relations("holdsPost")[["subject", "role", "object", "sentence"]].values.tolist()
            [['Ana Ruiz', 'Mayor', 'City of Fooville', 'Mayor Ana Ruiz of Fooville met Sheriff Tom Hale on Wednesday.']]
        """
        wanted = self._predicates(predicate)
        target = self.entity(about).id if about is not None else None
        found = [
            s for s in self.statements.statements
            if isinstance(s, Relation) and (wanted is None or s.predicate in wanted)
            and (target is None or target in (s.subject, s.object))
        ]  # fmt: skip
        columns = ["subject", "predicate", "object", *_qualifier_columns(found), "confidence", *SOURCE_COLUMNS]
        return _table(self._relation_rows(found), columns)

    def evidence(self, subject: str, predicate: str | None = None, object: str | None = None) -> Table:
        """The sentences behind the relations from ``subject`` (to ``object``, of type ``predicate``, when
        given), with their article, its title, publisher and date, and the sentence's character offsets
        in the article's text. Symmetric relations (``metWith``) are found in either direction.

        Examples:
            >>> kg = example_graph()
            >>> row = kg.evidence("Hale", "metWith", "Ruiz").to_dict("records")[0]
            >>> row["sentence"], row["published"], row["start"], row["end"]
            ('Mayor Ana Ruiz of Fooville met Sheriff Tom Hale on Wednesday.', '2024-03-08', 0, 61)
            >>> kg.statements.documents[row["article"]].text[row["start"] : row["end"]] == row["sentence"]
            True
        """
        from .vocab import RELATIONS

        wanted = self._predicates(predicate)
        a = self.entity(subject).id
        b = self.entity(object).id if object is not None else None

        def matches(rel: Relation) -> bool:
            ends = [(rel.subject, rel.object)]
            if rel.predicate in RELATIONS and RELATIONS[rel.predicate].symmetric:
                ends.append((rel.object, rel.subject))
            return any(s == a and (b is None or o == b) for s, o in ends)

        found = [
            s for s in self.statements.statements
            if isinstance(s, Relation) and (wanted is None or s.predicate in wanted) and matches(s)
        ]  # fmt: skip
        columns = ["subject", "predicate", "object", *_qualifier_columns(found), *SOURCE_COLUMNS,
                   "title", "publisher", "start", "end", "confidence"]  # fmt: skip
        return _table(self._relation_rows(found), columns)

    def claims(self, about: str | None = None, *, by: str | None = None, stance: str | None = None) -> Table:
        """Claims (what someone asserts or denies), optionally only those ``about`` an entity (what the claim
        is about, or its object), made ``by`` a claimant, or of one ``stance`` (``asserts``, ``denies``).

        ``contested_by`` names the claimants who take the opposite stance on the same subject (and the same
        object, when both claims name one): a contested claim, never a settled fact.

        Examples:
            >>> example_graph().claims(by="Hale")[["claimant", "stance", "subject", "claim"]].values.tolist()
            [['Tom Hale', 'asserts', 'Fooville County Jail', 'is safe']]
        """
        every = [s for s in self.statements.statements if isinstance(s, Claim)]
        topic = self.entity(about).id if about is not None else None
        claimant = self.entity(by).id if by is not None else None
        rows: list[dict[str, Any]] = []
        for c in every:
            if (topic and topic not in (c.subject, c.object)) or (claimant and c.claimant != claimant):
                continue
            if stance and c.stance != stance:
                continue
            others = sorted({self._label(o.claimant) or "" for o in every if _contests(c, o)})
            what = {"claimant": self._label(c.claimant), "stance": c.stance, "subject": self._label(c.subject),
                    "claim": c.predicate, "object": self._label(c.object),
                    "contested_by": ", ".join(others)}  # fmt: skip
            rows.extend(what | source for source in self._sources(c))
        columns = ("claimant", "stance", "subject", "claim", "object", "contested_by", *SOURCE_COLUMNS)
        return _table(rows, columns)

    def quotes(self, speaker: str | None = None) -> Table:
        """Direct quotations with their speaker (None when the text does not say), optionally of one speaker.

        Examples:
            >>> example_graph().quotes(speaker="Ana Ruiz")[["speaker", "quote"]].values.tolist()
            [['Ana Ruiz', 'We will talk,']]
        """
        who = self.entity(speaker).id if speaker is not None else None
        rows = [
            {"speaker": self._label(q.speaker), "quote": q.text} | source
            for q in self.statements.statements
            if isinstance(q, Quote) and (who is None or q.speaker == who)
            for source in self._sources(q)
        ]
        return _table(rows, ("speaker", "quote", *SOURCE_COLUMNS))

    def timeline(self) -> Table:
        """Dated facts, oldest first: meetings, letters, protests with a date, access ``since`` a year, an
        agreement's ``endDate``; one row per sentence that reports one, earliest article first.

        ``qualifier`` says which date it is; ``statement`` is the same for every row of one fact. Undated
        events are not on it (the saved query ``timeline`` places them at their article's date).

        Examples:
            >>> example_graph().timeline()[["date", "subject", "predicate", "object", "published"]].values.tolist()
            [['2024-03-06', 'Ana Ruiz', 'metWith', 'Tom Hale', '2024-03-08']]
        """
        from .timeline import Source, timeline

        rows = [
            {"date": event.date, "subject": event.subject, "predicate": event.predicate, "object": event.object,
             "qualifier": event.qualifier, "sentence": source.sentence, "article": source.doc,
             "published": source.published, "statement": event.statement}
            for event in timeline(self.statements) for source in event.sources or (Source("", "", "", ""),)
        ]  # fmt: skip
        columns = ("date", "subject", "predicate", "object", "qualifier", *SOURCE_COLUMNS, "statement")
        return _table(rows, columns)

    # ------------------------------------------------------------------------ SPARQL
    def query(self, sparql: str, /, **bindings: object) -> Table | bool | Graph:
        """Run SPARQL (or the name of a saved query, see :attr:`saved_queries`) on the graph.

        Keyword arguments bind the query's variables, as ``graphkit query --bind`` does: text is a string
        literal (``person="Larry Krasner"``), ``civ:Person`` or ``<iri>`` an IRI, an :class:`Entity` its
        node. A trailing underscore is dropped, for names Python keeps to itself (``from_=`` binds ``?from``).
        Common prefixes (``civ:``, ``org:``, ``prov:``, ``dcterms:``, ...) need no PREFIX line, and the
        ontology's entailments (``civ:holdsPost`` is an ``org:memberOf``) are in the store.

        Returns:
            a table for SELECT (IRIs shortened, numbers as numbers, everything else as text), a bool for
            ASK, an rdflib ``Graph`` for CONSTRUCT and DESCRIBE.

        Raises:
            QuerySyntaxError: the query does not parse (line and column in the message).
            QueryError: an unknown saved query, a missing required or an unknown parameter.

        Examples:
            >>> kg = example_graph()
            >>> kg.query("posts", person="Ana Ruiz")[["person", "post", "org"]].values.tolist()
            [['Ana Ruiz', 'Mayor', 'City of Fooville']]
            >>> kg.query("ASK { ?who civ:metWith ?other }")
            True
        """
        from .query import compact, run_query

        terms = {name.removesuffix("_"): _term(name, value) for name, value in bindings.items()}
        result = run_query(self._rdf_store(), sparql, bindings=terms)
        if result.kind == "ask":
            return bool(result.boolean)
        if result.kind == "construct":
            assert result.graph is not None
            return result.graph
        rows = [{v: _cell(term, compact) for v, term in zip(result.variables, row, strict=True)} for row in result.rows]
        return _table(rows, result.variables)

    @property
    def saved_queries(self) -> Table:
        """The saved questions (``ontologies/queries/*.rq``): name, title, description and parameters.

        Run one with ``kg.query(name, parameter=value)``.

        Examples:
            >>> "posts" in list(example_graph().saved_queries["name"])
            True
        """
        from .query import saved_queries

        rows = [
            {"name": q.name, "title": q.title, "description": q.description,
             "parameters": ", ".join(name + (" (required)" if required else "") for name, required, _ in q.params)}
            for q in saved_queries().values()
        ]  # fmt: skip
        return _table(rows, ("name", "title", "description", "parameters"))

    def _rdf_store(self) -> GraphStore:
        """The SPARQL store of :mod:`graphkit.query`, loaded once from the statements' TriG export."""
        if self._store is None:
            from .export.rdf import generate_trig
            from .query import open_store

            with tempfile.TemporaryDirectory(prefix="graphkit-") as tmp:
                path = Path(tmp) / "graph.trig"
                path.write_bytes(generate_trig(self.statements))
                self._store = open_store(path)
        return self._store

    # ------------------------------------------------------------------------ graphs
    def _graph(self) -> nx.MultiDiGraph:
        if self._nx is None:
            from .graph import to_networkx

            self._nx = to_networkx(self.statements)
        return self._nx

    def to_networkx(self) -> nx.MultiDiGraph:
        """A NetworkX ``MultiDiGraph`` (a copy: change it freely): entities as nodes with ``label`` and
        ``type``, relations and claims as edges with ``predicate`` and their evidence.

        Examples:
            >>> G = example_graph().to_networkx()
            >>> sorted(G.nodes[n]["label"] for n in G.successors("person/ana-ruiz"))
            ['City of Fooville', 'Fooville County Jail', 'Tom Hale']
        """
        return self._graph().copy()

    def to_rdf(self) -> Graph:
        """The graph as RDF under graphkit's ontology (see :func:`graphkit.graph.to_rdf`)."""
        from .graph import to_rdf

        return to_rdf(self.statements)

    def subgraph(self, entities: Iterable[str], *, name: str | None = None) -> KnowledgeGraph:
        """The graph of some entities (ids or names) and of the statements among them only.

        A statement is kept when every entity it names is kept; quotes whose speaker is unknown are not.

        Examples:
            >>> example_graph().subgraph(["Ruiz", "Hale"])
            KnowledgeGraph(1 article, 2 entities, 2 statements)
        """
        s = self.statements
        ids = {self.entity(e).id for e in entities}
        kept = [st for st in s.statements if _within(st, ids)]
        docs = {ev.doc for st in kept for ev in st.evidence} | {d for i in ids for d in s.entities[i].docs}
        sub = StatementSet(
            documents={k: doc for k, doc in s.documents.items() if k in docs},
            entities={k: ent for k, ent in s.entities.items() if k in ids},
            statements=kept,
            merges=[m for m in s.merges if m.canonical in ids],
        )
        return KnowledgeGraph(sub, name=name or self.name)

    def ego(self, entity: str, radius: int = 1) -> KnowledgeGraph:
        """The neighbourhood of an entity: everything at most ``radius`` relations or claims away, in either
        direction, with the statements among them (see :meth:`subgraph`).

        Examples:
            >>> kg = example_graph()
            >>> sorted(e.label for e in kg.ego("Fooville").statements.entities.values())
            ['Ana Ruiz', 'City of Fooville']
            >>> len(kg.ego("Fooville", 2).statements.entities)
            4
        """
        import networkx as nx

        centre = self.entity(entity)
        around = nx.ego_graph(self._graph(), centre.id, radius=radius, undirected=True)
        steps = _count(radius, "step")
        return self.subgraph(around.nodes, name=f"{centre.label} and its neighbours ({steps})")

    def paths(self, a: str, b: str, *, limit: int = 10) -> list[Chain]:
        """The shortest chains of relations (typed or open, in either direction) between two entities, each
        hop with the relations and sentences behind it; at most ``limit`` chains, ``[]`` when none.

        Examples:
            >>> chain = example_graph().paths("Fooville", "Hale")[0]
            >>> print(chain)
            City of Fooville <-holdsPost- Ana Ruiz -metWith-> Tom Hale
            >>> chain.table()[["hop", "predicate", "role", "date"]].values.tolist()
            [[1, 'holdsPost', 'Mayor', nan], [2, 'metWith', nan, '2024-03-06']]
        """
        import networkx as nx

        start, end = self.entity(a).id, self.entity(b).id
        between: dict[frozenset[str], list[Relation]] = {}
        for s in self.statements.statements:
            if isinstance(s, Relation) and s.subject != s.object:
                between.setdefault(frozenset((s.subject, s.object)), []).append(s)
        U = nx.Graph()
        U.add_nodes_from(self.statements.entities)
        U.add_edges_from(tuple(pair) for pair in between)
        if start == end or not nx.has_path(U, start, end):
            return []
        found = sorted(islice(nx.all_shortest_paths(U, start, end), limit), key=lambda p: [self._label(n) for n in p])
        return [self._chain(path, between) for path in found]

    def _chain(self, path: list[str], between: Mapping[frozenset[str], list[Relation]]) -> Chain:
        hops = []
        for u, v in pairwise(path):
            relations = sorted(between[frozenset((u, v))], key=lambda r: (r.predicate, r.subject != u))
            links = tuple(
                Link(self._label(r.subject) or "", r.predicate, self._label(r.object) or "", dict(r.qualifiers),
                     tuple(replace(ev, published=self._published(ev)) for ev in r.evidence), r.subject != u)
                for r in relations
            )  # fmt: skip
            hops.append(Hop(self._label(u) or u, self._label(v) or v, links))
        return Chain(tuple(hops))

    # ------------------------------------------------------------------------ showing
    def show(self, subgraph: KnowledgeGraph | Iterable[str] | None = None, *, height: int = 600,
             max_nodes: int | None = 500) -> Explorer:  # fmt: skip
        """The interactive explorer of ``graph.html`` (search, filters, the sentences behind each edge),
        inline in Jupyter; of the whole graph, of a sub-graph (``kg.ego(...)``) or of some entities.

        ``max_nodes`` keeps the most connected entities (``None``: all); ``height`` is in pixels.

        Examples:
            >>> kg = example_graph()
            >>> view = kg.show(kg.ego("Fooville"))
            >>> view._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
            True
            >>> "Fooville County Jail" in view.page, "Ana Ruiz" in view.page
            (False, True)
        """
        from .export.html import generate_html

        if subgraph is None:
            target = self
        elif isinstance(subgraph, KnowledgeGraph):
            target = subgraph
        else:
            target = self.subgraph(subgraph)
        return Explorer(generate_html(target.statements, max_nodes=max_nodes, title=target.name), height)


def _contests(claim: Claim, other: Claim) -> bool:
    """``other`` takes the opposite stance on what ``claim`` is about, and someone else makes it."""
    same_object = claim.object is None or other.object is None or claim.object == other.object
    return (
        other.stance != claim.stance
        and other.claimant != claim.claimant
        and other.subject == claim.subject
        and same_object
    )


def _within(stmt: Statement, ids: set[str]) -> bool:
    refs = list(entity_refs(stmt))
    return bool(refs) and all(ref in ids for ref in refs)


def _term(name: str, value: object) -> Node:
    """A query binding as an RDF term: terms as they are, entities as their node, text as ``--bind`` reads it."""
    from rdflib import Literal
    from rdflib.term import Node

    from .graph import entity_iri
    from .query import parse_binding

    if isinstance(value, Node):
        return value
    if isinstance(value, Entity):
        return entity_iri(value.id)
    if isinstance(value, bool | int | float):
        return Literal(value)
    return parse_binding(f"{name}={value}")[1]


def _cell(term: Node | None, compact: Any) -> Any:
    """A query result for a table: numbers and booleans as such, IRIs shortened, the rest as text."""
    from rdflib import Literal

    if term is None:
        return None
    if not isinstance(term, Literal):
        return compact(term)
    value = term.toPython()
    if isinstance(value, Decimal):
        return float(value)
    return value if isinstance(value, int | float) else str(term)


# ---------------------------------------------------------------------------- build and load
def build(
    corpus: str | Path | Iterable[str | Path],
    out_dir: str | Path | None = None,
    *,
    model: str | None = None,
    strict: bool = False,
    overrides: str | Path | None = None,
    cache: bool = True,
    jobs: int = 1,
) -> KnowledgeGraph:
    """Build the knowledge graph of a corpus (see :func:`graphkit.pipeline.build_corpus`).

    Args:
        corpus: a directory of articles, one article file, or a list of files.
        out_dir: also write the exports there (``statements.jsonl``, ``graph.html``, ...); nothing is
            written when None.
        model: an installed spaCy pipeline (default: graphkit's).
        strict: raise instead of skipping a document that cannot be read.
        overrides: the analyst's ``merges.yml`` (default: the one in the corpus directory, if any).
        cache: reuse the parses of articles built before (when ``out_dir`` or ``$GRAPHKIT_CACHE`` is set).
        jobs: processes for parsing.

    Examples:
        >>> import json, pathlib, tempfile
        >>> corpus = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (corpus / "a.txt").write_text("Mayor Ana Ruiz met with Sheriff Tom Hale on Monday.")
        >>> _ = (corpus / "a.meta.json").write_text(json.dumps({"id": "a", "published": "2024-03-06"}))
        >>> kg = build(corpus)
        >>> kg.evidence("Ruiz", "metWith")[["object", "date"]].values.tolist()
        [['Tom Hale', '2024-03-04']]
    """
    from .pipeline import build_corpus

    result = build_corpus(corpus, out_dir, model=model, strict=strict, overrides=overrides, cache=cache, jobs=jobs)
    return KnowledgeGraph(result.statements)


def load(path: str | Path) -> KnowledgeGraph:
    """Load a build's output directory (``graphkit build CORPUS --out DIR``): its ``statements.jsonl``, the
    ``documents.jsonl`` and ``merges.jsonl`` beside it. ``path`` may also be the ``statements.jsonl`` file.

    Raises:
        ExportError: there is no ``statements.jsonl``, or a line of it cannot be read.

    Examples:
        >>> import tempfile
        >>> from graphkit.export import write_all
        >>> out = tempfile.mkdtemp()
        >>> _ = write_all(example_graph().statements, out, formats=["statements", "documents"])
        >>> load(out)
        KnowledgeGraph(1 article, 4 entities, 6 statements)
    """
    from .export.jsonl import read_statements

    given = Path(path)
    file = given / "statements.jsonl" if given.is_dir() else given
    if not file.is_file():
        raise ExportError(f"{file} not found; load() reads the output directory of graphkit build CORPUS --out DIR")
    statements = read_statements(file)
    merges = file.with_name("merges.jsonl")
    if merges.is_file():
        statements.merges = _read_merges(merges)
    return KnowledgeGraph(statements)


def _read_merges(path: Path) -> list[MergeRecord]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            tuples = {key: tuple(row.get(key, ())) for key in ("forms", "evidence")}
            records.append(MergeRecord(**{**row, **tuples}))
        except (json.JSONDecodeError, TypeError) as err:
            raise ExportError(f"{path.name}, line {number}: not a resolution decision ({err})") from err
    return records


# ---------------------------------------------------------------------------- a small example
_EXAMPLE = (
    "Mayor Ana Ruiz of Fooville met Sheriff Tom Hale on Wednesday. "
    '"We will talk," Ruiz said. '
    "Hale runs the county jail. "
    "Hale says the jail is safe; Ruiz denies that the jail is safe."
)


def example_graph() -> KnowledgeGraph:
    """A small invented graph to try the API on: one article, four entities, six statements.

    Examples:
        >>> example_graph().statements.documents["fooville-courier-1"].title
        'Mayor meets sheriff'
    """

    def ev(sentence: str) -> tuple[Evidence, ...]:
        start = _EXAMPLE.index(sentence)
        return (Evidence("fooville-courier-1", start, start + len(sentence), sentence),)

    doc = Document("fooville-courier-1", _EXAMPLE, title="Mayor meets sheriff", publisher="Fooville Courier",
                   published="2024-03-08")  # fmt: skip
    people = [
        Entity("person/ana-ruiz", "Ana Ruiz", "Person", ("Mayor Ana Ruiz", "Ruiz")),
        Entity("person/tom-hale", "Tom Hale", "Person", ("Sheriff Tom Hale", "Hale")),
        Entity("governmentorganization/city-of-fooville", "City of Fooville", "GovernmentOrganization", ("Fooville",)),
        Entity("facility/fooville-county-jail", "Fooville County Jail", "Facility", ("county jail", "jail")),
    ]
    entities = {e.id: replace(e, docs=(doc.id,)) for e in people}
    ruiz, hale, city, jail = entities
    met, said, runs, claims = (s.strip() for s in re.split(r"(?<=[.]) ", _EXAMPLE))
    statements: list[Statement] = [
        Relation(ruiz, "holdsPost", city, {"role": "Mayor"}, ev(met), 0.9),
        Relation(ruiz, "metWith", hale, {"date": "2024-03-06"}, ev(met), 0.9),
        Relation(hale, "manages", jail, {}, ev(runs), 0.8),
        Quote(ruiz, "We will talk,", ev(said), 0.9),
        Claim(hale, "asserts", jail, "is safe", None, ev(claims), 0.7),
        Claim(ruiz, "denies", jail, "is safe", None, ev(claims), 0.7),
    ]
    return KnowledgeGraph(StatementSet(documents={doc.id: doc}, entities=entities, statements=statements))
