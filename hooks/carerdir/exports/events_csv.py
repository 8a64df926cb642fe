"""data/events.csv: the upcoming gatherings (salons, cafés, hubs) one row per date, over the same
weeks as /calendar/ (agenda.py), in the column order of the national イベント一覧 dataset.

UTF-8 with BOM; dates YYYY-MM-DD, times HH:MM. The columns are columns.yml's `events` block.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from typing import Callable

import jaconv

from ..agenda import Entry, agenda
from ..columns import event_columns
from ..directory import Directory, Record
from ..preview import Each, afresh
from ..schema import ACCESSIBILITY
from .streams import csv_field, csv_file, csv_line
from .values import cell


def _hhmm(value: object) -> str:
    return f"{value:%H:%M}" if value else ""


# Values of one dated meeting: (row number, entry) -> cell text.
OCCURRENCE: dict[str, Callable[[int, Entry], str]] = {
    "row_number": lambda no, e: str(no),
    "date": lambda no, e: e.occurrence.day.isoformat(),
    "start": lambda no, e: _hhmm(e.occurrence.start),
    "end": lambda no, e: _hhmm(e.occurrence.end),
}
# Values of the record that are not among its fields: record -> cell text.
RECORD: dict[str, Callable[[Record], str]] = {
    "name_katakana": lambda r: jaconv.hira2kata(r.name_kana),
    "parking": lambda r: ACCESSIBILITY["parking"] if "parking" in r.accessibility else "",
}


def events_csv(directory: Directory, today: date, each: Each = afresh) -> bytes:
    columns = event_columns()
    heading = [heading for heading, _ in columns]
    rows = _rows(directory, today, [target for _, target in columns], each)
    return csv_file(itertools.chain([csv_line(heading)], rows))


def _rows(directory: Directory, today: date, targets: list[str | None], each: Each) -> Iterator[bytes]:
    """One encoded row per meeting. A weekly salon meets eight times in the file's weeks: its
    record's cells are made and quoted once (None where the meeting's own value goes) and
    reused; `each` makes them (preview.py)."""
    record_cells: dict[str, tuple[str | None, ...]] = {}
    entries = (entry for _, day in agenda(directory, today) for entry in day)
    for no, entry in enumerate(entries, start=1):
        cells = record_cells.get(entry.record.id)
        if cells is None:
            record = entry.record
            cells = record_cells[record.id] = each(
                "events.csv", record, lambda: tuple(_quoted_cell(directory, record, t) for t in targets))
        yield (",".join(csv_field(OCCURRENCE[t](no, entry)) if value is None else value  # type: ignore[index]
                        for t, value in zip(targets, cells)) + "\r\n").encode("utf-8")


def _quoted_cell(directory: Directory, record: Record, target: str | None) -> str | None:
    value = _record_cell(directory, record, target)
    return None if value is None else csv_field(value)


def _record_cell(directory: Directory, record: Record, target: str | None) -> str | None:
    if target in OCCURRENCE:
        return None
    if target in RECORD:
        return RECORD[target](record)
    return cell(directory, record, target)
