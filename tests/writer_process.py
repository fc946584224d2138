"""Dataset writers in processes of their own, for test_faults.py to kill.

    python writer_process.py SOURCE TARGET STOP [ROUNDS [LAYOUT]]
    python writer_process.py serve

The first form reads the dataset in SOURCE and writes it to TARGET (ROUNDS times, default
once; in LAYOUT, single or parts, default single). Every file-system step of a write
(writing a table, fsync, rename, unlink, rmdir) is counted; at step STOP the process prints
the step's name and sleeps, so that the test can kill it exactly there. STOP 0 never
pauses and ends by printing `done N`, N the number of steps. Before writing it prints
`pid P` and `writing`.

`serve` reads one JSON list [SOURCE, TARGET, STOP, ROUNDS, LAYOUT] per input line and forks such a
writer for each (after the imports, so a writer starts in milliseconds); when the writer
has ended it prints `exit CODE` (-9 when killed).
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback

import pyarrow as pa
import pyarrow.parquet as pq

# Loaded now, so that no import runs between the counted steps.
import stances.checks
import stances.datapackage  # noqa: F401
from stances.codebook import load_codebook
from stances.dataset import read_dataset, write_dataset
from stances.schema import ForeignKey, TableSpec

REVIEWS = TableSpec(
    "reviews",
    "Decisions on coded statements.",
    pa.schema(
        [
            pa.field("statement_id", pa.string(), nullable=False),
            pa.field("decision", pa.dictionary(pa.int32(), pa.string()), nullable=False),
        ]
    ),
    foreign_keys=(ForeignKey("statement_id", "statements", "statement_id"),),
    values={"decision": ("accept", "reject")},
)
STEPS = [(os, "replace"), (os, "fsync"), (os, "unlink"), (os, "rmdir"), (pq, "write_table")]


def write(source: str, target: str, stop: int, rounds: int, layout: str = "single") -> None:
    print(f"pid {os.getpid()}", flush=True)
    dataset = read_dataset(source)
    codebook = load_codebook()
    extra = [(REVIEWS, dataset.tables["reviews"])] if "reviews" in dataset.tables else []
    count = 0

    def pausing(module: object, name: str) -> None:
        real = getattr(module, name)

        def step(*args, **kwargs):
            nonlocal count
            count += 1
            if count == stop:
                print(name, flush=True)
                time.sleep(600)
            return real(*args, **kwargs)

        setattr(module, name, step)

    for module, name in STEPS:
        pausing(module, name)
    print("writing", flush=True)
    for _ in range(rounds):
        write_dataset(
            dataset.statements,
            dataset.articles,
            target,
            codebook=codebook,
            extra_tables=extra,
            layout=layout,
        )
    print(f"done {count}", flush=True)


def serve() -> None:
    for line in sys.stdin:
        source, target, stop, rounds, layout = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                write(source, target, stop, rounds, layout)
            except BaseException:
                traceback.print_exc()
                code = 1
            sys.stdout.flush()
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        print(f"exit {os.waitstatus_to_exitcode(status)}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["serve"]:
        serve()
    else:
        rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 1
        layout = sys.argv[5] if len(sys.argv) > 5 else "single"
        write(sys.argv[1], sys.argv[2], int(sys.argv[3]), rounds, layout)
