"""Dataset schema 1.x on disk: the files of a build, metadata, checks on write and on read,
schema versions and determinism."""

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from builders import make_articles, make_statements, stmt

from stances.codebook import load_codebook
from stances.dataset import read_dataset, write_dataset
from stances.errors import DatasetError, SchemaError
from stances.pipeline import build_dataset
from stances.schema import (
    ARTICLES,
    REFERENCES,
    SCHEMA_VERSION,
    STATEMENTS,
    ForeignKey,
    TableSpec,
)

ROOT = Path(__file__).resolve().parents[1]
ARTICLES_TEXT = {
    "a.txt": "Rubio said the talks with Lavrov in Riyadh were very useful.\n\n"
    "Hegseth said NATO membership for Ukraine was unrealistic.",
    "b.txt": "Zelensky said he was ready to sign the minerals deal.",
    "c.txt": "Macron met Starmer in London.",
}
LAYOUT = [
    "actors.parquet",
    "articles.parquet",
    "codebook.toml",
    "datapackage.json",
    "statements.parquet",
    "topics.parquet",
]


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


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_a_build_writes_every_file_with_one_build_id(built):
    assert _files(built) == LAYOUT
    package = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
    build = package["stances"]["build_id"]
    assert len(build) == 16
    assert sorted(r["path"] for r in package["resources"]) == sorted(
        set(LAYOUT) - {"datapackage.json"}
    )
    for name in LAYOUT:
        if name.endswith(".parquet"):
            meta = pq.read_schema(built / name).metadata
            assert meta[b"stances.build_id"].decode() == build, name
    assert (built / "codebook.toml").read_bytes() == Path(load_codebook().path).read_bytes()
    assert sorted(p.name for p in (built / ".stances").iterdir()) == ["lock"]


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
    dataset = read_dataset(built, strict=True)
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
    assert (
        dataset.metadata["stances.build_id"]
        == json.loads((built / "datapackage.json").read_text(encoding="utf-8"))["stances"][
            "build_id"
        ]
    )


def test_dimension_tables_come_from_the_codebook(built):
    dataset = read_dataset(built)
    book = load_codebook()
    assert dataset.actors["actor_id"].astype(str).tolist() == list(book.actors)
    assert dataset.topics["topic_id"].astype(str).tolist() == list(book.topics)
    hegseth = dataset.actors.set_index("actor_id").loc["hegseth"]
    assert (hegseth["name"], hegseth["country"]) == ("Pete Hegseth", "US")
    assert hegseth["organisation"] == "US Department of Defense"
    nato = dataset.topics.set_index("topic_id").loc["ukraine_nato_membership"]
    assert nato["support_means"] == "favours Ukraine joining NATO"
    assert "unrealistic" in nato["oppose_means"]


def test_tables_without_a_codebook_get_dimensions_from_their_ids(tmp_path):
    statements = make_statements(
        stmt("a", "2025-02-01", "putin", "talks", "support", via_actor_id="trump"),
        stmt("b", "2025-02-02", "trump", "aid", "oppose"),
    )
    write_dataset(statements, make_articles(statements), tmp_path, codebook="hand-made")
    dataset = read_dataset(tmp_path)
    assert dataset.actors[["actor_id", "name"]].astype(str).values.tolist() == [
        ["putin", "Putin"],
        ["trump", "Trump"],
    ]
    assert dataset.topics["topic_id"].astype(str).tolist() == ["aid", "talks"]
    assert "codebook.toml" not in _files(tmp_path)


def test_builds_are_deterministic(corpus, tmp_path):
    build_dataset(corpus, tmp_path / "one")
    build_dataset(corpus, tmp_path / "two")
    first, second = read_dataset(tmp_path / "one"), read_dataset(tmp_path / "two")
    pd.testing.assert_frame_equal(first.statements, second.statements)
    pd.testing.assert_frame_equal(first.articles, second.articles)


def test_same_inputs_give_identical_bytes_under_any_hash_seed(tmp_path):
    """Two processes with different PYTHONHASHSEED code seeds/ with SOURCE_DATE_EPOCH set."""
    runs = {}
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1740000000"}
        command = [sys.executable, "-m", "stances", "code", "seeds", "-o", str(tmp_path / seed)]
        runs[seed] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    assert [run.wait(timeout=300) for run in runs.values()] == [0, 0]
    one, two = tmp_path / "1", tmp_path / "2"
    assert _files(one) == _files(two) == LAYOUT
    for name in LAYOUT:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    dataset = read_dataset(one)
    assert dataset.metadata["stances.built_at"] == "2025-02-19T21:20:00+00:00"
    assert len(dataset.statements) > 100


