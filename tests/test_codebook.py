"""Codebook loading and validation."""

import re
from pathlib import Path

import pytest

from stances.codebook import DEFAULT_CODEBOOK, alternation, load_codebook
from stances.errors import CodebookError

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
