"""What an evaluation reaches inside a clause: how far it governs a cue, where a negation
stops, which evaluations inside a noun phrase or an infinitive chain compose with the verb
that governs them, and which asides recall earlier times. `stances.stance` decides a
clause's signals with these."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from stances.mentions import WORD
from stances.segment import PAUSE, Span

if TYPE_CHECKING:
    from stances.codebook import CompiledPatterns
    from stances.document import Cue, Hits


def inside_objects(text, evaluations: list, cues: list, words) -> list:
    """Evaluations inside the object of an evaluating verb. "Cancelled the promised summit":
    the modifier judges nothing, the verb governs. "Ended the pause in military aid": the
    head noun judges the cue after its preposition and the verb judges the head noun, so
    the two compose into one evaluation at the head (end x pause: support)."""
    result = list(evaluations)
    for k, (span, word, sign) in enumerate(evaluations):
        governing = next(
            (
                j
                for j, (other, _, _) in enumerate(evaluations)
                if other.end <= span.start
                and words.noun_phrase_gap.fullmatch(text, other.end, span.start)
            ),
            None,
        )
        if governing is None:
            continue
        _, verb, verb_sign = evaluations[governing]
        head = any(
            c.span.start >= span.end
            and (gap := text[span.end : c.span.start].split())
            and gap[0].lower() in words.prepositions
            for c in cues
        )
        if head:
            result[governing] = None
            result[k] = (span, f"{verb} {word}", verb_sign * sign)
        else:
            result[k] = None
    return [e for e in result if e is not None]


def chained(text, evaluations: list, words, hits: Hits) -> list:
    """An evaluation that governs the next one through an infinitive composes with it:
    "abandon efforts to achieve peace" (abandon x achieve: oppose), "rejected calls to reach
    a ceasefire". The inner evaluation keeps its place, nearest to the cue, with the sign of
    the two together. Harm and benefit done by a thing ("damages efforts to achieve peace")
    are read as consequences, and a negator ("fails to agree") as a negation, instead."""
    result = list(evaluations)
    for k in range(1, len(result)):
        outer, inner = result[k - 1], result[k]
        if (
            outer is None
            or not words.evaluation_chain_gap.fullmatch(text, outer[0].end, inner[0].start)
            or any(
                hits.first(kind, outer[0].start, inner[0].start)
                for kind in ("harms", "benefits", "negators")
            )
        ):
            continue
        result[k - 1] = None
        result[k] = (inner[0], f"{outer[1]} {inner[1]}", outer[2] * inner[2])
    return [e for e in result if e is not None]


def recalled_asides(text, lo: int, hi: int, patterns, hits: Hits) -> list[tuple[int, int]]:
    """The ", who ...," asides of text[lo:hi] that tell of earlier times: a recap or time
    marker ("last month", "earlier") or the past perfect ("who had rejected ...")."""
    if not hits.may_match("relative_aside", lo, hi):
        return []
    return [
        (m.start(), m.end())
        for m in patterns.words.relative_aside.finditer(text, lo, hi)
        if patterns.words.past_perfect.search(text, m.start(), m.end())
        or any(
            hits.first(label, m.start(), m.end())
            for label in ("recap", "recent_past", "background")
        )
    ]


def compound_heads(text, evaluations: list, cues: list, patterns) -> list:
    """ "Putin rejected a ceasefire proposal", "the ceasefire proposal was unacceptable": a
    proposal noun right after a cue heads the cue's noun phrase; where a verb before the
    phrase or a predicate after it judges the phrase, the proposal names what is judged and
    judges nothing itself. Alone ("Putin's ceasefire proposal") it still counts."""
    words = patterns.words
    heads = {
        k: c.span
        for k, (span, word, _) in enumerate(evaluations)
        if words.proposal_noun.fullmatch(word)
        for c in cues
        if c.span.end < span.start and not text[c.span.end : span.start].strip()
    }

    def governs(other: Span, head: Span, cue: Span) -> bool:
        if other.end <= cue.start:  # "rejected a US ceasefire proposal"
            between = text[other.end : cue.start]
            return len(WORD.findall(between)) <= 3 and not words.clause_opener.search(between)
        # "the ceasefire proposal was unacceptable"
        return (
            other.start >= head.end
            and words_between(text, head, other) <= 3
            and words.copula_end.search(text, head.end, other.start) is not None
        )

    return [
        evaluation
        for k, evaluation in enumerate(evaluations)
        if k not in heads
        or not any(
            j not in heads and governs(other, evaluation[0], heads[k])
            for j, (other, _, _) in enumerate(evaluations)
        )
    ]


def reach(text, evaluation: Span, cue: Span, patterns) -> int:
    """How many words may lie between an evaluation and a cue it governs. A predicate after a
    linking verb judges its whole subject: "expelling Russia from the G8 in 2014 had been a
    mistake"."""
    params = patterns.params
    if evaluation.end <= cue.start:
        return params.evaluation_reach
    if (
        patterns.on("subject_predicate")
        and patterns.words.copula_end.search(text, cue.end, evaluation.start)
        # "the meeting would show whether a deal was possible": another subject in between
        and not patterns.words.clause_opener.search(text, cue.end, evaluation.start)
    ):
        return params.subject_reach
    return params.predicate_reach


