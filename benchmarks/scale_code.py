"""Throughput and memory of `stances code` end to end, against the usual alternative, in one run.

    python3 -m uv run --group bench python benchmarks/scale_code.py [--mb 4] [--seed 0]
        [--previous REV] [--profile 200]

A deterministic synthetic news corpus (wire copy: datelines, curly quotes, em dashes, U.S.
and Feb., titles, pronouns; briefs and long articles; most sentences name no codebook actor)
of `--mb` MB is written as a folder of .txt files with a manifest, then coded, each run in a
fresh process, from files to Parquet:

* `stances code` with one process and with `--jobs 2`;
* the baseline an analyst would otherwise build: spaCy `blank("en")` + `sentencizer` +
  `PhraseMatcher(attr="LOWER")` over the codebook's aliases and cues, matches to Parquet;
* the raw floor: read + lowercase + one Aho-Corasick scan over the same phrases;
* with `--previous REV`, `stances code` of an earlier git revision.

It prints MB/s, articles/s, the ratios, peak RSS (the largest process) for the corpus and
for one four times its size, and the coder's top hot spots (cProfile, `--profile` articles).
spaCy and pyahocorasick come from the `bench` dependency group.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PEOPLE = [
    ("U.S. President Donald Trump", "Trump"),
    ("Defense Secretary Pete Hegseth", "Hegseth"),
    ("Russian President Vladimir Putin", "Putin"),
    ("Ukrainian President Volodymyr Zelensky", "Zelensky"),
    ("Secretary of State Marco Rubio", "Rubio"),
    ("Kremlin spokesman Dmitry Peskov", "Peskov"),
    ("French President Emmanuel Macron", "Macron"),
    ("British Prime Minister Keir Starmer", "Starmer"),
    ("NATO Secretary General Mark Rutte", "Rutte"),
    ("special envoy Steve Witkoff", "Witkoff"),
]
CLAIMS = [
    "NATO membership for Ukraine was unrealistic",
    "talks to end the war should begin without delay",
    "the minerals deal would be signed within days",
    "Europe must take responsibility for its own security",
    "new sanctions on Russia were needed to force Moscow to the table",
    "U.S. military aid to Kyiv would continue",
    "a ceasefire was within reach",
    "returning to Ukraine’s pre-2014 borders was an illusionary goal",
    "American troops would not be deployed to Ukraine",
    "relations between Washington and Moscow could improve",
]
QUOTES = [
    "We want peace, and we want it now",
    "Nobody is going to sign a bad deal",
    "The sanctions will stay until Russia pulls back",
    "Europe has to step up — there is no other way",
    "It was a long and very productive call",
]
FILLER = [
    "Markets in Asia closed mixed on {month} {day}, with oil up {pct}% after a quiet session.",
    "The U.S. dollar rose against the euro — its third gain in a row — as traders waited.",
    "Officials in Brussels said the meeting would run late into the evening.",
    "Heavy snow closed roads near the border, and rail services were cut back.",
    "The city council approved a budget of {num} million dollars for new bridges.",
    "Analysts at the bank expect growth of {pct}% next year, down from earlier forecasts.",
    "Farmers in the region said prices for grain had fallen by a third since {month}.",
    "A spokeswoman for the ministry declined to comment on the report.",
    "The summit, first planned for {month}, was moved twice because of scheduling.",
    "Turnout in the local elections was {pct}%, the lowest in a decade.",
    "Dr. Maria Lopez, an economist at the institute, said the figures were “not alarming”.",
    "Shares of the company fell {pct}% in early trading in New York.",
]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June"]
CITIES = ["WASHINGTON", "MOSCOW", "KYIV", "BRUSSELS", "LONDON", "PARIS", "RIYADH", "MUNICH"]


def _sentence(rng: random.Random) -> str:
    fill = {
        "month": rng.choice(MONTHS),
        "day": rng.randint(1, 28),
        "pct": round(rng.uniform(0.1, 9.9), 1),
        "num": rng.randint(2, 900),
    }
    roll = rng.random()
    if roll < 0.82:  # most sentences of real news name no codebook actor
        return rng.choice(FILLER).format(**fill)
    full, short = rng.choice(PEOPLE)
    if roll < 0.90:
        return f"{full} said on {fill['month']} {fill['day']} that {rng.choice(CLAIMS)}."
    if roll < 0.95:
        return f"“{rng.choice(QUOTES)},” {short} told reporters."
    return f"He added that {rng.choice(CLAIMS)}, according to two officials."


def article(rng: random.Random) -> tuple[str, str]:
    """(title, text): a brief of 80-200 words or a long article of 600-1,500 words."""
    words = rng.randint(80, 200) if rng.random() < 0.5 else rng.randint(600, 1500)
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    paragraphs[0] = f"{rng.choice(CITIES)} (Wire) — {paragraphs[0]}"
    title = rng.choice(CLAIMS).capitalize()
    return title, title + "\n\n" + "\n\n".join(paragraphs)


def write_corpus(folder: Path, mb: float, seed: int) -> tuple[int, float]:
    """Write articles until `mb` MB; return (articles, MB)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    rows, size = [], 0
    while size < mb * 1e6:
        title, text = article(rng)
        name = f"{len(rows):07d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        published = f"2025-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}"
        rows.append((name, title, published, "Wire", ""))
        size += len(text.encode())
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "title", "published", "source", "url"])
        writer.writerows(rows)
    return len(rows), size / 1e6


