"""Typed relations: trigger words (``lexicons/verbs.tsv``), dependency rules (``lexicons/rules.json``),
posts ("City Solicitor Marcel S. Pratt") and dated attributes ("a contract that ends Aug. 31").

Each function takes the article's :class:`~.mentions.Mentions` and yields :class:`RelationHit` named
tuples; :mod:`graphkit.extract` turns them into records with evidence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import NamedTuple

from spacy.attrs import DEP, LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Span, Token

from ..lexicons import Title, Trigger
from ..nlp import PLACE_SUFFIXES, token_indices
from ..vocab import RELATIONS
from .dates import resolve_date
from .matcher import RuleMatcher, rule_matcher
from .mentions import STAFF_NOUNS, UNIT_NOUNS, LocalEntity, Mentions, place_name, title_context_start
from .syntax import (
    INTENT_NOUNS,
    appositions,
    conjuncts,
    governing_subject,
    is_negated,
    prep_objects,
    sentences_back,
    tokens_with,
    undecided,
    urger,
)

__all__ = [
    "RelationHit",
    "attributes",
    "motions",
    "named_defendants",
    "posts",
    "rule_relations",
    "stance_words",
    "trigger_relations",
    "vote_stances",
]

AGENT_TYPES = {"Person", "GovernmentOrganization", "Court", "AdvocacyGroup", "Organization"}
ORG_TYPES = {"GovernmentOrganization", "Court", "AdvocacyGroup", "Organization"}
TYPE_CLOSURE = {
    "Entity": None,
    "Agent": AGENT_TYPES,
    "Organization": ORG_TYPES,
    "GovernmentOrganization": {"GovernmentOrganization", "Court"},
    "Place": {"Place", "Facility", "GovernmentOrganization"},
}
# Verbs of belief and allegation: what their complement says is a claim, never a plain edge.
CONTESTED = {"believe", "fear", "allege", "claim", "suspect", "deny", "dispute", "accuse", "worry", "think"}
# Heads whose complement is wished for, not done: "requested that ICE officials meet with ...".
IRREALIS = {"request", "ask", "urge", "want", "propose", "seek", "hope", "plan", "demand", "call", "press", "push",
            "encourage", "invite", "expect", "consider", "weigh", "threaten", "try", "recommend", "suggest",
            "support", "oppose", "back", "favor", "like", "prefer", "need"}  # fmt: skip
# Verbs of asking someone else to act: what the one asked would do is not yet their stance.
PERSUASION = {"urge", "ask", "press", "push", "encourage", "lobby", "pressure", "call", "implore", "persuade", "tell",
              "invite", "beg", "petition"}  # fmt: skip
STANCES = {"supports", "opposes", "criticizes", "terminates"}
# What urging someone else to act says of the urger's own stance.
URGED_STANCE = {"supports": "supports", "opposes": "opposes", "terminates": "opposes"}
# Gerunds that name an action on a thing: "does not support extending the program".
NOMINALS = {"renew": "renewal", "extend": "extension", "expand": "expansion", "terminate": "termination",
            "end": "end", "cancel": "cancellation", "approve": "approval", "repeal": "repeal", "adopt": "adoption",
            "sign": "signing", "ban": "ban", "close": "closure", "fund": "funding", "abolish": "abolition"}  # fmt: skip


class RelationHit(NamedTuple):
    subject: LocalEntity
    predicate: str
    object: LocalEntity
    sentence: Span
    qualifiers: dict[str, str]
    confidence: float
    rule: str
    anchor: int = -1  # index of the token that carries the relation (its verb), when there is one


class AttributeHit(NamedTuple):
    subject: LocalEntity
    attribute: str
    value: str
    sentence: Span


def _allowed(kind: str, end: str) -> bool:
    if not end:
        return True
    closure = TYPE_CLOSURE.get(end, {end})
    return closure is None or kind in closure


JUDICIAL_TITLES = ("judge", "justice", "magistrate")


def type_checks(predicate: str, subject: LocalEntity, obj: LocalEntity) -> bool:
    """Domain and range of the relation, as the ontology states them; a judge acts as a court."""
    term = RELATIONS[predicate]
    subject_type = subject.type
    if (
        term.domain == "Court"
        and subject.type == "Person"
        and any(w in t.lower() for t in subject.titles for w in JUDICIAL_TITLES)
    ):
        subject_type = "Court"
    return subject.id != obj.id and _allowed(subject_type, term.domain) and _allowed(obj.type, term.range)


def _as_government(predicate: str, obj: LocalEntity) -> LocalEntity:
    """ "withhold funds from Athens-Clarke County": a county named as a place is acted on as a government
    where the relation wants an agent (the entity is retyped, as a title's county is)."""
    words = obj.label.lower().split()
    if (
        obj.type == "Place"
        and words
        and words[-1] in PLACE_SUFFIXES
        and not _allowed("Place", RELATIONS[predicate].range)
    ):
        obj.type = "GovernmentOrganization"
    return obj


PROPOSITIONS = {"argument", "claim", "contention", "assertion", "view", "position", "interpretation", "reading",
                "theory", "account", "explanation", "excuse"}  # fmt: skip
PARTITIVES = {"rest", "part", "parts", "portion", "remainder", "half", "most", "much", "all", "some", "each"}


def _entities(m: Mentions, token: Token | None) -> list[LocalEntity]:
    if token is None:
        return []
    found: list[LocalEntity] = []
    head_ent = m.resolve_token(token)
    for tok in conjuncts(token):
        ent = m.resolve_token(tok)
        if tok.dep_ == "appos" and head_ent is not None and ent is not None and ent.type != head_ent.type:
            continue  # "the case, Minnesota v. ...": the state in the case's name is not the case
        if ent is None and tok.dep_ == "poss":
            continue
        if ent is None and tok.lemma_ == "access":
            ent = _access(m, tok)  # "an end to CBP's access": the access, not the agency
        if ent is None and tok.lemma_.lower() not in PROPOSITIONS:
            # "ICE's use of the database": the possessor stands for the actor (but "rejecting the
            # department's argument" is not rejecting the department)
            ent = next((m.resolve_token(c) for c in tok.children if c.dep_ == "poss" and m.resolve_token(c)), None)
        if ent is None and tok.lower_ in STAFF_NOUNS:
            # "met with lawyers from the Legal Center", "members and supporters of the group": the people
            # stand for their organisation
            ent = next((e for holder in (tok, *tok.conjuncts)
                        for t in prep_objects(holder, {"from", "of", "at", "for", "with", "in"})
                        for e in _entities(m, t)
                        if e.type in ORG_TYPES), None)  # fmt: skip
        if ent is None and tok.lower_ in PARTITIVES:
            # "operate the rest of the jail": the part stands for the whole
            ent = next((m.resolve_token(t) for t in prep_objects(tok, {"of"}) if m.resolve_token(t)), None)
        if ent is not None and ent not in found:
            found.append(ent)
    return found


def _access(m: Mentions, noun: Token) -> LocalEntity | None:
    """ "CBP's access to the Regional Plate Exchange" as a thing one can end or defend: an Action."""
    owner = next((e for c in noun.children if c.dep_ == "poss" for e in _entities(m, c)), None)
    if owner is None:
        return None
    system = next((e for t in prep_objects(noun, {"to"}) for e in _entities(m, t)), None)
    label = f"{owner.label}'s access" + (f" to {system.label}" if system is not None else "")
    action = m.new_entity(label, "Action", key=f"access|{owner.id}|{system.id if system else ''}")
    owner_words = " ".join(t.text for t in noun.subtree if t.i <= noun.i)
    action.forms[owner_words] += 1
    return action


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.tag_ == "VBN"
        and verb.dep_ in ("acl", "relcl", "amod")
        # "who has backed the expansion" is active: a perfect, with its own subject
        and not any(c.dep_ == "nsubj" or (c.dep_ == "aux" and c.lemma_ == "have") for c in verb.children)
    )


