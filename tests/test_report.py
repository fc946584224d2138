"""The HTML report: self-contained, complete, escaped, written atomically."""

from __future__ import annotations

import dataclasses
import html
import logging
import re
from pathlib import Path

import pandas as pd
import plotly.io as pio
import pytest

from stances import analysis, chart_files, cli, report
from stances.dataset import Dataset
from stances.labels import default_labels

PLOTLY_JS_MARKER = "* plotly.js v"  # the licence header that opens the plotly.js bundle


def _page(built) -> str:
    return built.path.read_text(encoding="utf-8")


def _between(page: str, start: str, end: str) -> str:
    i = page.index(start)
    return page[i : page.index(end, i)]


def expected_charts(dataset: Dataset) -> set[str]:
    dated = dataset.statements.loc[dataset.statements["published"].notna(), "topic_id"]
    timelines = {f"timeline-{topic}" for topic in dated.astype(str).unique()}
    return {"start", "heatmap", "shifts", "coverage", "network"} | timelines


def test_report_is_one_self_contained_page(report):
    page = _page(report)
    assert report.path.name == "report.html"
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert page.count(PLOTLY_JS_MARKER) == 1
    assert not re.search(r"<script[^>]*\bsrc=", page), "no external scripts: works offline"
    assert "<title>Fixture report</title>" in page


def test_report_has_one_div_per_chart(report, dataset):
    page = _page(report)
    charts = expected_charts(dataset)
    assert {"timeline-minerals_deal", "timeline-us_russia_relations"} <= charts
    assert page.count('class="plotly-graph-div"') == len(charts)
    for name in charts:
        assert page.count(f'id="chart-{name}"') == 1, name
        assert len(re.findall(rf'Plotly\.newPlot\(\s*"chart-{name}"', page)) == 1, name


def test_timelines_only_for_topics_with_dated_statements(dataset):
    statements = dataset.statements
    undated_topic = statements[
        statements["published"].isna() | (statements["topic_id"] == "minerals_deal")
    ]
    result = set(report.report_figures(undated_topic))
    expected = {"start", "heatmap", "shifts", "coverage", "network", "timeline-minerals_deal"}
    assert result == expected


def test_shifts_table_shows_both_sides_with_links(report, dataset):
    table = _between(_page(report), 'id="shifts-table"', "</table>")
    shifts = analysis.shifts(dataset.statements)
    assert len(shifts) >= 3  # Zelensky twice on minerals, Trump twice on Russia
    assert table.count("<tr>") == len(shifts) + 1  # header row
    for row in shifts.itertuples(index=False):
        for side in ("from", "to"):
            assert html.escape(getattr(row, f"{side}_evidence")) in table
            assert f'href="{html.escape(getattr(row, f"{side}_url"))}"' in table
    assert "2025-02-19" in table
    assert "2025-04-30" in table


def test_evidence_tables_per_topic(report, dataset):
    page = _page(report)
    for topic, group in dataset.statements.groupby("topic_id", observed=True):
        table = _between(page, f'id="evidence-{topic}"', "</table>")
        assert table.count("<tr>") == len(group) + 1
        for evidence in group["evidence"]:
            assert html.escape(evidence) in table
    nato = _between(page, 'id="evidence-ukraine_nato_membership"', "</table>")
    assert "undated" in nato
    assert "reported <small>via trump</small>" in _between(
        page, 'id="evidence-us_russia_relations"', "</table>"
    )


def test_report_shows_dataset_metadata_and_counts(report, dataset):
    about = _between(_page(report), '<section id="about">', "</section>")
    meta = dataset.metadata
    for label, value in [
        ("Schema version", meta["stances.schema_version"]),
        ("Codebook", "test"),
        ("Coder", "rules/2"),
        ("Built at", "2025-09-01T12:00:00+00:00"),
        ("Package version", meta["stances.package_version"]),
        ("Statements", len(dataset.statements)),
        ("Articles", 8),
        ("Dated articles", 7),
        ("Undated articles", 1),
        ("Actors", 4),
        ("Topics", 3),
    ]:
        assert f"<dt>{label}</dt><dd>{value}</dd>" in about


