"""The codebook: actors, topics and lexicons, loaded from TOML and validated.

Every phrase list (cues, lexicon phrases, aliases, role titles) is checked on load: a phrase
the matcher cannot use, a cue with more `...` gaps than `[codebook.limits] gaps_per_cue`
(default 3), or a topic with more cue phrases than `cues_per_topic` (default 100,000) is a
`CodebookError` naming the file and key path. A codebook that needs more raises the limit in
its own `[codebook.limits]` table; the matcher's cost grows linearly with both.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from stances.errors import CodebookError
from stances.matcher import MAX_GAPS, Matcher, check_phrase
from stances.wordsets import WordSets

DEFAULT_CODEBOOK = resources.files("stances") / "codebook.toml"
LANGUAGES = resources.files("stances") / "lang"

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Side = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,5}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Role(_Strict):
    title: Phrase
    from_: date | None = Field(default=None, alias="from")
    to: date | None = None

    def holds_on(self, day: date | None) -> bool:
        """Whether the role is held on `day`; an undated article matches every role."""
        if day is None:
            return True
        return (self.from_ is None or self.from_ <= day) and (self.to is None or day <= self.to)


class Actor(_Strict):
    id: Slug
    name: Phrase
    aliases: list[Phrase] = Field(min_length=1)
    roles: list[Role] = []
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    organisation: Phrase | None = None  # the body the actor speaks for
    wikidata: Annotated[str, StringConstraints(pattern=r"^Q[0-9]+$")] | None = None


class Topic(_Strict):
    id: Slug
    label: Phrase
    description: Phrase
    support_means: Phrase
    oppose_means: Phrase | None = None
    cues: list[Phrase] = []
    support_cues: list[Phrase] = []
    oppose_cues: list[Phrase] = []
    requires: list[Side] = []  # sides the sentence must refer to
    sender: Side | None = None  # the side that acts: "US troops", US aid
    recipient: Side | None = None  # the side a sender acts for; never taken for the sender
    holders: list[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]] = []  # their countries
    # Definite descriptions ("the deal") that refer back to the topic once it has been cued.
    anaphora: list[Phrase] = []
    # Phrases that hold a cue but speak of other matters ("trade talks"): no cue there.
    other_matters: list[Phrase] = []
    # Phrases that keep the other pole alive next to support for the topic: Europe carrying
    # the burden "with a US backstop" is mixed.
    reservations: list[Phrase] = []
    # Done together: the other side of a contact shares a stance the contact's holder takes
    # on it in the same clause ("met Putin to discuss ending the war").
    joint: bool = False
    # Two sides whose meetings are themselves this topic: "Putin agreed to meet Zelensky" is
    # support for peace talks when the topic names Russia and Ukraine here.
    met_by: list[Side] = []
    # Where another side sends it, it is another topic: European troops are Europe's burden.
    others_send: dict[Side, Slug] = {}

    @property
    def taking_part_supports(self) -> bool:
        """Whether taking part is support: talks done together (`joint`) and contacts between
        two sides (`requires` two). On other topics an actor's part says nothing of the pole."""
        return self.joint or len(self.requires) > 1

    @model_validator(mode="after")
    def _has_cues(self) -> Topic:
        if not (self.cues or self.support_cues or self.oppose_cues):
            raise ValueError("a topic needs at least one of cues, support_cues, oppose_cues")
        return self


class Phrases(_Strict):
    """Open phrase lists the coder reads; the language file gives them, a codebook may add."""

    reporting_verbs: list[Phrase] = []
    negators: list[Phrase] = []
    positive: list[Phrase] = []
    negative: list[Phrase] = []
    not_evaluations: list[Phrase] = []
    hedges: list[Phrase] = []
    neutral: list[Phrase] = []
    reservations: list[Phrase] = []
    contrast: list[Phrase] = []
    recap: list[Phrase] = []
    recent_past: list[Phrase] = []
    background: list[Phrase] = []
    negation_barriers: list[Phrase] = []
    silence: list[Phrase] = []
    photo_credits: list[Phrase] = []
    ultimatum: list[Phrase] = []
    provisional: list[Phrase] = []
    complaints: list[Phrase] = []
    harms: list[Phrase] = []
    benefits: list[Phrase] = []
    drafting: list[Phrase] = []


