"""Write and read a dataset directory (schema 1.x), one whole build at a time.

A dataset directory holds statements.parquet and articles.parquet, the dimension tables
actors.parquet and topics.parquet, codebook.toml (the codebook used), any extra tables
(such as reviews.parquet) and datapackage.json, which describes every file and names the
build. In the `parts` layout statements and articles are folders of part files instead, one
folder per month of publication (`stances.parts`); they read back as the same tables. Every
Parquet file carries the build id in its metadata; `stances.commit` makes a build visible as
one unit and `stances.checks` checks the tables on the way in and out.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from stances import __version__
from stances.commit import (
    LOCK_TIMEOUT,
    MANIFEST,
    build_directory,
    committed_files,
    refuse_foreign_files,
    try_finish_interrupted,
)
from stances.datapackage import describe
from stances.errors import DatasetError, SchemaError
from stances.parts import LAYOUTS, PartsWriter, layout_of, read_parts, table_file
from stances.schema import (
    ACTORS,
    ACTORS_TABLE,
    ADDED_COLUMNS,
    ARTICLES_TABLE,
    BUILD_ID_SINCE,
    CORE_TABLES,
    SCHEMA_VERSION,
    STATEMENTS_TABLE,
    TOPICS,
    TOPICS_TABLE,
    TableSpec,
    conform,
    empty_frame,
    parse_version,
    to_arrow,
    with_added_columns,
)

if TYPE_CHECKING:
    from stances.codebook import Codebook

STATEMENTS_FILE = STATEMENTS_TABLE.file
ARTICLES_FILE = ARTICLES_TABLE.file
CODEBOOK_FILE = "codebook.toml"
OUTPUT_FILES = (*(spec.file for spec in CORE_TABLES), CODEBOOK_FILE, MANIFEST)
PARTED_TABLES = (STATEMENTS_TABLE.name, ARTICLES_TABLE.name)  # as part files when large
BUILD_ID = "stances.build_id"
CODER = "stances.coder"  # the coder of the build, name/version
# Builds from before the coder was recorded are the rule coder's.
UNRECORDED_CODER = "rules/2"
READ_ATTEMPTS = 3  # a reader that meets a build being moved in reads again
EVIDENCE_SAMPLE = 1000  # rows whose evidence a reader compares with the text, unless strict


@dataclass(frozen=True)
class Dataset:
    """The tables of a built dataset and the metadata they were written with."""

    statements: pd.DataFrame
    articles: pd.DataFrame
    metadata: dict[str, str] = field(default_factory=dict)
    actors: pd.DataFrame = field(default_factory=lambda: empty_frame(ACTORS))
    topics: pd.DataFrame = field(default_factory=lambda: empty_frame(TOPICS))
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # extra tables, by name
    layout: str = "single"  # or "parts": statements and articles as folders of part files


def build_coder(metadata) -> str:
    """The coder (name/version) that made a build, from its metadata."""
    return metadata.get(CODER, UNRECORDED_CODER)


def output_names(layout: str) -> list[str]:
    """The entries of a dataset directory that a build in this layout writes."""
    return [*OUTPUT_FILES, *(PARTED_TABLES if layout == "parts" else ())]


def stage_table(stage: Path, spec: TableSpec, table: pa.Table, *, layout: str) -> None:
    """One whole table, with its metadata, into the staging folder, as the layout asks."""
    if layout == "parts" and spec.name in PARTED_TABLES:
        parts = PartsWriter(stage / spec.name, spec.schema)
        parts.write_table(table)
        parts.close()
        parts.stamp(_metadata(table))
        return
    with (stage / f"{spec.name}.parquet").open("wb") as handle:
        pq.write_table(table, handle)


def sort_statements(statements: pd.DataFrame) -> pd.DataFrame:
    """Rows in a stable order so the same inputs always give the same file."""
    keys = ["published", "doc_id", "evidence_start", "actor_id", "topic_id", "statement_id"]
    return statements.sort_values(keys, na_position="first", kind="stable").reset_index(drop=True)


def sort_articles(articles: pd.DataFrame) -> pd.DataFrame:
    keys = ["published", "doc_id", "article_id"]
    return articles.sort_values(keys, na_position="first", kind="stable").reset_index(drop=True)


def write_dataset(
    statements: pd.DataFrame,
    articles: pd.DataFrame,
    out_dir: str | Path,
    *,
    codebook: Codebook | str,
    built_at: datetime | None = None,
    extra_tables: Sequence[tuple[TableSpec, pd.DataFrame]] = (),
    lock_timeout: float = LOCK_TIMEOUT,
    layout: str = "single",
) -> Dataset:
    """Check every table and write them to `out_dir` as one build; return what was written.

    `codebook` is the Codebook used (its actors, topics and file become actors.parquet,
    topics.parquet and codebook.toml) or just its label, for tables made by hand (the
    dimension tables then list the ids the statements name). `extra_tables` are committed
    in the same build, each as `<spec.name>.parquet` described by its TableSpec; a review
    module passes its audit table this way: `extra_tables=[(REVIEWS, reviews)]`.

    `built_at` defaults to SOURCE_DATE_EPOCH when set (then the same inputs give
    byte-identical files), else to now. Nothing in `out_dir` changes unless the whole build
    is written; a concurrent writer waits up to `lock_timeout` seconds. `layout="parts"`
    writes statements and articles as folders of part files, one per month (`stances.parts`).
    """
    if layout not in LAYOUTS[1:]:
        raise ValueError(f"layout must be single or parts, not {layout!r}")
    out = Path(out_dir)
    label = codebook if isinstance(codebook, str) else codebook.label
    if isinstance(codebook, str):
        actors, topics = dimensions_from(statements)
        codebook_copy = None
    else:
        actors, topics = dimensions_of(codebook)
        codebook_copy = codebook_bytes(codebook)
    frames = {
        STATEMENTS_TABLE.name: statements,
        ARTICLES_TABLE.name: articles,
        ACTORS_TABLE.name: actors,
        TOPICS_TABLE.name: topics,
    }
    specs = list(CORE_TABLES)
    for spec, frame in extra_tables:
        if spec.name in frames or spec.file in OUTPUT_FILES:
            raise SchemaError(f"an extra table may not be named {spec.name!r}", where=spec.file)
        frames[spec.name] = frame
        specs.append(spec)
    frames = {spec.name: with_added_columns(frames[spec.name], spec) for spec in specs}
    for spec in specs:
        to_arrow(frames[spec.name], spec)  # types first: the checks below compare values
    from stances.checks import raise_problems  # pandera: loaded only when a table is checked

    raise_problems(frames, specs, evidence_sample=None, error=SchemaError)
    sorted_frames = {
        **frames,
        STATEMENTS_TABLE.name: sort_statements(statements),
        ARTICLES_TABLE.name: sort_articles(articles),
    }
    arrow = {spec.name: to_arrow(sorted_frames[spec.name], spec) for spec in specs}

    stamp = (built_at or source_date() or datetime.now(UTC)).astimezone(UTC)
    metadata = {
        "stances.schema_version": SCHEMA_VERSION,
        "stances.package_version": __version__,
        "stances.codebook": label,
        "stances.built_at": stamp.isoformat(timespec="seconds"),
    }
    metadata[BUILD_ID] = _build_id(arrow, metadata, codebook_copy)
    with build_directory(out, timeout=lock_timeout) as stage:
        names = [*(spec.file for spec in specs[len(CORE_TABLES) :]), *output_names(layout)]
        refuse_foreign_files(out, names)
        for spec in specs:
            table = arrow[spec.name]
            table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
            stage_table(stage, spec, table, layout=layout)
        if codebook_copy is not None:
            (stage / CODEBOOK_FILE).write_bytes(codebook_copy)
        provenance = {key.removeprefix("stances."): value for key, value in metadata.items()}
        codebook_file = CODEBOOK_FILE if codebook_copy is not None else None
        text = describe(specs, stage, provenance=provenance, codebook_file=codebook_file)
        (stage / MANIFEST).write_text(text, encoding="utf-8")
    extras = {spec.name: sorted_frames[spec.name] for spec in specs[len(CORE_TABLES) :]}
    return Dataset(
        sorted_frames[STATEMENTS_TABLE.name],
        sorted_frames[ARTICLES_TABLE.name],
        metadata,
        actors,
        topics,
        extras,
        layout,
    )


def dimensions_of(codebook: Codebook) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The actors and topics tables of a codebook, in its order."""
    actors = pd.DataFrame(
        [
            {
                "actor_id": a.id,
                "name": a.name,
                "country": a.country,
                "organisation": a.organisation,
                "wikidata": a.wikidata,
                "aliases": list(a.aliases),
            }
            for a in codebook.model.actors
        ],
        columns=ACTORS.names,
    )
    topics = pd.DataFrame(
        [
            {
                "topic_id": t.id,
                "label": t.label,
                "description": t.description,
                "support_means": t.support_means,
                "oppose_means": t.oppose_means,
            }
            for t in codebook.model.topics
        ],
        columns=TOPICS.names,
    )
    return actors, topics


