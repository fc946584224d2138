"""A readable account of the coder's decisions on one article, sentence by sentence."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from stances.codebook import load_codebook
from stances.coder import CODERS, SentenceTrace, build_document
from stances.corpus import read_article
from stances.errors import CorpusError


def explain_file(
    path: str | Path,
    *,
    published: str | date | None = None,
    codebook: str | Path | None = None,
    show_all: bool = False,
    coder: str = "rules",
) -> str:
    """Explain how a coder of `stances.coder.CODERS` reads an article file (front matter may
    give its date)."""
    text, metadata = read_article(path)
    day = metadata.get("published") if published is None else published
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError as e:
            raise CorpusError(f"--published: expected YYYY-MM-DD, found {day!r}") from e
    book = load_codebook(codebook)
    traces = CODERS[coder](book).analyse(build_document(text, book, published=day))
    header = f"{path} (published {day or 'unknown'}): {_count(len(traces), 'sentence')}"
    blocks = [format_trace(i, t) for i, t in enumerate(traces, 1) if show_all or _interesting(t)]
    coded = sum(len(t.statements) for t in traces)
    return "\n\n".join([header, *blocks, f"{_count(coded, 'statement')} coded"])


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _interesting(trace: SentenceTrace) -> bool:
    return bool(trace.statements) or any(c.cues or c.holders for c in trace.clauses)


def format_trace(number: int, trace: SentenceTrace) -> str:
    """One sentence: its text and offsets, the people found, and each clause's decision."""
    lines = [f"[{number}] {trace.span.start}-{trace.span.end}"]
    lines += textwrap.wrap(trace.text, 96, initial_indent="    ", subsequent_indent="    ")
    people = [f"{m.text}->{'/'.join(m.actors) or 'outside codebook'}" for m in trace.mentions]
    if people:
        lines.append("  mentions: " + "; ".join(people))
    lo = trace.span.start
    quoted = [trace.text[max(0, q.start - lo) : q.end - lo] for q in trace.quotes]
    if quoted:
        lines.append("  quotes: " + "; ".join(f"“{q}”" for q in quoted))
    for clause in trace.clauses:
        parts = []
        if clause.speaker:
            parts.append(f"speaker {clause.speaker}" + (f" ({clause.verb})" if clause.verb else ""))
        if clause.holders:
            parts.append(
                "holders "
                + ", ".join(
                    h.actor_id
                    + f" [{h.attribution}"
                    + (f" via {h.via_actor_id}" if h.via_actor_id else "")
                    + "]"
                    for h in clause.holders
                )
            )
        if clause.cues:
            parts.append(
                "cues "
                + ", ".join(
                    f"{c.topic_id}:{'not ' if c.negated else ''}{c.text}" for c in clause.cues
                )
            )
        if clause.signals:
            parts.append(
                "signals "
                + ", ".join(f"{s.text} ({'+' if s.sign > 0 else '-'})" for s in clause.signals)
            )
        if clause.hedged:
            parts.append("hedged")
        lines.append(
            f"  clause {clause.span.start}-{clause.span.end}: "
            + "; ".join([*parts, clause.outcome])
        )
    for st in trace.statements:
        via = f" via {st.via_actor_id}" if st.via_actor_id else ""
        when = "" if st.reference == "current" else f", {st.reference}"
        lines.append(
            f"  => {st.actor_id} / {st.topic_id} / {st.stance} "
            f"(score {st.score:+.2f}, confidence {st.confidence:.2f}, "
            f"{st.attribution}{via}{when})"
        )
    if not trace.statements:
        lines.append("  => nothing coded")
    return "\n".join(lines)
