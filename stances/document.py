"""The document an article is analysed into: its text, quotes and phrase hits, and the records
(holders, cues, signals, clause and sentence traces) the coder's components fill in.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

from stances.codebook import Codebook, CompiledPatterns
from stances.matcher import Hit, is_word
from stances.mentions import Mention
from stances.segment import Span

Stance = Literal["support", "oppose", "neutral", "mixed"]
Attribution = Literal["direct_quote", "paraphrase", "reported", "action"]
Reference = Literal["current", "recap", "background"]


@dataclass(frozen=True, slots=True)
class Statement:
    """One coded statement of an article: the coder's part of a statements row (schema 1.x)."""

    actor_id: str
    topic_id: str
    stance: Stance
    score: float
    confidence: float
    attribution: Attribution
    via_actor_id: str | None
    reference: Reference
    evidence_start: int
    evidence_end: int
    evidence: str
    quote: str | None
    cues: tuple[str, ...]
    # Who made it, where a coder combines others ("pairs/1" in rules+pairs); None: the coder.
    coder: str | None = None

    def as_row(self) -> dict:
        """The statement's columns of the statements table (the coder's is set by the row)."""
        return {
            name: list(self.cues) if name == "cues" else getattr(self, name)
            for name in self.__slots__
            if name != "coder"
        }


@dataclass(frozen=True)
class Holder:
    actor_id: str
    attribution: str
    via_actor_id: str | None = None
    resolved_by: str = "name"


@dataclass(frozen=True)
class Cue:
    topic_id: str
    text: str
    span: Span
    polarity: int
    negated: bool


@dataclass(frozen=True)
class Signal:
    """An evaluation or polar cue and the sign it gives its topic."""

    topic_id: str
    text: str
    sign: int


@dataclass
class ClauseTrace:
    """What the coder decided for one clause: holders, cues, signals and the outcome."""

    span: Span
    kind: str = "main"  # main | side | hypothetical (see attribution.split_clauses)
    speaker: str | None = None  # actor ids joined by ",", or "(words)" for an outsider
    verb: str | None = None
    content_start: int | None = None  # where the reported content begins
    holders: list[Holder] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    hedged: bool = False
    neutral: bool = False
    reference: str = "current"  # current | recap | background (schema REFERENCES)
    outcome: str = ""

    @property
    def speaker_ids(self) -> tuple[str, ...]:
        """The speaker's actor ids; none for no speaker or one outside the codebook."""
        if not self.speaker or self.speaker.startswith("("):
            return ()
        return tuple(self.speaker.split(","))


@dataclass
class SentenceTrace:
    span: Span
    text: str
    mentions: list[Mention]
    quotes: list[Span]
    clauses: list[ClauseTrace]
    statements: list[Statement] = field(default_factory=list)


