"""The `stances` command line, run as an analyst runs it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from builders import make_articles, make_statements, stmt

from stances.analysis import MIN_CONFIDENCE
from stances.cli import main
from stances.coder import RULES
from stances.dataset import write_dataset

SEEDS = Path(__file__).parents[1] / "seeds"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "stances", *args], capture_output=True, text=True, check=False
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Hegseth said NATO membership for Ukraine was unrealistic.", encoding="utf-8"
    )
    (folder / "b.txt").write_text(
        "Hegseth later said everything was on the table on NATO membership.", encoding="utf-8"
    )
    (folder / "manifest.csv").write_text(
        "file,title,published,source,url\na.txt,A,2025-02-12,wire,\nb.txt,B,2025-02-13,wire,\n",
        encoding="utf-8",
    )
    return folder


def test_code_info_and_shifts(corpus, tmp_path, capsys):
    out = tmp_path / "data"
    assert main(["code", str(corpus), "-o", str(out)]) == 0
    assert "coded 2 articles" in capsys.readouterr().out
    assert main(["info", str(out)]) == 0
    info = capsys.readouterr().out
    assert "schema version 1" in info
    assert "hegseth" in info
    assert main(["shifts", str(out), "--format", "json"]) == 0
    (shift,) = json.loads(capsys.readouterr().out)
    assert (shift["from_stance"], shift["to_stance"]) == ("oppose", "neutral")


def test_eval_json(corpus, tmp_path, capsys):
    out = tmp_path / "data"
    main(["code", str(corpus), "-o", str(out)])
    gold = tmp_path / "gold.csv"
    gold.write_text(
        "doc_id,actor_id,topic_id,stance\na.txt,hegseth,ukraine_nato_membership,oppose\n"
        "b.txt,hegseth,ukraine_nato_membership,neutral\nb.txt,rutte,ukraine_nato_membership,mixed\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["eval", str(out), str(gold), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["pair_precision"] == 1.0
    assert result["pair_recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["stance_accuracy"] == 1.0

    assert {"pair_f1", "triple_f1", "by_topic", "by_actor", "by_attribution", "errors"} <= set(
        result
    )
    (miss,) = result["errors"]
    assert (miss["kind"], miss["actor_id"]) == ("miss", "rutte")
    assert (result["shift_precision"], result["shift_recall"], result["shift_f1"]) == (1, 1, 1)
    assert result["missed_shifts"] == result["spurious_shifts"] == []
    assert main(["eval", str(out), str(gold)]) == 0
    assert "shift    precision 1.000  recall 1.000  f1 1.000  (1 gold, 1 detected)" in (
        capsys.readouterr().out
    )


@pytest.fixture
def trust_data(tmp_path: Path) -> Path:
    """Putin: support, then a low-confidence oppose, then an oppose reported by Trump."""
    statements = make_statements(
        stmt("a", "2025-02-12", "putin", "talks", "support"),
        stmt("b", "2025-02-19", "putin", "talks", "oppose", confidence=0.5),
        stmt("c", "2025-02-26", "putin", "talks", "oppose", attribution="reported"),
    )
    out = tmp_path / "trust"
    write_dataset(statements, make_articles(statements), out, codebook="test")
    return out


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], []),
        (["--min-confidence", "0.5"], [("support", "oppose", "2025-02-19")]),
        (["--include-reported"], [("support", "oppose", "2025-02-26")]),
        (["--min-confidence", "0", "--include-reported"], [("support", "oppose", "2025-02-19")]),
    ],
)
def test_shifts_trust_options(trust_data, capsys, options, expected):
    assert main(["shifts", str(trust_data), "--format", "json", *options]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(f["from_stance"], f["to_stance"], f["to_date"][:10]) for f in found] == expected


def test_eval_ablate_lists_every_rule_with_its_gain(corpus, tmp_path, capsys):
    out = tmp_path / "data"
    main(["code", str(corpus), "-o", str(out)])
    gold = tmp_path / "gold.csv"
    gold.write_text(
        "doc_id,actor_id,topic_id,stance\na.txt,hegseth,ukraine_nato_membership,oppose\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["eval", str(out), str(gold), "--ablate", "--json"]) == 0
    gains = {row["rule"]: row for row in json.loads(capsys.readouterr().out)}
    assert set(gains) == set(RULES)
    assert gains["negation"]["triple_f1_gain"] == 0  # "unrealistic" needs no negator
    assert gains["titles"] == {"rule": "titles", "pair_f1_gain": 0, "triple_f1_gain": 0}


def test_shifts_help_states_the_default_threshold():
    result = run("shifts", "--help")
    assert f"default {MIN_CONFIDENCE}" in " ".join(result.stdout.split())
    assert "--include-reported" in result.stdout


@pytest.mark.parametrize("value", ["1.5", "-0.1", "high"])
def test_bad_min_confidence_is_refused(trust_data, value):
    result = run("shifts", str(trust_data), "--min-confidence", value)
    assert result.returncode == 2
    assert "--min-confidence" in result.stderr
    assert "Traceback" not in result.stderr


def test_codebook_check_ok_and_bad(tmp_path):
    ok = run("codebook", "check", str(Path(__file__).parents[1] / "stances" / "codebook.toml"))
    assert ok.returncode == 0
    assert "ok" in ok.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text('[codebook]\nname = "x"\nversion = "1"\n', encoding="utf-8")
    result = run("codebook", "check", str(bad))
    assert result.returncode != 0
    assert str(bad) in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("code", "{missing}", "-o", "{out}"),
        ("info", "{missing}"),
        ("code", "{corpus}", "-o", "{out}", "--manifest", "{missing}"),
        ("explain", "{missing}"),
    ],
)
def test_bad_input_is_one_line_without_traceback(args, corpus, tmp_path):
    values = {
        "missing": str(tmp_path / "nowhere"),
        "out": str(tmp_path / "o"),
        "corpus": str(corpus),
    }
    result = run(*(a.format(**values) for a in args))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "nowhere" in result.stderr


def test_explain_shows_each_decision(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(
        "+++\npublished = 2025-02-12\n+++\nMacron met Starmer.\n\n"
        "Hegseth said NATO membership for Ukraine was unrealistic.\n",
        encoding="utf-8",
    )
    result = run("explain", str(article))
    assert result.returncode == 0, result.stderr
    assert "published 2025-02-12" in result.stdout
    assert "speaker hegseth (said)" in result.stdout
    assert "hegseth / ukraine_nato_membership / oppose" in result.stdout
    assert "1 statements coded" in result.stdout


def test_explain_takes_the_date_from_the_manifest_beside_the_article(corpus):
    result = run("explain", str(corpus / "b.txt"))
    assert result.returncode == 0, result.stderr
    assert "published 2025-02-13" in result.stdout
    assert "hegseth / ukraine_nato_membership / neutral" in result.stdout
