"""How fast ``graph.html`` is: pages of 500, 2,000 and 5,000 entities opened in headless Chromium.

Run from the repository root (needs Debian's chromium, as the browser tests do):

    python3 bench/html_bench.py                     # 500, 2,000, 5,000; 10,000 cut and in full
    python3 bench/html_bench.py --sizes 2000 --repeat 5

For each page it prints:
- ``write``: seconds to write the page in Python (layout included);
- ``MB``: the file's size;
- ``drawn``: the nodes and edges the page draws (pages above ``--html-max-nodes`` keep the most connected);
- ``first draw``: ms from navigation until vis-network has drawn the graph once;
- ``interactive``: ms until the page is idle after that: the first idle period of 45 ms or more, as
  Time to Interactive counts it (the median of ``--repeat`` loads);
- ``click``: ms from a mouse click on the most connected node until its side panel shows;
- ``longest task``: the longest the main thread was blocked at once (a hung tab would show here).

The graphs are synthetic but shaped like built ones: preferential attachment (a few hubs, many leaves),
entity types in the proportions of the seed corpus, every edge with one to three evidence sentences
that name both ends, claims and open relations among the relations, quotes on people.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.export.html import DEFAULT_MAX_NODES, write_html
from graphkit.types import Claim, Document, Entity, Evidence, Quote, Relation, Statement, StatementSet

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TYPES = {
    "Person": 35, "GovernmentOrganization": 20, "Organization": 8, "AdvocacyGroup": 7, "Place": 8,
    "Facility": 5, "Court": 3, "Agreement": 3, "Policy": 3, "InformationSystem": 2, "Action": 3, "Event": 2,
    "LegalCase": 1,
}  # fmt: skip
RELATIONS = [
    "holdsPost", "memberOf", "subOrganizationOf", "partyTo", "manages", "hasAccessTo", "opposes", "supports",
    "criticizes", "metWith", "communicatedWith", "terminates", "locatedIn", "litigatesAgainst", "protestsAt",
]  # fmt: skip
FIRST = ("Ana", "Tom", "Maria", "James", "Li", "Fatima", "Omar", "Grace", "Ivan", "Chen", "Rosa", "Dev")
LAST = ("Ruiz", "Hale", "Okafor", "Novak", "Kim", "Patel", "Silva", "Moreau", "Jensen", "Haddad", "Ortiz")
WORDS = ("River", "Harbor", "North", "Civic", "Union", "Metro", "Valley", "Liberty", "Central", "Summit")
KINDS = ("Department", "Office", "Council", "Coalition", "Authority", "Agency", "Committee", "Board")
VERBS = {"opposes": "does not support", "supports": "backed", "metWith": "met with", "manages": "runs"}
# The test-ready page needs this much idle time to count as interactive (as Time to Interactive does).
QUIET_MS = 45
INIT_SCRIPT = """
window.__bench = { longest: 0, blocked: 0 };
new PerformanceObserver((list) => {
  for (const t of list.getEntries()) {
    window.__bench.longest = Math.max(window.__bench.longest, t.duration);
    window.__bench.blocked += Math.max(0, t.duration - 50);
  }
}).observe({ type: "longtask", buffered: true });
"""
INTERACTIVE = """quiet => new Promise((resolve) => {
  const wait = () => requestIdleCallback((deadline) => {
    if (deadline.timeRemaining() >= quiet - 1 || deadline.didTimeout) resolve(performance.now());
    else wait();
  }, { timeout: 60000 });
  wait();
})"""


def synthetic(n: int, *, seed: int = 1) -> StatementSet:
    """A graph of ``n`` entities shaped like a built one (see the module's docstring)."""
    rng = random.Random(seed)
    G = nx.barabasi_albert_graph(n, 1, seed=seed)
    G.add_edges_from(nx.barabasi_albert_graph(n, 1, seed=seed + 1).edges())  # about two edges a node, hubs
    types = rng.choices(list(TYPES), weights=list(TYPES.values()), k=n)
    n_docs = max(1, n // 8)
    documents = {
        f"doc-{d}": Document(
            f"doc-{d}",
            "",
            title=f"{rng.choice(WORDS)} {rng.choice(KINDS)} story {d}",
            publisher=f"The {rng.choice(WORDS)} Courier",
            published=f"2024-{d % 12 + 1:02d}-15",
            url=f"https://news.example.org/{d}",
        )
        for d in range(n_docs)
    }
    entities = {}
    for i, kind in enumerate(types):
        if kind == "Person":
            label = f"{rng.choice(FIRST)} {chr(65 + i % 26)}. {rng.choice(LAST)} {i}"
            aliases: tuple[str, ...] = (label.split()[-2],)
        else:
            label = f"{rng.choice(WORDS)} {rng.choice(KINDS)} {i}"
            aliases = (f"{label.split()[0][:3].upper()}{i}",)
        docs = tuple(sorted({f"doc-{rng.randrange(n_docs)}" for _ in range(rng.choice((1, 1, 1, 2, 3)))}))
        entities[f"e/{i}"] = Entity(f"e/{i}", label, kind, aliases, docs)
    statements: list[Statement] = []
    for a, b in G.edges():
        s, o = entities[f"e/{a}"], entities[f"e/{b}"]
        pred = rng.choice(RELATIONS)
        verb = VERBS.get(pred, "worked with")
        evidence = tuple(_evidence(rng, s.docs[0], s.label, o.label, verb) for _ in range(rng.choice((1, 1, 2, 3))))
        roll = rng.random()
        if roll < 0.08:
            stance = rng.choice(("asserts", "denies"))
            statements.append(Claim(s.id, stance, o.id, "violated the agreement", None, evidence, 0.7))
        elif roll < 0.13:
            statements.append(Relation(s.id, "relatedTo", o.id, {"verb": "review"}, evidence, 0.5))
        else:
            qualifiers = {"role": "Director"} if pred == "holdsPost" else {}
            statements.append(Relation(s.id, pred, o.id, qualifiers, evidence, 0.8))
    for ent in entities.values():
        if ent.type == "Person" and rng.random() < 0.3:
            text = "We will keep asking for the records until the city hands them over."
            statements.append(Quote(ent.id, text, (_evidence(rng, ent.docs[0], ent.label, "reporters", "told"),)))
    return StatementSet(documents=documents, entities=entities, statements=statements)


def _evidence(rng: random.Random, doc: str, subject: str, obj: str, verb: str) -> Evidence:
    tail = rng.choice(
        (
            "after a long meeting at City Hall on Tuesday, according to records obtained by the paper.",
            "in a letter sent last week, which the council released on Friday.",
            "during a hearing that lasted more than three hours and drew dozens of residents.",
        )
    )
    text = f"{subject} {verb} {obj} {tail}"
    start = rng.randrange(0, 5000)
    return Evidence(doc, start, start + len(text), text)


def measure(browser: Any, path: Path, repeat: int) -> dict[str, Any]:
    """Open ``path`` ``repeat`` times in fresh contexts; medians of the timings, worst longest task."""
    runs = []
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.add_init_script(INIT_SCRIPT)
        page.goto(path.as_uri())
        page.wait_for_selector("html[data-ready=true]", timeout=120_000)
        interactive = page.evaluate(INTERACTIVE, QUIET_MS)
        first_draw = page.evaluate("graphkit.readyAt")
        hub = page.evaluate(
            """() => { const d = JSON.parse(document.getElementById('gk-data').textContent);
                       const hub = d.nodes.reduce((a, b) => (b.degree > a.degree ? b : a));
                       graphkit.network.focus(hub.id, { scale: 1, animation: false });
                       const p = graphkit.network.canvasToDOM(graphkit.network.getPosition(hub.id));
                       const box = document.querySelector('#gk-graph canvas').getBoundingClientRect();
                       return [box.left + p.x, box.top + p.y]; }"""
        )
        page.wait_for_timeout(200)
        started = time.perf_counter()
        page.mouse.click(*hub)
        page.wait_for_selector("#gk-panel:not([hidden])", timeout=60_000)
        click = (time.perf_counter() - started) * 1000
        stats = page.evaluate("window.__bench")
        drawn = page.evaluate("(() => { const d = graphkit.drawn(); return [d.nodes.length, d.edges.length]; })()")
        runs.append({"first": first_draw, "interactive": interactive, "click": click, "drawn": drawn, **stats})
        context.close()
    return {
        "first": statistics.median(r["first"] for r in runs),
        "interactive": statistics.median(r["interactive"] for r in runs),
        "click": statistics.median(r["click"] for r in runs),
        "longest": max(r["longest"] for r in runs),
        "drawn": runs[0]["drawn"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,2000,5000,10000", help="entities per page, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="page loads per size (medians are printed)")
    parser.add_argument("--out", type=Path, default=None, help="keep the pages here (default: a temporary dir)")
    parser.add_argument("--no-full", action="store_true", help="skip the largest size with every node drawn")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    cases: list[tuple[int, int | None]] = [(n, DEFAULT_MAX_NODES) for n in sizes]
    if not args.no_full and max(sizes) > DEFAULT_MAX_NODES:
        cases.append((max(sizes), None))

    from playwright.sync_api import sync_playwright

    out = args.out or Path(tempfile.mkdtemp(prefix="html-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n, max_nodes in cases:
            statements = synthetic(n)
            path = out / f"graph-{n}{'-all' if max_nodes is None else ''}.html"
            started = time.perf_counter()
            write_html(statements, path, max_nodes=max_nodes, title=f"bench {n}")
            written = time.perf_counter() - started
            result = measure(browser, path, args.repeat)
            rows.append((n, max_nodes, written, path.stat().st_size / 1e6, result))
            print(f"  measured {path.name}", flush=True)
        browser.close()

    header = ("entities", "max nodes", "write s", "MB", "drawn nodes/edges", "first draw ms", "interactive ms",
              "click ms", "longest task ms")  # fmt: skip
    lines = [header]
    for n, max_nodes, written, mb, r in rows:
        cap = "all" if max_nodes is None else f"{max_nodes:,}"
        drawn = f"{r['drawn'][0]:,} / {r['drawn'][1]:,}"
        timings = (f"{r['first']:.0f}", f"{r['interactive']:.0f}", f"{r['click']:.0f}", f"{r['longest']:.0f}")
        lines.append((f"{n:,}", cap, f"{written:.1f}", f"{mb:.1f}", drawn, *timings))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    print()
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for line in lines[1:]:
        print("| " + " | ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)) + " |")
    print(f"\npages in {out}")


if __name__ == "__main__":
    main()