def dimensions_from(statements: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Actors and topics tables naming only the ids the statements use (no codebook known)."""
    named = statements[["actor_id", "actor_name"]].dropna().astype(str)  # nulls: the checks'
    names = dict(zip(named["actor_id"], named["actor_name"], strict=True))
    for via in statements["via_actor_id"].dropna().astype(str):
        names.setdefault(via, via)
    actors = pd.DataFrame(
        {"actor_id": sorted(names), "name": [names[a] for a in sorted(names)]},
        columns=ACTORS.names,
    ).assign(aliases=lambda f: [[name] for name in f["name"]])
    topic_ids = sorted(set(statements["topic_id"].dropna().astype(str)))
    topics = pd.DataFrame({"topic_id": topic_ids, "label": topic_ids}, columns=TOPICS.names)
    return actors, topics


def codebook_bytes(codebook: Codebook) -> bytes:
    try:
        return Path(codebook.path).read_bytes()
    except OSError as e:
        raise DatasetError(f"cannot copy the codebook ({e.strerror})", path=codebook.path) from e


def source_date() -> datetime | None:
    """The build time SOURCE_DATE_EPOCH asks for (reproducible builds), if it is set."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        raise DatasetError(
            f"expected whole seconds since 1970-01-01, got {value!r}", where="SOURCE_DATE_EPOCH"
        ) from None


