"""Stage 4: resolution. Per-article entities become the corpus's entities, and per-article statements
become one statement per fact with the evidence of every sentence and article that supports it.

Entities merge when they are the same (:mod:`graphkit.names` compares the names):

* persons: compatible full names ("Marcel Pratt" / "Marcel S. Pratt", "Tom" / "Thomas", spelling
  variants); a bare surname or title + surname joins the one full name of the story that fits it, and
  stays apart when two do (two Whitcombs); two different first names never merge;
* organisations: the same name, an agency's acronym and name (``lexicons/agencies.tsv``), an acronym and
  the name whose initials it is, a short name and its long form ("Board of Supervisors" / "Harlan County
  Board of Supervisors"), spelling variants;
* anything else (agreements, systems, cases...): the same name or description within one story.

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
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

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


class _Clusters:
    """Union-find over per-article entities that refuses joins a constraint forbids."""

    def __init__(self, items: dict[str, _Item]) -> None:
        self.items = items
        self.parent = {i: i for i in items}
        self.members: dict[str, list[str]] = {i: [i] for i in items}
        self.tags: dict[str, set[tuple[int, int]]] = defaultdict(set)
        self.edges: list[_Edge] = []
        self.refused: dict[tuple[str, str], str] = {}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def docs(self, root: str) -> set[str]:
        return {self.items[m].doc for m in self.members[root]}

    def titles(self, root: str) -> frozenset[str]:
        return frozenset(t for m in self.members[root] for t in self.items[m].titles)

    def full_names(self, root: str) -> list[PersonName]:
        return [p for m in self.members[root] if (p := self.items[m].person) is not None and p.full]

    def labels(self, root: str) -> set[str]:
        """Proper-name labels of the non-person members (acronyms aside): they must fit together."""
        labels = (self.items[m].ent.label for m in self.members[root] if self.items[m].person is None)
        return {label for label in labels if is_proper(label) and not is_acronym(label)}

    def conflict(self, ra: str, rb: str) -> str | None:
        """Why clusters ``ra`` and ``rb`` must stay apart, or None."""
        if any((i, 1 - side) in self.tags[rb] for i, side in self.tags[ra]):
            return "override:keep-apart"
        if any(persons_compatible(x, y) is None for x in self.full_names(ra) for y in self.full_names(rb)):
            return "conflicting-names"
        if any(distinct_names(x, y) for x in self.labels(ra) for y in self.labels(rb)):
            return "distinct-names"
        return None

    def join(self, a: str, b: str, rule: str, forms: tuple[str, str], *, check: bool = True) -> bool:
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
        self.tags[ra] |= self.tags.pop(rb, set())
        self.edges.append(_Edge(a, b, rule, forms))
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

    def together(self, a: str, b: str) -> bool:
        return a == b or bool(self.anchors.get(a, set()) & self.anchors.get(b, set()))

    def near(self, doc: str, docs: Iterable[str]) -> bool:
        return any(self.together(doc, other) for other in docs)


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
        for n, item in enumerate(block[1:], 1):
            partner = next((p for p in block[:n] if stories is None or stories.together(p.doc, item.doc)), None)
            if partner is not None:
                rule = "same-name" if wide else "same-name-in-story"
                clusters.join(partner.id, item.id, rule, (_form(partner, key), _form(item, key)))


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


def _join_persons(items: list[_Item], clusters: _Clusters) -> None:
    """Full names that can be one person, blocked by surname (and by first name for surname slips)."""
    people = {i.id: i.person for i in items if i.person is not None and i.person.full}
    by_item = {i.id: i for i in items}
    for keyer in (_surname_key, _first_name_key):
        blocks: dict[str, list[str]] = defaultdict(list)
        for item_id, name in people.items():
            blocks[keyer(name)].append(item_id)
        for block in blocks.values():
            for n, a in enumerate(block[:MAX_BLOCK]):
                for b in block[n + 1 : MAX_BLOCK]:
                    rule = persons_compatible(people[a], people[b])
                    if rule is not None:
                        clusters.join(a, b, rule, (by_item[a].ent.label, by_item[b].ent.label))


def _best_name(clusters: _Clusters, root: str) -> str:
    names = clusters.full_names(root) or [p for m in clusters.members[root] if (p := clusters.items[m].person)]
    return max(names, key=lambda p: p.fullness).text


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
        roots = {clusters.find(i) for i in full_by_last.get(item.person.last, ())}
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
    for item in orgs:
        for form in (f for f in item.forms if is_acronym(f)):
            acronym = form.replace(".", "")
            found = [
                (c, f) for c in by_initials.get(f"org|{acronym}", []) for f in _long_forms(c) if initials(f) == acronym
            ]
            _join_unique(item, form, found, clusters, stories, "acronym")


def _suffixes(item: _Item) -> Iterator[str]:
    for form in item.forms:
        words = core_key(form).split()
        yield from (" ".join(words[-k:]) for k in range(1, len(words)))


def _join_short_forms(items: list[_Item], clusters: _Clusters, stories: _Stories) -> None:
    """A short name and the one long form of its story ("City Council" / "Millbrook City Council")."""
    orgs = [i for i in items if i.group == "org"]
    by_suffix = _blocks(orgs, lambda i: list(_suffixes(i)))
    for item in orgs:
        for form in item.forms:
            candidates = by_suffix.get(f"org|{core_key(form)}", [])
            longer = [(c, f) for c in candidates for f in c.forms if short_form_of(form, f)]
            _join_unique(item, form, longer, clusters, stories, "short-name")


def _description_words(form: str) -> frozenset[str]:
    """The words of a description that say which one it is: "a digital rights group" → digital, rights."""
    words = [w for w in name_key(form).split() if w not in _DESCRIPTION_STOP]
    return frozenset(words[:-1]) if len(words) > 1 else frozenset()


_DESCRIPTION_STOP = frozenset({"a", "an", "the", "local", "new", "its", "their"})


def _join_descriptions(items: list[_Item], clusters: _Clusters, stories: _Stories) -> None:
    """A description in one article and the one name of its story that holds every word of it ("a digital
    rights group" / "Millbrook Digital Rights Coalition"), of the same kind."""
    orgs = [i for i in items if i.group == "org"]
    named = [i for i in orgs if any(is_distinctive(f) for f in i.forms)]
    by_word = _blocks(named, lambda i: [w for f in i.forms for w in name_key(f).split()])
    for item in orgs:
        if any(is_distinctive(f) for f in item.forms):
            continue
        for form in item.forms:
            words = _description_words(form)
            if len(words) < 2:
                continue
            pool = by_word.get(f"org|{min(words)}", [])
            fits = [(c, f) for c in pool for f in c.forms if words <= set(name_key(f).split())]
            fits = [(c, f) for c, f in fits if c.ent.type == item.ent.type]
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
        for n, item in enumerate(block[:MAX_BLOCK]):
            for other in block[n + 1 : MAX_BLOCK]:
                if clusters.find(item.id) == clusters.find(other.id):
                    continue
                pair = next(((a, b) for a in item.forms for b in other.forms if spelling_variant(a, b)), None)
                if pair is not None:
                    clusters.join(item.id, other.id, "spelling-variant", pair)


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
    return clusters


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
            records.append(MergeRecord(cid, m.id, m.ent.label, m.doc, edge.rule, forms, other))
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
    items = {e.id: _item(e) for x in extractions for e in x.entities.values()}
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


def merge_statements(statements: Iterable[Statement]) -> list[Statement]:
    """One statement per key with the union of the evidence; undated evidence of a relation joins its one
    dated statement (an article that says "the letter" after "a letter sent Monday")."""
    merged: dict[tuple[object, ...], Statement] = {}
    for stmt in statements:
        key = _claim_key(stmt)
        merged[key] = _combine(merged[key], stmt) if key in merged else stmt
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