def test_build_id_follows_the_content(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1740000000")
    statements = make_statements(stmt("a", "2025-02-01", "putin", "talks", "support"))
    articles = make_articles(statements)
    first = write_dataset(statements, articles, tmp_path / "a", codebook="x").metadata
    again = write_dataset(statements, articles, tmp_path / "b", codebook="x").metadata
    other = write_dataset(statements.assign(confidence=0.5), articles, tmp_path / "c", codebook="x")
    assert first["stances.build_id"] == again["stances.build_id"]
    assert other.metadata["stances.build_id"] != first["stances.build_id"]


def test_bad_source_date_epoch_is_a_clear_error(built, monkeypatch):
    dataset = read_dataset(built)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(DatasetError, match="SOURCE_DATE_EPOCH: expected whole seconds"):
        write_dataset(dataset.statements, dataset.articles, built, codebook="x")


# ---------------------------------------------------------------- checks on write


def _null(statements: pd.DataFrame, column: str, row: int) -> pd.DataFrame:
    changed = statements.astype({column: object})
    changed.loc[row, column] = None
    return changed


def _write(built: Path, change: Callable[[pd.DataFrame], pd.DataFrame], **options) -> str:
    """The message of the SchemaError that writing the changed statements raises."""
    dataset = read_dataset(built)
    before = {name: (built / name).read_bytes() for name in _files(built)}
    with pytest.raises(SchemaError) as info:
        write_dataset(change(dataset.statements), dataset.articles, built, **options)
    assert {name: (built / name).read_bytes() for name in _files(built)} == before
    assert sorted(p.name for p in (built / ".stances").iterdir()) == ["lock"]
    return str(info.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda s: s.assign(stance="maybe"),
            r"^statements\.parquet: stance: not one of support, oppose, neutral, mixed in rows "
            r"0, 1, 2 \(found 'maybe'\)$",
        ),
        (lambda s: s.assign(reference="later"), r"reference: not one of current, recap"),
        (lambda s: s.assign(attribution="rumour"), r"attribution: not one of direct_quote"),
        (lambda s: s.assign(score=5.0), r"score: outside \[-1, 1\] in rows 0, 1, 2"),
        (lambda s: s.assign(confidence=-1.0), r"confidence: outside \[0, 1\]"),
        (lambda s: s.assign(statement_id="same"), r"statement_id: duplicate in rows 0, 1, 2"),
        (lambda s: s.assign(evidence="Other words."), r"evidence differs from text\[evidence_"),
        (lambda s: s.assign(evidence_start=-3), r"evidence_start: below 0 in rows 0"),
        (lambda s: s.assign(article_id="nowhere"), r"article_id: no such article_id in articles"),
        (lambda s: s.drop(columns="cues"), r"missing column\(s\) cues"),
        (lambda s: s.assign(evidence_start="x"), r"evidence_start: not int32"),
        (lambda s: s.assign(score="high"), r"score: not float"),
        (
            lambda s: _null(_null(s, "statement_id", 1), "actor_id", 2),
            r"statement_id: null in rows 1; actor_id: null in rows 2$",
        ),
    ],
)
def test_bad_statements_are_refused_with_every_bad_row(built, change, expected):
    message = _write(built, change, codebook="x")
    assert re.search(expected, message), message


def test_validation_reports_every_problem_at_once(built):
    message = _write(built, lambda s: s.assign(score=5.0, confidence=-1.0), codebook="x")
    assert "score: outside" in message
    assert "confidence: outside" in message


def test_actor_outside_the_codebook_is_refused(built):
    def rename(statements: pd.DataFrame) -> pd.DataFrame:
        return statements.assign(actor_id=statements["actor_id"].astype(str).replace("rubio", "x"))

    message = _write(built, rename, codebook=load_codebook())
    assert "actor_id: no such actor_id in actors.parquet in rows" in message
    assert "(found 'x')" in message


def test_an_extra_table_may_not_take_a_core_name(built):
    spec = TableSpec("statements", "again", STATEMENTS)
    message = _write(built, lambda s: s, codebook="x", extra_tables=[(spec, pd.DataFrame())])
    assert "an extra table may not be named 'statements'" in message


REVIEWS = TableSpec(
    "reviews",
    "Decisions on coded statements.",
    pa.schema(
        [
            pa.field("statement_id", pa.string(), nullable=False),
            pa.field("decision", pa.dictionary(pa.int32(), pa.string()), nullable=False),
        ]
    ),
    foreign_keys=(ForeignKey("statement_id", "statements", "statement_id"),),
    values={"decision": ("accept", "reject")},
)


