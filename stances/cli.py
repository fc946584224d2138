"""The `stances` command line: code a corpus, inspect, evaluate, explain and report."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from stances import __version__
from stances.errors import StancesError

CODER_NAMES = ("rules", "rules+pairs")  # stances.coder.CODERS, without importing the coder

if TYPE_CHECKING:
    import pandas as pd

# Exit codes besides 0 and argparse's 2: the shell's for a broken pipe and for Ctrl-C.
BROKEN_PIPE = 128 + 13
INTERRUPTED = 128 + 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `stances` command; return its exit code.

    Bad input or a file that cannot be read or written: 2, with a one-line message.
    A reader that closes the pipe early (`| head`): 141, silently. Ctrl-C: 130.
    """
    if isinstance(sys.stdout, io.TextIOWrapper):  # a file name that is not UTF-8 still prints
        sys.stdout.reconfigure(errors="backslashreplace")
    try:  # the parser too: its options import the modules that set their defaults
        args = _parser().parse_args(argv)
        code = args.run(args)
        sys.stdout.flush()
        return code
    except StancesError as e:
        print(f"stances: error: {e}", file=sys.stderr)
    except BrokenPipeError:
        # Point stdout at devnull so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE
    except KeyboardInterrupt:
        print("stances: interrupted", file=sys.stderr)
        return INTERRUPTED
    except OSError as e:
        print(f"stances: error: {_os_error(e)}", file=sys.stderr)
    except UnicodeEncodeError as e:  # e.g. a path with bytes that are not UTF-8
        print(f"stances: error: {e.object!r}: cannot be encoded as {e.encoding}", file=sys.stderr)
    return 2


