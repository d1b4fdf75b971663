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

from spacy.attrs import ORTH, POS
from spacy.tokens import Doc, Span, Token

from ..lexicons import ALWAYS_DEFINITE, Lexicons, load_lexicons
from .syntax import appositions, governing_subject, sentences_back, tokens_with

__all__ = ["LocalEntity", "Mention", "Mentions", "find_mentions"]

US_STATES = {
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
    "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
    "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska",
    "nevada", "new hampshire", "new jersey", "new mexico", "new york state", "north carolina", "north dakota",
    "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee",
    "texas", "utah", "vermont", "virginia", "washington state", "west virginia", "wisconsin", "wyoming",
    "u.s.", "us", "united states", "america", "the united states", "mexico", "canada",
    # the AP's abbreviations ("Fort Scott, Kan.")
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la", "md",
    "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "n.h", "n.j", "n.m", "n.y", "n.c", "n.d", "okla",
    "ore", "pa", "r.i", "s.c", "s.d", "tenn", "tex", "vt", "va", "wash", "w.va", "wis", "wyo", "d.c",
}  # fmt: skip
GOV_WORDS = {"schools", "school", "district",
    "department", "office", "agency", "administration", "police", "council", "board", "commission", "bureau",
    "government", "authority", "ministry", "county", "city", "state", "sheriff", "service", "services",
    "division", "unit", "district attorney", "attorney", "prosecutor", "legislature", "assembly", "senate",
    "house", "enforcement", "patrol", "guard", "corrections", "marshals",
}  # fmt: skip
UNION_WORDS = {"union", "guild", "association", "coalition", "alliance", "federation", "brotherhood"}
COURT_WORDS = {"court", "judicial", "tribunal", "judge", "circuit"}
GROUP_WORDS = {
    "coalition", "union", "alliance", "network", "movement", "project", "fund", "aclu", "naacp", "association",
    "advocates", "action", "collective", "committee for", "rights", "families", "parents", "citizens", "residents",
    "neighbors", "voices", "justice", "accountability", "liberties", "sanctuary", "solidarity", "mothers", "tenants",
    "immigrant", "immigrants", "refugee", "refugees", "workers",
}  # fmt: skip
SYSTEM_WORDS = {"system", "database", "registry", "network", "platform", "software", "portal"}
AGREEMENT_WORDS = {"contract", "agreement", "memorandum", "mou", "compact"}
# Nouns that stand for the people of an organisation ("ICE officials", "leadership of X").
STAFF_NOUNS = {"official", "officials", "leadership", "leaders", "members", "representatives", "staff", "officers",
               "agents", "employees", "lawyers", "attorneys", "prosecutors", "deputies", "spokespeople", "analysts",
               "investigators", "detectives", "researchers"}  # fmt: skip
WEAK_MODIFIERS = {
    "local", "senior", "top", "federal", "state", "county", "several", "some", "other", "many", "about", "two",
    "three", "dozen", "the", "a", "an", "its", "their", "his", "her", "new", "former",
}  # fmt: skip
SPATIAL_PREPS = {
    "near",
    "at",
    "outside",
    "past",
    "in front of",
    "into",
    "inside",
    "to",
    "toward",
    "towards",
    "by",
}
STATE_NAMES = {
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
    "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
    "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska",
    "nevada", "new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota", "ohio",
    "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee", "texas",
    "utah", "vermont", "virginia", "washington", "west virginia", "wisconsin", "wyoming",
}  # fmt: skip
# "OMAHA, Neb. (KOHN) —", "DENVER (SNW) —", "ST. PAUL, Minn. —": a capitalised city, a state, an agency.
DATELINE = re.compile(  # group 1 the city, group 2 the state
    r"^([A-Z][A-Z.'\- ]{2,40}?)(?:,\s*([A-Z][A-Za-z. ]{1,20}))?\s*(?:\([^)]{1,30}\))?\s*(?:—|–|--|-)\s"
)
# The Associated Press's abbreviations of state names, as datelines write them ("Nev.", "N.C.").
AP_STATES = {
    "ala": "Alabama", "ariz": "Arizona", "ark": "Arkansas", "calif": "California", "colo": "Colorado",
    "conn": "Connecticut", "del": "Delaware", "fla": "Florida", "ga": "Georgia", "ill": "Illinois", "ind": "Indiana",
    "kan": "Kansas", "ky": "Kentucky", "la": "Louisiana", "md": "Maryland", "mass": "Massachusetts",
    "mich": "Michigan", "minn": "Minnesota", "miss": "Mississippi", "mo": "Missouri", "mont": "Montana",
    "neb": "Nebraska", "nev": "Nevada", "n.h": "New Hampshire", "n.j": "New Jersey", "n.m": "New Mexico",
    "n.y": "New York", "n.c": "North Carolina", "n.d": "North Dakota", "okla": "Oklahoma", "ore": "Oregon",
    "pa": "Pennsylvania", "r.i": "Rhode Island", "s.c": "South Carolina", "s.d": "South Dakota",
    "tenn": "Tennessee", "vt": "Vermont", "va": "Virginia", "wash": "Washington", "w.va": "West Virginia",
    "wis": "Wisconsin", "wyo": "Wyoming",
}  # fmt: skip
CITY_INSTITUTION = re.compile(
    r"^(?:[Tt]he )?((?:[A-Z][a-z]+ ){1,2})(?:Police Department|Police Bureau|Public Schools|City Council"
    r"|City-County Council|Fire Department|City Hall|Public Library|Housing Authority)\b"
)
# "Albuquerque Mayor Tomás Varela", "the Toledo city council": a place that heads a city's offices is the
# article's city far more surely than one it merely names ("ICE's El Paso field office").
CITY_OFFICE = re.compile(
    r"\b((?:[A-Z][a-z]+ ){1,2})"
    r"(?:[Mm]ayor|[Cc]ity [Cc]ouncil|[Cc]ity [Aa]ttorney|[Cc]ity [Mm]anager|[Pp]olice [Cc]hief)\b"
)
DISTRICT_WORDS = {"downtown", "uptown", "midtown"}  # "downtown Davenport" is a place of its own
# Countries news names often; never an article's city ("U.S. Sen. Robert F. Kennedy").
COUNTRY_NAMES = {
    "u.s.", "us", "u.s", "united states", "america", "usa", "u.s.a.", "mexico", "canada", "china", "russia",
    "ukraine", "israel", "iran", "iraq", "cuba", "haiti", "guatemala", "honduras", "el salvador", "venezuela",
    "colombia", "brazil", "india", "japan", "britain", "england", "uk", "u.k.", "france", "germany", "spain",
    "italy", "afghanistan", "syria", "nicaragua", "ecuador", "peru", "philippines", "vietnam", "korea",
}  # fmt: skip
NOT_CITY_WORDS = {
    "county",
    "state",
    "building",
    "center",
    "hall",
    "park",
    "plaza",
    "district",
    "valley",
    "river",
}
UNIT_NOUNS = {"committee", "subcommittee", "sector", "division", "unit", "bureau", "center", "branch", "task force",
              "office", "department", "panel", "team", "squad"}  # fmt: skip
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
    party: str = ""  # an agreement's counterparty ("a contract with Clarion Acoustics")
    acronym: str = ""

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(sorted(f for f in self.forms if f != self.label))


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    entity: str


# compiled once: _strip runs for every mention and name
_QUOTE_MARKS = str.maketrans({'"': None, "“": None, "”": None, "‘": None, "’": "'"})  # apostrophes stay
_LEADING_DETERMINER = re.compile(r"^(the|a|an|its|their|his|her)\s+", flags=re.IGNORECASE)
_POSSESSIVE_END = re.compile(r"(?<=s)'$|'s$")
_SPACES = re.compile(r"\s+")


def _strip(text: str) -> str:
    text = text.translate(_QUOTE_MARKS)
    text = _LEADING_DETERMINER.sub("", text.strip())
    text = _POSSESSIVE_END.sub("", text).strip(" ,.;:-")  # "Duplessis'" and "Kenney's"
    return _SPACES.sub(" ", text)


_CORPORATE = re.compile(r",?\s+(inc|llc|corp|corporation|co|ltd|l\.l\.c)\.?$", re.IGNORECASE)


def _norm(text: str) -> str:
    """The key a name is known by: no article, no possessive, no corporate suffix ("Resonant Labs Inc.")."""
    return _CORPORATE.sub("", _strip(text)).lower()


