"""Analysis: statements in, tidy tables out (article-level stances, trajectories, shifts, ...).

Every function takes the statements table of dataset schema v1 (as `read_dataset` gives
it) and returns a new DataFrame; the input is never changed. Text columns come back as
plain strings (not `category`), `published` as datetime64[s] with NaT when unknown.

Filters, where a function takes them: `actor=` / `topic=` take one id or a sequence of ids;
`since=` / `until=` take 'YYYY-MM-DD', a date, a datetime or a pd.Timestamp, compare by
day and include both ends. An undated article cannot be shown to fall inside a window,
so a `since` or `until` leaves undated articles out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import pandas as pd

from stances.errors import StancesError
from stances.schema import CURRENT, REFERENCES

Ids = str | Sequence[str] | None
DateLike = str | date | pd.Timestamp | None

# Defaults of the trust filters of `trajectories` and `shifts` (see `trusted`).
MIN_CONFIDENCE = 0.72
INCLUDE_REPORTED = False
REFERENCE: Ids = CURRENT

_CATEGORICAL = ["actor_id", "actor_name", "topic_id", "stance", "attribution", "reference"]
_USED = [
    "statement_id", "article_id", "doc_id", "published", "title", "source", "url",
    "actor_id", "actor_name", "topic_id", "stance", "score", "confidence",
    "attribution", "evidence", "evidence_start", "quote", "reference",
]  # fmt: skip
_KEY = ["article_id", "actor_id", "topic_id"]
_PAIR = ["actor_id", "topic_id"]
_ARTICLE_STANCE_COLUMNS = [
    "article_id", "doc_id", "published", "title", "source", "url", "actor_id",
    "actor_name", "topic_id", "stance", "score", "confidence", "n_statements",
    "attribution", "evidence", "quote",
]  # fmt: skip
_SHIFT_ENDS = {
    "stance": "stance", "date": "published", "article_id": "article_id", "doc_id": "doc_id",
    "title": "title", "evidence": "evidence", "url": "url",
}  # fmt: skip


def article_stances(statements: pd.DataFrame, *, reference: Ids = None) -> pd.DataFrame:
    """One row per (article_id, actor_id, topic_id): the actor's stance on the topic there.

    `reference` keeps only rows of that reference (or references); None keeps all.

    The stance follows DESIGN.md: if all statements agree, that stance; if both support
    and oppose occur, mixed; otherwise the majority among the non-neutral statements
    (neutral statements only count when all statements are neutral). A tie between
    mixed and support (or oppose) gives mixed, since a mixed statement already holds
    both poles. `score` and `confidence` are the means over the statements;
    `evidence`, `attribution` and `quote` come from the statement with the largest
    |score| * confidence (ties: the earlier one in the text). Sorted by published (NaT
    first), doc_id, actor_id, topic_id.
    """
    frame = _prepare(statements)
    if reference is not None:
        frame = frame[frame["reference"].isin(_references(reference))]
    return _article_stances(frame)


def trusted(
    statements: pd.DataFrame,
    *,
    min_confidence: float = MIN_CONFIDENCE,
    include_reported: bool = INCLUDE_REPORTED,
    reference: Ids = REFERENCE,
) -> pd.DataFrame:
    """The statements a stance change can rest on: by default the actor's own current ones.

    Keeps rows with confidence >= `min_confidence` (default 0.72: the best shift F1 and
    precision against the gold of the demo briefs, the same from 0.71 to 0.73),
    attribution other than `reported` unless `include_reported`, and `reference` in the
    given reference(s) (default 'current'; None keeps all).
    """
    if not 0 <= min_confidence <= 1:
        raise StancesError(f"must lie in [0, 1], got {min_confidence!r}", where="min_confidence")
    # Rounded: confidences are float32 on disk, where 0.7 reads back as 0.69999999.
    keep = statements["confidence"].astype("float64").round(6) >= min_confidence
    if not include_reported:
        keep &= statements["attribution"].astype("str") != "reported"
    if reference is not None:
        # Rows without the column are current (schema 1.0).
        refs = statements.get("reference", pd.Series(CURRENT, index=statements.index))
        keep &= refs.astype("str").isin(_references(reference))
    return statements[keep]


def trajectories(
    statements: pd.DataFrame,
    *,
    actor: Ids = None,
    topic: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    min_confidence: float = MIN_CONFIDENCE,
    include_reported: bool = INCLUDE_REPORTED,
    reference: Ids = REFERENCE,
) -> pd.DataFrame:
    """Article-level stances of dated articles, in date order per (actor_id, topic_id).

    Only the statements `trusted` keeps count (by default the actor's own current
    statements with confidence >= 0.72). Undated articles are left out: they cannot be
    placed in time. Articles with the same date are ordered by doc_id. Columns as in
    `article_stances`.
    """
    kept = trusted(
        _prepare(statements),
        min_confidence=min_confidence,
        include_reported=include_reported,
        reference=reference,
    )
    frame = _select(kept, actor=actor, topic=topic, since=since, until=until)
    rows = _article_stances(frame[frame["published"].notna()])
    order = [*_PAIR, "published", "doc_id", "article_id"]
    return rows.sort_values(order, kind="stable").reset_index(drop=True)


def shifts(
    statements: pd.DataFrame,
    *,
    actor: Ids = None,
    topic: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    min_confidence: float = MIN_CONFIDENCE,
    include_reported: bool = INCLUDE_REPORTED,
    reference: Ids = REFERENCE,
) -> pd.DataFrame:
    """Every change of article-level stance between consecutive dated articles of a pair.

    Consecutive means next in the order of `trajectories` for the same (actor_id,
    topic_id), with the same filters: by default only the actor's own current statements
    with confidence >= 0.72 count (see `trusted`). Undated articles are skipped.
    `magnitude` is the absolute difference of the two articles' mean scores, so it lies
    in [0, 2]. Sorted by actor_id, topic_id, to_date.
    """
    path = trajectories(
        statements,
        actor=actor,
        topic=topic,
        since=since,
        until=until,
        min_confidence=min_confidence,
        include_reported=include_reported,
        reference=reference,
    )
    before = path.groupby(_PAIR, sort=False).shift(1)
    changed = before["stance"].notna() & (path["stance"] != before["stance"])
    start, end = before[changed], path[changed]
    columns = {name: end[name] for name in ("actor_id", "actor_name", "topic_id")}
    for name, column in _SHIFT_ENDS.items():
        columns[f"from_{name}"] = start[column]
        columns[f"to_{name}"] = end[column]
    columns["magnitude"] = (end["score"] - start["score"]).abs()
    result = pd.DataFrame(columns)
    return result.sort_values([*_PAIR, "to_date"], kind="stable").reset_index(drop=True)


def stance_matrix(
    statements: pd.DataFrame, *, since: DateLike = None, until: DateLike = None
) -> pd.DataFrame:
    """One row per (actor_id, topic_id): the latest article-level stance and the mean score.

    `mean_score` is the mean of the article-level scores and `n_articles` counts them,
    undated articles included. The latest article is the most recent dated one (same
    date: the largest doc_id); an undated article is latest only when the pair has no
    dated article, and then `latest_date` is NaT. `latest_article_id` names that
    article, to join with `article_stances`. Sorted by actor_id, topic_id.
    """
    rows = _article_stances(_select(_prepare(statements), since=since, until=until))
    order = [*_PAIR, "published", "doc_id", "article_id"]
    rows = rows.sort_values(order, na_position="first", kind="stable")
    latest = rows.drop_duplicates(_PAIR, keep="last").rename(
        columns={
            "stance": "latest_stance",
            "published": "latest_date",
            "evidence": "latest_evidence",
            "article_id": "latest_article_id",
        }
    )
    summary = rows.groupby(_PAIR, as_index=False).agg(
        mean_score=("score", "mean"), n_articles=("article_id", "size")
    )
    result = latest.merge(summary, on=_PAIR, validate="one_to_one")
    columns = [
        *_PAIR, "actor_name", "latest_stance", "latest_date", "latest_evidence",
        "latest_article_id", "mean_score", "n_articles",
    ]  # fmt: skip
    return result[columns].sort_values(_PAIR, kind="stable").reset_index(drop=True)


def coverage(
    statements: pd.DataFrame, *, since: DateLike = None, until: DateLike = None
) -> pd.DataFrame:
    """One row per (actor_id, article_id): how many statements and topics the actor has there.

    Sorted by published (NaT first), doc_id, actor_id.
    """
    frame = _select(_prepare(statements), since=since, until=until)
    result = frame.groupby(["actor_id", "article_id"], as_index=False).agg(
        actor_name=("actor_name", "first"),
        doc_id=("doc_id", "first"),
        title=("title", "first"),
        published=("published", "first"),
        n_statements=("statement_id", "size"),
        n_topics=("topic_id", "nunique"),
    )
    order = ["published", "doc_id", "actor_id", "article_id"]
    return result.sort_values(order, na_position="first", kind="stable").reset_index(drop=True)


def discourse_network(
    statements: pd.DataFrame,
    *,
    topic: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
) -> pd.DataFrame:
    """Edges between actors who take a side on the same topics, as in discourse network analysis.

    Each actor's overall stance on a topic is the sign of the mean of their
    article-level scores in the window (> 0 support, < 0 oppose; 0 takes no side and
    makes no edge). For every topic two actors both take a side on, they `agree` if the
    signs match and `oppose` otherwise. One row per (actor_a, actor_b, relation) with
    actor_a < actor_b; `weight` counts the topics and `topics` lists them sorted.
    """
    rows = _article_stances(_select(_prepare(statements), topic=topic, since=since, until=until))
    sides = rows.groupby(_PAIR, as_index=False)["score"].mean()
    sides = sides.assign(side=np.sign(sides["score"]))
    sides = sides.loc[sides["side"] != 0, ["actor_id", "topic_id", "side"]]
    pairs = sides.merge(sides, on="topic_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_id_a"] < pairs["actor_id_b"]]
    pairs = pairs.assign(
        actor_a=pairs["actor_id_a"],
        actor_b=pairs["actor_id_b"],
        relation=np.where(pairs["side_a"] == pairs["side_b"], "agree", "oppose"),
    ).sort_values("topic_id", kind="stable")
    edges = pairs.groupby(["actor_a", "actor_b", "relation"], as_index=False).agg(
        weight=("topic_id", "size"), topics=("topic_id", list)
    )
    return edges.astype({"topics": object})  # pandas infers str when there are no edges


def _prepare(statements: pd.DataFrame) -> pd.DataFrame:
    # Plain strings and float64 make grouping, comparing and means behave the same whether
    # the frame comes from read_dataset (categories, float32) or straight from the coder.
    # A frame without `reference` (schema 1.0) holds current statements only.
    if "reference" not in statements:
        statements = statements.assign(reference=CURRENT)
    frame = statements[_USED].copy()
    frame[_CATEGORICAL] = frame[_CATEGORICAL].astype("str")
    frame["published"] = pd.to_datetime(frame["published"]).astype("datetime64[s]")
    frame[["score", "confidence"]] = frame[["score", "confidence"]].astype("float64")
    return frame


def _select(
    frame: pd.DataFrame,
    *,
    actor: Ids = None,
    topic: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if actor is not None:
        keep &= frame["actor_id"].isin(_as_list(actor))
    if topic is not None:
        keep &= frame["topic_id"].isin(_as_list(topic))
    if since is not None:
        keep &= frame["published"] >= _day(since, "since")
    if until is not None:
        keep &= frame["published"] <= _day(until, "until")
    return frame[keep]


def _as_list(ids: str | Sequence[str]) -> list[str]:
    return [ids] if isinstance(ids, str) else list(ids)


def _references(reference: str | Sequence[str]) -> list[str]:
    values = _as_list(reference)
    unknown = [v for v in values if v not in REFERENCES]
    if unknown:
        raise StancesError(
            f"{', '.join(map(repr, unknown))} is not one of {', '.join(REFERENCES)}",
            where="reference",
        )
    return values


def _day(value: DateLike, name: str) -> pd.Timestamp:
    try:
        day = pd.Timestamp(value)
    except (TypeError, ValueError) as e:
        raise StancesError(f"expected a date like 'YYYY-MM-DD', got {value!r}", where=name) from e
    if pd.isna(day):
        raise StancesError(f"expected a date like 'YYYY-MM-DD', got {value!r}", where=name)
    return (day.tz_localize(None) if day.tzinfo else day).normalize()


def _article_stances(frame: pd.DataFrame) -> pd.DataFrame:
    # Strongest statement first within each key, so the first row of a group is the evidence.
    ranked = frame.assign(strength=frame["score"].abs() * frame["confidence"]).sort_values(
        [*_KEY, "strength", "evidence_start", "statement_id"],
        ascending=[True, True, True, False, True, True],
        kind="stable",
    )
    summary = ranked.groupby(_KEY, as_index=False).agg(
        stance=("stance", _combine),
        score=("score", "mean"),
        confidence=("confidence", "mean"),
        n_statements=("stance", "size"),
    )
    evidence = ranked.drop_duplicates(_KEY).drop(columns=["stance", "score", "confidence"])
    result = evidence.merge(summary, on=_KEY, validate="one_to_one")[_ARTICLE_STANCE_COLUMNS]
    order = ["published", "doc_id", "actor_id", "topic_id", "article_id"]
    return result.sort_values(order, na_position="first", kind="stable").reset_index(drop=True)


def _combine(stances: Iterable[str]) -> str:
    counts = Counter(stances)
    if len(counts) == 1:
        return next(iter(counts))
    if counts["support"] and counts["oppose"]:
        return "mixed"
    del counts["neutral"]
    # Left: mixed and at most one of support / oppose; ties go to mixed.
    top = max(counts.values())
    return "mixed" if counts["mixed"] == top else max(counts, key=counts.__getitem__)
