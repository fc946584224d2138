"""`stances eval`: gold codes, the figures, and the coder's targets on the demo briefs."""

from pathlib import Path

import pandas as pd
import pytest
from builders import make_statements, stmt

from stances.analysis import shifts, trajectories
from stances.codebook import load_codebook
from stances.errors import GoldError
from stances.evaluate import (
    Evaluation,
    ablate,
    check_statements,
    evaluate,
    format_report,
    gold_statements,
    read_gold,
    score_shifts,
)

GOLD = Path(__file__).parents[1] / "seeds" / "gold.csv"


@pytest.fixture(scope="module")
def result(demo):
    return evaluate(demo.statements, demo.articles, read_gold(GOLD))


def test_targets_on_the_demo_briefs(result):
    """The issue's targets on the briefs: pair F1, stance accuracy and triple F1."""
    summary = result.summary()
    assert summary["n_articles"] >= 31
    assert summary["pair_f1"] >= 0.85
    assert summary["stance_accuracy"] >= 0.85
    assert summary["triple_f1"] >= 0.75


def test_high_confidence_statements_are_right_more_often_on_the_briefs(result):
    bands = result.summary()["calibration"]
    assert bands["0.8-0.9"]["right"] > bands["0.6-0.7"]["right"]
    assert result.summary()["calibration_error"] < 0.1


def test_calibration_compares_confidence_with_how_often_statements_are_right():
    checked = pd.DataFrame(
        {"confidence": [0.65, 0.65, 0.85, 0.85, 0.95], "right": [True, False, True, True, True]}
    )
    figures = Evaluation(pd.DataFrame(), checked=checked).calibration()
    assert figures["calibration"] == {
        "0.6-0.7": {"n": 2, "mean_confidence": 0.65, "right": 0.5},
        "0.8-0.9": {"n": 2, "mean_confidence": 0.85, "right": 1.0},
        "0.9-1.0": {"n": 1, "mean_confidence": 0.95, "right": 1.0},
    }
    assert figures["calibration_error"] == round((2 * 0.15 + 2 * 0.15 + 0.05) / 5, 4)


def test_repeated_statements_are_right_more_often_than_lone_or_conflicting_ones(result):
    standing = result.summary()["by_standing"]
    rates = [standing[name]["right"] for name in ("conflicting", "alone", "repeated")]
    assert rates == sorted(rates)
    assert rates[0] < rates[2]


def test_statements_are_checked_by_their_standing_in_the_article():
    day = "2025-02-01"
    statements = make_statements(
        stmt("a", day, "trump", "peace_negotiations", "support"),
        stmt("a", day, "trump", "peace_negotiations", "support"),
        stmt("a", day, "putin", "peace_negotiations", "support"),
        stmt("a", day, "putin", "peace_negotiations", "oppose"),
        stmt("b", day, "putin", "peace_negotiations", "oppose"),
    )
    gold = pd.DataFrame(
        {
            "doc_id": ["a.txt", "a.txt", "b.txt"],
            "actor_id": ["trump", "putin", "putin"],
            "topic_id": ["peace_negotiations"] * 3,
            "stance": ["support", "oppose", "support"],
        }
    )
    checked = check_statements(statements, gold)
    assert checked["in_article"].tolist() == ["repeated"] * 2 + ["conflicting"] * 2 + ["alone"]
    assert checked["right"].tolist() == [True, True, False, True, False]
    assert Evaluation(pd.DataFrame(), checked=checked).by_standing() == {
        "conflicting": {"n": 2, "right": 0.5},
        "alone": {"n": 1, "right": 0.0},
        "repeated": {"n": 2, "right": 1.0},
    }


def test_statements_are_checked_by_who_made_them():
    checked = pd.DataFrame(
        {
            "confidence": [0.9, 0.5, 0.6],
            "in_article": ["alone"] * 3,
            "coder": ["rules/2", "pairs/1", "pairs/1"],
            "right": [True, True, False],
        }
    )
    assert Evaluation(pd.DataFrame(), checked=checked).by_coder() == {
        "pairs/1": {"n": 2, "right": 0.5},
        "rules/2": {"n": 1, "right": 1.0},
    }


def test_review_order_separates_right_from_wrong_better_than_confidence_on_the_briefs(result):
    figures = result.summary()
    assert figures["review_order_auc"] > figures["confidence_auc"]


def test_ordering_counts_how_often_a_right_statement_comes_after_a_wrong_one():
    checked = pd.DataFrame(
        {
            "confidence": [0.9, 0.6, 0.8, 0.7],
            "in_article": ["conflicting", "alone", "repeated", "repeated"],
            "right": [False, False, True, True],
        }
    )
    figures = Evaluation(pd.DataFrame(), checked=checked).ordering()
    assert figures["review_order_auc"] == 1.0  # both right ones are repeated: last in the queue
    # by confidence alone, the wrong 0.9 outranks both right ones; the wrong 0.6 neither
    assert figures["confidence_auc"] == 0.5
    one_kind = checked.assign(right=True)
    assert Evaluation(pd.DataFrame(), checked=one_kind).ordering()["confidence_auc"] is None


