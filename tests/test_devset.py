"""The real-news dev set index: texts checked by hash, manifests per split, fixed splits."""

import csv
import hashlib
import json
from pathlib import Path

import pytest

from stances.devset import INDEX_COLUMNS, check_devset, main, place_excerpts, read_index, split_of
from stances.errors import CorpusError


def write_index(folder, rows):
    with (folder / "index.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=INDEX_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def read_rows(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def row(excerpt_id, text, **changes):
    return {
        "id": excerpt_id,
        "file": f"{excerpt_id}.txt",
        "url": f"https://example.org/{excerpt_id}",
        "published": "2025-03-01",
        "source": "Example News",
        "kind": "wire",
        "title": f"Title {excerpt_id}",
        "query": "example query",
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "split": split_of(excerpt_id),
        **changes,
    }


def test_split_is_fixed_by_id():
    assert [split_of(i) for i in ("r001", "r002", "r013", "r084")] == [
        "tune",
        "check",
        "tune",
        "check",
    ]


def test_texts_are_checked_and_only_matching_ones_reach_the_manifests(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "r001.txt").write_text("Kept as gathered.", encoding="utf-8")
    (texts / "r002.txt").write_text("Changed since.", encoding="utf-8")
    write_index(
        tmp_path,
        [
            row("r001", "Kept as gathered."),
            row("r002", "As it was gathered."),
            row("r003", "Never gathered."),
        ],
    )

    result = check_devset(tmp_path)

    assert (result.matching, result.changed, result.missing) == (["r001"], ["r002"], ["r003"])
    assert not result.complete
    listed = read_rows(texts / "manifest.csv")
    assert [r["file"] for r in listed] == ["r001.txt"]
    assert listed[0]["published"] == "2025-03-01"
    tune, check = read_rows(texts / "manifest-tune.csv"), read_rows(texts / "manifest-check.csv")
    assert ([r["file"] for r in tune], check) == (["r001.txt"], [])


def test_a_moved_split_or_a_missing_hash_is_refused_with_its_line(tmp_path):
    write_index(tmp_path, [row("r001", "x", split="check"), row("r002", "y", sha256="")])
    with pytest.raises(CorpusError) as error:
        check_devset(tmp_path)
    message = str(error.value)
    assert "line 2: split 'check'" in message
    assert "line 3: sha256 is empty" in message


def test_a_repeated_column_is_refused(tmp_path):
    write_index(tmp_path, [row("r001", "x")])
    index = tmp_path / "index.csv"
    lines = index.read_text(encoding="utf-8").splitlines()
    index.write_text(
        "\n".join([lines[0] + ",split", *(line + ",tune" for line in lines[1:])]) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match=r"index\.csv.*line 1: column\(s\) split repeated"):
        check_devset(tmp_path)


def test_the_committed_index_reads():
    rows = read_index(Path(__file__).parents[1] / "seeds" / "real" / "index.csv")
    assert len(rows) >= 60
    assert {r["split"] for r in rows} == {"tune", "check"}


def test_search_results_are_placed_only_where_their_hash_matches(tmp_path):
    write_index(tmp_path, [row("r001", " date 2025-03-01 Kept.\n"), row("r002", "Old text.")])
    placed = place_excerpts(
        tmp_path,
        [
            # the same page twice, the second excerpt the gathered one
            {"url": "https://example.org/r001", "excerpt": " date 2025-03-01 Kept."},
            {"url": "https://example.org/r001", "excerpt": " date 2025-03-01 Kept.\n"},
            {"url": "https://example.org/r002", "excerpt": "New text."},
            {"url": "https://example.org/elsewhere", "excerpt": "Other news."},
        ],
    )
    assert placed == {
        "placed": ["r001"],
        "changed": ["r002"],
        "unknown": ["https://example.org/elsewhere"],
    }
    assert (tmp_path / "texts" / "r001.txt").read_bytes() == b" date 2025-03-01 Kept.\n"
    assert not (tmp_path / "texts" / "r002.txt").exists()
    assert sorted(p.name for p in (tmp_path / "texts").iterdir()) == ["r001.txt"]


def test_placing_from_saved_results_writes_the_manifests(tmp_path, capsys):
    write_index(tmp_path, [row("r001", "Kept."), row("r002", "Also kept.")])
    results = tmp_path / "found.json"
    results.write_text(
        json.dumps([{"url": "https://example.org/r002", "excerpt": "Also kept."}]),
        encoding="utf-8",
    )
    main(["place", str(tmp_path), str(results)])
    assert "placed 1;" in capsys.readouterr().out
    assert [r["file"] for r in read_rows(tmp_path / "texts" / "manifest-check.csv")] == ["r002.txt"]
    results.write_text("{not json", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"found\.json: not a JSON list"):
        main(["place", str(tmp_path), str(results)])
