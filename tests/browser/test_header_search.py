"""The header's search on every page: the directory search in Material's search frame, in headless
Chromium on the sample site. Material's search plugin is gone: nothing fetches its index."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

DIALOG = ".cd-search-dialog"
RECORD = "r/tobetsu/kaigosha-no-tsudoi/"
DONE = re.compile(r"^(?!.*(探しています|読み込み中)).+$")
# Every page type a visitor meets, for the checks that must hold on all of them.
PAGES = ["", "towns/", "towns/tobetsu/", "kinds/salon/", RECORD, "map/", "calendar/", "guide/checklist/",
         "guide/work-care/", "coverage/", "search/"]


def open_search(page: Page) -> None:
    page.get_by_role("link", name="検索", exact=True).click()
    expect(page.locator(f"{DIALOG} input")).to_be_focused()


def header_search(page: Page, query: str) -> None:
    page.locator(f"{DIALOG} input").fill(query)
    expect(page.locator(f"{DIALOG} .cd-search__status")).to_have_text(DONE)


def group(page: Page, name: str):  # type: ignore[no-untyped-def]
    return page.locator(f"{DIALOG} [data-group={name}]")


def test_from_a_record_page_a_town_name_lists_the_town_and_its_records(page: Page, site_url: str) -> None:
    page.goto(site_url + RECORD)
    open_search(page)
    expect(page.locator(f"{DIALOG} .md-search__inner")).to_be_visible()
    header_search(page, "当別")
    expect(group(page, "towns").get_by_role("link")).to_have_text(["当別町"])
    places = group(page, "places").locator(".cd-result")
    expect(places).to_have_count(8)
    assert set(places.locator(".cd-result__town").all_inner_texts()) == {"当別町"}
    expect(page.locator(f"{DIALOG} .cd-search__status")).to_have_text("9件見つかりました（市町村 1・場所 8）")
    group(page, "towns").get_by_role("link", name="当別町").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("当別町の相談先・つどいの場")
    assert page.outside_requests == []  # type: ignore[attr-defined]


def test_a_kana_query_finds_a_kanji_name(page: Page, site_url: str) -> None:
    page.goto(site_url + "towns/tobetsu/")
    open_search(page)
    header_search(page, "ほっとひといき")
    expect(group(page, "places").locator(".cd-result__name")).to_have_text(["当別町介護者のつどい「ほっとひと息の会」"])
    header_search(page, "トウベツチョウ")  # katakana, and the town with its 町
    expect(group(page, "towns").get_by_role("link")).to_have_text(["当別町"])


def test_a_guide_page_is_found_by_a_term_in_one_of_its_sections(page: Page, site_url: str) -> None:
    page.goto(site_url + RECORD)
    open_search(page)
    header_search(page, "介護休業")
    hit = group(page, "guide").locator(".cd-result").filter(has_text="仕事と介護の両立のポイント")
    expect(hit).to_have_count(1)
    hit.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"guide/work-care/#"))
    expect(page.get_by_role("heading", level=1)).to_have_text("仕事と介護の両立のポイント")
    anchor = page.url.rsplit("#", 1)[1]
    expect(page.locator(f"[id='{anchor}']")).to_contain_text("職場に")


def test_a_guide_heading_is_found_by_its_words(page: Page, site_url: str) -> None:
    page.goto(site_url)
    open_search(page)
    header_search(page, "要介護認定")
    expect(group(page, "guide").get_by_role("link", name="要介護認定の始まり")).to_be_visible()


def test_a_glossary_term_is_found_by_its_reading(page: Page, site_url: str) -> None:
    page.goto(site_url + "calendar/")
    open_search(page)
    header_search(page, "けあまね")
    hit = group(page, "guide").get_by_role("link", name="ケアマネジャー", exact=True)
    hit.click()
    expect(page).to_have_url(re.compile(r"guide/glossary/#term-"))
    expect(page.locator(":target")).to_contain_text("ケアマネジャー")


def test_keyboard_slash_opens_arrows_move_enter_follows_escape_closes(page: Page, site_url: str) -> None:
    page.goto(site_url + RECORD)
    input_box = page.locator(f"{DIALOG} input")
    page.keyboard.press("/")
    expect(input_box).to_be_focused()
    expect(input_box).to_have_value("")  # the / opened the search, it was not typed
    page.keyboard.press("Escape")
    expect(input_box).not_to_be_focused()
    expect(page.locator(f"{DIALOG} .md-search__inner")).to_be_hidden()
    page.keyboard.press("/")
    page.keyboard.type("当別")
    expect(page.locator(f"{DIALOG} .cd-search__status")).to_have_text(DONE)
    page.keyboard.press("ArrowDown")
    expect(group(page, "towns").get_by_role("link")).to_be_focused()
    page.keyboard.press("ArrowDown")
    first_place = group(page, "places").get_by_role("link").first
    expect(first_place).to_be_focused()
    name = first_place.inner_text()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(input_box).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_enter_in_the_header_box_opens_the_first_result(page: Page, site_url: str) -> None:
    page.goto(site_url + "map/")
    open_search(page)
    header_search(page, "オレンジカフェひだまり")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("オレンジカフェひだまり")


def test_screen_readers_hear_the_result_count(page: Page, site_url: str) -> None:
    page.goto(site_url + RECORD)
    open_search(page)
    status = page.locator(f"{DIALOG} .cd-search__status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    header_search(page, "ぞうのはなこ")
    expect(status).to_contain_text("見つかりませんでした")


def test_no_page_fetches_materials_search_index_worker_or_lunr(page: Page, site_url: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    for path in PAGES:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        assert not [url for url in fetched if "/search/directory/" in url], path  # lazy: not before opening
    open_search(page)
    header_search(page, "当別")
    assert [url for url in fetched if url.endswith("/search/directory/index.json")]
    assert not [url for url in fetched if re.search(r"search_index|/workers/|lunr", url)]


def test_axe_reports_no_violations_with_the_search_open(page: Page, site_url: str) -> None:
    page.goto(site_url + RECORD)
    open_search(page)
    header_search(page, "当別")
    expect(group(page, "guide")).to_have_count(0)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    header_search(page, "相談")  # all three groups
    expect(group(page, "guide")).to_have_count(1)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_without_javascript_the_search_button_leads_to_towns_and_kinds(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + RECORD)
    expect(page.locator(f"{DIALOG}")).to_be_hidden()
    page.get_by_role("link", name="検索", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("探す")
    page.get_by_role("link", name="認知症カフェ").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("認知症カフェ")
    page.go_back()
    page.get_by_role("link", name="当別町", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("当別町の相談先・つどいの場")
    context.close()


def test_the_search_page_takes_a_query_from_its_address(page: Page, site_url: str) -> None:
    page.goto(site_url + "search/?q=とうべつ")
    expect(page.locator(".cd-search [data-group=towns]").get_by_role("link")).to_have_text(["当別町"])


@pytest.mark.parametrize("width", [390, 1280])
def test_the_search_button_is_in_materials_header(page: Page, site_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(site_url + "calendar/")
    header = page.locator(".md-header")
    if width < 960:  # a phone: Material's magnifier button, which opens the search over the page
        expect(header.get_by_role("link", name="検索", exact=True)).to_be_visible()
        open_search(page)
    else:  # a wide screen: Material's search box in the header
        expect(header.get_by_role("link", name="検索", exact=True)).to_be_hidden()
        page.locator(f"{DIALOG} input").click()
    header_search(page, "サロン")
    expect(group(page, "places").locator(".cd-result").first).to_be_in_viewport()
