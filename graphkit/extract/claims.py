"""Claims: what an agent asserts or denies, from reporting and belief verbs and their complement clauses.

"Flores said that ICE was not in breach of its contract" → Simona L. Flores *denies* ICE –in breach of→
PARS contract. "The suggestion that X ... is entirely baseless," she wrote → she *denies* X. A claim whose
subject is the claimant (a stance: "he does not support ...") or whose content is already a typed relation
("a spokesperson said officials met with ICE") is not a claim.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Span, Token

from .mentions import ORG_KINDS, LocalEntity, Mentions
from .quotes import quotation_spans
from .relations import AGENT_TYPES, FILINGS, _entities, plaintiff
from .syntax import (
    MESSAGE_NOUNS,
    governing_subject,
    is_negated,
    prep_objects,
    reporting_ancestor,
    sentences_back,
    tokens_with,
)

__all__ = ["ClaimHit", "claims"]

DENIAL_WORDS = {"baseless", "false", "untrue", "wrong", "unfounded", "absurd", "ridiculous", "inaccurate",
                "misleading", "lie", "nonsense", "groundless", "incorrect", "fabricated", "meritless"}  # fmt: skip
PROPOSITION_NOUNS = {
    "suggestion",
    "claim",
    "allegation",
    "notion",
    "idea",
    "assertion",
    "charge",
    "accusation",
    "report",
}
OBJECT_TYPES = {"Agreement", "Policy", "InformationSystem", "LegalCase", "Action", "Facility", "Place", *AGENT_TYPES}


class ClaimHit(NamedTuple):
    claimant: LocalEntity
    stance: str
    subject: LocalEntity
    predicate: str
    object: LocalEntity | None
    sentence: Span
    clause: Token


def _speaker(m: Mentions, verb: Token) -> LocalEntity | None:
    verb = reporting_ancestor(verb, m.lex.reporting)
    subject = governing_subject(verb)
    if subject is not None and subject.lower_ == "it":
        return None
    if subject is None and verb.dep_ == "relcl":
        subject = verb.head
    if subject is None:
        return m.person_named_before(verb)
    ents = _entities(m, subject)
    if subject is not None and subject.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
        ents = _entities(m, verb.head)
    ents = [e for e in ents if e.type in AGENT_TYPES] or _author(m, subject)
    return ents[0] if ents else None


def _author(m: Mentions, subject: Token | None) -> list[LocalEntity]:
    """ "Pruett's letter insists ...", "a statement from the agency said ...": the author speaks; "the
    lawsuit claims ...": whoever brought it."""
    if subject is not None and subject.lemma_.lower() in FILINGS:
        return plaintiff(m, subject)
    if subject is None or subject.lemma_.lower() not in MESSAGE_NOUNS:
        return []
    owners = [c for c in subject.children if c.dep_ == "poss"] + list(prep_objects(subject, {"from", "by"}))
    return [e for tok in owners for e in _entities(m, tok) if e.type in AGENT_TYPES][:1]


def _coordinated_speaker(m: Mentions, verb: Token) -> LocalEntity | None:
    """ "She said that X ... and insisted that Y": the second reporting verb has the first one's speaker."""
    current = verb
    for _ in range(3):
        if current.dep_ != "conj":
            return None
        current = current.head
        if current.dep_ == "ccomp" and current.head.lemma_ in m.lex.reporting:
            return _speaker(m, current.head)
        if current.lemma_ in m.lex.reporting:
            return _speaker(m, current)
    return None


def _complements(verb: Token) -> Iterator[Token]:
    if not any(c.dep_ == "ccomp" for c in verb.children):
        fallback = _after_that(verb)
        if fallback is not None:
            yield fallback
            return
    for child in verb.children:
        if child.dep_ in ("ccomp",) or (child.dep_ == "xcomp" and verb.lemma_ in ("deny",)):
            yield child
            for sub in child.children:
                if sub.dep_ == "conj" and sub.pos_ in ("VERB", "AUX") and sub.lemma_ not in REPORTING_LEMMAS:
                    yield sub


REPORTING_LEMMAS = {"say", "insist", "add", "write", "deny", "argue", "claim", "allege", "maintain", "note"}
EXPLETIVE_VERBS = {"be", "seem", "appear", "suffice", "remain", "look", "matter", "follow"}


def _inside_quotes(m: Mentions, clause: Token, subject_tok: Token | None) -> bool:
    """Whether the clause, subject included, lies inside one pair of quotation marks."""
    tokens = [t for t in clause.subtree if t.dep_ not in ("mark", "punct", "advmod")]
    tokens += list(subject_tok.subtree) if subject_tok is not None else []
    start, end = min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)
    return any(qs <= start and end <= qe for qs, qe in quotation_spans(m))


def _modifier_entities(m: Mentions, tok: Token | None) -> list[LocalEntity]:
    """ "AcuShot alerts", "ICE's use": the entity that modifies an unresolved subject noun."""
    if tok is None:
        return []
    for child in tok.lefts:
        if child.dep_ in ("compound", "poss", "nmod"):
            ent = m.resolve_token(child)
            if ent is not None:
                return [ent]
    return []


