"""Rules that relate one clause or sentence to another: who shares an act, whose offer a
clause names, who takes part in a contact, what a threat wants, what a walk-back recalls.

They run after each clause has its holders and cues (see `stances.coder`); each is one
switchable rule of `stances.coder.RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import replace
from itertools import pairwise

from stances.codebook import CompiledPatterns
from stances.document import ClauseTrace, Cue, Document, Hits, Holder, SentenceTrace, Signal
from stances.mentions import OWNER_GAP, POSSESSIVE_END, is_possessive
from stances.scope import negated
from stances.segment import Span
from stances.sides import contact_reaches_other_side, is_side_name
from stances.stance import sentence_statements
from stances.wordsets import WordSets

# The stance step of the coder: (text, clause, context start, document, mentions) -> None.
StanceStep = Callable[..., None]

SIGNS = {"support": 1, "oppose": -1}
SPACE = re.compile(r"\s+")
LEADING_CAPITALS = re.compile(r"\s*(?:[A-Z][\w.’'-]*\s+)*")  # "Russia's (Lavrov)"
MODIFIERS = re.compile(r"\s+(?:[\w-]+\s+){0,3}")  # "their (recent phone) call"
OWNED_APPOSITIVE = re.compile(r"['’]s?(?:\s+[\w-]+){1,8}?,\s+")
# "Russia's ": a possessive that may name the other side's country before its actor
POSSESSIVE_WORD = re.compile(r"([\w.]+)['’]s\s+")


def walk_backs(article: Document, traces: list[SentenceTrace]) -> None:
    """An undecided clause ("everything is on the table") by an actor whose earlier stance the
    article recalls is neutral on the recalled topic: the actor walks it back."""
    recalled: dict[str, list[str]] = {}
    for trace in traces:
        for statement in trace.statements:
            if statement.reference == "recap":
                recalled.setdefault(statement.actor_id, []).append(statement.topic_id)
    text, patterns = article.text, article.patterns
    for trace in traces:
        walked_back = False
        for ct in trace.clauses:
            holders = [h for h in ct.holders if h.actor_id in recalled]
            if not (ct.neutral and not ct.cues and holders and ct.reference == "current"):
                continue
            marker = article.hits.first("neutral", ct.span.start, ct.span.end)
            span = Span(marker.start, marker.end)
            topics = dict.fromkeys(t for h in holders for t in recalled[h.actor_id])
            ct.holders = holders
            ct.cues = [Cue(topic, text[span.start : span.end], span, 0, False) for topic in topics]
            ct.outcome = "coded"
            walked_back = True
        if walked_back:
            trace.statements = sentence_statements(
                text, trace.span, trace, trace.quotes, article.codebook, patterns
            )


def mention_chain(text: str, mentions, start: int, end: int, words: WordSets) -> list:
    """The mentions listed from `start`: "Marco Rubio, Steve Witkoff and Sergei Lavrov"."""
    chain, position = [], start
    for m in mentions:
        if m.span.start < position or m.span.end > end:
            continue
        if m.span.start != position or not m.actors or m.kind == "outsider":
            break
        chain.append(m)
        # "Putin and his US counterpart, Donald Trump": a described name after "and"
        joiner = words.list_joiner.match(text, m.span.end, end)
        position = joiner.end()
    return chain


def owned_proposals(article: Document, trace: SentenceTrace, mentions: list) -> None:
    """ "Putin spurned Zelensky's offer of a ceasefire": whoever's offer, proposal or call
    it is wants what it names, whatever the clause's subject does with it."""
    text, words = article.text, article.patterns.words
    named = [m for m in mentions if m.actors and m.kind != "pronoun"]
    # An actor named with an apostrophe after the name owns the noun after it; one named
    # after the noun and "by" ("a proposal by Putin to resume talks") the noun before it.
    possessors = [m for m in named if text.startswith(("'", "’"), m.span.end)]
    agents = [
        (m, found.group(0).split()[0])
        for m in named
        if (found := words.proposal_owner.search(text, max(0, m.span.start - 30), m.span.start))
    ]
    for ct in list(trace.clauses) if possessors or agents else ():
        if ct.kind == "hypothetical":
            continue
        for cue in ct.cues:
            noun = words.proposal.search(
                text, max(ct.span.start, cue.span.start - 80), cue.span.start
            )
            # "Trump's unconditional ceasefire": the owner's own, with no noun between
            owned_at, label = (noun.start(), noun.group(1)) if noun else (cue.span.start, "'s")
            owner = next(
                (m for m in possessors if OWNER_GAP.fullmatch(text, m.span.end, owned_at)),
                None,
            )
            if owner is None:
                owner, label = next(
                    (
                        (m, noun_word)
                        for m, noun_word in agents
                        if ct.span.start <= m.span.start
                        and words.proposal_after_owner.fullmatch(text, m.span.end, cue.span.start)
                    ),
                    (None, label),
                )
            if owner is None or {h.actor_id for h in ct.holders} >= set(owner.actors):
                continue
            owned = ClauseTrace(
                Span(owner.span.start, cue.span.end),
                kind="side",
                holders=[Holder(a, "action") for a in owner.actors],
                cues=[cue],
                signals=[Signal(cue.topic_id, f"{label} → {cue.text}", cue.polarity or 1)],
                reference=ct.reference,
                outcome="coded",
            )
            # "Trump's meeting with Zelensky": a contact of the owner's with the other side
            if article.patterns.on("contact_other_side") and not contact_reaches_other_side(
                text, cue, owned, mentions, article.patterns, article.codebook, article.hits
            ):
                continue
            trace.clauses.append(owned)


