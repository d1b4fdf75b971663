"""The typed records that flow between graphkit's stages.

corpus → :class:`Document`; extract → :class:`DocumentExtraction` (local entities and statements that
point at them by id); resolve → :class:`StatementSet` (canonical entities, merged statements); graph and
export read a :class:`StatementSet` and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeAlias

__all__ = [
    "Attribute",
    "Claim",
    "Document",
    "DocumentExtraction",
    "Entity",
    "Evidence",
    "MergeRecord",
    "Quote",
    "Relation",
    "Statement",
    "StatementSet",
]

Stance: TypeAlias = Literal["asserts", "denies"]


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its cleaned text (to which every offset refers) and its metadata."""

    id: str
    text: str
    title: str = ""
    publisher: str = ""
    published: str = ""  # ISO date, or "" when the source does not say
    url: str = ""
    source: str = ""  # path of the file it was read from
    meta: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        extra = {k: v for k, v in self.meta.items() if k not in _DOC_FIELDS}
        return {
            "id": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published,
            "url": self.url,
            "source": self.source,
            **({"meta": extra} if extra else {}),
            "text": self.text,
        }


_DOC_FIELDS = {"id", "title", "publisher", "published", "url", "text", "source"}


@dataclass(frozen=True, slots=True, order=True)
class Evidence:
    """A sentence of a document that supports a statement; ``start``/``end`` index ``Document.text``."""

    doc: str
    start: int
    end: int
    text: str
    published: str = field(default="", compare=False)  # the article's publication date, set by resolve

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"doc": self.doc, "text": self.text, "start": self.start, "end": self.end}
        if self.published:
            out["published"] = self.published
        return out


@dataclass(slots=True)
class Entity:
    """A node of the graph: one real-world person, organisation, place, agreement, ..."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "type": self.type, "aliases": list(self.aliases)}


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed (or open, ``relatedTo``) relation between two entities."""

    subject: str
    predicate: str
    object: str
    qualifiers: Mapping[str, str] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5
    extractor: str = ""
    kind: Literal["relation"] = "relation"

    @property
    def key(self) -> tuple[Any, ...]:
        return ("relation", self.subject, self.predicate, self.object, self.qualifiers.get("date", ""))


@dataclass(frozen=True, slots=True)
class Claim:
    """Something ``claimant`` asserts or denies about ``subject`` (and maybe ``object``)."""

    claimant: str
    stance: Stance
    subject: str
    predicate: str
    object: str | None = None
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5
    extractor: str = ""
    kind: Literal["claim"] = "claim"

    @property
    def key(self) -> tuple[Any, ...]:
        return ("claim", self.claimant, self.stance, self.subject, self.predicate.lower(), self.object)


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation and who said it (``None`` when the text does not say)."""

    speaker: str | None
    text: str
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5
    extractor: str = ""
    kind: Literal["quote"] = "quote"

    @property
    def key(self) -> tuple[Any, ...]:
        return ("quote", self.speaker, self.text)


@dataclass(frozen=True, slots=True)
class Attribute:
    """A literal property of one entity, such as an agreement's ``endDate``."""

    subject: str
    attribute: str
    value: str
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5
    extractor: str = ""
    kind: Literal["attribute"] = "attribute"

    @property
    def key(self) -> tuple[Any, ...]:
        return ("attribute", self.subject, self.attribute, self.value)


Statement: TypeAlias = Relation | Claim | Quote | Attribute


def with_evidence(stmt: Statement, evidence: tuple[Evidence, ...], confidence: float) -> Statement:
    """The same statement with other evidence and confidence (records are frozen)."""
    return replace(stmt, evidence=evidence, confidence=confidence)


def entity_refs(stmt: Statement) -> Iterator[str]:
    """The ids of every entity a statement points at."""
    if isinstance(stmt, Relation):
        yield from (stmt.subject, stmt.object)
    elif isinstance(stmt, Claim):
        yield stmt.claimant
        yield stmt.subject
        if stmt.object:
            yield stmt.object
    elif isinstance(stmt, Quote):
        if stmt.speaker:
            yield stmt.speaker
    else:
        yield stmt.subject


@dataclass(slots=True)
class DocumentExtraction:
    """What the extractor found in one document; statements point at ``entities`` by id."""

    document: Document
    entities: dict[str, Entity] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MergeRecord:
    """One resolution decision about a per-article entity (``member``), written to ``merges.jsonl``.

    ``decision`` is ``merged`` (``member`` joined ``canonical`` through ``via`` by ``rule``, matching
    ``forms``), ``single`` (nothing matched) or ``kept-apart`` (a rule or ``merges.yml`` refused to join
    ``member`` and ``via``).
    """

    canonical: str
    member: str
    member_label: str
    doc: str
    rule: str
    forms: tuple[str, ...] = ()
    via: str = ""
    decision: str = "merged"
    evidence: tuple[str, ...] = ()  # what else made the rule apply: the parties two agreements share, ...

    def to_json(self) -> dict[str, Any]:
        out = {"canonical": self.canonical, "member": self.member, "member_label": self.member_label,
               "doc": self.doc, "rule": self.rule, "forms": list(self.forms), "via": self.via,
               "decision": self.decision}  # fmt: skip
        return {**out, "evidence": list(self.evidence)} if self.evidence else out


@dataclass(slots=True)
class StatementSet:
    """The resolved output of a build: canonical entities, merged statements and their documents."""

    documents: dict[str, Document] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    merges: list[MergeRecord] = field(default_factory=list)

    def entity(self, entity_id: str | None) -> Entity | None:
        return self.entities.get(entity_id) if entity_id else None
