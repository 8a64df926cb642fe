"""One meaning of "next" on every page that shows one: a meeting is next until it ends, in Tokyo.

The site is built today; the browser's clock is then moved to the first meeting in the built
data, while it is on and just after it has ended, and every place that shows a next date is read.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from playwright.sync_api import Locator, Page, expect

JST = timezone(timedelta(hours=9))
RECORD = "r/tobetsu/kaigosha-no-tsudoi/"
NAME = "当別町介護者のつどい「ほっとひと息の会」"  # 毎月第2水曜日 13:30〜15:30
WEEKDAYS = "月火水木金土日"


def built_meetings(page: Page, site_url: str) -> list[list[str]]:
    """The record's meetings as the build embedded them: [["2026-12-09", "13:30", "15:30"], ...]."""
    page.goto(site_url + RECORD)
    return json.loads(page.locator("[data-cd-occurrences]").get_attribute("data-cd-occurrences") or "[]")


def label(meeting: list[str]) -> str:
    day = date.fromisoformat(meeting[0])
    return f"{day.month}月{day.day}日（{WEEKDAYS[day.weekday()]}） {meeting[1]}〜{meeting[2]}"


def moment(meeting: list[str], clock: str) -> datetime:
    hours, minutes = map(int, clock.split(":"))
    return datetime.combine(date.fromisoformat(meeting[0]), datetime.min.time(), JST) + timedelta(
        hours=hours, minutes=minutes)


def on_the_build_day(page: Page, site_url: str, clock: str, days_later: int = 0) -> datetime:
    """`clock` (JST) on the day the site was built (the calendar says which), or days later."""
    page.goto(site_url + "calendar/")
    built = page.locator("[data-cd-built]").get_attribute("datetime") or ""
    return moment([built], clock) + timedelta(days=days_later)


def on_record_page(page: Page, site_url: str) -> str:
    page.goto(site_url + RECORD)
    return page.locator(".cd-next__list li").first.inner_text()


def in_a_list(page: Page, url: str) -> str:
    page.goto(url)
    card = page.locator(".cd-card").filter(has=page.get_by_role("link", name=NAME, exact=True))
    return card.locator(".cd-card__next dd").inner_text()


def in_search_results(page: Page, site_url: str) -> str:
    page.goto(site_url)
    page.get_by_label("名前・市町村・ことば", exact=False).fill("ほっとひと息")
    result = page.locator(".cd-result").filter(has=page.get_by_role("link", name=NAME, exact=True))
    return result.locator(".cd-result__next").inner_text().removeprefix("次回 ")


def in_a_map_popup(page: Page, site_url: str) -> str:
    """The town map's popup, opened as a visitor would: clusters first, then the place."""
    page.goto(site_url + "towns/tobetsu/")
    page.locator("[data-cd-map]").scroll_into_view_if_needed()  # maps start when they come into view
    expect(page.locator("[data-cd-map-ready]")).to_have_count(1)
    marker = page.locator(f'.cd-marker[title="{NAME}"]')
    for _ in range(12):
        if marker.count():
            break
        page.locator(".cd-cluster").first.click()
        page.wait_for_timeout(700)  # the cluster's zoom animation
    marker.click()
    return page.locator(".leaflet-popup-content .cd-popup__next").inner_text().removeprefix("次回: ")


def calendar_entries(page: Page, site_url: str) -> Locator:
    """The record's meetings listed on the calendar (those that have ended are marked 終了)."""
    page.goto(site_url + "calendar/")
    return page.locator(".cd-agenda li:visible").filter(has=page.get_by_role("link", name=NAME, exact=True))


def calendar_text(entry: Locator) -> str:
    day = entry.locator("xpath=ancestor::section[contains(@class, 'cd-day')]").locator("h2").inner_text()
    return f"{day} {entry.locator('.cd-agenda__time').inner_text()}"


def in_the_calendar(page: Page, site_url: str) -> str:
    """The calendar's next meeting of the record: the first listed that is not marked 終了."""
    entries = calendar_entries(page, site_url)
    expect(entries.first).to_be_visible()
    upcoming = [e for e in entries.all() if not e.locator(".cd-agenda__status").is_visible()]
    return calendar_text(upcoming[0])


