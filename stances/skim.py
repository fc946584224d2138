"""Which sentences of an article the rule coder reads: most sentences of news name nobody,
or only people outside the codebook, and state nothing.

`RuleCoder.analyse` reads a sentence fully (READ), not at all (SKIP), or only while "he"
refers to someone other than a person outside the codebook (UNLESS_OUTSIDER_SUBJECT). A
sentence left unread gets an empty trace; the statements are those of reading every one.
"""

from __future__ import annotations

from bisect import bisect_right

from stances.document import Document
from stances.mentions import (
    CAPITALISED_RUN,
    WORD_RUNS_ON,
    lone_names,
    may_refer,
    two_sided_titles,
)
from stances.segment import Span

READ, SKIP, UNLESS_OUTSIDER_SUBJECT = range(3)
# Phrase lists whose hits may start a mention (the matcher's `referring`: pronouns, groups).
_REFERRING = ("aliases", "roles", "referring")


def readings(document: Document, quotes_of: list[list[Span]], *, lean: bool) -> list[int]:
    """How each sentence is read. SKIP a sentence that holds no quotation and in which
    `find_mentions` can find nobody (no name, title, capitalised run, pronoun or group
    word): nobody holds a stance in it and it changes nothing later sentences read.

    With `lean` (statements only, the default mention and attribution steps), also SKIP the
    sentences near the end that no statement depends on (`trailing_unread`). And a sentence
    without a quotation that states nothing and names only people outside the codebook
    changes one thing at most: when one of them speaks, "he" refers to someone outside the
    codebook from then on (`Salience`'s subject ""). It is skipped when it has no reporting
    verb, and read only while "he" refers to someone else (UNLESS_OUTSIDER_SUBJECT)."""
    sentences, text, hits = document.sentences, document.text, document.hits
    ends = [s.end for s in sentences]
    # Where someone may be named, from the hits and capitalised runs of the whole text: a
    # match inside a sentence overlaps one of them, unless a word goes on past the
    # sentence's end (a cut sentence), where a pattern's final `\b` reads otherwise.
    cut = {k for k, end in enumerate(ends) if WORD_RUNS_ON.match(text, end)}
    if all(hits.scanned(label) for label in _REFERRING):
        spans = ((h.start, h.end) for label in _REFERRING for h in hits.all(label))
        referring = _overlapped(sentences, ends, spans) | cut
    else:  # a cue step of a coder's own
        referring = set(range(len(sentences)))
    if document.patterns.on("two_sided_titles"):
        found = two_sided_titles(text, 0, len(text), document.patterns.words)
        pairs = ((m.start(), m.end()) for m in found)
        referring |= _overlapped(sentences, ends, pairs)
    runs = ((m.start(), m.end()) for m in CAPITALISED_RUN.finditer(text))
    capitalised = _overlapped(sentences, ends, runs) | cut
    if document.patterns.on("lone_surname_speaker"):
        lone = ((m.start(1), m.end(1)) for m in lone_names(text, 0, len(text), hits))
        capitalised |= _overlapped(sentences, ends, lone)
    quoted = {k for k, quotes in enumerate(quotes_of) if quotes}
    unread = set(trailing_unread(document, quotes_of)) if lean else set()
    found = [SKIP] * len(sentences)
    for k in (quoted | referring | capitalised) - unread:
        found[k] = (
            READ
            if k in quoted
            else _reading(document, sentences[k], k in referring, k in capitalised, lean=lean)
        )
    return found


def _overlapped(sentences: list[Span], ends: list[int], spans) -> set[int]:
    """The sentences (by index; `ends` their ends) that share a character with a span."""
    found = set()
    for start, end in spans:
        k = bisect_right(ends, start)
        while k < len(sentences) and sentences[k].start < end:
            found.add(k)
            k += 1
    return found


def _reading(
    document: Document, sentence: Span, referring: bool, capitalised: bool, *, lean: bool
) -> int:
    """How a sentence without a quotation is read, where a name, title, pronoun or group
    word (`referring`) or a capitalised run (`capitalised`) may stand."""
    lo, hi, text, words = sentence.start, sentence.end, document.text, document.patterns.words
    hits = document.hits
    if referring and (
        hits.first("aliases", lo, hi)
        or hits.first("roles", lo, hi)
        or (
            may_refer(text, hits, lo, hi)
            and (
                words.singular_pronoun.search(text, lo, hi)
                or words.plural_pronoun.search(text, lo, hi)
                or words.group.search(text, lo, hi)
            )
        )
        or (document.patterns.on("two_sided_titles") and any(two_sided_titles(text, lo, hi, words)))
    ):
        return READ
    if not capitalised or not (
        CAPITALISED_RUN.search(text, lo, hi)
        or (document.patterns.on("lone_surname_speaker") and any(lone_names(text, lo, hi, hits)))
    ):
        return SKIP
    if not lean or may_state(document, sentence):
        return READ
    return UNLESS_OUTSIDER_SUBJECT if hits.first("reporting", lo, hi) else SKIP


def trailing_unread(document: Document, quotes_of: list[list[Span]]) -> list[int]:
    """The sentences near the end whose reasoning no statement depends on: they state
    nothing, and no sentence after them that does reads what the article said so far (it
    names no title, group or pronoun, holds no quotation, accompaniment, delegation,
    attendance, meeting, leader or agenda of the event before)."""
    text, hits, words = document.text, document.hits, document.patterns.words
    unread = []
    for k in range(len(document.sentences) - 1, -1, -1):
        lo, hi = document.sentences[k].start, document.sentences[k].end
        if (
            quotes_of[k]
            or (
                hits.may_match("accompaniment", lo, hi) and words.accompaniment.search(text, lo, hi)
            )
            or (
                hits.may_match("delegation_list", lo, hi)
                and words.delegation_list.search(text, lo, hi)
            )
            or (
                hits.may_match("attended_event", lo, hi)
                and words.attended_event.search(text, lo, hi)
            )
            or words.inverted_attendance.match(text, lo, hi)
            or (hits.may_match("presence", lo, hi) and words.presence.search(text, lo, hi))
            or (hits.may_match("led_by", lo, hi) and words.led_by.search(text, lo, hi))
            # "... when he meets Zelensky": one met at the event cued before takes part
            or (
                document.patterns.on("met_event")
                and hits.may_match("meeting", lo, hi)
                and words.meeting.search(text, lo, hi)
            )
            or words.agenda_opener.match(text, lo, hi)
        ):
            break
        if not may_state(document, document.sentences[k]):
            unread.append(k)
        elif hits.first("roles", lo, hi) or (
            may_refer(text, hits, lo, hi)
            and (
                words.group.search(text, lo, hi)
                or words.singular_pronoun.search(text, lo, hi)
                or words.plural_pronoun.search(text, lo, hi)
            )
        ):
            break
    return unread


def may_state(article: Document, sentence: Span) -> bool:
    """Whether a sentence has a topic cue or an undecided marker: else it states nothing."""
    return article.matches.first_cue_start(sentence.start, sentence.end) < sentence.end or (
        article.hits.first("neutral", sentence.start, sentence.end) is not None
    )
