"""Which sides of a relation a clause refers to: the sides its words and actors name, the
parties named after "between", the side that sends what a topic is about, and the sides a
headline frames for the whole article."""

from __future__ import annotations

import re
from dataclasses import replace

from stances.codebook import Codebook, CompiledPatterns
from stances.document import ClauseTrace, Cue, Hits
from stances.mentions import OWNER_GAP, WORD
from stances.segment import PAUSE, Span

COMPOUND_BEFORE = re.compile(r"\b[A-Z][\w.]*[-–][A-Z][\w.]*\s+$")


def contact_reaches_other_side(text, cue: Cue, ct, mentions, patterns, codebook, hits) -> bool:
    """A contact cue ("meetings with", "call to", "met") counts only if the other side follows."""
    requires = set(codebook.topics[cue.topic_id].requires)
    if not requires:
        return True
    # "held talks with Umerov": a contact whose partner follows "with" after the cue
    with_next = patterns.words.with_next.match(text, cue.span.end)
    if not patterns.words.contact_end.search(cue.text) and with_next is None:
        return True
    own = {codebook.actors[h.actor_id].country for h in ct.holders}
    # "Peskov praised Trump's call with Putin": the contact is its owner's, whoever speaks
    if patterns.on("owned_contact"):
        owners = (m for m in mentions if m.actors and m.kind != "pronoun")
        end = cue.span.start
        owner = next((m for m in owners if OWNER_GAP.fullmatch(text, m.span.end, end)), None)
        if owner is not None:
            own = {codebook.actors[a].country for a in owner.actors}
    if not own:
        return True
    # "Lavrov and Rubio met": the holders are both sides of a verb that needs no object
    reciprocal = cue.text.split()[-1].lower() in patterns.words.reciprocal_verbs
    if reciprocal and requires <= own and patterns.on("joint_contact"):
        return True
    window = WORD.findall(text[cue.span.end : cue.span.end + 80])[:8]
    end = cue.span.end + sum(len(w) + 1 for w in window) + 1
    # "After a meeting with Zelensky, Trump said Putin ...": the other side is named before
    # the holder's own name
    held = {h.actor_id for h in ct.holders}
    own_names = [
        m.span.start
        for m in mentions
        if cue.span.end <= m.span.start < end and m.kind != "pronoun" and held & set(m.actors)
    ]
    reach = Span(cue.span.end, min(own_names, default=end))
    sides = sides_named(hits, patterns, reach.start, reach.end)
    sides |= {
        codebook.actors[a].country for m in mentions if m.span.start in reach for a in m.actors
    }
    return bool((sides & requires) - own)


def contact_parties(cues: list[Cue], text, ct, mentions, patterns, codebook, hits) -> list[Cue]:
    """ "talks between Moscow and Kyiv" are not US–Russia talks: the parties named after
    "between" must be the sides a bilateral topic requires; and talks between Trump and
    Putin are an act of theirs, not of someone who comments on them."""
    holders = {h.actor_id for h in ct.holders}
    kept = []
    for cue in cues:
        between = patterns.words.between_within.match(text, cue.span.start, ct.span.end)
        requires = set(codebook.topics[cue.topic_id].requires)
        if between is None or not requires:
            kept.append(cue)
            continue
        pause = PAUSE.search(text, between.end(), ct.span.end)
        end = min(pause.start() if pause else ct.span.end, between.end() + 80)
        actors = {
            a
            for m in mentions
            if between.end() <= m.span.start < end and m.kind in ("name", "title", "group")
            for a in m.actors
        }
        sides = sides_named(hits, patterns, between.end(), end)
        sides |= {codebook.actors[a].country for a in actors}
        if not requires <= sides:
            continue
        # the contact of others is not the holders' act; but "Lavrov said of upcoming talks
        # between Putin and Trump": a side's spokesman speaks for its own contact
        if (
            cue.polarity > 0
            and actors
            and not actors & holders
            and not (patterns.on("own_side_contact") and _speaks_for_party(ct, actors, codebook))
        ):
            cue = replace(cue, polarity=0)
        kept.append(cue)
    return kept


def sender_named(text, cue: Cue, ct: ClauseTrace, mentions, patterns, codebook, hits) -> bool:
    """For a topic with a sender ("US troops", US aid), no other side acts in the clause: the
    cue names the sender, or it follows ("funding from Washington"), or the side named last
    before the cue is it ("European countries were ready to deploy troops" is not US
    troops). The recipient does not count."""
    sender = codebook.topics[cue.topic_id].sender
    if sender is None:
        return True
    senders = cue_senders(text, cue, ct, mentions, patterns, codebook, hits)
    return senders is None or sender in senders


