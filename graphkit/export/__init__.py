"""Stage 6: exports, registered by name and MIME type (as rdflib registers its serializers).

Every exporter has the shape ``write_<format>(statements, path, **options)`` (options keyword-only, each
with a default) and writes atomically. ``write_all(..., options={"html": {"max_nodes": 500}})`` passes
options to the exporter of that name.

Examples:
    >>> sorted(EXPORTERS)[:3]
    ['documents', 'graphml', 'html']
    >>> EXPORTERS["turtle"].media_type
    'text/turtle'
    >>> exporter_for("application/n-triples").name
    'ntriples'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ExportError
from ..types import StatementSet
from .graphml import write_graphml
from .html import write_html
from .jsonl import read_statements, write_documents, write_merges, write_statements
from .rdf import write_jsonld, write_ntriples, write_trig, write_turtle
from .stream import write_nquads
from .timeline import write_timeline

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
    write: Callable[..., None]  # write(statements, path, **options)


EXPORTERS: dict[str, Exporter] = {}


def register(name: str, media_type: str, filename: str, write: Callable[..., None]) -> None:
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
register("timeline", "text/csv", "timeline.csv", write_timeline)
register("nquads", "application/n-quads", "graph.nq", write_nquads)  # streamed: for large builds and bulk loads

DEFAULT_FORMATS = ("statements", "documents", "turtle", "graphml", "html", "timeline")


def exporter_for(name_or_media_type: str) -> Exporter:
    """The exporter registered under a name or a MIME type."""
    for exporter in EXPORTERS.values():
        if name_or_media_type in (exporter.name, exporter.media_type):
            return exporter
    raise ExportError(f"no exporter for {name_or_media_type!r}; known: {', '.join(sorted(EXPORTERS))}")


def write_all(
    statements: StatementSet,
    out_dir: str | Path,
    *,
    formats: Iterable[str] = DEFAULT_FORMATS,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Path]:
    """Write the chosen formats into ``out_dir``; returns the paths written.

    ``options`` maps an exporter's name to keyword options for it, e.g. ``{"html": {"max_nodes": 500}}``.
    """
    options = options or {}
    unknown = sorted(set(options) - set(EXPORTERS))
    if unknown:
        known = ", ".join(sorted(EXPORTERS))
        raise ExportError(f"options for unknown exporters {', '.join(unknown)}; known: {known}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in formats:
        exporter = exporter_for(name)
        path = out / exporter.filename
        exporter.write(statements, path, **options.get(name, {}))
        written.append(path)
    return written
