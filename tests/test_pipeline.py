"""The pipeline: batches, worker processes, incremental runs and progress (issue 10)."""

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from stances import pipeline
from stances.cli import main
from stances.codebook import DEFAULT_CODEBOOK, load_codebook
from stances.errors import CorpusWarning, SchemaError
from stances.pipeline import code_corpus
from stances.writer import BatchWriter

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FILES = ("statements.parquet", "articles.parquet", "actors.parquet", "topics.parquet")


@pytest.fixture
def reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1740000000")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    texts = {
        "a.txt": "Hegseth said NATO membership for Ukraine was unrealistic.",
        "b.txt": "Zelensky said he was ready to sign the minerals deal.",
        "c.txt": "Rubio said the talks with Lavrov in Riyadh were very useful.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    _manifest(folder, "Nato")
    return folder


def _manifest(folder: Path, title_of_a: str, more: str = "") -> None:
    (folder / "manifest.csv").write_text(
        "file,title,published,source,url\n"
        f"a.txt,{title_of_a},2025-02-12,wire,\n"
        "b.txt,Minerals,2025-03-04,wire,\n"
        f"c.txt,Talks,2025-02-18,wire,\n{more}",
        encoding="utf-8",
    )


def _bytes(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


def _rows(folder: Path, name: str = "statements.parquet") -> pd.DataFrame:
    table = pq.read_table(folder / name).to_pandas()
    key = "statement_id" if "statement_id" in table else "article_id"
    return table.astype(dict.fromkeys(table.columns, object)).sort_values(key, ignore_index=True)


def test_batches_are_written_together_in_row_groups_of_a_set_size(tmp_path, monkeypatch):
    whole = code_corpus(SEEDS, tmp_path / "whole")
    monkeypatch.setattr(pipeline, "ROW_GROUP_ARTICLES", 14)
    # 57 briefs in batches of 7: two batches to a row group, the last batch alone
    batched = code_corpus(SEEDS, tmp_path / "batched", batch_articles=7)
    assert (batched.articles, batched.statements) == (whole.articles, whole.statements)
    groups = pq.ParquetFile(tmp_path / "batched" / "articles.parquet").metadata
    sizes = [groups.row_group(k).num_rows for k in range(groups.num_row_groups)]
    assert sizes == [14, 14, 14, 14, 1]
    # A batch and a row group also end at BATCH_CHARS of text: here after every article.
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 1)
    code_corpus(SEEDS, tmp_path / "by_text", batch_articles=7)
    assert pq.ParquetFile(tmp_path / "by_text" / "articles.parquet").num_row_groups == 57
    for name in ("statements.parquet", "articles.parquet"):
        pd.testing.assert_frame_equal(
            _rows(tmp_path / "batched", name), _rows(tmp_path / "whole", name)
        )


def test_two_processes_write_the_same_bytes_as_one(tmp_path, reproducible):
    one = code_corpus(SEEDS, tmp_path / "one", batch_articles=10)
    two = code_corpus(SEEDS, tmp_path / "two", batch_articles=10, jobs=2)
    assert one.statements > 100
    assert _bytes(tmp_path / "one") == _bytes(tmp_path / "two")
    assert one.metadata == two.metadata


def test_a_batch_is_checked_with_file_row_numbers(tmp_path):
    first = code_corpus(SEEDS, tmp_path / "data")
    assert first.statements > 0
    statements = pq.read_table(tmp_path / "data" / "statements.parquet").to_pandas()
    articles = pq.read_table(tmp_path / "data" / "articles.parquet").to_pandas()
    stage = tmp_path / "stage"
    stage.mkdir()
    writer = BatchWriter(stage, load_codebook())
    a, b = statements["article_id"].unique()[:2]
    of_a = statements[statements["article_id"] == a]
    writer.write(of_a, articles[articles["article_id"] == a])
    with pytest.raises(
        SchemaError,
        match=rf"article_id: no such article_id in articles.parquet in rows {len(of_a)}",
    ):
        writer.write(of_a.head(1), articles[articles["article_id"] == b])
    with pytest.raises(SchemaError, match="article_id: duplicate across batches"):
        writer.write(of_a, articles[articles["article_id"] == a])
    writer.abort()


