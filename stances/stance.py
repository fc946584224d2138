"""The stance decision: topic cues in a clause, the evaluations and negations that govern
them, and one statement per (holder, topic) for each sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace

from stances.codebook import CompiledPatterns
from stances.document import (
    ClauseTrace,
    Cue,
    Document,
    Hits,
    Holder,
    SentenceTrace,
    Signal,
    Statement,
)
from stances.mentions import WORD
from stances.segment import PAUSE, Span, overlaps
from stances.sides import (
    compound_sides,
    contact_parties,
    contact_reaches_other_side,
    cue_senders,
    sender_named,
    sides_of,
)

POSSESSOR_BEFORE = re.compile(r"\w['’]s?\s+$")
OWNER_MARK = re.compile(r"['’]s?\s+")  # "Moscow's objection": what follows an owner
SIDE_OWNER = re.compile(r"(?:['’]s?)?\s+")  # "the U.S. proposal", "Moscow's demand"


def code_clause(text, ct: ClauseTrace, context_start: int, article: Document, mentions) -> None:
    """Find the clause's cues and the evaluations of them; set its signals and outcome."""
    codebook, patterns, matches = article.codebook, article.patterns, article.matches
    lo, hi = ct.span.start, ct.span.end
    hits, topics = article.hits, codebook.topics
    found = matches.cues_within(lo, hi)
    # The sides the clause refers to matter only to a cue whose topic requires some.
    sides_present = (
        _sides_present(text, ct, context_start, article, mentions)
        if any(topics[topic].requires for _, topic, _, _ in found)
        else set()
    )
    # "no deal was reached", "little progress toward a ceasefire": news of what talks failed
    # to achieve, not a position against what they were about
    failed = patterns.on("failed_outcome") and any(
        _negated(text, m.start(), lo, patterns, hits)
        for m in patterns.words.outcome.finditer(text, lo, hi)
    )
    cues = [
        Cue(
            topic,
            cue,
            span,
            polarity,
            not failed and _negated(text, span.start, lo, patterns, hits),
        )
        for span, topic, cue, polarity in found
        if set(topics[topic].requires) <= sides_present
    ]
    cues = [
        c
        for c in cues
        if not patterns.on("contact_other_side")
        or contact_reaches_other_side(text, c, ct, mentions, patterns, codebook, hits)
    ]
    if patterns.on("sender"):
        cues = [
            kept
            for c in cues
            if (kept := _sent_by_its_sender(text, c, ct, mentions, article)) is not None
        ]
    if patterns.on("contact_parties"):
        cues = contact_parties(cues, text, ct, mentions, patterns, codebook, hits)
    # "did not mention sanctions": silence on a topic is no stance on it.
    if patterns.on("silence"):
        cues = [c for c in cues if not hits.first("silence", lo, c.span.start)]
    # Where cues overlap, the longer, more specific one decides ("talks with", "recognise Crimea").
    cues = [
        c
        for c in cues
        if not patterns.on("longest_cue")
        or not any(
            overlaps(o.span, c.span) and o.span.end - o.span.start > c.span.end - c.span.start
            for o in cues
        )
    ]
    # "an agreement to end the war" names the process; it is not the holder's own goal.
    cues = [
        replace(c, polarity=0)
        if c.polarity > 0
        and patterns.on("process_noun")
        and patterns.words.process_noun.search(text, lo, c.span.start)
        else c
        for c in cues
    ]
    # "Putin, who had rejected a ceasefire in March, said ...": what an aside recalls is no
    # current stance of the clause
    recalled = _recalled_asides(text, lo, hi, patterns, hits) if patterns.on("aside_time") else []
    cues = [c for c in cues if not any(a <= c.span.start < b for a, b in recalled)]
    ct.cues = cues
    # "so that real talks could begin": a modal of purpose hedges nothing.
    ct.hedged = any(
        not patterns.words.purpose.search(text, max(lo, h.start - 40), h.start)
        for h in hits.within("hedges", lo, hi)
    )
    # "Missiles on the table amid peace talks": in a headline the idiom names what is
    # discussed, not an undecided position.
    ct.neutral = hits.first("neutral", lo, hi) is not None and not _in_heading(text, lo)
    if not cues:
        ct.outcome = ct.outcome or "no topic cue"
        return
    if not ct.holders:
        ct.outcome = ct.outcome or "no codebook actor holds this clause"
        return
    inside = [
        e
        for e in matches.evaluations_within(lo, hi)
        if not any(a <= e[0].start < b for a, b in recalled)
    ]
    # "nothing against talks": of overlapping evaluations of opposite signs the longer
    # phrase is meant (a phrase of a few words, not one with a gap)
    inside = [
        (span, word, sign)
        for span, word, sign in inside
        if not any(
            overlaps(span, other)
            and other.end - other.start > span.end - span.start
            and other_sign != sign
            and len(WORD.findall(other_word)) <= 3
            for other, other_word, other_sign in inside
        )
    ]
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
    blocked = [c.span for c in cues]
    for span, word, sign in inside:
        # "Ukraine's membership hopes", "Kyiv's hopes": the evaluation is the possessor's.
        owned = POSSESSOR_BEFORE.search(text[max(lo, span.start - 4) : span.start])
        owned = owned or any(
            patterns.words.owned_noun.fullmatch(word)
            and re.fullmatch(r"\s+", text[c.span.end : span.start])
            and POSSESSOR_BEFORE.search(text[max(lo, c.span.start - 4) : c.span.start])
            for c in cues
        )
        owned = owned and patterns.on("owned_evaluation")
        # "army chiefs from countries willing to help guarantee a peace": the countries'
        owned = owned or (
            patterns.on("reduced_relative")
            and patterns.words.others_readiness.search(text, max(lo, span.start - 30), span.end)
            is not None
        )
        # "Lavrov repeated Moscow's objection to ...": the holder's own side's judgement;
        # "Trump's push for a ceasefire": the holder's own
        if owned and (
            _own_side_owns(span, ct, article) or _holder_owns(text, span, ct, mentions)
        ):
            owned = False
        # "Zelensky comments on the U.S. proposal to ...": another side's proposal
        owned = owned or (
            patterns.on("side_proposal")
            and patterns.words.proposal_noun.fullmatch(word) is not None
            and _other_side_owns(span, ct, article)
        )
        if owned or any(overlaps(span, o) for o in blocked):
            continue
        if failed and patterns.words.outcome.fullmatch(word):
            continue
        # "backed away from new sanctions": a word of a negator is no praise of its own
        if sign > 0 and patterns.on("negation") and any(
            h.start <= span.start < h.end
            for h in hits.within("negators", max(lo, span.start - 30), hi)
        ):
            continue
        negated = _negated(text, span.start, lo, patterns, hits)
        evaluations.append((span, word, -sign if negated else sign))
    if patterns.on("noun_phrase_modifier"):
        evaluations = _inside_objects(text, evaluations, cues, patterns.words)
        evaluations = _compound_heads(text, evaluations, cues, patterns)
    if patterns.on("evaluation_chain"):
        evaluations = _chained(text, evaluations, patterns.words, hits)
    assigned: dict[int, list[tuple[str, int]]] = {}
    free = evaluations
    if patterns.on("consequence"):
        free = _consequences(text, ct, cues, evaluations, mentions, assigned, article)
    for span, word, sign in free:
        forward_only = word.lower().split()[-1] in patterns.words.prepositions
        reachable = [
            i
            for i, c in enumerate(cues)
            if (c.span.start >= span.end or not forward_only)
            and words_between(text, span, c.span) <= _reach(text, span, c.span, patterns)
            # a predicate judges its own subject, not one across a comma
            and (span.end <= c.span.start or not PAUSE.search(text, c.span.end, span.start))
            # "rejects aid as debt": the judgement is of the framing, not of the aid
            and not (
                span.end <= c.span.start
                and patterns.on("framing")
                and patterns.words.framing.match(text, c.span.end)
            )
            # "defence against Russia and called for a deal": the nearer evaluation governs
            and not (
                patterns.on("nearest_evaluation")
                and any(
                    _between(other, span, c.span) for other, _, _ in evaluations if other != span
                )
            )
        ]
        # "Tomahawks won't be needed in peace efforts": a predicate judges its subject
        subjects = [i for i in reachable if cues[i].span.end <= span.start]
        if (
            subjects
            and patterns.on("predicate_subject")
            and patterns.words.copula_before.search(text, max(lo, span.start - 12), span.start)
        ):
            reachable = subjects
        if reachable:
            nearest = min(reachable, key=lambda i: _distance(span, cues[i].span))
            # "Crimea and NATO membership are impossible": the evaluation judges each conjunct.
            for i in _conjuncts(text, cues, nearest, reachable, patterns):
                # "must not join NATO", "urged allies not to ease sanctions": a negator
                # right before the cue, after the evaluation, negates what is judged
                flip = (
                    patterns.on("negated_complement")
                    and cues[i].negated
                    and span.end <= cues[i].span.start
                    and _negator_right_before(text, cues[i].span.start, span.end, patterns, hits)
                )
                assigned.setdefault(i, []).append((word, -sign if flip else sign))
    signals = []
    for i, cue in enumerate(cues):
        found = []
        if i in assigned:
            found = [
                (f"{word} → {cue.text}", sign * (cue.polarity or 1)) for word, sign in assigned[i]
            ]
        elif (
            not cue.polarity
            and not failed
            and patterns.on("no_cue")
            and patterns.words.no_cue_before.search(text[lo : cue.span.start])
        ):
            found = [(f"no {cue.text}", -1)]
            # "no peace without justice": a precondition, not a rejection (mixed)
            condition = patterns.words.precondition_after.match(text, cue.span.end, hi)
            if condition is not None:
                found.append((f"{cue.text} {condition.group(1)} ...", 1))
        elif (
            not cue.polarity
            and patterns.on("joint_contact")
            and len(requires := set(topics[cue.topic_id].requires)) > 1  # a bilateral topic
            and (held := {codebook.actors[h.actor_id].country for h in ct.holders}) & requires
            and requires
            <= held | compound_sides(text, cue, mentions, article.hits, patterns, codebook)
        ):
            # "Trump and Putin wrapped up a meeting", "Trump-Putin meeting", "the US-Russia
            # summit": both sides hold the contact together.
            sign = -1 if cue.negated else 1
            found = [(f"{'not ' if cue.negated else ''}{cue.text} together", sign)]
        elif (
            not cue.polarity
            and not cue.negated
            and patterns.on("recipient_raises")
            and _held_by_recipient(ct, topics[cue.topic_id], codebook)
            and patterns.words.raising.search(text, lo, cue.span.start)
        ):
            # "Zelensky discussed air defence with Trump": what would go to the holder's own
            # side is raised to get it
            found = [(f"{cue.text} (for the recipient)", 1)]
        elif cue.polarity:
            negated = cue.negated and not (
                patterns.on("predicate_subject") and _negation_taken(cue, evaluations, lo, hits)
            )
            sign = cue.polarity * (-1 if negated else 1)
            found = [(("not " if negated else "") + cue.text, sign)]
        signals += [Signal(cue.topic_id, label, sign) for label, sign in found]
    ct.signals = signals
    ct.outcome = "coded"


