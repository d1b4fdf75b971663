"""Cross-article resolution figures: mentions, canonical entities, nodes per real entity, wrong merges.

Builds each corpus (parse, extract, resolve; nothing is written) and scores it against its gold, the
stories fixtures' ``entities.json`` or a directory of ``civic-gold/1`` files:

    python bench/resolution_report.py                       # tests/data/stories and corpus/
    python bench/resolution_report.py --set eval=tests/data/eval/articles:tests/data/eval/gold --json

* mentions: per-article entities the extractor found (mapped: those the gold names);
* canonical entities: graph nodes they became;
* nodes per real entity: for each real entity found, the nodes it is spread over (target <= 1.05);
  "same-type" counts nodes only once per type group: the splits left are resolution's, not the
  extractor's typing ("Delgado-Hart" tagged an organisation in one article, a person in the others);
* wrong merges: real entities that share a node with another real entity (target 0);
* must_merge / must_not_merge: pairs of the gold, testable when both forms were extracted.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from resolution_gold import Figures, load_gold, score  # noqa: E402

from graphkit.corpus import iter_corpus  # noqa: E402
from graphkit.errors import DocumentError  # noqa: E402
from graphkit.nlp import load_model  # noqa: E402
from graphkit.pipeline import extract_documents  # noqa: E402
from graphkit.resolve import resolve  # noqa: E402

DEFAULT_SETS = {
    "stories": (ROOT / "tests/data/stories/articles", ROOT / "tests/data/stories"),
    "corpus": (ROOT / "corpus", ROOT / "tests/data/gold"),
}


def figures(articles: Path, gold_dir: Path) -> Figures:
    """Build one corpus and score its resolution."""
    docs = [d for d in iter_corpus(articles) if not isinstance(d, DocumentError)]
    extractions = list(extract_documents(docs, load_model()))
    _, merges = resolve(extractions)
    return score(extractions, merges, load_gold(gold_dir))


def _row(name: str, fig: Figures) -> str:
    mm, mn = fig.must_merge, fig.must_not_merge
    cells = [
        f"{name:<10}",
        f"{fig.mentions:>8}",
        f"{fig.mapped:>6}",
        f"{fig.canonical:>9}",
        f"{fig.real:>5}",
        f"{fig.nodes_per_real:>10.3f}",
        f"{fig.nodes_per_real_same_type:>9.3f}",
        f"{fig.wrong_merges:>6}  ",
        f"{mm[2]}/{mm[1]} of {mm[0]:<4}",
        f"{mn[2]}/{mn[1]} of {mn[0]}",
    ]
    return " ".join(cells)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[], help="NAME=ARTICLES:GOLD, instead of the defaults")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--verbose", "-v", action="store_true", help="list wrong merges, splits and failed pairs")
    args = parser.parse_args(argv)
    sets = DEFAULT_SETS
    if args.set:
        sets = {}
        for item in args.set:
            name, _, paths = item.partition("=")
            articles, _, gold = paths.partition(":")
            sets[name] = (Path(articles), Path(gold))
    results = {name: figures(articles, gold) for name, (articles, gold) in sets.items()}
    if args.json:
        print(json.dumps({name: asdict(fig) for name, fig in results.items()}, indent=2))
        return 0
    head = ["corpus    ", "mentions", "mapped", "canonical", " real", "nodes/real", "same-type", " wrong  "]
    print(" ".join([*head, "must_merge    ", "must_not_merge (passed/testable of pairs)"]))
    for name, fig in results.items():
        print(_row(name, fig))
        if args.verbose:
            for example in fig.wrong_examples:
                print(f"    wrong merge: {example[0]} holds {', '.join(example[1:])}")
            for example in fig.split_examples:
                print(f"    split: {example[0]} is {', '.join(example[1:])}")
            for failed in fig.failed_pairs:
                print(f"    failed {failed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
