"""The graph page (``graphkit.export.html``) without a browser: what it embeds, escapes, highlights and
leaves out. ``test_html_browser.py`` drives the same pages in Chromium."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.errors import ExportError
from graphkit.export import write_all
from graphkit.export.html import TYPE_STYLES, generate_html, layout, page_data, write_html
from graphkit.graph import to_networkx
from graphkit.types import Claim, Document, Entity, Evidence, Quote, Relation, StatementSet
from graphkit.vocab import ENTITY_TYPES

HOSTILE = (
    "<script>window.pwned=1</script>",
    '<img src=x onerror="window.pwned=1">',
    "</script><script>window.pwned=1</script>",
    "<!--",
)
KRASNER = "District Attorney Larry Krasner has said he does not support the renewal of the contract."


def ev(doc: str, text: str) -> Evidence:
    return Evidence(doc, 0, len(text), text)


def small_set() -> StatementSet:
    doc = Document("inq", KRASNER, title="PARS", publisher="The Inquirer", published="2018-07-19",
                   url="https://www.inquirer.com/pars.html")  # fmt: skip
    entities = {
        "p/krasner": Entity("p/krasner", "Larry Krasner", "Person", ("Krasner",), ("inq",)),
        "o/da": Entity("o/da", "Office of the District Attorney", "GovernmentOrganization", (), ("inq",)),
        "x/renewal": Entity("x/renewal", "renewal of the PARS contract", "Action", ("renewal",), ("inq",)),
    }
    statements = [
        Relation("p/krasner", "holdsPost", "o/da", {"role": "District Attorney"}, (ev("inq", KRASNER),), 0.9),
        Relation("p/krasner", "opposes", "x/renewal", {}, (ev("inq", KRASNER),), 0.8),
        Quote("p/krasner", "We will not renew it.", (ev("inq", KRASNER),)),
    ]
    return StatementSet(documents={"inq": doc}, entities=entities, statements=statements)


def hostile_set() -> StatementSet:
    bad = " ".join(HOSTILE)
    text = f"Mayor {HOSTILE[0]} met {HOSTILE[1]} on Monday. {bad}"
    doc = Document("evil", text, title=bad, publisher=HOSTILE[1], published="2024-01-01",
                   url="javascript:window.pwned=1")  # fmt: skip
    entities = {
        "p/a": Entity("p/a", HOSTILE[0], "Person", (HOSTILE[2], HOSTILE[3]), ("evil",)),
        "p/b": Entity("p/b", HOSTILE[1], "Person", (), ("evil",)),
    }
    statements = [
        Relation("p/a", "metWith", "p/b", {"date": HOSTILE[0]}, (ev("evil", text),), 0.9),
        Claim("p/a", "denies", "p/b", bad, None, (ev("evil", text),), 0.7),
        Quote("p/b", bad, (ev("evil", text),)),
    ]
    return StatementSet(documents={"evil": doc}, entities=entities, statements=statements)


def chain_set(n: int) -> StatementSet:
    """A hub with ``n - 1`` spokes, and a chain hanging off the last spoke."""
    entities = {f"e/{i}": Entity(f"e/{i}", f"Entity {i}", "Organization", (), ("d",)) for i in range(n)}
    relations = [Relation("e/0", "memberOf", f"e/{i}", {}, (ev("d", "x"),)) for i in range(1, n // 2)]
    relations += [Relation(f"e/{i}", "locatedIn", f"e/{i + 1}", {}, (ev("d", "x"),)) for i in range(n // 2, n - 1)]
    return StatementSet(documents={"d": Document("d", "x")}, entities=entities, statements=list(relations))


def scripts(page: str) -> list[tuple[str, str]]:
    """(attributes, content) of every ``<script>`` element."""
    return re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)


def embedded(page: str) -> dict[str, object]:
    ((_, data),) = [(a, c) for a, c in scripts(page) if "application/json" in a]
    return json.loads(data)


def test_page_is_one_offline_file() -> None:
    page = generate_html(small_set())
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=|<link\b", page, flags=re.I)
    assert re.search(r"@version\s+10\.", page)  # the vendored vis-network, inlined
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp and "default-src 'none'" in csp[1]
    code = [content for attrs, content in scripts(page) if "application/json" not in attrs]
    assert len(code) == 2
    for content in code:  # the CSP lets exactly the two inlined scripts run
        digest = base64.b64encode(hashlib.sha256(content.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp[1]
    assert "sourceMappingURL" not in page


def test_vendored_library_is_shipped_with_its_licences() -> None:
    vendor = Path(__file__).parents[1] / "graphkit" / "export" / "vendor"
    assert {"vis-network.min.js", "LICENSE-MIT", "LICENSE-APACHE-2.0"} <= {p.name for p in vendor.iterdir()}
    assert (vendor / "vis-network.min.js").stat().st_size < 1_000_000


def test_article_text_never_reaches_the_page_as_markup() -> None:
    page = generate_html(hostile_set(), title="<b>title</b>")
    outside = re.sub(r'<script type="application/json" id="gk-data">.*?</script>', "", page, flags=re.S)
    for payload in HOSTILE:
        assert payload not in outside
    assert not re.search(r"<[^>]*window\.pwned", outside)  # at most as escaped text (the header's publisher)
    assert page.count("</script>") == len(scripts(page)) == 3
    (_, data_text), *_ = [(a, c) for a, c in scripts(page) if "application/json" in a]
    assert "<" not in data_text and ">" not in data_text and "&" not in data_text
    data = embedded(page)
    assert data["docs"]["evil"]["url"] == ""  # type: ignore[index]
    labels = {n["label"] for n in data["nodes"]}  # type: ignore[attr-defined]
    assert labels == {HOSTILE[0], HOSTILE[1]}  # the text itself survives, as data
    assert "&lt;b&gt;title&lt;/b&gt;" in page


def test_evidence_highlights_entities_and_trigger_words() -> None:
    data = page_data(small_set())
    opposes = next(e for e in data["edges"] if e["predicate"] == "opposes")
    assert opposes["evidence"][0]["parts"] == [
        "District Attorney ",
        ["Larry Krasner", "s"],
        " has said he does not ",
        ["support", "t"],  # "does not support" is how the extractor found opposes
        " the ",
        ["renewal", "o"],
        " of the contract.",
    ]
    holds = next(e for e in data["edges"] if e["predicate"] == "holdsPost")
    assert ["District Attorney", "t"] in holds["evidence"][0]["parts"]  # the role
    assert holds["qualifiers"] == {"role": "District Attorney"}
    text = "".join(p if isinstance(p, str) else p[0] for p in opposes["evidence"][0]["parts"])
    assert text == KRASNER
    doc = data["docs"]["inq"]
    assert (doc["title"], doc["publisher"], doc["published"], doc["url"]) == (
        "PARS", "The Inquirer", "2018-07-19", "https://www.inquirer.com/pars.html")  # fmt: skip


def test_nodes_carry_quotes_positions_and_sizes() -> None:
    data = page_data(small_set())
    krasner = next(n for n in data["nodes"] if n["id"] == "p/krasner")
    assert krasner["quotes"] == [{"text": "We will not renew it.", "docs": ["inq"]}]
    assert (krasner["degree"], krasner["articles"], krasner["omitted"]) == (2, 1, 0)
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert [t["name"] for t in data["types"]] == ["Action", "GovernmentOrganization", "Person"]
    assert {r["name"]: r["count"] for r in data["relations"]} == {"holdsPost": 1, "opposes": 1}


def test_every_ontology_type_has_a_style() -> None:
    assert set(TYPE_STYLES) == set(ENTITY_TYPES)


def test_large_graphs_keep_the_most_connected_part_and_say_so() -> None:
    statements = chain_set(40)
    data = page_data(statements, max_nodes=10)
    assert data["counts"]["entities"] == 40 and data["counts"]["shownEntities"] == 10
    ids = {n["id"] for n in data["nodes"]}
    assert "e/0" in ids  # the hub
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    assert data["omitted"] == {"Organization": 30}
    page = generate_html(statements, max_nodes=10)
    notice = re.search(r'<p id="gk-notice"[^>]*>(.*?)</p>', page, flags=re.S)
    assert notice and "10 most connected of 40 entities" in notice[1]
    assert "--html-max-nodes 40" in notice[1]
    assert 'id="gk-notice"' not in generate_html(statements, max_nodes=None)


def test_layout_is_deterministic_and_keeps_components_apart() -> None:
    edges = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5)]
    first, again = layout(7, edges), layout(7, edges)
    assert (first == again).all()
    assert len({tuple(p) for p in first.round(3)}) == 7  # no two nodes on one spot
    assert layout(0, []).shape == (0, 2)


def test_write_all_passes_options_to_the_page(tmp_path: Path) -> None:
    (path,) = write_all(chain_set(12), tmp_path, formats=["html"], options={"html": {"max_nodes": 4}})
    assert embedded(path.read_text())["counts"]["shownEntities"] == 4  # type: ignore[index]
    with pytest.raises(ExportError, match="htm"):
        write_all(chain_set(3), tmp_path, formats=["html"], options={"htm": {"max_nodes": 4}})


def test_write_html_is_atomic_and_keyword_only(tmp_path: Path) -> None:
    target = tmp_path / "graph.html"
    write_html(small_set(), target, max_nodes=2, title="PARS", corpus="seed")
    page = target.read_text()
    assert "<title>PARS</title>" in page and "seed · 1 article" in page
    assert list(tmp_path.iterdir()) == [target]
    with pytest.raises(TypeError):
        write_html(small_set(), target, 2)  # type: ignore[misc]


def test_graph_counts_match_networkx() -> None:
    statements = small_set()
    data = page_data(statements)
    G = to_networkx(statements)
    assert data["counts"]["entities"] == G.number_of_nodes() == len(data["nodes"])
    assert data["counts"]["connections"] == G.number_of_edges() == len(data["edges"])


@pytest.mark.model
def test_cli_passes_html_max_nodes(tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Mayor Ana Ruiz met with Sheriff Tom Hale and Police Chief Dan Ortiz on Monday.")
    (corpus / "a.meta.json").write_text(json.dumps({"id": "a", "published": "2024-03-06"}))
    args = [
        "build",
        str(corpus),
        "--out",
        str(tmp_path / "out"),
        "--formats",
        "html",
        "--html-max-nodes",
        "1",
        "-q",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "graph.html").read_text()
    assert embedded(page)["counts"]["shownEntities"] == 1  # type: ignore[index]
    assert "articles · 1 article" in page  # the corpus directory's name in the header
