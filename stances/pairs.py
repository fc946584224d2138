"""Pairs the rules leave uncoded, scored by a model of the whole article.

On real news most (actor, topic) codes the rules miss are plain in the article as a whole
(the actor meets the other side at a summit about ending the war, takes part in talks,
drafts a plan) but in no single sentence a rule reads. For each actor in office named in
an article whose topic is cued there, for which the rules coded no current statement and
in which the actor holds no clause the rules read and declined (negated, evaluated,
recalled, hypothetical), a logistic model scores how likely a coder following
`seeds/CODING.md` is to code the pair, from counts over the article: how often the actor
is named in the same or the next sentence as the topic's cues, and in the lede; how often
the actor holds a clause that only names the topic ("took part in the negotiations"), or
any clause where a topic is cued; whether someone else holds those cues; how many others
the rules coded on the topic (its parties), and how many of those are of another side of
it; how many topics the rules coded the actor on; how often the actor is named with
someone of another side of the topic (an American with a Russian, for US-Russia
contacts); how much of the article names the actor and the topic; and the actor's side
(country) on the topic. A pair scoring at least `Parameters.pair_threshold` becomes a
statement: `support` (nine in ten such codes are), the model's probability as its
confidence, and as evidence the sentence that best ties the actor to the topic.

The weights (`pairs_model.toml`) are fitted on the tune half of the real-news dev set by
`python -m stances.pairs fit` (needs the dev set's texts and scikit-learn, a development
dependency). `stances.coder.PairCoder` runs the rules and then this stage
(`stances code --coder rules+pairs`).
"""

from __future__ import annotations

import math
import sys
import tomllib
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from stances.document import (
    ClauseTrace,
    Cue,
    Document,
    Hits,
    Holder,
    SentenceTrace,
    Signal,
    Statement,
)

MODEL_FILE = Path(__file__).with_name("pairs_model.toml")
PAIRS_CODER = "pairs/1"  # the coder column of the statements this stage adds
PAIR_STANCE = "support"
# Counts enter the model as log(1 + n); shares and positions as they are.
COUNTS = (
    "sentences_together",  # sentences naming the actor and cueing the topic
    "together_in_lede",
    "next_to",  # the topic cued in the sentence before or after one naming the actor
    "held_by_another",  # sentences together where someone else holds the topic's cue
    "holds_plain",  # clauses the actor holds that only name the topic
    "holds_where_cued",  # clauses the actor holds, on anything, in sentences cueing a topic
    "coded_others",  # other actors the rules coded on the topic: its parties
    "coded_other_side",  # those of them of another side of the topic
    "actor_coded",  # topics the rules coded the actor on
    "with_other_side",  # sentences naming the actor and someone of another side of the topic
    "sentences",
    "actors",
    "topic_sentences",
    "topics",
)
# `distance`: sentences between the nearest name of the actor and cue of the topic (0 named
# with it, 1 only next to it).
SHARES = ("actor_share", "topic_share", "distance")


@dataclass(frozen=True)
class PairModel:
    """A logistic model: weights by feature name (topic indicators are `topic:<id>`)."""

    intercept: float
    weights: dict[str, float]

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1 / (1 + math.exp(-z))


@cache
def load_model(path: Path = MODEL_FILE) -> PairModel:
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    return PairModel(float(table["intercept"]), {k: float(v) for k, v in table["weights"].items()})


@dataclass
class Candidate:
    """An (actor, topic) pair of an article the rules did not code, with its features and the
    sentence that best ties the actor to the topic."""

    actor_id: str
    topic_id: str
    country: str  # the actor's, from the codebook: which side of the topic they are on
    counts: Counter
    evidence: int | None = None  # index of the sentence
    evidence_rank: int = 9  # 1 the actor is named with a cue of the topic, 2 next to one


