"""Render a dataset as one self-contained HTML report, and its charts as files to share.

The report works offline: plotly.js is embedded once in the page head and every chart
is drawn from its own inline figure JSON. Article-derived text (titles, sources, URLs,
evidence) is untrusted, so every piece of it is HTML-escaped, and only http(s) URLs
become links.
"""

from __future__ import annotations

import html
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from stances import analysis, plots
from stances.dataset import Dataset
from stances.schema import STANCES

logger = logging.getLogger(__name__)

CHART_HEIGHT = "560px"


@dataclass(frozen=True)
class ChartFiles:
    """What `write_charts` wrote: one HTML file per chart, PNGs when a Chromium could render
    them, and for every PNG not written the reason why."""

    html: list[Path] = field(default_factory=list)
    png: list[Path] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def report_figures(statements: pd.DataFrame) -> dict[str, go.Figure]:
    """Every chart the report shows, by name: heatmap, shifts, coverage, network, and one
    timeline per topic that has dated statements."""
    figures = {
        "heatmap": plots.plot_heatmap(statements),
        "shifts": plots.plot_shifts(statements),
        "coverage": plots.plot_coverage(statements),
        "network": plots.plot_network(statements),
    }
    for topic in _dated_topics(statements):
        figures[f"timeline-{_slug(topic)}"] = plots.plot_timeline(statements, topic=topic)
    return figures


def write_report(
    dataset: Dataset,
    out: str | Path,
    *,
    charts_dir: str | Path | None = None,
    title: str = "Stance report",
) -> Path:
    """Write the dataset's report to `out` as one self-contained HTML file; return its path.

    With `charts_dir`, every chart is also written there as `<name>.html` (opens on its
    own) and, when a Chromium is available, as `<name>.png`. The report is written
    atomically: if anything fails, a previous report at `out` is left intact.
    """
    out = Path(out)
    figures = report_figures(dataset.statements)
    _write_atomic(out, _render(dataset, figures, title=title))
    if charts_dir is not None:
        files = write_charts(figures, charts_dir)
        for name, reason in files.skipped.items():
            logger.warning("chart %s: PNG skipped (%s)", name, reason)
    return out


def render_report(dataset: Dataset, *, title: str = "Stance report") -> str:
    """The report's HTML as a string (what `write_report` writes)."""
    return "".join(_render(dataset, report_figures(dataset.statements), title=title))


def write_charts(figures: dict[str, go.Figure], charts_dir: str | Path) -> ChartFiles:
    """Write each figure to `charts_dir` as `<name>.html` and, if possible, `<name>.png`.

    PNG export needs kaleido and a Chromium; when it fails the PNGs are skipped and the
    reasons returned, never raised.
    """
    charts = Path(charts_dir)
    charts.mkdir(parents=True, exist_ok=True)
    files = ChartFiles()
    for name, fig in figures.items():
        path = charts / f"{name}.html"
        page = pio.to_html(fig, include_plotlyjs=True, full_html=True, div_id=f"chart-{name}")
        _write_atomic(path, [page])
        files.html.append(path)
    pngs = {name: charts / f"{name}.png" for name in figures}
    staged = {name: charts / f".{name}.png.tmp" for name in figures}
    try:
        pio.write_images(list(figures.values()), list(staged.values()), format="png")
        for name in figures:
            os.replace(staged[name], pngs[name])
            files.png.append(pngs[name])
    except Exception as e:  # any failure of the optional exporter must not lose the report
        reason = f"{type(e).__name__}: {e}".strip()
        files.skipped.update({name: reason for name in figures if pngs[name] not in files.png})
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
    return files


# -- page ---------------------------------------------------------------------------------


def _render(dataset: Dataset, figures: dict[str, go.Figure], *, title: str) -> Iterator[str]:
    """The page in chunks, in order, so a failure part-way never reaches the final file."""
    statements = dataset.statements
    timelines = {k: f for k, f in figures.items() if k.startswith("timeline-")}
    yield _head(title)
    yield f"<header><h1>{_e(title)}</h1>{_summary(dataset)}</header>\n"
    yield _NAV
    yield _section("about", "About this dataset", _metadata(dataset))
    yield _section(
        "overview",
        "Who stands where",
        "<p>Mean stance score of each actor on each topic: +1 is the topic's support "
        "pole, −1 its opposite. Hover a cell for the latest evidence.</p>"
        + _chart("heatmap", figures),
    )
    yield _section(
        "changes",
        "Stance changes",
        "<p>Each change of an actor's article-level stance on a topic, from one article "
        "to the next, with the evidence on both sides. Only the actor's own current "
        "statements count (not reported by others, not recaps or background), with "
        f"confidence ≥ {analysis.MIN_CONFIDENCE}.</p>"
        + _chart("shifts", figures)
        + _shifts_table(analysis.shifts(statements)),
    )
    yield _section(
        "timelines",
        "Timelines by topic",
        "".join(
            f"<h3>{_e(_topic_of(name, statements))}</h3>{_chart(name, figures)}"
            for name in timelines
        )
        or "<p>No dated statements.</p>",
    )
    yield _section(
        "coverage",
        "Coverage",
        "<p>Which actors appear in which articles over time; a bigger marker means more "
        "statements.</p>" + _chart("coverage", figures),
    )
    yield _section(
        "network",
        "Discourse network",
        "<p>Actors linked by agreeing or opposing stances on shared topics.</p>"
        + _chart("network", figures),
    )
    yield _section("evidence", "Evidence by topic", _evidence_tables(statements))
    yield "</body>\n</html>\n"


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="stances">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n"
        "<script>window.PlotlyConfig = {MathJaxConfig: 'local'};</script>\n"
        f"<script>{get_plotlyjs()}</script>\n</head>\n<body>\n"
    )


