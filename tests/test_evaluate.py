"""graphkit eval agrees with the reference scorer's rules on small predictions of our own."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.evaluate import evaluate, load_gold

GOLD = {
    "format": "civic-gold/1",
    "document": {"id": "d1"},
    "entities": [
        {"id": "ana", "name": "Ana Ruiz", "type": "Person", "aliases": ["Ruiz", "the mayor"]},
        {"id": "city", "name": "City of Reno", "type": "GovernmentOrganization", "aliases": ["Reno"]},
        {"id": "ice", "name": "ICE", "type": "GovernmentOrganization", "aliases": []},
    ],
    "relations": [
        {"head": "ana", "relation": "holdsPost", "tail": "city", "role": "Mayor"},
        {"head": "city", "relation": "metWith", "tail": "ice", "date": "2024-03-04"},
        {"head": "ana", "relation": "opposes", "tail": "ice", "optional": True},
    ],
    "claims": [{"claimant": "ana", "stance": "denies", "subject": "ice", "predicate": "x", "object": None}],
    "quotes": [{"speaker": "ana", "text": "We will not renew it."}],
}


def ent(label: str) -> dict:  # type: ignore[type-arg]
    return {"id": label.lower(), "label": label, "type": "X", "aliases": []}


def ev() -> list[dict]:  # type: ignore[type-arg]
    return [{"doc": "d1", "text": "s", "start": 0, "end": 1}]


PREDS = [
    {"kind": "relation", "subject": ent("Ana Ruiz"), "predicate": "holdsPost", "object": ent("Reno"),
     "qualifiers": {"role": "mayor"}, "evidence": ev()},
    {"kind": "relation", "subject": ent("ICE"), "predicate": "metWith", "object": ent("City of Reno"),
     "qualifiers": {"date": "2024-03-05"}, "evidence": ev()},
    {"kind": "relation", "subject": ent("Ana Ruiz"), "predicate": "opposes", "object": ent("ICE"), "evidence": ev()},
    {"kind": "relation", "subject": ent("Ruiz"), "predicate": "supports", "object": ent("ICE"), "evidence": ev()},
    {"kind": "relation", "subject": ent("Ruiz"), "predicate": "relatedTo", "object": ent("ICE"), "evidence": ev()},
    {"kind": "claim", "claimant": ent("the mayor"), "stance": "denies", "subject": ent("ICE"), "evidence": ev()},
    {"kind": "quote", "speaker": ent("Ruiz"), "text": "We will not renew it.", "evidence": ev()},
    {"kind": "quote", "speaker": None, "text": "scare", "evidence": ev()},
]  # fmt: skip


def test_relations_claims_and_quotes_are_scored_by_the_reference_rules(tmp_path: Path) -> None:
    (tmp_path / "g.json").write_text(json.dumps(GOLD))
    report = evaluate(load_gold(tmp_path), PREDS)
    (doc,) = report.documents
    # symmetric metWith matches reversed; optional opposes neither counts nor hurts; supports is a false
    # positive; relatedTo is never scored; the wrong date still matches but lowers date accuracy
    assert (doc.relations["tp"], doc.relations["fp"], doc.relations["fn"]) == (2, 1, 0)
    assert doc.relations["role_accuracy"] == 1.0 and doc.relations["date_accuracy"] == 0.0
    assert doc.claims["f1"] == 1.0
    assert doc.quotes["f1"] == 1.0  # a one-word unmatched quote is not a false positive
    assert report.per_type["supports"]["fp"] == 1


def test_the_eval_command_lists_misses(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "g.json").write_text(json.dumps(GOLD))
    pred = tmp_path / "statements.jsonl"
    pred.write_text("\n".join(json.dumps(p) for p in PREDS[:1]) + "\n")
    result = CliRunner().invoke(app, ["eval", str(pred), "--gold", str(tmp_path / "gold"), "--misses"])
    assert result.exit_code == 0
    assert "FN relation city metWith ice" in result.output
    assert "micro: relations P=1.000 R=0.500 F1=0.667" in result.output


def test_a_gold_file_in_another_format_is_refused(tmp_path: Path) -> None:
    (tmp_path / "g.json").write_text(json.dumps({"format": "other"}))
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--gold", str(tmp_path)])
    assert result.exit_code == 2 and "civic-gold/1" in result.output