def contacts_between(
    article: Document,
    trace: SentenceTrace,
    context_start: int,
    mentions: list,
    stance: StanceStep,
) -> None:
    """ "Trump struck a softer tone after a call between the two leaders": both sides of a
    contact named after "between" take part in it, whoever the clause's subject is; and
    the other side of "a call with Putin" takes part in the holder's call."""
    text, codebook = article.text, article.codebook
    for ct in list(trace.clauses):
        if ct.kind == "hypothetical":
            continue
        held = {h.actor_id for h in ct.holders}
        for span, topic, cued, polarity in article.matches.cues_within(ct.span.start, ct.span.end):
            # an event of contact ("a call"), not the state of relations between the two
            if polarity <= 0 or len(codebook.topics[topic].requires) < 2:
                continue
            between = after_between(text, span, cued, article.patterns.words)
            if between is None:
                if not held:
                    continue
                # "Trump held a call with Putin": Putin shares the call the clause holds.
                signs = [s.sign for s in ct.signals if s.topic_id == topic]
                if not signs or any(sign <= 0 for sign in signs):
                    continue
                partners, partners_end = partners_of(text, span, held, mentions, article, ct.span)
                # "Zelensky's meeting with Trump" is no contact of the two sides it requires
                sides = {codebook.actors[a].country for a in [*held, *partners]}
                if partners and set(codebook.topics[topic].requires) <= sides:
                    cues = _shared_cues(text, ct, topic, partners_end, codebook)
                    trace.clauses.append(
                        ClauseTrace(
                            Span(span.start, ct.span.end),
                            kind="side",
                            holders=[Holder(a, "action") for a in partners],
                            cues=cues,
                            signals=[Signal(c.topic_id, f"{c.text} (together)", 1) for c in cues],
                            reference=ct.reference,
                            outcome="coded",
                        )
                    )
                continue
            pair = pair_at(text, between, ct.span.end, mentions, article.patterns)
            if pair is None or set(pair) <= held:
                continue
            _take_part(pair, span, topic, ct, trace, context_start, article, mentions, stance)


