"""`stances eval`: gold codes, the figures, and the coder's targets on the demo briefs."""

from pathlib import Path

import pytest

from stances.analysis import shifts
from stances.errors import GoldError
from stances.evaluate import evaluate, read_gold

GOLD = Path(__file__).parents[1] / "seeds" / "gold.csv"

# The stance changes of the Feb-Jun 2025 timeline: actor, topic and the dates on which the
# stance changed. A change counts as found when a detected shift for that actor and topic
# ends on one of its dates.
TIMELINE_CHANGES = {
    ("zelensky", "minerals_deal"): {
        "2025-02-15", "2025-02-19", "2025-03-04", "2025-03-28", "2025-05-01",
    },
    ("trump", "us_russia_relations"): {"2025-03-30", "2025-04-24", "2025-05-19", "2025-05-25"},
    ("trump", "russia_sanctions"): {"2025-06-16"},
    ("trump", "us_aid_ukraine"): {"2025-06-25"},
    ("trump", "peace_negotiations"): {"2025-06-05"},
    ("putin", "peace_negotiations"): {"2025-05-11", "2025-06-04", "2025-06-19"},
    ("hegseth", "ukraine_nato_membership"): {"2025-02-13"},
    ("zelensky", "peace_negotiations"): {"2025-03-11"},
    ("rubio", "peace_negotiations"): {"2025-04-18"},
    ("vance", "peace_negotiations"): {"2025-04-23"},
    ("rutte", "ukraine_nato_membership"): {"2025-03-14", "2025-04-04"},
}  # fmt: skip


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


def test_timeline_changes_are_found_as_shifts(demo):
    found = shifts(demo.statements)
    ends = found.assign(day=found["to_date"].dt.strftime("%Y-%m-%d"))
    detected = {
        pair
        for pair, days in TIMELINE_CHANGES.items()
        if not ends[
            (ends["actor_id"] == pair[0]) & (ends["topic_id"] == pair[1]) & ends["day"].isin(days)
        ].empty
    }
    assert len(detected) >= 8, sorted(set(TIMELINE_CHANGES) - detected)


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
