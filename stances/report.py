"""Render a dataset as one self-contained HTML report, and its charts as files to share.

The report works offline: plotly.js is embedded once in the page head and every chart
is drawn from its own inline figure JSON. Article-derived text (titles, sources, URLs,
evidence) is untrusted, so every piece of it is HTML-escaped, and only http(s) URLs
become links. The charts written beside it come from `stances.chart_files`.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from stances import analysis, plots
from stances.chart_files import write_atomic, write_charts
from stances.dataset import Dataset, build_coder
from stances.errors import OutputError
from stances.labels import Labels, TopicLabel, default_labels, labels_from_tables
from stances.merge import reviewed_in
from stances.schema import STANCES

logger = logging.getLogger(__name__)
# Evidence rows the report lists by default: past this the page grows too large to open
# (300k rows made a 557 MB page). The dataset keeps every row; `max_evidence_rows=None` lists all.
MAX_EVIDENCE_ROWS = 5_000

ASSETS = resources.files("stances") / "assets"

CHART_HEIGHT = "560px"
# The questions the report opens with: (actor_id, topic_id).
QUESTIONS = (
    ("hegseth", "ukraine_nato_membership"),
    ("trump", "minerals_deal"),
    ("witkoff", "us_russia_relations"),
)


def report_labels(dataset: Dataset) -> Labels:
    """Names and labels for a dataset: its `actors` and `topics` tables, and the packaged
    codebook's for ids those tables only name (a dataset written without a codebook)."""
    return labels_from_tables(dataset.actors, dataset.topics, fallback=default_labels())


def report_figures(statements: pd.DataFrame, labels: Labels | None = None) -> dict[str, go.Figure]:
    """Every chart the report shows, by name: the three questions (start), heatmap,
    shifts, coverage, network, and one timeline per topic that has dated statements."""
    labels = labels or default_labels()
    figures = {
        "start": plots.plot_trajectories(
            statements, pairs=QUESTIONS, labels=labels, title="The three questions over time"
        ),
        "heatmap": plots.plot_heatmap(statements, labels=labels),
        "shifts": plots.plot_shifts(statements, labels=labels),
        "coverage": plots.plot_coverage(statements, labels=labels),
        "network": plots.plot_network(statements, labels=labels),
    }
    for topic in _dated_topics(statements):
        figures[f"timeline-{_slug(topic)}"] = plots.plot_timeline(
            statements, topic=topic, labels=labels
        )
    return figures


def write_report(
    dataset: Dataset,
    out: str | Path,
    *,
    charts_dir: str | Path | None = None,
    plotlyjs: str = "directory",
    title: str = "Stance report",
    max_evidence_rows: int | None = MAX_EVIDENCE_ROWS,
) -> Path:
    """Write the dataset's report to `out` as one self-contained HTML file; return its path.

    With `charts_dir`, every chart is also written there as `<name>.html` (see
    `write_charts` for `plotlyjs`) and, when a Chromium is available, as `<name>.png`;
    when PNG export is impossible, one warning says why and how to enable it. The report
    is written atomically: if anything fails, a previous report at `out` is left intact.

    >>> import stances
    >>> path = stances.write_report(stances.read_dataset("data"), "report.html")
    """
    out = Path(out)
    _check_outputs(out, None if charts_dir is None else Path(charts_dir))
    labels = report_labels(dataset)
    figures = report_figures(dataset.statements, labels)
    if max_evidence_rows is not None and len(dataset.statements) > max_evidence_rows:
        logger.warning(
            "stances: note: the report lists the latest %d of %d statements' evidence; "
            "the dataset has them all (raise the limit with --max-evidence-rows, 0 for all)",
            max_evidence_rows,
            len(dataset.statements),
        )
    page = _render(dataset, figures, labels, title=title, max_evidence_rows=max_evidence_rows)
    write_atomic(out, page)
    if charts_dir is not None:
        files = write_charts(figures, charts_dir, plotlyjs=plotlyjs)
        if files.png_skipped:
            logger.warning("stances: note: charts written without PNGs: %s", files.png_skipped)
    return out


