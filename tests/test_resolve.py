"""Cross-article resolution on hand-built extractions: no model, each rule and each refusal."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from rdflib import OWL, RDFS

from graphkit.errors import InvalidOverrides
from graphkit.export import write_merges
from graphkit.graph import entity_iri, mention_iri, to_rdf
from graphkit.resolve import NameRef, Overrides, contested_claims, load_overrides, resolve, resolve_entities
from graphkit.types import Claim, Document, DocumentExtraction, Entity, Evidence, MergeRecord, Relation

PUBLISHED = {"courier": "2024-03-08", "tribune": "2024-03-14", "radio": "2024-03-22", "signal": "2024-04-05"}


def article(doc_id: str, *entities: tuple[str, str] | tuple[str, str, tuple[str, ...]], statements=()):
    """An extraction of article ``doc_id`` with (label, type[, aliases]) entities numbered from 1."""
    ents = {}
    for n, spec in enumerate(entities, 1):
        label, kind, *aliases = spec
        ents[f"{doc_id}#{n}"] = Entity(f"{doc_id}#{n}", label, kind, tuple(aliases[0]) if aliases else (), (doc_id,))
    doc = Document(doc_id, "", publisher=doc_id.title(), published=PUBLISHED.get(doc_id, ""))
    return DocumentExtraction(doc, ents, list(statements))


def node_of(mapping: dict[str, str], entities: dict[str, Entity], local_id: str) -> Entity:
    return entities[mapping[local_id]]


# A story told by two outlets (the county, its board and ICE in both) and an unrelated one.
HARLAN = ("Harlan County Board of Supervisors", "GovernmentOrganization")
JAIL = ("Harlan County Jail", "Facility")


def test_full_name_and_surname_merge_within_a_story_under_the_fullest_form() -> None:
    entities, mapping, merges = resolve_entities([
        article("courier", ("Tom R. Whitcomb", "Person", ("Sheriff Tom R. Whitcomb", "Whitcomb")), HARLAN),
        article("tribune", ("Whitcomb", "Person", ("Sheriff Whitcomb",)), HARLAN),
        article("signal", ("Thomas R. Whitcomb", "Person"), HARLAN),
    ])  # fmt: skip
    sheriff = node_of(mapping, entities, "courier#1")
    assert mapping["tribune#1"] == mapping["signal#1"] == sheriff.id
    assert sheriff.label == "Thomas R. Whitcomb"
    assert {"Tom R. Whitcomb", "Whitcomb", "Sheriff Whitcomb"} <= set(sheriff.aliases)
    rules = {m.member: m.rule for m in merges}
    assert rules["courier#1"] == "nickname" and rules["tribune#1"] == "surname-in-story"


def test_middle_initial_and_spelling_variants_of_one_person_merge() -> None:
    entities, mapping, _ = resolve_entities([
        article("courier", ("Marcel Pratt", "Person"), ("Katherine Olsen", "Person")),
        article("tribune", ("Marcel S. Pratt", "Person"), ("Catherine Olsen", "Person")),
    ])  # fmt: skip
    assert mapping["courier#1"] == mapping["tribune#1"]
    assert node_of(mapping, entities, "courier#1").label == "Marcel S. Pratt"
    assert mapping["courier#2"] == mapping["tribune#2"]


def test_two_first_names_with_one_surname_never_merge_even_through_a_bare_surname() -> None:
    _, mapping, merges = resolve_entities([
        article("courier", ("Thomas Whitcomb", "Person"), HARLAN),
        article("tribune", ("Alice Whitcomb", "Person"), HARLAN),
        article("radio", ("Whitcomb", "Person"), HARLAN),
    ])  # fmt: skip
    assert len({mapping["courier#1"], mapping["tribune#1"], mapping["radio#1"]}) == 3
    apart = [m for m in merges if m.decision == "kept-apart" and m.member == "radio#1"]
    assert {m.rule for m in apart} == {"ambiguous-surname"}
    assert {m.via for m in apart} == {mapping["courier#1"], mapping["tribune#1"]}


def test_title_and_surname_join_the_person_with_that_title() -> None:
    _, mapping, _ = resolve_entities([
        article("tribune", ("Thomas Whitcomb", "Person", ("Sheriff Thomas Whitcomb",)),
                ("Alice Whitcomb", "Person", ("Supervisor Alice Whitcomb",)), HARLAN),
        article("signal", ("Sheriff Whitcomb", "Person"), ("Supervisor Whitcomb", "Person"), HARLAN),
    ])  # fmt: skip
    assert mapping["signal#1"] == mapping["tribune#1"]
    assert mapping["signal#2"] == mapping["tribune#2"]
    assert mapping["tribune#1"] != mapping["tribune#2"]


def test_a_bare_surname_from_another_story_stays_apart() -> None:
    _, mapping, _ = resolve_entities([
        article("courier", ("Gabriel Monroe", "Person"), HARLAN),
        article("gazette", ("Monroe", "Person"), ("Millbrook City Council", "GovernmentOrganization")),
    ])  # fmt: skip
    assert mapping["courier#1"] != mapping["gazette#1"]


def test_a_person_never_merges_with_a_place_or_an_organisation_sharing_the_name() -> None:
    _, mapping, _ = resolve_entities([
        article("courier", ("Gabriel Monroe", "Person", ("Monroe",)), HARLAN),
        article("tribune", ("Monroe County", "Place"), ("Monroe", "Place"), HARLAN),
        article("gazette", ("Owen Ashford", "Person", ("Ashford",)), ("Ashford Park", "Place")),
    ])  # fmt: skip
    assert mapping["courier#1"] not in {mapping["tribune#1"], mapping["tribune#2"]}
    assert mapping["gazette#1"] != mapping["gazette#2"]


def test_acronyms_merge_with_their_expansion() -> None:
    entities, mapping, merges = resolve_entities([
        article("courier", ("ICE", "GovernmentOrganization"), ("MPD", "GovernmentOrganization"), JAIL),
        article("tribune", ("Immigration and Customs Enforcement", "GovernmentOrganization"),
                ("Millbrook Police Department", "GovernmentOrganization"), JAIL),
        article("gazette", ("U.S. Immigration and Customs Enforcement", "GovernmentOrganization")),
    ])  # fmt: skip
    ice = node_of(mapping, entities, "courier#1")
    assert mapping["tribune#1"] == mapping["gazette#1"] == ice.id  # the lexicon, in any story
    assert ice.label == "U.S. Immigration and Customs Enforcement"
    assert mapping["courier#2"] == mapping["tribune#2"]  # initials, within the story
    record = next(m for m in merges if m.member == "courier#2")
    assert (record.rule, record.forms) == ("acronym", ("MPD", "Millbrook Police Department"))


def test_short_and_long_names_of_an_organisation_merge_when_the_story_has_one_long_form() -> None:
    entities, mapping, _ = resolve_entities([
        article("courier", ("Board of Supervisors", "GovernmentOrganization"), JAIL),
        article("tribune", HARLAN, JAIL),
        article("gazette", ("Corvid Analytics Inc.", "Organization")),
        article("radio", ("Corvid Analytics", "Organization")),
    ])  # fmt: skip
    assert mapping["courier#1"] == mapping["tribune#1"]
    assert node_of(mapping, entities, "courier#1").label == "Harlan County Board of Supervisors"
    assert mapping["gazette#1"] == mapping["radio#1"]
    assert node_of(mapping, entities, "radio#1").label == "Corvid Analytics Inc."


def test_a_short_name_with_two_long_forms_in_its_story_stays_apart() -> None:
    _, mapping, merges = resolve_entities([
        article("courier", ("Sheriff's Office", "GovernmentOrganization"), JAIL),
        article("tribune", ("Harlan County Sheriff's Office", "GovernmentOrganization"),
                ("Monroe County Sheriff's Office", "GovernmentOrganization"), JAIL),
    ])  # fmt: skip
    assert mapping["courier#1"] not in {mapping["tribune#1"], mapping["tribune#2"]}
    assert any(m.member == "courier#1" and m.rule == "ambiguous-short-name" for m in merges)


def test_spelling_variants_and_curly_apostrophes_merge() -> None:
    _, mapping, _ = resolve_entities([
        article("gazette", ("Millbrook Digital Rights Coalition", "AdvocacyGroup"),
                ("Harlan County Sheriff's Office", "GovernmentOrganization")),
        article("radio", ("Milbrook Digital Rights Coalition", "AdvocacyGroup"),
                ("Harlan County Sheriff’s Office", "GovernmentOrganization")),
    ])  # fmt: skip
    assert mapping["gazette#1"] == mapping["radio#1"]
    assert mapping["gazette#2"] == mapping["radio#2"]


def test_distinct_offices_stay_apart_even_when_an_article_confused_them() -> None:
    # The extractor gave the sheriff's office the attorney's office as an alias in one article.
    _, mapping, merges = resolve_entities([
        article("signal", ("Harlan County Sheriff's Office", "GovernmentOrganization",
                           ("Harlan County Attorney's Office",)), JAIL),
        article("tribune", ("Harlan County Attorney's Office", "GovernmentOrganization"), JAIL),
    ])  # fmt: skip
    assert mapping["signal#1"] != mapping["tribune#1"]
    assert any(m.rule == "distinct-names" and m.decision == "kept-apart" for m in merges)


def test_a_generic_name_in_two_stories_is_two_entities() -> None:
    entities, mapping, _ = resolve_entities([
        article("courier", ("City Council", "GovernmentOrganization"), HARLAN),
        article("tribune", ("City Council", "GovernmentOrganization"), HARLAN),
        article("gazette", ("City Council", "GovernmentOrganization"), ("Corvid Analytics", "Organization")),
    ])  # fmt: skip
    assert mapping["courier#1"] == mapping["tribune#1"] != mapping["gazette#1"]
    assert {entities[mapping["courier#1"]].label, entities[mapping["gazette#1"]].label} == {"City Council"}


def test_overrides_force_a_merge_and_keep_a_pair_apart() -> None:
    stories = [
        article("courier", ("Jim Kenney", "Person"), ("Tom R. Whitcomb", "Person")),
        article("tribune", ("James F. Kenney", "Person"), ("Thomas Whitcomb", "Person")),
    ]
    _, before, _ = resolve_entities(stories)
    assert before["courier#2"] == before["tribune#2"]
    force = (NameRef("Jim Kenney"), NameRef("James F. Kenney"))
    apart = (NameRef("Tom R. Whitcomb"), NameRef("Thomas Whitcomb", "tribune"))
    overrides = Overrides(merge=(force,), keep_apart=(apart,))
    _, after, merges = resolve_entities(stories, overrides=overrides)
    assert after["courier#2"] != after["tribune#2"]
    assert after["courier#1"] == after["tribune#1"]
    rules = {m.rule for m in merges}
    assert {"override:merge", "override:keep-apart"} <= rules


def test_merges_yml_is_read_and_bad_files_say_where(tmp_path: Path) -> None:
    path = tmp_path / "merges.yml"
    path.write_text(
        "merge:\n  - [Jim Kenney, James F. Kenney]\nkeep_apart:\n  - [Whitcomb, {name: Whitcomb, doc: a}]\n"
    )
    overrides = load_overrides(path)
    assert overrides.merge == ((NameRef("Jim Kenney"), NameRef("James F. Kenney")),)
    assert overrides.keep_apart[0][1] == NameRef("Whitcomb", "a")
    path.write_text("merge:\n  - [Jim Kenney, James F. Kenney]\n  - [only one]\n")
    with pytest.raises(InvalidOverrides, match="merge, item 2: expected a pair"):
        load_overrides(path)
    path.write_text("together: []\n")
    with pytest.raises(InvalidOverrides, match="merge and keep_apart"):
        load_overrides(path)


def test_every_decision_is_recorded_in_merges_jsonl_and_as_owl_same_as(tmp_path: Path) -> None:
    statements = [
        Relation("tribune#1", "holdsPost", "tribune#2", {"role": "Sheriff"}, (Evidence("tribune", 0, 5, "x"),))
    ]
    result, merges = resolve([
        article("courier", ("Tom R. Whitcomb", "Person"), HARLAN),
        article("tribune", ("Whitcomb", "Person"), HARLAN, statements=statements),
    ])  # fmt: skip
    write_merges(merges, tmp_path / "merges.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "merges.jsonl").read_text().splitlines()]
    row = next(r for r in rows if r["member"] == "tribune#1")
    assert (row["member_label"], row["doc"], row["rule"]) == ("Whitcomb", "tribune", "surname-in-story")
    assert (row["forms"], row["via"], row["decision"]) == (
        ["Whitcomb", "Tom R. Whitcomb"],
        "courier#1",
        "merged",
    )
    g = to_rdf(result)
    sheriff = entity_iri(row["canonical"])
    assert (mention_iri("tribune#1"), OWL.sameAs, sheriff) in g
    assert (mention_iri("courier#1"), OWL.sameAs, sheriff) in g
    comment = str(g.value(mention_iri("tribune#1"), RDFS.comment))
    assert "surname-in-story" in comment and "Tom R. Whitcomb" in comment


def test_a_fact_from_several_articles_is_one_statement_with_each_source_and_its_date() -> None:
    def holds(doc: str, start: int) -> Relation:
        ev = Evidence(doc, start, start + 10, "the sheriff")
        return Relation(f"{doc}#1", "holdsPost", f"{doc}#2", {"role": "Sheriff"}, (ev,), 0.8)

    result, _ = resolve([
        article("courier", ("Tom R. Whitcomb", "Person"), HARLAN, statements=[holds("courier", 0)]),
        article("radio", ("Tom Whitcomb", "Person"), HARLAN, statements=[holds("radio", 40)]),
    ])  # fmt: skip
    (stmt,) = result.statements
    assert [(e.doc, e.published) for e in stmt.evidence] == [
        ("courier", "2024-03-08"),
        ("radio", "2024-03-22"),
    ]
    assert stmt.evidence[0].to_json()["published"] == "2024-03-08"


def test_contradicting_claims_from_two_articles_are_both_kept_with_their_sources() -> None:
    said = Evidence("courier", 0, 60, "The sheriff said he briefed the Harlan County Board of Supervisors.")
    denied = Evidence("radio", 0, 70, "Supervisor Alice Whitcomb wrote that the board was never briefed.")
    result, _ = resolve([
        article("courier", ("Tom R. Whitcomb", "Person"), HARLAN,
                statements=[Claim("courier#1", "asserts", "courier#1", "briefed", "courier#2", (said,))]),
        article("radio", ("Tom Whitcomb", "Person"), ("Alice Whitcomb", "Person"), HARLAN,
                statements=[Claim("radio#2", "denies", "radio#1", "briefed", "radio#3", (denied,))]),
    ])  # fmt: skip
    claims = [s for s in result.statements if isinstance(s, Claim)]
    assert sorted((c.stance, c.evidence[0].doc) for c in claims) == [
        ("asserts", "courier"),
        ("denies", "radio"),
    ]
    ((yes, no),) = contested_claims(result.statements)
    assert yes.subject == no.subject and yes.object == no.object
    assert result.entities[yes.claimant].label == "Tom R. Whitcomb"
    assert result.entities[no.claimant].label == "Alice Whitcomb"


def test_the_result_does_not_depend_on_the_order_of_articles() -> None:
    stories = [
        article("courier", ("Tom R. Whitcomb", "Person"), ("Board of Supervisors", "GovernmentOrganization"), JAIL),
        article("tribune", ("Whitcomb", "Person"), HARLAN, JAIL),
        article("radio", ("City Council", "GovernmentOrganization"), ("MPD", "GovernmentOrganization")),
    ]
    forward = resolve_entities(stories)
    backward = resolve_entities(stories[::-1])
    assert forward == backward


def test_resolution_stays_near_linear_in_the_number_of_mentions() -> None:
    def corpus(n_docs: int) -> list[DocumentExtraction]:
        council = ("City Council", "GovernmentOrganization")
        return [
            article(
                f"d{d}",
                *((f"Person{d}x{i} Surname{(d * 7 + i) % 900}", "Person") for i in range(5)),
                (f"Agency {d % 50} Office", "GovernmentOrganization"),
                council,
            )
            for d in range(n_docs)
        ]

    def seconds(n_docs: int) -> float:
        started = time.perf_counter()
        resolve_entities(corpus(n_docs))
        return time.perf_counter() - started

    small, large = seconds(100), seconds(400)
    assert large < max(2.0, 10 * small), (small, large)  # 4x the mentions: nowhere near 16x the time


def test_merge_records_are_sorted_and_cover_every_article_entity() -> None:
    stories = [article("courier", ("Tom R. Whitcomb", "Person"), HARLAN), article("tribune", HARLAN)]
    _, mapping, merges = resolve_entities(stories)
    merged = [m for m in merges if m.decision != "kept-apart"]
    assert {m.member for m in merged} == set(mapping) == {"courier#1", "courier#2", "tribune#1"}
    assert all(isinstance(m, MergeRecord) for m in merges)
    assert merges == sorted(merges, key=lambda r: (r.canonical, r.decision != "merged", r.member))


def test_a_distinctive_name_with_its_words_reordered_is_one_body() -> None:
    doj = ("U.S. Department of Justice", "GovernmentOrganization")
    _, mapping, merges = resolve_entities([
        article("courier", ("Justice Department", "GovernmentOrganization")),
        article("gazette", doj, ("City Council", "Organization")),
        article("radio", ("Council City", "Organization")),
    ])  # fmt: skip
    assert mapping["courier#1"] == mapping["gazette#1"]
    assert next(m.rule for m in merges if m.member == "courier#1") in ("reordered-name", "agency-lexicon")
    assert mapping["gazette#2"] != mapping["radio#1"]  # generic words in another order are not a name


def test_a_description_joins_the_one_name_of_its_story_that_holds_its_words() -> None:
    coalition = ("Millbrook Digital Rights Coalition", "AdvocacyGroup")
    entities, mapping, merges = resolve_entities([
        article("courier", coalition, HARLAN),
        article(
            "tribune", ("digital rights group", "AdvocacyGroup"), HARLAN, ("civil liberties group", "AdvocacyGroup")
        ),
    ])  # fmt: skip
    assert mapping["tribune#1"] == mapping["courier#1"]
    assert node_of(mapping, entities, "tribune#1").label == "Millbrook Digital Rights Coalition"
    assert mapping["tribune#3"] != mapping["courier#1"]  # its words are not all in the coalition's name
    assert {m.member: m.rule for m in merges}["tribune#1"] == "description"


# An agreement is named by its program, its setting, its value, its vendor or product, and each outlet
# picks another; one story's descriptions are one agreement only on evidence, never two of one city.
BOARD = ("Dunmore County Board of Supervisors", "GovernmentOrganization")
ICE = ("U.S. Immigration and Customs Enforcement", "GovernmentOrganization")
DUNMORE_SHERIFF = ("Dunmore County Sheriff's Office", "GovernmentOrganization")
COUNCIL = ("Dunmore City Council", "GovernmentOrganization")


def party_to(doc: str, party: int, agreement: int) -> Relation:
    ev = Evidence(doc, 0, 20, "signed the agreement")
    return Relation(f"{doc}#{party}", "partyTo", f"{doc}#{agreement}", {}, (ev,), 0.8)


def test_one_agreement_named_by_program_and_by_setting_merges_through_its_two_parties(tmp_path: Path) -> None:
    pell_sheriff = ("Pell County Sheriff's Office", "GovernmentOrganization")
    both_parties = [party_to("courier", 2, 1), party_to("courier", 3, 1)]
    _, mapping, merges = resolve_entities([
        article("courier", ("287(g) agreement", "Agreement"), ICE, DUNMORE_SHERIFF, BOARD, statements=both_parties),
        article("tribune", ("jail agreement", "Agreement"), ICE, DUNMORE_SHERIFF, BOARD,
                statements=[party_to("tribune", 2, 1), party_to("tribune", 3, 1)]),
        # the story's neighbour county: its agreement with ICE has another sheriff's office as a party
        article("radio", ("detention agreement", "Agreement"), ICE, pell_sheriff, BOARD,
                statements=[party_to("radio", 2, 1), party_to("radio", 3, 1)]),
        # introduced as another one: no evidence of identity, whatever its parties
        article("signal", ("similar 287(g) agreement", "Agreement"), ICE, DUNMORE_SHERIFF, BOARD,
                statements=[party_to("signal", 2, 1), party_to("signal", 3, 1)]),
    ])  # fmt: skip
    assert mapping["courier#1"] == mapping["tribune#1"]
    assert mapping["radio#1"] != mapping["courier#1"] != mapping["signal#1"]
    record = next(m for m in merges if m.member in ("courier#1", "tribune#1") and m.via)
    assert record.rule == "agreement-same-parties"
    assert set(record.forms) == {"287(g) agreement", "jail agreement"}
    assert set(record.evidence) == {ICE[0], DUNMORE_SHERIFF[0]}
    write_merges(merges, tmp_path / "merges.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "merges.jsonl").read_text().splitlines()]
    assert next(r for r in rows if r["member"] == record.member)["evidence"] == list(record.evidence)


def test_a_contract_named_by_subject_value_vendor_and_product_is_one_contract() -> None:
    entities, mapping, merges = resolve_entities([
        article("gazette", COUNCIL, ("camera contract", "Agreement", ("contract", "deal")),
                ("contract with Redwood Metrics Inc", "Agreement", ("five-year, $3.1 million contract",)),
                ("Redwood Metrics Inc", "Organization"), ("Vantor", "InformationSystem", ("first 40 cameras",)),
                statements=[party_to("gazette", 4, 3)]),
        article("signal", COUNCIL, ("Vantor contract", "Agreement", ("city's $3.1 million contract",))),
        article("radio", COUNCIL, ("Dunmore contract", "Agreement", ("Dunmore's camera contract",))),
    ])  # fmt: skip
    ids = {"gazette#2", "gazette#3", "signal#2", "radio#2"}
    assert len({mapping[i] for i in ids}) == 1
    assert mapping["gazette#5"] != mapping["signal#2"]  # the product is not the contract that buys it
    rules = {m.member: (m.rule, m.evidence) for m in merges if m.member in ids and m.via}
    assert ("agreement-same-amount", ("$3.1 million",)) in rules.values()
    assert ("agreement-subject", ("Vantor: camera",)) in rules.values()
    assert entities[mapping["signal#2"]].type == "Agreement"


def test_two_contracts_of_one_city_stay_apart() -> None:
    city = ("City of Dunmore", "GovernmentOrganization")
    _, mapping, merges = resolve_entities([
        # one value, one party, but what they buy differs
        article("gazette", COUNCIL, city, ("camera contract", "Agreement", ("$2 million camera contract",)),
                ("Vantor", "InformationSystem", ("Vantor cameras",)),
                ("ParkWise", "InformationSystem", ("ParkWise cameras",)), statements=[party_to("gazette", 2, 3)]),
        article("signal", COUNCIL, city, ("road contract", "Agreement", ("$2 million road contract",)),
                statements=[party_to("signal", 2, 3)]),
        # two camera products of one city: "the camera contract" could be either, so it joins neither
        article("radio", COUNCIL, ("Vantor contract", "Agreement"), ("ParkWise contract", "Agreement")),
    ])  # fmt: skip
    assert mapping["gazette#3"] != mapping["signal#3"]
    assert mapping["radio#2"] != mapping["radio#3"]
    assert mapping["gazette#3"] not in (mapping["radio#2"], mapping["radio#3"])
    assert any(m.rule == "ambiguous-agreement" and m.decision == "kept-apart" for m in merges)
