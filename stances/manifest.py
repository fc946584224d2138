"""The manifest of a corpus folder: a CSV naming its article files and their metadata."""

from __future__ import annotations

import csv
import io
import os
import posixpath
from pathlib import Path
from typing import Any

from stances.errors import CorpusError
from stances.metadata import InvalidValue, parse_metadata
from stances.tables import ReadText, raise_problems

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "title", "published", "source", "url")


def read_manifest(
    manifest: Path, folder: Path, *, read_text: ReadText, follow_symlinks: bool
) -> dict[str, dict[str, Any]]:
    """Metadata of each file the manifest lists, by doc_id; every bad row is reported at once.

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
    listed: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    problems: list[tuple[str, str]] = []
    for row in reader:
        line = reader.line_num
        where = f"line {line}"
        if None in row:
            problems.append((where, f"more fields than the {len(columns)} columns"))
            continue
        doc_id, problem = _listeddisplay_path(row["file"] or "", folder, follow_symlinks)
        if problem:
            problems.append((where, problem))
            continue
        if doc_id in first_line:
            problems.append((where, f"{doc_id!r} is already listed on line {first_line[doc_id]}"))
            continue
        first_line[doc_id] = line
        try:
            listed[doc_id] = parse_metadata(row)
        except InvalidValue as e:
            problems.append((f"{where}, column {e.key}", str(e)))
    raise_problems(problems, path=manifest)
    return listed


def _listeddisplay_path(file: str, folder: Path, follow_symlinks: bool) -> tuple[str, str | None]:
    """The doc_id a manifest `file` value names, or a description of what is wrong with it."""
    if not file.strip():
        return "", "'file' is empty"
    doc_id = posixpath.normpath(file.strip())
    if posixpath.isabs(doc_id) or doc_id.split("/")[0] == "..":
        return doc_id, f"{file!r} is outside the folder {folder}"
    if Path(doc_id).suffix.lower() not in ARTICLE_SUFFIXES:
        return doc_id, f"{file!r} is not a {'/'.join(ARTICLE_SUFFIXES)} file"
    path = folder / doc_id
    if not path.is_file():
        return doc_id, f"{file!r} does not exist in {folder}"
    if not follow_symlinks and not path.resolve().is_relative_to(folder.resolve()):
        return doc_id, (
            f"{file!r} resolves to {display_path(path.resolve())}, outside the folder {folder}; "
            "pass --follow-symlinks to read it"
        )
    return doc_id, None


def display_path(relative: Path) -> str:
    """A relative path as text; bytes of a name that are not UTF-8 are shown as `\\xNN`."""
    return os.fsencode(relative.as_posix()).decode("utf-8", "backslashreplace")
