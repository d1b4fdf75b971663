"""Stage 4: resolution. Per-article entities become the corpus's entities, and per-article statements
become one statement per fact with the evidence of every sentence and article that supports it.

Entities merge when they are the same (:mod:`graphkit.names` compares the names):

* persons: compatible full names ("Marcel Pratt" / "Marcel S. Pratt", "Tom" / "Thomas", spelling
  variants); a bare surname or title + surname joins the one full name of the story that fits it, and
  stays apart when two do (two Whitcombs); two different first names never merge;
* organisations: the same name, an agency's acronym and name (``lexicons/agencies.tsv``), an acronym and
  the name whose initials it is, a short name and its long form ("Board of Supervisors" / "Harlan County
  Board of Supervisors"), spelling variants;
* agreements: also two descriptions of a story whose heads agree (``lexicons/agreements.tsv``), nothing
  in them conflicts, and evidence says they are one: both parties, the value, the subject, a party or
  product one is named for ("the jail agreement" / "the 287(g) agreement" signed by the same two parties);
* anything else (systems, cases...): the same name or description within one story.

Names that could mean another body in another story ("City Council", "MPD", "the contract") only merge
within a story: two articles are in one story when they name a common person or distinctive body that is
not the whole corpus's topic. Entities of incompatible types never merge. Candidates are blocked by type
group and name keys, so resolution stays near-linear in the number of mentions. An analyst's
``merges.yml`` (:func:`load_overrides`) forces pairs together or keeps them apart. Every decision is a
:class:`~graphkit.types.MergeRecord` with its rule and the forms that matched.

Examples:
    >>> from graphkit.types import Document, DocumentExtraction, Entity
    >>> def article(doc_id, *people):
    ...     ents = [Entity(f"{doc_id}#{i}", p, "Person", (), (doc_id,)) for i, p in enumerate(people)]
    ...     return DocumentExtraction(Document(doc_id, ""), {e.id: e for e in ents})
    >>> entities, mapping, merges = resolve_entities(
    ...     [article("a", "Tom R. Whitcomb"), article("b", "Thomas R. Whitcomb", "Alice Whitcomb")])
    >>> sorted(e.label for e in entities.values())
    ['Alice Whitcomb', 'Thomas R. Whitcomb']
    >>> [(m.member_label, m.rule, m.forms) for m in merges if m.via]
    [('Tom R. Whitcomb', 'nickname', ('Tom R. Whitcomb', 'Thomas R. Whitcomb'))]
"""

from __future__ import annotations

import logging
import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import product
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

import yaml
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from .errors import InvalidOverrides
from .lexicons import load_lexicons
from .names import (
    GENERIC_WORDS,
    PersonName,
    core_key,
    distinct_names,
    initials,
    is_acronym,
    is_distinctive,
    is_proper,
    name_key,
    person_name,
    persons_compatible,
    short_form_of,
    spelling_variant,
    titles_compatible,
    word_set_key,
)
from .types import (
    Claim,
    DocumentExtraction,
    Entity,
    MergeRecord,
    Relation,
    Statement,
    StatementSet,
    entity_refs,
)

__all__ = [
    "MergeRecord",
    "NameRef",
    "Overrides",
    "contested_claims",
    "entity_id",
    "load_overrides",
    "merge_statements",
    "resolve",
    "resolve_entities",
    "slug",
]

log = logging.getLogger(__name__)
_K = TypeVar("_K")
_R = TypeVar("_R")

TYPE_GROUPS = {
    "Person": "person",
    "GovernmentOrganization": "org",
    "Court": "org",
    "AdvocacyGroup": "org",
    "Organization": "org",
    "Place": "place",
    "Facility": "place",
}
TYPE_PRIORITY = ["Court", "GovernmentOrganization", "AdvocacyGroup", "Organization", "Facility", "Place"]
# An entity named in more than this share of a corpus's articles (and in more than TOPIC_MIN_DOCS) is the
# corpus's topic ("ICE" in a corpus about ICE): it does not make two articles one story.
TOPIC_SHARE = 0.2
TOPIC_MIN_DOCS = 5
MAX_BLOCK = 500  # fuzzy comparisons within one block stop here (a very common name word)


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


# ----------------------------------------------------------------------------------------------- overrides
@dataclass(frozen=True, slots=True)
class NameRef:
    """One side of an override: a name (label or alias) and, optionally, the one article it is from."""

    name: str
    doc: str = ""

    def matches(self, ent: Entity) -> bool:
        if self.doc and self.doc not in ent.docs and not ent.id.startswith(f"{self.doc}#"):
            return False
        return name_key(self.name) in {name_key(f) for f in (ent.label, *ent.aliases)}


@dataclass(frozen=True, slots=True)
class Overrides:
    """An analyst's decisions: pairs of names to merge whatever the rules say, and pairs to keep apart."""

    merge: tuple[tuple[NameRef, NameRef], ...] = ()
    keep_apart: tuple[tuple[NameRef, NameRef], ...] = ()


def _ref(item: Any, where: str, path: Path) -> NameRef:
    if isinstance(item, str) and item.strip():
        return NameRef(item.strip())
    if isinstance(item, dict) and isinstance(item.get("name"), str) and set(item) <= {"name", "doc"}:
        return NameRef(item["name"].strip(), str(item.get("doc", "")))
    raise InvalidOverrides(path, f"{where}: expected a name or {{name: ..., doc: ...}}, found {item!r}")


def _pairs(data: dict[str, Any], key: str, path: Path) -> tuple[tuple[NameRef, NameRef], ...]:
    items = data.get(key) or []
    if not isinstance(items, list):
        raise InvalidOverrides(path, f"{key}: expected a list of pairs, found {type(items).__name__}")
    pairs = []
    for number, pair in enumerate(items, 1):
        if not isinstance(pair, list) or len(pair) != 2:
            raise InvalidOverrides(path, f"{key}, item {number}: expected a pair of names, found {pair!r}")
        pairs.append((_ref(pair[0], f"{key}, item {number}", path), _ref(pair[1], f"{key}, item {number}", path)))
    return tuple(pairs)


