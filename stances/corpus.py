"""Read a corpus (a folder of article files, a table or a web archive) into `articles`.

Every character offset in the dataset refers to the text `normalise_text` returns, and an
article is identified by that text alone (`article_id`), so reading is deterministic.
Inputs that are not coded (pages with no article, stances' own outputs, files over the
size limit, articles in another language, archive records that are not pages) are
listed in `CorpusRead.skipped`, and a `CorpusWarning` counts them.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from stances.errors import CorpusError, CorpusWarning
from stances.extract import UTF8, UndecodableError, decode, extract_page, is_stances_output
from stances.language import identify_language
from stances.manifest import ARTICLE_SUFFIXES, MANIFEST_NAME, display_path, read_manifest
from stances.metadata import (
    FROM_ARCHIVE,
    FROM_FRONT_MATTER,
    FROM_MANIFEST,
    FROM_PAGE,
    METADATA_KEYS,
    ArticleInput,
    FrontMatterError,
    InvalidValue,
    Skipped,
    layered,
    origin_json,
    parse_metadata,
    split_front_matter,
)
from stances.normalise import article_id, normalise_text
from stances.schema import ARTICLES
from stances.tables import TABLE_SUFFIXES, read_table
from stances.warc import WARC_SUFFIXES, is_warc, warc_pages

__all__ = ["CorpusRead", "article_id", "iter_corpus", "normalise_text", "read_corpus"]

DUPLICATE_COLUMNS = ("doc_id", "duplicate_of", "article_id")
SKIPPED_COLUMNS = ("doc_id", "kind", "reason", "detail")
SKIP_REASONS = {
    "no_article": "pages with no extractable article (an index or error page)",
    "own_output": "outputs of stances (a report, a dataset directory)",
    "too_large": "inputs over the article size limit (raise it with --max-article-mb)",
    "language": "articles in a language the codebook does not cover",
    "not_a_file": "names that are not regular files (broken links, pipes, devices)",
    "undecodable": "archived pages that are not text in any encoding",
    "not_html": "archive records that are not HTML pages",
    "redirect": "archive records of redirects",
    "http_error": "archive records of error responses",
    "duplicate": "archive revisit records (repeated captures)",
}
# An article file, table text or archived page larger than this is skipped with a
# warning; a 32 MB article codes in well under a minute.
MAX_ARTICLE_MB = 32.0
# A folder holding these is a dataset `stances code` wrote: never read back as articles.
_DATASET_FILES = ("statements.parquet", "articles.parquet")


@dataclass(frozen=True, eq=False)  # eq would compare DataFrames, which has no single truth value
class CorpusRead:
    """What `read_corpus` found: one row per distinct article, the inputs that repeated one,
    the inputs not read as articles (`doc_id,kind,reason,detail`), and each article's
    input kind (txt, md, html, csv, jsonl, parquet, warc), aligned with `articles`."""

    articles: pd.DataFrame
    duplicates: pd.DataFrame
    skipped: pd.DataFrame
    kinds: pd.Series


@dataclass(frozen=True)
class _Options:
    follow_symlinks: bool
    max_bytes: int
    languages: frozenset[str] | None


def read_corpus(
    path: str | os.PathLike[str],
    *,
    manifest: str | os.PathLike[str] | None = None,
    on_duplicate: Literal["report", "error"] = "report",
    languages: Collection[str] | None = None,
    follow_symlinks: bool = False,
    max_article_mb: float = MAX_ARTICLE_MB,
) -> CorpusRead:
    """Read the articles of a folder, a table or a web archive, with their metadata.

    A folder holds `.txt`, `.md` and `.html`/`.htm` files, found recursively (hidden files
    and folders, and dataset directories `stances code` wrote, are passed over); `doc_id`
    is the path relative to the folder (bytes that are not UTF-8 shown as `\\xNN`), and
    articles come in `doc_id` order. Metadata (title, published, source, url) come from
    TOML (`+++`) or YAML (`---`) front matter, where `date` may stand for `published`,
    and from a manifest CSV with columns `file,title,published,source,url`, `file`
    relative to the folder: `manifest`, or else `manifest.csv` at the folder's root. A
    non-empty manifest value wins over front matter, which wins over the page. With a
    manifest, exactly the files it lists are articles; without one, every article file
    except a README at the root is. Links that resolve outside the folder are refused
    unless `follow_symlinks`.

    HTML pages go through trafilatura (main text only; title, date, site name as
    `source`, canonical url); a page with no article is skipped. Files that are not UTF-8
    are decoded as their byte-order mark, `<meta charset>` or charset-normalizer says, and
    `encoding` records it. `metadata_from` says where each metadata value came from.

    A table is a `.csv`, `.jsonl` or `.parquet` file with columns `id` and `text`, and
    optionally `title`, `published` (or `date`), `source` and `url`; `doc_id` is `str(id)`.
    A web archive (`.warc`, `.warc.gz`) gives one article per HTML response; `doc_id` is
    the WARC record id, `url` the target URI, and the capture date stands in for a page
    without a date.

    `language` is identified per article; with `languages`, articles in any other
    (identified) language are skipped. Inputs over `max_article_mb` are skipped. Inputs
    whose normalised text equals an earlier input's are one article: the first is kept and
    the others are listed in `duplicates` (`on_duplicate="report"`) or raise (`"error"`).

    Raises CorpusError, naming the file and line, row or key, for anything that cannot be
    read as described.
    """
    if on_duplicate not in ("report", "error"):
        raise ValueError(f"on_duplicate must be 'report' or 'error', not {on_duplicate!r}")
    inputs = iter_corpus(
        path,
        manifest=manifest,
        languages=languages,
        follow_symlinks=follow_symlinks,
        max_article_mb=max_article_mb,
    )
    read = _collect(inputs, source=Path(path), on_duplicate=on_duplicate)
    _warn_about(read)
    return read


def iter_corpus(
    path: str | os.PathLike[str],
    *,
    manifest: str | os.PathLike[str] | None = None,
    languages: Collection[str] | None = None,
    follow_symlinks: bool = False,
    max_article_mb: float = MAX_ARTICLE_MB,
) -> Iterator[ArticleInput | Skipped]:
    """The inputs of a corpus one at a time, each an article or the reason it is skipped.

    The options are those of `read_corpus`; repeated texts are not yet merged.
    """
    covered = None if languages is None else frozenset(languages)
    max_bytes = int(min(max_article_mb * 1e6, sys.maxsize))  # `inf` means no limit
    options = _Options(follow_symlinks, max_bytes, covered)
    source = Path(path)
    if source.is_dir():
        found: Iterable[ArticleInput | Skipped] = _read_folder(
            source, None if manifest is None else Path(manifest), options
        )
    elif not source.exists():
        raise CorpusError("no such file or folder", path=source)
    elif manifest is not None:
        raise CorpusError("a manifest only describes a folder of article files", path=manifest)
    elif source.suffix.lower() in TABLE_SUFFIXES:
        found = read_table(source, max_chars=options.max_bytes)
    elif is_warc(source):
        found = _read_warc(source, options)
    else:
        expected = "/".join((*TABLE_SUFFIXES, *WARC_SUFFIXES))
        raise CorpusError(
            f"expected a folder, a {expected} file; found a {source.suffix or 'suffix-less'} file",
            path=source,
        )
    for item in found:
        yield item if isinstance(item, Skipped) else _with_language(item, options.languages)


def count_inputs(
    path: str | os.PathLike[str],
    *,
    manifest: str | os.PathLike[str] | None = None,
    follow_symlinks: bool = False,
) -> int | None:
    """How many inputs `iter_corpus` yields for a folder (articles and skipped ones), for a
    progress bar's total; None for tables and archives, or when the folder cannot be listed."""
    folder = Path(path)
    if not folder.is_dir():
        return None
    if manifest is None and (folder / MANIFEST_NAME).is_file():
        manifest = folder / MANIFEST_NAME
    try:
        if manifest is not None:
            listed = read_manifest(
                Path(manifest), folder, read_text=_read_text, follow_symlinks=follow_symlinks
            )
            return len(listed)
        files, passed_over = _article_files(folder, _Options(follow_symlinks, 0, None))
    except CorpusError:
        return None
    return len(passed_over) + sum(not _is_root_readme(relative) for relative in files)


