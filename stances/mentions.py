"""Who is referred to in a sentence: actors by name, by dated title, by pronoun or as a pair.

Mentions are resolved against what the article has said so far (`Salience`): the last
subject for "he", the last two actors for "both leaders", recent holders for "the
president". People outside the codebook are mentions too, with no actor, so that a pronoun
after them is not taken for a codebook actor.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain, pairwise
from typing import TYPE_CHECKING

from stances.codebook import Codebook, CompiledPatterns
from stances.wordsets import WordSets

if TYPE_CHECKING:
    from stances.document import Hits
from stances.segment import Span, inside, overlaps

# A capital not after a word character, looked behind from after it: a pattern that begins
# with a set of characters is tried only where one stands, one that begins with `\b` everywhere.
CAPITALISED_RUN = re.compile(
    r"[A-Z](?<!\w[A-Z])[\w’'.-]*(?:\s+(?:of\s+|von\s+der\s+|de\s+)?[A-Z][\w’'.-]*)+"
)
POSSESSIVE_END = re.compile(r"['’]s?\b")
# between an owner and what it owns: "Trump's (first) call"
OWNER_GAP = re.compile(r"['’]s?\s+(?:[\w-]+\s+)?")
TITLE_NAME_GAP = re.compile(r"\s+(?:[A-Z][\w.]*\s+){0,2}|,\s+")  # a first name, a middle initial
CLAUSE_PUNCTUATION = re.compile(r"[,;:]")
WORD = re.compile(r"[\w’'-]+")
LONE_NAME_BEFORE = re.compile(r"\b([A-Z][a-z][\w’'-]*)\s+$")  # "Leavitt " before "said"
WORD_BEFORE = re.compile(r"([\w.’'-]+)\s+$")
WORD_RUNS_ON = re.compile(r"\w")  # matched at a span's end: a word goes on past it
WHITESPACE = re.compile(r"\s")
OBJECT_VERB_REACH = 80  # characters before an object pronoun where its verb is looked for


@dataclass(frozen=True)
class Mention:
    """A reference to someone: `actors` is empty for a person outside the codebook."""

    span: Span
    actors: tuple[str, ...]
    kind: str  # name | title | pronoun | group | outsider
    text: str


@dataclass
class Salience:
    """Who pronouns, titles and "both leaders" refer to at this point of the article."""

    subject: str | None = None  # actor id, "" for someone outside the codebook
    group: tuple[str, ...] = ()
    group_sentence: int = -2  # the sentence that last named a group: "they" refers to it
    sentence: int = 0
    named: list[str] = field(default_factory=list)  # actor ids in order of mention
    subjects: list[str] = field(default_factory=list)  # actor ids in order of holding a clause
    # list name -> (entries indexed, actor -> its last index): `latest` without a rescan
    _last: dict[str, tuple[int, dict[str, int]]] = field(default_factory=dict, repr=False)

    def mark(self) -> tuple:
        """A point to come back to: the lists only grow, so their lengths suffice."""
        return (
            self.subject,
            self.group,
            self.group_sentence,
            self.sentence,
            len(self.named),
            len(self.subjects),
        )

    def restore(
        self, mark: tuple, *, named: list[str] | None = None, subjects: list[str] | None = None
    ) -> None:
        """Go back to `mark`, or forward to a later mark of a pass whose lists were `named`
        and `subjects`."""
        self.subject, self.group, self.group_sentence, self.sentence, n_named, n_subjects = mark
        if named is not None and subjects is not None:
            self.named[:], self.subjects[:] = named[:n_named], subjects[:n_subjects]
        del self.named[n_named:], self.subjects[n_subjects:]
        self._last.clear()

    def latest(self, candidates: list[str]) -> str | None:
        """Of `candidates`, the one that last held a clause, else the one named last."""
        for name in ("subjects", "named"):
            entries = getattr(self, name)
            indexed, last = self._last.get(name, (0, {}))
            for k in range(indexed, len(entries)):
                last[entries[k]] = k
            self._last[name] = (len(entries), last)
            found = [(last[a], a) for a in candidates if a in last]
            if found:
                return max(found)[1]
        return None


def find_mentions(
    text, sentence, in_quotes, codebook: Codebook, patterns, hits: Hits, published, state: Salience
) -> list[Mention]:
    """All references to people in the sentence, resolved against the article so far."""
    lo, hi = sentence.start, sentence.end
    words = patterns.words
    found: list[Mention] = []
    for m in hits.within("aliases", lo, hi):
        # "Mr. Putin" is one name: what is read right before a name finds it at its start
        courtesy = words.courtesy_before.search(text, max(lo, m.start - 6), m.start)
        start = courtesy.start() if courtesy else m.start
        found.append(Mention(Span(start, m.end), (m.payload,), "name", text[start : m.end]))
    if patterns.on("two_sided_titles"):
        found += _two_sided_titles(text, lo, hi, patterns, published)
    if patterns.on("titles"):
        for m in hits.within("roles", lo, hi):
            span = Span(m.start, m.end)
            if any(overlaps(span, f.span) for f in found):
                continue
            found.append(_title(text, span, found, codebook, patterns, published, state, lo))
    taken = [f.span for f in found]
    for m in _capitalised_runs(text, lo, hi):
        run = _strip_function_words(text, m, words.function_words)
        if (
            run is None
            or any(overlaps(run, t) for t in taken)
            or _is_place(text[run.start : run.end], patterns)
        ):
            continue
        found.append(Mention(run, (), "outsider", text[run.start : run.end]))
    if patterns.on("lone_surname_speaker"):
        found += _lone_speakers(text, lo, hi, found, patterns, hits)
    # Title + name ("Defense Secretary Pete Hegseth") is one mention of the named actor.
    found = _merge_titles(text, sorted(found, key=lambda f: f.span), hits)
    if may_refer(text, hits, lo, hi):
        _add_referring(text, sentence, in_quotes, patterns, hits, published, state, found)
    for f in found:
        if f.kind in ("name", "title") and f.actors:
            state.named.append(f.actors[0])
    return sorted(found, key=lambda f: f.span)


def may_refer(text: str, hits: Hits, lo: int, hi: int) -> bool:
    """Whether a pronoun or group word may stand in text[lo:hi]: the scan found one of
    its words there (list `referring`) or did not look for them, or a word runs on past
    `hi`, where a pattern's final `\\b` reads otherwise than in the whole text."""
    return (
        not hits.scanned("referring")
        or hits.reach("referring", lo, hi)
        or WORD_RUNS_ON.match(text, hi) is not None
    )


