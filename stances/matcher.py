"""Every phrase list of a codebook compiled once, found in one scan of an article.

The rule coder looks for codebook phrases (topic cues, evaluations, negators, hedges,
reporting verbs, aliases, role titles, side words) in every article. `stances.codebook`
compiles each list into one regex alternation and scans the text once per list; this module
builds one `Matcher` for all lists and scans the text once, returning the hits of every
list, with the phrase each hit matched and the payload it was listed with. The hits are the
spans the regexes find, list by list (`pattern.finditer(text)` on the pattern of
`stances.codebook.alternation`, or of a topic's cues):

* A phrase is whitespace-separated words; between two words any run of whitespace matches.
* A word ending in `*` matches any word that starts with its stem: the stem, then as many
  word characters, apostrophes and hyphens as follow (`[\\w'’-]*`).
* The word `...` matches a gap of 0 to 4 whitespace-separated chunks, the shortest first.
* `'` and `’` are the same character.
* Whole words only: no word character right before the start or right after the end.
* Lists are case-insensitive unless named in `case_sensitive`; case-insensitive means what
  `re.IGNORECASE` means for `str` patterns (simple lowercase mapping plus the equivalences
  `re` adds, such as `ſ` ~ `s` and `ς` ~ `σ`).
* Within one list, hits do not overlap: from left to right, at each position the longest
  phrase (by `len` of the phrase as given) that matches there wins, even where a shorter
  phrase would match more text, and the scan goes on after its end, as a regex alternation
  sorted longest first does with `finditer`. Lists are independent of each other.

Differences from the regexes:

* Among equally long phrases the first listed wins. `alternation` sorts `set(phrases)`, so
  their order, and which one matches where two match with different ends ("work* toward*"
  and "work* towards" on "work towards'peace"), changes from process to process.
* Phrases that start or end with `...` and words that are a bare `*` are refused by
  `Matcher.build`: their regex meaning is accidental (a match that begins or ends with
  other words or with whitespace). So are phrases with more than `MAX_GAPS` gaps.
* The gaps of a phrase cost time linear in their number: where the rest of a phrase cannot
  match after a gap is remembered for the scan, where a regex backtracks over every way
  to fill the gaps (5 ** gaps at each start).
* Under `re.IGNORECASE` the combining mark U+0345 matches Greek iota; here it does not (it
  is not a word character while iota is, so it would move where words begin).

How: the text is folded once (lowercased as `re` compares characters) and split into runs
of word characters. Phrases are indexed by their first run (or, for `stem*`, by the stem;
or, for a first word that is one run, by the run that must follow it), so only the runs
that can begin some phrase are looked at, and the rest of a phrase is compared in place.
What a run can begin is cached per matcher: a scan costs a few C-level passes over the
text plus Python work where a phrase may start.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from stances.codebook import Codebook

__all__ = [
    "MAX_GAPS",
    "Hit",
    "Matcher",
    "check_phrase",
    "codebook_case_sensitive",
    "codebook_lists",
    "fold",
]

try:  # the characters `re.IGNORECASE` treats as equal beyond the lowercase mapping
    from re._casefix import _EXTRA_CASES as _RE_EXTRA_CASES
except ImportError:  # pragma: no cover - a Python without it: lowercase mapping only
    _RE_EXTRA_CASES = {}


# ------------------------------------------------------------------ folding


def _is_word(ch: str) -> bool:
    """`re`'s `\\w` for one character of a `str`."""
    return ch.isalnum() or ch == "_"


def _fold_table() -> dict[str, str]:
    """Lowercase characters that `re.IGNORECASE` equates with another one -> that one."""
    table = {}
    for code, others in _RE_EXTRA_CASES.items():
        members = {chr(code), *map(chr, others)}
        around = chr(code).upper().lower()
        canonical = around if around in members else min(members)
        for ch in members:
            # U+0345 is not a word character but iota is: folding it would move word starts.
            if ch != canonical and _is_word(ch) == _is_word(canonical):
                table[ch] = canonical
    return table


_CANONICAL = _fold_table()
_ODD = re.compile("[" + re.escape("".join(sorted(_CANONICAL))) + "]") if _CANONICAL else None


def fold(text: str) -> str:
    """`text` with every character replaced by one representative of the characters that
    `re.IGNORECASE` matches it with; same length, same word and whitespace characters."""
    if "İ" in text:  # the one character whose lowercase is two characters long
        text = text.replace("İ", "I")
    folded = text.lower()
    if _ODD is not None and not folded.isascii():
        for ch in set(_ODD.findall(folded)):
            folded = folded.replace(ch, _CANONICAL[ch])
    return folded


