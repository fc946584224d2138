"""Tests for stances.network: the graphs on the fixture dataset, and each file format read back.

In the fixture, Trump and Putin both favour warmer US–Russia ties (agree), Hegseth opposes
and Zelensky supports Ukraine's NATO membership (oppose), and Zelensky's minerals stances
average out to no side.
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest

from stances.errors import StancesError
from stances.network import actor_network, actor_topic_network, write_network


def _edges(graph: nx.MultiGraph) -> set[tuple]:
    return {
        (*sorted((a, b)), data["relation"], int(data["weight"]), data["topics"])
        for a, b, data in graph.edges(data=True)
    }


EXPECTED = {
    ("putin", "trump", "agree", 1, "us_russia_relations"),
    ("hegseth", "zelensky", "oppose", 1, "ukraine_nato_membership"),
}


def test_actor_network_has_agree_and_oppose_edges(dataset):
    graph = actor_network(dataset.statements)
    assert _edges(graph) == EXPECTED
    assert graph.nodes["trump"] == {"label": "Donald Trump", "kind": "actor", "n_statements": 6}


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        (  # Zelensky's minerals stance before the deal was signed: against
            {"until": "2025-02-28"},
            {
                ("putin", "trump", "agree", 1, "us_russia_relations"),
                ("trump", "zelensky", "oppose", 1, "minerals_deal"),
            },
        ),
        (  # after: for, and Trump's US–Russia stance averages out
            {"since": "2025-03-01"},
            {
                ("hegseth", "zelensky", "oppose", 1, "ukraine_nato_membership"),
                ("trump", "zelensky", "agree", 1, "minerals_deal"),
            },
        ),
    ],
)
def test_actor_network_in_a_time_window(dataset, window, expected):
    assert _edges(actor_network(dataset.statements, **window)) == expected


def test_min_weight_drops_light_edges_and_lonely_actors(dataset):
    graph = actor_network(dataset.statements, min_weight=2)
    assert graph.number_of_edges() == graph.number_of_nodes() == 0


def test_labels_name_the_nodes(dataset):
    graph = actor_topic_network(dataset.statements, labels={"minerals_deal": "Minerals deal"})
    assert graph.nodes["minerals_deal"] == {
        "label": "Minerals deal",
        "kind": "topic",
        "bipartite": 1,
    }
    assert graph.nodes["zelensky"]["bipartite"] == 0


def test_actor_topic_network_edges(dataset):
    graph = actor_topic_network(dataset.statements)
    assert nx.is_bipartite(graph)
    minerals = graph.edges["trump", "minerals_deal"]
    assert (minerals["stance"], minerals["weight"], minerals["score"]) == ("support", 3, 0.8)
    assert graph.edges["zelensky", "minerals_deal"]["stance"] == "mixed"
    assert graph.edges["hegseth", "ukraine_nato_membership"]["weight"] == 2
    assert graph.number_of_edges() == 6


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_graph_files_read_back_the_same(dataset, tmp_path, suffix):
    one_mode = actor_network(dataset.statements)
    two_mode = actor_topic_network(dataset.statements)
    read = nx.read_graphml if suffix == ".graphml" else nx.read_gexf
    one = read(write_network(one_mode, tmp_path / f"one{suffix}"))
    two = read(write_network(two_mode, tmp_path / f"two{suffix}"))
    assert _edges(one) == EXPECTED
    assert dict(one.nodes(data="label")) == dict(one_mode.nodes(data="label"))
    assert {tuple(sorted(e)) for e in two.edges()} == {tuple(sorted(e)) for e in two_mode.edges()}
    for a, b, data in two_mode.edges(data=True):
        assert two.edges[a, b]["stance"] == data["stance"]
        assert float(two.edges[a, b]["weight"]) == data["weight"]


def test_csv_edge_list_reads_back(dataset, tmp_path):
    path = write_network(actor_network(dataset.statements), tmp_path / "edges.csv")
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == ["source", "target", "relation", "weight", "topics"]
    edges = {(r["source"], r["target"], r["relation"], int(r["weight"]), r["topics"]) for r in rows}
    assert edges == EXPECTED
    assert (
        nx.read_edgelist(  # also a plain edge list for networkx and visone
            [f"{r['source']},{r['target']}" for r in rows], delimiter=","
        ).number_of_edges()
        == 2
    )


def test_unknown_format_is_refused_and_nothing_is_written(dataset, tmp_path):
    with pytest.raises(StancesError, match=r"\.txt.*graphml, \.gexf, \.csv"):
        write_network(actor_network(dataset.statements), tmp_path / "graph.txt")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file(dataset, tmp_path, monkeypatch):
    path = tmp_path / "net.graphml"
    path.write_text("old", encoding="utf-8")

    def fail(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("stances.network.os.replace", fail)
    with pytest.raises(OSError, match="No space"):
        write_network(actor_network(dataset.statements), path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["net.graphml"]


def test_input_is_not_changed(dataset):
    before = dataset.statements.copy()
    actor_network(dataset.statements, since="2025-02-01")
    actor_topic_network(dataset.statements)
    assert dataset.statements.equals(before)


def test_an_empty_table_gives_an_empty_graph(dataset):
    assert actor_network(dataset.statements.iloc[:0]).number_of_nodes() == 0
    assert actor_topic_network(dataset.statements.iloc[:0]).number_of_nodes() == 0


def test_write_returns_the_path(dataset, tmp_path: Path):
    assert write_network(actor_network(dataset.statements), tmp_path / "a.gexf").is_file()