def candidates(document: Document, traces: list[SentenceTrace]) -> list[Candidate]:
    """Every pair of an actor named in the article and a topic cued there that has no
    current statement of the rules, in order of first appearance."""
    text, matches = document.text, document.matches
    coded = {
        (s.actor_id, s.topic_id) for t in traces for s in t.statements if s.reference == "current"
    }
    found: dict[tuple[str, str], Candidate] = {}
    actors = document.codebook.actors
    countries = {a.id: a.country for a in actors.values()}

    def pair(actor: str, topic: str) -> Candidate:
        key = (actor, topic)
        if key not in found:
            found[key] = Candidate(actor, topic, countries[actor], Counter())
        return found[key]

    def tie(c: Candidate, k: int, rank: int) -> None:
        if rank < c.evidence_rank:
            c.evidence, c.evidence_rank = k, rank

    # Per sentence, in text order (dicts, not sets: ranks break ties by first appearance):
    # the topics cued and, as names rather than mentions (a sentence without a cue may be
    # left unread by the rules), the actors named.
    starts = [t.span.start for t in traces]
    topics_of: list[dict[str, None]] = [{} for _ in traces]
    names_of: list[dict[str, None]] = [{} for _ in traces]
    for span, topic, _, _ in matches.cues_within(0, len(text)):
        if (k := _sentence_of(traces, starts, span.start, span.end)) is not None:
            topics_of[k][topic] = None
    for hit in document.hits.within("aliases", 0, len(text)):
        if (k := _sentence_of(traces, starts, hit.start, hit.end)) is not None:
            names_of[k][hit.payload] = None
    # Clauses an actor holds in sentences cueing any topic: the article is about what they
    # do (only sentences the lean reading reads too, so both readings give the same pairs).
    holds_where_cued: Counter = Counter()
    named_in: dict[str, list[int]] = {}  # the sentences naming each actor
    declined: set[tuple[str, str]] = set()  # pairs whose actor holds a clause the rules declined
    for k, trace in enumerate(traces):
        held: set[tuple[str, str]] = set()
        for ct in trace.clauses:
            cued = {c.topic_id for c in ct.cues}
            for h in ct.holders:
                holds_where_cued[h.actor_id] += bool(topics_of[k])
                held.update((h.actor_id, topic) for topic in cued)
                for topic in cued:
                    if _plain(ct, topic, document.hits):
                        pair(h.actor_id, topic).counts["holds_plain"] += 1
                    else:
                        declined.add((h.actor_id, topic))
        named = dict.fromkeys(actor for m in trace.mentions for actor in m.actors)
        for actor in named:
            for topic in topics_of[k]:
                c = pair(actor, topic)
                tie(c, k, 1)
                n = c.counts
                n["sentences_together"] += 1
                n["together_in_lede"] += k == 0
                n["held_by_another"] += any(a != actor and t == topic for a, t in held)
        for actor in names_of[k]:
            named_in.setdefault(actor, []).append(k)
            for j in (k - 1, k + 1):
                for topic in topics_of[j] if 0 <= j < len(traces) else ():
                    c = pair(actor, topic)
                    tie(c, k, 2)
                    c.counts["next_to"] += 1
    names = Counter(h.payload for h in document.hits.within("aliases", 0, len(text)))
    topic_sentences = Counter(topic for topics in topics_of for topic in topics)
    n_sentences = max(len(traces), 1)
    result = []
    for (actor, topic), c in found.items():
        if (actor, topic) in coded or actor not in names or topic not in topic_sentences:
            continue
        if not document.codebook.topics[topic].taking_part_supports:
            continue
        # Only someone in office takes part in talks or contacts: not a former president.
        roles = actors[actor].roles
        if roles and not any(r.holds_on(document.published) for r in roles):
            continue
        # What the rules read and declined ("no ceasefire was reached", a question, a
        # recap) stays declined: the model only adds pairs the rules found no pole for.
        if (actor, topic) in declined:
            continue
        cued_in = [k for k, topics in enumerate(topics_of) if topic in topics]
        topic_of = document.codebook.topics[topic]
        others = (set(topic_of.requires) | set(topic_of.met_by)) - {countries[actor]}
        c.counts["with_other_side"] = sum(
            any(countries[o] in others for o in names_of[k]) for k in named_in.get(actor, ())
        )
        c.counts.update(
            holds_where_cued=holds_where_cued[actor],
            coded_others=sum(t == topic for _, t in coded),
            coded_other_side=sum(t == topic and countries[a] in others for a, t in coded),
            actor_coded=sum(a == actor for a, _ in coded),
            sentences=len(traces),
            actors=len(names),
            actor_names=names[actor],
            topic_sentences=topic_sentences[topic],
            topics=len(topic_sentences),
        )
        c.counts["actor_share"] = names[actor] / n_sentences
        c.counts["topic_share"] = topic_sentences[topic] / n_sentences
        c.counts["distance"] = min(
            (abs(a - t) for a in named_in.get(actor, ()) for t in cued_in), default=len(traces)
        )
        result.append(c)
    return result


