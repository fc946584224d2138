"""Dataset schema 1.x, declared once: used to write, read and validate both tables."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from stances.errors import SchemaError

SCHEMA_VERSION = "1.2"
SCHEMA_MAJOR = SCHEMA_VERSION.split(".")[0]
STANCES = ("support", "oppose", "neutral", "mixed")
ATTRIBUTIONS = ("direct_quote", "paraphrase", "reported", "action")
REFERENCES = ("current", "recap", "background")
CURRENT = REFERENCES[0]

# Columns added by a 1.x minor version: (minor that added it, value implied before it).
ADDED_COLUMNS = {
    "reference": (1, CURRENT),
    "language": (2, None),
    "encoding": (2, None),
    "metadata_from": (2, None),
}

_category = pa.dictionary(pa.int32(), pa.string())


def _field(name: str, type_: pa.DataType, description: str, *, nullable: bool = False) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


STATEMENTS = pa.schema(
    [
        _field(
            "statement_id",
            pa.string(),
            "Stable id: hash of article_id, actor_id, topic_id, evidence offsets and coder.",
        ),
        _field(
            "article_id",
            pa.string(),
            "First 16 hex digits of SHA-256 of the article's normalised text.",
        ),
        _field("doc_id", pa.string(), "The input's own identifier (relative path or table id)."),
        _field("published", pa.date32(), "Publication date of the article.", nullable=True),
        _field("source", pa.string(), "Publisher or source of the article.", nullable=True),
        _field("url", pa.string(), "Address of the article.", nullable=True),
        _field("title", pa.string(), "Title of the article.", nullable=True),
        _field("actor_id", _category, "Codebook id of the actor who holds the stance."),
        _field("actor_name", _category, "Display name of the actor."),
        _field("topic_id", _category, "Codebook id of the policy topic."),
        _field(
            "stance",
            _category,
            "support / oppose / neutral / mixed, relative to the topic's support pole.",
        ),
        _field("score", pa.float32(), "In [-1, 1]: sign is the pole, magnitude the strength."),
        _field("confidence", pa.float32(), "In [0, 1]: the coder's confidence in the row."),
        _field(
            "attribution",
            _category,
            "direct_quote / paraphrase / reported / action: how the text attributes it.",
        ),
        _field(
            "via_actor_id",
            pa.string(),
            "For reported stances: the actor who characterises the position.",
            nullable=True,
        ),
        _field("evidence", pa.string(), "The sentence(s) that carry the stance."),
        _field("evidence_start", pa.int32(), "Start offset of evidence in the article text."),
        _field(
            "evidence_end",
            pa.int32(),
            "End offset of evidence: text[evidence_start:evidence_end] == evidence.",
        ),
        _field("quote", pa.string(), "The actor's quoted words, if any.", nullable=True),
        _field("cues", pa.list_(pa.string()), "Cue phrases that decided topic and stance."),
        _field("coder", _category, "Who coded the row: rules/<version> or manual:<name>."),
        _field("codebook", pa.string(), "Codebook name, version and hash."),
        _field(
            "reference",
            _category,
            "current: the statement is made in this article's news; recap: the article "
            "recalls the same actor's earlier statement; background: earlier times.",
        ),
    ]
)

ARTICLES = pa.schema(
    [
        _field(
            "article_id",
            pa.string(),
            "First 16 hex digits of SHA-256 of the article's normalised text.",
        ),
        _field("doc_id", pa.string(), "The input's own identifier (relative path or table id)."),
        _field("title", pa.string(), "Title of the article.", nullable=True),
        _field("published", pa.date32(), "Publication date of the article.", nullable=True),
        _field("source", pa.string(), "Publisher or source of the article.", nullable=True),
        _field("url", pa.string(), "Address of the article.", nullable=True),
        _field("n_chars", pa.int32(), "Length of the normalised text in characters."),
        _field("text", pa.string(), "The normalised article text that offsets refer to."),
        _field(
            "language",
            pa.string(),
            "ISO 639-1 code of the text's language (py3langid); null when it cannot be told.",
            nullable=True,
        ),
        _field(
            "encoding",
            pa.string(),
            "Encoding the input's bytes were decoded from (utf-8, cp1252, utf-16, ...); "
            "null for inputs given as text.",
            nullable=True,
        ),
        _field(
            "metadata_from",
            pa.string(),
            "JSON object naming where each metadata value came from: front_matter, "
            'manifest, table, page (the HTML page) or archive (the WARC record), e.g. '
            '{"title":"page","published":"archive"}.',
            nullable=True,
        ),
    ]
)


def parse_version(version: str | None) -> tuple[int, int]:
    """(major, minor) of a schema version string such as '1', '1.0' or '1.1'."""
    parts = (version or "").split(".")
    if len(parts) > 2 or not all(p.isdigit() for p in parts):
        raise SchemaError(f"not a schema version: {version!r}")
    return int(parts[0]), int(parts[1]) if len(parts) == 2 else 0


def empty_frame(schema: pa.Schema) -> pd.DataFrame:
    """An empty pandas DataFrame with the schema's columns and types."""
    return schema.empty_table().to_pandas()