def after_between(text: str, cue: Span, cued: str, words: WordSets) -> int | None:
    """Where the pair after a contact starts: "a call between ...", or a cue that ends in
    "between" ("summit between"); None when no "between" follows."""
    found = words.between_after.match(text, cue.end)
    if found is None and cued.lower().split()[-1] in words.between_words:
        found = SPACE.match(text, cue.end)
    return None if found is None else found.end()


def compound_contacts(
    article: Document,
    trace: SentenceTrace,
    context_start: int,
    mentions: list,
    stance: StanceStep,
) -> None:
    """ "The talks followed the Trump–Putin meeting": the two named in a hyphenated compound
    before a contact take part in it, whoever the clause's subject is."""
    text, codebook = article.text, article.codebook
    named = [m for m in mentions if m.actors and m.kind == "name"]
    pairs = [
        (m, n)
        for m, n in pairwise(named)
        if text[m.span.end : n.span.start] in ("-", "–") and m.actors != n.actors
    ]
    # "told Putin in their call": the two "their" stands for (see mentions)
    if article.patterns.on("their_exchange"):
        pairs += [(m, m) for m in mentions if m.kind == "pronoun" and len(m.actors) == 2]
    for ct in list(trace.clauses) if pairs else ():
        if ct.kind == "hypothetical":
            continue
        held = {h.actor_id for h in ct.holders}
        for span, topic, _, polarity in article.matches.cues_within(ct.span.start, ct.span.end):
            if polarity < 0 or len(codebook.topics[topic].requires) < 2:
                continue
            pair = next(
                (
                    list(dict.fromkeys([*m.actors, *n.actors]))
                    for m, n in pairs
                    if ct.span.start <= m.span.start
                    and (SPACE if m is not n else MODIFIERS).fullmatch(text, n.span.end, span.start)
                ),
                None,
            )
            if pair is None or set(pair) <= held:
                continue
            # "no plans for a Putin-Trump meeting", "cancelled the Trump-Putin summit": no
            # contact the two take part in
            if any(s.topic_id == topic and s.sign < 0 for s in ct.signals):
                continue
            _take_part(pair, span, topic, ct, trace, context_start, article, mentions, stance)


def _take_part(
    pair, span: Span, topic: str, ct, trace, context_start, article, mentions, stance
) -> None:
    """Add the clause by which `pair` takes part in the contact at `span`, where the stance
    step finds a stance of theirs on its topic from there on."""
    probe = ClauseTrace(
        Span(span.start, ct.span.end),
        kind="side",
        holders=[Holder(a, "action") for a in pair],
        reference=ct.reference,
    )
    stance(article.text, probe, context_start, article, mentions)
    probe.signals = [s for s in probe.signals if s.topic_id == topic]
    if probe.signals:
        trace.clauses.append(probe)


def praised_acts(
    article: Document,
    trace: SentenceTrace,
    context_start: int,
    mentions: list,
    stance: StanceStep,
) -> None:
    """ "Rutte praised Trump for pushing Europe to spend more", "Zelensky thanked Trump for
    the weapons": the one praised did what the praise is for, and the one who praises
    endorses it."""
    text, words = article.text, article.patterns.words
    for ct in list(trace.clauses):
        lo, hi = ct.span.start, ct.span.end
        if (
            ct.kind == "hypothetical"
            or not ct.holders
            or not article.hits.may_match("praise", lo, hi)
        ):
            continue
        for found in words.praise.finditer(text, lo, hi):
            praised = named_at(mentions, found.end())
            reason = praised and words.praised_for.match(text, praised.span.end, ct.span.end)
            if not reason:
                continue
            praisers = {h.via_actor_id or h.actor_id for h in ct.holders} - set(praised.actors)
            probe = ClauseTrace(
                Span(reason.end(), ct.span.end),
                kind="side",
                holders=[Holder(a, "action") for a in praised.actors]
                + [Holder(a, "paraphrase") for a in sorted(praisers)],
                reference=ct.reference,
            )
            stance(text, probe, context_start, article, mentions)
            if not probe.signals and article.patterns.on("praised_thing"):
                # "thanked Trump for the aid": the praise is the only judgement of the thing
                verb = found.group().strip()
                probe.signals = [
                    Signal(c.topic_id, f"{verb} for → {c.text}", 1)
                    for c in probe.cues
                    if c.polarity == 0 and not c.negated
                ]
            if probe.signals:
                trace.clauses.append(probe)


