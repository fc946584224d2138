"""The canonical text of an article, which every character offset refers to, its id, and
the set of ids a run has seen."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
import pyarrow as pa

# Scrapers leave these lines after the article body; matched on whole lines at the end only.
_RESIDUE_LINE = re.compile(
    r"(?:related (?:posts|articles|stories)|read more|share this|advertisement"
    r"|subscribe to our newsletter)\W*",
    re.IGNORECASE,
)
_LINE_BREAKS = re.compile(r"\r\n?|[\x85\u2028\u2029]")
_LINE_BREAK_MARKS = ("\r", "\x85", "\u2028", "\u2029")  # what _LINE_BREAKS starts with
_ODD_SPACES = re.compile(r"[\v\f\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_BLANK_LINE_RUNS = re.compile(r"\n{3,}")
_LONE_SURROGATES = re.compile("[\ud800-\udfff]")  # not text; cannot be stored as UTF-8
_HEX_ID = re.compile(r"[0-9a-f]{16}")  # what `article_id` gives
_RECENT = 4096  # ids kept in a dict before they join ArticleIds' sorted arrays


def normalise_text(text: str) -> str:
    """The canonical form of an article's text, which all character offsets refer to.

    Unicode NFC; one kind of line break (`\\n`); no byte-order mark; lone surrogates become
    U+FFFD; non-breaking and other odd spaces become plain spaces; no trailing whitespace on
    a line; at most one blank line in a row; no leading or trailing whitespace; trailing
    scrape residue lines ("Related posts", "Read more", "Share this:", "Advertisement",
    ...) removed. Typographic quotes and dashes are kept. Normalising twice changes nothing.
    """
    text = text.replace("\ufeff", "")
    if not _encodes(text):
        text = _LONE_SURROGATES.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    # Each regex below scans the whole text; a plain search for their characters is faster.
    if any(mark in text for mark in _LINE_BREAK_MARKS):
        text = _LINE_BREAKS.sub("\n", text)
    text = _ODD_SPACES.sub(" ", text)
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and (not lines[-1] or _RESIDUE_LINE.fullmatch(lines[-1].strip())):
        lines.pop()
    text = "\n".join(lines)
    return (_BLANK_LINE_RUNS.sub("\n\n", text) if "\n\n\n" in text else text).strip()


def _encodes(text: str) -> bool:
    """Whether the text is valid UTF-8 material (no lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def article_id(normalised_text: str) -> str:
    """First 16 hex digits of the SHA-256 of the UTF-8 text: equal texts are one article."""
    return hashlib.sha256(normalised_text.encode("utf-8")).hexdigest()[:16]


class ArticleIds:
    """The article ids seen so far, each with the doc_id of its first input, at about 30
    bytes an article (a Python dict of strings takes five times that, for the whole run).

    Ids of 16 hex digits (those `article_id` gives) are kept as 64-bit integers in sorted
    arrays, doc_ids as Arrow strings; any other id in a plain dict.
    """

    def __init__(self) -> None:
        self._levels: list[tuple[np.ndarray, np.ndarray]] = []  # sorted keys, their ordinals
        self._recent: dict[int, int] = {}  # key -> ordinal, not yet in a level
        self._other: dict[str, int] = {}  # ids that are not 16 hex digits
        self._doc_ids: list[pa.Array] = []  # by ordinal, in chunks of _RECENT
        self._pending: list[str] = []  # doc_ids not yet in a chunk

    def __len__(self) -> int:
        return len(self._doc_ids) * _RECENT + len(self._pending)

    def __contains__(self, identifier: str) -> bool:
        return self._ordinal(identifier) is not None

    def first(self, identifier: str) -> str | None:
        """The doc_id the id was added with, or None if it was not."""
        ordinal = self._ordinal(identifier)
        if ordinal is None:
            return None
        chunk, offset = divmod(ordinal, _RECENT)
        if chunk == len(self._doc_ids):
            return self._pending[offset]
        return self._doc_ids[chunk][offset].as_py()

    def add(self, identifier: str, doc_id: str) -> None:
        """Add an id not yet seen."""
        ordinal = len(self)
        key = _key(identifier)
        if key is None:
            self._other[identifier] = ordinal
        else:
            self._recent[key] = ordinal
        self._pending.append(doc_id)
        if len(self._pending) == _RECENT:
            self._doc_ids.append(pa.array(self._pending, type=pa.string()))
            self._pending = []
            self._merge_recent()

    def _ordinal(self, identifier: str) -> int | None:
        key = _key(identifier)
        if key is None:
            return self._other.get(identifier)
        if key in self._recent:
            return self._recent[key]
        for keys, ordinals in self._levels:
            at = int(np.searchsorted(keys, key))
            if at < len(keys) and keys[at] == key:
                return int(ordinals[at])
        return None

    def _merge_recent(self) -> None:
        """The recent keys become a level; levels of like size merge (as a binary counter
        carries), so a lookup searches a few arrays and each key is copied a few times."""
        if not self._recent:  # ids that are not 16 hex digits only
            return
        keys = np.fromiter(self._recent, dtype=np.uint64, count=len(self._recent))
        ordinals = np.fromiter(self._recent.values(), dtype=np.int64, count=len(self._recent))
        self._recent = {}
        level = (keys, ordinals)
        while self._levels and len(self._levels[-1][0]) <= 2 * len(level[0]):
            older = self._levels.pop()
            level = (np.concatenate([older[0], level[0]]), np.concatenate([older[1], level[1]]))
        order = np.argsort(level[0], kind="stable")
        self._levels.append((level[0][order], level[1][order]))


def _key(identifier: str) -> int | None:
    return int(identifier, 16) if _HEX_ID.fullmatch(identifier) else None
