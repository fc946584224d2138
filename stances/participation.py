"""Who takes part in talks and contacts, across an article: the parties to a meeting, call
or talks in a sentence about a joint topic, those who attend an event the article named
before, and the members of a delegation, who share the talks of their side.

These rules run once every sentence is read (see `stances.coder`); each is one switchable
rule of `stances.coder.RULES`.
"""

from __future__ import annotations

from stances.document import ClauseTrace, Cue, Document, Holder, SentenceTrace, Signal
from stances.mentions import WORD, is_possessive
from stances.relations import (
    SIGNS,
    after_between,
    mention_chain,
    named_at,
    pair_at,
    partners_of,
    past_side,
)
from stances.segment import Span, inside, overlaps
from stances.stance import code_clause, sentence_statements


def delegations(article: Document, traces: list[SentenceTrace]) -> None:
    """Members of a delegation share the acts of the actor they go with: "Rubio and Witkoff
    joined Trump" and "Trump was joined by Rubio and Witkoff" give them Trump's clear acts
    anywhere in the article; "Trump, accompanied by Rubio, met Putin" adds Rubio to the
    clause's holders."""
    acts = _clear_acts(traces, article.codebook)
    text, patterns = article.text, article.patterns
    for trace in traces:
        joined, added = False, []
        for ct in trace.clauses:
            lo, hi = ct.span.start, ct.span.end
            if ct.reference != "current" or not ct.holders:
                continue
            if not article.hits.may_match("accompaniment", lo, hi):
                continue
            found = patterns.words.accompaniment.search(text, lo, hi)
            if not found:
                continue
            after = mention_chain(text, trace.mentions, found.end(), ct.span.end, patterns.words)
            held = {h.actor_id for h in ct.holders}
            members = dict.fromkeys(a for m in after for a in m.actors if a not in held)
            if found.group(1) and ct.signals and all(h.attribution == "action" for h in ct.holders):
                ct.holders += [Holder(a, "action") for a in members]
                joined = True
                # "Rubio was joined by Waltz, implementing a plan to stop the war": the members
                # take the principals' other acts too, as where the clause cues nothing
                own = {c.topic_id for c in ct.cues}
                topics = {t: sign for t, sign in _shared_acts(acts, held).items() if t not in own}
                if members and topics and article.patterns.on("joined_acts"):
                    span = Span(found.start(), found.end())
                    verb = text[span.start : span.end].strip()
                    added.append(
                        ClauseTrace(
                            span,
                            kind="side",
                            holders=[Holder(a, "action") for a in members],
                            cues=[Cue(t, verb, span, sign, False) for t, sign in topics.items()],
                            signals=[
                                Signal(t, f"{verb} {' and '.join(sorted(held))}", sign)
                                for t, sign in topics.items()
                            ],
                            outcome="coded",
                        )
                    )
            elif found.group(1) and not ct.cues and members:
                # "Trump was joined by Rubio": the members take Trump's acts; "they were
                # joined by Rubio" those that all of them share
                principals = " and ".join(sorted(held))
                topics = _shared_acts(acts, held)
                span = Span(found.start(), found.end())
                verb = text[span.start : span.end].strip()
                ct.holders = [Holder(a, "action") for a in members]
                ct.cues = [Cue(t, verb, span, sign, False) for t, sign in topics.items()]
                ct.signals = [Signal(t, f"{verb} {principals}", sign) for t, sign in topics.items()]
                ct.outcome = "coded" if topics else ct.outcome
                joined |= bool(topics)
            elif not found.group(1) and not ct.cues and after:
                principal = after[0].actors[0] if len(after[0].actors) == 1 else None
                topics = acts.get(principal, {})
                span = Span(found.start(), found.end())
                verb = text[span.start : span.end].strip()
                ct.holders = [h for h in ct.holders if h.actor_id != principal]
                ct.cues = [Cue(t, verb, span, sign, False) for t, sign in topics.items()]
                ct.signals = [Signal(t, f"{verb} {principal}", sign) for t, sign in topics.items()]
                ct.outcome = "coded" if topics else ct.outcome
                joined |= bool(topics and ct.holders)
        trace.clauses += added
        if joined:
            _restate(article, trace)


