"""Every error graphkit raises, in one place.

Messages say what was expected, what was found and where, so that a user can fix the input without
reading the code. Each error carries a short code (``GK1xx`` input, ``GK2xx`` data files,
``GK3xx`` model, ``GK4xx`` query and store) that stays stable across releases.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "CorpusError",
    "DocumentError",
    "EndpointError",
    "ExportError",
    "GraphkitError",
    "InvalidLexicon",
    "InvalidOntology",
    "InvalidOverrides",
    "ModelNotFound",
    "QueryError",
    "QuerySyntaxError",
    "UnknownEntity",
]


class GraphkitError(Exception):
    """Base class of every error graphkit raises on purpose."""

    code = "GK000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class CorpusError(GraphkitError):
    """The corpus as a whole cannot be read (missing directory, nothing to build)."""

    code = "GK100"


class DocumentError(GraphkitError):
    """One document cannot be read; the build goes on without it.

    Examples:
        >>> str(DocumentError("a.txt", "the file is empty"))
        '[GK101] a.txt: the file is empty'
    """

    code = "GK101"

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class InvalidOntology(GraphkitError):
    """The ontology file is missing a term graphkit needs or is not valid Turtle."""

    code = "GK200"


class InvalidLexicon(GraphkitError):
    """A lexicon or rule file is malformed or names a term the ontology does not define.

    Examples:
        >>> str(InvalidLexicon("verbs.tsv", 7, "unknown relation 'likes'"))
        "[GK201] verbs.tsv, line 7: unknown relation 'likes'"
    """

    code = "GK201"

    def __init__(self, path: str | Path, line: int | None, reason: str) -> None:
        where = f"{Path(path).name}, line {line}" if line else Path(path).name
        super().__init__(f"{where}: {reason}")


class InvalidOverrides(GraphkitError):
    """The analyst's ``merges.yml`` is malformed.

    Examples:
        >>> str(InvalidOverrides("corpus/merges.yml", "merge, item 2: expected a pair of names"))
        '[GK202] merges.yml: merge, item 2: expected a pair of names'
    """

    code = "GK202"

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{Path(path).name}: {reason}")


class ModelNotFound(GraphkitError):
    """No usable spaCy pipeline is installed."""

    code = "GK300"


class ExportError(GraphkitError):
    """An export cannot be written or read back."""

    code = "GK400"


class QueryError(GraphkitError):
    """A SPARQL query or the graph it runs on is invalid."""

    code = "GK401"


class QuerySyntaxError(QueryError):
    """A SPARQL query does not parse; the message names the line and column.

    Examples:
        >>> str(QuerySyntaxError("q.rq", 3, 15, "found '}'"))
        "[GK402] q.rq, line 3, column 15: found '}'"
    """

    code = "GK402"

    def __init__(self, source: str, line: int, column: int, reason: str) -> None:
        self.line, self.column = line, column
        super().__init__(f"{source}, line {line}, column {column}: {reason}")


class EndpointError(QueryError):
    """A SPARQL endpoint or Oxigraph server cannot be reached, refuses a request, or fails to start."""

    code = "GK403"


class UnknownEntity(GraphkitError, KeyError):
    """No entity of the graph, or more than one, goes by a name; ``matches`` lists the names it may mean.

    A :class:`KeyError`, so ``except KeyError`` catches it; its message is not quoted as a key's would be.

    Examples:
        >>> err = UnknownEntity("Krasnr", ["Larry Krasner"])
        >>> isinstance(err, KeyError), str(err)
        (True, "[GK404] no entity is named 'Krasnr'; close matches: Larry Krasner")
        >>> print(UnknownEntity("Hale", ["Tom Hale [person/tom-hale]", "Hale [place/hale]"], ambiguous=True))
        [GK404] 'Hale' names 2 entities: Tom Hale [person/tom-hale], Hale [place/hale]; use a fuller name or the id
    """

    code = "GK404"

    def __init__(self, name: str, matches: Sequence[str] = (), *, ambiguous: bool = False) -> None:
        self.name, self.matches, self.ambiguous = name, tuple(matches), ambiguous
        if ambiguous:
            listed = ", ".join(self.matches)
            message = f"{name!r} names {len(self.matches)} entities: {listed}; use a fuller name or the id"
        elif self.matches:
            message = f"no entity is named {name!r}; close matches: {', '.join(self.matches)}"
        else:
            message = f"no entity is named {name!r}, nor anything close to it"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])
