"""The shared filters of the analysis functions, the reports and the command line: their
values checked (an unknown actor or topic id suggests the nearest ones) and turned into a
row mask over a statements table."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

import pandas as pd

from stances.errors import StancesError, UnknownIdError
from stances.schema import ATTRIBUTIONS, REFERENCES

if TYPE_CHECKING:
    from stances.codebook import Codebook

Ids = str | Sequence[str] | None
DateLike = str | date | pd.Timestamp | None


def statement_mask(
    frame: pd.DataFrame,
    *,
    actor: Ids = None,
    topic: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    min_confidence: float | None = None,
    attribution: Ids = None,
    codebook: Codebook | None = None,
) -> pd.Series:
    keep = pd.Series(True, index=frame.index)
    for kind, ids in (("actor", actor), ("topic", topic)):
        if ids is not None:
            known = check_ids(kind, ids, frame, codebook=codebook)
            keep &= frame[f"{kind}_id"].astype("str").isin(known)
    if min_confidence is not None:
        keep &= confident(frame, min_confidence)
    if attribution is not None:
        keep &= frame["attribution"].astype("str").isin(valid_attributions(attribution))
    if since is not None or until is not None:
        published = pd.to_datetime(frame["published"])
        if since is not None:
            keep &= published >= _day(since, "since")
        if until is not None:
            keep &= published <= _day(until, "until")
    return keep


def _as_list(ids: str | Sequence[str]) -> list[str]:
    return [ids] if isinstance(ids, str) else list(ids)


def confident(frame: pd.DataFrame, min_confidence: float) -> pd.Series:
    if not 0 <= min_confidence <= 1:
        raise StancesError(f"must lie in [0, 1], got {min_confidence!r}", where="min_confidence")
    # Rounded: confidences are float32 on disk, where 0.7 reads back as 0.69999999.
    return frame["confidence"].astype("float64").round(6) >= min_confidence


@cache
def _default_codebook() -> Codebook:
    from stances.codebook import load_codebook

    return load_codebook()


def did_you_mean(
    value: str, codebook: Codebook, *, kinds: Sequence[str], present: Iterable[str] = ()
) -> str:
    """'; did you mean …?' from the ids, names, aliases and labels of the given kinds
    ("actor", "topic") and the `present` ids; else where to list the ids."""
    forms = {i.casefold(): i for i in sorted(present)}
    for kind in kinds:
        entries = codebook.actors if kind == "actor" else codebook.topics
        forms.update({i.casefold(): i for i in entries})
        for entry in entries.values():
            names = (entry.name, *entry.aliases) if kind == "actor" else (entry.label,)
            for name in names:
                forms.setdefault(name.casefold(), entry.id)
    key = value.casefold().strip()
    if key in forms:
        hits = [forms[key]]
    else:
        hits = [i for i in sorted(set(forms.values())) if len(key) >= 3 and key in i]
        hits += [forms[m] for m in difflib.get_close_matches(key, forms, n=3, cutoff=0.6)]
    hits = list(dict.fromkeys(hits))[:3]
    if hits:
        return f"; did you mean {' or '.join(map(repr, hits))}?"
    command = "stances codebook show" + (f" --{kinds[0]}s" if len(kinds) == 1 else "")
    return f"; `{command}` lists the ids"


def _one_of(values: str | Sequence[str], allowed: Sequence[str], name: str) -> list[str]:
    values = _as_list(values)
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise StancesError(
            f"{', '.join(map(repr, unknown))} is not one of {', '.join(allowed)}", where=name
        )
    return values


def valid_references(reference: str | Sequence[str]) -> list[str]:
    return _one_of(reference, REFERENCES, "reference")


def valid_attributions(attribution: str | Sequence[str]) -> list[str]:
    return _one_of(attribution, ATTRIBUTIONS, "attribution")


def _day(value: DateLike, name: str) -> pd.Timestamp:
    try:
        day = pd.Timestamp(value)
    except (TypeError, ValueError) as e:
        raise StancesError(f"expected a date like 'YYYY-MM-DD', got {value!r}", where=name) from e
    if pd.isna(day):
        raise StancesError(f"expected a date like 'YYYY-MM-DD', got {value!r}", where=name)
    return (day.tz_localize(None) if day.tzinfo else day).normalize()


def check_ids(
    kind: str, ids: str | Sequence[str], statements: pd.DataFrame, *, codebook: Codebook | None
) -> list[str]:
    """`ids` as a list, once each is an `actor` or `topic` id of the data or the codebook.

    Else an `UnknownIdError` with a did-you-mean hint from ids, names, aliases and labels
    (`Hegseth` suggests `hegseth`). A table without rows is not checked against.
    """
    wanted = _as_list(ids)
    present = set(statements[f"{kind}_id"].astype("str").unique())
    missing = [value for value in wanted if value not in present]
    if not missing or statements.empty:  # no rows: every filter gives the same empty answer
        return wanted
    book = codebook if codebook is not None else _default_codebook()
    entries = book.actors if kind == "actor" else book.topics
    for value in missing:
        if value not in entries:
            hint = did_you_mean(value, book, kinds=[kind], present=present)
            raise UnknownIdError(f"unknown {kind} {value!r}{hint}")
    return wanted