def criticised_acts(
    article: Document,
    trace: SentenceTrace,
    context_start: int,
    mentions: list,
    stance: StanceStep,
) -> None:
    """ "Trump attacked Zelensky for refusing to recognise Crimea as Russian": what someone
    is criticised for is a charge, no position of the critic's, who opposes it (and coded
    for no one else). The clause is recoded without the charge."""
    text, words = article.text, article.patterns.words
    for ct in list(trace.clauses):
        lo, hi = ct.span.start, ct.span.end
        if ct.kind == "hypothetical" or not article.hits.may_match("criticism", lo, hi):
            continue
        for found in words.criticism.finditer(text, lo, hi):
            charged = _charged(text, found.end(), ct, mentions, article)
            if charged is None:
                continue
            charge_start, reason_start, reason_end, accused = charged
            critics = _critics(text, ct, mentions, found.start(), words) - accused
            end = _charge_end(text, ct, mentions, reason_end, words, article.hits)
            parts = [_part(ct, ct.span.start, reason_start)]
            if end < ct.span.end:  # "... as Vance said ...": the rest is the clause's again
                parts.append(_part(ct, end, ct.span.end))
            for part in parts:
                stance(text, part, context_start, article, mentions)
            at = trace.clauses.index(ct)
            trace.clauses[at : at + 1] = parts
            charge = ClauseTrace(  # from the one charged: what is done is that one's act
                Span(charge_start, end),
                kind="side",
                holders=[Holder(a, "paraphrase") for a in sorted(critics)],
                reference=ct.reference,
            )
            stance(text, charge, context_start, article, mentions)
            charge.signals = [
                Signal(
                    s.topic_id,
                    f"{found.group().strip()} {text[reason_start:reason_end].strip()} → {s.text}",
                    -s.sign,
                )
                for s in charge.signals
                if s.sign
            ]
            if charge.signals and charge.holders:
                trace.clauses.append(charge)
            break


def _charged(text: str, start: int, ct: ClauseTrace, mentions: list, article: Document):
    """What a word of criticism ending at `start` charges: the one named and what they are
    criticised "for" or "over" ("attacked Zelensky for refusing ..."), or an act owned by
    someone ("frustrated with Moscow's refusal to ...", "angry with the Kremlin over its
    failure to ..."). Returns where the charge starts, where its reason words start and end,
    and the actors charged; None if there is no charge."""
    words, hits = article.patterns.words, article.hits
    criticised = _named_after(text, mentions, start, words)
    if criticised is not None:
        reason = words.praised_for.match(text, criticised.span.end, ct.span.end)
        if reason:
            return criticised.span.start, reason.start(), reason.end(), set(criticised.actors)
        if is_possessive(text, criticised) and article.patterns.on("owned_charge"):
            end = _possessive_end(text, criticised.span.end)
            return criticised.span.start, criticised.span.start, end, set(criticised.actors)
        return None
    if not article.patterns.on("owned_charge"):
        return None
    # a side rather than an actor: "Moscow's refusal", "the Kremlin over its failure"
    side = next(
        (
            h
            for h in hits.within("sides", start, min(ct.span.end, start + 40))
            if words.side_lead.fullmatch(text, start, h.start)
        ),
        None,
    )
    if side is None:
        return None
    owned = _possessive_end(text, side.end)
    if owned > side.end:
        return side.start, side.start, owned, set()
    reason = words.praised_for.match(text, side.end, ct.span.end)
    return (side.start, reason.start(), reason.end(), set()) if reason else None


