"""Dataset schema 1.x, declared once: each table's Arrow types, descriptions, keys and allowed
values. `stances.dataset` writes, reads and checks tables with it; `stances.datapackage`
describes them as a Frictionless Data Package."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

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
# From 1.2 on, every file of a dataset carries its build id and datapackage.json lists them.
BUILD_ID_SINCE = 2

_category = pa.dictionary(pa.int32(), pa.string())


def _field(name: str, type_: pa.DataType, description: str, *, nullable: bool = False) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


_ARTICLE_ID = "First 16 hex digits of SHA-256 of the article's normalised text."
_DOC_ID = "The input's own identifier (relative path or table id)."

STATEMENTS = pa.schema(
    [
        _field(
            "statement_id",
            pa.string(),
            "Stable id: hash of article_id, actor_id, topic_id, evidence offsets and coder.",
        ),
        _field("article_id", pa.string(), _ARTICLE_ID),
        _field("doc_id", pa.string(), _DOC_ID),
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
        _field(
            "coder",
            _category,
            "Who coded the row: rules/<version>, pairs/<version> (the article model of the "
            "rules+pairs coder) or manual:<name>.",
        ),
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
        _field("article_id", pa.string(), _ARTICLE_ID),
        _field("doc_id", pa.string(), _DOC_ID),
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
            "manifest, table, page (the HTML page) or archive (the WARC record), e.g. "
            '{"title":"page","published":"archive"}.',
            nullable=True,
        ),
    ]
)

# Dimension keys are dictionary-encoded like the statements' columns they join, so Polars
# reads both sides as Categorical and joins them without a cast.
ACTORS = pa.schema(
    [
        _field("actor_id", _category, "Codebook id of the actor (lowercase slug)."),
        _field("name", pa.string(), "Display name of the actor."),
        _field(
            "country", pa.string(), "ISO 3166 alpha-2 code of the actor's country.", nullable=True
        ),
        _field("organisation", pa.string(), "Body the actor speaks for, if given.", nullable=True),
        _field("wikidata", pa.string(), "Wikidata QID of the actor, if known.", nullable=True),
        _field("aliases", pa.list_(pa.string()), "Names the coder recognises for the actor."),
    ]
)

TOPICS = pa.schema(
    [
        _field("topic_id", _category, "Codebook id of the policy topic (lowercase slug)."),
        _field("label", pa.string(), "Readable name of the topic."),
        _field("description", pa.string(), "What the topic covers.", nullable=True),
        _field(
            "support_means",
            pa.string(),
            "What the support pole is: a `support` stance means this.",
            nullable=True,
        ),
        _field(
            "oppose_means",
            pa.string(),
            "What the oppose pole is, where the codebook spells it out.",
            nullable=True,
        ),
    ]
)


@dataclass(frozen=True)
class ForeignKey:
    """`column` of one table holds values of `key` in table `table` (or null)."""

    column: str
    table: str
    key: str


RowCheck = Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class TableSpec:
    """One table of a dataset: its file `<name>.parquet`, Arrow schema (a description per
    field), primary key, foreign keys and the values its columns may hold."""

    name: str
    description: str
    schema: pa.Schema
    primary_key: str | None = None
    foreign_keys: tuple[ForeignKey, ...] = ()
    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    bounds: Mapping[str, tuple[float | None, float | None]] = field(default_factory=dict)
    row_checks: Mapping[str, RowCheck] = field(default_factory=dict)  # what each row must hold

    @property
    def file(self) -> str:
        return f"{self.name}.parquet"


STATEMENTS_TABLE = TableSpec(
    "statements",
    "One row per coded statement: who took which stance on which topic, with evidence.",
    STATEMENTS,
    primary_key="statement_id",
    foreign_keys=(
        ForeignKey("article_id", "articles", "article_id"),
        ForeignKey("actor_id", "actors", "actor_id"),
        ForeignKey("topic_id", "topics", "topic_id"),
        ForeignKey("via_actor_id", "actors", "actor_id"),
    ),
    values={"stance": STANCES, "attribution": ATTRIBUTIONS, "reference": REFERENCES},
    bounds={
        "score": (-1, 1),
        "confidence": (0, 1),
        "evidence_start": (0, None),
        "evidence_end": (0, None),
    },
    row_checks={
        "evidence_start <= evidence_end": lambda f: f["evidence_start"] <= f["evidence_end"]
    },
)
ARTICLES_TABLE = TableSpec(
    "articles",
    "One row per article: metadata and the normalised text that evidence offsets refer to.",
    ARTICLES,
    primary_key="article_id",
    bounds={"n_chars": (0, None)},
)
ACTORS_TABLE = TableSpec(
    "actors", "The codebook's actors: one row per actor id.", ACTORS, primary_key="actor_id"
)
TOPICS_TABLE = TableSpec(
    "topics",
    "The codebook's policy topics and what their poles mean: one row per topic id.",
    TOPICS,
    primary_key="topic_id",
)
CORE_TABLES = (STATEMENTS_TABLE, ARTICLES_TABLE, ACTORS_TABLE, TOPICS_TABLE)


def parse_version(version: str | None) -> tuple[int, int]:
    """(major, minor) of a schema version string such as '1', '1.0' or '1.1'."""
    parts = (version or "").split(".")
    if len(parts) > 2 or not all(p.isdigit() for p in parts):
        raise SchemaError(f"not a schema version: {version!r}")
    return int(parts[0]), int(parts[1]) if len(parts) == 2 else 0


def empty_frame(schema: pa.Schema) -> pd.DataFrame:
    """An empty pandas DataFrame with the schema's columns and types."""
    return schema.empty_table().to_pandas()