def _after_that(verb: Token) -> Token | None:
    """The verb of "<reporting verb> that X <verb> ..." when the parser missed the complement clause
    ("writing that ICE's use of the database likely violates ..." parsed as an object and a conjunct)."""
    doc = verb.doc
    if verb.i + 1 >= len(doc) or doc[verb.i + 1].lower_ != "that":
        return None
    for tok in doc[verb.i + 2 : verb.sent.end]:
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ in ("conj", "ccomp", "ROOT", "advcl") and tok.tag_ != "VBG":
            return tok
    return None


def _subject_before(clause: Token, start: int) -> Token | None:
    """The head of the noun phrase between "that" and the clause's verb."""
    for tok in clause.doc[start : clause.i]:
        if tok.dep_ in ("nsubj", "dobj", "nsubjpass") or (tok.pos_ in ("NOUN", "PROPN") and tok.head.i >= clause.i):
            return tok
    return None


def _own_clause(clause: Token) -> set[int]:
    """Token indices of the clause without the clauses coordinated with it that have a subject of their
    own ("the order has no effect" of "... will continue its mission and that the order has no effect")."""
    skip: set[int] = set()
    for child in clause.children:
        if child.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
            skip |= {t.i for t in child.subtree}
        elif child.dep_ == "cc" and any(c.dep_ == "conj" for c in clause.children):
            skip.add(child.i)
    return {t.i for t in clause.subtree} - skip


def _question(clause: Token) -> bool:
    """ "has not said whether he will recuse himself": a question, not a claim."""
    return any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in clause.children)


NO_WORDS = {"no", "nothing", "nobody", "none", "neither"}


def _negative_object(clause: Token) -> bool:
    """ "had no role in drafting", "does no such thing", "found nothing": the clause denies what it names."""
    for child in clause.children:
        if child.dep_ not in ("dobj", "attr"):
            continue
        if child.lower_ in NO_WORDS or any(d.dep_ == "det" and d.lower_ == "no" for d in child.children):
            return True
    return False


def _predicate_text(clause: Token, subject_tok: Token | None) -> str:
    own = _own_clause(clause) - {t.i for c in clause.children if c.lower_ == "according" for t in c.subtree}
    words = [t for t in clause.subtree if t.i in own and (subject_tok is None or t not in set(subject_tok.subtree))]
    words = [t for t in words if t.dep_ not in ("mark", "punct") and t.lower_ not in ("that",)]
    text = " ".join(t.text for t in words[:14])
    return text.strip(" ,.")


def _claim_object(m: Mentions, clause: Token, subject: LocalEntity) -> LocalEntity | None:
    for tok in clause.subtree:
        if tok.i <= clause.i and tok.dep_ in ("nsubj", "nsubjpass"):
            continue
        ent = m.entity_of(tok)
        if ent is not None and ent is not subject and ent.type in OBJECT_TYPES - {"Person"}:
            return ent
    return None


