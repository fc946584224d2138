"""Read -> code -> write, in batches: the one place where a corpus becomes a dataset.

The corpus is read one input at a time (`stances.corpus.iter_corpus`); distinct articles
are gathered into batches, each batch is coded by the pure function `code_batch` (articles
in, statements out) in this process or in `jobs` worker processes; consecutive coded
batches are written together as one Parquet row group (`ROW_GROUP_ARTICLES`) by
`stances.writer` into one build that `stances.commit` makes visible at once. Memory holds a
few batches, not the corpus.

Re-running over the same output codes only new or changed articles: an article whose text
(article_id) and metadata equal the previous build's keeps that build's statements. A
changed codebook, another package or schema version, reviews merged into the previous build,
or `full=True` recode everything. Either way the rows are those of a full recode.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd
import pyarrow as pa

from stances import __version__
from stances.codebook import Codebook, load_codebook
from stances.commit import (
    LOCK_TIMEOUT,
    build_directory,
    check_output,
    committed_files,
    refuse_foreign_files,
)
from stances.corpus import (
    DUPLICATE_COLUMNS,
    MAX_ARTICLE_MB,
    SKIPPED_COLUMNS,
    articles_frame,
    count_inputs,
    iter_corpus,
    warn_about,
)
from stances.dataset import (
    CODEBOOK_FILE,
    UNRECORDED_CODER,
    Dataset,
    output_names,
    read_dataset,
    table_to_pandas,
)
from stances.errors import EngineError
from stances.metadata import ArticleInput, Skipped
from stances.normalise import ArticleIds, article_id
from stances.parts import choose_layout, read_parts, table_file
from stances.schema import ARTICLES, CORE_TABLES, SCHEMA_VERSION, STATEMENTS, empty_frame
from stances.writer import BatchWriter

BATCH_ARTICLES = 200  # articles per batch: enough to keep worker processes busy
BATCH_CHARS = 4_000_000  # and at most this much text, so a batch of long articles stays small
# Coded batches are written together, as one row group of at least this many articles (or
# BATCH_CHARS of text): each write is checked as a whole, and small row groups cost readers.
ROW_GROUP_ARTICLES = 1_000
_IN_FLIGHT = 2  # batches queued per worker process: one coding, one waiting
ENGINES = ("local", "dask")  # local: this process, or `jobs` processes of this machine
SCHEDULER_TIMEOUT = "30s"  # how long to try reaching a Dask scheduler
# Coding makes many small objects that die with their article: a process that codes collects
# its youngest generation after this many allocations, not 700 (a twelfth of the time saved).
YOUNG_GENERATION = 50_000
# Article columns whose change means an article is recoded (its text is its article_id).
_COMPARED = tuple(c for c in ARTICLES.names if c not in ("article_id", "text", "n_chars"))


@dataclass(frozen=True, eq=False)
class CodingRun:
    """What `code_corpus` did: counts of the dataset written, how many articles it coded
    (the others kept the previous build's rows), the inputs that repeated an earlier
    article (`DUPLICATE_COLUMNS`), those not read as articles and the build's metadata."""

    out_dir: Path
    articles: int
    statements: int
    coded: int
    duplicates: pd.DataFrame
    skipped: pd.DataFrame
    metadata: dict[str, str]


def code_batch(articles: pd.DataFrame, codebook: Codebook, coder: str = "rules") -> pd.DataFrame:
    """The statements of a batch of articles: the pure coding function any engine runs
    (pandas in, pandas out). `coder` names one of `stances.coder.CODERS`."""
    from stances.coder import CODERS, code_articles

    return code_articles(articles, codebook, coder=CODERS[coder](codebook))


def collect_garbage_less_often() -> None:
    """Tune this process's garbage collector for coding; for processes that code, such as
    the command line's and the worker processes."""
    gc.set_threshold(YOUNG_GENERATION, *gc.get_threshold()[1:])


def code_corpus(
    corpus: str | Path,
    out_dir: str | Path,
    *,
    manifest: str | Path | None = None,
    codebook: str | Path | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    full: bool = False,
    progress: bool = False,
    follow_symlinks: bool = False,
    max_article_mb: float = MAX_ARTICLE_MB,
    batch_articles: int = BATCH_ARTICLES,
    lock_timeout: float = LOCK_TIMEOUT,
    layout: str = "auto",
    coder: str = "rules",
) -> CodingRun:
    """Read a corpus, code it in batches and write the dataset to `out_dir` as one build;
    return what was done.

    The `local` engine codes in this process, or in `jobs` processes; `dask` sends the
    batches to the Dask scheduler at `scheduler` (such as tcp://10.0.0.5:8786), or to a
    local cluster of `jobs` (at least 2) worker processes.

    Articles already in the dataset with the same text and metadata keep their statements
    unless `full`; the rows are the same either way, and the same for any `jobs`. Articles
    in a language the codebook does not cover are not coded (a CorpusWarning counts them);
    the corpus options are those of `stances.corpus.read_corpus`. `layout` is `single` (one
    file per table), `parts` (statements and articles as part files by month) or `auto`
    (see `stances.parts.choose_layout`). `coder` names one of `stances.coder.CODERS`;
    another coder than the previous build's recodes everything.
    """
    from stances.coder import CODERS, coder_label

    if coder not in CODERS:
        raise ValueError(f"coder must be one of {', '.join(CODERS)}, not {coder!r}")
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "local" and jobs > 1:
        _start_process_server()
    book = load_codebook(codebook)
    out = Path(out_dir)
    inputs = [Path(p) for p in (corpus, manifest, codebook) if p is not None]
    layout = choose_layout(layout, corpus=Path(corpus), out=out)
    check_output(out, inputs=inputs, outputs=output_names(layout))
    reading = _Reading()
    found = iter_corpus(
        corpus,
        manifest=manifest,
        languages={book.model.codebook.language},
        follow_symlinks=follow_symlinks,
        max_article_mb=max_article_mb,
    )
    batches = reading.batches(found, batch_articles)
    # The first batch is read before the output directory is touched, so a corpus that
    # cannot be listed (a missing folder, a link outside it, a bad table) leaves no trace.
    first = next(batches, None)
    batches = itertools.chain([] if first is None else [first], batches)
    coded = 0
    with build_directory(out, timeout=lock_timeout) as stage:
        refuse_foreign_files(out, output_names(layout))
        previous = None if full else _Previous.load(out, book, CODERS[coder])
        writer = BatchWriter(stage, book, layout=layout, coder=coder_label(CODERS[coder]))
        try:
            total = (
                count_inputs(corpus, manifest=manifest, follow_symlinks=follow_symlinks)
                if progress
                else None
            )
            with _Progress(progress, total=total) as bar:
                coding = _coded(
                    batches,
                    book,
                    codebook,
                    previous,
                    jobs=jobs,
                    engine=engine,
                    scheduler=scheduler,
                    coder=coder,
                )
                group = _RowGroup()
                for articles, statements, n_coded in coding:
                    group.add(articles, statements)
                    coded += n_coded
                    bar.advance(articles)
                    if group.full():
                        writer.write(*group.take())
                if group.batches:
                    writer.write(*group.take())
            metadata = writer.finish()
        except BaseException:
            writer.abort()
            raise
    warn_about(reading.skipped_frame(), reading.encodings_frame(), stacklevel=2)
    return CodingRun(
        out,
        writer.rows["articles"],
        writer.rows["statements"],
        coded,
        pd.DataFrame(reading.duplicates, columns=list(DUPLICATE_COLUMNS), dtype="str"),
        reading.skipped_frame(),
        metadata,
    )


def build_dataset(
    corpus: str | Path,
    out_dir: str | Path,
    *,
    manifest: str | Path | None = None,
    codebook: str | Path | None = None,
    progress: bool = False,
    follow_symlinks: bool = False,
    max_article_mb: float | None = None,
    jobs: int = 1,
    full: bool = False,
    coder: str = "rules",
) -> tuple[Dataset, pd.DataFrame]:
    """Code a corpus into `out_dir` (`code_corpus`); return the dataset written, read back
    whole, with the duplicates found."""
    run = code_corpus(
        corpus,
        out_dir,
        manifest=manifest,
        codebook=codebook,
        jobs=jobs,
        full=full,
        coder=coder,
        progress=progress,
        follow_symlinks=follow_symlinks,
        max_article_mb=MAX_ARTICLE_MB if max_article_mb is None else max_article_mb,
    )
    return read_dataset(out_dir), run.duplicates


# --- reading: distinct articles, in batches ---------------------------------------------


class _Reading:
    """Gathers a corpus's distinct articles into batches and remembers what it passed over."""

    def __init__(self) -> None:
        self.first = ArticleIds()  # with the doc_id of each one's first input
        self.duplicates: list[tuple[str, str, str]] = []
        self.skipped: list[tuple[str, str, str, str]] = []
        self.decoded: list[tuple[str, str | None]] = []  # (doc_id, encoding) not UTF-8

    def batches(
        self, inputs: Iterable[ArticleInput | Skipped], size: int
    ) -> Iterator[pd.DataFrame]:
        ids: list[str] = []
        kept: list[ArticleInput] = []
        chars = 0
        for item in inputs:
            if isinstance(item, Skipped):
                self.skipped.append((item.doc_id, item.kind, item.reason, item.detail))
                continue
            identifier = article_id(item.text)
            first = self.first.first(identifier)
            if first is not None:
                self.duplicates.append((item.doc_id, first, identifier))
                continue
            self.first.add(identifier, item.doc_id)
            if item.encoding not in (None, "utf-8"):
                self.decoded.append((item.doc_id, item.encoding))
            ids.append(identifier)
            kept.append(item)
            chars += len(item.text)
            if len(kept) >= size or chars >= BATCH_CHARS:
                yield articles_frame(ids, kept)
                ids, kept, chars = [], [], 0
        if kept:
            yield articles_frame(ids, kept)

    def skipped_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.skipped, columns=list(SKIPPED_COLUMNS), dtype="str")

    def encodings_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.decoded, columns=["doc_id", "encoding"], dtype="str")