def read_article(path: str | os.PathLike[str]) -> tuple[str, dict[str, Any]]:
    """One article file's normalised text and metadata (title, published, ...).

    Metadata come from the page, its front matter and the `manifest.csv` beside it, if
    that lists the file. Raises CorpusError when the file holds no article to read.
    """
    file = Path(path)
    if not file.is_file():
        raise CorpusError("no such article file", path=file)
    if file.suffix.lower() not in ARTICLE_SUFFIXES:
        raise CorpusError(
            f"expected an article file ({'/'.join(ARTICLE_SUFFIXES)}), found {file.suffix!r}",
            path=file,
        )
    options = _Options(True, int(MAX_ARTICLE_MB * 1e6), None)
    manifest = file.parent / MANIFEST_NAME
    listed = (
        read_manifest(manifest, file.parent, read_text=_read_text, follow_symlinks=True).get(
            file.name
        )
        if manifest.is_file()
        else {}
    )
    found = _read_article_file(file, file.name, listed, options)
    if isinstance(found, Skipped):
        raise CorpusError(f"not read as an article: {found.detail}", path=file)
    return found.text, found.metadata


def _with_language(item: ArticleInput, languages: frozenset[str] | None) -> ArticleInput | Skipped:
    language = identify_language(item.text)
    if languages is not None and language is not None and language not in languages:
        covered = ", ".join(sorted(languages))
        return Skipped(item.doc_id, item.kind, "language", f"{language}, not {covered}")
    return replace(item, language=language)


