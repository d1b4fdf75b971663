"""A matcher of the dependency rules of ``lexicons/rules.json``: spaCy's ``DependencyMatcher`` semantics
(the same matches in the same order) for less work, shared by every article of a process."""

from __future__ import annotations

import json
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, LOWER, ORTH, POS, TAG
from spacy.matcher import DependencyMatcher, Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..lexicons import Rule

__all__ = ["RuleMatcher", "rule_matcher"]


class RuleMatcher:
    """spaCy's ``DependencyMatcher`` over some rules, with the same matches in the same order, for less work.

    ``DependencyMatcher`` matches each node's token pattern once per rule that has it (``{"DEP": "pobj"}``
    is in a third of the rules) and climbs to the tree root once per token matched per node; here each
    distinct token pattern is matched once and each token's root is found once. The trees are then searched
    exactly as spaCy searches them: rules in the order added, trees in the order of their first matched
    token, candidates in the order of ``itertools.product``, relations by spaCy's own operators.
    """

    def __init__(self, vocab: Vocab, rules: list[Rule]) -> None:
        self.tokens = _TokenSpecs(vocab)
        self.ops = DependencyMatcher(vocab)._ops  # spaCy's operators: every REL_OP means what it means there
        grouped: dict[int, list[tuple[list[int], list[list[tuple[int, str]]]]]] = {}
        for rule in rules:
            nodes = [self.tokens.add(node["RIGHT_ATTRS"]) for node in rule.pattern]
            index = {node["RIGHT_ID"]: j for j, node in enumerate(rule.pattern)}
            # the relations each node must have to the nodes before it (a LEFT_ID always names an earlier
            # node), so that a candidate is dropped as soon as a node of it fails
            incoming: list[list[tuple[int, str]]] = [[] for _ in nodes]
            for j, node in enumerate(rule.pattern):
                if "REL_OP" in node:
                    incoming[j].append((index[node["LEFT_ID"]], node["REL_OP"]))
            # one key per rule name, its patterns in the order added, as DependencyMatcher keeps them
            grouped.setdefault(get_string_id(rule.name), []).append((nodes, incoming))
        self.rules = [(key, nodes, incoming) for key, patterns in grouped.items() for nodes, incoming in patterns]

    def __call__(self, doc: Doc) -> list[tuple[int, list[int]]]:
        trees: dict[int, dict[int, list[int]]] = {}
        having: dict[int, list[int]] = {}  # pattern → the trees (by root) with a token that matches it
        roots: dict[int, int] = {}
        heads = _heads(doc)
        for start, spec in self.tokens(doc):
            root = _root_of(heads, start, roots)
            positions = trees.setdefault(root, {})
            if spec not in positions:
                positions[spec] = []
                having.setdefault(spec, []).append(root)
            positions[spec].append(start)
        order = {root: k for k, root in enumerate(trees)}
        cache: dict[tuple[int, str], set[int]] = {}
        found: list[tuple[int, list[int]]] = []
        for key, nodes, incoming in self.rules:
            # only the trees where every node matches some token (the others give no candidate), in the
            # order of their first matched token, as spaCy searches them
            rarest = min((having.get(n, []) for n in nodes), key=len)
            for root in sorted((r for r in rarest if all(n in trees[r] for n in nodes)), key=order.__getitem__):
                choices = [trees[root][n] for n in nodes]
                found.extend((key, chosen) for chosen in self._search(cache, doc, choices, incoming, []))
        return found

    def _search(
        self, cache: dict[tuple[int, str], set[int]], doc: Doc, choices: list[list[int]],
        incoming: list[list[tuple[int, str]]], chosen: list[int],
    ) -> Iterator[list[int]]:  # fmt: skip
        """The candidates ``itertools.product(*choices)`` would give that have every relation, in its
        order: node by node, each token tried against the tokens already chosen, depth first."""
        k = len(chosen)
        if k == len(choices):
            yield list(chosen)
            return
        for token in choices[k]:
            if all(token in self._related(cache, doc, chosen[left], op) for left, op in incoming[k]):
                chosen.append(token)
                yield from self._search(cache, doc, choices, incoming, chosen)
                chosen.pop()

    def _related(self, cache: dict[tuple[int, str], set[int]], doc: Doc, left: int, op: str) -> set[int]:
        """The tokens in relation ``op`` to token ``left``, by spaCy's operator, found once per doc."""
        key = (left, op)
        if key not in cache:
            cache[key] = {t.i for t in self.ops[op](doc, left)}
        return cache[key]


_SPEC_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "LEMMA": LEMMA, "POS": POS, "TAG": TAG, "DEP": DEP,
               "ENT_TYPE": ENT_TYPE}  # fmt: skip
_ANNOTATED = {LEMMA: "LEMMA", POS: "POS", TAG: "TAG", DEP: "DEP"}
_Condition = tuple[int, bool, "np.ndarray[Any, Any]"]  # attribute, whether the values are wanted, value ids


