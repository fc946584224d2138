"""Describe a dataset directory as a Frictionless Data Package (datapackage.json): one
resource per table (a file, or the list of its part files), each with its Table Schema
(types, descriptions, allowed values, primary and foreign keys), and the build's provenance
under the `stances` key."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa

from stances.parts import part_paths, parts_hash
from stances.schema import TableSpec

PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
CODEBOOK_DESCRIPTION = "The codebook the statements were coded with (actors, topics, cues)."


def describe(
    tables: Sequence[TableSpec],
    folder: Path,
    *,
    provenance: Mapping[str, str],
    codebook_file: str | None = None,
) -> str:
    """datapackage.json text for the tables (and codebook copy) already written in `folder`."""
    names = {spec.name for spec in tables}
    resources = []
    for spec in tables:
        path, digest = _location(folder, spec)
        resources.append(
            {
                "name": spec.name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "parquet",
                "mediatype": PARQUET_MEDIATYPE,
                "description": spec.description,
                "hash": digest,
                "schema": table_schema(spec, names),
            }
        )
    if codebook_file:
        resources.append(
            {
                "name": "codebook",
                "path": codebook_file,
                "format": "toml",
                "mediatype": "application/toml",
                "description": CODEBOOK_DESCRIPTION,
                "hash": file_hash(folder / codebook_file),
            }
        )
    package = {
        "profile": "data-package",
        "name": "stances-dataset",
        "title": "Policy stances coded from news articles",
        "description": "Who took which stance on which policy topic, with the evidence, as "
        "coded by stances. statements.parquet is the main table; actors.parquet and "
        "topics.parquet describe its actor_id and topic_id.",
        "created": provenance["built_at"],
        "stances": dict(provenance),
        "resources": resources,
    }
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def _location(folder: Path, spec: TableSpec) -> tuple[str | list[str], str]:
    """A table's `path` and `hash`: its file, or its part files (a multipart resource, whose
    hash is that of the parts one after the other)."""
    if (folder / spec.name).is_dir():
        paths = part_paths(folder / spec.name, folder)
        return paths, parts_hash([folder / p for p in paths])
    return spec.file, file_hash(folder / spec.file)


def table_schema(spec: TableSpec, tables: set[str]) -> dict:
    """The Table Schema of one table; foreign keys only to tables in `tables`."""
    schema: dict = {"fields": [_field(spec, f) for f in spec.schema]}
    if spec.primary_key:
        schema["primaryKey"] = [spec.primary_key]
    foreign = [
        {"fields": [fk.column], "reference": {"resource": fk.table, "fields": [fk.key]}}
        for fk in spec.foreign_keys
        if fk.table in tables
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def _field(spec: TableSpec, field: pa.Field) -> dict:
    description = (field.metadata or {}).get(b"description", b"").decode()
    constraints: dict = {}
    if not field.nullable:
        constraints["required"] = True
    if field.name == spec.primary_key:
        constraints["unique"] = True
    if field.name in spec.values:
        constraints["enum"] = list(spec.values[field.name])
    low, high = spec.bounds.get(field.name, (None, None))
    if low is not None:
        constraints["minimum"] = low
    if high is not None:
        constraints["maximum"] = high
    described = {"name": field.name, "type": _type(field.type), "description": description}
    return {**described, "constraints": constraints} if constraints else described


def _type(type_: pa.DataType) -> str:
    if pa.types.is_dictionary(type_):
        return _type(type_.value_type)
    for name, test in (
        ("string", lambda t: pa.types.is_string(t) or pa.types.is_large_string(t)),
        ("integer", pa.types.is_integer),
        ("number", pa.types.is_floating),
        ("boolean", pa.types.is_boolean),
        ("date", pa.types.is_date),
        ("datetime", pa.types.is_timestamp),
        ("array", lambda t: pa.types.is_list(t) or pa.types.is_large_list(t)),
    ):
        if test(type_):
            return name
    return "any"


def file_hash(path: Path) -> str:
    """The `hash` a resource records for a file: sha256:<hex digest>. (No `bytes`: readers
    of Parquet resources cannot count them, and would report every file as wrong.)"""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return f"sha256:{digest.hexdigest()}"