class Lexicon(Phrases):
    sides: dict[Side, list[Phrase]] = {}
    # Countries that also stand for a wider side: a French actor is on Europe's side.
    side_members: dict[Side, list[Side]] = {}
    # Pairs of sides in open conflict: what one says of the other's position is an accusation.
    adversaries: list[tuple[Side, Side]] = []


class Words(_Strict):
    """Closed word classes of a language (lower case)."""

    singular_pronouns: list[Phrase] = Field(min_length=1)
    plural_pronouns: list[Phrase] = Field(min_length=1)
    possessive_pronouns: list[Phrase] = []
    object_pronouns: list[Phrase] = []
    group_determiners: list[Phrase] = []
    group_owners: list[Phrase] = []
    group_nouns: list[Phrase] = []
    group_noun_titles: dict[Phrase, list[Phrase]] = {}
    deputy_title_words: list[Phrase] = []
    prepositions: list[Phrase] = []
    object_markers: list[Phrase] = []
    not_current: list[Phrase] = []
    function_words: list[Phrase] = []
    common_words: list[Phrase] = []
    weekdays: list[Phrase] = []
    months: list[Phrase] = []
    month_abbreviations: list[Phrase] = []
    dateline_labels: list[Phrase] = []
    abbreviations: list[Phrase] = []
    holder_nouns: list[Phrase] = []
    person_nouns: list[Phrase] = []
    plural_person_nouns: list[Phrase] = []
    process_nouns: list[Phrase] = []
    owned_nouns: list[Phrase] = []
    readiness_words: list[Phrase] = []
    auxiliary_verbs: list[Phrase] = []
    negation_words: list[Phrase] = []
    past_perfect_auxiliaries: list[Phrase] = []
    precondition_words: list[Phrase] = []
    collective_nouns: list[Phrase] = []
    speaker_gap_words: list[Phrase] = []
    adverb_endings: list[Phrase] = []
    conditions: list[Phrase] = []
    inverted_conditions: list[Phrase] = []
    failure_conditions: list[Phrase] = []
    question_openers: list[Phrase] = []
    question_words: list[Phrase] = []
    answer_verbs: list[Phrase] = []
    unknowing: list[Phrase] = []
    indirect_question_words: list[Phrase] = []
    opening_subordinators: list[Phrase] = []
    reason_markers: list[Phrase] = []
    side_clause_openers: list[Phrase] = []
    report_participles: list[Phrase] = []
    act_participles: list[Phrase] = []
    hosting_verbs: list[Phrase] = []
    participation_verbs: list[Phrase] = []
    event_nouns: list[Phrase] = []
    exchange_nouns: list[Phrase] = []
    exchange_verbs: list[Phrase] = []
    no_events: list[Phrase] = []
    raising_verbs: list[Phrase] = []
    arrival_verbs: list[Phrase] = []
    delegation_openers: list[Phrase] = []
    delegation_nouns: list[Phrase] = []
    intentions: list[Phrase] = []
    future_markers: list[Phrase] = []
    tentative_future: list[Phrase] = []
    agreement_verbs: list[Phrase] = []
    accompaniment_verbs: list[Phrase] = []
    framings: list[Phrase] = []
    praise_verbs: list[Phrase] = []
    criticism_verbs: list[Phrase] = []
    meeting_words: list[Phrase] = []
    plan_nouns: list[Phrase] = []
    plan_part_nouns: list[Phrase] = []
    plan_presenting_verbs: list[Phrase] = []
    plan_pressing_verbs: list[Phrase] = []
    acceptance_verbs: list[Phrase] = []
    demand_verbs: list[Phrase] = []
    occasion_prepositions: list[Phrase] = []
    occasion_nouns: list[Phrase] = []
    accusation_verbs: list[Phrase] = []
    copulas: list[Phrase] = []
    proposal_nouns: list[Phrase] = []
    proposal_linkers: list[Phrase] = []
    proposal_owner_prepositions: list[Phrase] = []
    attendance_words: list[Phrase] = []
    attendance_verbs: list[Phrase] = []
    presence_words: list[Phrase] = []
    presence_lead: list[Phrase] = []
    leading_verbs: list[Phrase] = []
    contact_endings: list[Phrase] = []
    reciprocal_verbs: list[Phrase] = []
    institution_nouns: list[Phrase] = []
    obligations: list[Phrase] = []
    concessions: list[Phrase] = []
    outcomes: list[Phrase] = []
    attitudes: list[Phrase] = []
    relative_openers: list[Phrase] = []
    coordinators: list[Phrase] = []
    articles: list[Phrase] = []
    definite_articles: list[Phrase] = []
    noun_phrase_openers: list[Phrase] = []
    and_words: list[Phrase] = []
    particle_negators: list[Phrase] = []
    list_conjunctions: list[Phrase] = []
    predicate_conjunctions: list[Phrase] = []
    complementizers: list[Phrase] = []
    relative_pronouns: list[Phrase] = []
    infinitive_markers: list[Phrase] = []
    between_words: list[Phrase] = []
    with_words: list[Phrase] = []
    courtesy_titles: list[Phrase] = []
    dispatch_verbs: list[Phrase] = []
    co_drafting: list[Phrase] = []
    agenda_openers: list[Phrase] = []
    agenda_determiners: list[Phrase] = []
    agenda_events: list[Phrase] = []
    errand_verbs: list[Phrase] = []
    contact_prepositions: list[Phrase] = []
    source_prepositions: list[Phrase] = []
    reason_prepositions: list[Phrase] = []
    subject_lead_words: list[Phrase] = []
    descriptor_nouns: list[Phrase] = []
    speaker_follow_words: list[Phrase] = []
    meeting_gap_words: list[Phrase] = []
    sequence_adverbs: list[Phrase] = []
    clause_openers: list[Phrase] = []
    sufficiency_words: list[Phrase] = []
    excess_words: list[Phrase] = []
    time_units: list[Phrase] = []
    earlier_openers: list[Phrase] = []
    dated_from_openers: list[Phrase] = []
    gerund_openers: list[Phrase] = []
    fronted_openers: list[Phrase] = []
    first_person_subjects: list[Phrase] = []
    simultaneity_words: list[Phrase] = []
    rank_words: list[Phrase] = []
    plural_endings: list[Phrase] = []
    absence_words: list[Phrase] = []
    absence_phrases: list[Phrase] = []
    quantity_words: list[Phrase] = []
    parenthetical_verbs: list[Phrase] = []
    process_prepositions: list[Phrase] = []
    time_openers: list[Phrase] = []
    time_openers_long: list[Phrase] = []
    condition_exceptions: list[Phrase] = []
    gerund_endings: list[Phrase] = []
    interval_modifiers: list[Phrase] = []
    repetition_adverbs: list[Phrase] = []
    agent_prepositions: list[Phrase] = []
    interval_openers: list[Phrase] = []
    purpose_markers: list[Phrase] = []

    @model_validator(mode="after")
    def _one_short_form_per_month(self) -> Words:
        if self.month_abbreviations and len(self.month_abbreviations) != len(self.months):
            raise ValueError("month_abbreviations needs one short form per month, in order")
        return self