# --- coding: in this process or in worker processes --------------------------------------


def _coded(
    batches: Iterable[pd.DataFrame],
    book: Codebook,
    codebook_path: str | Path | None,
    previous: _Previous | None,
    *,
    jobs: int,
    engine: str,
    scheduler: str | None,
    coder: str,
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame, int]]:
    """(articles, statements, articles coded) per batch, in corpus order."""
    split = (previous.split if previous else _nothing_kept)(batches)
    if engine == "dask":
        with _dask_client(scheduler, jobs) as client:
            shared = client.scatter(book, broadcast=True)  # sent to each worker once

            def submit(articles: pd.DataFrame) -> Future:
                return client.submit(code_batch, articles, shared, coder, pure=False)

            window = sum(client.nthreads().values()) * _IN_FLIGHT
            yield from _in_order(split, submit, window)
    elif jobs > 1:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=_process_context(),
            initializer=_load_worker_codebook,
            initargs=(codebook_path,),
        ) as pool:
            try:
                yield from _in_order(
                    split, partial(pool.submit, _code_in_worker, coder=coder), jobs * _IN_FLIGHT
                )
            except BaseException:  # Ctrl-C or a bad batch: do not code the queued ones
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    else:
        for articles, kept, to_code in split:
            yield articles, _joined(kept, code_batch(to_code, book, coder)), len(to_code)


