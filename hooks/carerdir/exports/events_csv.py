"""data/events.csv: the upcoming gatherings (salons, cafés, hubs) one row per date, over the same
weeks as /calendar/ (agenda.py), in the column order of the national イベント一覧 dataset.

UTF-8 with BOM; dates YYYY-MM-DD, times HH:MM. The columns are columns.yml's `events` block.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from datetime import date
from typing import Callable

import jaconv

from ..agenda import Entry, agenda
from ..columns import event_columns
from ..directory import Directory, Record
from ..preview import Each, afresh
from ..schema import ACCESSIBILITY
from .streams import Chunks, csv_field, csv_line
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


def events_csv(directory: Directory, today: date, each: Each = afresh) -> Chunks:
    columns = event_columns()
    heading = csv_line(heading for heading, _ in columns)
    return Chunks([codecs.BOM_UTF8, heading, *_rows(directory, today, [target for _, target in columns], each)])


# A record's row, quoted and encoded once: the text before the first value of the meeting, then
# (the meeting's target, the text after its value) pairs; the last text ends the row with CRLF.
Pattern = tuple[bytes, tuple[tuple[str, bytes], ...]]


def _rows(directory: Directory, today: date, targets: list[str | None], each: Each) -> Iterator[bytes]:
    """The pieces of one row per meeting. A weekly salon meets eight times in the file's weeks: its
    record's cells are made once (`_row_pattern`) and reused; `each` makes them (preview.py). A
    row is never joined: the file is written piece by piece (streams.Chunks)."""
    patterns: dict[str, Pattern] = {}
    entries = (entry for _, day in agenda(directory, today) for entry in day)
    for no, entry in enumerate(entries, start=1):
        pattern = patterns.get(entry.record.id)
        if pattern is None:
            record = entry.record
            pattern = patterns[record.id] = each("events.csv", record,
                                                 lambda: _row_pattern(directory, record, targets))
        start, pairs = pattern
        yield start
        for target, after in pairs:
            yield csv_field(OCCURRENCE[target](no, entry)).encode()
            yield after


def _row_pattern(directory: Directory, record: Record, targets: list[str | None]) -> Pattern:
    texts: list[str] = []  # the text before each meeting value, and the text after the last
    meeting: list[str] = []
    text: list[str] = []
    for position, target in enumerate(targets):
        if position:
            text.append(",")
        value = _record_cell(directory, record, target)
        if value is None:
            texts.append("".join(text))
            meeting.append(target)  # type: ignore[arg-type]  # a target of OCCURRENCE
            text = []
        else:
            text.append(csv_field(value))
    texts.append("".join(text) + "\r\n")
    encoded = [t.encode() for t in texts]
    return encoded[0], tuple(zip(meeting, encoded[1:]))


def _record_cell(directory: Directory, record: Record, target: str | None) -> str | None:
    if target in OCCURRENCE:
        return None
    if target in RECORD:
        return RECORD[target](record)
    return cell(directory, record, target)
