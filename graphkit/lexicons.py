"""Lexicons and rule files (``ontologies/lexicons/``), read and checked when first used.

Each file is data, not code: titles of posts, national agencies, head nouns of concepts, relation
trigger words, reporting verbs and dependency patterns. Every row that names a relation or an entity
type is checked against the ontology, so a typo fails at start with the file and line, never mid-run.

Examples:
    >>> lex = load_lexicons()
    >>> lex.titles["city solicitor"].scope
    'city'
    >>> lex.agencies["ICE"].name
    'U.S. Immigration and Customs Enforcement'
    >>> any(t.negated == "opposes" for t in lex.triggers["support"])
    True
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .errors import InvalidLexicon
from .vocab import ENTITY_TYPES, RELATIONS, data_path

__all__ = ["Agency", "Lexicons", "Rule", "Title", "Trigger", "load_lexicons"]

SLOTS = ("subj", "obj", "dative", "clause", "other")
# Concept nouns that refer back even with "a"/"an" (filled from concepts.tsv).
ALWAYS_DEFINITE: set[str] = set()


@dataclass(frozen=True, slots=True)
class Title:
    title: str
    scope: str
    office: str


@dataclass(frozen=True, slots=True)
class Agency:
    acronym: str
    name: str
    type: str
    parent: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Trigger:
    lemma: str
    pos: str
    subject: str
    object: str
    relation: str
    negated: str | None
    object_types: frozenset[str]
    requires: frozenset[str]
    role: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    relation: str
    subject: str
    object: str
    pattern: list[dict[str, Any]]
    subject_types: frozenset[str] = frozenset()
    object_types: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Lexicons:
    titles: dict[str, Title]
    staff: dict[str, tuple[str, str]]
    parties: dict[str, str]
    evaluations: dict[str, str]
    agencies: dict[str, Agency]
    concepts: dict[str, tuple[str, bool]]
    matches: dict[str, frozenset[str]]
    triggers: dict[str, list[Trigger]]
    reporting: dict[str, tuple[str, str]]
    rules: list[Rule] = field(default_factory=list)
    # agreement description words (agreements.tsv): word → (use, group), use head, other or vague
    agreement_words: dict[str, tuple[str, str]] = field(default_factory=dict)
    # stance words (stance_words.tsv): "critic", "critical" → criticizes, "supporter" → supports
    stance_words: dict[str, str] = field(default_factory=dict)


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a tab-separated file with a header line; ``#`` lines are comments."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InvalidLexicon(path, None, f"cannot be read: {err}") from err
    numbered = [(i + 1, line) for i, line in enumerate(lines) if line.strip() and not line.startswith("#")]
    if not numbered:
        raise InvalidLexicon(path, None, "the file has no header line")
    header_line, header = numbered[0]
    names = header.split("\t")
    if tuple(names[: len(columns)]) != columns:
        raise InvalidLexicon(path, header_line, f"expected the columns {', '.join(columns)}; found {', '.join(names)}")
    out = []
    for number, line in numbered[1:]:
        cells = next(csv.reader([line], delimiter="\t"))
        if len(cells) > len(names) or len(cells) < 2:
            raise InvalidLexicon(path, number, f"expected {len(names)} tab-separated cells, found {len(cells)}")
        cells += [""] * (len(names) - len(cells))
        out.append((number, dict(zip(names, (c.strip() for c in cells), strict=True))))
    return out


def _types(path: Path, line: int, text: str) -> frozenset[str]:
    types = frozenset(t for t in text.split("|") if t)
    unknown = types - ENTITY_TYPES
    if unknown:
        raise InvalidLexicon(path, line, f"unknown entity type {', '.join(sorted(unknown))}")
    return types


def _relation(path: Path, line: int, name: str) -> str:
    if name not in RELATIONS:
        raise InvalidLexicon(
            path, line, f"unknown relation {name!r}; the ontology defines {', '.join(sorted(RELATIONS))}"
        )
    return name


def _slot(path: Path, line: int, slot: str) -> str:
    if slot not in SLOTS and not slot.startswith("pobj:"):
        raise InvalidLexicon(path, line, f"unknown slot {slot!r}; use subj, obj, dative, clause, other or pobj:PREP")
    return slot


def load_titles(path: Path) -> dict[str, Title]:
    scopes = {"city", "county", "state", "federal", "court", "org", "body"}
    titles = {}
    for line, row in _rows(path, ("title", "scope", "office")):
        if row["scope"] not in scopes:
            raise InvalidLexicon(path, line, f"scope must be one of {', '.join(sorted(scopes))}")
        titles[row["title"].lower()] = Title(row["title"].lower(), row["scope"], row["office"])
    return titles


def load_staff(path: Path) -> dict[str, tuple[str, str]]:
    staff = {}
    for line, row in _rows(path, ("noun", "office", "relation")):
        if row["relation"] not in ("holdsPost", "memberOf"):
            raise InvalidLexicon(path, line, "relation must be holdsPost or memberOf")
        staff[row["noun"].lower()] = (row["office"], _relation(path, line, row["relation"]))
    return staff


def load_evaluations(path: Path) -> dict[str, str]:
    """Judgement words ("reckless", "a victory") and the relation they make (criticizes / supports)."""
    out = {}
    for line, row in _rows(path, ("word", "relation")):
        if row["relation"] not in ("criticizes", "supports"):
            raise InvalidLexicon(path, line, "relation must be criticizes or supports")
        out[row["word"].lower()] = _relation(path, line, row["relation"])
    return out


def load_stance_words(path: Path) -> dict[str, str]:
    """Nouns and adjectives that name a stance ("critic", "opposed") and the relation they make."""
    out = {}
    for line, row in _rows(path, ("word", "relation")):
        if row["relation"] not in ("criticizes", "opposes", "supports"):
            raise InvalidLexicon(path, line, "relation must be criticizes, opposes or supports")
        out[row["word"].lower()] = _relation(path, line, row["relation"])
    return out


def load_agencies(path: Path) -> dict[str, Agency]:
    agencies = {}
    for line, row in _rows(path, ("acronym", "name", "type", "parent", "aliases")):
        _types(path, line, row["type"])
        aliases = tuple(a for a in row["aliases"].split("|") if a)
        agencies[row["acronym"]] = Agency(row["acronym"], row["name"], row["type"], row["parent"], aliases)
    for agency in agencies.values():
        if agency.parent and agency.parent not in agencies:
            raise InvalidLexicon(path, None, f"{agency.acronym}'s parent {agency.parent} is not listed")
    return agencies


def load_matches(path: Path) -> dict[str, frozenset[str]]:
    """For each back-reference noun, the words of a name it can refer to."""
    return {row["noun"].lower(): frozenset(w for w in row["matches"].split("|") if w)
            for _, row in _rows(path, ("noun", "type", "definite", "matches"))}  # fmt: skip


def load_concepts(path: Path) -> dict[str, tuple[str, bool]]:
    concepts = {}
    for line, row in _rows(path, ("noun", "type", "definite", "matches")):
        (kind,) = _types(path, line, row["type"]) or {""}
        if row["definite"] not in ("yes", "no", "always"):
            raise InvalidLexicon(path, line, "definite must be yes, no or always")
        concepts[row["noun"].lower()] = (kind, row["definite"] != "no")
        if row["definite"] == "always":
            ALWAYS_DEFINITE.add(row["noun"].lower())
    return concepts


def load_triggers(path: Path) -> dict[str, list[Trigger]]:
    columns = ("lemma", "pos", "subject", "object", "relation", "negated", "object_types", "requires", "role")
    triggers: dict[str, list[Trigger]] = defaultdict(list)
    for line, row in _rows(path, columns):
        if row["pos"] not in ("VERB", "NOUN"):
            raise InvalidLexicon(path, line, "pos must be VERB or NOUN")
        negated = None if row["negated"] in ("", "-") else _relation(path, line, row["negated"])
        triggers[row["lemma"]].append(
            Trigger(
                lemma=row["lemma"],
                pos=row["pos"],
                subject=_slot(path, line, row["subject"]),
                object=_slot(path, line, row["object"]),
                relation=_relation(path, line, row["relation"]),
                negated=negated,
                object_types=_types(path, line, row["object_types"]),
                requires=frozenset(r for r in row["requires"].split("|") if r),
                role=row["role"],
            )
        )
    return dict(triggers)


def load_reporting(path: Path) -> dict[str, tuple[str, str]]:
    verbs = {}
    for line, row in _rows(path, ("lemma", "kind", "stance")):
        if row["kind"] not in ("speech", "belief") or row["stance"] not in ("asserts", "denies"):
            raise InvalidLexicon(path, line, "kind must be speech or belief; stance asserts or denies")
        verbs[row["lemma"]] = (row["kind"], row["stance"])
    return verbs


def load_agreement_words(path: Path) -> dict[str, tuple[str, str]]:
    """Head nouns of agreements with their group, and the words that mark another or no agreement."""
    words = {}
    for line, row in _rows(path, ("word", "use", "group")):
        if row["use"] not in ("head", "other", "vague") or (row["use"] == "head") != bool(row["group"]):
            raise InvalidLexicon(path, line, "use must be head (with a group), other or vague (without)")
        words[row["word"].lower()] = (row["use"], row["group"])
    return words


def load_rules(path: Path) -> list[Rule]:
    """Dependency rules; each pattern is validated by spaCy's ``DependencyMatcher``."""
    from spacy.matcher import DependencyMatcher
    from spacy.vocab import Vocab

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise InvalidLexicon(path, getattr(err, "lineno", None), f"not a readable JSON rule file: {err}") from err
    if data.get("format") != "graphkit-rules/1":
        raise InvalidLexicon(path, None, 'expected "format": "graphkit-rules/1"')
    matcher = DependencyMatcher(Vocab(), validate=True)
    rules = []
    for item in data.get("rules", []):
        name = item.get("name", "?")
        try:
            rule = Rule(
                name=name,
                relation=_relation(path, 0, item["relation"]),
                subject=item["subject"],
                object=item["object"],
                pattern=item["pattern"],
                subject_types=frozenset(item.get("subject_types", [])),
                object_types=frozenset(item.get("object_types", [])),
            )
            ids = {node["RIGHT_ID"] for node in rule.pattern}
            if rule.subject not in ids or rule.object not in ids:
                raise ValueError(f"subject {rule.subject!r} and object {rule.object!r} must be pattern nodes")
            for types in (rule.subject_types, rule.object_types):
                if types - ENTITY_TYPES:
                    raise ValueError(f"unknown entity type {', '.join(sorted(types - ENTITY_TYPES))}")
            matcher.add(name, [rule.pattern])
        except (KeyError, ValueError) as err:
            raise InvalidLexicon(path, None, f"rule {name!r}: {err}") from err
        rules.append(rule)
    return rules


@cache
def load_lexicons(root: Path | None = None) -> Lexicons:
    """Read every lexicon and rule file (once per process and directory)."""
    base = root or data_path("lexicons")
    return Lexicons(
        titles=load_titles(base / "titles.tsv"),
        staff=load_staff(base / "staff.tsv"),
        parties={row["word"].lower(): row["party"] for _, row in _rows(base / "parties.tsv", ("word", "party"))},
        evaluations=load_evaluations(base / "evaluations.tsv"),
        agencies=load_agencies(base / "agencies.tsv"),
        concepts=load_concepts(base / "concepts.tsv"),
        matches=load_matches(base / "concepts.tsv"),
        triggers=load_triggers(base / "verbs.tsv"),
        reporting=load_reporting(base / "reporting_verbs.tsv"),
        rules=load_rules(base / "rules.json"),
        agreement_words=load_agreement_words(base / "agreements.tsv"),
        stance_words=load_stance_words(base / "stance_words.tsv"),
    )
