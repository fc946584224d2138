"""Shared fixtures: a small, realistic dataset built by hand (with one hostile article),
its report, and the Chromium that browser tests drive."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from stances.dataset import Dataset, read_dataset, write_dataset
from stances.pipeline import build_dataset

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# What a hostile scrape could carry. None of it may execute or become a link in a report.
SCRIPT_PAYLOAD = "<script>window.__pwned=1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__pwned=1">'
JS_URL = "javascript:window.__pwned=1"

BUILT_AT = datetime(2025, 9, 1, 12, 0, tzinfo=UTC)
CODEBOOK = "test"
NAMES = {
    "trump": "Donald Trump",
    "putin": "Vladimir Putin",
    "zelensky": "Volodymyr Zelensky",
    "hegseth": "Pete Hegseth",
}
SCORES = {"support": 0.8, "oppose": -0.8, "neutral": 0.0, "mixed": 0.0}


@dataclass(frozen=True)
class Code:
    actor: str
    topic: str
    stance: str
    attribution: str
    evidence: str
    via: str | None = None


@dataclass(frozen=True)
class Article:
    doc_id: str
    title: str
    published: date | None
    source: str
    url: str
    codes: tuple[Code, ...]
    filler: str = "The talks continued through the week."


ARTICLES = (
    Article(
        "2025-02-12-call.txt",
        "Trump and Putin agree to start talks after phone call",
        date(2025, 2, 12),
        "Example Wire",
        "https://news.example.org/2025/02/12/call",
        (
            Code(
                "trump",
                "us_russia_relations",
                "support",
                "direct_quote",
                "Trump said the call with Putin was “lengthy and highly productive” and that "
                "the two leaders agreed to visit each other's nations.",
            ),
            Code(
                "putin",
                "us_russia_relations",
                "support",
                "reported",
                "According to Trump, Putin agreed that their teams would start negotiating "
                "immediately.",
                via="trump",
            ),
            Code(
                "hegseth",
                "ukraine_nato_membership",
                "oppose",
                "paraphrase",
                "Defense Secretary Pete Hegseth said in Brussels that Kyiv joining NATO was "
                "unrealistic.",
            ),
        ),
    ),
    Article(
        "2025-02-19-minerals.txt",
        "Zelensky rejects US proposal on rare earth minerals",
        date(2025, 2, 19),
        "Example Wire",
        "https://news.example.org/2025/02/19/minerals",
        (
            Code(
                "zelensky",
                "minerals_deal",
                "oppose",
                "direct_quote",
                "Zelensky said he could not sell Ukraine and refused to sign the draft "
                "minerals agreement.",
            ),
            Code(
                "trump",
                "minerals_deal",
                "support",
                "paraphrase",
                "Trump insisted that Ukraine hand over half a trillion dollars in rare earths "
                "as payback for American aid.",
            ),
        ),
    ),
    Article(
        "2025-02-28-oval-office.txt",
        "Oval Office meeting ends without a minerals deal",
        date(2025, 2, 28),
        "Daily Example",
        "https://daily.example.com/oval-office",
        (
            Code(
                "zelensky",
                "minerals_deal",
                "mixed",
                "paraphrase",
                "Zelensky said he was ready to sign the minerals framework but wanted "
                "security guarantees written into it first.",
            ),
            Code(
                "trump",
                "minerals_deal",
                "support",
                "direct_quote",
                "Trump said the minerals deal was “a very fair deal” and that it should be "
                "signed right away.",
            ),
        ),
    ),
    Article(
        "2025-04-30-signed.txt",
        "US and Ukraine sign minerals agreement",
        date(2025, 4, 30),
        "Example Wire",
        "https://news.example.org/2025/04/30/signed",
        (
            Code(
                "zelensky",
                "minerals_deal",
                "support",
                "action",
                "Zelensky's government signed the agreement creating a joint investment fund "
                "for Ukraine's minerals.",
            ),
            Code(
                "trump",
                "minerals_deal",
                "support",
                "paraphrase",
                "Trump welcomed the signed minerals agreement as a good deal for both countries.",
            ),
        ),
    ),
    Article(
        "2025-07-14-tariffs.txt",
        "Trump ‘very disappointed’ in Putin, threatens tariffs",
        date(2025, 7, 14),
        "Daily Example",
        "https://daily.example.com/disappointed",
        (
            Code(
                "trump",
                "us_russia_relations",
                "oppose",
                "direct_quote",
                "Trump said he was “very disappointed” in Putin and threatened severe "
                "tariffs on Russia's trading partners.",
            ),
        ),
    ),
    Article(
        "2025-08-15-alaska.txt",
        "Trump and Putin meet in Alaska",
        date(2025, 8, 15),
        "Example Wire",
        "https://news.example.org/2025/08/15/alaska",
        (
            Code(
                "trump",
                "us_russia_relations",
                "support",
                "direct_quote",
                "Trump called the Alaska meeting with Putin “extremely productive” and "
                "invited him to further talks.",
            ),
            Code(
                "putin",
                "us_russia_relations",
                "support",
                "direct_quote",
                "Putin said the meeting with Trump was useful and proposed that the next "
                "one take place in Moscow.",
            ),
        ),
    ),
    Article(
        "undated-analysis.txt",
        "Analysis: what Kyiv's NATO hopes mean",
        None,
        "Example Review",
        "http://review.example.net/nato-hopes",
        (
            Code(
                "zelensky",
                "ukraine_nato_membership",
                "support",
                "direct_quote",
                "Zelensky said NATO membership remained the cheapest security guarantee "
                "for Ukraine.",
            ),
        ),
    ),
    Article(
        "hostile.txt",
        f"Hegseth on NATO {SCRIPT_PAYLOAD} {IMG_PAYLOAD}",
        date(2025, 3, 1),
        f"Scraped {IMG_PAYLOAD}",
        JS_URL,
        (
            Code(
                "hegseth",
                "ukraine_nato_membership",
                "oppose",
                "paraphrase",
                f"Defense Secretary Pete Hegseth said Ukraine joining NATO was unrealistic "
                f"{SCRIPT_PAYLOAD} {IMG_PAYLOAD}.",
            ),
            Code(
                "zelensky",
                "ukraine_nato_membership",
                "support",
                "direct_quote",
                f"Zelensky said Ukraine “belongs in NATO” {IMG_PAYLOAD}.",
            ),
        ),
        filler=f"Read more at {SCRIPT_PAYLOAD}.",
    ),
)


def build_frames(articles: tuple[Article, ...] = ARTICLES) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Statements and articles tables (schema v1) whose offsets match the article texts."""
    statement_rows, article_rows = [], []
    for art in articles:
        text = art.title + "\n\n" + art.filler
        spans = []
        for code in art.codes:
            text += " "
            spans.append((len(text), len(text) + len(code.evidence)))
            text += code.evidence
        article_id = hashlib.sha256(text.encode()).hexdigest()[:16]
        meta = {
            "article_id": article_id,
            "doc_id": art.doc_id,
            "title": art.title,
            "published": art.published,
            "source": art.source,
            "url": art.url,
        }
        article_rows.append({**meta, "n_chars": len(text), "text": text})
        for code, (start, end) in zip(art.codes, spans, strict=True):
            assert text[start:end] == code.evidence
            key = f"{article_id}|{code.actor}|{code.topic}|{start}|{end}|rules/1"
            statement_rows.append(
                {
                    "statement_id": hashlib.sha256(key.encode()).hexdigest()[:16],
                    **meta,
                    "actor_id": code.actor,
                    "actor_name": NAMES[code.actor],
                    "topic_id": code.topic,
                    "stance": code.stance,
                    "score": SCORES[code.stance],
                    "confidence": 0.9,
                    "attribution": code.attribution,
                    "via_actor_id": code.via,
                    "evidence": code.evidence,
                    "evidence_start": start,
                    "evidence_end": end,
                    "quote": None,
                    "cues": [code.topic.split("_")[0]],
                    "coder": "rules/1",
                    "codebook": CODEBOOK,
                    "reference": "current",
                }
            )
    return pd.DataFrame(statement_rows), pd.DataFrame(article_rows)


