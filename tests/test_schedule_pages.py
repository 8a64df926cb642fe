"""Schedules on built pages: plain Japanese rules, next dates, .ics feeds and the calendar."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import jpholiday
import pytest
from icalendar import Calendar

from sitebuild import copy_project, mkdocs_build

JST = timezone(timedelta(hours=9))


def build(tmp: Path) -> Path:
    project = copy_project(tmp / "project")
    result = mkdocs_build(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("schedules"))


def read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def next_dates(html: str) -> list[date]:
    section = re.search(r'<section class="cd-next".*?</section>', html, re.S)
    assert section, "no next-dates section"
    return [date.fromisoformat(d) for d in re.findall(r'<time datetime="([\d-]+)">', section.group())]


def test_record_page_shows_the_rule_in_plain_japanese_and_the_next_three_dates(site: Path) -> None:
    html = read(site, "r/tobetsu/kaigosha-no-tsudoi")
    assert "<li>毎月第2水曜日 13:30〜15:30</li>" in html
    dates = next_dates(html)
    today = datetime.now(JST).date()
    assert len(dates) == 3 and dates == sorted(dates) and dates[0] >= today
    assert all(d.weekday() == 2 and 8 <= d.day <= 14 for d in dates)  # second Wednesdays
    assert len({(d.year, d.month) for d in dates}) == 3
    assert "13:30〜15:30" in html and "カレンダーに追加" in html


def test_counter_next_days_skip_weekends_and_national_holidays(site: Path) -> None:
    html = read(site, "r/tobetsu/chiiki-houkatsu")
    assert "平日 8:45〜17:15（年末年始を除く）" in html
    embedded = re.search(r'data-cd-occurrences="([^"]+)"', html).group(1).replace("&#34;", '"')
    days = [date.fromisoformat(d) for d in re.findall(r'\["([\d-]+)"', embedded)]
    assert len(days) > 100
    assert all(d.weekday() < 5 and not jpholiday.is_holiday(d) for d in days)
    assert not [d for d in days if (d.month, d.day) >= (12, 29) or (d.month, d.day) <= (1, 3)]


def events(site: Path, path: str) -> list:
    calendar = Calendar.from_ical((site / path).read_bytes())
    return list(calendar.walk("VEVENT"))


def test_record_feed_has_an_rrule_in_tokyo_time(site: Path) -> None:
    [event] = events(site, "r/tobetsu/kaigosha-no-tsudoi/calendar.ics")
    assert event["RRULE"]["FREQ"] == ["MONTHLY"] and event["RRULE"]["BYDAY"] == ["2WE"]
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Asia/Tokyo" and (start.hour, start.minute) == (13, 30)
    assert start.weekday() == 2 and 8 <= start.day <= 14
    assert event.decoded("DTEND") - start == timedelta(hours=2)
    assert event["SUMMARY"] == "当別町介護者のつどい「ほっとひと息の会」"


def test_counter_feed_excludes_national_holidays_with_exdate(site: Path) -> None:
    [event] = events(site, "r/tobetsu/chiiki-houkatsu/calendar.ics")
    groups = event.get("EXDATE", [])  # one EXDATE property, or a list of them
    excluded = [d.dt.date() for group in (groups if isinstance(groups, list) else [groups]) for d in group.dts]
    assert excluded, "a weekday counter must skip some holidays within a year"
    assert all(jpholiday.is_holiday(d) or (d.month, d.day) >= (12, 29) or (d.month, d.day) <= (1, 3)
               for d in excluded)
    assert all(d.weekday() < 5 for d in excluded)


def test_feeds_have_stable_uids_and_the_town_feed_holds_its_records(site: Path, tmp_path: Path) -> None:
    again = build(tmp_path)
    first = [e["UID"] for e in events(site, "towns/tobetsu/calendar.ics")]
    assert first == [e["UID"] for e in events(again, "towns/tobetsu/calendar.ics")]
    assert len(first) == len(set(first))
    assert "tobetsu.kaigosha-no-tsudoi.0@carerdir" in first
    town = read(site, "towns/tobetsu")
    assert 'href="calendar.ics"' in town


def test_calendar_lists_gatherings_of_the_next_eight_weeks_by_date(site: Path) -> None:
    html = read(site, "calendar")
    days = [date.fromisoformat(d) for d in re.findall(r'<h2 id="day-([\d-]+)"', html)]
    today = datetime.now(JST).date()
    assert days == sorted(days) and days[0] >= today and days[-1] < today + timedelta(weeks=8)
    kinds = set(re.findall(r'<li data-town="[a-z-]+" data-kind="([a-z_]+)"[^>]*>', html))
    assert kinds == {"salon", "dementia_cafe", "hub"}
    tsudoi = next_dates(read(site, "r/tobetsu/kaigosha-no-tsudoi"))[0]
    if tsudoi < today + timedelta(weeks=8):
        day = html[html.index(f'id="day-{tsudoi.isoformat()}"'):]
        assert "ほっとひと息の会" in day[:day.find("</section>")]