def _slot(m: Mentions, verb: Token, slot: str, subject: list[LocalEntity]) -> list[LocalEntity]:
    passive = _passive(verb)
    if slot == "subj":
        if passive:
            return [e for tok in prep_objects(verb, {"by"}) for e in _entities(m, tok)]
        return _entities(m, governing_subject(verb))
    if slot == "obj":
        if passive:
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if subj is None and verb.dep_ in ("acl", "relcl"):
                subj = verb.head
            if subj is not None and subj.lower_ == "it":
                # "It is managed by the Records Division": what is managed, signed or run is a thing
                thing = m.salient_thing(subj)
                return [thing] if thing is not None else []
            return _entities(m, subj)
        if verb.dep_ == "relcl" and not any(c.dep_ in ("dobj", "attr", "ccomp", "xcomp") for c in verb.children):
            # "a storage system the company runs": the clause's missing object is the noun it describes
            return _entities(m, verb.head)
        found = [e for c in verb.children if c.dep_ in ("dobj", "attr") for e in _entities(m, c)]
        # "receives AcuShot alerts": the system the things come from
        found += [
            e for c in verb.children if c.dep_ == "dobj" and not _entities(m, c)
            for mod in c.children if mod.dep_ == "compound" for e in _entities(m, mod) if e.type == "InformationSystem"
        ]  # fmt: skip
        # "shared records from its Dashboard": the system the data came from
        found += [
            e for c in verb.children if c.dep_ == "dobj" for t in prep_objects(c, {"from"}) for e in _entities(m, t)
        ]
        return found or [e for c in verb.children if c.dep_ in ("xcomp", "ccomp", "dobj") for e in _gerund(m, c)]
    if slot == "dative":  # "granted the city a restraining order": the one it is granted to
        return [e for c in verb.children if c.dep_ == "dative" for e in _entities(m, c)] or [
            e for tok in prep_objects(verb, {"to"}) for e in _entities(m, tok)
        ]
    if slot.startswith("pobj:"):
        preps = set(slot[5:].split("|"))
        # "voted against ending the agreement": a gerund after the preposition is the Action it names
        return [e for tok in prep_objects(verb, preps) for e in _entities(m, tok) or _gerund(m, tok)]
    if slot == "clause":
        for child in verb.children:
            if child.dep_ in ("ccomp", "xcomp"):
                return _entities(m, next((c for c in child.children if c.dep_ == "nsubj"), None))
        return [e for c in verb.children if c.dep_ == "dobj" for e in _entities(m, c)]
    if slot == "other":
        return [e for e in m.entities_in(verb.sent) if e.type in AGENT_TYPES and e not in subject][:1]
    return []


def _gerund(m: Mentions, verb: Token) -> list[LocalEntity]:
    """ "extending the program" as an object: the Action "extension of the <program>"."""
    return _action(m, verb) if verb.tag_ == "VBG" else []


def _action(m: Mentions, verb: Token, *, implicit: bool = False) -> list[LocalEntity]:
    """ "extending the program", "(a motion) to cancel the contract": the Action "<nominal> of the <thing>";
    with ``implicit``, "the motion to cancel" acts on the agreement or policy the story is about."""
    nominal = NOMINALS.get(verb.lemma_)
    if nominal is None:
        return []
    targets = [e for c in verb.children if c.dep_ == "dobj" for e in _entities(m, c)]
    if not targets and implicit and not any(c.dep_ == "dobj" for c in verb.children):
        thing = m.salient_thing(verb)
        targets = [thing] if thing is not None else []
    out = []
    for target in targets:
        out.append(m.new_entity(f"{nominal} of the {target.label}", "Action", key=f"{nominal}|{target.id}"))
        out[-1].forms[_phrase(verb)] += 1
    return out


def _phrase(verb: Token) -> str:
    return " ".join(t.text for t in verb.subtree if t.dep_ != "punct")


EVENTS = {"metWith", "communicatedWith", "terminates", "raided", "protestsAt", "litigatesAgainst",
          "ruledInFavorOf", "ruledAgainst", "withholdsFundsFrom"}  # fmt: skip


def _modal(verb: Token) -> bool:
    """ "would ask", "will meet", "could end": said of the future or of a possibility, not an event."""
    return any(
        c.dep_ == "aux" and c.lower_ in ("would", "will", "could", "might", "may", "should", "'ll")
        for c in verb.children
    )


# Heads of "for" whose gerund is a cause someone takes up ("argued for ending it"), not a deed done.
ADVOCACY = {"vote", "argue", "advocate", "campaign", "lobby", "push", "press", "call", "case", "petition"}


def _argued_for(verb: Token) -> bool:
    """ "against ending the contract", "argued for renewing it": a gerund its speaker is for or against."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.dep_ != "prep":
        return False
    return prep.lower_ == "against" or (prep.lower_ == "for" and prep.head.lemma_ in ADVOCACY | IRREALIS)


def _irrealis(verb: Token, predicate: str) -> bool:
    """Whether the verb says what someone asked for, planned or favoured rather than what happened
    ("requested that officials meet", "recommended ending it", "has no plans to end the program"); an
    obligation to keep a contract still makes one a party to it."""
    if verb.dep_ == "acl" and verb.head.lemma_ in INTENT_NOUNS and predicate in EVENTS:
        return True
    if verb.dep_ == "acl" and verb.head.lemma_ in MOTION_NOUNS and predicate == "partyTo":
        return True  # a motion to renew the contract makes its mover no party (an obligation would)
    if verb.tag_ == "VBG" and (verb.dep_ in ("csubj", "csubjpass", "nsubj") or _argued_for(verb)):
        return True  # "Ending the deal would cost jobs", "voted against ending it": a topic, not an event
    return verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_ in IRREALIS


def _contested(verb: Token) -> bool:
    """Whether the verb sits in the complement of a belief or allegation verb."""
    current = verb
    for _ in range(5):
        if current.dep_ in ("ccomp", "xcomp", "relcl") and current.head.lemma_ in CONTESTED:
            return True
        if current.dep_ in ("acl", "relcl") and current.head.pos_ in ("NOUN", "PROPN"):
            return False  # a description of something named in a claim is reported as fact
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _ents_within(m: Mentions, span: Span) -> list[Span]:
    """``span.ents`` from the article's entities read once (``Span.ents`` rebuilds ``doc.ents`` each time)."""
    found = []
    for ent in m.ents:
        if ent.start >= span.start:
            if ent.end > span.end:
                break
            found.append(ent)
    return found


def date_of(m: Mentions, verb: Token, published: str) -> str | None:
    """The date expression that modifies the verb (or its object), resolved against publication."""
    anchors = {verb, verb.head} if verb.dep_ == "conj" else {verb}
    for ent in _ents_within(m, verb.sent):
        if ent.label_ not in ("DATE", "TIME"):
            continue
        head = ent.root
        for _ in range(4):
            if head in anchors or (head.head in anchors and head.dep_ in ("prep", "npadvmod", "pobj")):
                value = resolve_date(ent.text, published)
                if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                    return value
                break
            if head.head.i == head.i:
                break
            head = head.head
    return None


def _since(verb: Token) -> str | None:
    for obj in prep_objects(verb, {"since"}):
        if obj.like_num or obj.ent_type_ == "DATE":
            return obj.text
    return None


def _message_participle(verb: Token, trigger: Trigger) -> bool:
    """ "In a letter sent Wednesday, Pratt shot back": the participle's noun is what was sent."""
    return verb.dep_ == "acl" and verb.head.lemma_ in trigger.requires


