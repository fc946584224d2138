"""Large tables as Hive-partitioned part files, one folder per month of publication:

    statements/published_month=2025-02/part-00000.parquet
    statements/published_month=__HIVE_DEFAULT_PARTITION__/part-00000.parquet   (no date)

DuckDB (`hive_partitioning=true`), Polars (`scan_parquet`), Spark and pyarrow read such a
folder as one table and add `published_month` as a column of their own (null for undated
rows); the files hold the table's columns only. Rows go to their month's file as batches
arrive, so memory holds one batch: each month's rows are first appended to an Arrow stream
on disk, and once the table is complete each stream becomes its Parquet part, written in
row groups of about 16 MB (a Parquet writer keeps every row group's metadata in memory
until it closes, which many small row groups would make large). Each file records in its
metadata how many of its rows came from which batch, and `read_parts` puts the rows back in
the order they were written: the order of the single-file layout.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from stances.commit import committed_files
from stances.errors import DatasetError

LAYOUTS = ("auto", "single", "parts")
PARTS_ABOVE_MB = 256  # auto: a corpus larger than this on disk is written as part files
PARTITION = "published_month"
UNDATED = "__HIVE_DEFAULT_PARTITION__"  # the Hive name for a null key; readers give null
ORDER_KEY = "stances.row_order"  # JSON [[batch, rows], ...]: the file's rows, by batch
MAX_OPEN_FILES = 64  # per table; a month whose file was closed continues in a new part
ROW_GROUP_BYTES = 16 << 20  # batches are joined into row groups of about this size
_SPILL = ".arrows"  # a part's rows as an Arrow stream, before the build's metadata is known
_SPILL_OPTIONS = pa.ipc.IpcWriteOptions(compression="lz4")


def choose_layout(layout: str, *, corpus: Path, out: Path) -> str:
    """`single` or `parts`. `auto` keeps the layout of the dataset in `out`, and otherwise
    writes parts when the corpus takes more than PARTS_ABOVE_MB on disk."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    if layout != "auto":
        return layout
    _manifest, descriptor, files = committed_files(out)
    if descriptor is not None:
        return layout_of(files)
    return "parts" if _disk_bytes(corpus) > PARTS_ABOVE_MB * 1_000_000 else "single"


def _disk_bytes(path: Path) -> int:
    if not path.is_dir():
        return path.stat().st_size if path.is_file() else 0
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.stat(os.path.join(folder, name)).st_size
            except OSError:
                continue  # a dangling link: the corpus reader reports it
    return total


def table_file(path: str) -> str:
    """The table file a manifest path makes up: `statements.parquet` for itself and for
    `statements/published_month=…/part-00000.parquet`."""
    head, nested, _rest = path.partition("/")
    return f"{head}.parquet" if nested else path


def layout_of(paths: Iterable[str]) -> str:
    return "parts" if any("/" in path for path in paths) else "single"


class PartsWriter:
    """One table written as part files under `folder`, one batch (already sorted) at a time;
    `close` ends the writing and `stamp` writes the parts with the build's metadata."""

    def __init__(self, folder: Path, schema: pa.Schema) -> None:
        self.folder = folder
        self.schema = schema
        self.batches = 0
        self._open: OrderedDict[str, pa.ipc.RecordBatchStreamWriter] = OrderedDict()
        self._started: Counter[str] = Counter()  # files started, by month
        self._runs: dict[Path, list[list[int]]] = {}  # [batch, rows] runs, by file
        self._current: dict[str, Path] = {}  # the file a month is written to now

    def write_table(self, table: pa.Table) -> None:
        """Route one batch's rows to the files of their months."""
        if table.num_rows:
            months = pc.fill_null(pc.strftime(table.column("published"), "%Y-%m"), UNDATED)
            for month in sorted(pc.unique(months).to_pylist()):
                self._write_month(month, table.filter(pc.equal(months, month)))
        self.batches += 1

    def _write_month(self, month: str, rows: pa.Table) -> None:
        if month not in self._open:
            self._start(month)
        self._open.move_to_end(month)
        self._open[month].write_table(rows)
        self._runs[self._current[month]].append([self.batches, rows.num_rows])

    def _start(self, month: str) -> None:
        if len(self._open) >= MAX_OPEN_FILES:  # least recently written first
            self._open.popitem(last=False)[1].close()
        folder = self.folder / f"{PARTITION}={month}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"part-{self._started[month]:05d}.parquet{_SPILL}"
        self._started[month] += 1
        self._runs[path] = []
        self._current[month] = path
        self._open[month] = pa.ipc.new_stream(path, self.schema, options=_SPILL_OPTIONS)

    def close(self) -> None:
        """Close every file; a table of no rows gets one empty part, so that readers that
        look for files find its columns."""
        if not self._runs:
            self._start(UNDATED)
        while self._open:
            self._open.popitem()[1].close()

    def stamp(self, metadata: dict[str, str]) -> None:
        """Write each part as Parquet under its final name, with the build's metadata and
        its row order."""
        for path, runs in sorted(self._runs.items()):
            stamped = {**metadata, ORDER_KEY: json.dumps(runs)}
            _write_part(path, path.with_name(path.name.removesuffix(_SPILL)), stamped)


