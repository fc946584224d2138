"""The time reference of a clause: this article's news (`current`), a recap of the same
actor's earlier statement (`recap`), or history (`background`)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from stances.codebook import CompiledPatterns
from stances.document import ClauseTrace, Hits, SentenceTrace
from stances.scope import words_between
from stances.segment import Span

# The lookahead lets the search skip to digits instead of trying `\b` everywhere.
YEAR = re.compile(r"(?=[12])\b(19[5-9]\d|20\d\d)\b")


def time_reference(
    text, ct: ClauseTrace, kind: str, earlier_years: list[Span], patterns, hits: Hits
) -> str:
    """Whether a clause reports this article's news, recalls an earlier statement, or history."""
    lo, hi = ct.span.start, ct.span.end
    # "Obama visited Moscow in 2009 for talks": an earlier year near a cue dates the clause.
    # A year inside a cue is the topic's own ("pre-2014 borders"), not the clause's date.
    historical = any(
        words_between(text, year, cue.span) <= patterns.params.year_reach
        for year in earlier_years
        if not any(c.span.start <= year.start and year.end <= c.span.end for c in ct.cues)
        for cue in ct.cues
    )
    if (historical and ct.verb is None) or (
        patterns.on("background") and hits.first("background", lo, hi)
    ):
        return "background"
    # "Zelensky and Trump last met on Aug. 18, two days after Trump and Putin met": a time
    # told from an earlier date before it is earlier still
    if (
        patterns.on("relative_time")
        and kind == "side"
        and any(year.end <= lo for year in earlier_years)
        and patterns.words.relative_side_clause.match(text, lo, hi)
    ):
        return "background"
    # "Trump said that in a call a day earlier he had told Putin ...": what a current report
    # tells of the recent past is told now (the past perfect is the report's tense)
    told_now = patterns.on("backshift") and ct.verb is not None and ct.content_start is not None
    marked_until = ct.content_start if told_now else hi
    # "Zelensky, who had been welcomed in London a day earlier, attended": the aside's time
    asides = (
        [(m.start(), m.end()) for m in patterns.words.relative_aside.finditer(text, lo, hi)]
        if patterns.on("aside_time") and hits.may_match("relative_aside", lo, hi)
        else []
    )
    markers = [
        h
        for label in ("recap", "recent_past")
        for h in hits.within(label, lo, marked_until)
        if not any(a <= h.start < b for a, b in asides)
    ]
    if patterns.on("recap") and (
        (
            kind == "side"
            and ct.verb is not None
            and patterns.words.earlier_side_clause.match(text, lo, hi)
        )
        or markers
    ):
        return "recap"
    return "current"


def earlier_years(
    text: str, sentence: Span, published: date | None, patterns: CompiledPatterns, hits: Hits
) -> list[Span]:
    """Years before the article's in the sentence ("in 2009"), and dates without a year
    before the days around it ("on Aug. 15" in an article of October), not those that open
    a span of time up to now ("the first meeting since 2021" is news)."""
    if published is None:
        return []
    years = [
        Span(m.start(), m.end())
        for m in YEAR.finditer(text, sentence.start, sentence.end)
        if int(m.group()) < published.year
    ]
    if patterns.on("dated_background") and hits.may_match("dated", sentence.start, sentence.end):
        years += _earlier_dates(text, sentence, published, patterns)
    opener = patterns.words.interval_opener
    return [y for y in years if not opener.search(text, max(0, y.start - 12), y.start)]


def _earlier_dates(
    text: str, sentence: Span, published: date, patterns: CompiledPatterns
) -> list[Span]:
    """Dates that end more than `news_days` before publication. Without its year, a date is
    in the year that puts it nearest before the article (up to a week after it: a date to
    come); a month alone stands for its last day."""
    words, days = patterns.words, patterns.params.news_days
    found = []
    for m in words.dated.finditer(text, sentence.start, sentence.end):
        name, day, given = (m.group(1) or m.group(2)).lower(), m.group(3), m.group(4)
        if name == "may" and day is None and given is None:  # the verb, or a name
            continue
        month = words.month_numbers[name]
        year = int(given) if given else published.year
        if not given and date(year, month, 1) > published + timedelta(days=7):
            year -= 1
        end = (
            date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
            if day is None
            else _date_or_none(year, month, int(day))
        )
        if end is not None and (published - end).days > days:
            found.append(Span(m.start(), m.end()))
    return found


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # "June 31"
        return None


def recaps_without_news(traces: list[SentenceTrace], hits: Hits) -> None:
    """A statement of the recent past ("last week") recaps the same actor's news on the
    topic: where the article gives the actor no current statement on it, it is context of
    the days around the article, and current."""
    recapping = [t for t in traces if any(s.reference == "recap" for s in t.statements)]
    if not recapping:
        return
    news = {
        (s.actor_id, s.topic_id)
        for trace in traces
        for s in trace.statements
        if s.reference == "current"
    }
    for trace in recapping:
        trace.statements = [
            replace(s, reference="current")
            if s.reference == "recap"
            and (s.actor_id, s.topic_id) not in news
            and hits.first("recent_past", s.evidence_start, s.evidence_end)
            and not hits.first("recap", s.evidence_start, s.evidence_end)
            else s
            for s in trace.statements
        ]
