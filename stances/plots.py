"""Plots: statements in, plotly Figure out. One function per chart; nothing is shown or written.

Shared conventions:

- Actors and topics appear by name and label (`labels=`, default: the packaged codebook's).
- Stance is a position on a categorical axis (support, mixed, neutral, oppose) or, where
  there is none, a colour AND a marker symbol from `STANCE_STYLE`. Confidence never moves
  a point: it shows as opacity.
- Actors have distinct colours (24 of them) from `ACTOR_COLORS`.
- Date axes show days, never hours; legends sit above or below the plot, so a PNG of
  the chart never cuts them off.
- Every text taken from articles (evidence, titles, sources, names, ids) goes through
  `_esc`, so markup in it shows as literal text. A `title=` you pass is used as given.
- No rows after the filters: a figure with a "No data" annotation.
- Same input, same figure JSON: every loop runs over sorted keys.
- Timelines and shifts take the trust filters of `stances.analysis.trusted`, with its
  defaults: the actor's own current statements with confidence >= 0.72.
"""

from __future__ import annotations

import html
import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from stances.analysis import (
    INCLUDE_REPORTED,
    MIN_CONFIDENCE,
    REFERENCE,
    DateLike,
    Ids,
    article_stances,
    coverage,
    discourse_network,
    shifts,
    stance_matrix,
    trajectories,
)
from stances.labels import Labels, TopicLabel, default_labels

STANCE_STYLE = {
    "support": {"color": "#0072B2", "symbol": "circle", "glyph": "●"},
    "oppose": {"color": "#D55E00", "symbol": "x", "glyph": "✕"},
    "mixed": {"color": "#CC79A7", "symbol": "diamond", "glyph": "◆"},
    "neutral": {"color": "#999999", "symbol": "square", "glyph": "■"},
}
# Rows of the stance axis, bottom to top.
STANCE_ROWS = {"oppose": 0, "neutral": 1, "mixed": 2, "support": 3}
RELATION_STYLE = {
    "agree": {"color": "#0072B2", "dash": "solid", "title": "Agreement"},
    "oppose": {"color": "#D55E00", "dash": "solid", "title": "Conflict"},
}
ACTOR_COLORS = tuple(qualitative.Dark24)
# Actors (not stances) as points: a symbol no stance uses.
_ACTOR_MARKER = {"symbol": "hexagon", "color": "#444444"}
_DIVERGING = [
    [0.0, STANCE_STYLE["oppose"]["color"]],
    [0.5, "#F7F7F7"],
    [1.0, STANCE_STYLE["support"]["color"]],
]
_WRAP = 70
_PAIR = ["actor_id", "topic_id"]
_DAY = pd.Timedelta(days=1)
_NO_DATED = "No data: no dated articles match these filters"
_NO_ROWS = "No data: no statements match these filters"
_GLYPHS = " ".join(f"{s['glyph']} {name}" for name, s in STANCE_STYLE.items())