def load_overrides(path: str | Path) -> Overrides:
    """Read ``merges.yml``: ``merge`` and ``keep_apart``, each a list of pairs of names.

    A name is a label or alias as the articles write it, or ``{name: ..., doc: <article id>}`` to mean
    the entity of one article only.

    Examples:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "merges.yml"
        >>> _ = path.write_text('merge:\\n  - ["Jim Kenney", "James F. Kenney"]\\n'
        ...                     'keep_apart:\\n  - ["Sheriff Whitcomb", {name: Whitcomb, doc: a1}]\\n')
        >>> load_overrides(path).keep_apart[0][1]
        NameRef(name='Whitcomb', doc='a1')

    Raises:
        InvalidOverrides: the file is not YAML or not of this shape.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise InvalidOverrides(path, f"cannot be read as YAML: {err}") from err
    if not isinstance(data, dict) or set(data) - {"merge", "keep_apart"}:
        raise InvalidOverrides(path, "expected a mapping with the keys merge and keep_apart")
    return Overrides(merge=_pairs(data, "merge", path), keep_apart=_pairs(data, "keep_apart", path))


# ------------------------------------------------------------------------------------------------- items
@dataclass(slots=True)
class _Item:
    """A per-article entity with what the rules compare: its group, names, person name and titles."""

    ent: Entity
    group: str
    doc: str
    forms: tuple[str, ...]
    person: PersonName | None = None
    titles: frozenset[str] = frozenset()
    parties: frozenset[str] = frozenset()  # an agreement's parties in its article (partyTo), local ids

    @property
    def id(self) -> str:
        return self.ent.id


def _group(kind: str) -> str:
    return TYPE_GROUPS.get(kind, kind)


def _person_forms(ent: Entity) -> tuple[PersonName, list[PersonName], frozenset[str]]:
    """The label's name, the names of the aliases that fit it, and every title written before them."""
    name = person_name(ent.label)
    names, titles = [name], set(name.titles)
    for alias in ent.aliases:
        other = person_name(alias)
        if not other.last:
            titles |= other.titles
        elif other.last == name.last and (not other.full or not name.full or persons_compatible(name, other)):
            names.append(other)
            titles |= other.titles
    return name, names, frozenset(titles)


def _item(ent: Entity) -> _Item:
    group = _group(ent.type)
    doc = ent.docs[0] if ent.docs else ent.id.split("#")[0]
    if group == "person":
        name, names, titles = _person_forms(ent)
        forms = tuple(dict.fromkeys(n.text for n in names if n.text))
        return _Item(ent, group, doc, forms, name, titles)
    aliases = [a for a in ent.aliases if is_proper(a) or (group not in ("org", "place") and _described(a))]
    return _Item(ent, group, doc, tuple(dict.fromkeys([ent.label, *aliases])))


def _add_parties(items: dict[str, _Item], extractions: Iterable[DocumentExtraction]) -> None:
    """Each agreement's parties as its article states them: evidence for the agreement rules."""
    parties: dict[str, set[str]] = defaultdict(set)
    for x in extractions:
        for stmt in x.statements:
            if isinstance(stmt, Relation) and stmt.predicate == "partyTo" and stmt.subject in items:
                parties[stmt.object].add(stmt.subject)
    for agreement, found in parties.items():
        if agreement in items:
            items[agreement].parties = frozenset(found)


def _described(form: str) -> bool:
    """A description of a thing in two words or more ("the jail agreement"), not a bare "the contract"."""
    return len(name_key(form).split()) >= 2


# ---------------------------------------------------------------------------------------------- clusters
@dataclass(slots=True)
class _Edge:
    a: str
    b: str
    rule: str
    forms: tuple[str, str]
    evidence: tuple[str, ...] = ()


def _fuller(a: PersonName | None, b: PersonName | None) -> PersonName | None:
    """The fuller of two names, ``a`` on a tie: ``max`` over ``a``'s members followed by ``b``'s."""
    if a is None or (b is not None and b.fullness > a.fullness):
        return b
    return a


@dataclass(slots=True)
class _Aggregate:
    """What the rules ask of a whole cluster, kept up to date as clusters join so that no question costs
    a pass over the members (clusters of a common name hold thousands of mentions)."""

    docs: set[str]
    titles: frozenset[str]
    full_names: set[PersonName]  # distinct full names: the conflict test only asks whether any pair clashes
    labels: set[str]
    best_full: PersonName | None  # the first fullest full name in member order
    best_person: PersonName | None  # the first fullest name of any person member

    @classmethod
    def of(cls, item: _Item) -> _Aggregate:
        p = item.person
        full = p if p is not None and p.full else None
        label = item.ent.label
        proper = p is None and is_proper(label) and not is_acronym(label)
        return cls({item.doc}, item.titles, {full} if full else set(), {label} if proper else set(), full, p)

    def absorb(self, other: _Aggregate) -> None:
        """Add ``other``'s members after this cluster's own (the order ``_Clusters.members`` keeps)."""
        self.docs |= other.docs
        self.titles = self.titles | other.titles
        self.full_names |= other.full_names
        self.labels |= other.labels
        self.best_full = _fuller(self.best_full, other.best_full)
        self.best_person = _fuller(self.best_person, other.best_person)


class _Clusters:
    """Union-find over per-article entities that refuses joins a constraint forbids."""

    def __init__(self, items: dict[str, _Item]) -> None:
        self.items = items
        self.parent = {i: i for i in items}
        self.members: dict[str, list[str]] = {i: [i] for i in items}
        self.aggregates = {i: _Aggregate.of(item) for i, item in items.items()}
        self.tags: dict[str, set[tuple[int, int]]] = defaultdict(set)
        self.edges: list[_Edge] = []
        self.refused: dict[tuple[str, str], str] = {}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def docs(self, root: str) -> set[str]:
        """The cluster's articles (the live set: callers must not change it)."""
        return self.aggregates[root].docs

    def titles(self, root: str) -> frozenset[str]:
        return self.aggregates[root].titles

    def full_names(self, root: str) -> set[PersonName]:
        return self.aggregates[root].full_names

    def labels(self, root: str) -> set[str]:
        """Proper-name labels of the non-person members (acronyms aside): they must fit together."""
        return self.aggregates[root].labels

    def best_name(self, root: str) -> PersonName | None:
        """The fullest full name of the cluster, else its fullest person name; the first in member order."""
        agg = self.aggregates[root]
        return agg.best_full or agg.best_person

    def conflict(self, ra: str, rb: str) -> str | None:
        """Why clusters ``ra`` and ``rb`` must stay apart, or None."""
        if any((i, 1 - side) in self.tags[rb] for i, side in self.tags[ra]):
            return "override:keep-apart"
        if any(persons_compatible(x, y) is None for x in self.full_names(ra) for y in self.full_names(rb)):
            return "conflicting-names"
        if any(distinct_names(x, y) for x in self.labels(ra) for y in self.labels(rb)):
            return "distinct-names"
        return None

    def join(
        self, a: str, b: str, rule: str, forms: tuple[str, str], *, check: bool = True, evidence: tuple[str, ...] = ()
    ) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        reason = self.conflict(ra, rb) if check else None
        if reason is not None:
            self.refused.setdefault((a, b), reason)
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        self.aggregates[ra].absorb(self.aggregates.pop(rb))
        self.tags[ra] |= self.tags.pop(rb, set())
        self.edges.append(_Edge(a, b, rule, forms, evidence))
        return True

    def roots(self) -> list[str]:
        return sorted(self.members)


# ----------------------------------------------------------------------------------------------- stories
def _is_anchor(item: _Item) -> bool:
    if item.person is not None:
        return item.person.full
    return is_distinctive(item.ent.label)


