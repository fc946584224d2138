"""Merge checked reviews into the machine codes: the final statements and the audit table.

The audit table (`reviews.parquet` in the dataset directory) keeps every machine code as
the coder wrote it and every human decision, with the code each decision produced;
statements.parquet becomes the merged view. Reviews whose machine code is gone (the
coder or codebook changed) are kept there as orphans.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from stances.codebook import Codebook
from stances.errors import ReviewError
from stances.review import Checked, check_reviews
from stances.reviewsheet import read_reviews
from stances.schema import CURRENT, STATEMENTS, TableSpec

MANUAL = "manual"
ADDED_ATTRIBUTION = "paraphrase"  # an added code is the actor's own position unless told
MANUAL_SCORES = {"support": 1.0, "oppose": -1.0, "neutral": 0.0, "mixed": 0.0}
AUDIT_FILE = "reviews.parquet"


def _review_field(name: str, type_: pa.DataType, description: str) -> pa.Field:
    return pa.field(name, type_, nullable=True, metadata={"description": description})


_category = pa.dictionary(pa.int32(), pa.string())
# The audit table: each machine code as the coder wrote it (empty for added codes), then
# the human decision about it and the code it became in the merged view.
AUDIT = pa.schema(
    [f.with_nullable(True) for f in STATEMENTS]
    + [
        _review_field("action", _category, "accept / correct / reject / add; empty: unreviewed."),
        _review_field(
            "status",
            _category,
            "unreviewed; applied; orphan: the review names a machine code this build lacks.",
        ),
        _review_field("reviewer", pa.string(), "Who decided (coder of the result: manual:<name>)."),
        _review_field("note", pa.string(), "The reviewer's note."),
        _review_field("review_file", pa.string(), "Name of the reviews file the decision is in."),
        _review_field("review_row", pa.int32(), "Row of the decision in that file (header: 1)."),
        _review_field("final_statement_id", pa.string(), "Id of the row in statements.parquet."),
        _review_field("final_actor_id", pa.string(), "Actor of the final code."),
        _review_field("final_topic_id", pa.string(), "Topic of the final code."),
        _review_field("final_stance", pa.string(), "Stance of the final code."),
        _review_field("final_coder", pa.string(), "Coder of the final code."),
    ]
)
REVIEW_COLUMNS = AUDIT.names[len(STATEMENTS) :]
REVIEWS_TABLE = TableSpec(
    AUDIT_FILE.removesuffix(".parquet"),
    "The audit of human review: every machine code as the coder wrote it and every "
    "decision about it, with the code each decision produced in statements.parquet.",
    AUDIT,
    values={
        "action": ("accept", "correct", "reject", "add"),
        "status": ("unreviewed", "applied", "orphan"),
    },
)


# --- the merge and the audit table ---------------------------------------------------------


@dataclass(frozen=True)
class Merged:
    """The final statements (the merged view) and the audit table behind them."""

    statements: pd.DataFrame
    audit: pd.DataFrame


def merge_reviews(
    machine: pd.DataFrame,
    checked: Checked,
    articles: pd.DataFrame,
    codebook: Codebook,
    *,
    review_file: str,
) -> Merged:
    """Apply checked reviews to the machine codes.

    Accepted codes stay, with confidence 1 (their machine confidence stays in the audit);
    rejected codes leave; corrected and added codes become rows of coder manual:<reviewer>.
    The audit holds every machine code, every decision and every orphan.
    """
    if checked.problems:
        raise ReviewError(f"{len(checked.problems)} problem(s) in the reviews file")
    audit = machine.assign(**{**dict.fromkeys(REVIEW_COLUMNS), "status": "unreviewed"})
    audit = audit.set_index("statement_id", drop=False)
    final = machine.set_index("statement_id", drop=False)
    by_doc = articles.set_index("doc_id", drop=False)
    manual, extra_audit = [], []
    for row in checked.rows.to_dict("records"):
        decision = {
            "action": row["action"],
            "status": "applied",
            "reviewer": row["reviewer"] or None,
            "note": row["note"] or None,
            "review_file": review_file,
            "review_row": row["row"],
        }
        key = row["statement_id"]
        if row["action"] == "add":
            code = _added_code(row, by_doc.loc[row["doc_id"]], codebook)
            manual.append(code)
            extra_audit.append(
                {
                    "article_id": code["article_id"],
                    "doc_id": code["doc_id"],
                    **decision,
                    **_final(code),
                }
            )
        elif key not in final.index:
            extra_audit.append(
                {"statement_id": key, "doc_id": row["doc_id"], **decision, "status": "orphan"}
            )
        elif row["action"] == "reject":
            final = final.drop(index=key)
            _record(audit, key, decision)
        elif row["action"] == "accept":
            final.loc[key, "confidence"] = 1.0
            _record(audit, key, {**decision, **_final(final.loc[key])})
        else:
            code = _corrected_code(final.loc[key], row, codebook)
            final = final.drop(index=key)
            manual.append(code)
            _record(audit, key, {**decision, **_final(code)})
    statements = pd.concat(
        [final.reset_index(drop=True), pd.DataFrame(manual, columns=STATEMENTS.names)],
        ignore_index=True,
    )
    extra = pd.DataFrame(extra_audit, columns=AUDIT.names)
    audit = pd.concat([audit.reset_index(drop=True), extra], ignore_index=True)
    return Merged(statements[STATEMENTS.names], audit[AUDIT.names])


def _record(audit: pd.DataFrame, key: str, values: dict) -> None:
    for column, value in values.items():
        audit.at[key, column] = value


def _final(code) -> dict:
    return {
        "final_statement_id": code["statement_id"],
        "final_actor_id": str(code["actor_id"]),
        "final_topic_id": str(code["topic_id"]),
        "final_stance": str(code["stance"]),
        "final_coder": str(code["coder"]),
    }


def statement_id(
    article_id: str, actor_id: str, topic_id: str, start: int, end: int, coder: str
) -> str:
    """The stable id of a statement, built as the coder builds it."""
    key = "|".join(str(x) for x in (article_id, actor_id, topic_id, start, end, coder))
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _corrected_code(code: pd.Series, row: dict, codebook: Codebook) -> dict:
    result = code.to_dict()
    actor = row["actor"] or str(code["actor_id"])
    stance = row["stance"] or str(code["stance"])
    if row["evidence"]:  # found in the article by the check, spelt as there
        result.update(
            evidence=row["evidence"], evidence_start=row["start"], evidence_end=row["end"]
        )
    return _manual(
        result,
        row,
        codebook,
        actor=actor,
        topic=row["topic"] or str(code["topic_id"]),
        stance=stance,
    )


def _added_code(row: dict, article: pd.Series, codebook: Codebook) -> dict:
    code = {
        **{c: article[c] for c in ("article_id", "doc_id", "published", "source", "url", "title")},
        "via_actor_id": None,
        "evidence": row["evidence"],
        "evidence_start": row["start"],
        "evidence_end": row["end"],
        "quote": None,
        "codebook": codebook.label,
        "reference": CURRENT,
        "attribution": ADDED_ATTRIBUTION,
    }
    return _manual(
        code, row, codebook, actor=row["actor"], topic=row["topic"], stance=row["stance"]
    )


def _manual(code: dict, row: dict, codebook: Codebook, *, actor: str, topic: str, stance: str):
    coder = f"{MANUAL}:{row['reviewer']}"
    code.update(
        actor_id=actor,
        actor_name=codebook.actors[actor].name,
        topic_id=topic,
        stance=stance,
        score=MANUAL_SCORES[stance],
        confidence=1.0,
        cues=[],
        coder=coder,
        attribution=row["attribution"] or code["attribution"],
    )
    code["statement_id"] = statement_id(
        code["article_id"], actor, topic, code["evidence_start"], code["evidence_end"], coder
    )
    return code


# --- the dataset directory: machine codes, the audit file, applying a reviews file ---------


def machine_codes(data_dir: str | Path) -> pd.DataFrame:
    """The dataset's machine codes: from its audit table when statements.parquet is the
    merged view of that audit, else statements.parquet itself (a fresh build of the coder)."""
    from stances.dataset import read_dataset

    dataset = read_dataset(data_dir)
    audit = _current_audit(dataset)
    if audit is not None:
        codes = audit[audit["status"].ne("orphan") & audit["coder"].notna()]
        return codes[STATEMENTS.names].reset_index(drop=True)
    manual = dataset.statements["coder"].astype(str).str.startswith(f"{MANUAL}:")
    if manual.any():
        raise ReviewError(
            f"statements.parquet holds {int(manual.sum())} reviewed code(s) but no audit table "
            f"of the same build; rebuild it with `stances code`",
            path=data_dir,
        )
    return dataset.statements


@dataclass(frozen=True)
class Audit:
    frame: pd.DataFrame
    metadata: dict[str, str]


def _current_audit(dataset) -> pd.DataFrame | None:
    """The audit table when the dataset's build has one (a build of the coder alone has
    none: then statements.parquet holds machine codes only)."""
    return dataset.tables.get(REVIEWS_TABLE.name)


def read_audit(data_dir: str | Path) -> Audit | None:
    """The audit table of a dataset directory, or None when nothing was reviewed yet."""
    from stances.dataset import read_dataset

    dataset = read_dataset(data_dir)
    audit = _current_audit(dataset)
    return None if audit is None else Audit(audit, dataset.metadata)


def unreviewed_codes(data_dir: str | Path) -> pd.DataFrame:
    """The dataset's statements that no human has decided yet (what a new queue lists)."""
    from stances.dataset import read_dataset

    dataset = read_dataset(data_dir)
    audit = _current_audit(dataset)
    if audit is None:
        return dataset.statements
    decided = audit.loc[audit["status"] == "applied", "final_statement_id"]
    keep = ~dataset.statements["statement_id"].isin(decided.dropna())
    return dataset.statements[keep].reset_index(drop=True)


