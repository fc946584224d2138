"""The rule coder: who takes which stance on which topic, sentence by sentence, with evidence.

For each sentence the coder takes the people referred to (`stances.mentions`), finds the
speaker of a reporting verb or quotation and the holder of each clause, then the topic
cues and the evaluations and negations around them. `analyse_article` returns that
reasoning per sentence (what `stances explain` shows); `code_article` turns it into rows
of the statements table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Protocol

import pandas as pd

from stances.attribution import attribute_clause, split_clauses
from stances.codebook import Codebook, CompiledPatterns, Parameters
from stances.document import (
    ClauseTrace,
    Document,
    Hits,
    Matches,
    SentenceTrace,
    Statement,
)
from stances.mentions import Salience, find_mentions
from stances.pairs import add_likely_pairs, load_model
from stances.participation import (
    attended_events,
    delegation_lists,
    delegations,
    dispatched_envoys,
    event_agendas,
    leaders_of_events,
    plan_drafters,
    plan_terms,
    present_at_events,
    talks_participants,
    talks_with_other_side,
)
from stances.qualifiers import (
    add_reservation,
    drop_lone_complaints,
    provisional_withdrawals,
    topic_reservations,
)
from stances.reference import earlier_years, recaps_without_news, time_reference
from stances.relations import (
    compound_contacts,
    contacts_between,
    criticised_acts,
    demanded_acts,
    failure_conditions,
    owned_proposals,
    praised_acts,
    sides_meeting,
    walk_backs,
)
from stances.schema import STATEMENTS, empty_frame
from stances.segment import Span, find_quotes, overlapping, split_datelines, split_sentences
from stances.sides import headline_sides
from stances.skim import SKIP, UNLESS_OUTSIDER_SUBJECT, may_state, readings
from stances.stance import code_clause, sentence_statements

# Every rule of the coder that can be switched off by name (`analyse_article(off=...)`,
# `stances eval --ablate`). Each has a minimal-pair test in tests/test_rules.py.
RULES = {
    "dateline": "a dateline that opens a paragraph ('KYIV (AP) — ') stands apart from the "
    "first sentence, whose subject follows it",
    "titles": "a dated role title refers to the actor holding it (the Defense Secretary)",
    "two_sided_titles": "'top Russian and US diplomats' are the top diplomat of each side",
    "pronouns": "he/she/they refer to the salient subject",
    "binding": "'Putin met Trump and thanked him': a verb's object pronoun is not its subject",
    "group_reference": "'both leaders' refers to the last two actors named",
    "group_roles": "'the two presidents' are the last two presidents named, not the last "
    "two people",
    "their_exchange": "'told Putin in their call': 'their' before a call, meeting or talks "
    "is the last two people of the sentence",
    "outsider_reports": "told by someone outside the codebook: 'the Kremlin said Putin valued "
    "...' is Putin's, reported; 'Witkoff met Putin, the spokesman said' is Witkoff's act",
    "side_clauses": "a side clause after a comma (', a day after ...') has its own holder, "
    "and so has a conjunct with its own subject ('... and Zelensky called for sanctions')",
    "opening_aside": "'Also, after meeting Zelensky, Trump said ...': a phrase after an opening "
    "word or a lone subject is no side clause",
    "opening_clause": "'After Trump met Putin, European leaders rejected ...': the main clause "
    "after an opening clause with its own subject has its own holder",
    "dated_background": "'Trump met Putin on Aug. 15' in an article of October is background: "
    "a date without a year before the days around the article dates its clause",
    "questions_and_reasons": "a question put to someone and a reason given hold no stance",
    "conditions": "a condition about someone else ('if Russia rejects ...') holds no stance",
    "contrast_clauses": "'but', 'while' ... split a sentence into clauses",
    "participle_report": "', adding that Trump wants ...': the speaker goes on in a clause "
    "of its own",
    "relative_who": "', who said ...': the antecedent speaks",
    "relative_clauses": "'a call in which the two leaders agreed ...' has a holder of its own",
    "inverted_speaker": "'..., said Putin': a speaker after the verb",
    "hyphenated_pair": "'the Trump-Putin summit': both named hold the clause",
    "listed_speakers": "'Macron and Starmer said': every actor of the list speaks",
    "side_in_list": "'Lavrov and U.S. envoy Witkoff met': a side's name may lead a listed "
    "actor's description",
    "other_side_subject": "'Putin says Ukraine wants a ceasefire': another side's wish, no "
    "stance of the speaker's",
    "outsider_speaker": "'officials said': a speaker outside the codebook holds the clause",
    "own_government": "'Vance said the Trump administration is committed to peace': a speaker "
    "reporting his own side's government speaks for it too",
    "lone_surname_speaker": "'Leavitt said': a lone capitalised word before a reporting verb "
    "is a speaker outside the codebook",
    "possessive_holder": "'Trump's plan ...' makes Trump the holder",
    "reported_subjects": "'X said that Y wants ...' reports Y's position, and so does 'X said "
    "he believes Y wants ...'; 'X said Y must ...' is X's demand",
    "reported_object": "'hailed Zelensky and pledged more aid': the one a speaker acts on, "
    "followed by the speaker's next verb, holds nothing of what follows",
    "object_not_subject": "'pressure grew on Zelensky to ...': the object of a preposition is "
    "no subject of the clause",
    "inherit_holder": "a clause without a subject continues the previous clause's holder",
    "joint_exchange": "'Lavrov and Rubio discussed the settlement, the ministry said': "
    "both sides as subjects of an exchange told as a verb, or reported by someone else, are "
    "in contact",
    "cue_own_words": "'met Zelensky in his efforts to stop the fighting': a negative word "
    "inside a cue is the topic's content, not a judgement that rules out the meeting",
    "name_as_modifier": "'Trump envoy Steve Witkoff met Putin': a name right before a role "
    "noun qualifies it and is not the clause's subject",
    "gerund_side_clause": "'Trump met Zelensky, a day after holding a call with Putin': a side "
    "clause told in a gerund is held by the clause before it",
    "background": "statements about earlier years or times are background",
    "recap": "recalling an actor's earlier statement ('a day after he told ...') is a recap",
    "backshift": "'Trump said he had told Putin a day earlier ...': what a current report "
    "tells of the recent past is current",
    "aside_time": "'Zelensky, who had arrived a day earlier, attended the talks': the aside's "
    "time is not the clause's, and what an aside recalls ('who had rejected a ceasefire in "
    "March') is no current stance",
    "concession": "'kept up strikes despite calls for a ceasefire': what a holder acts despite "
    "is no stance of the holder's",
    "recap_needs_news": "a recap sets up the same actor's news on the topic; without such "
    "news the earlier statement is current context",
    "headline_framing": "sides named in the headline count for bilateral topics throughout",
    "joined_acts": "'Rubio was joined by Waltz, implementing a plan to end the war': those who "
    "join someone take that person's other clear acts too",
    "event_agenda": "'Witkoff met Putin. The meeting focused on a ceasefire.': those who met "
    "take part in the talks a sentence opening with their event names",
    "plan_drafters": "'the plan, drafted by Witkoff and Dmitriev, to end the war': a plan's "
    "drafters take part in the talks it is for",
    "dispatched_envoy": "'directed envoy Witkoff to meet Putin': the one sent on an errand of "
    "contact shares the sender's clear acts in that clause",
    "owned_proposal": "'Putin spurned Zelensky's offer of a truce': Zelensky wants a truce",
    "contact_between": "'after a call between the two leaders': both sides take part",
    "intended_contact": "'plans to speak to Putin': the other side takes no part yet",
    "met_object": "'Witkoff met Putin': the one met takes part in the meeting",
    "occasion_meeting": "'Trump said after a meeting with Zelensky': a meeting that dates "
    "another act does not make the one met a party to the talks cued before",
    "side_possessive": "'met with Russia's Vladimir Putin': the side's possessive leads the "
    "other side's name",
    "required_sides": "a bilateral topic needs both sides named nearby",
    "contact_other_side": "a contact cue ('talks with') must reach the other side",
    "owned_contact": "'Peskov praised Trump's call with Putin': a contact owned by someone "
    "reaches the other side of its owner, not of the clause's holder",
    "side_proposal": "'Zelensky rejected the U.S. proposal to ...': the proposal is not his",
    "contact_parties": "'talks between Moscow and Kyiv' are not US-Russia talks",
    "fronted_phrase": "'After the talks, Putin backed a ceasefire': a phrase set before the "
    "subject, cues and all, does not hide it",
    "speaker_among_subjects": "'\"Putin and I will meet,\" Trump said': the speaker is one of "
    "the subjects he lists",
    "relative_time": "'met on Aug. 18, two days after Trump and Putin met': a time told "
    "from an earlier date is earlier still",
    "own_side_contact": "'Lavrov said of talks between Putin and Trump': a side's speaker "
    "speaks for its own side's contact",
    "sender": "a topic with a sender ('US troops') needs that side named before the cue",
    "recipient_raises": "'Zelensky discussed air defence with Trump': the side aid goes to "
    "wants it",
    "others_send": "what another side sends is its topic: '26 countries are ready to send "
    "troops', said Macron, is Europe's burden",
    "longest_cue": "where cues overlap, the longer one decides",
    "conjoined_subject": "'don't want them to buy oil, and the sanctions are weak': an "
    "evaluation does not reach the subject of a clause joined after it",
    "process_noun": "'an agreement to end the war' names a process, not a goal",
    "owned_evaluation": "'Kyiv's membership hopes': the evaluation is the possessor's",
    "consequence": "'sanctions complicate efforts to restore ties': harm or help values its object",
    "conjoined_consequence": "'would harm the talks and damage ties': the talks harmed are no "
    "doer of the damage",
    "predicate_subject": "'missiles won't be needed in peace efforts': the predicate judges "
    "its subject and takes the negation, not the cue after it",
    "refused_cue": "'Putin refused an immediate ceasefire': a verb of refusal before a cue "
    "with no judgement of its own opposes it",
    "conjoined_refusal": "'kept up strikes and refused a ceasefire': an evaluation does not "
    "reach what a verb of refusal after 'and' negates",
    "subject_aside": "'the pre-2014 borders — lost in 2014 — were unrealistic': a predicate "
    "judges its subject across an aside set off on both sides",
    "conjoined_predicate": "'doubts about aid and has promised a deal': an evaluation after "
    "'and' and an auxiliary judges what follows it, not what came before",
    "subject_predicate": "'expelling Russia had been a mistake': a predicate judges its subject",
    "framing": "'rejects aid as debt': the judgement is of the framing, not of the aid",
    "noun_phrase_modifier": "'cancelled the promised summit': the verb judges its object, "
    "not the modifier inside it; 'ended the pause in aid': verb and head noun compose; "
    "'rejected a ceasefire proposal': the proposal heads what is judged",
    "evaluation_chain": "'abandon efforts to achieve peace', 'rejected calls to reach a "
    "ceasefire': an evaluation governing the next through an infinitive composes with it",
    "negation": "negators before a cue or evaluation flip its sign",
    "negated_complement": "'must not join NATO', 'urged allies not to ease sanctions': a "
    "negator right before the cue negates what the evaluation judges",
    "negation_scope": "a negation ends at a wh-word or 'that': 'did not say how often he met'",
    "nearest_evaluation": "of two evaluations before a cue, only the nearer one governs it",
    "provisional_withdrawal": "'walk away unless ...', 'let them fight for a while': mixed",
    "topic_reservation": "'ready to send troops if backed by a US backstop': a topic's own "
    "reservation makes support mixed",
    "failure_condition": "a threat if something fails wants it: 'sanctions if Russia rejects it'",
    "captions": "a short line that credits a photo is a caption: page furniture, no statement",
    "caption_date": "a sentence ending in a place and a full date ('..., Alaska, Friday, Aug. "
    "15, 2025.') is a photo caption: page furniture, no statement",
    "silence": "'did not mention sanctions' is no stance on sanctions",
    "failed_outcome": "'no ceasefire was reached', 'progress in the talks was unlikely' report "
    "talks, no stance against them",
    "no_cue": "'no new sanctions' opposes the topic",
    "reservation": "'..., but questions remain' makes a clear stance mixed",
    "complaint_alone": "'angry with Putin over the strikes' is no stance on relations unless "
    "the holder also speaks of relations in the article",
    "contrast_reservation": "'backs X, but says X without Y will fail' makes it mixed",
    "topic_holders": "a topic may limit which countries' actors hold it",
    "anaphora": "'the deal' refers back to the topic last cued",
    "others_act": "'Macron said army chiefs would meet on the peace plan': an act told of "
    "others is not the speaker's part in the talks",
    "reduced_relative": "'army chiefs from countries willing to help guarantee a peace': "
    "the readiness is the countries', not the speaker's",
    "descriptor_subject": "'said that Russian dictator Vladimir Putin wants ...': a "
    "descriptor before a name does not hide the subject",
    "accusation": "'Trump accused Zelensky of harming the talks': a charge is no one's position",
    "talks_participants": "'a call with Putin on the ceasefire plan': both take part in the talks",
    "listed_partners": "'met with Zelensky and Putin': everyone listed is the other side",
    "between_talks": "'a summit between Putin and Trump on ending the war': the pair after "
    "'between' take part in the talks on its agenda",
    "failed_outcome_threat": "'tariffs if a ceasefire is not reached': a threat on an "
    "outcome's failure wants it",
    "headline_future": "'Rubio to meet Lavrov': an infinitive right after its subject is an "
    "arranged contact, not a purpose",
    "hosted_talks": "'Trump hosts Zelensky in a flurry of diplomacy to end the war': host "
    "and guests take part in the talks",
    "participation": "'Kellogg was due to attend the talks': taking part in talks on a joint "
    "topic is for them",
    "attended_event": "'Zelensky attended the meeting': the talks cued last before are the "
    "event attended",
    "participle_act": "'Trump said Putin had gone crazy, considering more sanctions': an act "
    "told in a participle after the report is the speaker's",
    "talks_with_other_side": "'Rubio arrives in Riyadh for talks with Russia', 'Rubio and "
    "Lavrov held talks on the war': talks with the other side, or held by both sides, are "
    "also a contact between them",
    "presence": "'Lavrov and Dmitriev were also present' after talks were cued: those present "
    "take part in them",
    "led_by": "'the talks, led by Rubio', 'the delegation was headed by Lavrov' after talks "
    "were cued: those leading take part in them",
    "met_event": "'Rubio met Macron' after talks on a ceasefire were cued: both take part in them",
    "threat_teller": "'Trump said Putin would face consequences if he refused a ceasefire': "
    "the teller of a threat made on a failure wants what fails, not its target",
    "plan_terms": "'Trump gave Ukraine a week to accept the plan. The plan requires Ukraine to "
    "cede territory': a plan's terms told with it as the subject are its owner's position",
    "praised_thing": "'Zelensky thanked Trump for the military aid': a thing praised "
    "without a judgement of its own is endorsed by the praise",
    "adversary_claim": "'Zelensky said Putin does not want peace': a rejection told by an "
    "adversary is an accusation, coded for nobody",
    "as_demanded": "'... agree to a ceasefire, as Trump demands': the clause before a demand "
    "told after it is the demander's position",
    "praised_act": "'Rutte praised Trump for pushing Europe to pay': Trump's act, Rutte's praise",
    "owned_charge": "'frustrated with Moscow's refusal to agree to a ceasefire': an act owned "
    "by someone after a word of criticism is the charge",
    "criticised_act": "'Trump attacked Zelensky for refusing to cede Crimea': a charge, which "
    "the critic opposes",
    "sides_meeting": "'Putin agreed to meet Zelensky': a meeting of the two sides at war is talks",
    "joint_contact": "'Trump and Putin wrapped up a meeting': both sides hold the contact",
    "walk_back": "'everything is on the table' after a recap of the same actor: neutral on it",
    "delegation_list": "'the US side was represented by Rubio, Waltz and Witkoff': the "
    "members share each other's acts in the article",
    "delegation": "'Rubio joined Trump', 'Trump, accompanied by Rubio, met Putin': Rubio shares "
    "Trump's acts in the article",
}


class Coder(Protocol):
    """The seam for stance coders: typed statements for an analysed document.

    The rule coder is the default; a statistical, NLI or LLM scorer is another class with
    the same three members, measured with `stances eval` against the same gold.
    """

    name: str
    version: str

    def code(self, document: Document) -> list[Statement]: ...


def coder_label(coder: Coder | type) -> str:
    """A coder's name/version, as the coder column and a build's metadata give it."""
    return f"{coder.name}/{coder.version}"


def scan_phrases(text: str, codebook: Codebook) -> dict:
    """Every phrase list's hits in one scan of the text (cues, evaluations, aliases ...)."""
    return codebook.matcher.scan(text)


