"""Small helpers over spaCy's dependency parse, shared by the extractors."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from spacy.attrs import DEP
from spacy.tokens import Doc, Span, Token

from ..nlp import token_indices
from ..types import Evidence

__all__ = [
    "appositions",
    "conjuncts",
    "evidence",
    "governing_subject",
    "is_negated",
    "prep_objects",
    "reporting_ancestor",
    "tokens_with",
    "urger",
]

NEGATING_HEADS = {"refuse", "decline", "fail", "reject"}
# Verbs whose object does what the complement says: "urged her colleagues to reject X".
OBJECT_CONTROL = {
    "urge", "ask", "tell", "persuade", "press", "push", "encourage", "lobby", "pressure", "call", "implore",
    "require", "force", "allow", "permit", "direct", "order", "compel", "invite", "let", "help",
}  # fmt: skip
# Nouns that carry a message from their sender: "sent a letter urging them to ...".
INTENT_NOUNS = {"obligation", "right", "plan", "decision", "authority", "power", "duty", "intention", "effort",
                "bid", "attempt", "move", "vote", "promise", "pledge", "commitment", "proposal", "motion",
                "resolution", "amendment", "petition"}  # fmt: skip
MESSAGE_NOUNS = {
    "letter",
    "statement",
    "email",
    "memo",
    "request",
    "resolution",
    "motion",
    "petition",
    "report",
    "notice",
    "filing",
    "complaint",
    "lawsuit",
    "suit",
    "post",
    "release",
    "brief",
    "order",
    "ruling",
    "opinion",
}


def evidence(doc_id: str, sent: Span) -> Evidence:
    """The sentence as evidence, with character offsets into the document text."""
    raw = sent.text
    # the parser sometimes glues the previous paragraph's closing quotation mark to a sentence
    lead = len(raw) - len(raw.lstrip())
    if raw[lead : lead + 1] in ('"', "”") and raw[lead + 1 : lead + 2].isspace():
        lead += 1
    lead += len(raw[lead:]) - len(raw[lead:].lstrip())
    text = raw[lead:].rstrip()
    start = sent.start_char + lead
    return Evidence(doc=doc_id, start=start, end=start + len(text), text=text)


def conjuncts(token: Token) -> Iterator[Token]:
    """The token, its coordinated tokens and the items of an appositive list
    ("three city entities — the courts, the police, and the Office")."""
    yield token
    for child in _name_children(token):
        if child.dep_ == "conj" or (child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN")):
            yield from conjuncts(child)


def _name_children(token: Token) -> Iterator[Token]:
    """The token's children, and those outside the name it is part of: "between the Division of Police and
    Halcyon" hangs the second party on "Police", the last word of the first party's name."""
    yield from token.children
    if not token.ent_type_:
        return
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    for word in doc[start:end]:
        if word.i != token.i:
            yield from (c for c in word.children if not start <= c.i < end and c.dep_ == "conj")


def governing_subject(verb: Token) -> Token | None:
    """The subject of a verb, inherited from the verb it depends on when it has none of its own
    ("... sided with X, ruling against Y": the judge rules)."""
    seen = 0
    current = verb
    while seen < 6:
        for child in current.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
        head = current.head
        if _infinitive_of_predicate_noun(current):
            current = head.head  # "Vance was the only member to vote against it": Vance voted
            seen += 1
            continue
        if current.dep_ == "xcomp" and head.lemma_ in OBJECT_CONTROL:
            obj = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
            if obj is not None:
                return obj
        if current.dep_ in ("xcomp", "advcl", "conj", "acl", "pcomp") and head.i != current.i:
            if current.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
                owner = next((c for c in head.children if c.dep_ == "poss"), None)
                if owner is not None and head.lemma_ in MESSAGE_NOUNS | INTENT_NOUNS:
                    return owner  # "criticized the sheriff's decision to renew it": the sheriff decided
                # "a letter urging them ...": the sender; "has no obligation to maintain": the holder
                if head.lemma_ not in MESSAGE_NOUNS | INTENT_NOUNS or head.dep_ not in (
                    "dobj",
                    "pobj",
                    "attr",
                ):
                    return None
                current = head.head
            elif current.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
                current = head.head  # "followed up by accusing her": the one who followed up accuses
            else:
                current = head
            seen += 1
            continue
        return None
    return None


def _infinitive_of_predicate_noun(verb: Token) -> bool:
    """ "was the first member to vote": an infinitive on the noun after "is" is done by the subject."""
    head = verb.head
    return (
        verb.dep_ in ("acl", "relcl") and head.dep_ == "attr" and head.head.lemma_ == "be"
        and head.lemma_ not in MESSAGE_NOUNS | INTENT_NOUNS
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )  # fmt: skip


