"""Who holds each clause: speakers of reporting verbs and quotations, subjects of acts, and
the holders of reported content. Clauses are split at contrasts, side clauses, conditions.
"""

from __future__ import annotations

import re
from itertools import islice

from stances.codebook import CompiledPatterns
from stances.document import ClauseTrace, Document, Hits, Holder, Matches
from stances.mentions import (
    WORD,
    Mention,
    Salience,
    is_possessive,
)
from stances.segment import Span, inside

SEMICOLON = re.compile(";")
# "he does not think", "he still believes": at most two words before a reporting verb
NESTED_GAP = re.compile(r"(?:\s+[\w’']+){0,2}\s+")
# the last word before a reporting verb, or before an aside: "officials, speaking on ...,"
# (`\b`: a word is tried from its start only, not again from each of its letters)
LAST_NOUN = re.compile(r"\b(\w+)\s*(?:,[^,]{0,80},)?\s*$")


def split_clauses(
    text, sentence, in_quotes, patterns: CompiledPatterns, hits: Hits
) -> list[tuple[Span, str]]:
    """Split at contrast words, side clauses and semicolons outside quotations.

    Each clause comes with its kind: "main" clauses, contrasts included ("..., but said ..."),
    may continue the previous clause's holder; a "side" clause ("..., a day after the US
    paused aid") may not; a "hypothetical" one ("if Russia rejects the truce") holds no stance.
    """
    lo, hi = sentence.start, sentence.end
    cuts = []  # (end of previous clause, start of next one)
    side_starts, hypothetical_starts = set(), set()
    for m in patterns.words.side_clause.finditer(text, lo, hi):
        # "Also, after meeting Zelensky, Trump said", "Witkoff, after the meeting, told":
        # after an opening adverb or a subject alone, the phrase is no side clause
        if patterns.on("opening_aside") and _no_predicate_before(text, lo, m.start()):
            continue
        if patterns.on("side_clauses") and not inside(m.start(), in_quotes):
            cuts.append((m.start(), m.start() + 1))
            side_starts.add(m.start() + 1)
    opening = patterns.on("opening_clause") and patterns.words.opening_clause.match(text, lo, hi)
    # its subject: an actor, a role or a side named first ("As the Kremlin ...")
    subject_end = opening.end() + 5 if opening else 0
    if opening and any(
        (hit := hits.first(label, opening.end(), subject_end + 40)) and hit.start < subject_end
        for label in ("aliases", "roles", "sides")
    ):
        # "After Trump met Putin, European leaders said ...": the main clause after the
        # opening clause's comma has a subject of its own
        comma = next(
            (
                m.start()
                for m in re.finditer(",", text[opening.end() : hi])
                if not inside(opening.end() + m.start(), in_quotes)
            ),
            None,
        )
        if comma is not None:
            cuts.append((opening.end() + comma, opening.end() + comma + 1))
            side_starts.add(lo)
    if patterns.on("side_clauses"):
        cuts += _conjuncts_with_subjects(text, sentence, in_quotes, patterns, hits)
    if patterns.on("participle_report") and hits.may_match("report_participle", lo, hi):
        for m in patterns.words.report_participle.finditer(text, lo, hi):
            if not inside(m.start(), in_quotes):
                cuts.append((m.start(), m.start() + 1))
    if patterns.on("participle_act") and hits.may_match("act_participle", lo, hi):
        for m in patterns.words.act_participle.finditer(text, lo, hi):
            if not inside(m.start(), in_quotes) and hits.first("reporting", lo, m.start()):
                cuts.append((m.start(), m.start() + 1))
    if patterns.on("relative_clauses") and hits.may_match("relative_clause", lo, hi):
        # "a call with Putin in which the two leaders agreed ...": its own subject follows.
        for m in patterns.words.relative_clause.finditer(text, lo, hi):
            if not inside(m.start(), in_quotes):
                cuts.append((m.start(), m.end()))
                side_starts.add(m.end())
    if patterns.on("questions_and_reasons"):
        # "Asked about X, ...": the question up to the comma; "because ...": to the end.
        question = patterns.words.question.match(text, lo, hi)
        if question is not None:
            cuts += [(lo, lo), (question.end(), question.end())]
            hypothetical_starts.add(lo)
        asked = hits.may_match("question_inside", lo, hi)
        for m in patterns.words.question_inside.finditer(text, lo, hi) if asked else ():
            if not inside(m.start(1), in_quotes):
                cuts += [(m.start(1), m.start(1)), (m.end(1), m.end(1))]
                hypothetical_starts.add(m.start(1))
        unknown = hits.may_match("unknown", lo, hi)
        for m in patterns.words.unknown.finditer(text, lo, hi) if unknown else ():
            if not inside(m.start(), in_quotes):
                cuts += [(m.start(), m.start()), (m.end(), m.end())]
                hypothetical_starts.add(m.start())
        reason = hits.may_match("reason", lo, hi)
        for m in patterns.words.reason.finditer(text, lo, hi) if reason else ():
            if not inside(m.start(), in_quotes):
                cuts += [(m.start(), m.start()), (hi, hi)]
                hypothetical_starts.add(m.start())
    inverted = patterns.words.inverted_condition.match(text, lo, hi)
    if inverted is not None and patterns.on("conditions"):
        cuts += [(lo, lo), (inverted.end() - 1, inverted.end())]
        hypothetical_starts.add(lo)
    condition = patterns.on("conditions") and hits.may_match("condition", lo, hi)
    for m in patterns.words.condition.finditer(text, lo, hi) if condition else ():
        if not inside(m.start(), in_quotes):
            cuts.append((m.start(), m.start()))
            hypothetical_starts.add(m.start())
            comma = text.find(",", m.end(), hi)
            if comma != -1:  # "if he concluded X, he could impose tariffs": the main clause returns
                cuts.append((comma, comma + 1))
    if patterns.on("contrast_clauses"):
        for m in hits.within("contrast", lo, hi):
            if not inside(m.start, in_quotes) and m.start > lo:
                cuts.append((m.start, m.end))
    cuts += [
        (m.start(), m.end())
        for m in SEMICOLON.finditer(text, lo, hi)
        if not inside(m.start(), in_quotes)
    ]
    starts = [lo, *(b for _, b in sorted(cuts))]
    ends = [*(a for a, _ in sorted(cuts)), hi]
    return [
        (
            Span(a, b),
            "hypothetical" if a in hypothetical_starts else "side" if a in side_starts else "main",
        )
        for a, b in zip(starts, ends, strict=True)
        if b > a
    ]