def to_table(frame: pd.DataFrame, schema: pa.Schema, *, name: str) -> pa.Table:
    """Convert a DataFrame to an Arrow table of exactly `schema`, after validating it.

    Nullable columns a later 1.x added may be absent: they are written as nulls, so a
    frame made for an earlier 1.x still writes.
    """
    absent = [
        column
        for column in ADDED_COLUMNS
        if column in schema.names and schema.field(column).nullable and column not in frame
    ]
    frame = frame.assign(**dict.fromkeys(absent)) if absent else frame
    validate(frame, schema, name=name)
    columns = []
    for field in schema:
        values = frame[field.name]
        if field.type == pa.date32():
            values = pd.to_datetime(values).dt.date.astype(object).where(values.notna(), None)
        if pa.types.is_dictionary(field.type):
            array = pa.array(values.astype(object).tolist(), type=pa.string()).dictionary_encode()
            array = array.cast(field.type)
        else:
            array = pa.array(values.tolist(), type=field.type, from_pandas=True)
        columns.append(array)
    return pa.Table.from_arrays(columns, schema=schema)


def validate(frame: pd.DataFrame, schema: pa.Schema, *, name: str) -> None:
    """Raise one SchemaError listing every missing column and every bad row, not just the first."""
    missing = [f.name for f in schema if f.name not in frame.columns]
    if missing:
        raise SchemaError(f"missing column(s) {', '.join(missing)}", where=name)
    problems: list[str] = []
    for field in schema:
        if not field.nullable:
            nulls = frame.index[frame[field.name].isna()].tolist()
            if nulls:
                problems.append(f"{field.name} is null in rows {_rows(nulls)}")
    if schema is STATEMENTS and len(frame):
        problems += _statement_problems(frame)
    if problems:
        raise SchemaError("; ".join(problems), where=name)


def _statement_problems(frame: pd.DataFrame) -> list[str]:
    problems = []
    checks = {
        "stance": ~frame["stance"].isin(STANCES),
        "attribution": ~frame["attribution"].isin(ATTRIBUTIONS),
        "reference": ~frame["reference"].isin(REFERENCES),
        "score": ~frame["score"].between(-1, 1),
        "confidence": ~frame["confidence"].between(0, 1),
        "evidence_start/end": frame["evidence_start"] > frame["evidence_end"],
    }
    for column, bad in checks.items():
        rows = frame.index[bad.fillna(True)].tolist()
        if rows:
            problems.append(f"{column} out of range in rows {_rows(rows)}")
    return problems


def _rows(rows: list) -> str:
    shown = ", ".join(str(r) for r in rows[:10])
    return shown + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