def event_agendas(article: Document, traces: list[SentenceTrace]) -> None:
    """ "Witkoff met Putin on Friday. The meeting focused on a ceasefire.": a sentence that
    opens with the event of the sentence before and cues a joint topic after it names that
    event's agenda; those who met take part in the talks on it."""
    text, codebook, words = article.text, article.codebook, article.patterns.words
    stated = None
    for k, trace in enumerate(traces[1:], 1):
        # (such a sentence names nobody, so it is often left unread: its span is the clause)
        opener = words.agenda_opener.match(text, trace.span.start)
        if not opener:
            continue
        if stated is None:
            stated = {(s.actor_id, s.topic_id) for t in traces for s in t.statements}
        clause = trace.clauses[0] if trace.clauses else ClauseTrace(trace.span, kind="main")
        joint = next(
            (
                (span, topic, cued)
                for span, topic, cued, _ in article.matches.cues_within(
                    opener.end(), trace.span.end
                )
                if codebook.topics[topic].joint
            ),
            None,
        )
        if joint is None or _contact_ruled_out(clause, article, held=False):
            continue
        span, topic, cued = joint
        takers = [a for a in _met_before(traces[k - 1], article) if (a, topic) not in stated]
        if not takers:
            continue
        event = opener.group().strip()
        cue = Cue(topic, cued, span, 1, False)
        trace.clauses.append(_taking_part(trace.span, takers, cue, event, clause))
        stated |= {(a, topic) for a in takers}
        _restate(article, trace)


def _met_before(trace: SentenceTrace, article: Document) -> list[str]:
    """Who meets, calls or visits in a sentence: the holders of its current clauses that
    name such an event, and the one met."""
    found = []
    for ct in trace.clauses:
        if _contact_ruled_out(ct, article):
            continue
        lo, hi = ct.span.start, ct.span.end
        if not (
            article.hits.may_match("meeting", lo, hi)
            and article.patterns.words.meeting.search(article.text, lo, hi)
        ):
            continue
        _, partners = _met(ct, trace.mentions, article)
        found += [h.actor_id for h in ct.holders] + partners
    return list(dict.fromkeys(found))


def plan_drafters(article: Document, traces: list[SentenceTrace]) -> None:
    """ "The plan, drafted by Witkoff and Dmitriev, to end the war": those who draft a plan
    for a joint topic cued in the sentence take part in the talks on it."""
    text, codebook, words = article.text, article.codebook, article.patterns.words
    hits = article.hits
    if not hits.all("drafting"):  # (the one scan found no drafting verb: most articles)
        return
    stated = {(s.actor_id, s.topic_id) for trace in traces for s in trace.statements}
    for trace in traces:
        lo, hi = trace.span.start, trace.span.end
        drafted = [
            (verb.start, by.end())
            for verb in hits.within("drafting", lo, hi)
            if (by := words.agent_after.match(text, verb.end, hi))
        ]
        joint = [
            (span, topic, cued)
            for span, topic, cued, _ in (article.matches.cues_within(lo, hi) if drafted else ())
            if codebook.topics[topic].joint
        ]
        added = False
        for verb_start, by_end in drafted if joint else ():
            ct = next((c for c in trace.clauses if c.span.start <= verb_start < c.span.end), None)
            # "the plan was 'basically drafted by Putin'": a charge in someone's words
            if ct is None or inside(verb_start, trace.quotes):
                continue
            if _contact_ruled_out(ct, article, held=False):
                continue
            start = by_end
            owner = next((m for m in trace.mentions if m.span.start == start), None)
            if owner is not None and is_possessive(text, owner):
                # "drafted by Trump's envoy Steve Witkoff": the envoy, not his principal
                start = next(
                    (
                        m.span.start
                        for m in trace.mentions
                        if owner.span.end < m.span.start <= owner.span.end + 60
                    ),
                    hi,
                )
            drafters = mention_chain(text, trace.mentions, start, hi, words)
            joined = drafters and words.co_drafting.match(text, drafters[-1].span.end, hi)
            if joined:
                drafters += mention_chain(text, trace.mentions, joined.end(), hi, words)
            for span, topic, cued in joint[:1]:
                takers = [a for m in drafters for a in m.actors if (a, topic) not in stated]
                if not takers:
                    continue
                cue = Cue(topic, cued, span, 1, False)
                verb = text[verb_start:by_end].strip()
                trace.clauses.append(_taking_part(ct.span, takers, cue, verb, ct))
                stated |= {(a, topic) for a in takers}
                added = True
        if added:
            _restate(article, trace)


