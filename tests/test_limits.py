"""Issue 11, rows 2, 4 and 5: coding time is linear in the article's length, and the matcher's
cost does not explode with the number of cues in a topic or of gaps in a cue.

Times are CPU seconds of this process, so other load on the machine matters little; the
bounds are generous. `python -m stances.bench --limits` prints the same figures up to 10 MB and
100k cues.
"""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import pytest

from stances import synthetic
from stances.codebook import DEFAULT_CODEBOOK, TOPIC_PHRASE_LISTS, load_codebook
from stances.coder import code_article
from stances.corpus import read_corpus
from stances.errors import CodebookError
from stances.matcher import Matcher

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@cache
def briefs() -> tuple[dict, ...]:
    return tuple(read_corpus(SEEDS).articles.to_dict("records"))


@cache
def codebook():
    return load_codebook()


def long_article(size: int, *, seed: int = 0) -> str:
    return synthetic.long_article([a["text"] for a in briefs()], size, seed=seed)


def cpu_seconds(function, *, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        function()
        best = min(best, time.process_time() - started)
    return best


def per_mb(text: str, book, *, repeat: int = 1) -> tuple[float, list[dict]]:
    article = {"article_id": "long", "doc_id": "long.txt", "text": text}
    rows = code_article(article, book)
    return cpu_seconds(lambda: code_article(article, book), repeat=repeat) / len(text) * 1e6, rows


@pytest.fixture(scope="module")
def baseline() -> float:
    """CPU seconds per MB for 10 KB articles: a hundred different ones, coded one by one."""
    book = codebook()
    articles = [
        {"article_id": str(k), "doc_id": f"{k}.txt", "text": long_article(10_000, seed=k)}
        for k in range(100)
    ]
    code_article(articles[0], book)  # warm up
    seconds = cpu_seconds(lambda: [code_article(a, book) for a in articles])
    return seconds / sum(len(a["text"]) for a in articles) * 1e6


def test_coding_time_per_mb_is_flat_from_10_kb_to_1_mb(baseline):
    seconds, rows = per_mb(long_article(1_000_000), codebook())
    print(f"\ncoding: {baseline:.2f} s/MB at 10 KB, {seconds:.2f} s/MB at 1 MB")
    assert len(rows) > 1_000
    assert seconds < 2 * baseline


@pytest.mark.parametrize(
    "hostile",
    [
        pytest.param(lambda t: t.replace("\n", " "), id="one line"),
        pytest.param(lambda t: t.replace("\n", " ").replace(".", ""), id="no sentence ends"),
        pytest.param(lambda t: t.replace(". ", ". The U.S. Army said. "), id="abbreviations"),
    ],
)
def test_a_long_article_without_paragraphs_or_sentence_ends_is_linear_too(baseline, hostile):
    # One line without a sentence end was one sentence: 1 MB took 64 s.
    text = hostile(long_article(500_000))
    seconds, rows = per_mb(text, codebook())
    print(f"\n{len(text):,} characters: {seconds:.2f} s/MB")
    assert all(text[r["evidence_start"] : r["evidence_end"]] == r["evidence"] for r in rows)
    assert seconds < 3 * baseline


# ------------------------------------------------------------------ cues and gaps


def synthetic_cues(n: int) -> list[str]:
    return synthetic.synthetic_cues([a["text"] for a in briefs()], n)


def with_topic(tmp_path: Path, cues: list[str], *, limits: str = "") -> Path:
    """The default codebook plus a topic holding `cues` (and `limits` in [codebook])."""
    source = DEFAULT_CODEBOOK.read_text(encoding="utf-8")
    if limits:
        source = source.replace("\nversion = ", f"\nlimits = {limits}\nversion = ", 1)
    quoted = ", ".join(f'"{c}"' for c in cues)
    path = tmp_path / "bulk.toml"
    path.write_text(
        source + '\n[[topics]]\nid = "bulk"\nlabel = "Bulk"\ndescription = "Many cues."\n'
        f'support_means = "favours bulk"\nsupport_cues = [{quoted}]\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("n", [1_000, 10_000, 100_000])
def test_a_topic_with_up_to_100k_cues_loads_and_codes_in_bounded_time(tmp_path, n):
    # Issue 11, row 5: 7 s per 3 KB article at 10k cues, over 5 minutes at 100k.
    cues = synthetic_cues(n)
    items = {"topic:bulk": [(c, 1) for c in cues]}
    build = cpu_seconds(lambda: Matcher.build(items))
    matcher = Matcher.build(items)
    texts = [a["text"] for a in briefs()]
    scan = cpu_seconds(lambda: [matcher.scan(t) for t in texts]) / len(texts)
    started = time.process_time()
    book = load_codebook(with_topic(tmp_path, cues))
    rows = [row for article in briefs() for row in code_article(article, book)]
    coded = (time.process_time() - started) / len(texts)
    print(
        f"\n{n:,} cues: matcher build {build:.2f} s, scan {scan * 1e3:.1f} ms per brief,"
        f" load + code {coded * 1e3:.1f} ms per brief"
    )
    assert any(row["topic_id"] == "bulk" for row in rows)
    assert build < 15
    assert scan < 0.05
    assert coded < 0.5


def test_more_cues_than_the_limit_are_refused_unless_the_codebook_raises_it(tmp_path):
    topics = load_codebook().model.topics
    # every phrase list of a topic counts, as the codebook counts them
    n = 1 + max(sum(len(getattr(t, name)) for name in TOPIC_PHRASE_LISTS) for t in topics)
    cues = synthetic_cues(n)  # more than any default topic has
    with pytest.raises(
        CodebookError, match=rf"'bulk'\): {n} cue phrases, .*cues_per_topic = {n - 1}"
    ):
        load_codebook(with_topic(tmp_path, cues, limits=f"{{ cues_per_topic = {n - 1} }}"))
    assert load_codebook(with_topic(tmp_path, cues, limits=f"{{ cues_per_topic = {n} }}"))


TWELVE_GAPS = " ... ".join(["the"] * 12 + ["zzz"])


def test_twelve_gaps_are_refused_by_default(tmp_path):
    # Issue 11, row 4: `codebook check` accepted a cue with twelve gaps.
    with pytest.raises(CodebookError, match=r"12 '\.\.\.' gaps .*gaps_per_cue = 3"):
        load_codebook(with_topic(tmp_path, [TWELVE_GAPS]))


def test_twelve_gaps_allowed_by_the_codebook_cost_linear_time(tmp_path):
    # Issue 11, row 4: twelve gaps took over 60 s on the briefs.
    book = load_codebook(with_topic(tmp_path, [TWELVE_GAPS], limits="{ gaps_per_cue = 12 }"))
    briefs_time = cpu_seconds(lambda: [code_article(a, book) for a in briefs()])
    hostile = "the " * 20_000
    matcher = Matcher.build({"x": [(TWELVE_GAPS, 1)]})
    hostile_time = cpu_seconds(lambda: matcher.scan(hostile))
    print(f"\n12 gaps: briefs {briefs_time:.2f} s, 'the ' * 20000 {hostile_time:.2f} s")
    assert briefs_time < 10
    assert hostile_time < 5
