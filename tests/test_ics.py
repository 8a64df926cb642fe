"""The .ics writer: what a calendar app reads back must be exactly the meetings we list.

Each feed is parsed with the icalendar library and expanded with dateutil (RRULE minus EXDATE
plus RDATE), the way a calendar app does, and compared with carerdir's own dates.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from dateutil.rrule import rrulestr, rruleset
from icalendar import Calendar, vText

from carerdir.directory import Record
from carerdir.ics import WINDOW, feed
from carerdir.schedules import occurrences, parse_phrase, rule_from_mapping

CASES = yaml.safe_load((Path(__file__).parent / "schedule_cases.yml").read_text(encoding="utf-8"))
PHRASES = [c["phrase"] for c in CASES["accepted"] if parse_phrase(c["phrase"]).freq]
TODAY = date(2027, 1, 1)


def record(*phrases: str, **fields: Any) -> Record:
    values: dict[str, Any] = dict(
        id="tobetsu/salon", town="tobetsu", slug="salon", path="resources/tobetsu/salon.yml", kind="salon",
        name="ほっとひと息の会", name_kana="ほっとひといきのかい", audience=("carers",), format="in_person",
        verified=date(2026, 10, 1), address="北海道石狩郡当別町錦町245番地3", phone="0133-23-2000",
        schedule=tuple(parse_phrase(p) for p in phrases))
    return Record(**(values | fields))


def events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def expanded(event: Any) -> list[date]:
    """The days a calendar app shows for one VEVENT within the window."""
    start = as_datetime(event.decoded("DTSTART"))
    dates = rruleset()
    dates.rrule(rrulestr(event["RRULE"].to_ical().decode(), dtstart=start))
    for name, add in (("EXDATE", dates.exdate), ("RDATE", dates.rdate)):
        groups = event.get(name, [])
        for group in groups if isinstance(groups, list) else [groups]:
            for moment in group.dts:
                add(as_datetime(moment.dt))
    end = as_datetime(TODAY + WINDOW).replace(tzinfo=start.tzinfo) + timedelta(days=1)
    return [moment.date() for moment in dates.between(start, end, inc=True) if moment < end]


@pytest.mark.parametrize("phrase", PHRASES)
def test_a_calendar_app_shows_exactly_our_dates(phrase: str) -> None:
    found = events(feed("テスト", [record(phrase)], TODAY))
    ours = occurrences(parse_phrase(phrase), TODAY, TODAY + WINDOW)
    if not ours:  # e.g. 8月 only, and the window ends in July: no event rather than an empty one
        assert not found
        return
    [event] = found
    assert expanded(event) == [o.day for o in ours]
    first = ours[0]
    if first.start and first.end:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert str(start.tzinfo) == "Asia/Tokyo" and start.time() == first.start
        assert end - start == datetime.combine(TODAY, first.end) - datetime.combine(TODAY, first.start)


def test_text_with_ical_delimiters_reads_back_unchanged() -> None:
    name = "サロン; 語らい, 憩い\\ の会「" + "とても長い名前" * 8 + "」"
    data = feed("当別町, 集まり; 窓口", [record("毎月第2水曜日 13:30〜15:30", name=name, address="当別町1,2;3")], TODAY)
    [event] = events(data)
    assert event["SUMMARY"] == name and event["LOCATION"] == "当別町1,2;3"
    assert event["DESCRIPTION"].splitlines()[1] == "問い合わせ: 0133-23-2000"
    calendar_name = Calendar.from_ical(data)["X-WR-CALNAME"].to_ical().decode()  # an X- property: raw
    assert calendar_name == vText("当別町, 集まり; 窓口").to_ical().decode()  # escaped as icalendar does


def test_lines_are_folded_at_75_octets_with_crlf() -> None:
    data = feed("名前", [record("平日 8:45〜17:15", name="長い" * 60)], TODAY)
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # folding never splits a character


def test_a_record_with_two_rules_has_two_events_with_distinct_uids() -> None:
    data = feed("名前", [record("毎月第2水曜日 13:30〜15:30", "毎月第4金曜日 10:00〜12:00")], TODAY)
    uids = [str(e["UID"]) for e in events(data)]
    assert uids == ["tobetsu.salon.0@carerdir", "tobetsu.salon.1@carerdir"]


def test_a_feed_without_regular_meetings_is_an_empty_calendar() -> None:
    data = feed("名前", [record(schedule=(rule_from_mapping({"note": "不定期"}),))], TODAY)
    calendar = Calendar.from_ical(data)
    assert not events(data) and not list(calendar.walk("VTIMEZONE"))
