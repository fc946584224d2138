"""The document an article is analysed into: its text, quotes and phrase hits, and the records
(holders, cues, signals, clause and sentence traces) the coder's components fill in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from stances.codebook import Codebook, CompiledPatterns
from stances.mentions import Mention
from stances.segment import Span

ANAPHORA_REACH = 600  # characters within which "the deal" refers back to a topic's cue

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

    def as_row(self) -> dict:
        """The statement's columns of the statements table."""
        return {
            name: list(self.cues) if name == "cues" else getattr(self, name)
            for name in self.__slots__
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
    speaker: str | None = None
    verb: str | None = None
    content_start: int | None = None  # where the reported content begins
    holders: list[Holder] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    hedged: bool = False
    neutral: bool = False
    reference: str = "current"  # current | recap | background (schema REFERENCES)
    outcome: str = ""


@dataclass
class SentenceTrace:
    span: Span
    text: str
    mentions: list[Mention]
    quotes: list[Span]
    clauses: list[ClauseTrace]
    statements: list[Statement] = field(default_factory=list)


@dataclass(frozen=True)
class Matches:
    """Every cue, evaluation and filler phrase of an article, found in one scan each."""

    cues: list[tuple[Span, str, str, int]]  # span, topic id, text, polarity
    evaluations: list[tuple[Span, str, int]]  # span, text, sign
    fillers: list[Span]

    @classmethod
    def scan(cls, text: str, patterns: CompiledPatterns) -> Matches:
        cues = [
            (Span(m.start(), m.end()), topic.topic_id, m.group(), topic.polarity[m.lastgroup])
            for topic in patterns.topics
            for m in topic.pattern.finditer(text)
        ]
        if patterns.on("anaphora"):
            cues += _anaphora(text, patterns, cues)
        evaluations = [
            (Span(m.start(), m.end()), m.group(), sign)
            for pattern, sign in ((patterns.positive, 1), (patterns.negative, -1))
            if pattern is not None
            for m in pattern.finditer(text)
        ]
        fillers = (
            [Span(m.start(), m.end()) for m in patterns.fillers.finditer(text)]
            if patterns.fillers
            else []
        )
        return cls(sorted(cues, key=lambda c: c[0]), sorted(evaluations), fillers)


def _anaphora(text: str, patterns: CompiledPatterns, cues: list) -> list:
    """ "the deal" as a cue of the topic last cued before it (nearby or in the headline)."""
    headline_end = text.find("\n") % (len(text) + 1)
    found = []
    for topic in patterns.topics:
        if topic.anaphora is None:
            continue
        for m in topic.anaphora.finditer(text):
            # The headline's topic first, otherwise the topic cued last within reach.
            earlier = [
                (span.end <= headline_end, span.end, topic_id)
                for span, topic_id, _, _ in cues
                if span.end <= m.start()
                and (m.start() - span.end <= ANAPHORA_REACH or span.end <= headline_end)
            ]
            referent = max(earlier, default=(False, 0, None))[2]
            if referent == topic.topic_id:
                found.append((Span(m.start(), m.end()), topic.topic_id, m.group(), 0))
    return found


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
    matches: Matches
    quote_speakers: dict[Span, str] = field(default_factory=dict)