def cue_senders(text, cue: Cue, ct: ClauseTrace, mentions, patterns, codebook, hits):
    """The sides that act in a sending cue's clause (`sender_named`), or None where the
    clause names none."""
    topic = codebook.topics[cue.topic_id]
    in_cue = sides_named(hits, patterns, cue.span.start, cue.span.end) - {topic.recipient}
    if in_cue:
        return in_cue
    start = ct.content_start if ct.content_start is not None else ct.span.start
    named = [(h.start, h.payload) for h in hits.within("sides", start, cue.span.start)] + [
        (m.span.start, codebook.actors[a].country)
        for m in mentions
        if start <= m.span.start < cue.span.start
        for a in m.actors
    ]
    # "agreed with NATO to supply Kyiv": a partner is no sender
    named = [
        (at, side)
        for at, side in named
        if side != topic.recipient
        and not patterns.words.partner_before.search(text, max(start, at - 24), at)
    ]
    # "funding from Washington"; "weapons and training by Western partners"
    source = patterns.words.from_side.match(text, cue.span.end, ct.span.end)
    if source and (sources := sides_named(hits, patterns, source.start(), source.end())):
        return sources
    if named:
        return {max(named)[1]}
    if cue.polarity < 0:
        return None
    # "Macron said 26 countries are ready to send troops", "Starmer pledged to continue
    # military aid": sending, or what is sent, with no side named is the holders' own side's
    holding = [codebook.actor_sides[h.actor_id] for h in ct.holders]
    holding = [sides for sides in holding if topic.recipient not in sides]
    # "Putin warned against sending weapons": a side that sends none is no sender
    senders = {topic.sender, *(topic.others_send or {})}
    holding = [sides for sides in holding if sides & senders]
    return set().union(*holding) if holding else None


def compound_sides(text, cue: Cue, mentions, hits: Hits, patterns, codebook) -> set[str]:
    """The sides of a hyphenated pair right before a cue: "US-Russia summit", "Trump-Putin
    meeting" (none unless the pair is there)."""
    pair = COMPOUND_BEFORE.search(text, max(0, cue.span.start - 60), cue.span.start)
    if pair is None or not patterns.on("joint_contact"):
        return set()
    sides = sides_named(hits, patterns, pair.start(), pair.end())
    return sides | {
        codebook.actors[a].country
        for m in mentions
        if pair.start() <= m.span.start < pair.end()
        for a in m.actors
    }


def sides_named(hits: Hits, patterns: CompiledPatterns, lo: int, hi: int) -> set[str]:
    """Sides whose words ("Moscow", "the White House") stand in [lo, hi)."""
    return {h.payload for h in hits.within("sides", lo, hi)}


def is_side_name(word: str, patterns: CompiledPatterns) -> bool:
    """Whether a word is one of a side's names ("U.S.", "Russian", "Moscow")."""
    return any(side.fullmatch(word) for side in patterns.sides.values())


def sides_of(
    text,
    span: Span,
    mentions,
    ct: ClauseTrace,
    patterns: CompiledPatterns,
    codebook: Codebook,
    hits: Hits,
) -> set[str]:
    present = sides_named(hits, patterns, span.start, span.end)
    sides = codebook.actor_sides
    for m in hits.within("aliases", span.start, span.end):
        present |= sides[m.payload]
    for m in mentions:
        for a in m.actors:
            present |= sides[a]
    for h in ct.holders:
        present |= sides[h.actor_id]
        if h.via_actor_id:
            present |= sides[h.via_actor_id]
    return present


def headline_sides(text, patterns: CompiledPatterns, codebook: Codebook, hits: Hits) -> set[str]:
    """Sides the headline refers to: it frames the whole article ("US and Russia agree to ...")."""
    end = text.find("\n")
    return sides_of(
        text,
        Span(0, end if end != -1 else len(text)),
        [],
        ClauseTrace(Span(0, 0)),
        patterns,
        codebook,
        hits,
    )


def _speaks_for_party(ct, actors: set[str], codebook) -> bool:
    """Whether a speaker holding the clause is of the side of one of a contact's parties."""
    parties = {codebook.actors[a].country for a in actors}
    return any(
        h.attribution in ("paraphrase", "direct_quote")
        and codebook.actors[h.actor_id].country in parties
        for h in ct.holders
    )
