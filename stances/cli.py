"""The `stances` command line: code a corpus, inspect, evaluate, explain and report."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

from stances import __version__
from stances.errors import StancesError


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `stances` command; return its exit code (bad input: 2, with a one-line message)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except StancesError as e:
        print(f"stances: error: {e}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stances", description=__doc__)
    parser.add_argument("--version", action="version", version=f"stances {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    code = commands.add_parser("code", help="code a corpus into a dataset directory")
    code.add_argument(
        "corpus", type=Path, help="folder of .txt/.md/.html, or a .csv/.jsonl/.parquet table"
    )
    code.add_argument("-o", "--output", type=Path, required=True, help="dataset directory to write")
    code.add_argument(
        "--manifest", type=Path, help="manifest CSV (default: manifest.csv in the folder)"
    )
    code.add_argument("--codebook", type=Path, help="codebook TOML (default: the packaged one)")
    _corpus_options(code)
    code.set_defaults(run=_code)

    info = commands.add_parser("info", help="schema version and counts of a dataset")
    info.add_argument("data", type=Path)
    info.set_defaults(run=_info)

    codebook = commands.add_parser("codebook", help="codebook tools")
    codebook_commands = codebook.add_subparsers(required=True, metavar="ACTION")
    check = codebook_commands.add_parser("check", help="validate a codebook TOML file")
    check.add_argument("file", type=Path)
    check.set_defaults(run=_codebook_check)

    explain = commands.add_parser(
        "explain", help="show the coder's reasoning, sentence by sentence"
    )
    explain.add_argument("file", type=Path, help="an article file (.txt/.md/.html)")
    explain.add_argument("--published", help="publication date YYYY-MM-DD (dates the titles)")
    explain.add_argument("--codebook", type=Path)
    explain.add_argument(
        "--all", action="store_true", help="also show sentences with no cue or actor"
    )
    explain.set_defaults(run=_explain)

    evaluate = commands.add_parser("eval", help="score a dataset against gold codes")
    evaluate.add_argument("data", type=Path)
    evaluate.add_argument("gold", type=Path, help="CSV with doc_id,actor_id,topic_id,stance")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument(
        "--ablate",
        action="store_true",
        help="recode the dataset's articles with each coder rule off in turn and print what "
        "each rule adds to pair F1 and triple F1",
    )
    evaluate.add_argument(
        "--codebook", type=Path, help="codebook for --ablate (default: the packaged one)"
    )
    _trust_options(evaluate, scope="shift scoring: ")
    evaluate.set_defaults(run=_eval)

    shifts = commands.add_parser(
        "shifts",
        help="list stance changes between dated articles",
        description="Stance changes between consecutive dated articles of an actor and topic, "
        "from the actor's own current statements (not reported by others, not recaps or "
        "background) above a confidence threshold.",
    )
    shifts.add_argument("data", type=Path)
    shifts.add_argument("--format", choices=("table", "csv", "json"), default="table")
    shifts.add_argument("--actor", action="append", help="only this actor (repeatable)")
    shifts.add_argument("--topic", action="append", help="only this topic (repeatable)")
    _trust_options(shifts)
    shifts.set_defaults(run=_shifts)

    report = commands.add_parser("report", help="write a self-contained HTML report")
    report.add_argument("data", type=Path)
    report.add_argument("-o", "--output", type=Path, required=True, help="report .html file")
    report.add_argument("--charts", type=Path, help="also write each chart (HTML, PNG) here")
    report.add_argument(
        "--plotlyjs",
        choices=("inline", "directory", "cdn"),
        default="directory",
        help="with --charts: where the chart pages find plotly.js: one shared plotly.min.js "
        "beside them (directory, the default), a copy in every page (inline), or the web (cdn)",
    )
    report.set_defaults(run=_report)
    _review_parsers(commands)
    _add_corpus_command(commands)
    return parser


def _trust_options(parser: argparse.ArgumentParser, *, scope: str = "") -> None:
    from stances.analysis import MIN_CONFIDENCE

    parser.add_argument(
        "--min-confidence",
        type=_fraction,
        default=MIN_CONFIDENCE,
        metavar="X",
        help=f"{scope}only statements with confidence >= X count (default {MIN_CONFIDENCE}: "
        "best shift F1 on the demo briefs)",
    )
    parser.add_argument(
        "--include-reported",
        action="store_true",
        help=f"{scope}also count statements that others report for the actor",
    )


def _fraction(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got {value!r}")
    return number


def _code(args: argparse.Namespace) -> int:
    from stances.dataset import build_dataset

    with _warnings_as_lines():
        dataset, duplicates = build_dataset(
            args.corpus,
            args.output,
            manifest=args.manifest,
            codebook=args.codebook,
            progress=sys.stderr.isatty(),
            follow_symlinks=args.follow_symlinks,
            max_article_mb=args.max_article_mb,
        )
    for row in duplicates.itertuples():
        print(
            f"stances: note: {row.doc_id} repeats {row.duplicate_of}; coded once", file=sys.stderr
        )
    print(
        f"coded {len(dataset.articles)} articles into {len(dataset.statements)} statements "
        f"-> {args.output}"
    )
    return 0


def _info(args: argparse.Namespace) -> int:
    from stances.dataset import read_dataset

    dataset = read_dataset(args.data)
    meta = dataset.metadata
    statements = dataset.statements
    print(
        f"schema version {meta.get('stances.schema_version')}, "
        f"stances {meta.get('stances.package_version')}, built {meta.get('stances.built_at')}"
    )
    print(f"codebook {meta.get('stances.codebook')}")
    print(f"{len(dataset.articles)} articles, {len(statements)} statements")
    for column in ("actor_id", "topic_id", "stance"):
        counts = statements[column].value_counts(sort=True).astype(int)
        counts = counts[counts > 0]
        print(f"\nby {column.removesuffix('_id')}:")
        print(counts.to_string(header=False) if len(counts) else "  (none)")
    return 0


def _codebook_check(args: argparse.Namespace) -> int:
    from stances.codebook import load_codebook

    book = load_codebook(args.file)
    print(f"{args.file}: ok ({len(book.actors)} actors, {len(book.topics)} topics, {book.label})")
    return 0


def _explain(args: argparse.Namespace) -> int:
    from stances.explain import explain_file

    print(
        explain_file(args.file, published=args.published, codebook=args.codebook, show_all=args.all)
    )
    return 0


def _eval(args: argparse.Namespace) -> int:
    from stances.codebook import load_codebook
    from stances.dataset import read_dataset
    from stances.evaluate import ablate, evaluate, format_report, read_gold

    dataset = read_dataset(args.data)
    gold = read_gold(args.gold)
    if args.ablate:
        gains = ablate(dataset.articles, gold, codebook=load_codebook(args.codebook))
        if args.json:
            print(json.dumps(gains.to_dict("records"), indent=2))
        else:
            print("what each rule adds (F1 with every rule on minus F1 with that rule off):")
            print(gains.to_string(index=False))
        return 0
    result = evaluate(
        dataset.statements,
        dataset.articles,
        gold,
        min_confidence=args.min_confidence,
        include_reported=args.include_reported,
    )
    print(json.dumps(result.summary(), indent=2) if args.json else format_report(result))
    return 0


def _shifts(args: argparse.Namespace) -> int:
    from stances.analysis import shifts
    from stances.dataset import read_dataset

    found = shifts(
        read_dataset(args.data).statements,
        actor=args.actor,
        topic=args.topic,
        min_confidence=args.min_confidence,
        include_reported=args.include_reported,
    )
    if args.format == "csv":
        found.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(found.to_json(orient="records", date_format="iso", indent=2))
    else:
        print(_shift_table(found))
    return 0


def _shift_table(found: pd.DataFrame) -> str:
    if found.empty:
        return "no stance changes between dated articles"
    table = pd.DataFrame(
        {
            "actor": found["actor_id"].astype(str),
            "topic": found["topic_id"].astype(str),
            "from": found["from_stance"].astype(str) + " (" + _day(found["from_date"]) + ")",
            "to": found["to_stance"].astype(str) + " (" + _day(found["to_date"]) + ")",
            "magnitude": found["magnitude"].round(2),
        }
    )
    return f"{len(found)} stance changes\n" + table.to_string(index=False)


def _day(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d")


def _report(args: argparse.Namespace) -> int:
    from stances.dataset import read_dataset
    from stances.report import write_report

    path = write_report(
        read_dataset(args.data), args.output, charts_dir=args.charts, plotlyjs=args.plotlyjs
    )
    print(f"report -> {path}")
    return 0


# --- review and agreement ------------------------------------------------------------------


def _review_parsers(commands: argparse._SubParsersAction) -> None:
    review = commands.add_parser("review", help="check machine codes by hand: queue, check, apply")
    actions = review.add_subparsers(required=True, metavar="ACTION")
    queue = actions.add_parser(
        "queue",
        help="list machine codes for review (lowest confidence first, then by topic)",
        description="Write the review queue: one row per machine code, with the evidence "
        "(actor in ⟦…⟧, cues in ⟨…⟩), title, date, link, proposed actor, topic, stance and "
        "confidence. Fill in `action` (accept, correct, reject, add) and, for a correction, "
        "the corrected actor, topic or stance; add rows with action add and an evidence "
        "passage. .xlsx has dropdowns for action, actor, topic and stance.",
    )
    queue.add_argument("data", type=Path, help="dataset directory")
    queue.add_argument(
        "-o", "--output", type=Path, required=True, help="queue file: .xlsx, .csv or .html"
    )
    queue.add_argument(
        "--sample",
        type=int,
        metavar="N",
        help="the codes of N random units (article, actor, topic), stratified by topic",
    )
    queue.add_argument("--seed", type=int, default=0, metavar="S", help="seed of --sample")
    queue.add_argument(
        "--codebook", type=Path, help="codebook TOML (default: the dataset's or the packaged one)"
    )
    queue.set_defaults(run=_review_queue)
    for name, run, text in (
        ("check", _review_check, "report every problem of a reviews file, with file:row"),
        ("apply", _review_apply, "merge a reviews file into the dataset (audit: reviews.parquet)"),
    ):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("file", type=Path, help="reviews file (.csv or .xlsx)")
        sub.add_argument("data", type=Path, help="dataset directory")
        sub.add_argument("--codebook", type=Path)
        sub.add_argument("--reviewer", help="reviewer of rows that name none (coder manual:NAME)")
        sub.set_defaults(run=run)

    agree = commands.add_parser(
        "agree",
        help="agreement between codings (Krippendorff's alpha, Cohen's kappa)",
        description="Compare two or more codings on units of (article, actor, topic). A "
        "coding is a dataset directory, a reviews file or a gold CSV "
        "(doc_id,actor_id,topic_id,stance).",
    )
    agree.add_argument("codings", type=Path, nargs="+", metavar="CODING")
    agree.add_argument(
        "--bootstrap",
        type=int,
        default=1000,
        metavar="N",
        help="bootstrap resamples for the alpha CI (default 1000)",
    )
    agree.add_argument("--seed", type=int, default=0, help="seed of the bootstrap")
    agree.add_argument("--json", action="store_true", help="print one JSON object")
    agree.set_defaults(run=_agree)


def _review_queue(args: argparse.Namespace) -> int:
    from stances.codebook import load_codebook
    from stances.dataset import read_dataset
    from stances.merge import dataset_codebook, unreviewed_codes
    from stances.review import review_queue
    from stances.reviewsheet import write_queue

    book = load_codebook(args.codebook or dataset_codebook(args.data))
    dataset = read_dataset(args.data)
    pending = unreviewed_codes(args.data)
    queue = review_queue(pending, book, sample=args.sample, seed=args.seed)
    write_queue(queue, args.output, book, doc_ids=dataset.articles["doc_id"])
    print(f"{len(queue)} codes to review -> {args.output}")
    return 0


def _review_check(args: argparse.Namespace) -> int:
    from stances.codebook import load_codebook
    from stances.dataset import read_dataset
    from stances.merge import dataset_codebook, machine_codes
    from stances.review import check_reviews
    from stances.reviewsheet import read_reviews

    book = load_codebook(args.codebook or dataset_codebook(args.data))
    articles = read_dataset(args.data).articles
    checked = check_reviews(
        read_reviews(args.file), machine_codes(args.data), articles, book, reviewer=args.reviewer
    )
    if checked.problems or checked.orphans:
        print(checked.report(args.file), file=sys.stderr)
        print(
            f"stances: error: {len(checked.problems)} problem(s), {len(checked.orphans)} "
            "review(s) of no machine code",
            file=sys.stderr,
        )
        return 2
    print(f"{args.file}: ok ({len(checked.rows)} decisions)")
    return 0


def _review_apply(args: argparse.Namespace) -> int:
    from stances.merge import apply_reviews

    applied = apply_reviews(args.file, args.data, codebook=args.codebook, reviewer=args.reviewer)
    for orphan in applied.checked.orphans:
        print(
            f"stances: note: {orphan.format(args.file)}; kept in reviews.parquet", file=sys.stderr
        )
    counts = ", ".join(f"{n} {action}" for action, n in applied.counts().items())
    print(f"merged {counts} -> {len(applied.merged.statements)} statements in {args.data}")
    return 0


def _agree(args: argparse.Namespace) -> int:
    from stances.agree import agreement, format_agreement, read_coding

    codings = [read_coding(path) for path in args.codings]
    result = agreement(codings, n_boot=args.bootstrap, seed=args.seed)
    print(json.dumps(result.summary(), indent=2) if args.json else format_agreement(result))
    return 0

# --- corpus input: options of `code`, and `corpus check` -------------------------------


def _corpus_options(parser: argparse.ArgumentParser) -> None:
    from stances.corpus import MAX_ARTICLE_MB

    parser.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="read links that resolve outside the corpus folder (refused by default)",
    )
    parser.add_argument(
        "--max-article-mb",
        type=_megabytes,
        default=MAX_ARTICLE_MB,
        metavar="MB",
        help=f"skip, with a warning, inputs larger than this (default {MAX_ARTICLE_MB:g})",
    )


def _megabytes(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of MB, got {value!r}")
    return number


def _add_corpus_command(commands: argparse._SubParsersAction) -> None:
    corpus = commands.add_parser("corpus", help="corpus tools")
    corpus_commands = corpus.add_subparsers(required=True, metavar="ACTION")
    check = corpus_commands.add_parser(
        "check",
        help="summarise a corpus before coding it",
        description="Articles by input kind and language, undated articles, duplicates, "
        "pages with no extractable text, very short and very long articles, and the date "
        "range. Exits 2 only when the corpus cannot be read.",
    )
    check.add_argument("corpus", type=Path, help="folder, table or .warc/.warc.gz archive")
    check.add_argument("--manifest", type=Path)
    check.add_argument("--codebook", type=Path, help="its language(s) are the ones covered")
    check.add_argument("--format", choices=("text", "json"), default="text")
    _corpus_options(check)
    check.set_defaults(run=_corpus_check)


def _corpus_check(args: argparse.Namespace) -> int:
    from stances.codebook import load_codebook
    from stances.corpus_check import check_corpus, format_check

    summary = check_corpus(
        args.corpus,
        manifest=args.manifest,
        languages={load_codebook(args.codebook).model.codebook.language},
        follow_symlinks=args.follow_symlinks,
        max_article_mb=args.max_article_mb,
    )
    print(json.dumps(summary, indent=2) if args.format == "json" else format_check(summary))
    return 0


@contextlib.contextmanager
def _warnings_as_lines() -> Iterator[None]:
    """Show stances' own warnings as one `stances: warning:` line each."""
    from stances.errors import StancesWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", StancesWarning)
        try:
            yield
        finally:
            for warning in caught:
                if issubclass(warning.category, StancesWarning):
                    print(f"stances: warning: {warning.message}", file=sys.stderr)
                else:
                    warnings.showwarning(
                        warning.message, warning.category, warning.filename, warning.lineno
                    )


if __name__ == "__main__":
    raise SystemExit(main())
