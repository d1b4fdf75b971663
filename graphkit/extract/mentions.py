"""Entity mentions of one parsed article, clustered into the article's entities.

The statistical NER is the starting point; on top of it:

* agencies are known by name and acronym (lexicon), acronyms defined in the text ("Long Name (LN)")
  become aliases;
* a city as a government ("the city", "city officials", "Philadelphia's") is one node, named
  "City of <X>" after the city the article is about (its most mentioned city);
* noun phrases the NER does not tag become entities by their head noun (``lexicons/concepts.tsv``):
  agreements, systems, cases, policies, actions ("the renewal of the contract"), groups, courts;
* back-references ("the agency", "the contract", "the mayor", "Kenney", "the group") resolve to the
  entity they name, by surname, title, type and salience.

Pronouns are resolved where they are used, by :meth:`Mentions.resolve_pronoun`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..lexicons import Lexicons, load_lexicons

__all__ = ["LocalEntity", "Mention", "Mentions", "find_mentions"]

US_STATES = {
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
    "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
    "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska",
    "nevada", "new hampshire", "new jersey", "new mexico", "new york state", "north carolina", "north dakota",
    "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee",
    "texas", "utah", "vermont", "virginia", "washington state", "west virginia", "wisconsin", "wyoming",
    "u.s.", "us", "united states", "america", "the united states", "mexico", "canada",
}  # fmt: skip
GOV_WORDS = {
    "department", "office", "agency", "administration", "police", "council", "board", "commission", "bureau",
    "government", "authority", "ministry", "county", "city", "state", "sheriff", "service", "services",
    "division", "unit", "district attorney", "attorney", "prosecutor", "legislature", "assembly", "senate",
    "house", "enforcement", "patrol", "guard", "corrections", "marshals",
}  # fmt: skip
COURT_WORDS = {"court", "judicial", "tribunal", "judge", "circuit"}
GROUP_WORDS = {"coalition", "union", "alliance", "network", "movement", "project", "fund", "aclu", "naacp", "association",
               "advocates", "action", "collective", "committee for", "rights"}  # fmt: skip
SYSTEM_WORDS = {"system", "database", "registry", "network", "platform", "software", "portal"}
AGREEMENT_WORDS = {"contract", "agreement", "memorandum", "mou", "compact"}
# Nouns that stand for the people of an organisation ("ICE officials", "leadership of X").
STAFF_NOUNS = {"official", "officials", "leadership", "leaders", "members", "representatives", "staff", "officers",
               "agents", "employees", "lawyers", "attorneys", "prosecutors", "deputies", "spokespeople"}  # fmt: skip
WEAK_MODIFIERS = {"local", "senior", "top", "federal", "state", "county", "several", "some", "other", "many",
                  "about", "two", "three", "dozen", "the", "a", "an", "its", "their", "his", "her", "new", "former"}  # fmt: skip
SPATIAL_PREPS = {"near", "at", "outside", "past", "in front of", "into", "inside", "to", "toward", "towards", "by"}
STREET_WORDS = {"street", "streets", "avenue", "road", "boulevard", "square", "plaza", "park", "bridge"}
PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
GROUP_PRONOUNS = {"they", "them", "their"}


@dataclass(slots=True)
class LocalEntity:
    """An entity of one article, with every surface form used for it."""

    id: str
    label: str
    type: str
    forms: Counter[str] = field(default_factory=Counter)
    named: bool = True  # False for generic noun phrases ("immigration rights activists")
    titles: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # proper-name forms, for the canonical label
    acronym: str = ""

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(sorted(f for f in self.forms if f != self.label))


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    entity: str


def _strip(text: str) -> str:
    text = re.sub(r"[\"“”‘’']", lambda m: "'" if m.group(0) in "'’" else "", text)
    text = re.sub(r"^(the|a|an|its|their|his|her)\s+", "", text.strip(), flags=re.IGNORECASE)
    text = re.sub(r"'s$", "", text).strip(" ,.;:-")
    return re.sub(r"\s+", " ", text)


def _norm(text: str) -> str:
    return _strip(text).lower()


class Mentions:
    """The entities of one article and the token spans that mention them."""

    def __init__(self, doc: Doc, doc_id: str, lexicons: Lexicons) -> None:
        self.doc = doc
        self.doc_id = doc_id
        self.lex = lexicons
        self.entities: dict[str, LocalEntity] = {}
        self.mentions: list[Mention] = []
        self._by_token: dict[int, str] = {}
        self._keys: dict[tuple[str, str], str] = {}
        self.last_administration: str | None = None
        # (person id, title start, name start, name end) for every "Title Name" mention
        self.titled: list[tuple[str, int, int, int]] = []
        self.home_city = self._home_city()

    # ------------------------------------------------------------------ registry
    def new_entity(self, label: str, kind: str, *, key: str | None = None, named: bool = True) -> LocalEntity:
        key = key or _norm(label)
        existing = self._keys.get((kind, key))
        if existing:
            return self.entities[existing]
        ent = LocalEntity(id=f"{self.doc_id}#{len(self.entities) + 1}", label=label, type=kind, named=named)
        self.entities[ent.id] = ent
        self._keys[(kind, key)] = ent.id
        return ent

    def alias_key(self, kind: str, key: str, ent: LocalEntity) -> None:
        self._keys.setdefault((kind, key.lower()), ent.id)

    def lookup(self, kind: str, key: str) -> LocalEntity | None:
        found = self._keys.get((kind, key.lower()))
        return self.entities[found] if found else None

    def add(self, start: int, end: int, ent: LocalEntity, *, force: bool = False) -> LocalEntity:
        """Record tokens ``start:end`` as a mention of ``ent``.

        The first mention of a token wins, so a noun phrase keeps the names inside it ("Philadelphia's
        case") unless ``force`` says the whole phrase is one name ('"Occupy ICE" protesters').
        """
        if force:
            self.mentions = [x for x in self.mentions if x.end <= start or x.start >= end]
            for i in range(start, end):
                self._by_token.pop(i, None)
        free = [i for i in range(start, end) if i not in self._by_token]
        if not free or (end - 1) not in free:
            return ent
        text = _strip(self.doc[start:end].text)
        if text:
            ent.forms[text] += 1
        self.mentions.append(Mention(free[0], end, ent.id))
        for i in free:
            self._by_token[i] = ent.id
        return ent

    def entity_of(self, token: Token) -> LocalEntity | None:
        found = self._by_token.get(token.i)
        return self.entities[found] if found else None

    def covered(self, token: Token) -> bool:
        return token.i in self._by_token

    def resolve_token(self, token: Token) -> LocalEntity | None:
        """The entity a syntactic argument stands for, following relative and personal pronouns."""
        if token.lower_ in ("which", "that", "who", "whom") and token.head.dep_ == "relcl":
            return self.resolve_token(token.head.head)
        ent = self.entity_of(token)
        if ent is not None:
            return ent
        if token.pos_ == "PRON":
            return self.resolve_pronoun(token)
        # A head noun whose modifiers carry the entity ("the ICE office" is covered; "use of X" is not).
        return None

    def resolve_pronoun(self, token: Token) -> LocalEntity | None:
        """he/she → the nearest person before it (the subject of the sentence's reporting verb first);
        they → the nearest group or organisation before it."""
        lower = token.lower_
        if lower in PERSON_PRONOUNS:
            return self._nearest_before(token.i, {"Person"})
        if lower in GROUP_PRONOUNS:
            return self._nearest_before(token.i, {"AdvocacyGroup", "GovernmentOrganization", "Organization"})
        return None

    def _nearest_before(self, index: int, kinds: set[str]) -> LocalEntity | None:
        best: Mention | None = None
        for m in self.mentions:
            if m.end <= index and self.entities[m.entity].type in kinds and (best is None or m.start > best.start):
                # inside quotation marks a name is what the speaker talks about, not the speaker
                best = m
        return self.entities[best.entity] if best else None

    def entities_in(self, span: Span) -> Iterator[LocalEntity]:
        seen: set[str] = set()
        for m in sorted(self.mentions, key=lambda m: m.start):
            if span.start <= m.start < span.end and m.entity not in seen:
                seen.add(m.entity)
                yield self.entities[m.entity]

    # ------------------------------------------------------------------ the article's city
    def _home_city(self) -> str:
        counts = Counter(
            _strip(e.text) for e in self.doc.ents if e.label_ == "GPE" and _norm(e.text) not in US_STATES
        )
        for city, _ in counts.most_common():
            if not city.lower().endswith(("county", "state")):
                return city
        return ""

    def city_government(self) -> LocalEntity | None:
        if not self.home_city:
            return None
        ent = self.new_entity(f"City of {self.home_city}", "GovernmentOrganization", key="city-government")
        ent.forms.setdefault(self.home_city, 0)
        return ent


# ---------------------------------------------------------------------------- named entities
def _org_type(text: str, lex: Lexicons) -> str:
    lower = text.lower()
    words = set(re.findall(r"[a-z.']+", lower))
    if words & COURT_WORDS:
        return "Court"
    if words & SYSTEM_WORDS:
        return "InformationSystem"
    if words & AGREEMENT_WORDS:
        return "Agreement"
    if words & GOV_WORDS or lower.startswith(("city of", "county of", "state of")):
        return "GovernmentOrganization"
    if words & GROUP_WORDS:
        return "AdvocacyGroup"
    return "Organization"


def _acronym_after(doc: Doc, end: int) -> Token | None:
    """The token X of "<name> (X)" when X looks like an acronym."""
    if end + 2 < len(doc) + 1 and end + 2 <= len(doc) - 1 and doc[end].text == "(" and doc[end + 2].text == ")":
        cand = doc[end + 1]
        if cand.text.isupper() and 2 <= len(cand.text) <= 8:
            return cand
    return None


def _person_key(text: str) -> tuple[str, str]:
    parts = [p for p in _strip(text).split() if p.lower().strip(".") not in ("jr", "sr", "ii", "iii")]
    return (" ".join(parts).lower(), parts[-1].lower() if parts else "")


def _title_before(doc: Doc, start: int, lex: Lexicons) -> tuple[int, str]:
    """Start index and text of a title right before a name ("City Solicitor", "ICE field office director")."""
    best = (start, "")
    for i in range(max(0, start - 5), start):
        words = [t.lower_ for t in doc[i:start]]
        for j in range(len(words)):
            if " ".join(words[j:]) in lex.titles and doc[i + j].pos_ in ("PROPN", "NOUN", "ADJ"):
                if i + j < best[0]:
                    best = (i + j, doc[i + j : start].text)
    return best


def _add_people(m: Mentions) -> None:
    doc, lex = m.doc, m.lex
    people = [e for e in doc.ents if e.label_ == "PERSON" and e[-1].lower_ not in STREET_WORDS]
    by_surname: dict[str, LocalEntity] = {}
    for ent in sorted(people, key=lambda e: -len(e)):  # full names first, so surnames find them
        full, surname = _person_key(ent.text)
        if not full:
            continue
        if " " not in full and surname in by_surname:
            continue
        person = m.new_entity(_strip(ent.text), "Person", key=full)
        person.names.add(_strip(ent.text))
        by_surname.setdefault(surname, person)
    for ent in people:
        full, surname = _person_key(ent.text)
        person = m.lookup("Person", full) or by_surname.get(surname)
        if person is None:
            continue
        title_start, title = _title_before(doc, ent.start, lex)
        if title:
            person.titles.add(title)
            m.titled.append((person.id, title_start, ent.start, ent.end))
            m.add(ent.start, ent.end, person)
            person.forms[_strip(doc[title_start : ent.end].text)] += 1
        else:
            m.add(ent.start, ent.end, person)


def _agency_entity(m: Mentions, acronym: str) -> LocalEntity:
    agency = m.lex.agencies[acronym]
    ent = m.new_entity(agency.name, agency.type, key=f"agency:{acronym}")
    ent.acronym = acronym
    m.alias_key(agency.type, acronym, ent)
    return ent


def _add_named(m: Mentions) -> None:
    doc, lex = m.doc, m.lex
    for ent in doc.ents:
        if m.covered(ent[0]):
            continue
        label = _strip(ent.text)
        if not label:
            continue
        if ent.label_ == "ORG" and ent.ent_id_ in lex.agencies:
            m.add(ent.start, ent.end, _agency_entity(m, ent.ent_id_))
        elif ent.label_ in ("ORG", "NORP") and ent.label_ == "ORG":
            known = m.lookup("InformationSystem", label) or m.lookup("GovernmentOrganization", label)
            kind = known.type if known else _org_type(label, lex)
            local = known or m.new_entity(label, kind)
            m.add(ent.start, ent.end, local)
            acronym = _acronym_after(doc, ent.end)
            if acronym is not None:
                local.acronym = acronym.text
                m.alias_key(kind, acronym.text, local)
                m.add(acronym.i, acronym.i + 1, local)
        elif ent.label_ == "GPE":
            city = m.city_government() if label == m.home_city else None
            m.add(ent.start, ent.end, city or m.new_entity(label, "Place"))
        elif ent.label_ == "LOC":
            m.add(ent.start, ent.end, m.new_entity(label, "Place"))
        elif ent.label_ == "FAC":
            m.add(ent.start, ent.end, m.new_entity(label, "Facility"))
        elif ent.label_ == "MONEY":
            m.add(ent.start, ent.end, m.new_entity(label, "MonetaryAmount"))
        elif ent.label_ == "LAW":
            m.add(ent.start, ent.end, m.new_entity(label, "Policy"))


def _add_acronym_uses(m: Mentions) -> None:
    """Bare uses of an acronym the article defined ("PARS") that the NER did not tag."""
    acronyms = {e.acronym: e for e in m.entities.values() if e.acronym}
    for tok in m.doc:
        if tok.text in acronyms and not m.covered(tok):
            m.add(tok.i, tok.i + 1, acronyms[tok.text])


# ---------------------------------------------------------------------------- noun phrases
def _np_start(token: Token) -> int:
    """First token of the noun phrase headed by ``token``, left of it."""
    start = token.i
    for child in token.lefts:
        if child.dep_ in ("det", "amod", "compound", "nmod", "poss", "nummod", "quantmod", "advmod", "punct", "case"):
            start = min(start, child.left_edge.i)
    return start


def _in_quotes(token: Token) -> bool:
    """Whether the token sits inside quotation marks within its sentence."""
    before = [t.text for t in token.sent if t.i < token.i]
    return sum(t in ('"', "“", "”", "``", "''") for t in before) % 2 == 1


def _quoted_name(token: Token, *, proper: bool = True) -> str:
    """A quoted proper name modifying ``token``: '"Occupy ICE" protesters' → 'Occupy ICE'."""
    doc = token.doc
    i = token.i - 1
    if i < 0 or doc[i].text not in ('"', "”", "''"):
        return ""
    j = i - 1
    while j >= 0 and doc[j].text not in ('"', "“", "``") and i - j < 8:
        j -= 1
    if j < 0 or doc[j].text not in ('"', "“", "``"):
        return ""
    words = doc[j + 1 : i]
    return words.text if words and (words[0].is_title or not proper) else ""


def _modifiers(token: Token) -> list[Token]:
    return [c for c in token.lefts if c.dep_ in ("compound", "amod", "nmod", "poss") and c.lower_ not in WEAK_MODIFIERS]


def _entity_in_modifiers(m: Mentions, token: Token) -> LocalEntity | None:
    for child in token.lefts:
        for sub in child.subtree:
            ent = m.entity_of(sub)
            if ent is not None:
                return ent
    return None


def _most_recent(m: Mentions, kinds: set[str], before: int, *, named_only: bool = False) -> LocalEntity | None:
    best: Mention | None = None
    for mention in m.mentions:
        ent = m.entities[mention.entity]
        if ent.type in kinds and mention.start < before and (ent.named or not named_only):
            if best is None or mention.start > best.start:
                best = mention
    return m.entities[best.entity] if best else None


def _organisation_by_words(m: Mentions, words: Iterable[str]) -> LocalEntity | None:
    """An organisation of the article whose name contains one of ``words`` ("immigration" officials)."""
    wanted = {w.lower() for w in words if w.lower() not in WEAK_MODIFIERS}
    if not wanted:
        return None
    for ent in m.entities.values():
        if ent.type in ("GovernmentOrganization", "Organization", "Court") and ent.named:
            if wanted & set(re.findall(r"[a-z]+", ent.label.lower())):
                return ent
    return None


def _staff_entity(m: Mentions, token: Token) -> LocalEntity | None:
    """The organisation whose people a staff noun names: "ICE officials", "leadership of X", "city officials"."""
    mods = [c.lower_ for c in token.lefts if c.dep_ in ("compound", "amod", "nmod")]
    if "city" in mods:
        return m.city_government()
    if "administration" in mods:
        return _administration(m, token)
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                ent = m.entity_of(obj) or (_administration(m, obj) if obj.lemma_ == "administration" else None)
                if ent is not None:
                    return ent
    ent = _entity_in_modifiers(m, token)
    if ent is not None:
        return ent
    return _organisation_by_words(m, mods)


def _administration(m: Mentions, token: Token) -> LocalEntity | None:
    """ "Mayor X's administration" is the city government; "the Trump administration" is its own body."""
    for child in token.lefts:
        if child.dep_ in ("poss", "compound"):
            ent = m.entity_of(child)
            if ent is not None and ent.type == "Person":
                if any("mayor" in t.lower() for t in ent.titles):
                    return m.city_government()
                return m.new_entity(f"{ent.label.split()[-1]} administration", "GovernmentOrganization")
            if child.pos_ == "PROPN" and child.is_title:
                label = f"{child.text} administration"
                return m.new_entity(label, "GovernmentOrganization")
    # a bare "administration" is the last one the article named
    return m.entities.get(m.last_administration) if m.last_administration else None


def _generic_label(token: Token, start: int) -> str:
    words = [t.text for t in token.doc[start : token.i + 1] if t.lower_ not in WEAK_MODIFIERS and not t.is_punct]
    return _strip(" ".join(words))


def _add_noun_phrases(m: Mentions) -> None:
    doc, lex = m.doc, m.lex
    deferred: list[Token] = []
    for tok in doc:
        if m.covered(tok) or tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
            continue
        lower = tok.lower_
        start = _np_start(tok)
        if lower in STAFF_NOUNS:
            ent = _staff_entity(m, tok)
            if ent is not None:
                m.add(start, tok.i + 1, ent)
            continue
        if lower == "city" and tok.dep_ not in ("npadvmod",) and not _modifiers(tok) and not _in_quotes(tok):
            city = m.city_government()
            if city is not None:
                m.add(start, tok.i + 1, city)
            continue
        if lower in ("mayor", "sheriff", "governor", "superintendent", "commissioner", "chief"):
            person = next((e for e in m.entities.values() if e.type == "Person" and any(lower in t.lower() for t in e.titles)), None)
            if person is not None and any(c.lower_ == "the" for c in tok.lefts):
                m.add(start, tok.i + 1, person)
            continue
        concept = lex.concepts.get(tok.lemma_.lower()) or lex.concepts.get(lower)
        if concept is None:
            continue
        kind, definite = concept
        if kind == "Action":
            deferred.append(tok)
            continue
        ent = _concept_entity(m, tok, start, kind, definite)
        if ent is not None:
            m.add(start, tok.i + 1, ent, force=bool(_quoted_name(tok)) and ent.named)
            if tok.lemma_ == "administration":
                m.last_administration = ent.id
    for tok in deferred:
        ent = _action_entity(m, tok)
        if ent is not None:
            m.add(_np_start(tok), tok.i + 1, ent)


def _concept_entity(m: Mentions, tok: Token, start: int, kind: str, definite: bool) -> LocalEntity | None:
    lower = tok.lemma_.lower()
    modifier_ent = _entity_in_modifiers(m, tok)
    is_definite = any(c.lower_ in ("the", "that", "this", "its", "their") for c in tok.lefts)
    if kind == "GovernmentOrganization":
        if lower == "administration":
            return _administration(m, tok)
        if lower == "police":
            place = modifier_ent.label.removeprefix("City of ") if modifier_ent else m.home_city
            return m.new_entity(f"{place} Police Department".strip(), kind) if place else None
        if lower == "office" and tok.head.lower_ in SPATIAL_PREPS:
            label = _generic_label(tok, start)
            return m.new_entity(label, "Facility", named=False)
        if is_definite and definite:
            # "the agency" is the last agency named, not the city government the article is about
            city = m.lookup(kind, "city-government")
            for mention in sorted(m.mentions, key=lambda x: -x.start):
                ent = m.entities[mention.entity]
                if mention.start < tok.i and ent.type == kind and ent.named and ent is not city:
                    return ent
        return None
    if kind == "Court":
        if is_definite and definite:
            courts = [e for e in m.entities.values() if e.type == "Court" and e.named]
            if len(courts) == 1:
                return courts[0]
            # a court named later in the article ("the courts" ... "The First Judicial District")
            later = [e for e in (m.doc.ents) if e.label_ == "ORG" and _org_type(e.text, m.lex) == "Court"]
            if len(later) >= 1:
                return m.new_entity(_strip(later[0].text), "Court")
        label = _generic_label(tok, start)
        return m.new_entity(label, "Court", named=False) if lower == "judge" or not is_definite else None
    if kind == "AdvocacyGroup":
        quoted = _quoted_name(tok)
        if quoted:
            return m.new_entity(quoted, kind)
        if modifier_ent is not None and modifier_ent.type == "AdvocacyGroup":
            return modifier_ent
        if definite:
            named = _most_recent(m, {kind}, tok.i, named_only=True)
            if named is not None:
                return named
        label = _generic_label(tok, start)
        return _generic_group(m, label)
    if kind in ("Agreement", "InformationSystem", "LegalCase", "Policy"):
        return _thing_entity(m, tok, start, kind, modifier_ent)
    if kind == "Facility":
        label = _generic_label(tok, start)
        return m.new_entity(label, kind, named=False) if len(label.split()) > 1 else None
    return None


def _generic_group(m: Mentions, label: str) -> LocalEntity:
    """Generic groups merge when they share their cause ("immigration rights activists/advocates")."""
    words = set(label.lower().split()[:-1])
    for ent in m.entities.values():
        if ent.type == "AdvocacyGroup" and not ent.named:
            other = set(ent.label.lower().split()[:-1])
            if words & other or not words or not other:
                return ent
    return m.new_entity(label, "AdvocacyGroup", named=False)


def _thing_entity(m: Mentions, tok: Token, start: int, kind: str, modifier_ent: LocalEntity | None) -> LocalEntity | None:
    """Agreements, systems, cases and policies: "the PARS contract", "a data-sharing arrangement"."""
    if modifier_ent is not None and modifier_ent.type == kind:
        return modifier_ent
    quoted = _quoted_name(tok, proper=False)
    names = [c.text for c in tok.lefts if c.dep_ in ("compound", "nmod") and (c.text.isupper() or c.pos_ == "PROPN")]
    if modifier_ent is not None and modifier_ent.acronym:
        names = [modifier_ent.acronym]
    if quoted:
        return m.new_entity(f"{quoted} {tok.text}", kind)
    if names:
        key = f"{' '.join(names).lower()}|{kind}"
        existing = m.lookup(kind, key)
        if existing is not None:
            return existing
        ent = m.new_entity(f"{' '.join(names)} {tok.lemma_}", kind, key=key)
        return ent
    head = tok.lemma_.lower()
    if not any(c.dep_ in ("det", "poss", "amod", "compound") for c in tok.lefts):
        return None  # a bare noun inside a compound word ("law-abiding") names nothing
    return m.new_entity(_generic_label(tok, start) or head, kind, key=f"generic|{head}", named=False)


def _action_entity(m: Mentions, tok: Token) -> LocalEntity | None:
    """ "the renewal of the contract" → an Action named after the thing it acts on."""
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                target = m.entity_of(obj)
                if target is not None:
                    return m.new_entity(f"{tok.lemma_.lower()} of the {target.label}", "Action", key=f"{tok.lemma_}|{target.id}")
    return None


# ---------------------------------------------------------------------------- merging generic things
def _merge_generic_things(m: Mentions) -> None:
    """In an article about one contract (system, case), its generic mentions are that named thing."""
    for kind in ("Agreement", "InformationSystem", "LegalCase", "Policy"):
        ents = [e for e in m.entities.values() if e.type == kind]
        named = [e for e in ents if e.named]
        generic = [e for e in ents if not e.named]
        if not named or not generic:
            continue
        target = max(named, key=lambda e: sum(e.forms.values()))
        for g in generic:
            _fold(m, g, target)


def _fold(m: Mentions, source: LocalEntity, target: LocalEntity) -> None:
    target.forms.update(source.forms)
    m.mentions = [Mention(x.start, x.end, target.id) if x.entity == source.id else x for x in m.mentions]
    m._by_token = {i: (target.id if e == source.id else e) for i, e in m._by_token.items()}
    for key, value in list(m._keys.items()):
        if value == source.id:
            m._keys[key] = target.id
    for ent in list(m.entities.values()):
        if ent.type == "Action" and source.label in ent.label:
            ent.label = ent.label.replace(source.label, target.label)
    del m.entities[source.id]


def _fix_labels(m: Mentions) -> None:
    """Canonical label: the fullest proper form used ("Jim Kenney", not "Kenney")."""
    for ent in m.entities.values():
        if ent.type == "Person" and ent.names:
            ent.label = max(ent.names, key=lambda f: (len(f.split()), len(f)))
        ent.forms.pop("", None)


def find_mentions(doc: Doc, doc_id: str, *, lexicons: Lexicons | None = None) -> Mentions:
    """Find and cluster the entity mentions of a parsed article."""
    m = Mentions(doc, doc_id, lexicons or load_lexicons())
    _add_people(m)
    _add_named(m)
    _add_acronym_uses(m)
    _add_noun_phrases(m)
    _merge_generic_things(m)
    _fix_labels(m)
    return m
