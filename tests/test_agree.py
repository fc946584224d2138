"""Agreement between codings: alpha on the worked example, kappa, missing codes, inputs."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from stances.agree import (
    NOT_CODED,
    UNIT,
    Coding,
    agreement,
    alpha,
    cohen_kappa,
    percent_agreement,
    read_coding,
)
from stances.cli import main
from stances.errors import AgreementError

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers (A-D),
# 12 units, "." where an observer coded nothing. Nominal alpha = 0.743.
WORKED_EXAMPLE = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}


def _example() -> pd.DataFrame:
    return pd.DataFrame(
        {
            observer: [None if v == "." else v for v in values.split()]
            for observer, values in WORKED_EXAMPLE.items()
        }
    )


def _coding(name: str, *codes: tuple[str, str, str, str]) -> Coding:
    return Coding(name, pd.DataFrame(codes, columns=[*UNIT, "stance"]))


def test_worked_example_nominal_alpha_is_0_743():
    ranks = {str(v): v for v in range(1, 6)}
    result = alpha(_example(), "nominal", ranks=ranks)
    assert result == pytest.approx(0.743, abs=5e-4)


def test_units_coded_once_drop_out_of_alpha():
    example = _example()
    ranks = {str(v): v for v in range(1, 6)}
    # Unit 12 carries B's value only; without it alpha is the same.
    assert alpha(example.drop(index=11), "nominal", ranks=ranks) == pytest.approx(
        alpha(example, "nominal", ranks=ranks)
    )


def test_cohen_kappa_two_coders_textbook_table():
    # 50 items: both yes 20, first yes / second no 5, first no / second yes 10, both no 15:
    # observed 0.7, expected by chance 0.5, kappa 0.4.
    pairs = [("support", "support")] * 20 + [("support", "oppose")] * 5
    pairs += [("oppose", "support")] * 10 + [("oppose", "oppose")] * 15
    first, second = (pd.Series(side) for side in zip(*pairs, strict=True))
    assert cohen_kappa(first, second) == pytest.approx(0.4)


def test_kappa_ignores_units_only_one_coder_coded():
    first = pd.Series(["support", "oppose", "support", None])
    second = pd.Series(["support", "oppose", None, "mixed"])
    assert cohen_kappa(first, second) == pytest.approx(1.0)


def test_percent_agreement_over_coder_pairs():
    coded = pd.DataFrame(
        {"a": ["support", "oppose", "mixed"], "b": ["support", "support", None],
         "c": ["support", "oppose", None]}
    )  # fmt: skip
    # unit 1: 3 of 3 pairs agree; unit 2: 1 of 3; unit 3: coded once, no pair.
    assert percent_agreement(coded) == pytest.approx((1 + 1 / 3) / 2)


def test_ordinal_alpha_puts_mixed_and_neutral_on_one_rank():
    units = [(f"d{i}.txt", "trump", "minerals_deal") for i in range(6)]
    first = ["support", "oppose", "mixed", "neutral", "support", "oppose"]
    second = ["support", "oppose", "neutral", "mixed", "support", "oppose"]
    result = agreement(
        [
            _coding("a", *[(*u, s) for u, s in zip(units, first, strict=True)]),
            _coding("b", *[(*u, s) for u, s in zip(units, second, strict=True)]),
        ],
        n_boot=0,
    )
    assert result.alpha_ordinal == pytest.approx(1.0)
    assert result.alpha_nominal < 0.9


def test_agreement_report_parts():
    a = _coding(
        "machine",
        ("d1.txt", "trump", "minerals_deal", "support"),
        ("d1.txt", "putin", "peace_negotiations", "support"),
        ("d2.txt", "trump", "peace_negotiations", "oppose"),
        ("d2.txt", "hegseth", "ukraine_nato_membership", "oppose"),
    )
    b = _coding(
        "gold",
        ("d1.txt", "trump", "minerals_deal", "support"),
        ("d1.txt", "putin", "peace_negotiations", "mixed"),
        ("d2.txt", "trump", "peace_negotiations", "oppose"),
        ("d3.txt", "zelensky", "minerals_deal", "oppose"),
    )
    result = agreement([a, b], n_boot=200, seed=1)
    assert result.coverage == {
        "coded_by_any": 5, "pairable": 3, "coded_by_machine": 4, "coded_by_gold": 4,
    }  # fmt: skip
    assert result.percent == pytest.approx(2 / 3)
    table = result.confusion["machine vs gold"]
    assert table.loc["support", "support"] == 1
    assert table.loc["support", "mixed"] == 1
    assert table.loc["oppose", NOT_CODED] == 1  # hegseth: machine only
    assert table.loc[NOT_CODED, "oppose"] == 1  # zelensky: gold only
    assert table.to_numpy().sum() == 5
    topics = result.by_topic.set_index("topic_id")
    assert topics.loc["peace_negotiations", "units"] == 2
    assert topics.loc["minerals_deal", "units"] == 1  # zelensky's unit is coded once
    assert topics.loc["peace_negotiations", "percent_agreement"] == 0.5
    assert np.isnan(topics.loc["minerals_deal", "cohen_kappa"])  # one value: chance is 1
    assert set(result.summary()) >= {"alpha_nominal_ci95", "cohen_kappa", "by_topic"}


def test_bootstrap_interval_is_seeded_and_brackets_alpha():
    rng = np.random.default_rng(7)
    stances = np.array(["support", "oppose", "neutral", "mixed"])
    units = [(f"d{i}.txt", "trump", "peace_negotiations") for i in range(60)]
    first = rng.choice(stances, size=60)
    second = np.where(rng.random(60) < 0.8, first, rng.choice(stances, size=60))
    codings = [
        _coding("a", *[(*u, s) for u, s in zip(units, first, strict=True)]),
        _coding("b", *[(*u, s) for u, s in zip(units, second, strict=True)]),
    ]
    once = agreement(codings, n_boot=300, seed=3)
    again = agreement(codings, n_boot=300, seed=3)
    other = agreement(codings, n_boot=300, seed=4)
    assert once.ci_nominal == again.ci_nominal
    assert once.ci_nominal != other.ci_nominal
    low, high = once.ci_nominal
    assert low < once.alpha_nominal < high


def test_alpha_is_undefined_without_variation():
    same = _coding("a", ("d1.txt", "trump", "minerals_deal", "support"))
    result = agreement([same, Coding("b", same.codes)], n_boot=50)
    assert np.isnan(result.alpha_nominal)
    assert result.percent == 1.0
    assert result.summary()["alpha_nominal"] is None


def test_read_coding_from_dataset_gold_and_reviews(dataset, dataset_dir, tmp_path):
    from_data = read_coding(dataset_dir)
    assert len(from_data.codes) == len(dataset.statements.drop_duplicates(UNIT))
    key = ("2025-02-28-oval-office.txt", "zelensky", "minerals_deal")
    assert from_data.codes.set_index(UNIT).loc[key, "stance"] == "mixed"

    gold = tmp_path / "gold.csv"
    gold.write_text("doc_id,actor_id,topic_id,stance\n" + ",".join([*key, "oppose"]) + "\n")
    assert read_coding(gold).codes.to_dict("records") == [
        dict(zip([*UNIT, "stance"], [*key, "oppose"], strict=True))
    ]

    reviews = tmp_path / "reviews.csv"
    header = "statement_id,doc_id,proposed_actor,proposed_topic,proposed_stance,reference"
    header += ",action,actor,topic,stance"
    reviews.write_text(
        f"{header}\n"
        "s1,a.txt,trump,minerals_deal,support,current,accept,,,\n"
        "s2,a.txt,putin,peace_negotiations,support,current,correct,,,oppose\n"
        "s3,a.txt,hegseth,us_aid_ukraine,oppose,current,reject,,,\n"
        ",b.txt,,,,,add,zelensky,minerals_deal,mixed\n"
        "s4,b.txt,trump,minerals_deal,oppose,current,,,,\n"  # undecided: no code for b/trump
        "s5,b.txt,trump,minerals_deal,support,current,accept,,,\n"
        "s6,a.txt,vance,us_aid_ukraine,oppose,background,accept,,,\n"  # not this article's news
    )
    coded = read_coding(reviews).codes.set_index(UNIT)["stance"].to_dict()
    assert coded == {
        ("a.txt", "putin", "peace_negotiations"): "oppose",
        ("a.txt", "trump", "minerals_deal"): "support",
        ("b.txt", "zelensky", "minerals_deal"): "mixed",
    }


def test_bad_codings_raise_typed_errors(tmp_path):
    with pytest.raises(AgreementError, match="no such"):
        read_coding(tmp_path / "missing.csv")
    reviews = tmp_path / "reviews.csv"
    reviews.write_text("statement_id,doc_id,action,stance\ns1,a.txt,acept,support\n")
    with pytest.raises(AgreementError, match=r"reviews.csv: action not one of .* row\(s\) 2"):
        read_coding(reviews)
    with pytest.raises(AgreementError, match="two or more"):
        agreement([_coding("a", ("d.txt", "trump", "minerals_deal", "support"))])


def test_cli_agree_machine_against_gold(dataset_dir, tmp_path, capsys):
    gold = tmp_path / "gold.csv"
    coded = read_coding(dataset_dir).codes.copy()
    coded.loc[0, "stance"] = "oppose" if coded.loc[0, "stance"] != "oppose" else "support"
    coded.to_csv(gold, index=False)
    copy = tmp_path / "machine"
    shutil.copytree(dataset_dir, copy)
    assert main(["agree", str(copy), str(gold), "--bootstrap", "100"]) == 0
    out = capsys.readouterr().out
    assert "Krippendorff's alpha, nominal:" in out
    assert "Cohen's kappa, machine vs gold.csv:" in out
    n = len(coded)
    assert f"{n} coded by any, {n} by two or more" in out
    assert main(["agree", str(copy)]) == 2
    assert "two or more" in capsys.readouterr().err
