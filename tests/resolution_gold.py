"""Score cross-article resolution against hand-made gold: which real entity each per-article entity is,
how many graph nodes each real entity became, wrong merges, and the must_merge / must_not_merge pairs.

Used by ``tests/test_stories.py`` and ``bench/resolution_report.py``. The gold is either a stories
directory (``entities.json``, ``graphkit-resolution-gold/1``) or a directory of ``civic-gold/1`` files
alone. A per-article entity is mapped to the real entity of its article whose name or forms contain its
label; one the gold does not list stays unmapped and is left out of the figures.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.names import name_key
from graphkit.resolve import TYPE_GROUPS
from graphkit.types import DocumentExtraction, Entity, MergeRecord


@dataclass
class RealEntity:
    id: str
    name: str
    type: str
    keys: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)


@dataclass
class Gold:
    entities: dict[str, RealEntity]
    must_merge: list[tuple[str, str]] = field(default_factory=list)
    must_not_merge: list[tuple[str, str]] = field(default_factory=list)

    def with_form(self, form: str) -> list[RealEntity]:
        return [e for e in self.entities.values() if name_key(form) in e.keys]


def load_gold(directory: str | Path) -> Gold:
    """Real entities from ``entities.json`` (if there is one) and every ``gold/*.json`` or ``*.json`` file."""
    root = Path(directory)
    gold = Gold({})
    files = sorted((root / "gold").glob("*.json")) if (root / "gold").is_dir() else sorted(root.glob("*.json"))
    # Without entities.json each file's ids are its own ("tpd" in two cities): same name, same entity.
    shared_ids = (root / "entities.json").exists()
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != "civic-gold/1":
            continue
        doc = data["document"]["id"]
        for ent in data["entities"]:
            rid = ent["id"] if shared_ids else f"{ent['type']}:{name_key(ent['name'])}"
            real = gold.entities.setdefault(rid, RealEntity(rid, ent["name"], ent["type"]))
            real.keys |= {name_key(f) for f in (ent["name"], *ent.get("aliases", []))}
            real.articles.add(doc)
    if (root / "entities.json").exists():
        data = json.loads((root / "entities.json").read_text(encoding="utf-8"))
        for ent in data["entities"]:
            real = gold.entities.setdefault(ent["id"], RealEntity(ent["id"], ent["name"], ent["type"]))
            real.keys |= {name_key(f) for f in (ent["name"], *ent["forms"])}
            real.articles |= set(ent["articles"])
        gold.must_merge = [(a, b) for a, b, *_ in data["must_merge"]]
        gold.must_not_merge = [(a, b) for a, b, *_ in data["must_not_merge"]]
    return gold


def map_entities(local: Iterable[Entity], gold: Gold) -> dict[str, str]:
    """Per-article entity id → real entity id, for entities whose label the gold of their article names."""
    mapping = {}
    for ent in local:
        doc = ent.id.split("#")[0]
        found = [r.id for r in gold.entities.values() if doc in r.articles and name_key(ent.label) in r.keys]
        if len(found) == 1:
            mapping[ent.id] = found[0]
    return mapping


@dataclass
class Figures:
    mentions: int = 0
    mapped: int = 0
    canonical: int = 0
    real: int = 0
    nodes_per_real: float = 0.0
    nodes_per_real_same_type: float = 0.0
    wrong_merges: int = 0
    wrong_examples: list[list[str]] = field(default_factory=list)
    split_examples: list[list[str]] = field(default_factory=list)
    must_merge: tuple[int, int, int] = (0, 0, 0)  # (pairs, testable, passed)
    must_not_merge: tuple[int, int, int] = (0, 0, 0)
    failed_pairs: list[str] = field(default_factory=list)


def _group(kind: str) -> str:
    return TYPE_GROUPS.get(kind, kind)


def _forms(ent: Entity) -> set[str]:
    return {name_key(f) for f in (ent.label, *ent.aliases)}


def pair_members(form: str, gold: Gold, local: dict[str, Entity], real_of: dict[str, str]) -> set[str]:
    """Per-article entities that use ``form`` and are the real entity the gold gives that form."""
    reals = {r.id for r in gold.with_form(form)}
    return {i for i, e in local.items() if real_of.get(i) in reals and name_key(form) in _forms(e)}


def pair_status(pair: tuple[str, str], gold: Gold, local: dict[str, Entity], real_of: dict[str, str],
                canonical: dict[str, str]) -> tuple[bool, bool]:  # fmt: skip
    """(testable, merged): both forms were extracted, and some entities using them became one node."""
    lhs, rhs = (pair_members(form, gold, local, real_of) for form in pair)
    if not lhs or not rhs:
        return False, False
    return True, bool({canonical[i] for i in lhs} & {canonical[i] for i in rhs})


def score(extractions: list[DocumentExtraction], merges: list[MergeRecord], gold: Gold) -> Figures:
    """The figures of one resolved corpus against its gold."""
    local = {e.id: e for x in extractions for e in x.entities.values()}
    canonical = {m.member: m.canonical for m in merges if m.decision != "kept-apart"}
    real_of = map_entities(local.values(), gold)
    nodes: dict[str, set[str]] = defaultdict(set)
    reals_in: dict[str, set[str]] = defaultdict(set)
    for member, real in real_of.items():
        nodes[real].add(canonical[member])
        reals_in[canonical[member]].add(real)
    fig = Figures(mentions=len(local), mapped=len(real_of), canonical=len(set(canonical.values())), real=len(nodes))
    fig.nodes_per_real = sum(len(n) for n in nodes.values()) / max(1, len(nodes))
    typed: dict[tuple[str, str], set[str]] = defaultdict(set)
    for member, real in real_of.items():
        typed[(real, _group(local[member].type))].add(canonical[member])
    fig.nodes_per_real_same_type = sum(len(n) for n in typed.values()) / max(1, len(typed))
    wrong = {c: sorted(r) for c, r in reals_in.items() if len(r) > 1}
    fig.wrong_merges = sum(len(r) - 1 for r in wrong.values())
    fig.wrong_examples = [[c, *r] for c, r in sorted(wrong.items())]
    fig.split_examples = [[r, *sorted(n)] for r, n in sorted(nodes.items()) if len(n) > 1]
    fig.must_merge = _pairs(gold.must_merge, True, gold, local, real_of, canonical, fig.failed_pairs)
    fig.must_not_merge = _pairs(gold.must_not_merge, False, gold, local, real_of, canonical, fig.failed_pairs)
    return fig


def _pairs(
    pairs: list[tuple[str, str]],
    want: bool,
    gold: Gold,
    local: dict[str, Entity],
    real_of: dict[str, str],
    canonical: dict[str, str],
    failed: list[str],
) -> tuple[int, int, int]:
    testable = passed = 0
    for pair in pairs:
        ok, merged = pair_status(pair, gold, local, real_of, canonical)
        testable += ok
        passed += ok and merged == want
        if ok and merged != want:
            failed.append(f"{'must_merge' if want else 'must_not_merge'}: {pair[0]!r} / {pair[1]!r}")
    return len(pairs), testable, passed
