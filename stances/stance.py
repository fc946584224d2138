"""The stance decision: topic cues in a clause, the evaluations and negations that govern
them, and one statement per (holder, topic) for each sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace

from stances import scope
from stances.document import (
    ClauseTrace,
    Cue,
    Document,
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
    outcomes = (
        [Span(m.start(), m.end()) for m in patterns.words.outcome.finditer(text, lo, hi)]
        if patterns.on("failed_outcome") and hits.may_match("outcome", lo, hi)
        else []
    )
    # "progress in the talks was unlikely": a poor outcome foreseen is news of the talks too,
    # and its judgement no judgement of what they are about (unlike "damages efforts to
    # achieve peace", where the judgement comes first and governs the effort)
    judged_outcomes = [
        span
        for span, _, sign in (matches.evaluations_within(lo, hi) if outcomes else ())
        if sign < 0
        and any(
            o.end <= span.start
            and scope.words_between(text, o, span) <= patterns.params.predicate_reach
            for o in outcomes
        )
    ]
    failed = bool(judged_outcomes) or any(
        scope.negated(text, o.start, lo, patterns, hits) for o in outcomes
    )
    cues = [
        Cue(
            topic,
            cue,
            span,
            polarity,
            not failed and scope.negated(text, span.start, lo, patterns, hits),
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
        and hits.may_match("process_noun", lo, c.span.start)
        and patterns.words.process_noun.search(text, lo, c.span.start)
        else c
        for c in cues
    ]
    # "Putin, who had rejected a ceasefire in March, said ...": what an aside recalls is no
    # current stance of the clause
    recalled = (
        scope.recalled_asides(text, lo, hi, patterns, hits) if patterns.on("aside_time") else []
    )
    cues = [c for c in cues if not any(a <= c.span.start < b for a, b in recalled)]
    # "kept up strikes despite calls for a ceasefire": what the holder acts despite is no
    # stance of the holder's; an owner named in it keeps its own ("despite Trump's efforts")
    held_by = {h.actor_id for h in ct.holders}
    conceded = [
        m.span()
        for m in (
            patterns.words.concession.finditer(text, lo, hi)
            if patterns.on("concession") and hits.may_match("concession", lo, hi)
            else ()
        )
        if not any(
            m.start() <= n.span.start < m.end() and held_by & set(n.actors) for n in mentions
        )
    ]
    cues = [
        replace(c, polarity=0) if any(a <= c.span.start < b for a, b in conceded) else c
        for c in cues
    ]
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
        if not any(a <= e[0].start < b for a, b in recalled + conceded)
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
        if owned and (_own_side_owns(span, ct, article) or _holder_owns(text, span, ct, mentions)):
            owned = False
        # "Zelensky comments on the U.S. proposal to ...", "European calls for ...": another
        # side's proposal (its noun the evaluation's first word)
        owned = owned or (
            patterns.on("side_proposal")
            and patterns.words.proposal_noun.fullmatch(word.split()[0]) is not None
            and _other_side_owns(span, ct, article)
        )
        if owned or any(overlaps(span, o) for o in blocked) or span in judged_outcomes:
            continue
        if failed and patterns.words.outcome.fullmatch(word):
            continue
        # "backed away from new sanctions": a word of a negator is no praise of its own
        if (
            sign > 0
            and patterns.on("negation")
            and any(
                h.start <= span.start < h.end
                for h in hits.within("negators", max(lo, span.start - 30), hi)
            )
        ):
            continue
        negated = scope.negated(text, span.start, lo, patterns, hits)
        evaluations.append((span, word, -sign if negated else sign))
    if patterns.on("noun_phrase_modifier"):
        evaluations = scope.inside_objects(text, evaluations, cues, patterns.words)
        evaluations = scope.compound_heads(text, evaluations, cues, patterns)
    if patterns.on("evaluation_chain"):
        evaluations = scope.chained(text, evaluations, patterns.words, hits)
    assigned: dict[int, list[tuple[str, int]]] = {}
    free = evaluations
    if patterns.on("consequence"):
        free = _consequences(text, ct, cues, evaluations, mentions, assigned, article)
    # the asides set off right after each cue ("— lost in 2014 —", ", which Kyiv wants,"):
    # their words, and where they end
    asides, asides_end = {}, {}
    if patterns.on("subject_aside"):
        for i, c in enumerate(cues):
            aside = scope.closed_aside(text, c.span.end, hi)
            if aside is not None:
                asides[i] = len(WORD.findall(text, aside[0], aside[1]))
                asides_end[i] = aside[1]
    for span, word, sign in free:
        forward_only = word.lower().split()[-1] in patterns.words.prepositions
        reachable = [
            i
            for i, c in enumerate(cues)
            if (c.span.start >= span.end or not forward_only)
            and not any(a <= c.span.start < b for a, b in conceded)
            and scope.words_between(text, span, c.span) - asides.get(i, 0)
            <= scope.reach(text, span, c.span, patterns)
            # a predicate judges its own subject, not one across a comma (but across an
            # aside set off on both sides: "the borders — lost in 2014 — were ...")
            and (
                span.end <= c.span.start
                or not PAUSE.search(text, c.span.end, span.start)
                or (i in asides and not PAUSE.search(text, asides_end[i], span.start))
            )
            # "cut aid and has promised a deal": nor the subject of another predicate
            and not (
                c.span.end <= span.start
                and patterns.on("conjoined_predicate")
                and patterns.words.new_predicate.search(text, c.span.end, span.start)
            )
            # "kept up strikes and refused a ceasefire": nor what another verb after "and"
            # negates
            and not (
                span.end <= c.span.start
                and patterns.on("conjoined_refusal")
                and _refusal_between(text, span.end, c.span.start, patterns, hits)
            )
            # "don't want them to buy oil, and the sanctions are weak": nor the subject of a
            # clause of its own after it
            and not (
                span.end <= c.span.start
                and patterns.on("conjoined_subject")
                and patterns.words.new_subject.search(text, span.end, c.span.start)
            )
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
                    scope.between(other, span, c.span)
                    for other, _, _ in evaluations
                    if other != span
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
            nearest = min(reachable, key=lambda i: scope.distance(span, cues[i].span))
            # "Crimea and NATO membership are impossible": the evaluation judges each conjunct.
            for i in scope.conjuncts(text, cues, nearest, reachable, patterns):
                # "must not join NATO", "urged allies not to ease sanctions": a negator
                # right before the cue, after the evaluation, negates what is judged
                flip = (
                    patterns.on("negated_complement")
                    and cues[i].negated
                    and span.end <= cues[i].span.start
                    and scope.negator_right_before(
                        text, cues[i].span.start, span.end, patterns, hits
                    )
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
            and not failed
            and cue.negated
            and patterns.on("refused_cue")
            and (refusal := _refusal_before(text, lo, cue.span.start, patterns, hits))
        ):
            # "Putin refused an immediate ceasefire": a verb of refusal rejects what it governs
            found = [(f"{refusal} → {cue.text}", -1)]
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
                patterns.on("predicate_subject")
                and scope.negation_taken(cue, evaluations, lo, hits)
            )
            sign = cue.polarity * (-1 if negated else 1)
            found = [(("not " if negated else "") + cue.text, sign)]
        signals += [Signal(cue.topic_id, label, sign) for label, sign in found]
    ct.signals = signals
    ct.outcome = "coded"


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
                and scope.words_between(text, cues[i].span, span) <= params.predicate_reach
                and "," not in text[cues[i].span.end : span.start]
                and not any(cues[i].span.end <= m.span.start < span.start for m in mentions)
            ),
            None,
        )
        harmed = [
            i
            for i, c in enumerate(cues)
            if c.span.start >= span.end
            and scope.words_between(text, span, c.span) <= params.evaluation_reach
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


def _refusal_before(text, lo: int, cue_start: int, patterns, hits) -> str | None:
    """The verb of refusal a few words before a cue with no pause between ("refused an
    immediate ceasefire", "ruled out talks"), if it is the nearest negator there."""
    negators = hits.within("negators", max(lo, cue_start - 40), cue_start)
    if not negators:
        return None
    last = negators[-1]
    word = text[last.start : last.end]
    if (
        word.lower().split()[0] in patterns.words.particle_negators
        or PAUSE.search(text, last.end, cue_start)
        or len(WORD.findall(text, last.end, cue_start)) > 2  # "declined to describe the ..."
    ):
        return None
    return word


def _refusal_between(text, lo: int, hi: int, patterns, hits) -> bool:
    """Whether a verb that negates ("refusing", "declined", "ruled out") follows "and"
    between two offsets: the predicate of a verb phrase of its own."""
    return any(
        h.phrase.lower().split()[0] not in patterns.words.particle_negators
        and patterns.words.and_before.search(text, max(lo, h.start - 8), h.start) is not None
        for h in hits.within("negators", lo, hi)
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
    start = ct.span.start if ct.content_start is None else ct.content_start
    return (
        mention.kind in ("name", "title")
        and bool(mention.actors)
        and set(mention.actors) <= set(ct.speaker_ids)
        and patterns.words.speaker_after_verb.fullmatch(text, start, mention.span.start) is not None
    )


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
        holder: Holder = entry["holder"]
        # "Zelensky said Putin does not want peace": an accusation, not Putin's position
        if (
            stance == "oppose"
            and holder.attribution == "reported"
            and holder.via_actor_id in codebook.actors
            and patterns.on("adversary_claim")
            and codebook.adversaries(actor, holder.via_actor_id)
        ):
            continue
        strength = params.hedged_strength if entry["hedged"] else 1.0
        score = 0.0 if stance == "neutral" else strength * sum(signs) / len(signs)
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
