"""Names as resolution compares them: normalised keys, person names, acronyms, short and long forms.

Pure functions over strings; :mod:`graphkit.resolve` decides what to merge with them. Person names are
split with nameparser after the titles of ``lexicons/titles.tsv`` are taken off; first names are compared
with the nicknames data set ("Tom" is "Thomas") and rapidfuzz (spelling variants).

Examples:
    >>> name = person_name("Harlan County Sheriff Tom R. Whitcomb")
    >>> (name.first, name.middle, name.last, sorted(name.titles))
    ('tom', 'r', 'whitcomb', ['sheriff'])
    >>> first_names_match("tom", "thomas"), first_names_match("alice", "thomas")
    ('nickname', None)
    >>> name_key("the Harlan County Sheriff’s Office")
    "harlan county sheriff's office"
    >>> initials("Millbrook Police Department")
    'MPD'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from nameparser import HumanName
from nicknames import NickNamer
from rapidfuzz import fuzz

from .lexicons import load_lexicons

__all__ = [
    "GENERIC_WORDS",
    "PersonName",
    "core_key",
    "distinct_names",
    "first_names_match",
    "initials",
    "is_acronym",
    "is_distinctive",
    "is_proper",
    "name_key",
    "person_name",
    "persons_compatible",
    "short_form_of",
    "spelling_variant",
    "titles_compatible",
    "word_set_key",
]

# Words that name a kind of body rather than one body: a name made only of these ("City Council", "Board of
# Supervisors", "City Hall") can mean a different body in every story, so it only merges within a story.
_GENERIC = """
the of and for on in at a an to city county state council board supervisors commissioners department police
office sheriff's sheriff court superior district commission agency administration government public school
schools committee mayor mayor's attorney attorney's jail hall house senate assembly legislature authority
bureau division unit service services federal national u.s. us united states coalition alliance group union
association center centre program policy ordinance contract agreement lawsuit case system database network
department's city's county's office's
"""
GENERIC_WORDS = frozenset(_GENERIC.split())
LEGAL_SUFFIXES = frozenset({"inc", "llc", "corp", "corporation", "co", "ltd", "company", "lp", "llp", "plc"})
_LINKING = frozenset({"of", "and", "for", "the", "on", "in", "&", "at"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name without titles: lower-case parts, and the titles written before it."""

    text: str
    first: str
    middle: str
    last: str
    titles: frozenset[str]

    @property
    def full(self) -> bool:
        """True when the name has a first name as well as a surname."""
        return bool(self.first and self.last)

    @property
    def fullness(self) -> tuple[int, int, int]:
        """How full the name is: parts, parts longer than an initial, characters ("the fullest form")."""
        parts = [p for p in (self.first, *self.middle.split(), self.last) if p]
        return len(parts), sum(len(p) > 1 for p in parts), len(self.text)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text.translate(_APOSTROPHES)).encode("ascii", "ignore").decode()


@lru_cache(maxsize=1 << 16)
def name_key(form: str) -> str:
    """The key two spellings of one name share: case, accents, quotes, articles and punctuation ignored.

    Examples:
        >>> name_key("The Millbrook Police Department (MPD)")
        'millbrook police department mpd'
        >>> name_key("U.S. Immigration and Customs Enforcement")
        'us immigration and customs enforcement'
        >>> name_key("Delgado-Hart") == name_key("Delgado Hart")
        True
    """
    text = _ascii(form).lower().strip()
    text = re.sub(r"^(the|a|an)\s+", "", text)
    text = re.sub(r"(?<=[a-z])\.(?=[a-z]\.)|(?<=\b[a-z])\.", "", text)  # U.S. -> us
    text = re.sub(r"'s\b", "'s", text)
    text = re.sub(r"[^a-z0-9$'.]+", " ", text).replace(" '", " ").strip(" .'")
    return re.sub(r"\s+", " ", text.replace("-", " "))


@lru_cache(maxsize=1 << 16)
def core_key(form: str) -> str:
    """:func:`name_key` without a trailing legal suffix: "Corvid Analytics Inc." is "corvid analytics".

    Examples:
        >>> core_key("Corvid Analytics Inc.") == core_key("Corvid Analytics")
        True
    """
    words = name_key(form).split()
    while len(words) > 1 and words[-1].strip(".,") in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words).strip(" ,.")


def is_acronym(form: str) -> bool:
    """An acronym: two to six capitals, with or without dots ("ICE", "MDRC", "F.B.I.").

    Examples:
        >>> is_acronym("MDRC"), is_acronym("Millbrook"), is_acronym("A")
        (True, False, False)
    """
    letters = form.replace(".", "").strip()
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def initials(form: str) -> str:
    """The acronym a name would have: the capitals of its words, linking words skipped.

    Examples:
        >>> initials("Millbrook Digital Rights Coalition")
        'MDRC'
        >>> initials("Bureau of Alcohol, Tobacco, Firearms and Explosives")
        'BATFE'
    """
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", _ascii(form))
    return "".join(w[0].upper() for w in words if w.lower() not in _LINKING and w[0].isupper())


