"""The `stances` command line, run as an analyst runs it."""

import json
import os
import signal
import subprocess
import sys
import time
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
    report = capsys.readouterr().out
    assert "shift    precision 1.000  recall 1.000  f1 1.000  (1 gold, 1 detected)" in report
    assert "- miss: b.txt rutte/ukraine_nato_membership" in report
    # a held-out set: the figures, no single case
    assert main(["eval", str(out), str(gold), "--aggregate-only"]) == 0
    report = capsys.readouterr().out
    assert "pair     precision 1.000" in report
    assert "rutte/" not in report
    assert "errors:" not in report
    assert main(["eval", str(out), str(gold), "--aggregate-only", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert "pair_f1" in summary
    assert not {"errors", "missed_shifts"} & set(summary)


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
    assert gains["titles"] == {
        "rule": "titles",
        "pair_f1_gain": 0,
        "triple_f1_gain": 0,
        "shift_f1_gain": 0,
    }


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
    assert "1 statement coded" in result.stdout


def test_explain_shows_what_the_article_model_adds(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "Witkoff was in Moscow on Thursday. Talks on a ceasefire in Ukraine resumed there the "
        "same day. Witkoff has made three trips to Russia this year. Negotiations on a peace "
        "deal are at a critical stage, Witkoff's aides say.\n",
        encoding="utf-8",
    )
    rules = run("explain", str(article), "--published", "2025-03-10")
    pairs = run("explain", str(article), "--published", "2025-03-10", "--coder", "rules+pairs")
    assert rules.returncode == pairs.returncode == 0, pairs.stderr
    assert "article model: p = " not in rules.stdout
    assert "article model: p = " in pairs.stdout
    assert "witkoff / peace_negotiations / support" in pairs.stdout


def test_explain_takes_the_date_from_the_manifest_beside_the_article(corpus):
    result = run("explain", str(corpus / "b.txt"))
    assert result.returncode == 0, result.stderr
    assert "published 2025-02-13" in result.stdout
    assert "hegseth / ukraine_nato_membership / neutral" in result.stdout


# --- shared filters, unknown ids ---------------------------------------------------------


@pytest.mark.parametrize("command", ["info", "shifts", "report", "network"])
@pytest.mark.parametrize(
    ("option", "hint"),
    [
        (["--actor", "Hegseth"], "unknown actor 'Hegseth'; did you mean 'hegseth'?"),
        (["--topic", "nato"], "unknown topic 'nato'; did you mean 'ukraine_nato_membership'?"),
    ],
)
def test_unknown_ids_are_errors_on_every_command(
    dataset_dir, tmp_path, capsys, command, option, hint
):
    out = {"report": ["-o", str(tmp_path / "r.html")], "network": ["-o", str(tmp_path / "n.csv")]}
    assert main([command, str(dataset_dir), *out.get(command, []), *option]) == 2
    assert capsys.readouterr().err == f"stances: error: {hint}\n"
    assert list(tmp_path.iterdir()) == []


def test_a_real_absence_of_change_is_no_error(dataset_dir):
    """kellogg is a codebook actor with no statements here: an empty answer, exit 0."""
    result = run("shifts", str(dataset_dir), "--actor", "kellogg")
    assert result.returncode == 0
    assert result.stdout.strip() == "no stance changes between dated articles"


def test_info_filters(dataset_dir, capsys):
    args = ["info", str(dataset_dir), "--since", "2025-04-01", "--attribution", "direct_quote"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "2 articles, 3 statements (after the filters)" in out
    assert "paraphrase" not in out
    assert "by source:\nExample Wire     2\nDaily Example    1" in out
    assert "\ncoder rules/2\n" in out  # a build that does not name its coder


def test_info_names_the_coder_of_the_build(tmp_path, capsys):
    from stances.pipeline import code_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Rubio said the talks with Lavrov were useful.", encoding="utf-8")
    code_corpus(corpus, tmp_path / "data", coder="rules+pairs")
    assert main(["info", str(tmp_path / "data")]) == 0
    assert "\ncoder rules+pairs/1\n" in capsys.readouterr().out


TRUMP_RUSSIA = [("trump", "us_russia_relations", d) for d in ("2025-07-14", "2025-08-15")]
ZELENSKY_MINERALS = [("zelensky", "minerals_deal", d) for d in ("2025-02-28", "2025-04-30")]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], TRUMP_RUSSIA + ZELENSKY_MINERALS),
        (["--until", "2025-07-31"], TRUMP_RUSSIA[:1] + ZELENSKY_MINERALS),
        (["--since", "2025-03-01", "--actor", "zelensky"], []),
        (["--topic", "minerals_deal", "--attribution", "paraphrase"], []),
        (["--topic", "minerals_deal", "--min-confidence", "0.95"], []),
        (
            ["--attribution", "direct_quote", "--attribution", "action"],
            TRUMP_RUSSIA + ZELENSKY_MINERALS[1:],  # the mixed paraphrase left out
        ),
    ],
)
def test_shifts_filters(dataset_dir, capsys, options, expected):
    assert main(["shifts", str(dataset_dir), "--format", "json", *options]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(f["actor_id"], f["topic_id"], f["to_date"]) for f in found] == expected


