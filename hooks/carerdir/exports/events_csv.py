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
from ..schedules import Occurrence
from ..schema import ACCESSIBILITY
from .streams import Chunks, csv_field, csv_file, csv_line
from .values import cell


def _hhmm(value: object) -> str:
    return f"{value:%H:%M}" if value else ""


ROW_NUMBER = "row_number"
# Values of one dated meeting: (row number, entry) -> cell text.
OCCURRENCE: dict[str, Callable[[int, Entry], str]] = {
    ROW_NUMBER: lambda no, e: str(no),
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
    return csv_file(itertools.chain([heading], _rows(directory, today, [target for _, target in columns], each)))


def _rows(directory: Directory, today: date, targets: list[str | None], each: Each) -> Iterator[bytes]:
    """The pieces of one row per meeting: a record's rows are made once (`RecordRows`, kept by
    `each`, preview.py) but for their number. A row is never joined: the file is written piece
    by piece (streams.Chunks)."""
    made: dict[str, RecordRows] = {}
    entries = (entry for _, day in agenda(directory, today) for entry in day)
    for no, entry in enumerate(entries, start=1):
        rows = made.get(entry.record.id)
        if rows is None:
            record = entry.record
            rows = made[record.id] = each("events.csv", record, lambda: RecordRows(directory, record, targets))
        before, after = rows.around_number(entry)
        yield before
        if after is not None:
            yield str(no).encode()
            yield after


class RecordRows:
    """One record's rows of events.csv. Its own cells are quoted once; the rows of each of its
    meetings (a weekly salon meets eight times in the file's weeks) are made once, as the text
    before and after the row number, the one value that depends on the other records."""

    def __init__(self, directory: Directory, record: Record, targets: list[str | None]) -> None:
        self.targets = targets
        self.cells = [None if target in OCCURRENCE else csv_field(_record_cell(directory, record, target))
                      for target in targets]
        self.number_at = targets.index(ROW_NUMBER) if ROW_NUMBER in targets else None
        self._meetings: dict[Occurrence, tuple[bytes, bytes | None]] = {}

    def around_number(self, entry: Entry) -> tuple[bytes, bytes | None]:
        """The row of `entry`'s meeting before its number and after it (None: no number column)."""
        made = self._meetings.get(entry.occurrence)
        if made is None:
            fields = [cell if cell is not None else csv_field(OCCURRENCE[target](0, entry))  # type: ignore[index]
                      for cell, target in zip(self.cells, self.targets)]
            at = self.number_at
            if at is None:
                made = ((",".join(fields) + "\r\n").encode(), None)
            else:
                before, after = fields[:at], fields[at + 1:]
                made = ("".join(f + "," for f in before).encode(), "".join("," + f for f in after).encode() + b"\r\n")
            self._meetings[entry.occurrence] = made
        return made


def _record_cell(directory: Directory, record: Record, target: str | None) -> str | None:
    if target in OCCURRENCE:
        return None
    if target in RECORD:
        return RECORD[target](record)
    return cell(directory, record, target)