def _plain(clause: ClauseTrace, topic: str, hits: Hits) -> bool:
    """Whether a clause only names the topic: a current, asserted clause without a negator
    and with no polar or evaluated cue of it. Its holder may take part ("concluded talks",
    "sent a delegation to the talks"); the rules found no pole in it, so the model decides.
    A negator ("no ceasefire was reached") is something the rules read."""
    return (
        clause.reference == "current"
        and hits.first("negators", clause.span.start, clause.span.end) is None
        and clause.kind != "hypothetical"
        and not clause.neutral
        and not any(s.topic_id == topic for s in clause.signals)
        and all(c.polarity == 0 and not c.negated for c in clause.cues if c.topic_id == topic)
    )


def _sentence_of(traces: list[SentenceTrace], starts: list[int], start: int, end: int):
    """The index of the sentence that holds [start, end), if one does."""
    k = bisect_right(starts, start) - 1
    return k if k >= 0 and end <= traces[k].span.end else None


def features(c: Candidate) -> dict[str, float]:
    """The model's inputs for a candidate."""
    values = {name: math.log1p(c.counts[name]) for name in COUNTS}
    values.update({name: float(c.counts[name]) for name in SHARES})
    values[f"topic:{c.topic_id}"] = 1.0
    values[f"country:{c.country}:{c.topic_id}"] = 1.0
    return values


def add_likely_pairs(
    document: Document, traces: list[SentenceTrace], model: PairModel, threshold: float
) -> None:
    """Add a statement for each candidate pair the model scores at `threshold` or more."""
    text = document.text
    for c in candidates(document, traces):
        if c.evidence is None:
            continue
        p = model.probability(features(c))
        if p < threshold:
            continue
        trace = traces[c.evidence]
        span = trace.span
        cues = [
            (s, cued)
            for s, topic, cued, _ in document.matches.cues_within(span.start, span.end)
            if topic == c.topic_id
        ] or [(span, "")]
        # the actor holds no clause on the topic: taking part is an act
        attribution = "action"
        reason = f"article model: p = {p:.2f}"
        trace.clauses.append(
            ClauseTrace(
                span,
                kind="side",
                holders=[Holder(c.actor_id, attribution)],
                cues=[Cue(c.topic_id, cued, s, 0, False) for s, cued in cues if cued],
                signals=[Signal(c.topic_id, reason, 1)],
                outcome="coded",
            )
        )
        trace.statements.append(
            Statement(
                actor_id=c.actor_id,
                topic_id=c.topic_id,
                stance=PAIR_STANCE,
                score=round(p, 4),
                confidence=round(p, 4),
                attribution=attribution,
                via_actor_id=None,
                reference="current",
                evidence_start=span.start,
                evidence_end=span.end,
                evidence=text[span.start : span.end],
                quote=None,
                cues=tuple(dict.fromkeys(cued for _, cued in cues if cued)),
                coder=PAIRS_CODER,
            )
        )


# --- fitting (development: needs scikit-learn and the dev set's texts) -------------------

FIT_C = 0.3  # inverse strength of the L2 penalty
CV_FOLDS = 5
CV_THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6)


def training_rows(articles, gold, codebook) -> tuple[list[dict], list[bool], list[str], dict]:
    """Features, whether the gold codes the pair, and the article, for every candidate of
    the articles (the rules' current pairs excluded); and per article the gold pairs and
    the rules' pairs, to score the rules with the model's additions."""
    from stances.coder import RuleCoder, _as_date, build_document

    rules = RuleCoder(codebook)
    keys = (gold["doc_id"].astype(str), gold["actor_id"], gold["topic_id"])
    gold_pairs = set(zip(*keys, strict=True))
    rows, labels, groups = [], [], []
    by_article: dict[str, tuple[set, set]] = {}
    for article in articles.itertuples():
        doc_id = str(article.doc_id)
        document = build_document(
            article.text, codebook, published=_as_date(article.published), patterns=rules.patterns
        )
        traces = rules.analyse(document, complete=False)
        coded = {
            (s.actor_id, s.topic_id)
            for t in traces
            for s in t.statements
            if s.reference == "current"
        }
        wanted = {(a, t) for d, a, t in gold_pairs if d == doc_id}
        by_article[doc_id] = (wanted, coded)
        for c in candidates(document, traces):
            rows.append(features(c))
            labels.append((c.actor_id, c.topic_id) in wanted)
            groups.append(doc_id)
    return rows, labels, groups, by_article