class _Stories:
    """Which articles tell one story: they name a common anchor (a full name or a distinctive body)."""

    def __init__(self, items: Iterable[_Item], clusters: _Clusters) -> None:
        anchors: dict[str, set[str]] = defaultdict(set)
        for item in items:
            if _is_anchor(item):
                anchors[item.doc].add(clusters.find(item.id))
        counts: dict[str, int] = defaultdict(int)
        for roots in anchors.values():
            for root in roots:
                counts[root] += 1
        limit = max(TOPIC_MIN_DOCS, TOPIC_SHARE * len(anchors))
        self.anchors = {doc: {r for r in roots if counts[r] <= limit} for doc, roots in anchors.items()}
        # the articles of each anchor, so that `near` need not pair the article with each of a cluster's
        self.docs_of: dict[str, set[str]] = defaultdict(set)
        for doc, roots in self.anchors.items():
            for root in roots:
                self.docs_of[root].add(doc)

    def together(self, a: str, b: str) -> bool:
        return a == b or bool(self.anchors.get(a, set()) & self.anchors.get(b, set()))

    def near(self, doc: str, docs: AbstractSet[str]) -> bool:
        """Whether ``doc`` is together with any of ``docs``: in them, or sharing an anchor with one."""
        return doc in docs or any(not self.docs_of[r].isdisjoint(docs) for r in self.anchors.get(doc, ()))


# ------------------------------------------------------------------------------------------------- rules
def _join_overrides(items: dict[str, _Item], clusters: _Clusters, overrides: Overrides) -> None:
    for number, (left, right) in enumerate(overrides.keep_apart):
        for side, ref in enumerate((left, right)):
            for item in items.values():
                if ref.matches(item.ent):
                    clusters.tags[item.id].add((number, side))
    for left, right in overrides.merge:
        lhs = [i for i in items if left.matches(items[i].ent)]
        rhs = [i for i in items if right.matches(items[i].ent)]
        if not lhs or not rhs:
            log.warning("merges.yml: no entity is named %r", left.name if not lhs else right.name)
        for other in [*lhs, *rhs][1:]:
            clusters.join(lhs[0] if lhs else other, other, "override:merge", (left.name, right.name), check=False)


def _blocks(items: Iterable[_Item], keys: Callable[[_Item], Iterable[str]]) -> dict[str, list[_Item]]:
    blocks: dict[str, list[_Item]] = defaultdict(list)
    for item in items:
        for key in dict.fromkeys(keys(item)):
            if key:
                blocks[f"{item.group}|{key}"].append(item)
    return blocks


def _form(item: _Item, key: str, keyer: Callable[[str], str] = core_key) -> str:
    return next((f for f in item.forms if keyer(f) == key), item.ent.label)


def _join_same_names(items: list[_Item], clusters: _Clusters, stories: _Stories | None) -> None:
    """The same name: anywhere when it is distinctive (``stories`` None), else within a story."""
    things = (i for i in items if i.group != "person")
    for block_key, block in _blocks(things, lambda i: map(core_key, i.forms)).items():
        key = block_key.split("|", 1)[1]
        wide = block[0].group in ("org", "place") and is_distinctive(_form(block[0], key))
        if wide != (stories is None):
            continue
        rule = "same-name" if wide else "same-name-in-story"
        for partner, item in _first_partners(block, stories):
            clusters.join(partner.id, item.id, rule, (_form(partner, key), _form(item, key)))


def _first_partners(block: list[_Item], stories: _Stories | None) -> Iterator[tuple[_Item, _Item]]:
    """Each item after the first with the first earlier item of its story (any earlier one without
    ``stories``). The earliest position of each article and anchor is kept, so that an item costs a
    look-up per anchor of its article rather than a pass over the earlier items of the block."""
    if stories is None:
        yield from ((block[0], item) for item in block[1:])
        return
    first: dict[tuple[str, str], int] = {}
    for n, item in enumerate(block):
        keys = [("doc", item.doc), *(("anchor", r) for r in stories.anchors.get(item.doc, ()))]
        earlier = [first[k] for k in keys if k in first]
        if earlier:
            yield block[min(earlier)], item
        for k in keys:
            first.setdefault(k, n)


def _join_reordered(items: list[_Item], clusters: _Clusters) -> None:
    """A distinctive name with its words in another order ("Justice Department" / "Department of Justice")."""
    orgs = (i for i in items if i.group == "org")
    for block in _blocks(orgs, lambda i: map(word_set_key, i.forms)).values():
        first = block[0]
        for item in block[1:]:
            pair = next((a, b) for a in first.forms for b in item.forms if word_set_key(a) == word_set_key(b) != "")
            clusters.join(first.id, item.id, "reordered-name", pair)


def _agency_keys(item: _Item) -> Iterator[str]:
    agencies = load_lexicons().agencies
    names = {core_key(a.name): a.acronym for a in agencies.values()}
    names.update({core_key(a.name.removeprefix("U.S. ")): a.acronym for a in agencies.values()})
    for form in item.forms:
        if is_acronym(form) and form.replace(".", "") in agencies:
            yield form.replace(".", "")
        elif core_key(form) in names:
            yield names[core_key(form)]


def _join_agencies(items: list[_Item], clusters: _Clusters) -> None:
    orgs = (i for i in items if i.group == "org")
    for block_key, block in _blocks(orgs, lambda i: list(_agency_keys(i))).items():
        acronym = block_key.split("|", 1)[1]
        for item in block[1:]:
            clusters.join(block[0].id, item.id, "agency-lexicon", (block[0].ent.label, item.ent.label))
        log.debug("agency %s: %d mentions", acronym, len(block))


def _surname_key(name: PersonName) -> str:
    return name.last


def _first_name_key(name: PersonName) -> str:
    return f"{name.first}|{name.last[:1]}"


def _related_pairs(
    keys: list[_K], related: Callable[[_K, _K], _R | None], partners: Callable[[_K], Iterable[_K]] | None = None
) -> Iterator[tuple[int, int, _R]]:
    """The pairs ``n < m`` of ``keys`` that are related, with what relates them, in the order of a loop over
    all pairs (by ``n``, then ``m``), at the cost of the related pairs only: ``related`` is asked once per
    pair of distinct keys (``partners``, when given, names the only keys a key can be related to), as the
    keys of a block repeat (one person named in every article of a town)."""
    positions: dict[_K, list[int]] = defaultdict(list)
    for n, key in enumerate(keys):
        positions[key].append(n)
    relations: dict[_K, list[tuple[_K, _R]]] = {}
    for key in positions:
        pool = positions if partners is None else [p for p in dict.fromkeys(partners(key)) if p in positions]
        relations[key] = [(other, r) for other in pool if (r := related(key, other)) is not None]
    for n, key in enumerate(keys):
        later = [(m, r) for other, r in relations[key] for m in positions[other][bisect_right(positions[other], n) :]]
        yield from ((n, m, r) for m, r in sorted(later, key=itemgetter(0)))


def _join_persons(items: list[_Item], clusters: _Clusters) -> None:
    """Full names that can be one person, blocked by surname (and by first name for surname slips)."""
    people = {i.id: i.person for i in items if i.person is not None and i.person.full}
    by_item = {i.id: i for i in items}
    for keyer in (_surname_key, _first_name_key):
        blocks: dict[str, list[str]] = defaultdict(list)
        for item_id, name in people.items():
            blocks[keyer(name)].append(item_id)
        for block in blocks.values():
            capped = block[:MAX_BLOCK]
            for n, m, rule in _related_pairs([people[i] for i in capped], persons_compatible):
                a, b = capped[n], capped[m]
                clusters.join(a, b, rule, (by_item[a].ent.label, by_item[b].ent.label))


