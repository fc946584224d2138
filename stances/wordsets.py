"""A language file's closed word classes, compiled once into the sets and patterns the
rule coder looks things up with ("the", "and", "that", pronouns, group words ...). Another
language is another file of the same word classes; no pattern here holds a word of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stances.codebook import Words


def _grammar(words: Words) -> dict:
    """The patterns built of the language's function words (`articles`, `and_words` ...)."""
    w = {
        name: _words_regex(getattr(words, name))
        for name in type(words).model_fields
        if name in _GRAMMAR_LISTS
    }
    the, owners = w["definite_articles"], _words_regex(words.possessive_pronouns)
    determiner = rf"(?:(?:{the}|{owners})\s+)?"  # "the", "his", "their"
    return {
        "inverted_end": re.compile(rf"\s*(?:[,.;:]|$|\s(?:{w['speaker_follow_words']})\b)"),
        # the verb after a subject: "Witkoff (has also) met"
        "meeting_verb": re.compile(rf"\s+(?:(?:{w['meeting_gap_words']})\s+)*(\w+)"),
        "and_then": re.compile(rf"\s*,?\s*(?:{w['and_words']})\s+((?:[\w.’'-]+\s+){{1,2}})?"),
        # "told Zelensky to accept", "urged Trump not to lift": a directive
        "directive_to": re.compile(
            rf"\s+(?:(?:{w['negation_words']})\s+)?(?:{w['infinitive_markers']})\s+"
            rf"(?!(?:{w['articles']})\b)[a-z]+\b"
        ),
        # a comma or closing quote right before the speaker: "..., Lavrov said"
        # ", the ministry said", ", a White House official said", ", Zelensky's office said":
        # an attribution after the content
        "attribution_after": re.compile(
            rf"[,”\"]\s*(?:(?:{w['articles']})\s+(?:[\w.-]+\s+){{0,3}}"
            rf"|(?:[A-Z][\w.-]*\s+){{0,2}}[A-Z][\w.-]*['’]s\s+)?$"
        ),
        # what opens reported content ("said on Monday that"), a word before its subject
        "content_lead": re.compile(
            rf"[\s,:“‘\"•*-]*(?:[^,.;:“”\"]{{0,40}}?\b(?:{w['complementizers']})\s+)?"
        ),
        "subject_lead": re.compile(rf"(?i)(?:{w['subject_lead_words']})\s+"),
        # "Russian dictator Vladimir Putin", "his US counterpart Donald Trump": a descriptor
        "descriptor_lead": re.compile(
            rf"{determiner}(?:[A-Z][\w.'’-]*\s+){{0,2}}(?:(?i:{w['descriptor_nouns']})\s+)?"
        ),
        # "with his Russian counterpart, Sergei Lavrov": a descriptor and its comma
        "partner_descriptor": re.compile(
            rf"{determiner}(?:[A-Z][\w.'’-]*\s+){{0,2}}(?i:{w['descriptor_nouns']}),?\s+"
        ),
        "subject_joiner": re.compile(rf"\s*,?\s*(?:{w['and_words']})\s+"),
        "relative_who": re.compile(rf",\s*(?:{w['relative_pronouns']})\s+(?:\w+\s+){{0,2}}$"),
        # ", who had been welcomed in London a day earlier,": an aside on the subject
        # capitalised words of a title before a name: "US President " (or none)
        "title_lead": re.compile(r"(?:[A-Z][\w.’'-]*\s+){0,3}"),
        # ", who met Putin," or " - who met Putin - ": a relative clause set off as an aside
        "relative_aside": re.compile(
            rf",\s*(?:{w['relative_pronouns']})\s[^,;]*,"
            rf"|\s[-–—]\s*(?:{w['relative_pronouns']})\s[^–—;]*?\s[-–—](?=\s)"
        ),
        # right after a cue: "(no peace) without justice", "(no ceasefire) unless ..."
        "precondition_after": re.compile(rf"\s+({w['precondition_words']})\b"),
        # "who had rejected": an earlier act
        "past_perfect": re.compile(rf"\b(?:{w['past_perfect_auxiliaries']})\s+(?:\w+\s+)?\w+ed\b"),
        "between_after": re.compile(rf"\s+(?:{w['between_words']})\s+"),
        # "between the US and Russian leaders", "between presidents Trump and Putin"
        "pair_lead": re.compile(
            rf"(?:(?i:{w['articles']})\s+)?(?:[a-z]+(?:{w['plural_endings']})\s+)?(?=[A-Z])"
        ),
        "between_within": re.compile(rf"(?i)\S+(?:\s+\S+){{0,2}}?\s+(?:{w['between_words']})\b"),
        "with_end": re.compile(rf"\s+{determiner}"),
        "with_next": re.compile(rf"\s+(?:{w['with_words']})\b"),
        "with_after": re.compile(
            rf"(?:\s+[\w’'-]+){{0,6}}?\s+(?:{w['with_words']})\s+{determiner}"
        ),
        # "agreed with NATO to supply ...": a partner named after "with" is no sender
        "partner_before": re.compile(rf"(?i)\b(?:{w['with_words']})\s+{determiner}$"),
        "meeting_object": re.compile(rf"\s+(?:(?:{w['with_words']})\s+)?{determiner}"),
        "own_predicate": re.compile(
            rf"\b(?:{w['predicate_conjunctions']})\s+(?:(?:{w['sequence_adverbs']})\s+)?[a-z]+ed\b"
        ),
        "praised_for": re.compile(rf"\s+(?:{w['reason_prepositions']})\s+"),
        "from_side": re.compile(
            rf"(?:\s+[\w-]+){{0,3}}?\s+(?:{w['source_prepositions']})\s+(?:(?:{the})\s+)?"
            r"\S+(?:\s+\S+)?"
        ),
        "conjoined_cues": re.compile(rf"\s*(?:,\s*)?(?:\b(?:{w['list_conjunctions']})\s+)?"),
        # "said the Kremlin's ...", "said Russian Presidential Press Secretary Dmitry Peskov",
        # "said Kremlin spokesman Dmitry Peskov": a title before an inverted speaker's name
        "speaker_after_verb": re.compile(
            rf"\s*{determiner}(?:(?:[A-Z][\w.'’-]*|(?i:{w['descriptor_nouns']}))\s+){{0,5}}"
        ),
        "clause_opener": re.compile(rf"(?i)\b(?:{w['clause_openers']})\b|,"),
        "enough": re.compile(rf"(?i)\b(?:{w['sufficiency_words']})\b"),
        # what may open a noun phrase before a word in it: "the previously promised", "the
        # US-backed", nothing ("rejected calls for ...")
        "noun_phrase_gap": re.compile(
            rf"(?i)\s+(?:(?:{w['noun_phrase_openers']})\s+)?(?:\w+ly\s+)?(?:[\w.]+-)?"
        ),
        # between an evaluation and one it governs: "abandon efforts to achieve", "rejected
        # calls to reach"
        "evaluation_chain_gap": re.compile(
            rf"(?i)\s+(?:(?:{w['noun_phrase_openers']})\s+)?(?:[\w’'-]+\s+){{0,2}}?"
            rf"(?:{w['infinitive_markers']})\s+"
        ),
        "excess_before": re.compile(rf"(?i)\b(?:{w['excess_words']})\s+$"),
        # between a negator and the verb it negates: "not to ease", "not be lifted"
        "negated_verb_gap": re.compile(rf"(?i)\s+(?:(?:{w['infinitive_markers']}|be)\s+)?"),
        # a side clause that places what it reports before the news: ", a day after he told"
        "earlier_side_clause": re.compile(
            rf"(?i)\W*(?:\w+\s+(?:{w['time_units']})\s+)?(?:{w['earlier_openers']})\b"
        ),
        # a side clause dated from the clause before it: ", two days after Trump met Putin"
        "relative_side_clause": re.compile(
            rf"(?i)\W*\w+\s+(?:{w['time_units']})\s+(?:{w['dated_from_openers']})\b"
        ),
        # a side clause told in a gerund, with no subject: ", a day after holding a call"
        "gerund_side_clause": re.compile(
            rf"(?i)\W*(?:\w+\s+(?:{w['time_units']})\s+)?(?:{w['gerund_openers']})\s+"
            rf"(?-i:[a-z]+(?:{w['gerund_endings']}))\b"
        ),
        # a phrase set before the clause's subject: "During his summit with Trump, "
        "fronted_phrase": re.compile(
            rf"(?i)\W*(?:{w['fronted_openers']})\b[^,;:“”\"]{{1,100}}?,\s*"
        ),
        # "(Putin and) I will meet": the speaker listed among the subjects
        "first_person_subject": re.compile(rf"(?:{w['first_person_subjects']})\b"),
        "and_joined": re.compile(rf"\s*,?\s+(?:{w['and_words']})\s+(?:[\w.’'-]+\s+){{0,3}}"),
        # the verb after a conjunct's subject: "(and Zelensky) called", "(and Putin) says"
        # what every two-sided title holds, found fast
        "and_capital": re.compile(rf" (?:{w['and_words']}) (?=[A-Z])"),
        # "top Russian and US diplomats", "the US and Russian presidents": a title for each side
        "two_sided_titles": re.compile(
            rf"(?<![\w.])(?:((?i:{w['rank_words']}))\s+)?([A-Z][\w.]*)\s+(?:{w['and_words']})\s+"
            rf"([A-Z][\w.]*)\s+(?:({w['rank_words']})\s+)?([a-z]+(?:\s[a-z]+)?)"
            rf"(?:{w['plural_endings']})\b"
        ),
        # "no new sanctions", "there will not be US troops" right before a cue; the lookahead
        # lets the search skip to the letters these words begin with
        "no_cue_before": re.compile(
            rf"(?i){_starting(words.absence_words, words.absence_phrases)}"
            rf"(?:\b(?:{w['absence_words']})|{_spaced(words.absence_phrases)})"
            rf"\s+(?:(?:{w['quantity_words']})\s+)?"
            r"(?:(?-i:[A-Z][\w.]*)\s+)?$"
        ),
        # skipped before a name when looking for a preposition: "with Ukraine's Zelensky"
        "title_skips": frozenset(
            [*words.plural_endings, *words.definite_articles, *words.and_words]
        ),
        # a contact as a purpose, not yet held or agreed: "would travel to Moscow to meet"
        "purposed_contact": re.compile(
            "(?i)"
            + "".join(rf"(?<!\b{re.escape(v)}\s)" for v in words.agreement_verbs)
            + rf"\b(?:{w['infinitive_markers']})\s+$"
        ),
        # "said after a 50-minute meeting with": the preposition of a meeting named as an
        # occasion and the words before the meeting ("took part in" is no occasion)
        "occasion_before": re.compile(
            "(?i)"
            + "".join(
                rf"(?<!\b{re.escape(v.removesuffix(' in'))}\s)"
                for v in words.participation_verbs
                if v.endswith(" in")
            )
            + rf"\b(?:{w['occasion_prepositions']})\s+(?:[\w’'.-]+\s+){{0,3}}$"
        ),
        "occasion_nouns": frozenset(words.occasion_nouns),
        # "The 28-point peace plan requires ...": a plan as the clause's subject
        # or one of its parts ("Point three bans ...", "The second provision ...")
        "plan_subject": re.compile(
            rf"\W*(?:(?:{w['definite_articles']})\s+(?:[\w’'-]+\s+){{0,3}}?"
            rf"(?:{_spaced(words.plan_nouns)})"
            rf"|(?:(?:{w['definite_articles']})\s+(?:[\w’'-]+\s+)?)?"
            rf"(?:{_spaced(words.plan_part_nouns)}))\b",
            re.IGNORECASE,
        ),
        # "his 28-point plan", "Trump's peace proposal": right after an owner's possessive
        "owned_plan": re.compile(
            rf"(?:['’]s?)?\s+(?:[\w’'-]+\s+){{0,3}}?(?:{_spaced(words.plan_nouns)})\b",
            re.IGNORECASE,
        ),
        # "unveiled a plan", "gave Ukraine a week to accept the proposal": the owner's acts
        "plan_owning": re.compile(
            rf"(?i)\b(?:(?:{_spaced(words.plan_presenting_verbs)})\s+(?:[\w’'-]+\s+){{0,4}}?"
            rf"|(?:{_spaced(words.plan_pressing_verbs)})\b[^.;]{{0,60}}?\bto\s+"
            rf"(?:{_spaced(words.acceptance_verbs)})\s+(?:[\w’'-]+\s+){{0,4}}?)"
            rf"(?:{_spaced(words.plan_nouns)})\b"
        ),
        # "to agree": an infinitive, not "to a" nor "to his"
        "infinitive": re.compile(
            rf"\b(?:{w['infinitive_markers']})\s+(?!(?:{w['articles']}|{owners})\b)[a-z]+\b"
        ),
        # ", as Trump demands": the one named wants what the clause before says
        "as_demanded": re.compile(
            rf"(?i)\s*,?\s*(?:{w['simultaneity_words']})\s+(.+?)\s+"
            rf"(?:{_words_regex(words.demand_verbs)})\W*$"
        ),
        # "Rubio to meet Lavrov": an infinitive right after its subject, a headline's future
        "subject_infinitive": re.compile(rf"(?i)\s+(?:{w['infinitive_markers']})\s+"),
        "contact_prepositions": tuple(words.contact_prepositions),
        # a contact preposition inside a longer cue: "spoke with Putin by phone"
        "contact_preposition": re.compile(
            rf"\s(?:{_words_regex(words.contact_prepositions)})\s+{determiner}"
        ),
        "between_words": frozenset(words.between_words),
        # "Mr. Putin": a form of address right before a name, case as written
        "courtesy_before": re.compile(rf"\b(?:{_words_regex(words.courtesy_titles)})\s+$"),
    }


