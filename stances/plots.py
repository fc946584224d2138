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
  `esc`, so markup in it shows as literal text. A `title=` you pass is used as given.
- No rows after the filters: a figure with a "No data" annotation.
- Same input, same figure JSON: every loop runs over sorted keys.
- Timelines, shifts and trajectories take the trust filters of `stances.analysis.trusted`, with its
  defaults: the actor's own current statements with confidence >= 0.7.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
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
    shifts_along,
    stance_matrix,
    trajectories,
)
from stances.chart_parts import (
    ACTOR_COLORS,
    ACTOR_MARKER,
    GLYPHS,
    RELATION_STYLE,
    STANCE_ROWS,
    STANCE_STYLE,
    WRAP,
    actor_names,
    area,
    article_lines,
    base_layout,
    circle,
    date_axis,
    days,
    edge_hover,
    esc,
    hover_text,
    named,
    named_record,
    network_nodes,
    no_data,
    nudge,
    only,
    opacity,
    plural,
    stance_axis,
    stance_lines,
    stance_panels,
)
from stances.labels import Labels, default_labels

_DIVERGING = [
    [0.0, STANCE_STYLE["oppose"]["color"]],
    [0.5, "#F7F7F7"],
    [1.0, STANCE_STYLE["support"]["color"]],
]
_PAIR = ["actor_id", "topic_id"]
_NO_DATED = "No data: no dated articles match these filters"
_NO_ROWS = "No data: no statements match these filters"


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

    >>> import stances
    >>> fig = stances.plot_timeline(statements, topic="minerals_deal", actor=["trump", "zelensky"])
    """
    labels = labels or default_labels()
    info = labels.topic_info(topic)
    title = title if title is not None else f"{esc(info.label)}: stance over time"
    trust = {
        "min_confidence": min_confidence,
        "include_reported": include_reported,
        "reference": reference,
    }
    path = trajectories(statements, actor=actor, topic=topic, since=since, until=until, **trust)
    if path.empty:
        return no_data(title, _NO_DATED)
    path = named(path, labels)
    groups = sorted(path.groupby("actor_id", sort=True), key=lambda g: g[1]["actor_name"].iloc[0])
    layout = base_layout(
        title,
        "Actor",
        subtitle="Each point is an article · opacity shows the coder's confidence",
        xaxis=date_axis(path["published"], label_room=True),
        yaxis=stance_axis(info),
        legend_below=True,
        height=520,
    )
    fig = go.Figure(layout=layout)
    for i, (_, rows) in enumerate(groups):
        records = rows.to_dict("records")
        name = esc(records[0]["actor_name"])
        color = ACTOR_COLORS[i % len(ACTOR_COLORS)]
        offset = nudge(i, len(groups))
        fig.add_trace(
            go.Scatter(
                x=days(rows["published"]),
                y=[STANCE_ROWS[s] + offset for s in rows["stance"]],
                mode="lines+markers+text",
                name=name,
                text=[""] * (len(records) - 1) + [name],
                textposition="middle right",
                textfont={"color": color, "size": 11},
                line={"color": color, "width": 2},
                marker={
                    "color": color,
                    "size": 12,
                    "opacity": [opacity(c) for c in rows["confidence"]],
                    "line": {"width": 1, "color": "white"},
                },
                hovertext=[hover_text(f"<b>{name}</b>", r) for r in records],
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

    >>> import stances
    >>> fig = stances.plot_shifts(statements, actor="hegseth", since="2025-02-01")
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
    path = trajectories(statements, **select)
    moves = shifts_along(path)
    if moves.empty:
        return no_data(title, "No data: no stance shifts between dated articles match")
    path = named(path, labels)
    names = actor_names(path)
    pairs = sorted(
        {tuple(p) for p in moves[_PAIR].itertuples(index=False)},
        key=lambda p: (names[p[0]], labels.topic(p[1])),
    )
    return stance_panels(path, moves, pairs, title=title, labels=labels)


def plot_trajectories(
    statements: pd.DataFrame,
    *,
    pairs: Sequence[tuple[str, str]],
    since: DateLike = None,
    until: DateLike = None,
    title: str | None = None,
    labels: Labels | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    include_reported: bool = INCLUDE_REPORTED,
    reference: Ids = REFERENCE,
) -> go.Figure:
    """Small multiples: one panel per (actor_id, topic_id) in `pairs`, in that order.

    Each panel shows the pair's article-level stances over time on a stance axis, with
    an arrow at each shift; a pair with no dated statement gets an empty panel that
    says so. Filters as in `trajectories`.

    >>> import stances
    >>> fig = stances.plot_trajectories(statements, pairs=[("trump", "minerals_deal")])
    """
    labels = labels or default_labels()
    title = title if title is not None else "Stances over time"
    select = {
        "actor": sorted({a for a, _ in pairs}),
        "topic": sorted({t for _, t in pairs}),
        "since": since,
        "until": until,
        "min_confidence": min_confidence,
        "include_reported": include_reported,
        "reference": reference,
    }
    path = trajectories(statements, **select)
    moves = shifts_along(path)
    path = named(path, labels)
    keep = path[_PAIR].apply(tuple, axis=1).isin(list(pairs)) if len(path) else []
    if not len(path) or not keep.any():
        return no_data(title, _NO_DATED)
    return stance_panels(path[keep], moves, list(pairs), title, labels)


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

    >>> import stances
    >>> fig = stances.plot_heatmap(statements, value="latest", until="2025-03-31")
    """
    if value not in ("mean_score", "latest"):
        raise ValueError(f"value: expected 'mean_score' or 'latest', got {value!r}")
    labels = labels or default_labels()
    what = "mean score" if value == "mean_score" else "latest score"
    title = title if title is not None else f"Stances by actor and topic ({what})"
    matrix = stance_matrix(statements, since=since, until=until)
    matrix = only(only(matrix, "actor_id", actor), "topic_id", topic)
    if matrix.empty:
        return no_data(title, _NO_ROWS)
    cells = {k: named_record(r, labels) for k, r in _with_latest(matrix, statements).items()}
    names = actor_names(named(matrix, labels))
    actors = sorted(names, key=names.__getitem__)
    topics = sorted(matrix["topic_id"].unique(), key=labels.topic)
    z, text, hover = [], [], []
    for actor_id in actors:
        row = [cells.get((actor_id, topic_id)) for topic_id in topics]
        z.append([None if c is None else _cell_value(c, value) for c in row])
        text.append([_cell_text(c, value) for c in row])
        hover.append([_cell_hover(c, labels) for c in row])
    heatmap = go.Heatmap(
        z=z,
        x=[esc(labels.topic(t), wrap=14) for t in topics],
        y=[esc(names[a]) for a in actors],
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
    layout = base_layout(
        title,
        subtitle=f"Cell: {what}, then the latest stance ({GLYPHS})",
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

    >>> import stances
    >>> fig = stances.plot_coverage(statements, actor=["trump", "putin"])
    """
    labels = labels or default_labels()
    title = title if title is not None else "Who appears in which articles"
    cover = only(coverage(statements, since=since, until=until), "actor_id", actor)
    cover = named(cover[cover["published"].notna()], labels)
    if cover.empty:
        return no_data(title, _NO_DATED)
    topics: dict[tuple[str, str], list[dict]] = {}
    for r in named(article_stances(statements), labels).to_dict("records"):
        topics.setdefault((r["article_id"], r["actor_id"]), []).append(r)
    hover = []
    for c in cover.to_dict("records"):
        found = topics[(c["article_id"], c["actor_id"])]
        lines = [f"<b>{esc(c['actor_name'])}</b> · {plural(c['n_statements'], 'statement')}"]
        lines += article_lines(found[0])
        for r in found:
            lines += stance_lines(r)
        hover.append("<br>".join(lines))
    names = cover.sort_values("actor_name")["actor_name"].drop_duplicates().map(esc).tolist()
    points = go.Scatter(
        x=days(cover["published"]),
        y=cover["actor_name"].map(esc).tolist(),
        mode="markers",
        marker={**ACTOR_MARKER, "size": [area(n) for n in cover["n_statements"]]},
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
        text=[plural(n, "statement") for n in sizes],
        textposition="middle right",
        marker={**ACTOR_MARKER, "size": [area(n) for n in sizes]},
        hoverinfo="skip",
        showlegend=False,
        cliponaxis=False,
    )
    layout = base_layout(
        title,
        subtitle="One marker per actor and article; marker size = the actor's statements in it",
        xaxis={**date_axis(cover["published"]), "domain": [0, 1]},
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

    >>> import stances
    >>> fig = stances.plot_network(statements, min_weight=2, since="2025-03-01")
    """
    labels = labels or default_labels()
    title = title if title is not None else "Discourse network"
    matrix = only(stance_matrix(statements, since=since, until=until), "topic_id", topic)
    if matrix.empty:
        return no_data(title, _NO_ROWS)
    edges = discourse_network(statements, topic=topic, since=since, until=until)
    edges = edges[edges["weight"] >= min_weight]
    sides = {k: named_record(r, labels) for k, r in _with_latest(matrix, statements).items()}
    names = {a: esc(n) for a, n in actor_names(named(matrix, labels)).items()}
    place = circle(list(names))
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=[style["title"] for style in RELATION_STYLE.values()],
        horizontal_spacing=0.04,
    )
    window = f"{since or 'start'} to {until or 'end'}"
    fig.update_layout(
        base_layout(
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
            middles["hovertext"].append(edge_hover(edge, names, sides))
        marker = {"size": 12, "color": "rgba(0,0,0,0)"}
        fig.add_trace(
            go.Scatter(
                **middles, mode="markers", marker=marker, hoverinfo="text", showlegend=False
            ),
            row=1,
            col=col,
        )
        fig.add_trace(network_nodes(place, names, sides), row=1, col=col)
    for col in (1, 2):
        fig.update_xaxes(visible=False, range=[-1.45, 1.45], row=1, col=col)
        anchor = "x" if col == 1 else "x2"
        fig.update_yaxes(visible=False, range=[-1.3, 1.3], scaleanchor=anchor, row=1, col=col)
    return fig


def _with_latest(matrix: pd.DataFrame, statements: pd.DataFrame) -> dict[tuple[str, str], dict]:
    """Rows of `stance_matrix` with the latest article's stance row, by (actor_id, topic_id)."""
    latest = article_stances(statements).drop(columns="actor_name")
    latest = latest.rename(columns={"article_id": "latest_article_id"})
    rows = matrix.merge(latest, on=["latest_article_id", *_PAIR], validate="one_to_one")
    return {(r["actor_id"], r["topic_id"]): r for r in rows.to_dict("records")}


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
        f"<b>{esc(cell['actor_name'])}</b> on <b>{esc(info.label)}</b>"
        f"<br>mean score {cell['mean_score']:+.2f} over {plural(cell['n_articles'], 'article')}"
    )
    if info.support_means:
        heading += f"<br><i>support = {esc(info.support_means, wrap=WRAP)}</i>"
    return hover_text(heading + "<br>latest:", cell)