def _inside_objects(text, evaluations: list, cues: list, words) -> list:
    """Evaluations inside the object of an evaluating verb. "Cancelled the promised summit":
    the modifier judges nothing, the verb governs. "Ended the pause in military aid": the
    head noun judges the cue after its preposition and the verb judges the head noun, so
    the two compose into one evaluation at the head (end x pause: support)."""
    result = list(evaluations)
    for k, (span, word, sign) in enumerate(evaluations):
        governing = next(
            (
                j
                for j, (other, _, _) in enumerate(evaluations)
                if other.end <= span.start
                and words.noun_phrase_gap.fullmatch(text, other.end, span.start)
            ),
            None,
        )
        if governing is None:
            continue
        _, verb, verb_sign = evaluations[governing]
        head = any(
            c.span.start >= span.end
            and (gap := text[span.end : c.span.start].split())
            and gap[0].lower() in words.prepositions
            for c in cues
        )
        if head:
            result[governing] = None
            result[k] = (span, f"{verb} {word}", verb_sign * sign)
        else:
            result[k] = None
    return [e for e in result if e is not None]


def _chained(text, evaluations: list, words, hits: Hits) -> list:
    """An evaluation that governs the next one through an infinitive composes with it:
    "abandon efforts to achieve peace" (abandon x achieve: oppose), "rejected calls to reach
    a ceasefire". The inner evaluation keeps its place, nearest to the cue, with the sign of
    the two together. Harm and benefit done by a thing ("damages efforts to achieve peace")
    are read as consequences, and a negator ("fails to agree") as a negation, instead."""
    result = list(evaluations)
    for k in range(1, len(result)):
        outer, inner = result[k - 1], result[k]
        if (
            outer is None
            or not words.evaluation_chain_gap.fullmatch(text, outer[0].end, inner[0].start)
            or any(
                hits.first(kind, outer[0].start, inner[0].start)
                for kind in ("harms", "benefits", "negators")
            )
        ):
            continue
        result[k - 1] = None
        result[k] = (inner[0], f"{outer[1]} {inner[1]}", outer[2] * inner[2])
    return [e for e in result if e is not None]