def test_hostile_article_is_escaped_never_live(report, hostile):
    page = _page(report)
    assert hostile["script"] not in page
    assert hostile["img"] not in page
    assert "<img" not in page.lower()
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", page, re.IGNORECASE)
    assert not re.search(r"<[a-z][^>]*\sonerror\s*=", page, re.IGNORECASE)
    # shown to the reader as text, not dropped
    assert html.escape(hostile["script"]) in page
    assert html.escape(hostile["img"]) in page
    assert f'<span class="unlinked-url">{hostile["url"]}</span>' in page


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://news.example.org/a?b=1&c=2", True),
        ("http://example.com", True),
        ("HTTPS://EXAMPLE.COM/x", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("//evil.example.com/x", False),
        ("https:no-host", False),
        ("ftp://example.com/file", False),
        ('https://x.org/"><script>alert(1)</script>', True),
    ],
)
def test_only_http_urls_become_links(url, linked):
    result = report._source(url, "A title", None)
    assert result.startswith("<a ") is linked
    assert "<script" not in result
    if linked:
        assert f'href="{html.escape(url.strip())}"' in result
    else:
        assert "href" not in result
        assert html.escape(url.strip()) in result


def test_report_title_is_escaped(dataset, tmp_path):
    path = report.write_report(dataset, tmp_path / "r.html", title="<b>Bad</b> & co")
    page = path.read_text(encoding="utf-8")
    assert "<title>&lt;b&gt;Bad&lt;/b&gt; &amp; co</title>" in page
    assert "<b>Bad</b>" not in page


def test_report_is_deterministic(dataset):
    assert report.render_report(dataset) == report.render_report(dataset)


def test_charts_dir_shares_one_plotlyjs(report, dataset):
    bundle = report.charts_dir / "plotly.min.js"
    assert bundle.read_text(encoding="utf-8").count(PLOTLY_JS_MARKER) == 1
    for name in expected_charts(dataset):
        page = (report.charts_dir / f"{name}.html").read_text(encoding="utf-8")
        assert PLOTLY_JS_MARKER not in page
        assert re.search(r'<script[^>]*src="plotly\.min\.js"', page), name
        assert f'id="chart-{name}"' in page
        assert len(page) < bundle.stat().st_size / 10, "a page carries its figure only"
    assert not list(report.charts_dir.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("mode", "bundled", "script"),
    [
        ("inline", 1, None),
        ("cdn", 0, r'<script[^>]*src="https://cdn\.plot\.ly/'),
        ("directory", 0, r'<script[^>]*src="plotly\.min\.js"'),
    ],
)
def test_plotlyjs_modes(dataset, tmp_path, monkeypatch, mode, bundled, script):
    monkeypatch.setattr(pio, "write_images", lambda *a, **k: None)
    figures = dict(list(report.report_figures(dataset.statements).items())[:2])
    result = report.write_charts(figures, tmp_path, plotlyjs=mode)
    for path in result.html:
        page = path.read_text(encoding="utf-8")
        assert page.count(PLOTLY_JS_MARKER) == bundled
        if script:
            assert re.search(script, page)
    assert (result.plotlyjs is not None) == (mode == "directory")
    assert (tmp_path / "plotly.min.js").exists() == (mode == "directory")


def test_unknown_plotlyjs_mode_is_refused(dataset, tmp_path):
    with pytest.raises(ValueError, match="inline, directory, cdn"):
        report.write_charts({}, tmp_path, plotlyjs="embedded")


def test_charts_dir_has_pngs_when_chromium_exists(report, dataset, chromium):
    for name in expected_charts(dataset):
        png = report.charts_dir / f"{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name


