"""Write one build of a dataset batch by batch, into the staging folder `stances.commit` gives.

Statements and articles arrive in batches and go to Parquet row groups as they come, so
memory holds one batch, not the corpus. Each batch is checked as `write_dataset` checks whole
tables (types, nulls, keys, allowed values, references to the batch's articles and to the
codebook's actors and topics, evidence offsets); that no article repeats across batches is
checked with the set of article ids. Rows are sorted within each batch, so a corpus that fits
in one batch gives the same files as `write_dataset`. In the `parts` layout each batch's rows
go to the part files of their month (`stances.parts`) instead of one file per table.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from stances import __version__
from stances.commit import MANIFEST
from stances.datapackage import describe
from stances.dataset import (
    BUILD_ID,
    CODEBOOK_FILE,
    CODER,
    PARTED_TABLES,
    HashSink,
    codebook_bytes,
    dimensions_of,
    sort_articles,
    sort_statements,
    source_date,
)
from stances.errors import SchemaError
from stances.normalise import ArticleIds
from stances.parts import PartsWriter
from stances.schema import (
    ACTORS_TABLE,
    ARTICLES_TABLE,
    CORE_TABLES,
    SCHEMA_VERSION,
    STATEMENTS_TABLE,
    TOPICS_TABLE,
    TableSpec,
    to_arrow,
    with_added_columns,
)

if TYPE_CHECKING:
    from stances.codebook import Codebook

_STREAMED = (STATEMENTS_TABLE, ARTICLES_TABLE)
_PART = ".part"  # a streamed table before its metadata (build id) is known


class BatchWriter:
    """Statements and articles written batch by batch into `stage`; `finish` adds the
    dimension tables, the codebook copy and the manifest, and returns the build's metadata."""

    def __init__(
        self, stage: Path, codebook: Codebook, *, layout: str = "single", coder: str | None = None
    ) -> None:
        """`coder`: the coder of the build (name/version), recorded in its metadata."""
        self.stage = stage
        self.codebook = codebook
        self.layout = layout
        self.coder = coder
        self.actors, self.topics = dimensions_of(codebook)
        self.rows = dict.fromkeys((spec.name for spec in _STREAMED), 0)
        self.article_ids = ArticleIds()
        self._writers: dict[str, pq.ParquetWriter | PartsWriter] = {}
        self._hashes: dict[str, _TableHash] = {}

    def write(self, statements: pd.DataFrame, articles: pd.DataFrame) -> None:
        """Check one batch (the statements of exactly these articles) and append it."""
        frames = {
            STATEMENTS_TABLE.name: self._numbered(statements, STATEMENTS_TABLE),
            ARTICLES_TABLE.name: self._numbered(articles, ARTICLES_TABLE),
            ACTORS_TABLE.name: self.actors,
            TOPICS_TABLE.name: self.topics,
        }
        for spec in _STREAMED:
            to_arrow(frames[spec.name], spec)  # types first: the checks compare values
        from stances.checks import raise_problems

        raise_problems(frames, CORE_TABLES, evidence_sample=None, error=SchemaError)
        batch = frames[ARTICLES_TABLE.name][["article_id", "doc_id"]].astype(str)
        repeated = sorted(i for i in batch["article_id"] if i in self.article_ids)
        if repeated:
            raise SchemaError(
                f"article_id: duplicate across batches ({', '.join(repeated[:3])})",
                where=ARTICLES_TABLE.file,
            )
        for identifier, doc_id in batch.itertuples(index=False, name=None):
            self.article_ids.add(identifier, doc_id)
        self._append(STATEMENTS_TABLE, sort_statements(frames[STATEMENTS_TABLE.name]))
        self._append(ARTICLES_TABLE, sort_articles(frames[ARTICLES_TABLE.name]))

    def _numbered(self, frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
        """The frame with rows numbered as in the whole file, so problems name file rows."""
        start = self.rows[spec.name]
        frame = with_added_columns(frame, spec)
        return frame.set_axis(pd.RangeIndex(start, start + len(frame)))

    def _append(self, spec: TableSpec, frame: pd.DataFrame) -> None:
        table = to_arrow(frame, spec)
        if spec.name not in self._writers:
            if self.layout == "parts" and spec.name in PARTED_TABLES:
                self._writers[spec.name] = PartsWriter(self.stage / spec.name, spec.schema)
            else:
                part = self.stage / (spec.file + _PART)
                self._writers[spec.name] = pq.ParquetWriter(part, spec.schema)
            self._hashes[spec.name] = _TableHash(spec.schema)
        self._writers[spec.name].write_table(table)
        self._hashes[spec.name].update(table)
        self.rows[spec.name] += table.num_rows

    def finish(self, *, built_at: datetime | None = None) -> dict[str, str]:
        """Write the rest of the build; return its metadata (with the build id)."""
        for spec in _STREAMED:
            if spec.name not in self._writers:  # an empty corpus: empty tables
                self._append(spec, spec.schema.empty_table().to_pandas())
            self._writers[spec.name].close()
        dimensions = {
            ACTORS_TABLE.name: to_arrow(self.actors, ACTORS_TABLE),
            TOPICS_TABLE.name: to_arrow(self.topics, TOPICS_TABLE),
        }
        copy = codebook_bytes(self.codebook)
        stamp = (built_at or source_date() or datetime.now(UTC)).astimezone(UTC)
        metadata = {
            "stances.schema_version": SCHEMA_VERSION,
            "stances.package_version": __version__,
            "stances.codebook": self.codebook.label,
            "stances.built_at": stamp.isoformat(timespec="seconds"),
            **({CODER: self.coder} if self.coder else {}),
        }
        digest = hashlib.sha256(json.dumps(metadata, sort_keys=True).encode())
        digest.update(copy)
        digests = {name: h.hexdigest() for name, h in self._hashes.items()}
        digests.update({name: _TableHash.of(table) for name, table in dimensions.items()})
        for name in sorted(digests):
            digest.update(f"{name}:{digests[name]}".encode())
        metadata[BUILD_ID] = digest.hexdigest()[:16]
        for spec in _STREAMED:
            writer = self._writers[spec.name]
            if isinstance(writer, PartsWriter):
                writer.stamp(metadata)
            else:
                _stamp_copy(self.stage / (spec.file + _PART), self.stage / spec.file, metadata)
        for name, table in dimensions.items():
            stamped = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
            pq.write_table(stamped, self.stage / f"{name}.parquet")
        (self.stage / CODEBOOK_FILE).write_bytes(copy)
        provenance = {key.removeprefix("stances."): value for key, value in metadata.items()}
        text = describe(CORE_TABLES, self.stage, provenance=provenance, codebook_file=CODEBOOK_FILE)
        (self.stage / MANIFEST).write_text(text, encoding="utf-8")
        return metadata

    def abort(self) -> None:
        """Close open files (the staging folder is removed by whoever owns it)."""
        for writer in self._writers.values():
            writer.close()


def _stamp_copy(part: Path, final: Path, metadata: dict[str, str]) -> None:
    """Copy a streamed table row group by row group into a file whose schema carries the
    build's metadata (Parquet readers take it from the schema written first)."""
    source = pq.ParquetFile(part)
    schema = source.schema_arrow
    schema = schema.with_metadata({**(schema.metadata or {}), **metadata})
    with pq.ParquetWriter(final, schema) as writer:
        for index in range(source.num_row_groups):
            writer.write_table(
                source.read_row_group(index).replace_schema_metadata(schema.metadata)
            )
    source.close()
    part.unlink()


class _TableHash:
    """SHA-256 over a table's Arrow IPC stream, fed batch by batch: the same rows in the same
    batches give the same digest."""

    def __init__(self, schema: pa.Schema) -> None:
        self.digest = hashlib.sha256()
        self._stream = pa.ipc.new_stream(pa.PythonFile(HashSink(self.digest), mode="w"), schema)

    def update(self, table: pa.Table) -> None:
        self._stream.write_table(table)

    def hexdigest(self) -> str:
        self._stream.close()
        return self.digest.hexdigest()

    @classmethod
    def of(cls, table: pa.Table) -> str:
        whole = cls(table.schema)
        whole.update(table)
        return whole.hexdigest()
