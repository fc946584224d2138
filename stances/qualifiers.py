"""How a clause's stance is qualified by what stands around it: a reservation after it ("but
questions remain"), one the topic names ("with a US backstop") or a withdrawal held out for
a time make it mixed; displeasure with a leader alone is no stance.
"""

from __future__ import annotations

from stances.document import ClauseTrace, Cue, Hits, SentenceTrace, Signal
from stances.mentions import WORD


def drop_lone_complaints(traces: list[SentenceTrace], hits: Hits) -> list[SentenceTrace]:
    """ "Trump was angry with Putin over the strikes": displeasure with a leader is no stance on
    a topic unless the same holder also speaks of the topic otherwise in the article ("we
    have a very good relationship"). Returns the traces whose clauses lost a complaint."""

    def complaint(cue: Cue) -> bool:
        return hits.first("complaints", cue.span.start, cue.span.end) is not None

    clauses = [(trace, ct) for trace in traces for ct in trace.clauses]
    tied = {
        (h.actor_id, c.topic_id)
        for _, ct in clauses
        for c in ct.cues
        if not complaint(c)
        for h in ct.holders
    }
    changed = []
    for trace, ct in clauses:
        lone = {
            c.topic_id
            for c in ct.cues
            if complaint(c) and not any((h.actor_id, c.topic_id) in tied for h in ct.holders)
        }
        if lone:
            ct.cues = [c for c in ct.cues if c.topic_id not in lone]
            ct.signals = [s for s in ct.signals if s.topic_id not in lone]
            ct.outcome = ct.outcome if ct.cues else "a complaint alone"
            changed += [trace] if trace not in changed else []
    return changed


def provisional_withdrawals(clauses: list[ClauseTrace], hits: Hits, reach: int) -> None:
    """A withdrawal held out on a condition or for a time keeps the other pole alive:
    "could walk away unless a deal is in reach", "say yes or we walk away", "let them fight
    for a while" are mixed."""
    for k, ct in enumerate(clauses):
        # The condition must be on the withdrawal ("walk away unless ..."), not on what is
        # said next ("expelling Russia was a mistake, and said the war might not have
        # happened if ...").
        condition = clauses[k + 1] if k + 1 < len(clauses) else None
        for cue in ct.cues:
            if cue.polarity >= 0 or cue.negated:
                continue
            before = max(ct.span.start, cue.span.start - reach)
            after = min(ct.span.end, cue.span.end + reach)
            if (
                (
                    condition is not None
                    and condition.kind == "hypothetical"
                    and not hits.first("reporting", cue.span.end, condition.span.start)
                )
                or hits.first("ultimatum", before, cue.span.start)
                or hits.first("provisional", cue.span.end, after)
            ):
                ct.signals.append(Signal(cue.topic_id, f"{cue.text}: only provisionally", 1))


def add_reservation(text, previous: ClauseTrace, ct: ClauseTrace, patterns, hits: Hits) -> None:
    """ "X backs the ceasefire, but questions remain": the reservation makes X's stance mixed."""
    same = [h.actor_id for h in ct.holders] == [h.actor_id for h in previous.holders]
    if not same or not ct.holders or not patterns.on("reservation"):
        return
    if patterns.on("contrast_reservation") and _unsigned_after_contrast(text, previous, ct, hits):
        return
    found = hits.first("reservations", ct.span.start, ct.span.end)
    opening = found is not None and len(WORD.findall(text[ct.span.start : found.start])) <= 6
    if not found or (ct.signals and not opening):
        return
    signals = previous.signals + ct.signals
    for topic in dict.fromkeys(s.topic_id for s in signals):
        net = sum(s.sign for s in signals if s.topic_id == topic)
        if net:
            ct.signals.append(
                Signal(topic, f"but {text[found.start : found.end]}", -1 if net > 0 else 1)
            )
            ct.outcome = "coded"


def _unsigned_after_contrast(text, previous: ClauseTrace, ct: ClauseTrace, hits: Hits) -> bool:
    """ "X wants the war to end, but argues a ceasefire without guarantees would not hold":
    after a contrast word the same holder names a topic they just took a side on, without
    taking a side again; the contrast is a reservation, and the stance becomes mixed."""
    contrast = hits.first("contrast", max(0, ct.span.start - 16), ct.span.start)
    if contrast is None or contrast.end != ct.span.start:
        return False
    signed = {s.topic_id: s.sign for s in previous.signals}
    resigned = {s.topic_id for s in ct.signals}
    cues = {c.topic_id: c.text for c in ct.cues if c.topic_id in signed.keys() - resigned}
    word = text[contrast.start : contrast.end]
    for topic, cue in cues.items():
        ct.signals.append(Signal(topic, f"{word} {cue}", -signed[topic]))
        ct.outcome = "coded"
    return bool(cues)


def topic_reservations(clauses: list[ClauseTrace], sentence_end: int, codebook, hits) -> None:
    """Support next to one of the topic's own reservations in the sentence keeps the other
    pole alive: a European "ready to send troops, but only with a US backstop" is mixed on
    Europe's burden (the codebook's `reservations`). Only for holders of the side the topic
    requires (the side that carries it): a US "backing, though Europe bears the burden" is
    not."""
    start = min((ct.span.start for ct in clauses), default=sentence_end)
    for ct in clauses:
        for topic in dict.fromkeys(s.topic_id for s in ct.signals):
            required = set(codebook.topics[topic].requires)
            if sum(s.sign for s in ct.signals if s.topic_id == topic) <= 0 or not all(
                required <= codebook.actor_sides[h.actor_id] and h.attribution != "reported"
                for h in ct.holders
            ):
                continue
            found = hits.first(f"reserve:{topic}", start, sentence_end)
            if found is not None:
                ct.signals.append(Signal(topic, f"{found.phrase}: a reservation", -1))