def test_extra_tables_are_committed_in_the_same_build(built):
    dataset = read_dataset(built)
    ids = dataset.statements["statement_id"].tolist()
    reviews = pd.DataFrame({"statement_id": ids[:2], "decision": ["accept", "reject"]})
    written = write_dataset(
        dataset.statements,
        dataset.articles,
        built,
        codebook=load_codebook(),
        extra_tables=[(REVIEWS, reviews)],
    )
    assert _files(built) == sorted([*LAYOUT, "reviews.parquet"])
    build = written.metadata["stances.build_id"]
    assert pq.read_schema(built / "reviews.parquet").metadata[b"stances.build_id"] == build.encode()
    again = read_dataset(built)
    assert again.tables["reviews"]["decision"].astype(str).tolist() == ["accept", "reject"]
    bad = reviews.assign(decision=["accept", "maybe"], statement_id=[ids[0], "gone"])
    with pytest.raises(SchemaError) as info:
        write_dataset(
            dataset.statements, dataset.articles, built, codebook="x", extra_tables=[(REVIEWS, bad)]
        )
    assert str(info.value).startswith("reviews.parquet: ")
    assert "decision: not one of accept, reject in rows 1" in str(info.value)
    assert "statement_id: no such statement_id in statements.parquet in rows 1" in str(info.value)
    # the next build without reviews drops the old build's reviews.parquet
    write_dataset(dataset.statements, dataset.articles, built, codebook=load_codebook())
    assert _files(built) == LAYOUT
    assert read_dataset(built).tables == {}


# ---------------------------------------------------------------- checks on read


def _rewrite(path: Path, change: Callable[[pa.Table], pa.Table]) -> None:
    """Change a file's table and keep its metadata (build id included)."""
    table = pq.read_table(path)
    pq.write_table(change(table).replace_schema_metadata(table.schema.metadata), path)


def _set(table: pa.Table, name: str, values: list, type_: pa.DataType | None = None) -> pa.Table:
    index = table.schema.get_field_index(name)
    column = pa.array(values, type=type_ or table.schema.field(name).type)
    return table.set_column(index, pa.field(name, column.type), column)


def _cast(name: str, type_: pa.DataType) -> Callable[[pa.Table], pa.Table]:
    def change(table: pa.Table) -> pa.Table:
        index = table.schema.get_field_index(name)
        return table.set_column(index, pa.field(name, type_), table.column(name).cast(type_))

    return change


def _first(name: str, value: object) -> Callable[[pa.Table], pa.Table]:
    def change(table: pa.Table) -> pa.Table:
        values = table.column(name).to_pylist()
        values[0] = value
        return _set(table, name, values, pa.string() if isinstance(value, str) else None)

    return change


BAD_FILES = [
    ("statements.parquet", _cast("score", pa.string()), r"score: type string, expected float"),
    ("statements.parquet", _cast("evidence_start", pa.float64()), r"evidence_start: type double"),
    ("statements.parquet", _cast("published", pa.string()), r"published: type string"),
    ("statements.parquet", _first("stance", "maybe"), r"stance: not one of .* in rows 0 \("),
    ("statements.parquet", _first("attribution", "hearsay"), r"attribution: not one of"),
    ("statements.parquet", _first("reference", "future"), r"reference: not one of"),
    ("statements.parquet", _first("statement_id", None), r"statement_id: null in rows 0$"),
    ("statements.parquet", _first("actor_id", None), r"actor_id: null in rows 0"),
    ("statements.parquet", _first("article_id", "orphan"), r"article_id: no such article_id"),
    ("statements.parquet", _first("topic_id", "nato"), r"topic_id: no such topic_id in topics"),
    ("statements.parquet", _first("via_actor_id", "ghost"), r"via_actor_id: no such actor_id"),
    ("statements.parquet", _first("score", -7.5), r"score: outside \[-1, 1\] in rows 0"),
    ("statements.parquet", _first("evidence_start", 10**6), r"not evidence_start <= evidence_end"),
    ("statements.parquet", _first("evidence", "Forged."), r"evidence differs from text"),
    ("articles.parquet", _first("article_id", None), r"article_id: null in rows 0"),
    ("articles.parquet", _first("n_chars", -1), r"n_chars: below 0 in rows 0"),
    ("articles.parquet", lambda t: t.drop_columns(["text"]), r"missing column text"),
    (
        "actors.parquet",
        _first("actor_id", "putin"),
        r"actor_id: duplicate in rows 0, 1 \(found .putin.\)",
    ),
    ("topics.parquet", _first("label", None), r"label: null in rows 0"),
]


@pytest.mark.parametrize(("name", "change", "expected"), BAD_FILES)
def test_bad_files_are_refused_naming_file_and_rows(built, name, change, expected):
    _rewrite(built / name, change)
    with pytest.raises(DatasetError) as info:
        read_dataset(built)
    assert info.value.path == str(built / name)
    assert re.search(expected, info.value.reason), info.value.reason