def _check_outputs(out: Path, charts_dir: Path | None) -> None:
    """Refuse unusable output paths before anything is written."""
    if out.is_dir():
        raise OutputError(
            f"is a directory; give the report a file name, e.g. {out / 'report.html'}", path=out
        )
    if not out.parent.is_dir():
        raise OutputError("the folder for the report does not exist", path=out.parent)
    if charts_dir is not None and charts_dir.exists() and not charts_dir.is_dir():
        raise OutputError("--charts must be a folder, and this is a file", path=charts_dir)
    if charts_dir is not None and charts_dir.resolve() == out.resolve():
        raise OutputError("the report and its charts folder are the same path", path=out)


def render_report(
    dataset: Dataset,
    *,
    title: str = "Stance report",
    max_evidence_rows: int | None = MAX_EVIDENCE_ROWS,
) -> str:
    """The report's HTML as a string (what `write_report` writes)."""
    labels = report_labels(dataset)
    figures = report_figures(dataset.statements, labels)
    page = _render(dataset, figures, labels, title=title, max_evidence_rows=max_evidence_rows)
    return "".join(page)


# -- page ---------------------------------------------------------------------------------


def _render(
    dataset: Dataset,
    figures: dict[str, go.Figure],
    labels: Labels,
    *,
    title: str,
    max_evidence_rows: int | None = MAX_EVIDENCE_ROWS,
) -> Iterator[str]:
    """The page in chunks, in order, so a failure part-way never reaches the final file."""
    statements = dataset.statements
    timelines = {k: f for k, f in figures.items() if k.startswith("timeline-")}
    yield _head(title)
    yield f"<header><h1>{_e(title)}</h1>{_summary(dataset)}</header>\n"
    yield _NAV
    yield _section("start", "Where to start", _start(statements, labels, figures))
    yield _section(
        "overview",
        "Who stands where",
        "<p>Mean stance score of each actor on each topic: +1 is the topic's support "
        'pole, −1 its opposite (see <a href="#topics">what each pole means</a>). '
        "Hover a cell for the latest evidence.</p>" + _chart("heatmap", figures),
    )
    yield _section(
        "changes",
        "Stance changes",
        "<p>Each change of an actor's article-level stance on a topic, from one article "
        "to the next, with the evidence on both sides. Only the actor's own current "
        "statements count (not reported by others, not recaps or background), with "
        f"confidence ≥ {analysis.MIN_CONFIDENCE}.</p>"
        + _chart("shifts", figures)
        + _shifts_table(analysis.shifts(statements), labels),
    )
    yield _section(
        "timelines",
        "Timelines by topic",
        "".join(
            _topic_heading(_topic_of(name, statements), labels, anchor=name) + _chart(name, figures)
            for name in timelines
        )
        or "<p>No dated statements.</p>",
    )
    yield _section(
        "coverage",
        "Coverage",
        "<p>Which actors appear in which articles over time; the area of a marker grows "
        "with the number of statements the actor makes in that article.</p>"
        + _chart("coverage", figures),
    )
    yield _section(
        "network",
        "Discourse network",
        "<p>Two actors agree on a topic when both take the same side of it overall, and "
        "are in conflict when they take opposite sides; an edge's width counts such "
        "topics.</p>" + _chart("network", figures),
    )
    yield _section(
        "evidence",
        "Evidence by topic",
        _evidence_tables(statements, labels, max_rows=max_evidence_rows),
    )
    yield _section("topics", "Topics and what their poles mean", _topics_table(statements, labels))
    yield _section("about", "About this dataset", _metadata(dataset, labels))
    yield f"<script>{_asset('tables.js')}</script>\n</body>\n</html>\n"


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="stances">\n'
        f"<title>{_e(title)}</title>\n<style>{_asset('report.css')}</style>\n"
        "<script>window.PlotlyConfig = {MathJaxConfig: 'local'};</script>\n"
        f"<script>{get_plotlyjs()}</script>\n</head>\n<body>\n"
    )


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


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
        f'<p class="summary">{_count(len(s), "statement")} by '
        f"{_count(s['actor_id'].nunique(), 'actor')} on "
        f"{_count(s['topic_id'].nunique(), 'topic')}, from "
        f"{_count(len(a), 'article')}{span}; {_e(reviewed_in(dataset))}.</p>"
    )