def _trigger_hits(m: Mentions, verb: Token, trigger: Trigger, published: str) -> Iterator[RelationHit]:
    participle = bool(trigger.requires) and _message_participle(verb, trigger)
    if (
        trigger.requires
        and not participle
        and not any(c.dep_ == "dobj" and c.lemma_ in trigger.requires for c in verb.children)
    ):
        return
    if undecided(verb):
        return
    predicate: str | None = trigger.relation
    if is_negated(verb):
        predicate = trigger.negated
    if predicate is None or _contested(verb):
        return
    subjects = _slot(m, verb, trigger.subject, [])
    if participle:  # "In a letter sent Wednesday, Pratt shot back": the clause's subject sent it
        anchor = verb.head
        while anchor.dep_ in ("pobj", "prep") and anchor.head.i != anchor.i:
            anchor = anchor.head
        subjects = _entities(m, governing_subject(anchor)) if anchor.i != verb.head.i else []
    subjects = [s for s in subjects if s.type in AGENT_TYPES or not RELATIONS[predicate].domain]
    objects = _slot(m, verb, trigger.object, subjects)
    if trigger.object == "other":
        objects = _other_party(m, verb, subjects, trigger)
    if not subjects and verb.dep_ == "conj" and not _passive(verb):
        subjects = _slot(m, verb.head, trigger.subject, [])
    if not objects and trigger.object == "obj" and not _has_object(verb):
        # "police raided and destroyed an encampment": coordinated verbs share their object
        partners = [verb.head] if verb.dep_ == "conj" else [c for c in verb.children if c.dep_ == "conj"]
        objects = [e for p in partners for e in _slot(m, p, "obj", subjects)]
    qualifiers: dict[str, str] = {}
    date = date_of(m, verb, published)
    if date and "date" in RELATIONS[predicate].qualifiers:
        qualifiers["date"] = date
    since = _since(verb)
    if since and "since" in RELATIONS[predicate].qualifiers:
        qualifiers["since"] = since
    if predicate == "withholdsFundsFrom":
        money = next((e for e in m.entities_in(verb.sent) if e.type == "MonetaryAmount"), None)
        if money is not None:
            qualifiers["amount"] = money.label
    if trigger.role:
        qualifiers["role"] = trigger.role
    if not subjects and predicate == "protestsAt":
        subjects = _organisers(m, verb)
    confidence = 0.6 if trigger.object == "other" else 0.8
    if trigger.object == "other" and predicate == "communicatedWith" and "date" not in qualifiers:
        return  # an unaddressed letter is only an event worth an edge when the article dates it
    urging = urger(verb)
    if urging is not None and predicate in URGED_STANCE and not is_negated(verb.head):
        for who in _entities(m, urging):
            for obj in objects:
                if trigger.object_types and obj.type not in trigger.object_types:
                    continue
                if who.type in AGENT_TYPES and type_checks(URGED_STANCE[predicate], who, obj):
                    yield RelationHit(
                        who,
                        URGED_STANCE[predicate],
                        obj,
                        verb.sent,
                        {},
                        0.7,
                        f"urged:{trigger.lemma}",
                        verb.i,
                    )
    if urging is not None and verb.head.lemma_ in PERSUASION and predicate in STANCES:
        return  # "urged the board to approve the deal": the board has not taken that stance yet
    if trigger.relation == "terminates" and predicate == "terminates":
        # whoever can end an agreement is a party to it, whether or not it has ended yet
        wished = _irrealis(verb, predicate)  # "advocates pushing to end the agreement" are no party to it
        for subject in subjects:
            for obj in objects:
                # the organisation ends it, not the official who moves to end it
                if subject.type == "Person" or (wished and subject.type == "AdvocacyGroup"):
                    continue
                if obj.type == "Agreement" and type_checks("partyTo", subject, obj):
                    yield RelationHit(subject, "partyTo", obj, verb.sent, {}, 0.7, f"party:{trigger.lemma}", verb.i)
    # an event asked for or planned did not happen; a threat to withhold money is itself the relation
    if (
        predicate != "withholdsFundsFrom"
        and (predicate in EVENTS or predicate in ("partyTo", "hasAccessTo"))
        and (_irrealis(verb, predicate) or _modal(verb))
    ):
        return
    for subject in subjects:
        for obj in objects:
            obj = _as_government(predicate, obj)
            if trigger.object_types and obj.type not in trigger.object_types:
                continue
            if type_checks(predicate, subject, obj):
                yield RelationHit(
                    subject,
                    predicate,
                    obj,
                    verb.sent,
                    qualifiers,
                    confidence,
                    f"trigger:{trigger.lemma}",
                    verb.i,
                )


def _other_party(m: Mentions, verb: Token, subjects: list[LocalEntity], trigger: Trigger) -> list[LocalEntity]:
    """The nearest agent of the sentence after the verb (else before it) that is neither the subject nor
    the subject's own organisation: the addressee of an unaddressed letter, the target of withheld money."""
    own = {o for s in subjects for o in m.affiliations.get(s.id, set())}
    after: list[LocalEntity] = []
    before: list[LocalEntity] = []
    for mention in sorted(m.mentions, key=lambda x: x.start):
        ent = m.entities[mention.entity]
        if not verb.sent.start <= mention.start < verb.sent.end or ent in subjects or ent.id in own:
            continue
        if ent.type not in AGENT_TYPES or (trigger.object_types and ent.type not in trigger.object_types):
            continue
        (after if mention.start > verb.i else before).append(ent)
    found = after[:1] or before[-1:]
    return found


CROWD_NOUNS = {"people", "protesters", "demonstrators", "residents", "parents", "students", "activists",
               "supporters", "marchers", "advocates", "workers", "families", "members"}  # fmt: skip


def _organisers(m: Mentions, verb: Token) -> list[LocalEntity]:
    """ "About 200 people rallied outside City Hall": the crowd of the group the article names (the last
    one named in this or the two sentences before, else the article's most mentioned group)."""
    subject = governing_subject(verb)
    if subject is None or (subject.lemma_.lower() not in CROWD_NOUNS and subject.lower_ not in CROWD_NOUNS):
        return []
    start = sentences_back(verb, 2)
    recent = [x for x in m.mentions if start <= x.start < verb.i and m.entities[x.entity].type == "AdvocacyGroup"]
    if recent:
        return [m.entities[max(recent, key=lambda x: x.start).entity]]
    groups = [e for e in m.entities.values() if e.type == "AdvocacyGroup" and e.named]
    return [max(groups, key=lambda e: sum(e.forms.values()))] if groups else []


def _has_object(verb: Token) -> bool:
    return any(c.dep_ in ("dobj", "xcomp", "ccomp", "attr", "nsubjpass") for c in verb.children)


VOTE_NO = {"no", "nay", "dissenting", "opposing"}
VOTE_YES = {"yes", "aye"}


ENDING_VERBS = {"end", "cancel", "terminate", "repeal", "scrap", "reject", "halt", "stop", "suspend", "ban",
                "withdraw", "rescind", "overturn", "kill", "block", "deny", "abolish", "revoke", "drop",
                "pause"}  # fmt: skip


VOTED_ON = {"vote", "motion", "measure", "proposal", "resolution"}


def _ending_motion(m: Mentions, vote: Token) -> Token | None:
    """The verb of the motion the article last reports a vote on, up to this one, when it would end
    something ("voted 5-2 to cancel the contract", "the motion to end the agreement")."""
    motion: Token | None = None
    end = vote.sent.end
    for tok in tokens_with(m.doc, LEMMA, VOTED_ON):
        if tok.i >= end:
            break
        if tok.i != vote.i:
            verb = next((c for c in tok.children if c.dep_ in ("xcomp", "acl") and c.pos_ == "VERB"), None)
            motion = verb or motion
    return motion if motion is not None and motion.lemma_ in ENDING_VERBS else None


