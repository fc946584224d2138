"""Codebook loading and validation."""

import re
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import example, given, settings

from stances.codebook import DEFAULT_CODEBOOK, alternation, load_codebook
from stances.errors import CodebookError
from stances.matcher import codebook_lists

DESIGN_TOPICS = {
    "ukraine_nato_membership", "minerals_deal", "us_russia_relations", "peace_negotiations",
    "us_aid_ukraine", "european_security_burden", "us_troops_ukraine", "ukraine_pre2014_borders",
    "russia_sanctions",
}  # fmt: skip
DESIGN_ACTORS = {
    "trump", "putin", "zelensky", "hegseth", "witkoff", "biden", "obama", "rubio", "vance",
    "lavrov", "peskov", "kellogg", "waltz", "dmitriev", "macron", "starmer", "rutte",
}  # fmt: skip


def test_default_codebook_has_every_design_topic_and_actor():
    book = load_codebook()
    assert set(book.topics) == DESIGN_TOPICS
    assert set(book.actors) >= DESIGN_ACTORS
    assert {"Zelensky", "Zelenskyy", "Zelenskiy"} <= set(book.actors["zelensky"].aliases)
    hegseth_roles = {r.title: r for r in book.actors["hegseth"].roles}
    assert str(hegseth_roles["Defense Secretary"].from_) == "2025-01-25"
    assert book.label.startswith("stances-default/")


def edited(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_CODEBOOK.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "book.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('id = "trump"', 'id = "Trump!"', r"actors\[0\].*id: String should match"),
        (
            '{ title = "U.S. president", from = 2025-01-20 }',
            '{ title = "U.S. president", from = "soon" }',
            r"actors\[0\] \(id 'trump'\)\.roles\[0\]\.from",
        ),
        ('id = "putin"', 'id = "trump"', "duplicate actors id 'trump'"),
        (
            'support_means = "favours Ukraine joining NATO"',
            'support_mean = "x"',
            r"topics\[0\].*support_means",
        ),
    ],
)
def test_errors_name_the_file_and_key_path(tmp_path, old, new, expected):
    path = edited(tmp_path, old, new)
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert str(path) in str(info.value)
    assert re.search(expected, str(info.value))


def test_invalid_toml_names_the_line(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[codebook]\nname = \n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"broken\.toml.*line 2"):
        load_codebook(path)


def test_missing_file(tmp_path):
    with pytest.raises(CodebookError, match=r"cannot read nope\.toml"):
        load_codebook(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("cue", "text", "matches"),
    [
        ("negotiat*", "negotiations", True),
        ("negotiat*", "renegotiate", False),
        ("resolve ... conflict", "resolve the Ukraine conflict", True),
        ("NATO membership", "nato membership", True),
        ("Ukraine's president", "Ukraine’s president", True),
        ("U.S. aid", "U.S. aide", False),
    ],
)
def test_cue_syntax(cue, text, matches):
    assert bool(alternation([cue]).fullmatch(text)) is matches


# ------------------------------------------------------------------ bad codebooks (issue 11)

TINY = """\
[codebook]
name = "tiny"
version = "1"

[[topics]]
id = "talks"
label = "Talks"
description = "Peace talks."
support_means = "favours talks"
support_cues = ["peace talks", "ceasefire"]

[[actors]]
id = "trump"
name = "Donald Trump"
aliases = ["Trump"]
country = "US"
"""
CUES = 'support_cues = ["peace talks", "ceasefire"]'
ALIASES = 'aliases = ["Trump"]'
HEADER = 'version = "1"'
TOPIC = 'id = "talks"'
ACTOR = 'country = "US"'


def tiny(tmp_path: Path, old: str = "", new: str = "") -> Path:
    assert old in TINY
    path = tmp_path / "tiny.toml"
    path.write_text(TINY.replace(old, new, 1) if old else TINY, encoding="utf-8")
    return path


def test_the_tiny_codebook_loads(tmp_path):
    book = load_codebook(tiny(tmp_path))
    assert set(book.topics) == {"talks"}
    assert book.model.codebook.limits.gaps_per_cue == 3
    assert book.model.codebook.limits.cues_per_topic == 100_000


