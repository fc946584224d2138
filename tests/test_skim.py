"""Which sentences the rule coder reads (`stances.skim`): skipping changes no statement."""

from dataclasses import replace
from datetime import date

import pytest

from stances.codebook import load_codebook
from stances.coder import RuleCoder, build_document, scan_phrases
from stances.corpus import normalise_text
from stances.mentions import Salience, find_mentions
from stances.segment import Span, overlapping
from stances.skim import READ, SKIP, UNLESS_OUTSIDER_SUBJECT, readings

DAY = date(2025, 3, 10)


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def read_as(text: str, codebook, *, lean: bool, sentences: list[Span] | None = None):
    document = build_document(normalise_text(text), codebook, published=DAY)
    if sentences is not None:
        document = replace(document, sentences=sentences)
    return readings(document, overlapping(document.sentences, document.quotes), lean=lean)


def test_sentences_are_read_where_someone_may_be_named(codebook):
    text = (
        "Trump said the sanctions on Russia will stay in place. "
        "The weather in the capital was mild. "
        "Both leaders left early. "
        "Jane Doe arrived late. "
        "Jane Doe said the sanctions on Russia will stay in place. "
        "John Smith said the plane was delayed. "
        "“We will see what happens next week,” an aide said. "
        "He said the sanctions on Russia will stay in place."
    )
    assert read_as(text, codebook, lean=False) == [READ, SKIP, READ, READ, READ, READ, READ, READ]
    assert read_as(text, codebook, lean=True) == [
        READ,
        SKIP,  # names nobody
        READ,
        SKIP,  # names only someone outside the codebook, who does not speak
        READ,  # states something
        UNLESS_OUTSIDER_SUBJECT,  # speaks: "he" may refer to John Smith from here
        READ,  # holds a quotation
        READ,
    ]


def test_a_sentence_cut_inside_a_word_is_read_as_cut(codebook):
    # The sentence ends inside "shelters": its last word reads as "she" to the patterns.
    text = "Later she" + "lters opened in the city."
    assert read_as(text, codebook, lean=False) == [SKIP]
    cut = [Span(0, 9), Span(9, len(text))]
    assert read_as(text, codebook, lean=False, sentences=cut) == [READ, SKIP]


def test_mentions_find_a_pronoun_where_a_cut_sentence_ends(codebook):
    text = "Later she" + "lters opened in the city."
    document = build_document(text, codebook, published=DAY)
    args = ([], codebook, codebook.patterns, document.hits, DAY)
    whole = find_mentions(text, Span(0, len(text)), *args, Salience())
    cut = find_mentions(text, Span(0, 9), *args, Salience())
    assert [m.kind for m in whole] == []
    assert [(m.kind, m.text) for m in cut] == [("pronoun", "she")]


def test_a_cue_step_of_its_own_reads_every_sentence_that_may_name_someone(codebook):
    text = normalise_text(
        "Pete Hegseth arrived in Brussels on Wednesday. The rain did not stop. "
        "He said Ukraine joining NATO was not a realistic outcome of any settlement."
    )

    def without_referring(text, codebook):
        return {k: v for k, v in scan_phrases(text, codebook).items() if k != "referring"}

    default = RuleCoder(codebook)
    own = RuleCoder(codebook, components={"cues": without_referring})
    document = build_document(text, codebook, published=DAY)
    expected = default.code(document)
    assert expected
    assert own.code(document) == expected