def vote_stances(m: Mentions) -> Iterator[RelationHit]:
    """ "Councilmembers A and B voted no", "cast the lone no vote", "voted yes": a stance on the measure the
    vote is about, the one the last sentences name most."""
    for tok in tokens_with(m.doc, LEMMA, {"vote"}):
        if tok.lemma_ != "vote":
            continue
        if tok.pos_ == "VERB" and not is_negated(tok):
            yield from _voted_to_keep(m, tok)
        if tok.pos_ == "VERB":
            words = {c.lower_ for c in tok.children if c.dep_ in ("advmod", "dobj", "acomp", "intj", "npadvmod")}
            voters = _entities(m, governing_subject(tok))
        elif tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.lemma_ == "cast":
            words = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "det", "nummod")}
            voters = _entities(m, governing_subject(tok.head))
        else:
            continue
        if any(c.dep_ == "prep" for c in tok.children) or is_negated(tok):
            continue  # "voted against the contract" is the verb lexicon's
        stance = "opposes" if words & VOTE_NO else "supports" if words & VOTE_YES else ""
        if not stance:
            continue
        if _ending_motion(m, tok) is not None:  # a "no" on a motion to cancel the contract is a vote for it
            stance = "supports" if stance == "opposes" else "opposes"
        thing = m.salient_thing(tok, actions=True)
        for voter in voters:
            if thing is not None and voter.type in AGENT_TYPES and type_checks(stance, voter, thing):
                yield RelationHit(voter, stance, thing, tok.sent, {}, 0.7, "vote", tok.i)


# "voted 4-1 to renew the agreement": what a body votes to keep, extend or bring it is for
VOTED_TO_KEEP = {"renew", "extend", "authorize", "keep", "continue", "join", "fund", "ratify", "accept"}


def _voted_to_keep(m: Mentions, vote: Token) -> Iterator[RelationHit]:
    infinitives = [c for c in vote.children if c.dep_ in ("xcomp", "advcl") and any(a.lower_ == "to" for a in c.lefts)]
    for action in (c for c in infinitives if c.lemma_ in VOTED_TO_KEEP):
        for voter in _entities(m, governing_subject(vote)):
            for thing in _slot(m, action, "obj", [voter]):
                if voter.type in AGENT_TYPES and thing is not voter and type_checks("supports", voter, thing):
                    yield RelationHit(voter, "supports", thing, vote.sent, {}, 0.7, "vote:to-keep", vote.i)


def trigger_relations(m: Mentions, published: str) -> Iterator[RelationHit]:
    """Relations carried by one verb of ``lexicons/verbs.tsv``, with negation, passives and coordination."""
    triggers = m.lex.triggers
    for token in tokens_with(m.doc, LEMMA, triggers):
        if token.pos_ not in ("VERB", "AUX") or token.lemma_ not in triggers:
            continue
        found = False
        for trigger in triggers[token.lemma_]:
            if trigger.object == "other" and found:
                continue  # the addressee named in the text beats the nearest other agent
            for hit in _trigger_hits(m, token, trigger, published):
                found = True
                yield hit


def _rule_matcher(m: Mentions) -> RuleMatcher:
    return rule_matcher(m.doc.vocab, m.lex.rules)


FILINGS = {"lawsuit", "suit", "complaint", "petition", "filing"}
SUING_VERBS = {"sue", "file", "bring"}


def plaintiff(m: Mentions, filing: Token) -> list[LocalEntity]:
    """Who sued or filed, the last time the article said so before ``filing``: the voice of "the lawsuit"."""
    for tok in reversed(tokens_with(m.doc, LEMMA, SUING_VERBS)):
        if tok.i >= filing.i or tok.pos_ != "VERB":
            continue
        if tok.lemma_ != "sue" and not any(c.dep_ == "dobj" and c.lemma_.lower() in FILINGS for c in tok.children):
            continue
        found = [e for e in _entities(m, governing_subject(tok)) if e.type in AGENT_TYPES]
        if found:
            return found[:1]
    return []


NAMING_VERBS = {"name", "list"}


def named_defendants(m: Mentions) -> Iterator[RelationHit]:
    """ "The suit also names Police Chief Alana Ruiz": whoever sued is litigating against whom the suit names
    (as a defendant, or with no role said; "names Ruiz as a witness" is no suit against her)."""
    for verb in tokens_with(m.doc, LEMMA, NAMING_VERBS):
        suit = next((c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in FILINGS), None)
        if suit is None or verb.pos_ != "VERB" or is_negated(verb):
            continue
        roles = [o.lemma_.lower() for p in verb.subtree if p.dep_ == "prep" and p.lower_ == "as" for o in p.children]
        if roles and not set(roles) & {"defendant", "respondent"}:
            continue
        for plaintiff_ in plaintiff(m, suit):
            for defendant in _slot(m, verb, "obj", [plaintiff_]):
                if defendant is not plaintiff_ and type_checks("litigatesAgainst", plaintiff_, defendant):
                    yield RelationHit(
                        plaintiff_, "litigatesAgainst", defendant, verb.sent, {}, 0.7, "suit-names", verb.i
                    )


def case_names(m: Mentions) -> Iterator[RelationHit]:
    """ "Minnesota v. U.S. Department of Justice": the parties on each side of a case's "v." litigate
    against each other and are parties to the case, named as written."""
    for tok in tokens_with(m.doc, LOWER, {"v.", "vs.", "v"}):
        if tok.lower_ not in ("v.", "vs.", "v") or tok.i == 0 or tok.i + 1 >= len(m.doc):
            continue
        plaintiff, defendant = m.entity_of(m.doc[tok.i - 1]), m.entity_of(m.doc[tok.i + 1])
        if plaintiff is None or defendant is None or not type_checks("litigatesAgainst", plaintiff, defendant):
            continue
        yield RelationHit(plaintiff, "litigatesAgainst", defendant, tok.sent, {}, 0.8, "case-name", tok.i)
        start = min(x.start for x in m.mentions if x.entity == plaintiff.id and x.end == tok.i)
        end = max(x.end for x in m.mentions if x.entity == defendant.id and x.start == tok.i + 1)
        case = m.new_entity(m.doc[start:end].text, "LegalCase")
        for party in (plaintiff, defendant):
            yield RelationHit(party, "partyTo", case, tok.sent, {}, 0.8, "case-name", tok.i)


MOTION_NOUNS = {"motion", "resolution", "proposal", "amendment", "bill", "ordinance", "measure", "petition"}
MOVING_VERBS = {"make", "introduce", "file", "offer", "bring", "sponsor", "propose", "submit", "put", "draft",
                "author", "write", "second"}  # fmt: skip


def motions(m: Mentions) -> Iterator[RelationHit]:
    """ "Raman made the motion to cancel the contract", "introduced a resolution to end the agreement": whoever
    moves a measure supports what it would do."""
    for tok in tokens_with(m.doc, LEMMA, MOTION_NOUNS):
        if tok.lemma_.lower() not in MOTION_NOUNS or tok.dep_ not in ("dobj", "nsubjpass"):
            continue
        mover = tok.head
        if mover.lemma_ not in MOVING_VERBS or is_negated(mover):
            continue
        actions = [
            a for c in tok.children if c.dep_ == "acl" and c.pos_ == "VERB"
            for a in _action(m, c, implicit=True)
        ]  # fmt: skip
        measure = m.entity_of(tok)
        if not actions and measure is not None and measure.type in ("Policy", "Action"):
            actions = [measure]  # "The measure was brought by Vice Mayor Lorraine Pike": the measure itself
        for who in _slot(m, mover, "subj", []):
            for action in actions:
                if who.type in AGENT_TYPES and type_checks("supports", who, action):
                    yield RelationHit(who, "supports", action, tok.sent, {}, 0.7, "motion", tok.i)


COPULAS = {"be", "remain", "become", "grow", "stay"}


