"""Tests for stances.analysis: small hand-built statements, read back through the dataset files."""

from __future__ import annotations

from datetime import date, datetime

import hypothesis.strategies as st
import pandas as pd
import pytest
from builders import make_statements, stmt
from hypothesis import given, settings

from stances.analysis import (
    MIN_CONFIDENCE,
    article_stances,
    combine_stances,
    coverage,
    discourse_network,
    filter_statements,
    shifts,
    shifts_along,
    stance_matrix,
    trajectories,
    trusted,
)
from stances.errors import StancesError, UnknownIdError
from stances.schema import REFERENCES, STANCES

# --- article_stances ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stances", "expected"),
    [
        (["support"], "support"),
        (["support", "support"], "support"),
        (["neutral", "neutral"], "neutral"),
        (["mixed", "mixed"], "mixed"),
        (["support", "oppose"], "mixed"),
        (["support", "neutral", "oppose"], "mixed"),
        (["support", "neutral"], "support"),
        (["oppose", "neutral", "neutral"], "oppose"),
        (["mixed", "neutral"], "mixed"),
        (["support", "support", "mixed"], "support"),
        (["support", "mixed"], "mixed"),
        (["oppose", "mixed", "mixed"], "mixed"),
    ],
)
def test_article_stance_rule(stances, expected):
    statements = make_statements(*(stmt("a", "2025-02-12", "trump", "t", s) for s in stances))
    result = article_stances(statements)
    assert result["stance"].tolist() == [expected]
    assert result["n_statements"].tolist() == [len(stances)]


def test_a_stance_outside_the_four_combines_by_the_rule_as_written():
    # A frame from another coder may hold a label the schema does not know.
    statements = make_statements(
        stmt("a", "2025-02-12", "trump", "t", "support"),
        stmt("a", "2025-02-12", "trump", "t", "neutral"),
        stmt("b", "2025-02-13", "trump", "t", "oppose"),
        stmt("c", "2025-02-14", "trump", "t", "neutral"),
    )
    statements["stance"] = statements["stance"].astype(str)
    statements.loc[[1, 3], "stance"] = "undecided"
    assert article_stances(statements)["stance"].tolist() == [
        combine_stances(["support", "undecided"]),
        "oppose",
        "undecided",
    ]
    found = shifts(statements, min_confidence=0)
    assert found[["from_stance", "to_stance"]].values.tolist() == [
        ["support", "oppose"],
        ["oppose", "undecided"],
    ]


def test_article_stances_takes_evidence_from_strongest_statement():
    weak = {"score": 0.4, "confidence": 1.0, "attribution": "reported", "evidence": "Weak."}
    strong = {"score": 0.9, "confidence": 0.9, "attribution": "paraphrase", "evidence": "Strong."}
    statements = make_statements(
        stmt("a", "2025-02-12", "trump", "t", "support", **weak),
        stmt("a", "2025-02-12", "trump", "t", "support", **strong, quote="we will"),
    )
    result = article_stances(statements)
    assert list(result.columns) == [
        "article_id", "doc_id", "published", "title", "source", "url", "actor_id",
        "actor_name", "topic_id", "stance", "score", "confidence", "n_statements",
        "attribution", "evidence", "quote",
    ]  # fmt: skip
    result = result.iloc[0]
    assert result[["evidence", "attribution", "quote"]].tolist() == [
        "Strong.",
        "paraphrase",
        "we will",
    ]
    assert result["score"] == pytest.approx(0.65)
    assert result["confidence"] == pytest.approx(0.95)
    assert result["published"] == pd.Timestamp("2025-02-12")


def test_article_stance_means_leave_out_missing_scores():
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "t", "support", score=0.5),
        stmt("a", "2025-02-01", "trump", "t", "support", score=0.75),
        stmt("a", "2025-02-01", "trump", "t", "support", score=0.25),
    )
    statements.loc[1, "score"] = float("nan")
    rows = article_stances(statements)
    assert rows["score"].tolist() == [0.375]
    assert rows["n_statements"].tolist() == [3]


