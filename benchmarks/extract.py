"""Extraction throughput: pages per second and MB of HTML per second, from a folder of HTML
pages and from the same pages in a gzipped web archive.

    python3 -m uv run python benchmarks/extract.py [--pages N]

The pages are the test pages (tests/pages), each copy with its own paragraph so that no two
texts repeat; reading covers decoding, trafilatura, normalising and language identification.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from stances.corpus import read_corpus

PAGES = Path(__file__).resolve().parents[1] / "tests" / "pages"
ARTICLE_PAGES = [
    "divs_with_related_and_comments.html",
    "jsonld_opengraph.html",
    "live_blog.html",
    "comments_section.html",
]


def make_pages(count: int) -> list[bytes]:
    templates = [(PAGES / name).read_text(encoding="utf-8") for name in ARTICLE_PAGES]
    pages = []
    for n in range(count):
        extra = f"<p>Copy {n}: the envoy said on day {n} that the talks would continue.</p>"
        page = templates[n % len(templates)].replace("</p>", "</p>" + extra, 1)
        pages.append(page.encode("utf-8"))
    return pages


def write_archive(pages: list[bytes], path: Path) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for n, page in enumerate(pages):
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://news.example/{n}",
                "response",
                payload=io.BytesIO(page),
                length=len(page),
                http_headers=headers,
            )
            writer.write_record(record)


def timed(path: Path) -> tuple[int, float]:
    started = time.perf_counter()
    read = read_corpus(path)
    return len(read.articles), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400, help="pages to extract")
    args = parser.parse_args()
    pages = make_pages(args.pages)
    megabytes = sum(map(len, pages)) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for n, page in enumerate(pages):
            (folder / f"{n:05d}.html").write_bytes(page)
        archive = Path(tmp) / "pages.warc.gz"
        write_archive(pages, archive)
        warm = Path(tmp) / "warm"
        warm.mkdir()
        for n, page in enumerate(make_pages(4)):
            (warm / f"{n}.html").write_bytes(page)
        read_corpus(warm)  # loads trafilatura's and py3langid's data once, outside the timing
        for label, path in (("html", folder), ("warc", archive)):
            articles, seconds = timed(path)
            print(
                f"{label}: {articles} articles from {len(pages)} pages ({megabytes:.2f} MB) "
                f"in {seconds:.2f} s: {len(pages) / seconds:.0f} pages/s, "
                f"{megabytes / seconds:.2f} MB/s"
            )


if __name__ == "__main__":
    main()