def _collect(
    inputs: Iterable[ArticleInput | Skipped], *, source: Path, on_duplicate: str
) -> CorpusRead:
    first_by_id: dict[str, ArticleInput] = {}
    duplicates = []
    skipped = []
    for item in inputs:
        if isinstance(item, Skipped):
            skipped.append((item.doc_id, item.kind, item.reason, item.detail))
            continue
        identifier = article_id(item.text)
        first = first_by_id.setdefault(identifier, item)
        if first is not item:
            duplicates.append((item.doc_id, first.doc_id, identifier))
    if duplicates and on_duplicate == "error":
        pairs = ", ".join(f"{doc} repeats {first}" for doc, first, _ in duplicates)
        raise CorpusError(f"inputs repeat an earlier article's text: {pairs}", path=source)
    kept = list(first_by_id.values())
    articles = articles_frame(list(first_by_id), kept)
    return CorpusRead(
        articles=articles,
        duplicates=pd.DataFrame(duplicates, columns=list(DUPLICATE_COLUMNS), dtype="str"),
        skipped=pd.DataFrame(skipped, columns=list(SKIPPED_COLUMNS), dtype="str"),
        kinds=pd.Series([a.kind for a in kept], name="kind", dtype="str"),
    )


def articles_frame(article_ids: list[str], kept: list[ArticleInput]) -> pd.DataFrame:
    """The articles table (schema 1.x columns and types) of articles with these ids."""
    values = {
        "article_id": article_ids,
        "doc_id": [a.doc_id for a in kept],
        **{key: [a.metadata.get(key) for a in kept] for key in METADATA_KEYS},
        "n_chars": [len(a.text) for a in kept],
        "text": [a.text for a in kept],
        "language": [a.language for a in kept],
        "encoding": [a.encoding for a in kept],
        "metadata_from": [origin_json(a.origin) for a in kept],
    }
    dtypes = {"published": "datetime64[s]", "n_chars": "int32"}
    return pd.DataFrame(
        {name: pd.Series(values[name], dtype=dtypes.get(name, "str")) for name in ARTICLES.names}
    )


def _warn_about(read: CorpusRead) -> None:
    warn_about(read.skipped, read.articles[["doc_id", "encoding"]], stacklevel=4)