def is_proper(form: str) -> bool:
    """A proper name rather than a description: every content word capitalised, or an acronym.

    Examples:
        >>> is_proper("Harlan County Board of Supervisors"), is_proper("the jail agreement"), is_proper("ICE")
        (True, False, True)
    """
    words = [w for w in form.split() if w.lower() not in _LINKING]
    if not words:
        return False
    return is_acronym(form) or all(w[:1].isupper() or w[:1].isdigit() or w[:1] in "$(" for w in words)


def is_distinctive(form: str) -> bool:
    """A proper name with a word that is not generic, so it means the same body in every story.

    Examples:
        >>> is_distinctive("Harlan County Jail"), is_distinctive("City Council"), is_distinctive("MPD")
        (True, False, False)
    """
    if is_acronym(form) or not is_proper(form):
        return False
    return any(w not in GENERIC_WORDS and not w.isdigit() for w in name_key(form).split())


def short_form_of(short: str, long: str) -> bool:
    """``short`` is ``long`` without a leading qualifier or a trailing legal suffix.

    The qualifier must be a proper name ("Harlan County", "U.S.") and a one-word short form a capitalised
    name ("the Council"), so "Board of Supervisors" is short for "Harlan County Board of Supervisors" but
    "county" is short for nothing.

    Examples:
        >>> short_form_of("Board of Supervisors", "Harlan County Board of Supervisors")
        True
        >>> short_form_of("Corvid Analytics", "Corvid Analytics Inc.")
        True
        >>> short_form_of("Harlan County", "Harlan County Board of Supervisors")
        False
        >>> short_form_of("Council", "Millbrook City Council"), short_form_of("council", "City Council")
        (True, False)
    """
    s, full = name_key(short).split(), name_key(long).split()
    if len(s) >= len(full) or not s:
        return False
    if full[: len(s)] == s:
        return all(w.strip(".,") in LEGAL_SUFFIXES for w in full[len(s) :])
    qualifier = long.split()[: len(long.split()) - len(short.split())]
    return full[-len(s) :] == s and is_proper(" ".join(qualifier)) and (len(s) >= 2 or short[:1].isupper())


def _content_words(form: str) -> set[str]:
    return {w.removesuffix("'s") for w in core_key(form).split() if w not in _LINKING}


def word_set_key(form: str) -> str:
    """The name's content words in alphabetical order, a national qualifier dropped, so that the words of
    a name in another order find it ("Justice Department" / "U.S. Department of Justice").

    Examples:
        >>> word_set_key("Justice Department") == word_set_key("U.S. Department of Justice")
        True
        >>> word_set_key("City Council")
        ''
    """
    words = sorted(_content_words(form) - {"us", "u.s"})
    return " ".join(words) if len(words) >= 2 and is_distinctive(form) else ""


def distinct_names(a: str, b: str) -> bool:
    """Two names that cannot be one body's: each has a word the other lacks, and no slip explains it.

    Examples:
        >>> distinct_names("Harlan County Sheriff's Office", "Harlan County Attorney's Office")
        True
        >>> distinct_names("Board of Supervisors", "Harlan County Board of Supervisors")
        False
    """
    wa, wb = _content_words(a), _content_words(b)
    return bool(wa - wb) and bool(wb - wa) and not spelling_variant(a, b)


def spelling_variant(a: str, b: str) -> bool:
    """Two spellings of one name: word for word alike, numbers identical, at most small slips.

    Examples:
        >>> spelling_variant("Millbrook Digital Rights Coalition", "Milbrook Digital Rights Coalition")
        True
        >>> spelling_variant("Northfield Police Department", "Northfield Fire Department")
        False
    """
    ka, kb = name_key(a), name_key(b)
    wa, wb = ka.split(), kb.split()
    if ka == kb or len(wa) != len(wb) or re.findall(r"\d+", ka) != re.findall(r"\d+", kb) or len(ka) < 8:
        return False
    return fuzz.ratio(ka, kb) >= 92 and all(fuzz.ratio(x, y) >= 80 for x, y in zip(wa, wb, strict=True))


# ---------------------------------------------------------------------------------------------- persons
def _title_length(words: list[str]) -> int:
    """Leading words that are titles or end in one ("Harlan County Sheriff", "Council Member")."""
    titles = load_lexicons().titles
    lowered = [w.lower().strip(".,") for w in words]
    best = 0
    for end in range(1, len(lowered)):
        if any(" ".join(lowered[start:end]) in titles for start in range(end)):
            best = end
    return best


