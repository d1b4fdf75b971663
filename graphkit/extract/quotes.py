"""Direct quotations and their speakers.

A quotation is text between matching quotation marks. Its speaker is the subject of the reporting verb
that introduces it in the same sentence ("...," she wrote; Pratt wrote, "..."), or in the sentence that
closes a quote running across sentences; pronouns resolve to the nearest person before them. Scare quotes
(a short quoted phrase that no reporting verb introduces: the "sanctuary city" case) are not quotes.
Slogans chanted by a group ("Abolish ICE") also say what the group opposes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from typing import NamedTuple

from spacy.attrs import IDX
from spacy.tokens import Span, Token

from .mentions import LocalEntity, Mentions
from .relations import AGENT_TYPES, _entities, _organisers
from .syntax import governing_subject, reporting_ancestor

__all__ = ["Quotation", "QuoteHit", "quotation_spans", "quotations", "quotes"]

SPEECH_VERBS = {"chant", "shout", "read", "yell", "sing", "tweet", "post", "ask", "reply", "respond", "continue",
                "call", "describe", "dismiss", "label", "brand", "term", "accuse", "warn", "vow",
                "promise",
                # "praised the deal as 'fair to our officers'": a judgement in the speaker's words
                "praise", "hail", "blast", "condemn", "criticize", "decry", "slam", "defend"}  # fmt: skip
SHORT_QUOTE_WORDS = 4
MAX_QUOTE_CHARS = 2000


class Quotation(NamedTuple):
    """Where a quotation is: ``start``/``end`` include its marks, ``inner_start``/``inner_end`` do not.
    ``open_ended`` marks a quotation its paragraph does not close (news English reopens it in the next
    paragraph and closes it there)."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    open_ended: bool


