"""Tests for reading web archives (.warc, .warc.gz) built here with warcio."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from stances.cli import main
from stances.corpus import read_corpus
from stances.errors import CorpusError, CorpusWarning

PAGES = Path(__file__).parent / "pages"
UNDATED_PAGE = """<html><head><title>Starmer backs a European force</title></head><body>
<div class="menu"><a href="/">Home</a> <a href="/uk">UK</a></div>
<div class="story"><h1>Starmer backs a European force</h1>
<p>Prime Minister Keir Starmer said that Britain was ready to put troops on the ground in
Ukraine as part of a European force, if a ceasefire were agreed, and called on Washington
to give it a backstop — “the only way to deter Putin”.</p></div>
<div class="foot">Footer links</div></body></html>"""


def _response(writer, uri, body, *, status="200 OK", content_type="text/html", date, extra=()):
    headers = StatusAndHeaders(
        status, [("Content-Type", content_type), *extra], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        length=len(body),  # a known length spares warcio a temporary file
        http_headers=headers,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(record)
    return record.rec_headers.get_header("WARC-Record-ID")


def build_archive(path: Path, *, gzip: bool) -> dict[str, str]:
    """A small crawl: two articles, a copy of one, and records that are not articles."""
    ids = {}
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        divs = (PAGES / "divs_with_related_and_comments.html").read_bytes()
        ids["dated"] = _response(
            writer, "https://news.example/a?utm=1", divs, date="2025-02-13T06:00:00Z"
        )
        get = b"GET /b HTTP/1.1\r\n\r\n"
        request = writer.create_warc_record(
            "https://news.example/b", "request", payload=io.BytesIO(get), length=len(get)
        )
        writer.write_record(request)
        ids["undated"] = _response(
            writer,
            "https://news.example/b",
            UNDATED_PAGE.encode("cp1252"),
            content_type="text/html; charset=windows-1252",
            date="2025-03-01T10:00:00Z",
        )
        _response(
            writer,
            "https://news.example/logo.png",
            b"\x89PNG\r\n",
            content_type="image/png",
            date="2025-03-01T10:00:01Z",
        )
        _response(
            writer,
            "http://news.example/b",
            b"",
            status="301 Moved Permanently",
            date="2025-03-01T10:00:02Z",
            extra=[("Location", "https://news.example/b")],
        )
        _response(
            writer,
            "https://news.example/gone",
            (PAGES / "not_found.html").read_bytes(),
            status="404 Not Found",
            date="2025-03-01T10:00:03Z",
        )
        _response(
            writer,
            "https://news.example/world",
            (PAGES / "index_page.html").read_bytes(),
            date="2025-03-01T10:00:04Z",
        )
        ids["copy"] = _response(
            writer, "https://mirror.example/a", divs, date="2025-03-02T00:00:00Z"
        )
        revisit = writer.create_revisit_record(
            "https://news.example/a?utm=1",
            digest="sha1:AAAA",
            refers_to_uri="x",
            refers_to_date="2025-02-13T06:00:00Z",
        )
        writer.write_record(revisit)
    return ids


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_archive_gives_its_html_pages_and_counts_the_rest(tmp_path, name):
    archive = tmp_path / name
    ids = build_archive(archive, gzip=name.endswith(".gz"))

    with pytest.warns(CorpusWarning) as caught:
        read = read_corpus(archive)

    articles = read.articles.set_index("doc_id")
    assert list(articles.index) == [ids["dated"], ids["undated"]]
    dated, undated = articles.loc[ids["dated"]], articles.loc[ids["undated"]]
    # the page's own date wins; the target URI is the url
    assert dated["published"] == pd.Timestamp("2025-02-12")
    assert dated["url"] == "https://news.example/a?utm=1"
    assert json.loads(dated["metadata_from"])["url"] == "archive"
    assert json.loads(dated["metadata_from"])["published"] == "page"
    # no date on the page: the capture date stands in
    assert undated["published"] == pd.Timestamp("2025-03-01")
    assert json.loads(undated["metadata_from"])["published"] == "archive"
    assert undated["encoding"] == "cp1252"
    assert "a backstop — “the only way to deter Putin”" in undated["text"]
    assert "Footer links" not in undated["text"]
    assert read.kinds.tolist() == ["warc", "warc"]
    assert read.duplicates[["doc_id", "duplicate_of"]].values.tolist() == [
        [ids["copy"], ids["dated"]]
    ]
    assert read.skipped["reason"].value_counts().sort_index().to_dict() == {
        "duplicate": 1,
        "http_error": 1,
        "no_article": 1,
        "not_html": 1,
        "redirect": 1,
    }
    messages = " | ".join(str(w.message) for w in caught)
    assert "1 not coded, archive records of redirects" in messages
    assert "1 not UTF-8" in messages


def test_archive_codes_with_the_cli_and_corpus_check_counts_it(tmp_path, capsys):
    archive = tmp_path / "crawl.warc.gz"
    build_archive(archive, gzip=True)

    assert main(["corpus", "check", str(archive), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["by_kind"] == {"warc": 2}
    assert summary["skipped"]["redirect"] == 1
    assert len(summary["duplicates"]) == 1
    assert summary["date_range"] == {"first": "2025-02-12", "last": "2025-03-01"}

    assert main(["code", str(archive), "-o", str(tmp_path / "data")]) == 0
    captured = capsys.readouterr()
    assert "coded 2 articles" in captured.out
    assert "stances: warning: 1 not coded, archive records that are not HTML pages" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    "content",
    [
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\nshort",
        b"\x1f\x8b\x08garbage",
    ],
    ids=["truncated", "bad-gzip"],
)
def test_a_damaged_archive_is_a_clear_error(tmp_path, content):
    archive = tmp_path / "broken.warc.gz"
    archive.write_bytes(content)

    with pytest.raises(CorpusError, match=r"broken\.warc\.gz:byte \d+: not a readable WARC"):
        read_corpus(archive)
