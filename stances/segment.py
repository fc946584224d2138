"""Split normalised article text into sentences and quotations, keeping character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range [start, end) of the article text."""

    start: int
    end: int

    def __contains__(self, offset: int) -> bool:
        return self.start <= offset < self.end


def split_sentences(text: str, *, abbreviations: frozenset[str]) -> list[Span]:
    """Sentence spans, never crossing a line break (headlines and paragraphs stand alone)."""
    spans: list[Span] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for end_mark in _END.finditer(text, line.start(), line.end()):
            if _is_abbreviation(text, start, end_mark.start(), abbreviations):
                continue
            spans.append(Span(start, end_mark.end()))
            start = end_mark.end()
            while start < line.end() and text[start].isspace():
                start += 1
        spans.append(Span(start, line.end()))
    return [_trim(text, s) for s in spans if text[s.start : s.end].strip()]


def _is_abbreviation(text: str, start: int, dot: int, abbreviations: frozenset[str]) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"[\w.]*$", text[start:dot]).group().lower()
    # Initials ("Donald J. Trump") and listed abbreviations ("U.S. officials").
    return (len(word) == 1 and word.isalpha()) or word in abbreviations


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


_CURLY = re.compile(r"“([^”\n]*)”")
_STRAIGHT = re.compile(r'(?<![\w])"([^"\n]+)"')


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