def _proposition(m: Mentions, clause: Token) -> tuple[Token, Token | None] | None:
    """ "The suggestion that X did Y is baseless": the clause "X did Y" and its subject."""
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lemma_ not in PROPOSITION_NOUNS:
        return None
    if not any(t.lemma_.lower() in DENIAL_WORDS for t in clause.children if t.dep_ in ("acomp", "attr", "oprd")):
        return None
    inner = next((c for c in subject.children if c.dep_ in ("acl", "ccomp", "relcl")), None)
    if inner is None:
        return None
    return inner, next((c for c in inner.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def according_to(m: Mentions, relation_sentences: set[tuple[int, str]]) -> Iterator[ClaimHit]:
    """ "According to Derechos del Desierto, the department reviewed fewer than 1% of queries": the
    clause is the source's claim."""
    for tok in tokens_with(m.doc, LOWER, {"according"}):
        if tok.lower_ != "according" or tok.head.pos_ not in ("VERB", "AUX"):
            continue
        objects = list(prep_objects(tok, {"to"}))
        source = next((e for t in objects for e in _entities(m, t)), None)
        if source is None:  # "According to the complaint": its plaintiff
            source = next((e for t in objects if t.lemma_.lower() in FILINGS for e in plaintiff(m, t)), None)
        if source is None or source.type not in AGENT_TYPES:
            continue
        clause = tok.head
        subject_tok = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        subjects = [e for e in _entities(m, subject_tok) if e is not source]
        if (
            subject_tok is None
            or not subjects
            or any((t.i, subjects[0].id) in relation_sentences for t in clause.subtree)
        ):
            continue
        negated = is_negated(clause)
        yield ClaimHit(source, "denies" if negated else "asserts", subjects[0], _predicate_text(clause, subject_tok),
                       _claim_object(m, clause, subjects[0]), clause.sent, clause)  # fmt: skip


def claims(m: Mentions, relation_sentences: set[tuple[int, str]]) -> Iterator[ClaimHit]:
    """Claims of the article. ``relation_sentences`` holds (verb index, subject id) of the typed relations
    already extracted, so that a reported fact is not also a claim."""
    reporting = m.lex.reporting
    sourced = list(according_to(m, relation_sentences))
    made: list[ClaimHit] = list(sourced)
    yield from sourced
    for verb in tokens_with(m.doc, LEMMA, reporting):
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_ not in reporting:
            continue
        if any(c.dep_ == "nsubj" and c.lower_ == "it" for c in verb.children):
            continue  # "it suffices to say": no one speaks
        claimant = _speaker(m, verb) or _coordinated_speaker(m, verb)
        if claimant is None:
            continue
        for clause in _complements(verb):
            hit = _claim(m, verb, clause, claimant, relation_sentences)
            if hit is not None:
                made.append(hit)
                yield hit
        rebuttal = _denial_of_the_last_claim(m, verb, claimant, made)
        if rebuttal is not None:
            made.append(rebuttal)
            yield rebuttal


ANAPHORS = {"that", "it", "this", "allegation", "allegations", "claim", "claims", "accusation", "accusations", "charge"}


def _denial_of_the_last_claim(m: Mentions, verb: Token, claimant: LocalEntity, made: list[ClaimHit]) -> ClaimHit | None:
    """ "Halcyon denied that.", "The district denies the allegation": the claimant denies what the last
    claim of the two sentences before, made by someone else, asserted."""
    _, stance = m.lex.reporting[verb.lemma_]
    if stance != "denies" or is_negated(verb) or any(c.dep_ == "ccomp" for c in verb.children):
        return None
    if not any(c.dep_ == "dobj" and c.lower_ in ANAPHORS for c in verb.children):
        return None
    if any(c.dep_ in ("advcl", "conj") and c.lemma_ in m.lex.reporting for c in verb.children):
        return None  # "Vance disputed that, insisting that ...": the next verb says what he holds instead
    window = sentences_back(verb, 2)
    earlier = [h for h in made if window <= h.sentence.start < verb.sent.start and h.claimant is not claimant]
    if not earlier:
        return None
    last = max(earlier, key=lambda h: h.clause.i)
    if last.stance != "asserts":
        return None
    return ClaimHit(claimant, "denies", last.subject, last.predicate, last.object, verb.sent, last.clause)


def _speaks_for(m: Mentions, claimant: LocalEntity, subject: LocalEntity) -> bool:
    """Whether the claimant is the subject or speaks for it (holds a post there)."""
    return claimant is subject or subject.id in m.affiliations.get(claimant.id, set())


def _organisation_before(m: Mentions, token: Token) -> bool:
    return any(e.type in ORG_KINDS for e in m.entities_in(token.doc[token.sent.start : token.i]))


def _claim(
    m: Mentions, verb: Token, clause: Token, claimant: LocalEntity, relation_sentences: set[tuple[int, str]]
) -> ClaimHit | None:
    _, stance = m.lex.reporting[verb.lemma_]
    flip = is_negated(verb)
    proposition = _proposition(m, clause)
    if proposition is not None:  # "the suggestion that X ... is baseless"
        clause, subject_tok = proposition
        flip = not flip
    else:
        subject_tok = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
        if subject_tok is None and clause.i > verb.i + 1 and verb.doc[verb.i + 1].lower_ == "that":
            subject_tok = _subject_before(clause, verb.i + 2)
    if subject_tok is not None and subject_tok.lower_ == "it" and clause.lemma_ in EXPLETIVE_VERBS:
        return None  # "It is clear from your response": nothing is claimed about anyone
    if _question(clause):
        return None
    if _inside_quotes(m, clause, subject_tok) and proposition is None:
        return None  # a whole quoted sentence is a quote, not a claim the article reports
    subjects = _entities(m, subject_tok) or _modifier_entities(m, subject_tok)
    if subject_tok is not None and subject_tok.lower_ == "it" and not _organisation_before(m, subject_tok):
        # "Villanueva says it does no such thing": with no organisation in the sentence, "it" is the
        # policy or agreement the story is about
        thing = m.salient_thing(subject_tok)
        subjects = [thing] if thing is not None else subjects
    if not subjects:
        return None
    subject = subjects[0]
    if any((t.i, subject.id) in relation_sentences for t in clause.subtree) and _speaks_for(m, claimant, subject):
        return None  # one's own conduct reported as fact ("a spokesperson said officials met with ICE")
    negated = (
        is_negated(clause)
        or any(t.lower_ in ("not", "n't", "never", "no") and t.head == clause for t in clause.subtree)
        or _negative_object(clause)
    )
    final = stance if negated == flip else ("denies" if stance == "asserts" else "asserts")
    if _speaks_for(m, claimant, subject) and final != "denies":
        # what one says of oneself or of one's own organisation ("the union wants a say") is a stance;
        # only a denial of one's own conduct is contested
        return None
    return ClaimHit(
        claimant,
        final,
        subject,
        _predicate_text(clause, subject_tok),
        _claim_object(m, clause, subject),
        verb.sent,
        clause,
    )
