"""Articles from a table: a `.csv`, `.jsonl` or `.parquet` file with columns `id` and `text`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from stances.errors import CorpusError
from stances.metadata import (
    FROM_TABLE,
    ArticleInput,
    InvalidValue,
    Skipped,
    optional_text,
    parse_metadata,
)
from stances.normalise import normalise_text

TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")
TABLE_COLUMNS = ("id", "text", "title", "published", "date", "source", "url")

# (path) -> (text, encoding): how the reader decodes a text file.
ReadText = Callable[[Path], tuple[str, str]]


def read_table(
    path: Path, *, read_text: ReadText, max_chars: int
) -> Iterator[ArticleInput | Skipped]:
    """Each row of the table as an article, read and yielded in chunks; rows over
    `max_chars` are skipped.

    Raises one CorpusError listing every bad row (missing id or text, a bad date, a
    repeated id, a text empty after normalisation) once the whole table has been read.
    """
    records, encoding = _table_records(path, read_text)
    kind = path.suffix.lower().lstrip(".")
    problems: list[tuple[str, str]] = []
    first_where: dict[str, str] = {}  # id -> the row that has it first
    repeats: dict[str, list[str]] = {}
    rows = 0
    for where, record in records:
        missing = [c for c in ("id", "text") if c not in record]
        if missing:
            problems.append((where, f"missing column(s) {', '.join(map(repr, missing))}"))
            continue
        try:
            doc_id = optional_text(record["id"], key="id")
        except InvalidValue as e:
            problems.append((f"{where}, column id", str(e)))
            continue
        text = record["text"]
        if doc_id is None:
            problems.append((where, "'id' is empty"))
            continue
        if doc_id in first_where:
            repeats.setdefault(doc_id, []).append(where)
            continue
        first_where[doc_id] = where
        if not isinstance(text, str):
            problems.append((where, f"'text' of id {doc_id!r} is not a string: {text!r:.80}"))
            continue
        try:
            metadata = parse_metadata(record)
        except InvalidValue as e:
            problems.append((f"{where}, column {e.key}", str(e)))
            continue
        rows += 1
        if len(text) > max_chars:
            yield Skipped(doc_id, kind, "too_large", f"{len(text)} characters ({where})")
            continue
        text = normalise_text(text)
        if not text:
            problems.append((where, f"id {doc_id!r} has no text left after normalisation"))
            continue
        origin = dict.fromkeys(metadata, FROM_TABLE)
        yield ArticleInput(doc_id, kind, text, metadata, origin, encoding)
    for doc_id, wheres in repeats.items():
        problems.append((first_where[doc_id], f"id {doc_id!r} is repeated in {', '.join(wheres)}"))
    raise_problems(problems, path=path)
    if not rows:
        raise CorpusError("the table has no rows", path=path)


# Rows read at a time, so that a large table never sits in memory as Python objects.
CHUNK_ROWS = 2_000


def _table_records(path: Path, read_text: ReadText) -> tuple[Iterator[tuple[str, Any]], str]:
    """(where, record) for each row of a CSV, JSONL or Parquet table, and its encoding."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            table = pq.ParquetFile(path)
            columns = table.schema_arrow.names
        except (OSError, pa.ArrowException) as e:
            raise CorpusError(f"not a readable Parquet file ({e})", path=path) from e
        _check_columns(columns, path)
        wanted = [c for c in TABLE_COLUMNS if c in columns]
        return _parquet_records(table, wanted, path), "utf-8"
    text, encoding = read_text(path)
    if suffix == ".jsonl":
        return _jsonl_records(text, path), encoding
    try:
        chunks = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, chunksize=CHUNK_ROWS
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise CorpusError(f"not a readable CSV table ({e})", path=path) from e
    _check_columns(_csv_header(text), path)
    return _csv_records(chunks, path), encoding


def _csv_header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)), [])


def _csv_records(chunks, path: Path) -> Iterator[tuple[str, Any]]:
    n = 0
    try:
        for frame in chunks:
            for record in frame.to_dict("records"):
                n += 1
                yield f"row {n}", record
    except pd.errors.ParserError as e:
        raise CorpusError(f"not a readable CSV table ({e})", path=path) from e


def _parquet_records(table: pq.ParquetFile, columns: list[str], path: Path):
    n = 0
    try:
        for batch in table.iter_batches(batch_size=CHUNK_ROWS, columns=columns):
            for record in batch.to_pylist():
                n += 1
                yield f"row {n}", record
    except (OSError, pa.ArrowException) as e:
        raise CorpusError(f"not a readable Parquet file ({e})", path=path) from e


def _check_columns(columns: list[str], path: Path) -> None:
    missing = [c for c in ("id", "text") if c not in columns]
    if missing:
        raise CorpusError(
            f"missing column(s) {', '.join(map(repr, missing))} (a table needs id and text, "
            "and may have title, published, source and url)",
            path=path,
        )


def _jsonl_records(text: str, path: Path) -> Iterator[tuple[str, Any]]:
    # Not splitlines(): JSON strings may hold U+2028 and other characters it splits on.
    start, n = 0, 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line, start, n = text[start:end], end + 1, n + 1
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise CorpusError(
                f"not valid JSON ({e.msg}, column {e.colno})", path=path, where=f"line {n}"
            ) from e
        except RecursionError as e:  # deeply nested arrays
            raise CorpusError("JSON nested too deeply", path=path, where=f"line {n}") from e
        if not isinstance(record, dict):
            raise CorpusError(
                f"expected a JSON object, found {type(record).__name__}",
                path=path,
                where=f"line {n}",
            )
        yield f"line {n}", record


def raise_problems(problems: list[tuple[str, str]], *, path: Path) -> None:
    """One CorpusError for all problems, so they can be fixed in one pass."""
    if len(problems) == 1:
        where, message = problems[0]
        raise CorpusError(message, path=path, where=where)
    if problems:
        shown = "; ".join(f"{where}: {message}" for where, message in problems[:10])
        more = f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise CorpusError(f"{len(problems)} problems: {shown}{more}", path=path)
