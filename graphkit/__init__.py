"""graphkit: knowledge graphs of civic-policy news, every edge sourced to the sentence it came from.

The stages, each a module: :mod:`~graphkit.corpus` → :mod:`~graphkit.nlp` → :mod:`~graphkit.extract` →
:mod:`~graphkit.resolve` → :mod:`~graphkit.graph` → :mod:`~graphkit.export`, with
:mod:`~graphkit.evaluate` beside them and :mod:`~graphkit.cli` on top. For notebooks, :func:`build` and
:func:`load` return a :class:`~graphkit.api.KnowledgeGraph` (:mod:`~graphkit.api`).

Examples:
    >>> import graphkit
    >>> graphkit.__version__
    '0.1.0'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .api import KnowledgeGraph, build, load
from .errors import GraphkitError
from .types import Attribute, Claim, Document, Entity, Evidence, Quote, Relation, StatementSet

try:
    __version__ = version("graphkit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = [
    "Attribute",
    "Claim",
    "Document",
    "Entity",
    "Evidence",
    "GraphkitError",
    "KnowledgeGraph",
    "Quote",
    "Relation",
    "StatementSet",
    "__version__",
    "build",
    "load",
]