def _os_error(error: OSError) -> str:
    reason = error.strerror or str(error)
    paths = [str(p) for p in (error.filename, error.filename2) if p is not None]
    return f"{' -> '.join(paths)}: {reason}" if paths else reason


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stances",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_examples(
            "stances code seeds -o data",
            "stances shifts data --actor hegseth",
            "stances report data -o report.html",
            "stances COMMAND --help       # options and examples of one command",
        ),
    )
    parser.add_argument("--version", action="version", version=f"stances {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    code = _command(
        commands,
        "code",
        "code a corpus into a dataset directory",
        "stances code seeds -o data",
        "stances code corpus/ -o data --manifest corpus/dates.csv --codebook my-codebook.toml",
        "stances code seeds -o data --reviews data/reviews.xlsx   # recode, then merge reviews",
        "stances code archive/ -o data --jobs 2          # two processes; unchanged articles kept",
        "stances code archive/ -o data --engine dask --scheduler tcp://10.0.0.5:8786",
    )
    code.add_argument(
        "corpus", type=Path, help="folder of .txt/.md/.html, or a .csv/.jsonl/.parquet table"
    )
    code.add_argument("-o", "--output", type=Path, required=True, help="dataset directory to write")
    code.add_argument(
        "--manifest", type=Path, help="manifest CSV (default: manifest.csv in the folder)"
    )
    code.add_argument("--codebook", type=Path, help="codebook TOML (default: the packaged one)")
    code.add_argument(
        "--reviews",
        type=Path,
        metavar="FILE",
        help="after coding, merge this reviews file (as `stances review apply` does)",
    )
    code.add_argument("--reviewer", help="with --reviews: reviewer of rows that name none")
    code.add_argument(
        "--coder",
        choices=CODER_NAMES,
        default="rules",
        help="rules (default): the rule coder; rules+pairs: the rules, then the pairs a model "
        "of the whole article makes likely (more of the codes on real news, less precise)",
    )
    _corpus_options(code)
    scale = code.add_argument_group("scale")
    scale.add_argument(
        "--jobs",
        type=_positive_int,
        default=1,
        metavar="N",
        help="code in N processes (same rows as one; default 1)",
    )
    scale.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: this machine's processes (default); dask: a Dask cluster",
    )
    scale.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the scheduler to use, such as tcp://10.0.0.5:8786 "
        "(default: a local cluster of --jobs workers, at least 2)",
    )
    scale.add_argument(
        "--layout",
        choices=("auto", "single", "parts"),
        default="auto",
        help="single: one file per table; parts: statements and articles as folders of part "
        "files by month of publication; auto (default): the existing dataset's layout, else "
        "parts for a corpus over 256 MB on disk",
    )
    scale.add_argument(
        "--full",
        action="store_true",
        help="recode every article (by default an existing dataset's unchanged articles "
        "keep their rows)",
    )
    scale.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar (none when not a terminal)"
    )
    code.set_defaults(run=_code)

    info = _command(
        commands,
        "info",
        "schema version and counts of a dataset",
        "stances info data",
        "stances info data --since 2025-03-01 --actor trump --attribution direct_quote",
    )
    info.add_argument("data", type=Path, help="dataset directory")
    info.add_argument(
        "--strict",
        action="store_true",
        help="check every row's evidence against its article text (default: a sample)",
    )
    _filter_options(info)
    info.set_defaults(run=_info)

    codebook = _command(
        commands,
        "codebook",
        "list or check a codebook",
        "stances codebook show --topics",
        "stances codebook show hegseth",
        "stances codebook check my-codebook.toml",
    )
    codebook_commands = codebook.add_subparsers(required=True, metavar="ACTION")
    check = _command(
        codebook_commands,
        "check",
        "validate a codebook TOML file",
        "stances codebook check my-codebook.toml",
    )
    check.add_argument("file", type=Path)
    check.set_defaults(run=_codebook_check)
    show = _command(
        codebook_commands,
        "show",
        "list actors and topics: ids, names, labels, definitions, aliases, dated roles",
        "stances codebook show                  # every actor and topic",
        "stances codebook show --actors         # actors only",
        "stances codebook show minerals_deal    # one topic or actor",
        "stances codebook show --codebook data/codebook.toml --topics",
    )
    which = show.add_mutually_exclusive_group()
    which.add_argument("--actors", action="store_true", help="only actors")
    which.add_argument("--topics", action="store_true", help="only topics")
    show.add_argument("id", nargs="?", metavar="ID", help="one actor or topic id")
    show.add_argument("--codebook", type=Path, help="codebook TOML (default: the packaged one)")
    show.set_defaults(run=_codebook_show)

    explain = _command(
        commands,
        "explain",
        "show the coder's reasoning, sentence by sentence",
        "stances explain seeds/000_1ed7bb89dee7198b.txt --published 2025-02-12",
        "stances explain article.md --all --codebook my-codebook.toml",
    )
    explain.add_argument("file", type=Path, help="an article file (.txt/.md/.html)")
    explain.add_argument("--published", help="publication date YYYY-MM-DD (dates the titles)")
    explain.add_argument("--codebook", type=Path)
    explain.add_argument(
        "--all", action="store_true", help="also show sentences with no cue or actor"
    )
    explain.add_argument(
        "--coder", choices=CODER_NAMES, default="rules", help="the coder to explain (default rules)"
    )
    explain.set_defaults(run=_explain)

    evaluate = _command(
        commands,
        "eval",
        "score a dataset against gold codes",
        "stances eval data seeds/gold.csv",
        "stances eval data seeds/gold.csv --json",
        "stances eval data seeds/gold.csv --ablate",
        "stances eval data seeds/real/gold-check.csv --aggregate-only",
    )
    evaluate.add_argument("data", type=Path)
    evaluate.add_argument("gold", type=Path, help="CSV with doc_id,actor_id,topic_id,stance")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument(
        "--ablate",
        action="store_true",
        help="recode the dataset's articles with each coder rule off in turn and print what "
        "each rule adds to pair, triple and shift F1",
    )
    evaluate.add_argument(
        "--codebook", type=Path, help="codebook for --ablate (default: the packaged one)"
    )
    evaluate.add_argument(
        "--aggregate-only",
        action="store_true",
        help="print figures and breakdowns only, no single shift or error (for a held-out set)",
    )
    _trust_options(evaluate, scope="shift scoring: ")
    evaluate.set_defaults(run=_eval)

    shifts = _command(
        commands,
        "shifts",
        "list stance changes between dated articles",
        "stances shifts data",
        "stances shifts data --actor hegseth --topic ukraine_nato_membership",
        "stances shifts data --since 2025-03-01 --min-confidence 0.5 --format csv > shifts.csv",
        description="Stance changes between consecutive dated articles of an actor and topic, "
        "from the actor's own current statements (not reported by others, not recaps or "
        "background) above a confidence threshold.",
    )
    shifts.add_argument("data", type=Path, help="dataset directory")
    shifts.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _filter_options(shifts, trust=True)
    shifts.set_defaults(run=_shifts)

    report = _command(
        commands,
        "report",
        "write a self-contained HTML report",
        "stances report data -o report.html",
        "stances report data -o report.html --charts charts/",
        "stances report data -o trump.html --actor trump --since 2025-03-01",
    )
    report.add_argument("data", type=Path, help="dataset directory")
    report.add_argument("-o", "--output", type=Path, required=True, help="report .html file")
    report.add_argument("--charts", type=Path, help="also write each chart (HTML, PNG) here")
    report.add_argument(
        "--plotlyjs",
        choices=("inline", "directory", "cdn"),
        default="directory",
        help="with --charts: where the chart pages find plotly.js: one shared plotly.min.js "
        "beside them (directory, the default), a copy in every page (inline), or the web (cdn)",
    )
    report.add_argument(
        "--max-evidence-rows",
        type=int,
        metavar="N",
        help="list the latest N statements' evidence (default 5,000; 0: all)",
    )
    _filter_options(report)
    report.set_defaults(run=_report)

    network = _command(
        commands,
        "network",
        "export the discourse network as GraphML, GEXF or a CSV edge list",
        "stances network data -o actors.graphml",
        "stances network data -o actors.gexf --since 2025-02-01 --until 2025-02-28 --min-weight 2",
        "stances network data -o actor-topic.csv --mode actor-topic",
        description="One mode (default): actors joined by agree and oppose edges, weighted by "
        "the number of topics on which they take the same or opposite sides. Two modes "
        "(--mode actor-topic): actors joined to the topics they speak on, with the stance, "
        "mean score and number of articles. The format follows the suffix of -o.",
    )
    network.add_argument("data", type=Path, help="dataset directory")
    network.add_argument(
        "-o", "--output", type=Path, required=True, help="file .graphml, .gexf or .csv"
    )
    network.add_argument(
        "--mode",
        choices=("actor", "actor-topic"),
        default="actor",
        help="one-mode actor network (default) or two-mode actor x topic network",
    )
    network.add_argument(
        "--min-weight",
        type=int,
        default=1,
        metavar="N",
        help="leave out edges lighter than N (default 1)",
    )
    _filter_options(network)
    network.set_defaults(run=_network)
    _review_parsers(commands)
    _add_corpus_command(commands)
    return parser


