"""Dates stay current in the visitor's browser, whatever day the site was built."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import jpholiday
from playwright.sync_api import Browser, Page, expect

JST = timezone(timedelta(hours=9))


def next_weekday_on_duty(after: date) -> date:
    """The first weekday after `after` that is not a holiday or in the new-year break."""
    day = after + timedelta(days=1)
    while day.weekday() >= 5 or jpholiday.is_holiday(day) or (day.month, day.day) >= (12, 29) \
            or (day.month, day.day) <= (1, 3):
        day += timedelta(days=1)
    return day


def shown_dates(page: Page) -> list[date]:
    return [date.fromisoformat(d) for d in page.locator(".cd-next__list time").evaluate_all(
        "times => times.map(t => t.getAttribute('datetime'))")]


def test_next_dates_refresh_when_the_clock_is_past_the_build_date(page: Page, site_url: str) -> None:
    page.goto(site_url + "r/tobetsu/kaigosha-no-tsudoi/")
    built = shown_dates(page)
    later = datetime.combine(built[1], datetime.min.time(), JST) + timedelta(hours=16)  # after the 2nd meeting
    page.clock.install(time=later)
    page.goto(site_url + "r/tobetsu/kaigosha-no-tsudoi/")
    refreshed = shown_dates(page)
    assert refreshed[0] == built[2] > later.date()
    assert all(d > later.date() and d.weekday() == 2 and 8 <= d.day <= 14 for d in refreshed)
    first = page.locator(".cd-next__list li").first
    expect(first).to_have_text(re.compile(rf"^{built[2].month}月{built[2].day}日（水） 13:30〜15:30$"))


def test_a_page_long_out_of_date_shows_no_past_date(page: Page, site_url: str) -> None:
    page.clock.install(time=datetime.now(JST) + timedelta(days=400))
    page.goto(site_url + "r/tobetsu/kaigosha-no-tsudoi/")
    expect(page.locator(".cd-next__list li")).to_have_count(0)
    expect(page.get_by_text("この先の日程は、電話などでお問い合わせください。")).to_be_visible()


def test_counter_says_open_in_office_hours_and_closed_after(page: Page, site_url: str) -> None:
    duty = next_weekday_on_duty(datetime.now(JST).date())
    page.clock.install(time=datetime.combine(duty, datetime.min.time(), JST) + timedelta(hours=10))
    page.goto(site_url + "r/tobetsu/chiiki-houkatsu/")
    expect(page.locator(".cd-open")).to_have_text("受付中（17:15まで）")
    page.clock.set_fixed_time(datetime.combine(duty, datetime.min.time(), JST) + timedelta(hours=18))
    page.reload()
    expect(page.locator(".cd-open")).to_have_text(re.compile(r"^受付時間外（次の受付: \d+月\d+日（.） 8:45〜17:15）$"))


def test_calendar_filters_by_town_and_kind(page: Page, site_url: str) -> None:
    page.goto(site_url + "calendar/")
    items = page.locator(".cd-agenda li")
    total = items.count()
    page.get_by_label("市町村").select_option(label="苫小牧市")
    visible = page.locator(".cd-agenda li:visible")
    expect(visible.first).to_be_visible()
    towns = visible.evaluate_all("lis => lis.map(li => li.dataset.town)")
    assert set(towns) == {"tomakomai"} and len(towns) < total
    coming = page.locator(".cd-agenda li:visible:not(.cd-agenda__item--ended)").count()  # not those 終了 today
    expect(page.locator(".cd-filter__count")).to_have_text(f"{coming}件の予定")
    page.get_by_label("種類").select_option(label="認知症カフェ")
    kinds = page.locator(".cd-agenda li:visible").evaluate_all("lis => lis.map(li => li.dataset.kind)")
    assert set(kinds) <= {"dementia_cafe"}


def test_calendar_is_a_full_list_without_javascript(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "calendar/")
    expect(page.locator("[data-cd-calendar-filter]")).to_be_hidden()
    assert page.locator(".cd-agenda li:visible").count() == page.locator(".cd-agenda li").count() > 10
    context.close()
