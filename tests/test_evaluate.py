"""`stances eval`: gold codes, the figures, and the coder's targets on the demo briefs."""

from pathlib import Path

import pytest

from stances.errors import GoldError
from stances.evaluate import evaluate, read_gold

GOLD = Path(__file__).parents[1] / "seeds" / "gold.csv"


@pytest.fixture(scope="module")
def result(demo):
    return evaluate(demo.statements, demo.articles, read_gold(GOLD))


def test_targets_on_the_demo_briefs(result):
    summary = result.summary()
    assert summary["n_articles"] >= 31
    assert summary["pair_f1"] >= 0.85
    assert summary["stance_accuracy"] >= 0.85
    assert summary["triple_f1"] >= 0.75


def test_high_confidence_rows_are_the_more_precise(result):
    bands = result.summary()["by_confidence"]
    assert bands[">= 0.8"]["pair_precision"] > bands["< 0.8"]["pair_precision"]
    assert bands[">= 0.8"]["triple_precision"] > bands["< 0.8"]["triple_precision"]


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
