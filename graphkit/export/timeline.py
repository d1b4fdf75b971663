"""``timeline.csv``: the corpus's dated facts in order (:func:`graphkit.timeline.timeline`), one row each,
with the articles that report them.

Columns: ``date``, ``subject``, ``predicate``, ``object``, ``qualifier`` (which date: ``date``, ``since``,
``endDate``...), ``statement`` (its id), ``sources`` (article ids), ``published`` (their publication
dates), ``publishers`` and ``evidence`` (their sentences); several sources are joined with `` | ``.

Examples:
    >>> from graphkit.types import Document, Entity, Evidence, Relation, StatementSet
    >>> ents = [Entity("p/ana", "Ana Ruiz", "Person"), Entity("o/ice", "ICE", "GovernmentOrganization")]
    >>> ev = Evidence("a", 0, 9, "They met.")
    >>> met = Relation("p/ana", "metWith", "o/ice", {"date": "2024-03-06"}, (ev,))
    >>> s = StatementSet(documents={"a": Document("a", "", publisher="Courier", published="2024-03-08")},
    ...                  entities={e.id: e for e in ents}, statements=[met])
    >>> header, row = generate_timeline(s)
    >>> header[:4]
    ['date', 'subject', 'predicate', 'object']
    >>> row[:4], row[6:9]
    (['2024-03-06', 'Ana Ruiz', 'metWith', 'ICE'], ['a', '2024-03-08', 'Courier'])
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from ..timeline import timeline
from ..types import StatementSet
from .atomic import atomic_open

__all__ = ["COLUMNS", "generate_timeline", "write_timeline"]

COLUMNS = (
    "date",
    "subject",
    "predicate",
    "object",
    "qualifier",
    "statement",
    "sources",
    "published",
    "publishers",
    "evidence",
)
SEPARATOR = " | "


def generate_timeline(statements: StatementSet) -> Iterator[list[str]]:
    """The rows of ``timeline.csv``, header first."""
    yield list(COLUMNS)
    for event in timeline(statements):
        sources = event.sources
        yield [
            event.date,
            event.subject,
            event.predicate,
            event.object,
            event.qualifier,
            event.statement,
            SEPARATOR.join(s.doc for s in sources),
            SEPARATOR.join(s.published for s in sources),
            SEPARATOR.join(s.publisher for s in sources),
            SEPARATOR.join(s.sentence for s in sources),
        ]


def write_timeline(statements: StatementSet, path: str | Path) -> None:
    """Write ``timeline.csv`` (UTF-8, comma-separated, quoted where needed)."""
    with atomic_open(path, newline="") as fh:
        csv.writer(fh).writerows(generate_timeline(statements))