class _TokenSpecs:
    """The tokens that match each node's token pattern (``RIGHT_ATTRS``), each distinct pattern once.

    Patterns of strings and ``IN``/``NOT_IN`` lists over the attributes of ``_SPEC_ATTRS`` (all the rules
    have) are tested on the columns of ``Doc.to_array``, as spaCy's ``Matcher`` tests them: by equality of
    string ids. Any other pattern goes to a spaCy ``Matcher``, which also reports missing annotation.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.ids: dict[str, int] = {}
        self.columns: list[tuple[int, list[_Condition]]] = []
        self.matcher = Matcher(vocab)

    def add(self, attrs: dict[str, Any]) -> int:
        """The id of a token pattern, the same for the same pattern."""
        spec = json.dumps(attrs, sort_keys=True)
        if spec not in self.ids:
            name = f"graphkit-rule-node-{len(self.ids)}"
            self.ids[spec] = get_string_id(name)
            conditions = _conditions(attrs)
            if conditions is None:
                self.matcher.add(name, [[attrs]])
            else:
                self.columns.append((self.ids[spec], conditions))
        return self.ids[spec]

    def __call__(self, doc: Doc) -> list[tuple[int, int]]:
        """``(token, pattern id)`` of every match, by token."""
        found = [(start, key) for key, start, _end in self.matcher(doc)] if len(self.matcher) else []
        if not self.columns or not len(doc):
            return found
        attrs = sorted({attr for _, conditions in self.columns for attr, _, _ in conditions})
        missing = [_ANNOTATED[a] for a in attrs if a in _ANNOTATED and not doc.has_annotation(_ANNOTATED[a])]
        if missing:
            raise ValueError(f"rule patterns need {', '.join(missing)}, which this document lacks")
        columns: list[int | str] = list(attrs)  # to_array's signature asks for a list of either
        table = doc.to_array(columns).reshape(len(doc), len(attrs))
        column = {attr: table[:, i] for i, attr in enumerate(attrs)}
        tested: dict[tuple[int, bytes], np.ndarray[Any, Any]] = {}  # many patterns share a test ({"DEP": "pobj"})
        starts: list[np.ndarray[Any, Any]] = []
        keys: list[np.ndarray[Any, Any]] = []
        for key, conditions in self.columns:
            mask = np.ones(len(doc), dtype=bool)
            for attr, wanted, values in conditions:
                mask &= _has_value(column[attr], attr, values, tested) == wanted
            where = np.flatnonzero(mask)
            starts.append(where)
            keys.append(np.full(len(where), key, dtype=np.uint64))
        tokens, patterns = np.concatenate(starts), np.concatenate(keys)
        if found:  # with the Matcher's matches: sorted together
            found.extend(zip(tokens.tolist(), patterns.tolist(), strict=True))
            return sorted(found, key=itemgetter(0))  # stable: by token, as spaCy's Matcher reports them
        # the same stable order by token, sorted in numpy rather than one Python tuple per matched token
        order = np.argsort(tokens, kind="stable")
        return list(zip(tokens[order].tolist(), patterns[order].tolist(), strict=True))


def _has_value(
    column: np.ndarray[Any, Any], attr: int, values: np.ndarray[Any, Any],
    tested: dict[tuple[int, bytes], np.ndarray[Any, Any]],
) -> np.ndarray[Any, Any]:  # fmt: skip
    """Which tokens have one of ``values`` in ``column`` (of ``attr``), each test once per document."""
    key = (attr, values.tobytes())
    if key not in tested:
        mask = column == values[0]
        if len(values) <= 8:  # a few comparisons cost less than np.isin's set-up
            for value in values[1:]:
                mask |= column == value
        else:
            mask = np.isin(column, values)
        tested[key] = mask
    return tested[key]


def _conditions(attrs: dict[str, Any]) -> list[_Condition] | None:
    """The tests of a token pattern on ``Doc.to_array`` columns, or None when it has others."""
    conditions: list[_Condition] = []
    for name, value in attrs.items():
        attr = _SPEC_ATTRS.get(name.upper()) if isinstance(name, str) else None
        if attr is None:
            return None
        if isinstance(value, str):
            conditions.append((attr, True, np.array([get_string_id(value)], dtype=np.uint64)))
        elif isinstance(value, dict) and value and set(value) <= {"IN", "NOT_IN"}:
            for predicate, items in value.items():
                if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
                    return None
                ids = np.array([get_string_id(v) for v in items], dtype=np.uint64)
                conditions.append((attr, predicate == "IN", ids))
        else:
            return None
    return conditions


def _heads(doc: Doc) -> list[int]:
    """The index of each token's head, read from the parse's array rather than token by token."""
    offsets = doc.to_array(HEAD).astype(np.int64)  # relative offsets, stored unsigned
    return (np.arange(len(doc), dtype=np.int64) + offsets).tolist()  # type: ignore[no-any-return]


def _root_of(heads: list[int], i: int, roots: dict[int, int]) -> int:
    """The root of token ``i``'s tree (what ``DependencyMatcher`` reaches through ``token.ancestors``)."""
    path = []
    while i not in roots:
        head = heads[i]
        if head == i:
            roots[i] = i
            break
        path.append(i)
        i = head
    for j in path:
        roots[j] = roots[i]
    return roots[i]


_MATCHERS: dict[tuple[str, ...], tuple[object, object, RuleMatcher]] = {}


def rule_matcher(vocab: Vocab, rules: list[Rule]) -> RuleMatcher:
    """The matcher of all the rules, built once per set of rules and vocabulary.

    A matcher of only the rules whose words occur in the article found the same matches, but nearly every
    article has its own such set, so it was built anew for each; a rule that cannot match costs the full
    matcher only a look-up (no tree has a token for each of its nodes).
    """
    names = tuple(r.name for r in rules)  # a rule added to the lexicons makes a new matcher
    cached = _MATCHERS.get(names)
    if cached is not None and cached[0] is vocab and cached[1] is rules:
        return cached[2]
    matcher = RuleMatcher(vocab, list(rules))
    if len(_MATCHERS) >= 16:
        _MATCHERS.clear()
    _MATCHERS[names] = (vocab, rules, matcher)
    return matcher
