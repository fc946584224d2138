"""The rule coder: who takes which stance on which topic, sentence by sentence, with evidence.

For each sentence the coder takes the people referred to (`stances.mentions`), finds the
speaker of a reporting verb or quotation and the holder of each clause, then the topic
cues and the evaluations and negations around them. `analyse_article` returns that
reasoning per sentence (what `stances explain` shows); `code_article` turns it into rows
of the statements table.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise

import pandas as pd

from stances.codebook import Codebook, CompiledPatterns
from stances.mentions import (
    PREPOSITIONS,
    SINGULAR_PRONOUN,
    WORD,
    Mention,
    Salience,
    after_preposition,
    find_mentions,
    is_possessive,
)
from stances.schema import STATEMENTS, empty_frame
from stances.segment import Span, find_quotes, inside, overlaps, split_sentences

CODER = "rules/1"

# "Trump's plan ..." makes Trump the holder; "Trump's spokeswoman ..." does not.
HOLDER_NOUNS = frozenset(
    "stance position view views plan plans proposal proposals call calls offer offers decision "
    "vision approach policy administration government team engagement openness push demand "
    "demands insistence refusal readout post statement statements remarks comments letter "
    "message argument effort efforts bid pledge promise threat support opposition criticism "
    "praise announcement order move moves message "
    "willingness eagerness reluctance determination".split()
)
# Nouns that name a speaker outside the codebook ("officials said", "an analyst said").
PERSON_NOUNS = frozenset(
    "official officials spokesman spokeswoman spokesperson analyst analysts diplomat diplomats "
    "lawmaker lawmakers source sources aide aides expert experts critic critics observer "
    "observers people minister ministers chancellor commentator commentators adviser advisers "
    "advisor advisors senator senators mp mps legislator legislators economist economists "
    "chief leaders counterpart counterparts reporters journalists newspaper agency "
    "kremlin ministry government house pentagon embassy office".split()
)
ADJACENT_GAP = re.compile(
    r"^(?:\s*,\s*[^,“”\"]{0,80}?,)?\s*(?:(?:also|later|then|has|had|have|was|were|is|"
    r"previously|again|once|repeatedly|publicly|on\s+\w+|last\s+\w+|himself|herself|first|"
    r"in\s+a\s+\w+(?:\s+\w+)?)\s+){0,3}$"
)
PROCESS_NOUN = re.compile(
    r"(?i)\b(?:deal|agreement|negotiations|talks|process|framework|accord|treaty|conditions?)"
    r"\s+(?:\w+\s+){0,1}(?:to|over|on|for)\s+$"
)
INVERTED_END = re.compile(r"\s*(?:[,.;:]|$|\s(?:on|in|at|to|during|after|before|when)\b)")
RELATIVE_WHO = re.compile(r",\s*who\s+(?:\w+\s+){0,2}$")
APPOSITION = re.compile(r",\s[^,;“”\"]{1,120},\s*(?:\w+\s+){0,2}$")
# A condition about someone else ("if Russia rejects the truce"), not "if doing so helps".
CONDITION = re.compile(r"(?i)\b(?:if|unless)\s+(?!so\b)(?!not\b)(?![a-z]+ing\b)")
OWNED_NOUN = re.compile(r"(?i)hopes?|ambitions?|aspirations?|wish(?:es)?|desire|dreams?")
# "Asked about X, Trump said ...": the question is not the answer; a reason is not a stance.
QUESTION_OR_REASON = re.compile(r"(?i)^asked\b[^,]*,|\bbecause\b")
# Side clauses after a comma: time, response, reports; their subject is not the holder's.
SIDE_CLAUSE = re.compile(
    r"(?i),\s+(?:(?:a|one|two|three|several|\w+)\s+(?:day|days|hours|weeks|months)\s+)?"
    r"(?:after|before|when|since|until|responding to|reacting to|in response to|amid|"
    r"as(?=\s+(?:the\s+)?[A-Z]))\b"
)
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")

STRENGTH_HEDGED = 0.6
EVALUATION_REACH = 8  # words from an evaluation to the cue it governs ("eager to end the war")
PREDICATE_REACH = 6  # words from a cue to a later evaluation of it ("talks were useful")
NEGATION_REACH = 8  # words before a cue or evaluation that a negator reaches
SUBJECT_REACH = 2  # lower-case words that may stand before a clause's subject ("While Trump ...")
ANAPHORA_REACH = 600  # characters within which "the deal" refers back to a topic's cue
BASE_CONFIDENCE = {"direct_quote": 0.9, "paraphrase": 0.88, "action": 0.8, "reported": 0.72}


@dataclass(frozen=True)
class Holder:
    actor_id: str
    attribution: str
    via_actor_id: str | None = None
    resolved_by: str = "name"


@dataclass(frozen=True)
class Cue:
    topic_id: str
    text: str
    span: Span
    polarity: int
    negated: bool


@dataclass(frozen=True)
class Signal:
    """An evaluation or polar cue and the sign it gives its topic."""

    topic_id: str
    text: str
    sign: int


@dataclass
class ClauseTrace:
    """What the coder decided for one clause: holders, cues, signals and the outcome."""

    span: Span
    speaker: str | None = None
    verb: str | None = None
    content_start: int | None = None  # where the reported content begins
    holders: list[Holder] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    hedged: bool = False
    neutral: bool = False
    outcome: str = ""


@dataclass
class SentenceTrace:
    span: Span
    text: str
    mentions: list[Mention]
    quotes: list[Span]
    clauses: list[ClauseTrace]
    statements: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class _Matches:
    """Every cue, evaluation and filler phrase of an article, found in one scan each."""

    cues: list[tuple[Span, str, str, int]]  # span, topic id, text, polarity
    evaluations: list[tuple[Span, str, int]]  # span, text, sign
    fillers: list[Span]

    @classmethod
    def scan(cls, text: str, patterns: CompiledPatterns) -> _Matches:
        cues = [
            (Span(m.start(), m.end()), topic.topic_id, m.group(), topic.polarity[m.lastgroup])
            for topic in patterns.topics
            for m in topic.pattern.finditer(text)
        ]
        cues += _anaphora(text, patterns, cues)
        evaluations = [
            (Span(m.start(), m.end()), m.group(), sign)
            for pattern, sign in ((patterns.positive, 1), (patterns.negative, -1))
            if pattern is not None
            for m in pattern.finditer(text)
        ]
        fillers = (
            [Span(m.start(), m.end()) for m in patterns.fillers.finditer(text)]
            if patterns.fillers
            else []
        )
        return cls(sorted(cues, key=lambda c: c[0]), sorted(evaluations), fillers)


def _anaphora(text: str, patterns: CompiledPatterns, cues: list) -> list:
    """ "the deal" as a cue of the topic last cued before it (nearby or in the headline)."""
    headline_end = text.find("\n") % (len(text) + 1)
    found = []
    for topic in patterns.topics:
        if topic.anaphora is None:
            continue
        for m in topic.anaphora.finditer(text):
            # The headline's topic first, otherwise the topic cued last within reach.
            earlier = [
                (span.end <= headline_end, span.end, topic_id)
                for span, topic_id, _, _ in cues
                if span.end <= m.start()
                and (m.start() - span.end <= ANAPHORA_REACH or span.end <= headline_end)
            ]
            referent = max(earlier, default=(False, 0, None))[2]
            if referent == topic.topic_id:
                found.append((Span(m.start(), m.end()), topic.topic_id, m.group(), 0))
    return found


def analyse_article(
    text: str, codebook: Codebook, *, published: date | None = None
) -> list[SentenceTrace]:
    """The coder's reasoning for every sentence of a normalised article text."""
    patterns = codebook.patterns
    article = _Article(
        text=text,
        codebook=codebook,
        patterns=patterns,
        published=published,
        quotes=find_quotes(text),
        framing=_headline_sides(text, patterns, codebook),
        matches=_Matches.scan(text, patterns),
    )
    sentences = split_sentences(text)
    # A quote whose speaker comes only after it ("…,” Rubio said) covers the sentences before
    # the attribution too: with quotes, a first pass learns every quote's speaker.
    for _ in range(2 if article.quotes else 1):
        _continue_quotes(text, article.quotes, article.quote_speakers)
        state = Salience()
        traces = [
            _analyse_sentence(article, s, _context_start(text, sentences, k), state)
            for k, s in enumerate(sentences)
        ]
    return traces


