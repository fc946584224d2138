"""Articles from a web archive (`.warc`, `.warc.gz`), streamed one record at a time by warcio.

Every HTML response (or resource) record is a page; its target URI is the article's url
and its capture date stands in when the page states no date. Other records are skipped
and counted: non-HTML payloads, redirects, error responses and revisits (a crawler's
record that the payload repeats an earlier one).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stances.errors import CorpusError
from stances.metadata import Skipped, parse_metadata

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_PAGE_RECORDS = ("response", "resource")


@dataclass(frozen=True)
class WarcPage:
    """An HTML page found in an archive, not yet decoded."""

    record_id: str
    metadata: dict[str, Any]  # url (the target URI) and published (the capture date)
    payload: bytes
    charset: str | None  # declared in the HTTP Content-Type header


def is_warc(path: Path) -> bool:
    """Whether the file name says it is a web archive."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def warc_pages(path: Path, *, max_bytes: int) -> Iterator[WarcPage | Skipped]:
    """Each HTML page of the archive, or why a record is skipped.

    Requests, metadata and warcinfo records are not pages and are passed over. Payloads
    over `max_bytes` are skipped after reading that much. Raises CorpusError naming the
    file and the record's byte offset when the archive cannot be read.
    """
    # Imported here, not at the top: only web archives need it.
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                if record.rec_type not in (*_PAGE_RECORDS, "revisit"):
                    continue
                yield _page_or_skip(record, max_bytes)
    # warcio's parser meets a malformed record with whatever error it runs into.
    except (
        ArchiveLoadFailed,
        OSError,
        EOFError,
        zlib.error,
        ValueError,
        LookupError,
        AttributeError,
        TypeError,
    ) as e:
        offset = getattr(records, "offset", 0) if "records" in locals() else 0
        reason = " ".join(str(e).split()) or type(e).__name__
        raise CorpusError(
            f"not a readable WARC file ({reason})", path=path, where=f"byte {offset}"
        ) from e


def _page_or_skip(record: Any, max_bytes: int) -> WarcPage | Skipped:
    headers = record.rec_headers
    record_id = headers.get_header("WARC-Record-ID") or "?"
    uri = headers.get_header("WARC-Target-URI")
    if record.rec_type == "revisit":
        return Skipped(record_id, "warc", "duplicate", f"revisit of {uri}")
    status = record.http_headers.get_statuscode() if record.http_headers else "200"
    if status.startswith("3"):
        target = record.http_headers.get_header("Location") or "?"
        return Skipped(record_id, "warc", "redirect", f"{status} from {uri} to {target}")
    if not status.startswith("2"):
        return Skipped(record_id, "warc", "http_error", f"status {status} for {uri}")
    content_type = (
        record.http_headers.get_header("Content-Type")
        if record.http_headers
        else headers.get_header("Content-Type")
    ) or ""
    mime, _, parameters = content_type.partition(";")
    if mime.strip().lower() not in HTML_TYPES:
        return Skipped(record_id, "warc", "not_html", f"{mime.strip() or 'no type'} at {uri}")
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return Skipped(record_id, "warc", "too_large", f"over {max_bytes} bytes at {uri}")
    charset = None
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    captured = (headers.get_header("WARC-Date") or "")[:10]
    archive = parse_metadata({"url": uri, "published": captured})  # WARC dates are ISO 8601
    return WarcPage(record_id, archive, payload, charset)
