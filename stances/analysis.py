"""Analysis: statements in, tidy tables out (article-level stances, trajectories, shifts, ...).

Every function takes the statements table of dataset schema v1 (as `read_dataset` gives
it) and returns a new DataFrame; the input is never changed. Text columns come back as
plain strings (not `category`), `published` as datetime64[s] with NaT when unknown.

Filters (named as the command line's options; `filter_statements` applies them alone):
`actor=` / `topic=` take one id or several (an unknown id is an `UnknownIdError`);
`since=` / `until=` take a date or 'YYYY-MM-DD', compare by day, include both ends and
leave undated articles out; `min_confidence=` and `attribution=` keep what they name.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from stances.filters import (
    DateLike,
    Ids,
    confident,
    statement_mask,
    valid_attributions,
    valid_references,
)
from stances.schema import CURRENT
from stances.strongest import combine_stances as combine_stances  # part of this module's API
from stances.strongest import strongest

if TYPE_CHECKING:
    from stances.codebook import Codebook

# Defaults of the trust filters of `trajectories` and `shifts` (see `trusted`).
MIN_CONFIDENCE = 0.7
INCLUDE_REPORTED = False
REFERENCE: Ids = CURRENT

_GATHER_THREADS = min(4, os.cpu_count() or 1)
_CATEGORICAL = ["actor_id", "actor_name", "topic_id", "stance", "attribution", "reference"]
_USED = [
    "statement_id", "article_id", "doc_id", "published", "title", "source", "url",
    "actor_id", "actor_name", "topic_id", "stance", "score", "confidence",
    "attribution", "evidence", "evidence_start", "quote", "reference",
]  # fmt: skip
_PAIR = ["actor_id", "topic_id"]
_ARTICLE_STANCE_COLUMNS = [
    "article_id", "doc_id", "published", "title", "source", "url", "actor_id",
    "actor_name", "topic_id", "stance", "score", "confidence", "n_statements",
    "attribution", "evidence", "quote",
]  # fmt: skip
_ARTICLE_STANCE_ORDER = ["published", "doc_id", "actor_id", "topic_id", "article_id"]
_PATH = [*_PAIR, "published", "doc_id", "article_id"]  # the order of trajectories
_SHIFT_ENDS = {
    "stance": "stance", "date": "published", "article_id": "article_id", "doc_id": "doc_id",
    "title": "title", "evidence": "evidence", "url": "url",
}  # fmt: skip


def article_stances(
    statements: pd.DataFrame,
    *,
    reference: Ids = None,
    actor: Ids = None,
    topic: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    min_confidence: float | None = None,
    attribution: Ids = None,
) -> pd.DataFrame:
    """One row per (article_id, actor_id, topic_id): the actor's stance on the topic there.

    `reference` keeps only rows of that reference (or references); None keeps all. The
    other filters are those of `filter_statements`, applied to the statements first.

    If all statements agree, that is the stance; if both support and oppose occur,
    mixed; otherwise the majority among the non-neutral statements (neutral statements
    only count when all statements are neutral). A tie between mixed and support (or
    oppose) gives mixed, since a mixed statement already holds both poles. `score` and
    `confidence` are the means over the statements; `evidence`, `attribution` and
    `quote` come from the statement with the largest |score| * confidence (ties: the
    earlier one in the text). Sorted by published (NaT first), doc_id, actor_id, topic_id.

    >>> import stances
    >>> rows = stances.article_stances(stances.read_dataset("data").statements)
    >>> rows.columns[:4].tolist()
    ['article_id', 'doc_id', 'published', 'title']
    """
    frame = _select(
        _prepare(statements, plain=False),
        actor=actor,
        topic=topic,
        since=since,
        until=until,
        min_confidence=min_confidence,
        attribution=attribution,
    )
    if reference is not None:
        frame = _rows(frame, frame["reference"].isin(valid_references(reference)))
    return _article_stances(frame)


def filter_statements(
    statements: pd.DataFrame,
    *,
    since: DateLike = None,
    until: DateLike = None,
    actor: Ids = None,
    topic: Ids = None,
    min_confidence: float | None = None,
    attribution: Ids = None,
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """The rows of `statements` that pass every filter given (None: no filter).

    Columns and dtypes stay as they are, so the result goes wherever the whole table
    goes (a report, a chart, a network). An actor or topic id found neither in
    `statements` nor in `codebook` (default: the packaged one) is an `UnknownIdError`
    that suggests the nearest ids; an unknown attribution or a bad date or confidence
    is a `StancesError` naming the option.

    >>> import stances
    >>> statements = stances.read_dataset("data").statements
    >>> hegseth = stances.filter_statements(statements, actor="hegseth", since="2025-02-01")
    >>> set(hegseth["actor_id"])
    {'hegseth'}
    """
    keep = statement_mask(
        statements,
        actor=actor,
        topic=topic,
        since=since,
        until=until,
        min_confidence=min_confidence,
        attribution=attribution,
        codebook=codebook,
    )
    return _rows(statements, keep).reset_index(drop=True)


def trusted(
    statements: pd.DataFrame,
    *,
    min_confidence: float = MIN_CONFIDENCE,
    include_reported: bool = INCLUDE_REPORTED,
    reference: Ids = REFERENCE,
    attribution: Ids = None,
) -> pd.DataFrame:
    """The statements a stance change can rest on: by default the actor's own current ones.

    Keeps rows with confidence >= `min_confidence` (default 0.7: the best sum of shift F1
    on the demo briefs and the real-news tune half),
    attribution other than `reported` unless `include_reported` (or, when `attribution`
    is given, exactly the attribution(s) it names), and `reference` in the given
    reference(s) (default 'current'; None keeps all).
    """
    keep = _trusted_mask(statements, min_confidence, include_reported, reference, attribution)
    return _rows(statements, keep)


def _trusted_mask(
    statements: pd.DataFrame,
    min_confidence: float,
    include_reported: bool,
    reference: Ids,
    attribution: Ids,
) -> pd.Series:
    keep = confident(statements, min_confidence)
    if attribution is not None:
        keep &= _plain(statements["attribution"]).isin(valid_attributions(attribution))
    elif not include_reported:
        keep &= _plain(statements["attribution"]) != "reported"
    if reference is not None:
        # Rows without the column are current (schema 1.0).
        refs = statements.get("reference", pd.Series(CURRENT, index=statements.index))
        keep &= _plain(refs).isin(valid_references(reference))
    return keep


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
    attribution: Ids = None,
) -> pd.DataFrame:
    """Article-level stances of dated articles, in date order per (actor_id, topic_id).

    Only the statements `trusted` keeps count (by default the actor's own current
    statements with confidence >= 0.7). Undated articles are left out: they cannot be
    placed in time. Articles with the same date are ordered by doc_id. Columns as in
    `article_stances`.

    >>> import stances
    >>> path = stances.trajectories(statements, actor="trump", topic="minerals_deal")
    """
    frame = _prepare(statements, plain=False)
    keep = statement_mask(frame, actor=actor, topic=topic, since=since, until=until)
    keep &= _trusted_mask(frame, min_confidence, include_reported, reference, attribution)
    return _assemble(frame, *_path(frame, keep))


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
    attribution: Ids = None,
) -> pd.DataFrame:
    """Every change of article-level stance between consecutive dated articles of a pair.

    Consecutive means next in the order of `trajectories` for the same (actor_id,
    topic_id), with the same filters: by default only the actor's own current statements
    with confidence >= 0.7 count (see `trusted`). Undated articles are skipped.
    `magnitude` is the absolute difference of the two articles' mean scores, so it lies
    in [0, 2]. Sorted by actor_id, topic_id, to_date.

    >>> import stances
    >>> found = stances.shifts(stances.read_dataset("data").statements, actor="hegseth")
    >>> found[["from_stance", "to_stance"]].iloc[0].tolist()
    ['oppose', 'neutral']
    """
    frame = _prepare(statements, plain=False)
    keep = statement_mask(frame, actor=actor, topic=topic, since=since, until=until)
    keep &= _trusted_mask(frame, min_confidence, include_reported, reference, attribution)
    rows, summary = _path(frame, keep)
    # The path of `trajectories`; only the rows on either side of a change are built whole.
    pairs = [pd.factorize(frame[name])[0][rows] for name in _PAIR]
    changed = _changes(pairs, summary["stance"])
    start = _assemble(frame, rows[changed - 1], summary.iloc[changed - 1])
    return _shift_table(start, _assemble(frame, rows[changed], summary.iloc[changed]))


def shifts_along(path: pd.DataFrame) -> pd.DataFrame:
    """The shifts of `trajectories`' rows: what `shifts` gives for the same statements and
    filters, without ranking the statements again when the trajectories are at hand.

    >>> import stances
    >>> path = stances.trajectories(statements, actor="hegseth")
    >>> found = stances.shifts_along(path)
    """
    changed = _changes([pd.factorize(path[name])[0] for name in _PAIR], path["stance"])
    start, end = (path.iloc[rows].reset_index(drop=True) for rows in (changed - 1, changed))
    return _shift_table(start, end)


def _changes(pairs: list[np.ndarray], stances: pd.Series) -> np.ndarray:
    """Positions of rows whose predecessor has the same codes in `pairs` and another stance."""
    values = stances.cat.codes if isinstance(stances.dtype, pd.CategoricalDtype) else stances
    values = values.to_numpy()
    changed = values[1:] != values[:-1]
    for codes in pairs:
        changed &= codes[1:] == codes[:-1]
    return np.flatnonzero(changed) + 1


def _shift_table(start: pd.DataFrame, end: pd.DataFrame) -> pd.DataFrame:
    """One shift per row of `start` (the article before) and `end` (the article after)."""
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

    >>> import stances
    >>> matrix = stances.stance_matrix(statements, since="2025-03-01")
    """
    rows = _article_stances(_select(_prepare(statements, plain=False), since=since, until=until))
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

    >>> import stances
    >>> cover = stances.coverage(statements, until="2025-02-28")
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

    >>> import stances
    >>> edges = stances.discourse_network(statements, since="2025-03-01")
    """
    frame = _prepare(statements, plain=False)
    rows = _article_stances(_select(frame, topic=topic, since=since, until=until))
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


def _prepare(statements: pd.DataFrame, *, plain: bool = True) -> pd.DataFrame:
    # Plain strings and float64 make grouping, comparing and means behave the same whether
    # the frame comes from read_dataset (categories, float32) or straight from the coder.
    # Without `plain`, categorical columns stay so, for the functions that go through
    # `strongest` and `_assemble`: they rank them by text and make plain only what they show.
    # A frame without `reference` (schema 1.0) holds current statements only.
    if "reference" not in statements:
        statements = statements.assign(reference=CURRENT)
    frame = statements[_USED].copy()
    for name in _CATEGORICAL:
        if plain or not isinstance(frame[name].dtype, pd.CategoricalDtype):
            frame[name] = _plain(frame[name])
    frame["published"] = pd.to_datetime(frame["published"]).astype("datetime64[s]")
    frame[["score", "confidence"]] = frame[["score", "confidence"]].astype("float64")
    return frame


def _plain(column: pd.Series) -> pd.Series:
    """The column as plain strings; a categorical one by taking its few categories by code,
    which is many times faster than `astype` on a million rows."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return column.astype("str")
    categories = column.cat.categories.astype("str")
    values = categories.take(column.cat.codes.to_numpy(), allow_fill=True)
    return pd.Series(values, index=column.index, name=column.name)


