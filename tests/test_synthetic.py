"""Tests for stances.synthetic (the benchmark's inputs) and the benchmark's options."""

from __future__ import annotations

import random
import re

import pytest

import stances
from stances import bench, synthetic
from stances.codebook import load_codebook
from stances.dataset import write_dataset
from stances.extract import extract_page


def corpus_texts(folder) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def test_a_corpus_is_the_same_for_a_seed_and_another_for_another_seed(tmp_path):
    n, mb = synthetic.write_corpus(tmp_path / "a", 0.2, seed=3)
    synthetic.write_corpus(tmp_path / "b", 0.2, seed=3)
    synthetic.write_corpus(tmp_path / "c", 0.2, seed=4)
    assert corpus_texts(tmp_path / "a") == corpus_texts(tmp_path / "b")
    assert corpus_texts(tmp_path / "a") != corpus_texts(tmp_path / "c")
    assert n == len(list((tmp_path / "a").glob("*.txt")))
    assert 0.2 <= mb < 0.22


def test_articles_read_like_wire_copy_with_the_density_of_real_news():
    rng = random.Random(0)
    texts = [synthetic.news_article(rng)[1] for _ in range(200)]
    words = [len(t.split()) for t in texts]
    assert sum(w < 300 for w in words) > 60  # briefs
    assert sum(600 <= w <= 1600 for w in words) > 60  # long articles
    joined = "\n".join(texts)
    for mark in ("“", "”", "’", " — ", "U.S.", "Feb.", "Dr.", "a.m.", "He added"):
        assert mark in joined
    assert all(re.match(r"[^\n]+\n\n[A-Z, a-z]+ \([A-Za-z ]+\) — ", t) for t in texts)
    assert ".." not in joined
    aliases = {a.lower() for actor in load_codebook().model.actors for a in actor.aliases}
    sentences = re.split(r"(?<=[.”])\s+(?=[A-Z“])", joined)
    named = sum(any(a in s.lower() for a in aliases) for s in sentences)
    assert 0.05 < named / len(sentences) < 0.3  # most sentences name no codebook actor


def test_a_page_gives_back_its_article_without_the_boilerplate():
    title, text = synthetic.news_article(random.Random(1))
    page = extract_page(synthetic.html_page(title, text, 7))
    assert page is not None
    paragraphs = text.split("\n\n")[1:]
    assert paragraphs[0] in page.text
    assert paragraphs[-1] in page.text
    assert "reader 7 wrote" not in page.text
    assert "Story 8" not in page.text


def test_a_tiled_dataset_is_copies_of_the_coded_one_with_their_own_ids(tmp_path):
    synthetic.write_corpus(tmp_path / "corpus", 0.05, seed=0)
    coded = stances.code(tmp_path / "corpus", tmp_path / "coded")
    rows = 3 * len(coded.statements)
    statements, articles = synthetic.tiled_dataset(coded.statements, coded.articles, rows)
    assert len(statements) == rows
    assert statements["statement_id"].is_unique
    assert set(statements["article_id"]) == set(articles["article_id"])
    assert articles["article_id"].is_unique
    assert len(articles) == 3 * coded.statements["article_id"].nunique()
    write_dataset(statements, articles, tmp_path / "tiled", codebook=load_codebook())
    tiled = stances.read_dataset(tmp_path / "tiled", strict=True).statements
    # Each copy codes as the original did: three times the article-level stances.
    assert len(stances.article_stances(tiled)) == 3 * len(stances.article_stances(coded.statements))
    assert tiled["published"].between("2023-01-01", "2026-01-01").all()


@pytest.mark.parametrize("sizes", ["100", "100,0", "a,b"])
def test_bench_refuses_a_bad_rss_pair(sizes, capsys):
    with pytest.raises(SystemExit) as raised:
        bench.main(["--rss", sizes])
    assert raised.value.code == 2
    assert "--rss" in capsys.readouterr().err


def test_demo_speed_codes_the_briefs_now_and_at_a_revision(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bench, "DEMO_COPIES", 1)
    monkeypatch.setattr(bench, "DEMO_PASSES", 1)
    monkeypatch.setattr(bench, "PREVIOUS_TURNS", 1)
    bench.demo_speed(tmp_path, "HEAD")
    printed = capsys.readouterr().out
    found = re.search(r"([\d.]+) articles/s, ([\d.]+) at HEAD: ([\d.]+)x", printed)
    assert found is not None, printed
    now, before, ratio = map(float, found.groups())
    assert now > 0
    assert before > 0
    assert ratio == pytest.approx(now / before, rel=0.01)
    assert (tmp_path / "demo-previous" / "stances" / "coder.py").is_file()