def _command(
    commands: argparse._SubParsersAction, name: str, summary: str, *examples: str, **kwargs
) -> argparse.ArgumentParser:
    """A subcommand whose help ends with worked examples."""
    return commands.add_parser(
        name,
        help=summary,
        description=kwargs.pop("description", summary[0].upper() + summary[1:] + "."),
        epilog=_examples(*examples),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **kwargs,
    )


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _filter_options(parser: argparse.ArgumentParser, *, trust: bool = False) -> None:
    """The filters `info`, `shifts`, `report` and `network` share (the Python API's names)."""
    from stances.schema import ATTRIBUTIONS

    group = parser.add_argument_group("filters")
    group.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="articles from this day")
    group.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="articles up to this day")
    group.add_argument("--actor", action="append", metavar="ID", help="this actor (repeatable)")
    group.add_argument("--topic", action="append", metavar="ID", help="this topic (repeatable)")
    group.add_argument(
        "--attribution",
        action="append",
        choices=ATTRIBUTIONS,
        help="only statements attributed this way (repeatable)",
    )
    if trust:
        _trust_options(group)
    else:
        group.add_argument(
            "--min-confidence",
            type=_fraction,
            metavar="X",
            help="only statements with confidence >= X (default: all)",
        )


def _trust_options(
    parser: argparse.ArgumentParser | argparse._ArgumentGroup, *, scope: str = ""
) -> None:
    from stances.analysis import MIN_CONFIDENCE

    parser.add_argument(
        "--min-confidence",
        type=_fraction,
        default=MIN_CONFIDENCE,
        metavar="X",
        help=f"{scope}only statements with confidence >= X count (default {MIN_CONFIDENCE}: "
        "best shift F1 on the demo briefs and the tune half)",
    )
    parser.add_argument(
        "--include-reported",
        action="store_true",
        help=f"{scope}also count statements that others report for the actor",
    )


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {value!r}") from None


