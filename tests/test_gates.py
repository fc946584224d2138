"""Patterns tried only where the article's scan found a word they need (`GATES`): the gate
never hides a match, and it does spare the clauses without those words."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stances.codebook import load_codebook
from stances.document import Hits
from stances.wordsets import GATES

CODEBOOK = load_codebook()
WORDS = CODEBOOK.language.words
GATE_WORDS = sorted({w for lists in GATES.values() for name in lists for w in getattr(WORDS, name)})
# Words the gated patterns read around their own: what would let them match.
CONTEXT = [
    "the", "a", "two", "both", "Trump", "Putin", "US", "Russian", "talks", "meeting", "said",
    "and", "was", "is", "whether", "who", "about", "not", "so", "doing", "15", "3rd", "2024",
    "place", "in", "first",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "  ", "\n", ", ", ". ", "; ", ": ", "’ ", "' ", "” ", "—", "(", "-"]


def pieces():
    word = st.sampled_from([*GATE_WORDS, *CONTEXT])
    cased = st.tuples(word, st.sampled_from([str, str.title, str.upper])).map(
        lambda pair: pair[1](pair[0])
    )
    odd = st.characters(codec="utf-8", exclude_categories=["Cs"])
    return st.lists(
        st.one_of(cased, cased, cased, st.sampled_from(SEPARATORS), odd), min_size=1, max_size=40
    )


@settings(max_examples=300, deadline=None)
@given(pieces(), st.data())
def test_a_gated_pattern_matches_only_where_its_gate_lets_it(parts, data):
    text = "".join(parts)
    hits = Hits(CODEBOOK.matcher.scan(text), text)
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    for name in GATES:
        pattern: re.Pattern = getattr(CODEBOOK.patterns.words, name)
        if pattern.search(text, lo, hi) is not None:
            assert hits.may_match(name, lo, hi), (name, text[lo:hi])


def _matching(name: str) -> st.SearchStrategy[str]:
    """Texts that the pattern matches in whole (generated without the lookahead for first
    letters that the pattern starts with, which a generator cannot satisfy)."""
    pattern = getattr(CODEBOOK.patterns.words, name).pattern
    return st.from_regex(re.sub(r"^\(\?i\)\(\?=\[[^]]*\]\)", "(?i)", pattern), fullmatch=True)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(sorted(GATES)).flatmap(lambda name: st.tuples(st.just(name), _matching(name))),
    st.text(max_size=15),
    st.text(max_size=15),
)
def test_every_match_of_a_gated_pattern_holds_a_word_of_its_gate(named, before, after):
    name, example = named
    text = before + example + after
    # tried on the example alone, as on a clause that ends where the text goes on
    lo, hi = len(before), len(before) + len(example)
    found = getattr(CODEBOOK.patterns.words, name).search(text, lo, hi)
    if found is None:  # (the first letter was not one the pattern starts with)
        return
    hits = Hits(CODEBOOK.matcher.scan(text), text)
    assert hits.may_match(name, found.start(), hi), (name, found.group())


@pytest.mark.parametrize("name", sorted(GATES))
def test_a_clause_without_the_words_a_pattern_needs_is_not_tried(name):
    text = "Trump said on Tuesday that Putin had been in Moscow for two days."
    hits = Hits(CODEBOOK.matcher.scan(text), text)
    assert not hits.may_match(name, 0, len(text))
    word = getattr(WORDS, GATES[name][0])[0]
    text = f"Trump said on Tuesday, {word} Putin had been in Moscow."
    hits = Hits(CODEBOOK.matcher.scan(text), text)
    assert hits.may_match(name, 0, len(text))
    assert not hits.may_match(name, 0, text.index(word))


def test_a_coder_whose_scan_has_no_gates_tries_every_pattern():
    assert Hits({}, "Trump met Putin.").may_match("condition", 0, 10)
