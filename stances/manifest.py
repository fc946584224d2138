"""The manifest of a corpus folder: a CSV naming its article files and their metadata."""

from __future__ import annotations

import csv
import io
import os
import posixpath
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from stances.errors import CorpusError
from stances.metadata import InvalidValue, parse_metadata
from stances.tables import ReadText, raise_problems

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "title", "published", "source", "url")
# The metadata a manifest holds, as Arrow columns: a million rows take tens of MB, not the
# hundreds a dict of dicts would keep for the whole run.
_LISTED = pa.schema(
    [
        ("doc_id", pa.string()),
        ("title", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("published", pa.date32()),
    ]
)
_CHUNK_ROWS = 10_000  # rows gathered as Python values before they become Arrow columns


class Manifest:
    """The files a manifest lists, in doc_id order, with the metadata of each."""

    def __init__(self, table: pa.Table) -> None:
        self._table = table.sort_by("doc_id")

    def __len__(self) -> int:
        return self._table.num_rows

    def items(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(doc_id, metadata) of each listed file, in doc_id order; metadata holds only the
        values the manifest gives, as `parse_metadata` returns them."""
        return _rows(self._table)

    def get(self, doc_id: str) -> dict[str, Any]:
        """The metadata of one listed file; empty when the manifest does not list it."""
        found = self._table.filter(pc.equal(self._table["doc_id"], doc_id))
        return next((metadata for _doc_id, metadata in _rows(found)), {})


def _rows(table: pa.Table) -> Iterator[tuple[str, dict[str, Any]]]:
    for batch in table.to_batches(max_chunksize=_CHUNK_ROWS):
        for row in batch.to_pylist():
            doc_id = row.pop("doc_id")
            yield doc_id, {key: value for key, value in row.items() if value is not None}


def read_manifest(
    manifest: Path, folder: Path, *, read_text: ReadText, follow_symlinks: bool
) -> Manifest:
    """The files the manifest lists and their metadata; every bad row is reported at once.

    A listed path must stay inside `folder` once links are resolved, unless
    `follow_symlinks`.
    """
    reader = csv.DictReader(io.StringIO(read_text(manifest)[0], newline=""))
    columns = reader.fieldnames or []
    expected = ",".join(MANIFEST_COLUMNS)
    if "file" not in columns:
        raise CorpusError(
            f"missing column 'file' (expected {expected})", path=manifest, where="line 1"
        )
    unknown = [c for c in columns if c not in MANIFEST_COLUMNS]
    if unknown:
        raise CorpusError(
            f"unknown column(s) {', '.join(map(repr, unknown))} (expected {expected})",
            path=manifest,
            where="line 1",
        )
    columns_of: dict[str, list[Any]] = {name: [] for name in _LISTED.names}
    chunks: list[pa.RecordBatch] = []
    first_line: dict[str, int] = {}
    problems: list[tuple[str, str]] = []
    inside = None if follow_symlinks else folder.resolve()  # where listed files must stay
    resolved_folders: dict[Path, Path] = {}
    for row in reader:
        line = reader.line_num
        where = f"line {line}"
        if None in row:
            problems.append((where, f"more fields than the {len(columns)} columns"))
            continue
        doc_id, problem = _listed_path(row["file"] or "", folder, inside, resolved_folders)
        if problem:
            problems.append((where, problem))
            continue
        if doc_id in first_line:
            problems.append((where, f"{doc_id!r} is already listed on line {first_line[doc_id]}"))
            continue
        first_line[doc_id] = line
        try:
            metadata = parse_metadata(row)
        except InvalidValue as e:
            problems.append((f"{where}, column {e.key}", str(e)))
            continue
        columns_of["doc_id"].append(doc_id)
        for name in _LISTED.names[1:]:
            columns_of[name].append(metadata.get(name))
        if len(columns_of["doc_id"]) >= _CHUNK_ROWS:
            chunks.append(pa.record_batch(columns_of, schema=_LISTED))
            columns_of = {name: [] for name in _LISTED.names}
    raise_problems(problems, path=manifest)
    chunks.append(pa.record_batch(columns_of, schema=_LISTED))
    return Manifest(pa.Table.from_batches(chunks, schema=_LISTED))


def _listed_path(
    file: str, folder: Path, inside: Path | None, resolved_folders: dict[Path, Path]
) -> tuple[str, str | None]:
    """The doc_id a manifest `file` value names, or a description of what is wrong with it;
    `inside`: the resolved folder the file must resolve into, if any."""
    if not file.strip():
        return "", "'file' is empty"
    doc_id = posixpath.normpath(file.strip())
    if posixpath.isabs(doc_id) or doc_id.split("/")[0] == "..":
        return doc_id, f"{file!r} is outside the folder {folder}"
    if Path(doc_id).suffix.lower() not in ARTICLE_SUFFIXES:
        return doc_id, f"{file!r} is not a {'/'.join(ARTICLE_SUFFIXES)} file"
    path = folder / doc_id
    # One lstat tells a plain file from a link, which alone is followed further
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        mode = 0
    link = stat.S_ISLNK(mode)
    if not (stat.S_ISREG(mode) or (link and path.is_file())):
        return doc_id, f"{file!r} does not exist in {folder}"
    if inside is not None:
        real = path.resolve() if link else _in_resolved_folder(path, resolved_folders)
        if not real.is_relative_to(inside):
            return doc_id, (
                f"{file!r} resolves to {display_path(real)}, outside the folder {folder}; "
                "pass --follow-symlinks to read it"
            )
    return doc_id, None


def _in_resolved_folder(path: Path, resolved_folders: dict[Path, Path]) -> Path:
    """`path.resolve()` for a file that is no link: its name in its folder's resolution,
    each folder resolved once (a manifest of thousands of rows names few folders)."""
    folder = resolved_folders.get(path.parent)
    if folder is None:
        folder = resolved_folders[path.parent] = path.parent.resolve()
    return folder / path.name


def display_path(relative: Path) -> str:
    """A relative path as text; bytes of a name that are not UTF-8 are shown as `\\xNN`."""
    return os.fsencode(relative.as_posix()).decode("utf-8", "backslashreplace")