class LanguageMeta(_Strict):
    code: Slug
    name: Phrase


class LanguageModel(_Strict):
    language: LanguageMeta
    words: Words
    phrases: Phrases

    @model_validator(mode="after")
    def _has_reporting_verbs(self) -> LanguageModel:
        if not self.phrases.reporting_verbs:
            raise ValueError("phrases.reporting_verbs must not be empty")
        return self


class Limits(_Strict):
    """Size limits on phrases, with their defaults; `[codebook.limits]` may raise them."""

    gaps_per_cue: int = Field(default=3, ge=0, le=MAX_GAPS)  # `...` in one phrase
    cues_per_topic: int = Field(
        default=100_000, ge=1
    )  # cues, support, oppose cues, anaphora, other matters


class Meta(_Strict):
    name: Phrase
    version: Phrase
    language: Slug = "en"  # the language file lang/<language>.toml
    limits: Limits = Limits()


class CodebookModel(_Strict):
    codebook: Meta
    lexicon: Lexicon = Lexicon()
    topics: list[Topic] = Field(min_length=1)
    actors: list[Actor] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> CodebookModel:
        for kind, items in (("topics", self.topics), ("actors", self.actors)):
            seen: set[str] = set()
            for item in items:
                if item.id in seen:
                    raise ValueError(f"duplicate {kind} id {item.id!r}")
                seen.add(item.id)
        topics = {t.id for t in self.topics}
        for topic in self.topics:
            for side, other in topic.others_send.items():
                if other not in topics:
                    raise ValueError(
                        f"topic {topic.id!r}: others_send.{side} names no topic: {other!r}"
                    )
        return self