def _add_referring(
    text, sentence, in_quotes, patterns, hits, published, state: Salience, found
) -> None:
    """Add the sentence's group words and pronouns to `found` (its other mentions)."""
    lo, hi, words = sentence.start, sentence.end, patterns.words
    names = [f for f in found if f.kind in ("name", "title") and f.actors]
    for m in words.group.finditer(text, lo, hi) if patterns.on("group_reference") else ():
        fits = _fitting(m.group(), patterns, published) if patterns.on("group_roles") else None
        group = _last_two(state, names, m.start(), fits)
        if group:
            state.group, state.group_sentence = group, state.sentence
        found.append(Mention(Span(m.start(), m.end()), group, "group", m.group()))
    for m in words.singular_pronoun.finditer(text, lo, hi) if patterns.on("pronouns") else ():
        if inside(m.start(), in_quotes):
            continue
        found.append(
            Mention(
                Span(m.start(), m.end()),
                _pronoun_referent(
                    text, found, m, state, lo, in_quotes, words, hits, patterns.on("binding")
                ),
                "pronoun",
                m.group(),
            )
        )
    for m in words.plural_pronoun.finditer(text, lo, hi) if patterns.on("pronouns") else ():
        recent = state.sentence - state.group_sentence <= 1
        # "US officials have said that they hope ...": the people named before it, not the
        # last group
        outsiders = any(
            w.lower() in words.plural_person_nouns for w in WORD.findall(text, lo, m.start())
        )
        earlier = state.group if recent and not outsiders else ()
        group = _pair_before(text, names, m.start(), words) or earlier
        # "told Putin in their phone call": the two people of the sentence had it
        if (
            not group
            and patterns.on("their_exchange")
            and m.group().lower() in words.possessive_pronouns
            and words.owned_exchange.match(text, m.end())
        ):
            group = _last_two_before(found, m.start())
        found.append(Mention(Span(m.start(), m.end()), group, "pronoun", m.group()))


def lone_names(text, lo: int, hi: int, hits: Hits) -> Iterator[re.Match]:
    """The lone capitalised words right before a reporting verb in text[lo:hi] ("Leavitt
    said"): where `find_mentions` may find a speaker outside the codebook by surname."""
    for verb in hits.within("reporting", lo, hi):
        before = LONE_NAME_BEFORE.search(text, max(lo, verb.start - 40), verb.start)
        if before is not None:
            yield before