# Each: what replaces what in the tiny codebook, and what the one-line error must say (the key
# path and the problem).
TWELVE_GAPS = " ... ".join("abcdefghijklm")
TOPIC_BLOCK = "[[topics]]\n" + TINY.split("[[topics]]\n")[1].split("[[actors]]")[0]
ACTOR_BLOCK = "[[actors]]\n" + TINY.split("[[actors]]\n")[1]
LIMITS = HEADER + "\n\n[codebook.limits]\n"
BAD_CODEBOOKS = {
    # cue syntax the matcher refuses, in every kind of phrase list
    "cue starting with a gap": (
        CUES, 'support_cues = ["... talks"]',
        r"topics\[0\] \(id 'talks'\)\.support_cues\[0\]: .*start or end with '\.\.\.'",
    ),
    "cue ending with a gap": (
        CUES, 'support_cues = ["talks ..."]', r"support_cues\[0\]: .*start or end with '\.\.\.'"
    ),
    "cue that is only a gap": (
        CUES, 'support_cues = ["peace talks", "..."]', r"support_cues\[1\]: .*'\.\.\.'"
    ),
    "bare star in a cue": (
        CUES, 'support_cues = ["peace * talks"]', r"support_cues\[0\]: a word needs a stem"
    ),
    "cue that is only a star": (CUES, 'support_cues = ["*"]', r"support_cues\[0\]: .*stem"),
    "blank cue": (CUES, 'support_cues = ["  "]', r"support_cues\[0\]: String should have at"),
    "bad plain cue": (CUES, CUES + '\ncues = ["x *"]', r"talks'\)\.cues\[0\]: .*stem"),
    "bad anaphora": (CUES, CUES + '\nanaphora = ["the deal ..."]', r"anaphora\[0\]: .*'\.\.\.'"),
    "bad alias": (
        ALIASES, 'aliases = ["Trump", "... Trump"]',
        r"actors\[0\] \(id 'trump'\)\.aliases\[1\]: .*'\.\.\.'",
    ),
    "bad role title": (
        ALIASES, ALIASES + '\nroles = [{ title = "* president" }]',
        r"actors\[0\] \(id 'trump'\)\.roles\[0\]\.title: .*stem",
    ),
    "bad lexicon phrase": (
        HEADER, HEADER + '\n\n[lexicon]\nnegators = ["not ..."]',
        r"lexicon\.negators\[0\]: .*'\.\.\.'",
    ),
    "bad side word": (
        HEADER, HEADER + '\n\n[lexicon.sides]\nUS = ["U.S.", "*"]',
        r"lexicon\.sides\.US\[1\]: .*stem",
    ),
    # limits: gaps and cues past them, and limits that are themselves wrong
    "too many gaps": (
        CUES, 'support_cues = ["a ... b ... c ... d ... e"]',
        r"support_cues\[0\]: 4 '\.\.\.' gaps .* codebook\.limits\.gaps_per_cue = 3",
    ),
    "twelve gaps": (CUES, f'support_cues = ["{TWELVE_GAPS}"]', r"12 '\.\.\.' gaps"),
    "gaps in an oppose cue": (
        CUES, CUES + '\noppose_cues = ["no ... ... ... ... deal"]', r"oppose_cues\[0\]: 4 '\.\.\."
    ),
    "more cues than the limit": (
        HEADER, LIMITS + "cues_per_topic = 1",
        r"topics\[0\] \(id 'talks'\): 2 cue phrases, more than .*cues_per_topic = 1",
    ),
    "gap limit below zero": (
        HEADER, LIMITS + "gaps_per_cue = -1",
        r"codebook\.limits\.gaps_per_cue: Input should be greater than or equal to 0",
    ),
    "gap limit past the hard maximum": (
        HEADER, LIMITS + "gaps_per_cue = 99",
        r"codebook\.limits\.gaps_per_cue: Input should be less than or equal to 32",
    ),
    "unknown limit": (
        HEADER, LIMITS + "words = 3", r"codebook\.limits\.words: Extra inputs are not permitted"
    ),
    "limit of the wrong type": (
        HEADER, LIMITS + 'cues_per_topic = "many"',
        r"codebook\.limits\.cues_per_topic: Input should be a valid integer",
    ),
    # shapes and values
    "cues not a list": (
        CUES, 'support_cues = "peace talks"',
        r"topics\[0\] \(id 'talks'\)\.support_cues: Input should be a valid list",
    ),
    "cue not a string": (CUES, "support_cues = [42]", r"support_cues\[0\]: Input should be"),
    "nested cue list": (CUES, 'support_cues = [["talks"]]', r"support_cues\[0\]: Input should"),
    "topic without cues": (CUES, "", r"topics\[0\].*at least one of cues, support_cues"),
    "topic id not a slug": (TOPIC, 'id = "Peace Talks"', r"topics\[0\].*id: String should"),
    "duplicate topic id": (ACTOR, ACTOR + "\n\n" + TOPIC_BLOCK, "duplicate topics id 'talks'"),
    "unknown topic key": (CUES, CUES + "\nsupport = 1", r"topics\[0\].*support: Extra inputs"),
    "lowercase side": (HEADER, HEADER + '\n\n[lexicon.sides]\nus = ["U.S."]', r"lexicon\.sides"),
    "side member not a country code": (
        HEADER, HEADER + '\n\n[lexicon.side_members]\nEU = ["France"]', r"lexicon\.side_members\.EU"
    ),
    "bad required side": (
        CUES, CUES + '\nrequires = ["us"]', r"topics\[0\].*requires\[0\]: String should match"
    ),
    "no aliases": (ALIASES, "aliases = []", r"actors\[0\].*aliases: List should have at least"),
    "aliases missing": (ALIASES, "", r"actors\[0\].*aliases: Field required"),
    "country of three letters": (ACTOR, 'country = "USA"', r"actors\[0\].*country: String"),
    "bad wikidata id": (ACTOR, ACTOR + '\nwikidata = "X42"', r"actors\[0\].*wikidata"),
    "role date not a date": (
        ALIASES, ALIASES + '\nroles = [{ title = "president", from = "soon" }]',
        r"actors\[0\] \(id 'trump'\)\.roles\[0\]\.from",
    ),
    "no actors": (ACTOR_BLOCK, "", r"actors: Field required"),
    "no codebook table": (
        '[codebook]\nname = "tiny"\n' + HEADER, "", r"^[^;]*: codebook: Field required"
    ),
    "empty codebook name": ('name = "tiny"', 'name = ""', r"codebook\.name: String should have"),
    "unknown language": (
        HEADER, HEADER + '\nlanguage = "xx"', r"codebook\.language: no language file for 'xx'"
    ),
    "language path outside the package": (
        HEADER, HEADER + '\nlanguage = "../en"', r"codebook\.language: String should match"
    ),
    # not TOML
    "invalid toml": (HEADER, HEADER + "\nname = ", r"not valid TOML: .*line 4"),
    "key given twice": (HEADER, HEADER + '\nname = "again"', r"not valid TOML: Cannot overwrite"),
    "arrays nested too deeply": (
        CUES, "support_cues = " + "[" * 5000 + "]" * 5000,
        r"not valid TOML: arrays or tables nested too deeply",
    ),
}  # fmt: skip