def fit(articles, gold, codebook, *, report=sys.stdout, folds: int = CV_FOLDS) -> PairModel:
    """Fit the model on the articles' candidates; print, for cross-validation over articles
    in `folds` folds, the pair precision, recall and F1 of the rules plus the model's
    additions at each threshold."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    rows, labels, groups, by_article = training_rows(articles, gold, codebook)
    vectorizer = DictVectorizer(sparse=False)
    x, y = vectorizer.fit_transform(rows), np.array(labels)
    cv = np.zeros(len(y))
    for train, test in GroupKFold(folds).split(x, y, groups):
        model = LogisticRegression(C=FIT_C, max_iter=5000).fit(x[train], y[train])
        cv[test] = model.predict_proba(x[test])[:, 1]
    n_gold = sum(len(wanted) for wanted, _ in by_article.values())
    rules_hits = sum(len(wanted & coded) for wanted, coded in by_article.values())
    rules_coded = sum(len(coded) for _, coded in by_article.values())
    print(
        f"{len(by_article)} articles: {len(y)} candidate pairs, {int(y.sum())} of them gold",
        file=report,
    )
    # The model can only add candidates: the gold pairs that are none bound its recall.
    print(
        f"gold pairs the rules miss: {n_gold - rules_hits}, of them candidates: {int(y.sum())} "
        f"(recall at most {(rules_hits + y.sum()) / max(n_gold, 1):.3f} with the model)",
        file=report,
    )
    for threshold in (None, *CV_THRESHOLDS):
        added = cv >= threshold if threshold is not None else np.zeros(len(y), bool)
        hits, coded = rules_hits + int((added & y).sum()), rules_coded + int(added.sum())
        precision, recall = hits / max(coded, 1), hits / max(n_gold, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        name = "rules alone" if threshold is None else f"rules + pairs >= {threshold}"
        print(f"{name:22} P {precision:.3f} R {recall:.3f} F1 {f1:.3f}", file=report)
    model = LogisticRegression(C=FIT_C, max_iter=5000).fit(x, y)
    names = vectorizer.get_feature_names_out()
    weights = {str(n): round(float(w), 6) for n, w in zip(names, model.coef_[0], strict=True)}
    return PairModel(round(float(model.intercept_[0]), 6), weights)


def write_model(model: PairModel, path: Path, *, note: str) -> None:
    """Write the weights as TOML, atomically."""
    from stances.chart_files import write_atomic

    lines = [f"# {line}" for line in note.splitlines()]
    lines += [f"intercept = {model.intercept!r}", "", "[weights]"]
    lines += [f'"{name}" = {weight!r}' for name, weight in sorted(model.weights.items())]
    write_atomic(path, ["\n".join(lines) + "\n"])


def main(argv: list[str] | None = None) -> None:
    """`python -m stances.pairs fit DATASET GOLD [-o FILE]`: fit on a coded dataset's
    articles (the tune half of the dev set) against its gold codes."""
    import argparse

    from stances.codebook import load_codebook
    from stances.dataset import read_dataset
    from stances.evaluate import read_gold

    parser = argparse.ArgumentParser(prog="python -m stances.pairs")
    parser.add_argument("action", choices=["fit"])
    parser.add_argument("dataset", help="a dataset coded from the tune half's texts")
    parser.add_argument("gold", help="the tune half's gold codes")
    parser.add_argument("-o", "--output", type=Path, default=MODEL_FILE)
    args = parser.parse_args(argv)
    articles = read_dataset(args.dataset).articles
    model = fit(articles, read_gold(args.gold), load_codebook())
    note = (
        "Weights of the article model of `stances.pairs`, written by\n"
        f"`python -m stances.pairs fit` on the {articles.shape[0]} articles of the tune half\n"
        f"(logistic regression, L2, C = {FIT_C}). Refit whenever the rules or the gold change."
    )
    write_model(model, args.output, note=note)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