class Mentions:
    """The entities of one article and the token spans that mention them."""

    def __init__(
        self, doc: Doc, doc_id: str, lexicons: Lexicons, *, body_start: int = 0, text: str | None = None
    ) -> None:
        self.doc = doc
        # Doc.text joins every token on each call (a Token made for each): the article's own text when the
        # caller has it (spaCy keeps it verbatim), else read once per article
        self.text = doc.text if text is None else text
        self.ents = doc.ents  # likewise rebuilt on each call; extraction never changes the entities
        self.body_start = body_start  # tokens before it (the headline) found no entities
        self.doc_id = doc_id
        self.lex = lexicons
        self.entities: dict[str, LocalEntity] = {}
        self.mentions: list[Mention] = []
        self._by_token: dict[int, str] = {}
        self._keys: dict[tuple[str, str], str] = {}
        self.last_administration: str | None = None
        self._next_id = 0
        self.quote_spans: list[tuple[int, int]] | None = None  # filled on first use by the claims
        self.text_sentences: list[tuple[Span, int, int]] | None = None  # filled on first use by the quotes
        self.token_starts: list[int] | None = None  # likewise
        self.acronyms: dict[str, LocalEntity] = {}
        self.title_tokens: set[int] = set()
        self.companies: set[str] = set()  # organisations the article calls a company
        self.affiliations: dict[str, set[str]] = {}  # person id → organisations they hold a post in
        self._people_apposed: dict[int, str] | None = None  # noun index → the person named beside it
        # (unit id, parent id, sentence start token) for "the council's public safety committee"
        self.units: list[tuple[str, str, int]] = []
        # (person id, title start, name start, name end) for every "Title Name" mention
        self.titled: list[tuple[str, int, int, int]] = []
        self.home_city = self._home_city()
        dateline_state = self._dateline_state()
        self.body_start = self._after_dateline()  # "OMAHA, Neb. (KOHN) —" names no actor
        self.home_county = self._home_county()
        states = Counter(_strip(e.text) for e in self.ents if e.label_ == "GPE" and _norm(e.text) in STATE_NAMES)
        if dateline_state:  # "PAHRUMP, Nev. (KVGN) —" outweighs "a Florida company"
            states[dateline_state] += 3
        self.home_state = states.most_common(1)[0][0] if states else ""

    # ------------------------------------------------------------------ registry
    def new_entity(self, label: str, kind: str, *, key: str | None = None, named: bool = True) -> LocalEntity:
        key = key or _norm(label)
        existing = self._keys.get((kind, key))
        if existing:
            return self.entities[existing]
        self._next_id += 1  # a counter, not len(): folded entities leave gaps that must never be reused
        ent = LocalEntity(id=f"{self.doc_id}#{self._next_id}", label=label, type=kind, named=named)
        self.entities[ent.id] = ent
        self._keys[(kind, key)] = ent.id
        return ent

    def alias_key(self, kind: str, key: str, ent: LocalEntity) -> None:
        self._keys.setdefault((kind, key.lower()), ent.id)

    def lookup(self, kind: str, key: str) -> LocalEntity | None:
        found = self._keys.get((kind, key.lower()))
        return self.entities[found] if found else None

    def add(self, start: int, end: int, ent: LocalEntity, *, force: bool = False) -> LocalEntity:
        if start < self.body_start:
            return ent
        return self._add(start, end, ent, force=force)

    def _add(self, start: int, end: int, ent: LocalEntity, *, force: bool = False) -> LocalEntity:
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
            antecedent = token.head.head
            return (
                self._member_described(antecedent)
                or self._located_described(antecedent)
                or self.resolve_token(antecedent)
            )
        ent = self.entity_of(token)
        if ent is not None:
            return ent
        if token.pos_ == "PRON":
            return self.resolve_pronoun(token)
        if token.dep_ == "appos" and token.pos_ == "NOUN" and token.head.pos_ == "PROPN":
            return self.entity_of(token.head)  # "SkyTether Inc., the Provo company that runs ...": the company
        if token.lower_ in self.lex.titles or token.lemma_.lower() in self.lex.titles:
            named = self._person_apposed(token)
            if named is not None:  # "An ICE spokesman in Atlanta, Brent Hollowell, said": the one named
                return named
            # "a spokesperson for Northline Imaging said": an unnamed official speaks for the organisation
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "with"):
                    for obj in child.children:
                        ent = self.entity_of(obj)
                        if ent is not None and ent.type != "Person":
                            return ent
        return None

    def _person_apposed(self, noun: Token) -> LocalEntity | None:
        """The person named in apposition to a noun, wherever the parser hung the name."""
        if self._people_apposed is None:
            self._people_apposed = {}
            for head, appos in appositions(self.doc):
                person = self.entity_of(appos)
                if person is not None and person.type == "Person":
                    self._people_apposed.setdefault(head.i, person.id)
        found = self._people_apposed.get(noun.i)
        return self.entities[found] if found else None

    def person_named_before(self, verb: Token) -> LocalEntity | None:
        """ "the company's general counsel, Harriet Slocum, wrote": a verb the parser left without a subject,
        right after a person's name in apposition, is that person's."""
        i = verb.i - 1
        while i >= 0 and (self.doc[i].is_punct or self.doc[i].dep_ in ("advmod", "aux", "neg")):
            i -= 1
        if i < 0 or self.doc[i].dep_ != "appos" or self.doc[i].sent != verb.sent:
            return None
        person = self.entity_of(self.doc[i])
        return person if person is not None and person.type == "Person" else None

    def _located_described(self, place: Token) -> LocalEntity | None:
        """ "the Department of Corrections in downtown Omaha, which holds detainees": the parser hangs the
        clause on the place, but it describes the organisation or building located there."""
        prep = place.head
        if place.dep_ != "pobj" or prep.lower_ not in ("in", "at", "on") or prep.head.i == prep.i:
            return None
        where = self.entity_of(place)
        located = self.entity_of(prep.head)
        if where is None or where.type != "Place" or located is None:
            return None
        return located if located.type in ("GovernmentOrganization", "Organization", "Facility") else None

    def _member_described(self, noun: Token) -> LocalEntity | None:
        """ "Moreno, one of two board members who ...": the person the group of the relative clause
        describes in apposition is one of them, so the clause is said of her too."""
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NUM", "PRON", "NOUN"):
            noun = noun.head.head
        if noun.dep_ != "appos":
            return None
        person = self.entity_of(noun.head)
        return person if person is not None and person.type == "Person" else None

    def resolve_pronoun(self, token: Token) -> LocalEntity | None:
        """he/she → the nearest person before it (the subject of the sentence's reporting verb first);
        they → the nearest group or organisation before it."""
        lower = token.lower_
        if lower in PERSON_PRONOUNS:
            return self._salient_person(token, exclude=self._clause_subject(token))
        if lower in GROUP_PRONOUNS:
            plural = [t for t in token.sent if t.i < token.i and t.dep_ == "nsubj" and t.tag_ == "NNS"]
            if plural and self.entity_of(plural[-1]) is None:
                return None  # "Several sheriffs have said they ...": people the article does not name
            return self._nearest_before(token.i, {"AdvocacyGroup", "GovernmentOrganization", "Organization"})
        if lower in ("it", "its") and token.dep_ in ("nsubj", "poss", "nsubjpass"):
            return self._salient_organisation(token)
        if lower == "it" and token.dep_ in ("dobj", "pobj"):  # "recommended ending it": the thing last named
            return self.salient_thing(token)
        return None

    def salient_thing(self, token: Token, *, actions: bool = False) -> LocalEntity | None:
        """ "voted against it": of the agreements, policies, systems and cases (and, for a vote, actions
        such as "the cancellation") named in the last three sentences, the one the article names most (a
        passing "Senate Bill 4" does not displace the order the story is about), the nearest on a tie."""
        kinds = {"Agreement", "Policy", "InformationSystem", "LegalCase"} | ({"Action"} if actions else set())
        window_start = sentences_back(token, 3)
        recent = [
            m for m in self.mentions
            if window_start <= m.start and m.end <= token.i and self.entities[m.entity].type in kinds
        ]  # fmt: skip
        if not recent:
            return self._nearest_before(token.i, kinds)
        best = max(recent, key=lambda m: (sum(self.entities[m.entity].forms.values()), m.start))
        return self.entities[best.entity]

    def _salient_organisation(self, token: Token) -> LocalEntity | None:
        """ "a data system it manages": the organisation that is the subject of the sentence (or the
        most recent organisation before the pronoun)."""
        kinds = {"GovernmentOrganization", "Organization", "AdvocacyGroup", "Court"}
        sent_start = token.sent.start  # a new Span on each access: once, not once per mention
        nearest = [
            m for m in self.mentions
            if sent_start <= m.start < token.i and self.entities[m.entity].type in kinds - {"Court"}
        ]  # fmt: skip
        if nearest:
            return self.entities[max(nearest, key=lambda m: m.start).entity]
        # "The union, which represents 300 officers, sees it differently. Its president ...": the
        # organisation the previous sentence is about
        previous = self.doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
        subjects = [
            m for m in self.mentions
            if previous <= m.start < sent_start and self.entities[m.entity].type in kinds
            and self.doc[m.end - 1].dep_ in ("nsubj", "nsubjpass") and self.doc[m.end - 1].head.dep_ == "ROOT"
        ]  # fmt: skip
        if subjects:
            return self.entities[min(subjects, key=lambda m: m.start).entity]
        return self._nearest_before(token.i, kinds)

    def _clause_subject(self, pronoun: Token) -> LocalEntity | None:
        """Who "her" in "he accused her" cannot be: the subject of its own clause (that would be "herself")."""
        if pronoun.dep_ not in ("dobj", "dative", "pobj"):
            return None
        verb = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
        subject = governing_subject(verb) if verb.pos_ in ("VERB", "AUX") else None
        if subject is None or subject.i == pronoun.i or (subject.lower_ in PERSON_PRONOUNS and subject.i > pronoun.i):
            return None
        return self.entity_of(subject) or (self._salient_person(subject) if subject.lower_ in PERSON_PRONOUNS else None)

    def _salient_person(self, token: Token, *, exclude: LocalEntity | None = None) -> LocalEntity | None:
        """The person a he/she refers to: the subject of the sentence's reporting verb, else the most
        recent person who was a grammatical subject in this or the previous two sentences, else the most
        recent person named; never ``exclude``, the subject of the pronoun's own clause."""
        sent = token.sent
        for tok in sent:
            speaks = tok.dep_ == "nsubj" and tok.head.lemma_ in self.lex.reporting
            if tok.i < token.i and speaks and not _in_quotes(tok):
                ent = self._person_named(tok)
                if ent is not None and tok.head.i < token.i and ent is not exclude:
                    return ent
        window_start = sentences_back(token, 2)
        subjects = [
            m for m in self.mentions
            if window_start <= m.start < token.i and self.entities[m.entity].type == "Person"
            and _subject_named(self.doc[m.end - 1])
            and not _in_quotes(self.doc[m.start])  # "no matter what the sheriff says," she said: not him
            and self.entities[m.entity] is not exclude
        ]  # fmt: skip
        if subjects:
            return self.entities[max(subjects, key=lambda m: m.start).entity]
        return self._nearest_before(token.i, {"Person"}, exclude=exclude)

    def _person_named(self, tok: Token) -> LocalEntity | None:
        """The person a subject names, itself or in apposition ("The board's chairwoman, Linda Pfeiffer,")."""
        ent = self.entity_of(tok)
        return ent if ent is not None and ent.type == "Person" else self._person_apposed(tok)

    def _nearest_before(self, index: int, kinds: set[str], *, exclude: LocalEntity | None = None) -> LocalEntity | None:
        best: Mention | None = None
        for m in self.mentions:
            ent = self.entities[m.entity]
            if m.end <= index and ent.type in kinds and ent is not exclude and (best is None or m.start > best.start):
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
        dateline = self._dateline_city()
        if dateline:
            return dateline
        counts = Counter(_strip(e.text) for e in self.ents if e.label_ == "GPE" and _norm(e.text) not in US_STATES)
        # the city's own institutions name it too ("El Paso Police Department"), where a city named only
        # as a seat of power ("Austin swings back") has none
        org_names = [e.text for e in self.ents if e.label_ in ("ORG", "FAC")]
        for name in org_names:  # "Duluth Police Department" names a city the NER may never tag as one
            found = CITY_INSTITUTION.match(name)
            city = found.group(1).strip().removesuffix(" Metropolitan").removesuffix(" Metro") if found else ""
            if city and _norm(city) not in US_STATES:
                counts.setdefault(city, 0)  # a candidate ("Indianapolis Metropolitan Police Department"); counted below
        for city in list(counts):
            counts[city] += sum(1 for name in org_names if re.search(rf"\b{re.escape(city)}\b", name))
        for found in CITY_OFFICE.finditer(self.text):
            if found.group(1).strip() in counts:
                counts[found.group(1).strip()] += 3
        for city, _ in counts.most_common():
            if _norm(city) in COUNTRY_NAMES:
                continue
            last = city.lower().split()[-1]
            if last not in NOT_CITY_WORDS and not city.lower().startswith(("north ", "south ", "east ", "west ")):
                return city
        return ""

    def _home_county(self) -> str:
        """The county the article names most, counting the county's own institutions ("Scott County
        Sheriff's Office", "Scott County Jail") as mentions of it."""
        counties = Counter(
            _strip(e.text).removesuffix("'s") for e in self.ents
            if e.label_ == "GPE" and _strip(e.text).removesuffix("'s").endswith("County")
        )  # fmt: skip
        for ent in self.ents:
            if ent.label_ in ("ORG", "FAC"):
                counties.update(re.findall(r"\b((?:[A-Z][a-z]+ )+County)\b", ent.text))
        return counties.most_common(1)[0][0] if counties else ""

    def _dateline(self) -> tuple[re.Match[str] | None, int]:
        """The dateline at the start of the body ("OMAHA, Neb. (KOHN) —"), and where its text starts."""
        start = self.doc[self.body_start].idx if self.body_start < len(self.doc) else 0
        text = self.text[start : start + 160]
        return DATELINE.match(text.lstrip()), start + len(text) - len(text.lstrip())

    def _after_dateline(self) -> int:
        found, offset = self._dateline()
        if not found:
            return self.body_start
        end = offset + found.end()
        return next((t.i for t in self.doc[self.body_start :] if t.idx >= end), self.body_start)

    def _dateline_city(self) -> str:
        """The city of a dateline ("OMAHA, Neb. (KOHN) —"): where the outlet says the story is from."""
        found, _ = self._dateline()
        if not found:
            return ""
        city = found.group(1).strip().title().replace("St ", "St. ")
        if _norm(city) in US_STATES or _norm(city) in COUNTRY_NAMES or _norm(city) in STATE_NAMES:
            return ""
        return city

    def _dateline_state(self) -> str:
        """The state of a dateline ("OMAHA, Neb. (KOHN) —" → Nebraska)."""
        found, _ = self._dateline()
        state = (found.group(2) or "").strip() if found else ""
        return AP_STATES.get(state.lower().rstrip("."), state if _norm(state) in STATE_NAMES else "")

    def state_government(self, name: str = "") -> LocalEntity | None:
        """ "State of Minnesota": the state as a government (its attorney general, governor, its suits)."""
        name = name or self.home_state
        if not name:
            return None
        ent = self.new_entity(f"State of {name}", "GovernmentOrganization", key=f"state:{name.lower()}")
        ent.forms.setdefault(name, 0)
        return ent

    def county_government(self) -> LocalEntity | None:
        """The article's county as a government ("County Administrator Lynn Cabrera")."""
        if not self.home_county:
            return None
        ent = self.lookup("Place", self.home_county) or self.new_entity(self.home_county, "GovernmentOrganization")
        ent.type = "GovernmentOrganization"
        return ent

    def city_government(self) -> LocalEntity | None:
        if not self.home_city:
            return None
        name = re.sub(r"^(the )?city of ", "", self.home_city, flags=re.IGNORECASE)
        ent = self.new_entity(f"City of {name}", "GovernmentOrganization", key="city-government")
        ent.forms.setdefault(self.home_city, 0)
        return ent


