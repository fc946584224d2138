"""Dataset schema v1 on disk: types, metadata, atomic writes, determinism, other readers."""

from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from stances.dataset import build_dataset, read_dataset, write_dataset
from stances.errors import DatasetError, SchemaError
from stances.schema import ARTICLES, REFERENCES, SCHEMA_VERSION, STATEMENTS

ARTICLES_TEXT = {
    "a.txt": "Rubio said the talks with Lavrov in Riyadh were very useful.\n\n"
    "Hegseth said NATO membership for Ukraine was unrealistic.",
    "b.txt": "Zelensky said he was ready to sign the minerals deal.",
    "c.txt": "Macron met Starmer in London.",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES_TEXT.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,title,published,source,url\n"
        "a.txt,Talks,2025-02-18,wire,https://example.org/a\n"
        "b.txt,Minerals,2025-03-04,wire,https://example.org/b\n"
        "c.txt,Meeting,,,\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def built(corpus: Path, tmp_path: Path) -> Path:
    out = tmp_path / "data"
    build_dataset(corpus, out)
    return out


def test_files_have_exact_schema_and_metadata(built):
    for name, schema in (("statements.parquet", STATEMENTS), ("articles.parquet", ARTICLES)):
        stored = pq.read_schema(built / name)
        assert stored.remove_metadata().equals(schema.remove_metadata(), check_metadata=False)
        for field in schema:
            assert stored.field(field.name).type == field.type
            assert stored.field(field.name).metadata[b"description"]
        meta = {k.decode(): v.decode() for k, v in stored.metadata.items()}
        assert meta["stances.schema_version"] == SCHEMA_VERSION
        assert {"stances.package_version", "stances.codebook", "stances.built_at"} <= set(meta)
    assert pa.types.is_dictionary(pq.read_schema(built / "statements.parquet").field("stance").type)


def test_read_dataset_gives_typed_frames(built):
    dataset = read_dataset(built)
    s = dataset.statements
    assert len(dataset.articles) == 3
    assert set(zip(s["actor_id"], s["topic_id"], s["stance"], strict=True)) >= {
        ("rubio", "us_russia_relations", "support"),
        ("hegseth", "ukraine_nato_membership", "oppose"),
        ("zelensky", "minerals_deal", "support"),
    }
    assert isinstance(s["stance"].dtype, pd.CategoricalDtype)
    assert s["published"].dtype == "datetime64[s]"
    assert s["score"].dtype == "float32"
    texts = dict(zip(dataset.articles["article_id"], dataset.articles["text"], strict=True))
    for row in s.itertuples():
        assert texts[row.article_id][row.evidence_start : row.evidence_end] == row.evidence


def test_builds_are_deterministic(corpus, tmp_path):
    build_dataset(corpus, tmp_path / "one")
    build_dataset(corpus, tmp_path / "two")
    first, second = read_dataset(tmp_path / "one"), read_dataset(tmp_path / "two")
    pd.testing.assert_frame_equal(first.statements, second.statements)
    pd.testing.assert_frame_equal(first.articles, second.articles)


def test_duckdb_and_polars_read_the_same_rows(built):
    pandas_rows = read_dataset(built).statements
    con = duckdb.connect()
    duck = con.execute(
        f"select * from read_parquet('{built / 'statements.parquet'}') order by statement_id"
    ).df()
    polar = pl.read_parquet(built / "statements.parquet").sort("statement_id")
    expected = pandas_rows.sort_values("statement_id").reset_index(drop=True)
    assert list(duck.columns) == list(polar.columns) == STATEMENTS.names
    assert (
        duck["statement_id"].tolist()
        == polar["statement_id"].to_list()
        == expected["statement_id"].tolist()
    )
    assert duck["evidence_start"].tolist() == expected["evidence_start"].tolist()
    assert polar["stance"].cast(pl.String).to_list() == expected["stance"].astype(str).tolist()
    assert polar.schema["stance"] == pl.Categorical
    assert polar.schema["published"] == pl.Date
    assert polar.schema["cues"] == pl.List(pl.String)
    described = f"describe select * from read_parquet('{built / 'statements.parquet'}')"
    types = {row[0]: row[1] for row in con.execute(described).fetchall()}
    assert types["published"] == "DATE"
    assert types["evidence_start"] == "INTEGER"
    assert types["score"] == "FLOAT"


def test_failed_write_leaves_previous_dataset_intact(built):
    before = (built / "statements.parquet").read_bytes()
    dataset = read_dataset(built)
    broken = dataset.statements.assign(stance="maybe")
    with pytest.raises(SchemaError, match="stance out of range in rows 0"):
        write_dataset(broken, dataset.articles, built, codebook="x")
    assert (built / "statements.parquet").read_bytes() == before
    assert sorted(p.name for p in built.iterdir()) == ["articles.parquet", "statements.parquet"]


def test_validation_reports_every_problem(built):
    dataset = read_dataset(built)
    broken = dataset.statements.assign(score=5.0, confidence=-1.0)
    with pytest.raises(SchemaError) as info:
        write_dataset(broken, dataset.articles, built, codebook="x")
    assert "score out of range" in str(info.value)
    assert "confidence out of range" in str(info.value)


def _set_version(path: Path, version: str, *, drop: str | None = None) -> None:
    table = pq.read_table(path)
    if drop:
        table = table.drop_columns([drop])
    meta = {**table.schema.metadata, b"stances.schema_version": version.encode()}
    pq.write_table(table.replace_schema_metadata(meta), path)


def test_schema_version_is_1_2_with_reference_values(built):
    assert SCHEMA_VERSION == "1.2"
    assert REFERENCES == ("current", "recap", "background")
    dataset = read_dataset(built)
    assert isinstance(dataset.statements["reference"].dtype, pd.CategoricalDtype)
    assert set(dataset.statements["reference"]) == {"current"}
    assert (
        pq.read_schema(built / "statements.parquet")
        .field("reference")
        .metadata[b"description"]
        .startswith(b"current: the statement is made in this article")
    )


def test_reference_outside_its_values_is_refused(built):
    dataset = read_dataset(built)
    broken = dataset.statements.assign(reference="later")
    with pytest.raises(SchemaError, match="reference out of range in rows 0"):
        write_dataset(broken, dataset.articles, built, codebook="x")


@pytest.mark.parametrize("version", ["1", "1.0"])
def test_schema_1_0_without_reference_reads_as_current(built, version):
    expected = read_dataset(built).statements
    _set_version(built / "statements.parquet", version, drop="reference")
    _set_version(built / "articles.parquet", version)
    dataset = read_dataset(built)
    assert dataset.statements.columns.tolist() == STATEMENTS.names
    assert dataset.statements["reference"].tolist() == ["current"] * len(expected)
    assert dataset.statements["reference"].dtype == expected["reference"].dtype
    pd.testing.assert_frame_equal(dataset.statements, expected)


def test_later_minor_version_is_read(built):
    for name in ("statements.parquet", "articles.parquet"):
        _set_version(built / name, "1.7")
    assert len(read_dataset(built).statements)


def test_schema_1_1_without_reference_is_incomplete(built):
    _set_version(built / "statements.parquet", "1.1", drop="reference")
    with pytest.raises(DatasetError, match=r"missing column\(s\) reference"):
        read_dataset(built)


@pytest.mark.parametrize("version", ["2", "2.0", "10.1"])
def test_schema_2_or_later_is_refused(built, version):
    _set_version(built / "statements.parquet", version)
    with pytest.raises(DatasetError, match=rf"schema version '{version}', expected 1\.x.*newer"):
        read_dataset(built)


@pytest.mark.parametrize("version", ["0", "one", "", "1.1.1"])
def test_other_schema_version_is_refused(built, version):
    _set_version(built / "statements.parquet", version)
    with pytest.raises(DatasetError, match=rf"schema version '{version}', expected 1\.x"):
        read_dataset(built)


def test_missing_dataset_is_a_clear_error(tmp_path):
    with pytest.raises(DatasetError, match=r"no statements\.parquet"):
        read_dataset(tmp_path)