def stance_words(m: Mentions) -> Iterator[RelationHit]:
    """ "Ruiz, a longtime critic of the department", "is an opponent of the plan", "has been one of the
    program's sharpest critics", "has been critical of the delay", "is opposed to the contract": whoever
    the word of ``lexicons/stance_words.tsv`` describes takes its stance on what it is "of", "for" or "to"
    (or on a noun's possessor). "Critics of the plan say" names no one."""
    words = m.lex.stance_words
    found = set(token_indices(m.doc, LEMMA, words.keys())) | set(token_indices(m.doc, LOWER, words.keys()))
    for tok in (m.doc[i] for i in sorted(found)):  # "critics" by its lemma; "opposed" as written
        relation = words.get(tok.lemma_.lower()) if tok.pos_ == "NOUN" else words.get(tok.lower_)
        if relation is None or not _stance_word(tok):
            continue
        if tok.pos_ == "ADP":  # "is against the contract": the preposition's own object
            targets = [e for t in tok.children if t.dep_ in ("pobj", "pcomp") for e in _entities(m, t)]
        else:
            targets = [e for t in _own_prep_objects(tok, {"of", "for", "to"}) for e in _entities(m, t)]
        targets = targets or [e for c in tok.children if c.dep_ == "poss" for e in _entities(m, c)]
        for who in _described(m, tok):
            for target in targets:
                if who.type in AGENT_TYPES and who is not target and type_checks(relation, who, target):
                    yield RelationHit(who, relation, target, tok.sent, {}, 0.75, "stance-word", tok.i)


def _stance_word(tok: Token) -> bool:
    """A noun; an adjective or participle after "is" ("opposed" is not the verb of "the mayor opposed the
    plan"); "against" after "is" ("is against the plan", not "voted against" or "a suit against")."""
    if tok.pos_ == "NOUN":
        return True
    if tok.pos_ in ("ADJ", "VERB"):
        return tok.dep_ == "acomp" and tok.head.lemma_ in COPULAS
    return tok.pos_ == "ADP" and tok.dep_ == "prep" and tok.head.lemma_ in COPULAS


def _own_prep_objects(tok: Token, preps: set[str]) -> Iterator[Token]:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            yield from (o for o in child.children if o.dep_ in ("pobj", "pcomp"))


def _described(m: Mentions, noun: Token) -> list[LocalEntity]:
    """Who a describing noun is said of: its apposition's head (or the name in apposition to it), the
    subject of "is"/"remains", through "one of" and "among"."""
    head = noun
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ == "one":
        head = noun.head.head  # "one of the program's critics"
    elif noun.dep_ == "pobj" and noun.head.lower_ == "among" and noun.head.head.lemma_ in COPULAS:
        return _entities(m, governing_subject(noun.head.head))  # "she is among its critics"
    if head.dep_ == "appos":
        return _entities(m, head.head)
    if head.dep_ in ("attr", "acomp", "prep") and head.head.lemma_ in COPULAS:
        return _entities(m, governing_subject(head.head))
    return [e for c in head.children if c.dep_ == "appos" for e in _entities(m, c)]


JUDGING_VERBS = {"call", "describe", "label", "brand", "deem", "term", "dub", "characterize", "denounce"}


def judgements(m: Mentions) -> Iterator[RelationHit]:
    """ "Pruett called the order 'a reckless stunt'", "described the plan as dangerous": a judgement
    of ``lexicons/evaluations.tsv`` in the description makes the speaker criticize (or support) its object."""
    for verb in tokens_with(m.doc, LEMMA, JUDGING_VERBS):
        if verb.lemma_ not in JUDGING_VERBS or verb.pos_ != "VERB":
            continue
        judged = [e for c in verb.children if c.dep_ == "dobj" for e in _entities(m, c)] or [
            # "called the probe reckless" parsed with "probe" as a modifier of "reckless"
            e for c in verb.children if c.dep_ == "oprd" for t in c.lefts if t.dep_ in ("compound", "nsubj")
            for e in _entities(m, t)
        ]  # fmt: skip
        description = [t for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp", "attr", "prep", "dobj")
                       for t in c.subtree if t.i > verb.i]  # fmt: skip
        relation = next((m.lex.evaluations[t.lemma_.lower()] for t in description
                         if t.lemma_.lower() in m.lex.evaluations), None)  # fmt: skip
        if relation is None:
            continue
        for who in _slot(m, verb, "subj", []):
            for target in judged:
                if who.type in AGENT_TYPES and type_checks(relation, who, target):
                    yield RelationHit(who, relation, target, verb.sent, {}, 0.7, "judgement", verb.i)


AGREEMENT_PREPS = {"under", "via", "through", "per", "pursuant"}
SHARING_VERBS = {"share", "provide", "give", "sell", "supply", "send", "exchange", "transfer"}


def agreement_parties(m: Mentions) -> Iterator[RelationHit]:
    """Whoever acts "under", "via" or "through" an agreement is a party to it: "the district shared
    records with OYI under a memorandum of understanding", "cameras supplied by X under a contract"."""
    for tok in tokens_with(m.doc, DEP, {"pobj"}):
        agreement = m.entity_of(tok)
        if agreement is None or agreement.type != "Agreement" or tok.dep_ != "pobj":
            continue
        prep = tok.head
        if prep.lower_ not in AGREEMENT_PREPS or prep.head.pos_ not in ("VERB", "AUX"):
            continue
        verb = prep.head
        slot = "subj" if not _passive(verb) or any(c.dep_ == "agent" for c in verb.children) else ""
        parties = _slot(m, verb, slot, []) if slot else []
        if verb.lemma_ in SHARING_VERBS:  # "shared records with the FBI under a memorandum": both sides
            parties += _slot(m, verb, "pobj:with|to", parties)
        for party in parties:
            if party.type in AGENT_TYPES and type_checks("partyTo", party, agreement):
                yield RelationHit(party, "partyTo", agreement, verb.sent, {}, 0.75, "agreement:under", verb.i)


def date_qualifier(m: Mentions, predicate: str, tokens: list[int], published: str) -> dict[str, str]:
    """The date of a rule match, when its relation takes one: the first date attached to a matched token."""
    if "date" not in RELATIONS[predicate].qualifiers:
        return {}
    for i in tokens:
        found = date_of(m, m.doc[i], published)
        if found:
            return {"date": found}
    return {}


def _appositive_of(m: Mentions, ent: LocalEntity, head: Token) -> bool:
    return any(c.dep_ == "appos" and m.resolve_token(c) is ent for c in head.children) and (
        m.resolve_token(head) is not ent
    )


def rule_relations(m: Mentions, published: str = "") -> Iterator[RelationHit]:
    """Relations found by the dependency rules of ``lexicons/rules.json``; of "an Austin, Texas, company"
    the town, not also the state that only says where the town is."""
    hits = list(_rule_hits(m, published))
    for hit in hits:
        if hit.predicate == "locatedIn" and _state_of_a_named_town(hit, hits):
            continue
        if hit.predicate == "locatedIn" and hit.subject.acronym in m.lex.agencies:
            continue  # "ICE in El Paso": a national agency is not located where one of its offices is
        yield hit


def _state_of_a_named_town(hit: RelationHit, hits: list[RelationHit]) -> bool:
    text = hit.sentence.text
    return any(
        other.predicate == "locatedIn" and other.subject is hit.subject and other.object is not hit.object
        and f"{place_name(other.object.label)}, {place_name(hit.object.label)}" in text
        for other in hits
    )  # fmt: skip


def _town_before_state(tok: Token) -> Token:
    """ "an Austin, Texas, company" parsed with the state as the modifier: the town hanging from it."""
    town = next(
        (
            c
            for c in tok.children
            if c.dep_ in ("nmod", "compound", "npadvmod") and c.ent_type_ == "GPE" and c.i < tok.i
        ),
        None,
    )
    return town if town is not None and tok.doc[town.i + 1].text == "," else tok


