"""Articles from a table: a `.csv`, `.jsonl` or `.parquet` file with columns `id` and `text`."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from stances.errors import CorpusError
from stances.extract import UndecodableError, decode
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

# (path) -> (text, encoding): how the reader decodes a text file (a manifest).
ReadText = Callable[[Path], tuple[str, str]]


def read_table(path: Path, *, max_chars: int) -> Iterator[ArticleInput | Skipped]:
    """Each row of the table as an article, read, decoded and yielded in chunks; rows over
    `max_chars` are skipped.

    Raises one CorpusError listing every bad row (missing id or text, a bad date, a
    repeated id, a text empty after normalisation) once the whole table has been read.
    """
    with _table_records(path) as (records, encoding):
        yield from _articles(path, records, encoding, max_chars)


def _articles(
    path: Path, records: Iterator[tuple[str, Any]], encoding: str, max_chars: int
) -> Iterator[ArticleInput | Skipped]:
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
# The encoding of a CSV or JSONL table is told from its first 4 MB, and the text decoded as
# it is read: a table larger than that is never held whole.
SAMPLE_BYTES = 4_000_000


@contextmanager
def _table_records(path: Path) -> Iterator[tuple[Iterator[tuple[str, Any]], str]]:
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
        yield _parquet_records(table, wanted, path), "utf-8"
        return
    stream, encoding = _open_text(path)
    with stream:
        if suffix == ".jsonl":
            yield _jsonl_records(stream, path, encoding), encoding
            return
        try:
            header = next(csv.reader(stream), [])
            stream.seek(0)
            chunks = pd.read_csv(stream, dtype=str, keep_default_na=False, chunksize=CHUNK_ROWS)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
            raise CorpusError(f"not a readable CSV table ({e})", path=path) from e
        except UnicodeDecodeError as e:
            raise _undecodable(e, path, encoding, "row 1") from e
        _check_columns(header, path)
        yield _csv_records(chunks, path, encoding), encoding


def _open_text(path: Path) -> tuple[TextIO, str]:
    """The table's text as a stream and the name of its encoding.

    A table of up to SAMPLE_BYTES is decoded whole, as any text file; a larger one is
    opened in the encoding its first SAMPLE_BYTES (cut at a line end) are in.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(SAMPLE_BYTES + 1)
    except OSError as e:
        raise CorpusError(f"cannot be read ({e.strerror})", path=path) from e
    if len(head) <= SAMPLE_BYTES:
        text, encoding = _decode(head, path)
        return io.StringIO(text), encoding
    _, encoding = _decode(head[: head.rfind(b"\n") + 1] or head, path)
    codec = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else encoding
    # Lines end at "\n" only, as when the whole text is split: JSON strings may hold U+2028.
    return path.open(encoding=codec, newline="\n"), encoding


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    try:
        return decode(data)
    except UndecodableError as e:
        raise CorpusError(str(e), path=path) from e


def _undecodable(error: UnicodeDecodeError, path: Path, encoding: str, where: str) -> CorpusError:
    return CorpusError(
        f"not {encoding} throughout, as its first {SAMPLE_BYTES // 1_000_000} MB are "
        f"({error.reason}); save the table as UTF-8",
        path=path,
        where=where,
    )


def _csv_records(chunks, path: Path, encoding: str) -> Iterator[tuple[str, Any]]:
    n = 0
    try:
        for frame in chunks:
            for record in frame.to_dict("records"):
                n += 1
                yield f"row {n}", record
    except pd.errors.ParserError as e:
        raise CorpusError(f"not a readable CSV table ({e})", path=path) from e
    except UnicodeDecodeError as e:
        raise _undecodable(e, path, encoding, f"after row {n}") from e


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


def _jsonl_records(stream: TextIO, path: Path, encoding: str) -> Iterator[tuple[str, Any]]:
    n = 0
    try:
        for n, line in enumerate(stream, start=1):
            if line.strip():
                yield f"line {n}", _json_object(line.removesuffix("\n"), path, n)
    except UnicodeDecodeError as e:
        raise _undecodable(e, path, encoding, f"after line {n}") from e


def _json_object(line: str, path: Path, n: int) -> dict:
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
            f"expected a JSON object, found {type(record).__name__}", path=path, where=f"line {n}"
        )
    return record


def raise_problems(problems: list[tuple[str, str]], *, path: Path) -> None:
    """One CorpusError for all problems, so they can be fixed in one pass."""
    if len(problems) == 1:
        where, message = problems[0]
        raise CorpusError(message, path=path, where=where)
    if problems:
        shown = "; ".join(f"{where}: {message}" for where, message in problems[:10])
        more = f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise CorpusError(f"{len(problems)} problems: {shown}{more}", path=path)