def _no_predicate_before(text: str, lo: int, comma: int) -> bool:
    """Whether the words before a comma from the sentence's start are one word or a name
    (every word capitalised): an opening adverb or a subject, no clause of its own."""
    words = text[lo:comma].split()
    return len(words) <= 1 or all(w[0].isupper() for w in words)


def _conjuncts_with_subjects(text, sentence, in_quotes, patterns, hits: Hits) -> list:
    """ "Trump praised the deal and Zelensky (has) called for sanctions": after "and", a name
    and its verb open a clause of their own, once the part before holds a predicate (a cue, an
    evaluation or a reporting verb: not the list in "Putin and Zelensky met")."""
    cuts, start = [], sentence.start
    for m in patterns.words.and_capital.finditer(text, sentence.start, sentence.end):
        name = hits.first("aliases", m.end(), m.end() + 60)
        if (
            name is None
            # "and US President Donald Trump said": a title may come before the name
            or not patterns.words.title_lead.fullmatch(text, m.end(), name.start)
            or inside(m.start(), in_quotes)
            # "a summit between Trump and Putin": a pair; "both he and Putin": a list
            or patterns.words.between_within.search(text, max(start, m.start() - 40), m.start())
            or patterns.words.listed_before.search(text, max(start, m.start() - 30), m.start())
        ):
            continue
        # the verb may follow an aside on the subject: "and Trump, who met Putin, has said"
        aside = patterns.words.relative_aside.match(text, name.end, sentence.end)
        verb_from = aside.end() if aside else name.end
        said = hits.first("reporting", verb_from, verb_from + 30)
        if not (
            patterns.words.conjunct_verb.match(text, verb_from, sentence.end)
            or (
                said is not None
                and patterns.words.auxiliaries_only.fullmatch(text, verb_from, said.start)
            )
        ):
            continue
        if hits.any_of("topic:", start, m.start()) or any(
            hits.first(label, start, m.start()) for label in ("positive", "negative", "reporting")
        ):
            cuts.append((m.start(), m.end()))
            start = m.end()
    return cuts


