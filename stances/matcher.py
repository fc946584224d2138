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

How: every run of whitespace of the text becomes one space (offsets are mapped back) and
the text is folded once (lowercased as `re` compares characters). Each phrase has an
anchor, the text every match of it begins with: its words up to the first gap, one space
apart, of a first stem the stem. One Aho-Corasick automaton (pyahocorasick) holds every
anchor after each character that usually comes before a word, so one pass in C finds the
places where some phrase may begin at the start of a word; other characters before a word
are looked up apart. Python work is left for those places: the rest of a phrase is
compared in place, and each list keeps its hits apart.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

import ahocorasick

from stances.wordsets import GATES

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


def is_word(ch: str) -> bool:
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
            if ch != canonical and is_word(ch) == is_word(canonical):
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
    text: str | None  # literal words only: the words one space apart, as compared
    gapped: bool  # has a `...` gap: where its rest cannot match is remembered during a scan
    literals: tuple[str, ...]  # its literal words, as compared: each is in a text it matches


def _priority(phrase: _Phrase) -> tuple[int, int]:
    """Phrases tried at one position: list by list, each list's in alternation order."""
    return phrase.label, phrase.rank


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
            if kind == _LIT and end < len(low) and is_word(low[end]):
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
    `Matcher.from_codebook`). A matcher does not change once built: threads may share it,
    and it pickles for other processes.
    """

    def __init__(self, labels: tuple[str, ...], phrases: list[_Phrase]) -> None:
        self.labels = labels
        self._phrases = phrases
        by_anchor: dict[str, list[_Phrase]] = {}
        for ph in phrases:
            by_anchor.setdefault(_anchor(ph.words), []).append(ph)
        # The anchors (one key each), and each after every character of `_BOUNDARIES`
        self._anchors, self._automaton = ahocorasick.Automaton(), ahocorasick.Automaton()
        # Anchors by number -> their phrases; several anchors that begin at one place (each
        # the start of the next) -> all their phrases, by priority, as met in scans.
        self._merged: dict[tuple[int, ...], tuple[tuple, ...]] = {}
        for anchor, listed in by_anchor.items():
            # Where every phrase of an anchor goes on with a literal word, or is one, a word
            # character right after the anchor rules them all out.
            ends_word = is_word(anchor[-1]) and all(_ends_literal(p, anchor) for p in listed)
            candidates = tuple(_entry(ph, labels) for ph in sorted(listed, key=_priority))
            value = (len(anchor), ends_word, candidates, len(self._merged))
            self._merged[(value[3],)] = candidates
            self._anchors.add_word(anchor, value)
            for before in _BOUNDARIES:
                self._automaton.add_word(before + anchor, value)
        self._anchors.make_automaton()
        self._automaton.make_automaton()
        self._longest = max(map(len, by_anchor), default=0)

    def __reduce__(self) -> tuple:
        # Sent to another process as its phrases: the automata are built again there, at
        # less cost than sending them.
        return Matcher, (self.labels, self._phrases)

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
                literal = all(kind == _LIT for kind, _ in words)
                text = " ".join(word for _, word in words) if literal else None
                gapped = any(kind == _GAP for kind, _ in words)
                literals = tuple(word for kind, word in words if kind == _LIT)
                listed = (index, rank, phrase, payload, folded, words, text, gapped, literals)
                phrases.append(_Phrase(*listed))
        return cls(labels, phrases)

    @classmethod
    def from_codebook(cls, codebook: Codebook) -> Matcher:
        """The lists of `codebook_lists`, case-sensitive where the coder's regexes are."""
        lists = codebook_lists(codebook)
        return cls.build(lists, case_sensitive=codebook_case_sensitive(lists))

    def scan(self, text: str) -> dict[str, list[Hit]]:
        """Every list's hits in `text` (label -> hits in text order; every label present)."""
        labels = self.labels
        found: dict[str, list[Hit]] = {label: [] for label in labels}
        if self._automaton.kind == ahocorasick.EMPTY:
            return found
        raw, marks, shifts = _squeezed(_normalise(text))
        low = fold(raw)
        size = len(low)
        # (start, anchor: its length, ends_word, phrases, number). Keys begin with the
        # character before a word (a space before the text's first): the key's end less its
        # length is where the anchor starts. Left out: anchors whose last word goes on.
        candidates = [
            (last - anchor[0], anchor)
            for last, anchor in self._automaton.iter(" " + low)
            if not (anchor[1] and last < size and ((after := low[last]).isalnum() or after == "_"))
        ]
        # Where a rarer character comes before a word, the anchors are looked for there.
        for mark in _OTHER_BOUNDARY.finditer(low):
            start = mark.end()
            for last, anchor in self._anchors.iter(low, start, start + self._longest):
                if last + 1 - anchor[0] != start:
                    continue
                if anchor[1] and last + 1 < size and is_word(low[last + 1]):
                    continue
                candidates.append((start, anchor))
        # Ends are found in order, starts are not; several anchors may begin at one start
        # (the shortest found first): their phrases are tried together, by priority.
        candidates.sort(key=itemgetter(0))
        add_hit, new_hit = [found[label].append for label in labels], tuple.__new__
        free = [0] * len(labels)  # where each list may match next
        failed: dict[int, set[tuple[int, int]]] = {}  # gapped phrase -> dead ends in this text
        found_in: dict[int, bool] = {}  # phrase -> whether its literal words are in it
        previous, mark = -1, 0  # marks[mark]: the first run of whitespace not before `pos`
        count, mark_count = len(candidates), len(marks)
        for k, (pos, anchor) in enumerate(candidates):
            if pos == previous:
                continue  # tried with the first candidate at this start
            previous = pos
            phrases = anchor[2]
            if k + 1 < count and candidates[k + 1][0] == pos:
                j = k + 2
                while j < count and candidates[j][0] == pos:
                    j += 1
                phrases = self._together([anchor for _, anchor in candidates[k:j]])
            for label, length, cased, name, phrase, payload, ph in phrases:
                if pos < free[label]:
                    continue
                if length >= 0:  # the anchor is the whole phrase, folded
                    if cased is not None and not raw.startswith(cased, pos):
                        continue
                    end = pos + length
                    if end < size and ((after := low[end]).isalnum() or after == "_"):
                        continue
                else:
                    hay = low if ph.folded else raw
                    # Most such phrases tried fail: on a literal word missing from the text.
                    if (present := found_in.get(id(ph))) is None:
                        present = found_in[id(ph)] = all(map(hay.__contains__, ph.literals))
                    if not present:
                        continue
                    dead_ends = failed.setdefault(id(ph), set()) if ph.gapped else None
                    end = _match(ph.words, 0, pos, hay, low, dead_ends)
                    if end < 0:
                        continue
                free[label] = end
                start_at, end_at = pos, end
                if marks:  # back to the text's offsets, past the whitespace squeezed before
                    while mark < mark_count and marks[mark] < pos:
                        mark += 1
                    last_mark = mark
                    while last_mark < mark_count and marks[last_mark] < end:
                        last_mark += 1
                    start_at, end_at = pos + shifts[mark], end + shifts[last_mark]
                elif shifts[0]:
                    start_at, end_at = pos + shifts[0], end + shifts[0]
                # (a named tuple made as `Hit(...)` does, without a call in Python)
                add_hit[label](new_hit(Hit, (start_at, end_at, name, phrase, payload)))
        return found

    def _together(self, anchors: list[tuple]) -> tuple[tuple, ...]:
        """The phrases of anchors that begin at one place, in the order to try them."""
        numbers = tuple(anchor[3] for anchor in anchors)
        phrases = self._merged.get(numbers)
        if phrases is None:
            entries = (entry for anchor in anchors for entry in anchor[2])
            phrases = tuple(sorted(entries, key=lambda entry: _priority(entry[-1])))
            self._merged[numbers] = phrases  # an equal value if another thread got here first
        return phrases


