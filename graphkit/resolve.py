"""Stage 4: resolution. Per-article entities become the corpus's entities, and per-article statements
become one statement per fact with the evidence of every sentence and article that supports it.

Entities merge when they are the same: the same normalised name, a surname with the one full name that
carries it, "Marcel Pratt" and "Marcel S. Pratt", an acronym and its expansion, an organisation's short and
long names. They never merge across incompatible types, nor when first names conflict. Candidates are
blocked by type group and name key, so resolution stays near-linear in the number of mentions. Every
merge is recorded with its rule (:class:`MergeRecord`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from nameparser import HumanName
from rapidfuzz import fuzz

from .types import Claim, DocumentExtraction, Entity, Relation, Statement, StatementSet, entity_refs

__all__ = ["MergeRecord", "entity_id", "resolve", "slug"]

TYPE_GROUPS = {
    "Person": "person",
    "GovernmentOrganization": "org",
    "Court": "org",
    "AdvocacyGroup": "org",
    "Organization": "org",
}
TYPE_PRIORITY = ["Court", "GovernmentOrganization", "AdvocacyGroup", "Organization"]


@dataclass(frozen=True, slots=True)
class MergeRecord:
    """One decision: ``member`` (a per-article entity) is ``canonical``, by ``rule``."""

    canonical: str
    member: str
    member_label: str
    doc: str
    rule: str

    def to_json(self) -> dict[str, str]:
        return {"canonical": self.canonical, "member": self.member, "member_label": self.member_label,
                "doc": self.doc, "rule": self.rule}  # fmt: skip


def slug(text: str) -> str:
    """A readable, stable identifier part.

    Examples:
        >>> slug("Marcel S. Pratt")
        'marcel-s-pratt'
        >>> slug("U.S. Immigration and Customs Enforcement")
        'us-immigration-and-customs-enforcement'
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[.']", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def entity_id(kind: str, label: str) -> str:
    """The stable id of an entity, from its type and canonical label.

    Examples:
        >>> entity_id("Person", "Marcel S. Pratt")
        'person/marcel-s-pratt'
    """
    return f"{slug(kind)}/{slug(label)}"


def _norm(text: str) -> str:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip().lower())
    return re.sub(r"[^a-z0-9$]+", " ", text.replace("'s ", " ")).strip()


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.rule: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str, rule: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
            self.rule.setdefault(b, rule)
            self.rule.setdefault(a, rule)


def _group(kind: str) -> str:
    return TYPE_GROUPS.get(kind, kind)


def _names_compatible(a: str, b: str) -> bool:
    """Person names: surnames equal; first names equal, one an initial of the other, or one missing."""
    na, nb = HumanName(a), HumanName(b)
    if na.last.lower() != nb.last.lower() or not na.last:
        return False
    fa, fb = na.first.lower().strip("."), nb.first.lower().strip(".")
    if not fa or not fb:
        return True
    if fa == fb or (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb)):
        ma, mb = na.middle.lower().strip("."), nb.middle.lower().strip(".")
        return not (ma and mb and ma[0] != mb[0])
    return fuzz.ratio(fa, fb) >= 90  # a spelling variant ("Jon" / "John"), not another person


def _person_keys(entities: list[Entity], uf: _UnionFind) -> None:
    by_surname: dict[str, list[Entity]] = defaultdict(list)
    for ent in entities:
        by_surname[HumanName(ent.label).last.lower() or ent.label.lower()].append(ent)
    for block in by_surname.values():
        full = [e for e in block if len(e.label.split()) > 1]
        short = [e for e in block if len(e.label.split()) == 1]
        for i, a in enumerate(full):
            for b in full[i + 1 :]:
                if _names_compatible(a.label, b.label):
                    uf.union(a.id, b.id, "person-name")
        distinct = {uf.find(e.id) for e in full}
        for s in short:
            if len(distinct) == 1:
                uf.union(next(iter(distinct)), s.id, "surname-of-only-full-name")
            elif not full:
                for other in short:
                    uf.union(s.id, other.id, "same-surname-only")


def _org_keys(entities: list[Entity], uf: _UnionFind) -> None:
    index: dict[str, str] = {}
    for ent in entities:
        forms = [ent.label, *(a for a in ent.aliases if _is_name(a))]
        for form in forms:
            key = _norm(form)
            if not key:
                continue
            if key in index:
                uf.union(index[key], ent.id, f"same-name:{key}")
            else:
                index[key] = ent.id


def _is_name(form: str) -> bool:
    """Aliases that identify an entity across articles: proper names and acronyms, not "the agency"."""
    words = form.split()
    return bool(words) and (form.isupper() or sum(w[:1].isupper() for w in words) >= max(1, len(words) - 1))


def _canonical_label(members: list[Entity]) -> str:
    labels = [m.label for m in members]
    return max(labels, key=lambda label: (len(label.split()) if members[0].type == "Person" else 0,
                                          sum(c.isupper() for c in label) > 0, len(label)))  # fmt: skip


def _canonical_type(members: list[Entity]) -> str:
    types = [m.type for m in members]
    for kind in TYPE_PRIORITY:
        if kind in types:
            return kind
    return max(set(types), key=types.count)