@dataclass(frozen=True)
class Codebook:
    """A validated codebook with its cue patterns compiled for the coder."""

    model: CodebookModel
    language: LanguageModel
    digest: str  # of the codebook and language files together
    path: str

    @cached_property
    def actors(self) -> dict[str, Actor]:
        return {a.id: a for a in self.model.actors}

    @cached_property
    def topics(self) -> dict[str, Topic]:
        return {t.id: t for t in self.model.topics}

    @cached_property
    def side_groups(self) -> dict[str, frozenset[str]]:
        """Each side with the wider sides it belongs to (`lexicon.side_members`)."""
        members = self.model.lexicon.side_members
        sides = {*self.model.lexicon.sides, *members, *(c for cs in members.values() for c in cs)}
        return {
            side: frozenset([side, *(s for s, cs in members.items() if side in cs)])
            for side in sides
        }

    @cached_property
    def actor_sides(self) -> dict[str, frozenset[str]]:
        """Each actor's country and the wider sides it belongs to (`lexicon.side_members`)."""
        members = self.model.lexicon.side_members
        return {
            a.id: frozenset([a.country, *(s for s, cs in members.items() if a.country in cs)])
            for a in self.model.actors
        }

    def adversaries(self, actor: str, other: str) -> bool:
        """Whether two actors are on sides in open conflict (`lexicon.adversaries`)."""
        mine, theirs = self.actor_sides[actor], self.actor_sides[other]
        return any(
            (a in mine and b in theirs) or (b in mine and a in theirs)
            for a, b in self.model.lexicon.adversaries
        )

    @property
    def lexicon(self) -> Lexicon:
        return self.model.lexicon

    @property
    def label(self) -> str:
        """Name, version and short hash, as recorded in every row it codes."""
        meta = self.model.codebook
        return f"{meta.name}/{meta.version}@{self.digest[:12]}"

    @cached_property
    def matcher(self) -> Matcher:
        """All phrase lists in one matcher: an article's hits come from one scan."""
        return Matcher.from_codebook(self)

    @cached_property
    def patterns(self) -> CompiledPatterns:
        return CompiledPatterns.build(self.model, self.language)


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and validate a codebook TOML file (the packaged default when `path` is None).

    >>> import stances
    >>> book = stances.load_codebook()  # the packaged codebook
    >>> topics = sorted(book.topics)
    """
    source = DEFAULT_CODEBOOK if path is None else Path(path)
    raw, model = _load(source, CodebookModel)
    limits = model.codebook.limits
    _check_phrases(_codebook_phrases(model), _topic_sizes(model), limits, source)
    language_file = LANGUAGES / f"{model.codebook.language}.toml"
    if not language_file.is_file():
        known = sorted(p.name.removesuffix(".toml") for p in LANGUAGES.iterdir())
        raise CodebookError(
            f"codebook.language: no language file for {model.codebook.language!r}"
            f" (expected one of {', '.join(known)})",
            path=str(source),
        )
    language_raw, language = _load(language_file, LanguageModel)
    _check_phrases(_language_phrases(language), [], limits, language_file)
    digest = hashlib.sha256(raw + b"\0" + language_raw).hexdigest()
    return Codebook(model, language, digest, str(source))


def _load(source, model_class):
    try:
        raw = source.read_bytes()
    except OSError as e:
        raise CodebookError(f"cannot read {source.name} ({e.strerror})", path=str(source)) from e
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))  # a byte order mark is no error
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise CodebookError(f"not valid TOML: {e}", path=str(source)) from e
    except RecursionError as e:
        raise CodebookError(
            "not valid TOML: arrays or tables nested too deeply", path=str(source)
        ) from e
    try:
        return raw, model_class.model_validate(data)
    except ValidationError as e:
        raise CodebookError(_describe(e, data), path=str(source)) from e


def _describe(error: ValidationError, data: dict) -> str:
    """One line per problem: the key path (with ids where known), what is wrong."""
    lines = []
    for problem in error.errors():
        parts: list[str] = []
        node: object = data
        for key in problem["loc"]:
            if isinstance(key, int) and isinstance(node, list):
                node = node[key] if key < len(node) else None
                ident = node.get("id") if isinstance(node, dict) else None
                parts[-1] += f"[{key}]" + (f" (id {ident!r})" if ident else "")
            else:
                key = "from" if key == "from_" else str(key)
                node = node.get(key) if isinstance(node, dict) else None
                parts.append(key)
        where = ".".join(parts) or "top level"
        lines.append(f"{where}: {problem['msg']}")
    return "; ".join(lines)


_MAX_PROBLEMS = 20  # problems listed in one error; the rest are counted


def _codebook_phrases(model: CodebookModel) -> Iterator[tuple[str, str]]:
    """(key path, phrase) for every phrase of the codebook that the matcher compiles."""
    for name in Phrases.model_fields:
        for k, phrase in enumerate(getattr(model.lexicon, name)):
            yield f"lexicon.{name}[{k}]", phrase
    for side, words in model.lexicon.sides.items():
        for k, phrase in enumerate(words):
            yield f"lexicon.sides.{side}[{k}]", phrase
    for i, topic in enumerate(model.topics):
        for name in TOPIC_PHRASE_LISTS:
            for k, phrase in enumerate(getattr(topic, name)):
                yield f"topics[{i}] (id {topic.id!r}).{name}[{k}]", phrase
    for i, actor in enumerate(model.actors):
        for k, phrase in enumerate(actor.aliases):
            yield f"actors[{i}] (id {actor.id!r}).aliases[{k}]", phrase
        for k, role in enumerate(actor.roles):
            yield f"actors[{i}] (id {actor.id!r}).roles[{k}].title", role.title


def _language_phrases(language: LanguageModel) -> Iterator[tuple[str, str]]:
    for name in Phrases.model_fields:
        for k, phrase in enumerate(getattr(language.phrases, name)):
            yield f"phrases.{name}[{k}]", phrase


# A topic's phrase lists: together they count against `cues_per_topic`.
TOPIC_PHRASE_LISTS = (
    "cues",
    "support_cues",
    "oppose_cues",
    "anaphora",
    "other_matters",
    "reservations",
)


def _topic_sizes(model: CodebookModel) -> list[tuple[str, int]]:
    return [
        (f"topics[{i}] (id {topic.id!r})", sum(len(getattr(topic, n)) for n in TOPIC_PHRASE_LISTS))
        for i, topic in enumerate(model.topics)
    ]


def _check_phrases(
    phrases: Iterator[tuple[str, str]], sizes: list[tuple[str, int]], limits: Limits, source
) -> None:
    """Refuse phrases the matcher cannot use and lists past the limits, all at once."""
    problems = []
    for where, size in sizes:
        if size > limits.cues_per_topic:
            problems.append(
                f"{where}: {size} cue phrases, more than codebook.limits.cues_per_topic"
                f" = {limits.cues_per_topic} (raise it in [codebook.limits] to allow more)"
            )
    for where, phrase in phrases:
        try:
            check_phrase(phrase)
        except ValueError as e:
            problems.append(f"{where}: {e}")
            continue
        gaps = phrase.split().count("...")
        if gaps > limits.gaps_per_cue:
            problems.append(
                f"{where}: {gaps} '...' gaps in {phrase!r}, more than codebook.limits.gaps_per_cue"
                f" = {limits.gaps_per_cue} (raise it in [codebook.limits] to allow more)"
            )
    if problems:
        more = len(problems) - _MAX_PROBLEMS
        listed = problems[:_MAX_PROBLEMS] + ([f"and {more} more"] if more > 0 else [])
        raise CodebookError("; ".join(listed), path=str(source))


# ------------------------------------------------------------------ cue compilation


def cue_regex(phrase: str) -> str:
    """Regex source for one cue: words, `*` for any ending, `...` for a gap of up to 4 words."""
    parts = []
    for word in phrase.split():
        if word == "...":
            parts.append(r"(?:\S+\s+){0,4}?")
            continue
        stem = word.rstrip("*")
        escaped = re.sub(r"['’]", "['’]", re.escape(stem))
        escaped += r"[\w'’-]*" if word.endswith("*") else ""
        parts.append(escaped + r"\s+")
    source = "".join(parts)
    return source[: -len(r"\s+")] if source.endswith(r"\s+") else source


def whole_words(alternatives: list[str], *, case_sensitive: bool = False) -> re.Pattern[str]:
    """Compile regex alternatives to match whole words only (cues may start with punctuation).

    One boundary and one flag around the whole alternation keep the scan fast.
    """
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", flags)


def alternation(phrases: list[str], *, case_sensitive: bool = False) -> re.Pattern[str] | None:
    """One pattern matching any phrase, longest first; None for an empty list."""
    if not phrases:
        return None
    ordered = sorted(set(phrases), key=len, reverse=True)
    return whole_words([cue_regex(p) for p in ordered], case_sensitive=case_sensitive)


@dataclass(frozen=True)
class Parameters:
    """The rule coder's reaches, strengths and confidences, each with its default."""

    evaluation_reach: int = 8  # words from an evaluation to the cue it governs ("eager to end")
    predicate_reach: int = 6  # words from a cue to a later evaluation of it ("talks were useful")
    subject_reach: int = 12  # the same after a linking verb ("expelling ... had been a mistake")
    negation_reach: int = 8  # words before a cue or evaluation that a negator reaches
    anaphora_reach: int = 600  # characters within which "the deal" refers back to a cue
    year_reach: int = 8  # words from a cue to an earlier year or date that dates its clause
    news_days: int = 14  # a date more days than this before publication is background
    proviso_reach: int = 40  # characters from a withdrawal to its "or", "for a while"
    caption_chars: int = 400  # the longest line a photo credit marks as a caption
    hedged_strength: float = 0.6  # |score| of a hedged statement
    confidence_direct_quote: float = 0.9
    confidence_paraphrase: float = 0.88
    confidence_action: float = 0.8
    confidence_reported: float = 0.72
    hedge_penalty: float = 0.1
    resolved_penalty: float = 0.1  # holder found by a pronoun or "both leaders"
    no_evaluation_penalty: float = 0.05  # the stance rests on a polar cue alone
    headline_penalty: float = 0.15  # headlines are compressed
    crowded_penalty: float = 0.05  # three or more actors in the sentence
    pair_threshold: float = 0.4  # probability from which `stances.pairs` codes a pair