def with_added_columns(frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """The frame with any nullable column a later 1.x added and it lacks, as nulls."""
    absent = [
        column
        for column in ADDED_COLUMNS
        if column in spec.schema.names
        and spec.schema.field(column).nullable
        and column not in frame
    ]
    return frame.assign(**dict.fromkeys(absent)) if absent else frame


def to_arrow(frame: pd.DataFrame, spec: TableSpec) -> pa.Table:
    """The frame as an Arrow table of exactly `spec.schema` (columns in schema order).

    Nullable columns a later 1.x added may be absent: they are written as nulls, so a
    frame made for an earlier 1.x still writes.
    """
    frame = with_added_columns(frame, spec)
    missing = [f.name for f in spec.schema if f.name not in frame.columns]
    if missing:
        raise SchemaError(f"missing column(s) {', '.join(missing)}", where=spec.file)
    columns = []
    for f in spec.schema:
        values = frame[f.name]
        try:
            columns.append(_array(values, f.type))
        except (pa.ArrowException, ValueError, TypeError) as e:
            raise SchemaError(f"{f.name}: not {f.type} ({e})", where=spec.file) from e
    return pa.Table.from_arrays(columns, schema=spec.schema)


def to_table(frame: pd.DataFrame, schema: pa.Schema, *, name: str) -> pa.Table:
    """Check one table on its own (no references to other tables) and convert it to Arrow."""
    from stances.checks import table_problems

    spec = next((s for s in CORE_TABLES if s.schema is schema), None)
    spec = spec or TableSpec(name.removesuffix(".parquet"), name, schema)
    frame = with_added_columns(frame, spec)
    table = to_arrow(frame, spec)
    problems = table_problems(frame, spec)
    if problems:
        raise SchemaError("; ".join(problems), where=name)
    return table


def _array(values: pd.Series, type_: pa.DataType) -> pa.Array:
    if type_ == pa.date32():
        values = pd.to_datetime(values).dt.date.astype(object).where(values.notna(), None)
    if pa.types.is_dictionary(type_):
        plain = values.astype(object).where(values.notna(), None).tolist()
        return pa.array(plain, type=pa.string()).dictionary_encode().cast(type_)
    return pa.array(values.tolist(), type=type_, from_pandas=True)


def conform(table: pa.Table, spec: TableSpec) -> tuple[pa.Table, list[str]]:
    """The table cast to `spec.schema` where a column has the right kind of type (any integer
    width, any string encoding), and a problem for each column that is missing or is not."""
    problems, columns = [], []
    for f in spec.schema:
        if f.name not in table.column_names:
            problems.append(f"missing column {f.name}")
            continue
        column = table.column(f.name)
        if _kind(column.type) != _kind(f.type):
            problems.append(f"{f.name}: type {column.type}, expected {f.type}")
            continue
        try:
            columns.append(column.cast(f.type))
        except pa.ArrowException as e:
            problems.append(f"{f.name}: cannot be read as {f.type} ({e})")
    if problems:
        return table, problems
    return pa.Table.from_arrays(columns, schema=spec.schema), []


def _kind(type_: pa.DataType) -> str:
    if pa.types.is_dictionary(type_):
        return _kind(type_.value_type)
    if pa.types.is_list(type_) or pa.types.is_large_list(type_):
        return "list of " + _kind(type_.value_type)
    for kind, test in (
        ("string", lambda t: pa.types.is_string(t) or pa.types.is_large_string(t)),
        ("integer", pa.types.is_integer),
        ("float", pa.types.is_floating),
        ("date", lambda t: pa.types.is_date(t) or pa.types.is_timestamp(t)),
    ):
        if test(type_):
            return kind
    return str(type_)