def conjuncts(text, cues: list[Cue], nearest: int, reachable: list[int], patterns) -> list[int]:
    """The cue `nearest` and the reachable cues listed with it ("X and Y", "X, Y or Z")."""
    found = {nearest}
    for step in (-1, 1):
        i = nearest
        while (j := i + step) in reachable and j not in found:
            a, b = sorted((cues[i].span, cues[j].span))
            if not patterns.words.conjoined_cues.fullmatch(text, a.end, b.start):
                break
            found.add(j)
            i = j
    return sorted(found)


def negation_taken(cue: Cue, evaluations, lo: int, hits: Hits) -> bool:
    """Whether an evaluation between the last negator and the cue takes the negation: "won't
    be needed in peace efforts" negates the need, not the efforts."""
    negators = hits.within("negators", lo, cue.span.start)
    return bool(negators) and any(
        negators[-1].end <= span.start < cue.span.start for span, _, _ in evaluations
    )


def negated(text, offset, clause_start, patterns: CompiledPatterns, hits: Hits) -> bool:
    """Whether an odd number of negators stand in the few words before `offset`."""
    if not patterns.on("negation") or not hits.first("negators", clause_start, offset):
        return False  # the window below never starts before the clause
    words = list(WORD.finditer(text, max(clause_start, offset - 80), offset))
    reach = patterns.params.negation_reach
    window_start = words[-reach].start() if len(words) >= reach else clause_start
    window_start = max(window_start, clause_start)
    # "did not rule out" holds two negators, which cancel out; "not doing enough" and "too
    # little" want more.
    # "did not answer how often he had spoken with Putin": the negation ends at "how".
    scoped = patterns.on("negation_scope")
    negators = hits.within("negators", window_start, offset)
    count = sum(
        1
        for k, m in enumerate(negators)
        if not PAUSE.search(text, m.end, offset)
        and not patterns.words.enough.search(text[m.end : offset + 40])
        and not patterns.words.excess_before.search(text, max(0, m.start - 8), m.start)
        # a barrier between, or one the evaluation opens ("in hopes of a deal")
        and not (scoped and hits.reach("negation_barriers", m.end, offset + 1))
        # "stepped back from urging a ceasefire and avoided imposing sanctions": a negator
        # after "and" opens a verb phrase of its own, out of the earlier negator's reach;
        # so does "nor" ("will not regain Crimea nor join NATO").
        and not (
            scoped
            and any(
                patterns.words.coordinator.search(text, m.end, n.end) for n in negators[k + 1 :]
            )
        )
    )
    return count % 2 == 1


def negator_right_before(text, start: int, lo: int, patterns, hits: Hits) -> bool:
    """Whether a negator ends right before `start` (after `lo`), "to" or "be" between."""
    negator = next(reversed(hits.within("negators", lo, start)), None)
    return (
        negator is not None
        and patterns.words.negated_verb_gap.fullmatch(text, negator.end, start) is not None
    )


def between(inner: Span, a: Span, b: Span) -> bool:
    """Whether `inner` lies strictly between spans `a` and `b` (in either order)."""
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    return lo <= inner.start and inner.end <= hi


# An aside set off on both sides: by dashes ("— lost in 2014 —"), or by commas around a
# relative clause (", which Kyiv wants,"; not a list: ", long sought by Ukraine, the US")
_ASIDE = re.compile(
    r"\s*(?:(—|–|--|\s-)\s*[^;:—–()\"“”]{1,120}?\s*\1"
    r"|,\s*(?:which|who|whom|whose)\s[^,;:—–()\"“”]{1,120}?,)\s*"
)


def closed_aside(text, start: int, hi: int) -> tuple[int, int] | None:
    """The aside right at `start` that closes before `hi` ("— before Russia annexed Crimea
    —"), as (start, end); None if there is none."""
    found = _ASIDE.match(text, start, hi)
    return (found.start(), found.end()) if found else None


def words_between(text, a: Span, b: Span) -> int:
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    return len(WORD.findall(text, lo, hi)) if hi > lo else 0


def distance(a: Span, b: Span) -> int:
    return max(0, b.start - a.end, a.start - b.end)
