"""The dataset as other tools see it: a valid Frictionless Data Package, and tables that
DuckDB, Polars and pandas read and join without casts."""

import csv
import datetime as dt
import json
from pathlib import Path

import duckdb
import frictionless
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from stances.dataset import read_dataset
from stances.pipeline import build_dataset
from stances.schema import CORE_TABLES, STANCES, STATEMENTS


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus coded with the packaged codebook."""
    out = tmp_path_factory.mktemp("interop") / "data"
    build_dataset(Path(__file__).resolve().parents[1] / "seeds", out)
    return out


def _package(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def test_datapackage_is_a_valid_descriptor_of_every_file(demo):
    package = _package(demo)
    report = frictionless.Package.validate_descriptor(package)
    assert report.valid, report.flatten(["type", "note"])
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == {"statements", "articles", "actors", "topics", "codebook"}
    for spec in CORE_TABLES:
        schema = resources[spec.name]["schema"]
        assert [f["name"] for f in schema["fields"]] == spec.schema.names
        assert all(f["description"] for f in schema["fields"])
        assert schema["primaryKey"] == [spec.primary_key]
    fields = {f["name"]: f for f in resources["statements"]["schema"]["fields"]}
    assert fields["stance"]["constraints"] == {"required": True, "enum": list(STANCES)}
    assert fields["published"]["type"] == "date"
    assert fields["cues"]["type"] == "array"
    assert fields["score"]["constraints"] == {"required": True, "minimum": -1, "maximum": 1}
    assert "required" not in fields["via_actor_id"].get("constraints", {})
    keys = {
        fk["fields"][0]: fk["reference"] for fk in resources["statements"]["schema"]["foreignKeys"]
    }
    assert keys == {
        "article_id": {"resource": "articles", "fields": ["article_id"]},
        "actor_id": {"resource": "actors", "fields": ["actor_id"]},
        "topic_id": {"resource": "topics", "fields": ["topic_id"]},
        "via_actor_id": {"resource": "actors", "fields": ["actor_id"]},
    }
    assert package["stances"]["build_id"] == read_dataset(demo).metadata["stances.build_id"]
    codebook = frictionless.Resource(resources["codebook"], basepath=str(demo))
    assert frictionless.validate(codebook).valid  # its hash matches the file


def _as_csv(folder: Path, out: Path, *, change=None) -> Path:
    """The package with each table as CSV (lists as JSON), for frictionless to check rows,
    keys and foreign keys; `change(name, frame)` may spoil a table first."""
    out.mkdir()
    package = _package(folder)
    resources = []
    for resource in package["resources"]:
        if "schema" not in resource:
            continue
        table = pq.read_table(folder / resource["path"])
        frame = table.to_pandas()
        for field in table.schema:
            if pa.types.is_list(field.type):
                frame[field.name] = frame[field.name].map(lambda v: json.dumps(list(v)))
        if change:
            frame = change(resource["name"], frame)
        path = resource["name"] + ".csv"
        frame.to_csv(out / path, index=False, quoting=csv.QUOTE_NONNUMERIC)
        del resource["hash"]
        resources.append({**resource, "path": path, "format": "csv", "mediatype": "text/csv"})
    (out / "datapackage.json").write_text(json.dumps({**package, "resources": resources}))
    return out / "datapackage.json"


def test_every_row_meets_the_table_schemas_and_keys(demo, tmp_path):
    report = frictionless.validate(str(_as_csv(demo, tmp_path / "csv")))
    assert report.valid, report.flatten(["type", "note"])[:5]


def test_frictionless_sees_bad_values_and_orphans_through_the_schemas(demo, tmp_path):
    def spoil(name: str, frame: pd.DataFrame) -> pd.DataFrame:
        if name == "statements":
            frame = frame.astype({"stance": object, "topic_id": object})
            frame.loc[0, "stance"] = "maybe"
            frame.loc[1, "topic_id"] = "nato"
        return frame

    report = frictionless.validate(str(_as_csv(demo, tmp_path / "csv", change=spoil)))
    errors = report.flatten(["type", "fieldName"])
    assert ["constraint-error", "stance"] in errors
    assert any(kind == "foreign-key" for kind, _ in errors)


def test_frictionless_reads_the_parquet_files_directly(demo):
    """Every check passes except the list columns: frictionless's Parquet reader hands them
    over as NumPy arrays, which its array type does not take (data/README.md says so)."""
    report = frictionless.validate(str(demo / "datapackage.json"))
    found = {(task.name, e.type, e.field_name) for task in report.tasks for e in task.errors}
    assert found == {("statements", "type-error", "cues"), ("actors", "type-error", "aliases")}
    assert [task.stats["rows"] for task in report.tasks[:4]] == [
        len(read_dataset(demo).statements),
        len(read_dataset(demo).articles),
        17,
        9,
    ]


def test_duckdb_joins_statements_to_actors_and_topics_without_casts(demo):
    con = duckdb.connect()
    joined = con.execute(
        f"""
        select s.statement_id, a.name, a.country, t.label, t.support_means
        from read_parquet('{demo / "statements.parquet"}') s
        join read_parquet('{demo / "actors.parquet"}') a using (actor_id)
        join read_parquet('{demo / "topics.parquet"}') t using (topic_id)
        """
    ).df()
    statements = read_dataset(demo).statements
    assert len(joined) == len(statements) > 100
    row = joined[joined["statement_id"] == statements["statement_id"].iloc[0]].iloc[0]
    assert row["name"] == statements["actor_name"].iloc[0]
    described = f"describe select * from read_parquet('{demo / 'statements.parquet'}')"
    types = {row[0]: row[1] for row in con.execute(described).fetchall()}
    assert types["published"] == "DATE"
    assert types["actor_id"] == types["stance"] == "VARCHAR"
    assert types["evidence_start"] == "INTEGER"
    assert types["score"] == "FLOAT"


def test_polars_joins_statements_to_actors_and_topics_without_casts(demo):
    statements = pl.read_parquet(demo / "statements.parquet")
    joined = statements.join(pl.read_parquet(demo / "actors.parquet"), on="actor_id").join(
        pl.read_parquet(demo / "topics.parquet"), on="topic_id"
    )
    assert joined.height == statements.height > 100
    lazy = (
        pl.scan_parquet(demo / "statements.parquet")
        .join(pl.scan_parquet(demo / "actors.parquet"), on="actor_id")
        .collect()
    )
    assert lazy.height == statements.height
    assert statements.schema["published"] == pl.Date
    assert statements.schema["actor_id"] == pl.Categorical
    assert statements.schema["cues"] == pl.List(pl.String)


def test_polars_categorical_caveat_and_its_fix(demo):
    """Joining a key to a plain String column needs the one-line cast data/README.md gives."""
    statements = pl.read_parquet(demo / "statements.parquet")
    mine = pl.DataFrame({"actor_id": ["trump"], "party": ["Republican"]})
    with pytest.raises(pl.exceptions.SchemaError):
        statements.join(mine, on="actor_id")
    fixed = statements.with_columns(pl.col("actor_id").cast(pl.String)).join(mine, on="actor_id")
    assert fixed.height == (statements["actor_id"] == "trump").sum() > 0
    readme = (Path(__file__).resolve().parents[1] / "data" / "README.md").read_text("utf-8")
    assert 'pl.col("actor_id").cast(pl.String)' in readme


def test_pandas_reads_published_as_dates(demo):
    assert read_dataset(demo).statements["published"].dtype == "datetime64[s]"
    plain = pd.read_parquet(demo / "statements.parquet")["published"].dropna()
    assert all(type(v) is dt.date for v in plain)
    arrow = pd.read_parquet(demo / "statements.parquet", dtype_backend="pyarrow")
    assert str(arrow["published"].dtype) == "date32[day][pyarrow]"
    merged = read_dataset(demo).statements.merge(read_dataset(demo).actors, on="actor_id")
    assert len(merged) == len(read_dataset(demo).statements)


def test_duckdb_and_polars_read_the_same_rows(demo):
    expected = read_dataset(demo).statements.sort_values("statement_id").reset_index(drop=True)
    duck = (
        duckdb.connect()
        .execute(
            f"select * from read_parquet('{demo / 'statements.parquet'}') order by statement_id"
        )
        .df()
    )
    polar = pl.read_parquet(demo / "statements.parquet").sort("statement_id")
    assert list(duck.columns) == list(polar.columns) == STATEMENTS.names
    assert (
        duck["statement_id"].tolist()
        == polar["statement_id"].to_list()
        == expected["statement_id"].tolist()
    )
    assert duck["evidence_start"].tolist() == expected["evidence_start"].tolist()
    assert polar["stance"].cast(pl.String).to_list() == expected["stance"].astype(str).tolist()


def test_data_readme_explains_every_column():
    readme = (Path(__file__).resolve().parents[1] / "data" / "README.md").read_text("utf-8")
    for spec in CORE_TABLES:
        assert spec.file in readme
        for name in spec.schema.names:
            assert f"| {name}" in readme or f", {name}" in readme, (spec.name, name)