def _best_name(clusters: _Clusters, root: str) -> str:
    best = clusters.best_name(root)
    if best is None:
        raise ValueError(f"cluster {root} has no person name")
    return best.text


def _join_surnames(items: list[_Item], clusters: _Clusters, stories: _Stories) -> None:
    """A bare surname (or title + surname) joins the one full name of its story that fits its titles."""
    full_by_last: dict[str, set[str]] = defaultdict(set)
    for item in items:
        if item.person is not None and item.person.full:
            full_by_last[item.person.last].add(item.id)
    lone: dict[str, list[_Item]] = defaultdict(list)
    for item in items:
        if item.person is None or item.person.full or not item.person.last:
            continue
        # the set shrinks to the roots of its items as clusters join: finds need not repeat per mention
        roots = full_by_last[item.person.last] = {clusters.find(i) for i in full_by_last.get(item.person.last, ())}
        fits = sorted(r for r in roots if titles_compatible(item.titles, clusters.titles(r))
                      and stories.near(item.doc, clusters.docs(r)))  # fmt: skip
        if len(fits) == 1:
            clusters.join(fits[0], item.id, "surname-in-story", (_best_name(clusters, fits[0]), item.ent.label))
        elif fits:
            for root in fits:
                clusters.refused.setdefault((item.id, root), "ambiguous-surname")
        elif not roots:
            lone[item.person.last].append(item)
    for block in lone.values():
        for n, item in enumerate(block[1:], 1):
            partner = next((p for p in block[:n] if stories.together(p.doc, item.doc)
                            and titles_compatible(p.titles, item.titles)), None)  # fmt: skip
            if partner is not None:
                clusters.join(partner.id, item.id, "same-surname-in-story", (partner.ent.label, item.ent.label))


class _Candidates:
    """Candidate lists of a rule, built once per key (a form, an acronym) rather than once per mention, and
    cut to the first candidate of each cluster whenever they are used: ``_join_unique`` keeps only that
    one, and a common name ("City Council") has thousands of candidate mentions in a few hundred clusters.
    """

    def __init__(self, clusters: _Clusters) -> None:
        self.clusters = clusters
        self.lists: dict[object, list[tuple[_Item, str]]] = {}

    def get(self, key: object, build: Callable[[], list[tuple[_Item, str]]]) -> list[tuple[_Item, str]]:
        found = self.lists[key] if key in self.lists else build()
        seen: set[str] = set()
        distinct = []
        for cand, cand_form in found:
            root = self.clusters.find(cand.id)
            if root not in seen:
                seen.add(root)
                distinct.append((cand, cand_form))
        self.lists[key] = distinct
        return distinct


def _join_unique(item: _Item, form: str, candidates: Iterable[tuple[_Item, str]], clusters: _Clusters,
                 stories: _Stories, rule: str) -> None:  # fmt: skip
    """Join ``item`` to the one cluster of its story among ``candidates`` (each with the form that matched
    ``form``); when there are several, note that it was kept apart."""
    by_root: dict[str, tuple[_Item, str]] = {}
    for cand, cand_form in candidates:
        root = clusters.find(cand.id)
        if cand.id != item.id and stories.near(item.doc, clusters.docs(root)):
            by_root.setdefault(root, (cand, cand_form))
    by_root.pop(clusters.find(item.id), None)
    if len(by_root) == 1:
        ((cand, cand_form),) = by_root.values()
        clusters.join(cand.id, item.id, rule, (cand_form, form))
    elif by_root:
        for root in by_root:
            clusters.refused.setdefault((item.id, root), f"ambiguous-{rule}")


def _long_forms(item: _Item) -> list[str]:
    return [f for f in item.forms if len(f.split()) > 1 and not is_acronym(f)]


def _initials(item: _Item) -> Iterator[str]:
    return (initials(f) for f in _long_forms(item))


def _join_acronyms(items: list[_Item], clusters: _Clusters, stories: _Stories) -> None:
    """An acronym and the one name of its story whose initials it is (MPD / Millbrook Police Department)."""
    orgs = [i for i in items if i.group == "org"]
    by_initials = _blocks(orgs, _initials)
    lists = _Candidates(clusters)
    for item in orgs:
        for form in (f for f in item.forms if is_acronym(f)):
            acronym = form.replace(".", "")
            found = lists.get(acronym, lambda a=acronym: [  # type: ignore[misc]
                (c, f) for c in by_initials.get(f"org|{a}", []) for f in _long_forms(c) if initials(f) == a
            ])  # fmt: skip
            _join_unique(item, form, found, clusters, stories, "acronym")


def _suffixes(item: _Item) -> Iterator[str]:
    for form in item.forms:
        words = core_key(form).split()
        yield from (" ".join(words[-k:]) for k in range(1, len(words)))


def _join_short_forms(items: list[_Item], clusters: _Clusters, stories: _Stories) -> None:
    """A short name and the one long form of its story ("City Council" / "Millbrook City Council")."""
    orgs = [i for i in items if i.group == "org"]
    by_suffix = _blocks(orgs, lambda i: list(_suffixes(i)))
    lists = _Candidates(clusters)
    for item in orgs:
        for form in item.forms:
            longer = lists.get(form, lambda s=form: [  # type: ignore[misc]
                (c, f) for c in by_suffix.get(f"org|{core_key(s)}", []) for f in c.forms if short_form_of(s, f)
            ])  # fmt: skip
            _join_unique(item, form, longer, clusters, stories, "short-name")


def _description_words(form: str) -> frozenset[str]:
    """The words of a description that say which one it is: "a digital rights group" → digital, rights."""
    words = [w for w in name_key(form).split() if w not in _DESCRIPTION_STOP]
    return frozenset(words[:-1]) if len(words) > 1 else frozenset()


_DESCRIPTION_STOP = frozenset({"a", "an", "the", "local", "new", "its", "their"})
_BODY_HEADS = frozenset({"board", "council", "committee", "commission", "panel", "subcommittee", "caucus"})


def _join_descriptions(items: list[_Item], clusters: _Clusters, stories: _Stories) -> None:
    """A description in one article and the one name of its story that holds every word of it ("a digital
    rights group" / "Millbrook Digital Rights Coalition"), of the same kind."""
    orgs = [i for i in items if i.group == "org"]
    named = [i for i in orgs if any(is_distinctive(f) for f in i.forms)]
    by_word = _blocks(named, lambda i: [w for f in i.forms for w in name_key(f).split()])
    lists = _Candidates(clusters)
    for item in orgs:
        if any(is_distinctive(f) for f in item.forms):
            continue
        for form in item.forms:
            words = _description_words(form)
            if len(words) < 2:
                continue
            if name_key(form).split()[-1] in _BODY_HEADS:
                continue  # "Duluth Public Schools board" is the district's board, not the district
            fits = lists.get((words, item.ent.type), lambda w=words, t=item.ent.type: [  # type: ignore[misc]
                (c, f) for c in by_word.get(f"org|{min(w)}", []) for f in c.forms
                if c.ent.type == t and w <= set(name_key(f).split())
            ])  # fmt: skip
            _join_unique(item, form, fits, clusters, stories, "description")