def warn_about(skipped: pd.DataFrame, encodings: pd.DataFrame, *, stacklevel: int = 3) -> None:
    """One CorpusWarning per reason inputs were skipped (`skipped`: SKIPPED_COLUMNS), and one
    naming the articles not in UTF-8 (`encodings`: doc_id, encoding)."""
    for reason, rows in skipped.groupby("reason", sort=True):
        warnings.warn(
            f"{len(rows)} not coded, {SKIP_REASONS[str(reason)]}: {_some(rows['doc_id'])}",
            CorpusWarning,
            stacklevel=stacklevel,
        )
    decoded = encodings[encodings["encoding"].fillna(UTF8) != UTF8]
    if len(decoded):
        shown = decoded["doc_id"] + " (" + decoded["encoding"] + ")"
        warnings.warn(
            f"{len(decoded)} not UTF-8, decoded as: {_some(shown)}",
            CorpusWarning,
            stacklevel=stacklevel,
        )


def _some(names: pd.Series, limit: int = 5) -> str:
    shown = ", ".join(names.head(limit))
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


# --- folders ---------------------------------------------------------------------------


def _read_folder(
    folder: Path, manifest: Path | None, options: _Options
) -> Iterator[ArticleInput | Skipped]:
    if manifest is None and (folder / MANIFEST_NAME).is_file():
        manifest = folder / MANIFEST_NAME
    elif manifest is not None and not manifest.is_file():
        raise CorpusError("manifest not found", path=manifest)
    if manifest is None:
        files, passed_over = _article_files(folder, options)
        yield from passed_over
        files = [relative for relative in files if not _is_root_readme(relative)]
        if not files:
            raise _no_articles(folder)
        for relative in files:
            doc_id = display_path(Path(relative))
            yield _read_article_file(folder / relative, doc_id, {}, options)
        return
    # The manifest lists the articles; other files beside them (a coding manual, a gold
    # file, texts kept for another purpose) are not articles.
    listed = read_manifest(
        manifest, folder, read_text=_read_text, follow_symlinks=options.follow_symlinks
    )
    if not len(listed):
        raise _no_articles(folder)
    for doc_id, metadata in listed.items():
        yield _read_article_file(folder / doc_id, doc_id, metadata, options)


def _no_articles(folder: Path) -> CorpusError:
    return CorpusError(f"no {'/'.join(ARTICLE_SUFFIXES)} article files here", path=folder)


def _article_files(folder: Path, options: _Options) -> tuple[list[str], list[Skipped]]:
    """The path of each article file relative to the folder, in doc_id order, and what was
    passed over (dataset folders, names that are not regular files). Paths are kept as
    plain strings: a Path object per file would take several times the memory."""
    found: list[str] = []
    passed_over: list[Skipped] = []
    inside = folder.resolve()
    seen: set[Path] = set()
    for root, dirs, files in os.walk(folder, followlinks=options.follow_symlinks):
        here = Path(root)
        real = here.resolve()
        if real in seen:  # a link loop, possible only when following links
            dirs[:] = []
            continue
        seen.add(real)
        if here != folder and any((here / name).is_file() for name in _DATASET_FILES):
            dirs[:] = []
            doc_id = display_path(here.relative_to(folder))
            passed_over.append(Skipped(doc_id, "folder", "own_output", "a stances dataset"))
            continue
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = here / name
            if name.startswith(".") or path.suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            relative = path.relative_to(folder)
            doc_id = display_path(relative)
            if not path.is_file():  # reading a pipe would wait forever
                passed_over.append(Skipped(doc_id, "file", "not_a_file", _file_kind(path)))
                continue
            if not options.follow_symlinks:
                _refuse_outside(path, inside, doc_id=doc_id, folder=folder)
            found.append(str(relative))
    found.sort(key=lambda relative: (display_path(Path(relative)), relative))
    return found, passed_over


def _file_kind(path: Path) -> str:
    if path.is_symlink():
        return "a link to nothing"
    return "a pipe, socket or device"


