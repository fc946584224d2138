"""The parts every chart is built from: stance and actor styles, axes, layout, hover text.

Every text taken from articles (evidence, titles, sources, names, ids) goes through
`esc`, so markup in it shows as literal text in plotly.
"""

from __future__ import annotations

import html
import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from stances.analysis import Ids
from stances.labels import Labels, TopicLabel

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
ACTOR_MARKER = {"symbol": "hexagon", "color": "#444444"}
WRAP = 70
DAY = pd.Timedelta(days=1)
GLYPHS = " ".join(f"{s['glyph']} {name}" for name, s in STANCE_STYLE.items())


def named(frame: pd.DataFrame, labels: Labels) -> pd.DataFrame:
    """A copy with `actor_name` from the labels and a `topic_label` column when there are topics."""
    names = [
        labels.actor(a, n) for a, n in zip(frame["actor_id"], frame["actor_name"], strict=True)
    ]
    named = frame.assign(actor_name=names)
    if "topic_id" in frame:
        named = named.assign(topic_label=[labels.topic(t) for t in frame["topic_id"]])
    return named


def actor_names(frame: pd.DataFrame) -> dict[str, str]:
    """Actor id -> name of a `named` frame, sorted by name."""
    pairs = frame.drop_duplicates("actor_id")[["actor_id", "actor_name"]].itertuples(index=False)
    return dict(sorted(pairs, key=lambda pair: (pair[1], pair[0])))


def named_record(record: dict, labels: Labels) -> dict:
    name = labels.actor(record["actor_id"], record.get("actor_name"))
    return {**record, "actor_name": name, "topic_label": labels.topic(record["topic_id"])}


def outside(x: float, y: float) -> str:
    vertical = "top" if y > 0.3 else "bottom" if y < -0.3 else "middle"
    horizontal = "right" if x > 0.3 else "left" if x < -0.3 else "center"
    return f"{vertical} {horizontal}"


def esc(value: object, *, wrap: int | None = None) -> str:
    """Text from the data, HTML-escaped for plotly; optionally wrapped into <br> lines."""
    if pd.isna(value):
        return ""
    text = str(value)
    # Wrap before escaping so a line break never splits an entity such as &amp;. Quotes
    # stay: no data goes into a tag attribute, and plotly.js would show &quot; literally.
    lines = textwrap.wrap(text, wrap) if wrap else [text]
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def day(value: pd.Timestamp) -> str:
    return "undated" if pd.isna(value) else value.strftime("%Y-%m-%d")


def days(values: pd.Series) -> list[str]:
    return [day(v) for v in values]


def only(frame: pd.DataFrame, column: str, ids: Ids) -> pd.DataFrame:
    if ids is None:
        return frame
    return frame[frame[column].isin([ids] if isinstance(ids, str) else list(ids))]


def opacity(confidence: float) -> float:
    # Never fully transparent: a low-confidence article must still be seen.
    return round(0.25 + 0.75 * min(max(float(confidence), 0.0), 1.0), 3)


def nudge(i: int, n: int) -> float:
    """Offset of the i-th of n actors inside a stance row, so their lines stay apart."""
    step = min(0.1, 0.6 / max(n - 1, 1))
    return round((i - (n - 1) / 2) * step, 4)


def area(n_statements: int) -> float:
    return round(6 + 8 * math.sqrt(n_statements), 2)


def article_lines(record: dict) -> list[str]:
    title = esc(record["title"], wrap=WRAP) or "untitled"
    source = esc(record["source"]) or "unknown source"
    return [f"<i>{title}</i>", f"{day(record['published'])} · {source}"]


def stance_lines(record: dict) -> list[str]:
    glyph = STANCE_STYLE[record["stance"]]["glyph"]
    return [
        f"{glyph} <b>{esc(record['stance'])}</b> on {esc(record['topic_label'])}"
        f" (score {record['score']:+.2f}, confidence {record['confidence']:.2f},"
        f" {esc(record['attribution'])})",
        f"“{esc(record['evidence'], wrap=WRAP)}”",
    ]


def hover_text(heading: str, record: dict) -> str:
    return "<br>".join([heading, *stance_lines(record), *article_lines(record)])


def stance_markers(stances: list[str]) -> dict:
    return {
        "symbol": [STANCE_STYLE[s]["symbol"] for s in stances],
        "color": [STANCE_STYLE[s]["color"] for s in stances],
        "size": 11,
        "line": {"width": 1, "color": "white"},
    }


def stance_legend() -> list[go.Scatter]:
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


def circle(ids: list[str]) -> dict[str, tuple[float, float]]:
    # Clockwise from the top; rounded so the JSON does not depend on the last float bits.
    step = 2 * math.pi / len(ids)
    return {
        a: (round(math.cos(math.pi / 2 - i * step), 6), round(math.sin(math.pi / 2 - i * step), 6))
        for i, a in enumerate(ids)
    }


def stance_axis(info: TopicLabel | None = None) -> dict:
    """A categorical stance axis; with a topic, the poles say what they mean."""
    text = {stance: stance for stance in STANCE_ROWS}
    if info is not None and info.support_means:
        for stance, meaning in (("support", info.support_means), ("oppose", info.oppose_text)):
            note = esc(meaning, wrap=24).replace("<br>", "<br>  ")
            text[stance] = f'<b>{stance}</b><br><span style="font-size:10px">  {note}</span>'
    return {
        "tickvals": list(STANCE_ROWS.values()),
        "ticktext": [text[s] for s in STANCE_ROWS],
        "range": [-0.6, 3.6],
        "zeroline": False,
        "showgrid": True,
        "gridcolor": "#E5E8EC",
    }