@dataclass
class _Article:
    """What every sentence of one article is analysed against."""

    text: str
    codebook: Codebook
    patterns: CompiledPatterns
    published: date | None
    quotes: list[Span]
    framing: set[str]  # sides the headline refers to
    matches: _Matches
    quote_speakers: dict[Span, str] = field(default_factory=dict)


def _continue_quotes(text: str, quotes: list[Span], speakers: dict[Span, str]) -> None:
    """A quote right after an attributed one in the same paragraph is the same speaker's."""
    for previous, quote in pairwise(quotes):
        between = text[previous.end : quote.start]
        if previous in speakers and quote not in speakers and "\n" not in between:
            speakers[quote] = speakers[previous]


def _context_start(text: str, sentences: list[Span], k: int) -> int:
    """Start of the sentence before, when it is in the same paragraph (for bilateral topics)."""
    if k and "\n" not in text[sentences[k - 1].end : sentences[k].start]:
        return sentences[k - 1].start
    return sentences[k].start


def code_article(article: Mapping, codebook: Codebook) -> list[dict]:
    """Statement rows (schema v1 columns) for one article: needs article_id, doc_id and text."""
    published = _as_date(article.get("published"))
    rows = []
    for trace in analyse_article(article["text"], codebook, published=published):
        for statement in trace.statements:
            rows.append(_row(article, statement, codebook))
    return rows