# ---------------------------------------------------------------------------- named entities
def _org_type(text: str, lex: Lexicons) -> str:
    lower = text.lower()
    words = set(re.findall(r"[a-z.']+", lower))
    if lower.split()[-1:] and lower.split()[-1] in UNION_WORDS:
        return "AdvocacyGroup"  # "Sacramento Police Guild" is a union, not the police
    if words & COURT_WORDS:
        return "Court"
    if "network" in words and words & (GROUP_WORDS - {"network"}):
        return "AdvocacyGroup"  # "Spokane Immigrant Rights Network" campaigns; "Regional Data Network" is a system
    if words & SYSTEM_WORDS:
        return "InformationSystem"
    if words & AGREEMENT_WORDS:
        return "Agreement"
    if re.search(r"\b(committee|coalition|campaign|alliance) (for|to|against|of concerned)\b", lower):
        return "AdvocacyGroup"  # "Committee for Immigrant Rights" campaigns; a council's committee governs
    if (
        words & GOV_WORDS
        or words & {"committee", "subcommittee"}
        or lower.startswith(("city of", "county of", "state of"))
    ):
        return "GovernmentOrganization"
    if words & GROUP_WORDS:
        return "AdvocacyGroup"
    return "Organization"


def place_name(label: str) -> str:
    """The place a government is named for: "City of Millbrook" → "Millbrook", "State of Iowa" → "Iowa"."""
    return re.sub(r"^(the )?(city|state|county) of ", "", label, flags=re.IGNORECASE)