def _recalled_asides(text, lo: int, hi: int, patterns, hits: Hits) -> list[tuple[int, int]]:
    """The ", who ...," asides of text[lo:hi] that tell of earlier times: a recap or time
    marker ("last month", "earlier") or the past perfect ("who had rejected ...")."""
    return [
        (m.start(), m.end())
        for m in patterns.words.relative_aside.finditer(text, lo, hi)
        if patterns.words.past_perfect.search(text, m.start(), m.end())
        or any(
            hits.first(label, m.start(), m.end())
            for label in ("recap", "recent_past", "background")
        )
    ]


def _compound_heads(text, evaluations: list, cues: list, patterns) -> list:
    """ "Putin rejected a ceasefire proposal", "the ceasefire proposal was unacceptable": a
    proposal noun right after a cue heads the cue's noun phrase; where a verb before the
    phrase or a predicate after it judges the phrase, the proposal names what is judged and
    judges nothing itself. Alone ("Putin's ceasefire proposal") it still counts."""
    words = patterns.words
    heads = {
        k: c.span
        for k, (span, word, _) in enumerate(evaluations)
        if words.proposal_noun.fullmatch(word)
        for c in cues
        if c.span.end < span.start and not text[c.span.end : span.start].strip()
    }

    def governs(other: Span, head: Span, cue: Span) -> bool:
        if other.end <= cue.start:  # "rejected a US ceasefire proposal"
            between = text[other.end : cue.start]
            return len(WORD.findall(between)) <= 3 and not words.clause_opener.search(between)
        # "the ceasefire proposal was unacceptable"
        return (
            other.start >= head.end
            and words_between(text, head, other) <= 3
            and words.copula_end.search(text, head.end, other.start) is not None
        )

    return [
        evaluation
        for k, evaluation in enumerate(evaluations)
        if k not in heads
        or not any(
            j not in heads and governs(other, evaluation[0], heads[k])
            for j, (other, _, _) in enumerate(evaluations)
        )
    ]


