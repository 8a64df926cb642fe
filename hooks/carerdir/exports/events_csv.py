"""data/events.csv: the upcoming gatherings (salons, cafés, hubs) one row per date, over the same
weeks as /calendar/ (agenda.py), in the column order of the national イベント一覧 dataset.

UTF-8 with BOM; dates YYYY-MM-DD, times HH:MM. The columns are columns.yml's `events` block.
"""

from __future__ import annotations

from datetime import date
from typing import Callable

import jaconv

from ..agenda import Entry, agenda
from ..columns import event_columns
from ..directory import Directory, Record
from ..preview import Each, afresh
from ..schema import ACCESSIBILITY
from .records_csv import csv_bytes
from .values import cell


def _hhmm(value: object) -> str:
    return f"{value:%H:%M}" if value else ""


# Values of one dated meeting that are not the record's: (row number, entry) -> cell text.
OCCURRENCE: dict[str, Callable[[int, Entry], str]] = {
    "row_number": lambda no, e: str(no),
    "date": lambda no, e: e.occurrence.day.isoformat(),
    "start": lambda no, e: _hhmm(e.occurrence.start),
    "end": lambda no, e: _hhmm(e.occurrence.end),
    "name_katakana": lambda no, e: jaconv.hira2kata(e.record.name_kana),
    "parking": lambda no, e: ACCESSIBILITY["parking"] if "parking" in e.record.accessibility else "",
}


def events_csv(directory: Directory, today: date, each: Each = afresh) -> bytes:
    columns = event_columns()
    entries = [entry for _, day in agenda(directory, today) for entry in day]

    def record_cells(record: Record) -> dict[str, str]:  # the cells that are the record's, not the day's
        return each("events.csv", record, lambda: {target: cell(directory, record, target)
                                                   for _, target in columns if target not in OCCURRENCE})

    def row(no: int, entry: Entry) -> list[str]:
        cells = record_cells(entry.record)
        return [OCCURRENCE[target](no, entry) if target in OCCURRENCE else cells[target] for _, target in columns]

    rows = [row(no, entry) for no, entry in enumerate(entries, start=1)]
    return csv_bytes([[heading for heading, _ in columns], *rows])
