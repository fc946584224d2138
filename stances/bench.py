"""Benchmark: `stances code` against the usual alternative, extraction, and analysis at scale.

    python -m stances.bench [--mb 20] [--seed 0] [--rows 1000000] [--pages 300]
        [--profile N] [--rss 100,1000] [--limits] [--previous REV] [--demo REV]

Needs the `bench` extra (spaCy): `pip install 'stances[bench]'`, or in a
checkout `python3 -m uv run --extra bench python -m stances.bench`.

A deterministic synthetic news corpus of `--mb` MB (see `stances.synthetic`) is written as
a folder of .txt files with a manifest. Each run below is a fresh process, timed from start
to end, with its peak RSS (the largest process of the run); the bytecode of the modules it
imports is compiled once beforehand, as an installed package's is:

* `stances code`, files to Parquet, with one process and with `--jobs 2` (and on one
  article: the fixed cost of a run, start-up and writing);
* the baseline an analyst would otherwise build: spaCy `blank("en")` + `sentencizer` +
  `PhraseMatcher(attr="LOWER")` over the codebook's aliases, role titles and cues, its
  matches written to Parquet;
* the floor: read + lowercase + one Aho-Corasick scan over the same phrases;
* with `--previous REV`, `stances code` of an earlier git revision (from a checkout);
* with `--demo REV`, first: coding alone on the demo briefs (a checkout's `seeds/`, ten
  times over), now and at REV in turns, in articles per second of CPU time.

Then: extraction of `--pages` HTML pages (a folder and a web archive); analysis of a dataset
of `--rows` statements (copies of the coded corpus with their own ids and dates): load,
trajectories, and shifts on their own and along those trajectories; with `--rss`, peak RSS
of `stances code` on two corpus sizes (MB) and their ratio; with `--profile N`, the coder's
hot spots on N articles; with `--limits`, coding time per MB from 10 KB to 10 MB articles
and the matcher's cost at 1k-100k cues.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from stances import synthetic

PREVIOUS_TURNS = 3  # runs of each revision with --previous
ANALYSIS_RUNS = 3  # fresh processes of the analysis at scale: a first touch of memory varies
TARGETS = {"MB/s": 5.0, "spaCy": 3.0, "jobs": 1.6, "analysis": 3.0, "rss": 1.5, "demo": 3.0}
DEMO_COPIES, DEMO_PASSES = 10, 4  # the demo briefs coded ten times over, best of four passes
# Coding alone, in CPU time, through the functions every revision since the first coder has:
# run as a script so that an earlier revision's package answers under its own PYTHONPATH. The
# briefs are read once, by this revision (an earlier one's reader may need other packages).
DEMO_TIMING = """
import sys, time
import pandas as pd
from stances.codebook import load_codebook
from stances.coder import code_articles
briefs, copies, passes = pd.read_pickle(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
book = load_codebook()
code_articles(briefs, book)
articles = pd.concat([briefs] * copies, ignore_index=True)
best = float("inf")
for _ in range(passes):
    started = time.process_time()
    code_articles(articles, book)
    best = min(best, time.process_time() - started)
print(len(articles) / best)
"""
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1740000000", "PYTHONHASHSEED": "0"}


def cache_bytecode(folder: Path) -> None:
    """Let every run read its modules' bytecode, compiled once, from `folder`, as the modules
    of an installed package are read. Where Python may not write bytecode
    (PYTHONDONTWRITEBYTECODE) and none was compiled at install, each run would compile every
    module it imports anew (pandas: a second), which is no cost of the run itself."""
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    ENV["PYTHONPYCACHEPREFIX"] = str(folder)


def phrases() -> list[str]:
    """The codebook's aliases, role titles and cue phrases, as plain lowercase phrases."""
    from stances.codebook import load_codebook

    model = load_codebook().model
    found = [alias for actor in model.actors for alias in actor.aliases]
    found += [role.title for actor in model.actors for role in actor.roles]
    for topic in model.topics:
        for phrase in (*topic.cues, *topic.support_cues, *topic.oppose_cues):
            found += [part.strip() for part in phrase.replace("*", "").split("...")]
    return sorted({p.lower() for p in found if p.strip()})


def _texts(folder: Path):
    for path in sorted(folder.glob("*.txt")):
        yield path.name, path.read_text(encoding="utf-8")


def run_spacy(folder: str, out: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("PHRASE", list(nlp.tokenizer.pipe(phrases())))
    rows: dict[str, list] = {"doc": [], "sentence_start": [], "start": [], "end": [], "phrase": []}
    names, texts = zip(*_texts(Path(folder)), strict=True)
    for name, doc in zip(names, nlp.pipe(texts), strict=True):
        for _, start, end in matcher(doc):
            span = doc[start:end]
            rows["doc"].append(name)
            rows["sentence_start"].append(span.sent.start_char)
            rows["start"].append(span.start_char)
            rows["end"].append(span.end_char)
            rows["phrase"].append(span.text.lower())
    pq.write_table(pa.table(rows), Path(out) / "matches.parquet")


def run_floor(folder: str, out: str) -> None:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for phrase in phrases():
        automaton.add_word(phrase, phrase)
    automaton.make_automaton()
    hits = sum(1 for _, text in _texts(Path(folder)) for _ in automaton.iter(text.lower()))
    (Path(out) / "hits.txt").write_text(str(hits))


def run_extraction(warm: str, folder: str, archive: str) -> None:
    from stances.corpus import read_corpus

    read_corpus(warm)  # trafilatura's and py3langid's data, loaded once
    figures = {}
    for label, path in (("html", folder), ("warc", archive)):
        started = time.perf_counter()
        read = read_corpus(path)
        figures[label] = (len(read.articles), time.perf_counter() - started)
    print(json.dumps(figures))


def run_tiling(source: str, out: str, rows: str, seed: str) -> None:
    from stances.codebook import load_codebook
    from stances.dataset import read_dataset, write_dataset

    coded = read_dataset(source)
    statements, articles = synthetic.tiled_dataset(
        coded.statements, coded.articles, int(rows), seed=int(seed)
    )
    write_dataset(statements, articles, out, codebook=load_codebook())


def run_analysis(data: str) -> None:
    import stances

    timings = {}

    def timed(name: str, function: Callable[[], object]) -> object:
        started, cpu = time.perf_counter(), time.process_time()
        found = function()
        timings[name] = (time.perf_counter() - started, time.process_time() - cpu)
        return found

    dataset = timed("read_dataset", lambda: stances.read_dataset(data))
    counts = {"statements": len(dataset.statements), "articles": len(dataset.articles)}
    path = timed("trajectories", lambda: stances.trajectories(dataset.statements))
    counts["trajectories"] = len(path)
    counts["shifts"] = len(timed("shifts", lambda: stances.shifts(dataset.statements)))
    counts["shifts_along"] = len(timed("shifts_along", lambda: stances.shifts_along(path)))
    print(json.dumps({"seconds": timings, "rows": counts}))


CHILDREN: dict[str, Callable[..., None]] = {
    "spacy": run_spacy,
    "floor": run_floor,
    "extraction": run_extraction,
    "tiling": run_tiling,
    "analysis": run_analysis,
}


def measure(command: list[str], env: dict[str, str] = ENV) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB of the largest process, stdout) of a command run to its end."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, env=env, stdout=output, cwd=tempfile.gettempdir())
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        output.seek(0)
        printed = output.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_maxrss / 1024, printed


def child(kind: str, *args: object) -> list[str]:
    return [sys.executable, "-m", "stances.bench", "--child", kind, *map(str, args)]


def stances_code(corpus: Path, out: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "stances", "code", str(corpus), "-o", str(out), *options]


def previous_source(revision: str, folder: Path) -> Path:
    """The package as it was at a git revision of the checkout this module lives in."""
    root = Path(__file__).resolve().parents[1]
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", revision, "stances"], capture_output=True, check=True
    ).stdout
    folder.mkdir()
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def coding_runs(work: Path, corpus: Path, n: int, mb: float, previous: str | None) -> float:
    """Time `stances code` and the alternatives; print them and their ratios."""
    tiny = work / "one-article"
    synthetic.write_corpus(tiny, 1e-6)
    runs = {
        "stances code, 1 article (fixed cost)": (stances_code(tiny, work / "tiny-out", "-q"), ENV),
        "stances code, 1 process": (stances_code(corpus, work / "one", "-q"), ENV),
        "stances code --jobs 2": (stances_code(corpus, work / "two", "-q", "--jobs", "2"), ENV),
        "spaCy blank+sentencizer+PhraseMatcher": (child("spacy", corpus, work), ENV),
        "floor: read+lower+Aho-Corasick": (child("floor", corpus, work), ENV),
    }
    # Each kind of run once on one article, untimed: the modules it imports are compiled.
    warm = work / "warm-up"
    warm.mkdir()
    warm_ups = [
        (stances_code(tiny, warm / "stances", "-q"), ENV),
        (child("spacy", tiny, warm), ENV),
        (child("floor", tiny, warm), ENV),
    ]
    if previous:
        source = previous_source(previous, work / "previous")
        env = {**ENV, "PYTHONPATH": str(source)}
        command = stances_code(corpus, work / "previous-out")  # earlier versions had no -q
        runs[f"stances code at {previous[:10]}"] = (command, env)
        warm_ups.append((stances_code(tiny, warm / "previous"), env))
    for command, env in warm_ups:
        measure(command, env)
    seconds, peaks = {}, {}
    # The revisions compared take turns, the median of each kept: a machine whose speed
    # drifts in a run would otherwise favour the one timed first.
    turns = PREVIOUS_TURNS if previous else 1
    compared = {"stances code, 1 process"} | ({list(runs)[-1]} if previous else set())
    timed = {name: [] for name in runs}
    for turn in range(turns):
        for name, (command, env) in runs.items():
            if turn == 0 or name in compared:
                _fresh_output(command)
                wall, peaks[name], _ = measure(command, env)
                timed[name].append(wall)
    print(f"{'run':<40} {'s':>7} {'MB/s':>7} {'art/s':>8} {'RSS MB':>7}")
    for name in runs:
        seconds[name] = statistics.median(timed[name])
        size, count = (mb, n) if "fixed cost" not in name else (0, 1)
        rate = f"{size / seconds[name]:>7.2f} {count / seconds[name]:>8.1f}"
        print(f"{name:<40} {seconds[name]:>7.1f} {rate} {peaks[name]:>7.0f}")
    one = seconds["stances code, 1 process"]
    ratios = [
        ("1 process / spaCy baseline", seconds["spaCy blank+sentencizer+PhraseMatcher"] / one,
         f">= {TARGETS['spaCy']}x"),
        ("2 processes / 1 process", one / seconds["stances code --jobs 2"],
         f">= {TARGETS['jobs']}x"),
        ("1 process / floor", seconds["floor: read+lower+Aho-Corasick"] / one, ""),
    ]  # fmt: skip
    if previous:
        ratios.append((f"1 process / {previous[:10]}", seconds[list(runs)[-1]] / one, ""))
    print("\nspeed ratios")
    for what, ratio, target in ratios:
        print(f"{what:<32} {ratio:>6.2f}x   {'target ' + target if target else ''}")
    print(f"1 process: {mb / one:.2f} MB/s, target >= {TARGETS['MB/s']} MB/s end to end")
    steady = one - seconds["stances code, 1 article (fixed cost)"]
    print(f"1 process after the fixed cost of a run: {mb / steady:.2f} MB/s")
    return peaks["stances code, 1 process"]


