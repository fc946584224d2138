"""The review queue as a file (Excel with dropdowns, CSV, or an HTML page to read), and
reading a reviews file back with the row numbers a spreadsheet shows."""

from __future__ import annotations

import csv
import os
import re
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

from stances.codebook import Codebook
from stances.errors import ReviewError
from stances.review import (
    ACTIONS,
    ACTOR_MARK,
    CUE_MARK,
    DECISIONS,
    PROPOSED,
    QUEUE_COLUMNS,
    REQUIRED,
)
from stances.schema import ATTRIBUTIONS, STANCES

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
        "td:nth-child(4){max-width:12em;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}"
        "mark.actor{background:#dbe8f6;font-weight:600}mark.cue{background:#fbe3cf}"
        "td{max-width:16em;overflow-wrap:break-word}td:nth-child(-n+2){min-width:12em}"
        "td:nth-child(5){max-width:44em;min-width:30em}"
    )
    html = (
        f'<!doctype html><html><head><meta charset="utf-8"><title>Review queue</title>'
        f"<style>{style}</style></head><body><h1>Review queue</h1>"
        f"<p>{len(queue)} machine codes, likeliest wrong first. "
        f"⟦actor⟧ and ⟨cue⟩ are marked.</p>{table}</body></html>"
    )
    path.write_text(html, encoding="utf-8")


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
