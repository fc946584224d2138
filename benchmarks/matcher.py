"""How fast the one-scan `Matcher` finds the codebook's phrases, against today's regexes.

Builds both from the default codebook (the regexes as `CompiledPatterns` compiles them, one
per list; the matcher from the same lists), scans the demo corpus (`seeds/`) repeated to
about `--mb` megabytes, article by article, and prints MB/s for each and their ratio, all
measured in this one run. Both produce every hit of every list.

    python3 -m uv run python benchmarks/matcher.py [--mb 5]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from stances.codebook import CompiledPatterns, load_codebook
from stances.corpus import read_corpus
from stances.matcher import Matcher, codebook_lists

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def regexes(patterns: CompiledPatterns, labels: list[str]) -> list[re.Pattern[str]]:
    """The compiled pattern of each list the matcher has, as the coder scans with them."""
    out = []
    for label in labels:
        kind, _, name = label.partition(":")
        if kind == "side":
            out.append(patterns.sides[name])
        elif kind in ("topic", "anaphora"):
            topic = next(t for t in patterns.topics if t.topic_id == name)
            out.append(topic.pattern if kind == "topic" else topic.anaphora)
        else:
            out.append(getattr(patterns, label))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="text to scan, in MB (default 5)")
    args = parser.parse_args()

    codebook = load_codebook()
    labels = list(codebook_lists(codebook))
    started = time.perf_counter()
    patterns = regexes(CompiledPatterns.build(codebook.model, codebook.language), labels)
    regex_build = time.perf_counter() - started
    started = time.perf_counter()
    matcher = Matcher.from_codebook(codebook)
    matcher_build = time.perf_counter() - started

    articles = list(read_corpus(SEEDS).articles["text"])
    size = sum(map(len, articles))
    texts = articles * max(1, round(args.mb * 1e6 / size))
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(
        f"{len(labels)} lists; {len(articles)} articles x {len(texts) // len(articles)}"
        f" = {len(texts)} texts, {megabytes:.2f} MB (UTF-8)"
    )

    for text in articles:  # warm up: the matcher's word cache, re's internals
        matcher.scan(text)
        for pattern in patterns:
            pattern.findall(text)

    started = time.perf_counter()
    regex_hits = sum(len(list(p.finditer(text))) for text in texts for p in patterns)
    regex_time = time.perf_counter() - started
    started = time.perf_counter()
    matcher_hits = sum(len(hits) for text in texts for hits in matcher.scan(text).values())
    matcher_time = time.perf_counter() - started

    print(f"build:   regexes {regex_build * 1e3:7.1f} ms   matcher {matcher_build * 1e3:7.1f} ms")
    print(f"regexes  {megabytes / regex_time:8.2f} MB/s  ({regex_time:6.2f} s, {regex_hits} hits)")
    print(
        f"matcher  {megabytes / matcher_time:8.2f} MB/s  ({matcher_time:6.2f} s,"
        f" {matcher_hits} hits)"
    )
    print(f"ratio    {regex_time / matcher_time:8.1f}x")
    if regex_hits != matcher_hits:
        print("note: the hit counts differ (equally long phrases: see tests/test_matcher.py)")


if __name__ == "__main__":
    main()
