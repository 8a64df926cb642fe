"""Suspended places and places serving other towns, as a resident sees them in headless Chromium.

Sample data: 仁木町's 認知症カフェ「おかのうえ」第2会場 is suspended; 釧路市's
介護家族のつどい「ぬさまい会」 serves 釧路町, which has no place of its own.
"""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from test_next_meeting_everywhere import on_the_build_day
from test_search import RESULTS, search

SUSPENDED = "r/niki/ninchisho-cafe-oka/"
SUSPENDED_NAME = "認知症カフェ「おかのうえ」第2会場"
SERVING_NAME = "介護家族のつどい「ぬさまい会」"


def test_a_suspended_place_says_so_first_and_offers_no_dates(page: Page, site_url: str) -> None:
    page.goto(site_url + SUSPENDED)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{SUSPENDED_NAME}（休止中）")
    notice = page.get_by_role("note", name="休止中です")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("会場の改修工事のため、2027年3月まで休止しています。")
    # The notice comes right after the heading, before anything a reader might act on.
    first_after_title = page.locator(".cd-record h1 ~ *").first
    expect(first_after_title).to_have_class(re.compile(r"\bcd-suspended\b"))
    expect(page.locator(".cd-next")).to_have_count(0)
    expect(page.get_by_text("次回の予定")).to_have_count(0)
    expect(page.get_by_text("カレンダーに追加")).to_have_count(0)
    expect(page.locator(".cd-record")).to_contain_text("毎月第3木曜日")  # the usual schedule stays, for when it reopens


def test_the_suspended_place_passes_axe(page: Page, site_url: str) -> None:
    page.goto(site_url + SUSPENDED)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_town_list_marks_a_suspended_place(page: Page, site_url: str) -> None:
    page.goto(site_url + "towns/niki/")
    card = page.locator(".cd-card", has_text=SUSPENDED_NAME)
    expect(card.locator(".cd-badge--suspended")).to_have_text("休止中")


def test_a_suspended_place_is_not_on_the_calendar(page: Page, site_url: str) -> None:
    page.clock.install(time=on_the_build_day(page, site_url, "20:00"))  # today's meetings over, still listed
    page.goto(site_url + "calendar/")
    expect(page.locator(".cd-agenda").first).to_be_visible()
    expect(page.get_by_role("link", name=SUSPENDED_NAME)).to_have_count(0)
    expect(page.get_by_role("link", name="ふれあいサロン「さくらんぼの会」").first).to_be_visible()


def test_search_finds_a_suspended_place_by_its_reading_but_gives_no_next_date(page: Page, site_url: str) -> None:
    page.goto(site_url)
    for query in ("だい２かいじょう", "ダイ2カイジョウ", "おかのうえ だい2"):  # a reading with a digit
        search(page, query)
        item = page.locator(RESULTS, has_text=SUSPENDED_NAME)
        expect(item).to_have_count(1)
        expect(item.locator(".cd-result__next")).to_have_count(0)


def test_a_town_page_lists_places_nearby_that_serve_it(page: Page, site_url: str) -> None:
    page.goto(site_url + "towns/kushiro-cho/")
    section = page.get_by_role("region", name="近くの市町村にある場所（1件）")
    expect(section).to_be_visible()
    card = section.locator(".cd-card")
    expect(card).to_have_count(1)
    expect(card.get_by_role("link", name=SERVING_NAME)).to_be_visible()
    expect(card).to_contain_text("釧路市")  # marked as being in another town
    expect(page.get_by_text("釧路町の中にある場所は、まだ登録されていません")).to_be_visible()
    expect(page.get_by_role("link", name="釧路町の集まり・窓口をカレンダーに追加（.ics）")).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    card.get_by_role("link", name=SERVING_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SERVING_NAME)


def test_the_calendar_filtered_to_a_town_shows_places_that_serve_it(page: Page, site_url: str) -> None:
    page.goto(site_url + "calendar/")
    page.get_by_label("市町村").select_option(label="釧路町")
    visible = page.locator(".cd-agenda li:visible")
    expect(visible.first).to_be_visible()
    assert set(visible.locator("a").all_inner_texts()) == {SERVING_NAME}
    expect(visible.first).to_contain_text("釧路市")


def test_searching_a_served_town_finds_the_place_elsewhere(page: Page, site_url: str) -> None:
    page.goto(site_url)
    search(page, "釧路町 つどい")
    item = page.locator(RESULTS, has_text=SERVING_NAME)
    expect(item).to_have_count(1)
    expect(item.locator(".cd-result__town")).to_have_text("釧路市")
