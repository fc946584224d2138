"""Plots: statements in, plotly Figure out. One function per chart; nothing is shown or written.

Shared conventions:

- Stances have one colour (Okabe–Ito, colour-blind safe) AND one marker symbol each,
  from `STANCE_STYLE`; a legend group explains them.
- Every text taken from articles (evidence, titles, sources, names, ids) goes through
  `_esc`, so markup in it shows as literal text. A `title=` you pass is used as given.
- Hover text names the evidence sentence, title, source, date and attribution.
- No rows after the filters: a figure with a "No data" annotation.
- Same input, same figure JSON: every loop runs over sorted keys.
- Timelines and shifts take the trust filters of `stances.analysis.trusted`, with its
  defaults: the actor's own current statements with confidence >= 0.72.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

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

STANCE_STYLE = {
    "support": {"color": "#0072B2", "symbol": "circle", "glyph": "●"},
    "oppose": {"color": "#D55E00", "symbol": "x", "glyph": "✕"},
    "mixed": {"color": "#CC79A7", "symbol": "diamond", "glyph": "◆"},
    "neutral": {"color": "#999999", "symbol": "square", "glyph": "■"},
}
RELATION_STYLE = {
    "agree": {"color": "#0072B2", "dash": "solid"},
    "oppose": {"color": "#D55E00", "dash": "dash"},
}
# Lines of actors and actor-topic pairs: the Okabe–Ito colours that no stance uses (so a
# line is never read as a stance), then dashes once the colours run out.
_SERIES_COLORS = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442")
_SERIES_DASHES = ("solid", "dot", "dash", "dashdot")
# Actors (not stances) as points: a symbol no stance uses.
_ACTOR_MARKER = {"symbol": "hexagon", "color": "#444444"}
_DIVERGING = [
    [0.0, STANCE_STYLE["oppose"]["color"]],
    [0.5, "#F7F7F7"],
    [1.0, STANCE_STYLE["support"]["color"]],
]
_WRAP = 70
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
    min_confidence: float = MIN_CONFIDENCE,
    include_reported: bool = INCLUDE_REPORTED,
    reference: Ids = REFERENCE,
) -> go.Figure:
    """Article-level score over time on one topic, one line per actor.

    Each marker is an article; its symbol and colour show the article-level stance.
    Undated articles are left out; filters as in `trajectories`.
    """
    title = title if title is not None else f"Stance on {_esc(topic)} over time"
    trust = {
        "min_confidence": min_confidence,
        "include_reported": include_reported,
        "reference": reference,
    }
    path = trajectories(statements, actor=actor, topic=topic, since=since, until=until, **trust)
    if path.empty:
        return _no_data(title, _NO_DATED)
    fig = go.Figure(layout=_layout(title, "Actor", xaxis_type="date", yaxis=_score_axis()))
    for i, (_, rows) in enumerate(path.groupby("actor_id", sort=True)):
        records = rows.to_dict("records")
        name = _esc(records[0]["actor_name"])
        hover = [_hover(f"<b>{name}</b>", r) for r in records]
        points = _days(rows["published"]), rows["score"].tolist(), rows["stance"].tolist()
        fig.add_traces(_series(i, name, *points, hover))
    fig.add_traces(_stance_legend())
    return fig


def plot_shifts(
    statements: pd.DataFrame,
    *,
    actor: Ids = None,
    topic: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    title: str | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    include_reported: bool = INCLUDE_REPORTED,
    reference: Ids = REFERENCE,
) -> go.Figure:
    """Each stance shift as an arrow from (from_date, score) to (to_date, score).

    One trace per actor–topic pair; markers at both ends show the stances. Scores are
    the article-level mean scores; filters as in `shifts` and `trajectories`.
    """
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
    path = trajectories(statements, **select)
    articles = {(r["actor_id"], r["topic_id"], r["article_id"]): r for r in path.to_dict("records")}
    layout = _layout(title, "Actor · topic", xaxis_type="date", yaxis=_score_axis())
    fig = go.Figure(layout=layout)
    for i, (_, rows) in enumerate(moves.groupby(["actor_id", "topic_id"], sort=True)):
        x, y, stances, hover = [], [], [], []
        first = rows.iloc[0]
        name = f"{_esc(first['actor_name'])} · {_esc(first['topic_id'])}"
        for move in rows.to_dict("records"):
            pair = (move["actor_id"], move["topic_id"])
            start = articles[(*pair, move["from_article_id"])]
            end = articles[(*pair, move["to_article_id"])]
            heading = (
                f"<b>{name}</b><br>{_esc(move['from_stance'])} → {_esc(move['to_stance'])}"
                f" (magnitude {move['magnitude']:.2f})"
            )
            (x0, y0), (x1, y1) = _point(start), _point(end)
            # None breaks the line between shifts; its marker style is never drawn.
            x += [x0, x1, None]
            y += [y0, y1, None]
            stances += [start["stance"], end["stance"], "neutral"]
            hover += [_hover(heading, start), _hover(heading, end), ""]
            fig.add_annotation(
                x=x1,
                y=y1,
                ax=x0,
                ay=y0,
                xref="x",
                yref="y",
                axref="x",
                ayref="y",
                text="",
                showarrow=True,
                arrowhead=2,
                arrowsize=1.5,
                arrowcolor=_series_line(i)["color"],
                standoff=7,
                startstandoff=7,
            )
        fig.add_traces(_series(i, name, x, y, stances, hover))
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
) -> go.Figure:
    """Actor × topic matrix coloured by score on a diverging scale centred at 0.

    `value='mean_score'` colours by the mean article-level score, `value='latest'` by
    the score of the latest article (see `stance_matrix`). Each cell is labelled with
    the latest stance's symbol and name, so the chart reads without colour.
    """
    if value not in ("mean_score", "latest"):
        raise ValueError(f"value: expected 'mean_score' or 'latest', got {value!r}")
    title = title if title is not None else f"Stances by actor and topic ({value})"
    matrix = stance_matrix(statements, since=since, until=until)
    matrix = _only(_only(matrix, "actor_id", actor), "topic_id", topic)
    if matrix.empty:
        return _no_data(title, _NO_ROWS)
    cells = _with_latest(matrix, statements)
    actors = matrix.drop_duplicates("actor_id")[["actor_id", "actor_name"]]
    topics = sorted(matrix["topic_id"].unique())
    z, text, hover = [], [], []
    for actor_id, actor_name in actors.itertuples(index=False):
        row = [cells.get((actor_id, topic_id)) for topic_id in topics]
        z.append([None if c is None else _cell_value(c, value) for c in row])
        text.append([_cell_text(c, value) for c in row])
        hover.append([_cell_hover(actor_name, c) for c in row])
    heatmap = go.Heatmap(
        z=z,
        x=[_esc(t) for t in topics],
        y=[_esc(name) for name in actors["actor_name"]],
        text=text,
        texttemplate="%{text}",
        hovertext=hover,
        hoverinfo="text",
        colorscale=_DIVERGING,
        zmin=-1,
        zmax=1,
        zmid=0,
        xgap=2,
        ygap=2,
        colorbar={"title": {"text": "score"}},
    )
    return go.Figure(heatmap, layout=_layout(title, yaxis={"autorange": "reversed"}))


def plot_coverage(
    statements: pd.DataFrame,
    *,
    actor: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    title: str | None = None,
) -> go.Figure:
    """Which actors appear in which articles over time; marker size grows with statements.

    A point is an (actor, article), not a stance, so it uses a symbol no stance uses;
    its hover lists the actor's stance on each topic in the article. Undated articles
    are left out (they have no place on the time axis).
    """
    title = title if title is not None else "Who appears in which articles"
    cover = _only(coverage(statements, since=since, until=until), "actor_id", actor)
    cover = cover[cover["published"].notna()]
    if cover.empty:
        return _no_data(title, _NO_DATED)
    topics: dict[tuple[str, str], list[dict]] = {}
    for r in article_stances(statements).to_dict("records"):
        topics.setdefault((r["article_id"], r["actor_id"]), []).append(r)
    hover = []
    for c in cover.to_dict("records"):
        found = topics[(c["article_id"], c["actor_id"])]
        lines = [f"<b>{_esc(c['actor_name'])}</b> · {c['n_statements']} statement(s)"]
        lines += _article_lines(found[0])
        for r in found:
            lines += _stance_lines(r)
        hover.append("<br>".join(lines))
    names = cover.sort_values("actor_id")["actor_name"].drop_duplicates().map(_esc).tolist()
    return go.Figure(
        go.Scatter(
            x=_days(cover["published"]),
            y=cover["actor_name"].map(_esc).tolist(),
            mode="markers",
            marker={
                **_ACTOR_MARKER,
                "size": [6 + 10 * math.sqrt(n) for n in cover["n_statements"]],
            },
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
        ),
        layout=_layout(
            title,
            xaxis_type="date",
            yaxis={"categoryorder": "array", "categoryarray": names, "autorange": "reversed"},
        ),
    )


def plot_network(
    statements: pd.DataFrame,
    *,
    topic: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    title: str | None = None,
) -> go.Figure:
    """Discourse network: actors on a circle, edges where they agree or oppose on topics.

    Edge rule as in `discourse_network`; width grows with the number of topics, colour
    and dash show the relation. Actors are placed by sorted actor_id, clockwise from
    the top. Hover on a node lists its stances with the latest evidence; hover on an
    edge's midpoint lists the shared topics and both actors' latest evidence.
    """
    title = title if title is not None else "Discourse network"
    matrix = _only(stance_matrix(statements, since=since, until=until), "topic_id", topic)
    if matrix.empty:
        return _no_data(title, _NO_ROWS)
    edges = discourse_network(statements, topic=topic, since=since, until=until)
    sides = _with_latest(matrix, statements)
    actors = matrix.drop_duplicates("actor_id")[["actor_id", "actor_name"]]
    place = _circle(actors["actor_id"].tolist())
    names = dict(zip(actors["actor_id"], actors["actor_name"].map(_esc), strict=True))
    layout = _layout(title, "Relation", xaxis=_hidden_axis(), yaxis=_hidden_axis(True))
    fig = go.Figure(layout=layout)
    fig.add_traces(_relation_legend())
    middles: dict[str, list] = {"x": [], "y": [], "hovertext": []}
    for edge in edges.to_dict("records"):
        ends = place[edge["actor_a"]], place[edge["actor_b"]]
        (xa, ya), (xb, yb) = _offset(*ends, edge["relation"])
        style = RELATION_STYLE[edge["relation"]]
        fig.add_trace(
            go.Scatter(
                x=[xa, xb],
                y=[ya, yb],
                mode="lines",
                line={**style, "width": 1 + 1.5 * edge["weight"]},
                legendgroup=edge["relation"],
                showlegend=False,
                hoverinfo="skip",
            )
        )
        middles["x"].append(round((xa + xb) / 2, 6))
        middles["y"].append(round((ya + yb) / 2, 6))
        middles["hovertext"].append(_edge_hover(edge, names, sides))
    fig.add_trace(
        go.Scatter(
            **middles,
            mode="markers",
            marker={"size": 12, "color": "rgba(0,0,0,0)"},
            hoverinfo="text",
            showlegend=False,
        )
    )
    fig.add_trace(_nodes(place, names, sides))
    return fig


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
        textposition=["top center" if place[a][1] >= 0 else "bottom center" for a in names],
        marker={**_ACTOR_MARKER, "size": 18},
        hovertext=["<br>".join(lines) for lines in hover.values()],
        hoverinfo="text",
        showlegend=False,
    )


def _esc(value: object, *, wrap: int | None = None) -> str:
    """Text from the data, HTML-escaped for plotly; optionally wrapped into <br> lines."""
    if pd.isna(value):
        return ""
    text = str(value)
    # Wrap before escaping so a line break never splits an entity such as &amp;. Quotes
    # stay: no data goes into a tag attribute, and plotly.js would show &quot; literally.
    lines = textwrap.wrap(text, wrap) if wrap else [text]
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def _day(value: pd.Timestamp) -> str:
    return "undated" if pd.isna(value) else value.strftime("%Y-%m-%d")


def _days(values: pd.Series) -> list[str]:
    return [_day(v) for v in values]


def _point(record: dict) -> tuple[str, float]:
    return _day(record["published"]), record["score"]


def _only(frame: pd.DataFrame, column: str, ids: Ids) -> pd.DataFrame:
    if ids is None:
        return frame
    return frame[frame[column].isin([ids] if isinstance(ids, str) else list(ids))]


def _article_lines(record: dict) -> list[str]:
    title = _esc(record["title"], wrap=_WRAP) or "untitled"
    source = _esc(record["source"]) or "unknown source"
    return [f"<i>{title}</i>", f"{_day(record['published'])} · {source}"]


def _stance_lines(record: dict) -> list[str]:
    glyph = STANCE_STYLE[record["stance"]]["glyph"]
    return [
        f"{glyph} <b>{_esc(record['stance'])}</b> on {_esc(record['topic_id'])}"
        f" (score {record['score']:+.2f}, {_esc(record['attribution'])})",
        f"“{_esc(record['evidence'], wrap=_WRAP)}”",
    ]


def _hover(heading: str, record: dict) -> str:
    return "<br>".join([heading, *_stance_lines(record), *_article_lines(record)])


def _cell_text(cell: dict | None, value: str) -> str:
    if cell is None:
        return ""
    stance = f"{STANCE_STYLE[cell['latest_stance']]['glyph']} {_esc(cell['latest_stance'])}"
    if value == "latest":
        return f"{stance}<br>{cell['score']:+.2f}"
    return f"{cell['mean_score']:+.2f}<br>latest: {stance}"


def _cell_value(cell: dict, value: str) -> float:
    return cell["score"] if value == "latest" else cell["mean_score"]


def _cell_hover(actor_name: str, cell: dict | None) -> str:
    if cell is None:
        return ""
    heading = (
        f"<b>{_esc(actor_name)}</b> · mean score {cell['mean_score']:+.2f}"
        f" over {cell['n_articles']} article(s); latest:"
    )
    return _hover(heading, cell)


def _edge_hover(edge: dict, names: dict[str, str], sides: dict[tuple[str, str], dict]) -> str:
    a, b = edge["actor_a"], edge["actor_b"]
    lines = [f"<b>{names[a]}</b> and <b>{names[b]}</b> {edge['relation']} on:"]
    for topic in edge["topics"]:
        lines.append(f"<b>{_esc(topic)}</b>")
        for actor_id in (a, b):
            side = sides[(actor_id, topic)]
            heading = f"{names[actor_id]} · mean score {side['mean_score']:+.2f}; latest:"
            lines += [heading, *_stance_lines(side), *_article_lines(side)]
    return "<br>".join(lines)


def _series(
    i: int, name: str, x: list, y: list, stances: list[str], hover: list[str]
) -> list[go.Scatter]:
    # The legend draws a trace with the marker of its first point, which would read as a
    # stance; so the data trace stays out of the legend and a plain line stands for it.
    line = _series_line(i)
    group = f"series{i}"
    return [
        go.Scatter(
            x=x,
            y=y,
            mode="lines+markers",
            name=name,
            legendgroup=group,
            showlegend=False,
            line=line,
            marker=_stance_markers(stances),
            hovertext=hover,
            hoverinfo="text",
        ),
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            name=name,
            legendgroup=group,
            line=line,
            hoverinfo="skip",
        ),
    ]


def _stance_markers(stances: Sequence[str]) -> dict:
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
            legendgroup="stance",
            legendgrouptitle_text="Stance",
            marker={"symbol": style["symbol"], "color": style["color"], "size": 11},
            hoverinfo="skip",
        )
        for stance, style in STANCE_STYLE.items()
    ]


def _relation_legend() -> list[go.Scatter]:
    return [
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            name=relation,
            legendgroup=relation,
            line={**style, "width": 3},
            hoverinfo="skip",
        )
        for relation, style in RELATION_STYLE.items()
    ]


def _series_line(i: int) -> dict:
    return {
        "color": _SERIES_COLORS[i % len(_SERIES_COLORS)],
        "dash": _SERIES_DASHES[i // len(_SERIES_COLORS) % len(_SERIES_DASHES)],
        "width": 2,
    }


def _circle(ids: list[str]) -> dict[str, tuple[float, float]]:
    # Clockwise from the top; rounded so the JSON does not depend on the last float bits.
    step = 2 * math.pi / len(ids)
    return {
        a: (round(math.cos(math.pi / 2 - i * step), 6), round(math.sin(math.pi / 2 - i * step), 6))
        for i, a in enumerate(ids)
    }


def _offset(
    a: tuple[float, float], b: tuple[float, float], relation: str
) -> tuple[tuple[float, float], tuple[float, float]]:
    # Agree and oppose edges of one pair run side by side instead of on top of each other.
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    shift = 0.02 if relation == "agree" else -0.02
    nx, ny = -dy / length * shift, dx / length * shift
    return (round(a[0] + nx, 6), round(a[1] + ny, 6)), (round(b[0] + nx, 6), round(b[1] + ny, 6))


def _score_axis() -> dict:
    return {"title": {"text": "score (−1 oppose … +1 support)"}, "range": [-1.1, 1.1]}


def _hidden_axis(anchor: bool = False) -> dict:
    axis = {"visible": False, "range": [-1.35, 1.35]}
    return {**axis, "scaleanchor": "x"} if anchor else axis


def _layout(title: str, legend_title: str = "", **layout: object) -> go.Layout:
    # An explicit template keeps the figure independent of plotly's global default.
    return go.Layout(
        title={"text": title},
        legend={"title": {"text": legend_title}},
        template="plotly_white",
        hoverlabel={"align": "left"},
        **layout,
    )


def _no_data(title: str, message: str) -> go.Figure:
    fig = go.Figure(layout=_layout(title, xaxis={"visible": False}, yaxis={"visible": False}))
    fig.add_annotation(
        text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 16}
    )
    return fig
