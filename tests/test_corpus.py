"""Tests for stances.corpus: normalising, identifying and reading articles."""

from __future__ import annotations

import codecs
import json
import random
import re
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stances import manifest as manifest_module
from stances import normalise
from stances.corpus import article_id, normalise_text, read_corpus
from stances.errors import CorpusError, CorpusWarning
from stances.extract import decode
from stances.schema import ARTICLES, to_table

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_1ed7bb89dee7198b.txt"
MANIFEST_HEADER = "file,title,published,source,url\n"


def write_files(root: Path, files: dict[str, str | bytes | pa.Table]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, pa.Table):
            pq.write_table(content, path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """Rows as plain dicts, with None for every missing value."""
    return frame[columns].astype(object).where(frame[columns].notna(), None).to_dict("records")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# --- normalise_text and article_id --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        ("one\u2029two\x85three\u2028four", "one\ntwo\nthree\nfour"),
        ("lone \ud800 and paired \ud83d\ude00", "lone \ufffd and paired \ufffd\ufffd"),
        ("\ufeffHeadline", "Headline"),
        ("a\u00a0b\u2009c\u3000d\u202fe", "a b c d e"),
        ("trailing  \t\nnext", "trailing\nnext"),
        ("a\n\n\n\n\nb\n \n \n\nc", "a\n\nb\n\nc"),
        ("\n\n   body  \n\n", "body"),
        ("Cafe\u0301", "Café"),
        ("“Yes” — it’s a deal – maybe…", "“Yes” — it’s a deal – maybe…"),
        ("Body.\n\nRelated posts", "Body."),
        (
            "Body.\n\nread more »\nShare this:\n\nADVERTISEMENT\nSubscribe to our newsletter",
            "Body.",
        ),
        (
            "Related articles\n\nAdvertisement\nBody stays.",
            "Related articles\n\nAdvertisement\nBody stays.",
        ),
        ("Body.\nRelated posts on this topic", "Body.\nRelated posts on this topic"),
    ],
)
def test_normalise_text(text, expected):
    result = normalise_text(text)
    assert result == expected


def test_article_id_is_a_sha256_prefix():
    result = article_id("abc")
    expected = "ba7816bf8f01cfea"  # SHA-256("abc") = ba7816bf8f01cfea414140de...
    assert result == expected


ODD_WHITESPACE = ["\r\n", "\r", "\n\n\n", " \t", "\u00a0", "\u2003", "\ufeff", "\u2028", "\x85"]
TRICKY_PIECES = ["e", "\u0301", "Related posts", "Read more", "Advertisement", "“", "—"]
messy_texts = st.lists(
    st.one_of(st.text(), st.sampled_from(ODD_WHITESPACE), st.sampled_from(TRICKY_PIECES))
).map("".join)


@given(messy_texts)
def test_normalise_text_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(messy_texts)
def test_article_id_is_stable_under_renormalisation(text):
    once = normalise_text(text)
    result = article_id(normalise_text(once))
    assert result == article_id(once)
    assert re.fullmatch(r"[0-9a-f]{16}", result)


@given(messy_texts)
def test_normalise_text_leaves_no_carriage_return(text):
    assert "\r" not in normalise_text(text)


@given(messy_texts)
def test_normalise_text_never_grows_whitespace(text):
    result = normalise_text(text)
    assert sum(c.isspace() for c in result) <= sum(c.isspace() for c in text)


@given(st.text(st.characters(categories=["Cs", "Ll", "Zs", "Po"])))
def test_lone_surrogates_become_replacement_characters_once(text):
    once = normalise_text(text)
    once.encode("utf-8")  # storable: no surrogate is left
    assert normalise_text(once) == once
    assert once.count("\ufffd") == sum("\ud800" <= c <= "\udfff" for c in text)


@given(st.text(st.characters(exclude_categories=["Cs", "Cc"])))  # text holds no NUL bytes
def test_utf8_and_utf16_bytes_decode_to_their_text(text):
    for encoding, expected_name in (("utf-8", "utf-8"), ("utf-16", "utf-16")):
        assert decode(text.encode(encoding)) == (text, expected_name)


# --- folders ------------------------------------------------------------------------------