def _lone_speakers(text, lo, hi, found, patterns, hits: Hits) -> list[Mention]:
    """ "Leavitt said", "Zakharova told reporters": a lone capitalised word right before a
    reporting verb that names no one of the codebook, no side and no place is a speaker
    outside the codebook (a surname), as a capitalised run is."""
    words, taken, speakers = patterns.words, [f.span for f in found], []
    for before in lone_names(text, lo, hi, hits):
        span, word = Span(before.start(1), before.end(1)), before.group(1)
        # (after a capitalised word it ends a run that named someone else, or nobody)
        earlier = WORD_BEFORE.search(text, max(lo, span.start - 40), span.start)
        if earlier is not None and earlier.group(1)[0].isupper():
            continue
        if (
            word.lower() in words.function_words
            or words.singular_pronoun.fullmatch(word)
            or words.plural_pronoun.fullmatch(word)
            or any(overlaps(span, t) for t in taken)
            or hits.reach("sides", span.start, span.end)
            or _is_place(word, patterns)
        ):
            continue
        speakers.append(Mention(span, (), "outsider", word))
    return speakers


def _capitalised_runs(text: str, lo: int, hi: int) -> list[re.Match]:
    """Runs of capitalised words in text[lo:hi], none in a headline written in title case."""
    runs = list(CAPITALISED_RUN.finditer(text, lo, hi))
    if runs:
        tokens = WORD.findall(text, lo, hi)
        if sum(w[0].isupper() for w in tokens) > 0.6 * len(tokens):
            return []
    return runs


def _title(
    text,
    span: Span,
    names,
    codebook: Codebook,
    patterns: CompiledPatterns,
    published,
    state,
    sentence_start: int,
) -> Mention:
    said = text[span.start : span.end]
    title = _key(said)
    # the qualifier stands in the same sentence: "... by CBS. The Russian foreign minister"
    window = text[max(sentence_start, span.start - 30) : span.start]
    before = WORD.findall(re.split(r"[,;:—–()]", window)[-1])
    after = WORD.match(text, span.end + 1) if text[span.end : span.end + 1] == " " else None
    named_after = (
        after is not None
        and after.group()[0].isupper()
        and not any(n.span.start == after.start() for n in names)
    )
    # "former president", "Belarusian President", "Commission President Ursula ...": someone else.
    if named_after or (before and before[-1].lower().strip("-") in patterns.words.not_current):
        return Mention(span, (), "outsider", said)
    candidates = [a for a, role in patterns.role_actors.get(title, []) if role.holds_on(published)]
    # A qualifier just before the title must fit: "the U.S. envoy" yes, "the Russian envoy" no.
    for word in before[-2:]:
        if word[0].isupper() and word.lower() not in patterns.words.function_words:
            sides = {side for side, p in patterns.sides.items() if p.fullmatch(word)}
            candidates = [a for a in candidates if codebook.actors[a].country in sides]
    recent = state.latest(candidates)
    qualified = any(p.search(said) for p in patterns.sides.values())
    if recent is not None:
        return Mention(span, (recent,), "title", said)
    if qualified and len(candidates) == 1:
        return Mention(span, (candidates[0],), "title", said)
    return Mention(span, (), "outsider", said)


def two_sided_titles(text: str, lo: int, hi: int, words: WordSets) -> Iterator[re.Match]:
    """Where text[lo:hi] may hold a two-sided title ("top Russian and US diplomats"): the
    pattern is tried only around an "and" before a capital."""
    end = lo
    for joint in words.and_capital.finditer(text, lo, hi):
        if joint.start() < end:
            continue
        window = max(lo, joint.start() - 40), min(hi, joint.end() + 60)
        found = words.two_sided_titles.search(text, *window)
        if found is not None and found.start() <= joint.start() < found.end():
            end = found.end()
            yield found


def _two_sided_titles(text, lo, hi, patterns: CompiledPatterns, published) -> list[Mention]:
    """ "Top Russian and US diplomats met": one holder per side, where each side's title
    ("top Russian diplomat", "top US diplomat") names one actor on the day."""
    found = []
    for m in two_sided_titles(text, lo, hi, patterns.words):
        rank = m.group(1) or m.group(4)
        top = f"{rank.lower()} " if rank else ""
        actors = []
        for side in (m.group(2), m.group(3)):
            title = f"{top}{side} {m.group(5)}".lower()
            holders = [
                a for a, role in patterns.role_actors.get(title, []) if role.holds_on(published)
            ]
            if len(holders) != 1:
                break
            actors.append(holders[0])
        if len(actors) == 2:
            found.append(Mention(Span(m.start(), m.end()), tuple(actors), "title", m.group()))
    return found