def _pairs(docs: int, coded_right: int) -> pd.DataFrame:
    """Per article two gold pairs, of which the first `coded_right` articles' are coded."""
    rows = [
        {
            "doc_id": f"{d}.txt",
            "actor_id": actor,
            "topic_id": "t",
            "gold_stance": "support",
            "stance": "support" if d < coded_right else None,
            "confidence": 0.8,
            "attribution": "action",
            "evidence": "",
        }
        for d in range(docs)
        for actor in ("trump", "putin")
    ]
    return pd.DataFrame(rows)


def test_f1_interval_resamples_articles():
    same = Evaluation(_pairs(10, 10)).summary()
    assert same["pair_f1"] == 1.0
    assert same["pair_f1_interval"] == [1.0, 1.0]  # no article differs: nothing to vary
    half = Evaluation(_pairs(40, 20)).summary()
    low, high = half["pair_f1_interval"]
    assert low < half["pair_f1"] < high
    few = Evaluation(_pairs(8, 4)).summary()["pair_f1_interval"]
    assert few[1] - few[0] > high - low  # fewer articles, wider interval


def test_a_statement_is_right_when_its_code_is_a_gold_code_of_its_article():
    statements = make_statements(
        stmt("a", "2025-03-01", "trump", "peace_negotiations", "support"),
        stmt("a", "2025-03-01", "putin", "peace_negotiations", "oppose"),
        stmt("b", "2025-03-02", "trump", "peace_negotiations", "support"),
    )
    gold = pd.DataFrame(
        {
            "doc_id": ["a.txt", "a.txt"],
            "actor_id": ["trump", "putin"],
            "topic_id": ["peace_negotiations"] * 2,
            "stance": ["support", "mixed"],
        }
    )
    assert check_statements(statements, gold)["right"].tolist() == [True, False, False]


def test_every_error_is_listed_with_its_kind(result):
    errors = result.errors()
    summary = result.summary()
    misses = (errors["kind"] == "miss").sum()
    spurious = (errors["kind"] == "spurious").sum()
    assert misses == summary["n_gold"] - round(summary["pair_recall"] * summary["n_gold"])
    assert spurious == summary["n_predicted"] - round(
        summary["pair_precision"] * summary["n_predicted"]
    )
    assert (errors.loc[errors["kind"] != "miss", "evidence"] != "").all()


def test_shift_figures_on_the_demo_briefs_meet_the_targets(result):
    """Shifts from the coded briefs against those implied by seeds/gold.csv: precision
    0.80 and recall 0.70 (the missed shifts involve reported positions, which stance
    changes leave out by default, a neutral stated only as "did not say whether he
    agreed", and `mixed`)."""
    summary = result.summary()
    assert summary["n_gold_shifts"] >= 20
    figures = {k: summary[k] for k in ("shift_precision", "shift_recall", "shift_f1")}
    assert summary["shift_precision"] >= 0.80, figures
    assert summary["shift_recall"] >= 0.70, figures


def _pair_moves(demo, actor: str, topic: str) -> tuple[list, list]:
    path = trajectories(demo.statements, actor=actor, topic=topic)
    path = list(zip(path["published"].dt.strftime("%Y-%m-%d"), path["stance"], strict=True))
    found = shifts(demo.statements, actor=actor, topic=topic)
    days = "%Y-%m-%d"
    moves = list(
        zip(
            found["from_stance"],
            found["from_date"].dt.strftime(days),
            found["to_stance"],
            found["to_date"].dt.strftime(days),
            strict=True,
        )
    )
    return path, moves


def test_named_examples_on_the_demo_corpus(demo):
    """Issue 7: the three examples the toolkit exists for, with the default filters."""
    path, moves = _pair_moves(demo, "hegseth", "ukraine_nato_membership")
    assert moves == [("oppose", "2025-02-12", "neutral", "2025-02-13")], path
    for actor, topic in (("trump", "minerals_deal"), ("witkoff", "us_russia_relations")):
        path, moves = _pair_moves(demo, actor, topic)
        assert len({day for day, _ in path}) >= 2, (actor, path)
        assert {stance for _, stance in path} == {"support"}, (actor, path)
        assert moves == [], (actor, moves)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("doc_id,actor_id,stance\na.txt,trump,support\n", r"line 1: missing column\(s\) topic_id"),
        (
            "doc_id,actor_id,topic_id,stance\na.txt,trump,minerals_deal,maybe\n",
            "line 2: stance 'maybe'",
        ),
        (
            "doc_id,actor_id,topic_id,stance\na.txt,trump,minerals_deal,support\na.txt,trump,minerals_deal,oppose\n",
            "line 3: repeats line 2",
        ),
    ],
)
def test_bad_gold_names_the_line(tmp_path, content, message):
    path = tmp_path / "gold.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=message) as info:
        read_gold(path)
    assert str(path) in str(info.value)


