"""The report in a real headless Chromium: it draws, it explains, and hostile text stays text."""

from __future__ import annotations

import contextlib
import csv
import html
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from stances import analysis
from stances.dataset import read_dataset
from stances.labels import default_labels
from stances.report import write_report

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_1ed7bb89dee7198b.txt"

# Everything plotly draws a trace as, by trace type; each chart must draw at least one.
TRACE_SELECTOR = ", ".join(
    [
        ".scatterlayer .trace",
        ".barlayer .trace",
        ".heatmaplayer .hm",
        ".boxlayer .trace",
        ".pielayer .trace",
        ".gl-container canvas",
    ]
)


@dataclass
class Loaded:
    page: object
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def open_report(browser, path: Path) -> Loaded:
    """Open the report from disk, recording console errors, page errors and any request
    that leaves the file (a self-contained report makes none); wait until every chart is
    drawn."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    loaded = Loaded(page)
    page.on("console", lambda m: m.type == "error" and loaded.errors.append(m.text))
    page.on("pageerror", lambda e: loaded.errors.append(f"pageerror: {e}"))

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            loaded.requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function(
        """() => [...document.querySelectorAll('.plotly-graph-div')]
                 .every(d => d._fullLayout && d.querySelector('.main-svg'))""",
        timeout=30_000,
    )
    return loaded


def pwned(page) -> bool:
    return page.evaluate("typeof window.__pwned !== 'undefined'")


def squash(text: str) -> str:
    """Text with all whitespace removed: plotly wraps hover lines where it likes."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def loaded(browser, report):
    result = open_report(browser, report.path)
    yield result
    result.page.close()


def test_report_loads_without_errors_or_requests(loaded):
    assert loaded.errors == []
    assert loaded.requests == [], "the report must work offline"
    assert not pwned(loaded.page)


def test_every_chart_draws_traces(loaded, dataset):
    counts = loaded.page.evaluate(
        """(sel) => Object.fromEntries([...document.querySelectorAll('.plotly-graph-div')]
               .map(d => [d.id, d.querySelectorAll(sel).length]))""",
        TRACE_SELECTOR,
    )
    dated = dataset.statements.loc[dataset.statements["published"].notna(), "topic_id"]
    expected = {
        "chart-start",
        "chart-heatmap",
        "chart-shifts",
        "chart-coverage",
        "chart-network",
    } | {f"chart-timeline-{t}" for t in dated.astype(str).unique()}
    assert set(counts) == expected
    assert {name: n for name, n in counts.items() if n == 0} == {}


TARGETS_JS = """(id) => {
    const gd = document.getElementById(id);
    gd.scrollIntoView();
    const out = [];
    const marks = gd.querySelectorAll('.scatterlayer .points path.point, .barlayer .point path');
    for (const el of marks) {
        const b = el.getBoundingClientRect();
        if (!b.width && !b.height) continue;
        const trace = el.closest('.trace').__data__[0].trace;
        out.push({x: b.x + b.width / 2, y: b.y + b.height / 2, name: trace.name || '',
                  ms: el.__data__ ? el.__data__.x : null, kind: 'point'});
    }
    const r = gd.getBoundingClientRect();
    for (const t of gd._fullData) {
        if (t.type !== 'heatmap' || t.visible !== true) continue;
        const xa = gd._fullLayout['xaxis' + t.xaxis.slice(1)];
        const ya = gd._fullLayout['yaxis' + t.yaxis.slice(1)];
        t.z.forEach((row, i) => row.forEach((z, j) => {
            if (z === null || z === undefined) return;
            const xv = t.x ? t.x[j] : j, yv = t.y ? t.y[i] : i;
            out.push({x: r.x + xa._offset + xa.c2p(xa.d2c(xv)),
                      y: r.y + ya._offset + ya.c2p(ya.d2c(yv)),
                      name: t.name || '', ms: null, kind: 'cell', column: xv, row: yv});
        }));
    }
    return out;
}"""


def hover_targets(page, chart_id: str) -> list[dict]:
    """Every drawn marker, bar and heatmap cell of a chart: its centre on screen, its trace
    name, and (for markers) its x value (milliseconds on a date axis)."""
    return page.evaluate(TARGETS_JS, chart_id)


def hover_text(page, x: float, y: float) -> str:
    """Move the mouse off any chart, then onto (x, y); return the hover label's text."""
    page.mouse.move(0, 0)
    page.mouse.move(x, y)
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "() => [...document.querySelectorAll('.hoverlayer')].some(h => h.textContent)",
            timeout=1_000,
        )
    return page.evaluate(
        "() => [...document.querySelectorAll('.hoverlayer')].map(h => h.textContent).join(' ')"
    )