def _city_name(label: str) -> str:
    """ "City of Millbrook" and "Millbrook" name one city."""
    return place_name(label).lower()


def _short_form(m: Mentions, label: str) -> LocalEntity | None:
    """A one-word name that ends or starts a longer name of the article ("Guild" for "Sacramento Police
    Guild", "Keystone" for "Keystone Detention Partners")."""
    if " " in label or not label[:1].isupper():
        return None
    longer = [e for e in m.entities.values() if e.named and e.type != "Person" and e.label.split()[-1] == label]
    if not longer:
        longer = [
            e for e in m.entities.values()
            if e.named and e.type in ("Organization", "AdvocacyGroup") and e.label.split()[0] == label
        ]  # fmt: skip
    return longer[0] if len(longer) == 1 else None


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
            is_title = " ".join(words[j:]) in lex.titles and doc[i + j].pos_ in ("PROPN", "NOUN", "ADJ")
            if is_title and i + j < best[0]:
                best = (i + j, doc[i + j : start].text)
    return best


def _add_people(m: Mentions) -> None:
    doc, lex = m.doc, m.lex
    people = [
        e for e in doc.ents
        if e.label_ == "PERSON" and (e[-1].lower_ not in STREET_WORDS or _title_before(doc, e.start, lex)[1])
    ]  # fmt: skip
    by_surname: dict[str, LocalEntity] = {}
    for ent in sorted(people, key=lambda e: -len(e)):  # full names first, so surnames find them
        full, surname = _person_key(ent.text)
        if not full:
            continue
        if " " not in full and surname in by_surname:
            continue
        created = m.new_entity(_strip(ent.text), "Person", key=full)
        created.names.add(_strip(ent.text))
        by_surname.setdefault(surname, created)
    for ent in people:  # titles first, so that a lone "Kenney" finds "Mayor Kenney" wherever it comes
        titled = m.lookup("Person", _person_key(ent.text)[0]) or by_surname.get(_person_key(ent.text)[1])
        if titled is not None and _title_before(doc, ent.start, lex)[1]:
            titled.titles.add(_title_before(doc, ent.start, lex)[1])
    for ent in people:
        full, surname = _person_key(ent.text)
        person = m.lookup("Person", full) or by_surname.get(surname)
        if person is None:
            continue
        if len(person.label.split()) == 1 and not person.titles and not _speaks(ent, lex):
            continue  # a lone capitalised word the NER took for a name ("Gunfire doesn't ...")
        title_start, title = _title_before(doc, ent.start, lex)
        if title:
            person.titles.add(title)
            m.titled.append((person.id, title_start, ent.start, ent.end))
            m.title_tokens.update(range(title_start, ent.start))
            m.add(ent.start, ent.end, person)
            person.forms[_strip(doc[title_start : ent.end].text)] += 1
        else:
            m.add(ent.start, ent.end, person)


def _acts(ent: Span) -> bool:
    """A place name in the role of an agent ("Minnesota sued", "Minnesota's lawsuit", "withheld from
    Minnesota"): the government of the place, not the territory."""
    root = ent.root
    if root.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "conj", "appos"):
        return True
    return root.dep_ == "pobj" and root.head.lower_ in ("from", "against", "with", "to", "for", "by")


def _speaks(ent: Span, lex: Lexicons) -> bool:
    """Whether a lone name is the subject of a reporting verb ("Trump said"): stray capitalised words
    the NER took for names ("Gunfire doesn't ...") rarely are."""
    return ent.root.dep_ == "nsubj" and ent.root.head.lemma_ in lex.reporting


def _agency_entity(m: Mentions, acronym: str) -> LocalEntity:
    agency = m.lex.agencies[acronym]
    ent = m.new_entity(agency.name, agency.type, key=f"agency:{acronym}")
    ent.acronym = acronym
    m.alias_key(agency.type, acronym, ent)
    return ent


def _add_named(m: Mentions) -> None:
    doc, lex = m.doc, m.lex
    titles = m.lex.titles
    surnames = {e.label.split()[-1] for e in m.entities.values() if e.type == "Person"}
    for ent in doc.ents:
        if m.covered(ent[0]):
            continue
        label = _strip(ent.text)
        if not label:
            continue
        if ent.end - 1 in m.title_tokens and ent[-1].lower_ in {w for t in titles for w in t.split()}:
            continue  # "Knox County Sheriff" in front of a name is a title, not a facility
        if ent.label_ == "ORG" and len(ent) > 1 and ent[0].text in surnames and ent[1].norm_ == "'s":
            continue  # "Osei's committee": the noun phrase stage knows which committee
        if ent.label_ == "ORG" and ent.ent_id_ in lex.agencies:
            m.add(ent.start, ent.end, _agency_entity(m, ent.ent_id_))
        elif ent.label_ in ("ORG", "PRODUCT", "WORK_OF_ART", "LAW") and ent[-1].lower_ in POLICY_WORDS:
            policy = m.add(ent.start, ent.end, m.new_entity(label, "Policy"))
            acronym = _acronym_after(doc, ent.end)
            if acronym is not None:
                policy.acronym = acronym.text
                m.acronyms[acronym.text] = policy
                m.add(acronym.i, acronym.i + 1, policy)
        elif ent.label_ == "ORG":
            known = (
                m.acronyms.get(label)
                or m.lookup("InformationSystem", label)
                or m.lookup("GovernmentOrganization", label)
                or _short_form(m, label)
            )
            kind = known.type if known else _org_type(label, lex)
            if known is None and _at_place(ent):
                kind = "Facility"
            local = known or m.new_entity(label, kind)
            m.add(ent.start, ent.end, local)
            acronym = _acronym_after(doc, ent.end)
            if acronym is not None:
                local.acronym = acronym.text
                m.acronyms[acronym.text] = local
                m.alias_key(kind, acronym.text, local)
                m.add(acronym.i, acronym.i + 1, local)
        elif ent.label_ == "GPE" and ent.start > 0 and doc[ent.start - 1].lower_ in DISTRICT_WORDS:
            m.add(ent.start - 1, ent.end, m.new_entity(f"{doc[ent.start - 1].lower_} {label}", "Place"))
        elif ent.label_ == "GPE":
            government = m.city_government() if _city_name(label) == _city_name(m.home_city) else None
            if _norm(label) in STATE_NAMES and _acts(ent):
                government = m.state_government(label)
            m.add(ent.start, ent.end, government or m.new_entity(label, "Place"))
        elif ent.label_ == "LOC":
            m.add(ent.start, ent.end, m.new_entity(label, "Place"))
        elif ent.label_ == "FAC":
            m.add(ent.start, ent.end, m.new_entity(label, "Facility"))
        elif ent.label_ == "MONEY":
            m.add(ent.start, ent.end, m.new_entity(label, "MonetaryAmount"))
        elif ent.label_ == "LAW":
            m.add(ent.start, ent.end, m.new_entity(label, "Policy"))


POLICY_WORDS = {
    "act",
    "law",
    "ordinance",
    "code",
    "amendment",
    "bill",
    "order",
    "directive",
    "statute",
    "rule",
}
FACILITY_WORDS = {"center", "building", "hall", "courthouse", "jail", "headquarters", "plaza", "tower", "station",
                  "complex", "campus", "prison", "facility"}  # fmt: skip