def _merge_titles(text, mentions: list[Mention], hits: Hits) -> list[Mention]:
    merged: list[Mention] = []
    for m in mentions:
        if merged:
            prev = merged[-1]
            gap = text[prev.span.end : m.span.start]
            if (
                prev.kind in ("title", "outsider")
                and m.kind == "name"
                and len(gap) <= 20
                # "Defense Secretary Pete Hegseth", "U.S. President, Donald Trump,"
                and TITLE_NAME_GAP.fullmatch(gap)
                # "... in the Black Sea, Witkoff said": a run of capitals without a role
                # word before a comma is no title
                and not (
                    prev.kind == "outsider"
                    and "," in gap
                    and hits.first("roles", prev.span.start, prev.span.end) is None
                )
            ):
                merged[-1] = Mention(
                    Span(prev.span.start, m.span.end),
                    m.actors,
                    "name",
                    text[prev.span.start : m.span.end],
                )
                continue
            if prev.kind == "title" and m.kind == "outsider" and re.fullmatch(r"\s+", gap):
                merged[-1] = Mention(
                    Span(prev.span.start, m.span.end),
                    (),
                    "outsider",
                    text[prev.span.start : m.span.end],
                )
                continue
            if overlaps(prev.span, m.span):
                continue
        merged.append(m)
    return merged


def _strip_function_words(text, match, function_words: frozenset[str]) -> Span | None:
    tokens = list(WORD.finditer(text, match.start(), match.end()))
    while tokens and tokens[0].group().lower() in function_words:
        tokens.pop(0)
    # "The U.S. delegation": one word with inner dots is no name of two
    if len(tokens) < 2 or not WHITESPACE.search(text, tokens[0].end(), tokens[-1].start()):
        return None
    return Span(tokens[0].start(), tokens[-1].end())


def _is_place(run: str, patterns: CompiledPatterns) -> bool:
    """Whether a run of capitals names a side ("United States"), or only sides word by word
    ("Ukraine's NATO aspirations"), and no person."""
    sides = patterns.sides.values()
    if any(p.fullmatch(run) for p in sides):
        return True
    words = [POSSESSIVE_END.sub("", w) for w in run.split()]
    return len(words) > 1 and all(any(p.fullmatch(w) for p in sides) for w in words)


def _fitting(group: str, patterns, published) -> Callable[[str], bool] | None:
    """Whether an actor fits the group's noun on the day ("the two presidents": holds a
    president's role); None where the noun fits anyone ("both men")."""
    words = " ".join(group.lower().split())
    noun = max((n for n in patterns.group_fits if words.endswith(n)), key=len, default=None)
    if noun is None:
        return None
    fit = patterns.group_fits[noun]
    return lambda actor: any(role.holds_on(published) for role in fit.get(actor, ()))


def _last_two(
    state: Salience, names: list[Mention], before: int, fits: Callable[[str], bool] | None
) -> tuple[str, ...]:
    earlier = (n.actors[0] for n in reversed(names) if n.span.end <= before)
    distinct: list[str] = []
    for actor in chain(earlier, reversed(state.named)):
        if actor not in distinct and (fits is None or fits(actor)):
            distinct.append(actor)
        if len(distinct) == 2:
            break
    return tuple(sorted(distinct)) if len(distinct) == 2 else ()


def _last_two_before(found: list[Mention], offset: int) -> tuple[str, ...]:
    """The last two people named or referred to before `offset`, if there are two."""
    before = sorted(
        (f for f in found if f.span.end <= offset and len(f.actors) == 1),
        key=lambda f: f.span.start,
    )
    distinct = list(dict.fromkeys(f.actors[0] for f in reversed(before)))
    return tuple(sorted(distinct[:2])) if len(distinct) >= 2 else ()


def _pair_before(text, names: list[Mention], offset: int, words: WordSets) -> tuple[str, ...]:
    """ "a call between Trump and Putin, when they ...": the last pair joined by "and"."""
    before = [n for n in names if n.span.end <= offset]
    for m, n in reversed(list(pairwise(before))):
        joined = words.and_joined.fullmatch(text, m.span.end, n.span.start)
        if joined and m.actors != n.actors:
            return tuple(sorted({*m.actors, *n.actors}))
    return ()


