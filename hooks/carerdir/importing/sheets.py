"""Read a town's spreadsheet file into sheets of rows, and find each sheet's header row.

.xlsx, .xlsm, .xls and .ods are read with python-calamine (a maintained reader of all four);
.csv with the csv module, decoded as UTF-8 (with or without BOM) or else CP932, the encoding
Excel uses for "CSV" on Japanese Windows. Cells come back as Excel has them: text, numbers
(always floats from calamine), dates, times or "" for an empty cell. Row numbers are the ones
Excel shows (1-based), so messages point where staff look.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
# Title rows, blank rows and notes come first; a header further down than this is not a header.
HEADER_SEARCH_ROWS = 30


class SheetError(Exception):
    """Why a file cannot be read at all, in Japanese for staff."""


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[Any]]  # rows[i] is Excel's row i + 1


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of `path` (a CSV file is one sheet named after the file)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SheetError(f"ファイル「{path}」が見つかりません")
    if suffix == ".csv":
        return [Sheet(path.stem, _csv_rows(path.read_bytes()))]
    if suffix not in SPREADSHEETS:
        raise SheetError(f"「{path.name}」は読めない形式です。.xlsx・.xls・.ods・.csv のどれかで保存してください")
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        return [_calamine_sheet(book, name) for name in book.sheet_names]
    except Exception as error:  # calamine raises several types for damaged or encrypted files
        raise SheetError(f"「{path.name}」を表計算ファイルとして読めません（壊れているか、パスワード付きです）: "
                         f"{type(error).__name__}") from None


def _calamine_sheet(book: python_calamine.CalamineWorkbook, name: str) -> Sheet:
    sheet = book.get_sheet_by_name(name)
    rows = [list(row) for row in sheet.to_python(skip_empty_area=False)]
    _fill_merged_down(rows, sheet.merged_cell_ranges or [])
    return Sheet(name, rows)


def _fill_merged_down(rows: list[list[Any]], merged: Sequence[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """A cell merged over several rows of one column (a 種別 written once for a group of rows)
    holds its value in every row; merges across columns (a title) stay in their first cell."""
    for (top, left), (bottom, right) in merged:
        if left != right or bottom <= top or top >= len(rows):
            continue
        value = rows[top][left] if left < len(rows[top]) else ""
        for row in rows[top + 1:bottom + 1]:
            if left < len(row) and row[left] in ("", None):
                row[left] = value


def _csv_rows(raw: bytes) -> list[list[Any]]:
    text = decode_csv(raw)
    # Comma unless the first line is tab-separated; not csv.Sniffer, which takes the "; "
    # inside list cells for the delimiter.
    first = text.split("\n", 1)[0]
    dialect = csv.excel_tab if "\t" in first and "," not in first else csv.excel
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as error:  # a cell over the csv module's size limit, a stray quote at the end
        raise SheetError(f"CSV として読めません（{error}）。Excel で開いて保存し直してください") from None


def decode_csv(raw: bytes) -> str:
    """UTF-8 (a BOM is dropped) or else CP932; anything else is an error staff can act on."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("CSV の文字コードが UTF-8 でも Shift_JIS（CP932）でもありません。"
                     "Excel で「CSV UTF-8（コンマ区切り）」を選んで保存し直してください")


def find_header(rows: list[list[Any]], score: Callable[[list[Any]], int]) -> int | None:
    """The index of the header row: among the first rows, the first one whose cells name the
    most known headings (at least two, so a title row that happens to say 名称 is not taken)."""
    best, best_score = None, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = score(row)
        if found > best_score:
            best, best_score = index, found
    return best
