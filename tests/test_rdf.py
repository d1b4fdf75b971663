"""The RDF export: stable IRIs, statement and evidence nodes, articles, one named graph per article,
deterministic files, every RDF exporter round-tripping, and SHACL validation of a built graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.export import EXPORTERS
from graphkit.export.rdf import RDF_FORMATS, read_rdf
from graphkit.graph import ID, article_iri, entity_iri, graph_iri, statement_iri, to_rdf
from graphkit.types import Attribute, Claim, Document, Entity, Evidence, Quote, Relation, StatementSet
from graphkit.validate import validate, validate_graph
from graphkit.vocab import CIV

RDF_EXPORTERS = sorted(name for name, e in EXPORTERS.items() if Path(e.filename).suffix in RDF_FORMATS)


def _set(*, reverse: bool = False) -> StatementSet:
    """Two articles, a post, a dated meeting both articles report, a claim, a quote and an end date."""
    a_text = "Mayor Ana Ruiz of Fooville met Sheriff Tom Hale on Monday. The deal ends May 1."
    b_text = 'Ruiz and Hale met again. "We disagree," Hale said.'
    docs = {
        "a": Document("a", a_text, title="Ruiz meets Hale", publisher="The Fooville Post", published="2024-03-06",
                      url="https://example.org/a"),
        "b": Document("b", b_text, title="Second meeting", publisher="Bar Radio", published="2024-03-09"),
    }  # fmt: skip
    ev_a, ev_end = Evidence("a", 0, 59, a_text[:59]), Evidence("a", 60, 81, a_text[60:])
    ev_b, ev_q = Evidence("b", 0, 24, b_text[:24]), Evidence("b", 25, 50, b_text[25:])
    ents = [
        Entity("person/ana-ruiz", "Ana Ruiz", "Person", ("Ruiz", "Mayor Ana Ruiz"), ("a", "b")),
        Entity("person/tom-hale", "Tom Hale", "Person", ("Hale",), ("a", "b")),
        Entity("governmentorganization/fooville", "Fooville", "GovernmentOrganization", (), ("a",)),
        Entity("agreement/deal", "deal", "Agreement", (), ("a",)),
    ]
    stmts = [
        Relation("person/ana-ruiz", "holdsPost", "governmentorganization/fooville", {"role": "Mayor"}, (ev_a,), 0.9,
                 "graphkit-extract/0.1#title"),
        Relation("person/ana-ruiz", "metWith", "person/tom-hale", {"date": "2024-03-04"}, (ev_a, ev_b), 0.8),
        Claim("person/tom-hale", "denies", "person/ana-ruiz", "agrees", None, (ev_q,), 0.7),
        Quote("person/tom-hale", "We disagree,", (ev_q,), 0.8),
        Attribute("agreement/deal", "endDate", "2024-05-01", (ev_end,), 0.8),
    ]  # fmt: skip
    if reverse:
        ents, stmts, docs = ents[::-1], stmts[::-1], dict(reversed(docs.items()))
    return StatementSet(documents=docs, entities={e.id: e for e in ents}, statements=stmts)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return to_rdf(_set())


def test_entities_have_stable_iris_labels_aliases_and_types(graph: Graph) -> None:
    ruiz = URIRef("https://w3id.org/graphkit/id/entity/person/ana-ruiz")
    assert ruiz == entity_iri("person/ana-ruiz")
    assert (ruiz, RDF.type, CIV.Person) in graph
    assert graph.value(ruiz, RDFS.label) == Literal("Ana Ruiz")
    assert set(graph.objects(ruiz, SKOS.altLabel)) == {Literal("Ruiz"), Literal("Mayor Ana Ruiz")}
    assert set(graph.objects(ruiz, DCTERMS.isReferencedBy)) == {article_iri("a"), article_iri("b")}


def test_relation_is_a_direct_triple_and_a_statement_node_with_evidence(graph: Graph) -> None:
    ruiz, fooville = entity_iri("person/ana-ruiz"), entity_iri("governmentorganization/fooville")
    assert (ruiz, CIV.holdsPost, fooville) in graph
    node = next(graph.subjects(CIV.predicate, CIV.holdsPost))
    assert (node, RDF.type, CIV.RelationStatement) in graph
    assert (graph.value(node, CIV.subject), graph.value(node, CIV.object)) == (ruiz, fooville)
    assert graph.value(node, CIV.role) == Literal("Mayor")
    assert graph.value(node, CIV.confidence) == Literal("0.9", datatype=XSD.decimal)
    assert graph.value(node, CIV.extractorVersion) == Literal("graphkit-extract/0.1")
    evidence = graph.value(node, CIV.evidence)
    assert graph.value(evidence, PROV.wasDerivedFrom) == article_iri("a")
    assert str(graph.value(evidence, CIV.sentence)).startswith("Mayor Ana Ruiz of Fooville met")
    assert (graph.value(evidence, CIV.startOffset), graph.value(evidence, CIV.endOffset)) == (Literal(0), Literal(59))


def test_holds_post_also_yields_a_w3c_org_post(graph: Graph) -> None:
    ruiz = entity_iri("person/ana-ruiz")
    post = graph.value(ruiz, ORG.holds)
    assert (post, RDF.type, CIV.Post) in graph
    assert graph.value(post, RDFS.label) == Literal("Mayor")
    assert graph.value(post, ORG.postIn) == entity_iri("governmentorganization/fooville")


def test_one_evidence_node_per_supporting_sentence_and_dates_typed(graph: Graph) -> None:
    node = next(graph.subjects(CIV.predicate, CIV.metWith))
    sources = {graph.value(ev, PROV.wasDerivedFrom) for ev in graph.objects(node, CIV.evidence)}
    assert sources == {article_iri("a"), article_iri("b")}
    assert graph.value(node, CIV.date) == Literal("2024-03-04", datatype=XSD.date)
    assert (entity_iri("agreement/deal"), CIV.endDate, Literal("2024-05-01", datatype=XSD.date)) in graph


def test_claims_quotes_and_articles_are_nodes(graph: Graph) -> None:
    hale = entity_iri("person/tom-hale")
    claim = next(graph.subjects(RDF.type, CIV.Claim))
    assert (graph.value(claim, CIV.claimant), graph.value(claim, CIV.stance)) == (hale, CIV.denies)
    assert graph.value(claim, CIV.claimPredicate) == Literal("agrees")
    quote = next(graph.subjects(RDF.type, CIV.Quote))
    assert (graph.value(quote, CIV.speaker), graph.value(quote, CIV.quoteText)) == (hale, Literal("We disagree,"))
    assert graph.value(quote, CIV.evidence) is not None
    article = article_iri("a")
    assert (article, RDF.type, CIV.Article) in graph
    assert graph.value(article, DCTERMS.title) == Literal("Ruiz meets Hale")
    assert graph.value(article, DCTERMS.publisher) == Literal("The Fooville Post")
    assert graph.value(article, DCTERMS.issued) == Literal("2024-03-06", datatype=XSD.date)
    assert str(graph.value(article, URIRef("https://schema.org/url"))) == "https://example.org/a"


@pytest.mark.parametrize("name", RDF_EXPORTERS)
def test_every_rdf_exporter_round_trips(name: str, tmp_path: Path, graph: Graph) -> None:
    exporter = EXPORTERS[name]
    path = tmp_path / exporter.filename
    exporter.write(_set(), path)
    union = Graph()
    for triple in read_rdf(path).triples((None, None, None)):
        union.add(triple)
    assert isomorphic(union, graph), f"{name} does not read back as the graph it was written from"


@pytest.mark.parametrize("name", RDF_EXPORTERS)
def test_rdf_exports_are_byte_identical_whatever_the_input_order(name: str, tmp_path: Path) -> None:
    exporter = EXPORTERS[name]
    exporter.write(_set(), tmp_path / "one")
    exporter.write(_set(reverse=True), tmp_path / "two")
    assert (tmp_path / "one").read_bytes() == (tmp_path / "two").read_bytes()


def test_rdf_export_covers_the_four_formats() -> None:
    assert set(RDF_EXPORTERS) >= {"turtle", "ntriples", "jsonld", "trig"}


def test_turtle_lists_subjects_in_iri_order(tmp_path: Path) -> None:
    EXPORTERS["turtle"].write(_set(), tmp_path / "graph.ttl")
    subjects = [line.split()[0] for line in (tmp_path / "graph.ttl").read_text().splitlines() if line.startswith("<")]
    assert subjects == sorted(subjects) and len(subjects) > 10


def test_trig_has_one_named_graph_per_article(tmp_path: Path) -> None:
    EXPORTERS["trig"].write(_set(), tmp_path / "graph.trig")
    ds = Dataset()
    ds.parse(tmp_path / "graph.trig", format="trig")
    named = {g.identifier: g for g in ds.graphs() if isinstance(g.identifier, URIRef) and "/graph/" in g.identifier}
    assert set(named) == {graph_iri("a"), graph_iri("b")}
    met = statement_iri(_set().statements[1])
    for doc in ("a", "b"):  # the meeting both articles report is in both graphs, with that article's evidence
        g = named[graph_iri(doc)]
        assert (met, CIV.predicate, CIV.metWith) in g
        assert {g.value(ev, PROV.wasDerivedFrom) for ev in g.objects(met, CIV.evidence)} == {article_iri(doc)}
        assert (article_iri(doc), RDF.type, CIV.Article) in g
    assert (entity_iri("person/ana-ruiz"), RDFS.label, Literal("Ana Ruiz")) in ds.default_graph


def test_jsonld_reads_as_plain_json(tmp_path: Path) -> None:
    EXPORTERS["jsonld"].write(_set(), tmp_path / "graph.jsonld")
    doc = json.loads((tmp_path / "graph.jsonld").read_text())
    nodes = {n["id"]: n for n in doc["@graph"]}
    ruiz = nodes["entity/person/ana-ruiz"]
    assert ruiz["type"] == "Person" and ruiz["label"] == "Ana Ruiz"
    assert ruiz["holdsPost"] == "entity/governmentorganization/fooville"
    assert sorted(ruiz["aliases"]) == ["Mayor Ana Ruiz", "Ruiz"]
    statement = next(n for n in doc["@graph"] if n.get("predicate") == "metWith")
    assert statement["date"] == "2024-03-04" and len(statement["evidence"]) == 2
    assert doc["@context"]["@base"] == str(ID)


# ---------------------------------------------------------------------------- validation
def test_hand_built_graph_conforms_to_the_shapes(graph: Graph) -> None:
    report = validate_graph(graph)
    assert report.conforms, report.lines()


def test_violations_are_reported_one_readable_line_each(graph: Graph) -> None:
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    post = next(broken.subjects(CIV.predicate, CIV.holdsPost))
    broken.remove((post, CIV.role, None))
    met = next(broken.subjects(CIV.predicate, CIV.metWith))
    broken.set((met, CIV.date, Literal("Monday")))
    broken.add((entity_iri("agreement/deal"), CIV.holdsPost, entity_iri("governmentorganization/fooville")))
    lines = validate_graph(broken).lines()
    assert any("holdsPost statement needs a role" in line and "Ana Ruiz holdsPost Fooville" in line for line in lines)
    assert any("xsd:date" in line and "'Monday'" in line for line in lines)
    assert any(line.startswith("entity/agreement/deal (deal): only a Person holds a post") for line in lines)
    assert all("\n" not in line for line in lines)


def test_validate_command_exits_non_zero_and_names_each_violation(tmp_path: Path, graph: Graph) -> None:
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.ttl"
    graph.serialize(good, format="turtle")
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    claim = next(broken.subjects(RDF.type, CIV.Claim))
    broken.remove((claim, CIV.evidence, None))
    broken.serialize(bad, format="turtle")
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", str(good)])
    assert ok.exit_code == 0 and "conforms" in ok.stdout
    failed = runner.invoke(app, ["validate", str(bad)])
    assert failed.exit_code == 1
    assert "a statement needs at least one evidence sentence" in failed.stdout
    not_rdf = tmp_path / "notes.ttl"
    not_rdf.write_text("this is { not turtle\n")
    garbage = runner.invoke(app, ["validate", str(not_rdf)])
    assert garbage.exit_code == 2 and "notes.ttl is not valid Turtle" in garbage.stderr
    assert len(garbage.stderr.strip().splitlines()) == 1


@pytest.mark.model
def test_seed_graph_validates_with_pyshacl(seed_build) -> None:  # type: ignore[no-untyped-def]
    _, out = seed_build
    for name in ("graph.ttl", "graph.trig"):
        report = validate(out / name)
        assert report.conforms, "\n".join(report.lines())
        assert report.triples > 300


@pytest.mark.model
def test_rebuilding_the_seed_corpus_gives_byte_identical_rdf(seed_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from graphkit.pipeline import build_corpus

    _, out = seed_build
    build_corpus(Path(__file__).resolve().parents[1] / "corpus", tmp_path, formats=RDF_EXPORTERS)
    for name in RDF_EXPORTERS:
        filename = EXPORTERS[name].filename
        assert (tmp_path / filename).read_bytes() == (out / filename).read_bytes(), filename