def test_article_stances_sorted_with_undated_first():
    statements = make_statements(
        stmt("b", "2025-02-03", "trump", "t", "support"),
        stmt("a", "2025-02-01", "putin", "t", "oppose"),
        stmt("a", "2025-02-01", "biden", "t", "oppose"),
        stmt("c", None, "trump", "t", "support"),
    )
    result = article_stances(statements)[["doc_id", "actor_id"]].values.tolist()
    expected = [["c.txt", "trump"], ["a.txt", "biden"], ["a.txt", "putin"], ["b.txt", "trump"]]
    assert result == expected


@pytest.mark.parametrize(
    "function",
    [article_stances, trajectories, shifts, stance_matrix, coverage, discourse_network],
)
def test_input_is_not_changed(function):
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "t", "support"),
        stmt("b", "2025-02-03", "trump", "t", "oppose"),
        stmt("b", "2025-02-03", "putin", "t", "support"),
    )
    before = statements.copy()
    function(statements)
    pd.testing.assert_frame_equal(statements, before)


# --- trajectories and shifts -------------------------------------------------------------


def test_trajectories_leave_out_undated_articles_and_keep_date_order():
    statements = make_statements(
        stmt("b", "2025-02-03", "trump", "t", "oppose"),
        stmt("c", None, "trump", "t", "support"),
        stmt("a", "2025-02-01", "trump", "t", "support"),
        stmt("a", "2025-02-01", "putin", "t", "support"),
    )
    result = trajectories(statements, actor="trump")["article_id"].tolist()
    assert result == ["a", "b"]
    result = trajectories(statements)[["actor_id", "article_id"]].values.tolist()
    assert result == [["putin", "a"], ["trump", "a"], ["trump", "b"]]


def test_shifts_between_consecutive_dated_articles():
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "t", "support"),
        stmt("b", "2025-02-02", "trump", "t", "support"),
        stmt("c", "2025-02-03", "trump", "t", "oppose"),
        stmt("d", "2025-02-04", "trump", "t", "oppose"),
        stmt("e", "2025-02-05", "trump", "t", "neutral"),
    )
    result = shifts(statements)
    expected = pd.DataFrame(
        {
            "from_article_id": ["b", "d"],
            "to_article_id": ["c", "e"],
            "from_stance": ["support", "oppose"],
            "to_stance": ["oppose", "neutral"],
            "from_date": pd.to_datetime(["2025-02-02", "2025-02-04"]).astype("datetime64[s]"),
            "to_date": pd.to_datetime(["2025-02-03", "2025-02-05"]).astype("datetime64[s]"),
        }
    )
    pd.testing.assert_frame_equal(result[expected.columns], expected)
    assert result[["actor_id", "actor_name", "topic_id"]].drop_duplicates().values.tolist() == [
        ["trump", "Trump", "t"]
    ]
    assert list(result.columns) == [
        "actor_id", "actor_name", "topic_id", "from_stance", "to_stance", "from_date",
        "to_date", "from_article_id", "to_article_id", "from_doc_id", "to_doc_id",
        "from_title", "to_title", "from_evidence", "to_evidence", "from_url", "to_url",
        "magnitude",
    ]  # fmt: skip


def test_shifts_skip_undated_articles():
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "t", "support"),
        stmt("u", None, "trump", "t", "oppose"),
        stmt("b", "2025-02-03", "trump", "t", "support"),
    )
    assert shifts(statements).empty


def test_shifts_order_same_date_articles_by_doc_id():
    statements = make_statements(
        stmt("z", "2025-02-01", "trump", "t", "support", doc_id="b.txt"),
        stmt("y", "2025-02-01", "trump", "t", "oppose", doc_id="a.txt"),
    )
    result = shifts(statements)[["from_doc_id", "to_doc_id", "from_stance", "to_stance"]]
    assert result.values.tolist() == [["a.txt", "b.txt", "oppose", "support"]]


