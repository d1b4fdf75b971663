"""The notebook API (``graphkit.api``): a KnowledgeGraph over a small graph of the tests' own.

The story is invented: a port authority, its director, a union and a dredging contract. Each test asks the
graph what a reporter would and checks the answer, its sentence and its article.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from rdflib import Graph

import graphkit
from graphkit import api
from graphkit.api import KnowledgeGraph
from graphkit.errors import ExportError, QueryError, QuerySyntaxError, UnknownEntity
from graphkit.export import write_all
from graphkit.query import saved_queries
from graphkit.types import Claim, Document, Entity, Evidence, MergeRecord, Quote, Relation, StatementSet

DOC = "harbor-gazette-2023-05-04"
TEXT = (
    "Port Director Ada Okafor met with dockworkers' union leader Ben Marsh on Tuesday. "  # 0
    "The Port Authority signed the dredging contract with Deepwater Inc. in 2019. "  # 1
    "Okafor manages the Port Authority. "  # 2
    "Marsh says the contract violates state law; Okafor denies that the contract violates state law. "  # 3
    "Deepwater Inc. says the Port Authority owes it money. "  # 4
    "The union opposes the renewal of the contract. "  # 5
    '"We will not be rushed," Okafor said. '  # 6
    '"Not on our watch," a protester shouted.'  # 7
)
SENTENCES = re.findall(r'.+?[.!?]"?(?= |$)', TEXT)


def ev(n: int, doc: str = DOC) -> tuple[Evidence, ...]:
    start = TEXT.index(SENTENCES[n])
    return (Evidence(doc, start, start + len(SENTENCES[n]), SENTENCES[n]),)


def harbor_set() -> StatementSet:
    entities = [
        Entity("person/ada-okafor", "Ada Okafor", "Person", ("Port Director Ada Okafor", "Okafor")),
        Entity("person/ben-marsh", "Ben Marsh", "Person", ("Marsh",)),
        Entity("governmentorganization/port-authority", "Port Authority", "GovernmentOrganization", ()),
        Entity("advocacygroup/dockworkers-union", "dockworkers' union", "AdvocacyGroup", ("union",)),
        Entity("agreement/dredging-contract", "dredging contract", "Agreement", ("contract",)),
        Entity("organization/deepwater-inc", "Deepwater Inc.", "Organization", ()),
        Entity("action/renewal-of-the-dredging-contract", "renewal of the dredging contract", "Action", ()),
        Entity("place/marsh-county", "Marsh County", "Place", ()),
    ]
    okafor, marsh, port, union, contract, deepwater, renewal, _ = (e.id for e in entities)
    statements = [
        Relation(okafor, "holdsPost", port, {"role": "Port Director"}, ev(0), 0.9),
        Relation(okafor, "metWith", marsh, {"date": "2023-05-02"}, ev(0), 0.9),
        Relation(marsh, "memberOf", union, {}, ev(0), 0.8),
        Relation(port, "partyTo", contract, {"since": "2019"}, ev(1), 0.8),
        Relation(deepwater, "partyTo", contract, {}, ev(1), 0.8),
        Relation(okafor, "manages", port, {}, ev(2), 0.7),
        Relation(union, "opposes", renewal, {}, ev(5), 0.8),
        Claim(marsh, "asserts", contract, "violates state law", None, ev(3), 0.7),
        Claim(okafor, "denies", contract, "violates state law", None, ev(3), 0.7),
        Claim(deepwater, "asserts", port, "owes it money", deepwater, ev(4), 0.6),
        Quote(okafor, "We will not be rushed,", ev(6), 0.9),
        Quote(None, "Not on our watch,", ev(7), 0.5),
    ]
    docs = {
        DOC: Document(DOC, TEXT, title="Port chief meets union", publisher="Harbor Gazette", published="2023-05-04")
    }
    for entity in entities:
        entity.docs = (DOC,)
    merges = [MergeRecord(okafor, f"{DOC}#2", "Okafor", DOC, "surname-in-story", ("Okafor", "Ada Okafor"), okafor)]
    return StatementSet(docs, {e.id: e for e in entities}, list(statements), merges=merges)


@pytest.fixture
def kg() -> KnowledgeGraph:
    return KnowledgeGraph(harbor_set(), name="harbor")


def rows(table: Any, *columns: str) -> list[tuple[Any, ...]]:
    """The given columns of a table as tuples, missing values as None."""
    frame = table.astype(object).where(table.notna(), None)
    return [tuple(row) for row in frame[list(columns)].itertuples(index=False)]


# ---------------------------------------------------------------------------- finding entities
@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Ada Okafor", "Ada Okafor"),
        ("person/ada-okafor", "Ada Okafor"),
        ("port director ada okafor", "Ada Okafor"),  # an alias, in any case
        ("Okafor", "Ada Okafor"),
        ("Ada", "Ada Okafor"),  # some words of the label
        ("Deepwater", "Deepwater Inc."),  # punctuation does not matter
        ("Marsh", "Ben Marsh"),  # an alias beats a word of another entity's label ("Marsh County")
        ("union", "dockworkers' union"),
    ],
)
def test_an_entity_is_found_by_id_label_alias_or_some_of_its_words(kg: KnowledgeGraph, name: str, label: str) -> None:
    assert kg.entity(name).label == label


def test_an_unknown_name_raises_a_key_error_listing_close_matches(kg: KnowledgeGraph) -> None:
    with pytest.raises(KeyError) as raised:
        kg.entity("Ada Okafour")
    assert isinstance(raised.value, UnknownEntity)
    assert raised.value.matches == ("Ada Okafor",)
    assert str(raised.value) == "[GK404] no entity is named 'Ada Okafour'; close matches: Ada Okafor"


def test_a_name_like_nothing_says_so(kg: KnowledgeGraph) -> None:
    with pytest.raises(KeyError, match="no entity is named 'Zyxwvut', nor anything close"):
        kg.entity("Zyxwvut")


def test_a_name_that_fits_two_entities_equally_lists_both_with_their_ids(kg: KnowledgeGraph) -> None:
    with pytest.raises(KeyError) as raised:
        kg.entity("dredging")  # a word of two labels
    assert str(raised.value) == (
        "[GK404] 'dredging' names 2 entities: dredging contract [agreement/dredging-contract], "
        "renewal of the dredging contract [action/renewal-of-the-dredging-contract]; use a fuller name or the id"
    )
    assert kg.entity("contract").label == "dredging contract"  # an alias beats words of the renewal's label


# ---------------------------------------------------------------------------- tables of facts
def test_evidence_gives_each_sentence_with_its_article_date_and_offsets(kg: KnowledgeGraph) -> None:
    table = kg.evidence("Okafor", "holdsPost", "Port Authority")
    assert rows(table, "subject", "role", "object", "article", "title", "publisher", "published") == [
        ("Ada Okafor", "Port Director", "Port Authority", DOC, "Port chief meets union", "Harbor Gazette", "2023-05-04")
    ]
    ((start, end, sentence),) = rows(table, "start", "end", "sentence")
    assert TEXT[start:end] == sentence == SENTENCES[0]


def test_evidence_of_a_symmetric_relation_is_found_from_either_side(kg: KnowledgeGraph) -> None:
    assert rows(kg.evidence("Marsh", "metWith", "Okafor"), "subject", "object", "date") == [
        ("Ada Okafor", "Ben Marsh", "2023-05-02")
    ]
    assert len(kg.evidence("Port Authority", "holdsPost", "Okafor")) == 0  # directed: not reversed


def test_evidence_without_a_relation_name_lists_every_relation_from_the_subject(kg: KnowledgeGraph) -> None:
    assert sorted(kg.evidence("Okafor")["predicate"]) == ["holdsPost", "manages", "metWith"]


def test_a_misspelt_relation_name_is_an_error_naming_the_known_ones(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match=r"no relation is called holdPost; relations: .*holdsPost"):
        kg.relations("holdPost")


def test_relations_give_qualifiers_a_column_each(kg: KnowledgeGraph) -> None:
    table = kg.relations("partyTo")
    assert rows(table, "subject", "object", "since") == [
        ("Port Authority", "dredging contract", "2019"),
        ("Deepwater Inc.", "dredging contract", None),
    ]
    assert rows(kg.relations(["opposes", "supports"], about="renewal"), "subject", "predicate") == [
        ("dockworkers' union", "opposes")
    ]


def test_claims_name_who_contests_them(kg: KnowledgeGraph) -> None:
    table = kg.claims(about="dredging contract")
    assert rows(table, "claimant", "stance", "claim", "contested_by", "sentence") == [
        ("Ben Marsh", "asserts", "violates state law", "Ada Okafor", SENTENCES[3]),
        ("Ada Okafor", "denies", "violates state law", "Ben Marsh", SENTENCES[3]),
    ]
    uncontested = kg.claims(by="Deepwater")
    assert rows(uncontested, "subject", "claim", "object", "contested_by") == [
        ("Port Authority", "owes it money", "Deepwater Inc.", "")
    ]
    assert rows(kg.claims(stance="denies"), "claimant") == [("Ada Okafor",)]


def test_quotes_of_one_speaker_and_quotes_nobody_is_named_for(kg: KnowledgeGraph) -> None:
    assert rows(kg.quotes(speaker="Okafor"), "speaker", "quote", "published") == [
        ("Ada Okafor", "We will not be rushed,", "2023-05-04")
    ]
    assert rows(kg.quotes(), "speaker", "quote") == [
        ("Ada Okafor", "We will not be rushed,"),
        (None, "Not on our watch,"),
    ]


def test_a_statement_without_evidence_still_has_its_row(kg: KnowledgeGraph) -> None:
    kg.statements.statements.append(Relation("person/ben-marsh", "supports", "agreement/dredging-contract"))
    assert rows(kg.relations("supports"), "subject", "sentence") == [("Ben Marsh", None)]


def test_entities_are_listed_most_connected_first(kg: KnowledgeGraph) -> None:
    table = kg.entities()
    assert list(table.columns) == ["label", "type", "aliases", "articles", "connections", "id"]
    assert rows(table, "label", "connections")[:3] == [
        ("Ada Okafor", 4), ("Port Authority", 4), ("dredging contract", 4)]  # fmt: skip
    assert rows(table, "label", "connections")[-1] == ("Marsh County", 0)


def test_the_timeline_lists_dated_facts_oldest_first_with_their_sentences(kg: KnowledgeGraph) -> None:
    table = kg.timeline()
    assert rows(table, "date", "subject", "predicate", "object", "qualifier", "sentence") == [
        ("2019", "Port Authority", "partyTo", "dredging contract", "since", SENTENCES[1]),
        ("2023-05-02", "Ada Okafor", "metWith", "Ben Marsh", "date", SENTENCES[0]),
    ]


def test_without_pandas_tables_are_lists_of_dicts_with_the_same_columns(
    kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_pandas = kg.quotes(speaker="Okafor")
    monkeypatch.setattr(api, "_pandas", lambda: None)
    plain = kg.quotes(speaker="Okafor")
    assert isinstance(plain, list)
    assert plain == with_pandas.to_dict("records")
    assert list(plain[0]) == list(with_pandas.columns)
    assert kg.query(
        "SELECT ?who ?when WHERE { ?s civ:predicate civ:metWith ; civ:date ?when ; civ:subject/rdfs:label ?who }"
    ) == [{"who": "Ada Okafor", "when": "2023-05-02"}]


# ---------------------------------------------------------------------------- SPARQL
def test_a_saved_query_runs_by_name_with_bound_parameters(kg: KnowledgeGraph) -> None:
    table = kg.query("posts", person="Ada Okafor")
    assert isinstance(table, pd.DataFrame)
    assert rows(table, "person", "post", "org", "article") == [("Ada Okafor", "Port Director", "Port Authority", DOC)]
    assert len(kg.query("posts", person="Ben Marsh")) == 0


def test_a_query_of_ones_own_returns_numbers_as_numbers(kg: KnowledgeGraph) -> None:
    table = kg.query(
        "SELECT ?name (COUNT(?claim) AS ?claims) WHERE { ?claim civ:claimant/rdfs:label ?name } "
        "GROUP BY ?name ORDER BY DESC(?claims) ?name"
    )
    assert rows(table, "name", "claims") == [("Ada Okafor", 1), ("Ben Marsh", 1), ("Deepwater Inc.", 1)]


def test_ask_gives_a_bool_and_construct_a_graph(kg: KnowledgeGraph) -> None:
    assert kg.query("ASK { ?who civ:metWith ?other }") is True
    assert kg.query("ASK { ?who civ:raided ?place }") is False
    graph = kg.query("CONSTRUCT { ?a civ:metWith ?b } WHERE { ?a civ:metWith ?b }")
    assert isinstance(graph, Graph) and len(graph) == 2  # the symmetric relation, both ways


def test_bindings_take_entities_iris_and_a_trailing_underscore(kg: KnowledgeGraph) -> None:
    okafor = kg.entity("Okafor")
    by_entity = kg.query("SELECT ?person ?post WHERE { ?person org:holds/rdfs:label ?post }", person=okafor)
    assert rows(by_entity, "person", "post") == [("entity/person/ada-okafor", "Port Director")]
    named = kg.query("SELECT ?from ?type WHERE { ?x rdfs:label ?from ; a ?type }", from_="Ben Marsh")
    assert set(named["from"]) == {"Ben Marsh"} and "civ:Person" in set(named["type"])


def test_query_errors_say_what_is_wrong(kg: KnowledgeGraph) -> None:
    with pytest.raises(QuerySyntaxError, match="line 1"):
        kg.query("SELECT ?x WHERE { ?x civ:metWith }")
    with pytest.raises(QueryError, match="no saved query named 'postz'"):
        kg.query("postz")
    with pytest.raises(QueryError, match="needs --bind person"):
        kg.query("said_by")


def test_saved_queries_list_every_file_with_its_title_and_parameters(kg: KnowledgeGraph) -> None:
    table = kg.saved_queries
    shipped = saved_queries()
    assert list(table["name"]) == list(shipped)
    listed = table.set_index("name")
    for name, query in shipped.items():
        assert listed.loc[name, "title"] == query.title
        for param, required, _ in query.params:
            assert (f"{param} (required)" if required else param) in listed.loc[name, "parameters"]


# ---------------------------------------------------------------------------- graphs
def test_to_networkx_gives_a_copy_to_change_freely(kg: KnowledgeGraph) -> None:
    G = kg.to_networkx()
    assert G.nodes["person/ada-okafor"]["label"] == "Ada Okafor"
    G.remove_node("person/ada-okafor")
    assert kg.to_networkx().has_node("person/ada-okafor")
    assert kg.entities()["connections"].max() == 4


def test_to_rdf_holds_the_direct_triples(kg: KnowledgeGraph) -> None:
    g = kg.to_rdf()
    assert (
        len(list(g.query("SELECT * WHERE { ?a civ:holdsPost ?b }", initNs={"civ": "https://w3id.org/graphkit/civic#"})))
        == 1
    )


def test_ego_keeps_the_neighbours_and_the_statements_among_them(kg: KnowledgeGraph) -> None:
    near = kg.ego("Ben Marsh")
    assert sorted(e.label for e in near.statements.entities.values()) == [
        "Ada Okafor", "Ben Marsh", "dockworkers' union", "dredging contract"]  # fmt: skip
    kinds = sorted((s.kind, getattr(s, "predicate", "")) for s in near.statements.statements)
    assert kinds == [("claim", "violates state law"), ("claim", "violates state law"), ("quote", ""),
                     ("relation", "memberOf"), ("relation", "metWith")]  # fmt: skip
    assert near.name == "Ben Marsh and its neighbours (1 step)"
    assert len(kg.ego("Ben Marsh", 2).statements.entities) == 7  # all but the place nobody is linked to
    assert len(kg.ego("Marsh County").statements.entities) == 1


def test_subgraph_drops_quotes_without_a_speaker(kg: KnowledgeGraph) -> None:
    sub = kg.subgraph(["Okafor", "Marsh"])
    assert repr(sub) == "KnowledgeGraph(1 article, 2 entities, 2 statements)"
    assert all(not isinstance(s, Quote) or s.speaker for s in sub.statements.statements)


def test_paths_are_the_shortest_chains_with_every_hops_sentences(kg: KnowledgeGraph) -> None:
    (chain,) = kg.paths("Ben Marsh", "Deepwater Inc.")
    assert str(chain) == (
        "Ben Marsh <-metWith- Ada Okafor -holdsPost/manages-> Port Authority -partyTo-> dredging contract "
        "<-partyTo- Deepwater Inc."
    )
    assert len(chain) == 4
    hop = chain.hops[1]
    assert [(link.predicate, link.qualifiers, link.evidence[0].text) for link in hop.links] == [
        ("holdsPost", {"role": "Port Director"}, SENTENCES[0]),
        ("manages", {}, SENTENCES[2]),
    ]
    table = chain.table()
    assert rows(table, "hop", "predicate", "published")[:3] == [
        (1, "metWith", "2023-05-04"), (2, "holdsPost", "2023-05-04"), (2, "manages", "2023-05-04")]  # fmt: skip
    start, end, sentence = rows(table, "start", "end", "sentence")[2]
    assert TEXT[start:end] == sentence


def test_paths_ignore_claims_and_say_nothing_when_there_is_no_chain(kg: KnowledgeGraph) -> None:
    assert kg.paths("Ben Marsh", "Marsh County") == []
    assert kg.paths("Ben Marsh", "Ben Marsh") == []
    assert len(kg.paths("Okafor", "Port Authority")[0]) == 1


def test_paths_are_limited(kg: KnowledgeGraph) -> None:
    kg.statements.statements.append(Relation("person/ada-okafor", "criticizes", "organization/deepwater-inc"))
    kg.statements.statements.append(
        Relation("advocacygroup/dockworkers-union", "opposes", "organization/deepwater-inc")
    )
    assert len(kg.paths("Ben Marsh", "Deepwater Inc.", limit=10)) == 2
    assert len(kg.paths("Ben Marsh", "Deepwater Inc.", limit=1)) == 1


# ---------------------------------------------------------------------------- the explorer
def page_data(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="gk-data">(.*?)</script>', page, re.S)
    assert match, "the page embeds its data"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def test_show_embeds_the_explorer_page_in_a_sandboxed_iframe(kg: KnowledgeGraph) -> None:
    view = kg.show(kg.ego("Ben Marsh"), height=420)
    shown = {node["label"] for node in page_data(view.page)["nodes"]}
    assert shown == {"Ada Okafor", "Ben Marsh", "dockworkers' union", "dredging contract"}
    frame = view._repr_html_()
    assert frame.startswith("<iframe ") and frame.endswith("</iframe>")
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame)
    assert srcdoc and html.unescape(srcdoc.group(1)) == view.page  # the whole page, escaped once
    assert 'sandbox="allow-scripts' in frame and "allow-same-origin" not in frame
    assert "height: 420px" in frame
    assert repr(view).startswith("Explorer('Ben Marsh and its neighbours (1 step)', ")


def test_show_draws_some_entities_or_the_whole_graph(kg: KnowledgeGraph, tmp_path: Path) -> None:
    some = {n["label"] for n in page_data(kg.show(["Okafor", "Port Authority"]).page)["nodes"]}
    assert some == {"Ada Okafor", "Port Authority"}
    everything = kg.show(max_nodes=3)
    assert len(page_data(everything.page)["nodes"]) == 3
    assert "<title>harbor</title>" in everything.page
    saved = everything.save(tmp_path / "harbor.html")
    assert saved.read_text(encoding="utf-8") == everything.page


# ---------------------------------------------------------------------------- build and load
def test_load_reads_a_build_directory_back(kg: KnowledgeGraph, tmp_path: Path) -> None:
    write_all(kg.statements, tmp_path, formats=["statements", "documents"])
    (tmp_path / "merges.jsonl").write_text(
        "\n".join(json.dumps(m.to_json()) for m in kg.statements.merges) + "\n", encoding="utf-8"
    )
    loaded = graphkit.load(tmp_path)
    assert repr(loaded) == "KnowledgeGraph(1 article, 7 entities, 12 statements)"  # the export names no lone place
    assert loaded.statements.merges == kg.statements.merges
    assert rows(loaded.evidence("Okafor", "holdsPost"), "sentence", "published") == [(SENTENCES[0], "2023-05-04")]
    assert rows(graphkit.load(tmp_path / "statements.jsonl").quotes(speaker="Okafor"), "quote") == [
        ("We will not be rushed,",)
    ]


def test_load_of_a_directory_without_a_build_says_what_it_expected(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"statements.jsonl not found; load\(\) reads the output directory"):
        graphkit.load(tmp_path)


def test_a_broken_merges_file_names_its_line(kg: KnowledgeGraph, tmp_path: Path) -> None:
    write_all(kg.statements, tmp_path, formats=["statements", "documents"])
    (tmp_path / "merges.jsonl").write_text('{"canonical": "x"}\n', encoding="utf-8")
    with pytest.raises(ExportError, match=r"merges\.jsonl, line 1"):
        graphkit.load(tmp_path)


@pytest.mark.model
def test_build_reads_a_corpus_into_a_knowledge_graph(write_article: Callable[..., Path], tmp_path: Path) -> None:
    path = write_article("courier", "Mayor Ana Ruiz met with Sheriff Tom Hale on Monday.", published="2024-03-06")
    kg = graphkit.build(path.parent, tmp_path / "out")
    assert isinstance(kg, graphkit.KnowledgeGraph)
    assert rows(kg.evidence("Ruiz", "metWith", "Hale"), "date", "published") == [("2024-03-04", "2024-03-06")]
    assert (tmp_path / "out" / "statements.jsonl").is_file()
    assert repr(graphkit.load(tmp_path / "out")) == repr(kg)


# ---------------------------------------------------------------------------- in a real browser
@pytest.fixture
def chromium_page(browser: Any) -> Iterator[Any]:
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    yield page
    page.close()


@pytest.mark.browser
def test_the_inline_explorer_draws_in_a_notebooks_output(
    kg: KnowledgeGraph, chromium_page: Any, tmp_path: Path
) -> None:
    host = tmp_path / "notebook.html"
    host.write_text(f"<html><body><p>Out[3]:</p>{kg.show(kg.ego('Marsh'))._repr_html_()}</body></html>")
    requests: list[str] = []
    errors: list[str] = []
    chromium_page.on("request", lambda r: requests.append(r.url))
    chromium_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    chromium_page.goto(host.as_uri())
    frame = chromium_page.frame_locator("iframe")
    frame.locator("html[data-ready=true]").wait_for(timeout=30_000)
    explorer = next(f for f in chromium_page.frames if f != chromium_page.main_frame)
    drawn = explorer.evaluate("graphkit.drawn()")
    assert set(drawn["nodes"]) == set(kg.ego("Marsh").statements.entities)
    assert requests == [host.as_uri()]  # the page is inline: nothing is fetched
    assert errors == []