def test_report_filters_keep_only_the_chosen_statements(dataset_dir, tmp_path):
    out = tmp_path / "hegseth.html"
    assert main(["report", str(dataset_dir), "-o", str(out), "--actor", "hegseth"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Kyiv joining NATO was unrealistic" in page
    assert "lengthy and highly productive" not in page
    assert "<title>Stance report (actor hegseth)</title>" in page


@pytest.mark.parametrize("value", ["2025-13-01", "yesterday"])
def test_bad_dates_are_refused_by_name(dataset_dir, value):
    result = run("info", str(dataset_dir), "--since", value)
    assert result.returncode == 2
    assert "--since" in result.stderr
    assert "YYYY-MM-DD" in result.stderr


# --- codebook show -----------------------------------------------------------------------


def test_codebook_show_one_actor_with_dated_roles():
    result = run("codebook", "show", "hegseth")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "hegseth: Pete Hegseth (actor, US)"
    assert "  aliases   Pete Hegseth, Peter Hegseth, Hegseth" in lines
    assert "  role      Secretary of War (from 2025-09-05)" in lines


def test_codebook_show_topics_lists_every_definition_and_pole(capsys):
    from stances.codebook import load_codebook

    book = load_codebook()
    assert main(["codebook", "show", "--topics"]) == 0
    out = capsys.readouterr().out
    assert "9 topics" in out.splitlines()[0]
    for topic in book.topics.values():
        assert f"{topic.id}: {topic.label} (topic)" in out
        assert f"  support     {topic.support_means}" in out
    assert "hegseth" not in out


def test_codebook_show_all_and_a_custom_codebook(tmp_path):
    everything = run("codebook", "show")
    assert "17 actors, 9 topics" in everything.stdout
    assert everything.stdout.count("(actor, ") == 17
    book = tmp_path / "mine.toml"
    default = Path(__file__).parents[1] / "stances" / "codebook.toml"
    book.write_text(
        default.read_text(encoding="utf-8")
        + '\n[[actors]]\nid = "kallas"\nname = "Kaja Kallas"\naliases = ["Kallas"]\n'
        'country = "EE"\nroles = [{title = "EU foreign policy chief", from = 2024-12-01}]\n',
        encoding="utf-8",
    )
    result = run("codebook", "show", "--codebook", str(book), "--actors", "kallas")
    assert result.returncode == 0, result.stderr
    assert "  role      EU foreign policy chief (from 2024-12-01)" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["hegsth"], "unknown actor or topic 'hegsth'; did you mean 'hegseth'?"),
        (["--actors", "minerals_deal"], "unknown actor 'minerals_deal'"),
        (["--topics", "Minerals deal"], "did you mean 'minerals_deal'?"),
    ],
)
def test_codebook_show_unknown_id(args, message, capsys):
    assert main(["codebook", "show", *args]) == 2
    stderr = capsys.readouterr().err
    assert message in stderr
    assert len(stderr.splitlines()) == 1


# --- network -----------------------------------------------------------------------------