def _at_place(ent: Span) -> bool:
    """An organisation-like name used as a place: "rallied outside One Government Center"."""
    head = ent.root
    if head.dep_ != "pobj" or head.head.head.pos_ not in ("VERB", "AUX"):
        return False  # "an investigation into Meridian Trace LLC" is no movement into a place
    prep = head.head.lower_
    return prep in ("outside", "near", "inside", "into", "toward", "towards") or (
        prep in ("at", "to", "from") and ent[-1].lower_ in FACILITY_WORDS
    )


def _add_surname_uses(m: Mentions) -> None:
    """A known person's surname that the NER did not tag ("Hollis and two executives met ...")."""
    people = {e.label.split()[-1]: e for e in m.entities.values() if e.type == "Person" and len(e.label.split()) > 1}
    for tok in tokens_with(m.doc, ORTH, people):
        if tok.text in people and tok.pos_ == "PROPN" and not m.covered(tok) and tok.i not in m.title_tokens:
            nxt = m.doc[tok.i + 1] if tok.i + 1 < len(m.doc) else None
            if nxt is None or not (nxt.pos_ == "PROPN" and nxt.is_title):
                m.add(tok.i, tok.i + 1, people[tok.text])


def _add_appositive_titles(m: Mentions) -> None:
    """ "The mayor, Patricia Kwan," / "Gary Voss, a spokesperson for the sheriff's office,": the person
    holds that title, so that a later "the mayor said" finds her."""
    for head, tok in appositions(m.doc):
        for person_tok, title_tok in ((head, tok), (tok, head)):
            person = m.entity_of(person_tok)
            is_person = person is not None and person.type == "Person" and m.entity_of(title_tok) is None
            if is_person and (title_tok.lower_ in m.lex.titles or title_tok.lemma_.lower() in m.lex.titles):
                person.titles.add(title_tok.text)  # type: ignore[union-attr]


def _add_acronym_uses(m: Mentions) -> None:
    """Bare uses of an acronym the article defined ("PARS") that the NER did not tag."""
    acronyms = {e.acronym: e for e in m.entities.values() if e.acronym} | m.acronyms
    for tok in tokens_with(m.doc, ORTH, acronyms):
        if tok.text in acronyms and not m.covered(tok):
            m.add(tok.i, tok.i + 1, acronyms[tok.text])


# ---------------------------------------------------------------------------- noun phrases
def _np_start(token: Token) -> int:
    """First token of the noun phrase headed by ``token``, left of it."""
    start = token.i
    for child in token.lefts:
        if child.dep_ in (
            "det",
            "amod",
            "compound",
            "nmod",
            "poss",
            "nummod",
            "quantmod",
            "advmod",
            "punct",
            "case",
        ):
            start = min(start, child.left_edge.i)
    return start


def _in_quotes(token: Token) -> bool:
    """Whether the token sits inside quotation marks within its sentence."""
    marks = ('"', "“", "”", "``", "''")
    before = sum(t.text in marks for t in token.sent if t.i < token.i)
    after = sum(t.text in marks for t in token.sent if t.i > token.i)
    return before % 2 == 1 and after % 2 == 1


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


def _most_recent(
    m: Mentions, kinds: set[str], before: int, *, named_only: bool = False, head: str = ""
) -> LocalEntity | None:
    best: Mention | None = None
    for mention in m.mentions:
        ent = m.entities[mention.entity]
        if head and head not in ent.label.lower():
            continue
        later = best is None or mention.start > best.start
        if ent.type in kinds and mention.start < before and (ent.named or not named_only) and later:
            best = mention
    return m.entities[best.entity] if best else None


def _organisation_by_words(m: Mentions, words: Iterable[str]) -> LocalEntity | None:
    """An organisation of the article whose name contains one of ``words`` ("immigration" officials)."""
    wanted = {w.lower() for w in words if w.lower() not in WEAK_MODIFIERS}
    if not wanted:
        return None
    for ent in m.entities.values():
        kinds = ("GovernmentOrganization", "Organization", "Court", "AdvocacyGroup")
        if ent.type in kinds and ent.named and wanted & set(re.findall(r"[a-z]+", ent.label.lower())):
            return ent
    return None


def _staff_entity(m: Mentions, token: Token) -> LocalEntity | None:
    """The organisation whose people a staff noun names: "ICE officials", "leadership of X", "city officials",
    "the sheriff's deputies", or a bare "deputies" (``lexicons/staff.tsv`` names their office)."""
    mods = [c for c in token.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")]
    if any(c.lower_ == "city" for c in mods):
        return m.city_government()
    if any(c.lemma_ == "administration" for c in mods):
        return _administration(m, token)
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "from", "with", "at", "for"):
            for obj in child.children:
                ent = m.entity_of(obj) or (_administration(m, obj) if obj.lemma_ == "administration" else None)
                ent = ent or _definite_organisation(m, obj)
                if ent is not None and ent.type != "Person":
                    return ent
    ent = _entity_in_modifiers(m, token)
    if ent is not None and ent.type != "Person":
        return ent
    for mod in mods:
        if mod.dep_ == "poss" and mod.lower_ in ("its", "their"):  # "its officers": the organisation's
            owner = m.resolve_pronoun(mod)
            if owner is not None and owner.type in ORG_KINDS:
                return owner
    for mod in mods:
        concept = m.lex.concepts.get(mod.lemma_.lower())
        if concept and concept[0] in ORG_KINDS:
            found = _named_by_noun(m, mod, concept[0])
            if found is not None:
                return found
    office = m.lex.staff.get(token.lower_, ("", ""))[0]
    if office == "@agency":  # bare "agents": of the national agency the article named last
        return next((m.entities[x.entity] for x in sorted(m.mentions, key=lambda x: -x.start)
                     if x.start < token.i and m.entities[x.entity].acronym in m.lex.agencies), None)  # fmt: skip
    if office:
        return _office_entity(m, office, token)
    return _organisation_by_words(m, [c.text for c in mods])


ORG_KINDS = {"GovernmentOrganization", "Organization", "AdvocacyGroup", "Court"}
COMPANY_NOUNS = {"company", "firm", "vendor", "contractor", "manufacturer", "maker", "supplier", "startup"}


def _named_by_noun(m: Mentions, tok: Token, kind: str) -> LocalEntity | None:
    """ "the department" → the last organisation named with "Department" in its name; "the agency" → the
    last one whose name has one of the words ``lexicons/concepts.tsv`` lists for "agency"; never the city
    government the article is about, and nothing when no name fits."""
    words = {c.lower_ for c in tok.lefts if c.dep_ in ("compound", "amod")} - WEAK_MODIFIERS
    city = m.lookup("GovernmentOrganization", "city-government")
    candidates = [m.entities[x.entity] for x in sorted(m.mentions, key=lambda x: -x.start) if x.start < tok.i]
    candidates = list({e.id: e for e in candidates if e.named and e is not city and e.type in ORG_KINDS}.values())
    lemma = tok.lemma_.lower()
    for ent in candidates:  # "the council" → "Toledo City Council" before "... Council public safety committee"
        label_words = re.findall(r"[a-z]+", ent.label.lower())
        if label_words and label_words[-1] in (lemma, tok.lower_) and words <= set(label_words):
            return ent
    if lemma in COMPANY_NOUNS:  # "the company": a business the article called one, not a product
        business = [e for e in candidates if e.id in m.companies]
        if business:
            return business[0]
    matches = m.lex.matches.get(lemma) or frozenset({lemma})
    units = {u for u, _, _ in m.units}
    if lemma not in BODY_NOUNS:  # "the district" is the district, not its board nor its police's school unit
        candidates.sort(key=lambda e: e.id in units or e.label.lower().split()[-1] in UNIT_NOUNS | BODY_NOUNS)
    for ent in candidates:
        name_words = set(re.findall(r"[a-z]+", ent.label.lower()))
        if words <= name_words and name_words & matches:
            return ent
    return None


def _definite_organisation(m: Mentions, tok: Token) -> LocalEntity | None:
    concept = m.lex.concepts.get(tok.lemma_.lower())
    if concept is None or concept[0] not in ORG_KINDS or not concept[1]:
        return None
    return _named_by_noun(m, tok, concept[0])