def _spelling_keys(item: _Item) -> Iterator[str]:
    """Block keys that survive one slip: word count with each distinctive word's first or last letters."""
    for form in filter(is_distinctive, item.forms):
        words = name_key(form).split()
        for word in (w for w in words if w not in GENERIC_WORDS and len(w) > 3):
            yield from (f"{len(words)}|{word[:3]}", f"{len(words)}|{word[-3:]}")


def _join_spelling(items: list[_Item], clusters: _Clusters) -> None:
    """Spelling variants of a distinctive name ("Milbrook" / "Millbrook Digital Rights Coalition")."""
    named = [i for i in items if i.group in ("org", "place")]
    for block in _blocks(named, _spelling_keys).values():
        capped = block[:MAX_BLOCK]
        keys = [i.forms for i in capped]
        for n, m, pair in _related_pairs(keys, _first_variant, _close_spellings(keys)):
            clusters.join(capped[n].id, capped[m].id, "spelling-variant", pair)


def _first_variant(forms: tuple[str, ...], others: tuple[str, ...]) -> tuple[str, str] | None:
    return next(((a, b) for a, b in product(forms, others) if spelling_variant(a, b)), None)


def _close_spellings(keys: list[tuple[str, ...]]) -> Callable[[tuple[str, ...]], list[tuple[str, ...]]]:
    """For each tuple of forms, the tuples with a form close enough to one of its own to be a spelling
    variant (``spelling_variant`` asks for a ratio of 92 between name keys; a cut at 90 keeps every such
    pair), scored in one vectorised pass instead of a Python call per pair."""
    forms = list(dict.fromkeys(f for key in keys for f in key))
    scores = cdist([name_key(f) for f in forms], [name_key(f) for f in forms], scorer=fuzz.ratio, score_cutoff=90)
    holders: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in dict.fromkeys(keys):
        for f in key:
            holders[f].append(key)
    close = {f: [forms[j] for j in row.nonzero()[0]] for f, row in zip(forms, scores, strict=True)}
    return lambda key: [other for f in key for g in close[f] for other in holders[g]]


def _cluster(items: dict[str, _Item], overrides: Overrides) -> _Clusters:
    """Apply the rules, strongest first; the story rules see the clusters the strong rules made."""
    clusters = _Clusters(items)
    ordered = [items[i] for i in sorted(items)]
    _join_overrides(items, clusters, overrides)
    _join_agencies(ordered, clusters)
    _join_persons(ordered, clusters)
    _join_same_names(ordered, clusters, None)
    _join_reordered(ordered, clusters)
    stories = _Stories(ordered, clusters)
    _join_same_names(ordered, clusters, stories)
    _join_acronyms(ordered, clusters, stories)
    _join_short_forms(ordered, clusters, stories)
    _join_descriptions(ordered, clusters, stories)
    _join_spelling(ordered, clusters)
    _join_surnames(ordered, clusters, stories)
    _join_agreements(ordered, clusters, stories)  # last: it asks which clusters the parties are
    return clusters


# -------------------------------------------------------------------------------------------- agreements
# News English names one agreement by its parties ("his agreement with ICE"), its value ("the $3.1 million
# contract"), what it is about ("the jail agreement", "the camera contract") or a name ("the 287(g)
# agreement", "the ParkWise contract"), and each outlet picks another. Two such descriptions in one story
# are one agreement when their head nouns agree (``lexicons/agreements.tsv``), nothing in them conflicts
# (other words, other names of one kind, other parties of one kind) and some evidence says so: both parties
# shared, one value, one subject word, one names a party of the other, or what one is named for is
# described by the other's words. A description that fits two agreements that conflict joins neither.
_AMOUNT = re.compile(r"\$\s?\d[\d.,]*(?:\s+(?:million|billion|thousand))?", re.IGNORECASE)
_LINK = re.compile(r"\s+(?:with|between|among)\s+", re.IGNORECASE)
_DURATION = re.compile(r"[\d.,]+|\w+-(?:year|month|week|day)s?|(?:years?|months?|weeks?|days?)")
_DEAL_STOP = frozenset({"a", "an", "the", "this", "that", "its", "their", "his", "her", "our", "of", "and", "&"})


@dataclass(frozen=True, slots=True)
class _Description:
    """What one form of an agreement says about which agreement it is."""

    head: str = ""  # the group of its head noun ("agreement"); "" when the form describes no agreement
    words: frozenset[str] = frozenset()  # what it is about: "jail", "camera"
    names: tuple[str, ...] = ()  # names in it: "287(g)", "ParkWise", "ICE"
    amounts: frozenset[str] = frozenset()
    other: bool = False  # it introduces another agreement ("a similar agreement", "an earlier contract")


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _description_tokens(tokens: list[str]) -> tuple[set[str], list[str], bool]:
    """Common words, names (runs of capitalised words, codes like "287(g)") and whether a word marks
    another agreement, of the words before an agreement's head noun."""
    lex = load_lexicons().agreement_words
    words: set[str] = set()
    names: list[str] = []
    run: list[str] = []
    other = False
    for tok in tokens:
        lower = tok.lower()
        bare = re.sub(r"['’]s$", "", tok)
        use = lex.get(lower, ("", ""))[0]
        if lower not in _DEAL_STOP and not _DURATION.fullmatch(lower) and (bare[:1].isupper() or bare[:1].isdigit()):
            run.append(bare)
            if bare != tok:  # "Dunmore's camera contract": the owner's name ends there
                names.append(" ".join(run))
                run = []
            continue
        if run:
            names.append(" ".join(run))
            run = []
        other = other or use == "other"
        if not (bare != tok or use or lower in _DEAL_STOP or _DURATION.fullmatch(lower)):
            words.add(_singular(lower))  # a lower-case owner ("the city's contract") says nothing
    return words, ([*names, " ".join(run)] if run else names), other


@lru_cache(maxsize=1 << 14)
def _describe(form: str) -> _Description:
    """ "a five-year, $3.1 million contract with Acme" → head agreement, amount $3.1 million, name Acme."""
    amounts = frozenset(re.sub(r"\$\s+", "$", a.lower()) for a in _AMOUNT.findall(form))
    main, *rest = _LINK.split(_AMOUNT.sub(" ", form), maxsplit=1)
    tokens = [t for t in (w.strip(",.;:!?\"“”‘’'") for w in main.split()) if t]
    lex = load_lexicons().agreement_words
    use, group = lex.get(tokens[-1].lower(), ("", "")) if tokens else ("", "")
    if use != "head":
        return _Description()
    words, names, other = _description_tokens(tokens[:-1])
    party = [rest[0].strip(" ,.")] if rest and is_proper(rest[0].strip(" ,.")) else []
    return _Description(group, frozenset(words), tuple(names + party), amounts, other)