class Hits:
    """Every phrase hit of an article's text, by list, from one scan; looked up by character
    range."""

    def __init__(self, found: dict[str, list[Hit]], text: str) -> None:
        # Side words of every side in one list: a clause asks which sides it names at once.
        found["sides"] = sorted(
            (h for label, hits in found.items() if label.startswith("side:") for h in hits),
            key=lambda h: h.start,
        )
        self._found = found
        self._text = text
        # Starts and ends of a list's hits, made when first looked up: most lists of an
        # article are never looked up by range.
        self._starts: dict[str, list[int]] = {}
        self._ends: dict[str, list[int]] = {}

    def scanned(self, label: str) -> bool:
        """Whether the scan looked for the list (a cue step of a coder's own may not)."""
        return label in self._found

    def all(self, label: str) -> list[Hit]:
        return self._found.get(label, [])

    def within(self, label: str, lo: int, hi: int) -> list[Hit]:
        """Hits of a list that lie inside [lo, hi)."""
        hits = self._found.get(label)
        if not hits:
            return []
        starts = self._starts_of(label, hits)
        first = bisect_left(starts, lo)
        # (the hits that start before `hi`, found by bisection rather than one by one)
        return [hit for hit in hits[first : bisect_left(starts, hi, first)] if hit.end <= hi]

    def _starts_of(self, label: str, hits: list[Hit]) -> list[int]:
        starts = self._starts.get(label)
        if starts is None:
            starts = self._starts[label] = [h.start for h in hits]
        return starts

    def reach(self, label: str, lo: int, hi: int) -> bool:
        """Whether a hit of one list shares a character with [lo, hi). (The hits of one
        list do not overlap, so their ends are in order; "sides" joins several lists.)"""
        hits = self._found.get(label)
        if not hits:
            return False
        ends = self._ends.get(label)
        if ends is None:
            ends = self._ends[label] = [h.end for h in hits]
        k = bisect_right(ends, lo)
        return k < len(hits) and hits[k].start < hi

    def may_match(self, pattern: str, lo: int, hi: int) -> bool:
        """Whether a pattern of `stances.wordsets.GATES` may match inside [lo, hi): the scan
        found a word there that every match of it contains, or did not look for those words
        (a cue step of a coder's own)."""
        label, text = f"gate:{pattern}", self._text
        return (
            label not in self._found
            or self.reach(label, lo, hi)
            # a word cut at `hi` ends there for a pattern tried on [lo, hi), not for the scan
            or (0 < hi < len(text) and is_word(text[hi - 1]) and is_word(text[hi]))
        )

    def any_of(self, prefix: str, lo: int, hi: int) -> bool:
        """Whether a hit of a list whose label starts with `prefix` lies inside [lo, hi)."""
        return any(self.first(label, lo, hi) for label in self._found if label.startswith(prefix))

    def first(self, label: str, lo: int, hi: int) -> Hit | None:
        """The first hit of a list inside [lo, hi), if any."""
        hits = self._found.get(label)
        if not hits:
            return None
        for k in range(bisect_left(self._starts_of(label, hits), lo), len(hits)):
            hit = hits[k]
            if hit.start >= hi:
                return None
            if hit.end <= hi:
                return hit
        return None


@dataclass(frozen=True)
class Matches:
    """An article's topic cues (anaphora resolved) and evaluations."""

    cues: list[tuple[Span, str, str, int]]  # span, topic id, text, polarity
    evaluations: list[tuple[Span, str, int]]  # span, text, sign

    @classmethod
    def from_hits(
        cls, text: str, hits: Hits, topics: list[str], patterns: CompiledPatterns
    ) -> Matches:
        cues = []
        for topic in topics:
            # (most topics' phrases about other matters are not in an article at all)
            others = hits.all(f"other:{topic}")
            cues += [
                (Span(h.start, h.end), topic, text[h.start : h.end], h.payload)
                for h in hits.all(f"topic:{topic}")
                # "trade talks": a cue inside a phrase about other matters is none
                if not (others and _inside_other(hits, topic, h))
            ]
        if patterns.on("anaphora"):
            cues += _anaphora(text, hits, topics, cues, patterns.params.anaphora_reach)
        evaluations = [
            (Span(h.start, h.end), text[h.start : h.end], sign)
            for label, sign in (("positive", 1), ("negative", -1))
            for h in hits.all(label)
            if not _judges_nothing(hits, h)
        ]
        return cls(sorted(cues, key=lambda c: c[0]), sorted(evaluations))

    @cached_property
    def _cue_starts(self) -> list[int]:
        return [span.start for span, *_ in self.cues]

    @cached_property
    def _evaluation_starts(self) -> list[int]:
        return [span.start for span, *_ in self.evaluations]

    def cues_within(self, lo: int, hi: int) -> list[tuple[Span, str, str, int]]:
        """The cues that lie inside [lo, hi), in order."""
        return _within(self.cues, self._cue_starts, lo, hi)

    def evaluations_within(self, lo: int, hi: int) -> list[tuple[Span, str, int]]:
        """The evaluations that lie inside [lo, hi), in order."""
        return _within(self.evaluations, self._evaluation_starts, lo, hi)

    def first_cue_start(self, lo: int, hi: int) -> int:
        """Where the first cue that starts in [lo, hi) starts; `hi` if none does."""
        k = bisect_left(self._cue_starts, lo)
        return self._cue_starts[k] if k < len(self.cues) and self._cue_starts[k] < hi else hi