@dataclass(frozen=True)
class Components:
    """The rule coder's steps, in order, each replaceable by name:
    `RuleCoder(codebook, components={"mentions": my_mentions})`. A replacement takes the
    arguments of the default it replaces and returns (or fills in) what the default does."""

    sentences: Callable[..., list[Span]] = split_sentences  # (text, *, abbreviations)
    quotes: Callable[[str], list[Span]] = find_quotes  # (text)
    cues: Callable[[str, Codebook], dict] = scan_phrases  # (text, codebook) -> label: hits
    mentions: Callable[..., list] = find_mentions  # per sentence, see `find_mentions`
    clauses: Callable[..., list[tuple[Span, str]]] = split_clauses  # (span, kind) per clause
    attribution: Callable[..., None] = attribute_clause  # sets a clause's holders
    stance: Callable[..., None] = code_clause  # sets a clause's cues and signals
    time_reference: Callable[..., str] = time_reference  # current, recap or background

    def remember_as_default(self) -> bool:
        """Whether who a sentence names is found and remembered by the default steps, which
        read what earlier sentences said only where `stances.skim` expects them to."""
        return (self.mentions, self.attribution) == (find_mentions, attribute_clause)

    def builds_documents_differently(self) -> bool:
        return (self.sentences, self.quotes, self.cues) != (
            split_sentences,
            find_quotes,
            scan_phrases,
        )