def _build_id(tables: dict[str, pa.Table], metadata: dict[str, str], extra: bytes | None) -> str:
    """16 hex digits of SHA-256 over the tables' contents, the metadata and the codebook:
    the same build gives the same id, a different one another."""
    digest = hashlib.sha256(json.dumps(metadata, sort_keys=True).encode())
    digest.update(extra or b"")
    sink = HashSink(digest)
    for name in sorted(tables):
        digest.update(name.encode())
        with pa.ipc.new_stream(pa.PythonFile(sink, mode="w"), tables[name].schema) as writer:
            writer.write_table(tables[name])
    return digest.hexdigest()[:16]


class HashSink:
    """A write-only file object that feeds a hash, so no copy of a table is kept."""

    def __init__(self, digest) -> None:
        self.digest = digest
        self.closed = False

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def read_dataset(data_dir: str | Path, *, strict: bool = False) -> Dataset:
    """Read and check a dataset directory written by `write_dataset`, of any schema 1.x.

    Refuses files from different builds, wrong column types, values outside their sets,
    null keys, statements whose article, actor or topic is missing, and evidence that is not
    the article text at its offsets (checked on a sample of rows, or all with `strict`).
    Columns a later 1.x added are filled as older datasets imply (a 1.0 dataset reads with
    every `reference` = 'current'). Schema 2 or later is refused. A committed build that a
    killed writer left half moved in is read whole, and its move finished when no other
    process holds the lock and the directory is writable.

    >>> import stances
    >>> dataset = stances.read_dataset("data", strict=True)
    >>> dataset.statements.groupby("topic_id").size()
    """
    data = Path(data_dir)
    if not data.is_dir():
        raise DatasetError("no dataset directory here; build one with `stances code`", path=data)
    try_finish_interrupted(data)
    for attempt in range(READ_ATTEMPTS):
        try:
            return _read(data, strict=strict)
        except _BuildChanged as changed:
            if attempt == READ_ATTEMPTS - 1:
                raise DatasetError(str(changed), path=data) from None
            time.sleep(0.1 * (attempt + 1))  # a writer may be moving a build in
    raise AssertionError("unreachable")


