"""Direct quotations and their speakers.

A quotation is text between matching quotation marks. Its speaker is the subject of the reporting verb
that introduces it in the same sentence ("...," she wrote; Pratt wrote, "..."), or in the sentence that
closes a quote running across sentences; pronouns resolve to the nearest person before them. Scare quotes
(a short quoted phrase that no reporting verb introduces: the "sanctuary city" case) are not quotes.
Slogans chanted by a group ("Abolish ICE") also say what the group opposes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from spacy.tokens import Span, Token

from .mentions import LocalEntity, Mentions
from .relations import AGENT_TYPES, _entities
from .syntax import governing_subject, reporting_ancestor

__all__ = ["QuoteHit", "quotes"]

SPEECH_VERBS = {"chant", "shout", "read", "yell", "sing", "tweet", "post", "ask", "reply", "respond", "continue",
                "call", "describe", "dismiss", "label", "brand", "term", "accuse", "warn", "vow",
                "promise"}  # fmt: skip
SHORT_QUOTE_WORDS = 4
_QUOTE = re.compile(r"[\"“]([^\"“”]{1,2000}?)[\"”]")


class QuoteHit(NamedTuple):
    speaker: LocalEntity | None
    text: str
    start: int
    end: int
    sentences: list[Span]


def _reporting_verbs(m: Mentions, sentences: list[Span], start: int, end: int) -> list[Token]:
    verbs = set(m.lex.reporting) | SPEECH_VERBS
    found = []
    for sent in sentences:
        for tok in sent:
            if tok.lemma_ in verbs and tok.pos_ in ("VERB", "AUX") and not start <= tok.idx < end:
                found.append(tok)
    return found


def _speaker_of(m: Mentions, verb: Token) -> LocalEntity | None:
    subject = governing_subject(reporting_ancestor(verb, m.lex.reporting))
    if subject is None:
        return None
    ents = [e for e in _entities(m, subject) if e.type in AGENT_TYPES]
    return ents[0] if ents else None


def _sentences(m: Mentions, start: int, end: int) -> list[Span]:
    return [s for s in m.doc.sents if s.start_char < end + 2 and s.end_char > start and s.text.strip(' \n"”“')]


def quotes(m: Mentions) -> Iterator[QuoteHit]:
    """Every direct quotation of the article with its speaker (None when the text does not say).

    A quotation no verb attributes continues the previous quotation of its paragraph, or of the paragraph
    just before when it opens its own: news English names a speaker once for several quoted sentences.
    """
    text = m.doc.text
    previous: QuoteHit | None = None
    for match in _QUOTE.finditer(text):
        inner = match.group(1).strip()
        start, end = match.start(1), match.end(1)
        if not inner or "\n\n" in inner or start < m.doc[m.body_start].idx if m.body_start < len(m.doc) else False:
            continue
        sentences = _sentences(m, match.start(), match.end())
        verbs = _attributing_verbs(m, sentences, match.start(), match.end(), end)
        short = len(inner.split()) < SHORT_QUOTE_WORDS
        sentence = inner[:1].isupper() and inner.rstrip()[-1:] in ".?!"
        if short and not sentence and not _introduces(verbs, start, end):
            continue  # scare quotes around a name or a phrase
        speaker = None
        for verb in sorted(verbs, key=lambda v: min(abs(v.idx - start), abs(v.idx - end))):
            speaker = _speaker_of(m, verb)
            if speaker is not None:
                break
        if speaker is None and not verbs and previous is not None and _continues(text, previous.end, match.start()):
            speaker = previous.speaker
        hit = QuoteHit(speaker, inner, start, end, sentences)
        previous = hit
        yield hit


def _attributing_verbs(m: Mentions, sentences: list[Span], start: int, end: int, inner_end: int) -> list[Token]:
    verbs = _reporting_verbs(m, sentences, start, end)
    if not verbs and sentences and sentences[-1].end < len(m.doc):
        nxt = m.doc[sentences[-1].end].sent
        if nxt.start_char - inner_end < 3:  # "... end of quote." She said.
            verbs = _reporting_verbs(m, [nxt], start, end)
    return verbs


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
    first = next((t for t in m.doc if t.idx >= hit.start), None)
    if first is None or first.lemma_.lower() not in _ENDING:
        return None
    for tok in m.doc:
        if hit.start <= tok.idx < hit.end:
            ent = m.entity_of(tok)
            if ent is not None:
                return ent
    return None


_ENDING = {"abolish", "end", "shut", "stop", "defund", "close", "scrap", "cancel", "ban"}