def demo_speed(work: Path, revision: str) -> None:
    """Coding throughput (articles/s of CPU time) on the demo briefs, now and at an earlier
    revision, the two in turns in fresh processes; the medians and their ratio."""
    from stances.corpus import read_corpus

    briefs = work / "demo-briefs.pickle"
    read_corpus(Path(__file__).resolve().parents[1] / "seeds").articles.to_pickle(briefs)
    source = previous_source(revision, work / "demo-previous")
    command = [sys.executable, "-c", DEMO_TIMING, str(briefs), str(DEMO_COPIES), str(DEMO_PASSES)]
    envs = {"now": ENV, revision[:10]: {**ENV, "PYTHONPATH": str(source)}}
    rates: dict[str, list[float]] = {name: [] for name in envs}
    for _ in range(PREVIOUS_TURNS):
        for name, env in envs.items():
            rates[name].append(float(measure(command, env)[2]))
    now, before = (statistics.median(rates[name]) for name in envs)
    print(
        f"coding the demo briefs ({DEMO_COPIES} copies, best of {DEMO_PASSES} passes, CPU "
        f"time, medians of {PREVIOUS_TURNS} turns): {now:.0f} articles/s, {before:.0f} at "
        f"{revision[:10]}: {now / before:.2f}x, target >= {TARGETS['demo']}x"
    )
    for name, values in rates.items():
        print(f"  {name:<12} " + "  ".join(f"{v:.0f}" for v in values))


