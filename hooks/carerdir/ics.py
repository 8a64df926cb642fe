"""iCalendar feeds (RFC 5545) of a record's or a town's meetings, via the icalendar library.

One VEVENT per schedule rule: the rule as an RRULE from its first date on, holidays and
closures as EXDATE, moved meetings as RDATE, all in Asia/Tokyo. UIDs are derived from the
record id so calendars that subscribed update events instead of duplicating them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from .directory import Record
from .schedules import Rule, describe, ics_exception_dates, occurrences, to_rrule
from .when import HORIZON

TOKYO = ZoneInfo("Asia/Tokyo")
WINDOW = HORIZON  # exceptions are listed this far ahead; nightly builds move it on


def feed(name: str, records: Iterable[Record], today: date) -> bytes:
    """A calendar of every regular meeting of `records`, named `name`."""
    calendar = Calendar()
    calendar.add("prodid", "-//carerdir//Hokkaido carer-support directory//JA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    events = b"".join(events_of(record, today) for record in records)
    if events:
        calendar.add_component(_tokyo())
    # A record's events go in its own feed and its town's: serialise them once and splice
    # them in before the calendar's last line.
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    return head + events + b"END:VCALENDAR" + end


@functools.lru_cache(maxsize=None)
def events_of(record: Record, today: date) -> bytes:
    """The VEVENTs of a record's regular rules, serialised."""
    events = (_event(record, index, rule, today) for index, rule in enumerate(record.schedule))
    return b"".join(event.to_ical() for event in events if event is not None)


@functools.cache
def _tokyo() -> Timezone:
    """Asia/Tokyo as a VTIMEZONE, made once: icalendar takes ~80 ms to derive it."""
    return Timezone.from_tzid("Asia/Tokyo")


def _event(record: Record, index: int, rule: Rule, today: date) -> Event | None:
    first = occurrences(rule, today, today + WINDOW)
    if rule.freq is None or not first:
        return None
    start = first[0]
    event = Event()
    event.add("uid", f"{record.id.replace('/', '.')}.{index}@carerdir")
    event.add("dtstamp", datetime.combine(record.verified, time(), timezone.utc))
    event.add("summary", record.name)
    event.add("description", _description(record, rule))
    event.add("location", record.address or "オンライン")
    event.add("dtstart", _moment(start.day, start.start))
    if start.start and start.end:
        event.add("dtend", _moment(start.day, start.end))
    event.add("rrule", _rrule(rule, start.start is not None))
    skipped, added = ics_exception_dates(rule, start.day, today + WINDOW)
    for day in skipped:
        event.add("exdate", _moment(day, start.start))
    for day in added:
        event.add("rdate", _moment(day, start.start))
    return event


def _moment(day: date, at: time | None) -> date | datetime:
    return datetime.combine(day, at, TOKYO) if at else day


def _rrule(rule: Rule, timed: bool) -> dict[str, object]:
    parts: dict[str, object] = {k: v.split(",") if "," in v else v for k, v in to_rrule(rule).items()}
    if rule.until and timed:  # UNTIL must be UTC when DTSTART has a time (RFC 5545 3.3.10)
        parts["UNTIL"] = datetime.combine(rule.until, time(23, 59, 59), TOKYO).astimezone(timezone.utc)
    elif rule.until:
        parts["UNTIL"] = rule.until
    return parts


def _description(record: Record, rule: Rule) -> str:
    lines = [describe(rule)]
    if record.phone:
        lines.append(f"問い合わせ: {record.phone}")
    return "\n".join(lines)