def _possessive_end(text: str, end: int) -> int:
    """Where a possessive ending ("'s", "’s", "'") after `end` stops (`end` if none)."""
    found = POSSESSIVE_END.match(text, end)
    return found.end() if found else end


def demanded_acts(
    article: Document,
    trace: SentenceTrace,
    context_start: int,
    mentions: list,
    stance: StanceStep,
) -> None:
    """ "... persuade Putin to agree to a ceasefire, as Trump demands": a clause that ends
    the sentence with someone's demand makes the clause before it that one's position."""
    text, words = article.text, article.patterns.words
    clauses = trace.clauses
    for before, ct in pairwise(list(clauses)):
        found = words.as_demanded.fullmatch(text, ct.span.start, ct.span.end)
        if found is None or before.kind == "hypothetical":
            continue
        # the one who demands: a name or title right before the verb ("as Mr. Trump demands")
        named = next(
            (
                m
                for m in mentions
                if m.span.end == found.end(1)
                and found.start(1) <= m.span.start
                and m.actors
                and m.kind in ("name", "title")
                and len(text[found.start(1) : m.span.start].split()) <= 2
            ),
            None,
        )
        if named is None:
            continue
        # what is demanded: from the clause's last infinitive ("persuade Putin to agree to
        # a ceasefire"), else the whole clause
        infinitives = list(words.infinitive.finditer(text, before.span.start, before.span.end))
        start = infinitives[-1].start() if infinitives else before.span.start
        probe = ClauseTrace(
            Span(start, before.span.end),
            kind="side",
            holders=[Holder(a, "paraphrase") for a in named.actors],
            reference=before.reference,
        )
        stance(text, probe, context_start, article, mentions)
        probe.signals = [
            Signal(s.topic_id, f"{s.text} (as demanded)", s.sign) for s in probe.signals if s.sign
        ]
        if probe.signals:
            probe.outcome = "coded"
            clauses.append(probe)


def _part(ct: ClauseTrace, start: int, end: int) -> ClauseTrace:
    """The clause cut to [start, end), its content start kept inside, to be coded anew."""
    content = None if ct.content_start is None else min(max(ct.content_start, start), end)
    return replace(ct, span=Span(start, end), content_start=content, cues=[], signals=[])


def _critics(text: str, ct: ClauseTrace, mentions: list, verb: int, words: WordSets) -> set:
    """Who criticises: the one named right before the verb ("Trump has slammed"), else the
    clause's holders and speaker ("..., criticising Putin for ...")."""
    for m in mentions:
        before = m.span.end <= verb
        if m.actors and before and words.auxiliaries_only.fullmatch(text, m.span.end, verb):
            return set(m.actors)
    return {h.via_actor_id or h.actor_id for h in ct.holders} | set(ct.speaker_ids)


def _charge_end(
    text: str, ct: ClauseTrace, mentions: list, start: int, words: WordSets, hits: Hits
) -> int:
    """Where a charge read from `start` ends: at a subordinator before someone named ("...
    over Crimea as Vance said ..."), at a comma before a reporting verb ("..., who has been
    frustrated with Putin over the war, stated that ..."), else with its clause."""
    for m in mentions:
        if start < m.span.start < ct.span.end and m.kind in ("name", "title", "outsider"):
            before = max(start, m.span.start - 20)
            lead = words.subordinator_before.search(text, before, m.span.start)
            if lead:
                return lead.start()
    reporting = hits.first("reporting", start, ct.span.end)
    if reporting is not None:
        comma = text.rfind(",", start, reporting.start)
        if comma != -1 and len(text[comma + 1 : reporting.start].split()) <= 1:
            return comma
    return ct.span.end


def _named_after(text: str, mentions: list, start: int, words: WordSets):
    """The actor named at `start`, or after a descriptor ("Ukrainian chief Volodymyr
    Zelensky")."""
    for m in mentions:
        if m.span.start >= start and m.kind in ("name", "title"):
            gap = text[start : m.span.start]
            return m if not gap or words.descriptor_lead.fullmatch(gap) else None
    return None