def _held_by_recipient(ct: ClauseTrace, topic, codebook) -> bool:
    """Whether every holder of the clause is of the side the topic's sender acts for."""
    recipient = topic.recipient
    return recipient is not None and all(
        codebook.actors[h.actor_id].country == recipient for h in ct.holders
    )


def _sides_present(text, ct: ClauseTrace, context_start: int, article: Document, mentions):
    """The sides a clause refers to, in its words and those of the sentence before it from
    `context_start`, its actors and holders, and the headline's."""
    patterns = article.patterns
    if not patterns.on("required_sides"):
        return set(patterns.sides)
    framing = article.framing if patterns.on("headline_framing") else set()
    span = Span(context_start, ct.span.end)
    return framing | sides_of(text, span, mentions, ct, patterns, article.codebook, article.hits)


def _reach(text, evaluation: Span, cue: Span, patterns) -> int:
    """How many words may lie between an evaluation and a cue it governs. A predicate after a
    linking verb judges its whole subject: "expelling Russia from the G8 in 2014 had been a
    mistake"."""
    params = patterns.params
    if evaluation.end <= cue.start:
        return params.evaluation_reach
    if (
        patterns.on("subject_predicate")
        and patterns.words.copula_end.search(text, cue.end, evaluation.start)
        # "the meeting would show whether a deal was possible": another subject in between
        and not patterns.words.clause_opener.search(text, cue.end, evaluation.start)
    ):
        return params.subject_reach
    return params.predicate_reach