@dataclass(slots=True)
class _Deal:
    """An agreement cluster as the agreement rules see it. ``names`` and ``parties`` map what they name to
    its kind: a cluster id and its entity type when the story names that entity, else "?" for both."""

    first: tuple[str, str]  # (member id, label) of its first member: the form a party match names
    heads: set[str]
    label_words: set[str]
    label_names: dict[str, str]
    words: dict[str, tuple[str, str]]  # word → (member id, form that has it)
    names: dict[str, tuple[str, str]]
    amounts: dict[str, tuple[str, str]]
    parties: dict[str, str]

    def absorb(self, other: _Deal) -> None:
        """Add the profile of a cluster that joined this one (what each side says first stays first)."""
        self.first = min(self.first, other.first)
        self.heads |= other.heads
        self.label_words |= other.label_words
        self.label_names = {**other.label_names, **self.label_names}
        self.parties = {**other.parties, **self.parties}
        self.words = {**other.words, **self.words}
        self.names = {**other.names, **self.names}
        self.amounts = {**other.amounts, **self.amounts}


class _Agreements:
    """The agreement rules' view of the clusters: what names in descriptions refer to, and each cluster's
    descriptions, parties and the forms that carry them."""

    def __init__(self, items: list[_Item], clusters: _Clusters) -> None:
        self.clusters = clusters
        self.deals: dict[str, _Deal] = {}  # by cluster id, kept up to date as agreements join
        self.subjects: dict[str, set[str]] = {}
        self.by_name: dict[str, list[str]] = defaultdict(list)
        for item in items:
            if item.group not in ("person", "Agreement"):
                for form in dict.fromkeys([item.ent.label, *item.forms]):
                    self.by_name[core_key(form)].append(item.id)

    def named(self, name: str) -> tuple[str, str]:
        """(cluster id, entity type) of the one entity a name refers to, else ("?" + its key, "?")."""
        roots = {self.clusters.find(i) for i in self.by_name.get(core_key(name), ())}
        if len(roots) != 1:
            return f"?{core_key(name)}", "?"
        (root,) = roots
        return root, self.clusters.items[root].ent.type

    def deal(self, root: str) -> _Deal:
        if root not in self.deals:
            first = self.clusters.items[min(self.clusters.members[root])]
            deal = _Deal((first.id, first.ent.label), set(), set(), {}, {}, {}, {}, {})
            for member in (self.clusters.items[m] for m in self.clusters.members[root]):
                self._add_member(deal, member)
            self.deals[root] = deal
        return self.deals[root]

    def join(self, a: str, b: str, rule: str, forms: tuple[str, str], evidence: tuple[str, ...]) -> None:
        """Join unless the clusters, as they are now, conflict (an earlier join may have made them so)."""
        ra, rb = self.clusters.find(a), self.clusters.find(b)
        if ra == rb:
            return
        deal_a, deal_b = self.deal(ra), self.deal(rb)
        reason = _deal_conflict(deal_a, deal_b)
        if reason is not None:
            self.clusters.refused.setdefault((a, b), reason)
        elif self.clusters.join(a, b, rule, forms, evidence=evidence):
            del self.deals[ra], self.deals[rb]
            deal_a.absorb(deal_b)
            self.deals[self.clusters.find(a)] = deal_a

    def _add_member(self, deal: _Deal, member: _Item) -> None:
        label = _describe(member.ent.label)
        deal.heads |= {label.head} - {""}
        deal.label_words |= label.words
        for name in label.names:
            key, kind = self.named(name)
            deal.label_names[key] = kind
        for party in member.parties:
            root = self.clusters.find(party)
            deal.parties[root] = self.clusters.items[root].ent.type
        for form in dict.fromkeys([member.ent.label, *member.forms]):
            desc = _describe(form)
            if not desc.head or desc.other:
                continue  # "a similar 287(g) agreement" says nothing about this one
            for word in desc.words:
                deal.words.setdefault(word, (member.id, form))
            for name in desc.names:
                key, kind = self.named(name)
                deal.names.setdefault(key, (member.id, form))
                if TYPE_GROUPS.get(kind) == "org":
                    deal.parties.setdefault(key, kind)  # "his agreement with ICE", "the Acme contract"
            for amount in desc.amounts:
                deal.amounts.setdefault(amount, (member.id, form))

    def subject_words(self, root: str) -> set[str]:
        """The words of every form of an entity an agreement is named for ("ParkWise": cameras)."""
        if root not in self.subjects:
            forms = {f for m in self.clusters.members[root] for f in self.clusters.items[m].forms}
            self.subjects[root] = {_singular(w) for f in forms for w in name_key(f).split()}
        return self.subjects[root]


def _clash(a: dict[str, str], b: dict[str, str]) -> bool:
    """Each names something the other does not, of one kind: two vendors, two sheriffs, two programs."""
    kinds_a = {a[k] for k in a.keys() - b.keys()}
    return any(b[k] in kinds_a for k in b.keys() - a.keys())


def _deal_conflict(a: _Deal, b: _Deal) -> str | None:
    if not a.heads & b.heads:
        return "distinct-heads"
    if a.label_words - b.label_words and b.label_words - a.label_words:
        return "distinct-descriptions"  # "the camera contract" / "the road contract"
    if _clash(a.label_names, b.label_names):
        return "distinct-names"
    if _clash(a.parties, b.parties):
        return "distinct-parties"
    return None


_Proof = tuple[str, tuple[str, str], tuple[str, str], tuple[str, ...]]  # rule, (id, form) of each, evidence


def _deal_evidence(view: _Agreements, a: _Deal, b: _Deal) -> _Proof | None:
    """The strongest evidence that two agreement clusters are one agreement, or None."""
    shared = sorted(a.parties.keys() & b.parties.keys())
    if len(shared) >= 2:  # both sides of the agreement named in both
        return "same-parties", a.first, b.first, tuple(view.clusters.items[k].ent.label for k in shared)
    for amount in sorted(a.amounts.keys() & b.amounts.keys()):
        return "same-amount", a.amounts[amount], b.amounts[amount], (amount,)
    for word in sorted(a.words.keys() & b.words.keys()):
        return "same-description", a.words[word], b.words[word], (word,)
    for x, y, flip in ((a, b, False), (b, a, True)):
        proof = _named_for(view, x, y)
        if proof is not None:
            rule, fx, fy, evidence = proof
            return (rule, fy, fx, evidence) if flip else proof
    return None


def _named_for(view: _Agreements, x: _Deal, y: _Deal) -> _Proof | None:
    """``x`` is named for a party of ``y``, or for a thing ``y``'s words describe ("ParkWise" / cameras)."""
    for key, where in sorted(x.names.items()):
        if key.startswith("?"):
            continue
        entity = view.clusters.items[key].ent.label
        if key in y.parties:
            return "named-party", where, y.first, (entity,)
        if TYPE_GROUPS.get(view.clusters.items[key].ent.type) not in ("org", "person"):
            fits = sorted(view.subject_words(key) & y.words.keys())
            if fits:
                return "subject", where, y.words[fits[0]], (f"{entity}: {fits[0]}",)
    return None


def _deal_items(items: list[_Item]) -> list[_Item]:
    out = []
    for item in items:
        desc = _describe(item.ent.label)
        if item.ent.type == "Agreement" and desc.head and not desc.other:
            out.append(item)
    return out


