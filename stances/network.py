"""Discourse networks as graphs, and their export for Gephi, visone or networkx.

Two networks, as discourse network analysis draws them from coded statements:

- `actor_network`: one mode. Actors are nodes; two actors are joined by an `agree` edge
  when they take the same side on topics and by an `oppose` edge when they take opposite
  sides, weighted by the number of such topics (see `stances.analysis.discourse_network`).
  Both relations can join the same pair, so it is a multigraph keyed by relation.
- `actor_topic_network`: two modes (`bipartite` 0 for actors, 1 for topics). An edge
  joins an actor to each topic they speak on, with the combined stance, the mean score
  and the number of articles as its weight.

`write_network` saves either as GraphML, GEXF or a CSV edge list, chosen by the file
suffix; every attribute is a plain string or number, so each format keeps all of them.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import pandas as pd

from stances.analysis import (
    DateLike,
    Ids,
    article_stances,
    combine_stances,
    discourse_network,
    filter_statements,
)
from stances.errors import StancesError

if TYPE_CHECKING:
    from stances.codebook import Codebook

FORMATS = (".graphml", ".gexf", ".csv")
_PAIR = ["actor_id", "topic_id"]


def actor_network(
    statements: pd.DataFrame,
    *,
    actor: Ids = None,
    topic: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    min_confidence: float | None = None,
    attribution: Ids = None,
    min_weight: int = 1,
    labels: dict[str, str] | None = None,
) -> nx.MultiGraph:
    """One-mode actor network of agreement and conflict in the filtered statements.

    Nodes are the actors with a side on some topic (`label`: their name, `kind`:
    "actor", `n_statements`). Edges carry `relation` ("agree" or "oppose", also the
    edge key), `weight` (the number of topics) and `topics` (their ids, joined by
    ";"). Edges lighter than `min_weight` are left out, and so are actors left without
    an edge. `labels` maps ids to display names (default: the data's actor names).

    >>> import stances
    >>> graph = stances.actor_network(stances.read_dataset("data").statements, since="2025-02-01")
    >>> sorted({relation for _, _, relation in graph.edges(keys=True)})
    ['agree', 'oppose']
    """
    kept = filter_statements(
        statements,
        actor=actor,
        topic=topic,
        since=since,
        until=until,
        min_confidence=min_confidence,
        attribution=attribution,
    )
    edges = discourse_network(kept)
    edges = edges[edges["weight"] >= min_weight]
    names = _names(kept, labels)
    counts = kept["actor_id"].astype("str").value_counts()
    graph = nx.MultiGraph(name="actors: agreement and conflict")
    for actor_id in sorted(set(edges["actor_a"]) | set(edges["actor_b"])):
        graph.add_node(
            actor_id,
            label=names.get(actor_id, actor_id),
            kind="actor",
            n_statements=int(counts.get(actor_id, 0)),
        )
    for edge in edges.itertuples(index=False):
        graph.add_edge(
            edge.actor_a,
            edge.actor_b,
            key=edge.relation,
            relation=edge.relation,
            weight=int(edge.weight),
            topics=";".join(edge.topics),
        )
    return graph


def actor_topic_network(
    statements: pd.DataFrame,
    *,
    actor: Ids = None,
    topic: Ids = None,
    since: DateLike = None,
    until: DateLike = None,
    min_confidence: float | None = None,
    attribution: Ids = None,
    min_weight: int = 1,
    labels: dict[str, str] | None = None,
) -> nx.Graph:
    """Two-mode actor × topic network of the filtered statements.

    Actor nodes have `bipartite` 0 and `kind` "actor", topic nodes `bipartite` 1 and
    `kind` "topic"; `label` is the name or topic label from `labels` (default: the
    actor names in the data, topic ids as they are). An edge per (actor, topic) carries
    `stance` (the article-level stances combined by the article rule), `score` (their
    mean) and `weight` (the number of articles); edges lighter than `min_weight` are left
    out.

    >>> import stances
    >>> graph = stances.actor_topic_network(stances.read_dataset("data").statements)
    >>> graph.nodes["hegseth"]["kind"], graph.nodes["ukraine_nato_membership"]["kind"]
    ('actor', 'topic')
    """
    rows = article_stances(
        statements,
        actor=actor,
        topic=topic,
        since=since,
        until=until,
        min_confidence=min_confidence,
        attribution=attribution,
    )
    pairs = rows.groupby(_PAIR, as_index=False).agg(
        stance=("stance", combine_stances),
        score=("score", "mean"),
        weight=("article_id", "size"),
    )
    pairs = pairs[pairs["weight"] >= min_weight]
    names = _names(rows, labels)
    graph = nx.Graph(name="actors x topics")
    for actor_id in sorted(pairs["actor_id"].unique()):
        graph.add_node(actor_id, label=names.get(actor_id, actor_id), kind="actor", bipartite=0)
    for topic_id in sorted(pairs["topic_id"].unique()):
        graph.add_node(topic_id, label=names.get(topic_id, topic_id), kind="topic", bipartite=1)
    for pair in pairs.itertuples(index=False):
        graph.add_edge(
            pair.actor_id,
            pair.topic_id,
            stance=pair.stance,
            score=round(float(pair.score), 4),
            weight=int(pair.weight),
        )
    return graph


def write_network(graph: nx.Graph, path: str | Path) -> Path:
    """Write `graph` to `path` as GraphML, GEXF or a CSV edge list (by suffix); return it.

    The CSV has a header `source,target` followed by the edge attributes, one row per
    edge. The file is written whole or not at all: a failure leaves an old file intact.

    >>> import stances
    >>> graph = stances.actor_network(statements, min_weight=2)
    >>> path = stances.write_network(graph, "actors.gexf")
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise StancesError(
            f"unknown network format {path.suffix or '(no suffix)'!r}; "
            f"expected one of {', '.join(FORMATS)}",
            path=path,
        )
    buffer = io.BytesIO()
    if suffix == ".graphml":
        nx.write_graphml(graph, buffer)
    elif suffix == ".gexf":
        nx.write_gexf(graph, buffer)
    else:
        buffer.write(_edge_list(graph).encode("utf-8"))
    _write_atomic(path, buffer.getvalue())
    return path


def codebook_labels(codebook: Codebook) -> dict[str, str]:
    """Actor names and topic labels by id, for the `labels=` of the network functions."""
    actors = {actor.id: actor.name for actor in codebook.actors.values()}
    return actors | {topic.id: topic.label for topic in codebook.topics.values()}


def _edge_list(graph: nx.Graph) -> str:
    edges = [{"source": a, "target": b, **data} for a, b, data in graph.edges(data=True)]
    columns = dict.fromkeys(["source", "target", *(key for edge in edges for key in edge)])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(edges)
    return out.getvalue()


def _names(rows: pd.DataFrame, labels: dict[str, str] | None) -> dict[str, str]:
    names = dict(zip(rows["actor_id"].astype("str"), rows["actor_name"].astype("str"), strict=True))
    return {**names, **(labels or {})}


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
