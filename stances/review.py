"""Human review of machine codes: the review queue and the checks of a reviews file.

A reviews file is the queue (CSV or Excel) with the decision columns filled in: `action`
is accept, correct, reject or add; a correction fills only the fields it changes; an added
code names its article (`doc_id`), actor, topic, stance and evidence passage. Rows with no
action are still to be reviewed and count for nothing. `stances.merge` applies the
checked rows to the dataset.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from stances.codebook import Codebook
from stances.errors import ReviewError
from stances.schema import ATTRIBUTIONS, STANCES
from stances.segment import split_sentences

ACTIONS = ("accept", "correct", "reject", "add")
ACTOR_MARK, CUE_MARK = ("⟦", "⟧"), ("⟨", "⟩")

# Queue columns: what the coder proposed (to read), then what the analyst decides (to fill).
PROPOSED = ["statement_id", "doc_id", "title", "published", "url", "evidence_marked"]
PROPOSED += ["proposed_actor", "proposed_topic", "proposed_stance", "reference", "confidence"]
PROPOSED += ["in_article"]
DECISIONS = ["action", "actor", "topic", "stance", "evidence", "attribution", "reviewer", "note"]
QUEUE_COLUMNS = PROPOSED + DECISIONS
DECIDING = ("action", "actor", "topic", "stance", "evidence")  # what makes two rows differ
UNIT_KEY = ["article_id", "actor_id", "topic_id"]
# How the article's other codes of the same actor, topic and reference bear on a code, from
# most to least likely wrong: on real news a code whose article also gives the pair another
# stance is right about half the time, one stated once about two times in three, one
# repeated with the same stance about nine times in ten (`stances eval` prints the figures).
CONFLICTING, ALONE, REPEATED = "conflicting", "alone", "repeated"
IN_ARTICLE = (CONFLICTING, ALONE, REPEATED)
# The columns a reviews file must have; the others are read when present.
REQUIRED = ["statement_id", "doc_id", "action"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a reviews file, at a row, with a hint towards the fix."""

    row: int
    message: str
    hint: str = ""

    def format(self, path: str | Path) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{path}:{self.row}: {self.message}{hint}"


@dataclass(frozen=True)
class Checked:
    """Decided review rows, resolved against the dataset, and what is wrong with them."""

    rows: pd.DataFrame  # decided rows, with evidence offsets and article_id resolved
    problems: list[Problem]  # errors: the merge refuses to run while there are any
    orphans: list[Problem]  # reviews of machine codes this build no longer has

    def report(self, path: str | Path) -> str:
        return "\n".join(
            p.format(path) for p in sorted(self.problems + self.orphans, key=lambda p: p.row)
        )


# --- the queue ---------------------------------------------------------------------------