def _in_order(split, submit: Callable[[pd.DataFrame], Future], window: int):
    """Batches coded by `submit`'s workers, at most `window` at a time, in corpus order."""
    waiting: deque[tuple[pd.DataFrame, pd.DataFrame, int, Future]] = deque()
    for articles, kept, to_code in split:
        waiting.append((articles, kept, len(to_code), submit(to_code)))
        if len(waiting) >= window:
            yield _result(waiting.popleft())
    while waiting:
        yield _result(waiting.popleft())


@contextmanager
def _dask_client(scheduler: str | None, jobs: int):
    """A Dask client of the scheduler at `scheduler`, or of a local cluster of `jobs`
    (at least 2) worker processes whose dashboard listens on 127.0.0.1 only."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError(
            "the dask engine needs Dask: pip install 'stances[dask]'", where="--engine dask"
        ) from None
    if scheduler is None:
        workers = max(jobs, 2)
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, dashboard_address="127.0.0.1:0"
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as e:
        raise EngineError(f"cannot reach the Dask scheduler ({e})", where=scheduler) from e
    with client:
        yield client


def _result(entry: tuple[pd.DataFrame, pd.DataFrame, int, Future]):
    articles, kept, n_coded, future = entry
    return articles, _joined(kept, future.result()), n_coded


def _joined(kept: pd.DataFrame, coded: pd.DataFrame) -> pd.DataFrame:
    """Kept and new statements in one frame of plain values: kept rows come as categoricals,
    which would sort by category, not by value."""
    if kept.empty:
        return coded
    if coded.empty:
        return kept.astype(object)
    return pd.concat([kept.astype(object), coded.astype(object)], ignore_index=True)


class _RowGroup:
    """Consecutive coded batches, in corpus order, gathered into one write (so the same
    rows in the same order for any number of processes)."""

    def __init__(self) -> None:
        self.batches: list[tuple[pd.DataFrame, pd.DataFrame]] = []

    def add(self, articles: pd.DataFrame, statements: pd.DataFrame) -> None:
        self.batches.append((articles, statements))

    def full(self) -> bool:
        articles = [a for a, _ in self.batches]
        return (
            sum(map(len, articles)) >= ROW_GROUP_ARTICLES
            or sum(int(a["n_chars"].sum()) for a in articles) >= BATCH_CHARS
        )

    def take(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(statements, articles) of the gathered batches; the group is empty again."""
        articles, statements = zip(*self.batches, strict=True)
        self.batches = []
        return _stacked(statements), _stacked(articles)