def attribute_clause(
    article: Document,
    ct: ClauseTrace,
    mentions: list[Mention],
    in_quotes: list[Span],
    state: Salience,
    previous: ClauseTrace | None,
) -> None:
    """Who holds the clause: the speaker of its reporting verb (or whom the speaker reports),
    the speaker of the quotation it lies in, its subject, or the previous clause's holder.
    Sets the clause's holders, speaker and verb."""
    text, patterns, quote_speakers = article.text, article.patterns, article.quote_speakers
    clause = ct.span
    speaker, verb, content_start = reporting(
        text, clause, in_quotes, mentions, patterns, article.hits
    )
    going_on = (
        patterns.on("participle_report")
        and previous is not None
        and patterns.words.report_participle.match(text, clause.start - 1)
    )
    if going_on:
        # "..., Kellogg said, adding that Trump wants peace": the speaker goes on
        went_before = previous_speaker(previous, clause)
        if went_before is not None:
            speaker = went_before
            verb, content_start = going_on.group(0).lstrip(", "), going_on.end()
    acting_on = (
        patterns.on("participle_act")
        and speaker is None
        and previous is not None
        and previous.speaker
        and patterns.words.act_participle.match(text, clause.start - 1)
    )
    if acting_on:
        # "Trump said Putin had gone crazy, considering more sanctions": the speaker acts
        went_before = previous_speaker(previous, clause)
        if went_before is not None:
            speaker, verb, content_start = went_before, previous.verb, clause.start
    if speaker is not None:
        ct.verb = verb
        ct.speaker = label(speaker)
        if is_postposed(text, clause, speaker, content_start, patterns, article.matches):
            # "... Putin did not want peace, the president wrote": the content comes first.
            content_start = clause.start
        ct.holders = content_holders(
            text, content_start, clause, mentions, speaker, patterns, article.hits
        )
        if patterns.on("own_government"):
            ct.holders += _for_own_government(article, ct.holders, speaker, mentions, clause)
        if patterns.on("other_side_subject") and _other_side_subject(
            article, content_start, clause, speaker, ct.holders
        ):
            # "Putin says Ukraine wants a ceasefire to rearm": another side's wish, told
            ct.holders = []
        if (
            patterns.on("accusation")
            and patterns.words.accusation.fullmatch(verb)
            and article.matches.evaluations_within(content_start, clause.end)
        ):
            # "Trump accused Zelensky of harming the talks": the accuser's judgement, no
            # position of the accused's ("of refusing to recognise Crimea" is one)
            ct.holders = [h for h in ct.holders if h.attribution != "reported"]
        ct.content_start = content_start
        for q in in_quotes:
            if speaker.actors and len(speaker.actors) == 1:
                quote_speakers.setdefault(q, speaker.actors[0])
        remember(state, speaker, ct.holders)
        return
    inside_quote = next(
        (q for q in in_quotes if q.start - 1 <= clause.start and clause.end <= q.end + 2), None
    )
    subject = clause_subject(text, clause, in_quotes, mentions, article.matches, patterns)
    if inside_quote is not None and inside_quote in quote_speakers:
        speaker_id = quote_speakers[inside_quote]
        # "“Putin doesn't want a ceasefire,” Trump wrote": a named subject of the quotation
        # holds the position, reported by the speaker.
        quoted = Mention(Span(clause.start, clause.start), (speaker_id,), "name", "")
        ct.holders = [
            h if h.attribution == "reported" else Holder(speaker_id, "direct_quote")
            for h in content_holders(text, clause.start, clause, mentions, quoted, patterns)
        ] or [Holder(speaker_id, "direct_quote")]
        ct.speaker = speaker_id
    elif subject is not None:
        attribution = "paraphrase" if is_possessive(text, subject) else "action"
        ct.holders = [Holder(a, attribution, None, subject.kind) for a in subject.actors]
        remember(state, subject, ct.holders)
    elif (
        ct.kind == "side"
        and previous is not None
        and previous.holders
        and patterns.on("gerund_side_clause")
        and patterns.words.gerund_side_clause.match(text, clause.start)
    ):
        # "Trump met Zelensky, a day after holding a call with Putin": no subject of its own
        ct.holders = list(previous.holders)
        ct.speaker, ct.verb = previous.speaker, previous.verb
    elif (
        ct.kind == "main"
        and previous is not None
        and previous.holders
        and patterns.on("inherit_holder")
        # "After Trump met Putin, European leaders ...": not the opening clause's subject
        and not (previous.kind == "side" and patterns.on("opening_clause"))
    ):
        ct.holders = list(previous.holders)
        ct.speaker, ct.verb = previous.speaker, previous.verb


