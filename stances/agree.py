"""Agreement between codings of the same articles: Krippendorff's alpha, Cohen's kappa.

A unit is (article, actor, topic); a coding gives each unit it codes one stance (its
article-level stance). Codings: a dataset directory, a reviews file or a gold CSV.

Missing codes follow Krippendorff: a unit only one coding codes holds no pairable value
and drops out of alpha, kappa and percent agreement; such units are counted as coverage.

Ordinal alpha ranks oppose < mixed = neutral < support. Mixed and neutral share the middle
rank because both sit between the poles: a neutral statement takes neither side, a mixed
one takes both, and neither leans. The ordinal figure thus asks whether coders agree on
the direction of a stance; the nominal figure also tells mixed from neutral.

Cohen's kappa is computed here from the confusion matrix (three lines of arithmetic): the
libraries that offer it (scikit-learn, statsmodels) would bring SciPy and more for one
formula. Alpha comes from the `krippendorff` package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd

from stances.errors import AgreementError
from stances.schema import CURRENT, STANCES

UNIT = ["doc_id", "actor_id", "topic_id"]
NOMINAL = {stance: code for code, stance in enumerate(STANCES)}
ORDINAL = {"oppose": 0, "mixed": 1, "neutral": 1, "support": 2}
NOT_CODED = "(none)"
BY_TOPIC = ["topic_id", "units", "alpha_nominal", "alpha_ordinal", "percent_agreement"]


@dataclass(frozen=True)
class Coding:
    """One coder's stances: one row per unit (doc_id, actor_id, topic_id, stance)."""

    name: str
    codes: pd.DataFrame


def read_coding(path: str | Path, *, name: str | None = None) -> Coding:
    """A coding from a dataset directory, a reviews file (.csv/.xlsx with `action`) or a
    gold CSV (doc_id,actor_id,topic_id,stance)."""
    source = Path(path)
    label = name or source.name
    if source.is_dir():
        from stances.analysis import article_stances
        from stances.dataset import read_dataset

        stances = article_stances(read_dataset(source).statements, reference=CURRENT)
        return Coding(label, _units(stances, source))
    if not source.is_file():
        raise AgreementError("no such dataset directory or file", path=source)
    if source.suffix.lower() == ".xlsx" or _has_column(source, "action"):
        return Coding(label, _units(_reviewed_codes(source), source))
    from stances.evaluate import read_gold

    return Coding(label, _units(read_gold(source), source))


def _has_column(path: Path, column: str) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            header = handle.readline()
    except (OSError, UnicodeDecodeError) as e:
        raise AgreementError(f"cannot read the coding ({e})", path=path) from e
    return column in [c.strip().strip('"') for c in header.split(",")]


def _reviewed_codes(path: Path) -> pd.DataFrame:
    """The human's codes in a reviews file: accepted, corrected and added codes.

    As for a dataset, only statements of the article's own time count (recaps and
    background do not), and a unit still holding an undecided row is not coded yet.
    """
    from stances.analysis import article_stances
    from stances.review import ACTIONS
    from stances.reviewsheet import read_reviews

    rows = read_reviews(path)
    actions = rows["action"].str.lower()
    unknown = rows.loc[(actions != "") & ~actions.isin(ACTIONS), "row"]
    if len(unknown):
        rows_at = ", ".join(str(r) for r in unknown[:10])
        raise AgreementError(
            f"action not one of {', '.join(ACTIONS)} in row(s) {rows_at}", path=path
        )
    current = rows["reference"].isin(["", CURRENT])
    pending = set(
        rows.loc[
            current & (actions == ""), ["doc_id", "proposed_actor", "proposed_topic"]
        ].itertuples(index=False, name=None)
    )
    rows = rows[current & actions.isin(["accept", "correct", "add"])]
    codes = pd.DataFrame(
        {
            "statement_id": rows["row"].astype(str),
            "doc_id": rows["doc_id"],
            "actor_id": rows["actor"].where(rows["actor"] != "", rows["proposed_actor"]),
            "topic_id": rows["topic"].where(rows["topic"] != "", rows["proposed_topic"]),
            "stance": rows["stance"].where(rows["stance"] != "", rows["proposed_stance"]),
        }
    )
    codes = codes[[key not in pending for key in codes[UNIT].itertuples(index=False, name=None)]]
    bad = codes[~codes["stance"].isin(STANCES)]
    if len(bad):
        rows_at = ", ".join(str(r) for r in rows.loc[bad.index, "row"][:10])
        raise AgreementError(f"no stance of {', '.join(STANCES)} in row(s) {rows_at}", path=path)
    # Several codes of one unit combine as the dataset's article-level stance does.
    filler = {"published": pd.NaT, "title": None, "source": None, "url": None, "quote": None}
    filler |= {"actor_name": "", "score": 0.0, "confidence": 1.0, "evidence": ""}
    filler |= {"attribution": "", "evidence_start": 0, "reference": CURRENT}
    statements = codes.assign(article_id=codes["doc_id"], **filler)
    return article_stances(statements)