def test_gold_naming_unknown_articles_is_refused(demo, tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text(
        "doc_id,actor_id,topic_id,stance\nnope.txt,trump,minerals_deal,support\n", encoding="utf-8"
    )
    with pytest.raises(GoldError, match=r"nope\.txt"):
        evaluate(demo.statements, demo.articles, read_gold(path))


# --- shift scoring on hand-built inputs --------------------------------------------------

GOLD_ROWS = [
    ("a.txt", "hegseth", "nato", "oppose"),
    ("b.txt", "hegseth", "nato", "neutral"),
    ("c.txt", "trump", "deal", "support"),
    ("d.txt", "trump", "deal", "oppose"),
    ("a.txt", "putin", "talks", "support"),
    ("b.txt", "putin", "talks", "oppose"),
]
DATES = {"a": "2025-02-12", "b": "2025-02-13", "c": "2025-02-20", "d": "2025-02-27"}


def _gold(rows=GOLD_ROWS) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doc_id", "actor_id", "topic_id", "stance"])


def _articles(statements: pd.DataFrame) -> pd.DataFrame:
    columns = ["article_id", "doc_id", "title", "published", "source", "url"]
    return statements.drop_duplicates("article_id")[columns].assign(n_chars=1, text="x")


def _coded() -> pd.DataFrame:
    return make_statements(
        # Hegseth: found, once the recap of day one is left out.
        stmt("a", DATES["a"], "hegseth", "nato", "oppose"),
        stmt("b", DATES["b"], "hegseth", "nato", "neutral"),
        stmt("b", DATES["b"], "hegseth", "nato", "oppose", reference="recap"),
        # Trump: missed, the coder keeps him at support.
        stmt("c", DATES["c"], "trump", "deal", "support"),
        stmt("d", DATES["d"], "trump", "deal", "support"),
        # Putin: gold codes his position as reported by others; left out by default.
        stmt("a", DATES["a"], "putin", "talks", "support", attribution="reported"),
        stmt("b", DATES["b"], "putin", "talks", "oppose", attribution="reported"),
        # Zelensky: a shift the gold does not have.
        stmt("c", DATES["c"], "zelensky", "deal", "oppose"),
        stmt("d", DATES["d"], "zelensky", "deal", "support"),
        # Outside the gold's articles: not scored.
        stmt("e", "2025-03-01", "zelensky", "deal", "oppose"),
    )


def test_gold_statements_take_dates_from_the_articles():
    coded = _coded()
    rows = gold_statements(_gold(), _articles(coded))
    assert len(rows) == len(GOLD_ROWS)
    assert rows["published"].dt.strftime("%Y-%m-%d").tolist()[:4] == [
        DATES["a"], DATES["b"], DATES["c"], DATES["d"],
    ]  # fmt: skip
    assert set(rows["reference"]) == {"current"}
    assert rows["confidence"].eq(1.0).all()


def test_shifts_are_scored_on_actor_topic_stances_and_date():
    coded = _coded()
    moves = score_shifts(coded, _articles(coded), _gold())
    kinds = {(r.actor_id, r.from_stance, r.to_stance, r.date): r.kind for r in moves.itertuples()}
    assert kinds == {
        ("hegseth", "oppose", "neutral", DATES["b"]): "hit",
        ("putin", "support", "oppose", DATES["b"]): "miss",
        ("trump", "support", "oppose", DATES["d"]): "miss",
        ("zelensky", "oppose", "support", DATES["d"]): "spurious",
    }
    with_reported = score_shifts(coded, _articles(coded), _gold(), include_reported=True)
    assert (with_reported["kind"] == "hit").sum() == 2
    row = moves[moves["kind"] == "hit"].iloc[0]
    assert (row["from_date"], row["from_doc_id"], row["to_doc_id"]) == (
        DATES["a"], "a.txt", "b.txt",
    )  # fmt: skip


def test_shift_figures_in_summary_and_report(tmp_path):
    coded = _coded()
    result = evaluate(coded, _articles(coded), _gold())
    summary = result.summary()
    assert summary["shift_precision"] == 0.5
    assert summary["shift_recall"] == pytest.approx(1 / 3, abs=1e-3)
    assert summary["shift_f1"] == 0.4
    assert (summary["n_gold_shifts"], summary["n_detected_shifts"]) == (3, 2)
    missed = {(m["actor_id"], m["date"]) for m in summary["missed_shifts"]}
    assert missed == {("putin", DATES["b"]), ("trump", DATES["d"])}
    (spurious,) = summary["spurious_shifts"]
    assert spurious == {
        "actor_id": "zelensky",
        "topic_id": "deal",
        "from_stance": "oppose",
        "to_stance": "support",
        "date": DATES["d"],
        "from_date": DATES["c"],
        "from_doc_id": "c.txt",
        "to_doc_id": "d.txt",
    }
    text = format_report(result)
    assert "shift    precision 0.500  recall 0.333  f1 0.400  (3 gold, 2 detected)" in text
    assert "2 missed shifts:" in text
    assert f"- zelensky/deal: oppose ({DATES['c']}, c.txt) -> support ({DATES['d']}, d.txt)" in text


def test_a_shift_repeated_on_one_key_matches_as_often_as_it_occurs():
    # Two same-day articles flip back and forth: two gold shifts with the same key.
    flips = [("a", "support"), ("b", "oppose"), ("c", "support"), ("d", "oppose")]
    day = {"a": "2025-02-12", "b": "2025-02-13", "c": "2025-02-13", "d": "2025-02-13"}
    gold = _gold([(f"{k}.txt", "trump", "deal", v) for k, v in flips])
    coded = make_statements(*(stmt(k, day[k], "trump", "deal", v) for k, v in flips[:3]))
    summary = evaluate(coded, _articles(coded), gold.iloc[:3]).summary()
    assert (summary["shift_precision"], summary["shift_recall"]) == (1.0, 1.0)
    coded = make_statements(*(stmt(k, day[k], "trump", "deal", v) for k, v in flips))
    moves = score_shifts(coded, _articles(coded), gold)
    assert moves["kind"].tolist() == ["hit", "hit", "hit"]


def test_no_shifts_anywhere_scores_zero_without_failing():
    coded = make_statements(stmt("a", DATES["a"], "trump", "deal", "support"))
    summary = evaluate(coded, _articles(coded), _gold([("a.txt", "trump", "deal", "support")]))
    figures = summary.summary()
    assert (figures["shift_precision"], figures["shift_recall"], figures["shift_f1"]) == (0, 0, 0)
    assert figures["missed_shifts"] == figures["spurious_shifts"] == []


def test_ablation_shows_what_a_rule_adds():
    texts = {
        "a.txt": "Hegseth said NATO membership for Ukraine was not realistic.",
        "b.txt": "Rubio said the sanctions on Russia would not be lifted.",
    }
    articles = pd.DataFrame(
        {
            "article_id": ["a1", "b1"],
            "doc_id": list(texts),
            "text": list(texts.values()),
            "published": [pd.Timestamp("2025-03-10")] * 2,
        }
    )
    gold = pd.DataFrame(
        {
            "doc_id": ["a.txt", "b.txt"],
            "actor_id": ["hegseth", "rubio"],
            "topic_id": ["ukraine_nato_membership", "russia_sanctions"],
            "stance": ["oppose", "support"],
        }
    )
    gains = ablate(articles, gold, codebook=load_codebook(), rules=["negation", "walk_back"])
    by_rule = gains.set_index("rule")
    assert by_rule.loc["negation", "pair_f1_gain"] == 0  # the pairs stay, their stances flip
    assert by_rule.loc["negation", "triple_f1_gain"] == 1.0
    assert by_rule.loc["walk_back"].tolist() == [0, 0, 0]


def test_ablation_also_scores_what_a_rule_adds_to_the_shifts():
    texts = {
        "a.txt": "Hegseth said Ukraine's membership of NATO was unrealistic.",
        "b.txt": "Hegseth had said Ukraine's membership of NATO was unrealistic. "
        "On Thursday Hegseth told reporters that everything was on the table.",
    }
    articles = pd.DataFrame(
        {
            "article_id": ["a1", "b1"],
            "doc_id": list(texts),
            "text": list(texts.values()),
            "published": [pd.Timestamp("2025-02-12"), pd.Timestamp("2025-02-13")],
        }
    )
    gold = pd.DataFrame(
        {
            "doc_id": ["a.txt", "b.txt"],
            "actor_id": ["hegseth", "hegseth"],
            "topic_id": ["ukraine_nato_membership"] * 2,
            "stance": ["oppose", "neutral"],
        }
    )
    gains = ablate(articles, gold, codebook=load_codebook(), rules=["walk_back"])
    walk_back = gains.set_index("rule").loc["walk_back"]
    assert walk_back["shift_f1_gain"] == 1.0  # oppose -> neutral on 13 Feb is found only with it
    assert walk_back["pair_f1_gain"] > 0  # without it, the second article has no current code
