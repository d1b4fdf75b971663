"""The graph page in a real browser: Debian's Chromium, driven by playwright (``.ci/run`` installs it).

The seed corpus is built once per session; every test opens its ``graph.html`` from ``file://`` and
records each request the page makes, each dialog it opens and each error it logs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from graphkit.export.html import write_html
from graphkit.graph import to_networkx
from graphkit.pipeline import build_corpus
from graphkit.types import Claim, Document, Entity, Evidence, Quote, Relation, StatementSet

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parents[1]
ARTIFACTS = Path(__file__).parent / "artifacts"
PAYLOADS = (
    "<script>window.pwned=1</script>",
    '<img src=x onerror="window.pwned=1">',
    "<svg onload=alert(1)>",
)


@dataclass
class Built:
    page: Path
    statements: StatementSet


@dataclass
class Tab:
    """An open page and what it did."""

    page: Any
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: Path) -> Tab:
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("html[data-ready=true]", timeout=30_000)
        return self

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def drawn(self) -> dict[str, set[str]]:
        drawn = self.js("graphkit.drawn()")
        return {"nodes": set(drawn["nodes"]), "edges": set(drawn["edges"])}

    def click_node(self, node_id: str) -> None:
        """A real mouse click on the node where the canvas draws it."""
        x, y = self.js(
            """id => { const p = graphkit.network.canvasToDOM(graphkit.network.getPosition(id));
                       const box = document.querySelector('#gk-graph canvas').getBoundingClientRect();
                       return [box.left + p.x, box.top + p.y]; }""",
            node_id,
        )
        self.page.mouse.click(x, y)


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    opened = Tab(page)
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    yield opened
    context.close()


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("seed")
    options = {"html": {"corpus": "corpus", "title": "graphkit seed"}}
    result = build_corpus(ROOT / "corpus", out, formats=["html"], cache=False, export_options=options)
    return Built(out / "graph.html", result.statements)


def node_id(built: Built, label: str) -> str:
    return next(e.id for e in built.statements.entities.values() if e.label == label)


def edge_ids(built: Built, keep: Any) -> set[str]:
    return {key for _, _, key, data in to_networkx(built.statements).edges(keys=True, data=True) if keep(data)}


def test_page_loads_with_no_request_outside_the_file(tab: Tab, seed: Built) -> None:
    tab.open(seed.page)
    assert [url for url in tab.requests if not url.startswith("file://")] == []
    assert tab.requests == [seed.page.as_uri()]
    assert tab.errors == []
    assert tab.page.title() == "graphkit seed"
    assert "corpus · 1 article" in tab.page.inner_text("#gk-subtitle")


def test_every_node_of_the_graph_is_drawn(tab: Tab, seed: Built) -> None:
    tab.open(seed.page)
    G = to_networkx(seed.statements)
    assert tab.drawn()["nodes"] == set(G.nodes)
    assert len(tab.drawn()["nodes"]) == G.number_of_nodes() > 10
    # every connection but the open relations, hidden by default
    assert tab.drawn()["edges"] == edge_ids(seed, lambda d: d["predicate"] != "relatedTo")


def test_clicking_krasner_shows_the_sentence_with_his_stance(tab: Tab, seed: Built) -> None:
    tab.open(seed.page)
    krasner = node_id(seed, "Larry Krasner")
    tab.click_node(krasner)
    panel = tab.page.locator("#gk-panel")
    panel.wait_for(state="visible")
    assert panel.locator("h2").inner_text() == "Larry Krasner"
    assert "does not support the renewal" in panel.inner_text()
    sentences = panel.locator("blockquote", has_text="does not support the renewal")
    assert "support" in sentences.locator("mark.hl-t").all_inner_texts()  # the relation's word, highlighted
    assert (
        panel.locator("a", has_text="Philly officials")
        .first.get_attribute("href", timeout=1000)
        .startswith("https://www.inquirer.com/")
    )
    assert tab.js("graphkit.network.getSelectedNodes()") == [krasner]


def test_filters_hide_the_edges_they_should(tab: Tab, seed: Built) -> None:
    tab.open(seed.page)
    tab.page.locator("#gk-relations input[value=opposes]").uncheck()
    assert tab.drawn()["edges"] == edge_ids(seed, lambda d: d["predicate"] not in ("opposes", "relatedTo"))
    tab.page.locator("#gk-hide-open").uncheck()
    assert tab.drawn()["edges"] == edge_ids(seed, lambda d: d["predicate"] != "opposes")
    tab.page.locator("#gk-stances input[value=denies]").uncheck()
    assert tab.drawn()["edges"] == edge_ids(seed, lambda d: d["predicate"] != "opposes" and d.get("stance") != "denies")
    tab.page.locator("#gk-types input[value=Person]").uncheck()
    people = {e.id for e in seed.statements.entities.values() if e.type == "Person"}
    assert tab.drawn()["nodes"] == {e.id for e in seed.statements.entities.values()} - people
    assert "Showing" in tab.page.inner_text("#gk-status")


@pytest.mark.parametrize("query", ["PARS", "Preliminary Arraignment Reporting System"])
def test_search_finds_a_node_by_any_alias(tab: Tab, seed: Built, query: str) -> None:
    tab.open(seed.page)
    pars = node_id(seed, "Preliminary Arraignment Reporting System")
    box = tab.page.locator("#gk-search")
    box.fill(query)
    assert tab.page.locator("#gk-results button").first.inner_text().startswith("Preliminary Arraignment")
    box.press("Enter")
    tab.page.locator("#gk-panel h2").wait_for(state="visible")
    assert tab.page.inner_text("#gk-panel h2") == "Preliminary Arraignment Reporting System"
    assert tab.js("graphkit.network.getSelectedNodes()") == [pars]


def test_seed_screenshot(tab: Tab, seed: Built) -> None:
    tab.open(seed.page)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=str(ARTIFACTS / "graph-seed.png"))
    tab.click_node(node_id(seed, "Larry Krasner"))
    tab.page.locator("#gk-panel").wait_for(state="visible")
    tab.page.screenshot(path=str(ARTIFACTS / "graph-seed-krasner.png"))
    assert (ARTIFACTS / "graph-seed.png").stat().st_size > 10_000


def open_everything(tab: Tab) -> None:
    """Open the panel of every node and edge and hover every node, so that all text is shown once."""
    tab.js("""() => { const d = JSON.parse(document.getElementById('gk-data').textContent);
                     for (const n of d.nodes) graphkit.select(n.id);
                     for (const e of d.edges) graphkit.selectEdge(e.id); }""")
    tab.page.locator("#gk-hide-open").uncheck()
    for node in tab.js("JSON.parse(document.getElementById('gk-data').textContent).nodes.map(n => n.id)"):
        tab.js("id => graphkit.network.fit({nodes: [id], animation: false})", node)
        tab.click_node(node)
        tab.page.wait_for_timeout(250)  # the tooltip's delay
    search = tab.page.locator("#gk-search")
    search.fill("pwned")
    search.press("Enter")


def assert_nothing_ran(tab: Tab) -> None:
    assert tab.js("typeof window.pwned") == "undefined"
    assert tab.dialogs == []
    assert tab.js("document.querySelectorAll('script').length") == 3
    assert tab.js("document.querySelectorAll('img, svg [onload], iframe, object, embed').length") == 0
    assert tab.js("[...document.querySelectorAll('a[href]')].every(a => /^https?:/.test(a.href))")
    assert [url for url in tab.requests if not url.startswith("file://")] == []


def test_a_hostile_article_runs_nothing(tab: Tab, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (
        f"Mayor Ana Ruiz {PAYLOADS[0]} met with Sheriff Tom Hale {PAYLOADS[1]} on Monday.\n\n"
        f'"We will end the contract {PAYLOADS[2]}," said Ruiz, who opposes the <b>plate readers</b>.\n\n'
        "The Harlan County Sheriff's Office <script>alert(document.domain)</script> runs the plate readers."
    )
    (corpus / "evil.txt").write_text(text)
    meta = {"id": "evil", "title": f"Council {PAYLOADS[0]} meets", "publisher": PAYLOADS[1],
            "published": "2024-03-06", "url": "javascript:window.pwned=1//https://example.org"}  # fmt: skip
    (corpus / "evil.meta.json").write_text(json.dumps(meta))
    out = tmp_path / "out"
    result = build_corpus(corpus, out, formats=["html"], cache=False)
    assert result.statements.statements, "the hostile article should yield statements to show"
    tab.open(out / "graph.html")
    open_everything(tab)
    panel_text = tab.page.inner_text("#gk-panel")
    assert_nothing_ran(tab)
    assert tab.js("document.title") == "graphkit"
    assert "window.pwned" in tab.page.inner_text("body") or "window.pwned" in panel_text  # shown, as text


def test_hostile_names_aliases_and_qualifiers_run_nothing(tab: Tab, tmp_path: Path) -> None:
    bad = " ".join(PAYLOADS)
    text = f"{PAYLOADS[0]} met {PAYLOADS[1]}. {bad}"
    ev = (Evidence("evil", 0, len(text), text),)
    statements = StatementSet(
        documents={"evil": Document("evil", text, title=bad, publisher=PAYLOADS[2], url="javascript:alert(1)")},
        entities={
            "p/a": Entity("p/a", PAYLOADS[0], "Person", (PAYLOADS[1], "javascript:alert(1)"), ("evil",)),
            "p/b": Entity("p/b", PAYLOADS[1], "Court", (PAYLOADS[2],), ("evil",)),
        },
        statements=[
            Relation("p/a", "holdsPost", "p/b", {"role": PAYLOADS[2]}, ev, 0.9),
            Relation("p/a", "relatedTo", "p/b", {"verb": PAYLOADS[0]}, ev, 0.5),
            Claim("p/b", "asserts", "p/a", bad, "p/b", ev, 0.7),
            Quote("p/a", bad, ev),
        ],
    )
    write_html(statements, tmp_path / "graph.html", title=PAYLOADS[0], corpus=PAYLOADS[1])
    tab.open(tmp_path / "graph.html")
    open_everything(tab)
    assert_nothing_ran(tab)
    assert tab.js("document.title") == PAYLOADS[0]
    tab.js("id => graphkit.select(id)", "p/a")
    assert PAYLOADS[0] in tab.page.inner_text("#gk-panel h2")  # the name, shown as text