def sides_meeting(article: Document, trace: SentenceTrace, mentions: list) -> None:
    """ "Putin agreed to meet Zelensky", "a summit with Zelensky in Moscow": a meeting
    between the two sides a topic is met by (Russia and Ukraine for peace talks) is a stance
    on it of the holder, and of both sides once it is held ("met"); "refused to meet"
    opposes it."""
    text, codebook, patterns = article.text, article.codebook, article.patterns
    topics = [t for t in codebook.topics.values() if len(t.met_by) == 2]
    meeting_sides = {side for t in topics for side in t.met_by}
    for ct in list(trace.clauses):
        if ct.kind == "hypothetical" or not ct.holders:
            continue
        held = {h.actor_id for h in ct.holders}
        if not any(codebook.actors[a].country in meeting_sides for a in held):
            continue  # no holder is one of the sides that meet
        if not article.hits.may_match("meeting", ct.span.start, ct.span.end):
            continue
        for word in patterns.words.meeting.finditer(text, ct.span.start, ct.span.end):
            # the one met: "meet Zelensky", "a summit with Zelensky"
            other = patterns.words.meeting_object.match(text, word.end(), ct.span.end)
            met = other and named_at(mentions, past_side(text, other.end(), article))
            if not met:
                continue
            for topic in topics:
                sides = [
                    {a for a in actors if codebook.actors[a].country in topic.met_by}
                    for actors in (held, set(met.actors))
                ]
                countries = [{codebook.actors[a].country for a in s} for s in sides]
                if not all(sides) or countries[0] == countries[1]:
                    continue
                if any(c.topic_id == topic.id for c in ct.cues):
                    continue  # the clause's own words decide
                sign = -1 if article.hits.first("negators", ct.span.start, word.start()) else 1
                span = Span(word.start(), met.span.end)
                cue = Cue(topic.id, text[span.start : span.end], span, sign, False)
                # an offer or a refusal is the holder's alone; a meeting held takes both
                takers = [h for h in ct.holders if h.actor_id in sides[0]]
                if sign > 0 and word.group().lower() == "met":
                    takers += [Holder(a, "action") for a in sorted(sides[1])]
                trace.clauses.append(
                    ClauseTrace(
                        Span(ct.span.start, ct.span.end),
                        kind="side",
                        holders=takers,
                        cues=[cue],
                        signals=[Signal(topic.id, f"{cue.text} (the two sides)", sign)],
                        reference=ct.reference,
                        outcome="coded",
                    )
                )


def _scheduled(text: str, cue: Span, clause: Span, mentions: list, article: Document) -> bool:
    """ "Rubio to meet Lavrov", "Russia's Lavrov to meet ...": an infinitive right after the
    clause's subject, named first in it, is a headline's future, a contact arranged, not a
    purpose ("sent Witkoff to meet Putin")."""
    return article.patterns.on("headline_future") and any(
        m.kind in ("name", "title")
        and article.patterns.words.subject_infinitive.fullmatch(text, m.span.end, cue.start)
        and LEADING_CAPITALS.fullmatch(text, clause.start, m.span.start)
        for m in mentions
        if cue.start - 10 <= m.span.end <= cue.start
    )