@dataclass(frozen=True)
class CompiledPatterns:
    """What the coder looks up beyond the matcher's phrase hits, compiled once per codebook."""

    sides: dict[str, re.Pattern[str]]  # side -> its words, to test a single word or title
    role_actors: dict[str, list[tuple[str, Role]]]  # lowercased title -> (actor id, role)
    words: WordSets
    # group noun ("presidents") -> actor -> the roles by which the actor fits it
    group_fits: dict[str, dict[str, list[Role]]] = field(default_factory=dict)
    off: frozenset[str] = frozenset()  # coder rules switched off (see stances.coder.RULES)
    params: Parameters = Parameters()

    def on(self, rule: str) -> bool:
        """Whether a coder rule is switched on."""
        return rule not in self.off

    @classmethod
    def build(cls, model: CodebookModel, language: LanguageModel) -> CompiledPatterns:
        role_actors: dict[str, list[tuple[str, Role]]] = {}
        for actor in model.actors:
            for role in actor.roles:
                role_actors.setdefault(role.title.lower(), []).append((actor.id, role))
        sides = {
            side: alternation(words, case_sensitive=True)
            for side, words in model.lexicon.sides.items()
        }
        return cls(
            sides={k: v for k, v in sides.items() if v is not None},
            role_actors=role_actors,
            words=WordSets.build(language.words),
            group_fits=_group_fits(model.actors, language.words),
        )


def _group_fits(actors: list[Actor], words: Words) -> dict[str, dict[str, list[Role]]]:
    """For each group noun with titles (`group_noun_titles`), the roles that fit it: a title
    that ends with one of its words, with no deputy word before them."""
    deputies = {w.lower() for w in words.deputy_title_words}
    fits: dict[str, dict[str, list[Role]]] = {}
    for noun, endings in words.group_noun_titles.items():
        by_actor = fits[" ".join(noun.lower().split())] = {}
        for actor in actors:
            for role in actor.roles:
                title = role.title.lower().replace("-", " ").split()
                for ending in (e.lower().replace("-", " ").split() for e in endings):
                    before = title[: len(title) - len(ending)]
                    if title[-len(ending) :] == ending and not deputies & set(before[-1:]):
                        by_actor.setdefault(actor.id, []).append(role)
                        break
    return fits
