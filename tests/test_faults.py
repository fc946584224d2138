"""Faults while writing a dataset: kills at every step, concurrent writers, a full disk,
bad output paths, outputs that would replace inputs, leftovers of killed runs."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import ARTICLES, build_frames
from filelock import FileLock
from writer_process import REVIEWS

from stances.cli import main
from stances.codebook import load_codebook
from stances.dataset import read_dataset, write_dataset
from stances.errors import DatasetError

ROOT = Path(__file__).resolve().parents[1]
WRITER = Path(__file__).with_name("writer_process.py")
EPOCH = "1740000000"  # every build here has this time, so a build id stands for its content
BUILD = "stances.build_id"
BIG_TEXT = "Nothing was said about any topic on this long day. " * 20_000  # about 1 MB


@dataclass(frozen=True)
class Builds:
    old: Path  # a dataset with a reviews table: what each test target starts as
    old_parts: Path  # the same build with statements and articles as part files
    new: Path  # the dataset the writer processes write over it (no reviews table)
    new_id: str
    rows: dict[str, list[str]]  # build id -> statement ids in file order


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    folder = tmp_path_factory.mktemp("builds")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        statements, articles = build_frames(ARTICLES[:3])
        reviews = pd.DataFrame(
            {"statement_id": statements["statement_id"][:2], "decision": ["accept", "reject"]}
        )
        old = write_dataset(
            statements,
            articles,
            folder / "old",
            codebook=load_codebook(),
            extra_tables=[(REVIEWS, reviews)],
        )
        write_dataset(
            statements,
            articles,
            folder / "old-parts",
            codebook=load_codebook(),
            extra_tables=[(REVIEWS, reviews)],
            layout="parts",
        )
        statements, articles = build_frames(ARTICLES)
        big = {"article_id": "f" * 16, "doc_id": "big.txt", "title": "Long", "published": None}
        articles = pd.concat(
            [articles, pd.DataFrame([{**big, "n_chars": len(BIG_TEXT), "text": BIG_TEXT}])]
        )
        new = write_dataset(statements, articles, folder / "new", codebook=load_codebook())
    rows = {d.metadata[BUILD]: d.statements["statement_id"].tolist() for d in (old, new)}
    return Builds(folder / "old", folder / "old-parts", folder / "new", new.metadata[BUILD], rows)


class Writers:
    """Forks writer processes (see writer_process.py) and kills them at chosen steps."""

    def __init__(self, builds: Builds):
        self.builds = builds
        self.server = subprocess.Popen(
            [sys.executable, str(WRITER), "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
            cwd=ROOT,
        )

    def start(self, target: Path, stop: int = 0, layout: str = "single") -> int:
        """Start a writer of the new build over `target`; its pid, once it is writing."""
        order = [str(self.builds.new), str(target), stop, 1, layout]
        self.server.stdin.write(json.dumps(order) + "\n")
        self.server.stdin.flush()
        pid = int(self.line().removeprefix("pid "))
        assert self.line() == "writing"
        return pid

    def line(self) -> str:
        line = self.server.stdout.readline()
        assert line, "the writer server stopped"
        return line.strip()

    def finish(self, pid: int, *, kill: bool) -> list[str]:
        """Kill the writer (or let it end); what it printed after `writing`, then its exit."""
        if kill:
            with contextlib.suppress(ProcessLookupError):  # it may have just finished
                os.kill(pid, signal.SIGKILL)
        lines = [self.line()]
        while not lines[-1].startswith("exit "):
            lines.append(self.line())
        return lines

    def kill_at(self, target: Path, stop: int, layout: str = "single") -> str:
        """SIGKILL a writer at its `stop`th step; that step's name."""
        pid = self.start(target, stop, layout)
        step = self.line()
        assert not step.startswith("done"), f"the writer finished before step {stop}"
        assert self.finish(pid, kill=True) == ["exit -9"]
        return step

    def steps(self, target: Path, layout: str = "single") -> int:
        """How many steps a whole write over `target` takes."""
        done, end = self.finish(self.start(target, layout=layout), kill=False)
        assert end == "exit 0"
        return int(done.removeprefix("done "))

    def close(self) -> None:
        self.server.stdin.close()
        self.server.wait(timeout=60)
        self.server.stdout.close()


@pytest.fixture(scope="module")
def writers(builds: Builds):
    started = Writers(builds)
    yield started
    started.close()


def _target(builds: Builds, folder: Path, source: Path | None = None) -> Path:
    target = folder / "target"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source or builds.old, target)
    return target


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")}


