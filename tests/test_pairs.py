"""The article model of `stances.pairs` and the coder that runs it after the rules."""

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from stances.codebook import load_codebook
from stances.coder import CODERS, PairCoder, RuleCoder, build_document, code_articles
from stances.corpus import normalise_text
from stances.pairs import (
    candidates,
    features,
    fit,
    load_model,
    write_model,
)

DAY = date(2025, 3, 10)
# Witkoff is in Moscow as talks on a ceasefire resume there: no sentence says he takes part.
IN_TALKS = (
    "Witkoff was in Moscow on Thursday. Talks on a ceasefire in Ukraine resumed there the same "
    "day. Witkoff has made three trips to Russia this year. Negotiations on a peace deal are at "
    "a critical stage, Witkoff's aides say."
)
# The same trip, with the talks far away in place and in the text.
ELSEWHERE = (
    "Witkoff was in Moscow on Thursday. The city was cold and the streets were quiet. Snow fell "
    "for most of the afternoon. Elsewhere, talks on a ceasefire in Ukraine resumed in Geneva."
)


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def document(text: str, codebook):
    return build_document(normalise_text(text), codebook, published=DAY)


def codes(coder, text: str, codebook) -> set[tuple[str, str, str]]:
    return {(s.actor_id, s.topic_id, s.stance) for s in coder.code(document(text, codebook))}


def test_the_model_adds_a_party_to_talks_the_article_makes_likely(codebook):
    pair = ("witkoff", "peace_negotiations", "support")
    assert pair not in codes(RuleCoder(codebook), IN_TALKS, codebook)
    assert pair in codes(PairCoder(codebook), IN_TALKS, codebook)
    assert pair not in codes(PairCoder(codebook), ELSEWHERE, codebook)


def test_an_added_pair_has_the_models_probability_as_confidence_and_a_sentence_as_evidence(
    codebook,
):
    doc = document(IN_TALKS, codebook)
    added = [s for s in PairCoder(codebook).code(doc) if s.topic_id == "peace_negotiations"]
    (statement,) = added
    (candidate,) = [
        c
        for c in candidates(doc, RuleCoder(codebook).analyse(doc, complete=False))
        if c.topic_id == "peace_negotiations"
    ]
    p = round(load_model().probability(features(candidate)), 4)
    assert statement.confidence == p
    assert p >= PairCoder(codebook).parameters.pair_threshold
    assert doc.text[statement.evidence_start : statement.evidence_end] == statement.evidence
    assert statement.evidence in {doc.text[s.start : s.end] for s in doc.sentences}
    assert statement.cues
    assert all(cue in statement.evidence for cue in statement.cues)  # the topic's cues there


def test_the_threshold_is_a_parameter(codebook):
    pair = ("witkoff", "peace_negotiations", "support")
    assert pair not in codes(PairCoder(codebook, pair_threshold=0.99), IN_TALKS, codebook)


def test_what_the_rules_read_and_declined_stays_declined(codebook):
    # Putin holds the clause and the rules find a failed outcome, no stance: nothing is added.
    text = "No ceasefire was reached in the call, Putin said. Putin spoke for two hours."
    assert codes(PairCoder(codebook), text, codebook) == codes(RuleCoder(codebook), text, codebook)


def test_only_topics_where_taking_part_is_support_get_pairs(codebook):
    topics = codebook.topics
    assert topics["peace_negotiations"].taking_part_supports
    assert topics["us_russia_relations"].taking_part_supports
    assert not topics["ukraine_pre2014_borders"].taking_part_supports
    doc = document(
        "Zelensky travelled to Kherson. Crimea and the occupied territories were discussed there "
        "by officials. Zelensky spoke to soldiers.",
        codebook,
    )
    found = candidates(doc, RuleCoder(codebook).analyse(doc, complete=False))
    assert all(topics[c.topic_id].taking_part_supports for c in found)


def test_candidates_count_what_ties_the_actor_to_the_topic(codebook):
    doc = document(IN_TALKS, codebook)
    (c,) = [
        c
        for c in candidates(doc, RuleCoder(codebook).analyse(doc, complete=False))
        if (c.actor_id, c.topic_id) == ("witkoff", "peace_negotiations")
    ]
    assert c.counts["actor_names"] == 3  # three times by name ("Witkoff's" included)
    assert c.counts["sentences"] == 4
    assert c.counts["next_to"] >= 2  # the talks are in the sentence after each of two names
    assert features(c)["topic:peace_negotiations"] == 1.0


def test_candidates_count_the_topics_other_parties_and_what_the_actor_does(codebook):
    text = (
        "Witkoff said the minerals deal was fair. Lavrov said talks on a ceasefire were useful. "
        "Zelensky said he wanted a ceasefire. Rubio arrived later."
    )
    doc = document(text, codebook)
    found = {
        c.actor_id: c.counts
        for c in candidates(doc, RuleCoder(codebook).analyse(doc, complete=False))
    }
    assert set(found) == {"witkoff", "rubio"}  # each named next to the talks
    for counts in found.values():
        assert counts["coded_others"] == 2  # the rules coded Lavrov and Zelensky on the talks
        assert counts["coded_other_side"] == 2  # Russia and Ukraine: the talks' sides
        assert counts["distance"] == 1  # the talks are a sentence away, never with the name
    # Witkoff holds a clause where a topic is cued, and the rules coded him on that topic
    assert (found["witkoff"]["holds_where_cued"], found["witkoff"]["actor_coded"]) == (1, 1)
    assert (found["rubio"]["holds_where_cued"], found["rubio"]["actor_coded"]) == (0, 0)
    talks = document(IN_TALKS, codebook)
    (c,) = candidates(talks, RuleCoder(codebook).analyse(talks, complete=False))
    assert c.counts["distance"] == 0