def code_articles(
    articles: pd.DataFrame, codebook: Codebook, *, progress: Iterable | None = None
) -> pd.DataFrame:
    """The statements table for an articles table (one row per coded statement)."""
    records = articles.to_dict("records")
    rows = [row for article in (progress or records) for row in code_article(article, codebook)]
    if not rows:
        return empty_frame(STATEMENTS)
    return pd.DataFrame(rows, columns=STATEMENTS.names)


# ----------------------------------------------------------------- sentence analysis


def _analyse_sentence(article: _Article, sentence: Span, context_start: int, state: Salience):
    text, codebook, patterns = article.text, article.codebook, article.patterns
    quotes, quote_speakers, published = article.quotes, article.quote_speakers, article.published
    s_text = text[sentence.start : sentence.end]
    state.sentence += 1
    in_quotes = [q for q in quotes if q.start < sentence.end and q.end > sentence.start]
    mentions = find_mentions(text, sentence, in_quotes, codebook, patterns, published, state)
    trace = SentenceTrace(sentence, s_text, mentions, in_quotes, [])
    historical = _is_background(s_text, published)
    holder_of_quote = next((quote_speakers[q] for q in in_quotes if q in quote_speakers), None)
    previous: ClauseTrace | None = None
    clauses = _clauses(text, sentence, in_quotes, patterns)
    final = _postposed_speaker(text, clauses[-1][0], in_quotes, mentions, patterns)
    for clause, kind in clauses:
        ct = ClauseTrace(clause)
        if kind == "hypothetical":  # "... if Russia rejects the truce": nobody's stance
            ct.outcome = "condition, question or reason: not a stance"
            trace.clauses.append(ct)
            continue
        speaker, verb, content_start = _reporting(text, clause, in_quotes, mentions, patterns)
        if speaker is not None:
            ct.verb = verb
            ct.speaker = _label(speaker)
            if _is_postposed(text, clause, speaker, content_start):
                # "... Putin did not want peace, the president wrote": the content comes first.
                content_start = clause.start
            ct.holders = _content_holders(text, content_start, clause, mentions, speaker)
            ct.content_start = content_start
            for q in in_quotes:
                if speaker.actors and len(speaker.actors) == 1:
                    quote_speakers.setdefault(q, speaker.actors[0])
            _remember(state, speaker, ct.holders)
        else:
            inside_quote = next(
                (q for q in in_quotes if q.start <= clause.start and clause.end <= q.end + 2), None
            )
            subject = _subject(text, clause, in_quotes, mentions, article.matches)
            if inside_quote is not None and inside_quote in quote_speakers:
                ct.holders = [Holder(quote_speakers[inside_quote], "direct_quote")]
                ct.speaker = quote_speakers[inside_quote]
            elif kind == "main" and final is not None:
                # "Russia is open to talks but ..., Lavrov said": the whole sentence is reported.
                speaker, ct.verb = final
                ct.speaker = _label(speaker)
                ct.holders = _content_holders(text, clause.start, clause, mentions, speaker)
                ct.content_start = clause.start
            elif subject is not None:
                attribution = "paraphrase" if is_possessive(text, subject) else "action"
                ct.holders = [Holder(a, attribution, None, subject.kind) for a in subject.actors]
                _remember(state, subject, ct.holders)
            elif kind == "main" and previous is not None and previous.holders:
                ct.holders = list(previous.holders)
                ct.speaker, ct.verb = previous.speaker, previous.verb
            elif kind == "main" and holder_of_quote is not None:
                ct.holders = [Holder(holder_of_quote, "direct_quote")]
        if historical and ct.verb is None:
            ct.outcome = "background: refers to an earlier year"
            ct.holders = []
        _code_clause(text, ct, context_start, article, mentions)
        if previous is not None:
            _add_reservation(text, previous, ct, patterns)
        trace.clauses.append(ct)
        previous = ct
    trace.statements = _statements(text, sentence, trace, in_quotes, codebook)
    return trace