def _assert_read(builds: Builds, target: Path) -> str:
    """A reader gets one whole build: the id of a known build and exactly its rows."""
    dataset = read_dataset(target)
    build = dataset.metadata[BUILD]
    assert dataset.statements["statement_id"].tolist() == builds.rows[build]
    return build


def _assert_one_build(builds: Builds, target: Path) -> str:
    """What readers see is one whole build, old or new, and so is the directory after it."""
    with FileLock(target / ".stances" / "lock"):  # a reader that cannot finish a move
        seen = _assert_read(builds, target)
    build = _assert_read(builds, target)  # may finish a move a killed writer left
    assert build == seen
    package = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    assert package["stances"]["build_id"] == build
    listed = set()  # a file's path, or a table's part files
    for resource in package["resources"]:
        path = resource["path"]
        listed.update(path if isinstance(path, list) else [path])
    on_disk = {
        p.relative_to(target).as_posix()
        for p in target.rglob("*")
        if p.is_file() and not p.relative_to(target).parts[0].startswith(".")
    }
    assert on_disk == listed | {"datapackage.json"}  # what DuckDB and Polars see
    for name in listed:
        if name.endswith(".parquet"):
            assert pq.read_schema(target / name).metadata[BUILD.encode()].decode() == build
    assert not (target / ".stances" / "pending").exists()
    return build


def _rerun_completes(builds: Builds, target: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        new = read_dataset(builds.new)
        write_dataset(new.statements, new.articles, target, codebook=load_codebook())
    assert _assert_one_build(builds, target) == builds.new_id
    assert [p.name for p in (target / ".stances").iterdir()] == ["lock"]


def test_a_kill_at_any_step_leaves_one_build_and_a_rerun_completes(builds, writers, tmp_path):
    steps = writers.steps(_target(builds, tmp_path))
    assert steps >= 20
    outcomes = {}
    for stop in range(1, steps + 1):
        target = _target(builds, tmp_path)
        step = writers.kill_at(target, stop)
        outcomes[stop] = (step, _assert_one_build(builds, target) == builds.new_id)
        _rerun_completes(builds, target)
    kinds = {step for step, _ in outcomes.values()}
    assert kinds == {"write_table", "fsync", "replace", "unlink", "rmdir"}
    # the early kills keep the old build, the late ones (after the commit point) the new
    committed = [stop for stop, (_, is_new) in outcomes.items() if is_new]
    assert committed == list(range(min(committed), steps + 1))
    between_renames = [
        stop
        for stop in committed
        if outcomes[stop][0] == "replace" and outcomes.get(stop - 1, ("",))[0] == "replace"
    ]
    assert len(between_renames) >= 3


def test_a_kill_while_finishing_a_killed_commit_is_finished_later(builds, writers, tmp_path):
    steps = writers.steps(_target(builds, tmp_path))
    for before_end in (3, 5, 7):
        target = _target(builds, tmp_path)
        writers.kill_at(target, steps - before_end)  # after the commit point
        assert (target / ".stances" / "pending").is_dir()
        writers.kill_at(target, 1)  # the next writer, at its first step: finishing the move
        assert _assert_one_build(builds, target) == builds.new_id
        _rerun_completes(builds, target)


@pytest.mark.parametrize(("old", "layout"), [("old_parts", "parts"), ("old_parts", "single")])
def test_a_kill_at_any_step_of_a_parts_build_leaves_one_build(
    builds, writers, tmp_path, old, layout
):
    source = getattr(builds, old)
    steps = writers.steps(_target(builds, tmp_path, source), layout)
    committed = []
    for stop in range(1, steps + 1):
        target = _target(builds, tmp_path, source)
        writers.kill_at(target, stop, layout)
        if _assert_one_build(builds, target) == builds.new_id:
            committed.append(stop)
            assert read_dataset(target).layout == layout
        else:
            assert (target / "reviews.parquet").is_file()
        _rerun_completes(builds, target)
    # the early kills keep the old build, the late ones (after the commit point) the new
    assert min(committed) > 1
    assert committed == list(range(min(committed), steps + 1))


def test_kills_at_random_moments_leave_one_build(builds, writers, tmp_path):
    pid = writers.start(_target(builds, tmp_path))
    started = time.monotonic()
    writers.finish(pid, kill=False)
    duration = time.monotonic() - started
    killed = 0
    for fraction in (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95):
        target = _target(builds, tmp_path)
        pid = writers.start(target)
        time.sleep(duration * fraction)
        killed += writers.finish(pid, kill=True)[-1] == "exit -9"
        _assert_one_build(builds, target)
        _rerun_completes(builds, target)
    assert killed >= 3


def _writer(
    builds: Builds, target: Path, rounds: int, source: Path, layout: str = "single"
) -> subprocess.Popen:
    command = [sys.executable, str(WRITER), str(source), str(target), "0", str(rounds), layout]
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)


