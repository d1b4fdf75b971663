"""The ontology (ontologies/civic.ttl) is the single source of graphkit's vocabulary.

These tests fail when the spec, the ontology, the Python vocabulary, the SHACL shapes, the JSON-LD
context or the saved queries drift apart, and when a broken ontology would be accepted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS

from graphkit.errors import ExportError, InvalidOntology
from graphkit.export.rdf import generate_context
from graphkit.vocab import CIV, ENTITY_TYPES, RELATIONS, REQUIRED_TERMS, data_path, load_vocabulary

ONTOLOGY = data_path("civic.ttl")

# Copied from ../shared/eval/score.py (VOCABULARY) and ../shared/spec/relations.md (entity types):
# CI clones have no ../shared, so the contract is repeated here and checked against the ontology.
SPEC_RELATIONS = {
    "holdsPost", "memberOf", "subOrganizationOf", "partyTo", "manages", "hasAccessTo",
    "opposes", "supports", "criticizes", "metWith", "communicatedWith", "terminates",
    "locatedIn", "ruledInFavorOf", "ruledAgainst", "litigatesAgainst", "withholdsFundsFrom",
    "protestsAt", "raided",
}  # fmt: skip
SPEC_ENTITY_TYPES = {
    "Person", "GovernmentOrganization", "Court", "AdvocacyGroup", "Organization", "Place", "Facility",
    "InformationSystem", "Agreement", "LegalCase", "Policy", "Action", "MonetaryAmount", "Event",
}  # fmt: skip
SPEC_QUALIFIERS = {"holdsPost": ("role",), "metWith": ("date",), "communicatedWith": ("date",),
                   "withholdsFundsFrom": ("amount",), "protestsAt": ("date",), "relatedTo": ("verb",)}  # fmt: skip


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _civ_terms(g: Graph) -> set[str]:
    return {str(s)[len(str(CIV)) :] for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(str(CIV))}


def test_every_relation_of_the_spec_is_a_typed_relation_of_the_ontology(onto: Graph) -> None:
    typed = {str(p)[len(str(CIV)) :] for p in onto.subjects(RDFS.subPropertyOf, CIV.relation)}
    assert typed >= SPEC_RELATIONS, f"missing from civic.ttl: {sorted(SPEC_RELATIONS - typed)}"
    for name in SPEC_RELATIONS:
        assert (CIV[name], RDF.type, OWL.ObjectProperty) in onto


def test_every_entity_type_of_the_spec_is_a_class_under_civ_entity(onto: Graph) -> None:
    classes = {str(c)[len(str(CIV)) :] for c in onto.transitive_subjects(RDFS.subClassOf, CIV.Entity)}
    assert classes >= SPEC_ENTITY_TYPES, f"missing from civic.ttl: {sorted(SPEC_ENTITY_TYPES - classes)}"
    for name in ("Claim", "Quote", "Post", "Evidence", "Article", "RelationStatement"):
        assert (CIV[name], RDF.type, OWL.Class) in onto


def test_python_vocabulary_is_exactly_what_the_ontology_defines(onto: Graph) -> None:
    typed = {str(p)[len(str(CIV)) :] for p in onto.subjects(RDFS.subPropertyOf, CIV.relation)}
    assert set(RELATIONS) == typed | {"relatedTo"}
    classes = {str(c)[len(str(CIV)) :] for c in onto.transitive_subjects(RDFS.subClassOf, CIV.Entity)}
    assert classes - {"Entity", "Agent"} == ENTITY_TYPES
    for name, qualifiers in SPEC_QUALIFIERS.items():
        assert RELATIONS[name].qualifiers == qualifiers
    assert RELATIONS["metWith"].symmetric and not RELATIONS["opposes"].symmetric
    assert load_vocabulary().terms == frozenset(_civ_terms(onto))


def test_every_term_has_a_label_and_a_definition(onto: Graph) -> None:
    for name in sorted(_civ_terms(onto)):
        term = CIV[name]
        assert onto.value(term, RDFS.label) is not None, f"civ:{name} has no rdfs:label"
        assert onto.value(term, SKOS.definition) is not None, f"civ:{name} has no skos:definition"


@pytest.mark.parametrize(
    ("term", "link", "standard"),
    [
        (CIV.holdsPost, RDFS.subPropertyOf, ORG.memberOf),
        (CIV.memberOf, RDFS.subPropertyOf, ORG.memberOf),
        (CIV.subOrganizationOf, RDFS.subPropertyOf, ORG.subOrganizationOf),
        (CIV.evidence, RDFS.subPropertyOf, PROV.wasDerivedFrom),
        (CIV.claimant, RDFS.subPropertyOf, PROV.wasAttributedTo),
        (CIV.speaker, RDFS.subPropertyOf, PROV.wasAttributedTo),
        (CIV.Person, RDFS.subClassOf, FOAF.Person),
        (CIV.Court, RDFS.subClassOf, ORG.Organization),
        (CIV.AdvocacyGroup, RDFS.subClassOf, PROV.Agent),
        (CIV.Post, RDFS.subClassOf, ORG.Post),
        (CIV.Evidence, RDFS.subClassOf, PROV.Entity),
        (CIV.Article, RDFS.subClassOf, PROV.Entity),
    ],
)
def test_terms_align_with_the_standards_analysts_query(
    onto: Graph, term: URIRef, link: URIRef, standard: URIRef
) -> None:
    assert standard in set(onto.transitive_objects(term, link)), f"{term} is not under {standard}"


# ---------------------------------------------------------------------------- broken ontologies
def _broken(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "civic.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_required_term_fails_at_load(tmp_path: Path) -> None:
    text = ONTOLOGY.read_text(encoding="utf-8")
    without = re.sub(r"^civ:Evidence a owl:Class.*?\.\n(?=\S|\n)", "", text, flags=re.S | re.M)
    without = without.replace("civ:Evidence", "civ:Evidenz")
    with pytest.raises(InvalidOntology, match="civ:Evidence"):
        load_vocabulary(_broken(tmp_path, without))


def test_bad_turtle_fails_at_load(tmp_path: Path) -> None:
    text = ONTOLOGY.read_text(encoding="utf-8").replace("civ:holdsPost a owl:ObjectProperty ;", "civ:holdsPost a ;;")
    with pytest.raises(InvalidOntology, match="not valid Turtle"):
        load_vocabulary(_broken(tmp_path, text))


def test_relation_without_definition_fails_at_load(tmp_path: Path) -> None:
    extra = '\nciv:likes a owl:ObjectProperty ; rdfs:subPropertyOf civ:relation ; rdfs:label "likes" .\n'
    text = ONTOLOGY.read_text(encoding="utf-8") + extra
    with pytest.raises(InvalidOntology, match="civ:likes"):
        load_vocabulary(_broken(tmp_path, text))


def test_missing_ontology_file_fails_at_load(tmp_path: Path) -> None:
    with pytest.raises(InvalidOntology, match="not found"):
        load_vocabulary(tmp_path / "nowhere.ttl")


# ---------------------------------------------------------------------------- files derived from the ontology
def test_shipped_jsonld_context_is_generated_from_the_ontology() -> None:
    shipped = json.loads(data_path("context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert shipped == generate_context(), "regenerate it: python -m graphkit.export.rdf"
    for name in RELATIONS:
        assert shipped[name] == {"@id": f"civ:{name}", "@type": "@id"}


def test_every_typed_relation_has_shacl_domain_shape() -> None:
    shapes = Graph().parse(data_path("shapes.ttl"), format="turtle")
    sh = "http://www.w3.org/ns/shacl#"
    constrained = {str(p)[len(str(CIV)) :] for p in shapes.objects(None, URIRef(sh + "targetSubjectsOf"))}
    assert set(RELATIONS) - {"relatedTo"} <= constrained


def test_shapes_and_saved_queries_use_only_terms_the_ontology_defines(onto: Graph) -> None:
    defined = _civ_terms(onto)
    files = [data_path("shapes.ttl"), *sorted(data_path("queries").glob("*.rq"))]
    assert len(files) > 10
    for path in files:
        used = set(re.findall(r"\bciv:(\w+)", path.read_text(encoding="utf-8")))
        assert used <= defined, f"{path.name} uses undefined terms: {sorted(used - defined)}"


def test_export_refuses_a_term_the_ontology_does_not_define() -> None:
    from graphkit.graph import to_rdf
    from graphkit.types import Entity, Relation, StatementSet

    s = StatementSet(
        entities={"person/a": Entity("person/a", "A", "Person"), "person/b": Entity("person/b", "B", "Person")},
        statements=[Relation("person/a", "likes", "person/b")],
    )
    with pytest.raises(ExportError, match="civ:likes"):
        to_rdf(s)


def test_required_terms_are_defined(onto: Graph) -> None:
    assert set(REQUIRED_TERMS) <= _civ_terms(onto)


def test_spec_lists_above_match_the_shared_scorer_when_it_is_there() -> None:
    score = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
    if not score.is_file():
        pytest.skip("no ../shared/eval/score.py beside this clone")
    block = re.search(r"VOCABULARY = \{(.*?)\}", score.read_text(encoding="utf-8"), re.S)
    assert block is not None
    assert set(re.findall(r'"(\w+)"', block.group(1))) == SPEC_RELATIONS
