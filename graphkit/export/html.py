"""The interactive HTML page (pyvis / vis-network)."""

from __future__ import annotations

import html as html_escape
from pathlib import Path

from ..graph import to_networkx
from ..types import StatementSet
from .atomic import atomic_open

__all__ = ["generate_html", "write_html"]

COLOURS = {
    "Person": "#4e79a7", "GovernmentOrganization": "#f28e2b", "Court": "#e15759", "AdvocacyGroup": "#76b7b2",
    "Organization": "#59a14f", "Place": "#edc948", "Facility": "#b07aa1", "InformationSystem": "#ff9da7",
    "Agreement": "#9c755f", "LegalCase": "#bab0ac", "Policy": "#8cd17d", "Action": "#d37295",
    "MonetaryAmount": "#86bcb6", "Event": "#f1ce63",
}  # fmt: skip


def generate_html(statements: StatementSet, *, title: str = "graphkit") -> str:
    """The page as a string."""
    from pyvis.network import Network

    G = to_networkx(statements)
    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line", heading=html_escape.escape(title))
    for node, data in G.nodes(data=True):
        net.add_node(node, label=data["label"], title=f"{data['type']}", color=COLOURS.get(data["type"], "#999"))
    for u, v, data in G.edges(data=True):
        label = data["predicate"] if data["kind"] == "relation" else f"{data['stance']}"
        net.add_edge(u, v, label=label, dashes=data["kind"] == "claim")
    return str(net.generate_html())


def write_html(statements: StatementSet, path: str | Path) -> None:
    """``graph.html``."""
    page = generate_html(statements)
    with atomic_open(path) as fh:
        fh.write(page)