def _consequences(text, ct, cues, evaluations, mentions, assigned, article) -> list:
    """ "New sanctions complicate efforts to restore relations", "a truce would start the
    process of ending the war": a verb of harm or benefit done by a thing values what it
    acts on, and judges the doer by what it does when the doer is a cue. Harm done by an
    actor ("Putin undermined the talks") stays that actor's act. Returns the evaluations
    left for the usual nearest-cue assignment."""
    params, hits = article.patterns.params, article.hits
    content_start = ct.span.start if ct.content_start is None else ct.content_start
    left = []
    # what a harm or benefit acted on, and its doer: "would harm the peace process and damage
    # ties" - the process is no doer of the damage; the first verb's doer is
    done_to: dict[int, int | None] = {}
    for span, word, sign in evaluations:
        harm = any(h.start == span.start for h in hits.within("harms", span.start, span.end))
        benefit = any(h.start == span.start for h in hits.within("benefits", span.start, span.end))
        if not (harm or benefit):
            left.append((span, word, sign))
            continue
        doer = next(
            (
                i
                for i in reversed(range(len(cues)))
                if cues[i].span.end <= span.start
                and words_between(text, cues[i].span, span) <= params.predicate_reach
                and "," not in text[cues[i].span.end : span.start]
                and not any(cues[i].span.end <= m.span.start < span.start for m in mentions)
            ),
            None,
        )
        harmed = [
            i
            for i, c in enumerate(cues)
            if c.span.start >= span.end
            and words_between(text, span, c.span) <= params.evaluation_reach
        ]
        by_thing = not any(
            content_start <= m.span.start < span.start
            and not _names_speaker(text, ct, m, article.patterns)
            for m in mentions
        )
        if doer in done_to and article.patterns.on("conjoined_consequence"):
            doer = done_to[doer]
        if not harmed or (doer is None and not by_thing):
            left.append((span, word, sign))
            continue
        if doer is not None:
            assigned.setdefault(doer, []).append((word, sign))
        assigned.setdefault(harmed[0], []).append((word, -sign if harm else sign))
        done_to[harmed[0]] = doer
    return left


def _sent_by_its_sender(text, cue: Cue, ct: ClauseTrace, mentions, article: Document):
    """The cue if its topic's sender acts (`sender_named`); where another side sends it
    and the topic names that side's topic ("26 countries are ready to send troops", said
    Macron: Europe's burden), the cue as that topic's; else None."""
    codebook, patterns, hits = article.codebook, article.patterns, article.hits
    if sender_named(text, cue, ct, mentions, patterns, codebook, hits):
        return cue
    others = codebook.topics[cue.topic_id].others_send
    if not others or not patterns.on("others_send"):
        return None
    senders = cue_senders(text, cue, ct, mentions, patterns, codebook, hits) or set()
    wider = {s for side in senders for s in codebook.side_groups.get(side, (side,))}
    targets = {others[side] for side in wider if side in others}
    return replace(cue, topic_id=targets.pop()) if len(targets) == 1 else None


def _own_side_owns(evaluation: Span, ct: ClauseTrace, article: Document) -> bool:
    """Whether the word that owns an evaluation ("Moscow's objection") names the side of
    every holder of the clause."""
    owner = next(
        (
            h
            for h in article.hits.within("sides", max(0, evaluation.start - 30), evaluation.start)
            if OWNER_MARK.fullmatch(article.text, h.end, evaluation.start)
        ),
        None,
    )
    sides = article.codebook.actor_sides
    return (
        owner is not None
        and bool(ct.holders)
        and all(owner.payload in sides[h.actor_id] for h in ct.holders)
    )