def test_png_failure_gives_one_note_not_a_lost_report(dataset, tmp_path, monkeypatch, caplog):
    def no_browser(*args, **kwargs):
        raise RuntimeError("Kaleido requires Google Chrome to be installed.\nMore text\nand more")

    monkeypatch.setattr(pio, "write_images", no_browser)
    with caplog.at_level(logging.WARNING, logger="stances.report"):
        path = report.write_report(dataset, tmp_path / "r.html", charts_dir=tmp_path / "charts")
    assert path.is_file()
    names = expected_charts(dataset)
    assert {p.stem for p in (tmp_path / "charts").glob("*.html")} == names
    assert not list((tmp_path / "charts").glob("*.png"))
    assert not list((tmp_path / "charts").glob(".*"))
    (note,) = [r.getMessage() for r in caplog.records]
    assert "\n" not in note
    assert "RuntimeError: Kaleido requires Google Chrome to be installed" in note
    assert "uv sync --extra export" in note
    assert "BROWSER_PATH" in note


def test_write_charts_reports_why_no_png(dataset, tmp_path, monkeypatch):
    monkeypatch.setattr(pio, "write_images", lambda *a, **k: (_ for _ in ()).throw(OSError("x")))
    figures = report.report_figures(dataset.statements)
    result = report.write_charts(figures, tmp_path)
    assert [p.name for p in result.html] == [f"{name}.html" for name in figures]
    assert result.png == []
    assert result.png_skipped.startswith("OSError: x;")