class _BuildChanged(Exception):
    """Files of different builds met, or a file went away: maybe a writer is at work."""


def _read(data: Path, *, strict: bool) -> Dataset:
    try:
        return _read_build(data, strict=strict)
    except FileNotFoundError as e:
        missing = Path(e.filename or "a file").name
        raise _BuildChanged(f"{missing} is missing (a writer may have moved it)") from None


def _read_build(data: Path, *, strict: bool) -> Dataset:
    manifest, descriptor, files = committed_files(data)
    if manifest is not None and descriptor is None:
        raise DatasetError("not a stances data package (no stances.build_id)", path=manifest)
    if manifest is None:
        files = {n: data / n for n in (STATEMENTS_FILE, ARTICLES_FILE) if (data / n).is_file()}
    grouped: dict[str, list[str]] = {}  # table file -> the file itself, or its parts
    for name in sorted(files):
        grouped.setdefault(table_file(name), []).append(name)
    if STATEMENTS_FILE not in grouped:
        raise DatasetError(f"no {STATEMENTS_FILE} here; build one with `stances code`", path=data)
    if ARTICLES_FILE not in grouped:
        raise DatasetError(f"no {ARTICLES_FILE} here: the dataset is incomplete", path=data)
    # where a table's problems are reported: its file, or its folder of parts
    where = {t: files.get(t, data / t.removesuffix(".parquet")) for t in grouped}
    tables, builds = {}, {}
    for name, names in grouped.items():
        if names == [name] and name.endswith(".parquet"):
            tables[name], metadata = _read_parquet(files[name])
            builds[name] = metadata.get(BUILD_ID)
        elif name.endswith(".parquet"):
            for part in names:
                builds[part] = _build_of(files[part])
            tables[name] = read_parts([files[part] for part in names])
        elif name == CODEBOOK_FILE:
            _check_codebook_copy(descriptor, files[name])
    expected = {descriptor["stances"]["build_id"]} if descriptor else set()
    if len(set(builds.values()) | expected) > 1:
        found = ", ".join(f"{name} is build {build}" for name, build in sorted(builds.items()))
        named = f" and {MANIFEST} names {next(iter(expected))}" if expected else ""
        raise _BuildChanged(
            f"files from different builds: {found}{named}; rebuild with `stances code`"
        )
    metadata = _metadata(tables[STATEMENTS_FILE])
    minor = _check_version(metadata.get("stances.schema_version"), where[STATEMENTS_FILE])
    frames = {}
    for spec in CORE_TABLES:
        if spec.file in tables:
            table = tables.pop(spec.file)
            version = _metadata(table).get("stances.schema_version")
            file_minor = minor if version is None else _check_version(version, where[spec.file])
            table = _add_columns(table, spec.schema, file_minor)
            table, problems = conform(table, spec)
            if problems:
                raise DatasetError(_missing_first(problems), path=where[spec.file])
            frames[spec.name] = table_to_pandas(table)
    if minor >= BUILD_ID_SINCE and descriptor and len(frames) < len(CORE_TABLES):
        missing = [s.file for s in CORE_TABLES if s.name not in frames]
        raise DatasetError(f"{MANIFEST} does not list {', '.join(missing)}", path=manifest)
    if len(frames) < len(CORE_TABLES):
        frames["actors"], frames["topics"] = dimensions_from(frames["statements"])
    specs = [s for s in CORE_TABLES if s.name in frames]
    sample = None if strict else EVIDENCE_SAMPLE
    from stances.checks import raise_problems

    shown = {table: path.name for table, path in where.items()}  # a folder of parts by its name
    raise_problems(
        frames, specs, evidence_sample=sample, error=DatasetError, folder=data, shown=shown
    )
    extras = {name.removesuffix(".parquet"): table_to_pandas(t) for name, t in tables.items()}
    return Dataset(
        frames["statements"],
        frames["articles"],
        metadata,
        frames["actors"],
        frames["topics"],
        extras,
        layout_of(files),
    )