@pytest.fixture(scope="session")
def dataset_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dataset directory (statements.parquet + articles.parquet) built from ARTICLES."""
    out = tmp_path_factory.mktemp("data")
    statements, articles = build_frames()
    write_dataset(statements, articles, out, codebook=CODEBOOK, built_at=BUILT_AT)
    return out


@pytest.fixture(scope="session")
def dataset(dataset_dir: Path) -> Dataset:
    return read_dataset(dataset_dir)


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo dataset, coded from the repository's seeds/ as the main job codes it."""
    out = tmp_path_factory.mktemp("demo")
    build_dataset(Path(__file__).parents[1] / "seeds", out)
    return out


@pytest.fixture(scope="session")
def demo(demo_dir: Path) -> Dataset:
    return read_dataset(demo_dir)


@dataclass(frozen=True)
class BuiltReport:
    path: Path
    charts_dir: Path


@pytest.fixture(scope="session")
def report(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> BuiltReport:
    """The fixture dataset's report, with every chart also written to its own files."""
    from stances.report import write_report

    out = tmp_path_factory.mktemp("report")
    charts = out / "charts"
    path = write_report(dataset, out / "report.html", charts_dir=charts, title="Fixture report")
    return BuiltReport(path, charts)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the system Chromium; skip without one, but fail in CI where it must exist."""
    if Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = f"no Chromium at {CHROMIUM} (install Debian's `chromium` package)"
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"{reason}; CI is set, so browser tests must run")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Browser]:
    """A headless Chromium driven by playwright (never a downloaded one: no internet)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def hostile() -> dict[str, str]:
    """The payloads the hostile article carries, by kind."""
    return {"script": SCRIPT_PAYLOAD, "img": IMG_PAYLOAD, "url": JS_URL}
