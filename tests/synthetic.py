"""Synthetic inputs built from the demo briefs: long articles and large cue lists. The limit
tests pin their cost and `benchmarks/scale.py` prints it, on the same inputs."""

from __future__ import annotations

import random


def long_article(texts: list[str], size: int, *, seed: int = 0) -> str:
    """The texts, shuffled anew each round, joined as paragraphs and cut to `size` characters."""
    rng, parts, length = random.Random(seed), [], 0
    while length < size:
        order = texts[:]
        rng.shuffle(order)
        parts += order
        length += sum(len(t) + 2 for t in order)
    return "\n\n".join(parts)[:size].strip()


def synthetic_cues(texts: list[str], n: int, *, seed: int = 1) -> list[str]:
    """Word pairs and triples from the texts' own words; some with a stem, some with a gap."""
    rng = random.Random(seed)
    words = sorted({w.strip(".,;:“”\"'’()").lower() for t in texts for w in t.split()})
    words = [w for w in words if w.isalpha()]
    cues = []
    for _ in range(n):
        cue = [rng.choice(words) for _ in range(rng.choice((2, 2, 3)))]
        roll = rng.random()
        if roll < 0.2:
            cue[-1] = cue[-1][: max(2, len(cue[-1]) - 2)] + "*"
        elif roll < 0.3:
            cue.insert(1, "...")
        cues.append(" ".join(cue))
    return cues