@dataclass(frozen=True)
class Reviewed:
    """How many of a dataset's final codes a human has decided (accepted, corrected, added)."""

    reviewed: int
    statements: int
    orphans: int = 0

    def __str__(self) -> str:
        return f"{self.reviewed} of {self.statements} codes human-reviewed"


def human_reviewed(data_dir: str | Path) -> Reviewed:
    """How many codes in the dataset's merged view a human has accepted, corrected or added."""
    from stances.dataset import read_dataset

    return reviewed_in(read_dataset(data_dir))


def reviewed_in(dataset) -> Reviewed:
    """`human_reviewed` for a dataset already read."""
    audit = _current_audit(dataset)
    if audit is None:
        return Reviewed(0, len(dataset.statements))
    decided = audit.loc[audit["status"] == "applied", "final_statement_id"].dropna()
    orphans = int((audit["status"] == "orphan").sum())
    return Reviewed(len(set(decided)), len(dataset.statements), orphans)


@dataclass(frozen=True)
class Applied:
    """What applying a reviews file did: the checked rows and the merged dataset."""

    checked: Checked
    merged: Merged

    def counts(self) -> dict[str, int]:
        applied = self.merged.audit[self.merged.audit["status"] == "applied"]
        counts = applied["action"].astype(str).value_counts()
        return {
            action: int(counts.get(action, 0)) for action in ("accept", "correct", "reject", "add")
        }


