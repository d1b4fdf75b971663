"""The rule matcher: spaCy's DependencyMatcher semantics (same matches, same order) for less work."""

from __future__ import annotations

import pytest
from spacy.matcher import DependencyMatcher

from graphkit.extract.matcher import rule_matcher
from graphkit.lexicons import load_lexicons

pytestmark = pytest.mark.model

TEXT = (
    "The Northland Civil Liberties Project, a nonprofit based in Minneapolis, opposes the plan. "
    "Enforcement and Removal Operations, a division of ICE, uses the database. The Harbor Gazette filed a "
    "lawsuit against the sheriff in March. Council member Dana Holt, a longtime critic of Mayor Ray Lund, "
    "is against the contract. The contract drew sharp criticism from the ACLU of Oregon. About 80 parents "
    "rallied in front of City Hall. The police department, which runs the database, has access to RPX."
)


def test_the_rule_matcher_finds_what_spacys_dependency_matcher_finds(nlp) -> None:  # type: ignore[no-untyped-def]
    rules = load_lexicons().rules
    doc = nlp(TEXT)
    spacy_matcher = DependencyMatcher(nlp.vocab)
    for rule in rules:
        spacy_matcher.add(rule.name, [rule.pattern])
    expected = [(key, tokens) for key, tokens in spacy_matcher(doc)]
    found = rule_matcher(nlp.vocab, rules)(doc)
    assert len(expected) > 5  # the text exercises the rules
    assert [(key, list(tokens)) for key, tokens in found] == [(key, list(tokens)) for key, tokens in expected]