def plan_terms(article: Document, traces: list[SentenceTrace]) -> None:
    """ "Trump gave Ukraine a week to accept a 28-point plan. ... The plan requires Ukraine to
    cede territory": what a plan told as a clause's subject says is its owner's position,
    the actor whose plan it is, named last before: as its possessor ("Trump's plan"), as
    the one who presents it, or who presses another to accept it. (Its drafters take part
    in the talks, but its terms are not theirs: `plan_drafters`.)"""
    text, words = article.text, article.patterns.words
    owner: list[str] = []
    for trace in traces:
        # (a sentence that names nobody is often left unread: its span is the clause)
        first = trace.clauses[0] if trace.clauses else ClauseTrace(trace.span, kind="main")
        if owner and not first.holders and words.plan_subject.match(text, first.span.start):
            probe = ClauseTrace(
                first.span,
                kind="side",
                holders=[Holder(a, "action") for a in owner],
                reference=first.reference,
            )
            code_clause(text, probe, trace.span.start, article, trace.mentions)
            probe.signals = [
                Signal(s.topic_id, f"{s.text} (the plan's terms)", s.sign)
                for s in probe.signals
                if s.sign
            ]
            if probe.signals:
                probe.outcome = "coded"
                trace.clauses.append(probe)
                _restate(article, trace)
        for m in trace.mentions:
            if m.actors and is_possessive(text, m) and words.owned_plan.match(text, m.span.end):
                owner = list(m.actors)
        for ct in trace.clauses:
            if (
                ct.holders
                and ct.kind != "hypothetical"
                and _gated_search(article, "plan_owning", ct.span)
            ):
                owner = [h.actor_id for h in ct.holders if h.attribution != "reported"] or owner


def dispatched_envoys(article: Document, traces: list[SentenceTrace]) -> None:
    """ "Trump directed envoy Witkoff to meet Putin to discuss the peace plan": the one sent
    on an errand of contact shares the clear acts of the clause of the one who sends him."""
    text, words = article.text, article.patterns.words
    for trace in traces:
        joined = False
        for ct in trace.clauses:
            if ct.reference != "current" or not ct.holders or not ct.signals:
                continue
            if any(s.sign <= 0 for s in ct.signals):
                continue
            held = {h.actor_id for h in ct.holders}
            for m in trace.mentions:
                if not (ct.span.start <= m.span.start < ct.span.end) or m.kind == "pronoun":
                    continue
                if not (
                    words.dispatch.search(text, max(ct.span.start, m.span.start - 30), m.span.start)
                    and words.errand.match(text, m.span.end, ct.span.end)
                ):
                    continue
                sent = [a for a in m.actors if a not in held]
                ct.holders += [Holder(a, "action") for a in sent]
                held.update(sent)
                joined |= bool(sent)
        if joined:
            _restate(article, trace)


def _restate(article: Document, trace: SentenceTrace) -> None:
    """The sentence's statements again, after a rule added or changed its clauses."""
    trace.statements = sentence_statements(
        article.text, trace.span, trace, trace.quotes, article.codebook, article.patterns
    )


def _shared_acts(acts: dict[str, dict[str, int]], actors) -> dict[str, int]:
    """The clear acts (topic -> sign) that all the actors share."""
    shared = [acts.get(a, {}) for a in actors]
    return (
        {
            t: sign
            for t, sign in shared[0].items()
            if all(other.get(t) == sign for other in shared[1:])
        }
        if shared
        else {}
    )


def delegation_lists(article: Document, traces: list[SentenceTrace]) -> None:
    """ "The American side was represented by Rubio, Waltz and Witkoff", "the US delegation
    also included Waltz": the members of a listed delegation share the clear acts of talks
    and contacts of each other and of their side's other actors in the article."""
    text, patterns = article.text, article.patterns
    if not (
        article.hits.may_match("delegation_list", 0, len(text))
        and patterns.words.delegation_list.search(text)
    ):
        return
    acts, actors = _clear_acts(traces, article.codebook), article.codebook.actors
    for trace in traces:
        listed = False
        for ct in list(trace.clauses):
            lo, hi = ct.span.start, ct.span.end
            found = (
                ct.reference == "current"
                and article.hits.may_match("delegation_list", lo, hi)
                and patterns.words.delegation_list.search(text, lo, hi)
            )
            if not found:
                continue
            members = list(
                dict.fromkeys(
                    a
                    for m in trace.mentions
                    if found.end() <= m.span.start < ct.span.end
                    and m.kind in ("name", "title")
                    and not is_possessive(text, m)
                    for a in m.actors
                )
            )
            countries = {actors[a].country for a in members}
            topics: dict[str, int] = {}
            for actor in [*members, *(a for a in acts if actors[a].country in countries)]:
                for topic, sign in acts.get(actor, {}).items():
                    topics.setdefault(topic, sign)
            # the members whose acts these are already hold them
            takers = [a for a in members if not set(topics) <= set(acts.get(a, {}))]
            if not topics or not takers:
                continue
            span = Span(found.start(), found.end())
            verb = text[span.start : span.end].strip()
            trace.clauses.append(
                ClauseTrace(
                    Span(span.start, ct.span.end),
                    kind="side",
                    holders=[Holder(a, "action") for a in takers],
                    cues=[Cue(t, verb, span, sign, False) for t, sign in topics.items()],
                    signals=[Signal(t, f"{verb} (delegation)", sign) for t, sign in topics.items()],
                    reference="current",
                    outcome="coded",
                )
            )
            listed = True
        if listed:
            _restate(article, trace)