def test_cli_report_takes_plotlyjs(dataset_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(pio, "write_images", lambda *a, **k: None)
    charts = tmp_path / "charts"
    args = ["report", str(dataset_dir), "-o", str(tmp_path / "r.html"), "--charts", str(charts)]
    assert cli.main([*args, "--plotlyjs", "inline"]) == 0
    assert not (charts / "plotly.min.js").exists()
    assert PLOTLY_JS_MARKER in (charts / "heatmap.html").read_text(encoding="utf-8")
    assert cli.main(args) == 0
    assert (charts / "plotly.min.js").is_file()


# -- labels and the questions ---------------------------------------------------------------


def test_report_opens_with_the_three_questions(report):
    page = _page(report)
    sections = re.findall(r'<section id="([^"]+)">', page)
    assert sections[0] == "start"
    start = _between(page, '<section id="start">', "</section>")
    questions = re.findall(r"<h3>(.*?)</h3>", start)
    assert questions == [
        "Pete Hegseth on Ukraine&#x27;s NATO membership",
        "Donald Trump on US–Ukraine minerals deal",
        "Steve Witkoff on US–Russia relations",
    ]
    # Hegseth's two articles on NATO, oldest first, with their evidence
    hegseth = _between(start, 'data-actor="hegseth"', "</article>")
    assert "2 articles, 0 stance changes." in hegseth
    assert hegseth.index("2025-02-12") < hegseth.index("2025-03-01")
    assert "Kyiv joining NATO was unrealistic" in hegseth
    assert "favours Ukraine joining NATO" in hegseth
    # Witkoff has no statement in the fixture: said plainly
    assert "No coded statement by Steve Witkoff" in start


def test_report_explains_every_topic_and_its_poles(report, dataset):
    page = _page(report)
    topics = _between(page, 'id="topics-table"', "</table>")
    book = default_labels()
    for topic in dataset.statements["topic_id"].astype(str).unique():
        info = book.topic_info(topic)
        assert html.escape(info.label) in topics
        assert html.escape(info.support_means) in topics
        assert html.escape(info.description) in topics
    timelines = _between(page, '<section id="timelines">', "</section>")
    minerals = book.topic_info("minerals_deal")
    assert f'<h3 id="timeline-minerals_deal">{html.escape(minerals.label)}</h3>' in timelines
    assert html.escape(minerals.support_means) in timelines


def test_tables_show_names_and_labels_not_ids(report):
    page = _page(report)
    shifts = _between(page, 'id="shifts-table"', "</table>")
    assert "<td>US–Ukraine minerals deal</td>" in shifts
    assert "<td>minerals_deal</td>" not in shifts
    counts = _between(page, 'id="counts"', "</table>")
    assert "<td>US–Russia relations</td>" in counts
    interactive = re.findall(r'<table id="([^"]+)" class="interactive">', page)
    assert interactive[0] == "shifts-table"
    assert {t for t in interactive if t.startswith("evidence-")} == {
        f"evidence-{t}" for t in ("minerals_deal", "ukraine_nato_membership", "us_russia_relations")
    }


def test_dimension_tables_win_over_the_codebook(dataset):
    actors = pd.DataFrame({"actor_id": ["trump"], "name": ["President Trump"]})
    topics = pd.DataFrame(
        {
            "topic_id": ["minerals_deal"],
            "label": ["Minerals"],
            "description": ["The deal."],
            "support_means": ["wants the deal"],
            "oppose_means": ["rejects the deal"],
        }
    )
    with_tables = dataclasses.replace(dataset, actors=actors, topics=topics)
    labels = report.report_labels(with_tables)
    assert labels.actor("trump") == "President Trump"
    assert labels.topic_info("minerals_deal").oppose_text == "rejects the deal"
    page = report.render_report(with_tables)
    assert "<td>President Trump</td>" in page
    assert "oppose</span> = rejects the deal" in page
    assert report.report_labels(dataset).topic("minerals_deal") == "US–Ukraine minerals deal"


def _leftovers(directory: Path) -> list[Path]:
    return [p for p in directory.iterdir() if p.name.endswith(".tmp")]


def test_failure_midway_leaves_old_report_intact(dataset, tmp_path, monkeypatch):
    out = tmp_path / "report.html"
    out.write_text("previous report", encoding="utf-8")

    def broken(statements, labels, **options):
        raise RuntimeError("disk on fire")

    # the evidence tables come after plotly.js and every chart have been written out
    monkeypatch.setattr(report, "_evidence_tables", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        report.write_report(dataset, out)
    assert out.read_text(encoding="utf-8") == "previous report"
    assert _leftovers(tmp_path) == []


def test_failed_rename_leaves_old_report_intact(dataset, tmp_path, monkeypatch):
    out = tmp_path / "report.html"
    out.write_text("previous report", encoding="utf-8")

    def no_rename(src, dst):
        raise OSError("read-only")

    monkeypatch.setattr(chart_files.os, "replace", no_rename)
    with pytest.raises(OSError, match="read-only"):
        report.write_report(dataset, out)
    assert out.read_text(encoding="utf-8") == "previous report"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: (p / "out").mkdir() or (p / "out", None), "is a directory"),
        (lambda p: (p / "missing" / "r.html", None), "does not exist"),
        (
            lambda p: (p / "r.html", ((p / "charts").write_text(""), p / "charts")[1]),
            "--charts must be a folder",
        ),
        (lambda p: (p / "same", p / "same"), "the same path"),
    ],
    ids=["output-is-a-directory", "no-parent-folder", "charts-is-a-file", "same-path"],
)
def test_unusable_outputs_are_refused_before_anything_is_written(dataset, tmp_path, make, message):
    from stances.errors import OutputError

    out, charts = make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(OutputError, match=message):
        report.write_report(dataset, out, charts_dir=charts)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_evidence_past_the_limit_lists_the_latest_rows_and_says_so(dataset, tmp_path, caplog):
    out = tmp_path / "r.html"
    with caplog.at_level(logging.WARNING, logger="stances.report"):
        report.write_report(dataset, out, max_evidence_rows=2)
    evidence = out.read_text(encoding="utf-8").split('id="evidence"')[1]
    assert f"The latest 2 of {len(dataset.statements):,} statements" in evidence
    assert evidence.count('<td class="evidence">') == 2
    latest = dataset.statements["published"].max().strftime("%Y-%m-%d")
    assert latest in evidence
    assert "--max-evidence-rows" in caplog.text
    full = report.render_report(dataset, max_evidence_rows=None).split('id="evidence"')[1]
    assert full.count('<td class="evidence">') == len(dataset.statements)
    assert "The latest" not in full