@pytest.mark.parametrize(("old", "new", "expected"), BAD_CODEBOOKS.values(), ids=BAD_CODEBOOKS)
def test_a_bad_codebook_is_one_typed_error_naming_the_file_and_key(tmp_path, old, new, expected):
    path = tiny(tmp_path, old, new)
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    assert re.search(expected, message), message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'[codebook]\nname = "caf\xe9"\n', r"not valid TOML: .*utf-8"),
        (b"\x00", r"not valid TOML"),
        (None, r"cannot read tiny\.toml"),  # a directory of that name
    ],
    ids=["latin-1 bytes", "binary", "directory"],
)
def test_a_codebook_file_that_is_no_text_is_a_typed_error(tmp_path, content, expected):
    path = tmp_path / "tiny.toml"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    with pytest.raises(CodebookError, match=expected) as info:
        load_codebook(path)
    assert str(path) in str(info.value)


def test_every_problem_is_listed_at_once(tmp_path):
    cues = 'support_cues = ["... a", "b ...", "c * d", "e ... f"]'
    with pytest.raises(CodebookError) as info:
        load_codebook(tiny(tmp_path, CUES, cues))
    assert [int(n) for n in re.findall(r"support_cues\[(\d)\]", str(info.value))] == [0, 1, 2]


def test_a_long_list_of_problems_is_counted_not_listed(tmp_path):
    cues = "support_cues = [" + ", ".join(f'"x{n} ..."' for n in range(25)) + "]"
    with pytest.raises(CodebookError, match=r"and 5 more$") as info:
        load_codebook(tiny(tmp_path, CUES, cues))
    assert str(info.value).count("support_cues[") == 20


def test_a_codebook_raises_its_own_limits(tmp_path):
    twelve = " ... ".join("abcdefghijklm")
    cues = f'support_cues = ["peace talks", "{twelve}"]'
    raised = HEADER + "\n\n[codebook.limits]\ngaps_per_cue = 12\ncues_per_topic = 2"
    path = tmp_path / "raised.toml"
    path.write_text(TINY.replace(CUES, cues).replace(HEADER, raised), encoding="utf-8")
    book = load_codebook(path)
    assert book.model.codebook.limits.gaps_per_cue == 12
    assert book.matcher.scan("peace talks")["topic:talks"][0].phrase == "peace talks"