def resolve_entities(extractions: Iterable[DocumentExtraction]) -> tuple[dict[str, Entity], dict[str, str], list[MergeRecord]]:
    """Cluster per-article entities; returns canonical entities, local → canonical ids, and merges."""
    local: dict[str, Entity] = {}
    for x in extractions:
        local.update(x.entities)
    uf = _UnionFind()
    blocks: dict[str, list[Entity]] = defaultdict(list)
    for ent in local.values():
        uf.find(ent.id)
        blocks[_group(ent.type)].append(ent)
    for group, members in blocks.items():
        if group == "person":
            _person_keys(members, uf)
        else:
            _org_keys(members, uf)
    clusters: dict[str, list[Entity]] = defaultdict(list)
    for ent in local.values():
        clusters[uf.find(ent.id)].append(ent)
    entities: dict[str, Entity] = {}
    mapping: dict[str, str] = {}
    merges: list[MergeRecord] = []
    for members in clusters.values():
        members.sort(key=lambda e: e.id)
        label = _canonical_label(members)
        kind = _canonical_type(members)
        cid = entity_id(kind, label)
        forms = {f for m in members for f in (m.label, *m.aliases)} - {label}
        docs = tuple(sorted({d for m in members for d in m.docs}))
        if cid in entities:  # two clusters with one label and type: they are one entity after all
            old = entities[cid]
            forms |= set(old.aliases)
            docs = tuple(sorted(set(docs) | set(old.docs)))
        entities[cid] = Entity(cid, label, kind, tuple(sorted(forms)), docs)
        for m in members:
            mapping[m.id] = cid
            merges.append(MergeRecord(cid, m.id, m.label, m.docs[0] if m.docs else "", uf.rule.get(m.id, "single")))
    return entities, mapping, merges


def _rewrite(stmt: Statement, mapping: dict[str, str]) -> Statement:
    if isinstance(stmt, Relation):
        return replace(stmt, subject=mapping[stmt.subject], object=mapping[stmt.object])
    if isinstance(stmt, Claim):
        return replace(stmt, claimant=mapping[stmt.claimant], subject=mapping[stmt.subject],
                       object=mapping[stmt.object] if stmt.object else None)  # fmt: skip
    if stmt.kind == "quote":
        return replace(stmt, speaker=mapping[stmt.speaker] if stmt.speaker else None)
    return replace(stmt, subject=mapping[stmt.subject])


def _claim_key(stmt: Statement) -> tuple[object, ...]:
    # One claim per (claimant, stance, subject, object) when it names an object: "violates" and "is in
    # breach of" the same contract are one accusation with two pieces of evidence.
    if isinstance(stmt, Claim) and stmt.object:
        return ("claim", stmt.claimant, stmt.stance, stmt.subject, stmt.object)
    return stmt.key


def merge_statements(statements: Iterable[Statement]) -> list[Statement]:
    """One statement per key with the union of the evidence; undated evidence of a relation joins its one
    dated statement (an article that says "the letter" after "a letter sent Monday")."""
    merged: dict[tuple[object, ...], Statement] = {}
    for stmt in statements:
        key = _claim_key(stmt)
        if key in merged:
            old = merged[key]
            merged[key] = replace(old, evidence=tuple(sorted(set(old.evidence) | set(stmt.evidence))),
                                  confidence=max(old.confidence, stmt.confidence))  # fmt: skip
        else:
            merged[key] = stmt
    dated: dict[tuple[str, str, str], list[tuple[object, ...]]] = defaultdict(list)
    for key, stmt in merged.items():
        if isinstance(stmt, Relation) and stmt.qualifiers.get("date"):
            dated[(stmt.subject, stmt.predicate, stmt.object)].append(key)
    for key, stmt in list(merged.items()):
        if isinstance(stmt, Relation) and not stmt.qualifiers.get("date"):
            targets = dated.get((stmt.subject, stmt.predicate, stmt.object), [])
            if len(targets) == 1:
                target = merged[targets[0]]
                merged[targets[0]] = replace(target, evidence=tuple(sorted(set(target.evidence) | set(stmt.evidence))))
                del merged[key]
    return sorted(merged.values(), key=_sort_key)


def _sort_key(stmt: Statement) -> tuple[str, ...]:
    return (stmt.kind, *(str(part) for part in stmt.key[1:]), stmt.evidence[0].doc if stmt.evidence else "")


def resolve(extractions: Iterable[DocumentExtraction], *, errors: Iterable[str] = ()) -> tuple[StatementSet, list[MergeRecord]]:
    """Merge per-article extractions into one :class:`StatementSet` of the corpus."""
    extractions = list(extractions)
    entities, mapping, merges = resolve_entities(extractions)
    statements = merge_statements(_rewrite(s, mapping) for x in extractions for s in x.statements)
    used = {ref for s in statements for ref in entity_refs(s)}
    return (
        StatementSet(
            documents={x.document.id: x.document for x in extractions},
            entities={k: v for k, v in sorted(entities.items()) if k in used},
            statements=statements,
            errors=list(errors),
        ),
        merges,
    )
