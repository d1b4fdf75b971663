"""The interactive HTML page: one self-contained ``graph.html`` drawn by vis-network, working offline.

Everything the page needs is inlined: the vendored vis-network build (``vendor/``), graphkit's own script
and style (``static/``) and the graph as JSON in a ``<script type="application/json">`` element. Article
text never reaches the page as markup: it travels as JSON (with ``<``, ``>`` and ``&`` escaped so it
cannot close its element) and the script shows it with ``textContent`` only. A Content-Security-Policy
lets the two inlined scripts run by their hashes and nothing else, and forbids every network request.

Layout is computed here, before the page is written, so the browser draws positions it is given and
runs no physics. Graphs larger than ``max_nodes`` keep their most connected entities, and the page says
what it left out and how to draw more (``graphkit build --html-max-nodes N``).

Examples:
    >>> from graphkit.types import Document, Entity, Evidence, Relation, StatementSet
    >>> text = "Mayor <b>Ana Ruiz</b> met Sheriff Tom Hale."
    >>> s = StatementSet(
    ...     documents={"d": Document("d", text, title="Hale meets <b>Ruiz</b>", url="javascript:alert(1)")},
    ...     entities={"p/ruiz": Entity("p/ruiz", "Ana Ruiz", "Person", docs=("d",)),
    ...               "p/hale": Entity("p/hale", "Tom Hale", "Person", ("Sheriff Hale",), ("d",))},
    ...     statements=[Relation("p/ruiz", "metWith", "p/hale", {}, (Evidence("d", 0, len(text), text),))])
    >>> data = page_data(s)
    >>> data["edges"][0]["evidence"][0]["parts"]
    ['Mayor <b>', ['Ana Ruiz', 's'], '</b> ', ['met', 't'], ' Sheriff ', ['Tom Hale', 'o'], '.']
    >>> data["docs"]["d"]["url"]
    ''
    >>> page = generate_html(s, title="demo")
    >>> "<b>Ruiz" in page, "Hale meets \\\\u003cb\\\\u003eRuiz\\\\u003c/b\\\\u003e" in page
    (False, True)
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import networkx as nx
import numpy as np

from ..graph import to_networkx
from ..lexicons import load_lexicons
from ..types import StatementSet
from ..vocab import OPEN_RELATION, RELATIONS
from .atomic import atomic_open

__all__ = ["DEFAULT_MAX_NODES", "generate_html", "layout", "page_data", "safe_url", "write_html"]

DEFAULT_MAX_NODES = 5000
"""Above this many entities the page draws the most connected ones: ``bench/html_bench.py`` measures 5,000
nodes interactive in about 1.5 s in headless Chromium on this project's machines, 10,000 in about 3 s."""

# Entity type → (colour, vis-network shape). Shapes are ones whose ``size`` vis-network honours.
TYPE_STYLES: dict[str, tuple[str, str]] = {
    "Person": ("#4e79a7", "dot"),
    "GovernmentOrganization": ("#f28e2b", "square"),
    "Court": ("#e15759", "triangle"),
    "AdvocacyGroup": ("#76b7b2", "star"),
    "Organization": ("#59a14f", "hexagon"),
    "Place": ("#edc948", "triangleDown"),
    "Facility": ("#b07aa1", "diamond"),
    "InformationSystem": ("#ff9da7", "diamond"),
    "Agreement": ("#9c755f", "square"),
    "LegalCase": ("#bab0ac", "triangle"),
    "Policy": ("#8cd17d", "hexagon"),
    "Action": ("#d37295", "star"),
    "MonetaryAmount": ("#86bcb6", "dot"),
    "Event": ("#f1ce63", "triangleDown"),
}
OTHER_TYPE_STYLE = ("#999999", "dot")
STANCE_COLOURS = {"asserts": "#2e7d32", "denies": "#c62828"}

# Attributes of to_networkx's edges and nodes that are not qualifiers or literal attributes.
_EDGE_FIELDS = {
    "kind",
    "predicate",
    "confidence",
    "evidence",
    "n_evidence",
    "stance",
    "claim",
    "claim_object",
}
_NODE_FIELDS = {"label", "type", "aliases", "docs", "articles", "quotes"}
# Irregular past forms of trigger and reporting verbs, so that "met" lights up for ``meet``.
_IRREGULAR = {
    "meet": ("met",), "withhold": ("withheld",), "fight": ("fought",), "run": ("ran",), "send": ("sent",),
    "write": ("wrote", "written"), "lead": ("led",), "bring": ("brought",), "say": ("said",),
    "tell": ("told",), "think": ("thought",), "hold": ("held",), "deny": ("denied",),
}  # fmt: skip
_LAYOUT_SCALE = 110.0  # pixels per ideal edge length

