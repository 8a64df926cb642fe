"""Dates of a record's meetings or opening hours, as pages and the browser scripts need them.

Every page embeds meetings in one shape, [["2027-01-06", "13:30", "15:30"], ...], and
content/assets/javascripts/dates.js picks the next ones in the visitor's browser: a meeting is
next until it ends, in Asia/Tokyo. The wording of dates here is the same as dates.js writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, time, timedelta

from .directory import Record
from .schedules import WEEKDAY_CHARS, Occurrence, Rule, occurrences

# Dates embedded in a page for the browser to pick the next ones from. Half a year is far
# longer than the nightly rebuild needs, and keeps a weekday counter's page a few KB.
HORIZON = timedelta(days=183)
# Lists that show only the next meeting (cards, search results, map popups) embed this many, so
# a day or two without a rebuild still leaves the right one to show.
NEXT_COUNT = 3


def upcoming(record: Record, today: date, horizon: timedelta = HORIZON) -> list[Occurrence]:
    """All meetings (or opening hours) of a record from today within the horizon, in order;
    none for a suspended place or a note-only schedule (Record.has_dates)."""
    return list(_upcoming(record.schedule, today, horizon)) if record.has_dates else []


def _upcoming(schedule: tuple[Rule, ...], today: date, horizon: timedelta) -> tuple[Occurrence, ...]:
    found = {o for rule in schedule for o in occurrences(rule, today, today + horizon)}
    # The end time too: two rules meeting the same day at the same hour must not come out in
    # the set's order, which changes from run to run (dates hash differently in each process).
    return tuple(sorted(found, key=lambda o: (o.day, o.start or time.min, o.end or time.min)))


def upcoming_json(record: Record, today: date) -> str:
    """`upcoming` as compact JSON for the browser: [["2027-01-06", "13:30", "15:30"], ...]."""
    return _occurrences_json(upcoming(record, today))


def next_json(record: Record, today: date) -> str:
    """The first NEXT_COUNT of `upcoming` as compact JSON, for lists that show the next one only."""
    return _occurrences_json(upcoming(record, today)[:NEXT_COUNT])


class Dates:
    """One build's upcoming dates, from its `today` within `horizon`, remembered per schedule: a
    record's page, its cards and its town's sheet all ask, and many records share a schedule
    (平日 8:45〜17:15; 10,000 records have ~2,000). Owned by the build, or by one export while it
    is made, so nothing is kept from one `mkdocs serve` rebuild to the next."""

    def __init__(self, today: date, horizon: timedelta = HORIZON) -> None:
        self.today, self.horizon = today, horizon
        self._upcoming: dict[tuple[Rule, ...], tuple[Occurrence, ...]] = {}
        self._json: dict[tuple[Rule, ...], str] = {}
        self._next_json: dict[tuple[Rule, ...], str] = {}

    def __len__(self) -> int:
        """How many schedules' dates it remembers."""
        return len(self._upcoming)

    def upcoming(self, record: Record) -> tuple[Occurrence, ...]:
        """`upcoming(record, today)`, as a tuple."""
        if not record.has_dates:
            return ()
        found = self._upcoming.get(record.schedule)
        if found is None:
            found = self._upcoming[record.schedule] = _upcoming(record.schedule, self.today, self.horizon)
        return found

    def upcoming_json(self, record: Record) -> str:
        """`upcoming_json(record, today)`."""
        return self._as_json(self._json, record, None)

    def next_json(self, record: Record) -> str:
        """`next_json(record, today)`."""
        return self._as_json(self._next_json, record, NEXT_COUNT)

    def _as_json(self, cache: dict[tuple[Rule, ...], str], record: Record, count: int | None) -> str:
        """The first `count` (None: all) upcoming dates as JSON, made once per schedule."""
        if not record.has_dates:
            return "[]"
        text = cache.get(record.schedule)
        if text is None:
            text = cache[record.schedule] = _occurrences_json(self.upcoming(record)[:count])
        return text


def occurrence_row(item: Occurrence) -> list[str]:
    """["2027-01-06", "13:30", "15:30"] ("" when a time is not stated): what dates.js reads."""
    return [item.day.isoformat(), _hhmm(item.start), _hhmm(item.end)]


def occurrence_json(item: Occurrence) -> str:
    return json.dumps(occurrence_row(item), separators=(",", ":"))


def _occurrences_json(items: Iterable[Occurrence]) -> str:
    """Compact JSON for the browser: [["2027-01-06", "13:30", "15:30"], ...]."""
    return json.dumps([occurrence_row(o) for o in items], separators=(",", ":"))


def _hhmm(value: time | None) -> str:
    return f"{value.hour:02d}:{value.minute:02d}" if value else ""


def japanese_day(day: date) -> str:
    """2027-01-06 -> 1月6日（水）"""
    return f"{day.month}月{day.day}日（{WEEKDAY_CHARS[day.weekday()]}）"


def japanese_occurrence(item: Occurrence) -> str:
    """1月6日（水） 13:30〜15:30 — the same wording the browser script writes."""
    hours = f" {item.start.hour}:{item.start.minute:02d}" if item.start else ""
    if item.start and item.end:
        hours += f"〜{item.end.hour}:{item.end.minute:02d}"
    return japanese_day(item.day) + hours