def test_a_byte_order_mark_is_no_error(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + TINY.encode())
    assert load_codebook(path).model.codebook.name == "tiny"


def test_the_language_file_is_checked_too(tmp_path, monkeypatch):
    import stances.codebook as codebook_module

    folder = tmp_path / "lang"
    folder.mkdir()
    language = (codebook_module.LANGUAGES / "en.toml").read_text(encoding="utf-8")
    hedges = language.replace("\nhedges = [", '\nhedges = ["... maybe", ', 1)
    assert hedges != language
    (folder / "en.toml").write_text(hedges, encoding="utf-8")
    monkeypatch.setattr(codebook_module, "LANGUAGES", folder)
    with pytest.raises(CodebookError, match=r"en\.toml: phrases\.hedges\[0\]: .*'\.\.\.'"):
        load_codebook(tiny(tmp_path))


# Words and marks the word patterns look for, in cases and contexts where `\b` and the
# first-character lookahead could part ways.
_PATTERN_PIECES = [
    "he", "She", "HIS", "they", "Both", "the two", "if", "Once the", "because", "in which",
    "where The", "during which Both", "flanked by", "also joined by", "unless", "x", "_", "é",
    "ſ", "K", " ", ",", "’", "\n", "doesn't know", "Asked", "whether", "who", "UNSURE",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(text=st.lists(st.sampled_from(_PATTERN_PIECES), max_size=14).map("".join))
@example(text=" ".join(_PATTERN_PIECES))
def test_first_character_lookaheads_change_no_match(text):
    words = load_codebook().patterns.words
    for field in ("singular_pronoun", "plural_pronoun", "group", "condition", "reason",
                  "relative_clause", "accompaniment", "unknown"):  # fmt: skip
        fast = getattr(words, field)
        plain = re.compile(re.sub(r"^\(\?i\)\(\?=\[[^\]]+\]\)", "(?i)", fast.pattern))
        assert plain.pattern != fast.pattern
        for lo in range(len(text) + 1):
            assert [m.span() for m in fast.finditer(text, lo)] == [
                m.span() for m in plain.finditer(text, lo)
            ]


def test_cue_stems_do_not_reach_unrelated_words():
    matcher = load_codebook().matcher
    found = matcher.scan("He flew home for Thanksgiving. Eastern regions face sanctions.")
    assert found["topic:us_russia_relations"] == []  # "thank", not "Thanksgiving"
    assert [h.payload for h in found["topic:russia_sanctions"]] == [0]  # "eastern" eases nothing
    found = matcher.scan("He thanked Putin. The EU eased sanctions.")
    assert [h.phrase for h in found["topic:us_russia_relations"]] == ["thanked"]
    assert [h.payload for h in found["topic:russia_sanctions"]] == [-1]


def test_no_word_stem_reaches_an_actors_name():
    # "put* ... troops" would read "Putin warned that European troops ..." as a cue
    codebook = load_codebook()
    names = {
        word.lower()
        for actor in codebook.actors.values()
        for name in (actor.name, *actor.aliases)
        for word in re.findall(r"\w+", name)
    }
    reached = [
        (label, phrase, name)
        for label, phrases in codebook_lists(codebook).items()
        if label != "aliases" and not label.startswith(("side:", "roles"))
        for phrase, _ in phrases
        for word in phrase.split()
        if word.endswith("*")
        for name in names
        if name.startswith(word[:-1].lower())
    ]
    assert reached == []


def test_others_send_names_a_topic(tmp_path):
    text = DEFAULT_CODEBOOK.read_text(encoding="utf-8").replace(
        'others_send = { EU = "european_security_burden",',
        'others_send = { EU = "european_burden",',
        1,
    )
    path = tmp_path / "codebook.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match=r"others_send\.EU names no topic"):
        load_codebook(path)


def test_a_language_without_a_word_class_goes_without_its_patterns():
    from stances.codebook import Words
    from stances.wordsets import WordSets

    words = WordSets.build(Words(singular_pronouns=["il"], plural_pronouns=["ils"]))
    # no joining word: nothing joins two subjects, rather than any space doing so
    assert words.subject_joiner.match(" ") is None
    assert words.and_capital.search("Russie et Ukraine") is None
    english = load_codebook().patterns.words
    assert english.subject_joiner.match(" and ") is not None