def _clauses(text, sentence, in_quotes, patterns: CompiledPatterns) -> list[tuple[Span, bool]]:
    """Split at contrast words, side clauses and semicolons outside quotations.

    Each clause comes with its kind: "main" clauses, contrasts included ("..., but said ..."),
    may continue the previous clause's holder; a "side" clause ("..., a day after the US
    paused aid") may not; a "hypothetical" one ("if Russia rejects the truce") holds no stance.
    """
    cuts = []  # (end of previous clause, start of next one)
    side_starts, hypothetical_starts = set(), set()
    for m in SIDE_CLAUSE.finditer(text, sentence.start, sentence.end):
        if not inside(m.start(), in_quotes):
            cuts.append((m.start(), m.start() + 1))
            side_starts.add(m.start() + 1)
    for m in QUESTION_OR_REASON.finditer(text, sentence.start, sentence.end):
        if not inside(m.start(), in_quotes):
            start = m.start() if m.group().lower() == "because" else sentence.start
            end = m.end() if start == sentence.start else sentence.end
            cuts += [(start, start), (end, end)]
            hypothetical_starts.add(start)
    for m in CONDITION.finditer(text, sentence.start, sentence.end):
        if not inside(m.start(), in_quotes):
            cuts.append((m.start(), m.start()))
            hypothetical_starts.add(m.start())
            comma = text.find(",", m.end(), sentence.end)
            if comma != -1:  # "if he concluded X, he could impose tariffs": the main clause returns
                cuts.append((comma, comma + 1))
    if patterns.contrast is not None:
        for m in patterns.contrast.finditer(text, sentence.start, sentence.end):
            if not inside(m.start(), in_quotes) and m.start() > sentence.start:
                cuts.append((m.start(), m.end()))
    cuts += [
        (i, i + 1)
        for i in range(sentence.start, sentence.end)
        if text[i] == ";" and not inside(i, in_quotes)
    ]
    starts = [sentence.start, *(b for _, b in sorted(cuts))]
    ends = [*(a for a, _ in sorted(cuts)), sentence.end]
    return [
        (
            Span(a, b),
            "hypothetical" if a in hypothetical_starts else "side" if a in side_starts else "main",
        )
        for a, b in zip(starts, ends, strict=True)
        if b > a
    ]


def _is_postposed(text, clause: Span, speaker: Mention, content_start: int) -> bool:
    """Whether the attribution closes the clause ("..., Lavrov said on Thursday.")."""
    tail = WORD.findall(text[content_start : clause.end])
    lead = text[clause.start : speaker.span.start]
    return len(tail) <= 6 and bool(re.search(r"[,”\"]\s*(?:the\s+)?$", lead))


def _postposed_speaker(text, clause: Span, in_quotes, mentions, patterns):
    """The speaker and verb of an attribution that closes the sentence, if there is one."""
    speaker, verb, content_start = _reporting(text, clause, in_quotes, mentions, patterns)
    if (
        speaker is None
        or not speaker.actors
        or not _is_postposed(text, clause, speaker, content_start)
    ):
        return None
    return speaker, verb


def _reporting(text, clause: Span, in_quotes, mentions, patterns: CompiledPatterns):
    """The speaker mention, verb and start of the reported content, if the clause reports speech."""
    for verb in patterns.reporting.finditer(text, clause.start, clause.end):
        if inside(verb.start(), in_quotes):
            continue
        speaker = _speaker_before(text, clause, verb, mentions) or _speaker_after(
            text, verb, mentions
        )
        if speaker is not None:
            return speaker, verb.group(), verb.end()
    return None, None, None


def _speaker_before(text, clause, verb, mentions) -> Mention | None:
    # "Kellogg, Trump's envoy for Ukraine, told ...": the aside between commas is not the speaker;
    # but in "the truce should cover land, sea and air, he said" the speaker is right there.
    # "... to Donald Trump, who said ...": the relative pronoun's antecedent speaks.
    relative = RELATIVE_WHO.search(text, clause.start, verb.start())
    if relative is not None:
        antecedent = [m for m in mentions if m.span.end == relative.start() and m.actors]
        if antecedent:
            return antecedent[-1]
    aside = APPOSITION.search(text, clause.start, verb.start())
    ends = [verb.start()] if aside is None else [aside.start(), verb.start()]
    for head_end in ends:
        candidates = [
            m for m in mentions if clause.start <= m.span.start and m.span.end <= head_end
        ]
        for m in reversed(candidates):
            gap = text[m.span.end : head_end]
            if is_possessive(text, m) and not _holder_noun_follows(text, m):
                continue
            if ADJACENT_GAP.match(_after_possessive(text, m, gap)):
                return None if after_preposition(text, m, clause.start) else m
            break
    noun = re.search(r"(\w+)\s*(?:,[^,]{0,80},)?\s*$", text[clause.start : verb.start()])
    if noun and noun.group(1).lower() in PERSON_NOUNS:
        return Mention(
            Span(clause.start + noun.start(1), clause.start + noun.end(1)),
            (),
            "outsider",
            noun.group(1),
        )
    return None