def partners_of(
    text: str, cue: Span, held: Collection[str], mentions: list, article: Document, clause: Span
):
    """The other side of "a call with Putin", "spoke to Putin", "met Putin": actors named
    right after "with" (after the cue or as its last word), after a cue ending in "to" or
    as the object of a meeting word, and the others listed with them in the clause ("met
    with Zelensky and Putin"), who are not on the holders' side; and where the last name
    ends."""
    words = article.patterns.words
    last = text[cue.start : cue.end].lower().split()[-1]
    inner = next(
        (
            m
            for m in words.contact_preposition.finditer(text, cue.start, cue.end)
            if named_at(mentions, m.end())
        ),
        None,
    )
    if last in words.contact_prepositions:
        found = words.with_end.match(text, cue.end)
    elif inner is not None:
        # "spoke with Putin by phone": the one named after "with" inside the cue
        found = inner
    else:
        # "met Putin": the one a meeting word takes as its object is the other side
        met = article.patterns.on("met_object") and words.meeting.fullmatch(last)
        found = met and words.meeting_object.match(text, cue.end)
        if not (found and named_at(mentions, past_side(text, found.end(), article))):
            found = words.with_after.match(text, cue.end)
    if found is None or not held:
        return [], cue.end
    # "plans to speak to Putin", "would travel to Moscow to meet Putin": a contact one side
    # intends is not yet the other's
    if article.patterns.on("intended_contact") and (
        words.intention.search(text, max(0, cue.start - 40), cue.start)
        or (
            words.purposed_contact.search(text, max(0, cue.start - 40), cue.start)
            and not _scheduled(text, cue, clause, mentions, article)
        )
        or words.tentative_future.search(text, max(0, cue.start - 40), cue.start)
    ):
        return [], cue.end
    other = named_at(mentions, past_side(text, found.end(), article))
    if other is None and (described := words.partner_descriptor.match(text, found.end())):
        # "with his Russian counterpart Kirill Dmitriev": the one the descriptor names
        other = named_at(mentions, described.end(), kinds=("name",))
    if other is not None and is_possessive(text, other):
        # "with Trump's senior aide on Russia, Steve Witkoff": the aide named after the comma
        aside = OWNED_APPOSITIVE.match(text, other.span.end)
        other = aside and named_at(mentions, aside.end(), kinds=("name",))
    if other is None:
        return [], cue.end
    listed = [other]
    if article.patterns.on("listed_partners"):
        listed = mention_chain(text, mentions, other.span.start, clause.end, words) or listed
    actors = article.codebook.actors
    own = {actors[a].country for a in held}
    named = dict.fromkeys(a for m in listed for a in m.actors)
    return [a for a in named if actors[a].country not in own], listed[-1].span.end


def _shared_cues(text: str, ct: ClauseTrace, topic: str, partners_end: int, codebook) -> list:
    """What the other side of a contact shares: the contact, and the clause's positive stances
    on joint topics ("talks with Lavrov on ending the war"), unless a predicate of the
    holder's own comes between ("met Lavrov and backed a ceasefire")."""
    joint = {s.topic_id for s in ct.signals if s.sign > 0 and codebook.topics[s.topic_id].joint}
    shared = []
    for cue in ct.cues:
        if cue.topic_id != topic and (
            cue.topic_id not in joint
            or codebook.patterns.words.own_predicate.search(
                text, partners_end, max(partners_end, cue.span.start)
            )
        ):
            continue
        shared.append(cue)
    return shared


def past_side(text: str, start: int, article: Document) -> int:
    """Where the name after "with Russia's Vladimir Putin" starts: past a possessive of a
    side's name at `start` (`start` itself when there is none)."""
    found = POSSESSIVE_WORD.match(text, start)
    if not found or not article.patterns.on("side_possessive"):
        return start
    return found.end() if is_side_name(found.group(1), article.patterns) else start


def named_at(mentions, start: int, kinds=("name", "title")):
    """The actor named (not referred to by a pronoun or group word) at `start`, if any."""
    return next((m for m in mentions if m.span.start == start and m.kind in kinds), None)