COMPONENTS = tuple(f.name for f in fields(Components))
# Rules that read the whole article once every sentence is read, in this order: who takes
# part in talks and contacts (`stances.participation`).
PARTICIPATION_STEPS = (
    ("delegation", delegations),
    ("event_agenda", event_agendas),
    ("plan_drafters", plan_drafters),
    ("plan_terms", plan_terms),
    ("dispatched_envoy", dispatched_envoys),
    ("talks_participants", talks_participants),
    ("talks_with_other_side", talks_with_other_side),
    ("delegation_list", delegation_lists),
    ("attended_event", attended_events),
    ("presence", present_at_events),
    ("led_by", leaders_of_events),
)


def build_document(
    text: str,
    codebook: Codebook,
    *,
    published: date | None = None,
    patterns: CompiledPatterns | None = None,
    components: Components = Components(),
) -> Document:
    """Analyse an article's normalised text once: sentences, quotes, cues, headline sides."""
    patterns = patterns or codebook.patterns
    hits = Hits(components.cues(text, codebook), text)
    sentences = components.sentences(text, abbreviations=patterns.words.abbreviations)
    if patterns.on("dateline"):
        sentences = split_datelines(text, sentences, patterns.words.dateline)
    return Document(
        text=text,
        codebook=codebook,
        patterns=patterns,
        published=published,
        sentences=sentences,
        quotes=components.quotes(text),
        framing=headline_sides(text, patterns, codebook, hits),
        hits=hits,
        matches=Matches.from_hits(text, hits, list(codebook.topics), patterns),
    )