def test_folder_finds_its_manifest_and_skips_other_files(tmp_path):
    write_files(
        tmp_path,
        {
            "manifest.csv": MANIFEST_HEADER
            + "a.txt,Title A,2025-02-12,Reuters,https://example.org/a\n"
            + "sub/b.md,,,,\n",
            "a.txt": "Text A.\r\n",
            "sub/b.md": "# Text B\n\nBody.",
            "README.md": "About this corpus.",
            "CODING.md": "How the gold was coded.",
            "gold.csv": "doc_id,actor\na.txt,trump\n",
            "real/texts/r001.txt": "An article kept for another purpose.",
        },
    )
    before = snapshot(tmp_path)

    result = read_corpus(tmp_path)

    expected = [
        {
            "doc_id": "a.txt",
            "title": "Title A",
            "published": pd.Timestamp("2025-02-12"),
            "source": "Reuters",
            "url": "https://example.org/a",
            "text": "Text A.",
        },
        {
            "doc_id": "sub/b.md",
            "title": None,
            "published": None,
            "source": None,
            "url": None,
            "text": "# Text B\n\nBody.",
        },
    ]
    assert records(result.articles, list(expected[0])) == expected
    assert result.duplicates.empty
    assert snapshot(tmp_path) == before


def test_articles_frame_follows_schema_v1(tmp_path):
    write_files(tmp_path, {"a.txt": "Text “A”.", "b.md": "---\ndate: 2025-02-12\n---\nB"})

    articles = read_corpus(tmp_path).articles

    assert list(articles.columns) == ARTICLES.names
    assert str(articles["published"].dtype) == "datetime64[s]"
    assert str(articles["n_chars"].dtype) == "int32"
    assert articles["article_id"].tolist() == [article_id(t) for t in articles["text"]]
    assert articles["n_chars"].tolist() == [len(t) for t in articles["text"]]
    assert to_table(articles, ARTICLES, name="articles").num_rows == 2


def test_a_manifest_read_in_several_chunks_gives_each_file_its_own_row(tmp_path, monkeypatch):
    monkeypatch.setattr(manifest_module, "_CHUNK_ROWS", 2)
    rows = [f"{n}.txt,Title {n},2025-02-{n + 10},Source {n},\n" for n in (3, 1, 4, 2, 5)]
    write_files(tmp_path, {"manifest.csv": MANIFEST_HEADER + "".join(rows)})
    write_files(tmp_path, {f"{n}.txt": f"Text {n}." for n in range(1, 6)})

    result = read_corpus(tmp_path).articles

    assert list(result["doc_id"]) == [f"{n}.txt" for n in range(1, 6)]
    assert list(result["title"]) == [f"Title {n}" for n in range(1, 6)]
    assert list(result["text"]) == [f"Text {n}." for n in range(1, 6)]
    assert list(result["published"].dt.day) == [11, 12, 13, 14, 15]
    assert list(result["url"].isna()) == [True] * 5


def test_explicit_manifest_elsewhere_names_files_relative_to_the_folder(tmp_path):
    write_files(
        tmp_path,
        {
            "meta/list.csv": MANIFEST_HEADER + "./x/a.txt,A,2025-03-01,,\n",
            "corpus/x/a.txt": "Text A.",
            "corpus/notes.csv": "not,an,article\n",
        },
    )

    result = read_corpus(tmp_path / "corpus", manifest=str(tmp_path / "meta" / "list.csv"))

    expected = [{"doc_id": "x/a.txt", "title": "A", "published": pd.Timestamp("2025-03-01")}]
    assert records(result.articles, ["doc_id", "title", "published"]) == expected


@pytest.mark.parametrize(
    "content",
    [
        '+++\ntitle = "T"\npublished = 2025-02-12\nsource = "AP"\nurl = "https://a.example"\n'
        "+++\n\nBody “quoted”.\n",
        "---\ntitle: T\ndate: 2025-02-12T09:30:00Z\nsource: AP\nurl: https://a.example\n"
        "tags: [x]\n---\nBody “quoted”.\n",
    ],
    ids=["toml", "yaml"],
)
def test_front_matter_gives_metadata_and_is_not_text(tmp_path, content):
    write_files(tmp_path, {"a.md": content})

    result = read_corpus(tmp_path)

    expected = [
        {
            "title": "T",
            "published": pd.Timestamp("2025-02-12"),
            "source": "AP",
            "url": "https://a.example",
            "text": "Body “quoted”.",
        }
    ]
    assert records(result.articles, list(expected[0])) == expected


