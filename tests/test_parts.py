"""The parts layout (issue 10): statements and articles as Hive-partitioned part files by
month of publication, read back as the single-file tables by stances, DuckDB and Polars."""

import hashlib
import itertools
import json
import shutil
from pathlib import Path

import duckdb
import frictionless
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from stances import parts, pipeline
from stances.cli import main
from stances.dataset import read_dataset
from stances.errors import DatasetError
from stances.parts import ORDER_KEY, PARTITION, UNDATED, choose_layout
from stances.pipeline import code_corpus
from stances.schema import ARTICLES, STATEMENTS

ROOT = Path(__file__).resolve().parents[1]
EPOCH = "1740000000"


def _undated_corpus(folder: Path) -> Path:
    """The demo corpus with every fifth article's date removed, so that batches mix the
    undated partition with several months."""
    shutil.copytree(ROOT / "seeds", folder, ignore=shutil.ignore_patterns("real", "*.csv"))
    manifest = pd.read_csv(ROOT / "seeds" / "manifest.csv", dtype=str, keep_default_na=False)
    manifest.loc[manifest.index % 5 == 2, "published"] = ""
    manifest.to_csv(folder / "manifest.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same corpus in both layouts, in batches of 7 articles."""
    folder = tmp_path_factory.mktemp("parts")
    corpus = _undated_corpus(folder / "corpus")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        patch.setattr(pipeline, "ROW_GROUP_ARTICLES", 1)  # each batch written on its own
        for layout in ("single", "parts"):
            code_corpus(corpus, folder / layout, batch_articles=7, layout=layout)
    return {"corpus": corpus, "single": folder / "single", "parts": folder / "parts"}


@pytest.fixture(autouse=True)
def _each_batch_written_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """The small batches of these tests are the writes whose parts they check."""
    monkeypatch.setattr(pipeline, "ROW_GROUP_ARTICLES", 1)


def _part_files(folder: Path, table: str) -> list[Path]:
    return sorted((folder / table).rglob("*.parquet"))


def test_parts_read_back_as_the_single_file_tables(built):
    single, parted = read_dataset(built["single"]), read_dataset(built["parts"])
    assert (single.layout, parted.layout) == ("single", "parts")
    assert parted.statements["published"].isna().sum() > 0
    pd.testing.assert_frame_equal(parted.statements, single.statements)
    pd.testing.assert_frame_equal(parted.articles, single.articles)
    assert parted.metadata == single.metadata
    assert list(parted.statements.columns) == STATEMENTS.names
    assert not (built["parts"] / "statements.parquet").exists()


def test_each_part_holds_the_rows_of_its_month_and_only_the_table_columns(built):
    for table, spec in (("statements", STATEMENTS), ("articles", ARTICLES)):
        files = _part_files(built["parts"], table)
        months = {path.parent.name for path in files}
        assert f"{PARTITION}={UNDATED}" in months
        assert {f"{PARTITION}=2025-02", f"{PARTITION}=2025-03"} <= months
        for path in files:
            rows = pq.read_table(path)
            assert rows.schema.names == spec.names
            month = path.parent.name.removeprefix(f"{PARTITION}=")
            found = pc.strftime(rows.column("published"), "%Y-%m").to_pylist()
            assert set(found) == ({None} if month == UNDATED else {month}), path


def test_batches_spread_over_months_come_back_in_written_order(built):
    runs = [
        json.loads(pq.read_schema(path).metadata[ORDER_KEY.encode()])
        for path in _part_files(built["parts"], "statements")
    ]
    assert max(len(r) for r in runs) > 1  # a part holds rows of several batches
    assert any(b for r in runs for b, _ in r)  # and batches other than the first
    assert sum(n for r in runs for _, n in r) == len(read_dataset(built["single"]).statements)


def _single_rows(folder: Path) -> pd.DataFrame:
    rows = read_dataset(folder).statements.sort_values("statement_id", ignore_index=True)
    return rows.astype({"stance": str, "published": object})


def test_duckdb_reads_the_parts_with_hive_partitioning(built):
    glob = built["parts"] / "statements" / "**" / "*.parquet"
    rows = (
        duckdb.connect()
        .execute(
            f"select * from read_parquet('{glob}', hive_partitioning=true) order by statement_id"
        )
        .df()
    )
    expected = _single_rows(built["single"])
    assert list(rows.columns) == [*STATEMENTS.names, PARTITION]
    assert rows["statement_id"].tolist() == expected["statement_id"].tolist()
    assert rows["evidence_start"].tolist() == expected["evidence_start"].tolist()
    assert rows["stance"].astype(str).tolist() == expected["stance"].tolist()
    months = pd.to_datetime(rows["published"]).dt.strftime("%Y-%m")
    assert rows[PARTITION].isna().tolist() == rows["published"].isna().tolist()
    assert (rows[PARTITION].dropna() == months.dropna()).all()


def test_polars_scans_the_parts_with_hive_partitioning(built):
    rows = (
        pl.scan_parquet(built["parts"] / "statements", hive_partitioning=True)
        .sort("statement_id")
        .collect()
    )
    expected = _single_rows(built["single"])
    assert rows.columns == [*STATEMENTS.names, PARTITION]
    assert rows["statement_id"].to_list() == expected["statement_id"].tolist()
    assert rows["stance"].cast(pl.String).to_list() == expected["stance"].tolist()
    assert rows[PARTITION].null_count() == expected["published"].isna().sum() > 0
    undated = pl.scan_parquet(built["parts"] / "articles", hive_partitioning=True).filter(
        pl.col(PARTITION).is_null()
    )
    assert undated.select(pl.col("published").is_null().all()).collect().item()


def test_the_datapackage_lists_every_part_of_one_build(built):
    package = json.loads((built["parts"] / "datapackage.json").read_text(encoding="utf-8"))
    assert frictionless.Package.validate_descriptor(package).valid
    resources = {r["name"]: r for r in package["resources"]}
    for table in ("statements", "articles"):
        listed = resources[table]["path"]
        files = [
            p.relative_to(built["parts"]).as_posix() for p in _part_files(built["parts"], table)
        ]
        assert listed == files
        for path in files:
            metadata = pq.read_schema(built["parts"] / path).metadata
            assert metadata[b"stances.build_id"].decode() == package["stances"]["build_id"]
    assert resources["actors"]["path"] == "actors.parquet"


def test_the_multipart_hash_and_what_frictionless_reads_of_parts(built):
    """The hash covers the parts one after the other; frictionless's Parquet reader reads
    the first part of a multipart resource only (data/README.md says so)."""
    package = json.loads((built["parts"] / "datapackage.json").read_text(encoding="utf-8"))
    statements = package["resources"][0]
    digest = hashlib.sha256(b"".join((built["parts"] / p).read_bytes() for p in statements["path"]))
    assert statements["hash"] == f"sha256:{digest.hexdigest()}"
    report = frictionless.validate(str(built["parts"] / "datapackage.json"))
    first = pq.read_metadata(built["parts"] / statements["path"][0]).num_rows
    assert report.tasks[0].name == "statements"
    assert report.tasks[0].stats["rows"] == first < len(read_dataset(built["parts"]).statements)


def test_a_month_whose_file_was_closed_continues_in_a_new_part(built, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(parts, "MAX_OPEN_FILES", 2)
    for layout in ("single", "parts"):
        code_corpus(built["corpus"], tmp_path / layout, batch_articles=3, layout=layout)
    names = {p.name for p in _part_files(tmp_path / "parts", "statements")}
    assert "part-00001.parquet" in names
    pd.testing.assert_frame_equal(
        read_dataset(tmp_path / "parts").statements, read_dataset(tmp_path / "single").statements
    )


def test_rows_reach_the_disk_as_each_batch_arrives(built, tmp_path):
    """Memory holds one batch: each batch's rows are on disk before the next arrives."""
    table = pq.read_table(built["single"] / "statements.parquet")
    writer = parts.PartsWriter(tmp_path / "statements", table.schema)
    written = []
    for batch in table.to_batches(max_chunksize=40):
        writer.write_table(pa.Table.from_batches([batch]))
        written.append(sum(p.stat().st_size for p in (tmp_path / "statements").rglob("*")))
    assert len(written) > 3
    assert all(a < b for a, b in itertools.pairwise(written))
    writer.close()
    writer.stamp({})
    files = sorted((tmp_path / "statements").rglob("*"))
    assert all(f.suffix == ".parquet" for f in files if f.is_file())
    assert sum(pq.read_metadata(p).num_rows for p in files if p.is_file()) == table.num_rows


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and ".stances" not in p.parts
    }


def test_a_rerun_keeps_the_layout_and_codes_only_what_changed(built, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "data"
    shutil.copytree(built["parts"], out)
    before = _snapshot(out)
    again = code_corpus(built["corpus"], out, batch_articles=7)  # layout auto
    assert again.coded == 0
    assert _snapshot(out) == before
    corpus = shutil.copytree(built["corpus"], tmp_path / "corpus")
    manifest = pd.read_csv(corpus / "manifest.csv", dtype=str, keep_default_na=False)
    manifest.loc[3, "title"] = "A new title"
    manifest.to_csv(corpus / "manifest.csv", index=False)
    assert code_corpus(corpus, out, batch_articles=7).coded == 1
    code_corpus(corpus, tmp_path / "full", batch_articles=7, layout="parts")
    assert _snapshot(out) == _snapshot(tmp_path / "full")


def test_switching_layouts_leaves_only_the_new_builds_files(built, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "data"
    shutil.copytree(built["single"], out)
    run = code_corpus(built["corpus"], out, batch_articles=7, layout="parts", full=True)
    assert run.coded == run.articles
    assert _snapshot(out) == _snapshot(built["parts"])
    assert code_corpus(built["corpus"], out, batch_articles=7, layout="single").coded == 0
    assert _snapshot(out) == _snapshot(built["single"])
    assert [p.name for p in (out / ".stances").iterdir()] == ["lock"]


def test_two_processes_and_dask_write_the_parts_of_one_process(built, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for options in ({"jobs": 2}, {"engine": "dask"}):
        out = tmp_path / next(iter(options))
        code_corpus(built["corpus"], out, batch_articles=7, layout="parts", **options)
        assert _snapshot(out) == _snapshot(built["parts"]), options


def test_auto_writes_parts_above_the_threshold_and_keeps_an_existing_layout(built, tmp_path):
    corpus = built["corpus"]
    assert choose_layout("auto", corpus=corpus, out=tmp_path / "new") == "single"
    assert choose_layout("auto", corpus=corpus, out=built["parts"]) == "parts"
    assert choose_layout("single", corpus=corpus, out=built["parts"]) == "single"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parts, "PARTS_ABOVE_MB", 0.05)  # the demo corpus: about 0.08 MB
        assert choose_layout("auto", corpus=corpus, out=tmp_path / "new") == "parts"
        assert choose_layout("auto", corpus=corpus, out=built["single"]) == "single"
    with pytest.raises(ValueError, match="layout must be one of auto, single, parts"):
        choose_layout("folders", corpus=corpus, out=tmp_path)


def test_the_cli_help_states_the_threshold(capsys):
    with pytest.raises(SystemExit):
        main(["code", "--help"])
    assert f"over {parts.PARTS_ABOVE_MB} MB" in " ".join(capsys.readouterr().out.split())


def test_info_and_shifts_print_the_same_for_both_layouts(built, tmp_path, capsys):
    printed = {}
    for layout in ("single", "parts"):
        assert main(["info", str(built[layout])]) == 0
        assert main(["shifts", str(built[layout]), "--format", "csv"]) == 0
        printed[layout] = capsys.readouterr().out.replace(str(built[layout]), "DATA")
    assert printed["parts"] == printed["single"]
    assert "statements" in printed["parts"]
    report = tmp_path / "report.html"
    assert main(["report", str(built["parts"]), "-o", str(report)]) == 0
    assert report.stat().st_size > 10_000


def test_code_cli_writes_parts_and_a_review_merge_keeps_them(built, tmp_path, capsys):
    out = tmp_path / "data"
    command = ["code", str(built["corpus"]), "-o", str(out), "-q", "--layout", "parts"]
    assert main(command) == 0
    assert read_dataset(out).layout == "parts"
    from stances.merge import apply_reviews
    from stances.review import QUEUE_COLUMNS

    code = read_dataset(out).statements.iloc[0]
    reviews = tmp_path / "reviews.csv"
    row = {
        **dict.fromkeys(QUEUE_COLUMNS, ""),
        "statement_id": code["statement_id"],
        "doc_id": code["doc_id"],
        "action": "reject",
        "reviewer": "ana",
    }
    pd.DataFrame([row], columns=list(QUEUE_COLUMNS)).to_csv(reviews, index=False)
    apply_reviews(reviews, out)
    merged = read_dataset(out)
    assert merged.layout == "parts"
    assert code["statement_id"] not in set(merged.statements["statement_id"])
    assert (out / "reviews.parquet").is_file()
    assert not (out / "statements.parquet").exists()


def test_a_part_whose_row_order_is_damaged_is_named(built, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(built["parts"], out)
    path = _part_files(out, "statements")[0]
    table = pq.read_table(path)
    metadata = {**table.schema.metadata, ORDER_KEY.encode(): b"[[0, 1]]"}
    pq.write_table(table.replace_schema_metadata(metadata), path)
    with pytest.raises(DatasetError, match=rf"{path.name}: .*does not count its \d+ rows"):
        read_dataset(out)


def test_a_statements_folder_that_stances_did_not_write_is_not_replaced(built, tmp_path, capsys):
    out = tmp_path / "data"
    (out / "statements").mkdir(parents=True)
    (out / "statements" / "notes.txt").write_text("mine", encoding="utf-8")
    command = ["code", str(built["corpus"]), "-o", str(out), "-q", "--layout", "parts"]
    assert main(command) == 2
    err = capsys.readouterr().err
    assert err == (
        f"stances: error: {out / 'statements'}: exists and was not written by stances; move it "
        "away or write the dataset to another directory\n"
    )
    assert (out / "statements" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert main(["code", str(built["corpus"]), "-o", str(out), "-q"]) == 0  # one file: no clash
    assert read_dataset(out).layout == "single"


def test_a_bad_value_in_a_part_names_the_tables_folder(built, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(built["parts"], out)
    path = _part_files(out, "statements")[-1]
    table = pq.read_table(path)
    index = table.schema.get_field_index("stance")
    stances = table.column(index).cast(pa.string()).to_pylist()
    stances[0] = "maybe"
    column = pa.array(stances).dictionary_encode().cast(table.schema.field(index).type)
    pq.write_table(table.set_column(index, table.schema.field(index), column), path)
    with pytest.raises(DatasetError, match=r"/statements: stance: not one of .*'maybe'"):
        read_dataset(out)


def test_parts_of_different_schemas_are_one_clear_error(built, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(built["parts"], out)
    path = _part_files(out, "statements")[0]
    pq.write_table(pq.read_table(path).drop_columns(["quote"]), path)
    with pytest.raises(DatasetError, match=r"/statements: its part files do not share one schema"):
        read_dataset(out)


def test_small_batches_make_one_row_group_per_file(built, tmp_path):
    """A row group per batch and month would keep the metadata of thousands of row groups
    in memory on a large corpus; a part's batches are written as row groups of ~16 MB."""
    table = pq.read_table(built["single"] / "statements.parquet")
    writer = parts.PartsWriter(tmp_path / "statements", table.schema)
    batches = table.to_batches(max_chunksize=10)
    assert len(batches) > 5
    for batch in batches:
        writer.write_table(pa.Table.from_batches([batch]))
    writer.close()
    writer.stamp({})
    files = sorted((tmp_path / "statements").rglob("*.parquet"))
    assert len(files) > 1
    assert all(pq.ParquetFile(f).num_row_groups == 1 for f in files)
    assert pa.concat_tables(pq.read_table(f) for f in files).num_rows == table.num_rows


def test_a_large_part_is_written_in_row_groups_of_about_the_set_size(built, tmp_path, monkeypatch):
    monkeypatch.setattr(parts, "ROW_GROUP_BYTES", 2_000)
    table = pq.read_table(built["single"] / "statements.parquet")
    writer = parts.PartsWriter(tmp_path / "statements", table.schema)
    for batch in table.to_batches(max_chunksize=5):
        writer.write_table(pa.Table.from_batches([batch]))
    writer.close()
    writer.stamp({})
    files = sorted((tmp_path / "statements").rglob("*.parquet"))
    assert max(pq.ParquetFile(f).num_row_groups for f in files) > 2
    pd.testing.assert_frame_equal(parts.read_parts(files).to_pandas(), table.to_pandas())
