"""What the command line prints: counts in words, tables, JSON records, codebook entries.

Numbers in tables and CSV are rounded to `DECIMALS`; dates print as plain YYYY-MM-DD.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from datetime import date

    from stances.codebook import Actor, Codebook, Topic

DECIMALS = 2


def count(n: int, noun: str) -> str:
    """'1 article', '2 articles'; `noun` is the singular."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def days(values: pd.Series) -> pd.Series:
    """Dates as 'YYYY-MM-DD' strings (missing stays missing)."""
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d")


def describe_filters(**filters: object) -> str:
    """The filters given, as a reader sees them: 'since 2025-03-01; actor trump, putin'."""
    parts = []
    for name, value in filters.items():
        if value is None:
            continue
        text = ", ".join(value) if isinstance(value, list | tuple) else str(value)
        label = "confidence ≥" if name == "min_confidence" else name
        parts.append(f"{label} {text}")
    return "; ".join(parts)


def shift_table(found: pd.DataFrame) -> str:
    """The shifts of `stances.analysis.shifts` as an aligned text table with a count."""
    if found.empty:
        return "no stance changes between dated articles"
    table = pd.DataFrame(
        {
            "actor": found["actor_id"].astype(str),
            "topic": found["topic_id"].astype(str),
            "from": found["from_stance"].astype(str) + " (" + days(found["from_date"]) + ")",
            "to": found["to_stance"].astype(str) + " (" + days(found["to_date"]) + ")",
            "magnitude": found["magnitude"].map(f"{{:.{DECIMALS}f}}".format),
        }
    )
    return f"{count(len(found), 'stance change')}\n" + table.to_string(index=False)


def to_csv(frame: pd.DataFrame) -> str:
    """CSV with numbers rounded to `DECIMALS` and plain dates."""
    numbers = frame.select_dtypes("number").columns
    rounded = frame.assign(**{c: frame[c].astype("float64").round(DECIMALS) for c in numbers})
    return rounded.to_csv(index=False, date_format="%Y-%m-%d")


def to_json(frame: pd.DataFrame) -> str:
    """Records with plain ISO dates, null for missing values and unescaped slashes."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = days(out[column])
        elif pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].astype("float64").round(6)  # float32 noise off
    records = out.astype(object).where(out.notna(), None).to_dict("records")
    return json.dumps(records, indent=2, ensure_ascii=False)


def codebook_entries(
    book: Codebook, *, actors: bool = True, topics: bool = True, only: str | None = None
) -> str:
    """Actors and topics of `book` (or the one whose id is `only`), one block each."""
    blocks = []
    if actors:
        chosen = [book.actors[only]] if only else book.actors.values()
        blocks += [_actor(actor) for actor in chosen]
    if topics:
        chosen = [book.topics[only]] if only else book.topics.values()
        blocks += [_topic(topic) for topic in chosen]
    return "\n\n".join(blocks)


def _actor(actor: Actor) -> str:
    lines = [f"{actor.id}: {actor.name} (actor, {actor.country})"]
    if actor.wikidata:
        lines.append(f"  wikidata  {actor.wikidata}")
    lines.append(f"  aliases   {', '.join(actor.aliases)}")
    lines += [f"  role      {role.title}{_span(role.from_, role.to)}" for role in actor.roles]
    return "\n".join(lines)


def _span(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return ""
    if end is None:
        return f" (from {start})"
    return f" (to {end})" if start is None else f" ({start} to {end})"


def _topic(topic: Topic) -> str:
    lines = [
        f"{topic.id}: {topic.label} (topic)",
        f"  definition  {topic.description}",
        f"  support     {topic.support_means}",
    ]
    oppose = getattr(topic, "oppose_means", None)  # codebooks that state the other pole
    if oppose:
        lines.append(f"  oppose      {oppose}")
    return "\n".join(lines)