def test_shift_magnitude_is_the_difference_of_mean_scores():
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "t", "support", score=0.8),
        stmt("a", "2025-02-01", "trump", "t", "support", score=0.4),
        stmt("b", "2025-02-02", "trump", "t", "oppose", score=-0.9),
    )
    result = shifts(statements)["magnitude"].tolist()
    assert result == [pytest.approx(1.5)]


def test_shifts_are_per_actor_and_topic():
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "t1", "support"),
        stmt("b", "2025-02-02", "trump", "t2", "oppose"),
        stmt("c", "2025-02-03", "putin", "t1", "oppose"),
        stmt("d", "2025-02-04", "putin", "t1", "support"),
        stmt("e", "2025-02-05", "trump", "t1", "oppose"),
    )
    result = shifts(statements)[["actor_id", "topic_id", "from_article_id", "to_article_id"]]
    assert result.values.tolist() == [["putin", "t1", "c", "d"], ["trump", "t1", "a", "e"]]
    assert shifts(statements, actor=["trump"], topic="t1")["to_article_id"].tolist() == ["e"]


@pytest.mark.parametrize(
    "since",
    ["2025-02-02", date(2025, 2, 2), datetime(2025, 2, 2, 15, 30), pd.Timestamp("2025-02-02")],
)
def test_since_until_accept_date_likes_and_include_both_ends(since):
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "t", "support"),
        stmt("b", "2025-02-02", "trump", "t", "oppose"),
        stmt("c", "2025-02-03", "trump", "t", "support"),
        stmt("d", "2025-02-04", "trump", "t", "oppose"),
    )
    result = shifts(statements, since=since, until="2025-02-03")
    assert result[["from_article_id", "to_article_id"]].values.tolist() == [["b", "c"]]
    assert trajectories(statements, since=since)["article_id"].tolist() == ["b", "c", "d"]


def test_date_window_leaves_out_undated_articles():
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "t", "support"),
        stmt("u", None, "trump", "t", "oppose"),
    )
    assert coverage(statements)["article_id"].tolist() == ["u", "a"]
    assert coverage(statements, until="2025-03-01")["article_id"].tolist() == ["a"]


def test_bad_date_names_the_argument():
    statements = make_statements(stmt("a", "2025-02-01", "trump", "t", "support"))
    with pytest.raises(StancesError, match=r"since.*YYYY-MM-DD"):
        trajectories(statements, since="last tuesday")


# --- shared filters ----------------------------------------------------------------------


def _filterable() -> pd.DataFrame:
    return make_statements(
        stmt("a", "2025-02-01", "trump", "t1", "support", confidence=0.9),
        stmt("b", "2025-02-10", "putin", "t1", "oppose", attribution="reported", confidence=0.5),
        stmt("c", "2025-03-01", "trump", "t2", "neutral", attribution="action", confidence=0.7),
        stmt("u", None, "trump", "t2", "mixed"),
    )


