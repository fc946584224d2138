"""Coding throughput of the rule coder against an earlier revision, measured in one run.

    python3 -m uv run python benchmarks/coder.py [--baseline REV] [--repeat N]

Both revisions code the same folder (the demo corpus with its dates, repeated), each in a
fresh process on one core, best of three; the figures and their ratio are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from stances.corpus import read_corpus

ROOT = Path(__file__).resolve().parents[1]
# The coder before coder v2 (rules/1).
DEFAULT_BASELINE = "61cce486bf4d29886e5e8a2a907c5efdce6327bf"

TIMING = """
import json, sys, time
from stances.codebook import load_codebook
from stances.coder import code_articles
from stances.corpus import read_corpus
articles = read_corpus(sys.argv[1]).articles
codebook = load_codebook()
code_articles(articles.head(20), codebook)  # warm up: compiled patterns, caches
best = min(
    (lambda t: (code_articles(articles, codebook), time.perf_counter() - t)[1])(time.perf_counter())
    for _ in range(3)
)
mb = articles["text"].str.len().sum() / 1e6
print(json.dumps({"articles": len(articles), "seconds": best, "mb": float(mb)}))
"""


def measure(source: Path, corpus: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(source), "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, "-c", TIMING, str(corpus)],
        env=env,
        cwd=corpus.parent,  # not the project root: `-c` puts the working folder on sys.path
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="git revision to compare")
    parser.add_argument("--repeat", type=int, default=10, help="copies of the demo corpus")
    args = parser.parse_args()
    articles = read_corpus(ROOT / "seeds").articles
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        rows = []
        for k in range(args.repeat):
            for article in articles.itertuples():
                # a closing line per copy, so that no two copies are one article
                name = f"{k}/{article.doc_id}"
                (corpus / name).parent.mkdir(parents=True, exist_ok=True)
                (corpus / name).write_text(f"{article.text}\n\nCopy {k}.", encoding="utf-8")
                rows.append({"file": name, "published": article.published})
        manifest = pd.DataFrame(rows).assign(title="", source="", url="")
        manifest[["file", "title", "published", "source", "url"]].to_csv(
            corpus / "manifest.csv", index=False, date_format="%Y-%m-%d"
        )
        baseline_tree = Path(tmp) / "baseline"
        subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "worktree",
                "add",
                "--detach",
                "-q",
                str(baseline_tree),
                args.baseline,
            ],
            check=True,
        )
        try:
            figures = {
                f"baseline {args.baseline[:10]}": measure(baseline_tree, corpus),
                "this tree": measure(ROOT, corpus),
            }
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(baseline_tree)],
                check=True,
            )
    for name, f in figures.items():
        rate = f["articles"] / f["seconds"]
        print(
            f"{name:22} {rate:7.0f} articles/s  {f['mb'] / f['seconds']:5.2f} MB/s"
            f"  ({f['articles']} articles, {f['seconds']:.2f} s)"
        )
    base, new = figures.values()
    print(f"ratio {base['seconds'] / new['seconds']:.2f}x")


if __name__ == "__main__":
    main()