def _speaker_after(text, verb, mentions) -> Mention | None:
    for m in mentions:
        if m.span.start >= verb.end():
            gap = text[verb.end() : m.span.start]
            # "..., said Putin." or "said Putin on Friday", not "says Putin-Witkoff talks".
            inverted = m.kind in ("name", "title", "outsider") and INVERTED_END.match(
                text, m.span.end
            )
            return m if inverted and re.fullmatch(r"\s*(?:the\s+)?", gap) else None
    return None


def _content_holders(text, content_start, clause, mentions, speaker: Mention) -> list[Holder]:
    """Who holds the reported position: the speaker, or the subjects of a `that` clause."""
    speakers = list(speaker.actors)
    subjects: list[str] = []
    position = content_start
    rest = text[content_start : clause.end]
    lead = re.match(r"[\s,:]*(?:[^,.;:“”\"]{0,40}?\bthat\s+)?", rest)
    position = content_start + lead.end()
    for m in mentions:
        if m.span.start < position:
            continue
        skipped = re.match(r"(?:both|even|the|perhaps|maybe)\s+", text[position : m.span.start])
        at_start = m.span.start == position or (
            skipped and skipped.end() == m.span.start - position
        )
        if not at_start or m.kind == "outsider" or is_possessive(text, m):
            break
        # "X said that he ...": a singular pronoun after a reporting verb is the speaker.
        singular = m.kind == "pronoun" and SINGULAR_PRONOUN.fullmatch(m.text)
        subjects.extend(speaker.actors if singular and speaker.actors else m.actors)
        joiner = re.match(r"\s*,?\s*and\s+", text[m.span.end : clause.end])
        if not joiner:
            break
        position = m.span.end + joiner.end()
    if not speakers:
        return []  # a position characterised by someone outside the codebook
    holders = []
    for actor in dict.fromkeys(subjects or speakers):
        if actor in speakers:
            holders.append(Holder(actor, "paraphrase", None, speaker.kind))
        else:
            holders.append(Holder(actor, "reported", speakers[0]))
    return holders


def _subject(text, clause, in_quotes, mentions, matches: _Matches) -> Mention | None:
    """The actor(s) a clause without a reporting verb is about, when they are its subject."""
    first_cue = min(
        (span.start for span, *_ in matches.cues if clause.start <= span.start < clause.end),
        default=clause.end,
    )
    for m in mentions:
        if not (clause.start <= m.span.start < first_cue) or inside(m.span.start, in_quotes):
            continue
        if after_preposition(text, m, clause.start):
            continue
        if is_possessive(text, m) and not _holder_noun_follows(text, m):
            continue
        if m.kind == "outsider" or not m.actors:
            return None
        if _words_before(text, m, clause.start) > SUBJECT_REACH:
            return None  # "the ministry rejected Lavrov's remarks": an object, not the subject
        actors = list(m.actors)
        tail = m.span.end
        for other in mentions:
            if other.span.start >= tail and re.fullmatch(
                r"\s*,?\s*and\s+", text[tail : other.span.start]
            ):
                actors += [a for a in other.actors if a not in actors]
                tail = other.span.end
        return Mention(Span(m.span.start, tail), tuple(actors), m.kind, text[m.span.start : tail])
    return None


def _remember(state: Salience, subject: Mention, holders: list[Holder]) -> None:
    state.subject = (
        subject.actors[0]
        if len(subject.actors) == 1
        else ("" if not subject.actors else state.subject)
    )
    state.subjects.extend(subject.actors)
    actors = tuple(sorted({h.actor_id for h in holders}))
    if len(subject.actors) > 1:
        state.group, state.group_sentence = tuple(sorted(subject.actors)), state.sentence
    elif len(actors) > 1:
        state.group, state.group_sentence = actors, state.sentence


# ----------------------------------------------------------------- stance decision