def next_everywhere(page: Page, site_url: str) -> dict[str, str]:
    return {
        "record page": on_record_page(page, site_url),
        "town list": in_a_list(page, site_url + "towns/tobetsu/"),
        "kind list": in_a_list(page, site_url + "kinds/salon/"),
        "search result": in_search_results(page, site_url),
        "map popup": in_a_map_popup(page, site_url),
        "calendar": in_the_calendar(page, site_url),
    }


@pytest.fixture
def meetings(page: Page, site_url: str) -> list[list[str]]:
    found = built_meetings(page, site_url)
    assert len(found) >= 2 and all(m[1:] == ["13:30", "15:30"] for m in found)
    return found


def test_a_meeting_under_way_is_still_next_everywhere(page: Page, site_url: str, meetings: list[list[str]]) -> None:
    page.clock.install(time=moment(meetings[0], "15:00"))
    expected = label(meetings[0]).rsplit("〜", 1)[0]  # the calendar gives the start time only
    shown = next_everywhere(page, site_url)
    assert {place: text.startswith(expected) for place, text in shown.items()} == dict.fromkeys(shown, True), shown
    assert shown["record page"] == label(meetings[0])
    (under_way, *_) = calendar_entries(page, site_url).all()  # under way: listed, not marked 終了
    assert calendar_text(under_way) == expected
    expect(under_way.locator(".cd-agenda__status")).to_be_hidden()


def test_a_meeting_that_has_ended_is_next_nowhere(page: Page, site_url: str, meetings: list[list[str]]) -> None:
    page.clock.install(time=moment(meetings[0], "15:31"))
    expected = label(meetings[1]).rsplit("〜", 1)[0]
    shown = next_everywhere(page, site_url)
    assert {place: text.startswith(expected) for place, text in shown.items()} == dict.fromkeys(shown, True), shown
    assert {shown[p] for p in ("record page", "town list", "kind list", "search result", "map popup")} == {
        label(meetings[1])}
    # The calendar keeps the meeting that has ended in its place (nothing moves), marked 終了 and greyed.
    (ended, *_) = calendar_entries(page, site_url).all()
    assert calendar_text(ended) == label(meetings[0]).rsplit("〜", 1)[0]
    expect(ended.locator(".cd-agenda__status")).to_have_text("終了")
    expect(ended.locator(".cd-agenda__status")).to_be_visible()
    expect(ended).to_have_css("color", "rgb(89, 89, 89)")


def test_the_calendar_keeps_today_in_place_once_its_meetings_have_ended(page: Page, site_url: str) -> None:
    page.goto(site_url + "calendar/")
    day = page.locator(".cd-day").first.locator("time").get_attribute("datetime") or ""
    page.clock.install(time=datetime.combine(date.fromisoformat(day), datetime.min.time(), JST) + timedelta(hours=23))
    page.goto(site_url + "calendar/")
    expect(page.locator(f"#day-{day}")).to_be_visible()
    entries = page.locator(f'.cd-day[data-day="{day}"] li')
    meetings = entries.evaluate_all("lis => lis.map(li => JSON.parse(li.dataset.cdMeeting))")
    ended = [bool(end) and end <= "23:00" for _, _, end in meetings]  # no end time: on until the day is over
    assert any(ended)
    assert [status.is_visible() for status in entries.locator(".cd-agenda__status").all()] == ended


def test_the_calendar_drops_a_whole_day_once_it_is_over(page: Page, site_url: str) -> None:
    page.goto(site_url + "calendar/")
    day = page.locator(".cd-day").first.locator("time").get_attribute("datetime") or ""
    page.clock.install(time=datetime.combine(date.fromisoformat(day), datetime.min.time(), JST) + timedelta(days=1))
    page.goto(site_url + "calendar/")
    expect(page.locator(f"#day-{day}")).to_be_hidden()
    expect(page.locator(".cd-day:visible").first.locator(".cd-agenda__status:visible")).to_have_count(0)
    expect(page.locator(".cd-day:visible").first).to_be_visible()
    assert all(d > day for d in page.locator(".cd-day:visible time").evaluate_all(
        "times => times.map(t => t.getAttribute('datetime'))"))
