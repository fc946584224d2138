"""The strongest statement of each (article, actor, topic) and the stance all its statements
make together: the vectorised rule behind `stances.analysis`' article-level stances.

Integer codes and positions throughout: grouping, sorting and copying text columns row by
row took a minute on a million statements. Text is copied afterwards, only for the rows
shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from stances.schema import STANCES

KEY = ["article_id", "actor_id", "topic_id"]


def strongest(
    frame: pd.DataFrame, keep: pd.Series, order: Sequence[str], *, na_first: bool
) -> tuple[np.ndarray, pd.DataFrame]:
    """For each (article_id, actor_id, topic_id) of the kept rows, sorted by the `order`
    columns (missing values first or last): the position of its evidence row in `frame` and
    its stance, score, confidence and n_statements.

    The evidence is the statement with the largest |score| * confidence (ties: the earlier
    one in the text, then the smaller statement_id); score and confidence are means, the
    stance is `combine_stances` of the statements' stances. `order` must hold KEY's columns.
    """
    kept = np.flatnonzero(keep & frame[KEY].notna().all(axis=1))  # as grouping drops them
    # Each column of `order` (the key's among them) as integers that sort as its values do,
    # ranked whole: cheaper than first copying the kept rows' text.
    ranks = {name: _ranks(frame[name], na_first=na_first)[kept] for name in order}
    article, actor, topic = (ranks[name].astype(np.int64) for name in KEY)
    key = pd.factorize(article * (actor.max(initial=0) + 1) + actor)[0]  # dense: no overflow
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
    starts = np.flatnonzero(first)
    sizes = np.diff(np.r_[starts, len(ranked)])
    chosen = ranked[first]
    final = np.lexsort([ranks[name][chosen] for name in reversed(order)])
    summary = pd.DataFrame(
        {
            "stance": _combined(frame["stance"], kept[ranked], group, len(starts))[final],
            "score": _means(score[ranked], group, starts, sizes)[final],
            "confidence": _means(confidence[ranked], group, starts, sizes)[final],
            "n_statements": sizes[final],
        }
    )
    return kept[chosen[final]], summary


def _means(
    values: np.ndarray, group: np.ndarray, starts: np.ndarray, sizes: np.ndarray
) -> np.ndarray:
    """The mean of each run of `values` (`group` numbers the runs, from `starts` on, `sizes`
    long), missing values left out as pandas' groupby leaves them."""
    if np.isnan(values).any():
        return pd.Series(values).groupby(group).mean().to_numpy()
    return np.add.reduceat(values, starts) / sizes


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
