"""The canonical text of an article, which every character offset refers to, and its id."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Scrapers leave these lines after the article body; matched on whole lines at the end only.
_RESIDUE_LINE = re.compile(
    r"(?:related (?:posts|articles|stories)|read more|share this|advertisement"
    r"|subscribe to our newsletter)\W*",
    re.IGNORECASE,
)
_LINE_BREAKS = re.compile(r"\r\n?|[\x85\u2028\u2029]")
_ODD_SPACES = re.compile(r"[\v\f\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_BLANK_LINE_RUNS = re.compile(r"\n{3,}")
_LONE_SURROGATES = re.compile("[\ud800-\udfff]")  # not text; cannot be stored as UTF-8


def normalise_text(text: str) -> str:
    """The canonical form of an article's text, which all character offsets refer to.

    Unicode NFC; one kind of line break (`\\n`); no byte-order mark; lone surrogates become
    U+FFFD; non-breaking and other odd spaces become plain spaces; no trailing whitespace on
    a line; at most one blank line in a row; no leading or trailing whitespace; trailing
    scrape residue lines ("Related posts", "Read more", "Share this:", "Advertisement",
    ...) removed. Typographic quotes and dashes are kept. Normalising twice changes nothing.
    """
    text = _LONE_SURROGATES.sub("\ufffd", text.replace("\ufeff", ""))
    text = unicodedata.normalize("NFC", text)
    text = _ODD_SPACES.sub(" ", _LINE_BREAKS.sub("\n", text))
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and (not lines[-1] or _RESIDUE_LINE.fullmatch(lines[-1].strip())):
        lines.pop()
    return _BLANK_LINE_RUNS.sub("\n\n", "\n".join(lines)).strip()


def article_id(normalised_text: str) -> str:
    """First 16 hex digits of the SHA-256 of the UTF-8 text: equal texts are one article."""
    return hashlib.sha256(normalised_text.encode("utf-8")).hexdigest()[:16]