def plot_timeline(
    statements: pd.DataFrame,
    *,
    topic: str,
    actor: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    title: str | None = None,
    labels: Labels | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    include_reported: bool = INCLUDE_REPORTED,
    reference: Ids = REFERENCE,
) -> go.Figure:
    """Article-level stance over time on one topic, one coloured line per actor.

    The y position is the stance; the axis says what support and oppose mean for the
    topic. Opacity shows confidence. Each line is labelled with the actor's name at its
    last article. Within a stance row, actors are spread apart so lines do not overlap.
    Undated articles are left out; filters as in `trajectories`.
    """
    labels = labels or default_labels()
    info = labels.topic_info(topic)
    title = title if title is not None else f"{_esc(info.label)}: stance over time"
    trust = {
        "min_confidence": min_confidence,
        "include_reported": include_reported,
        "reference": reference,
    }
    path = trajectories(statements, actor=actor, topic=topic, since=since, until=until, **trust)
    if path.empty:
        return _no_data(title, _NO_DATED)
    path = _named(path, labels)
    groups = sorted(path.groupby("actor_id", sort=True), key=lambda g: g[1]["actor_name"].iloc[0])
    layout = _layout(
        title,
        "Actor",
        subtitle="Each point is an article · opacity shows the coder's confidence",
        xaxis=_date_axis(path["published"], label_room=True),
        yaxis=_stance_axis(info),
        legend_below=True,
        height=520,
    )
    fig = go.Figure(layout=layout)
    for i, (_, rows) in enumerate(groups):
        records = rows.to_dict("records")
        name = _esc(records[0]["actor_name"])
        color = ACTOR_COLORS[i % len(ACTOR_COLORS)]
        nudge = _nudge(i, len(groups))
        fig.add_trace(
            go.Scatter(
                x=_days(rows["published"]),
                y=[STANCE_ROWS[s] + nudge for s in rows["stance"]],
                mode="lines+markers+text",
                name=name,
                text=[""] * (len(records) - 1) + [name],
                textposition="middle right",
                textfont={"color": color, "size": 11},
                line={"color": color, "width": 2},
                marker={
                    "color": color,
                    "size": 12,
                    "opacity": [_opacity(c) for c in rows["confidence"]],
                    "line": {"width": 1, "color": "white"},
                },
                hovertext=[_hover(f"<b>{name}</b>", r) for r in records],
                hoverinfo="text",
                cliponaxis=False,
            )
        )
    return fig


def plot_shifts(
    statements: pd.DataFrame,
    *,
    actor: Ids = None,
    topic: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    title: str | None = None,
    labels: Labels | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    include_reported: bool = INCLUDE_REPORTED,
    reference: Ids = REFERENCE,
) -> go.Figure:
    """Small multiples: one panel per actor × topic pair that changed stance.

    Each panel shows the pair's article-level stances over time on a stance axis; an
    arrow marks each shift. Panels share the date axis; filters as in `shifts`.
    """
    labels = labels or default_labels()
    title = title if title is not None else "Stance shifts"
    select = {
        "actor": actor,
        "topic": topic,
        "since": since,
        "until": until,
        "min_confidence": min_confidence,
        "include_reported": include_reported,
        "reference": reference,
    }
    moves = shifts(statements, **select)
    if moves.empty:
        return _no_data(title, "No data: no stance shifts between dated articles match")
    path = _named(trajectories(statements, **select), labels)
    pairs = sorted(
        {tuple(p) for p in moves[_PAIR].itertuples(index=False)},
        key=lambda p: (labels.actor(p[0]), labels.topic(p[1])),
    )
    cols = 1 if len(pairs) == 1 else 2
    rows = math.ceil(len(pairs) / cols)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_xaxes="all",
        subplot_titles=[
            f"<b>{_esc(labels.actor(a))}</b> · {_esc(labels.topic(t))}" for a, t in pairs
        ],
        vertical_spacing=min(0.3 / rows, 0.12),
        horizontal_spacing=0.12,
    )
    height = 140 + 210 * rows
    fig.update_layout(_layout(title, "Stance", legend_above=height, height=height))
    for k, pair in enumerate(pairs):
        row, col = k // cols + 1, k % cols + 1
        points = path[(path["actor_id"] == pair[0]) & (path["topic_id"] == pair[1])]
        records = points.to_dict("records")
        heading = f"<b>{_esc(records[0]['actor_name'])}</b> · {_esc(records[0]['topic_label'])}"
        ys = [STANCE_ROWS[s] for s in points["stance"]]
        trace = go.Scatter(
            x=_days(points["published"]),
            y=ys,
            mode="lines+markers",
            line={"color": "#B8BEC6", "width": 1.5},
            marker=_stance_markers(points["stance"].tolist()),
            hovertext=[_hover(heading, r) for r in records],
            hoverinfo="text",
            showlegend=False,
        )
        fig.add_trace(trace, row=row, col=col)
        axes = fig.get_subplot(row, col)
        x_ref, y_ref = axes.xaxis.plotly_name.replace("axis", ""), axes.yaxis.plotly_name
        y_ref = y_ref.replace("axis", "")
        ends = {r["article_id"]: (_day(r["published"]), STANCE_ROWS[r["stance"]]) for r in records}
        pair_moves = moves[(moves["actor_id"] == pair[0]) & (moves["topic_id"] == pair[1])]
        for move in pair_moves.to_dict("records"):
            (x0, y0), (x1, y1) = ends[move["from_article_id"]], ends[move["to_article_id"]]
            fig.add_annotation(
                x=x1, y=y1, ax=x0, ay=y0, xref=x_ref, yref=y_ref, axref=x_ref, ayref=y_ref,
                text="", showarrow=True, arrowhead=2, arrowsize=1.4, arrowwidth=1.8,
                arrowcolor="#1d2430", standoff=8, startstandoff=8,
            )  # fmt: skip
    fig.update_xaxes(**_date_axis(path["published"]), showticklabels=True)
    fig.update_yaxes(**_stance_axis())
    fig.update_annotations(font_size=13, selector={"showarrow": False})
    fig.add_traces(_stance_legend())
    return fig