def _for_own_government(
    article: Document, holders: list[Holder], speaker: Mention, mentions, clause: Span
) -> list[Holder]:
    """ "Vance said the Trump administration is committed to peace": a speaker who reports
    the position of the government of his own side speaks for it too."""
    words, actors = article.patterns.words, article.codebook.actors
    reported = {h.actor_id for h in holders if h.attribution == "reported"}
    led = next(
        (
            m
            for m in mentions
            if clause.start <= m.span.start < clause.end
            and set(m.actors) & reported
            and words.institution_after.match(article.text, m.span.end)
        ),
        None,
    )
    if led is None:
        return []
    countries = {actors[a].country for a in led.actors}
    held = {h.actor_id for h in holders}
    return [
        Holder(a, "paraphrase", None, speaker.kind)
        for a in speaker.actors
        if actors[a].country in countries and a not in held
    ]


def _other_side_subject(
    article: Document, content_start: int, clause: Span, speaker: Mention, holders
) -> bool:
    """Whether the reported content tells the wish, word or doing of a country of another
    side than the speaker's ("Putin says Ukraine wants ...", "Zelensky said Russia was
    stalling the talks"), not the speaker's own stance on what that side will do ("Hegseth
    said Ukraine will not join NATO")."""
    text, patterns, sides = article.text, article.patterns, article.codebook.actor_sides
    if not speaker.actors or any(h.attribution == "reported" for h in holders):
        return False
    position = patterns.words.content_lead.match(text, content_start, clause.end).end()
    if lead := patterns.words.subject_lead.match(text, position, clause.end):
        position = lead.end()
    side = next(
        (h for h in article.hits.within("sides", position, clause.end) if h.start == position),
        None,
    )
    if side is None or text.startswith(("'s", "’s"), side.end):
        return False
    own = set().union(*(sides[a] for a in speaker.actors))
    return side.payload not in own and patterns.words.attitude.match(text, side.end) is not None


def previous_speaker(previous: ClauseTrace, clause: Span) -> Mention | None:
    """Who spoke or acted in the clause before, as the speaker of the clause that goes on."""
    at = Span(clause.start, clause.start)
    if previous.speaker and previous.speaker.startswith("("):
        return Mention(at, (), "outsider", previous.speaker.strip("()"))
    actors = (
        previous.speaker.split(",")
        if previous.speaker
        else [h.actor_id for h in previous.holders if h.attribution != "reported"]
    )
    return Mention(at, tuple(dict.fromkeys(actors)), "name", "") if actors else None


def is_postposed(
    text, clause: Span, speaker: Mention, content_start: int, patterns, matches: Matches
) -> bool:
    """Whether the attribution closes the clause ("..., Lavrov said on Thursday."): what
    stands before it says something of a topic ("In a statement, the Kremlin said ..." is
    an opening, not content)."""
    if not patterns.words.attribution_after.search(text[clause.start : speaker.span.start]):
        return False
    if matches.first_cue_start(clause.start, speaker.span.start) >= speaker.span.start:
        return False
    # a comma right after the verb sets off an aside (", further straining ties"), no content
    if text.startswith(",", content_start):
        return True
    # at most six words after the verb (`WORD` looks neither behind nor past the window)
    tail = islice(WORD.finditer(text, content_start, clause.end), 7)
    return sum(1 for _ in tail) <= 6


def reporting(text, clause: Span, in_quotes, mentions, patterns: CompiledPatterns, hits: Hits):
    """The speaker mention, verb and start of the reported content, if the clause reports speech."""
    verbs = hits.within("reporting", clause.start, clause.end)
    # "Trump, who last week called Zelensky a dictator, said ...": the aside's verb is not
    # the clause's when a verb follows the aside
    lo, hi = clause.start, clause.end
    asides = (
        [m.span() for m in patterns.words.relative_aside.finditer(text, lo, hi)]
        if patterns.on("relative_who") and hits.may_match("relative_aside", lo, hi)
        else []
    )
    for verb in verbs:
        if inside(verb.start, in_quotes):
            continue
        if any(a <= verb.start < b and any(v.start >= b for v in verbs) for a, b in asides):
            continue
        before = _speaker_before(text, clause, verb, mentions, patterns)
        if before is not None:
            return before, text[verb.start : verb.end], verb.end
        after = (
            _speaker_after(text, verb, mentions, patterns)
            if patterns.on("inverted_speaker")
            else None
        )
        if after is not None:
            # "Putin is open to talks, according to Peskov": the content comes first;
            # "According to Peskov, Putin is open to talks": it follows the speaker
            closing = text[clause.start : verb.start].rstrip().endswith(",")
            return after, text[verb.start : verb.end], clause.start if closing else after.span.end
    return None, None, None


