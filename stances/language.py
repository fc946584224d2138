"""The language an article is written in, told offline by py3langid (its model ships with it),
or, for running text in a language the package has a file for, by that file's commonest words."""

from __future__ import annotations

import re
import tomllib
from functools import cache

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from stances.codebook import LANGUAGES

# Below this probability the language is left undetermined: short texts, names and
# headlines are often told apart from English by chance alone.
MIN_LANGUAGE_PROBABILITY = 0.9
# Enough text to tell a language: the same answer as 20,000 characters on 552 of the 553
# texts of the briefs and the dev set (700 characters: 550); more only costs time.
_SAMPLE_CHARS = 1_000


# A sample of at least `COMMON_MIN_WORDS` words of which `COMMON_SHARE` are a language file's
# `common_words` is in that language. On 1,892 English texts (briefs, dev set, synthetic
# corpus) 1,885 pass, every one of which the model also tells as English; samples in German,
# French, Spanish, Dutch and Italian written for the check score 0.03 or less.
COMMON_SHARE = 0.15
COMMON_MIN_WORDS = 40
_LETTERS = re.compile(r"[^\W\d_]+")


@cache
def _common_words() -> dict[str, frozenset[str]]:
    """Each shipped language file's code and commonest words."""
    found = {}
    for path in sorted(LANGUAGES.iterdir()):
        if path.name.endswith(".toml"):
            table = tomllib.loads(path.read_text(encoding="utf-8"))
            common = table.get("words", {}).get("common_words", [])
            if common:
                found[table["language"]["code"]] = frozenset(common)
    return found


def _by_common_words(sample: str) -> str | None:
    words = _LETTERS.findall(sample.lower())
    if len(words) < COMMON_MIN_WORDS:
        return None
    for code, common in _common_words().items():
        if sum(map(common.__contains__, words)) >= COMMON_SHARE * len(words):
            return code
    return None


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    # The model's weights ship as float16, and scoring a text widened the rows it read to
    # float32 each time: widened once here, the scores are the same numbers in a third of
    # the time (some 60 MB more memory).
    identifier.nb_ptc = identifier.nb_ptc.astype(np.float32)
    return identifier


def identify_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, or None when it cannot be told with
    probability `MIN_LANGUAGE_PROBABILITY` or more. Running text in a language the package
    has a file for is told by that file's commonest words, some ten times faster."""
    sample = text[:_SAMPLE_CHARS]
    if (known := _by_common_words(sample)) is not None:
        return known
    language, probability = _identifier().classify(sample)
    return str(language) if probability >= MIN_LANGUAGE_PROBABILITY else None