class RuleCoder:
    """The transparent rule coder: named components over the document; rules switchable."""

    name = "rules"
    version = "2"
    pairs = False  # whether `stances.pairs` adds the pairs the article makes likely

    def __init__(
        self,
        codebook: Codebook,
        *,
        off: Collection[str] = (),
        components: Mapping[str, Callable] | None = None,
        **parameters: float,
    ) -> None:
        """`off`: names of `RULES` to switch off; `components`: replacements of `Components`
        steps by name; `parameters`: fields of `Parameters`."""
        unknown = sorted(set(off) - set(RULES))
        if unknown:
            raise ValueError(f"unknown rule(s) {', '.join(unknown)}; known: {', '.join(RULES)}")
        components = dict(components or {})
        if set(components) - set(COMPONENTS):
            raise ValueError(
                f"unknown component(s) {', '.join(sorted(set(components) - set(COMPONENTS)))}; "
                f"known: {', '.join(COMPONENTS)}"
            )
        self.components = Components(**components)
        known = {f.name for f in fields(Parameters)}
        if set(parameters) - known:
            raise ValueError(
                f"unknown parameter(s) {', '.join(sorted(set(parameters) - known))}; "
                f"known: {', '.join(sorted(known))}"
            )
        self.codebook = codebook
        self.off = frozenset(off)
        self.parameters = Parameters(**parameters)
        self.patterns = (
            replace(codebook.patterns, off=self.off, params=self.parameters)
            if off or parameters
            else codebook.patterns
        )

    def code(self, document: Document) -> list[Statement]:
        return [s for trace in self.analyse(document, complete=False) for s in trace.statements]

    def analyse(self, document: Document, *, complete: bool = True) -> list[SentenceTrace]:
        """The reasoning for every sentence (what `stances explain` shows); with `complete`
        off, sentences whose reasoning no statement depends on may be left unread."""
        components = self.components
        # built for other rule switches or steps
        if document.patterns is not self.patterns or components.builds_documents_differently():
            document = build_document(
                document.text,
                self.codebook,
                published=document.published,
                patterns=self.patterns,
                components=components,
            )
        patterns, text, sentences = self.patterns, document.text, document.sentences
        speakers, state = document.quote_speakers, Salience()
        quotes_of = overlapping(sentences, document.quotes)
        # `asked`: the quotations a sentence asked the speaker of before it was known
        marks, asked, traces = [], {}, []
        lean = not complete and components.remember_as_default()
        reading = readings(document, quotes_of, lean=lean)

        def analyse_sentence(k: int) -> SentenceTrace:
            sentence = sentences[k]
            unread = reading[k] == SKIP or (
                reading[k] == UNLESS_OUTSIDER_SUBJECT and state.subject == ""
            )
            if unread:
                state.sentence += 1
                return SentenceTrace(sentence, text[sentence.start : sentence.end], [], [], [])
            context = _context_start(text, sentences, k)
            return _analyse_sentence(document, sentence, quotes_of[k], context, state, components)

        speakers.take_asked()
        for k in range(len(sentences)):
            marks.append(state.mark())
            traces.append(analyse_sentence(k))
            if unknown := speakers.take_asked():
                asked[k] = unknown

        # A quote whose speaker comes only after it ("…,” Rubio said) covers the sentences
        # before the attribution too: analyse again from the first sentence that asked for the
        # speaker of a quote before it was learned. (Asked for nothing it did not know, a
        # sentence read in the same state reads the same.)
        def unsettled() -> list[int]:
            """The sentences that asked for a quote's speaker that was learned later."""
            return [k for k, quotes in asked.items() if any(map(speakers.knows, quotes))]

        changed = unsettled()
        if changed:
            first_named, first_subjects = list(state.named), list(state.subjects)
            state.restore(marks[changed[0]])
            # Speakers are only ever added, so the list changes only when their number does.
            known, k = len(speakers), changed[0]
            while k < len(sentences):
                # Where the state is what the first pass saw, the first pass stands for the
                # sentence, and so up to the next sentence that asked for a quote's speaker
                # learned later: go on from there, in the state the first pass had there.
                if (
                    k > changed[0]
                    and state.mark() == marks[k]
                    and state.named == first_named[: marks[k][4]]
                    and state.subjects == first_subjects[: marks[k][5]]
                ):
                    if known != len(speakers):
                        changed, known = unsettled(), len(speakers)
                    k = next((j for j in changed if j >= k), len(sentences))
                    if k == len(sentences):
                        break
                    state.restore(marks[k], named=first_named, subjects=first_subjects)
                traces[k] = analyse_sentence(k)
                k += 1
        if patterns.on("walk_back"):
            walk_backs(document, traces)
        if patterns.on("complaint_alone"):
            for trace in drop_lone_complaints(traces, document.hits):
                trace.statements = sentence_statements(
                    text, trace.span, trace, trace.quotes, document.codebook, patterns
                )
        for rule, step in PARTICIPATION_STEPS:
            if patterns.on(rule):
                step(document, traces)
        if patterns.on("recap_needs_news"):
            recaps_without_news(traces, document.hits)
        if self.pairs:
            add_likely_pairs(document, traces, load_model(), patterns.params.pair_threshold)
        return traces


