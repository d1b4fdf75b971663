"""Stage 6: exports, registered by name and MIME type (as rdflib registers its serializers).

Every exporter has the shape ``write_<format>(statements, path)`` and writes atomically.

Examples:
    >>> sorted(EXPORTERS)[:3]
    ['documents', 'graphml', 'html']
    >>> EXPORTERS["turtle"].media_type
    'text/turtle'
    >>> exporter_for("application/n-triples").name
    'ntriples'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ExportError
from ..types import StatementSet
from .graphml import write_graphml
from .html import write_html
from .jsonl import read_statements, write_documents, write_merges, write_statements
from .rdf import write_jsonld, write_ntriples, write_trig, write_turtle

__all__ = [
    "DEFAULT_FORMATS",
    "EXPORTERS",
    "Exporter",
    "exporter_for",
    "read_statements",
    "register",
    "write_all",
    "write_merges",
]


@dataclass(frozen=True, slots=True)
class Exporter:
    name: str
    media_type: str
    filename: str
    write: Callable[[StatementSet, str | Path], None]


EXPORTERS: dict[str, Exporter] = {}


def register(name: str, media_type: str, filename: str, write: Callable[[StatementSet, str | Path], None]) -> None:
    """Register an exporter under a short name and a MIME type."""
    EXPORTERS[name] = Exporter(name, media_type, filename, write)


register("statements", "application/x-ndjson", "statements.jsonl", write_statements)
register("documents", "application/x-ndjson+documents", "documents.jsonl", write_documents)
register("turtle", "text/turtle", "graph.ttl", write_turtle)
register("ntriples", "application/n-triples", "graph.nt", write_ntriples)
register("jsonld", "application/ld+json", "graph.jsonld", write_jsonld)
register("trig", "application/trig", "graph.trig", write_trig)
register("graphml", "application/graphml+xml", "graph.graphml", write_graphml)
register("html", "text/html", "graph.html", write_html)

DEFAULT_FORMATS = ("statements", "documents", "turtle", "graphml", "html")


def exporter_for(name_or_media_type: str) -> Exporter:
    """The exporter registered under a name or a MIME type."""
    for exporter in EXPORTERS.values():
        if name_or_media_type in (exporter.name, exporter.media_type):
            return exporter
    raise ExportError(f"no exporter for {name_or_media_type!r}; known: {', '.join(sorted(EXPORTERS))}")


def write_all(statements: StatementSet, out_dir: str | Path, *, formats: Iterable[str] = DEFAULT_FORMATS) -> list[Path]:
    """Write the chosen formats into ``out_dir``; returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in formats:
        exporter = exporter_for(name)
        path = out / exporter.filename
        exporter.write(statements, path)
        written.append(path)
    return written
