"""Tests for reading HTML pages: main text, page metadata, provenance, encodings, language."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from stances.codebook import load_codebook
from stances.coder import code_articles
from stances.corpus import read_corpus
from stances.errors import CorpusWarning
from stances.extract import decode, extract_page

PAGES = Path(__file__).parent / "pages"
MANIFEST_HEADER = "file,title,published,source,url\n"


def page_corpus(tmp_path: Path, *names: str, extra: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in names:
        shutil.copy(PAGES / name, folder / name)
    for name, content in (extra or {}).items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def only_row(frame: pd.DataFrame) -> dict:
    assert len(frame) == 1
    row = frame.iloc[0]
    return {
        k: (None if not isinstance(v, list | dict) and pd.isna(v) else v) for k, v in row.items()
    }


# --- main text: boilerplate in ordinary divs stays out -----------------------------------


def test_divs_page_keeps_the_story_and_drops_menu_related_comments_cookies_footer(tmp_path):
    read = read_corpus(page_corpus(tmp_path, "divs_with_related_and_comments.html"))

    row = only_row(read.articles)
    assert row["text"].split("\n") == [
        "Trump says Ukraine talks will start at once",
        "President Donald Trump said on Wednesday that he had agreed with Vladimir Putin in a "
        "long phone call to begin negotiations on ending the war in Ukraine immediately, and "
        "that their teams would meet soon.",
        "In Brussels, Defense Secretary Pete Hegseth told allies that a return to Ukraine's "
        "borders from before 2014 was unrealistic and that NATO membership for Kyiv was not a "
        "realistic outcome of a settlement.",
    ]
    for boilerplate in ("cookies", "More stories", "minerals deal", "Witkoff", "sam_77", "©"):
        assert boilerplate not in row["text"]


def test_divs_page_metadata_comes_from_the_page(tmp_path):
    read = read_corpus(page_corpus(tmp_path, "divs_with_related_and_comments.html"))

    row = only_row(read.articles)
    assert row["title"] == "Trump says Ukraine talks will start at once"  # no site suffix
    assert row["published"] == pd.Timestamp("2025-02-12")
    assert row["source"] == "Example News"
    assert row["url"] == "https://news.example/world/2025/02/12/trump-ukraine-talks"
    assert json.loads(row["metadata_from"]) == dict.fromkeys(
        ["title", "published", "source", "url"], "page"
    )
    assert row["encoding"] == "utf-8"
    assert row["language"] == "en"


def test_headlines_of_other_stories_and_comments_are_not_coded(tmp_path):
    read = read_corpus(page_corpus(tmp_path, "divs_with_related_and_comments.html"))

    statements = code_articles(read.articles, load_codebook())

    actors = set(statements["actor_id"])
    assert {"trump", "hegseth"} <= actors
    assert not actors & {"witkoff", "biden", "zelensky"}  # only in related links and comments
    assert not (
        (statements["actor_id"] == "trump") & (statements["topic_id"] == "minerals_deal")
    ).any()


def test_json_ld_and_opengraph_give_date_site_and_canonical_url(tmp_path):
    read = read_corpus(page_corpus(tmp_path, "jsonld_opengraph.html"))

    row = only_row(read.articles)
    assert row["published"] == pd.Timestamp("2025-04-04")  # datePublished, not dateModified
    assert row["source"] == "The Harbour Times"
    assert row["url"] == "https://harbour.example/europe/rutte-membership-table"
    assert "Rutte told reporters" in row["text"]
    for chrome in ("dataLayer", "Share on social media", "Sign up", "Cookie settings"):
        assert chrome not in row["text"]


def test_live_blog_keeps_every_post_and_drops_most_viewed(tmp_path):
    read = read_corpus(page_corpus(tmp_path, "live_blog.html"))

    text = only_row(read.articles)["text"]
    assert "Europe must do the heavy lifting" in text
    assert "Emmanuel Macron arrived" in text
    assert "welcome to our live coverage" in text
    assert "Vance says Europe" not in text
    assert "Load earlier posts" not in text


def test_reader_comments_are_left_out(tmp_path):
    read = read_corpus(page_corpus(tmp_path, "comments_section.html"))

    row = only_row(read.articles)
    assert "remain in force until a peace agreement" in row["text"]
    for comment in ("Putin will never accept", "Trump opposes sanctions", "Leave a Reply"):
        assert comment not in row["text"]
    assert row["published"] == pd.Timestamp("2025-03-20")


@pytest.mark.parametrize("name", ["index_page.html", "not_found.html"])
def test_pages_without_an_article_are_skipped_with_a_warning_naming_them(tmp_path, name):
    folder = page_corpus(tmp_path, name, "comments_section.html")

    with pytest.warns(CorpusWarning, match=rf"1 not coded, pages with no extractable.*{name}"):
        read = read_corpus(folder)

    assert read.articles["doc_id"].tolist() == ["comments_section.html"]
    assert read.skipped[["doc_id", "reason"]].values.tolist() == [[name, "no_article"]]


# --- front matter and manifest override the page; provenance records it -------------------


def test_front_matter_and_manifest_override_the_page_and_provenance_says_so(tmp_path):
    page = (PAGES / "jsonld_opengraph.html").read_text(encoding="utf-8")
    folder = page_corpus(
        tmp_path,
        extra={
            "a.html": "---\ntitle: Front matter title\n---\n" + page,
            "manifest.csv": MANIFEST_HEADER + "a.html,,2025-04-05,Wire copy,\n",
        },
    )

    row = only_row(read_corpus(folder).articles)

    assert row["title"] == "Front matter title"
    assert row["published"] == pd.Timestamp("2025-04-05")
    assert row["source"] == "Wire copy"
    assert row["url"] == "https://harbour.example/europe/rutte-membership-table"
    assert json.loads(row["metadata_from"]) == {
        "title": "front_matter",
        "published": "manifest",
        "source": "manifest",
        "url": "page",
    }


def test_text_files_record_manifest_and_front_matter_provenance(tmp_path):
    folder = page_corpus(
        tmp_path,
        extra={
            "a.md": "+++\nsource = 'Desk'\n+++\nHegseth spoke in Brussels on Wednesday.",
            "b.txt": "Rubio met Lavrov in Riyadh.",
            "manifest.csv": MANIFEST_HEADER + "a.md,A title,,,\nb.txt,,,,\n",
        },
    )

    articles = read_corpus(folder).articles

    assert articles["metadata_from"].fillna("").tolist() == [
        '{"title":"manifest","source":"front_matter"}',
        "",
    ]


# --- encodings ---------------------------------------------------------------------------

ENGLISH = (
    "President Trump said on Wednesday that talks with Russia would begin at once, "
    "and Defence Secretary Hegseth said Europe must carry its own security — “naïve” hopes aside."
)


@pytest.mark.parametrize(
    ("data", "expected_encoding"),
    [
        (ENGLISH.encode("cp1252"), "cp1252"),
        (ENGLISH.replace("—", "-").replace("“", '"').replace("”", '"').encode("latin-1"), "cp1252"),
        (ENGLISH.encode("utf-16"), "utf-16"),  # with a byte-order mark
        (ENGLISH.encode("utf-16-le"), "utf-16-le"),  # without one
        (ENGLISH.encode("utf-16-be"), "utf-16-be"),
        (b"\xef\xbb\xbf" + ENGLISH.encode("utf-8"), "utf-8"),
    ],
    ids=["cp1252", "latin-1", "utf-16-bom", "utf-16-le-no-bom", "utf-16-be-no-bom", "utf-8-bom"],
)
def test_text_in_other_encodings_is_detected_recorded_and_warned(tmp_path, data, expected_encoding):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_bytes(data)
    expected_text = data.decode(expected_encoding)

    if expected_encoding == "utf-8":
        read = read_corpus(folder)
    else:
        with pytest.warns(CorpusWarning, match=r"1 not UTF-8, decoded as: a\.txt \("):
            read = read_corpus(folder)

    row = only_row(read.articles)
    assert row["text"] == expected_text.removeprefix("\ufeff")
    assert row["language"] == "en"
    assert row["encoding"] == expected_encoding


def test_html_meta_charset_is_honoured(tmp_path):
    page = (PAGES / "comments_section.html").read_text(encoding="utf-8")
    page = page.replace(
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
    )
    page = page.replace("Keith Kellogg", "Keith Kellogg’s team — and Kellogg")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.html").write_bytes(page.encode("cp1252"))

    with pytest.warns(CorpusWarning, match=r"a\.html \(cp1252\)"):
        row = only_row(read_corpus(folder).articles)

    assert "Keith Kellogg’s team — and Kellogg" in row["text"]
    assert row["encoding"] == "cp1252"


def test_a_declared_charset_that_cannot_decode_is_not_trusted():
    data = "Zelensky’s “plan”".encode()

    assert decode(data, declared="ascii") == ("Zelensky’s “plan”", "utf-8")


def test_extract_page_returns_none_for_a_page_without_text():
    assert (
        extract_page("<html><body><div class='nav'><a href='/'>Home</a></div></body></html>")
        is None
    )


# --- language ----------------------------------------------------------------------------

GERMAN = (
    "Der amerikanische Präsident sagte am Mittwoch, die Verhandlungen über ein Ende des "
    "Krieges in der Ukraine würden sofort beginnen. Der Verteidigungsminister erklärte in "
    "Brüssel, eine Rückkehr zu den Grenzen von 2014 sei unrealistisch."
)


def test_language_is_stored_and_other_languages_are_not_coded(tmp_path):
    folder = page_corpus(tmp_path, extra={"de.txt": GERMAN, "en.txt": ENGLISH, "short.txt": "Ja."})

    everything = read_corpus(folder)
    with pytest.warns(CorpusWarning, match=r"1 not coded, articles in a language .*de\.txt"):
        covered = read_corpus(folder, languages={"en"})

    assert everything.articles["language"].fillna("?").tolist() == ["de", "en", "?"]
    assert covered.articles["doc_id"].tolist() == ["en.txt", "short.txt"]  # undetermined: coded
    assert covered.skipped.values.tolist() == [["de.txt", "txt", "language", "de, not en"]]


# --- schema 1.2 columns --------------------------------------------------------------------


def test_datasets_from_before_the_new_columns_read_with_nulls(tmp_path):
    import pyarrow.parquet as pq

    from stances.dataset import read_dataset
    from stances.pipeline import build_dataset

    page_corpus(tmp_path, "jsonld_opengraph.html")
    build_dataset(tmp_path / "corpus", tmp_path / "data")
    path = tmp_path / "data" / "articles.parquet"
    table = pq.read_table(path).drop_columns(["language", "encoding", "metadata_from"])
    meta = {**table.schema.metadata, b"stances.schema_version": b"1.1"}
    pq.write_table(table.replace_schema_metadata(meta), path)

    articles = read_dataset(tmp_path / "data").articles

    assert articles[["language", "encoding", "metadata_from"]].isna().all().all()
    assert articles["source"].tolist() == ["The Harbour Times"]