def _normalise(phrase: str) -> str:
    return phrase.replace("’", "'")


# ------------------------------------------------------------------ phrases

_LIT, _STEM, _GAP = 0, 1, 2
_WORD_RUN = re.compile(r"\w+")
_SPLIT_RUNS = re.compile(r"(\w+)")
_WHITESPACE = re.compile(r"\s+")
_STEM_TAIL = re.compile(r"[\w'’-]*")
_GAP_CHUNK = re.compile(r"\S+\s+")
_MAX_GAP = 4
MAX_GAPS = 32  # gaps in one phrase: a match recurses once per gap


class Hit(NamedTuple):
    """One phrase found: `text[start:end]`, the list (`label`) and the phrase it matched,
    and the payload the phrase was listed with."""

    start: int
    end: int
    label: str
    phrase: str
    payload: object


@dataclass(frozen=True, slots=True)
class _Phrase:
    label: int  # index into Matcher.labels
    rank: int  # order within its list: longest phrase first, then as listed
    phrase: str
    payload: object
    folded: bool  # compared with the folded text (case-insensitive) or the text as is
    words: tuple[tuple[int, str], ...]  # (_LIT | _STEM | _GAP, word as compared)
    # One word whose stem is one run of word characters: the run found is the match (once
    # compared as is, for a case-sensitive phrase), or, for a stem, its start.
    single: bool
    gapped: bool  # has a `...` gap: where its rest cannot match is remembered during a scan
    # Where it matches, the text's word runs from its start are `lead` (the runs of its
    # words up to the first stem or gap), and every run of its literal words is in the text.
    lead: list[str] = field(compare=False)  # a list: compared with a slice of the runs
    needed: frozenset[str] = field(compare=False)


@dataclass(slots=True)
class _Start:
    """The phrases that can begin at one word run (candidates in the order to try them)."""

    phrases: tuple[_Phrase, ...]  # whatever follows the run
    # Phrases whose first word is exactly the run and whose second word begins with a word
    # character: only worth trying when whitespace and a run they can begin follow.
    second: dict[str, list[_Phrase]]  # by the next run ...
    second_stem: dict[str, list[_Phrase]]  # ... or by a stem it starts with
    after: dict[str, tuple[_Phrase, ...]] | None  # next run -> all candidates, as met
    longest: int  # the longest stem of the matcher

    def followed_by(self, run: str) -> tuple[_Phrase, ...]:
        """The candidates when whitespace and then `run` follow (remembered)."""
        stemmed = _prefixed(self.second_stem, run, self.longest)
        phrases = [*self.phrases, *self.second.get(run, ()), *stemmed]
        found = tuple(sorted(phrases, key=_priority))
        if self.after is not None:
            self.after[run] = found
        return found


def _priority(phrase: _Phrase) -> tuple[int, int]:
    """Phrases tried at one position: list by list, each list's in alternation order."""
    return phrase.label, phrase.rank


def _prefixed(by_stem: dict[str, list[_Phrase]], run: str, longest: int) -> list[_Phrase]:
    """The phrases of `by_stem` filed under a stem that `run` starts with (no stem is
    longer than `longest`: a long run costs no more than a short one)."""
    return [ph for n in range(1, min(len(run), longest) + 1) for ph in by_stem.get(run[:n], ())]


def _compile(phrase: str, folded: bool) -> tuple[tuple[int, str], ...]:
    text = _normalise(phrase)
    words = (fold(text) if folded else text).split()
    if not words:
        raise ValueError(f"empty phrase {phrase!r}")
    if words[0] == "..." or words[-1] == "...":
        raise ValueError(f"a phrase cannot start or end with '...': {phrase!r}")
    if words.count("...") > MAX_GAPS:
        raise ValueError(f"a phrase has more than {MAX_GAPS} gaps: {phrase!r}")
    compiled = []
    for word in words:
        stem = word.rstrip("*")
        if word == "...":
            compiled.append((_GAP, ""))
        elif not stem:
            raise ValueError(f"a word needs a stem before '*': {phrase!r}")
        else:
            compiled.append((_STEM if word.endswith("*") else _LIT, stem))
    return tuple(compiled)


