"""`stances corpus check`: what a corpus holds, and what would not be coded, before coding."""

from __future__ import annotations

import os
import warnings
from collections.abc import Collection
from typing import Any

import pandas as pd

from stances.corpus import MAX_ARTICLE_MB, SKIP_REASONS, read_corpus
from stances.errors import CorpusWarning

# Articles shorter than this rarely hold a statement with its context (a headline, a
# teaser); longer ones are often several articles or a whole page of comments.
SHORT_CHARS = 200
LONG_CHARS = 100_000
_SHOWN = 10


def check_corpus(
    path: str | os.PathLike[str],
    *,
    manifest: str | os.PathLike[str] | None = None,
    languages: Collection[str] = ("en",),
    follow_symlinks: bool = False,
    max_article_mb: float = MAX_ARTICLE_MB,
) -> dict[str, Any]:
    """A summary of the corpus as plain data (JSON-ready): articles by input kind and by
    language, those in a language not in `languages`, undated articles, duplicates, inputs
    skipped by reason (pages with no extractable text, ...), very short and very long
    articles, and the date range. Raises CorpusError only when the corpus cannot be read."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)  # everything is in the summary
        read = read_corpus(
            path,
            manifest=manifest,
            follow_symlinks=follow_symlinks,
            max_article_mb=max_article_mb,
        )
    articles = read.articles
    language = articles["language"].fillna("undetermined")
    other = articles[articles["language"].notna() & ~articles["language"].isin(languages)]
    dated = articles["published"].dropna()
    skipped = read.skipped
    return {
        "corpus": str(path),
        "articles": len(articles),
        "by_kind": _counts(read.kinds),
        "by_language": _counts(language),
        "languages_covered": sorted(languages),
        "not_covered": _rows(other, ["doc_id", "language"]),
        "undated": articles.loc[articles["published"].isna(), "doc_id"].tolist(),
        "duplicates": _rows(read.duplicates, ["doc_id", "duplicate_of"]),
        "no_text": skipped.loc[skipped["reason"] == "no_article", "doc_id"].tolist(),
        "skipped": _counts(skipped["reason"]),
        "very_short": _rows(articles[articles["n_chars"] < SHORT_CHARS], ["doc_id", "n_chars"]),
        "very_long": _rows(articles[articles["n_chars"] > LONG_CHARS], ["doc_id", "n_chars"]),
        "date_range": (
            {"first": dated.min().date().isoformat(), "last": dated.max().date().isoformat()}
            if len(dated)
            else None
        ),
    }


def format_check(summary: dict[str, Any]) -> str:
    """The summary as lines of text for the terminal."""
    lines = [f"{summary['corpus']}: {summary['articles']} articles"]
    lines.append("by input kind: " + _pairs(summary["by_kind"]))
    lines.append("by language: " + _pairs(summary["by_language"]))
    covered = ", ".join(summary["languages_covered"])
    lines += _listed(
        f"not coded, language not covered ({covered})",
        [f"{r['doc_id']} ({r['language']})" for r in summary["not_covered"]],
    )
    lines += _listed("undated", summary["undated"])
    lines += _listed(
        "duplicates", [f"{r['doc_id']} repeats {r['duplicate_of']}" for r in summary["duplicates"]]
    )
    lines += _listed("no extractable text", summary["no_text"])
    for reason, count in summary["skipped"].items():
        if reason != "no_article":
            lines.append(f"skipped: {count} {SKIP_REASONS[reason]}")
    lines += _listed(
        f"very short (< {SHORT_CHARS} characters)",
        [f"{r['doc_id']} ({r['n_chars']})" for r in summary["very_short"]],
    )
    lines += _listed(
        f"very long (> {LONG_CHARS} characters)",
        [f"{r['doc_id']} ({r['n_chars']})" for r in summary["very_long"]],
    )
    span = summary["date_range"]
    lines.append(f"dates: {span['first']} to {span['last']}" if span else "dates: none")
    return "\n".join(lines)


def _counts(values: pd.Series) -> dict[str, int]:
    counts = values.astype(str).value_counts()
    return {str(k): int(v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))}


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    return [
        {c: (int(v) if c == "n_chars" else str(v)) for c, v in zip(columns, row, strict=True)}
        for row in frame[columns].itertuples(index=False)
    ]


def _pairs(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {count}" for key, count in counts.items()) or "none"


def _listed(label: str, items: list[str]) -> list[str]:
    if not items:
        return [f"{label}: none"]
    more = f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else ""
    return [f"{label}: {len(items)}: " + ", ".join(items[:_SHOWN]) + more]