Part = str | list[str]
_Forms = Callable[[str], "re.Pattern[str] | None"]


# ---------------------------------------------------------------------------- safety
def safe_url(url: str) -> str:
    """``url`` if it is an absolute ``http(s)`` URL, else ``""``: the page links to nothing else.

    Examples:
        >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)"), safe_url("java\\tscript:")
        ('https://example.org/a?b=1', '', '')
        >>> safe_url("HTTP://Example.org"), safe_url("//example.org/x"), safe_url("data:text/html,x")
        ('http://Example.org', '', '')
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return urlunsplit(parts._replace(scheme=parts.scheme.lower()))


def _script_json(data: Any) -> str:
    """JSON that can sit inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` at all.

    Examples:
        >>> _script_json({"a": "</script><!-- & -->"})
        '{"a":"\\\\u003c/script\\\\u003e\\\\u003c!-- \\\\u0026 --\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


# ---------------------------------------------------------------------------- highlighting
def _word_forms(lemma: str) -> set[str]:
    """Inflected forms of an English verb or noun lemma (over-generating is harmless here).

    Examples:
        >>> sorted(_word_forms("oppose"))
        ['oppose', 'opposed', 'opposes', 'opposing']
        >>> {"met", "meeting"} <= _word_forms("meet"), "banned" in _word_forms("ban")
        (True, True)
    """
    forms = {lemma, f"{lemma}s", f"{lemma}ing"}
    if lemma.endswith("e"):
        forms |= {f"{lemma}d", f"{lemma[:-1]}ing"}
        forms.discard(f"{lemma}ing")
    else:
        forms.add(f"{lemma}ed")
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(f"{lemma}es")
    if len(lemma) > 2 and lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms |= {f"{lemma[:-1]}ies", f"{lemma[:-1]}ied"}
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", lemma):  # one-syllable CVC: ban → banned, plan → planning
        forms |= {f"{lemma}{lemma[-1]}ed", f"{lemma}{lemma[-1]}ing"}
    forms.update(_IRREGULAR.get(lemma, ()))
    return forms


def _pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive, whole-word pattern for several phrases, longest first."""
    unique = sorted({p.strip() for p in phrases if len(p.strip()) > 1}, key=lambda p: (-len(p), p))
    if not unique:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in unique) + r")(?!\w)", re.IGNORECASE)


def _rule_lemmas(pattern: list[dict[str, Any]]) -> Iterable[str]:
    for node in pattern:
        lemma = node.get("RIGHT_ATTRS", {}).get("LEMMA")
        if isinstance(lemma, str):
            yield lemma
        elif isinstance(lemma, dict):
            yield from lemma.get("IN", [])


@cache
def _trigger_pattern(predicate: str) -> re.Pattern[str] | None:
    """The words that express ``predicate``, from the same lexicons and rules the extractor uses."""
    lex = load_lexicons()
    if predicate == "claim":
        lemmas = set(lex.reporting)
    else:
        lemmas = {t.lemma for ts in lex.triggers.values() for t in ts if predicate in (t.relation, t.negated)}
        lemmas |= {lemma for rule in lex.rules if rule.relation == predicate for lemma in _rule_lemmas(rule.pattern)}
    lemmas.discard("be")
    return _pattern(form for lemma in lemmas for form in _word_forms(lemma))


def _segments(text: str, marks: list[tuple[re.Pattern[str] | None, str]]) -> list[Part]:
    """``text`` cut into plain strings and ``[words, class]`` pairs; the longest match wins an overlap.

    Examples:
        >>> marks = [(_pattern(["Ana"]), "s"), (_pattern(["Tom", "Tom Hale"]), "o"), (_pattern(["met"]), "t")]
        >>> _segments("Ana met Tom Hale.", marks)
        [['Ana', 's'], ' ', ['met', 't'], ' ', ['Tom Hale', 'o'], '.']
    """
    spans = sorted(
        ((m.start(), m.end(), cls) for pattern, cls in marks if pattern is not None for m in pattern.finditer(text)),
        key=lambda span: (span[0], -span[1]),
    )
    parts: list[Part] = []
    cursor = 0
    for start, end, cls in spans:
        if start < cursor:
            continue
        if start > cursor:
            parts.append(text[cursor:start])
        parts.append([text[start:end], cls])
        cursor = end
    if cursor < len(text):
        parts.append(text[cursor:])
    return parts


# ---------------------------------------------------------------------------- layout
def _force_layout(n: int, u: np.ndarray, v: np.ndarray, rng: np.random.Generator, steps: int) -> np.ndarray:
    """Fruchterman–Reingold (ideal edge length 1) with degree masses and a weak pull to the centre,
    vectorised in float32: repulsion between all pairs in blocks of rows, attraction along the edges
    ``u[i]``–``v[i]``."""
    side = math.sqrt(n)
    x = ((rng.random(n) - 0.5) * side).astype(np.float32)
    y = ((rng.random(n) - 0.5) * side).astype(np.float32)
    temperature = side * 0.1 + 0.5
    cooling = temperature / (steps + 1)
    gravity = np.float32(0.25)  # keeps long chains and leaves close to the rest of their component
    block = max(1, min(n, 2_000_000 // n))
    # Hubs weigh more (as in ForceAtlas2): they push others further away and move less themselves, so
    # that two hubs sharing many neighbours are not drawn on top of each other.
    mass = np.sqrt(1 + np.bincount(u, minlength=n) + np.bincount(v, minlength=n)).astype(np.float32)
    for _ in range(steps):
        fx = np.empty(n, np.float32)
        fy = np.empty(n, np.float32)
        for start in range(0, n, block):  # repulsion m_j/d along the unit vector
            dx = x[start : start + block, None] - x[None, :]
            dy = y[start : start + block, None] - y[None, :]
            inv = dx * dx
            inv += dy * dy
            inv += np.float32(0.01)
            np.reciprocal(inv, out=inv)
            inv *= mass[None, :]
            fx[start : start + block] = np.einsum("ij,ij->i", dx, inv)
            fy[start : start + block] = np.einsum("ij,ij->i", dy, inv)
        dx, dy = x[u] - x[v], y[u] - y[v]  # attraction d² along each edge, over the node's mass
        dist = np.sqrt(dx * dx + dy * dy)
        ax, ay = dx * dist, dy * dist
        fx += (np.bincount(v, ax, n) - np.bincount(u, ax, n)).astype(np.float32) / mass - gravity * x
        fy += (np.bincount(v, ay, n) - np.bincount(u, ay, n)).astype(np.float32) / mass - gravity * y
        length = np.sqrt(fx * fx + fy * fy) + np.float32(1e-9)
        step = np.minimum(length, np.float32(temperature)) / length
        x += fx * step
        y += fy * step
        temperature = max(temperature - cooling, 0.01)
    return np.stack([x, y], axis=1).astype(np.float64)


def layout(n: int, edges: Iterable[tuple[int, int]], *, seed: int = 0) -> np.ndarray:
    """Positions (``n`` × 2, in pixels) of nodes ``0..n-1``: each connected component laid out by force,
    then the components packed in rows, largest first, as Graphviz packs them.

    About 1 s for 2,000 nodes and 3 s for 5,000 on this project's 2-core machines (networkx's
    ``spring_layout`` takes 9 s and 48 s): fast enough that the page needs no physics in the browser.

    Examples:
        >>> pos = layout(5, [(0, 1), (1, 2), (3, 4)])
        >>> pos.shape, bool(np.isfinite(pos).all())
        ((5, 2), True)
        >>> bool(np.linalg.norm(pos[0] - pos[1]) < np.linalg.norm(pos[0] - pos[4]))
        True
    """
    pos = np.zeros((n, 2))
    if n == 0:
        return pos
    unique = sorted({(min(a, b), max(a, b)) for a, b in edges if a != b})  # parallel edges pull no harder
    pairs = np.array(unique, dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(unique)
    components = sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: (-len(c), c[0]))
    comp_of = np.empty(n, np.int64)
    local = np.empty(n, np.int64)
    for i, members in enumerate(components):
        comp_of[members] = i
        local[members] = np.arange(len(members))
    by_comp = comp_of[pairs[:, 0]] if len(pairs) else np.zeros(0, np.int64)
    order = np.argsort(by_comp, kind="stable")
    bounds = np.searchsorted(by_comp[order], np.arange(len(components) + 1))
    row_width = max(math.sqrt(n) * 1.6, 4.0)
    cursor_x = cursor_y = row_height = 0.0
    gap = 1.5
    for i, members in enumerate(components):
        m = len(members)
        if m <= 2:
            local_pos = np.array([[0.0, 0.0], [1.5, 0.0]])[:m]
        else:
            comp_pairs = pairs[order[bounds[i] : bounds[i + 1]]]
            steps = 150 if m <= 500 else 80 if m <= 2000 else 50
            local_pos = _force_layout(m, local[comp_pairs[:, 0]], local[comp_pairs[:, 1]], rng, steps)
        local_pos -= local_pos.min(axis=0)
        width, height = local_pos.max(axis=0)
        if cursor_x > 0 and cursor_x + width > max(row_width, width):
            cursor_x, cursor_y, row_height = 0.0, cursor_y + row_height + gap, 0.0
        pos[members] = local_pos + np.array([cursor_x, cursor_y])
        cursor_x += width + gap
        row_height = max(row_height, height)
    centred: np.ndarray = (pos - pos.mean(axis=0)) * _LAYOUT_SCALE
    return centred


# ---------------------------------------------------------------------------- page data
def _kept_nodes(G: nx.MultiDiGraph, max_nodes: int | None) -> list[str]:
    """All nodes, or the ``max_nodes`` with most connections (then most articles), in graph order."""
    if max_nodes is None or G.number_of_nodes() <= max_nodes:
        return list(G.nodes)
    ranked = sorted(G.nodes, key=lambda node: (-G.degree(node), -G.nodes[node]["articles"], str(node)))
    keep = set(ranked[: max(max_nodes, 0)])
    return [node for node in G.nodes if node in keep]


def _edge_data(
    statements: StatementSet, a: str, b: str, key: str, data: dict[str, Any], forms: _Forms
) -> dict[str, Any]:
    """One edge of the page, its evidence cut into highlighted parts."""
    qualifiers = {k: str(v) for k, v in data.items() if k not in _EDGE_FIELDS}
    words = [value for name in ("role", "verb") if (value := qualifiers.get(name))]
    claim = data["kind"] == "claim"
    marks = [
        (forms(a), "s"),
        (forms(b), "o"),
        (forms(data.get("claim_object") or ""), "o"),
        (_pattern([*words, data["claim"]] if claim else words), "t"),
        (_trigger_pattern(data["predicate"]), "t"),
    ]
    edge = {
        "id": key,
        "from": a,
        "to": b,
        "kind": data["kind"],
        "predicate": data["predicate"],
        "qualifiers": qualifiers,
        "confidence": round(float(data["confidence"]), 3),
        "evidence": [{"doc": e["doc"], "parts": _segments(e["text"], marks)} for e in json.loads(data["evidence"])],
    }
    if claim:
        obj = statements.entity(data.get("claim_object"))
        edge.update(stance=data["stance"], claim=data["claim"], claimObject=obj.label if obj else "")
    return edge


def _node_data(G: nx.MultiDiGraph, H: nx.MultiDiGraph, node: str, x: float, y: float) -> dict[str, Any]:
    """One node of the page (``H`` is the part of ``G`` the page draws)."""
    data = G.nodes[node]
    quotes = json.loads(data.get("quotes", "[]"))
    return {
        "id": node,
        "label": data["label"],
        "type": data["type"],
        "aliases": json.loads(data["aliases"]),
        "degree": G.degree(node),
        "omitted": G.degree(node) - H.degree(node),
        "articles": data["articles"],
        "docs": json.loads(data["docs"]),
        "x": round(x, 1),
        "y": round(y, 1),
        "quotes": [{"text": q["text"], "docs": sorted({e["doc"] for e in q["evidence"]})} for q in quotes],
        "attributes": [[k, str(v)] for k, v in sorted(data.items()) if k not in _NODE_FIELDS],
    }


def _legend(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The entity types, relations and stances the page draws, with their counts and styles."""
    types = Counter(n["type"] for n in nodes)
    relations = Counter(e["predicate"] for e in edges if e["kind"] == "relation")
    stances = Counter(e["stance"] for e in edges if e["kind"] == "claim")
    styles = {t: TYPE_STYLES.get(t, OTHER_TYPE_STYLE) for t in types}
    return {
        "types": [
            {"name": t, "colour": styles[t][0], "shape": styles[t][1], "count": n} for t, n in sorted(types.items())
        ],
        "relations": [
            {
                "name": r,
                "label": RELATIONS[r].label if r in RELATIONS else r,
                "symmetric": r in RELATIONS and RELATIONS[r].symmetric,
                "count": n,
                "open": r == OPEN_RELATION,
            }
            for r, n in sorted(relations.items())
        ],
        "stances": [
            {"name": s, "colour": STANCE_COLOURS.get(s, "#555555"), "count": n} for s, n in sorted(stances.items())
        ],
    }


def page_data(statements: StatementSet, *, max_nodes: int | None = DEFAULT_MAX_NODES) -> dict[str, Any]:
    """What the page shows, as JSON-ready data: nodes with positions, edges with highlighted evidence,
    the articles they cite, legend tables and, when the graph was cut, what was left out."""
    G = to_networkx(statements)
    kept = _kept_nodes(G, max_nodes)
    index = {node: i for i, node in enumerate(kept)}
    H = G.subgraph(kept)
    positions = layout(len(kept), ((index[a], index[b]) for a, b in H.edges()))
    patterns: dict[str, re.Pattern[str] | None] = {}

    def forms(entity_id: str) -> re.Pattern[str] | None:
        """Every surface form of an entity (its label and aliases), as one pattern."""
        if entity_id not in patterns:
            ent = statements.entity(entity_id)
            patterns[entity_id] = _pattern([ent.label, *ent.aliases]) if ent else None
        return patterns[entity_id]

    edges = [_edge_data(statements, a, b, key, data, forms) for a, b, key, data in H.edges(keys=True, data=True)]
    nodes = [_node_data(G, H, node, x, y) for node, (x, y) in zip(kept, positions.tolist(), strict=True)]
    counts = {
        "articles": len(statements.documents),
        "entities": G.number_of_nodes(),
        "connections": G.number_of_edges(),
        "shownEntities": len(nodes),
        "shownConnections": len(edges),
    }
    docs = {
        d.id: {"title": d.title, "publisher": d.publisher, "published": d.published, "url": safe_url(d.url)}
        for d in statements.documents.values()
    }
    omitted = Counter(G.nodes[n]["type"] for n in G.nodes if n not in index)
    return {
        "counts": counts,
        "omitted": dict(omitted.most_common()),
        **_legend(nodes, edges),
        "docs": docs,
        "nodes": nodes,
        "edges": edges,
    }


# ---------------------------------------------------------------------------- the page
@cache
def _asset(*parts: str) -> str:
    text = resources.files(__package__).joinpath(*parts).read_text(encoding="utf-8")
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)  # no source map to look for


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _build_date() -> str:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return when.strftime("%Y-%m-%d %H:%M UTC")


def _notice(data: dict[str, Any]) -> str:
    counts = data["counts"]
    if counts["shownEntities"] == counts["entities"]:
        return ""
    left_out = counts["entities"] - counts["shownEntities"]
    kinds = ", ".join(f"{n:,} {t}" for t, n in list(data["omitted"].items())[:6])
    return (
        f"This page draws the {counts['shownEntities']:,} most connected of {counts['entities']:,} entities "
        f"and {counts['shownConnections']:,} of {counts['connections']:,} connections. Left out: "
        f"{left_out:,} entities ({kinds}{', …' if len(data['omitted']) > 6 else ''}) and "
        f"{counts['connections'] - counts['shownConnections']:,} connections. To draw them all, rebuild with "
        f"graphkit build CORPUS --html-max-nodes {counts['entities']}; the full graph is in graph.graphml "
        "and statements.jsonl."
    )


def generate_html(
    statements: StatementSet,
    *,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    title: str = "graphkit",
    corpus: str = "",
) -> str:
    """The page as a string (see :func:`write_html`)."""
    data = page_data(statements, max_nodes=max_nodes)
    counts = data["counts"]
    corpus = (
        corpus or ", ".join(sorted({d.publisher for d in statements.documents.values() if d.publisher})[:3]) or "corpus"
    )
    articles = f"{counts['articles']:,} article{'s' if counts['articles'] != 1 else ''}"
    vis, app = _asset("vendor", "vis-network.min.js"), _asset("static", "graph.js")
    csp = (
        f"default-src 'none'; script-src {_csp_hash(vis)} {_csp_hash(app)}; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    notice = _notice(data)
    fields = {
        "csp": csp,
        "title": html.escape(title),
        "subtitle": html.escape(f"{corpus} · {articles} · {counts['entities']:,} entities · built {_build_date()}"),
        "notice": f'<p id="gk-notice" role="status">{html.escape(notice)}</p>' if notice else "",
        "css": _asset("static", "graph.css"),
        "data": _script_json(data),
        "vis": vis,
        "app": app,
    }
    return re.sub(r"@@(\w+)@@", lambda m: fields[m[1]], _asset("static", "graph.html"))  # one pass: no re-scan


def write_html(
    statements: StatementSet,
    path: str | Path,
    *,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    title: str = "graphkit",
    corpus: str = "",
) -> None:
    """``graph.html``: the interactive, self-contained page of the graph.

    Args:
        statements: the build's statements.
        path: where to write the page.
        max_nodes: draw at most this many entities, the most connected (``None``: all of them).
        title: the page's title.
        corpus: the corpus name in the header (default: its publishers).
    """
    page = generate_html(statements, max_nodes=max_nodes, title=title, corpus=corpus)
    with atomic_open(path) as fh:
        fh.write(page)