def chart_ids(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('.plotly-graph-div')].map(d => d.id)")


TOPICS = ["minerals_deal", "us_russia_relations", "ukraine_nato_membership"]


@pytest.mark.parametrize("topic", TOPICS)
def test_hovering_a_timeline_point_shows_its_evidence(loaded, dataset, topic):
    page = loaded.page
    statements = dataset.statements[dataset.statements["topic_id"] == topic]
    points = [t for t in hover_targets(page, f"chart-timeline-{topic}") if t["kind"] == "point"]
    assert len(points) >= 2, "the timeline draws markers"
    for point in points:
        day = pd.Timestamp(point["ms"], unit="ms").normalize()
        # markers drawn on top of each other (same day, same score): either may answer
        names = {p["name"] for p in points if _same_spot(p, point)}
        here = statements[statements["published"] == day]
        candidates = here.loc[here["actor_name"].astype(str).isin(names), "evidence"]
        assert len(candidates), f"no statement by {names} on {topic} at {day:%Y-%m-%d}"
        label = squash(hover_text(page, point["x"], point["y"]))
        assert any(squash(e)[:40] in label for e in candidates), (
            f"hover over {point['name']} on {day:%Y-%m-%d} shows {label[:200]!r}, "
            f"expected one of {list(candidates)}"
        )
        assert not pwned(page)


def test_hovering_a_heatmap_cell_shows_the_latest_evidence(loaded, dataset):
    page = loaded.page
    matrix = analysis.stance_matrix(dataset.statements)
    labels = default_labels()
    cells = hover_targets(page, "chart-heatmap")
    assert len(cells) == len(matrix)
    topics = {labels.topic(t): t for t in matrix["topic_id"]}
    for cell in cells:
        # the column is the topic's label, wrapped onto lines
        topic = topics[html.unescape(cell["column"].replace("<br>", " "))]
        (evidence,) = matrix.loc[
            (matrix["actor_name"] == cell["row"]) & (matrix["topic_id"] == topic),
            "latest_evidence",
        ]
        label = squash(hover_text(page, cell["x"], cell["y"]))
        assert squash(evidence)[:40] in label, (cell, label[:200])


def _same_spot(a: dict, b: dict) -> bool:
    return abs(a["x"] - b["x"]) < 4 and abs(a["y"] - b["y"]) < 4


def test_hostile_article_never_runs_even_on_hover(loaded, hostile):
    page = loaded.page
    scripts_before = page.evaluate("document.scripts.length")
    shown = []
    for chart_id in chart_ids(page):
        targets = hover_targets(page, chart_id)
        assert targets, chart_id
        for target in targets:
            text = hover_text(page, target["x"], target["y"])
            if "window.__pwned" in text:
                shown.append(text)
            assert not pwned(page), chart_id
    assert page.evaluate("document.scripts.length") == scripts_before
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert any(hostile["script"] in text for text in shown), "hostile evidence is shown as text"
    assert not pwned(page)
    assert loaded.errors == []


def test_report_links_only_to_web_pages(loaded):
    hrefs = loaded.page.evaluate("() => [...document.links].map(a => a.getAttribute('href'))")
    assert hrefs
    bad = [h for h in hrefs if not (h.startswith(("http://", "https://", "#")))]
    assert bad == []


# -- the interactive tables -----------------------------------------------------------------

VISIBLE_ROWS_JS = """(id) => [...document.getElementById(id).tBodies[0].rows]
    .filter(r => !r.hidden).map(r => [...r.cells].map(c => c.innerText.trim()))"""


def visible_rows(page, table_id: str) -> list[list[str]]:
    return page.evaluate(VISIBLE_ROWS_JS, table_id)


def tools(page, table_id: str):
    """The search box, download button and row count placed before a table."""
    return page.locator(f"#{table_id}").locator("xpath=preceding-sibling::div[1]")


@pytest.fixture
def fresh(browser, report):
    """The report in a new page: tests that search and sort leave no state behind."""
    result = open_report(browser, report.path)
    yield result
    result.page.close()


def test_search_filters_table_rows(fresh, dataset):
    page = fresh.page
    shifts = analysis.shifts(dataset.statements)
    bar = tools(page, "shifts-table")
    assert bar.locator("output").inner_text() == f"{len(shifts)} of {len(shifts)} rows"
    bar.locator("input[type=search]").fill("zelensky oppose")
    rows = visible_rows(page, "shifts-table")
    expected = shifts[
        (shifts["actor_id"] == "zelensky")
        & ((shifts["from_stance"] == "oppose") | (shifts["to_stance"] == "oppose"))
    ]
    assert len(rows) == len(expected) > 0
    assert all(row[0] == "Volodymyr Zelensky" for row in rows)
    assert bar.locator("output").inner_text() == f"{len(expected)} of {len(shifts)} rows"
    bar.locator("input[type=search]").fill("no such words anywhere")
    assert visible_rows(page, "shifts-table") == []
    assert fresh.errors == []