def _clear_acts(traces: list[SentenceTrace], codebook) -> dict[str, dict[str, int]]:
    """Each actor's current acts of a clear stance in the article on topics where taking
    part is support (talks, contacts): topic -> sign. A member of a delegation takes part
    in the talks; what the principal says or does on other topics stays the principal's."""
    acts: dict[str, dict[str, int]] = {}
    for trace in traces:
        for s in trace.statements:
            if (
                s.attribution != "reported"
                and s.reference == "current"
                and s.stance in SIGNS
                and codebook.topics[s.topic_id].taking_part_supports
            ):
                acts.setdefault(s.actor_id, {}).setdefault(s.topic_id, SIGNS[s.stance])
    return acts


def talks_participants(article: Document, traces: list[SentenceTrace]) -> None:
    """ "Witkoff held a call with Putin as the ceasefire plan took shape": the parties to a
    meeting, call or talks in a sentence that speaks of a joint topic (peace talks) take
    part in it, unless the article gives them a stance of their own on it."""
    text, codebook, matches = article.text, article.codebook, article.matches
    stated = {(s.actor_id, s.topic_id) for trace in traces for s in trace.statements}
    for trace in traces:
        if not trace.clauses:  # a sentence left unread
            continue
        joint = {
            topic: (span, cued)
            for span, topic, cued, _ in matches.cues_within(trace.span.start, trace.span.end)
            if codebook.topics[topic].joint
        }
        added = False
        for ct in list(trace.clauses) if joint else ():
            if article.patterns.on("others_act") and _told_of_others(ct, trace.mentions, article):
                continue
            # "a summit between Putin and Trump on ending the war": the pair take part in the
            # talks on its agenda, cued after them in the clause
            if article.patterns.on("between_talks") and (
                between := _between_contact(ct, trace.mentions, article)
            ):
                verb, pair, pair_end = between
                for topic, (span, cued) in joint.items():
                    takers = [a for a in pair if (a, topic) not in stated]
                    if not takers or not pair_end <= span.start < ct.span.end:
                        continue
                    clause = Span(min(span.start, ct.span.start), max(span.end, ct.span.end))
                    trace.clauses.append(
                        _taking_part(clause, takers, Cue(topic, cued, span, 1, False), verb, ct)
                    )
                    stated |= {(a, topic) for a in takers}
                    added = True
            contact = _contact(ct, article)
            if contact is not None:
                # (in the holders' order, not a set's: takers keep one order in every run)
                held = dict.fromkeys(h.actor_id for h in ct.holders)
                mentions = trace.mentions
                partners, partners_end = partners_of(
                    text, contact[0], held, mentions, article, ct.span
                )
                if _occasion(text, contact[0].start, contact[0].end, article):
                    partners = []
            elif article.patterns.on("hosted_talks"):
                contact, held, partners, partners_end = _hosting(ct, trace.mentions, article)
            if contact is None and article.patterns.on("participation"):
                contact = _participation(ct, trace.span, article)
                held, partners = dict.fromkeys(h.actor_id for h in ct.holders), []
                partners_end = ct.span.end
                # "travelled to Washington for talks with Trump on ending the war": the one
                # the talks are with takes part in them too
                event = contact and next(
                    (
                        span
                        for span, topic, _, _ in matches.cues_within(contact[0].end, ct.span.end)
                        if codebook.topics[topic].joint
                    ),
                    None,
                )
                if event:
                    partners, _ = partners_of(text, event, held, trace.mentions, article, ct.span)
            if contact is None:
                continue
            for topic, (span, cued) in joint.items():
                # the contact's own words ("held talks") are no subject of it; "and backed a
                # ceasefire" after the partner is the holder's own
                if overlaps(span, contact[0]) or article.patterns.words.own_predicate.search(
                    text, partners_end, max(partners_end, span.start)
                ):
                    continue
                takers = [a for a in dict.fromkeys([*held, *partners]) if (a, topic) not in stated]
                if not takers:
                    continue
                clause = Span(min(span.start, ct.span.start), max(span.end, ct.span.end))
                trace.clauses.append(
                    _taking_part(clause, takers, Cue(topic, cued, span, 1, False), contact[1], ct)
                )
                stated |= {(a, topic) for a in takers}
                added = True
        if added:
            _restate(article, trace)