def test_evidence_is_checked_on_a_sample_or_on_every_row_with_strict(tmp_path):
    rows = [stmt(f"a{i // 10}", "2025-02-01", "putin", "talks", "support") for i in range(1200)]
    statements = make_statements(*rows)
    write_dataset(statements, make_articles(statements), tmp_path, codebook="x")
    sampled = set(statements.sample(n=1000, random_state=0).index)  # what a default read checks
    outside = next(i for i in range(len(statements)) if i not in sampled)
    stored = pq.read_table(tmp_path / "statements.parquet").to_pandas()
    bad_row = int(stored.index[stored["statement_id"] == f"s{outside}"][0])
    _rewrite(tmp_path / "statements.parquet", _row(bad_row, "evidence", "Forged."))
    assert len(read_dataset(tmp_path).statements) == 1200
    with pytest.raises(DatasetError, match=rf"evidence differs .* in rows {bad_row}$"):
        read_dataset(tmp_path, strict=True)


def _row(index: int, name: str, value: object) -> Callable[[pa.Table], pa.Table]:
    def change(table: pa.Table) -> pa.Table:
        values = table.column(name).to_pylist()
        values[index] = value
        return _set(table, name, values)

    return change


def test_files_from_two_builds_are_refused(built, corpus, tmp_path):
    (corpus / "c.txt").write_text("Vance said Europe must pay for its own defence.", "utf-8")
    other = tmp_path / "other"
    build_dataset(corpus, other)
    (built / "articles.parquet").write_bytes((other / "articles.parquet").read_bytes())
    with pytest.raises(DatasetError, match=r"files from different builds: .*articles.parquet is"):
        read_dataset(built)


def test_legacy_pair_of_files_from_two_builds_is_refused(built, corpus, tmp_path):
    other = tmp_path / "other"
    (corpus / "b.txt").write_text("Zelensky said he would not sign the minerals deal.", "utf-8")
    build_dataset(corpus, other)
    for folder in (built, other):
        for name in _files(folder):
            if name not in ("statements.parquet", "articles.parquet"):
                (folder / name).unlink()
    (built / "articles.parquet").write_bytes((other / "articles.parquet").read_bytes())
    with pytest.raises(DatasetError, match="files from different builds"):
        read_dataset(built)


def test_edited_codebook_copy_is_refused(built):
    with (built / "codebook.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n# edited\n")
    with pytest.raises(DatasetError, match=r"codebook\.toml: is not the codebook datapackage"):
        read_dataset(built)


@pytest.mark.parametrize(
    ("content", "expected"),
    [("{not json", "not a stances data package"), ('{"resources": []}', "not a stances data")],
)
def test_damaged_manifest_is_refused(built, content, expected):
    (built / "datapackage.json").write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError, match=expected):
        read_dataset(built)


def test_listed_file_that_is_missing_is_refused(built):
    (built / "topics.parquet").unlink()
    with pytest.raises(DatasetError, match=r"topics\.parquet is missing"):
        read_dataset(built)


def test_not_a_parquet_file_is_refused(built):
    (built / "statements.parquet").write_bytes(b"PAR1 but not really")
    with pytest.raises(DatasetError, match="not a readable Parquet file"):
        read_dataset(built)


def test_missing_dataset_is_a_clear_error(tmp_path):
    with pytest.raises(DatasetError, match=r"no statements\.parquet"):
        read_dataset(tmp_path)
    with pytest.raises(DatasetError, match="no dataset directory here"):
        read_dataset(tmp_path / "absent")


# ---------------------------------------------------------------- schema versions


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


def test_dataset_from_before_build_ids_is_read(built):
    expected = read_dataset(built).statements
    for name in _files(built):
        if name not in ("statements.parquet", "articles.parquet"):
            (built / name).unlink()
    for name in ("statements.parquet", "articles.parquet"):
        table = pq.read_table(built / name)
        meta = {k: v for k, v in table.schema.metadata.items() if k != b"stances.build_id"}
        meta[b"stances.schema_version"] = b"1.1"
        pq.write_table(table.replace_schema_metadata(meta), built / name)
    dataset = read_dataset(built)
    pd.testing.assert_frame_equal(dataset.statements, expected)
    assert set(dataset.actors["actor_id"].astype(str)) == set(expected["actor_id"].astype(str))


def test_later_minor_version_is_read(built):
    for name in ("statements.parquet", "articles.parquet"):
        _set_version(built / name, "1.7")
    assert len(read_dataset(built).statements)


def test_schema_1_1_without_reference_is_incomplete(built):
    _set_version(built / "statements.parquet", "1.1", drop="reference")
    with pytest.raises(DatasetError, match=r"missing column reference"):
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