_GRAMMAR_LISTS = frozenset(
    {
        "articles",
        "definite_articles",
        "and_words",
        "occasion_prepositions",
        "list_conjunctions",
        "predicate_conjunctions",
        "complementizers",
        "relative_pronouns",
        "past_perfect_auxiliaries",
        "precondition_words",
        "infinitive_markers",
        "negation_words",
        "between_words",
        "with_words",
        "contact_prepositions",
        "source_prepositions",
        "reason_prepositions",
        "subject_lead_words",
        "descriptor_nouns",
        "speaker_follow_words",
        "meeting_gap_words",
        "sequence_adverbs",
        "clause_openers",
        "sufficiency_words",
        "excess_words",
        "noun_phrase_openers",
        "time_units",
        "earlier_openers",
        "dated_from_openers",
        "gerund_openers",
        "fronted_openers",
        "first_person_subjects",
        "gerund_endings",
        "simultaneity_words",
        "rank_words",
        "plural_endings",
        "absence_words",
        "absence_phrases",
        "quantity_words",
        "agreement_verbs",
    }
)


def _spaced(phrases: list[str]) -> str:
    """An alternation of phrases whose words may be parted by any whitespace."""
    return (
        "|".join(
            r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True)
        )
        or _NOTHING
    )


# An alternation of no words matches nothing, not the empty string: a language without
# a word class goes without what is built of it.
_NOTHING = "(?!)"


