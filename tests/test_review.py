"""Review layer: the queue, reviews-file checks, the merge and its audit table."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from builders import make_statements, stmt
from hypothesis import given
from hypothesis import strategies as st

from stances import report
from stances.cli import main
from stances.codebook import load_codebook
from stances.dataset import read_dataset, write_dataset
from stances.errors import ReviewError
from stances.merge import (
    AUDIT,
    AUDIT_FILE,
    apply_reviews,
    human_reviewed,
    machine_codes,
    read_audit,
    unreviewed_codes,
)
from stances.review import QUEUE_COLUMNS, check_reviews, mark_evidence, review_queue, unmark
from stances.reviewsheet import read_reviews, write_queue


@pytest.fixture(scope="module")
def book():
    return load_codebook()


@pytest.fixture
def data(dataset_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the hand-made dataset, safe to merge reviews into."""
    return Path(shutil.copytree(dataset_dir, tmp_path / "data"))


def _code(data: Path, actor: str, topic: str) -> pd.Series:
    statements = read_dataset(data).statements
    rows = statements[(statements["actor_id"] == actor) & (statements["topic_id"] == topic)]
    return rows.iloc[0]


def _review(code: pd.Series | None = None, **decision: str) -> dict:
    row = dict.fromkeys(QUEUE_COLUMNS, "")
    if code is not None:
        row.update(
            statement_id=code["statement_id"],
            doc_id=code["doc_id"],
            proposed_actor=str(code["actor_id"]),
            proposed_topic=str(code["topic_id"]),
            proposed_stance=str(code["stance"]),
        )
    return {**row, **decision}


def _write(path: Path, *rows: dict) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=QUEUE_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


# --- the queue ---------------------------------------------------------------------------


def test_mark_evidence_marks_actor_names_and_cues():
    result = mark_evidence(
        "Defense Secretary Pete Hegseth said NATO membership was unrealistic; hegseth repeated it.",
        ["Pete Hegseth", "Hegseth", "Defense Secretary"],
        ["unrealistic", "NATO membership"],
    )
    expected = (
        "⟦Defense Secretary⟧ ⟦Pete Hegseth⟧ said ⟨NATO membership⟩ was ⟨unrealistic⟩; "
        "⟦hegseth⟧ repeated it."
    )
    assert result == expected
    assert unmark(result).endswith("hegseth repeated it.")
    assert mark_evidence("Trumpism is not Trump.", ["Trump"], []) == "Trumpism is not ⟦Trump⟧."


@given(
    evidence=st.text(max_size=80),
    names=st.lists(st.text(min_size=1, max_size=8), max_size=3),
    cues=st.lists(st.text(min_size=1, max_size=8), max_size=3),
)
def test_marks_come_off_again(evidence, names, cues):
    evidence = unmark(evidence)  # article text never holds the mark characters
    assert unmark(mark_evidence(evidence, names, cues)) == evidence


def test_queue_of_no_codes_is_empty(book):
    statements = make_statements(stmt("a", None, "trump", "minerals_deal", "support")).iloc[:0]
    queue = review_queue(statements, book)
    assert queue.empty
    assert list(queue.columns) == QUEUE_COLUMNS


def test_queue_lowest_confidence_first_then_topic(book):
    statements = make_statements(
        stmt("a", "2025-02-01", "trump", "peace_negotiations", "support", confidence=0.9),
        stmt("a", "2025-02-01", "putin", "us_russia_relations", "support", confidence=0.5),
        stmt("b", "2025-03-01", "trump", "minerals_deal", "support", confidence=0.5),
        stmt("b", "2025-03-01", "zelensky", "minerals_deal", "oppose", confidence=0.7),
    )
    queue = review_queue(statements, book)
    assert list(queue.columns) == QUEUE_COLUMNS
    result = list(zip(queue["confidence"], queue["proposed_topic"], strict=True))
    expected = [
        (0.5, "minerals_deal"),
        (0.5, "us_russia_relations"),
        (0.7, "minerals_deal"),
        (0.9, "peace_negotiations"),
    ]
    assert result == expected
    assert queue.loc[0, "published"] == "2025-03-01"
    assert (queue["action"] == "").all()