def test_manifest_wins_over_front_matter_where_it_has_a_value(tmp_path):
    write_files(
        tmp_path,
        {
            "manifest.csv": MANIFEST_HEADER + "a.md,Manifest title,,,\n",
            "a.md": "---\ntitle: Front title\nsource: Front source\n---\nBody.",
        },
    )

    result = read_corpus(tmp_path)

    expected = [{"title": "Manifest title", "source": "Front source"}]
    assert records(result.articles, ["title", "source"]) == expected


def test_folder_without_manifest_reads_every_article_file_in_path_order(tmp_path):
    write_files(
        tmp_path,
        {
            "b.txt": "B",
            "a/c.md": "C",
            "a/README.md": "Sub-folder readme is an article.",
            "README.md": "Root readme is not.",
            "notes.csv": "x\n1\n",
            ".cache/copy.txt": "Hidden folders are not read.",
            "page.HTM": "<html><body><article><p>An upper-case suffix.</p></article></body></html>",
        },
    )

    result = read_corpus(tmp_path)

    expected = ["a/README.md", "a/c.md", "b.txt", "page.HTM"]
    assert result.articles["doc_id"].tolist() == expected


def test_scrape_residue_is_removed_from_files(tmp_path):
    write_files(tmp_path, {"a.txt": "Body.\n\nRelated posts\nShare this:\n"})

    result = read_corpus(tmp_path).articles["text"].tolist()

    assert result == ["Body."]


def test_identical_texts_are_one_article_and_the_repeat_is_reported(tmp_path):
    write_files(
        tmp_path,
        {"a.txt": "Same text.", "b.txt": "Same text.\r\n\r\nRead more", "c.txt": "Other."},
    )

    result = read_corpus(tmp_path)

    assert result.articles["doc_id"].tolist() == ["a.txt", "c.txt"]
    expected = [
        {"doc_id": "b.txt", "duplicate_of": "a.txt", "article_id": article_id("Same text.")}
    ]
    assert records(result.duplicates, list(expected[0])) == expected


def test_duplicates_can_be_an_error(tmp_path):
    write_files(tmp_path, {"a.txt": "Same text.", "b.txt": "Same text."})

    with pytest.raises(CorpusError, match=r"b\.txt repeats a\.txt"):
        read_corpus(tmp_path, on_duplicate="error")


def test_seed_article_loads_without_its_residue(tmp_path):
    corpus = tmp_path / "seeds"
    corpus.mkdir()
    shutil.copy(SEED, corpus)
    write_files(corpus, {"manifest.csv": MANIFEST_HEADER + f"{SEED.name},,2025-02-12,,\n"})
    raw = SEED.read_text(encoding="utf-8")
    assert raw.endswith("\n\nRelated posts")

    result = read_corpus(corpus).articles

    # Besides the residue, normalising only merges the seed's double blank lines.
    expected = re.sub(r"\n{3,}", "\n\n", raw.removesuffix("Related posts").rstrip())
    assert result["text"].tolist() == [expected]
    assert result["published"].tolist() == [pd.Timestamp("2025-02-12")]


# --- tables -------------------------------------------------------------------------------

TABLE_ROWS = [
    {
        "id": 1,
        "text": "First.\r\n\r\nRelated posts",
        "title": "One",
        "published": "2025-02-12",
        "source": "AP",
        "url": "https://a.example",
    },
    {"id": 2, "text": "Second.", "title": None, "published": None, "source": None, "url": None},
    {"id": 3, "text": "First.", "title": "Again", "published": None, "source": None, "url": None},
]