def talks_with_other_side(article: Document, traces: list[SentenceTrace]) -> None:
    """ "Rubio arrives in Riyadh for talks with Russia": those who take part in talks in a
    sentence that tells them as talks with the other side of a bilateral topic (a contact
    cue that reaches that side) take part in the contact too."""
    codebook = article.codebook
    words = article.patterns.words
    exchanges = (
        words.exchange_nouns | words.exchange_verbs
        if article.patterns.on("joint_exchange")
        else words.exchange_nouns
    )
    for trace in traces:
        taking_part = {
            h.actor_id
            for ct in trace.clauses
            for s in ct.signals
            if s.text.endswith("(takes part)") and s.sign > 0
            for h in ct.holders
        }
        added = False
        for ct in list(trace.clauses):
            signed = {s.topic_id for s in ct.signals}
            takers = [h.actor_id for h in ct.holders if h.actor_id in taking_part]
            contacts = [
                c
                for c in ct.cues
                if c.topic_id not in signed
                and article.patterns.words.contact_end.search(c.text)  # "talks with": reached
                and not c.polarity
                and not c.negated
                and len(codebook.topics[c.topic_id].requires) > 1
                and all(
                    codebook.actors[a].country in codebook.topics[c.topic_id].requires
                    for a in takers
                )
            ]
            if takers and contacts and ct.reference == "current":
                cue = contacts[0]
                trace.clauses.append(_taking_part(ct.span, takers, cue, "", ct))
                added = True
                signed.add(cue.topic_id)
            # "Rubio and Lavrov held talks on the conflict": talks held together by both
            # sides of a bilateral topic are a contact between them
            joint_signed = [
                s
                for s in ct.signals
                if s.sign > 0
                and codebook.topics[s.topic_id].joint
                and not ct.hedged
                and any(w in exchanges for w in WORD.findall(s.text.lower()))
            ]
            # a joint act told by someone else is still theirs ("..., Lavrov's ministry said")
            doers = ("action", "reported") if article.patterns.on("joint_exchange") else ("action",)
            held = [h for h in ct.holders if h.attribution in doers]
            countries = {codebook.actors[h.actor_id].country for h in held}
            for topic in codebook.topics.values():
                requires = set(topic.requires)
                if (
                    not joint_signed
                    or len(requires) < 2
                    or topic.id in signed
                    or not requires <= countries
                    or ct.reference != "current"
                ):
                    continue
                trace.clauses.append(
                    ClauseTrace(
                        ct.span,
                        kind="side",
                        holders=[Holder(h.actor_id, h.attribution) for h in held],
                        cues=[c for c in ct.cues if c.topic_id == joint_signed[0].topic_id][:1],
                        signals=[Signal(topic.id, f"{joint_signed[0].text} (together)", 1)],
                        reference=ct.reference,
                        outcome="coded",
                    )
                )
                added = True
        if added:
            _restate(article, trace)