def _speaker_before(text, clause, verb, mentions, patterns: CompiledPatterns) -> Mention | None:
    words = patterns.words
    # "... to Donald Trump, who said ...": the relative pronoun's antecedent speaks.
    relative = patterns.words.relative_who.search(text, clause.start, verb.start)
    if relative is not None and patterns.on("relative_who"):
        antecedent = [m for m in mentions if m.span.end == relative.start() and m.actors]
        if antecedent:
            return antecedent[-1]
    candidates = [m for m in mentions if clause.start <= m.span.start and m.span.end <= verb.start]
    for m in reversed(candidates):
        gap = text[m.span.end : verb.start]
        if is_possessive(text, m) and not _holder_noun_follows(text, m, patterns):
            continue
        if words.speaker_gap.match(_after_possessive(text, m, gap)):
            return _with_listed_before(text, m, candidates, patterns)
        break
    noun = LAST_NOUN.search(text[clause.start : verb.start])
    # "officials, speaking on condition of anonymity, said"; not "Since retaking office,
    # Trump has had ..., signaled": an actor named after the noun is no aside
    if noun and any(m.span.start >= clause.start + noun.end(1) for m in candidates if m.actors):
        noun = None
    if noun and noun.group(1).lower() in words.person_nouns and patterns.on("outsider_speaker"):
        noun_start = clause.start + noun.start(1)
        # "Zelensky and European leaders urged": the actor listed with them speaks too
        listed = [
            m
            for m in candidates
            if m.actors
            and m.kind != "pronoun"
            and patterns.on("listed_speakers")
            and words.and_then.fullmatch(text, m.span.end, noun_start)
        ]
        if listed:
            first = _with_listed_before(text, listed[-1], candidates, patterns)
            span = Span(first.span.start, clause.start + noun.end(1))
            return Mention(span, first.actors, first.kind, text[span.start : span.end])
        return Mention(
            Span(noun_start, clause.start + noun.end(1)),
            (),
            "outsider",
            noun.group(1),
        )
    return None


def _with_listed_before(text, last: Mention, candidates, patterns: CompiledPatterns) -> Mention:
    """ "Macron and Starmer said", "Rubio, and presidential envoy, Witkoff told": every
    actor of a list of subjects speaks, not only the one nearest the verb."""
    if not patterns.on("listed_speakers") or not last.actors:
        return last
    first, actors = last, list(last.actors)
    for m in reversed([c for c in candidates if c.span.end <= last.span.start]):
        if not m.actors or is_possessive(text, m) or m.kind == "pronoun":
            break
        if not _listed_after(text[m.span.end : first.span.start], first, patterns):
            break
        first, actors = m, [*m.actors, *(a for a in actors if a not in m.actors)]
    if first is last:
        return last
    span = Span(first.span.start, last.span.end)
    return Mention(span, tuple(actors), last.kind, text[span.start : span.end])


def _speaker_after(text, verb, mentions, patterns: CompiledPatterns) -> Mention | None:
    for m in mentions:
        if m.span.start >= verb.end:
            gap = text[verb.end : m.span.start]
            # "..., said Putin." or "said Putin on Friday", not "says Putin-Witkoff talks".
            named = m.kind in ("name", "title", "outsider")
            inverted = named and patterns.words.inverted_end.match(text, m.span.end)
            right_after = patterns.words.speaker_after_verb.fullmatch(gap)
            return m if inverted and right_after else None
    return None


