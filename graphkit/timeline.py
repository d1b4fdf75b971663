"""The timeline of a corpus: its dated facts in order, each with the articles that report it.

A fact is dated when the fact itself carries a date: a relation's ``date`` or ``since`` qualifier
("met on 2018-07-18", "has had access since 2008") or an attribute whose value is a date (a contract's
``endDate``). Publication dates say when a fact was reported, not when it happened; they come with
each source. ``kg.timeline()`` of the Python API wraps :func:`timeline`.

Examples:
    >>> from graphkit.types import Document, Entity, Evidence, Relation, StatementSet
    >>> people = [Entity("p/ana", "Ana Ruiz", "Person"), Entity("p/tom", "Tom Hale", "Person")]
    >>> s = StatementSet(
    ...     documents={"a": Document("a", "", publisher="Courier", published="2024-03-08")},
    ...     entities={e.id: e for e in people},
    ...     statements=[Relation("p/ana", "metWith", "p/tom", {"date": "2024-03-06"},
    ...                          (Evidence("a", 0, 20, "Ruiz met Hale."),))])
    >>> [(e.date, e.subject, e.predicate, e.object, e.sources[0].published) for e in timeline(s)]
    [('2024-03-06', 'Ana Ruiz', 'metWith', 'Tom Hale', '2024-03-08')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .types import Attribute, Relation, Statement, StatementSet

__all__ = ["DATE_QUALIFIERS", "Source", "TimelineEvent", "timeline"]

DATE_QUALIFIERS = ("date", "since")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True, slots=True)
class Source:
    """An article that reports an event: its id, publication date, publisher and sentence."""

    doc: str
    published: str
    publisher: str
    sentence: str


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One dated fact: ``date`` (ISO: a day, a month or a year) and what happened, in labels.

    ``qualifier`` says which date it is (``date``, ``since`` or an attribute's name such as ``endDate``);
    ``statement`` is the id of the statement in ``statements.jsonl`` and the graph.
    """

    date: str
    subject: str
    predicate: str
    object: str
    qualifier: str
    statement: str
    sources: tuple[Source, ...]

    @property
    def summary(self) -> str:
        """A line for people: "2024-03-06: Ana Ruiz metWith Tom Hale"."""
        return f"{self.date}: {self.subject} {self.predicate} {self.object}".rstrip()


def _label(statements: StatementSet, entity_id: str | None) -> str:
    ent = statements.entity(entity_id)
    return ent.label if ent is not None else (entity_id or "")


def _sources(statements: StatementSet, stmt: Statement) -> tuple[Source, ...]:
    found = []
    for ev in stmt.evidence:
        doc = statements.documents.get(ev.doc)
        published = ev.published or (doc.published if doc else "")
        found.append(Source(ev.doc, published, doc.publisher if doc else "", ev.text))
    return tuple(sorted(found, key=lambda s: (s.published, s.doc)))


def _dates(stmt: Statement) -> Iterator[tuple[str, str]]:
    """(qualifier, date) of every date the fact itself carries."""
    if isinstance(stmt, Relation):
        for name in DATE_QUALIFIERS:
            value = str(stmt.qualifiers.get(name, ""))
            if _DATE.fullmatch(value):
                yield name, value
    elif isinstance(stmt, Attribute) and _DATE.fullmatch(stmt.value):
        yield stmt.attribute, stmt.value


def _event(statements: StatementSet, stmt: Statement, qualifier: str, date: str) -> TimelineEvent:
    from .graph import statement_id

    if isinstance(stmt, Relation):
        what = (_label(statements, stmt.subject), stmt.predicate, _label(statements, stmt.object))
    else:  # an attribute: "PARS contract endDate 2018-08-31"
        what = (_label(statements, getattr(stmt, "subject", None)), getattr(stmt, "attribute", ""), "")
    return TimelineEvent(date, *what, qualifier, statement_id(stmt), _sources(statements, stmt))


def timeline(statements: StatementSet) -> list[TimelineEvent]:
    """Every dated fact of ``statements``, oldest first, each with the articles that report it.

    Events of one date are ordered by subject, predicate and object; a month ("2024-03") comes before
    the days of that month.
    """
    events = [_event(statements, stmt, q, d) for stmt in statements.statements for q, d in _dates(stmt)]
    return sorted(events, key=lambda e: (e.date, e.subject, e.predicate, e.object, e.statement))
