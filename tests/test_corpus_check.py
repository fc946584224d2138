"""Tests for `stances corpus check`: what a corpus holds, before any coding."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from stances.cli import main

PAGES = Path(__file__).parent / "pages"
ENGLISH = (
    "Secretary of State Marco Rubio said on Tuesday that the talks with Sergei Lavrov in "
    "Riyadh had been useful, and that both sides would name teams to work on an end to the "
    "war in Ukraine and on restoring the work of their embassies in the coming weeks."
)
GERMAN = (
    "Der amerikanische Außenminister sagte am Dienstag, die Gespräche mit seinem russischen "
    "Amtskollegen in Riad seien nützlich gewesen, und beide Seiten würden Teams benennen, "
    "die an einem Ende des Krieges in der Ukraine arbeiten sollen."
)


@pytest.fixture
def mixed_corpus(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PAGES / "jsonld_opengraph.html", corpus / "page.html")
    shutil.copy(PAGES / "index_page.html", corpus / "index.html")
    (corpus / "a.md").write_text("---\ndate: 2025-02-18\n---\n" + ENGLISH, encoding="utf-8")
    (corpus / "copy.txt").write_text(ENGLISH, encoding="utf-8")
    (corpus / "de.txt").write_text(GERMAN, encoding="utf-8")
    (corpus / "short.txt").write_text("Rubio met Lavrov.", encoding="utf-8")
    return corpus


def test_check_prints_kinds_languages_problems_and_dates(mixed_corpus, capsys):
    assert main(["corpus", "check", str(mixed_corpus)]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(": 4 articles")
    assert "by input kind: txt 2, html 1, md 1" in lines
    assert "by language: en 2, de 1, undetermined 1" in lines
    assert "not coded, language not covered (en): 1: de.txt (de)" in lines
    assert "undated: 2: de.txt, short.txt" in lines
    assert "duplicates: 1: copy.txt repeats a.md" in lines
    assert "no extractable text: 1: index.html" in lines
    assert "very short (< 200 characters): 1: short.txt (17)" in lines
    assert "very long (> 100000 characters): none" in lines
    assert lines[-1] == "dates: 2025-02-18 to 2025-04-04"


def test_check_json_says_the_same(mixed_corpus, capsys):
    assert main(["corpus", "check", str(mixed_corpus), "--format", "json"]) == 0

    summary = json.loads(capsys.readouterr().out)
    assert summary["articles"] == 4
    assert summary["by_kind"] == {"txt": 2, "html": 1, "md": 1}
    assert summary["not_covered"] == [{"doc_id": "de.txt", "language": "de"}]
    assert summary["undated"] == ["de.txt", "short.txt"]
    assert summary["duplicates"] == [{"doc_id": "copy.txt", "duplicate_of": "a.md"}]
    assert summary["no_text"] == ["index.html"]
    assert summary["skipped"] == {"no_article": 1}
    assert summary["date_range"] == {"first": "2025-02-18", "last": "2025-04-04"}


def test_code_leaves_other_languages_uncoded_with_a_warning(mixed_corpus, tmp_path, capsys):
    assert main(["code", str(mixed_corpus), "-o", str(tmp_path / "data")]) == 0

    captured = capsys.readouterr()
    assert "coded 3 articles" in captured.out
    assert (
        "stances: warning: 1 not coded, articles in a language the codebook does not cover: "
        "de.txt" in captured.err
    )
    assert "pages with no extractable article (an index or error page): index.html" in captured.err


def test_check_fails_only_when_the_corpus_cannot_be_read(tmp_path, capsys):
    assert main(["corpus", "check", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stances: error: ")
    assert "no such file" in err