def urger(verb: Token) -> Token | None:
    """The subject who urges someone else to act: "Benn urged her colleagues to reject X" → Benn."""
    if verb.dep_ != "xcomp" or verb.head.lemma_ not in OBJECT_CONTROL:
        return None
    if not any(c.dep_ in ("dobj", "dative") for c in verb.head.children):
        return None
    head = verb.head
    for child in head.children:
        if child.dep_ == "nsubj":
            return child
    return governing_subject(head)


def is_negated(verb: Token) -> bool:
    """ "does not support", "never backed", "refused to sign", "declined to renew"."""
    if any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") for c in verb.children):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_ in NEGATING_HEADS


def prep_objects(token: Token, preps: set[str]) -> Iterator[Token]:
    """Objects of the prepositions ``preps`` hanging from the token (or from its direct object)."""
    objects = [c for c in token.children if c.dep_ == "dobj"]
    # "shares the Exchange, a database of scans, with CBP": the prepositional phrase may hang on the apposition
    holders = [token, *objects, *(a for o in objects for a in o.children if a.dep_ == "appos")]
    for holder in holders:
        for child in holder.children:
            if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
                for obj in child.children:
                    if obj.dep_ in ("pobj", "pcomp") and obj.lower_ == "front":  # "in front of City Hall"
                        yield from (o for of in obj.children if of.lower_ == "of" for o in of.children)
                    elif obj.dep_ in ("pobj", "pcomp"):
                        yield obj


def reporting_ancestor(verb: Token, reporting: Collection[str]) -> Token:
    """The reporting verb that speaks for a subject-less one: in "Gamble said officials met with ICE,
    saying only that ...", "saying" speaks with the subject of "said"."""
    if any(c.dep_ == "nsubj" for c in verb.children):
        return verb
    ancestor = verb.head
    while ancestor.i != ancestor.head.i and ancestor.lemma_ not in reporting:
        ancestor = ancestor.head
    return ancestor if ancestor.lemma_ in reporting and ancestor.i != verb.i else verb


def tokens_with(doc: Doc, attr: int, values: Collection[str]) -> list[Token]:
    """The tokens whose ``attr`` (``LEMMA``, ``LOWER``, ``ORTH``, ``POS``, ``DEP``) is one of ``values``,
    in order (see :func:`graphkit.nlp.token_indices`)."""
    return [doc[i] for i in token_indices(doc, attr, values)]


def appositions(doc: Doc) -> Iterator[tuple[Token, Token]]:
    """(head, appositive) pairs: the parser's, and "the police chief, Carl Ng," that the small model
    often parses as an adverbial modifier: a noun, a comma, a whole person's name, then a comma or the
    sentence's end."""
    for tok in tokens_with(doc, DEP, {"appos"}):
        if tok.dep_ == "appos":
            yield _apposed_to(tok), tok
            # "Brenner, a hop grower and longtime member of the association,": each description
            yield from ((_apposed_to(tok), c) for c in tok.children if c.dep_ == "conj" and c.pos_ == "NOUN")
    for ent in doc.ents:
        if ent.label_ != "PERSON" or ent.start < 2 or ent.root.dep_ == "appos" or doc[ent.start - 1].text != ",":
            continue
        before = doc[ent.start - 2]
        closes = ent.end == len(doc) or doc[ent.end].text in (",", ".", ";") or doc[ent.end].is_sent_start
        if before.pos_ == "NOUN" and closes and before.dep_ != "appos" and ent.root.head.i != before.i:
            yield before, ent.root


def _apposed_to(appos: Token) -> Token:
    """ "A spokesman for the State Police, Lt. Gerald Fortier,", "An ICE spokesman in Atlanta, Brent
    Hollowell,": the parser hangs the name on the last noun, but a person's name in apposition to an
    organisation or place after "for"/"of"/"at"/"in" renames the noun the preposition hangs on."""
    head = appos.head
    prep = head.head
    if (
        appos.ent_type_ == "PERSON"
        and head.ent_type_ in ("ORG", "GPE")
        and head.dep_ == "pobj"
        and prep.lower_ in ("for", "of", "at", "with", "in")
        and prep.head.pos_ == "NOUN"
    ):
        return prep.head
    return head


def undecided(verb: Token) -> bool:
    """ "has not said whether he would sign the ordinance", "if the council approves it": an open question
    or a condition, not something that happened or a stance taken."""
    return any(c.dep_ == "mark" and c.lower_ in ("whether", "if", "unless") for c in verb.children)


def sentences_back(token: Token, count: int) -> int:
    """The first token of the sentence ``count`` sentences before the token's own (or of the document):
    the window in which "it", "she" or "the group" looks for what it stands for."""
    start = token.sent.start
    for _ in range(count):
        if start > 0:
            start = token.doc[start - 1].sent.start
    return start
