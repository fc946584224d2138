"""Labels: the names and definitions that charts, tables and the report show instead of ids.

One lookup, filled from a codebook (`labels_from_codebook`) or from a dataset's `actors`
and `topics` dimension tables (`labels_from_tables`). An id the source does not know is
shown as itself, so a chart never fails on a label.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from stances.codebook import Codebook, load_codebook


@dataclass(frozen=True)
class TopicLabel:
    """What a topic is called and what its two poles mean."""

    label: str
    description: str = ""
    support_means: str = ""
    oppose_means: str = ""

    @property
    def oppose_text(self) -> str:
        """What the oppose pole means; the codebook defines only the support pole."""
        return self.oppose_means or "the opposite"


@dataclass(frozen=True)
class Labels:
    """Actor names and topic labels by id."""

    actors: Mapping[str, str] = field(default_factory=dict)
    topics: Mapping[str, TopicLabel] = field(default_factory=dict)

    def actor(self, actor_id: object, fallback: object = None) -> str:
        """The actor's name; else `fallback` (e.g. the row's actor_name); else the id."""
        if actor_id in self.actors:
            return self.actors[actor_id]
        return str(fallback) if fallback is not None and not pd.isna(fallback) else str(actor_id)

    def topic(self, topic_id: object) -> str:
        """The topic's label, or its id when unknown."""
        return self.topics[topic_id].label if topic_id in self.topics else str(topic_id)

    def topic_info(self, topic_id: object) -> TopicLabel:
        """Label and pole meanings of a topic; an unknown topic has its id as label only."""
        return self.topics.get(topic_id) or TopicLabel(label=str(topic_id))

    def topic_table(self, topic_ids: Iterable[object] | None = None) -> pd.DataFrame:
        """One row per topic (all known ones by default): id, label, description and what
        support and oppose mean, sorted by label."""
        ids = sorted(self.topics if topic_ids is None else {str(t) for t in topic_ids})
        rows = [
            {
                "topic_id": t,
                "label": info.label,
                "description": info.description,
                "support_means": info.support_means,
                "oppose_means": info.oppose_text if info.support_means else "",
            }
            for t in ids
            for info in [self.topic_info(t)]
        ]
        columns = ["topic_id", "label", "description", "support_means", "oppose_means"]
        table = pd.DataFrame(rows, columns=columns)
        return table.sort_values("label", kind="stable").reset_index(drop=True)


def labels_from_codebook(codebook: Codebook) -> Labels:
    """Labels from a loaded codebook."""
    return Labels(
        actors={a.id: a.name for a in codebook.model.actors},
        topics={
            t.id: TopicLabel(t.label, t.description, t.support_means) for t in codebook.model.topics
        },
    )


def labels_from_tables(
    actors: pd.DataFrame, topics: pd.DataFrame, fallback: Labels | None = None
) -> Labels:
    """Labels from the dataset's `actors` (actor_id, name) and `topics` (topic_id, label,
    description, support_means, optional oppose_means) dimension tables.

    A dataset written without a codebook names its ids only (label = id, no definition);
    for those rows the `fallback` labels, if given, are kept.
    """

    def text(row: dict, column: str) -> str:
        value = row.get(column)
        return "" if value is None or pd.isna(value) else str(value)

    base = fallback or Labels()
    names = dict(base.actors)
    for row in actors.to_dict("records"):
        actor_id, name = str(row["actor_id"]), text(row, "name")
        if name and (name != actor_id or actor_id not in names):
            names[actor_id] = name
    topic_labels = dict(base.topics)
    for row in topics.to_dict("records"):
        topic_id = str(row["topic_id"])
        info = TopicLabel(
            text(row, "label") or topic_id,
            text(row, "description"),
            text(row, "support_means"),
            text(row, "oppose_means"),
        )
        bare = info.label == topic_id and not (info.description or info.support_means)
        if not (bare and topic_id in topic_labels):
            topic_labels[topic_id] = info
    return Labels(actors=names, topics=topic_labels)


@cache
def default_labels() -> Labels:
    """Labels of the packaged codebook."""
    return labels_from_codebook(load_codebook())
