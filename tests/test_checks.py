"""Tests for stances.checks: the rules tested over whole columns decide as pandera does."""

from __future__ import annotations

from functools import cache

import hypothesis.strategies as st
import pandas as pd
from builders import make_articles, make_statements, stmt
from hypothesis import given, settings

from stances.checks import _holds, _problems, _schema, evidence_problems, table_problems
from stances.schema import STATEMENTS_TABLE

ROWS = 6


@cache
def statements() -> pd.DataFrame:
    rows = [
        stmt(f"a{i % 3}", "2025-02-01", ("trump", "putin")[i % 2], "talks", "support")
        for i in range(ROWS)
    ]
    return make_statements(*rows)


def _set(frame: pd.DataFrame, column: str, row: int, value: object) -> pd.DataFrame:
    changed = frame.astype({column: object})
    changed.loc[row, column] = value
    return changed


# What can be wrong in a row, as (column, value); None for a column that may not be null.
FAULTS = [
    ("statement_id", None),
    ("statement_id", "s0"),  # the first row's id again: a duplicate
    ("actor_id", None),
    ("actor_id", "nobody"),
    ("actor_id", 7),  # not text at all
    ("article_id", "nowhere"),
    ("topic_id", "weather"),
    ("via_actor_id", "ghost"),
    ("via_actor_id", "putin"),  # a known actor: no fault
    ("stance", "maybe"),
    ("stance", None),
    ("attribution", "rumour"),
    ("reference", "future"),
    ("score", 5.0),
    ("score", None),
    ("confidence", -0.5),
    ("evidence_start", 10**6),  # after evidence_end
    ("evidence_end", -1),
    ("title", None),  # nullable: no fault
]


@st.composite
def statements_with_faults(draw) -> pd.DataFrame:
    frame = statements()
    for column, value in draw(st.lists(st.sampled_from(FAULTS), max_size=3)):
        frame = _set(frame, column, draw(st.integers(1, ROWS - 1)), value)
    if draw(st.booleans()):  # as the coder gives them: plain text, not categories
        categorical = [c for c in frame if isinstance(frame[c].dtype, pd.CategoricalDtype)]
        frame = frame.astype(dict.fromkeys(categorical, "str"))
    return frame


@settings(max_examples=120, deadline=None)
@given(statements_with_faults())
def test_whole_column_rules_decide_as_pandera_and_report_its_problems(frame):
    keys = {
        "articles": make_articles(statements())["article_id"],
        "actors": pd.Series(["trump", "putin"]),
        "topics": pd.Series(["talks"]),
    }
    by_pandera = _problems(_schema(STATEMENTS_TABLE, keys), frame)
    assert _holds(frame, STATEMENTS_TABLE, keys) == (by_pandera == [])
    assert table_problems(frame, STATEMENTS_TABLE, keys) == by_pandera


def test_evidence_is_compared_before_pandera_describes_it():
    frame = statements()
    articles = make_articles(frame)
    assert evidence_problems(frame, articles, sample=None) == []
    forged = _set(frame, "evidence", 4, "Forged.")
    problems = evidence_problems(forged, articles, sample=None)
    assert problems == ["evidence differs from text[evidence_start:evidence_end] in rows 4"]