def _deal_pairs(deals: list[_Item], clusters: _Clusters, stories: _Stories) -> set[tuple[str, str]]:
    """Pairs of agreement clusters of one story, told in different articles."""
    blocks = _blocks(deals, lambda i: sorted(stories.anchors.get(i.doc, ())))
    pairs = set()
    for block in blocks.values():
        roots = sorted({clusters.find(i.id) for i in block})[:MAX_BLOCK]
        for n, ra in enumerate(roots):
            for rb in roots[n + 1 :]:
                if not clusters.docs(ra) & clusters.docs(rb):
                    pairs.add((ra, rb))
    return pairs


def _join_agreements(items: list[_Item], clusters: _Clusters, stories: _Stories) -> None:
    """Descriptions of one agreement across the articles of a story (see the section's comment)."""
    deals = _deal_items(items)
    if len(deals) < 2:
        return
    view = _Agreements(items, clusters)
    profiles = {r: view.deal(r) for r in {clusters.find(d.id) for d in deals}}
    proofs = _deal_proofs(view, profiles, _deal_pairs(deals, clusters, stories))
    ambiguous = {r for r, found in proofs.items() if _fits_two(found, profiles)}
    for ra in sorted(proofs):
        for rb, (rule, (ia, fa), (ib, fb), evidence) in sorted(proofs[ra].items()):
            if ra in ambiguous or rb in ambiguous:
                clusters.refused.setdefault((ra, rb), "ambiguous-agreement")
            elif ra < rb:
                view.join(ia, ib, f"agreement-{rule}", (fa, fb), evidence)


def _deal_proofs(
    view: _Agreements, profiles: dict[str, _Deal], pairs: set[tuple[str, str]]
) -> dict[str, dict[str, _Proof]]:
    """For each agreement cluster, the clusters of its story that evidence says it is, each way round."""
    proofs: dict[str, dict[str, _Proof]] = defaultdict(dict)
    for ra, rb in sorted(pairs):
        if _deal_conflict(profiles[ra], profiles[rb]) is not None:
            continue
        proof = _deal_evidence(view, profiles[ra], profiles[rb])
        if proof is not None:
            rule, where_a, where_b, evidence = proof
            proofs[ra][rb] = proof
            proofs[rb][ra] = (rule, where_b, where_a, evidence)
    return proofs


def _fits_two(found: dict[str, _Proof], profiles: dict[str, _Deal]) -> bool:
    """The evidence points to two agreements that cannot be one ("the camera contract" of a story with
    two camera vendors' contracts)."""
    roots = sorted(found)
    return any(_deal_conflict(profiles[x], profiles[y]) for n, x in enumerate(roots) for y in roots[n + 1 :])


# ------------------------------------------------------------------------------------------------ output
def _canonical_type(members: list[_Item]) -> str:
    types = [m.ent.type for m in members]
    if "Person" in types and types.count("Person") * 2 >= len(types):
        return "Person"
    for kind in TYPE_PRIORITY:
        if kind in types:
            return kind
    return max(sorted(set(types)), key=types.count)


def _canonical_label(members: list[_Item], kind: str) -> str:
    """The fullest form used anywhere: the fullest person name, an agency's own name, the longest name."""
    if kind == "Person":
        names = [p for m in members for p in map(person_name, m.forms) if p.text]
        return max(names, key=lambda p: (p.fullness, p.text)).text if names else members[0].ent.label
    agencies = load_lexicons().agencies
    for m in members:
        for acronym in _agency_keys(m):
            return agencies[acronym].name
    labels = [m.ent.label for m in members]
    return max(labels, key=lambda s: (not is_acronym(s), is_proper(s), len(s.split()), len(s), s))


def _tree(members: list[str], edges: list[_Edge], seed: str) -> dict[str, tuple[str, _Edge]]:
    """For each member but ``seed``, the member it joined through and the edge, walking from ``seed``."""
    links: dict[str, list[tuple[str, _Edge]]] = defaultdict(list)
    for edge in edges:
        links[edge.a].append((edge.b, edge))
        links[edge.b].append((edge.a, edge))
    via: dict[str, tuple[str, _Edge]] = {}
    queue, seen = [seed], {seed}
    for node in queue:
        for other, edge in links[node]:
            if other not in seen:
                seen.add(other)
                via[other] = (node, edge)
                queue.append(other)
    return via


def _records(cid: str, label: str, members: list[_Item], edges: list[_Edge]) -> list[MergeRecord]:
    """One record per member, walking the cluster from a member that bears the canonical label."""
    ids = [m.id for m in members]
    seed = next(
        (m.id for m in members if m.ent.label == label),
        next((m.id for m in members if label in m.forms), ids[0]),
    )
    via = _tree(ids, edges, seed)
    records = []
    for m in members:
        if m.id in via:
            other, edge = via[m.id]
            forms = (edge.forms[1], edge.forms[0]) if edge.b == m.id else edge.forms  # (member's, other's)
            records.append(MergeRecord(cid, m.id, m.ent.label, m.doc, edge.rule, forms, other, evidence=edge.evidence))
        else:
            decision = "single" if len(members) == 1 else "merged"
            rule = "seed" if len(members) > 1 else "single"
            records.append(MergeRecord(cid, m.id, m.ent.label, m.doc, rule, (), "", decision))
    return records


def _refusals(clusters: _Clusters, mapping: dict[str, str]) -> list[MergeRecord]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for (a, b), reason in sorted(clusters.refused.items()):
        if mapping[a] == mapping[b] or (mapping[a], mapping[b], reason) in seen:
            continue
        seen.add((mapping[a], mapping[b], reason))
        item, other = clusters.items[a], clusters.items[b]
        forms = (item.ent.label, other.ent.label)
        out.append(MergeRecord(mapping[a], a, item.ent.label, item.doc, reason, forms, mapping[b], "kept-apart"))
    return out


def resolve_entities(
    extractions: Iterable[DocumentExtraction], *, overrides: Overrides | None = None
) -> tuple[dict[str, Entity], dict[str, str], list[MergeRecord]]:
    """Cluster per-article entities; returns canonical entities, local → canonical ids, and decisions."""
    extractions = list(extractions)
    items = {e.id: _item(e) for x in extractions for e in x.entities.values()}
    _add_parties(items, extractions)
    clusters = _cluster(items, overrides or Overrides())
    entities: dict[str, Entity] = {}
    mapping: dict[str, str] = {}
    records: list[MergeRecord] = []
    edges_by_root: dict[str, list[_Edge]] = defaultdict(list)
    for edge in clusters.edges:
        edges_by_root[clusters.find(edge.a)].append(edge)
    for root in sorted(clusters.roots(), key=lambda r: min(clusters.members[r])):
        members = sorted((items[i] for i in clusters.members[root]), key=lambda m: m.id)
        kind = _canonical_type(members)
        label = _canonical_label(members, kind)
        cid = _unique_id(entity_id(kind, label), entities)
        forms = dict.fromkeys(f for m in members for f in (m.ent.label, *m.ent.aliases) if f != label)
        docs = tuple(sorted({d for m in members for d in m.ent.docs}))
        entities[cid] = Entity(cid, label, kind, tuple(forms), docs)
        mapping.update((m.id, cid) for m in members)
        records.extend(_records(cid, label, members, edges_by_root[root]))
    records.extend(_refusals(clusters, mapping))
    return entities, mapping, sorted(records, key=lambda r: (r.canonical, r.decision != "merged", r.member))