def test_queue_puts_conflicting_codes_first_then_lone_then_repeated(book):
    day = "2025-02-01"
    statements = make_statements(
        stmt("a", day, "trump", "peace_negotiations", "support", confidence=0.5),
        stmt("a", day, "trump", "peace_negotiations", "support", confidence=0.5),
        stmt("a", day, "putin", "us_russia_relations", "support", confidence=0.9),
        stmt("a", day, "putin", "us_russia_relations", "oppose", confidence=0.9),
        stmt("a", day, "zelensky", "minerals_deal", "support", confidence=0.9),
        # the same pair in another article is another unit: no conflict with article a
        stmt("b", day, "zelensky", "minerals_deal", "oppose", confidence=0.4),
    )
    queue = review_queue(statements, book)
    columns = ("proposed_actor", "in_article", "confidence")
    result = list(zip(*(queue[c] for c in columns), strict=True))
    assert result == [
        ("putin", "conflicting", 0.9),
        ("putin", "conflicting", 0.9),
        ("zelensky", "alone", 0.4),
        ("zelensky", "alone", 0.9),
        ("trump", "repeated", 0.5),
        ("trump", "repeated", 0.5),
    ]


def test_a_recap_does_not_conflict_with_a_current_code(book):
    day = "2025-02-01"
    current = stmt("a", day, "putin", "us_russia_relations", "support")
    recap = stmt("a", day, "putin", "us_russia_relations", "oppose", reference="recap")
    queue = review_queue(make_statements(current, recap), book)
    assert set(queue["in_article"]) == {"alone"}
    both_current = make_statements(current, {**recap, "reference": "current"})
    assert set(review_queue(both_current, book)["in_article"]) == {"conflicting"}


def test_stratified_sample_draws_whole_units_by_topic_share(book):
    # 30 units on one topic, 10 on another; each unit (article, actor, topic) has two codes.
    rows = [
        stmt(f"{prefix}{i}", "2025-02-01", "trump", topic, stance)
        for prefix, topic, n in (("a", "peace_negotiations", 30), ("b", "minerals_deal", 10))
        for i in range(n)
        for stance in ("support", "oppose")
    ]
    statements = make_statements(*rows)
    sample = review_queue(statements, book, sample=8, seed=1)
    units = sample.drop_duplicates(["doc_id", "proposed_actor", "proposed_topic"])
    assert units["proposed_topic"].value_counts().to_dict() == {
        "peace_negotiations": 6,
        "minerals_deal": 2,
    }
    assert len(sample) == 16  # both codes of every drawn unit
    again = review_queue(statements, book, sample=8, seed=1)
    other = review_queue(statements, book, sample=8, seed=2)
    assert sample["statement_id"].tolist() == again["statement_id"].tolist()
    assert sorted(sample["statement_id"]) != sorted(other["statement_id"])
    assert len(review_queue(statements, book, sample=100)) == 80
    with pytest.raises(ReviewError, match="--sample"):
        review_queue(statements, book, sample=0)


def test_xlsx_queue_has_dropdowns_and_reads_back(data, book, tmp_path):
    from openpyxl import load_workbook

    dataset = read_dataset(data)
    queue = review_queue(dataset.statements, book)
    path = write_queue(queue, tmp_path / "queue.xlsx", book, doc_ids=dataset.articles["doc_id"])
    sheet = load_workbook(path)["queue"]
    rules = {str(rule.sqref).split(":")[0]: rule for rule in sheet.data_validations.dataValidation}
    letters = {name: chr(ord("A") + i) for i, name in enumerate(QUEUE_COLUMNS)}
    for column in ("action", "actor", "topic", "stance"):
        rule = rules[f"{letters[column]}2"]
        assert rule.type == "list"
        assert rule.formula1.startswith("lists!")
    lists = load_workbook(path)["lists"]
    assert lists.sheet_state == "hidden"
    actions = [cell.value for cell in lists["A"][1:] if cell.value]
    assert actions == ["accept", "correct", "reject", "add"]
    back = read_reviews(path)
    assert back["statement_id"].tolist() == queue["statement_id"].tolist()
    assert back["evidence_marked"].tolist() == queue["evidence_marked"].tolist()
    assert back["row"].tolist() == list(range(2, len(queue) + 2))


def test_queue_html_escapes_text_and_marks(data, book, tmp_path, hostile):
    dataset = read_dataset(data)
    queue = review_queue(dataset.statements, book)
    path = write_queue(queue, tmp_path / "queue.html", book, doc_ids=[])
    html = path.read_text(encoding="utf-8")
    assert hostile["script"] not in html
    assert '<mark class="actor">⟦' in html
    with pytest.raises(ReviewError, match="ending in"):
        write_queue(queue, tmp_path / "queue.txt", book, doc_ids=[])


# --- checking a reviews file -------------------------------------------------------------