def _refuse_outside(path: Path, inside: Path, *, doc_id: str, folder: Path) -> None:
    target = path.resolve()
    if not target.is_relative_to(inside):
        raise CorpusError(
            f"{doc_id} is a link to {display_path(target)}, outside the corpus folder; "
            "pass --follow-symlinks to read it",
            path=folder,
        )


def _is_root_readme(relative: str) -> bool:
    return Path(relative).parent == Path(".") and Path(relative).stem.lower() == "readme"


def _read_article_file(
    path: Path, doc_id: str, listed: Mapping[str, Any], options: _Options
) -> ArticleInput | Skipped:
    kind = path.suffix.lower().lstrip(".")
    try:
        size = path.stat().st_size
    except OSError as e:
        raise CorpusError(f"cannot be read ({e.strerror})", path=path) from e
    if size > options.max_bytes:
        return Skipped(doc_id, kind, "too_large", f"{size / 1e6:.1f} MB")
    data = _read_bytes(path)
    html = kind in ("html", "htm")
    if html and is_stances_output(data):
        return Skipped(doc_id, kind, "own_output", "a stances report")
    text, encoding = _decode(data, path=path, html=html)
    try:
        front_matter, body = split_front_matter(text)
        front = parse_metadata(front_matter)
    except FrontMatterError as e:
        raise CorpusError(str(e), path=path) from e
    except InvalidValue as e:
        raise CorpusError(str(e), path=path, where=f"key {e.key}") from e
    later = ((FROM_FRONT_MATTER, front), (FROM_MANIFEST, listed))
    if html:
        return _page_article(doc_id, kind, body, encoding, earlier=(), later=later)
    text = normalise_text(body)
    if not text:
        raise CorpusError("no text left after normalisation", path=path)
    metadata, origin = layered(*later)
    return ArticleInput(doc_id, kind, text, metadata, origin, encoding)


def _page_article(
    doc_id: str,
    kind: str,
    html: str,
    encoding: str,
    *,
    earlier: Iterable[tuple[str, Mapping[str, Any]]],
    later: Iterable[tuple[str, Mapping[str, Any]]],
) -> ArticleInput | Skipped:
    """An HTML page's article, its own metadata layered between `earlier` and `later`."""
    page = extract_page(html)
    text = normalise_text(page.text) if page else ""
    if page is None or not text:
        return Skipped(doc_id, kind, "no_article", "no extractable article")
    try:
        from_page = parse_metadata(page.metadata)
    except InvalidValue:  # a date the page states but htmldate could not make ISO
        from_page = parse_metadata({**page.metadata, "published": None})
    metadata, origin = layered(*earlier, (FROM_PAGE, from_page), *later)
    return ArticleInput(doc_id, kind, text, metadata, origin, encoding)


# --- web archives ----------------------------------------------------------------------


def _read_warc(path: Path, options: _Options) -> Iterator[ArticleInput | Skipped]:
    for found in warc_pages(path, max_bytes=options.max_bytes):
        if isinstance(found, Skipped):
            yield found
            continue
        url = found.metadata.get("url")
        try:
            html, encoding = decode(found.payload, declared=found.charset, html=True)
        except UndecodableError as e:
            yield Skipped(found.record_id, "warc", "undecodable", f"{e} ({url})")
            continue
        # The page's own date wins over the capture date; the target URI over the page's.
        captured = {k: v for k, v in found.metadata.items() if k == "published"}
        target = {k: v for k, v in found.metadata.items() if k == "url"}
        yield _page_article(
            found.record_id,
            "warc",
            html,
            encoding,
            earlier=[(FROM_ARCHIVE, captured)],
            later=[(FROM_ARCHIVE, target)],
        )


# --- shared ----------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise CorpusError(f"cannot be read ({e.strerror})", path=path) from e


def _read_text(path: Path) -> tuple[str, str]:
    return _decode(_read_bytes(path), path=path, html=False)


def _decode(data: bytes, *, path: Path, html: bool) -> tuple[str, str]:
    try:
        return decode(data, html=html)
    except UndecodableError as e:
        raise CorpusError(str(e), path=path) from e
