"""Split normalised article text into sentences and quotations, keeping character offsets."""

from __future__ import annotations

import re
from typing import NamedTuple

PAUSE = re.compile(r"[,;:—–]")  # ends a negation's reach; dashes close an aside
# A sentence ends at a mark before a space and a capital, or where a scrape lost the space
# between two paragraphs ("... specifics.Putin's envoy"). Both begin with the mark, so `re`
# skips to the next mark at C speed instead of trying each position.
_END = re.compile(
    r"[.!?](?:[.!?]*[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]))"
)
_LINE = re.compile(r"[^\n]+")
_SPACES = re.compile(r"\s*")
_WORD_BEFORE = re.compile(r"[\w.]*\Z")  # word characters and dots up to where the search ends
# The longest sentence: a longer run without a sentence end (a scrape that lost its
# punctuation) is cut at spaces, so the coder's work per sentence stays bounded.
MAX_SENTENCE = 2_000


class Span(NamedTuple):
    """A half-open character range [start, end) of the article text. (A named tuple: the
    coder makes tens of thousands per article batch, and sorts them.)"""

    start: int
    end: int

    def __contains__(self, offset: int) -> bool:
        return self.start <= offset < self.end


def split_sentences(text: str, *, abbreviations: frozenset[str]) -> list[Span]:
    """Sentence spans, never crossing a line break (headlines and paragraphs stand alone)."""
    spans: list[Span] = []
    longest = max([1, *map(len, abbreviations)])
    for line in _LINE.finditer(text):
        start, line_end = line.span()
        for end_mark in _END.finditer(text, start, line_end):
            if _is_abbreviation(text, start, end_mark.start(), abbreviations, longest):
                continue
            end = end_mark.end()
            spans.append(Span(start, end))
            start = _SPACES.match(text, end, line_end).end()
        spans.append(Span(start, line_end))
    return [
        trimmed
        for s in spans
        for cut in (_cut(text, s, MAX_SENTENCE) if s.end - s.start > MAX_SENTENCE else (s,))
        if (trimmed := _trim(text, cut)).end > trimmed.start  # not whitespace only
    ]


def split_datelines(text: str, spans: list[Span], dateline: re.Pattern[str]) -> list[Span]:
    """`spans` with the dateline that opens a paragraph ("KYIV (AP) — ", "date 2025-06-01 ")
    split off as a span of its own: the first sentence's subject comes after it."""
    out: list[Span] = []
    for span in spans:
        found = dateline.match(text, span.start, span.end)
        if found is None or found.end() >= span.end or not _opens_line(text, span.start):
            out.append(span)
            continue
        out += [_trim(text, Span(span.start, found.end())), Span(found.end(), span.end)]
    return out


def _opens_line(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start:start].isspace() or line_start == start


def _cut(text: str, span: Span, limit: int) -> list[Span]:
    """`span` in pieces of at most `limit` characters, cut after the last space in reach
    (or at the limit itself where a piece has no space)."""
    pieces, start = [], span.start
    while span.end - start > limit:
        space = max(
            text.rfind(" ", start + 1, start + limit), text.rfind("\t", start + 1, start + limit)
        )
        end = space + 1 if space > start else start + limit
        pieces.append(Span(start, end))
        start = end
    pieces.append(Span(start, span.end))
    return pieces


def _is_abbreviation(
    text: str, start: int, dot: int, abbreviations: frozenset[str], longest: int
) -> bool:
    """Whether the word before the dot (word characters and dots back to `start`) is an
    initial or an abbreviation; a word longer than `longest` is neither."""
    if text[dot] != ".":
        return False
    # Looked for one character further back than `longest`, to tell a longer word.
    first = _WORD_BEFORE.search(text, max(start, dot - longest - 1), dot).start()
    if dot - first > longest:
        return False
    word = text[first:dot].lower()
    # Initials ("Donald J. Trump") and listed abbreviations ("U.S. officials").
    return (len(word) == 1 and word.isalpha()) or word in abbreviations


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    if start < end and not text[start].isspace() and not text[end - 1].isspace():
        return span  # the usual case: nothing to trim
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


_CURLY = re.compile(r"“([^”\n]*)”")
# An opening mark not after a word character (looked behind from after the mark).
_STRAIGHT = re.compile(r'"(?<!\w")([^"\n]+)"')


def find_quotes(text: str) -> list[Span]:
    """Spans of quoted words (without the quote marks), curly or straight, within a paragraph."""
    spans = [Span(m.start(1), m.end(1)) for m in _CURLY.finditer(text)]
    spans += [Span(m.start(1), m.end(1)) for m in _STRAIGHT.finditer(text)]
    return sorted(s for s in spans if s.end > s.start and _is_speech(text[s.start : s.end]))


def _is_speech(words: str) -> bool:
    # One or two quoted words are usually a label or scare quotes ("immediately"), not speech.
    return len(words.split()) >= 3


def overlapping(windows: list[Span], spans: list[Span]) -> list[list[Span]]:
    """For each window (by start), the spans (sorted) that share a character with it."""
    found, active, k = [], [], 0
    for window in windows:
        while k < len(spans) and spans[k].start < window.end:
            active.append(spans[k])
            k += 1
        # A span that ends before this window cannot reach a later one either.
        active = [s for s in active if s.end > window.start]
        found.append(list(active))
    return found


def overlaps(a: Span, b: Span) -> bool:
    """Whether two spans share at least one character."""
    return a.start < b.end and b.start < a.end


def inside(offset: int, spans: list[Span]) -> bool:
    """Whether an offset falls in any of the spans (a quotation, say)."""
    return any(offset in s for s in spans)