def test_check_reports_every_problem_with_row_and_hint(data, book, tmp_path):
    dataset = read_dataset(data)
    hegseth = _code(data, "hegseth", "ukraine_nato_membership")
    trump = _code(data, "trump", "us_russia_relations")
    putin = _code(data, "putin", "us_russia_relations")
    zelensky = _code(data, "zelensky", "ukraine_nato_membership")
    reviews = _write(
        tmp_path / "reviews.csv",
        _review(hegseth, action="correct", actor="hegseht", reviewer="ana"),  # row 2
        _review(trump, action="accept"),  # row 3
        _review(trump, action="reject"),  # row 4: conflicts with row 3
        _review(putin, action="accept"),  # row 5
        _review(putin, action="accept"),  # row 6: repeats row 5
        _review(
            action="add",
            doc_id="2025-02-12-call.txt",
            actor="trump",
            topic="peace_negotiation",
            stance="support",
            evidence="Trump said the call was lengthy and very productive",
            reviewer="ana",
        ),  # row 7: unknown topic, evidence not in the article
        _review(trump, action="accept", statement_id="0000000000000000"),  # row 8: orphan
        _review(trump, action="corect"),  # row 9: no duplicate of row 3 while unknown
        _review(zelensky, action="correct", reviewer="ana"),  # row 10: changes nothing
    )
    checked = check_reviews(read_reviews(reviews), dataset.statements, dataset.articles, book)
    report = checked.report(reviews).splitlines()
    assert [line.split(": ")[0] for line in report] == [
        f"{reviews}:{row}" for row in (2, 4, 6, 7, 7, 8, 9, 10)
    ]
    text = "\n".join(report)
    assert "unknown actor 'hegseht' (did you mean 'hegseth'?)" in text
    assert "unknown topic 'peace_negotiation' (did you mean 'peace_negotiations'?)" in text
    assert "conflicts with row 3" in text
    assert "repeats row 5" in text
    assert 'closest passage: "Trump said the call with Putin was “lengthy and highly' in text
    assert "did you mean 'correct'?" in text
    assert "correct changes nothing" in text
    assert [p.row for p in checked.orphans] == [8]
    assert "same article, actor and topic as" in checked.orphans[0].hint


def test_check_refuses_two_rows_that_make_one_code(data, book, tmp_path):
    dataset = read_dataset(data)
    trump = _code(data, "trump", "us_russia_relations")
    putin = _code(data, "putin", "us_russia_relations")
    reviews = _write(
        tmp_path / "reviews.csv",
        _review(trump, action="correct", topic="peace_negotiations", reviewer="ana"),
        _review(
            action="add",
            doc_id=trump["doc_id"],
            actor="trump",
            topic="peace_negotiations",
            stance="support",
            evidence=trump["evidence"],
            reviewer="ana",
        ),
        _review(
            action="add",
            doc_id=putin["doc_id"],
            actor="putin",
            topic="us_russia_relations",
            stance="support",
            evidence=putin["evidence"],
            reviewer="bo",
        ),  # the machine's own code, kept: accept it instead
    )
    checked = check_reviews(read_reviews(reviews), dataset.statements, dataset.articles, book)
    result = [(p.row, p.message, p.hint) for p in checked.problems]
    expected = [
        (3, "gives the same code as row 2", "keep one"),
        (
            4,
            f"gives the same code as machine code {putin['statement_id']!r}",
            "accept that one instead",
        ),
    ]
    assert result == expected


def test_evidence_is_found_despite_marks_case_and_spacing(data, book, tmp_path):
    dataset = read_dataset(data)
    reviews = _write(
        tmp_path / "reviews.csv",
        _review(
            action="add",
            doc_id="2025-07-14-tariffs.txt",
            actor="trump",
            topic="russia_sanctions",
            stance="support",
            evidence="threatened  SEVERE ⟨tariffs⟩ on Russia's\ntrading partners",
            reviewer="ana",
        ),
    )
    checked = check_reviews(read_reviews(reviews), dataset.statements, dataset.articles, book)
    assert checked.problems == []
    text = dataset.articles.set_index("doc_id").loc["2025-07-14-tariffs.txt", "text"]
    row = checked.rows.iloc[0]
    assert (
        text[row["start"] : row["end"]] == "threatened severe tariffs on Russia's trading partners"
    )


def test_reviews_file_errors_are_typed(tmp_path):
    with pytest.raises(ReviewError, match="no such reviews file"):
        read_reviews(tmp_path / "none.csv")
    bad = tmp_path / "reviews.csv"
    bad.write_text("statement_id,verdict\nx,accept\n", encoding="utf-8")
    with pytest.raises(ReviewError, match=r"reviews.csv:1: missing column\(s\) doc_id, action"):
        read_reviews(bad)
    broken = tmp_path / "reviews.xlsx"
    broken.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(ReviewError, match="cannot read"):
        read_reviews(broken)