def phrases() -> list[str]:
    """The codebook's aliases and cue phrases as plain lowercase phrases."""
    from stances.codebook import load_codebook

    model = load_codebook().model
    found = [alias for actor in model.actors for alias in actor.aliases]
    for topic in model.topics:
        for phrase in (*topic.cues, *topic.support_cues, *topic.oppose_cues):
            found += [part.strip() for part in phrase.replace("*", "").split("...")]
    return sorted({p.lower() for p in found if p.strip()})


def _texts(folder: Path):
    for path in sorted(folder.glob("*.txt")):
        yield path.name, path.read_text(encoding="utf-8")


def run_spacy(folder: Path, out: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("PHRASE", list(nlp.tokenizer.pipe(phrases())))
    rows = {"doc": [], "sentence_start": [], "start": [], "end": [], "phrase": []}
    names, texts = zip(*_texts(folder), strict=True)
    for name, doc in zip(names, nlp.pipe(texts), strict=True):
        for _, start, end in matcher(doc):
            span = doc[start:end]
            rows["doc"].append(name)
            rows["sentence_start"].append(span.sent.start_char)
            rows["start"].append(span.start_char)
            rows["end"].append(span.end_char)
            rows["phrase"].append(span.text.lower())
    pq.write_table(pa.table(rows), out / "matches.parquet")


def run_floor(folder: Path, out: Path) -> None:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for phrase in phrases():
        automaton.add_word(phrase, phrase)
    automaton.make_automaton()
    hits = sum(1 for _, text in _texts(folder) for _ in automaton.iter(text.lower()))
    (out / "hits.txt").write_text(str(hits))


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB of the largest process) of a command run to its end."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, cwd=tempfile.gettempdir()
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_maxrss / 1024


def previous_source(revision: str, folder: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "stances"], capture_output=True, check=True
    ).stdout
    folder.mkdir()
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def profile(folder: Path, n: int) -> str:
    from stances.codebook import load_codebook
    from stances.corpus import read_corpus
    from stances.pipeline import code_batch

    articles = read_corpus(folder).articles.head(n)
    book = load_codebook()
    code_batch(articles.head(5), book)  # warm up: compiled patterns
    profiler = cProfile.Profile()
    profiler.enable()
    code_batch(articles, book)
    profiler.disable()
    report = io.StringIO()
    pstats.Stats(profiler, stream=report).sort_stats("tottime").print_stats(12)
    return report.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="corpus size in MB (default 4)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--previous", metavar="REV", help="also time this git revision")
    parser.add_argument("--profile", type=int, default=200, metavar="N", help="articles profiled")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)  # spacy|floor FOLDER OUT
    args = parser.parse_args()
    if args.child:
        kind, folder, out = args.child
        (run_spacy if kind == "spacy" else run_floor)(Path(folder), Path(out))
        return

    env = {**os.environ, "SOURCE_DATE_EPOCH": "1740000000", "PYTHONHASHSEED": "0"}
    stances = [sys.executable, "-m", "stances", "code"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        n, mb = write_corpus(work / "corpus", args.mb, args.seed)
        corpus = str(work / "corpus")
        print(f"corpus: {n} articles, {mb:.1f} MB (seed {args.seed})\n")
        runs = {
            "stances code, 1 process": [*stances, corpus, "-o", str(work / "one"), "-q"],
            "stances code --jobs 2": [
                *stances,
                corpus,
                "-o",
                str(work / "two"),
                "-q",
                "--jobs",
                "2",
            ],
            "spaCy blank+sentencizer+PhraseMatcher": [
                sys.executable,
                __file__,
                "--child",
                "spacy",
                corpus,
                str(work),
            ],
            "floor: read+lower+Aho-Corasick": [
                sys.executable,
                __file__,
                "--child",
                "floor",
                corpus,
                str(work),
            ],
        }
        envs = dict.fromkeys(runs, env)
        if args.previous:
            source = previous_source(args.previous, work / "previous")
            name = f"stances code at {args.previous[:10]}"
            runs[name] = [*stances, corpus, "-o", str(work / "prev")]
            envs[name] = {**env, "PYTHONPATH": str(source)}
        results, peaks = {}, {}
        print(f"{'run':<40} {'s':>7} {'MB/s':>7} {'art/s':>8} {'RSS MB':>7}")
        for name, command in runs.items():
            seconds, rss = measure(command, envs[name])
            results[name], peaks[name] = seconds, rss
            print(
                f"{name:<40} {seconds:>7.1f} {mb / seconds:>7.2f} {n / seconds:>8.1f} {rss:>7.0f}"
            )
        one = results["stances code, 1 process"]
        ratios = {
            "--jobs 2 / 1 process": one / results["stances code --jobs 2"],
            "1 process / spaCy baseline": results["spaCy blank+sentencizer+PhraseMatcher"] / one,
            "1 process / floor": results["floor: read+lower+Aho-Corasick"] / one,
        }
        if args.previous:
            ratios[f"1 process / {args.previous[:10]}"] = results[name] / one
        print()
        for what, ratio in ratios.items():
            print(f"{what:<32} {ratio:.3f}x")

        big_n, big_mb = write_corpus(work / "big", args.mb * 4, args.seed + 1)
        seconds, rss_big = measure(
            [*stances, str(work / "big"), "-o", str(work / "big-out"), "-q"], env
        )
        rss_small = peaks["stances code, 1 process"]
        print(
            f"\npeak RSS, 1 process: {rss_small:.0f} MB for {mb:.1f} MB, "
            f"{rss_big:.0f} MB for {big_mb:.1f} MB ({big_n} articles, "
            f"{big_mb / seconds:.2f} MB/s); ratio {rss_big / rss_small:.2f}"
        )
        print(f"\nhot spots of the coder ({args.profile} articles, by own time):")
        print(profile(work / "corpus", args.profile))


if __name__ == "__main__":
    main()
