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
    record's cells are made and quoted once, as the text between the meeting's own values
    (`_row_pattern`), and reused; `each` makes them (preview.py)."""
    patterns: dict[str, tuple[str, ...]] = {}
    entries = (entry for _, day in agenda(directory, today) for entry in day)
    for no, entry in enumerate(entries, start=1):
        pattern = patterns.get(entry.record.id)
        if pattern is None:
            record = entry.record
            pattern = patterns[record.id] = each("events.csv", record,
                                                 lambda: _row_pattern(directory, record, targets))
        parts = [pattern[0]]
        for index in range(1, len(pattern), 2):  # (target, text after it) pairs
            parts += [csv_field(OCCURRENCE[pattern[index]](no, entry)), pattern[index + 1]]
        yield "".join(parts).encode("utf-8")


def _row_pattern(directory: Directory, record: Record, targets: list[str | None]) -> tuple[str, ...]:
    """A record's row as text, meeting target, text, meeting target, ..., text (ending in CRLF):
    the record's cells quoted and joined once."""
    pattern, text = [], []
    for position, target in enumerate(targets):
        if position:
            text.append(",")
        value = _record_cell(directory, record, target)
        if value is None:
            pattern += ["".join(text), target]
            text = []
        else:
            text.append(csv_field(value))
    return (*pattern, "".join(text) + "\r\n")


def _record_cell(directory: Directory, record: Record, target: str | None) -> str | None:
    if target in OCCURRENCE:
        return None
    if target in RECORD:
        return RECORD[target](record)
    return cell(directory, record, target)
