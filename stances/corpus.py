"""Read a corpus (a folder of article files or a table) into the `articles` table.

Every character offset in the dataset refers to the text `normalise_text` returns, and an
article is identified by that text alone (`article_id`), so reading is deterministic.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import posixpath
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml
from frontmatter.default_handlers import BaseHandler, YAMLHandler
from selectolax.lexbor import LexborHTMLParser, LexborNode

from stances.errors import CorpusError
from stances.schema import ARTICLES

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "title", "published", "source", "url")
TABLE_COLUMNS = ("id", "text", "title", "published", "date", "source", "url")
DUPLICATE_COLUMNS = ("doc_id", "duplicate_of", "article_id")

# Scrapers leave these lines after the article body; matched on whole lines at the end only.
_RESIDUE_LINE = re.compile(
    r"(?:related (?:posts|articles|stories)|read more|share this|advertisement"
    r"|subscribe to our newsletter)\W*",
    re.IGNORECASE,
)
_LINE_BREAKS = re.compile(r"\r\n?|[\x85\u2028\u2029]")
_ODD_SPACES = re.compile(r"[\v\f\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_BLANK_LINE_RUNS = re.compile(r"\n{3,}")

# Not part of the readable text of a page.
_HTML_DROPPED = ["script", "style", "nav", "header", "footer", "aside", "noscript", "template"]
_HTML_BLOCKS = frozenset(
    {"body", "main", "article", "section", "div", "p", "blockquote", "pre", "address", "hr"}
    | {"ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "td", "th", "figure", "figcaption"}
    | {f"h{level}" for level in range(1, 7)}
)
_PARAGRAPH_BREAK = "\n\n"


class _TomlHandler(BaseHandler):
    """TOML front matter between `+++` lines (python-frontmatter's own needs the `toml` package)."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str) -> dict[str, Any]:
        return tomllib.loads(fm)


_FRONT_MATTER_HANDLERS = (YAMLHandler(), _TomlHandler())


@dataclass(frozen=True, eq=False)  # eq would compare DataFrames, which has no single truth value
class CorpusRead:
    """What `read_corpus` found: one row per distinct article, and the inputs that repeated one."""

    articles: pd.DataFrame
    duplicates: pd.DataFrame


@dataclass(frozen=True)
class _Document:
    doc_id: str
    text: str  # already normalised
    metadata: dict[str, Any]


class _InvalidValue(ValueError):
    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


def normalise_text(text: str) -> str:
    """The canonical form of an article's text, which all character offsets refer to.

    Unicode NFC; one kind of line break (`\\n`); no byte-order mark; non-breaking and other
    odd spaces become plain spaces; no trailing whitespace on a line; at most one blank
    line in a row; no leading or trailing whitespace; trailing scrape residue lines
    ("Related posts", "Read more", "Share this:", "Advertisement", ...) removed.
    Typographic quotes and dashes are kept. Normalising twice changes nothing.
    """
    text = unicodedata.normalize("NFC", text.replace("\ufeff", ""))
    text = _ODD_SPACES.sub(" ", _LINE_BREAKS.sub("\n", text))
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and (not lines[-1] or _RESIDUE_LINE.fullmatch(lines[-1].strip())):
        lines.pop()
    return _BLANK_LINE_RUNS.sub("\n\n", "\n".join(lines)).strip()


def article_id(normalised_text: str) -> str:
    """First 16 hex digits of the SHA-256 of the UTF-8 text: equal texts are one article."""
    return hashlib.sha256(normalised_text.encode("utf-8")).hexdigest()[:16]


def read_corpus(
    path: str | os.PathLike[str],
    *,
    manifest: str | os.PathLike[str] | None = None,
    on_duplicate: Literal["report", "error"] = "report",
) -> CorpusRead:
    """Read the articles of a folder or a table, with their metadata; nothing is written.

    A folder holds `.txt`, `.md` and `.html`/`.htm` files, found recursively (hidden files
    and folders are ignored); `doc_id` is the path relative to the folder, and articles come
    in `doc_id` order. Metadata (title, published, source, url) come from TOML (`+++`) or
    YAML (`---`) front matter, where `date` may stand for `published`, and from a manifest
    CSV with columns `file,title,published,source,url`, `file` relative to the folder:
    `manifest`, or else `manifest.csv` at the folder's root. A non-empty manifest value wins
    over front matter. With a manifest, exactly the files it lists are articles, and any
    other article file in the folder is an error; without one, every article file except a
    README at the root is. An HTML file's title, when no metadata gives one, is its
    `<title>` or first `<h1>`.

    A table is a `.csv`, `.jsonl` or `.parquet` file with columns `id` and `text`, and
    optionally `title`, `published` (or `date`), `source` and `url`; `doc_id` is `str(id)`
    and articles keep the table's row order. In messages, CSV and Parquet rows are counted
    from 1 after the header; JSONL is counted in lines.

    Inputs whose normalised text equals an earlier input's are one article: the first is
    kept and the others are listed in `duplicates` (`on_duplicate="report"`) or raise
    (`"error"`). `published` is a date (datetime64, NaT when unknown).

    Raises CorpusError, naming the file and line, row or key, for anything that cannot be
    read as described: a missing path or column, a manifest row naming no file, an
    unlisted article file, text that is not UTF-8, a malformed line, a bad date, a
    repeated `id`, or a text that is empty after normalisation.
    """
    if on_duplicate not in ("report", "error"):
        raise ValueError(f"on_duplicate must be 'report' or 'error', not {on_duplicate!r}")
    source = Path(path)
    if source.is_dir():
        documents = _read_folder(source, None if manifest is None else Path(manifest))
    elif not source.exists():
        raise CorpusError("no such file or folder", path=source)
    elif manifest is not None:
        raise CorpusError("a manifest only describes a folder of article files", path=manifest)
    elif source.suffix.lower() in TABLE_SUFFIXES:
        documents = _read_table(source)
    else:
        raise CorpusError(
            f"expected a folder or a {'/'.join(TABLE_SUFFIXES)} table, found a "
            f"{source.suffix or 'suffix-less'} file",
            path=source,
        )
    return _collect(documents, source=source, on_duplicate=on_duplicate)


def read_article(path: str | os.PathLike[str]) -> tuple[str, dict[str, Any]]:
    """One article file's normalised text and metadata (title, published, ...).

    Metadata come from its front matter and from the `manifest.csv` beside it, if that
    lists the file.
    """
    file = Path(path)
    if not file.is_file():
        raise CorpusError("no such article file", path=file)
    if file.suffix.lower() not in ARTICLE_SUFFIXES:
        raise CorpusError(
            f"expected an article file ({'/'.join(ARTICLE_SUFFIXES)}), found {file.suffix!r}",
            path=file,
        )
    manifest = file.parent / MANIFEST_NAME
    listed = _read_manifest(manifest, file.parent).get(file.name, {}) if manifest.is_file() else {}
    document = _read_article_file(file.parent, file.name, listed)
    return document.text, document.metadata


def _collect(documents: Iterable[_Document], *, source: Path, on_duplicate: str) -> CorpusRead:
    first_by_id: dict[str, _Document] = {}
    duplicates = []
    for document in documents:
        identifier = article_id(document.text)
        first = first_by_id.setdefault(identifier, document)
        if first is not document:
            duplicates.append((document.doc_id, first.doc_id, identifier))
    if duplicates and on_duplicate == "error":
        pairs = ", ".join(f"{doc} repeats {first}" for doc, first, _ in duplicates)
        raise CorpusError(f"inputs repeat an earlier article's text: {pairs}", path=source)
    kept = list(first_by_id.values())
    values = {
        "article_id": list(first_by_id),
        "doc_id": [d.doc_id for d in kept],
        **{
            key: [d.metadata.get(key) for d in kept]
            for key in ("title", "published", "source", "url")
        },
        "n_chars": [len(d.text) for d in kept],
        "text": [d.text for d in kept],
    }
    dtypes = {"published": "datetime64[s]", "n_chars": "int32"}
    articles = pd.DataFrame(
        {name: pd.Series(values[name], dtype=dtypes.get(name, "str")) for name in ARTICLES.names}
    )
    duplicate_frame = pd.DataFrame(duplicates, columns=list(DUPLICATE_COLUMNS), dtype="str")
    return CorpusRead(articles=articles, duplicates=duplicate_frame)


# --- folders ---------------------------------------------------------------------------


def _read_folder(folder: Path, manifest: Path | None) -> list[_Document]:
    if manifest is None and (folder / MANIFEST_NAME).is_file():
        manifest = folder / MANIFEST_NAME
    elif manifest is not None and not manifest.is_file():
        raise CorpusError("manifest not found", path=manifest)
    if manifest is None:
        listed: dict[str, dict[str, Any]] = {}
        doc_ids = [doc_id for doc_id in _article_files(folder) if not _is_root_readme(doc_id)]
    else:
        # The manifest lists the articles; other files beside them (a coding manual, a gold
        # file, texts kept for another purpose) are not articles.
        listed = _read_manifest(manifest, folder)
        doc_ids = sorted(listed)
    if not doc_ids:
        raise CorpusError(f"no {'/'.join(ARTICLE_SUFFIXES)} article files here", path=folder)
    return [_read_article_file(folder, doc_id, listed.get(doc_id, {})) for doc_id in doc_ids]


def _article_files(folder: Path) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                found.append((Path(root) / name).relative_to(folder).as_posix())
    return sorted(found)


def _is_root_readme(doc_id: str) -> bool:
    return "/" not in doc_id and Path(doc_id).stem.lower() == "readme"


def _read_manifest(manifest: Path, folder: Path) -> dict[str, dict[str, Any]]:
    """Metadata of each listed file, by doc_id; every bad row is reported at once."""
    reader = csv.DictReader(io.StringIO(_read_text(manifest), newline=""))
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
        doc_id, problem = _listed_doc_id(row["file"] or "", folder)
        if problem:
            problems.append((where, problem))
            continue
        if doc_id in first_line:
            problems.append((where, f"{doc_id!r} is already listed on line {first_line[doc_id]}"))
            continue
        first_line[doc_id] = line
        try:
            listed[doc_id] = _metadata(row)
        except _InvalidValue as e:
            problems.append((f"{where}, column {e.key}", str(e)))
    _raise_problems(problems, path=manifest)
    return listed


def _listed_doc_id(file: str, folder: Path) -> tuple[str, str | None]:
    """The doc_id a manifest `file` value names, or a description of what is wrong with it."""
    if not file.strip():
        return "", "'file' is empty"
    doc_id = posixpath.normpath(file.strip())
    if posixpath.isabs(doc_id) or doc_id.split("/")[0] == "..":
        return doc_id, f"{file!r} is outside the folder {folder}"
    if Path(doc_id).suffix.lower() not in ARTICLE_SUFFIXES:
        return doc_id, f"{file!r} is not a {'/'.join(ARTICLE_SUFFIXES)} file"
    if not (folder / doc_id).is_file():
        return doc_id, f"{file!r} does not exist in {folder}"
    return doc_id, None


def _read_article_file(folder: Path, doc_id: str, listed: Mapping[str, Any]) -> _Document:
    path = folder / doc_id
    front_matter, body = _split_front_matter(_read_text(path), path=path)
    try:
        metadata = {**_metadata(front_matter), **listed}
    except _InvalidValue as e:
        raise CorpusError(str(e), path=path, where=f"key {e.key}") from e
    if path.suffix.lower() in HTML_SUFFIXES:
        title, body = _html_title_and_text(body)
        if title:
            metadata.setdefault("title", title)
    text = normalise_text(body)
    if not text:
        raise CorpusError("no text left after normalisation", path=path)
    return _Document(doc_id, text, metadata)


def _split_front_matter(text: str, *, path: Path) -> tuple[Mapping[str, Any], str]:
    stripped = text.lstrip()
    handler = next((h for h in _FRONT_MATTER_HANDLERS if h.detect(stripped)), None)
    if handler is None:
        return {}, text
    try:
        raw, body = handler.split(stripped)
    except ValueError:  # no closing delimiter: the text merely starts with a rule
        return {}, text
    try:
        front_matter = handler.load(raw)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as e:
        raise CorpusError(f"front matter cannot be parsed: {e}", path=path) from e
    if not isinstance(front_matter, dict):
        raise CorpusError(
            "front matter is not a set of keys (title, published, source, url)", path=path
        )
    return front_matter, body


def _html_title_and_text(html: str) -> tuple[str | None, str]:
    """The page's title, and its readable text with one paragraph per block element."""
    tree = LexborHTMLParser(html)
    heading = tree.css_first("title") or tree.css_first("h1")
    title = " ".join(heading.text().split()) if heading else ""
    tree.strip_tags(_HTML_DROPPED)
    pieces: list[str] = []
    pending: list[LexborNode | str] = [tree.body or tree.root]
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            pieces.append(node)
        elif node.is_text_node:
            pieces.append(re.sub(r"\s+", " ", node.text_content or ""))
        elif node.tag == "br":
            pieces.append("\n")
        elif node.is_element_node:
            children = list(node.iter(include_text=True))
            if node.tag in _HTML_BLOCKS:
                pieces.append(_PARAGRAPH_BREAK)
                pending.append(_PARAGRAPH_BREAK)
            pending.extend(reversed(children))
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return title or None, "\n".join(lines)


# --- tables ----------------------------------------------------------------------------


def _read_table(path: Path) -> list[_Document]:
    documents = []
    problems: list[tuple[str, str]] = []
    wheres_by_id: dict[str, list[str]] = {}
    for where, record in _table_records(path):
        missing = [c for c in ("id", "text") if c not in record]
        if missing:
            problems.append((where, f"missing column(s) {', '.join(map(repr, missing))}"))
            continue
        doc_id = _optional_text(record["id"])
        text = record["text"]
        if doc_id is None:
            problems.append((where, "'id' is empty"))
            continue
        wheres_by_id.setdefault(doc_id, []).append(where)
        if not isinstance(text, str):
            problems.append((where, f"'text' of id {doc_id!r} is not a string: {text!r}"))
            continue
        try:
            metadata = _metadata(record)
        except _InvalidValue as e:
            problems.append((f"{where}, column {e.key}", str(e)))
            continue
        text = normalise_text(text)
        if not text:
            problems.append((where, f"id {doc_id!r} has no text left after normalisation"))
            continue
        documents.append(_Document(doc_id, text, metadata))
    for doc_id, wheres in wheres_by_id.items():
        if len(wheres) > 1:
            problems.append((wheres[0], f"id {doc_id!r} is repeated in {', '.join(wheres[1:])}"))
    _raise_problems(problems, path=path)
    if not documents:
        raise CorpusError("the table has no rows", path=path)
    return documents


def _table_records(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """(where, record) for each row of a CSV, JSONL or Parquet table, in file order."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _jsonl_records(path)
    if suffix == ".csv":
        try:
            frame = pd.read_csv(io.StringIO(_read_text(path)), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
            raise CorpusError(f"not a readable CSV table ({e})", path=path) from e
        columns = list(frame.columns)
    else:
        try:
            columns = pq.read_schema(path).names
            frame = pq.read_table(path, columns=[c for c in TABLE_COLUMNS if c in columns])
        except (OSError, pa.ArrowException) as e:
            raise CorpusError(f"not a readable Parquet file ({e})", path=path) from e
    missing = [c for c in ("id", "text") if c not in columns]
    if missing:
        raise CorpusError(
            f"missing column(s) {', '.join(map(repr, missing))} (a table needs id and text, "
            "and may have title, published, source and url)",
            path=path,
        )
    records = frame.to_dict("records") if suffix == ".csv" else frame.to_pylist()
    return [(f"row {n}", record) for n, record in enumerate(records, start=1)]


def _jsonl_records(path: Path) -> list[tuple[str, dict[str, Any]]]:
    records = []
    # Not splitlines(): JSON strings may hold U+2028 and other characters it splits on.
    for n, line in enumerate(_read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise CorpusError(
                f"not valid JSON ({e.msg}, column {e.colno})", path=path, where=f"line {n}"
            ) from e
        if not isinstance(record, dict):
            raise CorpusError(
                f"expected a JSON object, found {type(record).__name__}",
                path=path,
                where=f"line {n}",
            )
        records.append((f"line {n}", record))
    return records


# --- shared ----------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise CorpusError(f"cannot be read ({e.strerror})", path=path) from e
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise CorpusError(
            f"not UTF-8 text (byte {data[e.start]:#04x}); save it as UTF-8",
            path=path,
            where=f"line {line}",
        ) from e


def _metadata(raw: Mapping[str, Any]) -> dict[str, Any]:
    """title, published, source and url from front matter, a manifest row or a table record.

    Blank values are left out, so that merging lets another source fill them.
    """
    metadata: dict[str, Any] = {}
    for key in ("title", "source", "url"):
        value = _optional_text(raw.get(key))
        if value is not None:
            metadata[key] = value
    date_key = "published" if _optional_text(raw.get("published")) is not None else "date"
    published = _parse_date(raw.get(date_key), key=date_key)
    if published is not None:
        metadata["published"] = published
    return metadata


def _optional_text(value: Any) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


def _parse_date(value: Any, *, key: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if _optional_text(value) is None:
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            pass
    raise _InvalidValue(key, f"expected an ISO date such as 2025-02-12, found {value!r}")


def _raise_problems(problems: list[tuple[str, str]], *, path: Path) -> None:
    """One CorpusError for all problems, so they can be fixed in one pass."""
    if len(problems) == 1:
        where, message = problems[0]
        raise CorpusError(message, path=path, where=where)
    if problems:
        shown = "; ".join(f"{where}: {message}" for where, message in problems[:10])
        more = f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise CorpusError(f"{len(problems)} problems: {shown}{more}", path=path)
