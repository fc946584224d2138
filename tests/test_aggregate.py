"""Tests for stances.aggregate: stance series, topic salience and source breakdowns."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import make_statements, stmt

from stances.aggregate import UNKNOWN_SOURCE, source_breakdown, stance_series, topic_salience
from stances.errors import StancesError


@pytest.fixture
def statements() -> pd.DataFrame:
    """Trump on t1 over two weeks of February and one day of March, from two sources."""
    return make_statements(
        stmt("a", "2025-02-03", "trump", "t1", "support", source="Wire"),  # Monday
        stmt("b", "2025-02-09", "trump", "t1", "oppose", source="Daily"),  # Sunday, same week
        stmt("c", "2025-02-10", "trump", "t1", "support", source="Wire"),  # next Monday
        stmt("c", "2025-02-10", "putin", "t2", "oppose", source="Wire"),
        stmt("d", "2025-03-05", "trump", "t1", "neutral", source=None),
        stmt("u", None, "trump", "t2", "support", source="Wire"),
    )


def test_weekly_series_start_on_monday_and_combine_the_week(statements):
    result = stance_series(statements, period="week", actor="trump")
    assert result["period"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-02-03", "2025-02-10", "2025-03-03",
    ]  # fmt: skip
    first = result.iloc[0]
    assert (first["stance"], first["n_articles"], first["n_support"], first["n_oppose"]) == (
        "mixed", 2, 1, 1,
    )  # fmt: skip
    assert first["mean_score"] == pytest.approx(0.0)
    assert result["stance"].tolist()[1:] == ["support", "neutral"]
    assert str(result["period"].dtype) == "datetime64[s]"


def test_monthly_series_count_every_dated_article(statements):
    result = stance_series(statements, period="month")
    rows = {(r.actor_id, r.topic_id, r.period.strftime("%Y-%m")): r for r in result.itertuples()}
    assert sorted(rows) == [("putin", "t2", "2025-02"), ("trump", "t1", "2025-02"),
                            ("trump", "t1", "2025-03")]  # fmt: skip
    february = rows["trump", "t1", "2025-02"]
    assert (february.n_articles, february.n_support, february.n_oppose) == (3, 2, 1)
    assert february.stance == "mixed"
    assert february.mean_score == pytest.approx(0.2)
    counts = result[["n_support", "n_oppose", "n_neutral", "n_mixed"]].sum(axis=1)
    assert (counts == result["n_articles"]).all()


def test_series_apply_the_trust_filters(statements):
    weak = make_statements(stmt("a", "2025-02-03", "trump", "t1", "support", confidence=0.5))
    assert stance_series(weak).empty
    assert len(stance_series(weak, min_confidence=0.5)) == 1


def test_salience_shares_per_month_sum_to_one_with_zeros_filled(statements):
    result = topic_salience(statements, by="month")
    assert result.columns.tolist() == ["period", "topic_id", "n_statements", "share"]
    march = result[result["period"] == pd.Timestamp("2025-03-01")]
    assert march[["topic_id", "n_statements"]].values.tolist() == [["t1", 1], ["t2", 0]]
    assert result.groupby("period")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
    february = result[result["period"] == pd.Timestamp("2025-02-01")].set_index("topic_id")
    assert february["share"].to_dict() == pytest.approx({"t1": 0.75, "t2": 0.25})


def test_salience_per_source_counts_undated_and_names_missing_sources(statements):
    result = topic_salience(statements, by="source")
    counts = {(r.source, r.topic_id): r.n_statements for r in result.itertuples()}
    assert counts[("Wire", "t2")] == 2  # the undated article counts by source
    assert counts[(UNKNOWN_SOURCE, "t1")] == 1
    assert result.groupby("source")["share"].sum().round(9).eq(1).all()


def test_salience_by_week_and_filters(statements):
    result = topic_salience(statements, by="week", actor="putin")
    assert result[["topic_id", "n_statements", "share"]].values.tolist() == [["t2", 1, 1.0]]


def test_source_breakdown_counts_article_stances_per_source(statements):
    result = source_breakdown(statements, actor="trump")
    rows = {(r.source, r.topic_id): r for r in result.itertuples()}
    wire = rows["Wire", "t1"]
    assert (wire.n_articles, wire.n_support, wire.n_statements) == (2, 2, 2)
    assert rows["Daily", "t1"].n_oppose == 1
    assert rows[UNKNOWN_SOURCE, "t1"].n_neutral == 1
    assert rows["Wire", "t2"].n_support == 1  # undated articles count
    assert result["source"].is_monotonic_increasing


@pytest.mark.parametrize(
    ("call", "where"),
    [
        (lambda s: stance_series(s, period="year"), "period"),
        (lambda s: topic_salience(s, by="decade"), "by"),
        (lambda s: source_breakdown(s, since="soon"), "since"),
    ],
)
def test_bad_arguments_name_the_argument(statements, call, where):
    with pytest.raises(StancesError, match=where):
        call(statements)


@pytest.mark.parametrize(
    "function",
    [stance_series, topic_salience, source_breakdown],
)
def test_no_rows_give_empty_frames_with_the_columns(statements, function):
    result = function(statements.iloc[:0])
    assert result.empty
    assert result.columns.tolist() == function(statements).columns.tolist()
