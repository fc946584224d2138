"""Score coded statements against hand-coded gold: article-level codes and stance shifts."""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from stances.analysis import INCLUDE_REPORTED, MIN_CONFIDENCE, article_stances, shifts
from stances.codebook import Codebook, load_codebook
from stances.coder import RULES, RuleCoder, analyse_article, code_articles
from stances.errors import GoldError
from stances.review import IN_ARTICLE, in_article
from stances.schema import CURRENT, STANCES, STATEMENTS

GOLD_COLUMNS = ("doc_id", "actor_id", "topic_id", "stance")
PAIR = ["doc_id", "actor_id", "topic_id"]
# Confidence bands of the calibration table: is a statement of confidence c right in c of cases?
CONFIDENCE_BANDS = (0.0, 0.6, 0.7, 0.8, 0.9, 1.0)
SHIFT_KEY = ["actor_id", "topic_id", "from_stance", "to_stance", "date"]
SHIFT_COLUMNS = [*SHIFT_KEY, "from_date", "from_doc_id", "to_doc_id", "kind"]
GOLD_SCORES = {"support": 1.0, "oppose": -1.0, "neutral": 0.0, "mixed": 0.0}


def read_gold(path: str | Path) -> pd.DataFrame:
    """Gold codes (doc_id, actor_id, topic_id, stance); every bad line is reported at once."""
    source = Path(path)
    try:
        with source.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in GOLD_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise GoldError(
                    f"missing column(s) {', '.join(missing)}", path=source, where="line 1"
                )
            rows = [(reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError) as e:
        raise GoldError(f"cannot read gold codes ({e})", path=source) from e
    problems = []
    seen: dict[tuple, int] = {}
    for line, row in rows:
        key = tuple((row.get(c) or "").strip() for c in PAIR)
        stance = (row.get("stance") or "").strip()
        if not all(key):
            problems.append(f"line {line}: empty doc_id, actor_id or topic_id")
        elif stance not in STANCES:
            problems.append(f"line {line}: stance {stance!r} is not one of {', '.join(STANCES)}")
        elif key in seen:
            problems.append(
                f"line {line}: repeats line {seen[key]} for the same article, actor, topic"
            )
        seen.setdefault(key, line)
    if problems:
        raise GoldError("; ".join(problems[:10]), path=source)
    return pd.DataFrame(
        [{c: (row[c] or "").strip() for c in GOLD_COLUMNS} for _, row in rows],
        columns=list(GOLD_COLUMNS),
    )


@dataclass(frozen=True, eq=False)
class Evaluation:
    """Matched gold and predicted article-level codes, with the figures derived from them."""

    pairs: pd.DataFrame  # one row per gold or predicted pair: gold_stance, stance, evidence, ...
    shifts: pd.DataFrame = field(  # one row per gold or detected shift: SHIFT_COLUMNS
        default_factory=lambda: pd.DataFrame(columns=SHIFT_COLUMNS)
    )
    # one row per current statement: its confidence, its standing among its article's codes
    # of the pair (`stances.review.in_article`) and whether its code is a gold code
    checked: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            {"confidence": [], "in_article": [], "coder": [], "right": []}
        )
    )

    def summary(self) -> dict:
        """All figures as plain JSON-ready values."""
        p = self.pairs
        figures = _prf(p)
        matched = p[p["gold_stance"].notna() & p["stance"].notna()]
        correct = int((matched["gold_stance"] == matched["stance"]).sum())
        triples = _prf(p, triple=True)
        return {
            **figures,
            "pair_f1_interval": _f1_interval(p),
            "stance_accuracy": _ratio(correct, len(matched)),
            "triple_precision": triples["pair_precision"],
            "triple_recall": triples["pair_recall"],
            "triple_f1": triples["pair_f1"],
            "triple_f1_interval": _f1_interval(p, triple=True),
            **self.shift_summary(),
            "n_articles": int(p["doc_id"].nunique()),
            "by_topic": _breakdown(p, "topic_id"),
            "by_actor": _breakdown(p, "actor_id"),
            "by_attribution": _precision_by(p[p["stance"].notna()], "attribution"),
            **self.calibration(),
            "by_standing": self.by_standing(),
            "by_coder": self.by_coder(),
            **self.ordering(),
            "errors": self.errors().to_dict("records"),
        }

    def calibration(self) -> dict:
        """Statement confidence against how often statements are right, band by band.

        A statement is right when its actor, topic and stance are a gold code of its
        article. The calibration error is the mean gap between confidence and that rate,
        weighted by the statements in each band.
        """
        checked = self.checked
        bands = pd.cut(checked["confidence"], CONFIDENCE_BANDS, right=False, include_lowest=True)
        table = {}
        gap = 0.0
        for band, group in checked.groupby(bands, observed=True):
            mean, right = group["confidence"].mean(), group["right"].mean()
            table[f"{band.left:.1f}-{band.right:.1f}"] = {
                "n": len(group),
                "mean_confidence": round(float(mean), 4),
                "right": round(float(right), 4),
            }
            gap += len(group) * abs(mean - right)
        error = _ratio(gap, len(checked))
        return {"calibration": table, "calibration_error": error}

    def by_standing(self) -> dict:
        """How often statements are right by their standing in their article, in the review
        queue's order (likeliest wrong first)."""
        checked = self.checked
        return {
            standing: {"n": len(group), "right": round(float(group["right"].mean()), 4)}
            for standing in IN_ARTICLE
            if len(group := checked[checked["in_article"] == standing])
        }

    def by_coder(self) -> dict:
        """How often statements are right by who made them (the rules or the article model
        of `rules+pairs`, or a reviewer)."""
        checked = self.checked
        if "coder" not in checked:
            return {}
        return {
            str(name): {"n": len(group), "right": round(float(group["right"].mean()), 4)}
            for name, group in checked.groupby("coder", sort=True)
        }

    def ordering(self) -> dict:
        """How well an order of the statements puts wrong ones before right ones: the
        probability that a right statement comes after a wrong one (AUC; 0.5 is chance), for
        the review queue's order and for confidence alone."""
        checked = self.checked
        queue_rank = checked["in_article"].map(IN_ARTICLE.index) + checked["confidence"] / 2
        return {
            "review_order_auc": _auc(queue_rank, checked["right"]),
            "confidence_auc": _auc(checked["confidence"], checked["right"]),
        }

    def shift_summary(self) -> dict:
        """Precision, recall and F1 of detected shifts, with the missed and spurious ones."""
        kind = self.shifts["kind"]
        hits, n_gold = int((kind == "hit").sum()), int(kind.isin(["hit", "miss"]).sum())
        n_detected = int(kind.isin(["hit", "spurious"]).sum())
        precision, recall = _ratio(hits, n_detected), _ratio(hits, n_gold)
        listed = self.shifts.drop(columns="kind")
        return {
            "shift_precision": precision,
            "shift_recall": recall,
            "shift_f1": _ratio(2 * precision * recall, precision + recall),
            "n_gold_shifts": n_gold,
            "n_detected_shifts": n_detected,
            "missed_shifts": listed[kind == "miss"].to_dict("records"),
            "spurious_shifts": listed[kind == "spurious"].to_dict("records"),
        }

    def errors(self) -> pd.DataFrame:
        """Every miss, spurious code and wrong stance, with the evidence behind it."""
        p = self.pairs
        kind = pd.Series("", index=p.index)
        kind[p["stance"].isna()] = "miss"
        kind[p["gold_stance"].isna()] = "spurious"
        kind[p["gold_stance"].notna() & p["stance"].notna() & (p["gold_stance"] != p["stance"])] = (
            "wrong stance"
        )
        errors = p.assign(kind=kind)[kind != ""]
        columns = ["kind", *PAIR, "gold_stance", "stance", "attribution", "evidence"]
        return errors[columns].fillna("").sort_values(["kind", *PAIR]).reset_index(drop=True)