def _inside_other(hits: Hits, topic: str, cue) -> bool:
    """Whether a phrase about other matters ("trade talks") covers the cue."""
    return any(
        o.start <= cue.start and cue.end <= o.end
        for o in hits.within(f"other:{topic}", max(0, cue.start - 40), cue.end + 40)
    )


def _judges_nothing(hits: Hits, evaluation) -> bool:
    """Whether an evaluation's words lie inside a phrase that judges nothing ("lost back in
    2014"); a longer evaluation over it ("pushed back to") stands."""
    return any(
        o.start <= evaluation.start and evaluation.end <= o.end
        for o in hits.within("not_evaluations", max(0, evaluation.start - 20), evaluation.end + 20)
    )


def _within(items: list, starts: list[int], lo: int, hi: int) -> list:
    """The items (sorted by span) whose span lies inside [lo, hi)."""
    first = bisect_left(starts, lo)
    return [item for item in items[first : bisect_left(starts, hi, first)] if item[0].end <= hi]


def _anaphora(text: str, hits: Hits, topics: list[str], cues: list, reach: int) -> list:
    """ "the deal" as a cue of the topic last cued before it (nearby or in the headline)."""
    headline_end = text.find("\n") % (len(text) + 1)
    # Cues by end (ties: by topic id), so the last one ending before a point is found at once.
    ending = sorted((span.end, topic_id) for span, topic_id, _, _ in cues)
    ends = [end for end, _ in ending]
    found = []
    for topic in topics:
        for h in hits.all(f"anaphora:{topic}"):
            # The headline's topic first, otherwise the topic cued last within reach.
            in_headline = bisect_right(ends, min(h.start, headline_end))
            before = bisect_right(ends, h.start)
            if in_headline:
                referent = ending[in_headline - 1][1]
            elif before and h.start - ends[before - 1] <= reach:
                referent = ending[before - 1][1]
            else:
                referent = None
            if referent == topic:
                found.append((Span(h.start, h.end), topic, text[h.start : h.end], 0))
    return found


class QuoteSpeakers(dict):
    """The speaker (actor id) of each quotation, learned as the coder reads the article. It
    remembers the quotations whose speaker was asked for (by `in`, `get` or `[]`) before it
    was known: a sentence that asked is read again once the speaker is known."""

    def __init__(self) -> None:
        super().__init__()
        self._asked: set[Span] = set()

    def knows(self, quote: Span) -> bool:
        """Whether the speaker of the quotation is known (without asking for it)."""
        return super().__contains__(quote)

    def __contains__(self, quote) -> bool:
        if not self.knows(quote):
            self._asked.add(quote)
            return False
        return True

    def get(self, quote, default=None):
        return super().get(quote, default) if quote in self else default

    def __getitem__(self, quote):
        if quote not in self:
            raise KeyError(quote)
        return super().__getitem__(quote)

    def take_asked(self) -> set[Span]:
        """The quotations asked for while their speaker was unknown, since the last call."""
        asked, self._asked = self._asked, set()
        return asked


@dataclass
class Document:
    """One article analysed once: text, sentences, quotes, phrase hits; what coders read."""

    text: str
    codebook: Codebook
    patterns: CompiledPatterns
    published: date | None
    sentences: list[Span]
    quotes: list[Span]
    framing: set[str]  # sides the headline refers to
    hits: Hits
    matches: Matches
    quote_speakers: QuoteSpeakers = field(default_factory=QuoteSpeakers)
