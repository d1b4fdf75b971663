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
        roots = _roots(doc)
        for start, spec in self.tokens(doc):
            root = roots[start]
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
        self._tables: _SpecTables | None = None  # built on first use, after the last pattern is added

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
                self._tables = None
        return self.ids[spec]

    def __call__(self, doc: Doc) -> list[tuple[int, int]]:
        """``(token, pattern id)`` of every match, by token."""
        found = [(start, key) for key, start, _end in self.matcher(doc)] if len(self.matcher) else []
        if not self.columns or not len(doc):
            return found
        if self._tables is None:
            self._tables = _SpecTables(self.columns)
        tokens, patterns = self._tables.matches(doc)
        if found:  # with the Matcher's matches: sorted together
            found.extend(zip(tokens.tolist(), patterns.tolist(), strict=True))
            return sorted(found, key=itemgetter(0))  # stable: by token, as spaCy's Matcher reports them
        return list(zip(tokens.tolist(), patterns.tolist(), strict=True))


class _SpecTables:
    """The column patterns as lookup tables, so that a document is tested against all of them at once.

    Tested pattern by pattern, a document cost a dozen small numpy calls per pattern (a hundred patterns:
    half the rule matcher's time); here each attribute's column is looked up once in a table of which
    tests each value passes, and each pattern is the conjunction of its columns of the token × test matrix.
    """

    def __init__(self, columns: list[tuple[int, list[_Condition]]]) -> None:
        values_of: dict[int, dict[bytes, np.ndarray[Any, Any]]] = {}  # attribute → its distinct tests
        for _key, conditions in columns:
            for attr, _wanted, values in conditions:
                values_of.setdefault(attr, {}).setdefault(values.tobytes(), values)
        self.attrs = sorted(values_of)
        # per attribute: the values its tests name, sorted, and the tests each passes (the last row: a value
        # no test names, which passes none); the test matrix has the attributes' tests side by side
        self.lookups: list[tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]] = []
        test_of: dict[tuple[int, bytes], int] = {}
        for attr in self.attrs:
            tests = values_of[attr]
            named = np.unique(np.concatenate(list(tests.values())))
            passes = np.zeros((len(named) + 1, len(tests)), dtype=bool)
            for j, (key, values) in enumerate(tests.items()):
                passes[:-1, j] = np.isin(named, values)
                test_of[(attr, key)] = len(test_of)
            self.lookups.append((named, passes))
        always = len(test_of)  # a last column of True pads the patterns with fewer conditions
        width = max(len(conditions) for _key, conditions in columns)
        self.tests = np.full((width, len(columns)), always, dtype=np.intp)  # condition × pattern → test
        self.wanted = np.ones((width, len(columns)), dtype=bool)
        for k, (_key, conditions) in enumerate(columns):
            for c, (attr, wanted, values) in enumerate(conditions):
                self.tests[c, k] = test_of[(attr, values.tobytes())]
                self.wanted[c, k] = wanted
        self.keys = np.array([key for key, _conditions in columns], dtype=np.uint64)

    def matches(self, doc: Doc) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """The tokens and pattern ids of every match: by token, then in the order the patterns were added."""
        missing = [_ANNOTATED[a] for a in self.attrs if a in _ANNOTATED and not doc.has_annotation(_ANNOTATED[a])]
        if missing:
            raise ValueError(f"rule patterns need {', '.join(missing)}, which this document lacks")
        columns: list[int | str] = list(self.attrs)  # to_array's signature asks for a list of either
        table = doc.to_array(columns).reshape(len(doc), len(self.attrs))
        passed = []
        for column, (named, passes) in zip(table.T, self.lookups, strict=True):
            where = np.minimum(np.searchsorted(named, column), len(named) - 1)
            passed.append(passes[np.where(named[where] == column, where, len(named))])
        passed.append(np.ones((len(doc), 1), dtype=bool))
        tested = np.concatenate(passed, axis=1)  # token × test
        matched = np.ones((len(doc), self.tests.shape[1]), dtype=bool)  # token × pattern
        for tests, wanted in zip(self.tests, self.wanted, strict=True):
            matched &= tested[:, tests] == wanted
        tokens, patterns = np.nonzero(matched)  # row-major: by token, then pattern, as the stable sort gave
        return tokens, self.keys[patterns]


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


def _roots(doc: Doc) -> list[int]:
    """The root of each token's tree (what ``DependencyMatcher`` reaches through ``token.ancestors``).

    Found for all tokens at once by pointer jumping on the parse's array of heads (each step doubles the
    distance climbed), rather than climbing from each matched token in Python.
    """
    offsets = doc.to_array(HEAD).astype(np.int64)  # relative offsets, stored unsigned
    roots = np.arange(len(doc), dtype=np.int64) + offsets
    while True:
        above = roots[roots]
        if np.array_equal(above, roots):
            return roots.tolist()  # type: ignore[no-any-return]
        roots = above


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