def _words_regex(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or _NOTHING


def _capitalised(words: list[str]) -> str:
    """An alternation of the words with a capital first letter ("August", "Aug")."""
    return _words_regex([w[:1].upper() + w[1:] for w in words])


def _starting(*word_lists: list[str]) -> str:
    r"""A lookahead for the first characters of the words: a pattern that begins with `\b` is
    otherwise tried at every position of the text, one that begins with a set of characters
    only where one of them stands. Empty where some word could be empty."""
    words = [w for words in word_lists for w in words]
    if not words or not all(words):
        return ""
    return f"(?=[{''.join(re.escape(c) for c in sorted({w[0] for w in words}))}])"


# Patterns tried on a clause or sentence only where the article's one scan found, there, a
# word that every match of them contains as a whole word (`Hits.may_match`): most clauses
# hold none of those words, and a scan finds all of them at once. Pattern -> the word lists
# of those words.
GATES: dict[str, tuple[str, ...]] = {
    "report_participle": ("report_participles",),
    "act_participle": ("act_participles",),
    "relative_clause": ("relative_openers",),
    "question_inside": ("question_openers",),
    "unknown": ("unknowing",),
    "reason": ("reason_markers",),
    "condition": ("conditions",),
    "outcome": ("outcomes",),
    "process_noun": ("process_nouns",),
    "concession": ("concessions",),
    "praise": ("praise_verbs",),
    "criticism": ("criticism_verbs",),
    "accompaniment": ("accompaniment_verbs",),
    "attended_event": ("participation_verbs",),
    "presence": ("presence_words",),
    "led_by": ("leading_verbs",),
    "delegation_list": ("delegation_openers", "delegation_nouns"),
    "dated": ("months", "month_abbreviations"),
    "meeting": ("meeting_words",),
    "participation": ("participation_verbs", "arrival_verbs"),
    "plan_owning": ("plan_nouns",),
    "relative_aside": ("relative_pronouns",),
}


@dataclass(frozen=True)
class WordSets:
    """A language's closed word classes as sets, and the few patterns built from them."""

    prepositions: frozenset[str]
    object_markers: frozenset[str]
    particle_negators: frozenset[str]
    not_current: frozenset[str]
    function_words: frozenset[str]
    abbreviations: frozenset[str]
    holder_nouns: frozenset[str]
    role_nouns: frozenset[str]
    person_nouns: frozenset[str]
    plural_person_nouns: frozenset[str]
    singular_pronoun: re.Pattern[str]
    plural_pronoun: re.Pattern[str]
    possessive_pronouns: frozenset[str]
    object_pronouns: frozenset[str]
    object_followers: frozenset[str]  # words after "her" that make it an object
    object_verb: re.Pattern[str]
    list_joiner: re.Pattern[str]
    group: re.Pattern[str]
    owned_exchange: re.Pattern[str]
    no_events: frozenset[str]
    exchange_nouns: frozenset[str]
    exchange_verbs: frozenset[str]
    parenthetical_speech: re.Pattern[str]
    process_noun: re.Pattern[str]
    owned_noun: re.Pattern[str]
    others_readiness: re.Pattern[str]
    subject_then_verb: re.Pattern[str]
    speaker_gap: re.Pattern[str]
    condition: re.Pattern[str]
    inverted_condition: re.Pattern[str]
    failure_condition: re.Pattern[str]
    question: re.Pattern[str]
    question_inside: re.Pattern[str]
    unknown: re.Pattern[str]
    opening_clause: re.Pattern[str]
    reason: re.Pattern[str]
    side_clause: re.Pattern[str]
    report_participle: re.Pattern[str]
    act_participle: re.Pattern[str]
    hosting: re.Pattern[str]
    participation: re.Pattern[str]
    attended_event: re.Pattern[str]
    future: re.Pattern[str]
    raising: re.Pattern[str]
    delegation_list: re.Pattern[str]
    intention: re.Pattern[str]
    tentative_future: re.Pattern[str]
    accompaniment: re.Pattern[str]
    dispatch: re.Pattern[str]
    agent_after: re.Pattern[str]
    and_before: re.Pattern[str]
    side_lead: re.Pattern[str]
    co_drafting: re.Pattern[str]
    agenda_opener: re.Pattern[str]
    errand: re.Pattern[str]
    reciprocal_verbs: frozenset[str]
    institution_after: re.Pattern[str]
    obligation_after: re.Pattern[str]
    concession: re.Pattern[str]
    outcome: re.Pattern[str]
    attitude: re.Pattern[str]
    new_predicate: re.Pattern[str]
    new_subject: re.Pattern[str]
    next_predicate: re.Pattern[str]
    framing: re.Pattern[str]
    praise: re.Pattern[str]
    criticism: re.Pattern[str]
    subordinator_before: re.Pattern[str]
    meeting: re.Pattern[str]
    accusation: re.Pattern[str]
    copula_end: re.Pattern[str]
    copula_before: re.Pattern[str]
    proposal: re.Pattern[str]
    proposal_noun: re.Pattern[str]
    proposal_owner: re.Pattern[str]
    proposal_after_owner: re.Pattern[str]
    inverted_attendance: re.Pattern[str]
    presence: re.Pattern[str]
    led_by: re.Pattern[str]
    dateline: re.Pattern[str]
    month_numbers: dict[str, int]
    dated: re.Pattern[str]
    caption_date: re.Pattern[str]
    contact_end: re.Pattern[str]
    relative_clause: re.Pattern[str]
    coordinator: re.Pattern[str]
    inverted_end: re.Pattern[str]
    meeting_verb: re.Pattern[str]
    and_then: re.Pattern[str]
    directive_to: re.Pattern[str]
    attribution_after: re.Pattern[str]
    content_lead: re.Pattern[str]
    subject_lead: re.Pattern[str]
    descriptor_lead: re.Pattern[str]
    partner_descriptor: re.Pattern[str]
    subject_joiner: re.Pattern[str]
    relative_who: re.Pattern[str]
    relative_aside: re.Pattern[str]
    title_lead: re.Pattern[str]
    conjunct_verb: re.Pattern[str]
    auxiliaries_only: re.Pattern[str]
    complementizer_only: re.Pattern[str]
    listed_before: re.Pattern[str]
    past_perfect: re.Pattern[str]
    precondition_after: re.Pattern[str]
    between_after: re.Pattern[str]
    pair_lead: re.Pattern[str]
    with_end: re.Pattern[str]
    partner_before: re.Pattern[str]
    with_next: re.Pattern[str]
    with_after: re.Pattern[str]
    meeting_object: re.Pattern[str]
    own_predicate: re.Pattern[str]
    praised_for: re.Pattern[str]
    between_within: re.Pattern[str]
    from_side: re.Pattern[str]
    conjoined_cues: re.Pattern[str]
    speaker_after_verb: re.Pattern[str]
    clause_opener: re.Pattern[str]
    enough: re.Pattern[str]
    excess_before: re.Pattern[str]
    negated_verb_gap: re.Pattern[str]
    noun_phrase_gap: re.Pattern[str]
    evaluation_chain_gap: re.Pattern[str]
    earlier_side_clause: re.Pattern[str]
    gerund_side_clause: re.Pattern[str]
    relative_side_clause: re.Pattern[str]
    fronted_phrase: re.Pattern[str]
    first_person_subject: re.Pattern[str]
    and_joined: re.Pattern[str]
    and_capital: re.Pattern[str]
    two_sided_titles: re.Pattern[str]
    no_cue_before: re.Pattern[str]
    title_skips: frozenset[str]
    purposed_contact: re.Pattern[str]
    occasion_before: re.Pattern[str]
    occasion_nouns: frozenset[str]
    plan_subject: re.Pattern[str]
    owned_plan: re.Pattern[str]
    plan_owning: re.Pattern[str]
    as_demanded: re.Pattern[str]
    infinitive: re.Pattern[str]
    subject_infinitive: re.Pattern[str]
    contact_preposition: re.Pattern[str]
    contact_prepositions: tuple[str, ...]
    between_words: frozenset[str]
    courtesy_before: re.Pattern[str]
    interval_opener: re.Pattern[str]
    purpose: re.Pattern[str]

    @classmethod
    def build(cls, words: Words) -> WordSets:
        singular = _words_regex(words.singular_pronouns)
        verbs = [*words.future_markers, *words.copulas]  # what follows a subject of its own
        not_a_verb = rf"(?!(?:{_words_regex([*verbs, *words.auxiliary_verbs])})\b)"
        pronouns = [*words.singular_pronouns, *words.plural_pronouns]
        gap_words = _words_regex(words.speaker_gap_words)
        auxiliaries = _words_regex([*words.auxiliary_verbs, *words.future_markers])
        month_names = _capitalised([*words.months, *words.month_abbreviations])
        if words.adverb_endings:  # "Trump incredibly asserted"
            gap_words += rf"|[a-z]+(?:{_words_regex(words.adverb_endings)})"
        return cls(
            prepositions=frozenset(words.prepositions),
            object_markers=frozenset(words.object_markers),
            particle_negators=frozenset(words.particle_negators),
            not_current=frozenset(words.not_current),
            function_words=frozenset([*words.function_words, *words.weekdays, *words.months]),
            abbreviations=frozenset(words.abbreviations),
            holder_nouns=frozenset(words.holder_nouns),
            role_nouns=frozenset(w.lower() for w in words.descriptor_nouns),
            person_nouns=frozenset(words.person_nouns),
            plural_person_nouns=frozenset(words.plural_person_nouns),
            singular_pronoun=re.compile(
                rf"(?i){_starting(words.singular_pronouns)}\b({singular})\b"
            ),
            possessive_pronouns=frozenset(words.possessive_pronouns),
            object_pronouns=frozenset(words.object_pronouns),
            object_followers=frozenset(
                [*words.prepositions, *words.coordinators, *words.complementizers]
            ),
            # the verb right before an object pronoun, after auxiliaries and adverbs, and a
            # comma or coordinator before them (a predicate of the sentence's subject)
            object_verb=re.compile(
                rf"(?i)(?P<lead>,|\b(?:{_words_regex(words.coordinators)}))?\s*"
                rf"(?:(?:{gap_words}|{auxiliaries})\s+)*"
                rf"(?!(?:{_words_regex([*words.prepositions, *words.coordinators])})\b)"
                rf"(?P<verb>[a-z]+)\s+$"
            ),
            no_events=frozenset(w.lower() for w in words.no_events),
            exchange_nouns=frozenset(w.lower() for w in words.exchange_nouns),
            exchange_verbs=frozenset(w.lower() for w in words.exchange_verbs),
            # "Putin and his US counterpart, Donald Trump": a described name after "and"
            list_joiner=re.compile(
                rf"\s*(?:,\s*)?(?:(?:{_words_regex(words.and_words)})\s+"
                + (
                    rf"(?:(?:{_words_regex(words.possessive_pronouns)})\s+"
                    r"(?:[\w.-]+\s+){0,2}[\w.-]+,\s+)?"
                    if words.possessive_pronouns
                    else ""
                )
                + ")?"
            ),
            plural_pronoun=re.compile(
                rf"(?i){_starting(words.plural_pronouns)}"
                rf"\b({_words_regex(words.plural_pronouns)})\b"
            ),
            reciprocal_verbs=frozenset(words.reciprocal_verbs),
            institution_after=re.compile(rf"(?i)\s+(?:{_words_regex(words.institution_nouns)})\b"),
            # an obligation right after a subject, an adverb between: "(Putin) really has to"
            obligation_after=re.compile(
                rf"\s+(?:[a-z]+ly\s+)?(?:{_words_regex(words.obligations)})\b"
                if words.obligations
                else r"(?!)"
            ),
            # a concession, up to the next pause: "despite calls for a ceasefire"
            concession=re.compile(
                rf"(?i){_starting(words.concessions)}\b(?:{_words_regex(words.concessions)})\b[^,;:]*"
                if words.concessions
                else r"(?!)"
            ),
            attitude=re.compile(rf"(?i)\s+(?:{_words_regex(words.attitudes)})\b"),
            # "(hailed Zelensky) and pledged", "(hailed Zelensky), pledged": the next verb of
            # a list of predicates
            next_predicate=re.compile(
                rf"(?:\s*,|\s+(?:{_words_regex(words.predicate_conjunctions)}))\s+"
                rf"(?:(?:{_words_regex(words.sequence_adverbs)})\s+)?"
                rf"(?:[a-z]+ed|(?:{auxiliaries}))\b"
            ),
            # ", and the sanctions ... are": after a pause, "and" and a determiner open a
            # clause of its own whose subject follows
            new_subject=re.compile(
                rf"(?i)[,;—–]\s*(?:{_words_regex(words.and_words)})\s+"
                rf"(?:{_words_regex(words.definite_articles)}|"
                rf"{_words_regex(words.possessive_pronouns)})\s+(?:[\w’'-]+\s+){{0,2}}$"
            ),
            # "(frustrated with) the (Kremlin)": what may come between a word and a side
            side_lead=re.compile(rf"(?i)\s*(?:(?:{_words_regex(words.definite_articles)})\s+)?"),
            # "(strikes) and refusing": right before a word, after "and"
            and_before=re.compile(rf"(?i)\b(?:{_words_regex(words.and_words)})\s+$"),
            # "(aid) and has repeatedly promised": a predicate of its own after "and"
            new_predicate=re.compile(
                rf"(?i)\b(?:{_words_regex(words.and_words)})\s+"
                rf"(?:{auxiliaries})\b"
            ),
            outcome=re.compile(
                rf"(?i){_starting(words.outcomes)}\b(?:{_words_regex(words.outcomes)})\b"
            ),
            # "their (recent phone) call": an exchange after its owners
            owned_exchange=re.compile(
                rf"(?i)\s+(?:[\w-]+\s+){{0,3}}?(?:{_words_regex(words.exchange_nouns)})\b"
            ),
            group=re.compile(
                rf"(?i){_starting(words.group_determiners)}"
                rf"\b(?:{_words_regex(words.group_determiners)})\s+"
                rf"(?:(?:{_words_regex(words.group_owners)})\s+)?"
                rf"(?:{_words_regex(words.group_nouns)})\b"
            ),
            # "Putin, he said, wanted ...": a parenthetical speaker.
            parenthetical_speech=re.compile(
                rf"(?i)(?:{singular})\s+(?:\w+\s+)?"
                rf"(?:{_words_regex(words.parenthetical_verbs)})\b"
            ),
            process_noun=re.compile(
                rf"(?i){_starting(words.process_nouns)}\b(?:{_words_regex(words.process_nouns)})"
                rf"\s+(?:\w+\s+){{0,1}}(?:{_words_regex(words.process_prepositions)})\s+$"
            ),
            owned_noun=re.compile(rf"(?i){_words_regex(words.owned_nouns)}"),
            # the word before "and" in a list of subjects: a name or a pronoun ("he and Putin")
            listed_before=re.compile(rf"(?:\b[A-Z][\w.'’-]*|\b(?i:{_words_regex(pronouns)}))$"),
            # the verb after a conjunct's subject: "(and Zelensky) called", "(and Putin) has
            # called", "(and Putin) says"; not a linking verb ("between Trump and Putin was billed")
            conjunct_verb=re.compile(
                rf"\s+(?:(?:{_words_regex(words.auxiliary_verbs)})\s+)?(?:[a-z]+ly\s+)?"
                rf"{not_a_verb}[a-z]+(?:ed|s)\b"
            ),
            # nothing but auxiliaries between a subject and its reporting verb: "(Trump) has said"
            auxiliaries_only=re.compile(rf"\s*(?:(?:{_words_regex(words.auxiliary_verbs)})\s+)*"),
            # at most a complementizer between a reporting verb and its content: "said that "
            complementizer_only=re.compile(
                rf"\s*(?:(?:{_words_regex(words.complementizers)})\s+)?"
            ),
            # a noun phrase of up to 14 words, then a verb it is the subject of
            subject_then_verb=re.compile(
                rf"{not_a_verb}(?:[^\s,;:]+\s+){{1,14}}?(?:{_words_regex(verbs)})\b"
            ),
            # "countries willing to": a plural noun right before a readiness word
            others_readiness=re.compile(
                rf"(?i)\b(?:{_words_regex(words.collective_nouns)})\s+"
                rf"(?:{_words_regex(words.readiness_words)})$"
            ),
            # What may stand between a speaker and the verb: an aside, adverbs, "on Monday".
            speaker_gap=re.compile(
                r"^(?:\s*,\s*[^,“”\"]{0,80}?,)?\s*"
                rf"(?:(?:{gap_words}|(?:{_spaced(words.time_openers)})\s+\w+"
                rf"|(?:{_spaced(words.time_openers_long)})\s+\w+(?:\s+\w+)?)\s+){{0,3}}$"
            ),
            # A condition about someone else ("if Russia rejects"), not "if doing so helps".
            condition=re.compile(
                rf"(?i){_starting(words.conditions)}\b(?:{_words_regex(words.conditions)})\s+"
                rf"(?!(?:{_words_regex(words.condition_exceptions)})\b)"
                rf"(?![a-z]+(?:{_words_regex(words.gerund_endings)})\b)"
            ),
            failure_condition=re.compile(rf"(?i)(?:{_words_regex(words.failure_conditions)})\b"),
            # "Asked about X, Trump said ...": the question is not the answer; a reason no stance.
            # matched at a sentence's start, up to its comma; not a question
            inverted_condition=re.compile(
                rf"(?i)(?:{_words_regex(words.inverted_conditions)})\s[^,?]*,(?=[^?]*$)"
            ),
            question=re.compile(rf"(?i)(?:{_words_regex(words.question_openers)})\b[^,]*,"),
            # "doesn't know who ordered the pause", "asked whether ...": an indirect question
            # up to the next comma
            unknown=re.compile(
                rf"(?i){_starting(words.unknowing)}\b(?:{_words_regex(words.unknowing)})[’'\"”]?\s+"
                # "asked Trump whether": the one asked may come first
                rf"(?:(?-i:[A-Z])[\w.’'-]*\s+){{0,3}}?"
                rf"(?:{_words_regex(words.indirect_question_words)})\b[^,;]*"
            ),
            # inside a sentence: "Trump, asked whether he would meet Putin, said ...", "Trump
            # was asked about sanctions": the question up to the next comma
            question_inside=re.compile(
                rf"(?i)(?:,\s*|\b(?:{_words_regex(words.copulas)})\s+)"
                rf"((?:{_words_regex(words.question_openers)})\s+"
                rf"(?:{_words_regex(words.question_words)})\b[^,;]*?)"
                rf"(?=[,;]|\s+(?:{_words_regex(words.and_words)})\s+(?:{_words_regex(words.answer_verbs)})\b"
                r"|[.?!]?$)"
            ),
            # a subordinator right before a name: "... over Crimea as (Vance said)"
            subordinator_before=re.compile(
                rf"(?i)\b(?:{_words_regex(words.opening_subordinators)})\s+$"
            ),
            # a subordinator whose clause names its own subject (a name or "the ...")
            opening_clause=re.compile(
                rf"\W*(?i:{_words_regex(words.opening_subordinators)})\s+(?=[A-Z]|(?i:the)\s)"
            ),
            reason=re.compile(
                rf"(?i){_starting(words.reason_markers)}"
                rf"\b(?:{_words_regex(words.reason_markers)})\b"
            ),
            side_clause=re.compile(
                rf"(?i),\s+(?:(?:\w+\s+)?(?:{_words_regex(words.time_units)})\s+)?"
                rf"(?:{_words_regex(words.side_clause_openers)}"
                rf"|(?:{_words_regex(words.simultaneity_words)})"
                rf"(?=\s+(?:(?:{_words_regex(words.definite_articles)})\s+)?(?-i:[A-Z])))\b"
            ),
            # ", adding that ...": the same speaker goes on with content of its own; "and
            # said ..." needs no comma ("said Putin had gone crazy and said he was ...")
            report_participle=re.compile(
                rf"(?i),[\"”’']?\s+(?:{_words_regex(words.report_participles)})\b"
                rf"|\s+(?:{_words_regex([w for w in words.report_participles if 'and ' in w])})\b"
            ),
            act_participle=re.compile(
                rf"(?i),[\"”’']?\s+(?:{_words_regex(words.act_participles)})\b"
            ),
            # a verb of receiving guests and the space before the first of them
            hosting=re.compile(
                rf"(?i){_starting(words.hosting_verbs)}"
                rf"\b(?:{_words_regex(words.hosting_verbs)})\s+"
                rf"(?:(?:{_words_regex(words.definite_articles)})\s+)?"
            ),
            # "attended the meeting", "was due to attend in their place": an event not named
            attended_event=re.compile(
                rf"(?i){_starting(words.participation_verbs)}"
                rf"\b(?:{_words_regex(words.participation_verbs)})"
                rf"(?:\s+(?:(?:{_words_regex(words.definite_articles)})\s+)?"
                rf"(?:{_words_regex(words.event_nouns)})\b|\s*[.,;]|\s+in\s+\w+\s+place\b)"
            ),
            # "Also attending were ", "Present at the talks was ": those named next attend
            inverted_attendance=re.compile(
                rf"(?i)\W*(?:(?:{_words_regex(words.repetition_adverbs)})\s+)?"
                rf"(?:{_words_regex(words.attendance_words)})(?:\s+[\w-]+){{0,4}}?\s+"
                rf"(?:{_words_regex(words.attendance_verbs)})\s+(?:(?:{_words_regex(words.repetition_adverbs)})\s+)?"
            ),
            # "were also present.", "also in attendance at the talks", "will be on hand in
            # Istanbul:": being at the event, ended there
            # "led by Rubio", "was headed by Lavrov": the leaders are named next
            led_by=re.compile(
                rf"(?i){_starting(words.leading_verbs)}\b(?:{_words_regex(words.leading_verbs)})\s+"
                rf"(?:{_words_regex(words.agent_prepositions)})(?=\s+(?P<next>\S))"
            ),
            presence=re.compile(
                rf"(?i)\b(?:{_words_regex([*words.attendance_verbs, *words.presence_lead])})\s+"
                rf"(?:(?:{_words_regex(words.repetition_adverbs)})\s+)?"
                rf"(?:{_words_regex(words.presence_words)})"
                rf"(?=\s*[.,;:]|\s+(?:at|for)\s+(?:(?:{_words_regex(words.definite_articles)})\s+)?"
                rf"(?:{_words_regex(words.event_nouns)})\b|\s+in\s+[\w-]+\s*[.,;:])"
            ),
            # what opens a paragraph before its first sentence: a date stamp ("date
            # 2025-06-01"), a place in capitals and its agency ("KYIV, Ukraine (AP) —"), a
            # place and a day ("MOSCOW, March 14 (Reuters) -", "The Hague [Netherlands], June
            # 25:")
            dateline=re.compile(
                rf"(?:(?i:{_words_regex(words.dateline_labels)})\s*:?\s*)?"
                r"\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\s+"
                r"(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?"
                r"(?:\s+\([^)\n]{1,30}\))?\s*[—–-]{1,2}\s+)?"
                r"|[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?"
                r"(?:\s+\([^)\n]{1,30}\))?\s*[—–-]{1,2}\s+"
                r"|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*\[[^]\n]{1,30}\])?,\s+"
                rf"(?:(?:{month_names})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{month_names})\.?)"
                r"(?:,?\s+\d{4})?(?:\s*\([^)\n]{1,30}\))?\s*(?::|[—–-]{1,2})\s+"
            ),
            month_numbers={
                **{m: k for k, m in enumerate(words.months, 1)},
                **{m: k for k, m in enumerate(words.month_abbreviations, 1)},
            },
            # "on Aug. 15", "in August", "June 3rd, 2025": a date (groups: the month's name
            # or short form, the day, the year); a short form, and "May", only before a day
            dated=re.compile(
                rf"\b(?:({_capitalised(words.months)})\b|"
                rf"({_capitalised(words.month_abbreviations)})\.?(?=\s+\d))"
                r"(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b|(?!\s+\d))(?:,?\s+(\d{4})\b)?"
            ),
            # ", Tuesday, June 24, 2025." ending a sentence: the place and date of a news photo
            caption_date=re.compile(
                rf",\s+(?:(?:{_capitalised(words.weekdays)}),\s+)?"
                rf"(?:{_capitalised(words.month_abbreviations)})[a-z]{{0,6}}\.?\s+\d{{1,2}},"
                r"\s+\d{4}\.?\s*(?:\(|$)"
            ),
            # a future auxiliary and at most one word before a verb: "will also meet"
            future=re.compile(
                rf"(?i)(?:\b|(?<=\w))(?:{_words_regex(words.future_markers)})\s+(?:[\w-]+\s+)?$"
            ),
            # "said he would meet Putin": a contact reported as intended, not yet scheduled
            tentative_future=re.compile(
                rf"(?i)\b(?:{_words_regex(words.tentative_future)})\s+(?:[\w-]+\s+)?$"
            ),
            # a verb of raising a matter anywhere before it: "discussed buying air defence"
            raising=re.compile(
                rf"(?i){_starting(words.raising_verbs)}\b(?:{_words_regex(words.raising_verbs)})\b"
            ),
            # a verb of taking part and at most five words before the event it takes part in
            participation=re.compile(
                rf"(?i){_starting(words.participation_verbs, words.arrival_verbs)}"
                rf"\b(?:(?:{_words_regex(words.participation_verbs)})\s+(?:[\w'’.,-]+\s+){{0,5}}"
                rf"|(?:{_words_regex(words.arrival_verbs)})\s+(?:[\w'’.,-]+\s+){{0,6}}for\s+"
                rf"(?:[\w'’.,-]+\s+){{0,2}})$"
            ),
            # an intention and at most two words before a contact: "plans to speak to"
            intention=re.compile(
                rf"(?i){_starting(words.intentions)}\b(?:{_words_regex(words.intentions)})"
                rf"\s+(?:(?:{_words_regex(words.infinitive_markers)})\s+)?(?:[\w-]+\s+){{0,2}}$"
            ),
            # what opens a list of a delegation's members, up to the first of them
            delegation_list=re.compile(
                rf"(?i){_starting(words.delegation_openers, words.delegation_nouns)}"
                rf"\b(?:(?:{_words_regex(words.delegation_openers)})\b"
                rf"|(?:{_words_regex(words.delegation_nouns)})\b[^.:;]{{0,60}}:)"
            ),
            relative_clause=re.compile(
                rf"(?i){_starting(words.relative_openers)}"
                rf"\b(?:{_words_regex(words.relative_openers)})\s+"
                rf"(?=(?-i:(?:(?:{_words_regex(words.definite_articles)})\s+)?[A-Z])"
                rf"|(?:{_spaced(words.group_determiners)})\b)"
            ),
            # "since 2021", "since early March", "since the 2022 invasion"
            interval_opener=re.compile(
                rf"(?i){_starting(words.interval_openers)}"
                rf"\b(?:{_words_regex(words.interval_openers)})\s+"
                rf"(?:(?:{_words_regex(words.definite_articles)})\s+)?"
                rf"(?:(?:{_words_regex(words.interval_modifiers)})\s+)?$"
            ),
            # a purpose marker and at most three words before a modal
            purpose=re.compile(
                rf"(?i){_starting(words.purpose_markers)}"
                rf"\b(?:{_words_regex(words.purpose_markers)})\s+(?:[\w’'-]+\s+){{0,3}}$"
            ),
            **_grammar(words),
            coordinator=re.compile(
                rf"(?i){_starting(words.coordinators)}\b(?:{_words_regex(words.coordinators)})\b"
            ),
            contact_end=re.compile(rf"(?i)\b(?:{_words_regex(words.contact_endings)})$"),
            proposal_noun=re.compile(rf"(?i)(?:{_words_regex(words.proposal_nouns)})"),
            # "offer of a ceasefire", "call for new sanctions on": the noun up to the cue
            proposal=re.compile(
                rf"(?i){_starting(words.proposal_nouns)}"
                rf"\b({_words_regex(words.proposal_nouns)})\s+"
                rf"(?:{_words_regex(words.proposal_linkers)})\s+"
                r"(?:[\w-]+\s+){0,5}[\"“‘']?$"  # an opening quote: demand that “...”
            ),
            # "a proposal by ": the noun right before its owner's name
            proposal_owner=re.compile(
                rf"(?i){_starting(words.proposal_nouns)}"
                rf"\b(?:{_words_regex(words.proposal_nouns)})\s+"
                rf"(?:{_words_regex(words.proposal_owner_prepositions)})\s+$"
            ),
            # after the owner's name, up to the cue: " on Sunday to resume "
            proposal_after_owner=re.compile(
                rf"(?i)(?:\s+(?:{_words_regex(words.speaker_follow_words)})\s+[\w-]+)?"
                rf"\s+(?:{_words_regex(words.proposal_linkers)})\s+"
                r"(?:[\w-]+\s+){0,5}[\"“‘']?"
            ),
            # a linking verb and at most an article and a word before a predicate
            copula_end=re.compile(
                rf"(?i){_starting(words.copulas)}"
                rf"\b(?:{_words_regex(words.copulas)})\s+"
                rf"(?:(?:{_words_regex(words.articles)})\s+)?(?:[\w-]+\s+)?$"
            ),
            # a linking verb right before a predicate: "won't be needed"
            copula_before=re.compile(rf"(?i)\b(?:{_words_regex(words.copulas)})\s+$"),
            accusation=re.compile(rf"(?i)(?:{_words_regex(words.accusation_verbs)})"),
            meeting=re.compile(
                rf"(?i){_starting(words.meeting_words)}\b(?:{_words_regex(words.meeting_words)})\b"
            ),
            # a verb of praise and the space before the one praised
            praise=re.compile(
                rf"(?i){_starting(words.praise_verbs)}\b(?:{_words_regex(words.praise_verbs)})\s+"
                rf"(?:(?:{_words_regex(words.definite_articles)})\s+)?"
            ),
            # a verb of criticism and the space before the one criticised
            criticism=re.compile(
                rf"(?i){_starting(words.criticism_verbs)}"
                rf"\b(?:{_words_regex(words.criticism_verbs)})\s+"
            ),
            # right after a cue: "(aid) being treated as a loan"
            framing=re.compile(rf"(?i)\s+(?:{_words_regex(words.framings)})\b"),
            # "(drafted) in secret by (the) ...": the agent after a passive verb
            agent_after=re.compile(
                rf"(?i)\s+(?:[a-z]+\s+){{0,2}}?(?:{_words_regex(words.agent_prepositions)})\s+"
                rf"(?:(?:{_words_regex(words.definite_articles)})\s+)?"
            ),
            # "The (Trump-Putin) meeting ...", "The purpose of the trip ...": the event before
            agenda_opener=re.compile(
                rf"(?i)\s*(?:(?:{_spaced(words.agenda_openers)})\s+)?"
                rf"(?:{_words_regex(words.agenda_determiners)})\s+(?:[\w’'-]+\s+)?"
                rf"(?:{_spaced(words.agenda_events)})\b"
            ),
            co_drafting=re.compile(rf"(?i)\s+(?:{_spaced(words.co_drafting)})\s+"),
            # "directed (envoy) ...": a verb of sending before the one sent
            dispatch=re.compile(
                rf"(?i)\b(?:{_words_regex(words.dispatch_verbs)})\s+"
                rf"(?:(?:{_words_regex(words.descriptor_nouns)})\s+)?$"
            ),
            # "(Witkoff) to meet", "(Witkoff) to hold talks": the errand after the one sent
            errand=re.compile(
                rf"(?i)\s+(?:{_words_regex(words.infinitive_markers)})\s+"
                rf"(?:{_spaced(words.errand_verbs)})\b"
            ),
            # group 1 is set in the passive: "accompanied by".
            accompaniment=re.compile(
                rf"(?i){_starting(words.repetition_adverbs, words.accompaniment_verbs)}"
                rf"\b(?:(?:{_words_regex(words.repetition_adverbs)})\s+)?"
                rf"(?:{_words_regex(words.accompaniment_verbs)})"
                rf"(\s+(?:{_words_regex(words.agent_prepositions)}))?\s+"
                rf"(?:(?:{_words_regex(words.definite_articles)})\s+)?"
            ),
        )
