"""Labels: names and topic definitions from a codebook or from dimension tables."""

from __future__ import annotations

import pandas as pd

from stances.codebook import load_codebook
from stances.labels import (
    Labels,
    TopicLabel,
    default_labels,
    labels_from_codebook,
    labels_from_tables,
)


def test_labels_from_the_codebook_cover_every_actor_and_topic():
    book = load_codebook()
    labels = labels_from_codebook(book)
    assert set(labels.actors) == set(book.actors)
    assert set(labels.topics) == set(book.topics)
    assert labels.actor("hegseth") == "Pete Hegseth"
    nato = labels.topic_info("ukraine_nato_membership")
    assert nato.label == "Ukraine's NATO membership"
    assert nato.support_means == "favours Ukraine joining NATO"
    assert nato.description == book.topics["ukraine_nato_membership"].description
    assert default_labels() == labels


def test_unknown_ids_show_as_themselves_or_their_fallback():
    labels = Labels()
    assert labels.actor("nobody") == "nobody"
    assert labels.actor("nobody", "No Body") == "No Body"
    assert labels.actor("nobody", pd.NA) == "nobody"
    assert labels.topic("tariffs") == "tariffs"
    assert labels.topic_info("tariffs") == TopicLabel("tariffs")


def test_labels_from_dimension_tables():
    actors = pd.DataFrame({"actor_id": ["trump"], "name": ["Donald Trump"], "country": ["US"]})
    topics = pd.DataFrame(
        {
            "topic_id": ["peace", "tariffs"],
            "label": ["Peace talks", None],
            "description": ["Talks.", None],
            "support_means": ["favours talks", None],
        }
    )
    labels = labels_from_tables(actors, topics)
    assert labels.actor("trump") == "Donald Trump"
    assert labels.topic_info("peace") == TopicLabel("Peace talks", "Talks.", "favours talks")
    assert labels.topic_info("peace").oppose_text == "the opposite"
    assert labels.topic("tariffs") == "tariffs"


def test_topic_table_sorted_by_label_with_both_poles():
    labels = Labels(
        topics={
            "b": TopicLabel("Alpha", "A.", "wants a", "rejects a"),
            "a": TopicLabel("Beta", "B.", "wants b"),
        }
    )
    result = labels.topic_table()
    assert result["topic_id"].tolist() == ["b", "a"]
    assert result["oppose_means"].tolist() == ["rejects a", "the opposite"]
    only = labels.topic_table(["a", "unknown"])
    assert only["label"].tolist() == ["Beta", "unknown"]
    assert only["support_means"].tolist() == ["wants b", ""]