def plot_heatmap(
    statements: pd.DataFrame,
    *,
    actor: Ids = None,
    topic: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    value: str = "mean_score",
    title: str | None = None,
    labels: Labels | None = None,
) -> go.Figure:
    """Actor × topic matrix coloured by score on a diverging scale centred at 0.

    `value='mean_score'` colours by the mean article-level score, `value='latest'` by
    the score of the latest article (see `stance_matrix`). Each cell shows the score and
    the latest stance's symbol, so the chart reads without colour.
    """
    if value not in ("mean_score", "latest"):
        raise ValueError(f"value: expected 'mean_score' or 'latest', got {value!r}")
    labels = labels or default_labels()
    what = "mean score" if value == "mean_score" else "latest score"
    title = title if title is not None else f"Stances by actor and topic ({what})"
    matrix = stance_matrix(statements, since=since, until=until)
    matrix = _only(_only(matrix, "actor_id", actor), "topic_id", topic)
    if matrix.empty:
        return _no_data(title, _NO_ROWS)
    cells = {k: _named_record(r, labels) for k, r in _with_latest(matrix, statements).items()}
    actors = sorted(matrix["actor_id"].unique(), key=lambda a: labels.actor(a))
    topics = sorted(matrix["topic_id"].unique(), key=labels.topic)
    z, text, hover = [], [], []
    for actor_id in actors:
        row = [cells.get((actor_id, topic_id)) for topic_id in topics]
        z.append([None if c is None else _cell_value(c, value) for c in row])
        text.append([_cell_text(c, value) for c in row])
        hover.append([_cell_hover(c, labels) for c in row])
    heatmap = go.Heatmap(
        z=z,
        x=[_esc(labels.topic(t), wrap=14) for t in topics],
        y=[_esc(labels.actor(a)) for a in actors],
        text=text,
        texttemplate="%{text}",
        textfont={"size": 13},
        hovertext=hover,
        hoverinfo="text",
        colorscale=_DIVERGING,
        zmin=-1,
        zmax=1,
        zmid=0,
        xgap=2,
        ygap=2,
        colorbar={"title": {"text": "score<br>+1 support<br>−1 oppose"}, "thickness": 14},
    )
    layout = _layout(
        title,
        subtitle=f"Cell: {what}, then the latest stance ({_GLYPHS})",
        yaxis={"autorange": "reversed", "tickfont": {"size": 13}},
        xaxis={"side": "top", "tickangle": 0, "tickfont": {"size": 12}},
        height=220 + 38 * len(actors),
        margin={"t": 170},
    )
    return go.Figure(heatmap, layout=layout)