def _title_of(words: list[str]) -> str:
    titles = load_lexicons().titles
    lowered = [w.lower().strip(".,") for w in words]
    found = [" ".join(lowered[i:j]) for i in range(len(lowered)) for j in range(i + 1, len(lowered) + 1)]
    return max((t for t in found if t in titles), key=len, default="")


@cache
def person_name(form: str) -> PersonName:
    """Split a person's name into titles, first, middle and last names (all lower-case).

    A single word is a surname; a form that is only a title ("the mayor") has no name at all.

    Examples:
        >>> person_name("Council Member Ashford").last, person_name("Council Member Ashford").titles
        ('ashford', frozenset({'council member'}))
        >>> person_name("Lt. Daniel Okafor").first
        'daniel'
        >>> person_name("the mayor").last, person_name("the mayor").titles
        ('', frozenset({'mayor'}))
    """
    words = re.sub(r"^(the|a|an)\s+", "", form.translate(_APOSTROPHES).strip(), flags=re.IGNORECASE).split()
    words = [w.removesuffix("'s") for w in words]
    cut = _title_length(words)
    title = _title_of(words[:cut]) if cut else ""
    rest = words[cut:] if cut < len(words) else []
    if len(words) == 1 and words[0].lower() in load_lexicons().titles:
        return PersonName("", "", "", "", frozenset({words[0].lower()}))
    parsed = HumanName(" ".join(rest))
    titles = {t for t in (title, parsed.title.lower().strip(".")) if t}
    parts = [_ascii(p).lower().strip(".,") for p in (parsed.first, parsed.middle, parsed.last)]
    first, middle, last = parts
    if not last and first:  # "Whitcomb": nameparser calls a lone word a first name
        first, last = "", first
    text = " ".join(w for w in (parsed.first, parsed.middle, parsed.last, parsed.suffix) if w)
    return PersonName(text, first, middle, last.replace("-", " "), frozenset(titles))


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


def first_names_match(a: str, b: str) -> str | None:
    """How two first names can name one person: ``same``, ``initial``, ``nickname``, ``spelling`` or None.

    Examples:
        >>> first_names_match("jim", "james"), first_names_match("m", "marcel")
        ('nickname', 'initial')
        >>> first_names_match("catherine", "katherine"), first_names_match("jon", "joan")
        ('spelling', None)
    """
    if a == b:
        return "same"
    if (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return "initial"
    nn = _nicknamer()
    forms_a = nn.canonicals_of(a) | nn.nicknames_of(a) | {a}
    forms_b = nn.canonicals_of(b) | nn.nicknames_of(b) | {b}
    if b in forms_a or a in forms_b or nn.canonicals_of(a) & nn.canonicals_of(b):
        return "nickname"
    if min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 88:
        return "spelling"
    return None


def _surnames_match(a: str, b: str) -> str | None:
    if a == b:
        return "same"
    if min(len(a), len(b)) >= 6 and fuzz.ratio(a, b) >= 90 and a[0] == b[0]:
        return "spelling"
    return None


def persons_compatible(a: PersonName, b: PersonName) -> str | None:
    """The rule by which two full names can be one person, or None when they conflict.

    Surnames must match (or be spelling variants with the same first name), first names must match
    (:func:`first_names_match`) and middle initials, when both are given, must agree.

    Examples:
        >>> persons_compatible(person_name("Marcel Pratt"), person_name("Marcel S. Pratt"))
        'same-name'
        >>> persons_compatible(person_name("Tom R. Whitcomb"), person_name("Sheriff Thomas Whitcomb"))
        'nickname'
        >>> persons_compatible(person_name("Thomas Whitcomb"), person_name("Alice Whitcomb")) is None
        True
    """
    surname = _surnames_match(a.last, b.last)
    first = first_names_match(a.first, b.first)
    if surname is None or first is None or (surname == "spelling" and first != "same"):
        return None
    if a.middle and b.middle and a.middle[0] != b.middle[0]:
        return None
    if surname == "spelling":
        return "spelling-variant"
    return "same-name" if first == "same" else first


def titles_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two sets of titles can belong to one person: either is empty, or one title ends another.

    Examples:
        >>> titles_compatible(frozenset({"sheriff"}), frozenset({"harlan county sheriff", "spokesperson"}))
        True
        >>> titles_compatible(frozenset({"sheriff"}), frozenset({"supervisor"}))
        False
    """
    if not a or not b:
        return True
    return any(x == y or x.endswith(" " + y) or y.endswith(" " + x) for x in a for y in b)
