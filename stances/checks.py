"""Check a dataset's tables against schema 1.x with pandera: nulls, keys, allowed values and
ranges, references between tables and evidence offsets. Every failure is reported at once,
as one line per problem naming the column and the first bad rows.

A table first goes through the same rules as whole-column operations (`_holds`); pandera,
loaded only then, runs when one of them fails or cannot be decided, and describes what is
wrong. On a million statements this saves most of a second on every read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from stances.errors import StancesError
from stances.schema import TableSpec

if TYPE_CHECKING:
    import pandera.pandas as pandera

SHOWN_ROWS = 5
EVIDENCE_CHECK = "evidence differs from text[evidence_start:evidence_end]"
# What a rule tested over whole columns may raise on odd values: pandera then tries each value.
_UNDECIDED = (KeyError, TypeError, ValueError, pa.ArrowException)


def table_problems(
    frame: pd.DataFrame, spec: TableSpec, keys: Mapping[str, pd.Series] | None = None
) -> list[str]:
    """What is wrong in one table; `keys` holds the referenced tables' key columns by table
    name (a foreign key whose table is not given is not checked)."""
    keys = keys or {}
    if _holds(frame, spec, keys):
        return []
    return _problems(_schema(spec, keys), frame)


def _holds(frame: pd.DataFrame, spec: TableSpec, keys: Mapping[str, pd.Series]) -> bool:
    """True when every rule of `_schema` certainly holds, tested a column at a time as pandera
    tests it; False when one fails or cannot be told (pandera then says what is wrong)."""
    try:
        return all(_column_holds(frame[f.name], f, spec, keys) for f in spec.schema) and all(
            bool(test(frame).all()) for test in spec.row_checks.values()
        )
    except _UNDECIDED:
        return False


def _column_holds(
    column: pd.Series, f: pa.Field, spec: TableSpec, keys: Mapping[str, pd.Series]
) -> bool:
    present = column.notna()
    if not f.nullable and not present.all():
        return False
    if f.name == spec.primary_key and not column.is_unique:
        return False
    checks = []
    if f.name in spec.values:
        checks.append(column.isin(spec.values[f.name]))
    if f.name in spec.bounds:
        checks.append(_within(column, *spec.bounds[f.name]))
    if not all((check | ~present).all() for check in checks):  # as pandera's, nulls pass
        return False
    return all(
        _known(column, keys[fk.table])
        for fk in spec.foreign_keys
        if fk.column == f.name and fk.table in keys
    )


def _within(column: pd.Series, low: float | None, high: float | None) -> pd.Series:
    return column >= low if high is None else (column >= low) & (column <= high)


def _known(column: pd.Series, key: pd.Series) -> bool:
    """Whether every value of `column` (nulls aside) is text found among the `key` values as
    text, matched by Arrow over whole columns (a Python set of a million ids takes a second)."""
    known = _text(key.dropna().astype(str)).combine_chunks()
    found = pc.is_in(_text(column).drop_null(), value_set=known)
    return pc.all(found, min_count=0).as_py()


def _text(column: pd.Series) -> pa.ChunkedArray:
    values = pa.array(column)  # an Array, or a ChunkedArray for a column of several chunks
    values = pa.chunked_array([values]) if isinstance(values, pa.Array) else values
    if pa.types.is_dictionary(values.type):
        values = values.cast(values.type.value_type)
    text = (pa.types.is_null, pa.types.is_string, pa.types.is_large_string)
    if not any(is_kind(values.type) for is_kind in text):
        raise TypeError(f"{column.name}: not text")  # pandera compares such values one by one
    return values.cast(pa.large_string())


def evidence_problems(
    statements: pd.DataFrame, articles: pd.DataFrame, *, sample: int | None
) -> list[str]:
    """Rows whose evidence is not the article text at their offsets: all rows when `sample` is
    None, else that many drawn with a fixed seed (so a failure can be reproduced)."""
    rows = statements[["article_id", "evidence_start", "evidence_end", "evidence"]]
    if sample is not None and len(rows) > sample:
        rows = rows.sample(n=sample, random_state=0).sort_index()
        articles = articles[articles["article_id"].isin(rows["article_id"].unique())]
    texts = articles.drop_duplicates("article_id").set_index("article_id")["text"]

    def matches(frame: pd.DataFrame) -> pd.Series:
        text = frame["article_id"].astype(object).map(texts)
        columns = (text, frame["evidence_start"], frame["evidence_end"], frame["evidence"])
        ok = [_evidence_at(*row) for row in zip(*columns, strict=True)]
        return pd.Series(ok, index=frame.index)

    try:
        if matches(rows).all():
            return []
    except _UNDECIDED:
        pass
    import pandera.pandas as pandera

    check = pandera.Check(matches, error=EVIDENCE_CHECK)
    return _problems(pandera.DataFrameSchema(checks=[check]), rows)


def _evidence_at(text: object, start: object, end: object, evidence: object) -> bool:
    if not isinstance(text, str) or not isinstance(evidence, str) or pd.isna(start) or pd.isna(end):
        return True  # a missing article or value is the key and null checks' to report
    return text[int(start) : int(end)] == evidence


def _schema(spec: TableSpec, keys: Mapping[str, pd.Series]) -> pandera.DataFrameSchema:
    import pandera.pandas as pandera

    columns = {}
    for f in spec.schema:
        checks = []
        if f.name in spec.values:
            allowed = spec.values[f.name]
            checks.append(pandera.Check.isin(allowed, error=f"not one of {', '.join(allowed)}"))
        if f.name in spec.bounds:
            low, high = spec.bounds[f.name]
            checks.append(_bound(low, high))
        for fk in spec.foreign_keys:
            if fk.column == f.name and fk.table in keys:
                known = set(keys[fk.table].dropna().astype(str))
                checks.append(
                    pandera.Check(
                        lambda s, known=known: s.astype(object).isin(known),
                        error=f"no such {fk.key} in {fk.table}.parquet",
                    )
                )
        columns[f.name] = pandera.Column(
            checks=checks, nullable=f.nullable, unique=f.name == spec.primary_key
        )
    row_checks = [
        pandera.Check(test, error=f"not {what}") for what, test in spec.row_checks.items()
    ]
    return pandera.DataFrameSchema(columns, checks=row_checks)


def _bound(low: float | None, high: float | None) -> pandera.Check:
    import pandera.pandas as pandera

    if high is None:
        return pandera.Check.ge(low, error=f"below {low}")
    return pandera.Check.in_range(low, high, error=f"outside [{low}, {high}]")


def _problems(schema: pandera.DataFrameSchema, frame: pd.DataFrame) -> list[str]:
    from pandera.errors import SchemaErrors

    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as e:
        return _describe(e.failure_cases)
    return []


_CHECK_NAMES = {"not_nullable": "null", "field_uniqueness": "duplicate"}


def _describe(failures: pd.DataFrame) -> list[str]:
    """One line per failed check: the column, the first bad rows and the values found there."""
    by_column = failures["schema_context"] == "Column"
    failures = failures.assign(
        what=[
            f"{column}: {_CHECK_NAMES.get(check, check)}" if on_column else check
            for on_column, column, check in zip(
                by_column, failures["column"], failures["check"], strict=True
            )
        ],
        # values are worth showing only for a single column's check, and nulls are just null
        shown=by_column & (failures["check"] != "not_nullable"),
    )
    problems = []
    for what, group in failures.groupby("what", sort=False):
        rows = sorted({int(i) for i in group["index"].dropna()})
        line = f"{what} in rows {_rows(rows)}" if rows else str(what)
        found = list(dict.fromkeys(group.loc[group["shown"], "failure_case"].astype(str)))[:3]
        if found:
            line += f" (found {', '.join(repr(v) for v in found)})"
        problems.append(line)
    return problems


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:SHOWN_ROWS])
    more = len(rows) - SHOWN_ROWS
    return shown + (f" and {more} more" if more > 0 else "")


def raise_problems(
    frames: Mapping[str, pd.DataFrame],
    specs: Sequence[TableSpec],
    *,
    evidence_sample: int | None,
    error: type[StancesError],
    folder: Path | None = None,
    shown: Mapping[str, str] | None = None,
) -> None:
    """Check every table (and the statements' evidence); raise one `error` naming each bad
    file (inside `folder` when reading one; `shown` renames a file, such as a folder of part
    files) and what is wrong in it."""
    keys = {s.name: frames[s.name][s.primary_key] for s in specs if s.primary_key}
    name = {s.file: (shown or {}).get(s.file, s.file) for s in specs}
    found = {name[s.file]: table_problems(frames[s.name], s, keys) for s in specs}
    found[name["statements.parquet"]] += evidence_problems(
        frames["statements"], frames["articles"], sample=evidence_sample
    )
    bad = {file: problems for file, problems in found.items() if problems}
    if len(bad) == 1:
        ((file, problems),) = bad.items()
        where = {"path": folder / file} if folder else {"where": file}
        raise error("; ".join(problems), **where)
    if bad:
        message = " | ".join(f"{file}: {'; '.join(problems)}" for file, problems in bad.items())
        raise error(message, path=folder)
