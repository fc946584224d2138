"""Article text from raw bytes: decode them, and pull the article out of an HTML page.

Decoding trusts, in order, a byte-order mark, a declared charset (an HTTP header, an HTML
`<meta charset>`), strict UTF-8, and then charset-normalizer's detection. HTML pages go
through trafilatura, which keeps the main text and drops menus, related-story lists,
cookie banners, comments and footers, and reads the title, date, site name and canonical
url from the page (OpenGraph, JSON-LD, `<title>`, htmldate).
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from typing import Any

from charset_normalizer import from_bytes

UTF8 = "utf-8"

# Their log lines about pages with no article would reach stderr through logging's
# last-resort handler; what was skipped is reported by the corpus reader instead.
for _logger in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_logger).addHandler(logging.NullHandler())

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Browsers look for the declaration in the first 1024 bytes; a little more is harmless.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_META_SCAN_BYTES = 4096
# A page `stances report` wrote: its own output is never read back as an article.
_STANCES_GENERATOR = re.compile(rb"""<meta\s+name=["']generator["']\s+content=["']stances""", re.I)


class UndecodableError(ValueError):
    """The bytes are not text in any encoding that can be told."""


@dataclass(frozen=True)
class Page:
    """What trafilatura found in an HTML page: the main text and the page's own metadata."""

    text: str
    metadata: dict[str, Any]  # title, published (ISO date text), source, url: those found


def decode(data: bytes, *, declared: str | None = None, html: bool = False) -> tuple[str, str]:
    """The text of `data` and the name of the encoding it was read with.

    `declared` is a charset named outside the bytes (an HTTP Content-Type header); for
    HTML the page's own `<meta charset>` comes next. A declaration that cannot decode
    the bytes is ignored. Raises UndecodableError when nothing fits.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), _name(encoding)
    candidates = [declared]
    if html and (found := _META_CHARSET.search(data[:_META_SCAN_BYTES])):
        candidates.append(found.group(1).decode("ascii"))
    # UTF-16 without a byte-order mark is valid UTF-8 when it is all ASCII; its many NUL
    # bytes (every other byte for Latin text) say it is not.
    sample = data[:_META_SCAN_BYTES]
    if sample.count(0) * 10 < len(sample):
        candidates.append(UTF8)
    for encoding in candidates:
        if encoding and _known(encoding):
            try:
                return data.decode(encoding), _name(encoding)
            except UnicodeDecodeError:
                continue
    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.encoding is None:
        raise UndecodableError("not text in any encoding charset-normalizer can tell")
    # A few accented letters in Western text fit several single-byte codecs equally well;
    # like browsers, take windows-1252 (a superset of latin-1) when it is among the best.
    western = next((m for m in matches if m.chaos <= best.chaos and m.encoding == "cp1252"), None)
    chosen = western or best
    return str(chosen), _name(chosen.encoding)


def is_stances_output(data: bytes) -> bool:
    """Whether an HTML page is a report written by `stances report`."""
    return _STANCES_GENERATOR.search(data[:_META_SCAN_BYTES]) is not None


def extract_page(html: str, *, url: str | None = None) -> Page | None:
    """The article in an HTML page, or None when the page holds none (an index, an error page).

    Precision is favoured over recall, and reader comments are left out.
    """
    import trafilatura  # here, not at the top: it costs half a second, and most corpora are text

    found = trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        # Only dates the page states about itself, not any date found in its text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if found is None or not (found.text or "").strip():
        return None
    metadata = {
        "title": found.title,
        "published": found.date,
        "source": found.sitename,
        "url": found.url,
    }
    return Page(found.text, {key: value for key, value in metadata.items() if value})


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def _name(encoding: str) -> str:
    """The canonical codec name (`cp1252`, `utf-16-le`, ...), so the column has one spelling."""
    name = codecs.lookup(encoding).name
    return UTF8 if name == "utf-8-sig" else name