def plot_coverage(
    statements: pd.DataFrame,
    *,
    actor: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    title: str | None = None,
    labels: Labels | None = None,
) -> go.Figure:
    """Which actors appear in which articles over time; marker area grows with the number
    of statements the actor makes in the article (the legend gives the scale).

    A point is an (actor, article), not a stance, so it uses a symbol no stance uses;
    its hover lists the actor's stance on each topic in the article. Undated articles
    are left out (they have no place on the time axis).
    """
    labels = labels or default_labels()
    title = title if title is not None else "Who appears in which articles"
    cover = _only(coverage(statements, since=since, until=until), "actor_id", actor)
    cover = _named(cover[cover["published"].notna()], labels)
    if cover.empty:
        return _no_data(title, _NO_DATED)
    topics: dict[tuple[str, str], list[dict]] = {}
    for r in _named(article_stances(statements), labels).to_dict("records"):
        topics.setdefault((r["article_id"], r["actor_id"]), []).append(r)
    hover = []
    for c in cover.to_dict("records"):
        found = topics[(c["article_id"], c["actor_id"])]
        lines = [f"<b>{_esc(c['actor_name'])}</b> · {_count(c['n_statements'], 'statement')}"]
        lines += _article_lines(found[0])
        for r in found:
            lines += _stance_lines(r)
        hover.append("<br>".join(lines))
    names = cover.sort_values("actor_name")["actor_name"].drop_duplicates().map(_esc).tolist()
    points = go.Scatter(
        x=_days(cover["published"]),
        y=cover["actor_name"].map(_esc).tolist(),
        mode="markers",
        marker={**_ACTOR_MARKER, "size": [_area(n) for n in cover["n_statements"]]},
        hovertext=hover,
        hoverinfo="text",
        showlegend=False,
    )
    sizes = (1, 3, 10)
    # The size key is drawn in its own small axes: legend markers are capped in size.
    key = go.Scatter(
        x=[0, 1, 2],
        y=[0, 0, 0],
        xaxis="x2",
        yaxis="y2",
        mode="markers+text",
        text=[_count(n, "statement") for n in sizes],
        textposition="middle right",
        marker={**_ACTOR_MARKER, "size": [_area(n) for n in sizes]},
        hoverinfo="skip",
        showlegend=False,
        cliponaxis=False,
    )
    layout = _layout(
        title,
        subtitle="One marker per actor and article; marker size = the actor's statements in it",
        xaxis={**_date_axis(cover["published"]), "domain": [0, 1]},
        yaxis={
            "categoryorder": "array",
            "categoryarray": names,
            "autorange": "reversed",
            "domain": [0.14, 1],
        },
        xaxis2={"domain": [0, 0.45], "range": [-0.2, 3], "visible": False, "anchor": "y2"},
        yaxis2={"domain": [0, 0.04], "visible": False, "anchor": "x2"},
        annotations=[
            {
                "text": "Marker size:",
                "x": 0,
                "y": 0.02,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "right",
                "showarrow": False,
            }
        ],
        height=max(460, 200 + 28 * len(names)),
    )
    return go.Figure([points, key], layout=layout)


