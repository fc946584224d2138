"""Tests for stances.plots: trace counts, stance encoding, hover text, escaping, empty input."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest
from builders import make_statements, stmt

from stances.analysis import shifts
from stances.labels import Labels, TopicLabel
from stances.plots import (
    RELATION_STYLE,
    STANCE_ROWS,
    STANCE_STYLE,
    plot_coverage,
    plot_heatmap,
    plot_network,
    plot_shifts,
    plot_timeline,
    plot_trajectories,
)

TEXT_FIELDS = ("evidence", "title", "source", "actor_name")
ATTACK = (
    '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>'
)


LABELS = Labels(
    actors={"trump": "Donald Trump", "putin": "Vladimir Putin", "biden": "Joe Biden"},
    topics={"peace": TopicLabel("Peace talks", "Talks to end the war.", "favours talks")},
)


@pytest.fixture
def statements() -> pd.DataFrame:
    """Trump shifts support -> oppose -> mixed; Putin support throughout; Biden opposes."""
    return make_statements(
        stmt("a", "2025-02-01", "trump", "peace", "support", evidence="Trump wants talks."),
        stmt("a", "2025-02-01", "putin", "peace", "support", source="TASS"),
        stmt("b", "2025-02-03", "trump", "peace", "oppose", attribution="paraphrase"),
        stmt("b", "2025-02-03", "biden", "peace", "oppose"),
        stmt("c", "2025-02-05", "trump", "peace", "support"),
        stmt("c", "2025-02-05", "trump", "peace", "oppose"),
        stmt("c", "2025-02-05", "putin", "peace", "support"),
        stmt("c", "2025-02-05", "putin", "sanctions", "oppose"),
        stmt("u", None, "trump", "sanctions", "neutral"),
    )


def strings(fig: go.Figure) -> list[str]:
    """Every string in the figure as plotly.js receives it (JSON decoded, no template)."""
    found = []

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    figure = json.loads(fig.to_json())
    figure["layout"].pop("template", None)
    walk(figure)
    return found


def data_traces(fig: go.Figure) -> list:
    """The traces that draw data (legend-only entries carry no hover text)."""
    return [t for t in fig.data if t.hovertext]


ALL_CHARTS = [
    (plot_timeline, {"topic": "peace"}),
    (plot_shifts, {}),
    (plot_trajectories, {"pairs": [("trump", "peace"), ("putin", "peace")]}),
    (plot_heatmap, {}),
    (plot_heatmap, {"value": "latest"}),
    (plot_coverage, {}),
    (plot_network, {}),
]


def test_stances_have_distinct_colours_and_symbols():
    assert len({s["symbol"] for s in STANCE_STYLE.values()}) == len(STANCE_STYLE)
    assert len({s["color"] for s in STANCE_STYLE.values()}) == len(STANCE_STYLE)


def test_timeline_one_line_per_actor_named_and_labelled_at_its_end(statements):
    fig = plot_timeline(statements, topic="peace", labels=LABELS)
    assert [t.name for t in fig.data] == ["Donald Trump", "Joe Biden", "Vladimir Putin"]
    trump = fig.data[0]
    assert trump.mode == "lines+markers+text"
    assert list(trump.x) == ["2025-02-01", "2025-02-03", "2025-02-05"]
    assert list(trump.text) == ["", "", "Donald Trump"]
    assert "Trump wants talks." in trump.hovertext[0]
    assert "paraphrase" in trump.hovertext[1]
    assert "Title b" in trump.hovertext[1]
    assert "2025-02-03 · Wire" in trump.hovertext[1]
    assert "Peace talks" in trump.hovertext[0]
    assert fig.layout.title.text == "Peace talks: stance over time"


def test_timeline_y_is_the_stance_and_confidence_only_opacity(statements):
    hedged = make_statements(
        stmt("a", "2025-02-01", "trump", "peace", "support", confidence=1.0),
        stmt("b", "2025-02-03", "trump", "peace", "support", confidence=0.75, score=0.2),
        stmt("c", "2025-02-05", "trump", "peace", "oppose", confidence=0.9),
    )
    (line,) = plot_timeline(hedged, topic="peace", labels=LABELS).data
    # A hedged support (lower score) sits on the support row, not lower.
    assert line.y[0] == line.y[1] == STANCE_ROWS["support"]
    assert line.y[2] == STANCE_ROWS["oppose"]
    assert line.marker.opacity[0] > line.marker.opacity[1] > 0


def test_timeline_axis_says_what_the_poles_mean(statements):
    fig = plot_timeline(statements, topic="peace", labels=LABELS)
    ticks = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    assert "favours talks" in ticks[STANCE_ROWS["support"]]
    assert "the opposite" in ticks[STANCE_ROWS["oppose"]]
    assert ticks[STANCE_ROWS["mixed"]] == "mixed"


def test_timeline_gives_twenty_actors_twenty_colours():
    actors = [f"actor{i:02d}" for i in range(20)]
    rows = [stmt(f"a{i}", "2025-02-01", a, "peace", "support") for i, a in enumerate(actors)]
    fig = plot_timeline(make_statements(*rows), topic="peace")
    colours = [t.line.color for t in fig.data]
    assert len(colours) == 20
    assert len(set(colours)) == 20


def test_date_axes_show_days_never_hours():
    one_day = make_statements(stmt("a", "2025-02-01", "trump", "peace", "support"))
    for fig in (plot_timeline(one_day, topic="peace"), plot_coverage(one_day)):
        axis = fig.layout.xaxis
        start, end = (pd.Timestamp(v) for v in axis.range)
        assert end - start >= pd.Timedelta(days=14)
        formats = [axis.tickformat, *(stop.value for stop in axis.tickformatstops)]
        assert not any("%H" in f or "%M" in f for f in formats)


def test_default_labels_come_from_the_packaged_codebook():
    rows = make_statements(stmt("a", "2025-02-01", "hegseth", "ukraine_nato_membership", "oppose"))
    fig = plot_timeline(rows, topic="ukraine_nato_membership")
    assert fig.data[0].name == "Pete Hegseth"
    assert fig.layout.title.text.startswith("Ukraine's NATO membership")
    assert any("favours Ukraine" in t for t in fig.layout.yaxis.ticktext)


def test_timeline_filters_actor(statements):
    fig = plot_timeline(statements, topic="peace", actor=["putin"], since="2025-02-02")
    assert [t.name for t in fig.data] == ["Vladimir Putin"]
    assert list(fig.data[0].x) == ["2025-02-05"]


def test_shifts_are_one_panel_per_pair_with_an_arrow_per_shift(statements):
    two_pairs = make_statements(
        *[r for r in statements.to_dict("records") if r["published"] is not pd.NaT],
        stmt("d", "2025-02-07", "putin", "sanctions", "support"),
    )
    fig = plot_shifts(two_pairs, labels=LABELS)
    moves = shifts(two_pairs)
    assert len(moves) == 3
    panels = data_traces(fig)
    titles = [a.text for a in fig.layout.annotations if not a.showarrow]
    assert titles == ["<b>Donald Trump</b> · Peace talks", "<b>Vladimir Putin</b> · sanctions"]
    assert len(panels) == 2
    assert panels[0].xaxis != panels[1].xaxis
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == len(moves)
    trump = panels[0]
    assert list(trump.y) == [STANCE_ROWS[s] for s in ("support", "oppose", "mixed")]
    assert list(trump.marker.symbol)[:2] == ["circle", "x"]
    assert "Trump wants talks." in trump.hovertext[0]
    assert "support = favours talks" in trump.hovertext[0]
    assert list(fig.layout.yaxis.ticktext) == list(STANCE_ROWS)
    # the stance legend sits above the panels, horizontal
    assert [t.name for t in fig.data if t.showlegend is not False] == list(STANCE_STYLE)
    assert fig.layout.legend.orientation == "h"


def test_heatmap_mean_and_latest(statements):
    fig = plot_heatmap(statements, labels=LABELS)
    assert len(fig.data) == 1
    heatmap = fig.data[0]
    assert list(heatmap.y) == ["Donald Trump", "Joe Biden", "Vladimir Putin"]
    assert list(heatmap.x) == ["Peace talks", "sanctions"]
    trump = heatmap.z[0]
    assert trump[0] == pytest.approx((0.6 - 0.6 + 0.0) / 3)
    assert heatmap.text[0][0] == f"+0.00 {STANCE_STYLE['mixed']['glyph']}"
    assert heatmap.z[1][1] is None
    assert heatmap.text[1][1] == ""
    assert heatmap.zmid == 0
    assert heatmap.textfont.size >= 12
    assert "favours talks" in heatmap.hovertext[0][0]
    latest = plot_heatmap(statements, value="latest", labels=LABELS).data[0]
    assert latest.z[1][0] == pytest.approx(-0.6)
    assert "Evidence 3." in latest.hovertext[1][0]


def test_heatmap_rejects_unknown_value(statements):
    with pytest.raises(ValueError, match="mean_score"):
        plot_heatmap(statements, value="median")


def test_coverage_points_sized_by_statements_with_a_size_key(statements):
    fig = plot_coverage(statements, labels=LABELS)
    points, key = fig.data
    result = list(zip(points.x, points.y, strict=True))
    expected = [
        ("2025-02-01", "Vladimir Putin"),
        ("2025-02-01", "Donald Trump"),
        ("2025-02-03", "Joe Biden"),
        ("2025-02-03", "Donald Trump"),
        ("2025-02-05", "Vladimir Putin"),
        ("2025-02-05", "Donald Trump"),
    ]
    assert result == expected
    assert points.marker.size[4] > points.marker.size[0]
    assert "TASS" in points.hovertext[0]
    assert "Trump wants talks." in points.hovertext[1]
    # The key shows what size encodes, with the sizes the points use.
    assert list(key.text) == ["1 statement", "3 statements", "10 statements"]
    assert key.marker.size[0] == points.marker.size[0]
    assert list(key.marker.size) == sorted(key.marker.size)
    assert "size" in fig.layout.title.subtitle.text


NETWORK = (
    stmt("a", "2025-02-01", "trump", "peace", "support"),
    stmt("a", "2025-02-01", "putin", "peace", "support", evidence="Putin agrees."),
    stmt("a", "2025-02-01", "trump", "sanctions", "oppose"),
    stmt("a", "2025-02-01", "putin", "sanctions", "oppose"),
    stmt("b", "2025-03-02", "biden", "peace", "oppose"),
    stmt("b", "2025-03-02", "putin", "peace", "support", evidence="Putin again."),
    stmt("b", "2025-03-02", "zelensky", "peace", "neutral"),
)


def edges_by_panel(fig: go.Figure) -> dict[str, list]:
    """Edge traces by the panel (x axis) they are drawn in."""
    found: dict[str, list] = {"x": [], "x2": []}
    for t in fig.data:
        if t.mode == "lines":
            found[t.xaxis or "x"].append(t)
    return found


def test_network_shows_agreement_and_conflict_in_separate_panels():
    fig = plot_network(make_statements(*NETWORK), min_weight=1, labels=LABELS)
    assert [a.text for a in fig.layout.annotations] == ["Agreement", "Conflict"]
    panels = edges_by_panel(fig)
    # putin-trump agree on two topics; biden opposes both on peace
    assert [t.line.width for t in panels["x"]] == [5]
    assert {t.line.color for t in panels["x"]} == {RELATION_STYLE["agree"]["color"]}
    assert len(panels["x2"]) == 2
    assert {t.line.color for t in panels["x2"]} == {RELATION_STYLE["oppose"]["color"]}
    nodes = [t for t in fig.data if t.mode == "markers+text"]
    assert len(nodes) == 2
    assert list(nodes[0].text) == [
        "Donald Trump",
        "Joe Biden",
        "Vladimir Putin",
        "Zelensky",
    ]
    middles = [t for t in fig.data if t.mode == "markers" and t.hovertext]
    assert "Putin again." in middles[1].hovertext[0]


def test_network_threshold_and_time_window():
    statements = make_statements(*NETWORK)
    strong = edges_by_panel(plot_network(statements, min_weight=2, labels=LABELS))
    assert (len(strong["x"]), len(strong["x2"])) == (1, 0)
    early = edges_by_panel(plot_network(statements, min_weight=1, until="2025-02-28"))
    assert (len(early["x"]), len(early["x2"])) == (1, 0)


def test_charts_with_a_legend_lay_it_out_horizontally(statements):
    for fig in (
        plot_timeline(statements, topic="peace"),
        plot_shifts(statements),
    ):
        assert fig.layout.legend.orientation == "h"


def test_labels_are_escaped():
    hostile = Labels(actors={"trump": ATTACK}, topics={"peace": TopicLabel(ATTACK, "d", ATTACK)})
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "peace", "support"),
        stmt("b", "2025-02-02", "trump", "peace", "oppose"),
    )
    for fig in (
        plot_timeline(statements, topic="peace", labels=hostile),
        plot_shifts(statements, labels=hostile),
        plot_heatmap(statements, labels=hostile),
    ):
        texts = strings(fig)
        assert any("&lt;script&gt;" in s for s in texts)
        assert not any("<script" in s for s in texts)


@pytest.mark.parametrize(("chart", "kwargs"), ALL_CHARTS)
def test_text_from_articles_is_escaped(chart, kwargs):
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "peace", "support", **dict.fromkeys(TEXT_FIELDS, ATTACK)),
        stmt("b", "2025-02-02", "trump", "peace", "oppose", evidence=ATTACK, title=ATTACK),
        stmt("b", "2025-02-02", "putin", "peace", "oppose", evidence=ATTACK),
    )
    result = strings(chart(statements, **kwargs))
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in s for s in result)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in s for s in result)
    for raw in ("<script", "<img", "<a "):
        assert not any(raw in s for s in result), raw


def test_quotes_and_ampersands_read_as_written():
    evidence = 'He said "no deal" & left; it\'s over.'
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "peace", "support", evidence=evidence)
    )
    text = plot_timeline(statements, topic="peace").data[0].hovertext[0]
    # plotly.js decodes &amp; but shows &quot; as is, so quotes must stay unescaped
    assert 'He said "no deal" &amp; left; it\'s over.' in text


def test_long_evidence_is_wrapped_in_hover():
    evidence = "The president said that " + "talks must go on " * 20
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "peace", "support", evidence=evidence)
    )
    text = plot_timeline(statements, topic="peace").data[0].hovertext[0]
    assert text.count("<br>") > 5
    assert "talks must go on" in text


@pytest.mark.parametrize(("chart", "kwargs"), ALL_CHARTS)
def test_no_rows_give_a_no_data_annotation(statements, chart, kwargs):
    for frame, filters in ((statements.iloc[:0], {}), (statements, {"since": "2030-01-01"})):
        fig = chart(frame, **kwargs, **filters)
        assert isinstance(fig, go.Figure)
        assert len(fig.data) == 0
        assert fig.layout.annotations[0].text.startswith("No data")


def test_undated_only_input_gives_no_data_on_time_charts():
    statements = make_statements(stmt("u", None, "trump", "peace", "support"))
    fig = plot_timeline(statements, topic="peace")
    assert "no dated articles" in fig.layout.annotations[0].text
    assert len(plot_heatmap(statements).data) == 1


@pytest.mark.parametrize(("chart", "kwargs"), ALL_CHARTS)
def test_figures_are_deterministic_and_leave_input_alone(statements, chart, kwargs):
    before = statements.copy()
    result = chart(statements, **kwargs).to_json()
    expected = chart(statements.sample(frac=1, random_state=1), **kwargs).to_json()
    assert result == expected
    pd.testing.assert_frame_equal(statements, before)


def test_title_is_used_as_given(statements):
    fig = plot_network(statements, title="<b>Network</b>")
    assert fig.layout.title.text == "<b>Network</b>"


def test_trajectories_one_panel_per_pair_in_order_even_without_data(statements):
    pairs = [("trump", "peace"), ("biden", "sanctions"), ("putin", "peace")]
    fig = plot_trajectories(statements, pairs=pairs, labels=LABELS)
    titles = [a.text for a in fig.layout.annotations if not a.showarrow]
    assert titles[:3] == [
        "<b>Donald Trump</b> · Peace talks",
        "<b>Joe Biden</b> · sanctions",
        "<b>Vladimir Putin</b> · Peace talks",
    ]
    assert titles[3] == "no dated statements"
    panels = data_traces(fig)
    assert [len(t.x) for t in panels] == [3, 2]
    assert list(panels[1].y) == [STANCE_ROWS["support"]] * 2
    # Trump's two shifts, no arrow for pairs not asked for
    assert len([a for a in fig.layout.annotations if a.showarrow]) == 2
    nothing = plot_trajectories(statements, pairs=[("biden", "sanctions")])
    assert nothing.layout.annotations[0].text.startswith("No data")