def _units(frame: pd.DataFrame, source: Path) -> pd.DataFrame:
    codes = frame[[*UNIT, "stance"]].astype(str)
    repeated = codes.duplicated(UNIT)
    if repeated.any():
        first = codes[repeated].iloc[0]
        raise AgreementError(f"codes {tuple(first[UNIT])} twice", path=source)
    return codes.reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class Agreement:
    """Agreement figures of two or more codings over their shared units."""

    names: list[str]
    matrix: pd.DataFrame  # one row per unit coded by anyone, one column per coding
    alpha_nominal: float
    alpha_ordinal: float
    ci_nominal: tuple[float, float]
    ci_ordinal: tuple[float, float]
    percent: float
    kappa: dict[str, float]  # per pair of codings, "A vs B"
    by_topic: pd.DataFrame
    confusion: dict[str, pd.DataFrame]  # per pair: rows the first coding, columns the second
    n_boot: int = 0
    coverage: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict:
        """All figures as plain JSON-ready values."""
        return {
            "codings": self.names,
            "units": self.coverage,
            "alpha_nominal": _round(self.alpha_nominal),
            "alpha_nominal_ci95": [_round(x) for x in self.ci_nominal],
            "alpha_ordinal": _round(self.alpha_ordinal),
            "alpha_ordinal_ci95": [_round(x) for x in self.ci_ordinal],
            "bootstrap_resamples": self.n_boot,
            "percent_agreement": _round(self.percent),
            "cohen_kappa": {pair: _round(k) for pair, k in self.kappa.items()},
            "by_topic": [
                {k: _round(v) if isinstance(v, float) else v for k, v in row.items()}
                for row in self.by_topic.to_dict("records")
            ],
            "confusion": {pair: table.to_dict() for pair, table in self.confusion.items()},
        }


def _round(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), 3)


def agreement(codings: list[Coding], *, n_boot: int = 1000, seed: int = 0) -> Agreement:
    """Alpha (nominal and ordinal, with bootstrap 95% CIs), percent agreement, Cohen's kappa
    per pair, a per-topic breakdown and the confusion matrices of two or more codings."""
    if len(codings) < 2:
        raise AgreementError("agreement needs two or more codings")
    names = _unique_names([c.name for c in codings])
    matrix = unit_matrix(codings, names)
    pairable = matrix[matrix[names].notna().sum(axis=1) >= 2]
    rng = np.random.default_rng(seed)
    topics = []
    for topic, rows in pairable.groupby("topic_id", sort=True):
        topics.append(
            {
                "topic_id": topic,
                "units": len(rows),
                "alpha_nominal": alpha(rows[names], "nominal"),
                "alpha_ordinal": alpha(rows[names], "ordinal"),
                "percent_agreement": percent_agreement(rows[names]),
                **(
                    {"cohen_kappa": cohen_kappa(*(rows[n] for n in names))}
                    if len(names) == 2
                    else {}
                ),
            }
        )
    pairs = list(combinations(names, 2))
    return Agreement(
        names=names,
        matrix=matrix,
        alpha_nominal=alpha(pairable[names], "nominal"),
        alpha_ordinal=alpha(pairable[names], "ordinal"),
        ci_nominal=bootstrap_ci(pairable[names], "nominal", n_boot=n_boot, rng=rng),
        ci_ordinal=bootstrap_ci(pairable[names], "ordinal", n_boot=n_boot, rng=rng),
        percent=percent_agreement(pairable[names]),
        kappa={f"{a} vs {b}": cohen_kappa(matrix[a], matrix[b]) for a, b in pairs},
        by_topic=pd.DataFrame(
            topics, columns=BY_TOPIC + (["cohen_kappa"] if len(names) == 2 else [])
        ),
        confusion={f"{a} vs {b}": confusion(matrix[a], matrix[b]) for a, b in pairs},
        n_boot=n_boot,
        coverage={
            "coded_by_any": len(matrix),
            "pairable": len(pairable),
            **{f"coded_by_{n}": int(matrix[n].notna().sum()) for n in names},
        },
    )


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique


def unit_matrix(codings: list[Coding], names: list[str]) -> pd.DataFrame:
    """One row per unit coded by any coding; one column per coding (its stance, or NaN)."""
    matrix = None
    for coding, name in zip(codings, names, strict=True):
        codes = coding.codes.rename(columns={"stance": name})
        matrix = codes if matrix is None else matrix.merge(codes, on=UNIT, how="outer")
    return matrix.sort_values(UNIT).reset_index(drop=True)