def evaluate(
    statements: pd.DataFrame,
    articles: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    codebook: Codebook | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    include_reported: bool = INCLUDE_REPORTED,
) -> Evaluation:
    """Compare the coded statements of the dataset's articles with the gold codes.

    The gold is taken to be complete for every article of the dataset: a code in an
    article without gold rows is spurious.

    Codes: article-level stances from current statements, reported ones included (gold
    codes reported positions too). A missed code's evidence is the sentence where the
    coder saw the actor next to a cue of the topic (or else first saw the actor), so a
    miss can be traced like any other row. Shifts: see `score_shifts`; the two keyword
    options are the filters of `shifts` for the detected side.
    """
    unknown = sorted(set(gold["doc_id"]) - set(articles["doc_id"].astype(str)))
    if unknown:
        raise GoldError(f"doc_id(s) not in the dataset: {', '.join(unknown[:5])}")
    pairs = match_gold(statements, gold)
    misses = pairs["stance"].isna()
    pairs.loc[misses, "evidence"] = [
        _miss_evidence(articles, codebook or load_codebook(), *key)
        for key in pairs.loc[misses, PAIR].itertuples(index=False)
    ]
    moves = score_shifts(
        statements,
        articles,
        gold,
        min_confidence=min_confidence,
        include_reported=include_reported,
    )
    return Evaluation(
        pairs.sort_values(PAIR).reset_index(drop=True), moves, check_statements(statements, gold)
    )