class PairCoder(RuleCoder):
    """The rule coder, then the article model of `stances.pairs`: pairs the rules left
    uncoded that the article as a whole makes likely (support, with the model's probability
    as confidence). More of the gold codes on real news at some cost in precision, and it
    codes parties the rules decline in short texts ("the addressee of a directive")."""

    name = "rules+pairs"
    version = "1"
    pairs = True

    def code(self, document: Document) -> list[Statement]:
        """The rules' statements (coder rules/2: the ids a rule coder's build gives them, so
        reviews carry over) and the article model's (coder `stances.pairs.PAIRS_CODER`)."""
        rules = coder_label(RuleCoder)
        return [s if s.coder else replace(s, coder=rules) for s in super().code(document)]


CODERS = {coder.name: coder for coder in (RuleCoder, PairCoder)}


def analyse_article(
    text: str,
    codebook: Codebook,
    *,
    published: date | None = None,
    off: Collection[str] = (),
) -> list[SentenceTrace]:
    """The rule coder's reasoning for every sentence of a normalised article text.

    `off` names rules of `RULES` to switch off (for ablation).
    """
    coder = RuleCoder(codebook, off=off)
    return coder.analyse(
        build_document(text, codebook, published=published, patterns=coder.patterns)
    )


def _context_start(text: str, sentences: list[Span], k: int) -> int:
    """Start of the sentence before, when it is in the same paragraph (for bilateral topics)."""
    if k and "\n" not in text[sentences[k - 1].end : sentences[k].start]:
        return sentences[k - 1].start
    return sentences[k].start