def test_clicking_a_header_sorts_the_table(fresh, dataset):
    page = fresh.page
    table = "evidence-minerals_deal"
    header = page.locator(f"#{table} thead th", has_text="Date")
    header.click()
    dates = [row[0] for row in visible_rows(page, table)]
    assert dates == sorted(dates)
    assert header.get_attribute("aria-sort") == "ascending"
    header.click()
    assert [row[0] for row in visible_rows(page, table)] == sorted(dates, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"
    page.locator(f"#{table} thead th", has_text="Actor").click()
    actors = [row[1] for row in visible_rows(page, table)]
    assert actors == sorted(actors)
    assert len(actors) == int((dataset.statements["topic_id"] == "minerals_deal").sum())


def test_download_gives_the_visible_rows_as_csv(fresh, tmp_path):
    page = fresh.page
    table = "evidence-us_russia_relations"
    bar = tools(page, table)
    bar.locator("input[type=search]").fill("Trump")
    shown = visible_rows(page, table)
    with page.expect_download() as download:
        bar.locator("button", has_text="Download CSV").click()
    assert download.value.suggested_filename == f"{table}.csv"
    path = tmp_path / "table.csv"
    download.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Date", "Actor", "Stance", "Attribution", "Evidence", "Source"]
    assert [r[4] for r in rows[1:]] == [r[4] for r in shown]
    assert len(rows) - 1 == len(shown) > 0
    assert fresh.requests == [], "the download is made in the page, offline"


# -- the whole pipeline, from a hostile corpus to the browser ------------------------------

HOSTILE_ARTICLE = """NATO ministers meet in Brussels

Defense Secretary Pete Hegseth said Ukraine joining NATO was unrealistic. \
<script>window.__pwned=1</script>

Hegseth said Europe must take responsibility for its own security \
<img src=x onerror="window.__pwned=1"> and for Ukraine's.

Read more: javascript:window.__pwned=1
"""


def write_corpus(folder: Path, hostile: dict[str, str]) -> Path:
    """A corpus folder with a manifest: the seed article, and one scraped hostile article."""
    folder.mkdir()
    shutil.copyfile(SEED, folder / SEED.name)
    (folder / "hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "title", "published", "source", "url"])
        writer.writerow(
            [
                SEED.name,
                "Trump Announces Immediate Ukraine War Negotiations",
                "2025-02-12",
                "Seed",
                "https://example.org/seed",
            ]
        )
        writer.writerow(
            [
                "hostile.txt",
                f"Hegseth in Brussels {hostile['script']} {hostile['img']}",
                "2025-02-13",
                f"Scraper {hostile['img']}",
                hostile["url"],
            ]
        )
    return folder


def test_hostile_corpus_through_the_whole_pipeline(browser, hostile, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", hostile)
    data = tmp_path / "data"
    run = subprocess.run(
        [sys.executable, "-m", "stances", "code", str(corpus), "-o", str(data)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={**os.environ, "PYTHONWARNINGS": "error"},
        check=False,
    )
    assert run.returncode == 0, f"stances code failed:\n{run.stdout}\n{run.stderr}"
    dataset = read_dataset(data)
    titles = dataset.articles["title"].astype(str)
    assert titles.str.contains(hostile["script"], regex=False).any(), "payload reached the data"
    assert (dataset.articles["url"] == hostile["url"]).any()
    hegseth = dataset.statements[dataset.statements["actor_id"] == "hegseth"]
    assert set(hegseth["doc_id"]) >= {"hostile.txt"}, "the stance next to the payload is coded"

    path = write_report(dataset, tmp_path / "report.html", title=hostile["script"])
    page_html = path.read_text(encoding="utf-8")
    assert hostile["script"] not in page_html
    assert hostile["img"] not in page_html
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", page_html, re.IGNORECASE)

    loaded = open_report(browser, path)
    try:
        page = loaded.page
        assert not pwned(page)
        for chart_id in chart_ids(page):
            for target in hover_targets(page, chart_id):
                hover_text(page, target["x"], target["y"])
                assert not pwned(page), chart_id
        assert page.evaluate("document.querySelectorAll('img, iframe').length") == 0
        assert loaded.errors == []
        assert loaded.requests == []
    finally:
        loaded.page.close()