def alpha(stances: pd.DataFrame, level: str, *, ranks: dict[str, int] | None = None) -> float:
    """Krippendorff's alpha of units (rows) x coders (columns), NaN where a coder gave no
    value; NaN when undefined (no unit coded twice, or one value throughout). `ranks`
    numbers the values (default: the stance scale of the level)."""
    ranks = ranks or (NOMINAL if level == "nominal" else ORDINAL)
    data = stances.apply(lambda column: column.map(ranks)).to_numpy(dtype=float).T
    values = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
    if len(np.unique(values[~np.isnan(values)])) < 2:
        return float("nan")
    domain = sorted(set(ranks.values()))
    return float(
        krippendorff.alpha(reliability_data=values, value_domain=domain, level_of_measurement=level)
    )


def bootstrap_ci(
    stances: pd.DataFrame, level: str, *, n_boot: int, rng: np.random.Generator
) -> tuple[float, float]:
    """95% percentile interval of alpha over units resampled with replacement."""
    if n_boot < 1 or len(stances) == 0:
        return (float("nan"), float("nan"))
    draws = rng.integers(0, len(stances), size=(n_boot, len(stances)))
    values = [alpha(stances.iloc[rows], level) for rows in draws]
    values = [v for v in values if not np.isnan(v)]
    if not values:
        return (float("nan"), float("nan"))
    low, high = np.percentile(values, [2.5, 97.5])
    return (float(low), float(high))


def percent_agreement(stances: pd.DataFrame) -> float:
    """Mean over units coded at least twice of the share of coder pairs that agree."""
    shares = []
    for values in stances.itertuples(index=False):
        coded = [v for v in values if isinstance(v, str)]
        pairs = list(combinations(coded, 2))
        if pairs:
            shares.append(sum(a == b for a, b in pairs) / len(pairs))
    return float(np.mean(shares)) if shares else float("nan")


def cohen_kappa(first: pd.Series, second: pd.Series) -> float:
    """Cohen's kappa of two codings over the units both coded."""
    table = confusion(first, second).drop(index=NOT_CODED, columns=NOT_CODED).to_numpy(float)
    n = table.sum()
    if n == 0:
        return float("nan")
    observed = np.trace(table) / n
    expected = (table.sum(axis=1) @ table.sum(axis=0)) / n**2
    return float("nan") if expected == 1 else float((observed - expected) / (1 - expected))


def confusion(first: pd.Series, second: pd.Series) -> pd.DataFrame:
    """Counts of (first stance, second stance) over units either coded; NOT_CODED = absent."""
    labels = [*STANCES, NOT_CODED]
    table = pd.crosstab(
        pd.Categorical(first.fillna(NOT_CODED), categories=labels),
        pd.Categorical(second.fillna(NOT_CODED), categories=labels),
        dropna=False,
    )
    table.index.name, table.columns.name = first.name, second.name
    table.loc[NOT_CODED, NOT_CODED] = 0  # units neither coded are not units of this pair
    return table.astype(int)


def format_agreement(result: Agreement) -> str:
    """A plain-text report of the agreement figures."""
    s = result.summary()
    lines = [
        f"codings: {', '.join(result.names)}",
        f"units (article, actor, topic): {s['units']['coded_by_any']} coded by any, "
        f"{s['units']['pairable']} by two or more (only these count)",
        f"Krippendorff's alpha, nominal: {_show(result.alpha_nominal)} "
        f"(95% CI {_interval(result.ci_nominal)}, {result.n_boot} bootstrap resamples)",
        f"Krippendorff's alpha, ordinal (oppose < mixed = neutral < support): "
        f"{_show(result.alpha_ordinal)} (95% CI {_interval(result.ci_ordinal)})",
        f"percent agreement: {_show(result.percent)}",
    ]
    lines += [f"Cohen's kappa, {pair}: {_show(k)}" for pair, k in result.kappa.items()]
    table = result.by_topic.round(3).to_string(index=False, na_rep="undefined")
    lines += ["", "by topic (undefined: a single stance value, nothing to tell apart):", table]
    for pair, table in result.confusion.items():
        lines += ["", f"confusion matrix, {pair} (rows: first, columns: second):"]
        lines.append(table.to_string())
    return "\n".join(lines)


def _show(value: float) -> str:
    return "undefined" if np.isnan(value) else f"{value:.3f}"


def _interval(ci: tuple[float, float]) -> str:
    return "undefined" if np.isnan(ci[0]) else f"{ci[0]:.3f}-{ci[1]:.3f}"
