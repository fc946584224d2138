"""The rule coder: who takes which stance on which topic, sentence by sentence, with evidence.

For each sentence the coder takes the people referred to (`stances.mentions`), finds the
speaker of a reporting verb or quotation and the holder of each clause, then the topic
cues and the evaluations and negations around them. `analyse_article` returns that
reasoning per sentence (what `stances explain` shows); `code_article` turns it into rows
of the statements table.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from datetime import date

import pandas as pd

from stances.attribution import (
    clause_subject,
    content_holders,
    continue_quotes,
    is_postposed,
    label,
    postposed_speaker,
    remember,
    reporting,
    split_clauses,
)
from stances.codebook import Codebook
from stances.document import ClauseTrace, Document, Holder, Matches, SentenceTrace
from stances.mentions import Salience, find_mentions, is_possessive
from stances.schema import STATEMENTS, empty_frame
from stances.segment import Span, find_quotes, split_sentences
from stances.stance import add_reservation, code_clause, headline_sides, sentence_statements

CODER = "rules/1"


YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def analyse_article(
    text: str, codebook: Codebook, *, published: date | None = None
) -> list[SentenceTrace]:
    """The coder's reasoning for every sentence of a normalised article text."""
    patterns = codebook.patterns
    article = Document(
        text=text,
        codebook=codebook,
        patterns=patterns,
        published=published,
        quotes=find_quotes(text),
        framing=headline_sides(text, patterns, codebook),
        matches=Matches.scan(text, patterns),
    )
    sentences = split_sentences(text, abbreviations=patterns.words.abbreviations)
    # A quote whose speaker comes only after it ("…,” Rubio said) covers the sentences before
    # the attribution too: with quotes, a first pass learns every quote's speaker.
    for _ in range(2 if article.quotes else 1):
        continue_quotes(text, article.quotes, article.quote_speakers)
        state = Salience()
        traces = [
            _analyse_sentence(article, s, _context_start(text, sentences, k), state)
            for k, s in enumerate(sentences)
        ]
    return traces


def _context_start(text: str, sentences: list[Span], k: int) -> int:
    """Start of the sentence before, when it is in the same paragraph (for bilateral topics)."""
    if k and "\n" not in text[sentences[k - 1].end : sentences[k].start]:
        return sentences[k - 1].start
    return sentences[k].start


def code_article(article: Mapping, codebook: Codebook) -> list[dict]:
    """Statement rows (schema v1 columns) for one article: needs article_id, doc_id and text."""
    published = _as_date(article.get("published"))
    rows = []
    for trace in analyse_article(article["text"], codebook, published=published):
        for statement in trace.statements:
            rows.append(_row(article, statement, codebook))
    return rows


def code_articles(
    articles: pd.DataFrame, codebook: Codebook, *, progress: Iterable | None = None
) -> pd.DataFrame:
    """The statements table for an articles table (one row per coded statement)."""
    records = articles.to_dict("records")
    rows = [row for article in (progress or records) for row in code_article(article, codebook)]
    if not rows:
        return empty_frame(STATEMENTS)
    return pd.DataFrame(rows, columns=STATEMENTS.names)


def _analyse_sentence(article: Document, sentence: Span, context_start: int, state: Salience):
    text, codebook, patterns = article.text, article.codebook, article.patterns
    quotes, quote_speakers, published = article.quotes, article.quote_speakers, article.published
    s_text = text[sentence.start : sentence.end]
    state.sentence += 1
    in_quotes = [q for q in quotes if q.start < sentence.end and q.end > sentence.start]
    mentions = find_mentions(text, sentence, in_quotes, codebook, patterns, published, state)
    trace = SentenceTrace(sentence, s_text, mentions, in_quotes, [])
    historical = _is_background(s_text, published)
    holder_of_quote = next((quote_speakers[q] for q in in_quotes if q in quote_speakers), None)
    previous: ClauseTrace | None = None
    clauses = split_clauses(text, sentence, in_quotes, patterns)
    final = postposed_speaker(text, clauses[-1][0], in_quotes, mentions, patterns)
    for clause, kind in clauses:
        ct = ClauseTrace(clause)
        if kind == "hypothetical":  # "... if Russia rejects the truce": nobody's stance
            ct.outcome = "condition, question or reason: not a stance"
            trace.clauses.append(ct)
            continue
        speaker, verb, content_start = reporting(text, clause, in_quotes, mentions, patterns)
        if speaker is not None:
            ct.verb = verb
            ct.speaker = label(speaker)
            if is_postposed(text, clause, speaker, content_start):
                # "... Putin did not want peace, the president wrote": the content comes first.
                content_start = clause.start
            ct.holders = content_holders(
                text, content_start, clause, mentions, speaker, patterns.words
            )
            ct.content_start = content_start
            for q in in_quotes:
                if speaker.actors and len(speaker.actors) == 1:
                    quote_speakers.setdefault(q, speaker.actors[0])
            remember(state, speaker, ct.holders)
        else:
            inside_quote = next(
                (q for q in in_quotes if q.start <= clause.start and clause.end <= q.end + 2), None
            )
            subject = clause_subject(
                text, clause, in_quotes, mentions, article.matches, patterns.words
            )
            if inside_quote is not None and inside_quote in quote_speakers:
                ct.holders = [Holder(quote_speakers[inside_quote], "direct_quote")]
                ct.speaker = quote_speakers[inside_quote]
            elif kind == "main" and final is not None:
                # "Russia is open to talks but ..., Lavrov said": the whole sentence is reported.
                speaker, ct.verb = final
                ct.speaker = label(speaker)
                ct.holders = content_holders(
                    text, clause.start, clause, mentions, speaker, patterns.words
                )
                ct.content_start = clause.start
            elif subject is not None:
                attribution = "paraphrase" if is_possessive(text, subject) else "action"
                ct.holders = [Holder(a, attribution, None, subject.kind) for a in subject.actors]
                remember(state, subject, ct.holders)
            elif kind == "main" and previous is not None and previous.holders:
                ct.holders = list(previous.holders)
                ct.speaker, ct.verb = previous.speaker, previous.verb
            elif kind == "main" and holder_of_quote is not None:
                ct.holders = [Holder(holder_of_quote, "direct_quote")]
        if historical and ct.verb is None:
            ct.outcome = "background: refers to an earlier year"
            ct.holders = []
        code_clause(text, ct, context_start, article, mentions)
        if previous is not None:
            add_reservation(text, previous, ct, patterns)
        trace.clauses.append(ct)
        previous = ct
    trace.statements = sentence_statements(text, sentence, trace, in_quotes, codebook)
    return trace


def _row(article: Mapping, statement: dict, codebook: Codebook) -> dict:
    actor = codebook.actors[statement["actor_id"]]
    key = "|".join(
        str(x)
        for x in (
            article["article_id"],
            statement["actor_id"],
            statement["topic_id"],
            statement["evidence_start"],
            statement["evidence_end"],
            CODER,
        )
    )
    return {
        "statement_id": hashlib.sha256(key.encode()).hexdigest()[:16],
        "article_id": article["article_id"],
        "doc_id": article["doc_id"],
        "published": article.get("published"),
        "source": article.get("source"),
        "url": article.get("url"),
        "title": article.get("title"),
        "actor_name": actor.name,
        "coder": CODER,
        "codebook": codebook.label,
        "reference": "current",
        **statement,
    }


def _is_background(sentence: str, published: date | None) -> bool:
    if published is None:
        return False
    return any(int(y) < published.year for y in YEAR.findall(sentence))


def _as_date(value) -> date | None:
    if value is None or value is pd.NaT or (not isinstance(value, date) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()