def _office_entity(m: Mentions, office: str, token: Token) -> LocalEntity:
    """The office a title heads ("Sheriff's Office"): the one the article names, else one named after
    the jurisdiction of the person who holds the title ("Knox County Sheriff" → "Knox County Sheriff's
    Office"), else after the article's city."""
    core = office.lower().replace("'s office", "").replace(" office", "")
    for ent in m.entities.values():
        if ent.type in ORG_KINDS and ent.named and core in ent.label.lower():
            return ent
    jurisdiction = ""
    for _, title_start, name_start, _ in m.titled:
        title = m.doc[title_context_start(m.doc, title_start) : name_start]
        if set(core.split()) & set(title.text.lower().split()):
            # "Knox County Sheriff" → "Knox County": the proper words in front of the title
            tokens = list(title)
            while (
                tokens
                and " ".join(t.lower_ for t in tokens[-1:])
                and any(" ".join(t.lower_ for t in tokens[k:]) in m.lex.titles for k in range(len(tokens)))
            ):
                tokens.pop()  # "Knox County Police Chief" → "Knox County": drop the title at the end
            words = [t for t in tokens if t.lower_ not in core.split()]
            proper = [t.text for t in words if t.is_title and t.pos_ == "PROPN" and m.entity_of(t) is None]
            jurisdiction = " ".join(proper) or jurisdiction
    if not jurisdiction:  # a county office takes the county of the article's county bodies, a city office its city
        scope = next((t.scope for t in m.lex.titles.values() if t.office.lstrip("+").lower() == office.lower()), "city")
        jurisdiction = _governing_county(m) if scope == "county" else m.home_city
    if jurisdiction.endswith(" County") and office.startswith("County "):
        office = office.removeprefix("County ")  # "Knox County" + "County Attorney's Office"
    label = f"{jurisdiction} {office}".strip()
    return m.new_entity(label, "GovernmentOrganization", key=f"office:{core}")


# "the Knox County Board of Supervisors", "Knox County Jail": a body named for its county
_COUNTY_BODY = re.compile(r"^((?:[A-Z][\w.'’-]*\s+)+County)\s+[A-Z]")


def _governing_county(m: Mentions) -> str:
    """The county whose bodies the article names (its board, jail, courthouse): the one an unplaced
    county office belongs to. A neighbour named more often as a place ("a similar agreement in
    neighboring Dane County") is not the county the article's sheriff serves."""
    bodies = Counter(
        match.group(1) for e in m.ents if e.start >= m.body_start and (match := _COUNTY_BODY.match(_strip(e.text)))
    )
    return bodies.most_common(1)[0][0] if bodies else m.home_county


def title_context_start(doc: Doc, start: int) -> int:
    """Extend a title leftwards over the words that say whose post it is: "ICE field office director",
    "City spokesperson", "Knox County Sheriff"."""
    while start > 0:
        prev = doc[start - 1]
        if prev.ent_type_ in ("ORG", "GPE") and not prev.is_punct:
            # "Board of Supervisors Chair": a whole organisation name, whatever its inner parse
            while start > 0 and doc[start - 1].ent_type_ == prev.ent_type_ and doc[start].ent_iob_ != "B":
                start -= 1
            if doc[start].ent_iob_ == "B" and doc[start].ent_type_ == prev.ent_type_:
                continue
            break
        if prev.is_punct or prev.pos_ not in ("PROPN", "NOUN", "ADJ") or prev.dep_ not in ("compound", "amod", "nmod"):
            break
        start -= 1
    return start


def _title_office(m: Mentions, tok: Token) -> LocalEntity | None:
    """ "the sheriff's office", "the mayor's office", "the Office of the District Attorney"."""
    if tok.lemma_.lower() != "office":
        return None
    holder = [c for c in tok.lefts if c.dep_ == "poss"]
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            holder += [c for c in child.children if c.dep_ == "pobj"]
    for h in holder:
        words = " ".join(t.lower_ for t in h.subtree if t.dep_ not in ("det", "case", "punct"))
        title = m.lex.titles.get(words) or m.lex.titles.get(h.lower_)
        if title is not None:
            return _office_entity(m, title.office.lstrip("+") or f"{title.title.title()}'s Office", tok)
    return None


def _unit(m: Mentions, tok: Token, start: int) -> LocalEntity | None:
    """ "the council's public safety committee": a unit of the organisation that possesses it."""
    if tok.lemma_.lower() not in UNIT_NOUNS:
        return None
    owner_tok = next((c for c in tok.lefts if c.dep_ == "poss"), None)
    if owner_tok is None:
        return None
    owner = m.entity_of(owner_tok) or _definite_organisation(m, owner_tok)
    if owner is None:
        return None
    if owner.type == "Person":  # "Osei's committee": the committee that person chairs
        return _most_recent(m, {"GovernmentOrganization"}, tok.i, named_only=True, head=tok.lemma_.lower())
    if owner.type not in ORG_KINDS:
        return None
    between = m.doc[owner_tok.right_edge.i + 1 : tok.i]
    named = next((e for t in between if t.ent_type_ == "ORG" and (e := m.entity_of(t)) is not None), None)
    if named is not None and named is not owner:  # "the agency's Enforcement and Removal Operations division"
        m.units.append((named.id, owner.id, tok.sent.start))
        return named
    words = [t.text for t in m.doc[owner_tok.right_edge.i + 1 : tok.i + 1] if not t.is_punct and t.dep_ != "case"]
    label = " ".join(words)
    unit = m.new_entity(f"{owner.label} {label}", "GovernmentOrganization", key=f"unit:{owner.id}:{label.lower()}")
    m.units.append((unit.id, owner.id, tok.sent.start))
    return unit


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
    # a bare "administration" is the last one the article named, else the city's own
    if m.last_administration:
        return m.entities.get(m.last_administration)
    return m.city_government()


def _generic_label(token: Token, start: int) -> str:
    """ "the two-year, $1.9 million agreement" → "agreement"; "a data-sharing arrangement" keeps its words."""
    words = []
    for t in token.doc[start : token.i + 1]:
        if (
            t.lower_ in WEAK_MODIFIERS
            or t.is_punct
            or t.like_num
            or t.ent_type_ in ("MONEY", "DATE", "CARDINAL", "PERCENT")
        ):
            continue
        if t.dep_ == "poss" or (t.i < token.i and t.head.dep_ == "poss"):
            continue
        words.append(t.text)
    text = " ".join(words).replace(" - ", "-")
    text = _strip(re.sub(r"^(year|month|week)\b\s*", "", text))
    return f"{text} {_fixed_complement(token)}".strip()


# Nouns whose "of" phrase is part of the name of the thing: "memorandum of understanding", "letter of intent".
FIXED_COMPLEMENTS = {"understanding", "agreement", "intent", "cooperation", "work"}


def _fixed_complement(token: Token) -> str:
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lower_ in FIXED_COMPLEMENTS:
                return f"of {pobj.text}"
    return ""


PERSON_TITLE_NOUNS = {"mayor", "sheriff", "governor", "superintendent", "commissioner", "chief", "director",
                      "president", "chair", "chairwoman", "chairman", "spokesperson", "spokeswoman", "spokesman",
                      "judge", "attorney", "solicitor", "controller", "prosecutor", "warden", "secretary"}  # fmt: skip


def _title_phrase(m: Mentions, start: int, tok: Token) -> str:
    return " ".join(t.lower_ for t in m.doc[start : tok.i + 1] if t.dep_ != "det")


def _titled_person(m: Mentions, tok: Token) -> LocalEntity | None:
    """ "the mayor", "the sheriff": the one person of the article who holds that title."""
    if not any(c.lower_ == "the" for c in tok.lefts):
        return None
    matches = [
        e for e in m.entities.values() if e.type == "Person" and any(tok.lower_ in t.lower().split() for t in e.titles)
    ]
    return matches[0] if len(matches) == 1 else None


STAFF_OR_GROUP = {"group", "organization", "nonprofit", "coalition", "agency", "office", "department", "database",
                  "system", "network", "program", "platform", "company"}  # fmt: skip


THING_KINDS = {"LegalCase", "Agreement", "Policy", "Event", "Action", "MonetaryAmount"}