@pytest.mark.parametrize("layout", ["single", "parts"])
def test_two_concurrent_writers_never_mix(builds, tmp_path, layout):
    target = _target(builds, tmp_path)
    processes = [
        _writer(builds, target, rounds=4, source=builds.new, layout=layout),
        _writer(builds, target, rounds=4, source=builds.old),
    ]
    reads = 0
    while any(p.poll() is None for p in processes):
        _assert_read(builds, target)
        reads += 1
    for writer in processes:
        out, _ = writer.communicate(timeout=60)
        assert writer.returncode == 0, out
    assert reads >= 3
    assert _assert_one_build(builds, target) in builds.rows
    assert [p.name for p in (target / ".stances").iterdir()] == ["lock"]


def test_a_second_writer_waits_then_fails_clearly(builds, tmp_path):
    target = _target(builds, tmp_path)
    before = {name: (target / name).read_bytes() for name in _files(target)}
    dataset = read_dataset(builds.new)
    with (
        FileLock(target / ".stances" / "lock"),
        pytest.raises(DatasetError, match=r"another process is writing this dataset .* 0\.3 s"),
    ):
        write_dataset(dataset.statements, dataset.articles, target, codebook="x", lock_timeout=0.3)
    assert {name: (target / name).read_bytes() for name in _files(target)} == before


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("write_table", "No space left on device"),
        ("fsync", "Input/output error"),
    ],
)
def test_a_failing_write_is_an_error_and_keeps_the_old_data(
    builds, tmp_path, monkeypatch, fault, expected
):
    target = _target(builds, tmp_path)
    before = {name: (target / name).read_bytes() for name in _files(target)}
    dataset = read_dataset(builds.new)

    def full_disk(table, where, **options):
        where.write(b"PAR1" * 1000)  # part of the file got out before the disk filled up
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def failing_fsync(fd):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    if fault == "write_table":
        monkeypatch.setattr(pq, "write_table", full_disk)
    else:
        monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(DatasetError, match=expected) as info:
        write_dataset(dataset.statements, dataset.articles, target, codebook=load_codebook())
    monkeypatch.undo()
    assert info.value.path == str(target)
    assert {name: (target / name).read_bytes() for name in _files(target)} == before
    assert [p.name for p in (target / ".stances").iterdir()] == ["lock"]