@pytest.mark.parametrize(
    ("filters", "articles"),
    [
        ({}, ["a", "b", "c", "u"]),
        ({"since": "2025-02-10"}, ["b", "c"]),
        ({"until": "2025-02-10"}, ["a", "b"]),
        ({"actor": "trump"}, ["a", "c", "u"]),
        ({"topic": ["t2"], "actor": ["trump", "putin"]}, ["c", "u"]),
        ({"min_confidence": 0.7}, ["a", "c", "u"]),
        ({"attribution": ["reported", "action"]}, ["b", "c"]),
        ({"attribution": "direct_quote", "since": "2025-01-01"}, ["a"]),
    ],
)
def test_filter_statements_keeps_rows_passing_every_filter(filters, articles):
    statements = _filterable()
    result = filter_statements(statements, **filters)
    assert sorted(result["article_id"]) == articles
    assert result.dtypes.equals(statements.dtypes)
    assert result.index.tolist() == list(range(len(result)))


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"actor": "Hegseth"}, r"unknown actor 'Hegseth'; did you mean 'hegseth'\?"),
        ({"actor": ["trump", "trmp"]}, r"unknown actor 'trmp'; did you mean 'trump'\?"),
        ({"topic": "nato"}, r"unknown topic 'nato'; did you mean 'ukraine_nato_membership'\?"),
        ({"topic": "Minerals deal"}, r"did you mean 'minerals_deal'"),
        ({"actor": "zzzz"}, r"unknown actor 'zzzz'; `stances codebook show --actors` lists"),
    ],
)
def test_unknown_ids_are_errors_with_a_suggestion(filters, message):
    with pytest.raises(UnknownIdError, match=message):
        filter_statements(_filterable(), **filters)
    with pytest.raises(UnknownIdError):
        shifts(_filterable(), **filters)


def test_codebook_ids_absent_from_the_data_are_no_error():
    """`hegseth` is a codebook actor: a filter on it is a real absence, not a typo."""
    assert filter_statements(_filterable(), actor="hegseth").empty
    assert shifts(_filterable(), actor="hegseth", topic="minerals_deal").empty


@pytest.mark.parametrize(
    ("filters", "where"),
    [({"attribution": "quote"}, "attribution"), ({"min_confidence": 2}, "min_confidence")],
)
def test_bad_filter_values_name_the_filter(filters, where):
    with pytest.raises(StancesError, match=where):
        filter_statements(_filterable(), **filters)


def test_analysis_functions_take_the_shared_filters():
    statements = _filterable()
    rows = article_stances(statements, actor="trump", attribution="action")
    assert rows["article_id"].tolist() == ["c"]
    everything = {"min_confidence": 0, "include_reported": True}
    assert trajectories(statements, attribution="reported", min_confidence=0)[
        "article_id"
    ].tolist() == ["b"]
    assert len(trajectories(statements, **everything)) == 3


# --- trust filters: the actor's own current statements ----------------------------------


def _walkback(**recap) -> pd.DataFrame:
    """Oppose on day one; on day two a neutral statement and a recap of day one's oppose."""
    return make_statements(
        stmt("a", "2025-02-12", "hegseth", "nato", "oppose"),
        stmt("b", "2025-02-13", "hegseth", "nato", "neutral"),
        stmt("b", "2025-02-13", "hegseth", "nato", "oppose", **{"reference": "recap", **recap}),
    )


def _moves(found: pd.DataFrame) -> list[tuple]:
    days = found["to_date"].dt.strftime("%Y-%m-%d")
    return list(zip(found["from_stance"], found["to_stance"], days, strict=True))


def test_shifts_ignore_recaps_and_background_by_default():
    assert _moves(shifts(_walkback())) == [("oppose", "neutral", "2025-02-13")]
    assert _moves(shifts(_walkback(reference="background"))) == [
        ("oppose", "neutral", "2025-02-13")
    ]
    # Counted as news, the recap hides the walk-back: the day-two article reads as oppose.
    assert shifts(_walkback(reference="current")).empty
    assert shifts(_walkback(), reference=None).empty
    assert shifts(_walkback(), reference=["current", "recap"]).empty
    assert _moves(shifts(_walkback(reference="background"), reference=REFERENCES[:2])) == [
        ("oppose", "neutral", "2025-02-13")
    ]


def test_shifts_leave_out_reported_statements_unless_asked():
    statements = make_statements(
        stmt("a", "2025-02-12", "putin", "talks", "support"),
        stmt("b", "2025-02-19", "putin", "talks", "oppose", attribution="reported"),
        stmt("c", "2025-02-26", "putin", "talks", "support", attribution="action"),
    )
    assert shifts(statements).empty
    assert trajectories(statements)["article_id"].tolist() == ["a", "c"]
    assert _moves(shifts(statements, include_reported=True)) == [
        ("support", "oppose", "2025-02-19"),
        ("oppose", "support", "2025-02-26"),
    ]


