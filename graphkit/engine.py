"""Where the per-article work of a build runs: in this process, in local worker processes, or on a Dask cluster.

The work on one batch of articles, parse then extract, is :func:`extract_batch`: a pure function from
serialisable :class:`~graphkit.types.Document` records to a serialisable :class:`BatchResult`, so that any
process can run it. Each process loads the spaCy model once (:func:`graphkit.nlp.load_model` is cached)
and parses inside ``nlp.memory_zone()``, so a worker's memory stays flat however many batches it runs.
The driver (the process that called :func:`run_engine`) only reads the corpus, hands out batches and
collects the small extractions; it then resolves and assembles the graph itself.

Engines:

* ``local`` with ``jobs=1``: everything in this process (:func:`graphkit.pipeline.extract_documents`);
* ``local`` with ``jobs>1``: a pool of ``jobs`` worker processes on this machine;
* ``dask``: a Dask cluster (``dask.distributed``) at ``scheduler``, or a ``LocalCluster`` of ``jobs``
  workers started for the build. The workers need graphkit and the model installed.

Batches are handed out a few at a time and their results come back in corpus order, so that the build's
output does not depend on the engine and memory does not grow with the corpus.

Examples:
    >>> from graphkit.types import Document
    >>> doc = Document("a", "Mayor Ana Ruiz met with Sheriff Tom Hale on Monday.", published="2024-03-06")
    >>> result = extract_batch([doc])
    >>> [s.predicate for s in result.extractions[0].statements if s.kind == "relation"][:1]
    ['metWith']
    >>> list(partitions(range(5), 2))
    [[0, 1], [2, 3], [4]]
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, TypeAlias, TypeVar

from .cache import CacheStats, ParseCache
from .errors import DocumentError, GraphkitError
from .extract import EXTRACTOR_VERSION
from .nlp import load_model
from .types import Document, DocumentExtraction

__all__ = ["ENGINES", "BatchResult", "Engine", "EngineError", "extract_batch", "partitions", "run_engine"]

log = logging.getLogger(__name__)
Engine: TypeAlias = Literal["local", "dask"]
ENGINES: tuple[Engine, ...] = ("local", "dask")
BATCH_SIZE = 16  # articles per task: small enough to balance two workers, big enough to amortise the hand-off
_T = TypeVar("_T")
_LOCK = threading.Lock()  # one batch at a time per process: a memory zone belongs to the whole vocabulary


class EngineError(GraphkitError):
    """The engine cannot run: Dask is not installed, or its scheduler cannot be reached."""

    code = "GK103"


@dataclass(slots=True)
class BatchResult:
    """What a worker sends back for one batch: extractions, failed articles as (path, reason), cache use."""

    extractions: list[DocumentExtraction] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    stats: CacheStats = field(default_factory=CacheStats)


class _Future(Protocol):
    def result(self) -> BatchResult: ...


Submit: TypeAlias = Callable[[list[Document]], _Future]


def partitions(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    """Consecutive lists of ``size`` items (the last may be shorter), read lazily."""
    batch: list[_T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_batch(
    documents: Sequence[Document], *, model: str | None = None, cache_dir: str | None = None
) -> BatchResult:
    """Parse and extract ``documents`` in this process; the unit of work every engine hands out.

    Args:
        documents: the articles of the batch.
        model: the spaCy pipeline (as :func:`graphkit.nlp.load_model` takes it).
        cache_dir: a parse cache directory to read and fill (:mod:`graphkit.cache`), or None.
    """
    from .pipeline import extract_documents

    with _LOCK:
        nlp = load_model(model)
        cache = ParseCache(cache_dir, nlp, extractor_version=EXTRACTOR_VERSION) if cache_dir else None
        result = BatchResult()

        def failed(err: DocumentError) -> None:
            result.errors.append((err.path, err.reason))

        result.extractions = list(extract_documents(documents, nlp, cache=cache, on_error=failed))
        if cache is not None:
            result.stats = cache.stats
        return result


def _warm(model: str | None) -> None:
    """Load the model when a local worker starts, so all workers load it at once."""
    load_model(model)


def _ordered(submit: Submit, batches: Iterable[list[Document]], window: int) -> Iterator[BatchResult]:
    """Results of ``submit(batch)`` in the order of the batches, with at most ``window`` batches in flight."""
    pending: deque[_Future] = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


@contextmanager
def _local_pool(jobs: int, model: str | None, cache_dir: str | None) -> Iterator[tuple[Submit, int]]:
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no inherited locks or threads
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_warm, initargs=(model,)) as pool:
        yield (lambda batch: pool.submit(extract_batch, batch, model=model, cache_dir=cache_dir)), jobs


@contextmanager
def _dask_client(scheduler: str | None, jobs: int) -> Iterator[Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:
        raise EngineError("the dask engine needs 'pip install graphkit[dask]' (dask[distributed])") from err
    with ExitStack() as stack:
        chatter = logging.getLogger("distributed")  # a started cluster's INFO lines (and tracebacks) at close
        stack.callback(chatter.setLevel, chatter.level)
        chatter.setLevel(max(chatter.getEffectiveLevel(), logging.WARNING))
        if scheduler is None:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)  # type: ignore[no-untyped-call]  # fmt: skip
            address: Any = stack.enter_context(cluster)
        else:
            address = scheduler
        try:
            client = stack.enter_context(Client(address, timeout="30s"))  # type: ignore[no-untyped-call]
        except OSError as err:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
        yield client


@contextmanager
def _dask_pool(scheduler: str | None, jobs: int, model: str | None) -> Iterator[tuple[Submit, int]]:
    with _dask_client(scheduler, jobs) as client:
        workers = sum(client.nthreads().values()) or jobs
        log.info("dask engine: %d worker thread(s) at %s", workers, client.scheduler.address)
        yield (lambda batch: client.submit(extract_batch, batch, model=model, pure=False)), workers


def _pool(
    engine: Engine, *, jobs: int, model: str | None, cache_dir: str | None, scheduler: str | None
) -> AbstractContextManager[tuple[Submit, int]]:
    if engine == "dask":  # workers may not share this machine's disk: no parse cache
        return _dask_pool(scheduler, jobs, model)
    if engine == "local":
        return _local_pool(jobs, model, cache_dir)
    raise EngineError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")


def run_engine(
    documents: Iterable[Document],
    *,
    engine: Engine = "local",
    jobs: int = 2,
    model: str | None = None,
    cache_dir: str | Path | None = None,
    scheduler: str | None = None,
    on_error: Callable[[DocumentError], None] | None = None,
    progress: Callable[[str, int], None] | None = None,
    stats: CacheStats | None = None,
) -> Iterator[DocumentExtraction]:
    """Extract ``documents`` on worker processes and yield the extractions in corpus order.

    Args:
        documents: the articles, read lazily (at most a few batches per worker are held at once).
        engine: ``local`` (a pool of ``jobs`` processes) or ``dask``.
        jobs: local worker processes, or the workers of the ``LocalCluster`` when ``scheduler`` is None.
        model: the spaCy pipeline each worker loads once.
        cache_dir: the parse cache (``local`` only; Dask workers may not share this machine's disk).
        scheduler: the address of a running Dask scheduler, e.g. ``tcp://10.0.0.5:8786``.
        on_error: called with each article that failed; the build goes on.
        progress: called with (document id, 1) after each article.
        stats: parse cache counts are added to it.
    """
    cache = str(cache_dir) if cache_dir is not None and engine == "local" else None
    with _pool(engine, jobs=jobs, model=model, cache_dir=cache, scheduler=scheduler) as (submit, workers):
        for result in _ordered(submit, partitions(documents, BATCH_SIZE), 2 * workers):
            yield from _collect(result, on_error, progress, stats)


def _collect(
    result: BatchResult,
    on_error: Callable[[DocumentError], None] | None,
    progress: Callable[[str, int], None] | None,
    stats: CacheStats | None,
) -> Iterator[DocumentExtraction]:
    for path, reason in result.errors:
        if on_error is not None:
            on_error(DocumentError(path, reason))
        if progress is not None:
            progress(path, 1)
    if stats is not None:
        stats.hits += result.stats.hits
        stats.misses += result.stats.misses
        stats.corrupt += result.stats.corrupt
    for extraction in result.extractions:
        if progress is not None:
            progress(extraction.document.id, 1)
        yield extraction
