"""Write and read the dataset directory: statements.parquet and articles.parquet (schema 1.x)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from stances import __version__
from stances.errors import DatasetError, SchemaError
from stances.schema import (
    ADDED_COLUMNS,
    ARTICLES,
    SCHEMA_VERSION,
    STATEMENTS,
    parse_version,
    to_table,
)

STATEMENTS_FILE = "statements.parquet"
ARTICLES_FILE = "articles.parquet"


@dataclass(frozen=True)
class Dataset:
    """The two tables of a built dataset and the metadata they were written with."""

    statements: pd.DataFrame
    articles: pd.DataFrame
    metadata: dict[str, str] = field(default_factory=dict)


def sort_statements(statements: pd.DataFrame) -> pd.DataFrame:
    """Rows in a stable order so the same inputs always give the same file."""
    keys = ["published", "doc_id", "evidence_start", "actor_id", "topic_id", "statement_id"]
    return statements.sort_values(keys, na_position="first", kind="stable").reset_index(drop=True)


def write_dataset(
    statements: pd.DataFrame,
    articles: pd.DataFrame,
    out_dir: str | Path,
    *,
    codebook: str,
    built_at: datetime | None = None,
) -> Dataset:
    """Validate both tables and write them to `out_dir` atomically; return what was written.

    Both files are written to temporary names first and only then renamed over the
    old ones, so a failure leaves any previous dataset in `out_dir` intact.
    """
    out = Path(out_dir)
    metadata = {
        "stances.schema_version": SCHEMA_VERSION,
        "stances.package_version": __version__,
        "stances.codebook": codebook,
        "stances.built_at": (built_at or datetime.now(UTC)).isoformat(timespec="seconds"),
    }
    statements = sort_statements(statements)
    articles = articles.sort_values(["published", "doc_id"], na_position="first", kind="stable")
    articles = articles.reset_index(drop=True)
    tables = {
        STATEMENTS_FILE: to_table(statements, STATEMENTS, name=STATEMENTS_FILE),
        ARTICLES_FILE: to_table(articles, ARTICLES, name=ARTICLES_FILE),
    }
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, table in tables.items():
            table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
            os.close(fd)
            staged.append((tmp, out / name))
            pq.write_table(table, tmp)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private; datasets are shared
        for tmp, final in staged:
            os.replace(tmp, final)
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
    return Dataset(statements, articles, metadata)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def read_dataset(data_dir: str | Path) -> Dataset:
    """Read a dataset directory written by `write_dataset`, of any schema 1.x.

    Columns a later 1.x added are filled with the value older datasets imply (a 1.0
    dataset reads with every `reference` = 'current'). Schema 2 or later is refused.
    """
    data = Path(data_dir)
    frames = {}
    metadata: dict[str, str] = {}
    for name, schema in ((STATEMENTS_FILE, STATEMENTS), (ARTICLES_FILE, ARTICLES)):
        path = data / name
        if not path.is_file():
            raise DatasetError(f"no {name} here; build one with `stances code`", path=data)
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowException) as e:
            raise DatasetError(f"not a readable Parquet file ({e})", path=path) from e
        metadata = {
            k.decode(): v.decode()
            for k, v in (table.schema.metadata or {}).items()
            if k.startswith(b"stances.")
        }
        minor = _check_version(metadata.get("stances.schema_version"), path)
        table = _add_columns(table, schema, minor)
        missing = [f.name for f in schema if f.name not in table.column_names]
        if missing:
            raise DatasetError(f"missing column(s) {', '.join(missing)}", path=path)
        frames[name] = _to_pandas(table.select(schema.names))
    return Dataset(frames[STATEMENTS_FILE], frames[ARTICLES_FILE], metadata)


def _check_version(found: str | None, path: Path) -> int:
    """The minor version of a readable dataset; DatasetError for anything but 1.x."""
    expected = f"1.x (this stances writes {SCHEMA_VERSION})"
    try:
        major, minor = parse_version(found)
    except SchemaError:
        raise DatasetError(f"schema version {found!r}, expected {expected}", path=path) from None
    if major != parse_version(SCHEMA_VERSION)[0]:
        newer = " (written by a newer stances; upgrade to read it)" if major > 1 else ""
        raise DatasetError(f"schema version {found!r}, expected {expected}{newer}", path=path)
    return minor


def _add_columns(table: pa.Table, schema: pa.Schema, minor: int) -> pa.Table:
    for name, (added_in, value) in ADDED_COLUMNS.items():
        if name in schema.names and name not in table.column_names and minor < added_in:
            field = schema.field(name)
            column = pa.array([value] * table.num_rows, type=pa.string())
            if pa.types.is_dictionary(field.type):
                column = column.dictionary_encode().cast(field.type)
            table = table.append_column(field, column)
    return table


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    frame = table.to_pandas()
    for f in table.schema:
        if f.type == pa.date32():
            frame[f.name] = pd.to_datetime(frame[f.name]).astype("datetime64[s]")
    return frame


def build_dataset(
    corpus: str | Path,
    out_dir: str | Path,
    *,
    manifest: str | Path | None = None,
    codebook: str | Path | None = None,
    progress: bool = False,
    follow_symlinks: bool = False,
    max_article_mb: float | None = None,
) -> tuple[Dataset, pd.DataFrame]:
    """Read a corpus, code it and write the dataset; return it with the duplicates found.

    Articles in a language the codebook does not cover are not coded (a CorpusWarning
    counts them); the corpus options are those of `read_corpus`.
    """
    from tqdm import tqdm

    from stances.codebook import load_codebook
    from stances.coder import code_articles
    from stances.corpus import MAX_ARTICLE_MB, read_corpus

    book = load_codebook(codebook)
    read = read_corpus(
        corpus,
        manifest=manifest,
        languages={book.model.codebook.language},
        follow_symlinks=follow_symlinks,
        max_article_mb=MAX_ARTICLE_MB if max_article_mb is None else max_article_mb,
    )
    records = read.articles.to_dict("records")
    bar = tqdm(records, desc="coding", unit="article", disable=not progress, leave=False)
    statements = code_articles(read.articles, book, progress=bar)
    written = write_dataset(statements, read.articles, out_dir, codebook=book.label)
    return written, read.duplicates