def test_shifts_leave_out_statements_below_the_confidence_threshold():
    statements = make_statements(
        stmt("a", "2025-02-12", "trump", "deal", "support", confidence=0.9),
        stmt("b", "2025-02-19", "trump", "deal", "oppose", confidence=MIN_CONFIDENCE - 0.01),
        stmt("c", "2025-02-26", "trump", "deal", "oppose", confidence=MIN_CONFIDENCE),
    )
    assert _moves(shifts(statements)) == [("support", "oppose", "2025-02-26")]
    assert _moves(shifts(statements, min_confidence=0)) == [("support", "oppose", "2025-02-19")]
    assert trajectories(statements, min_confidence=0.95).empty


def test_trusted_keeps_own_current_confident_rows():
    statements = make_statements(
        stmt("a", "2025-02-12", "trump", "t", "support"),
        stmt("a", "2025-02-12", "trump", "t", "support", attribution="reported"),
        stmt("a", "2025-02-12", "trump", "t", "support", reference="recap"),
        stmt("a", "2025-02-12", "trump", "t", "support", reference="background"),
        stmt("a", "2025-02-12", "trump", "t", "support", confidence=0.1),
    )
    assert trusted(statements)["statement_id"].tolist() == ["s0"]
    everything = trusted(statements, min_confidence=0, include_reported=True, reference=None)
    assert len(everything) == len(statements)
    # A frame of schema 1.0 has no reference column: its rows are current.
    assert trusted(statements.drop(columns="reference"))["statement_id"].tolist() == [
        "s0",
        "s2",
        "s3",
    ]
    assert len(trajectories(statements.drop(columns="reference"), reference=None)) == 1


@pytest.mark.parametrize(
    ("options", "where"),
    [
        ({"min_confidence": 1.5}, "min_confidence"),
        ({"min_confidence": -0.1}, "min_confidence"),
        ({"reference": "later"}, "reference"),
        ({"reference": ["current", "past"]}, "reference"),
    ],
)
def test_bad_trust_options_name_the_option(options, where):
    statements = make_statements(stmt("a", "2025-02-12", "trump", "t", "support"))
    with pytest.raises(StancesError, match=where):
        shifts(statements, **options)


def test_article_stances_keep_reported_and_filter_references_only_when_asked():
    statements = _walkback(attribution="reported")
    assert article_stances(statements)["stance"].tolist() == ["oppose", "oppose"]
    current = article_stances(statements, reference="current")
    assert current["stance"].tolist() == ["oppose", "neutral"]


@pytest.mark.parametrize("function", [trusted, trajectories, shifts])
def test_docstrings_state_the_default_threshold(function):
    assert str(MIN_CONFIDENCE) in function.__doc__


# --- stance_matrix, coverage, discourse_network ------------------------------------------


def test_stance_matrix_latest_is_dated_and_mean_counts_undated():
    statements = make_statements(
        stmt("u", None, "trump", "t", "support", score=0.9),
        stmt("a", "2025-02-01", "trump", "t", "oppose", score=-0.5),
        stmt("b", "2025-02-03", "trump", "t", "support", score=0.3, evidence="Latest."),
        stmt("v", None, "putin", "t", "oppose", score=-0.7, evidence="Undated."),
    )
    result = stance_matrix(statements)
    expected = pd.DataFrame(
        {
            "actor_id": ["putin", "trump"],
            "topic_id": ["t", "t"],
            "actor_name": ["Putin", "Trump"],
            "latest_stance": ["oppose", "support"],
            "latest_date": pd.to_datetime([None, "2025-02-03"]).astype("datetime64[s]"),
            "latest_evidence": ["Undated.", "Latest."],
            "latest_article_id": ["v", "b"],
            "mean_score": [-0.7, (0.9 - 0.5 + 0.3) / 3],
            "n_articles": [1, 3],
        }
    )
    pd.testing.assert_frame_equal(result, expected, rtol=1e-6)


