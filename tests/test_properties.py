"""Issue 11, item 8 and row 1: properties of the reader and the coder over arbitrary Unicode
articles (whitespace runs, quotes of every kind, control characters), codebooks built from
strategies, and metadata.

Examples per run (CI): EXAMPLES below, 1,150 in all.
"""

from __future__ import annotations

import json
import tempfile
import unicodedata
import warnings
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stances.codebook import load_codebook
from stances.coder import analyse_article, code_article, code_articles
from stances.corpus import article_id, normalise_text, read_corpus
from stances.errors import CodebookError, StancesError
from stances.explain import explain_file, format_trace
from stances.matcher import codebook_lists

EXAMPLES = {
    "normalise": 300,
    "coder": 300,
    "ids": 100,
    "codebooks": 100,
    "reader folder": 250,
    "reader table": 100,
}
STANCES = {"support", "oppose", "neutral", "mixed"}
ATTRIBUTIONS = {"direct_quote", "paraphrase", "reported", "action"}


@cache
def codebook():
    return load_codebook()


# ------------------------------------------------------------------ strategies

QUOTES = "\"'“”„‟«»‹›‘’‚‛「」『』〝〞＂＇"
WHITESPACE = [
    " ", "  ", "   ", "\t", "\t\t", "\n", "\n\n\n", "\r\n", "\r", "\x0b", "\x0c", "\x85",
    "\u00a0", "\u1680", "\u2002", "\u2009", "\u200a", "\u2028", "\u2029", "\u202f", "\u3000",
]  # fmt: skip
PUNCTUATION = [*".!?,;:—–-()[]…", "...", ". ", "? ", "U.S.", " J. "]
ANY_CHARACTER = st.characters(exclude_categories=["Cs"])  # surrogates cannot be written
CONTROL = st.characters(categories=["Cc", "Cf"])


def as_text(phrase: str) -> str:
    """A codebook phrase as an article would say it: stems ended, gaps filled."""
    words = [w.rstrip("*") + ("s" if w.endswith("*") else "") for w in phrase.split()]
    return " ".join("the" if w == "..." else w for w in words)


@cache
def default_phrases(*labels: str) -> st.SearchStrategy[str]:
    """One of the default codebook's phrases of the lists whose label starts with one of
    `labels`, drawn by index: the strategy's repr stays short however long the lists grow."""
    lists = codebook_lists(codebook())
    phrases = sorted(
        {as_text(p) for label, items in lists.items() if label.startswith(labels) for p, _ in items}
    )
    return st.integers(0, len(phrases) - 1).map(lambda i: phrases[i])


NOISE = st.one_of(
    st.sampled_from(QUOTES),
    st.sampled_from(WHITESPACE),
    st.sampled_from(PUNCTUATION),
    CONTROL,
    st.text(ANY_CHARACTER, max_size=8),
)
GLUE = st.integers(0, 9).flatmap(
    lambda n: NOISE if n < 2 else st.tuples(NOISE, NOISE).map("".join) if n < 3 else st.just(" ")
)


def sentences(
    actors: st.SearchStrategy[str],
    verbs: st.SearchStrategy[str],
    words: st.SearchStrategy[str],
    cues: st.SearchStrategy[str],
) -> st.SearchStrategy[str]:
    """'<actor> <verb> <word> <cue>' with whitespace, quotes, control characters or any
    characters between the parts (mostly a space), and a sentence end."""
    parts = st.tuples(actors, GLUE, verbs, GLUE, words, GLUE, cues, GLUE)
    ending = st.sampled_from([". ", ".\n", "? ", "!”\n\n", "", "\r\n"])
    return st.tuples(parts.map("".join), ending).map("".join)