def quotations(text: str) -> list[Quotation]:
    """The quotations of a text, paragraph by paragraph.

    Curly marks say which way they face; a straight mark opens when nothing is open and closes otherwise.
    A paragraph that ends inside a quotation ends that quotation there, so one unclosed mark never pairs
    with the marks of the paragraphs after it.

    Examples:
        >>> [text[q.inner_start : q.inner_end] for text in ['He said "no." "Yes," she said.']
        ...  for q in quotations(text)]
        ['no.', 'Yes,']
        >>> text = '"We looked at every option.' + chr(10) * 2 + '"In the end, it was the plan," Ruiz said.'
        >>> [q.open_ended for q in quotations(text)]
        [True, False]
    """
    found: list[Quotation] = []
    for para_start, para_end in _paragraphs(text):
        opened: int | None = None
        for pos in range(para_start, para_end):
            char = text[pos]
            if char not in '"“”':
                continue
            opening = char == "“" or (char == '"' and opened is None)
            if opening:
                opened = pos if opened is None or char == "“" else opened
            elif opened is not None:
                if pos - opened - 1 <= MAX_QUOTE_CHARS:
                    found.append(Quotation(opened, pos + 1, opened + 1, pos, False))
                opened = None
        if opened is not None and para_end - opened - 1 <= MAX_QUOTE_CHARS:
            found.append(Quotation(opened, para_end, opened + 1, para_end, True))
    return found


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in re.finditer(r"\n\s*\n", text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


class QuoteHit(NamedTuple):
    speaker: LocalEntity | None
    text: str
    start: int
    end: int
    sentences: list[Span]


def _reporting_verbs(m: Mentions, sentences: list[Span], start: int, end: int) -> list[Token]:
    """Reporting verbs of the sentences outside this quotation and outside the others: a verb beyond the
    next quotation attributes that one ("'It's about trust.' ¶ 'Nothing to hide,' Cho said")."""
    verbs = set(m.lex.reporting) | SPEECH_VERBS
    ceiling = min((s for s, _ in quotation_spans(m) if s >= end), default=len(m.text))
    return [
        tok
        for sent in sentences
        for tok in sent
        if tok.lemma_ in verbs and tok.pos_ in ("VERB", "AUX") and tok.idx < ceiling and not start <= tok.idx < end
    ]


def quotation_spans(m: Mentions) -> list[tuple[int, int]]:
    """Character spans of the article's quotations, found once per article."""
    if m.quote_spans is None:
        m.quote_spans = [(q.start, q.end) for q in quotations(m.text)]
    return m.quote_spans


def _speaker_of(m: Mentions, verb: Token) -> LocalEntity | None:
    verb = reporting_ancestor(verb, m.lex.reporting)
    # '"This contract," Whitehorse said, "was sold to us"': the parser may take the quote's own first
    # words for a subject of "said"; the speaker is the subject outside the quotation marks
    outside = [
        c for c in verb.children
        if c.dep_ in ("nsubj", "nsubjpass") and not any(s <= c.idx < e for s, e in quotation_spans(m))
    ]  # fmt: skip
    subject = outside[0] if outside else governing_subject(verb)
    if subject is None:
        return m.person_named_before(verb)
    ents = [e for e in _entities(m, subject) if e.type in AGENT_TYPES]
    if not ents and verb.lemma_ in CHANTING:
        ents = _organisers(m, verb)  # "about 150 people marched, chanting ...": the group that marched
    return ents[0] if ents else None


CHANTING = {"chant", "shout", "sing", "yell", "cry", "scream"}


def _sentences(m: Mentions, start: int, end: int) -> list[Span]:
    return [s for s, first, last in _text_sentences(m) if first < end + 2 and last > start]


def _text_sentences(m: Mentions) -> list[tuple[Span, int, int]]:
    """The sentences with words in them and their character bounds, found once per article (each quotation
    looked at every sentence and built its text)."""
    if m.text_sentences is None:
        m.text_sentences = [(s, s.start_char, s.end_char) for s in m.doc.sents if s.text.strip(' \n"”“')]
    return m.text_sentences


def quotes(m: Mentions) -> Iterator[QuoteHit]:
    """Every direct quotation of the article with its speaker (None when the text does not say).

    A quotation no verb attributes continues the previous quotation of its paragraph, or of the paragraph
    just before when it opens its own: news English names a speaker once for several quoted sentences.
    """
    text = m.text
    previous: QuoteHit | None = None
    hits: list[QuoteHit] = []
    open_ended: list[int] = []
    for quotation in quotations(text):
        start, end = quotation.inner_start, quotation.inner_end
        inner = text[start:end].strip()
        if not inner or start < m.doc[m.body_start].idx if m.body_start < len(m.doc) else False:
            continue
        sentences = _sentences(m, quotation.start, quotation.end)
        verbs = _attributing_verbs(m, sentences, quotation.start, quotation.end, end)
        short = len(inner.split()) < SHORT_QUOTE_WORDS
        sentence = inner[:1].isupper() and inner.rstrip()[-1:] in ".?!"
        if short and not sentence and not _introduces(verbs, start, end):
            continue  # scare quotes around a name or a phrase
        speaker = None
        for verb in sorted(verbs, key=lambda v: min(abs(v.idx - start), abs(v.idx - end))):
            speaker = _speaker_of(m, verb)
            if speaker is not None:
                break
        if speaker is None and not verbs:
            speaker = _according_to(m, sentences)
        if speaker is None and not verbs and previous is not None and _continues(text, previous.end, quotation.start):
            speaker = previous.speaker
        hit = QuoteHit(speaker, inner, start, end, sentences)
        if quotation.open_ended and speaker is None:
            open_ended.append(len(hits))
        previous = hit
        hits.append(hit)
    for index in open_ended:  # "We looked at every option. ¶ "In the end ...," Ruiz said: Ruiz said both
        if index + 1 < len(hits) and hits[index + 1].speaker is not None:
            hits[index] = hits[index]._replace(speaker=hits[index + 1].speaker)
    yield from _joined_fragments(m, hits)


def _joined_fragments(m: Mentions, hits: list[QuoteHit]) -> list[QuoteHit]:
    """Quoted fragments of one clause as one quotation, the paraphrase between them elided: in 'ICE "lawfully
    uses" information "as part of its investigatory efforts."' the second fragment only says how the first's
    verb acts, and alone it quotes no statement. Fragments of different clauses ('said the order "has no
    effect" and that the city "will appeal"') stay apart."""
    joined: list[QuoteHit] = []
    for hit in hits:
        last = joined[-1] if joined else None
        if last is not None and last.speaker is hit.speaker and _modifies(m, hit, last):
            joined[-1] = last._replace(text=f"{last.text} … {hit.text}", end=hit.end)
        else:
            joined.append(hit)
    return joined


def _modifies(m: Mentions, fragment: QuoteHit, earlier: QuoteHit) -> bool:
    """Whether the paraphrase between two fragments has no verb or conjunction of its own (which would start
    another clause), and every word of the later fragment that hangs outside it hangs on the earlier fragment
    or on that paraphrase (the parser may hang a quoted adjunct on the object before it)."""
    if fragment.text[:1].isupper() or fragment.sentences[:1] != earlier.sentences[-1:]:
        return False
    starts = _token_starts(m)
    between = m.doc[bisect_left(starts, earlier.end) : bisect_left(starts, fragment.start)]
    if any(t.pos_ in ("VERB", "AUX", "CCONJ", "SCONJ") for t in between):
        return False
    words = m.doc[bisect_left(starts, fragment.start) : bisect_left(starts, fragment.end)]
    heads = [t.head for t in words if t.dep_ != "punct" and not fragment.start <= t.head.idx < fragment.end]
    return bool(heads) and all(earlier.start <= h.idx < fragment.start for h in heads)


def _attributing_verbs(m: Mentions, sentences: list[Span], start: int, end: int, inner_end: int) -> list[Token]:
    verbs = _reporting_verbs(m, sentences, start, end)
    if not verbs and sentences and sentences[-1].end < len(m.doc):
        nxt = m.doc[sentences[-1].end].sent
        # "... end of quote." She said. (A next sentence that opens a quotation attributes its own.)
        if nxt.start_char - inner_end < 3 and nxt.text.lstrip()[:1] not in ('"', "“"):
            verbs = _reporting_verbs(m, [nxt], start, end)
    return verbs


def _according_to(m: Mentions, sentences: list[Span]) -> LocalEntity | None:
    """ "'This is a bad deal,' according to Council member Joe Park.": the source is the speaker."""
    for sent in sentences:
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < len(m.doc) and m.doc[tok.i + 1].lower_ == "to":
                found = [e for t in m.doc[tok.i + 1].children if t.dep_ == "pobj" for e in _entities(m, t)]
                found = found or [e for t in m.doc[tok.i + 2 : tok.i + 8] if (e := m.entity_of(t)) is not None]
                agents = [e for e in found if e.type in AGENT_TYPES]
                if agents:
                    return agents[0]
    return None


def _continues(text: str, previous_end: int, start: int) -> bool:
    """Whether a quotation follows the previous one in the same paragraph, or opens the next one."""
    between = text[previous_end:start]
    if "\n\n" not in between:
        return True
    return between.count("\n\n") == 1 and between.rsplit("\n\n", 1)[1].strip() == ""


def _introduces(verbs: list[Token], start: int, end: int) -> bool:
    """A short quotation counts when a speech verb governs it directly ("chanted 'Abolish ICE'")."""
    for verb in verbs:
        for child in verb.subtree:
            if (start <= child.idx < end and child.head == verb) or (
                start <= child.idx < end and child.head.head == verb
            ):
                return True
    return False


def slogan_target(m: Mentions, hit: QuoteHit) -> LocalEntity | None:
    """The entity a chanted slogan demands an end to ("Abolish ICE" → ICE)."""
    starts = _token_starts(m)
    first = bisect_left(starts, hit.start)  # the first token at or after the quotation's start
    if first == len(starts) or m.doc[first].lemma_.lower() not in _ENDING:
        return None
    for i in range(first, bisect_left(starts, hit.end)):
        ent = m.entity_of(m.doc[i])
        if ent is not None:
            return ent
    return None


def _token_starts(m: Mentions) -> list[int]:
    """Each token's first character (ascending), read once per article: each quotation looked for its
    tokens through the whole article."""
    if m.token_starts is None:
        m.token_starts = m.doc.to_array(IDX).tolist()
    return m.token_starts


_ENDING = {"abolish", "end", "shut", "stop", "defund", "close", "scrap", "cancel", "ban"}