def test_stance_matrix_window():
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "t", "oppose", score=-0.5),
        stmt("b", "2025-02-03", "trump", "t", "support", score=0.3),
    )
    result = stance_matrix(statements, until="2025-02-02")
    assert result[["latest_stance", "n_articles"]].values.tolist() == [["oppose", 1]]


def test_coverage_counts_statements_and_topics():
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "t1", "support"),
        stmt("a", "2025-02-01", "trump", "t1", "support"),
        stmt("a", "2025-02-01", "trump", "t2", "oppose"),
        stmt("a", "2025-02-01", "putin", "t1", "support"),
    )
    result = coverage(statements)
    expected = pd.DataFrame(
        {
            "actor_id": ["putin", "trump"],
            "actor_name": ["Putin", "Trump"],
            "article_id": ["a", "a"],
            "doc_id": ["a.txt", "a.txt"],
            "title": ["Title a", "Title a"],
            "published": pd.to_datetime(["2025-02-01"] * 2).astype("datetime64[s]"),
            "n_statements": [1, 3],
            "n_topics": [1, 2],
        }
    )
    pd.testing.assert_frame_equal(result[expected.columns], expected)


def test_discourse_network_agree_and_oppose_edges():
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "t1", "support"),
        stmt("a", "2025-02-01", "putin", "t1", "support"),
        stmt("a", "2025-02-01", "biden", "t1", "oppose"),
        stmt("a", "2025-02-01", "zelensky", "t1", "neutral"),
        stmt("b", "2025-02-02", "trump", "t2", "oppose"),
        stmt("b", "2025-02-02", "putin", "t2", "support"),
        stmt("c", "2025-02-03", "trump", "t3", "support"),
        stmt("c", "2025-02-03", "putin", "t3", "support", score=0.2),
    )
    result = discourse_network(statements)
    expected = pd.DataFrame(
        {
            "actor_a": ["biden", "biden", "putin", "putin"],
            "actor_b": ["putin", "trump", "trump", "trump"],
            "relation": ["oppose", "oppose", "agree", "oppose"],
            "weight": [1, 1, 2, 1],
            "topics": [["t1"], ["t1"], ["t1", "t3"], ["t2"]],
        }
    )
    pd.testing.assert_frame_equal(result, expected)
    result = discourse_network(statements, topic="t2")
    assert result[["actor_a", "actor_b", "relation"]].values.tolist() == [
        ["putin", "trump", "oppose"]
    ]


def test_discourse_network_side_is_the_sign_of_the_mean_score():
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "t", "support", score=0.8),
        stmt("b", "2025-02-02", "trump", "t", "oppose", score=-0.2),
        stmt("a", "2025-02-01", "putin", "t", "support", score=0.5),
    )
    result = discourse_network(statements)[["relation", "weight"]].values.tolist()
    assert result == [["agree", 1]]
    assert discourse_network(statements, since="2025-02-02").empty


@pytest.mark.parametrize(
    "function", [article_stances, trajectories, shifts, stance_matrix, coverage, discourse_network]
)
def test_empty_statements_give_empty_frames(function):
    statements = make_statements(stmt("a", "2025-02-01", "trump", "t", "support"))
    result = function(statements.iloc[:0])
    assert result.empty
    assert len(result.columns) == len(function(statements).columns)


# --- properties --------------------------------------------------------------------------

DATES = {"a": "2025-02-01", "b": "2025-02-01", "c": "2025-02-02", "d": "2025-02-05", "u": None}