def test_a_second_run_codes_nothing_and_writes_the_same_files(corpus, tmp_path, reproducible):
    out = tmp_path / "data"
    first = code_corpus(corpus, out)
    once = _bytes(out)
    again = code_corpus(corpus, out)
    assert (first.coded, again.coded) == (3, 0)
    assert again.statements == first.statements > 0
    assert _bytes(out) == once


def test_a_second_run_in_many_batches_writes_the_same_files(tmp_path, reproducible):
    out = tmp_path / "data"
    code_corpus(SEEDS, out, batch_articles=4)
    once = _bytes(out)
    assert code_corpus(SEEDS, out, batch_articles=4).coded == 0
    assert _bytes(out) == once


def test_new_and_changed_articles_alone_are_coded(corpus, tmp_path, reproducible):
    out = tmp_path / "data"
    code_corpus(corpus, out)
    _manifest(corpus, "Membership", "d.txt,Europe,2025-02-20,wire,\n")  # a's title changed
    (corpus / "d.txt").write_text("Macron said Europe must carry its own security.", "utf-8")
    run = code_corpus(corpus, out)
    assert (run.articles, run.coded) == (4, 2)
    code_corpus(corpus, tmp_path / "fresh")
    assert _bytes(out) == _bytes(tmp_path / "fresh")
    assert set(_rows(out)["title"]) == {"Membership", "Minerals", "Talks", "Europe"}


def test_a_new_codebook_version_or_full_recodes_everything(corpus, tmp_path, monkeypatch):
    out = tmp_path / "data"
    code_corpus(corpus, out)
    assert code_corpus(corpus, out, full=True).coded == 3
    changed = tmp_path / "codebook.toml"
    text = DEFAULT_CODEBOOK.read_text(encoding="utf-8")
    changed.write_text(text.replace("\nversion = ", "\nversion = '9' #", 1), encoding="utf-8")
    assert code_corpus(corpus, out, codebook=changed).coded == 3
    assert code_corpus(corpus, out, codebook=changed).coded == 0
    monkeypatch.setattr("stances.pipeline.__version__", "99.0")
    assert code_corpus(corpus, out, codebook=changed).coded == 3


def test_another_coder_recodes_everything_and_codes_alike_in_two_processes(tmp_path, reproducible):
    out = tmp_path / "data"
    code_corpus(SEEDS, out, batch_articles=20)
    run = code_corpus(SEEDS, out, batch_articles=20, coder="rules+pairs")
    assert run.coded == run.articles  # no row of the rule coder is kept
    assert set(_rows(out)["coder"]) == {"rules/2", "pairs/1"}
    assert code_corpus(SEEDS, out, batch_articles=20, coder="rules+pairs").coded == 0
    two = code_corpus(SEEDS, tmp_path / "two", batch_articles=20, coder="rules+pairs", jobs=2)
    assert two.statements == run.statements
    code_corpus(SEEDS, tmp_path / "fresh", batch_articles=20, coder="rules+pairs")
    assert _bytes(tmp_path / "two") == _bytes(tmp_path / "fresh")
    with pytest.raises(ValueError, match="coder must be one of rules, rules\\+pairs"):
        code_corpus(SEEDS, tmp_path / "x", coder="nli")


def test_progress_shows_articles_throughput_and_the_time_left(corpus, tmp_path, capsys):
    german = "Der Kanzler sagte am Mittwoch, die Regierung werde die Hilfe weiter leisten."
    (corpus / "d.txt").write_text(german, encoding="utf-8")
    _manifest(corpus, "Nato", "d.txt,Hilfe,2025-02-20,wire,\n")
    with pytest.warns(CorpusWarning, match="1 not coded, articles in a language"):
        run = code_corpus(corpus, tmp_path / "data", progress=True)
    assert run.articles == 3
    last = capsys.readouterr().err.split("\r")[-1]  # the bar's final state
    assert last.startswith("coding: 100%")
    assert "4/4 [" in last
    assert "<00:00" in last  # the time left
    assert "MB/s" in last