def _questions(statements: pd.DataFrame, labels: Labels) -> str:
    """One card per question in QUESTIONS: the actor's article-level stances in date order."""
    stances = analysis.article_stances(statements, reference=analysis.REFERENCE)
    moves = analysis.shifts(statements)
    cards = []
    for actor_id, topic_id in QUESTIONS:
        info = labels.topic_info(topic_id)
        name = labels.actor(actor_id)
        rows = stances[(stances["actor_id"] == actor_id) & (stances["topic_id"] == topic_id)]
        rows = rows.sort_values(["published", "doc_id"], na_position="first", kind="stable")
        n_shifts = int(((moves["actor_id"] == actor_id) & (moves["topic_id"] == topic_id)).sum())
        body = f"<p>No coded statement by {_e(name)} on this topic.</p>"
        if len(rows):
            body = (
                f"<p>{_count(len(rows), 'article')}, {_count(n_shifts, 'stance change')}.</p>"
                "<ol>"
                + "".join(
                    f"<li>{_date(r.published)} {_stance(r.stance)}"
                    f"<blockquote>{_e(r.evidence)}</blockquote>"
                    f'<div class="source">{_source(r.url, r.title, r.source)}</div></li>'
                    for r in rows.tail(3).itertuples(index=False)
                )
                + "</ol>"
            )
        more = f"timeline-{_slug(topic_id)}"
        cards.append(
            f'<article class="question" data-actor="{_e(actor_id)}" data-topic="{_e(topic_id)}">'
            f"<h3>{_e(name)} on {_e(info.label)}</h3>"
            f"{_poles(info)}{body}"
            f'<p><a href="#{_e(more)}">Timeline</a> · <a href="#evidence-{_e(_slug(topic_id))}">'
            "All evidence</a></p></article>"
        )
    return (
        "<p>The toolkit was made for three questions; each card lists the latest "
        "article-level stances (up to three), newest last. The chart below them counts "
        f"only the actor's own statements with confidence ≥ {analysis.MIN_CONFIDENCE}.</p>"
        f'<div class="questions">{"".join(cards)}</div>'
    )


def _start(statements: pd.DataFrame, labels: Labels, figures: dict[str, go.Figure]) -> str:
    return _questions(statements, labels) + _chart("start", figures)


def _poles(info: TopicLabel) -> str:
    if not info.support_means:
        return ""
    return (
        f'<p class="poles"><span class="stance stance-support">support</span> = '
        f'{_e(info.support_means)}; <span class="stance stance-oppose">oppose</span> = '
        f"{_e(info.oppose_text)}.</p>"
    )


def _topic_heading(topic_id: str, labels: Labels, *, anchor: str) -> str:
    info = labels.topic_info(topic_id)
    return f'<h3 id="{_e(anchor)}">{_e(info.label)}</h3>{_poles(info)}'


def _topics_table(statements: pd.DataFrame, labels: Labels) -> str:
    table = labels.topic_table(statements["topic_id"].astype(str).unique())
    head = "".join(
        f"<th>{c}</th>" for c in ("Topic", "Id", "Definition", "Support means", "Oppose means")
    )
    body = "".join(
        f"<tr><td>{_e(r.label)}</td><td><code>{_e(r.topic_id)}</code></td>"
        f"<td>{_e(r.description)}</td><td>{_e(r.support_means)}</td>"
        f"<td>{_e(r.oppose_means)}</td></tr>"
        for r in table.itertuples(index=False)
    )
    return _table("topics-table", None, head, body)