@st.composite
def statement_rows(draw) -> list[dict]:
    rows = []
    for _ in range(draw(st.integers(1, 20))):
        article = draw(st.sampled_from(sorted(DATES)))
        stance = draw(st.sampled_from(STANCES))
        strength = draw(st.floats(0.05, 1.0))
        score = {"support": strength, "oppose": -strength, "neutral": 0.0}.get(
            stance, draw(st.floats(-1.0, 1.0))
        )
        actor = draw(st.sampled_from(["putin", "trump"]))
        topic = draw(st.sampled_from(["t1", "t2"]))
        trust = {
            "confidence": draw(st.sampled_from([0.3, MIN_CONFIDENCE, 0.9])),
            "attribution": draw(st.sampled_from(["paraphrase", "reported"])),
            "reference": draw(st.sampled_from(REFERENCES)),
        }
        rows.append(stmt(article, DATES[article], actor, topic, stance, score=score, **trust))
    return rows


@settings(max_examples=60, deadline=None)
@given(statement_rows())
def test_properties_of_article_stances_and_shifts(rows):
    statements = make_statements(*rows)
    stances = article_stances(statements)
    assert not stances.duplicated(["article_id", "actor_id", "topic_id"]).any()
    assert stances["n_statements"].sum() == len(statements)
    result = shifts(statements, min_confidence=0, include_reported=True, reference=None)
    assert (result["from_stance"] != result["to_stance"]).all()
    assert result["magnitude"].between(0, 2).all()
    for _, pair in result.groupby(["actor_id", "topic_id"]):
        # One shift ends in the stance the next one starts from, on a later date.
        assert pair["to_stance"].iloc[:-1].tolist() == pair["from_stance"].iloc[1:].tolist()
        assert pair["to_date"].is_monotonic_increasing
    # The default filters are exactly `trusted`: shifts of the trusted rows, unfiltered.
    everything = {"min_confidence": 0, "include_reported": True, "reference": None}
    pd.testing.assert_frame_equal(shifts(statements), shifts(trusted(statements), **everything))
    # Along the trajectories of the same filters: the same shifts.
    for filters in ({}, everything, {"actor": "trump", "since": "2025-02-02"}):
        along = shifts_along(trajectories(statements, **filters))
        pd.testing.assert_frame_equal(along, shifts(statements, **filters))


@settings(max_examples=40, deadline=None)
@given(
    statement_rows(),
    st.sampled_from([None, "2025-02-01", "2025-02-02"]),
    st.sampled_from([None, "2025-02-02", "2025-02-05"]),
    st.sampled_from([None, 0.5, MIN_CONFIDENCE]),
)
def test_filter_statements_splits_rows_into_kept_and_left_out(rows, since, until, confidence):
    statements = make_statements(*rows)
    kept = filter_statements(statements, since=since, until=until, min_confidence=confidence)
    days = statements["published"]
    inside = pd.Series(True, index=statements.index)
    if since:
        inside &= days >= pd.Timestamp(since)
    if until:
        inside &= days <= pd.Timestamp(until)
    if confidence is not None:
        inside &= statements["confidence"].round(6) >= confidence
    assert kept["statement_id"].tolist() == statements.loc[inside, "statement_id"].tolist()
    actors, topics = sorted(set(statements["actor_id"])), sorted(set(statements["topic_id"]))
    everyone = filter_statements(statements, actor=actors, topic=topics)
    pd.testing.assert_frame_equal(everyone, statements.reset_index(drop=True))


# --- the vectorised article stances against the rule written out per group ---------------