# --- the merge and the audit table -------------------------------------------------------


def test_apply_merges_and_keeps_every_machine_code(data, tmp_path):
    machine = read_dataset(data).statements
    hegseth = _code(data, "hegseth", "ukraine_nato_membership")
    trump = _code(data, "trump", "us_russia_relations")
    putin = _code(data, "putin", "us_russia_relations")
    reviews = _write(
        tmp_path / "reviews.csv",
        _review(trump, action="accept", reviewer="ana"),
        _review(putin, action="reject", reviewer="ana", note="Trump's words, not Putin's"),
        _review(hegseth, action="correct", stance="mixed", reviewer="ana"),
        _review(
            action="add",
            doc_id="2025-02-12-call.txt",
            actor="trump",
            topic="peace_negotiations",
            stance="support",
            evidence="their teams would start negotiating immediately",
            reviewer="bo",
        ),
    )
    applied = apply_reviews(reviews, data)
    assert applied.counts() == {"accept": 1, "correct": 1, "reject": 1, "add": 1}

    final = read_dataset(data).statements.set_index("statement_id")
    assert putin["statement_id"] not in final.index
    assert hegseth["statement_id"] not in final.index
    assert final.loc[trump["statement_id"], "confidence"] == 1.0
    assert final.loc[trump["statement_id"], "coder"] == "rules/1"
    manual = final[final["coder"].astype(str).str.startswith("manual:")]
    assert sorted(manual["coder"].astype(str)) == ["manual:ana", "manual:bo"]
    corrected = manual[manual["coder"] == "manual:ana"].iloc[0]
    assert (corrected["actor_id"], corrected["stance"]) == ("hegseth", "mixed")
    added = manual[manual["coder"] == "manual:bo"].iloc[0]
    text = read_dataset(data).articles.set_index("article_id").loc[added["article_id"], "text"]
    assert text[added["evidence_start"] : added["evidence_end"]] == added["evidence"]
    assert len(final) == len(machine) - 1 + 1  # one rejected, one added

    audit = read_audit(data)
    assert set(machine["statement_id"]) <= set(audit.frame["statement_id"].dropna())
    decided = audit.frame.set_index("statement_id", drop=False)
    assert decided.loc[putin["statement_id"], "action"] == "reject"
    assert decided.loc[putin["statement_id"], "note"] == "Trump's words, not Putin's"
    assert decided.loc[hegseth["statement_id"], "stance"] == "oppose"  # the machine's code
    assert decided.loc[hegseth["statement_id"], "final_stance"] == "mixed"
    assert str(human_reviewed(data)) == f"3 of {len(final)} codes human-reviewed"
    assert len(unreviewed_codes(data)) == len(final) - 3


def test_corrected_evidence_is_spelt_as_in_the_article(data, tmp_path):
    hegseth = _code(data, "hegseth", "ukraine_nato_membership")
    passage = "kyiv joining NATO  was ⟨unrealistic⟩"
    reviews = _write(
        tmp_path / "reviews.csv",
        _review(hegseth, action="correct", evidence=passage, reviewer="ana"),
    )
    apply_reviews(reviews, data)
    dataset = read_dataset(data)
    row = dataset.statements[dataset.statements["coder"] == "manual:ana"].iloc[0]
    text = dataset.articles.set_index("article_id").loc[row["article_id"], "text"]
    assert row["evidence"] == "Kyiv joining NATO was unrealistic"
    assert text[row["evidence_start"] : row["evidence_end"]] == row["evidence"]


def test_apply_is_repeatable_and_reads_machine_codes_from_the_audit(data, tmp_path):
    putin = _code(data, "putin", "us_russia_relations")
    reviews = _write(tmp_path / "reviews.csv", _review(putin, action="reject", reviewer="ana"))
    apply_reviews(reviews, data)
    first = read_dataset(data).statements
    assert putin["statement_id"] in set(machine_codes(data)["statement_id"])
    # The analyst changes her mind: the rejected code comes back from the audit table.
    _write(reviews, _review(putin, action="accept", reviewer="ana"))
    apply_reviews(reviews, data)
    second = read_dataset(data).statements
    assert len(second) == len(first) + 1
    assert putin["statement_id"] in set(second["statement_id"])