def _apposed(m: Mentions, tok: Token) -> LocalEntity | None:
    """A noun in apposition to a name is that name ("Resonant Labs Inc., the Columbus company ...";
    "an earlier vendor, Clarion Acoustics"); what it says refines the name's type ("AcuShot, the city's
    gunshot detection system" is a system, "Ohio Justice Forum, a civil liberties group" a group)."""
    lower = tok.lemma_.lower()
    if lower not in m.lex.concepts and lower not in COMPANY_NOUNS and lower not in STAFF_OR_GROUP:
        return None
    partners = [tok.head] if tok.dep_ == "appos" else []
    partners += [c for c in tok.children if c.dep_ == "appos"]
    for partner in partners:
        same = m.entity_of(partner)
        kind = m.lex.concepts.get(lower, ("", False))[0]
        if same is not None and same.type == kind == "Agreement":
            return same  # "The three-year contract, a memorandum of understanding between ...": one deal
        if same is None or same.type not in ORG_KINDS | {"InformationSystem", "Facility", "Place"}:
            continue
        if kind in THING_KINDS:
            continue  # "the case, Minnesota v. ...": a case named after a party is not the party
        if lower in COMPANY_NOUNS:
            m.companies.add(same.id)
        if same.type == "Organization" and kind in (
            "InformationSystem",
            "AdvocacyGroup",
            "Facility",
            "GovernmentOrganization",
        ):
            same.type = kind
        elif same.type == "Place" and kind == "InformationSystem":
            same.type = kind  # "ClassBridge, the district's student information system": a product, no place
        return same
    return None


def _add_noun_phrases(m: Mentions) -> None:
    doc, lex = m.doc, m.lex
    deferred: list[Token] = []
    for tok in tokens_with(doc, POS, {"NOUN", "PROPN"}):
        if m.covered(tok) or tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
            continue
        if tok.dep_ == "poss" and tok.head.lemma_ in UNIT_NOUNS:
            continue  # "the sheriff's office": the office, not the sheriff
        lower = tok.lower_
        start = _np_start(tok)
        same = _apposed(m, tok)
        if same is not None:
            m.add(start, tok.i + 1, same)
            continue
        ent = _title_office(m, tok) or _unit(m, tok, start)
        if ent is None and lower in lex.staff and lex.staff[lower][1] == "memberOf" and tok.tag_ != "NNS":
            continue  # "a volunteer with the coalition" is a person's membership, not a name of the coalition
        if ent is None and lower in lex.staff:
            ent = _staff_entity(m, tok)
            if ent is None:
                continue
        if ent is None and lower == "city" and not _modifiers(tok) and not _in_quotes(tok):
            ent = m.city_government()
        if ent is None and (lower in PERSON_TITLE_NOUNS or _title_phrase(m, start, tok) in lex.titles):
            ent = _titled_person(m, tok)  # "the mayor", "the attorney general", "the city manager"
        if ent is None:
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
    is_definite = lower in ALWAYS_DEFINITE or any(
        c.lower_ in ("the", "that", "this", "its", "their") or c.dep_ == "poss" for c in tok.lefts
    )
    if kind in ("GovernmentOrganization", "Organization"):
        if lower == "administration":
            return _administration(m, tok)
        if lower == "police":
            place = modifier_ent.label.removeprefix("City of ") if modifier_ent else m.home_city
            return m.new_entity(f"{place} Police Department".strip(), kind) if place else None
        if lower == "office" and tok.head.lower_ in SPATIAL_PREPS:
            return m.new_entity(_generic_label(tok, start), "Facility", named=False)
        if (
            modifier_ent is not None
            and modifier_ent.type in ORG_KINDS
            and lower in modifier_ent.label.lower()
            and lower not in UNIT_NOUNS
        ):
            return modifier_ent  # "the Knox County Commission" tagged in part: the named body
        if modifier_ent is not None and modifier_ent.type in ORG_KINDS and lower in BODY_NOUNS:
            return _body_of(m, tok, modifier_ent)
        if is_definite and definite:
            named = _named_by_noun(m, tok, kind)
            if named is None and lower in BODY_NOUNS and tok.tag_ == "NN":
                # "the school board" of an article that never names it: one body all the same
                # the head noun stays even when it is itself a possessive ("the board's chairwoman")
                words = [t.text for t in m.doc[start : tok.i] if t.dep_ not in ("det", "poss")]
                return m.new_entity(_strip(" ".join([*words, tok.text])), kind, key=f"body|{lower}", named=False)
            return named
        return None
    if kind == "Court":
        if is_definite and definite:
            courts = [e for e in m.entities.values() if e.type == "Court" and e.named]
            if len(courts) == 1:
                return courts[0]
            # a court named later in the article ("the courts" ... "The First Judicial District")
            later = [e for e in m.ents if e.label_ == "ORG" and _org_type(e.text, m.lex) == "Court"]
            if len(later) >= 1:
                return m.new_entity(_strip(later[0].text), "Court")
        label = _strip(" ".join(t.text for t in m.doc[start : tok.i + 1] if t.dep_ not in ("det", "poss", "case")))
        return m.new_entity(label, "Court", named=False) if lower == "judge" or not is_definite else None
    if kind == "AdvocacyGroup":
        quoted = _quoted_name(tok)
        if quoted:
            return m.new_entity(quoted, kind)
        if modifier_ent is not None and modifier_ent.type == "AdvocacyGroup":
            return modifier_ent
        if definite and is_definite:
            named = _named_by_noun(m, tok, kind)
            if named is not None and named.type == "AdvocacyGroup":
                return named
            named = _most_recent(m, {"AdvocacyGroup"}, tok.i, named_only=True)
            if named is not None:  # "the group", "the encampment": the group the article named last
                return named
        label = _generic_label(tok, start)
        return _generic_group(m, label)
    if kind in ("Agreement", "InformationSystem", "LegalCase", "Policy", "Event"):
        return _thing_entity(m, tok, start, kind, modifier_ent)
    if kind == "Facility":
        label = _generic_label(tok, start)
        return m.new_entity(label, kind, named=False) if len(label.split()) > 1 else None
    return None


PEOPLE_GROUPS = {"activists", "advocates", "protesters", "demonstrators", "organizers"}
BODY_NOUNS = {"board", "council", "committee", "commission", "panel", "subcommittee", "unit", "division"}


def _body_of(m: Mentions, tok: Token, owner: LocalEntity) -> LocalEntity:
    """ "The Grand Rapids Public Schools board of education": a body of the organisation named before it."""
    tail = [
        t.text
        for t in tok.subtree
        if t.i > tok.i and t.dep_ in ("prep", "pobj", "compound", "amod") and t.i - tok.i <= 3
    ]
    label = " ".join([owner.label, tok.text, *tail])
    unit = m.new_entity(label, "GovernmentOrganization", key=f"unit:{owner.id}:{tok.lemma_}")
    m.units.append((unit.id, owner.id, tok.sent.start))
    return unit


def _generic_group(m: Mentions, label: str) -> LocalEntity | None:
    """Generic groups merge when they share their cause ("immigration rights activists/advocates"); a
    bare plural ("activists", "groups") joins the article's generic group but never founds one."""
    words = set(label.lower().split()[:-1])
    for ent in m.entities.values():
        if ent.type == "AdvocacyGroup" and not ent.named:
            other = set(ent.label.lower().split()[:-1])
            if words & other or not words or not other:
                return ent
    if not words and label.lower() not in PEOPLE_GROUPS:
        return None
    return m.new_entity(label, "AdvocacyGroup", named=False)


def _thing_entity(
    m: Mentions, tok: Token, start: int, kind: str, modifier_ent: LocalEntity | None
) -> LocalEntity | None:
    """Agreements, systems, cases and policies: "the PARS contract", "a data-sharing arrangement"."""
    if modifier_ent is not None and modifier_ent.type == kind:
        return modifier_ent
    if modifier_ent is not None and modifier_ent.type == "Organization" and kind == "InformationSystem":
        modifier_ent.type = kind  # "the StreetSight database": the name is the system's, not a company's
        return modifier_ent
    quoted = _quoted_name(tok, proper=False)
    name_toks = [c for c in tok.lefts if c.dep_ in ("compound", "nmod") and (c.text.isupper() or c.pos_ == "PROPN")]
    # the whole name as written, brackets and all: "287(g) agreement", not "287(g agreement"
    names = [_with_closing_bracket(m.doc, c) for c in name_toks]
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
    party = _counterparty(m, tok) if kind == "Agreement" else None
    if party is not None:
        for ent in m.entities.values():
            if ent.type == kind and ent.party == party.id:
                return ent
        ent = m.new_entity(f"{head} with {party.label}", kind, key=f"generic|{head}|{party.id}", named=False)
        ent.party = party.id
        return ent
    return m.new_entity(_generic_label(tok, start) or head, kind, key=f"generic|{head}", named=False)