def _entry(phrase: _Phrase, labels: tuple[str, ...]) -> tuple:
    """What a scan reads of a phrase: its list's index, its length if literal (else -1), its
    text if literal and case-sensitive (else None), label, phrase, payload, the phrase."""
    length = -1 if phrase.text is None else len(phrase.text)
    cased = None if phrase.folded else phrase.text
    return phrase.label, length, cased, labels[phrase.label], phrase.phrase, phrase.payload, phrase


def _anchor(words: tuple[tuple[int, str], ...]) -> str:
    """The (folded) text every match of a phrase begins with: its words up to the first
    gap, one space apart, and of a stem the stem."""
    anchor = []
    for kind, word in words:
        if kind == _GAP:
            break
        anchor.append(fold(word))
        if kind == _STEM:
            break
    return " ".join(anchor)


def _ends_literal(phrase: _Phrase, anchor: str) -> bool:
    """Whether a phrase's anchor ends with the whole of a literal word of it."""
    return phrase.words[anchor.count(" ")][0] == _LIT


_SPACE_RUN = re.compile(r"\s\s+")  # as `\s{2,}`, found sooner
_LEADING_SPACE = re.compile(r"\s*")
# The characters that most often come right before a word in news (whitespace is a space in
# a scan; each costs a copy of the automaton), and a pattern for any other character that is
# no word character, where something follows that an anchor may begin with (no anchor begins
# with whitespace).
_BOUNDARIES = " .,“(-/$'\""
_OTHER_BOUNDARY = re.compile(rf"[^\w\s{re.escape(_BOUNDARIES)}](?=\S)")


def _squeezed(text: str) -> tuple[str, list[int], list[int]]:
    """`text` with every run of whitespace one space and none at either end (a phrase
    matches the same there); the offsets of the runs of two or more whitespace characters in
    it (`marks`, ascending), and how much to add to an offset of it to find it in `text`:
    `shifts[k]` for an offset that follows k marks."""
    squeezed = " ".join(text.split())
    marks, shifts = [], [0]
    if len(squeezed) < len(text):
        shift = shifts[0] = _LEADING_SPACE.match(text).end()
        for run in _SPACE_RUN.finditer(text, shift):
            marks.append(run.start() - shift)
            shift += run.end() - run.start() - 1
            shifts.append(shift)
    return squeezed, marks, shifts


# ------------------------------------------------------------------ codebook lists


_FIELD_LABELS = {"reporting_verbs": "reporting"}


def codebook_lists(codebook: Codebook) -> dict[str, list[tuple[str, object]]]:
    """The phrase lists `CompiledPatterns` compiles, by label, each phrase with a payload.

    Labels: each phrase list of the language and the codebook's lexicon (the language's
    phrases first) by its `CompiledPatterns` field name (`reporting`,
    `negators`, `positive`, ...; payload None); `referring` (the language's pronouns and
    group determiners; payload None); `gate:<pattern>` (the words a pattern of `GATES`
    needs; payload None); `side:<SIDE>` (payload the side);
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
    # Words that patterns tried clause by clause need (`stances.wordsets.GATES`)
    for pattern, word_lists in GATES.items():
        gate = (w for name in word_lists for w in getattr(words, name))
        lists[f"gate:{pattern}"] = [(w, None) for w in dict.fromkeys(gate)]
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
