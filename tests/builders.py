"""Hand-built statements tables with exactly the dtypes `read_dataset` gives."""

from __future__ import annotations

import tempfile

import pandas as pd

from stances.dataset import read_dataset, write_dataset
from stances.schema import STATEMENTS

SCORES = {"support": 0.6, "oppose": -0.6, "neutral": 0.0, "mixed": 0.1}


def stmt(
    article: str, published: str | None, actor: str, topic: str, stance: str, **fields
) -> dict:
    """One statement row; what is not given gets a plain default."""
    return {
        "article_id": article,
        "doc_id": f"{article}.txt",
        "published": published,
        "actor_id": actor,
        "topic_id": topic,
        "stance": stance,
        "score": SCORES[stance],
        **fields,
    }


def make_statements(*rows: dict) -> pd.DataFrame:
    """Statements with exactly read_dataset's dtypes: written with write_dataset, read back."""
    filled = [
        {
            "statement_id": f"s{i}",
            "source": "Wire",
            "url": f"https://example.org/{row['article_id']}",
            "title": f"Title {row['article_id']}",
            "actor_name": row["actor_id"].title(),
            "confidence": 1.0,
            "attribution": "direct_quote",
            "via_actor_id": None,
            "evidence": f"Evidence {i}.",
            "quote": None,
            "cues": [],
            "coder": "rules/1",
            "codebook": "test",
            "reference": "current",
            **row,
        }
        for i, row in enumerate(rows)
    ]
    ends: dict[str, int] = {}  # each article's evidence follows the one before it
    for row in filled:
        start = ends.get(row["article_id"], 0)
        row.setdefault("evidence_start", start)
        row.setdefault("evidence_end", row["evidence_start"] + len(row["evidence"]))
        ends[row["article_id"]] = max(start, row["evidence_end"] + 1)
    statements = pd.DataFrame(filled, columns=STATEMENTS.names)
    statements["published"] = pd.to_datetime(statements["published"])
    with tempfile.TemporaryDirectory() as out:
        write_dataset(statements, make_articles(statements), out, codebook="test")
        return read_dataset(out).statements


def make_articles(statements: pd.DataFrame) -> pd.DataFrame:
    """The articles of these statements, each text holding every evidence at its offsets."""
    rows = []
    for article_id, group in statements.groupby("article_id", sort=False):
        text = [" "] * int(group["evidence_end"].max())
        for start, evidence in zip(group["evidence_start"], group["evidence"], strict=True):
            text[start : start + len(evidence)] = evidence
        first = group.iloc[0]
        meta = {c: first[c] for c in ("doc_id", "title", "published", "source", "url")}
        rows.append({"article_id": article_id, **meta, "n_chars": len(text), "text": "".join(text)})
    return pd.DataFrame(rows)