def write_table(tmp_path: Path, suffix: str) -> Path:
    path = tmp_path / f"articles{suffix}"
    if suffix == ".csv":
        pd.DataFrame(TABLE_ROWS).to_csv(path, index=False)
    elif suffix == ".jsonl":
        path.write_text("".join(json.dumps(row) + "\n" for row in TABLE_ROWS), encoding="utf-8")
    else:
        dates = [date.fromisoformat(r["published"]) if r["published"] else None for r in TABLE_ROWS]
        columns = {key: [row[key] for row in TABLE_ROWS] for key in TABLE_ROWS[0]}
        table = pa.table({**columns, "published": dates})  # int64 ids, date32 dates
        pq.write_table(table, path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_tables_in_every_format_give_the_same_articles(tmp_path, suffix):
    result = read_corpus(write_table(tmp_path, suffix))

    expected = [
        {
            "doc_id": "1",
            "title": "One",
            "published": pd.Timestamp("2025-02-12"),
            "source": "AP",
            "url": "https://a.example",
            "text": "First.",
        },
        {
            "doc_id": "2",
            "title": None,
            "published": None,
            "source": None,
            "url": None,
            "text": "Second.",
        },
    ]
    assert records(result.articles, list(expected[0])) == expected
    assert records(result.duplicates, ["doc_id", "duplicate_of"]) == [
        {"doc_id": "3", "duplicate_of": "1"}
    ]
    reference = read_corpus(write_table(tmp_path, ".csv"))
    pd.testing.assert_frame_equal(result.articles, reference.articles)


# --- errors -------------------------------------------------------------------------------

ERROR_CASES = {
    "missing path": ({}, "nowhere", {}, ["nowhere", "no such file"]),
    "manifest names a missing file": (
        {"c/manifest.csv": MANIFEST_HEADER + "a.txt,,,,\nghost.txt,,,,\n", "c/a.txt": "A"},
        "c",
        {},
        ["c/manifest.csv:line 3", "ghost.txt", "does not exist"],
    ),
    "explicit manifest not found": ({"c/a.txt": "A"}, "c", {"manifest": "none.csv"}, ["none.csv"]),
    "unknown manifest column": (
        {"c/manifest.csv": "file,pubished\na.txt,2025-01-01\n", "c/a.txt": "A"},
        "c",
        {},
        ["c/manifest.csv:line 1", "'pubished'"],
    ),
    "bad date in manifest": (
        {"c/manifest.csv": MANIFEST_HEADER + "a.txt,,Feb 12,,\n", "c/a.txt": "A"},
        "c",
        {},
        ["c/manifest.csv:line 2, column published", "'Feb 12'"],
    ),
    "bad date in yaml front matter": (
        {"c/a.md": "---\npublished: yesterday\n---\nText"},
        "c",
        {},
        ["c/a.md:key published", "'yesterday'"],
    ),
    "bad date in toml front matter": (
        {"c/a.md": "+++\ndate = 20250212\n+++\nText"},
        "c",
        {},
        ["c/a.md:key date", "20250212"],
    ),
    "broken front matter": (
        {"c/a.md": "---\ntitle: [unclosed\n---\nText"},
        "c",
        {},
        ["c/a.md", "front matter"],
    ),
    "file empty after normalisation": (
        {"c/a.txt": "\n\nRelated posts\n"},
        "c",
        {},
        ["c/a.txt", "no text"],
    ),
    "empty folder": ({"c/notes.csv": "x\n"}, "c", {}, ["c", "no .txt/.md/.html/.htm"]),
    "not a folder or table": ({"a.txt": "A"}, "a.txt", {}, ["a.txt", "expected a folder"]),
    "manifest for a table": (
        {"t.csv": "id,text\n1,a\n", "m.csv": "file\n"},
        "t.csv",
        {"manifest": "m.csv"},
        ["m.csv", "folder"],
    ),
    "csv missing column": ({"t.csv": "id,body\n1,x\n"}, "t.csv", {}, ["t.csv", "'text'"]),
    "parquet missing column": (
        {"t.parquet": pa.table({"text": ["x"]})},
        "t.parquet",
        {},
        ["t.parquet", "'id'"],
    ),
    "jsonl missing column": (
        {"t.jsonl": '{"id": 1, "text": "a"}\n{"id": 2, "body": "b"}\n'},
        "t.jsonl",
        {},
        ["t.jsonl:line 2", "'text'"],
    ),
    "malformed jsonl line": (
        {"t.jsonl": '{"id": 1, "text": "a"}\n\n{"id": 2, "text": \n'},
        "t.jsonl",
        {},
        ["t.jsonl:line 3", "not valid JSON"],
    ),
    "repeated id": (
        {"t.csv": "id,text\n7,a\n8,b\n7,c\n"},
        "t.csv",
        {},
        ["t.csv:row 1", "'7' is repeated in row 3"],
    ),
    "bad date in table": (
        {"t.csv": "id,text,published\n1,a,12/02/2025\n"},
        "t.csv",
        {},
        ["t.csv:row 1, column published", "'12/02/2025'"],
    ),
    "table row empty after normalisation": (
        {"t.jsonl": '{"id": "a", "text": "ok"}\n{"id": "b", "text": " \\u00a0 "}\n'},
        "t.jsonl",
        {},
        ["t.jsonl:line 2", "id 'b'", "no text"],
    ),
}


@pytest.mark.parametrize(
    ("files", "path", "options", "fragments"), ERROR_CASES.values(), ids=ERROR_CASES.keys()
)
def test_errors_name_the_file_and_place(tmp_path, files, path, options, fragments):
    write_files(tmp_path, files)
    options = {key: tmp_path / value for key, value in options.items()}

    with pytest.raises(CorpusError) as raised:
        read_corpus(tmp_path / path, **options)

    message = str(raised.value)
    for fragment in fragments:
        assert fragment in message


def test_every_bad_manifest_row_is_reported_at_once(tmp_path):
    write_files(
        tmp_path,
        {"manifest.csv": MANIFEST_HEADER + "a.txt,,,,\nx.txt,,,,\na.txt,,,,\n", "a.txt": "A"},
    )

    with pytest.raises(CorpusError) as raised:
        read_corpus(tmp_path)

    message = str(raised.value)
    assert "2 problems" in message
    assert "line 3: 'x.txt' does not exist" in message
    assert "line 4: 'a.txt' is already listed on line 2" in message


def table_of(path: Path, ids: list[str], texts: list[str], *, encoding: str = "utf-8") -> Path:
    frame = pd.DataFrame({"id": ids, "text": texts})
    if path.suffix == ".parquet":
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    elif path.suffix == ".csv":
        frame.to_csv(path, index=False, encoding=encoding)
    else:
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    return path


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_a_large_table_is_read_in_chunks_not_held_whole(tmp_path, monkeypatch, suffix):
    import tracemalloc

    from stances import tables
    from stances.corpus import iter_corpus
    from stances.language import identify_language
    from stances.tables import CHUNK_ROWS

    text = "Trump said he wants a minerals deal with Ukraine. " * 20  # 1,000 characters
    identify_language(text)  # the language model is loaded once, before measuring
    monkeypatch.setattr(tables, "SAMPLE_BYTES", 100_000)  # CSV and JSONL: decoded as read

    def peak_reading(rows: int) -> tuple[int, int]:
        ids, texts = [f"a{i}" for i in range(rows)], [f"{i} {text}" for i in range(rows)]
        path = table_of(tmp_path / f"{rows}{suffix}", ids, texts)
        tracemalloc.start()
        assert sum(1 for _ in iter_corpus(path)) == rows
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak, sum(map(len, texts))

    # Four times the rows: the memory grows by the ids kept to find repeats, not by the
    # texts, since one chunk is held at a time.
    (small, small_text), (large, large_text) = (
        peak_reading(CHUNK_ROWS),
        peak_reading(4 * CHUNK_ROWS),
    )
    assert large - small < 0.25 * (large_text - small_text)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_table_larger_than_the_sample_keeps_its_encoding_and_every_row(
    tmp_path, monkeypatch, suffix
):
    from stances import tables

    monkeypatch.setattr(tables, "SAMPLE_BYTES", 2_000)
    ids = [f"a{i}" for i in range(300)]
    texts = [f"Der Präsident sagte am {i}. Februar: “Nein.”\u2028Ende." for i in range(300)]
    path = table_of(tmp_path / f"t{suffix}", ids, texts)
    if suffix == ".csv":  # with a byte-order mark, and again in windows-1252
        path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    read = read_corpus(path).articles
    assert read["doc_id"].tolist() == ids
    assert read["text"].tolist() == [normalise_text(t) for t in texts]
    assert set(read["encoding"]) == {"utf-8"}
    if suffix == ".csv":
        latin = tmp_path / "latin.csv"
        german = [f"Der Präsident sagte am {i}. Februar: Nein." for i in range(300)]
        table_of(latin, ids, german, encoding="cp1252")
        with pytest.warns(CorpusWarning, match="300 not UTF-8"):
            read = read_corpus(latin).articles
        assert read["text"].tolist() == german


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_table_that_changes_encoding_after_the_sample_is_an_error(tmp_path, monkeypatch, suffix):
    from stances import tables

    monkeypatch.setattr(tables, "SAMPLE_BYTES", 2_000)
    path = table_of(tmp_path / f"t{suffix}", [f"a{i}" for i in range(300)], ["Text."] * 300)
    path.write_bytes(path.read_bytes() + path.read_bytes()[-40:].replace(b"Text.", b"T\xe9xt."))
    with pytest.raises(CorpusError, match=r"not utf-8 throughout.*save the table as UTF-8"):
        read_corpus(path)


def test_a_bad_row_late_in_a_table_is_reported_after_the_rows_before_it(tmp_path):
    from stances.corpus import iter_corpus

    path = tmp_path / "t.csv"
    lines = ["id,text,published"] + [f"a{i},Text number {i}.,2025-02-1{i % 9}" for i in range(9)]
    path.write_text("\n".join([*lines, "a9,The last text.,not a date"]) + "\n", encoding="utf-8")
    articles = iter_corpus(path)
    assert next(articles).doc_id == "a0"
    with pytest.raises(CorpusError, match=r"row 10.*published"):
        list(articles)


def test_article_ids_give_the_first_doc_id_of_each_id_as_a_dict_would(monkeypatch):
    monkeypatch.setattr(normalise, "_RECENT", 7)  # many merges of the sorted arrays
    rng = random.Random(3)
    ids = [article_id(str(rng.randrange(400))) for _ in range(1500)]
    ids += ["a1", "0x00000000000abc", "0000000000000ABC", "00000000 0000abc", "0000000000000abc"]
    seen, expected = normalise.ArticleIds(), {}
    for n, identifier in enumerate(ids):
        assert seen.first(identifier) == expected.get(identifier)
        assert (identifier in seen) == (identifier in expected)
        if identifier not in expected:
            seen.add(identifier, f"doc-{n}")
            expected[identifier] = f"doc-{n}"
    assert len(seen) == len(expected) > 300
    assert [seen.first(i) for i in expected] == list(expected.values())
    assert seen.first("0000000000000def") is None


def test_running_text_in_a_shipped_language_is_told_by_its_commonest_words(monkeypatch):
    from stances import language

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    briefs = [path.read_text(encoding="utf-8") for path in sorted(seeds.glob("*.txt"))]
    german = (
        "Der Bundeskanzler sagte am Montag in Berlin, dass die Gespräche mit Russland über "
        "einen Waffenstillstand weitergehen müssen. Die Regierung hat die Sanktionen gegen "
        "Moskau verschärft und will die Ukraine weiter mit Waffen unterstützen, obwohl die "
        "Kosten hoch sind und die Lage an der Front schwierig bleibt, wie er sagte."
    )

    def models_answer(text):
        found, probability = language._identifier().classify(text[: language._SAMPLE_CHARS])
        return found if probability >= language.MIN_LANGUAGE_PROBABILITY else None

    expected = [models_answer(text) for text in [*briefs, german]]
    assert expected[-1] == "de"

    def no_model():
        raise AssertionError("the model was asked")

    monkeypatch.setattr(language, "_identifier", no_model)
    told = [language.identify_language(text) for text in briefs]
    assert told == expected[:-1]
    assert sum(t == "en" for t in told) >= 0.9 * len(briefs)
    with pytest.raises(AssertionError, match="the model was asked"):
        language.identify_language(german)


def test_language_identification_gives_the_models_own_answers():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from stances.language import _SAMPLE_CHARS, _identifier

    shipped = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    texts = [path.read_text(encoding="utf-8") for path in sorted(seeds.glob("*.txt"))]
    texts += [
        "Der Bundeskanzler sagte am Montag in Berlin, die Gespräche gingen weiter.",
        "Le président a déclaré lundi que les négociations de paix continueraient.",
        "Президент заявил в понедельник, что переговоры продолжатся.",
        "NATO",
        "",
    ]
    samples = [text[:_SAMPLE_CHARS] for text in texts]
    assert [_identifier().classify(t) for t in samples] == [shipped.classify(t) for t in samples]
