"""One build, one commit: a dataset's files are staged, made durable, then moved into the
dataset directory as one unit, with the manifest (datapackage.json) moved last.

Inside a dataset directory DIR:

    DIR/<files>                   the committed build, read directly by DuckDB, Polars, R
    DIR/.stances/lock             held by the one process writing DIR (filelock)
    DIR/.stances/stage-*/         a build being written; removed if its writer died
    DIR/.stances/pending/         a committed build whose files are not all moved into DIR
                                  yet; whoever comes next finishes the move
    DIR/.stances/retired/         folders of part files (stances.parts) of the build being
                                  replaced, moved aside as a whole before the new ones go in

Renaming the staging directory to `pending` is the commit point: a build is either not
committed (the old files stay) or committed (it will be moved in whole). `committed_files`
gives readers the committed build's files even while a move is under way.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from stances.errors import DatasetError

MANIFEST = "datapackage.json"
STATE_DIR = ".stances"
LOCK_FILE = "lock"
PENDING = "pending"
RETIRED = "retired"
STAGE_PREFIX = "stage-"
LOCK_TIMEOUT = 120.0  # seconds a writer waits for another one to finish
# Temporary files that writers before the build directory left beside the data.
_LEGACY_TEMP = re.compile(r"^\.[\w.-]+\.parquet\.\w+\.tmp$")
# A file directly in DIR, or a part file two folders down (statements/month=…/part.parquet);
# every part starts with a word character, so no path leads out of DIR.
_LISTED_PATH = re.compile(r"^\w[\w.-]*(/\w[\w.=-]*){0,2}$")


@contextmanager
def build_directory(out: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[Path]:
    """Lock `out` for this writer and yield an empty staging directory. When the block ends
    normally, the files written there are committed as one build (the manifest last); when
    it raises, they are removed and `out` is left as it was."""
    state = out / STATE_DIR
    _make_dirs(state)
    lock = FileLock(state / LOCK_FILE, timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise DatasetError(
            f"another process is writing this dataset (it holds {state / LOCK_FILE} "
            f"for more than {timeout:g} s); run again once it has finished",
            path=out,
        ) from None
    except OSError as e:
        raise _os_error(e, out) from e
    try:
        finish_interrupted(out)
        stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=state))
        try:
            yield stage
            _sync_files(stage)
            os.replace(stage, state / PENDING)  # the commit point
            _sync_dir(state)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        _move_pending(out)
    except OSError as e:
        raise _os_error(e, out) from e
    finally:
        lock.release()


def finish_interrupted(out: Path) -> None:
    """Finish moving a committed build that a killed writer left, and remove staging
    directories and temporary files of builds that never committed. Call under the lock."""
    state = out / STATE_DIR
    _move_pending(out)
    for stage in state.glob(STAGE_PREFIX + "*"):
        shutil.rmtree(stage, ignore_errors=True)
    shutil.rmtree(state / RETIRED, ignore_errors=True)
    for leftover in out.iterdir():
        if _LEGACY_TEMP.match(leftover.name) and leftover.is_file():
            leftover.unlink(missing_ok=True)


def try_finish_interrupted(out: Path) -> None:
    """Finish an interrupted commit if nobody holds the lock and `out` is writable; a reader
    calls this so that DuckDB and Polars see whole builds again. Never waits, never raises."""
    state = out / STATE_DIR
    if not (state / PENDING).is_dir():
        return
    try:
        with FileLock(state / LOCK_FILE, timeout=0):
            _move_pending(out)
    except (Timeout, OSError):
        pass


def committed_files(out: Path) -> tuple[Path | None, dict | None, dict[str, Path]]:
    """The committed build's manifest, its content (None if damaged or another tool's) and
    where each file it lists is now: in `out`, or still in `pending` while a move is under
    way. (None, None, {}) for a directory with no manifest. A file a writer moves meanwhile
    raises FileNotFoundError: read again."""
    pending = out / STATE_DIR / PENDING
    manifest = pending / MANIFEST
    if not manifest.is_file():
        manifest = out / MANIFEST
        if not manifest.is_file():
            return None, None, {}
    descriptor = read_manifest(manifest)
    files = {
        name: pending / name if (pending / name).is_file() else out / name
        for name in manifest_files(descriptor)
    }
    return manifest, descriptor, files


def read_manifest(manifest: Path) -> dict | None:
    """A stances manifest's content; None for a damaged one or one another tool wrote.
    FileNotFoundError when there is none."""
    try:
        descriptor = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, ValueError):
        return None
    provenance = descriptor.get("stances") if isinstance(descriptor, dict) else None
    if isinstance(provenance, dict) and isinstance(provenance.get("build_id"), str):
        return descriptor
    return None


def manifest_files(descriptor: dict | None) -> list[str]:
    """The file paths a manifest lists (its resources' paths, several for a table of part
    files); only names inside the directory count, so nothing outside it is ever read or
    removed."""
    resources = (descriptor or {}).get("resources")
    paths = []
    for resource in resources if isinstance(resources, list) else []:
        path = resource.get("path") if isinstance(resource, dict) else None
        paths.extend(path if isinstance(path, list) else [path])
    return [p for p in paths if isinstance(p, str) and _LISTED_PATH.match(p)]


def _top_names(paths: list[str]) -> set[str]:
    """The entries of DIR that hold these paths: a file's name, a part file's table folder."""
    return {path.partition("/")[0] for path in paths}


def _listed(manifest: Path) -> list[str]:
    try:
        return manifest_files(read_manifest(manifest))
    except FileNotFoundError:
        return []


def _move_pending(out: Path) -> None:
    """Move a committed build into `out`: data files and folders of part files (the old
    build's folder moved aside first), then drop what the old build has and the new one
    lacks, then the manifest. Safe to repeat after a kill at any point."""
    pending = out / STATE_DIR / PENDING
    if not pending.is_dir():
        return
    new_manifest = pending / MANIFEST
    if new_manifest.is_file():
        for path in sorted(pending.iterdir()):
            if path.is_dir():
                _retire(out / path.name)
                os.replace(path, out / path.name)
            elif path.name != MANIFEST:
                os.replace(path, out / path.name)
        kept = _top_names(_listed(new_manifest))
        for name in _top_names(_listed(out / MANIFEST)) - kept - {MANIFEST}:
            old = out / name
            if old.is_dir() and not old.is_symlink():
                _retire(old)
            else:
                old.unlink(missing_ok=True)
        _sync_dir(out)
        os.replace(new_manifest, out / MANIFEST)
        _sync_dir(out)
    shutil.rmtree(pending)
    shutil.rmtree(out / STATE_DIR / RETIRED, ignore_errors=True)
    _sync_dir(out / STATE_DIR)


def _retire(folder: Path) -> None:
    """Move an old build's folder of part files out of the way in one rename (removed once
    the new build is in), so that no reader meets a folder holding parts of two builds."""
    if not folder.is_dir():
        return
    retired = folder.parent / STATE_DIR / RETIRED
    retired.mkdir(exist_ok=True)
    shutil.rmtree(retired / folder.name, ignore_errors=True)
    os.replace(folder, retired / folder.name)


def _make_dirs(state: Path) -> None:
    out = state.parent
    if out.exists() and not out.is_dir():
        raise DatasetError("is a file, not a directory: choose a directory for -o", path=out)
    try:
        state.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _os_error(e, out) from e


def _os_error(error: OSError, out: Path) -> DatasetError:
    """One line naming the dataset directory (and the file, if one failed) and the cause."""
    if isinstance(error, (NotADirectoryError, FileExistsError)):
        return DatasetError("a part of this path is a file, not a directory", path=out)
    name = Path(error.filename).name if isinstance(error.filename, str) else None
    what = f"{name} " if name and Path(name).suffix in (".parquet", ".json", ".toml") else ""
    return DatasetError(f"cannot write {what}here ({error.strerror or error})", path=out)


def _sync_files(folder: Path) -> None:
    """Make every file under `folder` durable, and the folders that list them."""
    for path in folder.iterdir():
        if path.is_dir():
            _sync_files(path)
            continue
        with path.open("rb+") as handle:
            os.fsync(handle.fileno())
    _sync_dir(folder)


def _sync_dir(folder: Path) -> None:
    """Make renames in `folder` durable (POSIX; other systems have no directory handle)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_output(out: Path, *, inputs: list[Path], outputs: list[str]) -> None:
    """Before a long build: refuse an output directory that cannot be one, or whose files
    would replace one of the build's inputs (`code X/articles.parquet -o X`)."""
    if out.exists() and not out.is_dir():
        raise DatasetError("is a file, not a directory: choose a directory for -o", path=out)
    existing = next(p for p in (out, *out.parents) if p.exists() or p == p.parent)
    if not existing.is_dir():
        raise DatasetError("a part of this path is a file, not a directory", path=out)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise DatasetError("cannot write here (not writable)", path=existing)
    replaced = [(out / name).resolve() for name in outputs]
    for source in inputs:
        if any(source.resolve().is_relative_to(path) for path in replaced):
            raise DatasetError(
                f"is an input of this build and writing {out} would replace it; write the "
                "dataset to another directory",
                path=source,
            )
    if out.is_dir():
        refuse_foreign_files(out, outputs)


def refuse_foreign_files(out: Path, names: list[str]) -> None:
    """Refuse to replace a file in `out` that no stances build wrote, such as an analyst's own
    codebook.toml or another tool's datapackage.json."""
    ours = _top_names(_listed(out / MANIFEST))
    for name in names:
        path = out / name
        if not path.exists() or name in ours or (name == MANIFEST and ours):
            continue
        if name.endswith(".parquet") and _written_by_stances(path):
            continue  # a dataset from before build ids and manifests
        raise DatasetError(
            "exists and was not written by stances; move it away or write the dataset to "
            "another directory",
            path=path,
        )


def _written_by_stances(path: Path) -> bool:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowException):
        return False
    return b"stances.schema_version" in metadata
