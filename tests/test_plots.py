"""Tests for stances.plots: trace counts, stance encoding, hover text, escaping, empty input."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest
from builders import make_statements, stmt

from stances.analysis import shifts
from stances.plots import (
    STANCE_STYLE,
    plot_coverage,
    plot_heatmap,
    plot_network,
    plot_shifts,
    plot_timeline,
)

TEXT_FIELDS = ("evidence", "title", "source", "actor_name")
ATTACK = (
    '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>'
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
    (plot_heatmap, {}),
    (plot_heatmap, {"value": "latest"}),
    (plot_coverage, {}),
    (plot_network, {}),
]


def test_stances_have_distinct_colours_and_symbols():
    assert len({s["symbol"] for s in STANCE_STYLE.values()}) == len(STANCE_STYLE)
    assert len({s["color"] for s in STANCE_STYLE.values()}) == len(STANCE_STYLE)


def test_timeline_one_trace_per_actor_and_a_stance_legend(statements):
    fig = plot_timeline(statements, topic="peace")
    lines = data_traces(fig)
    assert [t.name for t in lines] == ["Biden", "Putin", "Trump"]
    # Legend: a plain line per actor, then one entry per stance.
    result = [t.name for t in fig.data if t.showlegend is not False]
    assert result == ["Biden", "Putin", "Trump", *STANCE_STYLE]
    assert len(fig.data) == 2 * len(lines) + len(STANCE_STYLE)
    trump = lines[2]
    assert trump.mode == "lines+markers"
    assert list(trump.x) == ["2025-02-01", "2025-02-03", "2025-02-05"]
    assert list(trump.marker.symbol) == ["circle", "x", "diamond"]
    assert "Trump wants talks." in trump.hovertext[0]
    assert "paraphrase" in trump.hovertext[1]
    assert "Title b" in trump.hovertext[1]
    assert "2025-02-03 · Wire" in trump.hovertext[1]


def test_timeline_filters_actor(statements):
    fig = plot_timeline(statements, topic="peace", actor=["putin"], since="2025-02-02")
    lines = data_traces(fig)
    assert [t.name for t in lines] == ["Putin"]
    assert list(lines[0].x) == ["2025-02-05"]


def test_shifts_one_trace_per_pair_and_an_arrow_per_shift(statements):
    fig = plot_shifts(statements)
    expected_shifts = len(shifts(statements))
    assert expected_shifts == 2
    lines = data_traces(fig)
    assert [t.name for t in lines] == ["Trump · peace"]
    assert len(fig.data) == 2 * len(lines) + len(STANCE_STYLE)
    assert len(fig.layout.annotations) == expected_shifts
    trace = lines[0]
    assert list(trace.marker.symbol)[:2] == ["circle", "x"]
    assert "support → oppose" in trace.hovertext[0]
    assert "Trump wants talks." in trace.hovertext[0]


def test_heatmap_mean_and_latest(statements):
    fig = plot_heatmap(statements)
    assert len(fig.data) == 1
    heatmap = fig.data[0]
    assert list(heatmap.y) == ["Biden", "Putin", "Trump"]
    assert list(heatmap.x) == ["peace", "sanctions"]
    trump = heatmap.z[2]
    assert trump[0] == pytest.approx((0.6 - 0.6 + 0.0) / 3)
    assert "mixed" in heatmap.text[2][0]
    assert heatmap.z[0][1] is None
    assert heatmap.text[0][1] == ""
    assert heatmap.zmid == 0
    latest = plot_heatmap(statements, value="latest").data[0]
    assert latest.z[0][0] == pytest.approx(-0.6)
    assert "Evidence 3." in latest.hovertext[0][0]


def test_heatmap_rejects_unknown_value(statements):
    with pytest.raises(ValueError, match="mean_score"):
        plot_heatmap(statements, value="median")


def test_coverage_points_sized_by_statements(statements):
    fig = plot_coverage(statements)
    assert len(fig.data) == 1
    points = fig.data[0]
    result = list(zip(points.x, points.y, strict=True))
    expected = [
        ("2025-02-01", "Putin"),
        ("2025-02-01", "Trump"),
        ("2025-02-03", "Biden"),
        ("2025-02-03", "Trump"),
        ("2025-02-05", "Putin"),
        ("2025-02-05", "Trump"),
    ]
    assert result == expected
    assert points.marker.size[4] > points.marker.size[0]
    assert "TASS" in points.hovertext[0]
    assert "Trump wants talks." in points.hovertext[1]


def test_network_edges_by_relation():
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "peace", "support"),
        stmt("a", "2025-02-01", "putin", "peace", "support", evidence="Putin agrees."),
        stmt("b", "2025-02-02", "biden", "peace", "oppose"),
        stmt("b", "2025-02-02", "putin", "peace", "support", evidence="Putin again."),
        stmt("b", "2025-02-02", "zelensky", "peace", "neutral"),
    )
    fig = plot_network(statements)
    edges = [t for t in fig.data if t.mode == "lines" and t.showlegend is False]
    result = sorted((t.line.color, t.line.dash) for t in edges)
    # biden-putin and biden-trump oppose, putin-trump agree; zelensky takes no side
    expected = [("#0072B2", "solid"), ("#D55E00", "dash"), ("#D55E00", "dash")]
    assert result == expected
    assert len(fig.data) == len(edges) + 4
    nodes = fig.data[-1]
    assert list(nodes.text) == ["Biden", "Putin", "Trump", "Zelensky"]
    assert "Putin again." in nodes.hovertext[1]
    middles = fig.data[-2]
    assert len(middles.x) == len(edges)
    assert "Putin again." in middles.hovertext[0]  # biden–putin


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
