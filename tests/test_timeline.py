"""The timeline of a corpus (``graphkit.timeline``) and its ``timeline.csv`` export."""

from __future__ import annotations

import csv
from pathlib import Path

from graphkit.export import DEFAULT_FORMATS, EXPORTERS, exporter_for, write_all
from graphkit.resolve import resolve
from graphkit.timeline import timeline
from graphkit.types import (
    Attribute,
    Claim,
    Document,
    DocumentExtraction,
    Entity,
    Evidence,
    Relation,
    StatementSet,
)

DOCS = {
    "courier": Document("courier", "", publisher="The Harlan Courier", published="2024-03-08"),
    "radio": Document("radio", "", publisher="Northfield Public Radio", published="2024-03-22"),
}
ENTITIES = {
    e.id: e
    for e in (
        Entity("p/tom", "Thomas R. Whitcomb", "Person"),
        Entity("p/alice", "Alice Whitcomb", "Person"),
        Entity("o/ice", "U.S. Immigration and Customs Enforcement", "GovernmentOrganization"),
        Entity("a/287g", "Harlan County 287(g) agreement", "Agreement"),
    )
}


def ev(doc: str, text: str) -> Evidence:
    return Evidence(doc, 0, len(text), text)


def story() -> StatementSet:
    signed = ev("courier", "Sheriff Tom R. Whitcomb on Monday signed a 287(g) agreement with ICE.")
    letter = ev("radio", "In a letter sent Wednesday to the sheriff, Supervisor Alice Whitcomb wrote ...")
    recalled = ev("radio", "The sheriff signed the agreement with ICE on March 4.")
    return StatementSet(
        documents=DOCS,
        entities=ENTITIES,
        statements=[
            Relation("p/alice", "communicatedWith", "p/tom", {"date": "2024-03-20"}, (letter,)),
            Relation("p/tom", "partyTo", "a/287g", {"date": "2024-03-04"}, (recalled, signed)),
            Relation("o/ice", "hasAccessTo", "a/287g", {"since": "2024"}, (signed,)),
            Attribute("a/287g", "endDate", "2024-03", (recalled,)),
            Relation("p/tom", "opposes", "o/ice", {}, (signed,)),  # no date of its own
            Claim("p/alice", "denies", "p/tom", "briefed", None, (letter,)),
        ],
    )  # fmt: skip


def test_dated_facts_are_listed_in_order_and_undated_ones_left_out() -> None:
    events = timeline(story())
    assert [(e.date, e.predicate) for e in events] == [
        ("2024", "hasAccessTo"),
        ("2024-03", "endDate"),
        ("2024-03-04", "partyTo"),
        ("2024-03-20", "communicatedWith"),
    ]
    assert events[2].summary == "2024-03-04: Thomas R. Whitcomb partyTo Harlan County 287(g) agreement"
    assert [e.qualifier for e in events] == ["since", "endDate", "date", "date"]


def test_each_event_lists_its_sources_with_publication_dates_oldest_first() -> None:
    signing = next(e for e in timeline(story()) if e.predicate == "partyTo")
    assert [(s.doc, s.published, s.publisher) for s in signing.sources] == [
        ("courier", "2024-03-08", "The Harlan Courier"),
        ("radio", "2024-03-22", "Northfield Public Radio"),
    ]
    assert signing.sources[0].sentence.startswith("Sheriff Tom R. Whitcomb on Monday signed")


def test_timeline_csv_is_a_registered_default_export(tmp_path: Path) -> None:
    assert "timeline" in DEFAULT_FORMATS
    assert exporter_for("text/csv") is EXPORTERS["timeline"]
    (path,) = write_all(story(), tmp_path, formats=["timeline"])
    assert path.name == "timeline.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["date"] for r in rows] == ["2024", "2024-03", "2024-03-04", "2024-03-20"]
    signing = rows[2]
    assert (signing["subject"], signing["predicate"], signing["object"]) == (
        "Thomas R. Whitcomb", "partyTo", "Harlan County 287(g) agreement"
    )  # fmt: skip
    assert signing["sources"] == "courier | radio"
    assert signing["published"] == "2024-03-08 | 2024-03-22"
    assert signing["statement"].startswith("relation/")


def test_a_resolved_corpus_keeps_publication_dates_on_evidence_and_in_the_timeline() -> None:
    def extraction(doc: Document, start: int) -> DocumentExtraction:
        a, b = f"{doc.id}#1", f"{doc.id}#2"
        people = {
            a: Entity(a, "Alice Whitcomb", "Person", (), (doc.id,)),
            b: Entity(b, "Thomas Whitcomb", "Person"),
        }
        met = Relation(a, "metWith", b, {"date": "2024-03-12"}, (Evidence(doc.id, start, start + 9, "They met."),))
        return DocumentExtraction(doc, people, [met])

    result, _ = resolve([extraction(DOCS["courier"], 0), extraction(DOCS["radio"], 30)])
    (event,) = timeline(result)
    assert (event.date, event.subject, event.object) == ("2024-03-12", "Alice Whitcomb", "Thomas Whitcomb")
    assert [(s.doc, s.published) for s in event.sources] == [
        ("courier", "2024-03-08"),
        ("radio", "2024-03-22"),
    ]
    (stmt,) = result.statements
    assert [e.to_json()["published"] for e in stmt.evidence] == ["2024-03-08", "2024-03-22"]