def _rule_hits(m: Mentions, published: str) -> Iterator[RelationHit]:
    rules = {get_string_id(r.name): r for r in m.lex.rules}  # by hash: a cached matcher outlives memory zones
    for match_id, tokens in _rule_matcher(m)(m.doc):
        rule = rules[match_id]
        ids = [node["RIGHT_ID"] for node in rule.pattern]
        node = dict(zip(ids, tokens, strict=True))
        subj_tok, obj_tok = m.doc[node[rule.subject]], m.doc[node[rule.object]]
        subjects = _entities(m, subj_tok)
        if not subjects and rule.relation == "protestsAt":
            subjects = _organisers(m, subj_tok.head)
        if rule.relation == "locatedIn":
            obj_tok = _town_before_state(obj_tok)
        objects = _entities(m, obj_tok)
        if rule.relation == "subOrganizationOf" and subj_tok.lower_ in UNIT_NOUNS:
            # "the sheriff's Professional Standards Division": a unit of the office the person holds
            objects = [_office_held(m, e) if e.type == "Person" else e for e in objects]
        if rule.relation == "locatedIn" and m.resolve_token(obj_tok) is not None:
            # "based in Reston, Virginia": the town; the state in apposition only says where the town is
            objects = [e for e in objects if not _appositive_of(m, e, obj_tok)]
        for subject in subjects:
            for obj in objects:
                if rule.relation == "hasAccessTo" and obj.type == "Organization":
                    obj.type = "InformationSystem"  # "access to RPX": a name of unknown kind is a system here
                if rule.subject_types and subject.type not in rule.subject_types:
                    continue
                if rule.object_types and obj.type not in rule.object_types:
                    continue
                if type_checks(rule.relation, subject, obj):
                    yield RelationHit(
                        subject,
                        rule.relation,
                        obj,
                        subj_tok.sent,
                        date_qualifier(m, rule.relation, tokens, published),
                        0.75,
                        f"rule:{rule.name}",
                        tokens[0],
                    )


def _office_held(m: Mentions, person: LocalEntity) -> LocalEntity:
    """The one government office the person holds a post in (else the person)."""
    offices = [m.entities[i] for i in m.affiliations.get(person.id, ()) if i in m.entities]
    offices = [o for o in offices if o.type == "GovernmentOrganization"]
    return offices[0] if len(offices) == 1 else person


# ---------------------------------------------------------------------------- posts
SPEAKER_TITLES = {"spokesperson", "spokesman", "spokeswoman", "press secretary", "spokespeople", "spokesmen"}


def _post_organisation(m: Mentions, title_tokens: Span, title: str) -> LocalEntity | None:
    """Which organisation a post belongs to, most specific first: one named in the title ("ICE field office
    director"); a body the title names ("Board President"); the office the title heads ("District
    Attorney" → "Office of the District Attorney", "Knox County Sheriff" → "Knox County Sheriff's
    Office"); a place named in the title, as its government ("Kent County Administrator"); else the
    government of the title's scope (a city-level title → the city)."""
    lexicon_title = _lexicon_title(m, title)
    for tok in title_tokens:
        ent = m.entity_of(tok)
        if ent is not None and ent.type in ORG_TYPES:
            if (
                tok.ent_type_ == "GPE"
                and lexicon_title is not None
                and lexicon_title.scope == "org"
                and lexicon_title.title not in SPEAKER_TITLES
            ):
                continue  # "a West Palm Beach, Fla., lawyer" works for no government of Florida; a
                # "Chicago spokesperson" speaks for the city
            return ent
    found = _body_in_title(m, title_tokens, lexicon_title) or _office_of(m, title_tokens, lexicon_title)
    if found is not None:
        return found
    place = _place_in(m, title_tokens) if lexicon_title is None or lexicon_title.scope != "org" else None
    if place is not None:  # "a Chicago lawyer" works for no government of Chicago
        place.type = "GovernmentOrganization"  # "Kent County Administrator": the county as a government
        return place
    if any(t.lower_ == "city" for t in title_tokens) or (lexicon_title and lexicon_title.scope == "city"):
        return m.city_government()
    if any(t.lower_ == "state" for t in title_tokens) or (lexicon_title and lexicon_title.scope == "state"):
        return m.state_government()
    if any(t.lower_ == "county" for t in title_tokens) or (lexicon_title and lexicon_title.scope == "county"):
        return m.county_government()
    if lexicon_title and lexicon_title.scope == "body":
        return _main_body(m)
    if lexicon_title and lexicon_title.scope == "court":
        return _the_court(m, title_tokens)
    return None


def _the_court(m: Mentions, title_tokens: Span) -> LocalEntity | None:
    """ "Circuit Judge Harold Vennard" in a story whose case is in "Cole County Circuit Court": the one court
    the article names (the one whose name has the title's own words, "circuit", when it names several)."""
    courts = [e for e in m.entities.values() if e.type == "Court" and e.named]
    words = {t.lower_ for t in title_tokens} - {"judge", "chief", "justice", "magistrate"}
    fitting = [e for e in courts if words & set(e.label.lower().split())] if words else courts
    return fitting[0] if len(fitting) == 1 else (courts[0] if len(courts) == 1 else None)


def _main_body(m: Mentions) -> LocalEntity | None:
    """The board, council, committee or commission the article names most (none on a tie)."""
    bodies = [
        e for e in m.entities.values()
        if e.type == "GovernmentOrganization" and e.label.lower().split()[-1:] in (["board"], ["council"],
                                                                                ["committee"], ["commission"])
    ]  # fmt: skip
    counts = sorted((sum(e.forms.values()) for e in bodies), reverse=True)
    if not bodies or (len(counts) > 1 and counts[0] == counts[1]):
        return None
    return max(bodies, key=lambda e: sum(e.forms.values()))


def _body_in_title(m: Mentions, title_tokens: Span, lexicon_title: Title | None) -> LocalEntity | None:
    """ "Board President": the board the article names ("district" of "District Attorney" is the title)."""
    lexicon_words = set((lexicon_title or _NO_TITLE).title.split())
    for tok in title_tokens:
        if tok.lower_ in lexicon_words or tok.lower_ in m.lex.titles:
            continue
        concept = m.lex.concepts.get(tok.lemma_.lower())
        if concept and concept[0] in ORG_TYPES:
            found = _by_words(m, m.lex.matches.get(tok.lemma_.lower()) or frozenset({tok.lemma_.lower()}))
            if found is None and concept[0] == "Organization":  # "company spokesperson": the business named
                businesses = [e for e in m.entities.values() if e.type == "Organization" and e.named]
                found = max(businesses, key=lambda e: sum(e.forms.values())) if businesses else None
            if found is not None:
                return found
    return None


BODY_WORDS = {"board", "council", "committee", "commission", "panel", "caucus"}
LEGISLATURES = {"council", "assembly", "senate", "house", "legislature", "commission", "board"}


def _office_of(m: Mentions, title_tokens: Span, lexicon_title: Title | None) -> LocalEntity | None:
    """The office a title heads: the one the article names, else (for a "+" office of titles.tsv) one
    named after the title's jurisdiction."""
    if lexicon_title is None or not lexicon_title.office:
        return None
    core = lexicon_title.office.lstrip("+").replace("'s Office", "").replace(" Office", "").lower()
    words = m.lex.matches.get(core)
    candidates = [
        e for e in m.entities.values()
        if e.type in ORG_TYPES and (core in e.label.lower() or (words and words & set(e.label.lower().split())))
        # "Assembly Judiciary Committee" is a committee of the assembly, not the assembly an assemblywoman sits in
        and (e.label.lower().split()[-1] not in BODY_WORDS - {core} or core.split()[-1] not in LEGISLATURES)
    ]  # fmt: skip
    if candidates:  # "the district" of a superintendent: the district or its schools, before one school
        # ... and before the district's board, which is not the office the title heads
        # "the Commission" of a commissioner before the commission's budget committee
        return max(candidates, key=lambda e: (e.label.lower().endswith(core),
                                              e.label.lower().split()[-1] not in BODY_WORDS - {core},
                                              core in e.label.lower(), e.type == "GovernmentOrganization",
                                              sum(e.forms.values())))  # fmt: skip
    named = _office_named_otherwise(m, core)
    if named is not None:
        return named
    if lexicon_title.office.startswith("+"):
        from .mentions import _office_entity

        return _office_entity(m, lexicon_title.office[1:], title_tokens[-1])
    return None