def _read_parquet(path: Path) -> tuple[pa.Table, dict[str, str]]:
    try:
        # One open handle: a writer that replaces the file meanwhile cannot mix two files'
        # footers and pages in one read. Read whole, a column comes in one chunk per row group
        # (read_table cuts it into batches that would have to be joined again).
        with path.open("rb") as handle:
            table = pq.ParquetFile(handle).read()
    except FileNotFoundError:  # pyarrow's names no file
        raise _BuildChanged(f"{path.name} is missing (a writer may have moved it)") from None
    except (OSError, pa.ArrowException) as e:
        raise DatasetError(f"not a readable Parquet file ({e})", path=path) from e
    return table, _metadata(table)


def _build_of(path: Path) -> str | None:
    try:
        metadata = pq.read_schema(path).metadata or {}
    except FileNotFoundError:
        raise
    except (OSError, pa.ArrowException) as e:
        raise DatasetError(f"not a readable Parquet file ({e})", path=path) from e
    found = metadata.get(BUILD_ID.encode())
    return found.decode() if found is not None else None


def _metadata(table: pa.Table) -> dict[str, str]:
    return {
        k.decode(): v.decode()
        for k, v in (table.schema.metadata or {}).items()
        if k.startswith(b"stances.")
    }


def _check_codebook_copy(descriptor: dict, path: Path) -> None:
    from stances.datapackage import file_hash

    recorded = next(
        (
            r.get("hash")
            for r in descriptor["resources"]
            if isinstance(r, dict) and r.get("path") == CODEBOOK_FILE
        ),
        None,
    )
    if recorded != file_hash(path):
        raise DatasetError(f"is not the codebook {MANIFEST} records ({recorded})", path=path)


def _missing_first(problems: list[str]) -> str:
    return "; ".join(sorted(problems, key=lambda p: not p.startswith("missing")))


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
            f = schema.field(name)
            column = pa.array([value] * table.num_rows, type=pa.string())
            if pa.types.is_dictionary(f.type):
                column = column.dictionary_encode().cast(f.type)
            table = table.append_column(f, column)
    return table


def table_to_pandas(table: pa.Table) -> pd.DataFrame:
    # One chunk per column: Arrow-backed text columns are taken (sorted, filtered) far
    # faster from one chunk than from the many a file of row groups reads into.
    # Dates as datetime64 straight from Arrow, not a million datetime.date objects parsed back.
    # Lists (the cues) stay Arrow-backed: a million numpy arrays took most of a read.
    frame = table.combine_chunks().to_pandas(date_as_object=False, types_mapper=_arrow_lists)
    for f in table.schema:
        if f.type == pa.date32():
            frame[f.name] = frame[f.name].astype("datetime64[s]")
    return frame


def _arrow_lists(kind: pa.DataType) -> pd.ArrowDtype | None:
    return pd.ArrowDtype(kind) if pa.types.is_list(kind) else None
