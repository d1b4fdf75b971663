"""A cache of parsed articles, so that a rebuild parses only what changed.

Each article's parse is one spaCy ``DocBin`` file, keyed by the hash of its text, under a directory named
after the pipeline that made it: the model's name and version, spaCy's version, graphkit's extractor
version and a fingerprint of graphkit's own pipeline components and lexicons. A parse from another model,
another extractor or other lexicons is never used. Every entry carries a checksum: an entry that does not
match it, does not load or holds another text is reported (a warning), deleted and parsed again, never
trusted.

The cache lives in ``$GRAPHKIT_CACHE`` when that is set, else in ``<out>/.graphkit-cache``.

Examples:
    >>> import tempfile
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> cache = ParseCache(tempfile.mkdtemp(), nlp, extractor_version="test/1")
    >>> cache.get("The council met.") is None
    True
    >>> cache.put(nlp("The council met."))
    >>> [t.text for t in cache.get("The council met.")]
    ['The', 'council', 'met', '.']
    >>> (cache.stats.hits, cache.stats.misses)
    (1, 1)
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from spacy import about
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from .export.atomic import atomic_open
from .vocab import data_path

__all__ = ["CACHE_DIRNAME", "CACHE_ENV", "CacheStats", "ParseCache", "clear_cache", "default_cache_dir"]

log = logging.getLogger(__name__)

CACHE_ENV = "GRAPHKIT_CACHE"
CACHE_DIRNAME = ".graphkit-cache"
_MAGIC = b"graphkit-docbin/1\n"
_SUFFIX = ".spacy"


@dataclass(slots=True)
class CacheStats:
    """What one build did with the cache: parses reused, parses made, corrupt entries replaced."""

    hits: int = 0
    misses: int = 0
    corrupt: int = 0


def default_cache_dir(out_dir: str | Path | None) -> Path | None:
    """``$GRAPHKIT_CACHE`` if set, else ``<out_dir>/.graphkit-cache``; None when there is neither.

    Examples:
        >>> saved = os.environ.pop("GRAPHKIT_CACHE", None)
        >>> default_cache_dir("out").as_posix(), default_cache_dir(None)
        ('out/.graphkit-cache', None)
        >>> if saved is not None:
        ...     os.environ["GRAPHKIT_CACHE"] = saved
    """
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    return Path(out_dir) / CACHE_DIRNAME if out_dir is not None else None


def clear_cache(root: str | Path) -> int:
    """Delete every cached parse under ``root``; returns how many there were.

    Examples:
        >>> import tempfile
        >>> clear_cache(tempfile.mkdtemp())
        0
    """
    root = Path(root)
    if not root.exists():
        return 0
    count = sum(1 for _ in root.rglob(f"*{_SUFFIX}"))
    shutil.rmtree(root)
    return count


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _component_sources(nlp: Language) -> list[bytes]:
    """The source of the modules that define graphkit's own pipeline components."""
    modules = {getattr(pipe, "__module__", "") for _, pipe in nlp.pipeline}  # a class's or a function's
    sources = []
    for name in sorted(m for m in modules if m.startswith("graphkit")):
        path = getattr(sys.modules.get(name), "__file__", None)
        if path:
            sources.append(Path(path).read_bytes())
    return sources


def pipeline_fingerprint(nlp: Language, extractor_version: str) -> str:
    """A short hash of everything that shapes a parse besides the text."""
    meta = nlp.meta
    parts = [
        f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}".encode(),
        about.__version__.encode(),
        extractor_version.encode(),
        nlp.config.to_str().encode(),
        *_component_sources(nlp),
        *(p.read_bytes() for p in sorted(data_path("lexicons").glob("*")) if p.is_file()),
    ]
    return _sha256(b"\0".join(parts))[:16]


class ParseCache:
    """Parsed ``Doc`` objects on disk, one ``DocBin`` file per text, for one pipeline.

    Args:
        root: the cache directory (see :func:`default_cache_dir`).
        nlp: the pipeline whose parses are cached; its vocabulary reads them back.
        extractor_version: graphkit's extractor version, part of the key.
    """

    def __init__(self, root: str | Path, nlp: Language, *, extractor_version: str) -> None:
        meta = nlp.meta
        model = f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"
        self.root = Path(root)
        self.directory = self.root / model / pipeline_fingerprint(nlp, extractor_version)
        self.vocab = nlp.vocab
        self.stats = CacheStats()

    def path(self, text: str) -> Path:
        """Where the parse of ``text`` is kept."""
        key = _sha256(text.encode("utf-8"))
        return self.directory / key[:2] / f"{key}{_SUFFIX}"

    def get(self, text: str) -> Doc | None:
        """The cached parse of ``text``, or None (a miss, or a corrupt entry now deleted)."""
        path = self.path(text)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.stats.misses += 1
            return None
        except OSError as err:
            self._corrupt(path, f"cannot be read ({err.strerror or err})")
            return None
        doc, problem = self._decode(data, text)
        if doc is None:
            self._corrupt(path, problem)
            return None
        self.stats.hits += 1
        return doc

    def put(self, doc: Doc) -> None:
        """Keep the parse of ``doc.text`` (written atomically: a crash never leaves half an entry)."""
        payload = DocBin(store_user_data=True, docs=[doc]).to_bytes()
        try:
            with atomic_open(self.path(doc.text), "wb") as fh:
                fh.write(_MAGIC + _sha256(payload).encode() + b"\n" + payload)
        except OSError as err:  # a full or read-only disk costs speed, not the build
            log.warning("cannot write the parse cache in %s: %s", self.directory, err)

    def _decode(self, data: bytes, text: str) -> tuple[Doc | None, str]:
        if not data.startswith(_MAGIC):
            return None, "it is not a graphkit cache entry"
        checksum, _, payload = data[len(_MAGIC) :].partition(b"\n")
        if checksum.decode("ascii", "replace") != _sha256(payload):
            return None, "its checksum does not match"
        try:
            docs = list(DocBin(store_user_data=True).from_bytes(payload).get_docs(self.vocab))
        except Exception as err:  # a payload that passed the checksum but not spaCy: still never trusted
            return None, f"spaCy cannot read it ({err!r})"
        if len(docs) != 1 or docs[0].text != text:
            return None, "it holds another text"
        return docs[0], ""

    def _corrupt(self, path: Path, problem: str) -> None:
        log.warning("corrupt parse cache entry %s: %s; parsing the article again", path, problem)
        self.stats.corrupt += 1
        self.stats.misses += 1
        try:
            path.unlink(missing_ok=True)
        except OSError as err:  # a cache that cannot even be cleaned costs speed, never the build
            log.warning("cannot remove the corrupt cache entry %s: %s", path, err)