def test_progress_without_a_known_total_and_off(tmp_path, capsys):
    table = tmp_path / "articles.jsonl"
    table.write_text(
        '{"id": "1", "text": "Hegseth said NATO membership for Ukraine was unrealistic."}\n'
        '{"id": "2", "text": "Zelensky said he was ready to sign the minerals deal."}\n',
        encoding="utf-8",
    )
    code_corpus(table, tmp_path / "data", progress=True)
    assert "coding: 2 articles [" in capsys.readouterr().err
    code_corpus(table, tmp_path / "quiet", progress=False)
    assert capsys.readouterr().err == ""


def test_cli_jobs_and_quiet(corpus, tmp_path, capsys):
    assert main(["code", str(corpus), "-o", str(tmp_path / "d"), "--jobs", "2", "-q"]) == 0
    assert capsys.readouterr().out.startswith("coded 3 articles into ")
    assert main(["code", str(corpus), "-o", str(tmp_path / "d"), "--quiet"]) == 0
    assert "(3 articles unchanged since the last build)" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["code", str(corpus), "-o", str(tmp_path / "d"), "--jobs", "0"])
    assert exit_.value.code == 2
    assert "expected a whole number of at least 1, got '0'" in capsys.readouterr().err


def test_dask_on_its_own_two_worker_local_cluster_gives_the_bytes_of_one_process(
    tmp_path, reproducible
):
    one = code_corpus(SEEDS, tmp_path / "one", batch_articles=10)
    dask = code_corpus(SEEDS, tmp_path / "dask", batch_articles=10, engine="dask")
    assert (dask.articles, dask.statements) == (one.articles, one.statements)
    assert _bytes(tmp_path / "dask") == _bytes(tmp_path / "one")


def test_cli_codes_on_an_existing_dask_cluster(corpus, tmp_path, capsys):
    from distributed import LocalCluster

    code_corpus(corpus, tmp_path / "one")
    with LocalCluster(
        n_workers=2, threads_per_worker=1, dashboard_address="127.0.0.1:0"
    ) as cluster:
        assert len(cluster.workers) == 2
        command = ["code", str(corpus), "-o", str(tmp_path / "dask"), "-q", "--engine", "dask"]
        assert main([*command, "--scheduler", cluster.scheduler_address]) == 0
        assert capsys.readouterr().out.startswith("coded 3 articles into ")
        # the coder named on the command line is the one the workers run
        pairs = ["code", str(corpus), "-o", str(tmp_path / "pairs"), "-q", "--engine", "dask"]
        address = ["--scheduler", cluster.scheduler_address]
        assert main([*pairs, *address, "--coder", "rules+pairs"]) == 0
    assert capsys.readouterr().out.startswith("coded 3 articles into ")
    assert set(_rows(tmp_path / "pairs")["coder"]) <= {"rules/2", "pairs/1"}
    meta = pq.read_schema(tmp_path / "pairs" / "statements.parquet").metadata
    assert meta[b"stances.coder"] == b"rules+pairs/1"
    pd.testing.assert_frame_equal(_rows(tmp_path / "dask"), _rows(tmp_path / "one"))


def test_an_unreachable_scheduler_is_one_line(corpus, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("stances.pipeline.SCHEDULER_TIMEOUT", "1s")
    command = ["code", str(corpus), "-o", str(tmp_path / "d"), "-q", "--engine", "dask"]
    assert main([*command, "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stances: error: tcp://127.0.0.1:9: cannot reach the Dask scheduler")
    assert err.count("\n") == 1
    assert not (tmp_path / "d" / "statements.parquet").exists()
    assert main(["code", str(corpus), "-o", str(tmp_path / "d"), "--scheduler", "x:1"]) == 2
    assert "a scheduler is used only with --engine dask" in capsys.readouterr().err
