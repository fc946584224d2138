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

from collections import Counter
from collections.abc import Iterable, Sequence
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
from stances.schema import CURRENT, STANCES

if TYPE_CHECKING:
    from stances.codebook import Codebook

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

    Keeps rows with confidence >= `min_confidence` (default 0.72: the best shift F1 and
    precision against the gold of the demo briefs, the same from 0.71 to 0.73),
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
    statements with confidence >= 0.72). Undated articles are left out: they cannot be
    placed in time. Articles with the same date are ordered by doc_id. Columns as in
    `article_stances`.

    >>> import stances
    >>> path = stances.trajectories(statements, actor="trump", topic="minerals_deal")
    """
    frame = _prepare(statements, plain=False)
    keep = statement_mask(frame, actor=actor, topic=topic, since=since, until=until)
    keep &= _trusted_mask(frame, min_confidence, include_reported, reference, attribution)
    return _assemble(frame, *_strongest(frame, keep & frame["published"].notna(), _PATH))


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
    with confidence >= 0.72 count (see `trusted`). Undated articles are skipped.
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
    rows, summary = _strongest(frame, keep & frame["published"].notna(), _PATH)
    # The path of `trajectories`, sorted by pair, then date: a change is a row whose
    # predecessor is of the same pair with another stance. Only those rows are built whole.
    same_pair = np.ones(max(len(rows) - 1, 0), dtype=bool)
    for name in _PAIR:
        codes = pd.factorize(frame[name])[0][rows]  # integers: comparing text is slow
        same_pair &= codes[1:] == codes[:-1]
    stances = summary["stance"].to_numpy()
    changed = np.flatnonzero(same_pair & (stances[1:] != stances[:-1])) + 1
    start = _assemble(frame, rows[changed - 1], summary.iloc[changed - 1])
    end = _assemble(frame, rows[changed], summary.iloc[changed])
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
    # `_strongest` and `_assemble`: they rank them by text and make plain only what they show.
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
    return _assemble(frame, *_strongest(frame, pd.Series(True, index=frame.index)))


def _strongest(
    frame: pd.DataFrame, keep: pd.Series, order: Sequence[str] = _ARTICLE_STANCE_ORDER
) -> tuple[np.ndarray, pd.DataFrame]:
    """For each (article, actor, topic) of the kept rows, in `order` (NaN first, except in the
    path's order, where dates are known): the position of its evidence row in `frame` and
    its stance, score, confidence and n_statements.

    Integer codes and positions throughout: grouping, sorting and copying text columns row
    by row took a minute on a million statements. Text is copied once, by `_assemble`.
    """
    kept = np.flatnonzero(keep & frame[_KEY].notna().all(axis=1))  # as grouping drops them
    # Each column of `order` (the key's columns among them) once as integers that sort as
    # its values do: the key, the tie-breaks and the final order are sorts of integers.
    # Whole columns: cheaper than first copying the kept rows' text.
    ranks = {name: _ranks(frame[name], na_first=order != _PATH)[kept] for name in order}
    article, actor, topic = (ranks[name].astype(np.int64) for name in _KEY)
    # Numbered densely between the two steps, so that neither product can overflow.
    key = pd.factorize(article * (actor.max(initial=0) + 1) + actor)[0]
    key = key * (topic.max(initial=0) + 1) + topic
    score, confidence = (frame[name].to_numpy()[kept] for name in ("score", "confidence"))
    strength = np.abs(score) * confidence
    start = frame["evidence_start"].to_numpy()[kept]
    # Strongest statement first within each key, so the first row of a group is the evidence;
    # ties go to the earlier one in the text, then to the smaller statement_id.
    ranked = np.lexsort((start, -strength, key))
    tied = _tied(key[ranked], strength[ranked], start[ranked])
    if tied.size:
        tiebreak = np.zeros(len(kept), dtype=np.int64)
        rows = ranked[tied]
        tiebreak[rows] = _ranks(frame["statement_id"].iloc[kept[rows]], na_first=False)
        ranked = np.lexsort((tiebreak, start, -strength, key))
    first = np.diff(key[ranked], prepend=-1) != 0
    group = np.cumsum(first) - 1
    n = int(first.sum())
    means = pd.DataFrame({"score": score[ranked], "confidence": confidence[ranked]})
    means = means.groupby(group).mean()
    chosen = ranked[first]
    final = np.lexsort([ranks[name][chosen] for name in reversed(order)])
    summary = pd.DataFrame(
        {
            "stance": _combined(frame["stance"], kept[ranked], group, n)[final],
            "score": means["score"].to_numpy()[final],
            "confidence": means["confidence"].to_numpy()[final],
            "n_statements": np.bincount(group, minlength=n)[final],
        }
    )
    return kept[chosen[final]], summary


def _assemble(frame: pd.DataFrame, rows: np.ndarray, summary: pd.DataFrame) -> pd.DataFrame:
    """Article-level stances: the evidence rows' columns beside their summaries."""
    evidence = frame[[c for c in _ARTICLE_STANCE_COLUMNS if c not in summary]].iloc[rows]
    evidence = evidence.assign(**{c: _plain(evidence[c]) for c in _CATEGORICAL if c in evidence})
    result = pd.concat([evidence.reset_index(drop=True), summary.reset_index(drop=True)], axis=1)
    return result[_ARTICLE_STANCE_COLUMNS]


def _tied(key: np.ndarray, strength: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Positions of sorted rows equal to a neighbour in key, strength and start."""
    same_strength = (strength[1:] == strength[:-1]) | (
        np.isnan(strength[1:]) & np.isnan(strength[:-1])
    )
    equal = (key[1:] == key[:-1]) & same_strength & (start[1:] == start[:-1])
    return np.flatnonzero(np.r_[equal, False] | np.r_[False, equal])


def _ranks(values: pd.Series, *, na_first: bool) -> np.ndarray:
    """Integer ranks that sort as the values do (categories as their text), missing values
    first or last."""
    if isinstance(values.dtype, pd.CategoricalDtype):  # rank the few categories, not the rows
        codes = values.cat.codes.to_numpy()
        uniques = values.cat.categories.astype("str")
        codes = np.r_[pd.factorize(uniques, sort=True)[0], -1][codes]  # code -1: missing
    else:
        codes, uniques = pd.factorize(values, sort=True)
    ranks = np.where(codes < 0, -1 if na_first else len(uniques), codes)
    # As small an integer type as holds them: numpy sorts 8 and 16 bit integers by radix.
    return ranks.astype(np.min_scalar_type(-len(uniques) - 1))


def _combined(stances: pd.Series, rows: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    """`combine_stances` of each group's stances (those of `stances` at `rows`), from counts
    per group."""
    found, uniques = pd.factorize(stances)  # a few distinct values: the four, mostly
    # Position in STANCES, -1 for other values; a missing value (found -1) takes the last -1.
    codes = np.array([*(STANCES.index(u) if u in STANCES else -1 for u in uniques), -1])
    codes = codes[found[rows]]
    counts = np.bincount(group * 4 + codes.clip(0), minlength=4 * n).reshape(n, 4)
    support, oppose, mixed = counts[:, 0], counts[:, 1], counts[:, 3]
    result = np.array(STANCES, dtype=object)[counts.argmax(axis=1)]
    several = (counts > 0).sum(axis=1) > 1
    poles = np.where(support > oppose, "support", "oppose")
    # Both poles, or mixed at least as frequent as the one pole present: mixed.
    to_mixed = (support > 0) & (oppose > 0) | (mixed >= np.maximum(support, oppose))
    result[several] = np.where(to_mixed, "mixed", poles)[several]
    other = np.unique(group[codes < 0])  # values outside the four: the rule as written
    if other.size:
        for g, values in stances.iloc[rows].groupby(group).agg(list)[other].items():
            result[g] = combine_stances(values)
    return result


def combine_stances(stances: Iterable[str]) -> str:
    """One stance for several: the rule of `article_stances` (agreeing: that stance; support
    and oppose: mixed; else the non-neutral majority, ties with mixed going to mixed)."""
    counts = Counter(stances)
    if len(counts) == 1:
        return next(iter(counts))
    if counts["support"] and counts["oppose"]:
        return "mixed"
    del counts["neutral"]
    # Left: mixed and at most one of support / oppose; ties go to mixed.
    top = max(counts.values())
    return "mixed" if counts["mixed"] == top else max(counts, key=counts.__getitem__)