def test_audit_file_schema_has_descriptions(data, tmp_path):
    trump = _code(data, "trump", "us_russia_relations")
    apply_reviews(_write(tmp_path / "r.csv", _review(trump, action="accept", reviewer="x")), data)
    schema = pq.read_schema(data / AUDIT_FILE)
    assert schema.names == AUDIT.names
    for field in schema:
        assert field.metadata[b"description"], field.name
    built = read_dataset(data).metadata["stances.built_at"]
    assert schema.metadata[b"stances.built_at"].decode() == built


def test_a_rebuild_leaves_reviews_and_reports_orphans(data, tmp_path):
    trump = _code(data, "trump", "us_russia_relations")
    reviews = _write(tmp_path / "reviews.csv", _review(trump, action="accept", reviewer="ana"))
    before = reviews.read_bytes()
    apply_reviews(reviews, data)
    # The coder runs again with another version: new statement ids, a new build.
    dataset = read_dataset(data)
    machine = machine_codes(data).assign(
        coder="rules/2", statement_id=lambda f: f["statement_id"] + "v2"
    )
    write_dataset(machine, dataset.articles, data, codebook="test")
    assert reviews.read_bytes() == before
    assert human_reviewed(data).reviewed == 0
    assert set(machine_codes(data)["statement_id"]) == set(machine["statement_id"])
    applied = apply_reviews(reviews, data)
    assert [o.row for o in applied.checked.orphans] == [2]
    audit = read_audit(data).frame
    orphan = audit[audit["status"] == "orphan"]
    assert orphan["statement_id"].tolist() == [trump["statement_id"]]
    assert len(read_dataset(data).statements) == len(machine)


def test_failed_apply_leaves_the_dataset_intact(data, tmp_path):
    files = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    reviews = _write(
        tmp_path / "reviews.csv",
        _review(_code(data, "trump", "us_russia_relations"), action="correct", stance="suport"),
    )
    with pytest.raises(ReviewError) as error:
        apply_reviews(reviews, data)
    message = str(error.value)
    assert "reviews.csv:2: unknown stance 'suport' (did you mean 'support'?)" in message
    assert "reviews.csv:2: correct needs a reviewer" in message
    assert {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()} == files


# --- the command line --------------------------------------------------------------------


def test_cli_review_cycle(data, tmp_path, capsys):
    queue = tmp_path / "queue.csv"
    assert main(["review", "queue", str(data), "-o", str(queue)]) == 0
    n = len(read_dataset(data).statements)
    assert f"{n} codes to review" in capsys.readouterr().out
    rows = read_reviews(queue)
    rows.loc[0, "action"] = "accept"
    rows.loc[1, "action"] = "reject"
    rows.loc[2, "action"] = "correct"
    rows.loc[2, "actor"] = "zelenksy"
    rows.drop(columns="row").to_csv(queue, index=False)
    assert main(["review", "check", str(queue), str(data), "--reviewer", "ana"]) == 2
    err = capsys.readouterr().err
    assert f"{queue}:4: unknown actor 'zelenksy' (did you mean 'zelensky'?)" in err
    rows.loc[2, "actor"] = "zelensky" if rows.loc[2, "proposed_actor"] != "zelensky" else "trump"
    rows.drop(columns="row").to_csv(queue, index=False)
    assert main(["review", "check", str(queue), str(data), "--reviewer", "ana"]) == 0
    assert main(["review", "apply", str(queue), str(data), "--reviewer", "ana"]) == 0
    assert "merged 1 accept, 1 correct, 1 reject, 0 add" in capsys.readouterr().out
    assert main(["review", "queue", str(data), "-o", str(tmp_path / "next.csv")]) == 0
    assert f"{n - 1 - 2} codes to review" in capsys.readouterr().out
    assert main(["info", str(data)]) == 0
    assert f"2 of {n - 1} codes human-reviewed" in capsys.readouterr().out


def test_recoding_with_reviews_merges_them_again(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Trump said he wants a deal on Ukraine's rare earth minerals.\n", encoding="utf-8"
    )
    data = tmp_path / "data"
    assert main(["code", str(corpus), "-o", str(data)]) == 0
    code = read_dataset(data).statements.iloc[0]
    reviews = _write(tmp_path / "reviews.csv", _review(code, action="accept"))
    capsys.readouterr()

    assert main(["code", str(corpus), "-o", str(data)]) == 0
    assert human_reviewed(data).reviewed == 0  # a build of the coder alone has no reviews
    assert main(["code", str(corpus), "-o", str(data), "--reviews", str(reviews)]) == 0
    assert "merged 1 accept" in capsys.readouterr().out
    assert str(human_reviewed(data)) == "1 of 1 codes human-reviewed"
    assert "1 of 1 codes human-reviewed" in report.render_report(read_dataset(data))
