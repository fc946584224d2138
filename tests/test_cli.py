"""The `stances` command line, run as an analyst runs it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stances.cli import main

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
