"""Bad and hostile corpus inputs: each gives a clear error or is skipped with a warning,
never a traceback, a hang or a blow-up, and nothing outside the folder is read."""

from __future__ import annotations

import json
import os
import shutil
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from stances.cli import main
from stances.corpus import SKIP_REASONS, read_corpus
from stances.errors import CorpusError, CorpusWarning
from stances.schema import ARTICLES, to_table

PAGES = Path(__file__).parent / "pages"
STORY = "Hegseth said NATO membership for Ukraine was unrealistic.\n"
PAGE = (PAGES / "comments_section.html").read_bytes()
# Generous: each of these takes well under a second when reading is linear.
TIME_BOUND_S = 20


@dataclass(frozen=True)
class Case:
    """A corpus to build in `tmp` (returns what to read and the options), and what must happen:
    a CorpusError with `error` fragments, or else these skipped (doc_id, reason) pairs and
    these article doc_ids."""

    build: Callable[[Path], tuple[Path, dict]]
    error: tuple[str, ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()
    articles: tuple[str, ...] = ()
    check: Callable[[object], None] | None = None
    options: dict = field(default_factory=dict)


def folder(tmp: Path, files: dict[str, str | bytes]) -> Path:
    corpus = tmp / "corpus"
    for name, content in files.items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return corpus


def files(**named: str | bytes) -> Callable[[Path], tuple[Path, dict]]:
    return lambda tmp: (folder(tmp, {k.replace("__", "."): v for k, v in named.items()}), {})


def billion_laughs(tmp: Path) -> tuple[Path, dict]:
    lines = ["---", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    lines += ["title: *a9", "---", STORY]
    return folder(tmp, {"a.md": "\n".join(lines)}), {}


def link_to_outside(tmp: Path) -> tuple[Path, dict]:
    secret = tmp / "secret.txt"
    secret.write_text("Private notes: Trump said the minerals deal was dead.", encoding="utf-8")
    corpus = folder(tmp, {"a.txt": STORY})
    (corpus / "x.txt").symlink_to(secret)
    return corpus, {}


def followed_link(tmp: Path) -> tuple[Path, dict]:
    corpus, _ = link_to_outside(tmp)
    return corpus, {"follow_symlinks": True}


def manifest_through_linked_folder(tmp: Path) -> tuple[Path, dict]:
    outside = tmp / "elsewhere"
    outside.mkdir()
    (outside / "b.txt").write_text("Outside text.", encoding="utf-8")
    corpus = folder(tmp, {"a.txt": STORY, "manifest.csv": "file\na.txt\nlinked/b.txt\n"})
    (corpus / "linked").symlink_to(outside, target_is_directory=True)
    return corpus, {}


def manifest_naming_a_link_outside(tmp: Path) -> tuple[Path, dict]:
    corpus, _ = link_to_outside(tmp)
    (corpus / "manifest.csv").write_text("file\na.txt\nx.txt\n", encoding="utf-8")
    return corpus, {}


def link_inside(tmp: Path) -> tuple[Path, dict]:
    corpus = folder(tmp, {"a.txt": STORY})
    (corpus / "same.txt").symlink_to(corpus / "a.txt")
    return corpus, {}


def link_loop(tmp: Path) -> tuple[Path, dict]:
    corpus = folder(tmp, {"sub/a.txt": STORY})
    (corpus / "sub" / "loop").symlink_to(corpus, target_is_directory=True)
    return corpus, {"follow_symlinks": True}


def dangling_link(tmp: Path) -> tuple[Path, dict]:
    corpus = folder(tmp, {"a.txt": STORY})
    (corpus / "gone.txt").symlink_to(tmp / "nothing.txt")
    return corpus, {}


def pipe(tmp: Path) -> tuple[Path, dict]:
    corpus = folder(tmp, {"a.txt": STORY})
    os.mkfifo(corpus / "fifo.txt")
    return corpus, {}


def non_utf8_name(tmp: Path) -> tuple[Path, dict]:
    corpus = folder(tmp, {"a.txt": STORY})
    (corpus / os.fsdecode(b"caf\xe9.txt")).write_bytes(b"Rubio met Lavrov in Riyadh.")
    return corpus, {}


def stances_outputs(tmp: Path) -> tuple[Path, dict]:
    """A report, and a dataset directory with charts, written into the corpus folder."""
    corpus = folder(tmp, {"a.txt": STORY, "b.txt": "Rubio met Lavrov in Riyadh on Tuesday."})
    data = corpus / "data"
    assert main(["code", str(corpus), "-o", str(data)]) == 0
    report = ["report", str(data), "-o", str(corpus / "report.html"), "--charts", str(data)]
    assert main(report) == 0
    return corpus, {}


def nested_divs(tmp: Path) -> tuple[Path, dict]:
    depth = 200_000
    page = (
        "<html><body>" + "<div>" * depth + "<p>Deep text.</p>" + "</div>" * depth + "</body></html>"
    )
    return folder(tmp, {"deep.html": page, "a.txt": STORY}), {}


def nested_json(tmp: Path) -> tuple[Path, dict]:
    table = tmp / "t.jsonl"
    table.write_text('{"id": 1, "text": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    return table, {}


def oversized_table_row(tmp: Path) -> tuple[Path, dict]:
    table = tmp / "t.parquet"
    pq.write_table(pa.table({"id": ["big", "ok"], "text": ["x " * 600_000, STORY]}), table)
    return table, {"max_article_mb": 1}


def lone_surrogate(tmp: Path) -> tuple[Path, dict]:
    table = tmp / "t.jsonl"
    table.write_text(
        '{"id": 1, "text": "Trump \\ud800 said talks would begin."}\n', encoding="utf-8"
    )
    return table, {}


def writes_as_parquet(read) -> None:
    to_table(read.articles, ARTICLES, name="articles")  # surrogates would fail here
    assert "\ufffd" in read.articles["text"][0]


CASES = {
    "yaml billion laughs": Case(billion_laughs, error=("a.md", "aliases", "not allowed")),
    "yaml alias": Case(
        files(a__md="---\nx: &x T\ntitle: *x\n---\n" + STORY), error=("a.md", "aliases")
    ),
    "front matter value is a list": Case(
        files(a__md="---\ntitle: [a, b]\n---\n" + STORY), error=("a.md:key title", "a list")
    ),
    "link to a file outside": Case(
        link_to_outside, error=("x.txt", "outside", "--follow-symlinks")
    ),
    "link outside, followed on request": Case(followed_link, articles=("a.txt", "x.txt")),
    "manifest path through a linked folder": Case(
        manifest_through_linked_folder, error=("manifest.csv:line 3", "outside", "--follow")
    ),
    "manifest naming a link to a file outside": Case(
        manifest_naming_a_link_outside, error=("manifest.csv:line 3", "x.txt", "--follow")
    ),
    "link inside the folder": Case(link_inside, articles=("a.txt",)),  # same text: a duplicate
    "link loop, followed": Case(link_loop, articles=("sub/a.txt",)),
    "dangling link": Case(
        dangling_link, skipped=(("gone.txt", "not_a_file"),), articles=("a.txt",)
    ),
    "named pipe": Case(pipe, skipped=(("fifo.txt", "not_a_file"),), articles=("a.txt",)),
    "file name not UTF-8": Case(non_utf8_name, articles=("a.txt", "caf\\xe9.txt")),
    "stances report and dataset in the corpus": Case(
        stances_outputs,
        skipped=(("data", "own_output"), ("report.html", "own_output")),
        articles=("a.txt", "b.txt"),
    ),
    "200k nested divs": Case(
        nested_divs, skipped=(("deep.html", "no_article"),), articles=("a.txt",)
    ),
    "empty html file": Case(
        files(e__html="", a__txt=STORY), skipped=(("e.html", "no_article"),), articles=("a.txt",)
    ),
    "html of scripts only": Case(
        files(s__html="<html><script>var x = 'Trump said yes';</script></html>", a__txt=STORY),
        skipped=(("s.html", "no_article"),),
        articles=("a.txt",),
    ),
    "binary file named .txt": Case(
        files(b__txt=bytes(range(256)) * 8), error=("b.txt", "not text in any encoding")
    ),
    "file over the size limit": Case(
        files(big__txt="word " * 300_000, a__txt=STORY),
        skipped=(("big.txt", "too_large"),),
        articles=("a.txt",),
        options={"max_article_mb": 1},
    ),
    "table row over the size limit": Case(
        oversized_table_row, skipped=(("big", "too_large"),), articles=("ok",)
    ),
    "json nested 100k deep": Case(nested_json, error=("t.jsonl:line 1", "nested too deeply")),
    "lone surrogate in a table": Case(lone_surrogate, articles=("1",), check=writes_as_parquet),
    "unknown declared charset": Case(
        files(p__html=PAGE.replace(b'charset="utf-8"', b'charset="x-no-such"')),
        articles=("p.html",),
    ),
    "wrong declared charset": Case(
        files(
            p__html=PAGE.decode().replace("Kellogg, the", "Kellogg’s envoy, the").encode("cp1252")
        ),
        articles=("p.html",),
        check=lambda read: (
            "Kellogg’s envoy" in read.articles["text"][0] or pytest.fail(read.articles["text"][0])
        ),
    ),
    "manifest in cp1252": Case(
        files(a__txt=STORY, manifest__csv="file,title\na.txt,Caf\xe9 talks\n".encode("cp1252")),
        articles=("a.txt",),
        check=lambda read: (
            read.articles["title"].tolist() == ["Café talks"] or pytest.fail("title")
        ),
    ),
    "utf-16 table without a byte-order mark": Case(
        lambda tmp: (
            (tmp / "t.csv").write_bytes(("id,text\n1," + STORY).encode("utf-16-le"))
            and tmp / "t.csv",
            {},
        ),
        articles=("1",),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_input(tmp_path, case):
    path, options = case.build(tmp_path)
    options = {**options, **case.options}
    started = time.perf_counter()

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CorpusWarning)
        if case.error:
            with pytest.raises(CorpusError) as raised:
                read_corpus(path, **options)
        else:
            read = read_corpus(path, **options)

    assert time.perf_counter() - started < TIME_BOUND_S
    if case.error:
        message = str(raised.value)
        assert "\n" not in message
        for fragment in case.error:
            assert fragment in message
        return
    assert sorted(map(tuple, read.skipped[["doc_id", "reason"]].values.tolist())) == sorted(
        case.skipped
    )
    assert read.articles["doc_id"].tolist() == list(case.articles)
    messages = " | ".join(str(w.message) for w in caught)
    for doc_id, reason in case.skipped:
        assert f"{SKIP_REASONS[reason]}: " in messages
        assert doc_id in messages
    if case.check:
        case.check(read)


def test_links_outside_are_refused_by_the_cli_with_one_line(tmp_path, capsys):
    corpus, _ = link_to_outside(tmp_path)

    assert main(["code", str(corpus), "-o", str(tmp_path / "data")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "outside the corpus folder; pass --follow-symlinks" in err
    assert not (tmp_path / "data").exists()

    assert main(["code", str(corpus), "-o", str(tmp_path / "data"), "--follow-symlinks"]) == 0


def test_non_utf8_file_names_print_without_a_traceback(tmp_path, capfd):
    corpus, _ = non_utf8_name(tmp_path)
    (corpus / os.fsdecode(b"bad\xff.md")).write_bytes(b"---\npublished: never\n---\nText")

    assert main(["code", str(corpus), "-o", str(tmp_path / "data")]) == 2
    err = capfd.readouterr().err
    assert "bad\\xff.md:key published" in err
    assert "Traceback" not in err


def test_code_does_not_read_its_own_report_back(tmp_path, capsys):
    corpus = folder(tmp_path, {"a.txt": STORY})
    assert main(["code", str(corpus), "-o", str(tmp_path / "data")]) == 0
    first = json.loads(_statement_count(tmp_path / "data"))
    assert main(["report", str(tmp_path / "data"), "-o", str(corpus / "report.html")]) == 0
    shutil.copytree(tmp_path / "data", corpus / "data")

    assert main(["code", str(corpus), "-o", str(tmp_path / "again")]) == 0

    assert json.loads(_statement_count(tmp_path / "again")) == first
    err = capsys.readouterr().err
    assert "stances: warning: 2 not coded, outputs of stances" in err


def _statement_count(data: Path) -> str:
    return json.dumps(pq.read_metadata(data / "statements.parquet").num_rows)


def test_the_size_limit_is_a_warning_with_its_way_around(tmp_path, capsys):
    corpus = folder(tmp_path, {"a.txt": STORY, "long.txt": STORY * 40})

    assert main(["code", str(corpus), "-o", str(tmp_path / "d1"), "--max-article-mb", "0.001"]) == 0
    captured = capsys.readouterr()
    assert "coded 1 article " in captured.out
    assert "1 not coded, inputs over the article size limit (raise it with --max-article-mb)" in (
        captured.err
    )

    assert main(["code", str(corpus), "-o", str(tmp_path / "d2"), "--max-article-mb", "inf"]) == 0
    assert "coded 2 articles" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exited:
        main(["code", str(corpus), "-o", str(tmp_path / "d3"), "--max-article-mb", "-1"])
    assert exited.value.code == 2