def _write_part(spill: Path, final: Path, metadata: dict[str, str]) -> None:
    """The Arrow stream `spill` as the Parquet file `final`, in row groups of about
    ROW_GROUP_BYTES; the stream is removed."""
    with pa.ipc.open_stream(spill) as reader:
        schema = reader.schema.with_metadata({**(reader.schema.metadata or {}), **metadata})
        with pq.ParquetWriter(final, schema) as writer:
            group: list[pa.RecordBatch] = []
            for batch in reader:
                group.append(batch)
                if sum(b.nbytes for b in group) >= ROW_GROUP_BYTES:
                    writer.write_table(pa.Table.from_batches(group, schema=schema))
                    group = []
            if group:
                writer.write_table(pa.Table.from_batches(group, schema=schema))
    spill.unlink()


def part_paths(folder: Path, root: Path) -> list[str]:
    """The part files under `folder`, as manifest paths relative to `root`."""
    return sorted(p.relative_to(root).as_posix() for p in folder.rglob("*.parquet"))


def parts_hash(paths: Sequence[Path]) -> str:
    """sha256 over the parts' bytes one after the other: the `hash` of a multipart resource."""
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return f"sha256:{digest.hexdigest()}"


def read_parts(paths: Sequence[Path], *, columns: list[str] | None = None) -> pa.Table:
    """A table's part files as one table, its rows in the order they were written; its
    metadata is that of the first part (the build's), without the row order."""
    pieces: list[tuple[tuple, pa.Table]] = []
    metadata: dict[bytes, bytes] | None = None
    for path in paths:
        try:
            with path.open("rb") as handle:  # one file throughout, even if it is replaced
                table = pq.read_table(handle, columns=columns)
        except FileNotFoundError:
            raise
        except (OSError, pa.ArrowException) as e:
            raise DatasetError(f"not a readable Parquet file ({e})", path=path) from e
        found = dict(table.schema.metadata or {})
        runs = _runs(found.pop(ORDER_KEY.encode(), None), table.num_rows, path)
        metadata = found if metadata is None else metadata
        month = path.parent.name.partition("=")[2]
        place = (month != UNDATED, month, _part_number(path))
        start = 0
        for batch, rows in runs:
            pieces.append(((batch, *place), table.slice(start, rows)))
            start += rows
    pieces.sort(key=lambda piece: piece[0])
    try:
        table = pa.concat_tables([table.replace_schema_metadata(None) for _, table in pieces])
    except pa.ArrowInvalid as e:
        folder = paths[0].parent.parent
        raise DatasetError(f"its part files do not share one schema ({e})", path=folder) from e
    return _first_seen_dictionaries(table).replace_schema_metadata(metadata)


def _first_seen_dictionaries(table: pa.Table) -> pa.Table:
    """Dictionary columns encoded again, values in order of first appearance, as one file
    read whole gives them: a slice of a part carries its whole row group's dictionary, which
    would otherwise decide the order of a categorical's categories."""
    for index, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type):
            values = table.column(index).cast(field.type.value_type)
            encoded = values.dictionary_encode().cast(field.type)
            table = table.set_column(index, field, encoded)
    return table


def _runs(recorded: bytes | None, rows: int, path: Path) -> list[list[int]]:
    """The [batch, rows] runs a part records; a part without them is one run."""
    if recorded is None:
        return [[0, rows]]
    try:
        runs = json.loads(recorded)
        valid = all(isinstance(b, int) and isinstance(n, int) and n >= 0 for b, n in runs)
    except (ValueError, TypeError):
        valid = False
    if not valid or sum(n for _, n in runs) != rows:
        raise DatasetError(f"{ORDER_KEY} in its metadata does not count its {rows} rows", path=path)
    return runs


def _part_number(path: Path) -> int:
    digits = path.name.removeprefix("part-").removesuffix(".parquet")
    return int(digits) if digits.isdigit() else -1