def _select(frame: pd.DataFrame, **filters) -> pd.DataFrame:
    return _rows(frame, statement_mask(frame, **filters))


def _rows(frame: pd.DataFrame, keep: pd.Series) -> pd.DataFrame:
    # By position: a boolean mask over arrow string columns is several times slower.
    return frame.iloc[np.flatnonzero(keep)]


def _article_stances(frame: pd.DataFrame) -> pd.DataFrame:
    everything = pd.Series(True, index=frame.index)
    return _assemble(frame, *strongest(frame, everything, _ARTICLE_STANCE_ORDER, na_first=True))


def _path(frame: pd.DataFrame, keep: pd.Series) -> tuple[np.ndarray, pd.DataFrame]:
    """The article-level stances of `trajectories` (dated articles, in its order)."""
    return strongest(frame, keep & frame["published"].notna(), _PATH, na_first=False)


def _assemble(frame: pd.DataFrame, rows: np.ndarray, summary: pd.DataFrame) -> pd.DataFrame:
    """Article-level stances: the evidence rows' columns beside their summaries."""
    summary = summary.reset_index(drop=True)
    names = [c for c in _ARTICLE_STANCE_COLUMNS if c not in summary]
    # Gathering text rows in another order is bound by memory, not the GIL: a thread per core.
    with ThreadPoolExecutor(_GATHER_THREADS) as pool:
        columns = dict(
            zip(names, pool.map(lambda c: _gathered(frame[c], rows), names), strict=True)
        )
    columns |= {c: _plain(summary[c]) if c in _CATEGORICAL else summary[c] for c in summary}
    return pd.DataFrame({c: columns[c] for c in _ARTICLE_STANCE_COLUMNS})


def _gathered(column: pd.Series, rows: np.ndarray) -> pd.Series:
    part = column.iloc[rows].reset_index(drop=True)
    return _plain(part) if part.name in _CATEGORICAL else part