def _unique_id(cid: str, taken: dict[str, Entity]) -> str:
    """Two entities with one type and label (two "City Council"s of two stories) get distinct ids."""
    n, candidate = 1, cid
    while candidate in taken:
        n += 1
        candidate = f"{cid}-{n}"
    return candidate


# -------------------------------------------------------------------------------------------- statements
def _rewrite(stmt: Statement, mapping: dict[str, str]) -> Statement:
    if isinstance(stmt, Relation):
        return replace(stmt, subject=mapping[stmt.subject], object=mapping[stmt.object])
    if isinstance(stmt, Claim):
        return replace(stmt, claimant=mapping[stmt.claimant], subject=mapping[stmt.subject],
                       object=mapping[stmt.object] if stmt.object else None)  # fmt: skip
    if stmt.kind == "quote":
        return replace(stmt, speaker=mapping[stmt.speaker] if stmt.speaker else None)
    return replace(stmt, subject=mapping[stmt.subject])


def _dated(stmt: Statement, dates: dict[str, str]) -> Statement:
    """The statement with each piece of evidence carrying its article's publication date."""
    return replace(stmt, evidence=tuple(replace(ev, published=dates.get(ev.doc, "")) for ev in stmt.evidence))


def _claim_key(stmt: Statement) -> tuple[object, ...]:
    # One claim per (claimant, stance, subject, object) when it names an object: "violates" and "is in
    # breach of" the same contract are one accusation with two pieces of evidence.
    if isinstance(stmt, Claim) and stmt.object:
        return ("claim", stmt.claimant, stmt.stance, stmt.subject, stmt.object)
    return stmt.key


def _combine(old: Statement, new: Statement) -> Statement:
    """Two sightings of one fact: the union of their evidence and qualifiers ("since 2008" from one
    sentence, the rest from another), the higher confidence."""
    evidence = tuple(sorted(set(old.evidence) | set(new.evidence)))
    confidence = max(old.confidence, new.confidence)
    if isinstance(old, Relation) and isinstance(new, Relation):
        return replace(old, evidence=evidence, confidence=confidence, qualifiers={**new.qualifiers, **old.qualifiers})
    return replace(old, evidence=evidence, confidence=confidence)


class _Sightings:
    """The sightings of one fact so far, combined as ``_combine`` would combine them one by one, but with
    the evidence sorted once at the end rather than at every sighting (a fact of a thousand articles)."""

    __slots__ = ("confidence", "evidence", "first", "qualifiers", "several")

    def __init__(self, first: Statement) -> None:
        self.first = first
        self.evidence = set(first.evidence)
        self.confidence = first.confidence
        self.qualifiers = first.qualifiers if isinstance(first, Relation) else {}
        self.several = False

    def add(self, stmt: Statement) -> None:
        self.several = True
        self.evidence.update(stmt.evidence)
        self.confidence = max(self.confidence, stmt.confidence)
        if isinstance(self.first, Relation) and isinstance(stmt, Relation):
            self.qualifiers = {**stmt.qualifiers, **self.qualifiers}  # the earlier sighting's value wins

    def statement(self) -> Statement:
        if not self.several:
            return self.first
        evidence = tuple(sorted(self.evidence))
        if isinstance(self.first, Relation):
            return replace(self.first, evidence=evidence, confidence=self.confidence, qualifiers=self.qualifiers)
        return replace(self.first, evidence=evidence, confidence=self.confidence)


def merge_statements(statements: Iterable[Statement]) -> list[Statement]:
    """One statement per key with the union of the evidence; undated evidence of a relation joins its one
    dated statement (an article that says "the letter" after "a letter sent Monday")."""
    sightings: dict[tuple[object, ...], _Sightings] = {}
    for stmt in statements:
        key = _claim_key(stmt)
        if key in sightings:
            sightings[key].add(stmt)
        else:
            sightings[key] = _Sightings(stmt)
    merged = {key: seen.statement() for key, seen in sightings.items()}
    del sightings
    dated: dict[tuple[str, str, str], list[tuple[object, ...]]] = defaultdict(list)
    for key, stmt in merged.items():
        if isinstance(stmt, Relation) and stmt.qualifiers.get("date"):
            dated[(stmt.subject, stmt.predicate, stmt.object)].append(key)
    for key, stmt in list(merged.items()):
        if isinstance(stmt, Relation) and not stmt.qualifiers.get("date"):
            targets = dated.get((stmt.subject, stmt.predicate, stmt.object), [])
            if len(targets) == 1:
                merged[targets[0]] = _combine(merged[targets[0]], stmt)
                del merged[key]
    return sorted(merged.values(), key=_sort_key)


def _sort_key(stmt: Statement) -> tuple[str, ...]:
    return (stmt.kind, *(str(part) for part in stmt.key[1:]), stmt.evidence[0].doc if stmt.evidence else "")


def contested_claims(statements: Iterable[Statement]) -> list[tuple[Claim, Claim]]:
    """Pairs of claims that contradict each other: one asserts what the other denies.

    Two claims are about the same thing when they share subject and object (or, without an object,
    when their predicates are alike). Both are kept in the graph, each with its own evidence.

    Examples:
        >>> a = Claim("sheriff", "asserts", "sheriff", "briefed", "board")
        >>> d = Claim("chair", "denies", "sheriff", "never told", "board")
        >>> [(x.claimant, y.claimant) for x, y in contested_claims([a, d])]
        [('sheriff', 'chair')]
    """
    claims = [s for s in statements if isinstance(s, Claim)]
    by_subject: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_subject[claim.subject].append(claim)
    pairs = []
    for group in by_subject.values():
        for yes in (c for c in group if c.stance == "asserts"):
            for no in (c for c in group if c.stance == "denies"):
                if _same_matter(yes, no):
                    pairs.append((yes, no))
    return pairs


def _same_matter(a: Claim, b: Claim) -> bool:
    if a.object or b.object:
        return a.object == b.object
    return fuzz.token_set_ratio(a.predicate.lower(), b.predicate.lower()) >= 70


def resolve(
    extractions: Iterable[DocumentExtraction],
    *,
    errors: Iterable[str] = (),
    overrides: Overrides | None = None,
) -> tuple[StatementSet, list[MergeRecord]]:
    """Merge per-article extractions into one :class:`StatementSet` of the corpus.

    The result does not depend on the order of ``extractions``; each piece of evidence carries its
    article's publication date, and ``StatementSet.merges`` every resolution decision.
    """
    extractions = sorted(extractions, key=lambda x: x.document.id)
    entities, mapping, merges = resolve_entities(extractions, overrides=overrides)
    documents = {x.document.id: x.document for x in extractions}
    dates = {doc_id: doc.published for doc_id, doc in documents.items()}  # once, not once per statement
    statements = merge_statements(_dated(_rewrite(s, mapping), dates) for x in extractions for s in x.statements)
    used = {ref for s in statements for ref in entity_refs(s)}
    result = StatementSet(
        documents=documents,
        entities={k: v for k, v in sorted(entities.items()) if k in used},
        statements=statements,
        errors=list(errors),
        merges=merges,
    )
    return result, merges