def _pronoun_referent(
    text,
    found,
    pronoun: re.Match,
    state: Salience,
    sentence_start,
    in_quotes,
    words: WordSets,
    hits,
    binding: bool,
) -> tuple[str, ...]:
    offset = pronoun.start()
    doer = _object_doer(text, found, pronoun, sentence_start, in_quotes, words) if binding else None
    if doer is not None:
        # "Putin met Trump and thanked him": whoever the verb's subject is, not him
        return _other_than(doer, text, found, offset, state, sentence_start, in_quotes, words)
    # "Putin, he said, wanted ...": the parenthetical speaker is the previous subject.
    if re.search(r",\s*$", text[sentence_start:offset]) and words.parenthetical_speech.match(
        text, offset
    ):
        return (state.subject,) if state.subject else ()
    # "... and Trump has said he wants": the one whose reporting verb the pronoun follows
    named = [
        f
        for f in found
        if f.kind in ("name", "title", "outsider")
        and f.span.end <= offset
        and not inside(f.span.start, in_quotes)
    ]
    if named:
        speaker = max(named, key=lambda f: f.span.end)
        said = hits.first("reporting", speaker.span.end, offset)
        if (
            said is not None
            and words.auxiliaries_only.fullmatch(text, speaker.span.end, said.start)
            and words.complementizer_only.fullmatch(text, said.end, offset)
        ):
            return speaker.actors
    subject = _subject_so_far(text, found, offset, sentence_start, in_quotes, words)
    if subject is not None:
        return subject.actors
    return (state.subject,) if state.subject else ()


def _subject_so_far(text, found, offset, sentence_start, in_quotes, words) -> Mention | None:
    """The first person named in the sentence before `offset`, not after a preposition."""
    for f in sorted(found, key=lambda f: f.span):
        if f.span.start >= offset:
            break
        if (
            f.kind in ("name", "title", "outsider")
            and not inside(f.span.start, in_quotes)
            and not after_preposition(text, f, sentence_start, words)
        ):
            return f
    return None


def _object_doer(
    text, found, pronoun: re.Match, sentence_start, in_quotes, words: WordSets
) -> tuple[str, ...] | None:
    """Who does the verb whose object `pronoun` is: the one named right before the verb, or
    the sentence's subject when a comma or "and" leads to the verb ("..., accusing him");
    None when the pronoun is no verb's object or the doer is not known."""
    word = pronoun.group().lower()
    if word not in words.object_pronouns:
        return None
    if word in words.possessive_pronouns:  # "her": an object only before no noun
        after = WORD.match(text, pronoun.end() + 1)
        if after and after.group().lower() not in words.object_followers:
            return None
    # The verb and what may stand before it fit in a few words: a sentence without ends may
    # be a whole article.
    window = max(sentence_start, pronoun.start() - OBJECT_VERB_REACH)
    verb = words.object_verb.search(text, window, pronoun.start())
    if verb is None:
        return None
    if verb.group("lead"):
        subject = _subject_so_far(text, found, verb.start(), sentence_start, in_quotes, words)
        return subject.actors if subject is not None else None
    before = verb.start()
    while before > sentence_start and text[before - 1].isspace():
        before -= 1
    doer = next((f for f in found if f.span.end == before), None)
    return doer.actors if doer is not None and doer.actors else None


def _other_than(doer, text, found, offset, state, sentence_start, in_quotes, words):
    """The subject so far unless it is `doer`, else the last actor named before `offset`
    who is not (else the last other name: a capitalised run may be a place), else the
    article's subject unless it is."""
    subject = _subject_so_far(text, found, offset, sentence_start, in_quotes, words)
    if subject is not None and set(subject.actors).isdisjoint(doer):
        return subject.actors
    named = [
        f
        for f in sorted(found, key=lambda f: f.span.end, reverse=True)
        if f.span.end <= offset
        and f.kind in ("name", "title", "outsider")
        and not inside(f.span.start, in_quotes)
        and set(f.actors).isdisjoint(doer)
    ]
    if named:
        return min(named, key=lambda f: not f.actors).actors  # the latest, actors first
    return (state.subject,) if state.subject and state.subject not in doer else ()


def after_preposition(text, mention: Mention, clause_start: int, words: WordSets) -> bool:
    lead = text[clause_start : mention.span.start]
    before = WORD.findall(CLAUSE_PUNCTUATION.split(lead)[-1])
    # Skip a possessive owner and titles in front of the name ("with Ukraine's Zelensky").
    # (not a capitalised preposition: "On Putin, Rutte was blunt")
    while (
        before
        and before[-1].lower() not in words.prepositions
        and (before[-1][0].isupper() or before[-1].lower() in words.title_skips)
    ):
        before.pop()
    return bool(before) and before[-1].lower() in words.prepositions


def is_possessive(text, mention: Mention) -> bool:
    return bool(
        POSSESSIVE_END.match(text[mention.span.end : mention.span.end + 2])
    ) or mention.text.lower() in ("his", "her", "their")


def _key(title: str) -> str:
    return re.sub(r"\s+", " ", title.lower().replace("’", "'"))