def _holder_owns(text, evaluation: Span, ct: ClauseTrace, mentions) -> bool:
    """Whether the name that owns an evaluation ("Trump's push") is a holder of the clause."""
    held = {h.actor_id for h in ct.holders}
    return any(
        set(m.actors) & held and OWNER_MARK.fullmatch(text, m.span.end, evaluation.start)
        for m in mentions
        if evaluation.start - 30 <= m.span.end <= evaluation.start
    )


def _other_side_owns(evaluation: Span, ct: ClauseTrace, article: Document) -> bool:
    """Whether a side word right before an evaluation ("the U.S. proposal", "Moscow's
    demand") names a side that is not every holder's."""
    owner = next(
        (
            h
            for h in article.hits.within("sides", max(0, evaluation.start - 30), evaluation.start)
            if SIDE_OWNER.fullmatch(article.text, h.end, evaluation.start)
        ),
        None,
    )
    sides = article.codebook.actor_sides
    return owner is not None and not all(owner.payload in sides[h.actor_id] for h in ct.holders)


def _names_speaker(text, ct: ClauseTrace, mention, patterns) -> bool:
    """Whether `mention` is the speaker named right after the reporting words ("According to
    Trump, such a position damages ..."): no doer of what follows."""
    speakers = set(ct.speaker.split(",")) if ct.speaker else set()
    start = ct.span.start if ct.content_start is None else ct.content_start
    return (
        mention.kind in ("name", "title")
        and bool(mention.actors)
        and set(mention.actors) <= speakers
        and patterns.words.speaker_after_verb.fullmatch(text, start, mention.span.start) is not None
    )


def _conjuncts(text, cues: list[Cue], nearest: int, reachable: list[int], patterns) -> list[int]:
    """The cue `nearest` and the reachable cues listed with it ("X and Y", "X, Y or Z")."""
    found = {nearest}
    for step in (-1, 1):
        i = nearest
        while (j := i + step) in reachable and j not in found:
            a, b = sorted((cues[i].span, cues[j].span))
            if not patterns.words.conjoined_cues.fullmatch(text, a.end, b.start):
                break
            found.add(j)
            i = j
    return sorted(found)


HEADING_CHARS = 300  # a headline is shorter; a longer line is never one


def _in_heading(text: str, offset: int) -> bool:
    """Whether `offset` lies on a line of its own without a full stop: a headline."""
    lo, hi = max(0, offset - HEADING_CHARS), min(len(text), offset + HEADING_CHARS)
    start, end = text.rfind("\n", lo, offset), text.find("\n", offset, hi)
    if (start == -1 and lo > 0) or (end == -1 and hi < len(text)):
        return False
    line = text[start + 1 : end if end != -1 else hi].strip()
    return bool(line) and line[-1] not in ".!?”\"'’" and len(WORD.findall(line)) <= 25