def _fresh_output(command: list[str]) -> None:
    """No output of an earlier turn left: it would make `stances code` incremental."""
    if "-o" in command:
        shutil.rmtree(command[command.index("-o") + 1], ignore_errors=True)


def extraction(work: Path, pages: int, seed: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    folder, warm, archive = work / "pages", work / "warm-pages", work / "pages.warc.gz"
    documents = [synthetic.html_page(*synthetic.news_article(rng), n) for n in range(pages + 4)]
    for target, chosen in ((folder, documents[:pages]), (warm, documents[pages:])):
        target.mkdir()
        for n, page in enumerate(chosen):
            (target / f"{n:05d}.html").write_text(page, encoding="utf-8")
    with archive.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        headers = [("Content-Type", "text/html; charset=utf-8")]
        for n, page in enumerate(documents[:pages]):
            payload = page.encode("utf-8")
            record = writer.create_warc_record(
                f"https://news.example/{n}",
                "response",
                payload=io.BytesIO(payload),
                length=len(payload),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
            )
            writer.write_record(record)
    megabytes = sum(len(page.encode()) for page in documents[:pages]) / 1e6
    _, _, printed = measure(child("extraction", warm, folder, archive))
    for label, (articles, seconds) in json.loads(printed).items():
        print(
            f"extraction, {label}: {articles} articles from {pages} pages ({megabytes:.1f} MB) "
            f"in {seconds:.2f} s: {pages / seconds:.0f} pages/s, {megabytes / seconds:.2f} MB/s"
        )


def analysis(work: Path, rows: int, seed: int) -> None:
    data = work / "statements-at-scale"
    made, _, _ = measure(child("tiling", work / "one", data, rows, seed))
    runs, peaks = [], []
    for _ in range(ANALYSIS_RUNS):
        _, rss, printed = measure(child("analysis", data))
        runs.append(json.loads(printed))
        peaks.append(rss)
    counts = runs[0]["rows"]
    # Each step's median wall and CPU time over the fresh runs.
    seconds = {
        name: [statistics.median(run["seconds"][name][k] for run in runs) for k in (0, 1)]
        for name in runs[0]["seconds"]
    }
    print(
        f"analysis: {counts['statements']:,} statements in {counts['articles']:,} articles "
        f"(copies of the coded corpus, made in {made:.0f} s), medians of {ANALYSIS_RUNS} fresh "
        f"processes, peak RSS {max(peaks):.0f} MB"
    )
    for name, (wall, cpu) in seconds.items():
        rows = f" -> {counts[name]:,} rows" if name in counts else ""
        print(f"  {name:<27} {wall:>6.2f} s ({cpu:.2f} s CPU){rows}")
    target = f"target < {TARGETS['analysis']:.0f} s"
    # Shifts on their own, or along the trajectories just computed (the same rows).
    for label, steps in (
        ("together", ("read_dataset", "trajectories", "shifts")),
        ("together, with shifts_along", ("read_dataset", "trajectories", "shifts_along")),
    ):
        wall, cpu = (sum(times) for times in zip(*(seconds[n] for n in steps), strict=True))
        print(f"  {label:<27} {wall:>6.2f} s ({cpu:.2f} s CPU), {target}")


def peak_rss(work: Path, sizes: list[float], seed: int) -> None:
    peaks = []
    for k, size in enumerate(sizes):
        corpus = work / f"rss-{k}"
        n, mb = synthetic.write_corpus(corpus, size, seed=seed + 1 + k)
        seconds, rss, _ = measure(stances_code(corpus, work / f"rss-{k}-out", "-q"))
        peaks.append(rss)
        rate = f"{n} articles, {mb / seconds:.2f} MB/s"
        print(f"peak RSS, stances code, 1 process: {rss:.0f} MB for {mb:.0f} MB ({rate})")
    print(f"peak RSS ratio {sizes[-1]:g} MB / {sizes[0]:g} MB: {peaks[-1] / peaks[0]:.2f} "
          f"(target <= {TARGETS['rss']})")  # fmt: skip


def profile(corpus: Path, n: int) -> None:
    from stances.codebook import load_codebook
    from stances.corpus import read_corpus
    from stances.pipeline import code_batch

    articles = read_corpus(corpus).articles.head(n)
    book = load_codebook()
    code_batch(articles.head(5), book)  # warm up: compiled patterns
    profiler = cProfile.Profile()
    profiler.enable()
    code_batch(articles, book)
    profiler.disable()
    report = io.StringIO()
    pstats.Stats(profiler, stream=report).sort_stats("tottime").print_stats(12)
    print(f"hot spots of the coder ({len(articles)} articles, by own time):")
    print(report.getvalue())


def _cpu(function: Callable[[], object]) -> float:
    started = time.process_time()
    function()
    return time.process_time() - started


def limits(seed: int) -> None:
    """Coding time per MB as articles grow, and the matcher's cost as cues and gaps grow."""
    from stances.codebook import DEFAULT_CODEBOOK, load_codebook
    from stances.coder import code_article
    from stances.matcher import Matcher

    rng = random.Random(seed)
    texts = [synthetic.news_article(rng)[1] for _ in range(60)]
    articles = [{"article_id": str(k), "doc_id": str(k), "text": t} for k, t in enumerate(texts)]
    book = load_codebook()
    code_article(dict(articles[0]), book)  # warm up: compiled patterns, caches
    print("limits (CPU seconds)\narticle size   articles   rows     CPU s    s/MB")
    for size in (10_000, 100_000, 1_000_000, 10_000_000):
        batch = [
            {"article_id": str(k), "doc_id": str(k), "text": synthetic.long_article(texts, size)}
            for k in range(max(1, 1_000_000 // size))
        ]
        rows: list[dict] = []
        seconds = _cpu(lambda b=batch, r=rows: [r.extend(code_article(a, book)) for a in b])
        mb = sum(len(a["text"]) for a in batch) / 1e6
        print(f"{size:>12,} {len(batch):>10} {len(rows):>6} {seconds:>9.2f} {seconds / mb:>7.2f}")

    def with_topic(folder: Path, cues: list[str], extra: str = "") -> Path:
        source = DEFAULT_CODEBOOK.read_text(encoding="utf-8")
        source = source.replace("\nversion = ", f"\n{extra}version = ", 1) if extra else source
        quoted = ", ".join(f'"{c}"' for c in cues)
        path = folder / f"bulk{len(cues)}.toml"
        path.write_text(
            source + '\n[[topics]]\nid = "bulk"\nlabel = "Bulk"\ndescription = "Many cues."\n'
            f'support_means = "favours bulk"\nsupport_cues = [{quoted}]\n',
            encoding="utf-8",
        )
        return path

    print("\ncues in a topic   matcher build s   scan ms/article   load+code ms/article")
    with tempfile.TemporaryDirectory() as folder:
        for n in (1_000, 10_000, 100_000):
            cues = synthetic.synthetic_cues(texts, n)
            items = {"topic:bulk": [(c, 1) for c in cues]}
            build = _cpu(lambda i=items: Matcher.build(i))
            matcher = Matcher.build(items)
            scan = _cpu(lambda m=matcher: [m.scan(t) for t in texts]) / len(texts)
            started = time.process_time()
            bulk = load_codebook(with_topic(Path(folder), cues))
            for article in articles:
                code_article(dict(article), bulk)
            coded = (time.process_time() - started) / len(texts)
            print(f"{n:>15,} {build:>17.2f} {scan * 1e3:>17.2f} {coded * 1e3:>20.1f}")
        print("\ngaps in a cue   code articles s   'the ... zzz' over 'the ' * 20000 s")
        for gaps in (1, 3, 6, 12):
            cue = " ... ".join(["the"] * gaps + ["zzz"])
            path = with_topic(Path(folder), [cue], f"limits = {{ gaps_per_cue = {gaps} }}\n")
            gapped = load_codebook(path)
            coded = _cpu(lambda b=gapped: [code_article(dict(a), b) for a in articles])
            matcher = Matcher.build({"x": [(cue, 1)]})
            hostile = _cpu(lambda m=matcher: m.scan("the " * 20_000))
            print(f"{gaps:>13} {coded:>17.2f} {hostile:>36.3f}")


def _two_sizes(value: str) -> list[float]:
    try:
        sizes = [float(size) for size in value.split(",")]
    except ValueError:
        sizes = []
    if len(sizes) != 2 or min(sizes) <= 0:
        raise argparse.ArgumentTypeError(f"expected two sizes in MB such as 100,1000: {value!r}")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stances.bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="statements for the analysis run (0: none)"
    )
    parser.add_argument("--pages", type=int, default=300, help="HTML pages extracted (0: none)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile N articles")
    parser.add_argument(
        "--rss",
        type=_two_sizes,
        metavar="MB,MB",
        help="peak RSS of `stances code` on two corpus sizes, e.g. 100,1000",
    )
    parser.add_argument("--limits", action="store_true", help="time per MB, cues, gaps")
    parser.add_argument("--previous", metavar="REV", help="also time this git revision")
    parser.add_argument(
        "--demo", metavar="REV", help="coding speed on the demo briefs against this revision"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        CHILDREN[args.child[0]](*args.child[1:])
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cache_bytecode(work / "bytecode")
        if args.demo:
            demo_speed(work, args.demo)
            print()
        corpus = work / "corpus"
        n, mb = synthetic.write_corpus(corpus, args.mb, seed=args.seed)
        print(f"corpus: {n} articles, {mb:.1f} MB (seed {args.seed}); {os.cpu_count()} cores\n")
        rss_one = coding_runs(work, corpus, n, mb, args.previous)
        print()
        if args.pages:
            extraction(work, args.pages, args.seed)
        if args.rows:
            analysis(work, args.rows, args.seed)
        print(f"peak RSS, stances code, 1 process: {rss_one:.0f} MB")
        if args.rss:
            peak_rss(work, args.rss, args.seed)
        if args.profile:
            print()
            profile(corpus, args.profile)
        if args.limits:
            print()
            limits(args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
