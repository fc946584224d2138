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
            "evidence_start": 10 * i,
            "evidence_end": 10 * i + 5,
            "quote": None,
            "cues": [],
            "coder": "rules/1",
            "codebook": "test",
            "reference": "current",
            **row,
        }
        for i, row in enumerate(rows)
    ]
    statements = pd.DataFrame(filled, columns=STATEMENTS.names)
    statements["published"] = pd.to_datetime(statements["published"])
    articles = statements.drop_duplicates("article_id")[
        ["article_id", "doc_id", "title", "published", "source", "url"]
    ].assign(n_chars=100, text="x" * 100)
    with tempfile.TemporaryDirectory() as out:
        write_dataset(statements, articles, out, codebook="test")
        return read_dataset(out).statements