def _metadata(dataset: Dataset, labels: Labels) -> str:
    meta, s, a = dataset.metadata, dataset.statements, dataset.articles
    facts = [
        ("Schema version", meta.get("stances.schema_version")),
        ("Codebook", meta.get("stances.codebook")),
        ("Coder", build_coder(meta)),
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
    return f'<dl class="meta">{rows}</dl>\n{_counts_table(s, labels)}'


def _counts_table(statements: pd.DataFrame, labels: Labels) -> str:
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
        f"<tr><td>{_e(labels.topic(topic))}</td>"
        + "".join(f'<td class="num">{int(n)}</td>' for n in row)
        + f'<td class="num">{int(row.sum())}</td></tr>'
        for topic, row in counts.iterrows()
    )
    return _table("counts", "Statements by topic and stance", head, body)


def _shifts_table(shifts: pd.DataFrame, labels: Labels) -> str:
    if shifts.empty:
        return '<p class="empty" id="shifts-table">No stance changes detected.</p>'
    head = "".join(
        f"<th>{_e(c)}</th>" for c in ("Actor", "Topic", "Change", "Before", "After", "Magnitude")
    )
    body = "".join(
        "<tr>"
        f"<td>{_e(labels.actor(r.actor_id, r.actor_name))}</td>"
        f"<td>{_e(labels.topic(r.topic_id))}</td>"
        f"<td>{_stance(r.from_stance)} → {_stance(r.to_stance)}</td>"
        f"<td>{_cited(r.from_date, r.from_evidence, r.from_url, r.from_title)}</td>"
        f"<td>{_cited(r.to_date, r.to_evidence, r.to_url, r.to_title)}</td>"
        f'<td class="num">{_number(r.magnitude)}</td>'
        "</tr>"
        for r in shifts.itertuples(index=False)
    )
    return _table("shifts-table", "Detected stance changes", head, body, interactive=True)


def _evidence_tables(statements: pd.DataFrame, labels: Labels, *, max_rows: int | None) -> str:
    if statements.empty:
        return "<p>No statements.</p>"
    note = ""
    if max_rows is not None and len(statements) > max_rows:
        latest = statements.sort_values(
            ["published", "doc_id", "evidence_start"], ascending=False, na_position="last"
        )
        note = (
            f'<p class="note">The latest {max_rows:,} of {len(statements):,} statements; '
            "the dataset holds them all.</p>"
        )
        statements = latest.head(max_rows)
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
    for topic, group in sorted(rows.groupby("topic_id"), key=lambda g: labels.topic(g[0])):
        body = "".join(
            "<tr>"
            f"<td>{_date(r.published)}</td><td>{_e(labels.actor(r.actor_id, r.actor_name))}</td>"
            f"<td>{_stance(r.stance)}</td><td>{_attribution(r.attribution, r.via_actor_id)}</td>"
            f'<td class="evidence">{_e(r.evidence)}</td>'
            f"<td>{_source(r.url, r.title, r.source)}</td>"
            "</tr>"
            for r in group.itertuples(index=False)
        )
        table_id = f"evidence-{_slug(str(topic))}"
        tables.append(
            _topic_heading(str(topic), labels, anchor=f"{table_id}-heading")
            + _table(table_id, None, head, body, interactive=True)
        )
    return note + "\n".join(tables)


def _table(
    table_id: str, caption: str | None, head: str, body: str, *, interactive: bool = False
) -> str:
    """A table; `interactive` ones get search, sorting and CSV download from tables.js."""
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    cls = ' class="interactive"' if interactive else ""
    return (
        f'<table id="{_e(table_id)}"{cls}>{cap}'
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


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


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


_NAV = (
    "<nav><ul>"
    + "".join(
        f'<li><a href="#{anchor}">{text}</a></li>'
        for anchor, text in (
            ("start", "Where to start"),
            ("overview", "Who stands where"),
            ("changes", "Stance changes"),
            ("timelines", "Timelines"),
            ("coverage", "Coverage"),
            ("network", "Network"),
            ("evidence", "Evidence"),
            ("topics", "Topics"),
            ("about", "About"),
        )
    )
    + "</ul></nav>\n"
)