def _office_named_otherwise(m: Mentions, core: str) -> LocalEntity | None:
    """ "Police Department" of a police chief in a city whose force is the "Columbus Division of Police" or
    the "Portland Police Bureau": the one government body whose name has the office's own words."""
    words = set(core.split()) - {"department", "office"}
    if not words or core == " ".join(words):
        return None
    found = [
        e for e in m.entities.values()
        if e.type == "GovernmentOrganization" and e.named
        and words <= set(e.label.lower().split()) and "state" not in e.label.lower().split()
    ]  # fmt: skip
    return found[0] if len(found) == 1 else None


_NO_TITLE = Title("", "", "")


def _by_words(m: Mentions, words: frozenset[str]) -> LocalEntity | None:
    """The organisation of the article most mentioned whose name has one of ``words``."""
    found = [e for e in m.entities.values() if e.type in ORG_TYPES and e.named and words & set(e.label.lower().split())]
    return max(found, key=lambda e: sum(e.forms.values())) if found else None


def _place_in(m: Mentions, tokens: Span) -> LocalEntity | None:
    """A place named by the proper words of a title ("Kent County" in "Kent County Administrator")."""
    words = [t.text for t in tokens if t.is_title and t.pos_ == "PROPN" and t.lower_ not in m.lex.titles]
    for n in range(len(words), 1, -1):
        for i in range(len(words) - n + 1):
            ent = m.lookup("Place", " ".join(words[i : i + n]))
            if ent is not None:
                return ent
    return None


def _lexicon_title(m: Mentions, title: str) -> Title | None:
    words = title.lower().split()
    for i in range(len(words)):
        found = m.lex.titles.get(" ".join(words[i:]))
        if found is not None:
            return found
    return None


def _title_context(m: Mentions, start: int) -> int:
    return title_context_start(m.doc, start)


def _possessor(tok: Token) -> bool:
    """Whether the token belongs to a possessive phrase ("the city's" in "the city's budget director")."""
    return any(c.dep_ == "case" for c in tok.children) or (
        tok.dep_ in ("det", "compound") and _possessor(tok.head) if tok.head.i != tok.i else False
    )


def _role(title_tokens: Span, m: Mentions) -> str:
    """The post as the text names it, without the organisation or place in front of it: "ICE field
    office director" → "field office director", "Knox County Sheriff" → "Sheriff", "the city's budget
    director" → "budget director"; a leading "City" stays when it belongs to the title ("City Solicitor")."""
    words = [
        t for t in title_tokens
        if t.dep_ not in ("det", "case", "punct") and not (_possessor(t) and t.head.i < title_tokens.end)
    ]  # fmt: skip
    lowered = [t.lower_ for t in words]
    for i in range(len(words)):
        if " ".join(lowered[i:]) in m.lex.titles:
            # keep descriptive words before the lexicon's title ("budget director") unless they name something
            j = i
            while (
                j > 0
                and m.entity_of(words[j - 1]) is None
                and words[j - 1].ent_type_ == ""
                and words[j - 1].lower_ != "city"
                and words[j - 1].pos_ != "PROPN"  # "St. Paul Police Chief": the place is not the post
            ):
                j -= 1
            return " ".join(t.text for t in words[j:])
    return " ".join(t.text for t in words if m.entity_of(t) is None).strip()


def posts(m: Mentions) -> Iterator[RelationHit]:
    """holdsPost from "Title Name" and from appositions ("Name, the city solicitor," / "the mayor, Name")."""
    for person_id, title_start, name_start, name_end in m.titled:
        person = m.entities[person_id]
        if person.type != "Person":
            continue  # "Justice Assistance Grant": a title word inside a name of something else
        title_tokens = m.doc[_title_context(m, title_start) : name_start]
        # "Judge Raymond Okafor of the U.S. District Court": the organisation named after the name
        after = [e for t in prep_objects(m.doc[name_end - 1], {"of", "for", "at", "with"}) for e in _entities(m, t)]
        after = [e for e in after if e.type in ORG_TYPES]
        org = after[0] if after else _post_organisation(m, title_tokens, title_tokens.text)
        role = _role(title_tokens, m)
        sharing = _sharing_a_plural_title(m, title_tokens, name_end)
        if sharing or (title_tokens and title_tokens[-1].tag_ in ("NNS", "NNPS")):
            role = role.removesuffix("s")  # "Councilmembers A and B": each a Councilmember
        if org is not None and role:
            for holder in [person, *sharing]:
                m.affiliations.setdefault(holder.id, set()).add(org.id)
                yield RelationHit(holder, "holdsPost", org, title_tokens.sent, {"role": role}, 0.9, "post:title-name")
    # lazily, in order: "X of Y" is membership only when no post of X in Y was found before it
    for hit in itertools.chain(_appositive_posts(m), _copular_posts(m), _person_of_organisation(m)):
        m.affiliations.setdefault(hit.subject.id, set()).add(hit.object.id)
        yield hit
    for unit_id, parent_id, sent_start in m.units:
        unit, parent = m.entities.get(unit_id), m.entities.get(parent_id)
        if unit is not None and parent is not None and unit is not parent:
            yield RelationHit(unit, "subOrganizationOf", parent, m.doc[sent_start].sent, {}, 0.8, "unit:possessive")


def _sharing_a_plural_title(m: Mentions, title_tokens: Span, name_end: int) -> list[LocalEntity]:
    """ "Councilmembers Ben Osterhout and Mia Sorensen": the others named after a plural title hold it too."""
    if not title_tokens or not title_tokens[-1].lower_.endswith("s") or title_tokens[-1].tag_ not in ("NNS", "NNPS"):
        return []
    root = m.doc[name_end - 1]
    others = [m.entity_of(t) for t in conjuncts(root) if t.i != root.i]
    return [e for e in others if e is not None and e.type == "Person"]


def _appositive_posts(m: Mentions) -> Iterator[RelationHit]:
    for head, token in appositions(m.doc):
        if token.pos_ not in ("NOUN", "PROPN"):
            continue
        candidates = [(m.entity_of(head), token), (m.entity_of(token), head)]
        pairs = [
            (p, t)
            for p, t in candidates
            if p is not None and p.type == "Person" and (t.pos_ != "PROPN" or t.lower_ in m.lex.parties)
        ]
        if not pairs:
            continue
        person, title_head = pairs[0]
        phrase = [
            t for t in title_head.subtree
            if (t.dep_ not in ("det", "punct", "prep", "pobj") or t.i == title_head.i) and t.i <= title_head.i
        ]  # fmt: skip
        title = " ".join(t.text for t in phrase if not (t.pos_ == "PROPN" and m.entity_of(t) is person))
        if _lexicon_title(m, title) is None:
            yield from _appositive_membership(m, person, title_head, token.sent)
            continue
        org = next((e for tok in prep_objects(title_head, {"of", "for", "at"}) for e in _entities(m, tok)), None)
        org = org or _possessor_organisation(m, title_head)
        org = org or _post_organisation(m, m.doc[phrase[0].i : title_head.i + 1], title)
        if org is not None and org.type in ORG_TYPES:
            role = _role(m.doc[phrase[0].i : title_head.i + 1], m)
            yield RelationHit(person, "holdsPost", org, token.sent, {"role": role}, 0.85, "post:apposition")


