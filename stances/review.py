"""Human review of machine codes: the review queue and the checks of a reviews file.

A reviews file is the queue (CSV or Excel) with the decision columns filled in: `action`
is accept, correct, reject or add; a correction fills only the fields it changes; an added
code names its article (`doc_id`), actor, topic, stance and evidence passage. Rows with no
action are still to be reviewed and count for nothing. `stances.merge` applies the
checked rows to the dataset.
"""

from __future__ import annotations

import csv
import difflib
import os
import re
import tempfile
import zipfile
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
PROPOSED += ["proposed_actor", "proposed_topic", "proposed_stance", "confidence"]
DECISIONS = ["action", "actor", "topic", "stance", "evidence", "attribution", "reviewer", "note"]
QUEUE_COLUMNS = PROPOSED + DECISIONS
DECIDING = ("action", "actor", "topic", "stance", "evidence")  # what makes two rows differ
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
    """Machine codes to check, lowest confidence first, then by topic.

    `sample` draws that many codes at random, stratified by topic (each topic gets its
    share of the sample, by largest remainder), as a reliability study needs.
    """
    frame = statements.copy()
    ids = ["actor_id", "topic_id", "stance"]
    frame[ids] = frame[ids].astype(str)
    if sample is not None:
        frame = _stratified_sample(frame, sample, seed)
    frame = frame.sort_values(
        ["confidence", "topic_id", "doc_id", "evidence_start", "statement_id"], kind="stable"
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
            "confidence": frame["confidence"].astype(float).round(2),
        }
    )
    for column in DECISIONS:
        queue[column] = ""
    return queue.reset_index(drop=True)