def pair_at(
    text: str, start: int, end: int, mentions: list, patterns: CompiledPatterns
) -> list[str] | None:
    """The two sides named from `start`: "the two leaders", "Trump and Putin", "the
    Russian and US presidents", "presidents Trump and Putin", "U.S. Secretary of State
    Marco Rubio and ..."."""
    words = patterns.words

    def named_from(position: int):
        return next((m for m in mentions if m.span.start == position and m.span.end <= end), None)

    first = named_from(start)
    if first is None and (lead := words.pair_lead.match(text, start, end)):
        start = lead.end()
        first = named_from(start)
    if first is None and patterns.on("side_in_list"):
        # a side's name before a title that is not itself one of the actor's titles
        side = next(
            filter(None, (s.match(text, start, end) for s in patterns.sides.values())), None
        )
        if side is not None and (gap := SPACE.match(text, side.end(), end)):
            start = gap.end()
            first = named_from(start)
    if first is None:
        return None
    if first.kind in ("group", "title") and len(first.actors) == 2:
        return list(first.actors)
    chain = mention_chain(text, mentions, start, end, words)
    if len(chain) == 2 and is_possessive(text, chain[1]):
        # "between Putin and Trump's envoy Witkoff": the envoy is the other side
        envoy = next(
            (m for m in mentions if chain[1].span.end < m.span.start <= chain[1].span.end + 40),
            None,
        )
        chain = [chain[0], envoy] if envoy is not None and envoy.actors else []
    actors = list(dict.fromkeys(a for m in chain[:2] for a in m.actors))
    return actors if len(chain) == 2 and len(actors) == 2 else None


def _outcome_fails(text: str, start: int, end: int, article: Document) -> bool:
    """Whether an outcome word in text[start:end] ("is not reached") is negated."""
    patterns = article.patterns
    return any(
        negated(text, m.start(), start, patterns, article.hits)
        for m in patterns.words.outcome.finditer(text, start, end)
    )


def failure_conditions(
    article: Document,
    trace: SentenceTrace,
    context_start: int,
    mentions: list,
    stance: StanceStep,
) -> None:
    """A threat on the failure of something wants that thing: "tariffs if the Kremlin fails
    to reach a ceasefire" is the threatening holder's support for a ceasefire. A condition
    that something happens ("if Russia agrees to a truce") stays nobody's stance."""
    text, clauses = article.text, trace.clauses
    for k, ct in enumerate(clauses):
        if ct.kind != "hypothetical" or not article.patterns.words.failure_condition.match(
            text, ct.span.start
        ):
            continue
        # The threat is the nearest clause that has a holder, before the condition or after.
        around = [*reversed(clauses[:k]), *clauses[k + 1 :]]
        threat = next((c for c in around if c.kind != "hypothetical" and c.holders), None)
        if threat is None:
            continue
        probe = replace(threat, span=ct.span, kind="side", cues=[], signals=[], outcome="")
        # "Trump said Putin would face consequences if ...": the one the threat is told of is
        # its target; the one who tells it threatens
        probe.holders = list(
            dict.fromkeys(
                Holder(h.via_actor_id, "paraphrase")
                if h.attribution == "reported"
                and h.via_actor_id
                and article.patterns.on("threat_teller")
                else h
                for h in threat.holders
            )
        )
        stance(text, probe, context_start, article, mentions)
        wanted = [Signal(s.topic_id, s.text, 1) for s in probe.signals if s.sign < 0]
        # "if a ceasefire is not reached": an outcome that fails, news elsewhere, is here
        # what the threat is against
        if (
            not wanted
            and article.patterns.on("failed_outcome_threat")
            and _outcome_fails(text, ct.span.start, ct.span.end, article)
        ):
            wanted = [
                Signal(c.topic_id, f"{c.text} (not reached)", 1)
                for c in probe.cues
                if c.polarity >= 0
            ]
        if wanted:
            topics = {s.topic_id for s in wanted}
            ct.holders, ct.speaker, ct.verb = probe.holders, probe.speaker, probe.verb
            ct.cues = [c for c in probe.cues if c.topic_id in topics]
            ct.signals, ct.hedged, ct.reference = wanted, probe.hedged, threat.reference
            ct.outcome = "coded: a threat on its failure"
