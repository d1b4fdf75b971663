"""SPARQL over the export: the saved analyst questions answered on the seed graph (by rdflib and by
pyoxigraph alike), parameters bound as RDF terms, standard vocabularies through entailment, output
formats, and one clear line for every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from graphkit import query as query_module
from graphkit.cli import app
from graphkit.errors import ExportError, QueryError, QuerySyntaxError
from graphkit.query import open_store, parse_binding, run_query, saved_queries

PARS = "Preliminary Arraignment Reporting System"
BINDINGS = {  # the saved queries whose parameters are required
    "said_by": {"person": Literal("Simona L. Flores")},
    "shortest_chain": {"from": Literal("Larry Krasner"), "to": Literal(PARS)},
    "provenance": {"entity": Literal("Larry Krasner")},
}
runner = CliRunner()


@pytest.fixture(scope="module")
def seed_graph(seed_build) -> Path:  # type: ignore[no-untyped-def]
    _, out = seed_build
    return Path(out) / "graph.trig"


@pytest.fixture(scope="module")
def stores(seed_graph: Path) -> dict[str, query_module.GraphStore]:
    return {name: open_store(seed_graph, store=name) for name in ("rdflib", "oxigraph")}  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def answers(stores: dict[str, query_module.GraphStore]) -> dict[str, list[dict[str, str]]]:
    """Every saved query run by both engines: the rows must be the same, in the same order."""
    out = {}
    for name in saved_queries():
        by_engine = {e: run_query(s, name, bindings=BINDINGS.get(name)) for e, s in stores.items()}
        rdflib_rows, oxigraph_rows = (by_engine[e] for e in ("rdflib", "oxigraph"))
        assert rdflib_rows.variables == oxigraph_rows.variables, name
        assert rdflib_rows.rows == oxigraph_rows.rows, f"{name}: rdflib and pyoxigraph disagree"
        out[name] = rdflib_rows.records()
    return out


def test_saved_queries_are_documented_analyst_questions() -> None:
    saved = saved_queries()
    assert len(saved) >= 10
    for name, q in saved.items():
        assert q.title and q.description, f"{name}.rq needs a title and a description comment"
        for param, _, help_ in q.params:
            assert f"?{param}" in q.text and help_, f"{name}.rq: parameter {param} is undocumented or unused"
    assert saved["said_by"].required == ("person",)
    assert set(saved["shortest_chain"].required) == {"from", "to"}


@pytest.mark.model
def test_who_holds_which_post(answers: dict[str, list[dict[str, str]]]) -> None:
    rows = answers["posts"]
    assert {"person": "Marcel S. Pratt", "post": "City Solicitor", "org": "City of Philadelphia"}.items() <= next(
        r for r in rows if r["person"] == "Marcel S. Pratt"
    ).items()
    assert all(r["sentence"] and r["article"] == "inquirer-2018-07-19-pars-ice" for r in rows)


@pytest.mark.model
def test_who_opposes_a_given_thing_with_evidence(stores: dict[str, query_module.GraphStore]) -> None:
    for store in stores.values():
        rows = run_query(store, "stances", bindings={"thing": Literal("renewal of the PARS contract")}).records()
        krasner = [r for r in rows if r["agent"] == "Larry Krasner"]
        assert krasner and krasner[0]["stance"] == "opposes"
        assert "does not support the renewal of the contract" in krasner[0]["sentence"]
        assert krasner[0]["published"] == "2018-07-19" and "ICE" in krasner[0]["articleTitle"]
        assert {r["thing"] for r in rows} == {"renewal of the PARS contract"}


@pytest.mark.model
def test_agreements_and_when_they_end(answers: dict[str, list[dict[str, str]]]) -> None:
    pars = [r for r in answers["agreements"] if r["agreement"] == "PARS contract"]
    assert pars and {r.get("endDate") for r in pars} == {"2018-08-31"}


@pytest.mark.model
def test_who_manages_or_has_access_to_systems(answers: dict[str, list[dict[str, str]]]) -> None:
    facts = {(r["agent"], r["relation"], r["system"]) for r in answers["systems"]}
    assert ("U.S. Immigration and Customs Enforcement", "hasAccessTo", PARS) in facts
    assert ("Philadelphia Police Department", "manages", PARS) in facts


@pytest.mark.model
def test_dated_timeline(answers: dict[str, list[dict[str, str]]]) -> None:
    rows = answers["timeline"]
    whens = [r["when"] for r in rows]
    assert whens == sorted(whens)
    dated = {(r["date"], r["event"], r["subjectName"], r["objectName"]) for r in rows if "date" in r}
    assert ("2018-07-18", "metWith", "City of Philadelphia", "U.S. Immigration and Customs Enforcement") in dated
    assert ("2018-07-12", "communicatedWith", "Marcel S. Pratt", "U.S. Immigration and Customs Enforcement") in dated


@pytest.mark.model
def test_contested_claims_with_both_sources(answers: dict[str, list[dict[str, str]]]) -> None:
    rows = answers["contested_claims"]
    pair = next(r for r in rows if r["denierName"] == "Simona L. Flores")
    assert pair["subject"] == "U.S. Immigration and Customs Enforcement"
    assert pair["asserterName"] != pair["denierName"]
    assert pair["assertSentence"] and pair["denySentence"] and pair["assertArticle"] and pair["denyArticle"]


@pytest.mark.model
def test_everything_said_by_a_person(answers: dict[str, list[dict[str, str]]]) -> None:
    rows = answers["said_by"]
    assert {r["person"] for r in rows} == {"Simona L. Flores"}
    assert any(r["kind"] == "quote" and "entirely baseless" in r["sentence"] for r in rows)
    assert any(r["kind"] == "denies" for r in rows)


@pytest.mark.model
def test_shortest_chain_between_two_entities(answers: dict[str, list[dict[str, str]]]) -> None:
    rows = answers["shortest_chain"]
    assert rows, "Larry Krasner and PARS are linked through the District Attorney's office"
    hops = [int(r["hops"]) for r in rows]
    assert hops == sorted(hops) and hops[0] <= 2
    assert rows[0]["chain"].startswith("Larry Krasner") and rows[0]["chain"].endswith(PARS)


@pytest.mark.model
def test_entities_mentioned_in_most_articles(answers: dict[str, list[dict[str, str]]]) -> None:
    rows = answers["most_mentioned"]
    names = {r["entityName"]: r for r in rows}
    assert names["Marcel S. Pratt"]["entityType"] == "Person" and names["Marcel S. Pratt"]["articles"] == "1"
    assert len(rows) == len(names), "one row per entity: only its graphkit type is counted"


@pytest.mark.model
def test_org_query_finds_graphkit_data_through_entailment(
    answers: dict[str, list[dict[str, str]]], seed_graph: Path
) -> None:
    rows = answers["org_memberships"]
    assert {"memberName": "Marcel S. Pratt", "relation": "member of", "organizationName": "City of Philadelphia",
            "post": "City Solicitor"} in rows  # fmt: skip
    raw = run_query(seed_graph, "org_memberships", entailment=False)
    assert raw.rows == [], "without entailment no graphkit fact is an org:memberOf"


@pytest.mark.model
def test_provenance_in_prov_terms(answers: dict[str, list[dict[str, str]]]) -> None:
    rows = answers["provenance"]
    opposes = next(r for r in rows if r["predicate"] == "opposes")
    assert "does not support the renewal" in opposes["sentence"]
    assert opposes["publisher"] == "The Philadelphia Inquirer" and int(opposes["start"]) < int(opposes["end"])


@pytest.mark.model
def test_courts_and_lawsuits(answers: dict[str, list[dict[str, str]]]) -> None:
    facts = {(r["relation"], r["objectName"]) for r in answers["courts_and_lawsuits"]}
    assert ("ruledAgainst", "Trump administration") in facts


# ---------------------------------------------------------------------------- bindings, stores, formats
@pytest.mark.model
def test_bindings_are_rdf_terms_never_query_text(stores: dict[str, query_module.GraphStore]) -> None:
    hostile = 'Larry Krasner" } UNION { ?s ?p ?o } #'
    for store in stores.values():
        assert run_query(store, "posts", bindings={"person": Literal(hostile)}).rows == []
        only = run_query(store, "posts", bindings={"person": Literal("Larry Krasner")}).records()
        assert {r["person"] for r in only} == {"Larry Krasner"}
        iri = URIRef("https://w3id.org/graphkit/id/entity/person/larry-krasner")
        q = "SELECT ?p ?o WHERE { ?p civ:opposes ?o }"
        assert {str(r["p"]) for r in run_query(store, q, bindings={"p": iri}).records()} == {str(iri)}


def test_parse_binding_reads_terms() -> None:
    assert parse_binding("d=\"2018-07-18\"^^xsd:date")[1] == Literal("2018-07-18", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))  # fmt: skip
    assert parse_binding("x=civ:holdsPost")[1] == URIRef("https://w3id.org/graphkit/civic#holdsPost")
    assert parse_binding("who=Larry Krasner") == ("who", Literal("Larry Krasner"))
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_binding("no-equals-sign")


@pytest.mark.model
def test_binding_checks(seed_graph: Path) -> None:
    with pytest.raises(QueryError, match="needs --bind person"):
        run_query(seed_graph, "said_by")
    with pytest.raises(QueryError, match="has no variable"):
        run_query(seed_graph, "posts", bindings={"nobody": Literal("x")})
    with pytest.raises(QueryError, match="must be selected"):
        run_query(seed_graph, "SELECT ?o WHERE { ?s civ:opposes ?o }", bindings={"s": Literal("x")})


@pytest.mark.model
def test_store_is_chosen_by_size(seed_graph: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert open_store(seed_graph).engine == "rdflib"
    monkeypatch.setattr(query_module, "OXIGRAPH_ABOVE_BYTES", 1000)
    assert open_store(seed_graph).engine == "oxigraph"


@pytest.mark.model
def test_ask_and_construct(stores: dict[str, query_module.GraphStore]) -> None:
    for store in stores.values():
        assert run_query(store, "ASK { ?p civ:holdsPost ?o }").boolean is True
        assert run_query(store, "ASK { ?p civ:raidedTwice ?o }").boolean is False
        built = run_query(store, "CONSTRUCT { ?p org:memberOf ?o } WHERE { ?p civ:holdsPost ?o }")
        assert built.kind == "construct" and built.graph is not None and len(built.graph) >= 2
        reparsed = Graph().parse(data=built.to_json(), format="json-ld")
        assert len(reparsed) == len(built.graph)


@pytest.mark.model
def test_cli_formats(seed_graph: Path, tmp_path: Path) -> None:
    as_csv = runner.invoke(app, ["query", str(seed_graph), "systems", "--format", "csv"])
    assert as_csv.exit_code == 0 and as_csv.stdout.splitlines()[0] == "agent,relation,system,since,sentence"
    as_json = runner.invoke(app, ["query", str(seed_graph), "posts", "-f", "json", "-b", "person=Marcel S. Pratt"])
    doc = json.loads(as_json.stdout)
    assert doc["head"]["vars"][:3] == ["person", "post", "org"]
    assert doc["results"]["bindings"][0]["post"] == {"type": "literal", "value": "City Solicitor"}
    table = runner.invoke(app, ["query", str(seed_graph.parent), "ASK { ?p org:memberOf ?o }"])
    assert table.exit_code == 0 and table.stdout.strip() == "true"
    out = tmp_path / "rows.csv"
    written = runner.invoke(app, ["query", str(seed_graph), "courts_and_lawsuits", "-f", "csv", "-o", str(out)])
    assert written.exit_code == 0 and "ruledAgainst" in out.read_text()


# ---------------------------------------------------------------------------- bad input
def _fails(args: list[str], tmp_path: Path, expected: str) -> str:
    out = tmp_path / "out.csv"
    result = runner.invoke(app, [*args, "-f", "csv", "-o", str(out)])
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert not out.exists(), "nothing is written when the query fails"
    return lines[0]


@pytest.fixture
def small_graph(tmp_path: Path) -> Path:
    path = tmp_path / "g.ttl"
    path.write_text(
        '<https://w3id.org/graphkit/id/entity/person/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .\n'
    )
    return path


def test_syntax_error_names_line_and_column(small_graph: Path, tmp_path: Path) -> None:
    line = _fails(["query", str(small_graph), "SELECT * WHERE {\n  ?s ?p ?o\n  FILTER(?x = }"], tmp_path, "line 3")
    assert "column 3" in line and "[GK402]" in line


def test_unknown_prefix_is_named(small_graph: Path, tmp_path: Path) -> None:
    _fails(["query", str(small_graph), "SELECT * WHERE {\n  ?s nope:thing ?o }"], tmp_path, "unknown prefix 'nope:'")
    with pytest.raises(QuerySyntaxError) as err:
        run_query(small_graph, "SELECT * WHERE {\n  ?s nope:thing ?o }")
    assert (err.value.line, err.value.column) == (2, 6)


def test_missing_query_file_and_unknown_saved_query(small_graph: Path, tmp_path: Path) -> None:
    _fails(["query", str(small_graph), str(tmp_path / "missing.rq")], tmp_path, "query file not found")
    _fails(["query", str(small_graph), "no_such_question"], tmp_path, "no saved query named 'no_such_question'")


def test_graph_file_that_is_not_rdf(tmp_path: Path) -> None:
    bad = tmp_path / "graph.ttl"
    bad.write_text("@prefix x: <http://x/> .\nx:a x:b x:c ;;; oops\n")
    line = _fails(["query", str(bad), "posts"], tmp_path, "graph.ttl is not valid Turtle")
    assert "line 2" in line
    _fails(["query", str(tmp_path / "absent.ttl"), "posts"], tmp_path, "graph file not found")
    with pytest.raises(ExportError, match="not valid Turtle"):
        open_store(bad, store="oxigraph")


def test_updates_are_refused(small_graph: Path, tmp_path: Path) -> None:
    _fails(["query", str(small_graph), "DELETE WHERE { ?s ?p ?o }"], tmp_path, "is a SPARQL update")
    assert "A" in small_graph.read_text()


@pytest.mark.model
def test_both_stores_hold_the_same_entailed_graph(stores: dict[str, query_module.GraphStore]) -> None:
    from rdflib.namespace import FOAF, ORG, RDF

    from graphkit.query import _from_ox

    rdflib_store, oxigraph_store = stores["rdflib"], stores["oxigraph"]
    assert isinstance(rdflib_store, query_module.RdflibStore) and isinstance(oxigraph_store, query_module.OxigraphStore)
    in_rdflib = {(s, p, o) for s, p, o, _ in rdflib_store.dataset.quads((None, None, None, None))}
    in_oxigraph = {(_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)) for q in oxigraph_store.store}
    assert in_rdflib == in_oxigraph
    pratt = URIRef("https://w3id.org/graphkit/id/entity/person/marcel-s-pratt")
    assert (pratt, RDF.type, FOAF.Person) in in_rdflib
    assert any(s == pratt and p == ORG.memberOf for s, p, _ in in_rdflib)
    assert len(in_rdflib) > rdflib_store.triples
