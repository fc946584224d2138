"""The real-news dev set: an index of excerpts kept outside the repository, checked by hash.

`seeds/real/index.csv` names each excerpt (id, url, published, source, kind, title, the
query that finds it, the sha256 of its exact text, and its split); the texts themselves
live in the git-ignored `seeds/real/texts/`. `check_devset` verifies every text against
its hash and writes the manifest that lets `stances code` read the texts with their dates.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from stances.errors import CorpusError

INDEX_COLUMNS = (
    "id",
    "file",
    "url",
    "published",
    "source",
    "kind",
    "title",
    "query",
    "sha256",
    "split",
)
SPLITS = ("tune", "check")


def split_of(excerpt_id: str) -> str:
    """The fixed split of an excerpt: odd ids are tuned on, even ids only checked."""
    digits = "".join(ch for ch in excerpt_id if ch.isdigit())
    return SPLITS[int(digits or 0) % 2 == 0]


@dataclass(frozen=True)
class DevsetCheck:
    """What `check_devset` found: texts present and matching, and the problems."""

    matching: list[str]
    missing: list[str]
    changed: list[str]

    @property
    def complete(self) -> bool:
        return not self.missing and not self.changed


def read_index(path: str | Path) -> list[dict[str, str]]:
    """Rows of the dev-set index; every bad line is reported at once."""
    source = Path(path)
    try:
        with source.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            names = reader.fieldnames or []
            missing = [c for c in INDEX_COLUMNS if c not in names]
            if missing:
                raise CorpusError(f"missing column(s) {', '.join(missing)}", path=source)
            repeated = sorted({c for c in names if names.count(c) > 1})
            if repeated:
                raise CorpusError(f"line 1: column(s) {', '.join(repeated)} repeated", path=source)
            rows = list(reader)
    except (OSError, UnicodeDecodeError) as e:
        raise CorpusError(f"cannot read the dev-set index ({e})", path=source) from e
    problems = [
        f"line {n}: {column} is empty"
        for n, row in enumerate(rows, start=2)
        for column in ("id", "file", "sha256", "query")
        if not (row.get(column) or "").strip()
    ]
    problems += [
        f"line {n}: split {row['split']!r}, but id {row['id']!r} belongs to {split_of(row['id'])!r}"
        for n, row in enumerate(rows, start=2)
        if row.get("id") and row.get("split") != split_of(row["id"])
    ]
    if problems:
        raise CorpusError("; ".join(problems[:10]), path=source)
    return rows


def check_devset(folder: str | Path) -> DevsetCheck:
    """Verify `folder/texts/*` against `folder/index.csv`; write `texts/manifest.csv`.

    The manifest lists only texts whose hash matches, so a changed text is never coded;
    `manifest-tune.csv` and `manifest-check.csv` list each split's texts.
    """
    root = Path(folder)
    rows = read_index(root / "index.csv")
    texts = root / "texts"
    matching, missing, changed = [], [], []
    for row in rows:
        path = texts / row["file"]
        if not path.is_file():
            missing.append(row["id"])
        elif hashlib.sha256(path.read_bytes()).hexdigest() != row["sha256"]:
            changed.append(row["id"])
        else:
            matching.append(row["id"])
    if texts.is_dir():
        ok = [row for row in rows if row["id"] in set(matching)]
        _write_manifest(texts / "manifest.csv", ok)
        for split in SPLITS:
            _write_manifest(texts / f"manifest-{split}.csv", [r for r in ok if r["split"] == split])
    return DevsetCheck(matching, missing, changed)


def place_excerpts(folder: str | Path, found: list[dict[str, str]]) -> dict[str, list[str]]:
    """Write each search result (`url`, `excerpt`: the text exactly as the search returned
    it) whose url an index row names and whose text has that row's sha256 to `texts/`.

    Returns the ids `placed`, the ids whose url came back with other text (`changed`: a
    stored page that changed, see the README), and the `unknown` urls no row names.
    """
    root = Path(folder)
    by_url: dict[str, list[dict[str, str]]] = {}
    for row in read_index(root / "index.csv"):
        by_url.setdefault(row["url"], []).append(row)
    texts = root / "texts"
    texts.mkdir(exist_ok=True)
    placed, changed, unknown = [], [], []
    for item in found:
        rows = by_url.get(item.get("url", ""))
        if not rows:
            unknown.append(item.get("url", ""))
            continue
        data = item.get("excerpt", "").encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        for row in rows:
            if digest == row["sha256"]:
                temporary = texts / f"{row['file']}.tmp"
                temporary.write_bytes(data)
                temporary.replace(texts / row["file"])
                placed.append(row["id"])
            else:
                changed.append(row["id"])
    # a page may come back as several excerpts: one that matched settles its row
    changed = [i for i in dict.fromkeys(changed) if i not in placed]
    return {"placed": placed, "changed": changed, "unknown": unknown}


def main(argv: list[str] | None = None) -> None:
    """`python -m stances.devset place FOLDER RESULTS.json ...`: place the excerpts of saved
    search results (a JSON list of {"url", "excerpt"} objects per file), then check the set."""
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m stances.devset")
    parser.add_argument("action", choices=["place"])
    parser.add_argument("folder", help="the dev set's folder (seeds/real)")
    parser.add_argument("results", nargs="+", type=Path, help="JSON files of search results")
    args = parser.parse_args(argv)
    found = []
    for path in args.results:
        try:
            items = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise SystemExit(f"stances: error: {path}: not a JSON list of results ({e})") from e
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise SystemExit(f"stances: error: {path}: not a JSON list of results")
        found += items
    result = place_excerpts(args.folder, found)
    check = check_devset(args.folder)
    print(
        f"placed {len(result['placed'])}; other text for {', '.join(result['changed']) or 'none'};"
        f" {len(result['unknown'])} urls in no row; the set has {len(check.matching)} matching,"
        f" {len(check.missing)} missing, {len(check.changed)} changed texts"
    )


def _write_manifest(path: Path, rows: list[dict[str, str]]) -> None:
    temporary = path.with_suffix(".csv.tmp")
    with temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "title", "published", "source", "url"])
        for row in rows:
            writer.writerow(
                [row["file"], row["title"], row["published"], row["source"], row["url"]]
            )
    temporary.replace(path)


if __name__ == "__main__":
    main()