def _runs_of(words: tuple[tuple[int, str], ...]) -> tuple[list[str], frozenset[str]]:
    """The (folded) word runs a phrase's words up to its first stem or gap are made of, and
    those of all its literal words. A literal word is followed by whitespace or ends the
    phrase before a non-word character, so its runs are whole runs of the text."""
    lead: list[str] = []
    needed: set[str] = set()
    in_lead = True
    for kind, word in words:
        runs = _WORD_RUN.findall(fold(word)) if kind == _LIT else []
        in_lead = in_lead and kind == _LIT
        if in_lead:
            lead += runs
        needed.update(runs)
    return lead, frozenset(needed)


def check_phrase(phrase: str) -> None:
    """Raise ValueError, saying why, if `Matcher.build` would refuse `phrase`."""
    _compile(phrase, folded=False)


def _match(
    words: tuple[tuple[int, str], ...],
    k: int,
    pos: int,
    hay: str,
    low: str,
    failed: set[tuple[int, int]] | None = None,
) -> int:
    """End of a match of words[k:] at `pos` (`-1` if none), backtracking like the regex.

    `hay` is what literal words are compared with (the folded text or the text as is);
    `low` (the folded text) is what word characters and whitespace are read from. `failed`
    remembers the (word, position) pairs after a gap that cannot match: each is tried once,
    so the cost grows with the number of gaps, not exponentially. The answer for a pair
    does not depend on where the match began: one set may serve a whole scan.
    """
    last = len(words) - 1
    while True:
        kind, word = words[k]
        if kind == _GAP:  # lazy: try the rest after 0, 1, ... whole chunks
            if failed is None:
                failed = set()
            for chunks in range(_MAX_GAP + 1):
                if (k + 1, pos) not in failed:
                    end = _match(words, k + 1, pos, hay, low, failed)
                    if end >= 0:
                        return end
                    failed.add((k + 1, pos))
                chunk = _GAP_CHUNK.match(low, pos) if chunks < _MAX_GAP else None
                if chunk is None:
                    return -1
                pos = chunk.end()
        if not hay.startswith(word, pos):
            return -1
        end = pos + len(word)
        if kind == _STEM:  # greedy; giving back never helps as what follows is \s or \W
            end = _STEM_TAIL.match(low, end).end()
        if k == last:
            if kind == _LIT and end < len(low) and _is_word(low[end]):
                return -1
            return end
        space = _WHITESPACE.match(low, end)
        if space is None:
            return -1
        pos = space.end()
        k += 1


# ------------------------------------------------------------------ the matcher