def _code_clause(text, ct: ClauseTrace, context_start: int, article: _Article, mentions) -> None:
    """Find the clause's cues and the evaluations of them; set its signals and outcome."""
    codebook, patterns, matches = article.codebook, article.patterns, article.matches
    lo, hi = ct.span.start, ct.span.end
    sides_present = article.framing | _sides(
        text, Span(context_start, hi), mentions, ct, patterns, codebook
    )
    topics = codebook.topics
    cues = [
        Cue(topic, cue, span, polarity, _negated(text, span.start, lo, patterns))
        for span, topic, cue, polarity in matches.cues
        if lo <= span.start and span.end <= hi and set(topics[topic].requires) <= sides_present
    ]
    cues = [
        c
        for c in cues
        if _contact_reaches_other_side(text, c, ct, mentions, patterns, codebook)
        and _sender_named(text, c, lo, mentions, patterns, codebook)
    ]
    # Where cues overlap, the longer, more specific one decides ("talks with", "recognise Crimea").
    cues = [
        c
        for c in cues
        if not any(
            overlaps(o.span, c.span) and o.span.end - o.span.start > c.span.end - c.span.start
            for o in cues
        )
    ]
    # "an agreement to end the war" names the process; it is not the holder's own goal.
    cues = [
        replace(c, polarity=0)
        if c.polarity > 0 and PROCESS_NOUN.search(text, lo, c.span.start)
        else c
        for c in cues
    ]
    ct.cues = cues
    ct.hedged = patterns.hedges is not None and bool(patterns.hedges.search(text, lo, hi))
    ct.neutral = patterns.neutral is not None and bool(patterns.neutral.search(text, lo, hi))
    if not cues:
        ct.outcome = ct.outcome or "no topic cue"
        return
    if not ct.holders:
        ct.outcome = ct.outcome or "no codebook actor holds this clause"
        return
    inside = [e for e in matches.evaluations if lo <= e[0].start and e[0].end <= hi]
    longer_evaluations = [span for span, _, _ in inside]
    cues = [
        c
        for c in cues
        if not any(
            e.start <= c.span.start
            and c.span.end <= e.end
            and e.end - e.start > c.span.end - c.span.start
            for e in longer_evaluations
        )
    ]
    ct.cues = cues
    evaluations = []
    blocked = [*matches.fillers, *(c.span for c in cues)]
    for span, word, sign in inside:
        # "Ukraine's membership hopes", "Kyiv's hopes": the evaluation is the possessor's.
        owned = re.search(r"\w['’]s?\s+$", text[max(lo, span.start - 4) : span.start])
        owned = owned or any(
            OWNED_NOUN.fullmatch(word)
            and re.fullmatch(r"\s+", text[c.span.end : span.start])
            and re.search(r"\w['’]s?\s+$", text[max(lo, c.span.start - 4) : c.span.start])
            for c in cues
        )
        # "a draft sent by Washington": a passive participle reports someone else's act.
        passive = re.match(r"\s+by\b", text[span.end : span.end + 4])
        if owned or passive or any(overlaps(span, o) for o in blocked):
            continue
        negated = _negated(text, span.start, lo, patterns)
        evaluations.append((span, word, -sign if negated else sign))
    assigned: dict[int, list[tuple[str, int]]] = {}
    for span, word, sign in evaluations:
        forward_only = word.lower().split()[-1] in PREPOSITIONS
        reachable = [
            i
            for i, c in enumerate(cues)
            if (c.span.start >= span.end or not forward_only)
            and _words_between(text, span, c.span)
            <= (EVALUATION_REACH if span.end <= c.span.start else PREDICATE_REACH)
            # a predicate judges its own subject, not one across a comma
            and (span.end <= c.span.start or "," not in text[c.span.end : span.start])
        ]
        if reachable:
            nearest = min(reachable, key=lambda i: _distance(span, cues[i].span))
            assigned.setdefault(nearest, []).append((word, sign))
    # "complained that Europe was not paying its fair share": the complainer wants the opposite
    # of what is reported; the accused's own stance is reported as it is.
    complaint = ct.verb and patterns.complaint and patterns.complaint.fullmatch(ct.verb)
    complaint = complaint and all(h.attribution != "reported" for h in ct.holders)
    signals = []
    for i, cue in enumerate(cues):
        found = []
        if i in assigned:
            found = [
                (f"{word} → {cue.text}", sign * (cue.polarity or 1)) for word, sign in assigned[i]
            ]
        elif not cue.polarity and re.search(
            r"(?i)\b(?:no|without|never|little)\s+(?:new\s+|more\s+|further\s+)?$",
            text[lo : cue.span.start],
        ):
            found = [(f"no {cue.text}", -1)]
        elif cue.polarity:
            sign = cue.polarity * (-1 if cue.negated else 1)
            found = [(("not " if cue.negated else "") + cue.text, sign)]
        if complaint and cue.span.start >= (ct.content_start or hi):
            found = [(f"{ct.verb}: {label}", -sign) for label, sign in found]
        signals += [Signal(cue.topic_id, label, sign) for label, sign in found]
    ct.signals = signals
    ct.outcome = "coded"