def test_candidates_count_the_sentences_naming_the_actor_with_another_side(codebook):
    text = (
        "Witkoff met Dmitriev in Moscow on Thursday. Talks on a ceasefire resumed there. "
        "Rubio and Kellogg stayed in Washington."
    )
    doc = document(text, codebook)
    found = candidates(doc, RuleCoder(codebook).analyse(doc, complete=False))
    with_side = {c.actor_id: c.counts["with_other_side"] for c in found}
    # The talks' sides are Russia and Ukraine: for Witkoff, Dmitriev is the other side; for
    # Dmitriev, an American is no side of them; Rubio and Kellogg are of the same side.
    assert with_side == {"witkoff": 1, "dmitriev": 0, "rubio": 0, "kellogg": 0}


def test_a_clause_that_only_names_the_talks_leaves_the_pair_to_the_model(codebook):
    after = "The talks on a ceasefire lasted four hours."
    plain = document(f"Dmitriev was in Riyadh during the negotiations. {after}", codebook)
    (c,) = candidates(plain, RuleCoder(codebook).analyse(plain, complete=False))
    assert (c.actor_id, c.topic_id) == ("dmitriev", "peace_negotiations")
    assert c.counts["holds_plain"] == 1
    # a negator is read by the rules: the pair stays declined
    kept_out = document(f"Dmitriev did not take part in the negotiations. {after}", codebook)
    assert candidates(kept_out, RuleCoder(codebook).analyse(kept_out, complete=False)) == []


def test_only_an_actor_in_office_on_the_day_takes_part(codebook):
    text = "Obama commented on the negotiations in Riyadh. The talks on a ceasefire lasted hours."
    for day, expected in ((DAY, []), (date(2015, 3, 10), ["obama"])):
        doc = build_document(normalise_text(text), codebook, published=day)
        found = candidates(doc, RuleCoder(codebook).analyse(doc, complete=False))
        assert [c.actor_id for c in found] == expected


def test_the_side_of_the_actor_on_the_topic_is_a_feature(codebook):
    doc = document(IN_TALKS, codebook)
    found = candidates(doc, RuleCoder(codebook).analyse(doc, complete=False))
    (c,) = [c for c in found if c.topic_id == "peace_negotiations"]
    assert features(c)["country:US:peace_negotiations"] == 1.0
    assert "country:US:peace_negotiations" in load_model().weights


def test_pairs_are_the_same_from_the_lean_and_the_complete_reading(codebook):
    coder = PairCoder(codebook)
    for text in (IN_TALKS, ELSEWHERE):
        complete = coder.analyse(document(text, codebook))
        lean = coder.code(document(text, codebook))
        assert [replace(s, coder=None) for s in lean] == [
            replace(s, coder=None) for trace in complete for s in trace.statements
        ]


def test_the_coders_are_known_by_name(codebook):
    assert {"rules": RuleCoder, "rules+pairs": PairCoder} == CODERS
    from stances.cli import CODER_NAMES

    assert tuple(CODERS) == CODER_NAMES
    articles = pd.DataFrame(
        {
            "article_id": ["a"],
            "doc_id": ["a.txt"],
            "text": [normalise_text(IN_TALKS + " Zelensky said the minerals deal was fair.")],
            "published": [DAY],
        }
    )
    # a threshold below what the model gives the talks, so that it adds a pair whatever
    # the weights of the last fit
    rows = code_articles(articles, codebook, coder=PairCoder(codebook, pair_threshold=0.25))
    # who made each row: the rules (the ids a rule coder's build gives them) or the model
    assert set(rows["coder"]) == {"rules/2", "pairs/1"}
    model_rows = rows[rows["coder"] == "pairs/1"]
    assert set(model_rows["topic_id"]) == {"peace_negotiations"}
    rules_rows = code_articles(articles, codebook, coder=RuleCoder(codebook))
    assert set(rules_rows["statement_id"]) == set(
        rows.loc[rows["coder"] == "rules/2", "statement_id"]
    )


def test_fit_writes_a_model_that_reads_back(codebook, tmp_path):
    # The same two kinds of article twice: coded by the gold once, not the other time.
    texts = [IN_TALKS, IN_TALKS.replace("Witkoff", "Kellogg")] * 2
    articles = pd.DataFrame(
        {
            "doc_id": [f"d{i}.txt" for i in range(4)],
            "text": [normalise_text(t) for t in texts],
            "published": [DAY] * 4,
        }
    )
    gold = pd.DataFrame(
        {
            "doc_id": ["d0.txt", "d1.txt"],
            "actor_id": ["witkoff", "kellogg"],
            "topic_id": ["peace_negotiations"] * 2,
            "stance": ["support"] * 2,
        }
    )
    report = tmp_path / "cv.txt"
    with report.open("w") as out:
        model = fit(articles, gold, codebook, report=out, folds=2)
    printed = report.read_text()
    assert "rules alone" in printed
    # Both gold pairs are missed by the rules and both are candidates: recall can reach 1.
    assert "gold pairs the rules miss: 2, of them candidates: 2 (recall at most 1.000" in printed
    assert "topic:peace_negotiations" in model.weights
    path = tmp_path / "model.toml"
    write_model(model, path, note="test")
    again = load_model(path)
    assert (again.intercept, again.weights) == (model.intercept, model.weights)
