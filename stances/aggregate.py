"""Aggregates over time and sources: stance series, topic salience, breakdowns by source.

Statements in, a new tidy DataFrame out, like `stances.analysis`, with the same filter
names (`actor=`, `topic=`, `since=`, `until=`, `min_confidence=`, `attribution=`).
Periods are calendar weeks (starting on Monday) or calendar months, each named by its
first day in a `period` column of datetime64[s].
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from stances.analysis import (
    INCLUDE_REPORTED,
    MIN_CONFIDENCE,
    REFERENCE,
    DateLike,
    Ids,
    article_stances,
    combine_stances,
    filter_statements,
    trajectories,
)
from stances.errors import StancesError
from stances.schema import STANCES

Period = Literal["week", "month"]
UNKNOWN_SOURCE = "(unknown)"
# pandas period codes: weeks ending on Sunday start on Monday.
_FREQUENCIES = {"week": "W-SUN", "month": "M"}
_STANCE_COUNTS = [f"n_{stance}" for stance in STANCES]
_PAIR = ["actor_id", "topic_id"]


def stance_series(
    statements: pd.DataFrame,
    *,
    period: Period = "month",
    actor: Ids = None,
    topic: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    min_confidence: float = MIN_CONFIDENCE,
    include_reported: bool = INCLUDE_REPORTED,
    attribution: Ids = None,
    reference: Ids = REFERENCE,
) -> pd.DataFrame:
    """One row per (actor_id, topic_id, period) with dated articles: the stance in that period.

    Built from `trajectories`, with its trust filters and defaults (the actor's own
    current statements with confidence >= 0.7). `stance` combines the period's
    article-level stances by the same rule that combines statements into an article's
    stance; `mean_score` is the mean of the article scores; `n_articles` counts them and
    `n_support` … `n_mixed` count them by stance. Sorted by actor_id, topic_id, period.

    >>> import stances
    >>> monthly = stances.stance_series(stances.read_dataset("data").statements)
    >>> monthly.columns[:5].tolist()
    ['actor_id', 'actor_name', 'topic_id', 'period', 'stance']
    """
    path = trajectories(
        statements,
        actor=actor,
        topic=topic,
        since=since,
        until=until,
        min_confidence=min_confidence,
        include_reported=include_reported,
        attribution=attribution,
        reference=reference,
    )
    path = path.assign(period=_period_start(path["published"], period))
    groups = [*_PAIR, "period"]
    summary = path.groupby(groups, as_index=False).agg(
        actor_name=("actor_name", "first"),
        stance=("stance", combine_stances),
        mean_score=("score", "mean"),
    )
    result = summary.merge(_stance_counts(path, groups), on=groups, validate="one_to_one")
    columns = ["actor_id", "actor_name", "topic_id", "period", "stance", "mean_score"]
    result = result[[*columns, "n_articles", *_STANCE_COUNTS]]
    return result.sort_values(groups, kind="stable").reset_index(drop=True)


def topic_salience(
    statements: pd.DataFrame,
    *,
    by: Literal["week", "month", "source"] = "month",
    actor: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    min_confidence: float | None = None,
    attribution: Ids = None,
) -> pd.DataFrame:
    """Each topic's share of the statements per period or per source.

    Salience as the Manifesto Project reports it for a programme: the statements coded
    to a topic, as a share of all statements coded in the same group (a week, a month,
    or a source). One row per (group, topic_id) for every topic the filtered statements
    mention, with `n_statements` (0 where a group has none) and `share` (the shares of
    a group sum to 1). Grouped by period, undated statements are left out; grouped by
    source, a missing source is "(unknown)". Every statement counts, whatever its
    attribution or time reference, unless the filters say otherwise.

    >>> import stances
    >>> salience = stances.topic_salience(stances.read_dataset("data").statements, by="source")
    >>> salience.columns.tolist()
    ['source', 'topic_id', 'n_statements', 'share']
    """
    if by not in (*_FREQUENCIES, "source"):
        raise StancesError(f"expected 'week', 'month' or 'source', got {by!r}", where="by")
    kept = filter_statements(
        statements,
        actor=actor,
        since=since,
        until=until,
        min_confidence=min_confidence,
        attribution=attribution,
    )
    frame = pd.DataFrame({"topic_id": kept["topic_id"].astype("str")})
    if by == "source":
        group = "source"
        frame[group] = _sources(kept["source"])
    else:
        group = "period"
        frame[group] = _period_start(kept["published"], by)
        frame = frame[frame[group].notna()]
    counts = frame.value_counts([group, "topic_id"]).rename("n_statements")
    grid = pd.MultiIndex.from_product(
        [sorted(frame[group].unique()), sorted(frame["topic_id"].unique())],
        names=[group, "topic_id"],
    )
    result = counts.reindex(grid, fill_value=0).reset_index()
    totals = result.groupby(group)["n_statements"].transform("sum")
    return result.assign(share=result["n_statements"] / totals)


def source_breakdown(
    statements: pd.DataFrame,
    *,
    actor: Ids = None,
    topic: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    min_confidence: float | None = None,
    attribution: Ids = None,
) -> pd.DataFrame:
    """One row per (source, actor_id, topic_id): how each source reports an actor's stance.

    Counts articles by their article-level stance (`n_support` … `n_mixed`, summing to
    `n_articles`) and gives the mean article score and the number of statements.
    Undated articles count; a missing source is "(unknown)". Sorted by source,
    actor_id, topic_id.

    >>> import stances
    >>> table = stances.source_breakdown(stances.read_dataset("data").statements)
    >>> table.columns[:4].tolist()
    ['source', 'actor_id', 'actor_name', 'topic_id']
    """
    rows = article_stances(
        statements,
        actor=actor,
        topic=topic,
        since=since,
        until=until,
        min_confidence=min_confidence,
        attribution=attribution,
    )
    rows = rows.assign(source=_sources(rows["source"]))
    groups = ["source", *_PAIR]
    summary = rows.groupby(groups, as_index=False).agg(
        actor_name=("actor_name", "first"),
        mean_score=("score", "mean"),
        n_statements=("n_statements", "sum"),
    )
    result = summary.merge(_stance_counts(rows, groups), on=groups, validate="one_to_one")
    columns = ["source", "actor_id", "actor_name", "topic_id", "mean_score", "n_statements"]
    result = result[[*columns, "n_articles", *_STANCE_COUNTS]]
    return result.sort_values(groups, kind="stable").reset_index(drop=True)


def _period_start(published: pd.Series, period: str) -> pd.Series:
    if period not in _FREQUENCIES:
        raise StancesError(f"expected 'week' or 'month', got {period!r}", where="period")
    days = pd.to_datetime(published)
    return days.dt.to_period(_FREQUENCIES[period]).dt.start_time.astype("datetime64[s]")


def _sources(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.mask(text.isna() | (text == ""), UNKNOWN_SOURCE).astype("str")


def _stance_counts(rows: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    counts = pd.crosstab([rows[g] for g in groups], rows["stance"])
    counts = counts.reindex(columns=list(STANCES), fill_value=0)
    counts.columns = _STANCE_COUNTS
    counts = counts.astype("int64")
    counts.insert(0, "n_articles", counts.sum(axis=1))
    return counts.reset_index()