def _fraction(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got {value!r}")
    return number


def _code(args: argparse.Namespace) -> int:
    from stances import pipeline
    from stances.display import count
    from stances.errors import EngineError

    if args.scheduler and args.engine != "dask":
        raise EngineError("a scheduler is used only with --engine dask", where="--scheduler")
    pipeline.collect_garbage_less_often()
    with _warnings_as_lines():
        run = pipeline.code_corpus(
            args.corpus,
            args.output,
            manifest=args.manifest,
            codebook=args.codebook,
            jobs=args.jobs,
            engine=args.engine,
            scheduler=args.scheduler,
            full=args.full,
            layout=args.layout,
            progress=not args.quiet and sys.stderr.isatty(),
            follow_symlinks=args.follow_symlinks,
            max_article_mb=args.max_article_mb,
            coder=args.coder,
        )
    for row in run.duplicates.itertuples():
        print(
            f"stances: note: {row.doc_id} repeats {row.duplicate_of}; coded once", file=sys.stderr
        )
    kept = run.articles - run.coded
    unchanged = f" ({count(kept, 'article')} unchanged since the last build)" if kept else ""
    print(
        f"coded {count(run.articles, 'article')} into "
        f"{count(run.statements, 'statement')} -> {args.output}{unchanged}"
    )
    if args.reviews is not None:
        args.file, args.data = args.reviews, args.output
        return _review_apply(args)
    return 0


def _info(args: argparse.Namespace) -> int:
    from stances.dataset import build_coder, read_dataset
    from stances.display import count
    from stances.merge import reviewed_in

    dataset = read_dataset(args.data, strict=args.strict)
    meta = dataset.metadata
    statements = _filtered(dataset.statements, args)
    articles = statements["article_id"].nunique() if _filtering(args) else len(dataset.articles)
    print(
        f"schema version {meta.get('stances.schema_version')}, "
        f"stances {meta.get('stances.package_version')}, built {meta.get('stances.built_at')}"
    )
    print(f"codebook {meta.get('stances.codebook')}, build {meta.get('stances.build_id')}")
    print(f"coder {build_coder(meta)}")
    print(reviewed_in(dataset))
    kept = " (after the filters)" if _filtering(args) else ""
    print(f"{count(articles, 'article')}, {count(len(statements), 'statement')}{kept}")
    for column in ("actor_id", "topic_id", "stance", "attribution", "source"):
        counts = statements[column].value_counts(sort=True).astype(int)
        counts = counts[counts > 0]
        print(f"\nby {column.removesuffix('_id')}:")
        print(counts.to_string(header=False) if len(counts) else "  (none)")
    return 0


def _codebook_check(args: argparse.Namespace) -> int:
    from stances.codebook import load_codebook
    from stances.display import count

    book = load_codebook(args.file)
    print(
        f"{args.file}: ok ({count(len(book.actors), 'actor')}, "
        f"{count(len(book.topics), 'topic')}, {book.label})"
    )
    return 0


def _codebook_show(args: argparse.Namespace) -> int:
    from stances.codebook import load_codebook
    from stances.display import codebook_entries, count
    from stances.errors import UnknownIdError
    from stances.filters import did_you_mean

    book = load_codebook(args.codebook)
    actors, topics = not args.topics, not args.actors
    if args.id is None:
        sizes = f"{count(len(book.actors), 'actor')}, {count(len(book.topics), 'topic')}"
        print(f"{book.label}: {sizes}\n")
    else:
        actors, topics = actors and args.id in book.actors, topics and args.id in book.topics
        if not (actors or topics):
            kinds = ["actor"] * (not args.topics) + ["topic"] * (not args.actors)
            hint = did_you_mean(args.id, book, kinds=kinds)
            raise UnknownIdError(f"unknown {' or '.join(kinds)} {args.id!r}{hint}")
    print(codebook_entries(book, actors=actors, topics=topics, only=args.id))
    return 0


def _explain(args: argparse.Namespace) -> int:
    from stances.explain import explain_file

    text = explain_file(
        args.file,
        published=args.published,
        codebook=args.codebook,
        show_all=args.all,
        coder=args.coder,
    )
    print(text)
    return 0


def _eval(args: argparse.Namespace) -> int:
    from stances.codebook import load_codebook
    from stances.dataset import read_dataset
    from stances.evaluate import SINGLE_ERRORS, ablate, evaluate, format_report, read_gold

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
    if args.json:
        summary = result.summary()
        if args.aggregate_only:
            summary = {k: v for k, v in summary.items() if k not in SINGLE_ERRORS}
        print(json.dumps(summary, indent=2))
    else:
        print(format_report(result, errors=not args.aggregate_only))
    return 0


def _shifts(args: argparse.Namespace) -> int:
    from stances.analysis import shifts
    from stances.dataset import read_dataset
    from stances.display import shift_table, to_csv, to_json

    statements = read_dataset(args.data).statements
    found = shifts(
        _filtered(statements, args, confidence=False),
        min_confidence=args.min_confidence,
        include_reported=args.include_reported,
        attribution=args.attribution,
    )
    if args.format == "csv":
        sys.stdout.write(to_csv(found))
    elif args.format == "json":
        print(to_json(found))
    else:
        print(shift_table(found))
    return 0


def _evidence_rows(option: int | None) -> int | None:
    from stances.report import MAX_EVIDENCE_ROWS

    if option is None:
        return MAX_EVIDENCE_ROWS
    return option or None  # 0: every row


def _report(args: argparse.Namespace) -> int:
    from stances.dataset import read_dataset
    from stances.display import describe_filters
    from stances.report import write_report

    dataset = read_dataset(args.data)
    title = "Stance report"
    if _filtering(args):  # the report covers the articles with a statement kept
        statements = _filtered(dataset.statements, args)
        articles = dataset.articles[dataset.articles["article_id"].isin(statements["article_id"])]
        dataset = replace(dataset, statements=statements, articles=articles.reset_index(drop=True))
        title += f" ({describe_filters(**_filter_values(args))})"
    path = write_report(
        dataset,
        args.output,
        charts_dir=args.charts,
        title=title,
        plotlyjs=args.plotlyjs,
        max_evidence_rows=_evidence_rows(args.max_evidence_rows),
    )
    print(f"report -> {path}")
    return 0


# --- review and agreement ------------------------------------------------------------------


def _review_parsers(commands: argparse._SubParsersAction) -> None:
    review = _command(
        commands,
        "review",
        "check machine codes by hand: queue, check, apply",
        "stances review queue data -o queue.xlsx",
        "stances review check data/reviews.xlsx data",
        "stances review apply data/reviews.xlsx data --reviewer ana",
    )
    actions = review.add_subparsers(required=True, metavar="ACTION")
    queue = _command(
        actions,
        "queue",
        "list machine codes for review (likeliest wrong first: conflicting, alone, repeated)",
        "stances review queue data -o queue.xlsx",
        "stances review queue data -o sample.csv --sample 40 --seed 1",
        description="Write the review queue: one row per machine code, with the evidence "
        "(actor in ⟦…⟧, cues in ⟨…⟩), title, date, link, proposed actor, topic, stance, "
        "confidence and standing in its article (conflicting, alone, repeated: the order, "
        "then lowest confidence first). Fill in `action` (accept, correct, reject, add) "
        "and, for a correction, the corrected actor, topic or stance; add rows with action "
        "add and an evidence passage. .xlsx has dropdowns for action, actor, topic and stance.",
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
        sub = _command(actions, name, text, f"stances review {name} data/reviews.xlsx data")
        sub.add_argument("file", type=Path, help="reviews file (.csv or .xlsx)")
        sub.add_argument("data", type=Path, help="dataset directory")
        sub.add_argument("--codebook", type=Path)
        sub.add_argument("--reviewer", help="reviewer of rows that name none (coder manual:NAME)")
        sub.set_defaults(run=run)

    agree = _command(
        commands,
        "agree",
        "agreement between codings (Krippendorff's alpha, Cohen's kappa)",
        "stances agree data seeds/gold.csv",
        "stances agree data data/reviews.xlsx --json",
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


def _positive_int(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def _megabytes(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of MB, got {value!r}")
    return number


def _add_corpus_command(commands: argparse._SubParsersAction) -> None:
    corpus = _command(commands, "corpus", "corpus tools", "stances corpus check seeds")
    corpus_commands = corpus.add_subparsers(required=True, metavar="ACTION")
    check = _command(
        corpus_commands,
        "check",
        "summarise a corpus before coding it",
        "stances corpus check seeds",
        "stances corpus check archive.warc.gz --format json",
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


def _network(args: argparse.Namespace) -> int:
    from stances.dataset import read_dataset
    from stances.display import count
    from stances.network import actor_network, actor_topic_network, write_network

    statements = _filtered(read_dataset(args.data).statements, args)
    build = actor_network if args.mode == "actor" else actor_topic_network
    graph = build(statements, min_weight=args.min_weight, labels=_labels(args.data))
    path = write_network(graph, args.output)
    print(
        f"{args.mode} network of {count(graph.number_of_nodes(), 'node')} and "
        f"{count(graph.number_of_edges(), 'edge')} -> {path}"
    )
    return 0


def _filter_values(args: argparse.Namespace) -> dict:
    names = ("since", "until", "actor", "topic", "min_confidence", "attribution")
    return {name: getattr(args, name) for name in names}


def _filtering(args: argparse.Namespace) -> bool:
    return any(value is not None for value in _filter_values(args).values())


def _filtered(
    frame: pd.DataFrame, args: argparse.Namespace, *, confidence: bool = True
) -> pd.DataFrame:
    """The rows the shared filters keep; ids are checked against the dataset's codebook."""
    from stances.analysis import filter_statements

    filters = _filter_values(args) | ({} if confidence else {"min_confidence": None})
    codebook = _dataset_codebook(args.data) if args.actor or args.topic else None
    return filter_statements(frame, **filters, codebook=codebook)


def _dataset_codebook(data: Path):
    """The codebook copy a dataset carries, if it has one (else the packaged one is used)."""
    from stances.codebook import load_codebook

    copy = data / "codebook.toml"
    return load_codebook(copy) if copy.is_file() else None


def _labels(data: Path) -> dict[str, str]:
    from stances.codebook import load_codebook
    from stances.network import codebook_labels

    return codebook_labels(_dataset_codebook(data) or load_codebook())


if __name__ == "__main__":
    raise SystemExit(main())