def content_holders(
    text,
    content_start,
    clause,
    mentions,
    speaker: Mention,
    patterns: CompiledPatterns,
    hits: Hits | None = None,
) -> list[Holder]:
    """Who holds the reported position: the speaker, or the subjects of a `that` clause."""
    speakers = list(speaker.actors)
    subjects: list[str] = []
    position = content_start
    rest = text[content_start : clause.end]
    lead = patterns.words.content_lead.match(rest)
    position = content_start + lead.end()
    if hits is not None and patterns.on("reported_subjects"):
        inner = _nested_report(text, position, clause, mentions, speaker, patterns, hits)
        if inner is not None:
            return content_holders(text, inner, clause, mentions, speaker, patterns)
    subjects_end = position
    plural = False  # a subject is "they": after a speaker outside the codebook, the speakers
    for m in mentions:
        if m.span.start < position:
            continue
        gap = text[position : m.span.start]
        skipped = patterns.words.subject_lead.match(gap)
        at_start = m.span.start == position or (skipped and skipped.end() == len(gap))
        # "said that Russian dictator Vladimir Putin wants ...": the name is the subject
        at_start = at_start or (
            m.kind == "name"
            and patterns.on("descriptor_subject")
            and patterns.words.descriptor_lead.fullmatch(gap) is not None
        )
        if (
            at_start
            and m.kind == "pronoun"
            and is_possessive(text, m)
            and patterns.on("descriptor_subject")
        ):
            continue  # "his counterpart Vladimir Putin": the name may follow
        if not at_start or m.kind == "outsider" or is_possessive(text, m):
            break
        # "told Zelensky to accept a ceasefire": the addressee of a directive holds nothing,
        # nor does the one the speaker says must act ("said Putin must end the war")
        if patterns.words.directive_to.match(text, m.span.end) or (
            patterns.on("reported_subjects")
            and m.kind != "pronoun"
            and patterns.words.obligation_after.match(text, m.span.end)
        ):
            break
        # "hailed Zelensky and pledged more aid": the one the speaker acts on, then the
        # speaker's next verb; the speaker holds what follows
        if patterns.on("reported_object") and patterns.words.next_predicate.match(text, m.span.end):
            subjects = []
            break
        # "X said that he ...": a singular pronoun after a reporting verb is the speaker, but
        # not an object pronoun ("accused him of ...": someone else).
        singular = (
            m.kind == "pronoun"
            and patterns.words.singular_pronoun.fullmatch(m.text)
            and not (patterns.on("binding") and m.text.lower() in patterns.words.object_pronouns)
        )
        if patterns.on("reported_subjects") or singular:
            subjects.extend(speaker.actors if singular and speaker.actors else m.actors)
            subjects_end = m.span.end
            plural |= m.kind == "pronoun" and not singular
        joiner = patterns.words.subject_joiner.match(text[m.span.end : clause.end])
        if not joiner:
            break
        position = m.span.end + joiner.end()
        if patterns.on("speaker_among_subjects") and patterns.words.first_person_subject.match(
            text, position
        ):
            subjects.extend(speaker.actors)  # "Putin and I will meet", Trump said
            break
    if not speakers:
        # Told by someone outside the codebook: "Witkoff met the Russian leader for three
        # hours, the spokesman added" is Witkoff's act; "the Kremlin said Putin valued ..."
        # is Putin's position, reported.
        if not subjects or plural or not patterns.on("outsider_reports"):
            return []
        verb = patterns.words.meeting_verb.match(text, subjects_end)
        met = verb is not None and patterns.words.meeting.fullmatch(verb.group(1)) is not None
        return [Holder(a, "action" if met else "reported") for a in dict.fromkeys(subjects)]
    holders = []
    for actor in dict.fromkeys(subjects or speakers):
        if actor in speakers:
            holders.append(Holder(actor, "paraphrase", None, speaker.kind))
        else:
            holders.append(Holder(actor, "reported", speakers[0]))
    return holders


def _nested_report(text, position, clause, mentions, speaker: Mention, patterns, hits):
    """ "Trump said he believes Putin wants peace": the speaker's own second reporting verb
    right after "he"; where its content begins, or None."""
    first = next((m for m in mentions if m.span.start == position), None)
    if first is None or not (
        (first.kind == "pronoun" and patterns.words.singular_pronoun.fullmatch(first.text))
        or (first.actors and set(first.actors) <= set(speaker.actors))
    ):
        return None
    verb = hits.first("reporting", first.span.end, min(clause.end, first.span.end + 30))
    if verb is None or not NESTED_GAP.fullmatch(text, first.span.end, verb.start):
        return None
    return verb.end