def _contact_reaches_other_side(text, cue: Cue, ct, mentions, patterns, codebook) -> bool:
    """A contact cue ("meetings with", "call to", "met") counts only if the other side follows."""
    if not re.search(r"(?i)\b(?:with|to|meet|met)$", cue.text):
        return True
    requires = set(codebook.topics[cue.topic_id].requires)
    own = {codebook.actors[h.actor_id].country for h in ct.holders}
    if not requires or not own:
        return True
    window = WORD.findall(text[cue.span.end : cue.span.end + 80])[:8]
    reach = Span(cue.span.end, cue.span.end + sum(len(w) + 1 for w in window) + 1)
    sides = {side for side, p in patterns.sides.items() if p.search(text, reach.start, reach.end)}
    sides |= {
        codebook.actors[a].country for m in mentions if m.span.start in reach for a in m.actors
    }
    return bool((sides & requires) - own)


def _sender_named(text, cue: Cue, clause_start: int, mentions, patterns, codebook) -> bool:
    """For a topic with a sender ("US troops"), that side is named before the cue or in it."""
    sender = codebook.topics[cue.topic_id].sender
    if sender is None:
        return True
    side = patterns.sides.get(sender)
    if side is not None and side.search(text, clause_start, cue.span.end):
        return True
    actors = codebook.actors
    return any(
        actors[a].country == sender
        for m in mentions
        if clause_start <= m.span.start < cue.span.start
        for a in m.actors
    )


def _add_reservation(text, previous: ClauseTrace, ct: ClauseTrace, patterns) -> None:
    """ "X backs the ceasefire, but questions remain": the reservation makes X's stance mixed."""
    same = [h.actor_id for h in ct.holders] == [h.actor_id for h in previous.holders]
    if not same or not ct.holders or not patterns.reservations:
        return
    found = patterns.reservations.search(text, ct.span.start, ct.span.end)
    opening = found is not None and len(WORD.findall(text[ct.span.start : found.start()])) <= 6
    if not found or (ct.signals and not opening):
        return
    signals = previous.signals + ct.signals
    for topic in dict.fromkeys(s.topic_id for s in signals):
        net = sum(s.sign for s in signals if s.topic_id == topic)
        if net:
            ct.signals.append(Signal(topic, f"but {found.group()}", -1 if net > 0 else 1))
            ct.outcome = "coded"


def _statements(text, sentence: Span, trace: SentenceTrace, in_quotes, codebook) -> list[dict]:
    """Merge clause signals into one statement per (holder, topic) for the sentence."""
    by_key: dict[tuple[str, str], dict] = {}
    for ct in trace.clauses:
        topics = {c.topic_id for c in ct.cues} | {s.topic_id for s in ct.signals}
        for holder in ct.holders:
            country = codebook.actors[holder.actor_id].country
            for topic in topics:
                allowed = codebook.topics[topic].holders
                if allowed and country not in allowed:
                    continue
                signs = [s for s in ct.signals if s.topic_id == topic]
                neutral = not signs and ct.outcome == "coded" and ct.neutral
                if not signs and not neutral:
                    continue
                entry = by_key.setdefault(
                    (holder.actor_id, topic),
                    {
                        "holder": holder,
                        "signals": [],
                        "cues": [],
                        "hedged": False,
                        "quote": None,
                        "neutral": False,
                    },
                )
                entry["signals"] += signs
                entry["neutral"] |= neutral
                entry["hedged"] |= ct.hedged
                entry["cues"] += [c.text for c in ct.cues if c.topic_id == topic] + [
                    s.text for s in signs
                ]
                cue_in_quote = [
                    q
                    for q in in_quotes
                    for c in ct.cues
                    if c.topic_id == topic and c.span.start in q
                ]
                if (
                    cue_in_quote
                    and holder.attribution in ("paraphrase", "direct_quote", "action")
                    and ct.speaker
                ):
                    entry["holder"] = Holder(
                        holder.actor_id, "direct_quote", None, holder.resolved_by
                    )
                    entry["quote"] = text[cue_in_quote[0].start : cue_in_quote[0].end]
    headline = sentence.start == 0 and "\n" in text
    crowded = len({a for m in trace.mentions for a in m.actors}) >= 3
    statements = []
    for (actor, topic), entry in by_key.items():
        signs = [s.sign for s in entry["signals"]]
        if signs and all(s > 0 for s in signs):
            stance = "support"
        elif signs and all(s < 0 for s in signs):
            stance = "oppose"
        elif signs:
            stance = "mixed"
        else:
            stance = "neutral"
        strength = STRENGTH_HEDGED if entry["hedged"] else 1.0
        score = 0.0 if stance == "neutral" else strength * sum(signs) / len(signs)
        holder: Holder = entry["holder"]
        confidence = BASE_CONFIDENCE[holder.attribution]
        confidence -= 0.15 if entry["hedged"] else 0
        confidence -= 0.1 if holder.resolved_by in ("pronoun", "group") else 0
        confidence -= 0.1 if stance in ("mixed", "neutral") else 0
        confidence -= 0.05 if all(" → " not in s.text for s in entry["signals"]) else 0
        # Headlines are compressed, and crowded sentences make holders ambiguous.
        confidence -= 0.15 if headline else 0
        confidence -= 0.05 if crowded else 0
        statements.append(
            {
                "actor_id": actor,
                "topic_id": topic,
                "stance": stance,
                "score": round(score, 3),
                "confidence": round(max(0.05, min(0.99, confidence)), 3),
                "attribution": holder.attribution,
                "via_actor_id": holder.via_actor_id,
                "evidence_start": sentence.start,
                "evidence_end": sentence.end,
                "evidence": text[sentence.start : sentence.end],
                "quote": entry["quote"],
                "cues": list(dict.fromkeys(entry["cues"])),
            }
        )
    return statements