class Matcher:
    """Several phrase lists compiled into one index; `scan` finds all their hits at once.

    `labels` are the lists' labels, in the order given. Build with `Matcher.build` (or
    `Matcher.from_codebook`). A matcher remembers, per distinct word it meets, the phrases
    that can begin there; that cache aside it does not change, and it can be shared between
    threads (the cache only gains equal entries, and is replaced, not cleared, when full).
    """

    _CACHE_LIMIT = 200_000  # distinct words remembered before the cache starts afresh

    def __init__(self, labels: tuple[str, ...], phrases: list[_Phrase]) -> None:
        self.labels = labels
        self._by_run: dict[str, list[_Phrase]] = {}  # first run -> phrases
        self._by_stem: dict[str, list[_Phrase]] = {}  # stem of a first word -> phrases
        # first word -> phrases by the run, or the stem, their second word begins with
        self._by_second: dict[str, tuple[dict[str, list[_Phrase]], ...]] = {}
        by_mark: dict[str, list[_Phrase]] = {}  # first character (not a word one) -> phrases
        for ph in phrases:
            kind, first = ph.words[0]
            key = fold(first)
            run = _WORD_RUN.match(key)
            if run is None:
                by_mark.setdefault(key[0], []).append(ph)
            elif kind == _STEM and run.end() == len(key):
                self._by_stem.setdefault(key, []).append(ph)
            elif kind == _LIT and run.end() == len(key) and (second := _second_key(ph)):
                by_run, by_stem = self._by_second.setdefault(key, ({}, {}))
                next_key, is_stem = second
                (by_stem if is_stem else by_run).setdefault(next_key, []).append(ph)
            else:
                self._by_run.setdefault(key[: run.end()], []).append(ph)
        self._by_mark = {m: tuple(sorted(p, key=_priority)) for m, p in by_mark.items()}
        marks = re.escape("".join(sorted(by_mark)))
        # Not after a word character; looked behind from after the mark, as a pattern that
        # starts with an assertion is tried at every position of the text.
        self._marks = re.compile(rf"[{marks}](?<!\w[{marks}])") if by_mark else None
        stems = [self._by_stem, *(by_stem for _, by_stem in self._by_second.values())]
        self._longest_stem = max((len(stem) for by_stem in stems for stem in by_stem), default=0)
        self._starts: dict[str, _Start] = {}  # word run -> its phrases, as met
        self._live: set[str] = set()  # the runs met that can begin a phrase

    @classmethod
    def build(
        cls,
        lists: Mapping[str, Sequence[tuple[str, object]]],
        *,
        case_sensitive: Collection[str] = (),
    ) -> Matcher:
        """Compile `lists` (label -> (phrase, payload) pairs, in priority order for phrases
        of equal length); the lists named in `case_sensitive` keep case.

        Raises ValueError for a phrase with nothing to match, one that starts or ends with
        `...` or has more than `MAX_GAPS` of them, or a bare `*` word; and for a
        `case_sensitive` label that is not a list.
        """
        unknown = set(case_sensitive) - set(lists)
        if unknown:
            raise ValueError(f"case_sensitive names no list: {sorted(unknown)}")
        labels = tuple(lists)
        phrases = []
        for index, label in enumerate(labels):
            folded = label not in case_sensitive
            ordered = sorted(lists[label], key=lambda item: -len(item[0]))  # stable
            seen: set[tuple[int, tuple]] = set()
            for rank, (phrase, payload) in enumerate(ordered):
                words = _compile(phrase, folded)
                if (len(phrase), words) in seen:  # the earlier, equal phrase always wins
                    continue
                seen.add((len(phrase), words))
                first = words[0][1]
                single = len(words) == 1 and _WORD_RUN.fullmatch(first) is not None
                gapped = any(kind == _GAP for kind, _ in words)
                listed = (index, rank, phrase, payload, folded, words, single, gapped)
                phrases.append(_Phrase(*listed, *_runs_of(words)))
        return cls(labels, phrases)

    @classmethod
    def from_codebook(cls, codebook: Codebook) -> Matcher:
        """The lists of `codebook_lists`, case-sensitive where the coder's regexes are."""
        lists = codebook_lists(codebook)
        return cls.build(lists, case_sensitive=codebook_case_sensitive(lists))

    def scan(self, text: str) -> dict[str, list[Hit]]:
        """Every list's hits in `text` (label -> hits in text order; every label present)."""
        found: dict[str, list[Hit]] = {label: [] for label in self.labels}
        raw = _normalise(text)
        low = fold(raw)
        parts = _SPLIT_RUNS.split(low)  # separator, run, separator, run, ..., separator
        runs = parts[1::2]
        vocabulary = set(runs)
        starts, live = self._starts, self._live
        unknown = vocabulary.difference(starts)
        if unknown:
            if len(starts) + len(unknown) > self._CACHE_LIMIT:
                # New objects, not cleared ones: another thread may be reading the old.
                starts, live = self._starts, self._live = {}, set()
                unknown = vocabulary
            for run in unknown:
                self._learn(run, starts, live)
        live = vocabulary & live
        ends = list(accumulate(map(len, parts)))  # run i starts at ends[2 * i]
        last = len(runs) - 1
        todo: list[tuple[int, int, tuple[_Phrase, ...]]] = []  # position, run, phrases
        for i in compress(range(len(runs)), map(live.__contains__, runs)):
            start = starts[runs[i]]
            if start.after is not None and i < last and parts[2 * i + 2].isspace():
                phrases = start.after.get(runs[i + 1])
                if phrases is None:
                    phrases = start.followed_by(runs[i + 1])
            else:
                phrases = start.phrases
            if phrases:
                todo.append((ends[2 * i], i, phrases))
        if self._marks is not None:
            by_mark = self._by_mark
            marks = [(m.start(), -1, by_mark[m.group()]) for m in self._marks.finditer(low)]
            if marks:
                todo = list(heapq.merge(todo, marks, key=lambda start: start[0]))
        labels = self.labels
        hits = [found[label] for label in labels]
        free = [0] * len(labels)  # where each list may match next
        failed: dict[int, set[tuple[int, int]]] = {}  # gapped phrase -> dead ends in this text
        for pos, i, phrases in todo:
            for ph in phrases:
                if pos < free[ph.label]:
                    continue
                if ph.single:
                    kind, word = ph.words[0]
                    if not ph.folded and not raw.startswith(word, pos):
                        continue
                    end = pos + len(word)
                    if kind == _STEM:
                        end = _STEM_TAIL.match(low, end).end()
                else:
                    # Most phrases tried fail; these tell most failures at C speed.
                    if i >= 0 and runs[i : i + len(ph.lead)] != ph.lead:
                        continue
                    if not ph.needed <= vocabulary:
                        continue
                    dead_ends = failed.setdefault(id(ph), set()) if ph.gapped else None
                    end = _match(ph.words, 0, pos, low if ph.folded else raw, low, dead_ends)
                    if end < 0:
                        continue
                hits[ph.label].append(Hit(pos, end, labels[ph.label], ph.phrase, ph.payload))
                free[ph.label] = end
        return found

    def _learn(self, run: str, starts: dict[str, _Start], live: set[str]) -> None:
        """Remember which phrases can begin at the (folded) word run `run`."""
        phrases = self._by_run.get(run, []) + _prefixed(self._by_stem, run, self._longest_stem)
        second, second_stem = self._by_second.get(run, ({}, {}))
        starts[run] = _Start(
            tuple(sorted(phrases, key=_priority)),
            second,
            second_stem,
            {} if second or second_stem else None,
            self._longest_stem,
        )
        if phrases or second or second_stem:
            live.add(run)