def articles_from(sentence: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Sentences that could be coded, mixed with anything."""
    return st.lists(st.one_of(sentence, sentence, NOISE), max_size=12).map("".join)


ARTICLES = st.deferred(
    lambda: articles_from(
        sentences(
            default_phrases("aliases", "roles"),
            default_phrases("reporting"),
            default_phrases("positive", "negative", "negators", "hedges"),
            default_phrases("topic:", "anaphora:"),
        )
    )
)
DATES = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 1, 1)))


# ------------------------------------------------------------------ the coder


def check_rows(rows: list[dict], text: str) -> None:
    """What every statements row must satisfy."""
    for row in rows:
        assert text[row["evidence_start"] : row["evidence_end"]] == row["evidence"]
        assert -1 <= row["score"] <= 1
        assert 0 <= row["confidence"] <= 1
        assert row["stance"] in STANCES
        assert row["attribution"] in ATTRIBUTIONS
        assert row["quote"] is None or row["quote"] in text
    ids = [row["statement_id"] for row in rows]
    assert len(ids) == len(set(ids))


@settings(max_examples=EXAMPLES["normalise"], deadline=None)
@given(ARTICLES)
def test_normalisation_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once


@settings(max_examples=EXAMPLES["coder"], deadline=None)
@given(ARTICLES, DATES)
def test_the_coder_never_raises_and_every_row_holds(text, published):
    book = codebook()
    for version in (text, normalise_text(text)):
        article = {"article_id": "a", "doc_id": "a.txt", "text": version, "published": published}
        rows = code_article(article, book)
        check_rows(rows, version)
        assert code_article(article, book) == rows
        for number, trace in enumerate(analyse_article(version, book, published=published), 1):
            assert format_trace(number, trace)


@settings(max_examples=EXAMPLES["ids"], deadline=None)
@given(st.lists(ARTICLES.map(normalise_text).filter(bool), min_size=1, max_size=4))
def test_statement_ids_are_unique_and_stable_across_runs_and_input_order(texts):
    by_id = {article_id(t): t for t in texts}  # as the reader keeps one of equal texts
    frame = pd.DataFrame(
        {
            "article_id": list(by_id),
            "doc_id": [f"{n}.txt" for n in range(len(by_id))],
            "text": list(by_id.values()),
            "published": [None] * len(by_id),
        }
    )
    book = codebook()
    first = code_articles(frame, book)
    again = code_articles(frame, book)
    backwards = code_articles(frame.iloc[::-1].reset_index(drop=True), book)
    assert first["statement_id"].is_unique
    pd.testing.assert_frame_equal(first, again)
    assert sorted(backwards["statement_id"]) == sorted(first["statement_id"])
    columns = [c for c in first.columns if c != "doc_id"]
    pd.testing.assert_frame_equal(
        first.set_index("statement_id").sort_index()[columns[1:]],
        backwards.set_index("statement_id").sort_index()[columns[1:]],
    )


# ------------------------------------------------------------------ codebooks from strategies

NAMES = ["Trump", "Donald Trump", "O'Brien", "O’Neill", "Zelenskyy", "a*", "Le Pen", "Müller"]
WORDS = ["peace", "talks", "deal", "sanction*", "aid", "troops", "NATO", "can't", "U.S.", "„x“"]
VALID_CUES = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).flatmap(
    lambda words: st.integers(0, len(words) - 1).map(
        lambda k: " ".join([*words[:k], "...", *words[k:]] if k else words)
    )
)
# Anything, mostly valid: some '*' and '...' where they cannot be, blank or odd characters.
ODD_PHRASES = st.one_of(
    st.lists(st.sampled_from([*WORDS, "*", "..."]), min_size=1, max_size=5).map(" ".join),
    st.text(ANY_CHARACTER, min_size=1, max_size=10),
)
CUE_TEXT = st.integers(0, 99).flatmap(lambda n: ODD_PHRASES if n < 20 else VALID_CUES)
NAME_TEXT = st.integers(0, 99).flatmap(
    lambda n: (
        st.text(st.sampled_from("abcXYZ '’*.-…\t"), min_size=1, max_size=12)
        if n < 5
        else st.sampled_from(NAMES)
    )
)


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, but for DEL)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(map(toml_string, values)) + "]"


@st.composite
def codebooks(draw) -> tuple[str, list[str]]:
    """A codebook TOML and the phrases an article could use with it."""
    lines = ['[codebook]\nname = "drawn"\nversion = "1"\n']
    phrases = []
    for k in range(draw(st.integers(1, 3))):
        cues = {
            kind: draw(st.lists(CUE_TEXT, min_size=kind == "support_cues", max_size=4))
            for kind in ("cues", "support_cues", "oppose_cues", "anaphora")
        }
        lines.append(
            f'[[topics]]\nid = "t{k}"\nlabel = "T{k}"\ndescription = "d"\nsupport_means = "s"\n'
            + "".join(f"{kind} = {toml_list(v)}\n" for kind, v in cues.items() if v)
        )
        phrases += [p for v in cues.values() for p in v]
    for k in range(draw(st.integers(1, 3))):
        aliases = draw(st.lists(NAME_TEXT, min_size=1, max_size=3))
        country = draw(st.sampled_from(["US", "RU", "UA"]))
        lines.append(
            f'[[actors]]\nid = "a{k}"\nname = "A{k}"\naliases = {toml_list(aliases)}\n'
            f'country = "{country}"\n'
        )
        phrases += aliases
    return "\n".join(lines), sorted({as_text(p) for p in phrases if p.strip()})


def load_or_error(path: Path):
    """The codebook, or None and the message of the CodebookError it raised."""
    try:
        return load_codebook(path), ""
    except CodebookError as e:
        return None, str(e)


@settings(
    max_examples=EXAMPLES["codebooks"],
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(codebooks(), st.data())
def test_any_codebook_loads_or_is_a_codebook_error_and_codes_without_error(drawn, data):
    source, phrases = drawn
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "drawn.toml"
        path.write_text(source, encoding="utf-8")
        book, error = load_or_error(path)
    if book is None:
        assert error.startswith(f"{path}: ")
        assert "\n" not in error
        return
    assert book.matcher is not None
    verbs = st.sampled_from(["said", "says", "told reporters", "wrote"])
    words = st.sampled_from(["wants", "rejects", "not", "backs", "welcomed", "opposes"])
    named = st.sampled_from(phrases)
    text = data.draw(articles_from(sentences(named, verbs, words, named)))
    for version in (text, normalise_text(text)):
        rows = code_article({"article_id": "a", "doc_id": "a.txt", "text": version}, book)
        check_rows(rows, version)


# ------------------------------------------------------------------ the reader

METADATA = st.fixed_dictionaries(
    {},
    optional={
        "title": st.text(ANY_CHARACTER, max_size=20),
        "published": st.one_of(DATES.map(str), st.text(ANY_CHARACTER, max_size=10)),
        "source": st.text(ANY_CHARACTER, max_size=20),
        "url": st.one_of(st.just("https://example.org/a"), st.text(ANY_CHARACTER, max_size=20)),
    },
)


def read_quietly(path: Path, **options):
    """read_corpus; a warning about what was assumed is fine, an exception other than a
    StancesError is not."""
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        try:
            return read_corpus(path, **options)
        except StancesError:
            return None


def writable(text: str) -> bool:
    """Whether the reader must take `text` as it is: a front matter block, or control
    characters that may mark binary data or another encoding, are the reader's to judge."""
    control = any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in text)
    return not text.lstrip().startswith(("---", "+++")) and not control