APPOINTING_VERBS = {"appoint", "elect", "name", "hire", "promote", "select", "tap", "reelect", "re-elect", "swear",
                    "nominate", "confirm", "install"}  # fmt: skip


def _copular_posts(m: Mentions) -> Iterator[RelationHit]:
    """ "Dana Ruiz, who is the county's public defender," / "Ruiz serves as the board's chair": a person
    described by a title through "be" or "serve as"."""
    for verb in tokens_with(m.doc, LEMMA, APPOINTING_VERBS | {"be", "serve", "work", "act"}):
        appointed = verb.lemma_ in APPOINTING_VERBS
        if (verb.lemma_ not in ("be", "serve", "work", "act") and not appointed) or verb.pos_ not in ("AUX", "VERB"):
            continue
        subject = governing_subject(verb)
        if appointed:  # "Ng, who was appointed chief in 2019" / "the council named Ng chief"
            subject = next((c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")), None)
        if subject is not None and subject.lower_ in ("who", "that") and verb.dep_ == "relcl":
            subject = verb.head
        person = m.resolve_token(subject) if subject is not None else None
        if person is None or person.type != "Person":
            continue
        titles = [c for c in verb.children if c.dep_ in ("attr", "acomp", "oprd")]
        titles += [o for o in prep_objects(verb, {"as"}) if o.lemma_.lower() not in ("who", "that")]
        for title_head in titles:
            start = min(t.i for t in title_head.subtree if t.i <= title_head.i)
            phrase = m.doc[start : title_head.i + 1]
            if _lexicon_title(m, phrase.text) is None and m.entity_of(title_head) is None:
                yield from _appositive_membership(m, person, title_head, verb.sent)  # "is a member of X"
                continue
            if m.entity_of(title_head) is not None:
                continue
            orgs = [e for t in prep_objects(title_head, {"of", "for", "at"}) for e in _entities(m, t)]
            org = next((e for e in orgs if e.type in ORG_TYPES), None) or _post_organisation(m, phrase, phrase.text)
            if org is not None and org.type in ORG_TYPES:
                yield RelationHit(
                    person, "holdsPost", org, verb.sent, {"role": _role(phrase, m)}, 0.8, "post:copula", verb.i
                )


def _person_of_organisation(m: Mentions) -> Iterator[RelationHit]:
    """ "Carl Benning of the Des Moines firm Benning Strategies": a named person of an organisation."""
    for person_id, start, end in ((x.entity, x.start, x.end) for x in m.mentions):
        person = m.entities[person_id]
        if person.type != "Person" or end >= len(m.doc) or m.doc[end].lower_ not in ("of", "at"):
            continue
        for tok in prep_objects(m.doc[end - 1], {"of", "at"}):
            if tok.ent_type_ == "GPE":
                continue  # "Virginia Towle of Wallingford": where she is from, not a body she belongs to
            for org in _entities(m, tok):
                if org.type in ORG_TYPES and org.id not in m.affiliations.get(person.id, set()):
                    yield RelationHit(person, "memberOf", org, m.doc[start].sent, {}, 0.7, "member:of", end)


def _possessor_organisation(m: Mentions, title_head: Token) -> LocalEntity | None:
    """ "Keystone's lobbyist", "the Beacon's editor", "Her spokesperson" (the organisation she works for)."""
    for child in title_head.children:
        if child.dep_ != "poss":
            continue
        owner = m.resolve_token(child)
        if owner is not None and owner.type in ORG_TYPES:
            return owner
        if owner is not None and owner.type == "Person" and m.affiliations.get(owner.id):
            # "the mayor's chief of staff" works for the mayor's government, not the mayor's party
            held = [m.entities[i] for i in sorted(m.affiliations[owner.id]) if i in m.entities]
            held = [e for e in held if e.label not in m.lex.parties.values()]
            governments = [e for e in held if e.type == "GovernmentOrganization"]
            chosen = governments or held
            return chosen[0] if chosen else None
        if child.lower_ in m.lex.titles:  # "the mayor's communications director" works for the mayor's office
            found = _post_organisation(m, m.doc[child.i : child.i + 1], child.text)
            if found is not None:
                return found
    return None


def _appositive_membership(m: Mentions, person: LocalEntity, noun: Token, sent: Span) -> Iterator[RelationHit]:
    """ "Tomas Arellano, a volunteer with the coalition" and "Dale Harstad, a Republican" → memberOf."""
    party = m.lex.parties.get(noun.lower_)
    if party is not None:
        yield RelationHit(person, "memberOf", m.new_entity(party, "Organization"), sent, {}, 0.8, "member:party")
        return
    if m.lex.staff.get(noun.lower_, ("", ""))[1] != "memberOf":
        yield from _occupation_post(m, person, noun, sent)
        return
    for tok in prep_objects(noun, {"with", "of", "for", "at", "in"}):
        for org in _entities(m, tok):
            if org.type in ORG_TYPES and type_checks("memberOf", person, org) and not _place_named(m, tok, org):
                yield RelationHit(person, "memberOf", org, sent, {}, 0.8, "member:apposition")


OCCUPATION_SUFFIXES = ("ist", "er", "or", "ian", "ant", "ent", "ee")
NOT_OCCUPATIONS = {"supporter", "opponent", "critic", "backer", "ally", "customer", "user", "client", "victim",
                   "resident", "voter", "donor", "partner", "neighbor", "member", "owner", "student", "father",
                   "mother", "brother", "sister", "daughter", "son", "parent", "plaintiff", "defendant", "target",
                   "subject", "recipient", "winner", "loser", "participant", "patient", "tenant"}  # fmt: skip


def _place_named(m: Mentions, tok: Token, org: LocalEntity) -> bool:
    """Whether the organisation stands for a place the text names ("an activist in Algeria's party",
    "a lawyer of Spain"): a place's government only by what the place does, not by where one is from."""
    return tok.ent_type_ == "GPE" or any(m.entity_of(c) is org and c.ent_type_ == "GPE" for c in tok.children)


def _occupation_post(m: Mentions, person: LocalEntity, noun: Token, sent: Span) -> Iterator[RelationHit]:
    """ "David Pimentel, an ecologist at Cornell University", "Priya Raman, a lawyer for the collective":
    a person's occupation at an organisation is a post there, with the occupation as its role."""
    word = noun.lemma_.lower()
    if noun.pos_ != "NOUN" or word in NOT_OCCUPATIONS or not word.endswith(OCCUPATION_SUFFIXES):
        return
    for tok in prep_objects(noun, {"with", "for", "at", "of"}):
        for org in _entities(m, tok):
            if org.type in ORG_TYPES and type_checks("holdsPost", person, org) and not _place_named(m, tok, org):
                role = " ".join(t.text for t in noun.subtree if t.i <= noun.i and t.dep_ not in ("det", "punct"))
                yield RelationHit(person, "holdsPost", org, sent, {"role": role}, 0.7, "post:occupation")


# ---------------------------------------------------------------------------- attributes
def attributes(m: Mentions, published: str) -> Iterator[AttributeHit]:
    """endDate of agreements and policies: "a contract that ends Aug. 31", "the deal expires in June"."""
    for token in tokens_with(m.doc, LEMMA, {"end", "expire", "lapse", "run"}):
        if token.lemma_ not in ("end", "expire", "lapse", "run") or token.pos_ != "VERB":
            continue
        subject = governing_subject(token)
        things = _entities(m, subject)
        if subject is not None and subject.lower_ in ("that", "which") and token.dep_ == "relcl":
            things = _entities(m, token.head)
        things = [t for t in things if t.type in ("Agreement", "Policy")]
        date = date_of(m, token, published)
        for thing in things:
            if date:
                yield AttributeHit(thing, "endDate", date, token.sent)