def code_article(article: Mapping, codebook: Codebook, *, coder: Coder | None = None) -> list[dict]:
    """Statement rows (schema 1.x) for one article: needs article_id, doc_id and text.

    `coder` defaults to the rule coder with every rule on.
    """
    coder = coder or RuleCoder(codebook)
    published = _as_date(article.get("published"))
    document = build_document(article["text"], codebook, published=published)
    return [_row(article, statement, codebook, coder) for statement in coder.code(document)]


def code_articles(
    articles: pd.DataFrame,
    codebook: Codebook,
    *,
    progress: Iterable | None = None,
    coder: Coder | None = None,
) -> pd.DataFrame:
    """The statements table for an articles table (one row per coded statement)."""
    coder = coder or RuleCoder(codebook)
    records = articles.to_dict("records")
    rows = [
        row
        for article in (progress or records)
        for row in code_article(article, codebook, coder=coder)
    ]
    if not rows:
        return empty_frame(STATEMENTS)
    return pd.DataFrame(rows, columns=STATEMENTS.names)


def _analyse_sentence(
    article: Document,
    sentence: Span,
    in_quotes: list[Span],
    context_start: int,
    state: Salience,
    components: Components,
):
    """The reasoning for one sentence; `in_quotes`: the quotations that overlap it."""
    text, codebook, patterns = article.text, article.codebook, article.patterns
    published = article.published
    s_text = text[sentence.start : sentence.end]
    state.sentence += 1
    mentions = components.mentions(
        text, sentence, in_quotes, codebook, patterns, article.hits, published, state
    )
    trace = SentenceTrace(sentence, s_text, mentions, in_quotes, [])
    # Without a cue or an undecided marker the sentence states nothing; its clauses are still
    # read for who holds them, as that decides who later pronouns and quotes belong to.
    caption = in_caption(article, sentence)
    stating = may_state(article, sentence) and not caption
    years_before = (
        earlier_years(text, sentence, published, patterns, article.hits)
        if stating and patterns.on("background")
        else []
    )
    previous: ClauseTrace | None = None
    clauses = components.clauses(text, sentence, in_quotes, patterns, article.hits)
    for clause, kind in clauses:
        ct = ClauseTrace(clause, kind=kind)
        if kind == "hypothetical":  # "... if Russia rejects the truce": nobody's stance
            ct.outcome = "condition, question or reason: not a stance"
            trace.clauses.append(ct)
            continue
        components.attribution(article, ct, mentions, in_quotes, state, previous)
        if not stating:
            ct.outcome = "no topic cue"
        else:
            components.stance(text, ct, context_start, article, mentions)
            ct.reference = components.time_reference(
                text, ct, kind, years_before, patterns, article.hits
            )
            if previous is not None:
                add_reservation(text, previous, ct, patterns, article.hits)
        trace.clauses.append(ct)
        previous = ct
    if caption:
        # read for who it names; no rule of the article codes it
        trace.clauses = []
    if not stating:
        return trace
    if patterns.on("owned_proposal"):
        owned_proposals(article, trace, mentions)
    if patterns.on("contact_between"):
        contacts_between(article, trace, context_start, mentions, components.stance)
    if patterns.on("hyphenated_pair"):
        compound_contacts(article, trace, context_start, mentions, components.stance)
    if patterns.on("sides_meeting"):
        sides_meeting(article, trace, mentions)
    if patterns.on("praised_act"):
        praised_acts(article, trace, context_start, mentions, components.stance)
    if patterns.on("criticised_act"):
        criticised_acts(article, trace, context_start, mentions, components.stance)
    if patterns.on("as_demanded"):
        demanded_acts(article, trace, context_start, mentions, components.stance)
    if patterns.on("failure_condition"):
        failure_conditions(article, trace, context_start, mentions, components.stance)
    if patterns.on("provisional_withdrawal"):
        provisional_withdrawals(trace.clauses, article.hits, patterns.params.proviso_reach)
    if patterns.on("topic_reservation"):
        topic_reservations(trace.clauses, sentence.end, codebook, article.hits)
    trace.statements = sentence_statements(text, sentence, trace, in_quotes, codebook, patterns)
    return trace