def test_network_command_writes_each_format(dataset_dir, tmp_path):
    import networkx as nx

    result = run("network", str(dataset_dir), "-o", str(tmp_path / "a.graphml"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("actor network of 4 nodes and 2 edges -> ")
    graph = nx.read_graphml(tmp_path / "a.graphml", force_multigraph=True)
    assert graph.nodes["hegseth"]["label"] == "Pete Hegseth"
    two = tmp_path / "b.gexf"
    assert main(["network", str(dataset_dir), "-o", str(two), "--mode", "actor-topic"]) == 0
    graph = nx.read_gexf(two)
    assert graph.nodes["minerals_deal"]["label"] == "US–Ukraine minerals deal"  # codebook label
    edges = tmp_path / "c.csv"
    args = ["network", str(dataset_dir), "-o", str(edges), "--since", "2025-03-01"]
    assert main([*args, "--min-weight", "2"]) == 0
    assert edges.read_text(encoding="utf-8") == "source,target\n"


# --- CLI polish: errors, pipes, interrupts, plurals, help, output formats -------------------


@pytest.mark.parametrize(
    "args",
    [
        ("code", "{corpus}", "-o", "{file}"),
        ("report", "{data}", "-o", "{dir}"),
        ("network", "{data}", "-o", "{dir}/missing/net.graphml"),
        ("network", "{data}", "-o", "{file}/net.gexf"),
    ],
)
def test_os_errors_are_one_line_naming_the_path(args, corpus, dataset_dir, tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    values = {"corpus": corpus, "data": dataset_dir, "file": a_file, "dir": tmp_path}
    result = run(*(a.format(**values) for a in args))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert str(tmp_path) in result.stderr


def test_a_closed_pipe_is_silent():
    process = subprocess.Popen(
        [sys.executable, "-m", "stances", "codebook", "show"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # the reader is gone before the first line is written
    _, stderr = process.communicate(timeout=60)
    assert stderr == b""
    assert process.returncode == 141


def test_ctrl_c_exits_130_with_one_line(corpus, tmp_path, capsys, monkeypatch):
    """A real SIGINT to this process while `code` is coding."""

    def coding(*_args, **_kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(30)  # the signal interrupts this sleep
        raise AssertionError("SIGINT did not interrupt the command")

    monkeypatch.setattr("stances.pipeline.code_corpus", coding)
    # as in a terminal, even when the tests run where SIGINT is ignored (a background job)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        assert main(["code", str(corpus), "-o", str(tmp_path / "out")]) == 130
    finally:
        signal.signal(signal.SIGINT, previous)
    assert capsys.readouterr().err == "stances: interrupted\n"
    assert not (tmp_path / "out").exists()


def test_plurals(tmp_path, capsys):
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Hegseth said NATO membership for Ukraine was unrealistic.", encoding="utf-8"
    )
    assert main(["code", str(folder), "-o", str(tmp_path / "d")]) == 0
    assert capsys.readouterr().out.startswith("coded 1 article into 1 statement -> ")


def _subcommands(parser) -> dict[str, object]:
    import argparse

    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[name] = sub
                found.update({f"{name} {k}": v for k, v in _subcommands(sub).items()})
    return found


def test_every_subcommand_help_has_examples():
    from stances.cli import _parser

    commands = _subcommands(_parser())
    assert {"code", "info", "shifts", "report", "network", "codebook show"} <= set(commands)
    for name, sub in commands.items():
        text = sub.format_help()
        assert "examples:\n  stances " + name.split()[0] in text, name


def test_json_has_plain_dates_and_unescaped_slashes(trust_data):
    result = run("shifts", str(trust_data), "--format", "json", "--min-confidence", "0.5")
    assert '"to_date": "2025-02-19"' in result.stdout
    assert '"to_url": "https://example.org/b"' in result.stdout
    assert "\\/" not in result.stdout


def test_csv_and_table_numbers_have_two_decimals(dataset_dir):
    import csv
    import io

    rows = list(
        csv.DictReader(io.StringIO(run("shifts", str(dataset_dir), "--format", "csv").stdout))
    )
    assert [r["magnitude"] for r in rows] == ["1.6", "1.6", "0.8", "0.8"]
    assert rows[0]["to_date"] == "2025-07-14"
    table = run("shifts", str(dataset_dir)).stdout
    assert table.splitlines()[0] == "4 stance changes"
    assert table.splitlines()[2].rstrip().endswith(" 1.60")


def test_a_file_name_that_is_not_utf8_prints(tmp_path):
    book = bytes(tmp_path) + b"/book-\xff.toml"
    default = Path(__file__).parents[1] / "stances" / "codebook.toml"
    Path(os.fsdecode(book)).write_bytes(default.read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "stances", "codebook", "check", book], capture_output=True
    )
    assert result.returncode == 0, result.stderr
    assert b"/book-\\udcff.toml: ok (17 actors, 9 topics" in result.stdout


def test_an_output_path_that_is_not_utf8_is_no_traceback(corpus, tmp_path):
    out = bytes(tmp_path) + b"/out-\xff"
    result = subprocess.run(
        [sys.executable, "-m", "stances", "code", str(corpus), "-o", out], capture_output=True
    )
    assert b"Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) <= 1
    assert result.returncode in (0, 2)  # written, or refused in one line naming the path
    assert result.returncode == 0 or b"out-\\udcff" in result.stderr