def apply_reviews(
    reviews_path: str | Path,
    data_dir: str | Path,
    *,
    codebook: str | Path | None = None,
    reviewer: str | None = None,
) -> Applied:
    """Check a reviews file against a dataset, merge it, and write the merged view and audit.

    Any problem stops the merge (ReviewError listing all of them) and leaves the dataset as
    it was. Orphans do not stop it: they are kept in the audit and returned. The merged
    statements and the audit are committed together, as one build of the dataset.
    """
    from stances.codebook import load_codebook
    from stances.dataset import read_dataset, write_dataset

    book = load_codebook(codebook or dataset_codebook(data_dir))
    dataset = read_dataset(data_dir)
    machine = machine_codes(data_dir)
    reviews = read_reviews(reviews_path)
    checked = check_reviews(reviews, machine, dataset.articles, book, reviewer=reviewer)
    if checked.problems:
        raise ReviewError(
            f"{len(checked.problems)} problem(s); nothing was merged:\n"
            + checked.report(reviews_path)
        )
    merged = merge_reviews(
        machine, checked, dataset.articles, book, review_file=Path(reviews_path).name
    )
    write_dataset(
        merged.statements,
        dataset.articles,
        data_dir,
        codebook=book,
        extra_tables=[(REVIEWS_TABLE, merged.audit)],
        layout=dataset.layout,
    )
    return Applied(checked, merged)


def dataset_codebook(data_dir: str | Path) -> Path | None:
    """The codebook a dataset directory ships (codebook.toml), if it has one."""
    path = Path(data_dir) / "codebook.toml"
    return path if path.is_file() else None
