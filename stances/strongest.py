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
    its stance (categorical), score, confidence and n_statements.

    The evidence is the statement with the largest |score| * confidence (ties: the earlier
    one in the text, then the smaller statement_id); score and confidence are means, the
    stance is `combine_stances` of the statements' stances. `order` must hold KEY's columns.
    """
    kept = np.flatnonzero(keep & frame[KEY].notna().all(axis=1))  # as grouping drops them
    # Each column of `order` (the key's among them) as integers that sort as its values do.
    ranks = {name: _ranks(frame[name], na_first=na_first)[kept] for name in order}
    # Groups numbered by hashing, not sorting: only each group's chosen row is sorted.
    group = _groups([ranks[name] for name in KEY])
    n = int(group.max(initial=-1)) + 1
    score, confidence = (frame[name].to_numpy()[kept] for name in ("score", "confidence"))
    start = frame["evidence_start"].to_numpy()[kept]
    candidates = np.flatnonzero(_strongest(group, n, np.abs(score) * confidence, start))
    if len(candidates) > n:  # equal in strength and start: the smaller statement_id
        ids = _ranks(frame["statement_id"].iloc[kept[candidates]], na_first=False)
        chosen = candidates[_first_of(group[candidates], n, ids.astype(np.int64))]
    else:
        chosen = np.empty(n, dtype=np.int64)  # the evidence row of each group
        chosen[group[candidates]] = candidates
    final = np.lexsort([ranks[name][chosen] for name in reversed(order)])
    sizes = np.bincount(group, minlength=n)
    summary = pd.DataFrame(
        {
            "stance": _combined(frame["stance"], kept, group, n)[final],
            "score": _means(score, group, sizes)[final],
            "confidence": _means(confidence, group, sizes)[final],
            "n_statements": sizes[final],
        }
    )
    return kept[chosen[final]], summary


def _groups(ranks: list[np.ndarray]) -> np.ndarray:
    """Dense group numbers of rows by several columns' integer ranks (missing: -1)."""
    key, span = np.zeros(len(ranks[0]), dtype=np.int64), 1
    for more in ranks:
        width = int(more.max(initial=0)) + 2
        if span * width >= 2**62:  # numbered densely first, so the key cannot overflow
            key = pd.factorize(key)[0]
            span = int(key.max(initial=0)) + 1
        key = key * width + (more.astype(np.int64) + 1)
        span *= width
    return pd.factorize(key)[0]


def _strongest(group: np.ndarray, n: int, strength: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Rows with their group's largest strength (all its rows where every one is missing),
    and among those the earliest start."""
    best = np.full(n, -np.inf)
    np.fmax.at(best, group, strength)  # fmax: a missing strength loses to any other
    candidate = (strength == best[group]) | (np.isnan(strength) & np.isneginf(best[group]))
    earliest = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(earliest, group[candidate], start[candidate])
    return candidate & (start == earliest[group])


def _first_of(group: np.ndarray, n: int, ids: np.ndarray) -> np.ndarray:
    """Per group, the position (in `group`) of its row with the smallest id (the first, if
    ids repeat)."""
    smallest = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(smallest, group, ids)
    found = np.full(n, -1)
    rows = np.flatnonzero(ids == smallest[group])
    found[group[rows[::-1]]] = rows[::-1]  # the last write wins: the first row
    return found


def _means(values: np.ndarray, group: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The mean of each group's `values`, missing values left out as pandas' groupby leaves
    them."""
    if np.isnan(values).any():
        return pd.Series(values).groupby(group).mean().to_numpy()
    return np.bincount(group, weights=values, minlength=len(sizes)) / sizes


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


def _combined(stances: pd.Series, rows: np.ndarray, group: np.ndarray, n: int) -> pd.Categorical:
    """`combine_stances` of each group's stances (those of `stances` at `rows`), from counts
    per group. Categorical: a million strings made one by one cost a tenth of a second."""
    found, uniques = pd.factorize(stances)  # a few distinct values: the four, mostly
    # Position in STANCES, -1 for other values; a missing value (found -1) takes the last -1.
    codes = np.array([*(STANCES.index(u) if u in STANCES else -1 for u in uniques), -1])
    codes = codes[found[rows]]
    counts = np.bincount(group * 4 + codes.clip(0), minlength=4 * n).reshape(n, 4)
    support, oppose, mixed = counts[:, 0], counts[:, 1], counts[:, 3]
    several = (counts > 0).sum(axis=1) > 1
    poles = np.where(support > oppose, 0, 1)
    # Both poles, or mixed at least as frequent as the one pole present: mixed.
    to_mixed = (support > 0) & (oppose > 0) | (mixed >= np.maximum(support, oppose))
    chosen = np.where(several, np.where(to_mixed, 3, poles), counts.argmax(axis=1))
    other = np.unique(group[codes < 0])  # values outside the four: the rule as written
    if not other.size:
        return pd.Categorical.from_codes(chosen, categories=STANCES)
    result = np.array(STANCES, dtype=object)[chosen]
    for g, values in stances.iloc[rows].groupby(group).agg(list)[other].items():
        result[g] = combine_stances(values)
    return pd.Categorical(result)


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