def _stacked(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    frames = list(frames)
    filled = [f for f in frames if len(f)]
    if len(filled) <= 1:
        return filled[0] if filled else frames[0]
    return pd.concat(filled, ignore_index=True)


def _nothing_kept(batches: Iterable[pd.DataFrame]):
    for articles in batches:
        yield articles, empty_frame(STATEMENTS), articles


_worker_codebook: Codebook | None = None


def _process_context() -> multiprocessing.context.BaseContext:
    """Workers started from a clean server process (never a fork of this one, whose threads
    and open files they would share); spawn where there is no fork. The server imports the
    coder once, so the workers forked from it start without importing it each."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "stances.coder"])
    return context


def _start_process_server() -> None:
    """Start the server that worker processes fork from now, so that its imports overlap
    with this process's reading of the codebook and the first batch."""
    if _process_context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _load_worker_codebook(path: str | Path | None) -> None:
    global _worker_codebook
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    collect_garbage_less_often()
    _worker_codebook = load_codebook(path)


def _code_in_worker(articles: pd.DataFrame, *, coder: str) -> pd.DataFrame:
    assert _worker_codebook is not None, "the pool's initializer loads the codebook"
    return code_batch(articles, _worker_codebook, coder)


# --- incremental: what the previous build already holds ---------------------------------


@dataclass(frozen=True, eq=False)
class _Previous:
    """The previous build's article metadata (by article_id) and statements."""

    metadata: dict[str, tuple]
    statements: pa.Table
    rows_of: dict[str, list[int]]

    @classmethod
    def load(cls, out: Path, book: Codebook, coder) -> _Previous | None:
        """The previous build, when its rows are what this run's `coder` (a class of
        `stances.coder.CODERS`) would code; else None."""
        from stances.coder import coder_label

        _manifest, descriptor, files = committed_files(out)
        if descriptor is None:
            return None
        stamp = descriptor["stances"]
        tables: dict[str, list[Path]] = {}  # a table's file, or its part files
        for name in sorted(files):
            tables.setdefault(table_file(name), []).append(files[name])
        same = (
            stamp.get("codebook") == book.label
            and stamp.get("package_version") == __version__
            and stamp.get("schema_version") == SCHEMA_VERSION
            and set(tables) == {*(spec.file for spec in CORE_TABLES), CODEBOOK_FILE}
        )
        if not same:  # another coder, or reviews merged into its statements
            return None
        columns = ["article_id", *_COMPARED]
        articles = table_to_pandas(read_parts(tables["articles.parquet"], columns=columns))
        if stamp.get("coder", UNRECORDED_CODER) != coder_label(coder):
            return None
        statements = read_parts(tables["statements.parquet"])
        ids = statements.column("article_id").to_pandas()
        rows_of = {key: list(rows) for key, rows in ids.groupby(ids).indices.items()}
        return cls(
            dict(zip(articles["article_id"], _keys(articles), strict=True)), statements, rows_of
        )

    def split(self, batches: Iterable[pd.DataFrame]):
        """(articles, statements kept from the previous build, articles to code) per batch."""
        for articles in batches:
            same = [
                self.metadata.get(identifier) == key
                for identifier, key in zip(articles["article_id"], _keys(articles), strict=True)
            ]
            unchanged = articles["article_id"][same]
            rows = [r for identifier in unchanged for r in self.rows_of.get(identifier, ())]
            kept = table_to_pandas(self.statements.take(pa.array(rows, type=pa.int64())))
            yield articles, kept, articles[[not s for s in same]].reset_index(drop=True)


def _keys(articles: pd.DataFrame) -> list[tuple]:
    values = articles[list(_COMPARED)].astype(object)
    return list(values.where(values.notna(), None).itertuples(index=False, name=None))


# --- progress ----------------------------------------------------------------------------


class _Progress:
    """Articles coded, MB/s, elapsed time and, when the number of inputs is known, the time
    left, on a terminal or in a notebook (tqdm.auto)."""

    def __init__(self, enabled: bool, *, total: int | None = None) -> None:
        self.enabled = enabled
        self.total = total
        self.chars = 0
        self.started = time.perf_counter()
        self.bar = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from tqdm.auto import tqdm

            self.bar = tqdm(desc="coding", unit=" articles", total=self.total)
        return self

    def advance(self, articles: pd.DataFrame) -> None:
        if self.bar is None:
            return
        self.chars += int(articles["n_chars"].sum())
        rate = self.chars / 1e6 / max(time.perf_counter() - self.started, 1e-9)
        self.bar.set_postfix_str(f"{rate:.2f} MB/s", refresh=False)
        self.bar.update(len(articles))

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            if exc[0] is None and self.total is not None:  # skipped and repeated inputs
                self.bar.update(self.total - self.bar.n)
            self.bar.close()