def review_queue(
    statements: pd.DataFrame,
    codebook: Codebook,
    *,
    sample: int | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """Machine codes to check, the likeliest wrong first: codes whose article gives their
    pair another stance too, then codes stated once in their article, then repeated ones
    (`in_article`); within each, lowest confidence first, then by topic.

    `sample` draws that many units (article, actor, topic) at random, stratified by topic
    (each topic gets its share, by largest remainder), and lists all their codes, as a
    reliability study needs.
    """
    frame = statements.copy()
    ids = ["actor_id", "topic_id", "stance"]
    frame[ids] = frame[ids].astype(str)
    if sample is not None:
        frame = _stratified_sample(frame, sample, seed)
    frame["in_article"] = in_article(frame)
    frame["_rank"] = frame["in_article"].map(IN_ARTICLE.index)
    frame = frame.sort_values(
        ["_rank", "confidence", "topic_id", "doc_id", "evidence_start", "statement_id"],
        kind="stable",
    )
    queue = pd.DataFrame(
        {
            "statement_id": frame["statement_id"],
            "doc_id": frame["doc_id"],
            "title": frame["title"],
            "published": pd.to_datetime(frame["published"]).dt.strftime("%Y-%m-%d"),
            "url": frame["url"],
            "evidence_marked": [
                mark_evidence(row.evidence, _names(codebook, row.actor_id), list(row.cues))
                for row in frame.itertuples()
            ],
            "proposed_actor": frame["actor_id"],
            "proposed_topic": frame["topic_id"],
            "proposed_stance": frame["stance"],
            "reference": frame["reference"].astype(str),
            "confidence": frame["confidence"].astype(float).round(2),
            "in_article": frame["in_article"],
        }
    )
    for column in DECISIONS:
        queue[column] = ""
    return queue.reset_index(drop=True)


def in_article(statements: pd.DataFrame) -> pd.Series:
    """Each code's standing among its article's codes of the same actor, topic and
    reference: `conflicting` (another stance there too), `alone` or `repeated`."""
    if statements.empty:
        return pd.Series([], index=statements.index, dtype=object)
    keys = [statements[c].astype(str) for c in [*UNIT_KEY, "reference"]]
    stance = statements["stance"].astype(str).groupby(keys)
    conflicting = stance.transform("nunique") > 1
    repeated = stance.transform("size") > 1
    return pd.Series(
        np.select([conflicting, repeated], [CONFLICTING, REPEATED], ALONE),
        index=statements.index,
        dtype=object,
    )


def _stratified_sample(frame: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """All codes of n units (article, actor, topic) drawn at random, stratified by topic:
    a unit is judged whole, so its stance can be compared with another coder's."""
    if n < 1:
        raise ReviewError(f"expected a sample size of at least 1, got {n}", where="--sample")
    units = frame.drop_duplicates(UNIT_KEY)[UNIT_KEY]
    n = min(n, len(units))
    sizes = units.groupby("topic_id").size()
    quota = sizes / sizes.sum() * n
    take = np.floor(quota).astype(int)
    for topic in (quota - take).sort_values(ascending=False, kind="stable").index[: n - take.sum()]:
        take[topic] += 1
    rng = np.random.default_rng(seed)
    parts = [
        group.sample(n=int(take[topic]), random_state=rng)
        for topic, group in units.groupby("topic_id")
    ]
    return frame.merge(pd.concat(parts), on=UNIT_KEY)


def _names(codebook: Codebook, actor_id: str) -> list[str]:
    actor = codebook.actors.get(actor_id)
    return [actor.name, *actor.aliases, *(r.title for r in actor.roles)] if actor else []


def mark_evidence(evidence: str, names: list[str], cues: list[str]) -> str:
    """The evidence with the actor's names in ⟦…⟧ and the cue phrases in ⟨…⟩."""
    spans = []
    for phrases, kind in ((names, ACTOR_MARK), (cues, CUE_MARK)):
        words = sorted({p for p in phrases if p}, key=len, reverse=True)
        if words:
            pattern = r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"
            spans += [(m.start(), m.end(), kind) for m in re.finditer(pattern, evidence, re.I)]
    marked, end = [], 0
    for start, stop, (left, right) in sorted(spans):
        if start >= end:  # overlapping marks: the first one wins
            marked += [evidence[end:start], left, evidence[start:stop], right]
            end = stop
    return "".join([*marked, evidence[end:]])


def unmark(text: str) -> str:
    """Text without the queue's actor and cue marks (evidence copied from the queue)."""
    return re.sub(f"[{''.join(ACTOR_MARK + CUE_MARK)}]", "", text)


# --- reading and checking a reviews file ---------------------------------------------------


def check_reviews(
    reviews: pd.DataFrame,
    machine: pd.DataFrame,
    articles: pd.DataFrame,
    codebook: Codebook,
    *,
    reviewer: str | None = None,
) -> Checked:
    """Every problem of the decided rows at once, each with its row and a hint."""
    checker = _Checker(machine, articles, codebook)
    decided = reviews[reviews["action"] != ""]
    rows = [checker.check(row, reviewer) for row in decided.to_dict("records")]
    checker.duplicates(rows)
    resolved = pd.DataFrame(
        rows, columns=[*reviews.columns, "article_id", "start", "end"], dtype=object
    )
    return Checked(resolved, checker.problems, checker.orphans)


class _Checker:
    def __init__(self, machine: pd.DataFrame, articles: pd.DataFrame, codebook: Codebook):
        self.machine = machine.set_index("statement_id", drop=False)
        self.articles = articles.set_index("doc_id", drop=False)
        self.codebook = codebook
        self.problems: list[Problem] = []
        self.orphans: list[Problem] = []

    def problem(self, row: dict, message: str, hint: str = "") -> None:
        self.problems.append(Problem(row["row"], message, hint))

    def check(self, row: dict, default_reviewer: str | None) -> dict:
        row = {**row, "article_id": None, "start": None, "end": None}
        row["reviewer"] = row["reviewer"] or default_reviewer or ""
        action = row["action"] = row["action"].lower()
        if action not in ACTIONS:
            message = f"action {action!r} is not one of {', '.join(ACTIONS)}"
            self.problem(row, message, _near(action, ACTIONS))
            return row
        self._ids(row)
        if action in ("correct", "add") and not row["reviewer"]:
            self.problem(row, f"{action} needs a reviewer (its coder is manual:<reviewer>)")
        if action == "add":
            self._add(row)
        elif row["statement_id"] not in self.machine.index:
            self._orphan(row)
        else:
            code = self.machine.loc[row["statement_id"]]
            row["article_id"], row["start"], row["end"] = (
                code["article_id"],
                int(code["evidence_start"]),
                int(code["evidence_end"]),
            )
            if action == "correct":
                self._correct(row, code)
                row["actor"], row["topic"] = (
                    row["actor"] or str(code["actor_id"]),
                    row["topic"] or str(code["topic_id"]),
                )
        return row

    def _ids(self, row: dict) -> None:
        book = self.codebook
        known = {"actor": book.actors, "topic": book.topics}
        for column, ids in {**known, "stance": STANCES, "attribution": ATTRIBUTIONS}.items():
            value = row[column]
            if value and value not in ids:
                self.problem(row, f"unknown {column} {value!r}", _near(value, list(ids)))

    def _add(self, row: dict) -> None:
        empty = [c for c in ("doc_id", "actor", "topic", "stance", "evidence") if not row[c]]
        if empty:
            self.problem(row, f"add needs {', '.join(empty)}")
        if row["doc_id"] and row["doc_id"] not in self.articles.index:
            self.problem(
                row, f"no article {row['doc_id']!r}", _near(row["doc_id"], self.articles.index)
            )
        elif row["doc_id"] and row["evidence"]:
            self._locate(row)

    def _correct(self, row: dict, code: pd.Series) -> None:
        if row["evidence"]:
            self._locate(row)
        changed = [
            c
            for c, old in (("actor", "actor_id"), ("topic", "topic_id"), ("stance", "stance"))
            if row[c] and row[c] != str(code[old])
        ]
        moved = row["evidence"] and (row["start"], row["end"]) != (
            int(code["evidence_start"]),
            int(code["evidence_end"]),
        )
        if not changed and not moved and not row["attribution"]:
            self.problem(
                row,
                "correct changes nothing",
                "fill the corrected actor, topic or stance, or use accept",
            )

    def _locate(self, row: dict) -> None:
        article = self.articles.loc[row["doc_id"]]
        passage = unmark(row["evidence"])
        found = locate(article["text"], passage)
        if found is None:
            self.problem(
                row,
                "evidence not found in the article",
                f"closest passage: {closest_passage(article['text'], passage, self.codebook)!r}",
            )
        else:
            row["article_id"], (row["start"], row["end"]) = article["article_id"], found
            row["evidence"] = article["text"][found[0] : found[1]]  # as the article spells it

    def _orphan(self, row: dict) -> None:
        same = self.machine[
            (self.machine["doc_id"] == row["doc_id"])
            & (self.machine["actor_id"].astype(str) == row.get("proposed_actor", ""))
            & (self.machine["topic_id"].astype(str) == row.get("proposed_topic", ""))
        ]
        if len(same):
            hint = f"this build codes the same article, actor and topic as {same.index[0]!r}"
        else:
            hint = _near(row["statement_id"], self.machine.index) or "the coder or codebook changed"
        message = f"{row['action']} refers to no machine code {row['statement_id']!r}"
        self.orphans.append(Problem(row["row"], message, hint))

    def duplicates(self, rows: list[dict]) -> None:
        """Two decisions on one code; two rows, or a row and a kept machine code, that give
        the same code (article, actor, topic, evidence) in the merged view."""
        valid = [r for r in rows if r["action"] in ACTIONS]
        seen: dict[tuple, dict] = {}
        for row in valid:
            fields = ("doc_id", "actor", "topic", "start", "evidence")
            key = tuple(row[c] for c in fields) if row["action"] == "add" else row["statement_id"]
            first = seen.setdefault(key, row)
            if first is not row:
                word = "repeats" if all(row[c] == first[c] for c in DECIDING) else "conflicts with"
                self.problem(row, f"{word} row {first['row']}", "keep one decision per code")
                row["repeated"] = True
        removed = {r["statement_id"] for r in valid if r["action"] in ("reject", "correct")}
        kept = {
            _code_key(code): code["statement_id"]
            for code in self.machine.to_dict("records")
            if code["statement_id"] not in removed
        }
        made: dict[tuple, dict] = {}
        for row in valid:
            if row["action"] not in ("correct", "add") or row["start"] is None or "repeated" in row:
                continue
            key = (row["article_id"], row["actor"], row["topic"], row["start"], row["end"])
            first = made.setdefault(key, row)
            if first is not row:
                self.problem(row, f"gives the same code as row {first['row']}", "keep one")
            elif kept.get(key, row["statement_id"]) != row["statement_id"]:
                hint = "accept that one instead"
                self.problem(row, f"gives the same code as machine code {kept[key]!r}", hint)


def _code_key(code: dict) -> tuple:
    """What makes two codes the same code: article, actor, topic and evidence span."""
    return (
        code["article_id"],
        str(code["actor_id"]),
        str(code["topic_id"]),
        int(code["evidence_start"]),
        int(code["evidence_end"]),
    )


def _near(value: str, choices) -> str:
    found = difflib.get_close_matches(value, [str(c) for c in choices], n=1, cutoff=0.5)
    return f"did you mean {found[0]!r}?" if found else ""


def locate(text: str, passage: str) -> tuple[int, int] | None:
    """Offsets of the passage in the text: exact, else ignoring case and runs of spaces."""
    start = text.find(passage)
    if start >= 0:
        return start, start + len(passage)
    words = passage.split()
    if not words:
        return None
    found = re.search(r"\s+".join(map(re.escape, words)), text, re.IGNORECASE)
    return found.span() if found else None


def closest_passage(text: str, passage: str, codebook: Codebook) -> str:
    """The article's sentence that holds most of the passage's words, in order."""
    abbreviations = codebook.patterns.words.abbreviations
    sentences = [text[s.start : s.end] for s in split_sentences(text, abbreviations=abbreviations)]
    words = passage.lower().split()

    def likeness(sentence: str) -> tuple[int, float]:
        matcher = difflib.SequenceMatcher(None, words, sentence.lower().split(), autojunk=False)
        return sum(block.size for block in matcher.get_matching_blocks()), matcher.ratio()

    return max(sentences, key=likeness, default="")
