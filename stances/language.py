"""The language an article is written in, told offline by py3langid (its model ships with it)."""

from __future__ import annotations

from functools import cache

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

# Below this probability the language is left undetermined: short texts, names and
# headlines are often told apart from English by chance alone.
MIN_LANGUAGE_PROBABILITY = 0.9
# Enough text to tell a language: the same answer as 20,000 characters on 552 of the 553
# texts of the briefs and the dev set (700 characters: 550); more only costs time.
_SAMPLE_CHARS = 1_000


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
    probability `MIN_LANGUAGE_PROBABILITY` or more."""
    language, probability = _identifier().classify(text[:_SAMPLE_CHARS])
    return str(language) if probability >= MIN_LANGUAGE_PROBABILITY else None
