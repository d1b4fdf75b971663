"""graphkit's extractor on CoNLL04 (news sentences of the 1990s), for the relations the two share.

CoNLL04 annotates Work_For (person → organisation), OrgBased_In (organisation → place) and Located_In
(place → place); graphkit's holdsPost/memberOf and locatedIn say the same. Live_In and Kill have no
graphkit relation and are left out. A predicted relation counts when its subject and object names
(label or any alias) match the annotated spans, compared without case, articles or possessives.

    python3 bench/conll04.py --data ../shared/bench/conll04/conll04_dev.json

This is a script, not a test: it prints a table and writes bench/results/conll04.json.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from graphkit.extract import extract_document
from graphkit.nlp import load_model
from graphkit.types import Document, Relation

SHARED = {"Work_For": {"holdsPost", "memberOf"}, "OrgBased_In": {"locatedIn"}, "Located_In": {"locatedIn"}}


def norm(text: str) -> str:
    text = re.sub(r"'s\b", "", text.lower().replace("`", "'"))
    text = re.sub(r"^(the|a|an) ", "", re.sub(r"[^\w ]+", " ", text).strip())
    return re.sub(r"\s+", " ", text).strip()


def detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([,.;:!?%)'])", r"\1", text).replace("( ", "(").replace(" n't", "n't")
    return text.replace("`` ", '"').replace(" ''", '"')


def gold_pairs(sentence: dict[str, Any]) -> set[tuple[str, str, str]]:
    spans = [norm(" ".join(sentence["tokens"][e["start"] : e["end"]])) for e in sentence["entities"]]
    return {(r["type"], spans[r["head"]], spans[r["tail"]]) for r in sentence["relations"] if r["type"] in SHARED}


def predicted(nlp: Any, text: str) -> list[tuple[set[str], str, set[str]]]:
    x = extract_document(nlp(text), Document(id="s", text=text))
    names = {e.id: {norm(e.label), *(norm(a) for a in e.aliases)} for e in x.entities.values()}
    return [(names[s.subject], s.predicate, names[s.object]) for s in x.statements if isinstance(s, Relation)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/bench/conll04/conll04_dev.json"))
    ap.add_argument("--out", type=Path, default=Path("bench/results/conll04.json"))
    args = ap.parse_args()
    sentences = json.loads(args.data.read_text())
    nlp = load_model()
    counts: dict[str, Counter[str]] = {t: Counter() for t in SHARED}
    started = time.perf_counter()
    for sentence in sentences:
        gold = gold_pairs(sentence)
        preds = predicted(nlp, detokenize(sentence["tokens"]))
        for kind, head, tail in gold:
            found = any(p in SHARED[kind] and head in s and tail in o for s, p, o in preds)
            counts[kind]["tp" if found else "fn"] += 1
        for s, p, o in preds:
            kinds = [k for k, ours in SHARED.items() if p in ours]
            if kinds and not any((k, h, t) in gold for k in kinds for h in s for t in o):
                counts[kinds[0]]["fp"] += 1
    rows = {}
    print(f"{'relation':12} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for kind, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        rows[kind] = {**c, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
        print(f"{kind:12} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4} {p:>6.2f} {r:>6.2f} {f:>6.2f}")
    seconds = time.perf_counter() - started
    print(f"{len(sentences)} sentences of {args.data.name} in {seconds:.1f} s")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"data": str(args.data.name), "sentences": len(sentences), "relations": rows}, indent=2)
    )


if __name__ == "__main__":
    main()