def _stratified_sample(frame: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    if n < 1:
        raise ReviewError(f"expected a sample size of at least 1, got {n}", where="--sample")
    sizes = frame.groupby("topic_id").size()
    quota = sizes / sizes.sum() * min(n, len(frame))
    take = np.floor(quota).astype(int)
    left = int(min(n, len(frame)) - take.sum())
    for topic in (quota - take).sort_values(ascending=False, kind="stable").index[:left]:
        take[topic] += 1
    rng = np.random.default_rng(seed)
    parts = [
        group.sample(n=int(take[topic]), random_state=rng)
        for topic, group in frame.groupby("topic_id")
    ]
    return pd.concat(parts)


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


def read_reviews(path: str | Path) -> pd.DataFrame:
    """The rows of a reviews file (.csv or .xlsx) as strings, each with its spreadsheet `row`
    (the header is row 1; blank rows keep their numbers, as a spreadsheet shows them)."""
    source = Path(path)
    if not source.is_file():
        raise ReviewError("no such reviews file", path=source)
    suffix = source.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ReviewError("expected a .csv or .xlsx reviews file", path=source)
    try:
        rows = _xlsx_rows(source) if suffix == ".xlsx" else _csv_rows(source)
    except (OSError, ValueError, KeyError, csv.Error, zipfile.BadZipFile) as e:
        raise ReviewError(f"cannot read the reviews file ({e})", path=source) from e
    header = [str(c or "").strip() for c in (rows[0] if rows else [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ReviewError(f"missing column(s) {', '.join(missing)}", path=source, where="1")
    blank = dict.fromkeys(QUEUE_COLUMNS, "")
    records = [
        {**blank, **dict(zip(header, map(_text, cells), strict=False)), "row": n}
        for n, cells in enumerate(rows[1:], start=2)
        if any(_text(c) for c in cells)
    ]
    return pd.DataFrame(records, columns=[*dict.fromkeys([*QUEUE_COLUMNS, *header]), "row"])


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def _xlsx_rows(path: Path) -> list[tuple]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


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
        seen: dict[tuple, dict] = {}
        for row in (r for r in rows if r["action"] in ACTIONS):
            fields = ("doc_id", "actor", "topic", "start", "evidence")
            key = tuple(row[c] for c in fields) if row["action"] == "add" else row["statement_id"]
            first = seen.setdefault(key, row)
            if first is row:
                continue
            same = all(row[c] == first[c] for c in DECIDING)
            word = "repeats" if same else "conflicts with"
            self.problem(row, f"{word} row {first['row']}", "keep one decision per code")


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


# --- writing the queue ---------------------------------------------------------------------

SPARE_ROWS = 200  # rows below the queue that keep their dropdowns, for added codes
WIDTHS = {"evidence_marked": 80, "evidence": 40}
_MARKED = re.compile(
    f"({ACTOR_MARK[0]}[^{ACTOR_MARK[1]}]*{ACTOR_MARK[1]}"
    f"|{CUE_MARK[0]}[^{CUE_MARK[1]}]*{CUE_MARK[1]})"
)


def write_queue(queue: pd.DataFrame, path: str | Path, codebook: Codebook, *, doc_ids) -> Path:
    """Write the queue as .xlsx (dropdowns for the decisions), .csv or .html, atomically."""
    target = Path(path)
    writers = {".xlsx": _write_xlsx, ".csv": _write_csv, ".html": _write_html}
    write = writers.get(target.suffix.lower())
    if write is None:
        raise ReviewError(f"expected a queue file ending in {', '.join(writers)}", path=target)
    lists = {
        "action": list(ACTIONS),
        "actor": sorted(codebook.actors),
        "topic": sorted(codebook.topics),
        "stance": list(STANCES),
        "attribution": list(ATTRIBUTIONS),
        "doc_id": sorted(set(doc_ids)),
    }
    atomic_write(target, lambda tmp: write(queue, tmp, lists))
    return target


def atomic_write(path: Path, write, *, before_rename=None) -> None:
    """Call write(temporary path) beside `path`, fsync, then rename over `path`.

    `before_rename`, if given, runs between the two: if it fails, `path` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        if before_rename is not None:
            before_rename()
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _write_csv(queue: pd.DataFrame, path: Path, lists: dict) -> None:
    queue.to_csv(path, index=False, encoding="utf-8")


def _write_xlsx(queue: pd.DataFrame, path: Path, lists: dict) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "queue"
    sheet.append(QUEUE_COLUMNS)
    evidence = QUEUE_COLUMNS.index("evidence_marked")
    for values in queue[QUEUE_COLUMNS].itertuples(index=False):
        sheet.append(["" if pd.isna(v) else v for v in values])
        cell = sheet.cell(row=sheet.max_row, column=evidence + 1, value=_rich(values[evidence]))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    to_fill = PatternFill("solid", fgColor="FFF2CC")
    for number, name in enumerate(QUEUE_COLUMNS, start=1):
        letter = get_column_letter(number)
        sheet[f"{letter}1"].font = Font(bold=True)
        if name in DECISIONS:
            sheet[f"{letter}1"].fill = to_fill
        sheet.column_dimensions[letter].width = WIDTHS.get(name, 16)
    sheet.freeze_panes = "B2"
    choices = book.create_sheet("lists")
    last = len(queue) + 1 + SPARE_ROWS
    for number, (name, values) in enumerate(lists.items(), start=1):
        if not values:
            continue
        letter = get_column_letter(number)
        choices.cell(row=1, column=number, value=name)
        for offset, value in enumerate(values, start=2):
            choices.cell(row=offset, column=number, value=value)
        rule = DataValidation(
            type="list",
            formula1=f"lists!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=f"unknown {name}",
            error=f"Pick a {name} from the list.",
        )
        column = get_column_letter(QUEUE_COLUMNS.index(name) + 1)
        rule.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(rule)
    choices.sheet_state = "hidden"
    book.save(path)


def _rich(marked: str):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    fonts = {
        ACTOR_MARK[0]: InlineFont(b=True, color="1F4E79"),
        CUE_MARK[0]: InlineFont(b=True, color="C55A11"),
    }
    parts = [p for p in _MARKED.split(marked) if p]
    return CellRichText([TextBlock(fonts[p[0]], p) if p[0] in fonts else p for p in parts])


def _write_html(queue: pd.DataFrame, path: Path, lists: dict) -> None:
    table = queue[[*PROPOSED[1:], "action"]].to_html(index=False, escape=True, na_rep="")
    for (left, right), kind in ((ACTOR_MARK, "actor"), (CUE_MARK, "cue")):
        table = table.replace(left, f'<mark class="{kind}">{left}').replace(
            right, f"{right}</mark>"
        )
    style = (
        "body{font:13px system-ui,sans-serif;margin:1em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}"
        "th{background:#eee}td:nth-child(3){white-space:nowrap}"
        "mark.actor{background:#dbe8f6;font-weight:600}mark.cue{background:#fbe3cf}"
        "td{max-width:16em;overflow-wrap:anywhere}td:nth-child(5){max-width:44em;min-width:30em}"
    )
    html = (
        f'<!doctype html><html><head><meta charset="utf-8"><title>Review queue</title>'
        f"<style>{style}</style></head><body><h1>Review queue</h1>"
        f"<p>{len(queue)} machine codes, lowest confidence first. "
        f"⟦actor⟧ and ⟨cue⟩ are marked.</p>{table}</body></html>"
    )
    path.write_text(html, encoding="utf-8")