@settings(max_examples=EXAMPLES["reader folder"], deadline=None)
@given(st.lists(st.tuples(ARTICLES, st.one_of(st.none(), METADATA)), min_size=1, max_size=3))
def test_the_reader_never_raises_but_typed_errors_and_normalises(files):
    with tempfile.TemporaryDirectory() as folder:
        for n, (text, metadata) in enumerate(files):
            front = f"---\n{yaml.safe_dump(metadata, allow_unicode=True)}---\n" if metadata else ""
            (Path(folder) / f"{n}.txt").write_text(front + text, encoding="utf-8")
        found = read_quietly(Path(folder))
    plain = all(m is None and writable(t) and normalise_text(t) for t, m in files)
    if found is None:
        assert not plain  # only an empty text or bad metadata is an error
        return
    for text in found.articles["text"]:
        assert normalise_text(text) == text
    if plain:
        expected = {normalise_text(t) for t, _ in files}
        assert set(found.articles["text"]) == expected


@settings(max_examples=EXAMPLES["reader table"], deadline=None)
@given(st.lists(st.tuples(ARTICLES, METADATA), min_size=1, max_size=4))
def test_the_table_reader_never_raises_but_typed_errors(rows):
    frame = pd.DataFrame(
        [{"id": n, "text": text, **metadata} for n, (text, metadata) in enumerate(rows)]
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.parquet"
        frame.to_parquet(path)
        found = read_quietly(path)
    if found is not None:
        assert all(normalise_text(t) == t for t in found.articles["text"])
        assert found.articles["article_id"].is_unique


# ------------------------------------------------------------------ issue 11, row 1

ROW_1 = """\
[codebook]
name = "row1"
version = "1"

[[topics]]
id = "talks"
label = "Talks"
description = "Peace talks."
support_means = "favours talks"
support_cues = ["peace talks"]

[[actors]]
id = "trump"
name = "Donald Trump"
aliases = ["Donald Trump"]
country = "US"

[[actors]]
id = "obrien"
name = "Robert O'Brien"
aliases = ["O'Brien"]
country = "US"

[[actors]]
id = "aaa"
name = "A"
aliases = ["a*"]
country = "US"
"""


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Donald  Trump said he wants peace talks.", "trump"),
        ("Donald\tTrump said he wants peace talks.", "trump"),
        ("Donald\u00a0Trump said he wants peace talks.", "trump"),
        ("O’Brien said he wants peace talks.", "obrien"),
        ("O'Brien said he wants peace talks.", "obrien"),
        ("a" * 1_000 + " said he wants peace talks.", "aaa"),
    ],
    ids=["two spaces", "tab", "no-break space", "curly apostrophe", "straight", "a* over aaaa"],
)
def test_issue_11_row_1_odd_aliases_are_coded_and_explained(tmp_path, text, actor):
    # `code` and `explain` raised KeyError: the alias regex matched more forms than the
    # exact-text lookup table held.
    book_path = tmp_path / "row1.toml"
    book_path.write_text(ROW_1, encoding="utf-8")
    book = load_codebook(book_path)
    rows = code_article({"article_id": "a", "doc_id": "a.txt", "text": text}, book)
    assert [(r["actor_id"], r["topic_id"], r["stance"]) for r in rows] == [
        (actor, "talks", "support")
    ]
    check_rows(rows, text)
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    assert f"=> {actor} / talks / support" in explain_file(article, codebook=book_path)


def test_issue_11_row_1_a_star_over_a_word_of_100k_letters(tmp_path):
    # The word is longer than a sentence may be (stances.segment.MAX_SENTENCE): it is cut
    # into pieces and its alias hit lies in none of them, so nobody is coded; nothing fails.
    book_path = tmp_path / "row1.toml"
    book_path.write_text(ROW_1, encoding="utf-8")
    text = "a" * 100_000 + " said he wants peace talks. Donald Trump wants peace talks."
    rows = code_article(
        {"article_id": "a", "doc_id": "a.txt", "text": text}, load_codebook(book_path)
    )
    assert [r["actor_id"] for r in rows] == ["trump"]
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    assert "=> trump / talks / support" in explain_file(article, codebook=book_path)