def _section(anchor: str, heading: str, body: str) -> str:
    return f'<section id="{anchor}">\n<h2>{_e(heading)}</h2>\n{body}\n</section>\n'


def _chart(name: str, figures: dict[str, go.Figure]) -> str:
    div = pio.to_html(
        figures[name],
        include_plotlyjs=False,
        full_html=False,
        div_id=f"chart-{name}",
        default_height=CHART_HEIGHT,
    )
    return f'<div class="chart" data-chart="{_e(name)}">{div}</div>\n'


def _summary(dataset: Dataset) -> str:
    s, a = dataset.statements, dataset.articles
    dates = a["published"].dropna()
    span = f", {_date(dates.min())} to {_date(dates.max())}" if len(dates) else ""
    return (
        f'<p class="summary">{len(s)} statements by {s["actor_id"].nunique()} actors on '
        f"{s['topic_id'].nunique()} topics, from {len(a)} articles{span}.</p>"
    )


def _metadata(dataset: Dataset) -> str:
    meta, s, a = dataset.metadata, dataset.statements, dataset.articles
    facts = [
        ("Schema version", meta.get("stances.schema_version")),
        ("Codebook", meta.get("stances.codebook")),
        ("Built at", meta.get("stances.built_at")),
        ("Package version", meta.get("stances.package_version")),
        ("Statements", len(s)),
        ("Articles", len(a)),
        ("Dated articles", int(a["published"].notna().sum())),
        ("Undated articles", int(a["published"].isna().sum())),
        ("Actors", s["actor_id"].nunique()),
        ("Topics", s["topic_id"].nunique()),
    ]
    rows = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v if v is not None else '—')}</dd>" for k, v in facts)
    return f'<dl class="meta">{rows}</dl>\n{_counts_table(s)}'


