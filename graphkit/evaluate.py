"""Evaluation of a statements export against hand-made gold files (format ``civic-gold/1``).

The matching rules are those of the project's reference scorer, so that ``graphkit eval`` and the
scorer agree on the same files: entities match by normalised label, else by alias; a relation matches
a gold relation of the same type whose head and tail (or accepted alternatives) it names; symmetric
relations match both ways; optional gold items are neither required nor penalised; quotes match by
normalised containment and count only with the right speaker; claims match claimant, stance, subject
and, when the gold names one, object.

Examples:
    >>> norm("The PARS contract's end.")
    'pars contract end'
    >>> prf(3, 1, 1)["f1"]
    0.75
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GraphkitError
from .vocab import RELATIONS, TYPED_RELATIONS

__all__ = ["DocumentScore", "Report", "evaluate", "load_gold", "norm", "prf"]

QUOTE_MIN_WORDS_FOR_FP = 3
_PUNCT = re.compile(r"[^\w$%.\- ]+")


def norm(text: str | None) -> str:
    """Normalise a name or quotation for matching: quotes, possessives, punctuation, leading article."""
    if not text:
        return ""
    t = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    t = t.replace("'s ", " ").lower()
    t = _PUNCT.sub(" ", t)
    t = re.sub(r"\s+", " ", t).strip(" .-")
    for article in ("the ", "a ", "an "):
        if t.startswith(article):
            t = t[len(article) :]
    return t


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Counts with precision, recall and F1 (rounded to four places)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


class EvaluationError(GraphkitError):
    """A gold file or a predictions file cannot be read."""

    code = "GK500"


@dataclass(slots=True)
class Gold:
    """One gold document with an index from normalised names to entity ids."""

    data: dict[str, Any]
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def __post_init__(self) -> None:
        for ent in self.data["entities"]:
            for name in [ent["name"], *ent.get("aliases", [])]:
                self.names[norm(name)].add(ent["id"])

    @property
    def doc_id(self) -> str:
        return str(self.data["document"]["id"])

    def resolve(self, ent: Mapping[str, Any] | None) -> set[str]:
        """Gold ids a predicted entity stands for: by label, else by any alias."""
        if not ent:
            return set()
        ids = set(self.names.get(norm(ent.get("label")), ()))
        if not ids:
            for alias in ent.get("aliases", []) or []:
                ids |= self.names.get(norm(alias), set())
        return ids


@dataclass(slots=True)
class DocumentScore:
    doc_id: str
    relations: dict[str, Any]
    claims: dict[str, Any]
    quotes: dict[str, Any]
    entities: dict[str, Any]
    misses: list[str]


@dataclass(slots=True)
class Report:
    documents: list[DocumentScore]

    @property
    def micro(self) -> dict[str, dict[str, Any]]:
        totals: dict[str, Counter[str]] = defaultdict(Counter)
        for doc in self.documents:
            for part in ("relations", "claims", "quotes"):
                for k in ("tp", "fp", "fn"):
                    totals[part][k] += getattr(doc, part)[k]
        return {part: prf(c["tp"], c["fp"], c["fn"]) for part, c in totals.items()}

    @property
    def per_type(self) -> dict[str, dict[str, Any]]:
        totals: dict[str, Counter[str]] = defaultdict(Counter)
        for doc in self.documents:
            for name, counts in doc.relations["per_type"].items():
                for k in ("tp", "fp", "fn"):
                    totals[name][k] += counts[k]
        return {name: prf(c["tp"], c["fp"], c["fn"]) for name, c in sorted(totals.items())}

    def to_json(self) -> dict[str, Any]:
        docs = {d.doc_id: {"relations": d.relations, "claims": d.claims, "quotes": d.quotes, "entities": d.entities}
                for d in self.documents}  # fmt: skip
        return {**docs, "micro": self.micro, "per_type": self.per_type}


def _relations(gold: Gold, preds: list[dict[str, Any]], log: list[str]) -> dict[str, Any]:
    vocab = set(TYPED_RELATIONS) | {r["relation"] for r in gold.data["relations"]}
    relations = gold.data["relations"]
    symmetric = {name for name, term in RELATIONS.items() if term.symmetric}
    seen: set[tuple[str, ...]] = set()
    matched: set[int] = set()
    tp = fp = dup = role_ok = role_n = date_ok = date_n = 0
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    for s in (p for p in preds if p.get("predicate") in vocab):
        quals = s.get("qualifiers", {}) or {}
        date = str(quals.get("date") or "")[:10]
        key = (norm(s["subject"].get("label")), s["predicate"], norm(s["object"].get("label")), date)
        if key in seen:
            continue
        seen.add(key)
        heads, tails = gold.resolve(s.get("subject")), gold.resolve(s.get("object"))
        candidates = []
        for i, g in enumerate(relations):
            if g["relation"] != s["predicate"]:
                continue
            gh, gt = {g["head"], *g.get("alt_heads", [])}, {g["tail"], *g.get("alt_tails", [])}
            if (heads & gh and tails & gt) or (g["relation"] in symmetric and heads & gt and tails & gh):
                candidates.append(i)
        candidates.sort(key=lambda i: (i in matched, relations[i].get("date", date) != date))
        hit = candidates[0] if candidates else None
        if hit is None or hit in matched:
            fp += 1
            dup += hit is not None
            per_type[s["predicate"]]["fp"] += 1
            log.append(f"  {'DUP' if hit is not None else 'FP'} relation {key}")
            continue
        matched.add(hit)
        g = relations[hit]
        if g.get("optional"):
            continue
        tp += 1
        per_type[g["relation"]]["tp"] += 1
        if "role" in g:
            role_n += 1
            pr, gr = norm(quals.get("role")), norm(g["role"])
            role_ok += bool(pr) and (gr in pr or pr in gr)
        if "date" in g:
            date_n += 1
            date_ok += date == g["date"]
    fn = 0
    for i, g in enumerate(relations):
        if i not in matched and not g.get("optional"):
            fn += 1
            per_type[g["relation"]]["fn"] += 1
            log.append(f"  FN relation {g['head']} {g['relation']} {g['tail']}  | {g.get('evidence', '')[:80]}")
    out = prf(tp, fp, fn)
    out.update(
        duplicates=dup,
        role_accuracy=round(role_ok / role_n, 4) if role_n else None,
        date_accuracy=round(date_ok / date_n, 4) if date_n else None,
        per_type={t: prf(c["tp"], c["fp"], c["fn"]) for t, c in sorted(per_type.items())},
    )
    return out


def _claims(gold: Gold, preds: list[dict[str, Any]], log: list[str]) -> dict[str, Any]:
    claims = gold.data.get("claims", [])
    matched: set[int] = set()
    tp = fp = 0
    for s in (p for p in preds if p.get("kind") == "claim"):
        who, subj, obj = (
            gold.resolve(s.get("claimant")),
            gold.resolve(s.get("subject")),
            gold.resolve(s.get("object")),
        )
        hit = next(
            (
                i
                for i, g in enumerate(claims)
                if i not in matched
                and g["stance"] == s.get("stance")
                and who & {g["claimant"], *g.get("alt_claimants", [])}
                and g["subject"] in subj
                and (not g.get("object") or g["object"] in obj)
            ),
            None,
        )
        if hit is None:
            fp += 1
            log.append(f"  FP claim {(s.get('claimant') or {}).get('label')} {s.get('stance')} {s.get('predicate')}")
        else:
            matched.add(hit)
            tp += not claims[hit].get("optional")
    fn = 0
    for i, g in enumerate(claims):
        if i not in matched and not g.get("optional"):
            fn += 1
            log.append(f"  FN claim {g['claimant']} {g['stance']} {g['subject']} {g['predicate']}")
    return prf(tp, fp, fn)


def _quotes(gold: Gold, preds: list[dict[str, Any]], log: list[str]) -> dict[str, Any]:
    quotes = gold.data.get("quotes", [])
    found: dict[int, bool] = {}
    fp = 0
    for s in (p for p in preds if p.get("kind") == "quote"):
        text = norm(s.get("text"))
        hit = next(
            (
                i
                for i, g in enumerate(quotes)
                if (gt := norm(g["text"])) and text and (gt in text or (text in gt and len(text) >= 0.5 * len(gt)))
            ),
            None,
        )
        if hit is None:
            if len(text.split()) >= QUOTE_MIN_WORDS_FOR_FP:
                fp += 1
                log.append(f"  FP quote {s.get('text', '')[:60]!r}")
            continue
        g = quotes[hit]
        right = bool(gold.resolve(s.get("speaker")) & {g["speaker"], *g.get("alt_speakers", [])})
        found[hit] = found.get(hit, False) or right
    required = [i for i, g in enumerate(quotes) if not g.get("optional")]
    hits = [i for i in required if i in found]
    attributed = [i for i in hits if found[i]]
    for i in required:
        if i not in found:
            log.append(f"  FN quote {quotes[i]['text'][:60]!r}")
        elif not found[i]:
            log.append(f"  WRONG SPEAKER quote {quotes[i]['text'][:60]!r} (gold {quotes[i]['speaker']})")
    out = prf(len(attributed), fp + len(hits) - len(attributed), len(required) - len(attributed))
    out.update(found=len(hits), required=len(required))
    return out


def _entities(gold: Gold, preds: list[dict[str, Any]]) -> dict[str, Any]:
    nodes: dict[str, set[str]] = defaultdict(set)
    for s in preds:
        for role in ("subject", "object", "claimant", "speaker"):
            ent = s.get(role)
            if isinstance(ent, dict) and ent.get("label"):
                for gid in gold.resolve(ent):
                    nodes[gid].add(ent.get("id") or norm(ent["label"]))
    counts = [len(v) for v in nodes.values()]
    return {
        "gold_entities_seen": len(nodes),
        "gold_entities": len(gold.data["entities"]),
        "nodes_per_entity": round(sum(counts) / len(counts), 3) if counts else None,
        "split": sorted(k for k, v in nodes.items() if len(v) > 1),
    }


def load_gold(path: str | Path) -> list[Gold]:
    """Gold documents from one ``civic-gold/1`` file or every ``*.json`` of a directory."""
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise EvaluationError(f"no gold files (*.json) in {path}")
    golds = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as err:
            raise EvaluationError(f"{f}: not a readable JSON gold file ({err})") from err
        if data.get("format") != "civic-gold/1":
            raise EvaluationError(f'{f}: expected "format": "civic-gold/1"')
        golds.append(Gold(data))
    return golds


def _cites(stmt: Mapping[str, Any], doc_id: str) -> bool:
    docs = {ev.get("doc") for ev in stmt.get("evidence", []) or []} - {None}
    return not docs or doc_id in docs


def evaluate(golds: Iterable[Gold], predictions: list[dict[str, Any]]) -> Report:
    """Score predicted statements (dicts of ``statements.jsonl``) against gold documents."""
    scores = []
    for gold in golds:
        mine = [s for s in predictions if _cites(s, gold.doc_id)]
        log: list[str] = []
        rel_stmts = [
            s
            for s in mine
            if s.get("kind", "relation") == "relation"
            and isinstance(s.get("subject"), dict)
            and isinstance(s.get("object"), dict)
        ]
        scores.append(
            DocumentScore(
                gold.doc_id,
                _relations(gold, rel_stmts, log),
                _claims(gold, mine, log),
                _quotes(gold, mine, log),
                _entities(gold, mine),
                log,
            )
        )
    return Report(scores)


def read_predictions(path: str | Path) -> list[dict[str, Any]]:
    """The statements of a ``statements.jsonl`` file (or of ``DIR/statements.jsonl``)."""
    path = Path(path)
    if path.is_dir():
        path = path / "statements.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise EvaluationError(f"cannot read predictions {path}: {err.strerror or err}") from err
    out = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise EvaluationError(f"{path.name}, line {number}: not JSON ({err.msg})") from err
    return out
