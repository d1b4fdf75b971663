"""Stage 3: extraction. Pure functions over a parsed ``Doc`` and its :class:`~graphkit.types.Document`.

:func:`extract_document` finds the article's entities (:mod:`.mentions`), typed relations and posts
(:mod:`.relations`), claims (:mod:`.claims`) and quotes (:mod:`.quotes`), and returns them as records
whose entity ids are local to the article; :mod:`graphkit.resolve` merges them across articles.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.attrs import POS
from spacy.tokens import Doc

from ..lexicons import Lexicons, load_lexicons
from ..types import Attribute, Claim, DocumentExtraction, Entity, Quote, Relation, Statement, entity_refs
from ..types import Document as Article
from .claims import claims
from .mentions import LocalEntity, Mentions, find_mentions, headline_end
from .quotes import quotes, slogan_target
from .relations import (
    AGENT_TYPES,
    RelationHit,
    agreement_parties,
    attributes,
    case_names,
    judgements,
    motions,
    named_defendants,
    posts,
    rule_relations,
    stance_words,
    trigger_relations,
    vote_stances,
)
from .syntax import evidence, tokens_with, undecided

__all__ = ["EXTRACTOR_VERSION", "extract_document", "find_mentions"]

EXTRACTOR_VERSION = "graphkit-extract/0.4"


def _relation(m: Mentions, hit: RelationHit) -> Relation:
    return Relation(
        subject=hit.subject.id,
        predicate=hit.predicate,
        object=hit.object.id,
        qualifiers=dict(hit.qualifiers),
        evidence=(evidence(m.doc_id, hit.sentence),),
        confidence=hit.confidence,
        extractor=f"{EXTRACTOR_VERSION}#{hit.rule}",
    )


def _acting_for_office(hits: list[RelationHit]) -> list[RelationHit]:
    """An official who signs or renews an agreement does so for the office they hold: "Sheriff Talbert
    renewed the county's agreement" makes the sheriff's office the party."""
    office = {h.subject.id: h.object for h in hits if h.predicate == "holdsPost" and h.rule.startswith("post:")}
    out = []
    for h in hits:
        if h.predicate == "partyTo" and h.subject.type == "Person" and h.subject.id in office:
            h = h._replace(subject=office[h.subject.id])
        out.append(h)
    return out


def _parsed_from(doc: Doc, text: str) -> bool:
    """Whether the doc is the parse of this text (spaCy keeps a text verbatim), checked by its ends."""
    if not len(doc):
        return not text
    last = doc[-1]
    return last.idx + len(last.text_with_ws) == len(text) and text.startswith(doc[0].text)


def _open_relations(m: Mentions, typed: set[tuple[int, str, str]]) -> Iterable[Relation]:
    """A verb between two entities that no typed relation covers: kept as ``relatedTo`` with its verb."""
    for verb in tokens_with(m.doc, POS, {"VERB"}):
        if verb.pos_ != "VERB" or verb.lemma_ in m.lex.reporting or undecided(verb):
            continue
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        s, o = (
            (m.resolve_token(subj) if subj is not None else None),
            (m.resolve_token(obj) if obj is not None else None),
        )
        if s is None or o is None or s is o or s.type not in AGENT_TYPES:
            continue
        if (verb.sent.start, s.id, o.id) in typed:
            continue
        yield Relation(s.id, "relatedTo", o.id, {"verb": verb.lemma_}, (evidence(m.doc_id, verb.sent),), 0.4,
                       f"{EXTRACTOR_VERSION}#open")  # fmt: skip


def _merge(statements: Iterable[Statement]) -> list[Statement]:
    """One statement per key, with the evidence of every sentence that supports it."""
    from ..resolve import merge_statements

    return merge_statements(statements)


def _entity(local: LocalEntity, doc_id: str) -> Entity:
    return Entity(id=local.id, label=local.label, type=local.type, aliases=local.aliases, docs=(doc_id,))


def extract_document(doc: Doc, article: Article, *, lexicons: Lexicons | None = None) -> DocumentExtraction:
    """Everything graphkit extracts from one parsed article.

    Args:
        doc: the article parsed by :func:`graphkit.nlp.load_model`'s pipeline.
        article: the article's record (its id names the evidence; its date resolves relative dates).
        lexicons: lexicons to use instead of the shipped ones.
    """
    text = article.text if _parsed_from(doc, article.text) else None
    m = find_mentions(
        doc,
        article.id,
        lexicons=lexicons or load_lexicons(),
        body_start=headline_end(doc, article.title, text=text),
        text=text,
    )
    published = article.published
    hits = _acting_for_office(
        [
            *posts(m),
            *trigger_relations(m, published),
            *vote_stances(m),
            *rule_relations(m, published),
            *case_names(m),
            *agreement_parties(m),
            *judgements(m),
            *stance_words(m),
            *named_defendants(m),
            *motions(m),
        ]
    )
    relations = [_relation(m, h) for h in hits]
    typed = {(h.sentence.start, h.subject.id, h.object.id) for h in hits}
    reported = {(h.anchor, h.subject.id) for h in hits if h.anchor >= 0}
    statements: list[Statement] = [*relations]
    for c in claims(m, reported):
        statements.append(
            Claim(
                c.claimant.id,
                "asserts" if c.stance == "asserts" else "denies",
                c.subject.id,
                c.predicate,
                c.object.id if c.object else None,
                (evidence(m.doc_id, c.sentence),),
                0.7,
                f"{EXTRACTOR_VERSION}#claim",
            )
        )
    for q in quotes(m):
        ev = tuple(evidence(m.doc_id, s) for s in q.sentences)
        statements.append(Quote(q.speaker.id if q.speaker else None, q.text, ev, 0.8 if q.speaker else 0.5,
                                f"{EXTRACTOR_VERSION}#quote"))  # fmt: skip
        target = slogan_target(m, q)
        if q.speaker is not None and target is not None and target is not q.speaker:
            statements.append(Relation(q.speaker.id, "opposes", target.id, {}, ev, 0.7, f"{EXTRACTOR_VERSION}#slogan"))
    for a in attributes(m, published):
        statements.append(Attribute(a.subject.id, a.attribute, a.value, (evidence(m.doc_id, a.sentence),), 0.8,
                                    f"{EXTRACTOR_VERSION}#attribute"))  # fmt: skip
    statements.extend(_open_relations(m, typed))
    merged = _merge(statements)
    used = {ref for s in merged for ref in entity_refs(s)}
    entities = {e.id: _entity(e, article.id) for e in m.entities.values() if e.id in used}
    return DocumentExtraction(document=article, entities=entities, statements=merged)