# The language model is loaded (through a temporary file of its own) before the file-size
# limit is set, so that the first write to fail is the dataset's.
_CODE_UNDER_A_FILE_SIZE_LIMIT = """
import resource, signal, sys
from stances.language import identify_language
identify_language("The model is loaded before the limit.")
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (30_000, 30_000))
from stances.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_real_failing_write_through_the_cli_keeps_the_old_data(builds, tmp_path):
    target = _target(builds, tmp_path)
    before = {name: (target / name).read_bytes() for name in _files(target)}
    result = subprocess.run(
        [sys.executable, "-c", _CODE_UNDER_A_FILE_SIZE_LIMIT, "code", "seeds", "-o", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"stances: error: {target}: cannot write ")
    assert "File too large" in result.stderr
    assert {name: (target / name).read_bytes() for name in _files(target)} == before
    assert [p.name for p in (target / ".stances").iterdir()] == ["lock"]


# ---------------------------------------------------------------- bad outputs, via the CLI


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Hegseth said NATO membership was unrealistic.", "utf-8")
    return folder


def _code_fails(capsys, *args: str) -> str:
    assert main(["code", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err
    return captured.err


def test_output_that_is_a_file_is_refused(corpus, tmp_path, capsys):
    out = tmp_path / "out.parquet"
    out.write_bytes(b"mine")
    err = _code_fails(capsys, str(corpus), "-o", str(out))
    assert err == f"stances: error: {out}: is a file, not a directory: choose a directory for -o\n"
    assert out.read_bytes() == b"mine"


def test_output_under_a_file_is_refused(corpus, tmp_path, capsys):
    (tmp_path / "file").write_text("x", "utf-8")
    out = tmp_path / "file" / "data"
    err = _code_fails(capsys, str(corpus), "-o", str(out))
    assert err == f"stances: error: {out}: a part of this path is a file, not a directory\n"


def test_read_only_output_is_refused_and_left_untouched(builds, corpus, tmp_path):
    target = _target(builds, tmp_path)
    before = {name: (target / name).read_bytes() for name in _files(target)}
    for out in (target, target / "new"):
        script = (
            f'mount --bind "{target}" "{target}" && mount -o remount,bind,ro "{target}" && '
            f'exec "{sys.executable}" -m stances code "{corpus}" -o "{out}"'
        )
        result = subprocess.run(
            ["unshare", "-rm", "sh", "-c", script],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 2 and "stances" not in result.stderr:
            pytest.skip(f"no read-only bind mount here: {result.stderr.strip()}")
        assert result.returncode == 2, result.stderr
        assert result.stderr == f"stances: error: {target}: cannot write here (not writable)\n"
    assert {name: (target / name).read_bytes() for name in _files(target)} == before
    assert not (target / "new").exists()


def test_an_output_that_would_replace_its_input_is_refused(tmp_path, capsys):
    folder = tmp_path / "x"
    folder.mkdir()
    table = pd.DataFrame({"id": ["a"], "text": ["Vance said Europe must pay for its defence."]})
    table.to_parquet(folder / "articles.parquet")
    before = (folder / "articles.parquet").read_bytes()
    err = _code_fails(capsys, str(folder / "articles.parquet"), "-o", str(folder))
    assert err.startswith(f"stances: error: {folder / 'articles.parquet'}: is an input of this")
    assert (folder / "articles.parquet").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["articles.parquet"]


def test_a_codebook_in_the_output_is_not_replaced(corpus, tmp_path, capsys):
    out = tmp_path / "data"
    out.mkdir()
    mine = (ROOT / "stances" / "codebook.toml").read_text("utf-8") + "\n# my edits\n"
    (out / "codebook.toml").write_text(mine, "utf-8")
    err = _code_fails(capsys, str(corpus), "-o", str(out), "--codebook", str(out / "codebook.toml"))
    assert "is an input of this build" in err
    err = _code_fails(capsys, str(corpus), "-o", str(out))
    assert err == (
        f"stances: error: {out / 'codebook.toml'}: exists and was not written by stances; "
        "move it away or write the dataset to another directory\n"
    )
    assert (out / "codebook.toml").read_text("utf-8") == mine
    assert sorted(p.name for p in out.iterdir()) == ["codebook.toml"]


def test_another_tools_datapackage_is_not_replaced(corpus, tmp_path, capsys):
    out = tmp_path / "data"
    out.mkdir()
    (out / "datapackage.json").write_text('{"resources": [{"path": "survey.csv"}]}', "utf-8")
    (out / "survey.csv").write_text("q1\n4\n", "utf-8")
    err = _code_fails(capsys, str(corpus), "-o", str(out))
    assert "datapackage.json: exists and was not written by stances" in err
    assert (out / "survey.csv").exists()


def test_a_bad_dataset_is_one_line_in_the_cli(builds, tmp_path, capsys):
    target = _target(builds, tmp_path)
    table = pq.read_table(target / "statements.parquet")
    stances = table.column("stance").to_pylist()
    stances[1] = "maybe"
    column = pa.array(stances).dictionary_encode().cast(table.schema.field("stance").type)
    table = table.set_column(table.schema.get_field_index("stance"), "stance", column)
    pq.write_table(table, target / "statements.parquet")
    for command in (["info", str(target)], ["report", str(target), "-o", str(tmp_path / "r.html")]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err == (
            f"stances: error: {target / 'statements.parquet'}: stance: not one of support, "
            "oppose, neutral, mixed in rows 1 (found 'maybe')\n"
        )
    assert not (tmp_path / "r.html").exists()


def test_leftovers_of_killed_runs_are_removed_by_the_next(builds, tmp_path):
    target = _target(builds, tmp_path)
    old_style = target / ".statements.parquet.k2j4h1.tmp"
    old_style.write_bytes(b"half")
    old_style.chmod(0o600)
    stage = target / ".stances" / "stage-abc123"
    stage.mkdir()
    (stage / "statements.parquet").write_bytes(b"half")
    dataset = read_dataset(builds.new)
    write_dataset(dataset.statements, dataset.articles, target, codebook=load_codebook())
    assert not old_style.exists()
    assert [p.name for p in (target / ".stances").iterdir()] == ["lock"]
    umask = os.umask(0)
    os.umask(umask)
    for name in _files(target):
        assert (target / name).stat().st_mode & 0o777 == 0o666 & ~umask, name
