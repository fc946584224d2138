"""Article metadata (title, published, source, url): where each value comes from, and how
front matter, manifest rows, table columns, pages and archives are read and layered."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml
from frontmatter.default_handlers import BaseHandler, YAMLHandler

METADATA_KEYS = ("title", "published", "source", "url")

# Where a metadata value came from (the `metadata_from` column); later layers win.
FROM_ARCHIVE = "archive"  # the WARC record: target URI, capture date
FROM_PAGE = "page"  # the HTML page itself, as trafilatura reads it
FROM_FRONT_MATTER = "front_matter"
FROM_MANIFEST = "manifest"
FROM_TABLE = "table"


@dataclass(frozen=True)
class ArticleInput:
    """One input read as an article: normalised text, metadata and how they were obtained."""

    doc_id: str
    kind: str  # txt, md, html, csv, jsonl, parquet or warc
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # metadata key -> FROM_*
    encoding: str | None = None  # the text's encoding, for inputs read from bytes
    language: str | None = None  # ISO 639-1, once identified


@dataclass(frozen=True)
class Skipped:
    """An input that is not coded, and why (`reason` is one of `corpus.SKIP_REASONS`)."""

    doc_id: str
    kind: str
    reason: str
    detail: str


class InvalidValue(ValueError):
    """A metadata value that cannot be used; `key` names it."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


def layered(*layers: tuple[str, Mapping[str, Any]]) -> tuple[dict[str, Any], dict[str, str]]:
    """Metadata from (origin, values) layers, later ones winning, and each value's origin."""
    metadata: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for name, values in layers:
        for key, value in values.items():
            metadata[key] = value
            origin[key] = name
    return metadata, origin


def origin_json(origin: Mapping[str, str]) -> str | None:
    """The `metadata_from` value: a JSON object from each present key to its origin."""
    present = {key: origin[key] for key in METADATA_KEYS if key in origin}
    return json.dumps(present, separators=(",", ":")) if present else None


def parse_metadata(raw: Mapping[str, Any]) -> dict[str, Any]:
    """title, published, source and url from front matter, a manifest row or a table record.

    Blank values are left out, so that merging lets another source fill them. `date` may
    stand for `published`. Raises InvalidValue for a value that is not text or not a date.
    """
    metadata: dict[str, Any] = {}
    for key in ("title", "source", "url"):
        value = optional_text(raw.get(key), key=key)
        if value is not None:
            metadata[key] = value
    date_key = "published" if optional_text(raw.get("published"), key="published") else "date"
    published = _parse_date(raw.get(date_key), key=date_key)
    if published is not None:
        metadata["published"] = published
    return metadata


def optional_text(value: Any, *, key: str = "value") -> str | None:
    """The stripped text of a scalar value, or None when it is blank."""
    if isinstance(value, (list, dict, set, tuple)):
        raise InvalidValue(key, f"expected text, found a {type(value).__name__}")
    text = "" if value is None else str(value).strip()
    return text or None


def _parse_date(value: Any, *, key: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if optional_text(value, key=key) is None:
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            pass
    raise InvalidValue(key, f"expected an ISO date such as 2025-02-12, found {value!r}")


# --- front matter ----------------------------------------------------------------------


class FrontMatterError(ValueError):
    """Front matter that cannot be read."""


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without aliases: nested aliases expand exponentially ("billion laughs")."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed", self.peek_event().start_mark
            )
        return super().compose_node(parent, index)


class _YamlHandler(YAMLHandler):
    def load(self, fm: str, **kwargs: Any) -> Any:
        return yaml.load(fm, Loader=_NoAliasLoader)  # a SafeLoader subclass


class _TomlHandler(BaseHandler):
    """TOML front matter between `+++` lines (python-frontmatter's own needs the `toml` package)."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str) -> dict[str, Any]:
        return tomllib.loads(fm)


_FRONT_MATTER_HANDLERS = (_YamlHandler(), _TomlHandler())


def split_front_matter(text: str) -> tuple[Mapping[str, Any], str]:
    """The front matter keys (YAML between `---`, TOML between `+++`) and the body after them.

    Raises FrontMatterError for front matter that does not parse or is not a set of keys.
    """
    stripped = text.lstrip()
    handler = next((h for h in _FRONT_MATTER_HANDLERS if h.detect(stripped)), None)
    if handler is None:
        return {}, text
    try:
        raw, body = handler.split(stripped)
    except ValueError:  # no closing delimiter: the text merely starts with a rule
        return {}, text
    try:
        front_matter = handler.load(raw)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as e:
        raise FrontMatterError(f"front matter cannot be parsed: {' '.join(str(e).split())}") from e
    if not isinstance(front_matter, dict):
        raise FrontMatterError("front matter is not a set of keys (title, published, source, url)")
    return front_matter, body