def attended_events(article: Document, traces: list[SentenceTrace]) -> None:
    """ "Zelensky attended the meeting", "Kellogg was due to attend in their place", "Rubio
    met Macron": an event attended or a meeting held without naming its topic is the talks
    on the joint topic cued last before it (within `anaphora_reach`); those attending and
    the one met take part in them."""
    text, matches, topics = article.text, article.matches, article.codebook.topics
    reach = article.patterns.params.anaphora_reach
    stated = {(s.actor_id, s.topic_id) for trace in traces for s in trace.statements}
    for trace in traces:
        lo, hi = trace.span.start, trace.span.end
        if not trace.clauses or any(topics[t].joint for _, t, _, _ in matches.cues_within(lo, hi)):
            continue
        # the talks cued last before the sentence: the event it may refer back to
        # ("peace" alone names no talks one could attend)
        earlier = [
            (topic, cued)
            for _, topic, cued, _ in matches.cues_within(max(0, lo - reach), lo)
            if topics[topic].joint and cued.strip().lower() not in article.patterns.words.no_events
        ]
        if not earlier:
            continue
        topic, cued = earlier[-1]
        added = False
        words = article.patterns.words
        for ct in list(trace.clauses):
            held = [h.actor_id for h in ct.holders]
            found = _gated_search(article, "attended_event", ct.span)
            partners = []
            inverted = found is None and words.inverted_attendance.match(text, ct.span.start)
            if inverted:
                # told before its subject: those named after it attend, not the clause's holders
                found, held = inverted, _named_after(trace.mentions, inverted.end(), ct, text)
            if found is None and article.patterns.on("met_event"):
                found, partners = _met(ct, trace.mentions, article)
            if found is None or _contact_ruled_out(ct, article, held=not inverted):
                continue
            takers = [a for a in dict.fromkeys([*held, *partners]) if (a, topic) not in stated]
            if not takers:
                continue
            verb = Span(found.start(), found.end())
            cue = Cue(topic, text[verb.start : verb.end], verb, 1, False)
            verb_words = found.group().strip()
            trace.clauses.append(_taking_part(ct.span, takers, cue, verb_words, ct, cued))
            stated |= {(a, topic) for a in takers}
            added = True
        if added:
            _restate(article, trace)


def _taking_part(
    span: Span, takers: list[str], cue: Cue, verb: str, ct: ClauseTrace, event: str = ""
) -> ClauseTrace:
    """A clause in which `takers` take part in the talks on the cue's topic (support), by
    `verb` if the cue is not itself the act."""
    told = f"{verb} → {event or cue.text}" if verb else event or cue.text
    return ClauseTrace(
        span,
        kind="side",
        holders=[Holder(a, "action") for a in takers],
        cues=[cue],
        signals=[Signal(cue.topic_id, f"{told} (takes part)", 1)],
        reference=ct.reference,
        outcome="coded",
    )


def _named_after(mentions, start: int, ct: ClauseTrace, text: str) -> list[str]:
    """The actors named from `start` to the clause's end, save possessors ("Putin's
    adviser") and pronouns."""
    return [
        a
        for m in mentions
        if start <= m.span.start
        and m.span.end <= ct.span.end
        and m.kind not in ("pronoun", "outsider")
        and not is_possessive(text, m)
        for a in m.actors
    ]


def present_at_events(article: Document, traces: list[SentenceTrace]) -> None:
    """ "Lavrov and Dmitriev were also present", "with Starmer and Macron also in
    attendance": those present at an event take part in what was cued last before their
    presence (within `anaphora_reach`), talks on a joint topic or a contact between two
    sides they are one of."""
    _at_events(article, traces, _present)


def leaders_of_events(article: Document, traces: list[SentenceTrace]) -> None:
    """ "The talks, led by Rubio and Witkoff", "the Russian delegation was headed by
    Lavrov": those leading take part as those present do."""
    _at_events(article, traces, _leading)


def _at_events(article: Document, traces: list[SentenceTrace], find) -> None:
    """Those `find` names in a clause (with the words that tell it) take part in what was
    cued last before those words."""
    text, matches, codebook = article.text, article.matches, article.codebook
    words, reach = article.patterns.words, article.patterns.params.anaphora_reach
    stated = {(s.actor_id, s.topic_id) for trace in traces for s in trace.statements}
    for trace in traces:
        added = False
        for ct in list(trace.clauses):
            present = find(ct, trace, article)
            if present is None or _contact_ruled_out(ct, article, held=False):
                continue
            found, named = present
            earlier = [
                (topic, cued)
                for _, topic, cued, polarity in matches.cues_within(
                    max(0, found.start() - reach), found.start()
                )
                if polarity >= 0
                and codebook.topics[topic].taking_part_supports
                and cued.strip().lower() not in words.no_events
            ]
            if not earlier:
                continue
            topic, cued = earlier[-1]
            sides = set(codebook.topics[topic].requires)
            takers = [
                a
                for a in named
                if (a, topic) not in stated
                and (codebook.topics[topic].joint or codebook.actors[a].country in sides)
            ]
            if not takers:
                continue
            verb = Span(found.start(), found.end())
            cue = Cue(topic, text[verb.start : verb.end], verb, 1, False)
            trace.clauses.append(_taking_part(ct.span, takers, cue, found.group(), ct, cued))
            stated |= {(a, topic) for a in takers}
            added = True
        if added:
            _restate(article, trace)


