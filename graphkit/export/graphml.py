"""GraphML export of the NetworkX graph (for Gephi, yEd, Cytoscape and ``networkx.read_graphml``)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..graph import to_networkx
from ..types import StatementSet
from .atomic import atomic_open

__all__ = ["write_graphml"]


def write_graphml(statements: StatementSet, path: str | Path) -> None:
    """``graph.graphml``: entities as nodes, relations and claims as edges with their evidence as JSON."""
    G = to_networkx(statements)
    with atomic_open(path, "wb") as fh:
        nx.write_graphml(G, fh, named_key_ids=True)