def plot_network(
    statements: pd.DataFrame,
    *,
    topic: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    min_weight: int = 2,
    title: str | None = None,
    labels: Labels | None = None,
) -> go.Figure:
    """Discourse network in two panels: agreement and conflict between actors.

    Edge rule as in `discourse_network` (filtered by `topic` and the `since`/`until`
    window); only edges over at least `min_weight` topics are drawn, with width growing
    with the number of topics. Actors sit on the same circle in both panels, ordered by
    name clockwise from the top. Hover on an edge's midpoint lists the shared topics and
    both actors' latest evidence; hover on a node lists its stances.
    """
    labels = labels or default_labels()
    title = title if title is not None else "Discourse network"
    matrix = _only(stance_matrix(statements, since=since, until=until), "topic_id", topic)
    if matrix.empty:
        return _no_data(title, _NO_ROWS)
    edges = discourse_network(statements, topic=topic, since=since, until=until)
    edges = edges[edges["weight"] >= min_weight]
    sides = {k: _named_record(r, labels) for k, r in _with_latest(matrix, statements).items()}
    names = {a: _esc(labels.actor(a)) for a in matrix["actor_id"].unique()}
    names = dict(sorted(names.items(), key=lambda item: item[1]))
    place = _circle(list(names))
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=[style["title"] for style in RELATION_STYLE.values()],
        horizontal_spacing=0.04,
    )
    window = f"{since or 'start'} to {until or 'end'}"
    fig.update_layout(
        _layout(
            title,
            subtitle=f"Edges over ≥ {min_weight} shared topic(s), width = topics · {window}",
            height=640,
            margin={"t": 130, "r": 40},
        )
    )
    for col, (relation, style) in enumerate(RELATION_STYLE.items(), start=1):
        middles: dict[str, list] = {"x": [], "y": [], "hovertext": []}
        for edge in edges[edges["relation"] == relation].to_dict("records"):
            (xa, ya), (xb, yb) = place[edge["actor_a"]], place[edge["actor_b"]]
            line = {"color": style["color"], "width": 1 + 2 * edge["weight"]}
            fig.add_trace(
                go.Scatter(
                    x=[xa, xb], y=[ya, yb], mode="lines", line=line, opacity=0.7,
                    hoverinfo="skip", showlegend=False,
                ),
                row=1,
                col=col,
            )  # fmt: skip
            middles["x"].append(round((xa + xb) / 2, 6))
            middles["y"].append(round((ya + yb) / 2, 6))
            middles["hovertext"].append(_edge_hover(edge, names, sides))
        marker = {"size": 12, "color": "rgba(0,0,0,0)"}
        fig.add_trace(
            go.Scatter(**middles, mode="markers", marker=marker, hoverinfo="text", showlegend=False),
            row=1,
            col=col,
        )
        fig.add_trace(_nodes(place, names, sides), row=1, col=col)
    for col in (1, 2):
        fig.update_xaxes(visible=False, range=[-1.45, 1.45], row=1, col=col)
        anchor = "x" if col == 1 else "x2"
        fig.update_yaxes(visible=False, range=[-1.3, 1.3], scaleanchor=anchor, row=1, col=col)
    return fig


def _named(frame: pd.DataFrame, labels: Labels) -> pd.DataFrame:
    """A copy with `actor_name` from the labels and a `topic_label` column when there are topics."""
    names = [labels.actor(a, n) for a, n in zip(frame["actor_id"], frame["actor_name"], strict=True)]
    named = frame.assign(actor_name=names)
    if "topic_id" in frame:
        named = named.assign(topic_label=[labels.topic(t) for t in frame["topic_id"]])
    return named


def _named_record(record: dict, labels: Labels) -> dict:
    name = labels.actor(record["actor_id"], record.get("actor_name"))
    return {**record, "actor_name": name, "topic_label": labels.topic(record["topic_id"])}


def _with_latest(matrix: pd.DataFrame, statements: pd.DataFrame) -> dict[tuple[str, str], dict]:
    """Rows of `stance_matrix` with the latest article's stance row, by (actor_id, topic_id)."""
    latest = article_stances(statements).drop(columns="actor_name")
    latest = latest.rename(columns={"article_id": "latest_article_id"})
    rows = matrix.merge(latest, on=["latest_article_id", *_PAIR], validate="one_to_one")
    return {(r["actor_id"], r["topic_id"]): r for r in rows.to_dict("records")}


def _nodes(
    place: dict[str, tuple[float, float]],
    names: dict[str, str],
    sides: dict[tuple[str, str], dict],
) -> go.Scatter:
    hover = {actor_id: [f"<b>{name}</b>"] for actor_id, name in names.items()}
    for (actor_id, _), side in sorted(sides.items()):
        hover[actor_id] += [*_stance_lines(side), *_article_lines(side)]
    return go.Scatter(
        x=[place[a][0] for a in names],
        y=[place[a][1] for a in names],
        mode="markers+text",
        text=list(names.values()),
        # Labels outside the circle, away from the edges.
        textposition=[_outside(*place[a]) for a in names],
        textfont={"size": 11},
        marker={**_ACTOR_MARKER, "size": 14},
        hovertext=["<br>".join(lines) for lines in hover.values()],
        hoverinfo="text",
        showlegend=False,
        cliponaxis=False,
    )