def _gated_search(article: Document, pattern: str, span: Span):
    """The first match of a gated pattern of the language (`stances.wordsets.GATES`) in
    `span`, tried only where the article's scan found a word of its gate."""
    if not article.hits.may_match(pattern, span.start, span.end):
        return None
    return getattr(article.patterns.words, pattern).search(article.text, span.start, span.end)


def _present(ct: ClauseTrace, trace: SentenceTrace, article: Document):
    """ "Lavrov and Dmitriev were also present", "with Starmer and Macron also in
    attendance": the presence words and the actors named before them in the sentence (after
    "with", where it comes first), save possessors; None if the clause tells no presence."""
    text = article.text
    found = _gated_search(article, "presence", ct.span)
    if found is None:
        return None
    start = trace.span.start
    if (joined := text.rfind(" with ", start, found.start())) != -1:
        start = joined
    named = [
        a
        for m in trace.mentions
        if start <= m.span.start
        and m.span.end <= found.start()
        and m.kind not in ("pronoun", "outsider")
        and not is_possessive(text, m)
        for a in m.actors
    ]
    return (found, named) if named else None


def _leading(ct: ClauseTrace, trace: SentenceTrace, article: Document):
    """ "The talks, led by Rubio and Witkoff": the leading words and the actors named right
    after them; None if the clause tells no one leading."""
    text, words = article.text, article.patterns.words
    found = _gated_search(article, "led_by", ct.span)
    if found is None:
        return None
    start = found.start("next")
    # "led by Trump's envoy Steve Witkoff": the one named after the possessor's noun
    owner = next((m for m in trace.mentions if m.span.start == start), None)
    if owner is not None and is_possessive(text, owner):
        start = next((m.span.start for m in trace.mentions if m.span.start > start), start)
    chain = mention_chain(text, trace.mentions, start, ct.span.end, words)
    leaders = [m for m in chain if m.kind != "pronoun" and not is_possessive(text, m)]
    named = [a for m in leaders for a in m.actors]
    return (found, named) if named else None


def _met(ct: ClauseTrace, mentions, article: Document):
    """ "Rubio and Witkoff met Macron": the meeting word and the actors of the one met."""
    words, text = article.patterns.words, article.text
    if not article.hits.may_match("meeting", ct.span.start, ct.span.end):
        return None, []
    for word in words.meeting.finditer(text, ct.span.start, ct.span.end):
        before = max(0, word.start() - 40)
        # "plans to meet Putin", "will meet Zelensky": a meeting not held yet
        if (
            words.intention.search(text, before, word.start())
            or words.purposed_contact.search(text, before, word.start())
            or words.future.search(text, before, word.start())
        ):
            continue
        other = words.meeting_object.match(text, word.end(), ct.span.end)
        met = other and named_at(mentions, past_side(text, other.end(), article))
        if not met:
            continue
        return word, [] if _occasion(text, word.start(), word.end(), article) else list(met.actors)
    return None, []


def _occasion(text: str, start: int, end: int, article: Document) -> bool:
    """ "said after a meeting with Zelensky", "during a call with Lavrov, conveyed ...": a
    meeting that dates the holder's act; the one met is not shown to take part in talks."""
    words = article.patterns.words
    return (
        article.patterns.on("occasion_meeting")
        and text[start:end].split()[0].lower() in words.occasion_nouns
        and words.occasion_before.search(text, max(0, start - 40), start) is not None
    )


def _hosting(ct: ClauseTrace, mentions, article: Document):
    """ "Trump hosts Zelensky and European leaders at the White House": the host and the
    guests named right after the verb meet. The contact (its span and words), the host's
    actors, the guests' and where their names end; no contact if either is missing."""
    text = article.text
    found = None
    if ct.kind != "hypothetical" and ct.reference == "current":
        found = article.patterns.words.hosting.search(text, ct.span.start, ct.span.end)
    if found is None or article.hits.first("negators", ct.span.start, found.start()):
        return None, {}, [], ct.span.end
    host = next((m for m in mentions if m.span.end == found.start() - 1 and m.actors), None)
    held = dict.fromkeys(h.actor_id for h in ct.holders) or dict.fromkeys(
        host.actors if host else ()
    )
    guests = mention_chain(text, mentions, found.end(), ct.span.end, article.patterns.words)
    partners = [a for m in guests for a in m.actors if a not in held]
    if not held or not partners:
        return None, {}, [], ct.span.end
    contact = (Span(found.start(), found.end()), found.group().strip())
    return contact, held, partners, guests[-1].span.end