def sentence_statements(
    text, sentence: Span, trace: SentenceTrace, in_quotes, codebook, patterns
) -> list[Statement]:
    """Merge clause signals into one statement per (holder, topic) for the sentence."""
    params = patterns.params
    by_key: dict[tuple[str, str, str], dict] = {}
    for ct in trace.clauses:
        if not ct.holders:
            continue
        topics = dict.fromkeys([*(c.topic_id for c in ct.cues), *(s.topic_id for s in ct.signals)])
        for holder in ct.holders:
            country = codebook.actors[holder.actor_id].country
            for topic in topics:
                allowed = codebook.topics[topic].holders
                if allowed and country not in allowed and patterns.on("topic_holders"):
                    continue
                signs = [s for s in ct.signals if s.topic_id == topic]
                neutral = not signs and ct.outcome == "coded" and ct.neutral
                if not signs and not neutral:
                    continue
                entry = by_key.setdefault(
                    (holder.actor_id, topic, ct.reference),
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
    if not by_key:
        return []
    headline = sentence.start == 0 and "\n" in text
    crowded = len({a for m in trace.mentions for a in m.actors}) >= 3
    statements = []
    for (actor, topic, reference), entry in by_key.items():
        signs = [s.sign for s in entry["signals"]]
        if signs and all(s > 0 for s in signs):
            stance = "support"
        elif signs and all(s < 0 for s in signs):
            stance = "oppose"
        elif signs:
            stance = "mixed"
        else:
            stance = "neutral"
        strength = params.hedged_strength if entry["hedged"] else 1.0
        score = 0.0 if stance == "neutral" else strength * sum(signs) / len(signs)
        holder: Holder = entry["holder"]
        confidence = getattr(params, f"confidence_{holder.attribution}")
        confidence -= params.hedge_penalty if entry["hedged"] else 0
        confidence -= params.resolved_penalty if holder.resolved_by in ("pronoun", "group") else 0
        evaluated = any(" → " in s.text for s in entry["signals"])
        confidence -= 0 if evaluated else params.no_evaluation_penalty
        # Headlines are compressed, and crowded sentences make holders ambiguous.
        confidence -= params.headline_penalty if headline else 0
        confidence -= params.crowded_penalty if crowded else 0
        statements.append(
            Statement(
                actor_id=actor,
                topic_id=topic,
                stance=stance,
                score=round(score, 3),
                confidence=round(max(0.05, min(0.99, confidence)), 3),
                attribution=holder.attribution,
                via_actor_id=holder.via_actor_id,
                reference=reference,
                evidence_start=sentence.start,
                evidence_end=sentence.end,
                evidence=text[sentence.start : sentence.end],
                quote=entry["quote"],
                cues=tuple(dict.fromkeys(entry["cues"])),
            )
        )
    return statements


def _negation_taken(cue: Cue, evaluations, lo: int, hits: Hits) -> bool:
    """Whether an evaluation between the last negator and the cue takes the negation: "won't
    be needed in peace efforts" negates the need, not the efforts."""
    negators = hits.within("negators", lo, cue.span.start)
    return bool(negators) and any(
        negators[-1].end <= span.start < cue.span.start for span, _, _ in evaluations
    )


def _negated(text, offset, clause_start, patterns: CompiledPatterns, hits: Hits) -> bool:
    """Whether an odd number of negators stand in the few words before `offset`."""
    if not patterns.on("negation") or not hits.first("negators", clause_start, offset):
        return False  # the window below never starts before the clause
    words = list(WORD.finditer(text, max(clause_start, offset - 80), offset))
    reach = patterns.params.negation_reach
    window_start = words[-reach].start() if len(words) >= reach else clause_start
    window_start = max(window_start, clause_start)
    # "did not rule out" holds two negators, which cancel out; "not doing enough" and "too
    # little" want more.
    # "did not answer how often he had spoken with Putin": the negation ends at "how".
    scoped = patterns.on("negation_scope")
    negators = hits.within("negators", window_start, offset)
    count = sum(
        1
        for k, m in enumerate(negators)
        if not PAUSE.search(text, m.end, offset)
        and not patterns.words.enough.search(text[m.end : offset + 40])
        and not patterns.words.excess_before.search(text, max(0, m.start - 8), m.start)
        # a barrier between, or one the evaluation opens ("in hopes of a deal")
        and not (scoped and hits.reach("negation_barriers", m.end, offset + 1))
        # "stepped back from urging a ceasefire and avoided imposing sanctions": a negator
        # after "and" opens a verb phrase of its own, out of the earlier negator's reach;
        # so does "nor" ("will not regain Crimea nor join NATO").
        and not (
            scoped
            and any(
                patterns.words.coordinator.search(text, m.end, n.end) for n in negators[k + 1 :]
            )
        )
    )
    return count % 2 == 1


def _negator_right_before(text, start: int, lo: int, patterns, hits: Hits) -> bool:
    """Whether a negator ends right before `start` (after `lo`), "to" or "be" between."""
    negator = next(reversed(hits.within("negators", lo, start)), None)
    return negator is not None and patterns.words.negated_verb_gap.fullmatch(
        text, negator.end, start
    ) is not None


def _between(inner: Span, a: Span, b: Span) -> bool:
    """Whether `inner` lies strictly between spans `a` and `b` (in either order)."""
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    return lo <= inner.start and inner.end <= hi


def words_between(text, a: Span, b: Span) -> int:
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    return len(WORD.findall(text[lo:hi])) if hi > lo else 0


def _distance(a: Span, b: Span) -> int:
    return max(0, b.start - a.end, a.start - b.end)
