"""How coding time grows with an article's length, a topic's cues and a cue's gaps.

    python3 -m uv run python benchmarks/scale.py [--sizes 1e4,1e5,1e6,1e7] [--cues 1e3,1e4,1e5]

Long articles are the demo briefs one after another (shuffled in each round) cut to size;
below 1 MB, as many different articles of the size as make 1 MB are coded one by one. Times
are CPU seconds of this process, so other load on the machine matters little. Cues are word
pairs and triples drawn from the briefs' own words, some with a stem (`*`) or a gap (`...`),
in one extra topic of the default codebook.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from stances.codebook import DEFAULT_CODEBOOK, load_codebook
from stances.coder import code_article
from stances.corpus import read_corpus
from stances.matcher import Matcher

# The same synthetic inputs the limit tests pin (tests/synthetic.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from synthetic import long_article, synthetic_cues

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def cpu(function, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        function()
        best = min(best, time.process_time() - started)
    return best


def codebook_with(cues: list[str], folder: Path, *, limits: str = ""):
    """The default codebook plus a topic holding `cues`."""
    quoted = ", ".join(f'"{c}"' for c in cues)
    topic = (
        '\n[[topics]]\nid = "bulk"\nlabel = "Bulk"\ndescription = "Many cues."\n'
        f'support_means = "favours bulk"\nsupport_cues = [{quoted}]\n'
    )
    source = DEFAULT_CODEBOOK.read_text(encoding="utf-8")
    if limits:  # an inline table in [codebook], which comes first
        source = source.replace("\nversion = ", f"\nlimits = {limits}\nversion = ", 1)
    path = folder / f"bulk{len(cues)}.toml"
    path.write_text(source + topic, encoding="utf-8")
    return load_codebook(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e4,1e5,1e6,1e7")
    parser.add_argument("--cues", default="1e3,1e4,1e5")
    parser.add_argument("--gaps", default="1,3,6,12")
    args = parser.parse_args(argv)
    articles = read_corpus(SEEDS).articles.to_dict("records")
    texts = [a["text"] for a in articles]
    book = load_codebook()
    code_article({**articles[0]}, book)  # warm up: compiled patterns, caches

    print("article size   articles   rows     CPU s    s/MB")
    for size in (int(float(s)) for s in args.sizes.split(",")):
        batch = [
            {"article_id": str(k), "doc_id": str(k), "text": long_article(texts, size, seed=k)}
            for k in range(max(1, 1_000_000 // size))
        ]
        rows = sum(len(code_article(a, book)) for a in batch)
        seconds = cpu(lambda b=batch: [code_article(a, book) for a in b])
        mb = sum(len(a["text"]) for a in batch) / 1e6
        print(f"{size:>12,} {len(batch):>10} {rows:>6} {seconds:>9.3f} {seconds / mb:>7.2f}")

    print("\ncues in a topic   matcher build s   scan ms/brief   load+code ms/brief")
    with tempfile.TemporaryDirectory() as folder:
        for n in (int(float(c)) for c in args.cues.split(",")):
            cues = synthetic_cues(texts, n)
            items = {"topic:bulk": [(c, 1) for c in cues]}
            build = cpu(lambda i=items: Matcher.build(i))
            matcher = Matcher.build(items)
            scan = cpu(lambda m=matcher: [m.scan(t) for t in texts])
            started = time.process_time()
            bulk = codebook_with(cues, Path(folder))
            for article in articles:
                code_article(article, bulk)
            coded = time.process_time() - started
            print(
                f"{n:>15,} {build:>17.2f} {scan / len(texts) * 1e3:>15.2f}"
                f" {coded / len(articles) * 1e3:>20.1f}"
            )

        print("\ngaps in a cue   code briefs s   'the ... zzz' over 'the '*20000 s")
        for gaps in (int(g) for g in args.gaps.split(",")):
            cue = " ... ".join(["the"] * gaps + ["zzz"])
            limits = f"{{ gaps_per_cue = {gaps} }}"
            gapped = codebook_with([cue], Path(folder), limits=limits)
            briefs = cpu(lambda b=gapped: [code_article(a, b) for a in articles])
            matcher = Matcher.build({"x": [(cue, 1)]})
            hostile = cpu(lambda m=matcher: m.scan("the " * 20_000))
            print(f"{gaps:>13} {briefs:>15.2f} {hostile:>34.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