def _participation(ct: ClauseTrace, sentence: Span, article: Document):
    """ "Kellogg was due to attend the talks": the verb of taking part (its span and words)
    a few words before a joint topic's cue in a current clause the holders assert."""
    if _contact_ruled_out(ct, article):
        return None
    text, lo, topics = article.text, ct.span.start, article.codebook.topics
    for event, topic, _, _ in article.matches.cues_within(sentence.start, sentence.end):
        if topics[topic].joint and lo <= event.start < ct.span.end:
            before = max(lo, event.start - 80)
            if not article.hits.may_match("participation", before, event.start):
                continue
            found = article.patterns.words.participation.search(text, before, event.start)
            if found is not None:
                return Span(found.start(), found.end()), found.group().split()[0]
    return None


def _told_of_others(ct: ClauseTrace, mentions, article: Document) -> bool:
    """ "Macron said army chiefs would meet in Paris": reported content whose subject is
    no codebook actor, pronoun or country tells of others' acts, not the speaker's."""
    if ct.speaker is None or ct.content_start is None:
        return False
    text, words = article.text, article.patterns.words
    start = words.content_lead.match(text, ct.content_start, ct.span.end).end()
    if any(m.span.start == start for m in mentions):
        return False
    subject = words.subject_lead.match(text, start, ct.span.end)
    start = subject.end() if subject else start
    # a subject of its own comes with its verb: "army chiefs ... would meet"
    return (
        start < ct.span.end
        and text[start].islower()
        and words.subject_then_verb.match(text, start, ct.span.end) is not None
    )


def _contact_ruled_out(ct: ClauseTrace, article: Document, *, held: bool = True) -> bool:
    """A clause that takes part in no meeting: hypothetical, unheld (where its holders
    would take part, `held`) or not current, or one that negates or judges something badly
    ("cancelled the meeting", "did not meet")."""
    lo, hi = ct.span.start, ct.span.end
    own_words = article.patterns.on("cue_own_words")
    return (
        ct.kind == "hypothetical"
        or (held and not ct.holders)
        or ct.reference != "current"
        or article.hits.first("negators", lo, hi) is not None
        or any(
            sign < 0 and not (own_words and _in_cue(span, article, lo, hi))
            for span, _, sign in article.matches.evaluations_within(lo, hi)
        )
    )


def _in_cue(span: Span, article: Document, lo: int, hi: int) -> bool:
    """Whether a word lies inside a cue ("stop" in "stop the fighting"): the topic's own
    content, no judgement of a meeting."""
    return any(
        cue.start <= span.start and span.end <= cue.end
        for cue, _, _, _ in article.matches.cues_within(lo, hi)
    )


def _between_contact(
    ct: ClauseTrace, mentions: list, article: Document
) -> tuple[str, list[str], int] | None:
    """The words of a meeting, call or summit of a current clause followed by "between" and
    the pair who hold it ("a summit between Putin and Trump"), whoever the clause's holders
    are; the pair; and where their names end."""
    if _contact_ruled_out(ct, article, held=False):
        return None
    text, words, codebook = article.text, article.patterns.words, article.codebook
    for span, topic, cued, polarity in article.matches.cues_within(ct.span.start, ct.span.end):
        if polarity <= 0 or len(codebook.topics[topic].requires) < 2:
            continue
        between = after_between(text, span, cued, words)
        pair = between is not None and pair_at(
            text, between, ct.span.end, mentions, article.patterns
        )
        if pair:
            named = [m for m in mentions if between <= m.span.start < ct.span.end]
            pair_end = max(
                (m.span.end for m in named if set(m.actors) & set(pair)), default=between
            )
            return cued, pair, pair_end
    return None


def _contact(ct: ClauseTrace, article: Document) -> tuple[Span, str] | None:
    """The meeting, call or talks ("met", "talks with") a current clause's holders take part
    in, unless the clause negates or judges something badly ("cancelled the meeting", "did
    not meet") or the contact is between others ("reports about talks between ...")."""
    if _contact_ruled_out(ct, article):
        return None
    lo, hi, matches, codebook = ct.span.start, ct.span.end, article.matches, article.codebook
    words = article.patterns.words
    return next(
        (
            (span, cued)
            for span, topic, cued, polarity in matches.cues_within(lo, hi)
            if polarity > 0
            and len(codebook.topics[topic].requires) > 1
            and words.meeting.search(cued)
            # "reports about talks between ...": the parties are others
            and not words.between_words & set(cued.lower().split())
            and not words.between_after.match(article.text, span.end)
        ),
        None,
    )