def in_caption(article: Document, sentence: Span) -> bool:
    """Whether the sentence lies in a short line that credits a photo ("... [Getty Images]")
    or ends in a photo's place and date ("..., Alaska, Friday, Aug. 15, 2025."): a caption
    is page furniture, not the article's news."""
    text, patterns, (lo, hi) = article.text, article.patterns, sentence
    if (
        patterns.on("caption_date")
        and article.hits.may_match("dated", lo, hi)
        and patterns.words.caption_date.search(text, max(lo, hi - 60), hi)
    ):
        return True
    if not (patterns.on("captions") and article.hits.all("photo_credits")):
        return False
    start = text.rfind("\n", 0, lo) + 1
    end = text.find("\n", hi)
    end = len(text) if end == -1 else end
    return (
        end - start <= patterns.params.caption_chars
        and article.hits.first("photo_credits", start, end) is not None
    )


def _row(article: Mapping, statement: Statement, codebook: Codebook, coder: Coder) -> dict:
    name = statement.coder or coder_label(coder)
    parts = [
        article["article_id"],
        statement.actor_id,
        statement.topic_id,
        statement.evidence_start,
        statement.evidence_end,
        name,
    ]
    # One sentence may recall an actor's earlier stance and give the current one; the ids
    # of current statements stay those of earlier versions, so reviews keep their rows.
    if statement.reference != "current":
        parts.append(statement.reference)
    key = "|".join(str(x) for x in parts)
    return {
        "statement_id": hashlib.sha256(key.encode()).hexdigest()[:16],
        "article_id": article["article_id"],
        "doc_id": article["doc_id"],
        "published": article.get("published"),
        "source": article.get("source"),
        "url": article.get("url"),
        "title": article.get("title"),
        "actor_name": codebook.actors[statement.actor_id].name,
        "coder": name,
        "codebook": codebook.label,
        **statement.as_row(),
    }


def _as_date(value) -> date | None:
    if value is None or value is pd.NaT or (not isinstance(value, date) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()