def _row(article: Mapping, statement: dict, codebook: Codebook) -> dict:
    actor = codebook.actors[statement["actor_id"]]
    key = "|".join(
        str(x)
        for x in (
            article["article_id"],
            statement["actor_id"],
            statement["topic_id"],
            statement["evidence_start"],
            statement["evidence_end"],
            CODER,
        )
    )
    return {
        "statement_id": hashlib.sha256(key.encode()).hexdigest()[:16],
        "article_id": article["article_id"],
        "doc_id": article["doc_id"],
        "published": article.get("published"),
        "source": article.get("source"),
        "url": article.get("url"),
        "title": article.get("title"),
        "actor_name": actor.name,
        "coder": CODER,
        "codebook": codebook.label,
        **statement,
    }


# ----------------------------------------------------------------- small helpers


def _sides(
    text, span: Span, mentions, ct: ClauseTrace, patterns: CompiledPatterns, codebook: Codebook
) -> set[str]:
    present = {side for side, p in patterns.sides.items() if p.search(text, span.start, span.end)}
    actors = codebook.actors
    for m in patterns.aliases.finditer(text, span.start, span.end):
        present.add(actors[patterns.alias_actor[m.group()]].country)
    for m in mentions:
        for a in m.actors:
            present.add(actors[a].country)
    for h in ct.holders:
        present.add(actors[h.actor_id].country)
        if h.via_actor_id:
            present.add(actors[h.via_actor_id].country)
    return present


def _headline_sides(text, patterns: CompiledPatterns, codebook: Codebook) -> set[str]:
    """Sides the headline refers to: it frames the whole article ("US and Russia agree to ...")."""
    end = text.find("\n")
    return _sides(
        text,
        Span(0, end if end != -1 else len(text)),
        [],
        ClauseTrace(Span(0, 0)),
        patterns,
        codebook,
    )


def _negated(text, offset, clause_start, patterns: CompiledPatterns) -> bool:
    """Whether an odd number of negators stand in the few words before `offset`."""
    if patterns.negators is None:
        return False
    words = list(WORD.finditer(text, max(clause_start, offset - 80), offset))
    window_start = words[-NEGATION_REACH].start() if len(words) >= NEGATION_REACH else clause_start
    window_start = max(window_start, clause_start)
    # "did not rule out" holds two negators, which cancel out; "not doing enough" wants more.
    count = sum(
        1
        for m in patterns.negators.finditer(text, window_start, offset)
        if m.end() <= offset
        and not re.search(r"[,;:]", text[m.end() : offset])
        and not re.search(r"(?i)\benough\b", text[m.end() : offset + 40])
    )
    return count % 2 == 1


def _words_before(text, mention: Mention, clause_start: int) -> int:
    """Lower-case words between the start of the mention's phrase and the mention."""
    lead = re.split(r"[,;:—]", text[clause_start : mention.span.start])[-1]
    return sum(1 for w in WORD.findall(lead) if not w[0].isupper())


def _holder_noun_follows(text, mention: Mention) -> bool:
    words = WORD.findall(text[mention.span.end : mention.span.end + 60])[:4]
    return any(w.lower() in HOLDER_NOUNS for w in words)


def _after_possessive(text, mention: Mention, gap: str) -> str:
    if is_possessive(text, mention):
        return re.sub(r"^['’]s?(?:\s+\w+){1,3}", "", gap)
    return gap


def _is_background(sentence: str, published: date | None) -> bool:
    if published is None:
        return False
    return any(int(y) < published.year for y in YEAR.findall(sentence))


def _words_between(text, a: Span, b: Span) -> int:
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    return len(WORD.findall(text[lo:hi])) if hi > lo else 0


def _distance(a: Span, b: Span) -> int:
    return max(0, b.start - a.end, a.start - b.end)


def _label(mention: Mention) -> str:
    return ",".join(mention.actors) if mention.actors else f"({mention.text})"


def _as_date(value) -> date | None:
    if value is None or value is pd.NaT or (not isinstance(value, date) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()