def check_statements(statements: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Each current statement's confidence, standing in its article and whether its actor,
    topic and stance are a gold code of its article (statements of articles without gold
    rows count as wrong)."""
    current = statements[statements["reference"].astype(str) == CURRENT]
    codes = set(gold[[*PAIR, "stance"]].astype(str).itertuples(index=False, name=None))
    keys = current[[*PAIR, "stance"]].astype(str).itertuples(index=False, name=None)
    return pd.DataFrame(
        {
            "confidence": current["confidence"].astype(float).to_numpy(),
            "in_article": in_article(current).to_numpy(),
            "coder": current["coder"].astype(str).to_numpy(),
            "right": [key in codes for key in keys],
        }
    )


def match_gold(statements: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """One row per gold or coded article-level pair: gold_stance and stance (None if absent)."""
    coded = article_stances(statements, reference=CURRENT)
    predicted = coded[[*PAIR, "stance", "confidence", "attribution", "evidence"]]
    pairs = gold.rename(columns={"stance": "gold_stance"}).merge(predicted, on=PAIR, how="outer")
    pairs["stance"] = pairs["stance"].astype(object).where(pairs["stance"].notna(), None)
    return pairs


def ablate(
    articles: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    codebook: Codebook,
    rules: Iterable[str] = RULES,
) -> pd.DataFrame:
    """Each rule's worth on a gold set: pair, triple and shift F1 with every rule on, minus
    the same figures with that one rule switched off (positive: the rule helps). Shifts are
    scored as `score_shifts` does by default."""

    def figures(off: Collection[str]) -> tuple[float, float, float]:
        coded = code_articles(articles, codebook, coder=RuleCoder(codebook, off=off))
        pairs = match_gold(coded, gold)
        moves = Evaluation(pairs, score_shifts(coded, articles, gold)).shift_summary()
        return _prf(pairs)["pair_f1"], _prf(pairs, triple=True)["pair_f1"], moves["shift_f1"]

    every = figures(())
    columns = ["pair_f1_gain", "triple_f1_gain", "shift_f1_gain"]
    rows = []
    for rule in rules:
        gains = [round(on - off, 3) for on, off in zip(every, figures({rule}), strict=True)]
        rows.append({"rule": rule, **dict(zip(columns, gains, strict=True))})
    return pd.DataFrame(rows, columns=["rule", *columns])


def gold_statements(gold: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The gold codes as a statements table: one current, certain row per code.

    Dates and article metadata come from `articles` by doc_id; scores are +1 support,
    -1 oppose and 0 neutral or mixed.
    """
    meta = articles.assign(doc_id=articles["doc_id"].astype(str)).drop_duplicates("doc_id")
    meta = meta.reindex(columns=["article_id", "doc_id", "published", "title", "source", "url"])
    rows = gold.merge(meta, on="doc_id", how="inner", validate="many_to_one")
    rows = rows.assign(
        statement_id=[f"gold:{i}" for i in range(len(rows))],
        actor_name=rows["actor_id"],
        score=rows["stance"].map(GOLD_SCORES),
        confidence=1.0,
        attribution="paraphrase",
        via_actor_id=None,
        evidence="",
        evidence_start=0,
        evidence_end=0,
        quote=None,
        cues=[[] for _ in range(len(rows))],
        coder="manual:gold",
        codebook="",
        reference=CURRENT,
    )
    return rows[STATEMENTS.names]


def score_shifts(
    statements: pd.DataFrame,
    articles: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    min_confidence: float = MIN_CONFIDENCE,
    include_reported: bool = INCLUDE_REPORTED,
) -> pd.DataFrame:
    """Gold shifts against detected shifts on the gold's articles, matched on SHIFT_KEY.

    Gold shifts come from `shifts` over `gold_statements`; detected shifts from `shifts`
    over the coded statements of the same articles, with the given filters. `date` is
    the day the new stance appears (to_date). One row per shift, `kind` hit / miss /
    spurious; a shift repeated on the same key matches as many times as it occurs.
    """
    docs = set(gold["doc_id"])
    coded = statements[statements["doc_id"].astype(str).isin(docs)]
    detected = shifts(coded, min_confidence=min_confidence, include_reported=include_reported)
    expected = shifts(gold_statements(gold, articles), min_confidence=0, include_reported=True)
    merged = _shift_keys(expected).merge(
        _shift_keys(detected), on=[*SHIFT_KEY, "n"], how="outer", indicator=True
    )
    kinds = {"both": "hit", "left_only": "miss", "right_only": "spurious"}
    merged["kind"] = merged["_merge"].astype(str).map(kinds)
    for column in ("from_date", "from_doc_id", "to_doc_id"):
        merged[column] = merged[f"{column}_x"].fillna(merged[f"{column}_y"])
    return merged[SHIFT_COLUMNS].sort_values(SHIFT_KEY, kind="stable").reset_index(drop=True)


def _shift_keys(found: pd.DataFrame) -> pd.DataFrame:
    day = "%Y-%m-%d"
    keys = pd.DataFrame(
        {
            "actor_id": found["actor_id"].astype(str),
            "topic_id": found["topic_id"].astype(str),
            "from_stance": found["from_stance"].astype(str),
            "to_stance": found["to_stance"].astype(str),
            "date": pd.to_datetime(found["to_date"]).dt.strftime(day),
            "from_date": pd.to_datetime(found["from_date"]).dt.strftime(day),
            "from_doc_id": found["from_doc_id"].astype(str),
            "to_doc_id": found["to_doc_id"].astype(str),
        }
    )
    return keys.assign(n=keys.groupby(SHIFT_KEY).cumcount())


def _miss_evidence(articles: pd.DataFrame, codebook: Codebook, doc_id, actor_id, topic_id) -> str:
    article = articles[articles["doc_id"].astype(str) == doc_id].iloc[0]
    published = None if pd.isna(article["published"]) else pd.Timestamp(article["published"]).date()
    traces = analyse_article(article["text"], codebook, published=published)
    mentioned = [t for t in traces if any(actor_id in m.actors for m in t.mentions)]
    with_cue = [
        t for t in mentioned if any(c.topic_id == topic_id for cl in t.clauses for c in cl.cues)
    ]
    return (with_cue or mentioned)[0].text if mentioned else ""


# The summary's lists of single cases, left out where only aggregate figures may be read.
SINGLE_ERRORS = ("missed_shifts", "spurious_shifts", "errors")


def format_report(result: Evaluation, *, errors: bool = True) -> str:
    """The evaluation as plain text: headline figures, breakdowns, then (with `errors`) every
    missed or spurious shift and every error."""
    s = result.summary()
    lines = [
        f"{s['n_articles']} articles: {s['n_gold']} gold pairs, {s['n_predicted']} coded pairs",
        _figures("pair", s["pair_precision"], s["pair_recall"], s["pair_f1"])
        + _interval(s["pair_f1_interval"]),
        f"stance   accuracy on matched pairs {s['stance_accuracy']:.3f}",
        _figures("triple", s["triple_precision"], s["triple_recall"], s["triple_f1"])
        + _interval(s["triple_f1_interval"]),
        _figures("shift", s["shift_precision"], s["shift_recall"], s["shift_f1"])
        + f"  ({s['n_gold_shifts']} gold, {s['n_detected_shifts']} detected)",
    ]
    for name in ("by_topic", "by_actor"):
        table = pd.DataFrame(s[name]).T
        lines += ["", name.replace("_", " ") + ":", table.to_string(float_format="%.2f")]
    table = pd.DataFrame(s["by_attribution"]).T
    lines += ["", "precision by attribution:", table.to_string(float_format="%.2f")]
    table = pd.DataFrame(s["calibration"]).T
    lines += [
        "",
        f"calibration of statement confidence (error {s['calibration_error']:.3f}):",
        table.to_string(float_format="%.2f"),
    ]
    table = pd.DataFrame(s["by_standing"]).T
    lines += [
        "",
        "statements right by standing in their article (the review queue's order):",
        table.to_string(float_format="%.2f"),
        f"right after wrong (AUC): review order {_figure(s['review_order_auc'])}, "
        f"confidence alone {_figure(s['confidence_auc'])}",
    ]
    if len(s["by_coder"]) > 1:
        table = pd.DataFrame(s["by_coder"]).T
        lines += ["", "statements right by coder:", table.to_string(float_format="%.2f")]
    if not errors:
        return "\n".join(lines)
    for name in ("missed_shifts", "spurious_shifts"):
        lines += ["", f"{len(s[name])} {name.replace('_', ' ')}:"]
        lines += [
            f"- {m['actor_id']}/{m['topic_id']}: {m['from_stance']} ({m['from_date']}, "
            f"{m['from_doc_id']}) -> {m['to_stance']} ({m['date']}, {m['to_doc_id']})"
            for m in s[name]
        ]
    found = result.errors()
    lines += ["", f"{len(found)} errors:"]
    for e in found.itertuples():
        stances = f"gold {e.gold_stance or '-'}, coded {e.stance or '-'}"
        lines.append(f"- {e.kind}: {e.doc_id} {e.actor_id}/{e.topic_id} ({stances})")
        if e.evidence:
            lines.append(f"    {e.evidence}")
    return "\n".join(lines)


def _interval(bounds: list[float]) -> str:
    return f"  (95% interval {bounds[0]:.2f}-{bounds[1]:.2f} over articles)"


def _figures(name: str, precision: float, recall: float, f1: float) -> str:
    return f"{name:<8} precision {precision:.3f}  recall {recall:.3f}  f1 {f1:.3f}"


def _f1_interval(
    p: pd.DataFrame, *, triple: bool = False, resamples: int = 2000, seed: int = 0
) -> list[float]:
    """A 95% percentile bootstrap interval of F1, resampling articles (with a gold or coded
    pair): how far the figure could move on another sample of such articles."""
    gold, predicted, hit = _matches(p, triple=triple)
    counts = (
        pd.DataFrame({"doc": p["doc_id"], "hit": hit, "pred": predicted, "gold": gold})
        .groupby("doc")[["hit", "pred", "gold"]]
        .sum()
        .to_numpy(dtype=float)
    )
    if not len(counts):
        return [0.0, 0.0]
    draws = np.random.default_rng(seed).integers(0, len(counts), (resamples, len(counts)))
    hits, preds, golds = counts[draws].sum(axis=1).T
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.nan_to_num(2 * hits / (preds + golds))  # F1 = 2TP / (predicted + gold)
    low, high = np.percentile(f1, [2.5, 97.5])
    return [round(float(low), 4), round(float(high), 4)]


def _matches(p: pd.DataFrame, *, triple: bool = False) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Which pairs are gold, which are coded, and which are both (with the same stance)."""
    gold = p["gold_stance"].notna()
    predicted = p["stance"].notna()
    return (
        gold,
        predicted,
        gold & predicted & ((p["gold_stance"] == p["stance"]) if triple else True),
    )


def _prf(p: pd.DataFrame, *, triple: bool = False) -> dict:
    gold, predicted, hit = _matches(p, triple=triple)
    tp, n_pred, n_gold = int(hit.sum()), int(predicted.sum()), int(gold.sum())
    precision, recall = _ratio(tp, n_pred), _ratio(tp, n_gold)
    f1 = _ratio(2 * precision * recall, precision + recall) if precision + recall else 0.0
    return {
        "pair_precision": precision,
        "pair_recall": recall,
        "pair_f1": f1,
        "n_gold": n_gold,
        "n_predicted": n_pred,
    }


def _breakdown(p: pd.DataFrame, column: str) -> dict:
    return {str(k): dict(_prf(group).items()) for k, group in p.groupby(column, sort=True)}


def _precision_by(p: pd.DataFrame, column: str) -> dict:
    result = {}
    for key, group in p.groupby(column, sort=True):
        correct = group["gold_stance"].notna()
        result[str(key)] = {
            "n": len(group),
            "pair_precision": _ratio(int(correct.sum()), len(group)),
            "triple_precision": _ratio(
                int((group["gold_stance"] == group["stance"]).sum()), len(group)
            ),
        }
    return result


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _auc(score: pd.Series, right: pd.Series) -> float | None:
    """Mann-Whitney AUC of `score` for `right` (ties count half); None without both kinds."""
    right = right.astype(bool)
    n_right, n_wrong = int(right.sum()), int((~right).sum())
    if not n_right or not n_wrong:
        return None
    ranks = score.rank(method="average")
    return round(float((ranks[right].sum() - n_right * (n_right + 1) / 2) / (n_right * n_wrong)), 4)


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0