def _counterparty(m: Mentions, tok: Token) -> LocalEntity | None:
    """The party named by "with" after an indefinite agreement ("a contract with an earlier vendor, X")."""
    if not any(c.lower_ in ("a", "an") for c in tok.lefts):
        return None
    holders = [*tok.rights, *(tok.head.rights if tok.dep_ == "dobj" else [])]  # "canceled a contract with X"
    for child in holders:
        if child.dep_ == "prep" and child.lower_ == "with":
            for obj in child.children:
                for cand in (obj, *[c for c in obj.children if c.dep_ == "appos"]):
                    ent = m.entity_of(cand)
                    if ent is not None and ent.type in ORG_KINDS:
                        return ent
    return None


def _with_closing_bracket(doc: Doc, tok: Token) -> str:
    """ "287(g" + ")": a name token keeps the bracket the tokenizer split off."""
    end = tok.i + 1
    while end < len(doc) and doc[end].text in (")", "]") and tok.text.count("(") > tok.text.count(")"):
        end += 1
    return doc[tok.i : end].text.replace(" )", ")")


def _action_entity(m: Mentions, tok: Token) -> LocalEntity | None:
    """ "the renewal of the contract" → an Action named after the thing it acts on; "the sheriff's
    request for four more officers" → an Action named by its own words."""
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                target = m.entity_of(obj)
                if target is not None:
                    return m.new_entity(
                        f"{tok.lemma_.lower()} of the {target.label}",
                        "Action",
                        key=f"{tok.lemma_}|{target.id}",
                    )
    words = [t for t in tok.subtree if t.dep_ not in ("det", "punct", "relcl", "acl") and t.i >= _np_start(tok)]
    if len(words) < 3:
        if not any(c.lower_ in ("the", "this", "that") for c in tok.lefts):
            return None
        # "the censure", "the jail expansion": the one such act the article is about
        label = _strip(" ".join(t.text for t in m.doc[_np_start(tok) : tok.i + 1] if t.dep_ != "det"))
        return m.new_entity(label, "Action", key=f"action|{tok.lemma_.lower()}", named=False)
    label = _strip(" ".join(t.text for t in words if t.i <= max(w.i for w in words)))
    return m.new_entity(label, "Action", named=False)


# ---------------------------------------------------------------------------- merging generic things
def _merge_place_prefixed_names(m: Mentions) -> None:
    """ "Board of Supervisors" and "Scott County Board of Supervisors" in one article are one body: a
    named organisation is the only longer one that adds a place in front of its name."""
    places = {e.label.lower() for e in m.entities.values() if e.type in ("Place", "GovernmentOrganization")}
    places |= {p.lower() for p in (m.home_city, m.home_county, m.home_state) if p}
    orgs = [e for e in m.entities.values() if e.named and e.type in ORG_KINDS]
    for short in orgs:
        longer = [
            e for e in orgs
            if e is not short and e.type == short.type and e.label.endswith(" " + short.label)
            and _is_place_name(e.label[: -len(short.label)].strip(), places)
        ]  # fmt: skip
        if len(longer) == 1 and short.id in m.entities:
            _fold(m, short, longer[0])


def _is_place_name(words: str, places: set[str]) -> bool:
    lower = words.lower().removeprefix("the ").removeprefix("city of ")
    return bool(lower) and (lower in places or lower.split()[-1] in ("county", "city", "state", "township"))


def _merge_generic_things(m: Mentions) -> None:
    """In an article about one contract (system, case), its generic mentions are that thing: the most
    mentioned named one, else the most mentioned generic one. A contract "with" another party than the
    target's stays apart ("a contract with an earlier vendor")."""
    for kind in ("Agreement", "InformationSystem", "LegalCase", "Policy"):
        ents = [e for e in m.entities.values() if e.type == kind]
        named = [e for e in ents if e.named]
        pool = named or [e for e in ents if not e.party]
        with_party = [e for e in ents if e.party and not e.named]
        if not named and len(with_party) == 1 and _first_mentioned(m, with_party[0], ents):
            # "signed a 2014 agreement with ICE ... pushing to end the agreement": the one deal named first
            pool = with_party
        if not pool:
            continue
        main = max(pool, key=lambda e: (sum(e.forms.values()), -int(e.id.split("#")[-1])))
        for g in ents:
            if g.named or g.id not in m.entities:
                continue
            # "the order" is "Executive Order 2025-03" rather than the more often named "Senate Bill 4"
            named_by_head = [t for t in named if t is not g and _head_in_name(g, t)]
            target = max(named_by_head, key=lambda e: sum(e.forms.values())) if named_by_head else main
            same = bool(named_by_head) or _same_kind(g, target)
            if g is not target and (not g.party or g.party == target.party) and same:
                _fold(m, g, target)


def _first_mentioned(m: Mentions, ent: LocalEntity, among: list[LocalEntity]) -> bool:
    firsts = {x.entity: x.start for x in sorted(m.mentions, key=lambda x: -x.start)}
    return all(firsts.get(ent.id, len(m.doc)) <= firsts.get(e.id, len(m.doc)) for e in among)


def _head_in_name(generic: LocalEntity, named: LocalEntity) -> bool:
    head = generic.label.lower().split()[-1] if generic.label else ""
    return bool(head) and head in named.label.lower().split()


SYNONYM_HEADS = (
    {
        "contract",
        "agreement",
        "arrangement",
        "memorandum",
        "deal",
        "pact",
        "mou",
        "program",
        "partnership",
        "lease",
    },
    {"law", "act", "ordinance", "statute", "bill", "measure", "policy", "order"},
    {
        "database",
        "system",
        "platform",
        "software",
        "network",
        "dashboard",
        "registry",
        "portal",
        "sensors",
        "cameras",
        "microphones",
        "readers",
        "devices",
    },
    {"lawsuit", "suit", "case", "complaint", "challenge"},
)


def _same_kind(generic: LocalEntity, named: LocalEntity) -> bool:
    """ "the law" may be "the Community Trust Act"; "the conditions" are not: heads of one synonym set."""
    head = generic.label.lower().split()[-1] if generic.label else ""
    target = named.label.lower().split()[-1] if named.label else ""
    if head == target:
        return True
    group = next((g for g in SYNONYM_HEADS if head in g or head.rstrip("s") in g), None)
    return group is not None and (target in group or target.rstrip("s") in group or named.type != "Policy")


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


def headline_end(doc: Doc, title: str = "", *, text: str | None = None) -> int:
    """Index of the first token after the headline: the article's first line when it is its title or
    reads as one (short, no closing full stop). Headlines are compressed English the rules misread.
    ``text`` is the doc's text when the caller has it (``Doc.text`` is built anew on each access)."""
    text = doc.text if text is None else text
    first = text.split("\n", 1)[0]
    norm = re.sub(r"[\W_]+", " ", first).strip().lower()
    looks_like_title = (
        bool(first) and len(first.split()) <= 25 and not first.rstrip().endswith((".", '"', "”", "?", "!"))
    )
    if not first or "\n" not in text or not (looks_like_title or norm == re.sub(r"[\W_]+", " ", title).strip().lower()):
        return 0
    end = len(first)
    return next((t.i for t in doc if t.idx >= end and not t.is_space), len(doc))


def find_mentions(
    doc: Doc, doc_id: str, *, lexicons: Lexicons | None = None, body_start: int = 0, text: str | None = None
) -> Mentions:
    """Find and cluster the entity mentions of a parsed article (from token ``body_start`` on); ``text``
    is the article's text when the caller has it, to spare rebuilding it from the tokens."""
    m = Mentions(doc, doc_id, lexicons or load_lexicons(), body_start=body_start, text=text)
    _add_people(m)
    _add_named(m)
    _add_acronym_uses(m)
    _add_surname_uses(m)
    _add_appositive_titles(m)
    _add_noun_phrases(m)
    _merge_place_prefixed_names(m)
    _merge_generic_things(m)
    _fix_labels(m)
    return m


def _subject_named(tok: Token) -> bool:
    """Whether a name is a subject, or names the subject in apposition ("An ICE spokesman, Trevor Lamm,
    said")."""
    subjects = ("nsubj", "nsubjpass")
    return tok.dep_ in subjects or (tok.dep_ == "appos" and tok.head.dep_ in subjects)