def _outside(x: float, y: float) -> str:
    vertical = "top" if y > 0.3 else "bottom" if y < -0.3 else "middle"
    horizontal = "right" if x > 0.3 else "left" if x < -0.3 else "center"
    return f"{vertical} {horizontal}"


def _esc(value: object, *, wrap: int | None = None) -> str:
    """Text from the data, HTML-escaped for plotly; optionally wrapped into <br> lines."""
    if pd.isna(value):
        return ""
    text = str(value)
    # Wrap before escaping so a line break never splits an entity such as &amp;. Quotes
    # stay: no data goes into a tag attribute, and plotly.js would show &quot; literally.
    lines = textwrap.wrap(text, wrap) if wrap else [text]
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _day(value: pd.Timestamp) -> str:
    return "undated" if pd.isna(value) else value.strftime("%Y-%m-%d")


def _days(values: pd.Series) -> list[str]:
    return [_day(v) for v in values]


def _only(frame: pd.DataFrame, column: str, ids: Ids) -> pd.DataFrame:
    if ids is None:
        return frame
    return frame[frame[column].isin([ids] if isinstance(ids, str) else list(ids))]


def _opacity(confidence: float) -> float:
    # Never fully transparent: a low-confidence article must still be seen.
    return round(0.25 + 0.75 * min(max(float(confidence), 0.0), 1.0), 3)


def _nudge(i: int, n: int) -> float:
    """Offset of the i-th of n actors inside a stance row, so their lines stay apart."""
    step = min(0.1, 0.6 / max(n - 1, 1))
    return round((i - (n - 1) / 2) * step, 4)


def _area(n_statements: int) -> float:
    return round(6 + 8 * math.sqrt(n_statements), 2)


def _article_lines(record: dict) -> list[str]:
    title = _esc(record["title"], wrap=_WRAP) or "untitled"
    source = _esc(record["source"]) or "unknown source"
    return [f"<i>{title}</i>", f"{_day(record['published'])} · {source}"]


def _stance_lines(record: dict) -> list[str]:
    glyph = STANCE_STYLE[record["stance"]]["glyph"]
    return [
        f"{glyph} <b>{_esc(record['stance'])}</b> on {_esc(record['topic_label'])}"
        f" (score {record['score']:+.2f}, confidence {record['confidence']:.2f},"
        f" {_esc(record['attribution'])})",
        f"“{_esc(record['evidence'], wrap=_WRAP)}”",
    ]


def _hover(heading: str, record: dict) -> str:
    return "<br>".join([heading, *_stance_lines(record), *_article_lines(record)])


def _cell_text(cell: dict | None, value: str) -> str:
    if cell is None:
        return ""
    score = cell["score"] if value == "latest" else cell["mean_score"]
    return f"{score:+.2f} {STANCE_STYLE[cell['latest_stance']]['glyph']}"


def _cell_value(cell: dict, value: str) -> float:
    return cell["score"] if value == "latest" else cell["mean_score"]


def _cell_hover(cell: dict | None, labels: Labels) -> str:
    if cell is None:
        return ""
    info = labels.topic_info(cell["topic_id"])
    heading = (
        f"<b>{_esc(cell['actor_name'])}</b> on <b>{_esc(info.label)}</b>"
        f"<br>mean score {cell['mean_score']:+.2f} over {_count(cell['n_articles'], 'article')}"
    )
    if info.support_means:
        heading += f"<br><i>support = {_esc(info.support_means, wrap=_WRAP)}</i>"
    return _hover(heading + "<br>latest:", cell)