def date_axis(published: pd.Series, *, label_room: bool = False) -> dict:
    """A date axis with days as ticks: at least two weeks wide, so plotly never picks hours."""
    first, last = published.min(), published.max()
    pad = max(7 * DAY, (last - first) * 0.04)
    right = max(pad, (last - first) * 0.18) if label_room else pad
    return {
        "type": "date",
        "range": [day(first - pad), day(last + right)],
        "tickformat": "%d %b\n%Y",
        # Zoomed in below a day, still show the day rather than hours.
        "tickformatstops": [{"dtickrange": [None, 86_400_000], "value": "%d %b %Y"}],
    }


def base_layout(
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


def no_data(title: str, message: str) -> go.Figure:
    fig = go.Figure(layout=base_layout(title, xaxis={"visible": False}, yaxis={"visible": False}))
    fig.add_annotation(
        text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 16}
    )
    return fig


def stance_panels(
    path: pd.DataFrame,
    moves: pd.DataFrame,
    pairs: list[tuple[str, str]],
    title: str,
    labels: Labels,
) -> go.Figure:
    """Small multiples on a shared date axis: per (actor_id, topic_id) pair, its stances
    in `path` (a `named` trajectories table) on a stance axis, with an arrow per shift
    in `moves`."""
    names = actor_names(path)
    cols = 1 if len(pairs) == 1 else 2
    rows = math.ceil(len(pairs) / cols)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_xaxes="all",
        subplot_titles=[
            f"<b>{esc(names.get(a) or labels.actor(a))}</b> · {esc(labels.topic(t))}"
            for a, t in pairs
        ],
        vertical_spacing=min(0.4 / rows, 0.18),
        horizontal_spacing=0.12,
    )
    height = 140 + 230 * rows
    fig.update_layout(base_layout(title, "Stance", legend_above=height, height=height))
    fig.update_annotations(font_size=13)
    for k, (actor_id, topic_id) in enumerate(pairs):
        row, col = k // cols + 1, k % cols + 1
        axes = fig.get_subplot(row, col)
        x_ref = axes.xaxis.plotly_name.replace("axis", "")
        y_ref = axes.yaxis.plotly_name.replace("axis", "")
        points = path[(path["actor_id"] == actor_id) & (path["topic_id"] == topic_id)]
        if points.empty:
            fig.add_annotation(
                text="no dated statements", x=0.5, y=0.5, showarrow=False,
                xref=f"{x_ref} domain", yref=f"{y_ref} domain", font={"color": "#6b7280"},
            )  # fmt: skip
            continue
        records = points.to_dict("records")
        heading = f"<b>{esc(records[0]['actor_name'])}</b> · {esc(records[0]['topic_label'])}"
        meaning = labels.topic_info(topic_id).support_means
        if meaning:
            heading += f"<br><i>support = {esc(meaning, wrap=WRAP)}</i>"
        fig.add_trace(
            go.Scatter(
                x=days(points["published"]),
                y=[STANCE_ROWS[s] for s in points["stance"]],
                mode="lines+markers",
                line={"color": "#B8BEC6", "width": 1.5},
                marker=stance_markers(points["stance"].tolist()),
                hovertext=[hover_text(heading, r) for r in records],
                hoverinfo="text",
                showlegend=False,
            ),
            row=row,
            col=col,
        )
        ends = {r["article_id"]: (day(r["published"]), STANCE_ROWS[r["stance"]]) for r in records}
        mine = moves[(moves["actor_id"] == actor_id) & (moves["topic_id"] == topic_id)]
        for move in mine.to_dict("records"):
            (x0, y0), (x1, y1) = ends[move["from_article_id"]], ends[move["to_article_id"]]
            fig.add_annotation(
                x=x1, y=y1, ax=x0, ay=y0, xref=x_ref, yref=y_ref, axref=x_ref, ayref=y_ref,
                text="", showarrow=True, arrowhead=2, arrowsize=1.4, arrowwidth=1.8,
                arrowcolor="#1d2430", standoff=8, startstandoff=8,
            )  # fmt: skip
    fig.update_xaxes(**date_axis(path["published"]), showticklabels=True)
    fig.update_yaxes(**stance_axis())
    fig.add_traces(stance_legend())
    return fig


def network_nodes(
    place: dict[str, tuple[float, float]],
    names: dict[str, str],
    sides: dict[tuple[str, str], dict],
) -> go.Scatter:
    hover = {actor_id: [f"<b>{name}</b>"] for actor_id, name in names.items()}
    for (actor_id, _), side in sorted(sides.items()):
        hover[actor_id] += [*stance_lines(side), *article_lines(side)]
    return go.Scatter(
        x=[place[a][0] for a in names],
        y=[place[a][1] for a in names],
        mode="markers+text",
        text=list(names.values()),
        # Labels outside the circle, away from the edges.
        textposition=[outside(*place[a]) for a in names],
        textfont={"size": 11},
        marker={**ACTOR_MARKER, "size": 14},
        hovertext=["<br>".join(lines) for lines in hover.values()],
        hoverinfo="text",
        showlegend=False,
        cliponaxis=False,
    )


def edge_hover(edge: dict, names: dict[str, str], sides: dict[tuple[str, str], dict]) -> str:
    a, b = edge["actor_a"], edge["actor_b"]
    verb = "agree" if edge["relation"] == "agree" else "take opposite sides"
    lines = [f"<b>{names[a]}</b> and <b>{names[b]}</b> {verb} on:"]
    for topic in edge["topics"]:
        lines.append(f"<b>{esc(sides[(a, topic)]['topic_label'])}</b>")
        for actor_id in (a, b):
            side = sides[(actor_id, topic)]
            heading = f"{names[actor_id]} · mean score {side['mean_score']:+.2f}; latest:"
            lines += [heading, *stance_lines(side), *article_lines(side)]
    return "<br>".join(lines)
