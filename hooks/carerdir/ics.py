"""iCalendar feeds (RFC 5545) of a record's or a town's meetings.

One VEVENT per schedule rule: the rule as an RRULE from its first date on (closed months in
its BYMONTH), holidays and closed periods as EXDATE, moved meetings as RDATE, all in Asia/Tokyo.
Holidays follow no rule an RRULE can state, so a series with them is listed HORIZON ahead and
ends there (UNTIL): every date a calendar app expands from the feed is one of our meetings, and
the nightly build moves the end on. UIDs are derived from the record id so calendars that
subscribed update events instead of duplicating them.

Events are written as text here rather than with the icalendar library: they use eight
properties of fixed shape, and icalendar's generic serialiser took 20 s of a 10,000-record
build (about 2 ms per event). icalendar still derives the VTIMEZONE once, and the tests
read every feed back with it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Timezone

from .directory import Record
from .schedules import Rule, describe, has_dated_exceptions, ics_exception_dates, occurrences, to_rrule

TOKYO = ZoneInfo("Asia/Tokyo")
HORIZON = timedelta(days=400)  # at least 13 months: a feed refreshed now and then never runs out
LINE_OCTETS = 75  # RFC 5545 3.1: longer content lines are folded
CRLF = "\r\n"


def feed(name: str, records: Iterable[Record], today: date) -> bytes:
    """A calendar of every regular meeting of `records`, named `name`."""
    events = b"".join(events_of(record, today) for record in records)
    head = _lines(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//carerdir//Hokkaido carer-support directory//JA",
                   "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_text(name)}", "X-WR-TIMEZONE:Asia/Tokyo"])
    return b"".join((head.encode(), _tokyo() + events if events else b"", b"END:VCALENDAR\r\n"))


# The build writes a town's records' feeds, then the town's: its own records are still cached
# then. A bound, not every record's events: those would stay in memory for the whole build.
EVENTS_CACHED = 2048


@functools.lru_cache(maxsize=EVENTS_CACHED)
def events_of(record: Record, today: date) -> bytes:
    """The VEVENTs of a record's regular rules as UTF-8 content lines. Cached: a record's events
    go in its own feed and its town's."""
    return "".join(_event(record, index, rule, today) for index, rule in enumerate(record.schedule)).encode()


@functools.cache
def _tokyo() -> bytes:
    """Asia/Tokyo as a VTIMEZONE, derived once by icalendar (it takes ~80 ms)."""
    return Timezone.from_tzid("Asia/Tokyo").to_ical()


def _event(record: Record, index: int, rule: Rule, today: date) -> str:
    timing = _timing(rule, today)
    if not timing:
        return ""
    return _lines([
        "BEGIN:VEVENT",
        f"UID:{record.id.replace('/', '.')}.{index}@carerdir",
        f"DTSTAMP:{record.verified:%Y%m%d}T000000Z",
        f"SUMMARY:{_text(record.name)}",
        f"DESCRIPTION:{_text(_description(record, rule))}",
        f"LOCATION:{_text(record.address or 'オンライン')}",
    ]) + timing + "END:VEVENT" + CRLF


@functools.lru_cache(maxsize=4096)
def _timing(rule: Rule, today: date) -> str:
    """An event's DTSTART, DTEND, RRULE, EXDATE and RDATE content lines, or "" when the rule has
    no date. They depend on the rule alone, which many records share (a year of holiday EXDATEs
    for every weekday counter), so they are made once per rule."""
    last = series_end(rule, today)
    first = occurrences(rule, today, last or today + HORIZON)
    if rule.freq is None or not first:
        return ""
    start = first[0]
    skipped, added = ics_exception_dates(rule, start.day, last) if has_dated_exceptions(rule) else ([], [])
    lines = [_moments("DTSTART", [start.day], start.start)]
    if start.start and start.end:
        lines.append(_moments("DTEND", [start.day], start.end))
    lines.append("RRULE:" + ";".join(f"{k}={v}" for k, v in _rrule(rule, last, start.start is not None).items()))
    if skipped:
        lines.append(_moments("EXDATE", skipped, start.start))
    if added:
        lines.append(_moments("RDATE", added, start.start))
    return _lines(lines)


def _moments(name: str, days: list[date], at: time | None) -> str:
    """DTSTART-like property: local Tokyo times, or whole days when the time is not stated."""
    if at is None:
        return f"{name};VALUE=DATE:" + ",".join(_day(d) for d in days)
    clock = f"T{at:%H%M%S}"
    return f"{name};TZID=Asia/Tokyo:" + ",".join(_day(d) + clock for d in days)


def _day(day: date) -> str:
    """YYYYMMDD, as f"{day:%Y%m%d}" (a holiday-closed weekly rule lists a year of EXDATEs)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def series_end(rule: Rule, today: date) -> date | None:
    """The feed's last day for the rule (its UNTIL): the rule's own end, or for a rule with
    holidays or closed periods the horizon at the latest, since those are listed only that far.
    None: the RRULE alone is exact for ever."""
    if has_dated_exceptions(rule):
        return min(rule.until, today + HORIZON) if rule.until else today + HORIZON
    return rule.until


def _rrule(rule: Rule, last: date | None, timed: bool) -> dict[str, str]:
    parts = to_rrule(rule)
    parts.pop("UNTIL", None)
    if last and timed:  # UNTIL must be UTC when DTSTART has a time (RFC 5545 3.3.10)
        until = datetime.combine(last, time(23, 59, 59), TOKYO).astimezone(timezone.utc)
        parts["UNTIL"] = f"{until:%Y%m%dT%H%M%SZ}"
    elif last:
        parts["UNTIL"] = f"{last:%Y%m%d}"
    return parts


def _description(record: Record, rule: Rule) -> str:
    lines = [describe(rule)]
    if record.phone:
        lines.append(f"問い合わせ: {record.phone}")
    return "\n".join(lines)


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _lines(lines: list[str]) -> str:
    return "".join(_fold(line) + CRLF for line in lines)


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    data = line.encode()
    if len(data) <= LINE_OCTETS:
        return line
    pieces, start, limit = [], 0, LINE_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: end before its character
            end -= 1
        pieces.append(data[start:end].decode())
        start, limit = end, LINE_OCTETS - 1  # a continuation line starts with one space
    pieces.append(data[start:].decode())
    return (CRLF + " ").join(pieces)