@st.composite
def statement_frames(draw) -> pd.DataFrame:
    """Statements as the coder gives them or, with shuffled categories, as read back; strengths
    and offsets from small sets, so that the evidence is often decided by a tie-break."""
    n = draw(st.integers(0, 30))
    if n == 0:
        return make_statements(stmt("a", "2025-02-01", "trump", "t", "support")).iloc[:0]
    ids = draw(st.permutations(range(n)))
    rows = []
    for i in range(n):
        article = draw(st.sampled_from(sorted(DATES)))
        stance = draw(st.sampled_from(STANCES))
        strength = draw(st.sampled_from([0.25, 0.5, 1.0]))
        score = {"support": strength, "oppose": -strength, "neutral": 0.0}.get(stance, 0.5)
        rows.append(
            {
                "statement_id": f"s{ids[i]:02d}", "article_id": article,
                "doc_id": f"{article}.txt", "published": DATES[article], "title": article,
                "source": "Wire", "url": None, "stance": stance,
                "actor_id": draw(st.sampled_from(["putin", "trump"])),
                "topic_id": draw(st.sampled_from(["t1", "t2"])),
                "score": score, "confidence": draw(st.sampled_from([0.5, 1.0])),
                "attribution": "paraphrase", "evidence": f"Evidence {i}.",
                "evidence_start": draw(st.sampled_from([0, 10])), "quote": None,
                "reference": "current",
            }
        )  # fmt: skip
    frame = pd.DataFrame(rows)
    frame["actor_name"] = frame["actor_id"].str.title()
    frame["published"] = pd.to_datetime(frame["published"])
    if draw(st.booleans()):
        for name in ("actor_id", "actor_name", "topic_id", "stance", "attribution"):
            values = sorted(set(frame[name].dropna()))
            frame[name] = pd.Categorical(frame[name], categories=draw(st.permutations(values)))
    return frame


def reference_article_stances(frame: pd.DataFrame) -> pd.DataFrame:
    """The rule of `article_stances`, one group at a time."""
    frame = frame.astype(
        {"actor_id": str, "topic_id": str, "stance": str, "published": "datetime64[s]"}
    )
    key = ["article_id", "actor_id", "topic_id"]
    ranked = frame.assign(strength=frame["score"].abs() * frame["confidence"]).sort_values(
        [*key, "strength", "evidence_start", "statement_id"],
        ascending=[True, True, True, False, True, True],
    )
    rows = []
    for _, group in ranked.groupby(key):
        rows.append(
            {
                **group.iloc[0][[*key, "doc_id", "published", "evidence"]].to_dict(),
                "stance": combine_stances(group["stance"]),
                "score": group["score"].mean(),
                "n_statements": len(group),
            }
        )
    columns = [*key, "doc_id", "published", "evidence", "stance", "score", "n_statements"]
    result = pd.DataFrame(rows, columns=columns)
    order = ["published", "doc_id", "actor_id", "topic_id", "article_id"]
    return result.sort_values(order, na_position="first").reset_index(drop=True)


@settings(max_examples=150, deadline=None)
@given(statement_frames())
def test_article_stances_and_shifts_equal_the_rule_written_out_per_group(frame):
    expected = reference_article_stances(frame)
    result = article_stances(frame)[expected.columns]
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)
    # Trajectories: the dated ones, per pair in date order.
    path = expected[expected["published"].notna()].sort_values(
        ["actor_id", "topic_id", "published", "doc_id", "article_id"]
    )
    everything = {"min_confidence": 0, "include_reported": True, "reference": None}
    found_path = trajectories(frame, **everything)[expected.columns]
    pd.testing.assert_frame_equal(found_path, path.reset_index(drop=True), check_dtype=False)
    # Shifts: consecutive dated articles of a pair whose stances differ.
    expected_shifts = [
        (a.actor_id, a.topic_id, a.stance, b.stance, b.evidence)
        for (_, a), (_, b) in zip(path.iloc[:-1].iterrows(), path.iloc[1:].iterrows(), strict=True)
        if (a.actor_id, a.topic_id) == (b.actor_id, b.topic_id) and a.stance != b.stance
    ]
    found = shifts(frame, **everything)
    columns = ["actor_id", "topic_id", "from_stance", "to_stance", "to_evidence"]
    assert list(found[columns].itertuples(index=False, name=None)) == expected_shifts
    pd.testing.assert_frame_equal(shifts_along(trajectories(frame, **everything)), found)