def _second_key(phrase: _Phrase) -> tuple[str, bool] | None:
    """The run (or stem) a phrase's second word begins with; None if it begins otherwise."""
    if len(phrase.words) < 2:
        return None
    kind, word = phrase.words[1]
    run = _WORD_RUN.match(fold(word)) if kind != _GAP else None
    if run is None:
        return None
    whole_stem = kind == _STEM and run.end() == len(word)
    return run.group(), whole_stem


# ------------------------------------------------------------------ codebook lists


_FIELD_LABELS = {"reporting_verbs": "reporting"}


def codebook_lists(codebook: Codebook) -> dict[str, list[tuple[str, object]]]:
    """The phrase lists `CompiledPatterns` compiles, by label, each phrase with a payload.

    Labels: each phrase list of the language and the codebook's lexicon (the language's
    phrases first) by its `CompiledPatterns` field name (`reporting`,
    `negators`, `positive`, ...; payload None); `referring` (the language's pronouns and
    group determiners; payload None); `side:<SIDE>` (payload the side);
    `topic:<id>` (payload the polarity: +1 support cue, -1 oppose cue, 0 cue; support cues
    first, so a phrase in two lists keeps the first one's); `anaphora:<id>`, `other:<id>` and
    `reserve:<id>` (payload the topic id); `aliases` (payload the actor id); `roles`
    (payload the lowercased title, the key of `role_actors`). Empty lists are left out, as
    `CompiledPatterns` leaves out their patterns.
    """
    model, language = codebook.model, codebook.language
    lists: dict[str, list[tuple[str, object]]] = {}
    for name in type(language.phrases).model_fields:
        phrases = [*getattr(language.phrases, name), *getattr(model.lexicon, name)]
        lists[_FIELD_LABELS.get(name, name)] = [(p, None) for p in phrases]
    # Words by which a sentence may refer to someone (`stances.skim`).
    words = language.words
    referring = (*words.singular_pronouns, *words.plural_pronouns, *words.group_determiners)
    lists["referring"] = [(w, None) for w in referring]
    for side, side_words in model.lexicon.sides.items():
        lists[f"side:{side}"] = [(w, side) for w in side_words]
    for topic in model.topics:
        signed = ((topic.support_cues, 1), (topic.oppose_cues, -1), (topic.cues, 0))
        lists[f"topic:{topic.id}"] = [(p, sign) for phrases, sign in signed for p in phrases]
        lists[f"anaphora:{topic.id}"] = [(p, topic.id) for p in topic.anaphora]
        lists[f"other:{topic.id}"] = [(p, topic.id) for p in topic.other_matters]
        lists[f"reserve:{topic.id}"] = [(p, topic.id) for p in topic.reservations]
    alias_actor = {alias: a.id for a in model.actors for alias in a.aliases}  # last one wins
    lists["aliases"] = list(alias_actor.items())
    titles = dict.fromkeys(role.title.lower() for a in model.actors for role in a.roles)
    lists["roles"] = [(t, t) for t in titles]
    return {label: items for label, items in lists.items() if items}


def codebook_case_sensitive(labels: Iterable[str]) -> set[str]:
    """The codebook lists matched case-sensitively: actor aliases and side words."""
    return {label for label in labels if label == "aliases" or label.startswith("side:")}