def _edge_hover(edge: dict, names: dict[str, str], sides: dict[tuple[str, str], dict]) -> str:
    a, b = edge["actor_a"], edge["actor_b"]
    verb = "agree" if edge["relation"] == "agree" else "take opposite sides"
    lines = [f"<b>{names[a]}</b> and <b>{names[b]}</b> {verb} on:"]
    for topic in edge["topics"]:
        lines.append(f"<b>{_esc(sides[(a, topic)]['topic_label'])}</b>")
        for actor_id in (a, b):
            side = sides[(actor_id, topic)]
            heading = f"{names[actor_id]} · mean score {side['mean_score']:+.2f}; latest:"
            lines += [heading, *_stance_lines(side), *_article_lines(side)]
    return "<br>".join(lines)


def _stance_markers(stances: list[str]) -> dict:
    return {
        "symbol": [STANCE_STYLE[s]["symbol"] for s in stances],
        "color": [STANCE_STYLE[s]["color"] for s in stances],
        "size": 11,
        "line": {"width": 1, "color": "white"},
    }


def _stance_legend() -> list[go.Scatter]:
    return [
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=stance,
            marker={"symbol": style["symbol"], "color": style["color"], "size": 11},
            hoverinfo="skip",
        )
        for stance, style in STANCE_STYLE.items()
    ]


def _circle(ids: list[str]) -> dict[str, tuple[float, float]]:
    # Clockwise from the top; rounded so the JSON does not depend on the last float bits.
    step = 2 * math.pi / len(ids)
    return {
        a: (round(math.cos(math.pi / 2 - i * step), 6), round(math.sin(math.pi / 2 - i * step), 6))
        for i, a in enumerate(ids)
    }


def _stance_axis(info: TopicLabel | None = None) -> dict:
    """A categorical stance axis; with a topic, the poles say what they mean."""
    text = {stance: stance for stance in STANCE_ROWS}
    if info is not None and info.support_means:
        for stance, meaning in (("support", info.support_means), ("oppose", info.oppose_text)):
            note = _esc(meaning, wrap=24).replace("<br>", "<br>  ")
            text[stance] = f'<b>{stance}</b><br><span style="font-size:10px">  {note}</span>'
    return {
        "tickvals": list(STANCE_ROWS.values()),
        "ticktext": [text[s] for s in STANCE_ROWS],
        "range": [-0.6, 3.6],
        "zeroline": False,
        "showgrid": True,
        "gridcolor": "#E5E8EC",
    }


def _date_axis(published: pd.Series, *, label_room: bool = False) -> dict:
    """A date axis with days as ticks: at least two weeks wide, so plotly never picks hours."""
    first, last = published.min(), published.max()
    pad = max(7 * _DAY, (last - first) * 0.04)
    right = max(pad, (last - first) * 0.18) if label_room else pad
    return {
        "type": "date",
        "range": [_day(first - pad), _day(last + right)],
        "tickformat": "%d %b\n%Y",
        # Zoomed in below a day, still show the day rather than hours.
        "tickformatstops": [{"dtickrange": [None, 86_400_000], "value": "%d %b %Y"}],
    }


def _layout(
    title: str,
    legend_title: str = "",
    *,
    subtitle: str | None = None,
    legend_below: bool = False,
    legend_above: int | None = None,
    **layout: object,
) -> go.Layout:
    # An explicit template keeps the figure independent of plotly's global default.
    # Horizontal legends below or above the plot grow the margin instead of being cut off.
    legend: dict = {"title": {"text": legend_title}}
    if legend_below:
        legend |= {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0}
    elif legend_above is not None:
        legend |= {"orientation": "h", "yanchor": "bottom", "y": 1 + 40 / legend_above, "x": 0}
    heading = {"text": title}
    if subtitle:
        heading["subtitle"] = {"text": subtitle}
    margin = {"t": 120 if legend_above else 90, "r": 40}
    return go.Layout(
        title=heading,
        legend=legend,
        template="plotly_white",
        hoverlabel={"align": "left"},
        margin=layout.pop("margin", margin),
        **layout,
    )


def _no_data(title: str, message: str) -> go.Figure:
    fig = go.Figure(layout=_layout(title, xaxis={"visible": False}, yaxis={"visible": False}))
    fig.add_annotation(
        text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 16}
    )
    return fig