def clause_subject(
    text, clause, in_quotes, mentions, matches: Matches, patterns: CompiledPatterns
) -> Mention | None:
    """The actor(s) a clause without a reporting verb is about, when they are its subject."""
    start = clause.start
    fronted = patterns.on("fronted_phrase") and patterns.words.fronted_phrase.match(text, start)
    if fronted and any(m.span.start == fronted.end() for m in mentions):
        # "After the talks, Putin backed ...": the subject follows the phrase set before it
        start = fronted.end()
    first_cue = matches.first_cue_start(start, clause.end)
    for m in mentions:
        if not (start <= m.span.start < first_cue) or inside(m.span.start, in_quotes):
            continue
        if is_possessive(text, m) and not _holder_noun_follows(text, m, patterns):
            continue
        # "Trump envoy Steve Witkoff met ...", "a Putin aide said": a name that qualifies a
        # role noun after it is not the subject
        if patterns.on("name_as_modifier") and _descriptor_follows(text, m, patterns):
            continue
        # "pressure increased on Zelensky to ...": the object of a preposition is no subject;
        # nor is someone else after any preposition ("in an interview with Fox News, Trump")
        if patterns.on("object_not_subject"):
            before = WORD.findall(text, max(clause.start, m.span.start - 20), m.span.start)
            words = patterns.words
            markers = words.prepositions if m.kind == "outsider" else words.object_markers
            if before and before[-1].lower() in markers:
                continue
        if m.kind == "outsider" or not m.actors:
            return None
        actors = list(m.actors)
        tail = m.span.end
        for other in mentions:
            if (
                other.span.start >= tail
                and other.kind != "pronoun"
                and _listed_after(text[tail : other.span.start], other, patterns)
            ):
                actors += [a for a in other.actors if a not in actors]
                tail = other.span.end
        return Mention(Span(m.span.start, tail), tuple(actors), m.kind, text[m.span.start : tail])
    return None


def _listed_after(gap: str, mention: Mention, patterns: CompiledPatterns) -> bool:
    """ "Putin and Lavrov", "Putin and his foreign minister Lavrov", "Rubio, and presidential
    envoy, Steve Witkoff", "the Trump-Putin summit": the mention is the next actor of a list."""
    if gap in ("-", "–") and mention.kind == "name" and patterns.on("hyphenated_pair"):
        return True
    joined = patterns.words.and_then.fullmatch(gap)
    if not joined or not joined.group(1):
        return bool(joined)
    gap_words, pronouns = joined.group(1), patterns.words
    side_names = patterns.on("side_in_list")
    if side_names:
        # "and United States Secretary of State Marco Rubio": a side's name of several words
        for side in patterns.sides.values():
            gap_words = side.sub(" ", gap_words)
    words = gap_words.split()
    if len(words) == 1 and (
        pronouns.singular_pronoun.fullmatch(words[0]) or pronouns.plural_pronoun.fullmatch(words[0])
    ):
        return True  # "his foreign minister Lavrov"
    # "presidential envoy Witkoff", "U.S. envoy Witkoff", not "aides of Putin"
    return mention.kind in ("name", "title") and all(
        w.islower() and w not in pronouns.prepositions and w not in pronouns.function_words
        for w in words
    )


def remember(state: Salience, subject: Mention, holders: list[Holder]) -> None:
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


def _holder_noun_follows(text, mention: Mention, patterns: CompiledPatterns) -> bool:
    """ "Trump's plan ..." makes Trump the holder; "Trump's spokeswoman ..." does not."""
    if not patterns.on("possessive_holder"):
        return False
    following = WORD.findall(text[mention.span.end : mention.span.end + 60])[:4]
    return any(w.lower() in patterns.words.holder_nouns for w in following)


def _descriptor_follows(text, mention: Mention, patterns: CompiledPatterns) -> bool:
    """Whether a role noun ("envoy", "aide") comes right after the name, with no possessive."""
    if not text.startswith(" ", mention.span.end):
        return False
    following = WORD.match(text, mention.span.end + 1)
    return following is not None and following.group().lower() in patterns.words.role_nouns


def _after_possessive(text, mention: Mention, gap: str) -> str:
    if is_possessive(text, mention):
        return re.sub(r"^['’]s?(?:\s+\w+){1,3}", "", gap)
    return gap


def label(mention: Mention) -> str:
    return ",".join(mention.actors) if mention.actors else f"({mention.text})"