def _counts_table(statements: pd.DataFrame) -> str:
    counts = (
        statements.assign(
            topic_id=statements["topic_id"].astype(str), stance=statements["stance"].astype(str)
        )
        .groupby(["topic_id", "stance"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(STANCES), fill_value=0)
    )
    head = "".join(f"<th>{_e(c)}</th>" for c in ["Topic", *counts.columns, "Total"])
    body = "".join(
        f"<tr><td>{_e(topic)}</td>"
        + "".join(f'<td class="num">{int(n)}</td>' for n in row)
        + f'<td class="num">{int(row.sum())}</td></tr>'
        for topic, row in counts.iterrows()
    )
    return _table("counts", "Statements by topic and stance", head, body)


def _shifts_table(shifts: pd.DataFrame) -> str:
    if shifts.empty:
        return '<p class="empty" id="shifts-table">No stance changes detected.</p>'
    head = "".join(
        f"<th>{_e(c)}</th>" for c in ("Actor", "Topic", "Change", "Before", "After", "Magnitude")
    )
    body = "".join(
        "<tr>"
        f"<td>{_e(r.actor_name)}</td><td>{_e(r.topic_id)}</td>"
        f"<td>{_stance(r.from_stance)} → {_stance(r.to_stance)}</td>"
        f"<td>{_cited(r.from_date, r.from_evidence, r.from_url, r.from_title)}</td>"
        f"<td>{_cited(r.to_date, r.to_evidence, r.to_url, r.to_title)}</td>"
        f'<td class="num">{_number(r.magnitude)}</td>'
        "</tr>"
        for r in shifts.itertuples(index=False)
    )
    return _table("shifts-table", "Detected stance changes", head, body)


def _evidence_tables(statements: pd.DataFrame) -> str:
    if statements.empty:
        return "<p>No statements.</p>"
    rows = statements.assign(topic_id=statements["topic_id"].astype(str)).sort_values(
        ["topic_id", "published", "actor_name", "evidence_start"],
        na_position="last",
        kind="stable",
    )
    head = "".join(
        f"<th>{_e(c)}</th>"
        for c in ("Date", "Actor", "Stance", "Attribution", "Evidence", "Source")
    )
    tables = []
    for topic, group in rows.groupby("topic_id", sort=True):
        body = "".join(
            "<tr>"
            f"<td>{_date(r.published)}</td><td>{_e(r.actor_name)}</td>"
            f"<td>{_stance(r.stance)}</td><td>{_attribution(r.attribution, r.via_actor_id)}</td>"
            f'<td class="evidence">{_e(r.evidence)}</td>'
            f"<td>{_source(r.url, r.title, r.source)}</td>"
            "</tr>"
            for r in group.itertuples(index=False)
        )
        tables.append(
            f"<h3>{_e(topic)}</h3>" + _table(f"evidence-{_slug(str(topic))}", None, head, body)
        )
    return "\n".join(tables)


def _table(table_id: str, caption: str | None, head: str, body: str) -> str:
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    return (
        f'<table id="{_e(table_id)}">{cap}'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"
    )


# -- cells --------------------------------------------------------------------------------


def _e(value: object) -> str:
    """Escaped text of a value; empty for missing values."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def _date(value: object) -> str:
    if value is None or pd.isna(value):
        return '<span class="date undated">undated</span>'
    return f'<span class="date">{pd.Timestamp(value):%Y-%m-%d}</span>'


def _number(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value):.2f}"


def _stance(value: object) -> str:
    stance = str(value)
    cls = stance if stance in STANCES else "other"
    return f'<span class="stance stance-{cls}">{_e(value)}</span>'


def _attribution(attribution: object, via: object) -> str:
    text = _e(str(attribution).replace("_", " "))
    return text + (f" <small>via {_e(via)}</small>" if _e(via) else "")


def _cited(date: object, evidence: object, url: object, title: object) -> str:
    return (
        f"<div>{_date(date)}</div><blockquote>{_e(evidence)}</blockquote>"
        f'<div class="source">{_source(url, title, None)}</div>'
    )


def _source(url: object, title: object, source: object) -> str:
    """A link to the article when its URL is http(s); otherwise the URL as plain text."""
    label = _e(title) or _e(source) or _e(url) or "source"
    address = "" if url is None or pd.isna(url) else str(url).strip()
    if _is_web_url(address):
        return f'<a href="{_e(address)}" rel="noopener noreferrer" target="_blank">{label}</a>'
    if address:
        return f'{label} <span class="unlinked-url">{_e(address)}</span>'
    return label


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


# -- helpers ------------------------------------------------------------------------------


def _dated_topics(statements: pd.DataFrame) -> list[str]:
    dated = statements.loc[statements["published"].notna(), "topic_id"]
    return sorted(str(t) for t in dated.unique())


def _topic_of(name: str, statements: pd.DataFrame) -> str:
    slug = name.removeprefix("timeline-")
    return next((t for t in _dated_topics(statements) if _slug(t) == slug), slug)


def _slug(text: str) -> str:
    """A file- and id-safe form of a topic id."""
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-") or "topic"


def _write_atomic(path: Path, chunks: Iterable[str]) -> None:
    """Write `chunks` to a temporary file next to `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            for chunk in chunks:
                f.write(chunk)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


_NAV = (
    "<nav><ul>"
    + "".join(
        f'<li><a href="#{anchor}">{text}</a></li>'
        for anchor, text in (
            ("about", "About"),
            ("overview", "Who stands where"),
            ("changes", "Stance changes"),
            ("timelines", "Timelines"),
            ("coverage", "Coverage"),
            ("network", "Network"),
            ("evidence", "Evidence"),
        )
    )
    + "</ul></nav>\n"
)

_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2430;
  max-width: 1200px; margin: 0 auto; padding: 0 1.5rem 4rem; }
header h1 { margin-bottom: .2rem; } .summary { color: #4a5568; margin-top: 0; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; }
nav a, a { color: #1a56b0; } section { margin-top: 2.5rem; }
h2 { border-bottom: 1px solid #d5dbe3; padding-bottom: .2rem; }
.chart { margin: 1rem 0; border: 1px solid #eef1f5; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 14px; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border-bottom: 1px solid #e2e6ec; padding: .35rem .5rem; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
th { background: #f5f7fa; white-space: nowrap; } .date { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
blockquote { margin: .2rem 0; padding-left: .6rem; border-left: 3px solid #d5dbe3; }
.stance { padding: 0 .4rem; border-radius: 3px; white-space: nowrap; }
.stance-support { background: #d8f0e0; } .stance-oppose { background: #f8dcdc; }
.stance-neutral { background: #eceff3; } .stance-mixed { background: #f6ecd0; }
.unlinked-url { font-family: monospace; color: #6b7280; } .undated { color: #6b7280; }
@media print { .chart { break-inside: avoid; } nav { display: none; } }
"""
