"""The home page's search box, town picker and 「近くを探す」 on the sample site, in headless Chromium.

The header's search on every page runs the same code (test_header_search.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Request, Route, expect

BOX = ".cd-search"  # the box on the home page (the header's search is .cd-search-dialog)
RESULTS = f"{BOX} [data-group=places] .cd-result"
STATUS = f"{BOX} .cd-search__status"
# 当別町役場 (sample records of 当別町 lie within a kilometre or two of it).
TOBETSU = {"latitude": 43.22375, "longitude": 141.51706}


DONE = re.compile(r"^(?!.*(探しています|読み込み中)).+$")


def search(page: Page, query: str) -> None:
    """Type a query and wait until every shard it needs has been searched."""
    page.get_by_label("名前・市町村・ことば", exact=False).fill(query)
    expect(page.locator(STATUS)).to_have_text(DONE)


def result_names(page: Page) -> list[str]:
    return page.locator(f"{RESULTS} .cd-result__name").all_inner_texts()


def test_index_is_fetched_only_once_someone_starts_searching(page: Page, site_url: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/search/directory/" in r.url else None)
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert fetched == []
    search(page, "オレンジカフェ")
    assert any(url.endswith("/search/directory/index.json") for url in fetched)
    assert page.outside_requests == []  # type: ignore[attr-defined]


def test_kana_and_width_variants_find_the_same_places(page: Page, site_url: str) -> None:
    page.goto(site_url)
    search(page, "認知症")
    expected = result_names(page)
    cafes = page.locator(f"{RESULTS} .cd-badge--dementia_cafe")
    assert cafes.count() == 7  # every sample dementia café (one of them suspended), by its kind's label
    for query in ("にんちしょう", "ニンチショウ", "ﾆﾝﾁｼｮｳ", "ﾆﾝﾁｼｮｰ".replace("ｰ", "ｳ")):
        search(page, query)
        assert result_names(page) == expected, query


def test_latin_letters_match_whatever_their_width_and_case(page: Page, site_url: str) -> None:
    page.goto(site_url)
    search(page, "ｎｐｏ")
    upper = result_names(page)
    search(page, "NPO")
    assert upper and result_names(page) == upper


def test_multi_word_query_is_and_and_town_matches_without_its_suffix(page: Page, site_url: str) -> None:
    page.goto(site_url)
    search(page, "当別 カフェ")
    items = page.locator(RESULTS)
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("オレンジカフェひだまり")
    expect(items.first.locator(".cd-badge")).to_have_text("認知症カフェ")
    expect(items.first.locator(".cd-result__town")).to_have_text("当別町")
    expect(items.first.locator(".cd-result__next")).to_contain_text("次回")
    search(page, "とうべつちょう　かふぇ")  # full-width space, hiragana, town with 町
    expect(items).to_have_count(1)
    items.first.locator("a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("オレンジカフェひだまり")


def test_town_name_with_or_without_suffix_lists_the_towns_records(page: Page, site_url: str) -> None:
    page.goto(site_url)
    counts = []
    for query in ("当別町", "当別", "とうべつ", "トウベツ"):
        search(page, query)
        towns = page.locator(f"{RESULTS} .cd-result__town").all_inner_texts()
        assert towns and set(towns) == {"当別町"}, (query, towns)
        counts.append(len(towns))
    assert len(set(counts)) == 1 and counts[0] == 8


def test_no_results_says_so_and_suggests_what_to_try(page: Page, site_url: str) -> None:
    page.goto(site_url)
    search(page, "当別 ぞうのはなこ")
    expect(page.locator(STATUS)).to_contain_text("見つかりませんでした")
    expect(page.locator(RESULTS)).to_have_count(0)


def test_typing_a_town_in_hiragana_offers_its_page(page: Page, site_url: str) -> None:
    page.goto(site_url)
    search(page, "とまこまい")
    towns = page.locator(f"{BOX} [data-group=towns]")
    expect(towns.get_by_role("heading")).to_have_text("市町村（1件）")
    towns.get_by_role("link", name="苫小牧市").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("苫小牧市の相談先・つどいの場")


def test_town_picker_narrows_by_subprefecture_then_opens_a_town(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.get_by_label("振興局", exact=True).select_option("胆振総合振興局")
    groups = page.locator(".cd-picker__group")
    expect(groups.filter(has_text="石狩振興局")).to_be_hidden()
    picker = page.locator(".cd-picker")
    expect(picker.get_by_role("link", name="当別町")).to_be_hidden()
    picker.get_by_role("link", name="苫小牧市").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("苫小牧市")


def test_without_javascript_the_lists_are_the_way_in(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url)
    expect(page.locator(f"{BOX} .cd-search__form")).to_be_hidden()
    expect(page.locator(".cd-picker").get_by_role("link", name="当別町")).to_be_visible()
    context.close()


def test_results_are_grouped_towns_places_then_guide(page: Page, site_url: str) -> None:
    page.goto(site_url)
    search(page, "とうべつ")
    groups = page.locator(f"{BOX} .cd-search__group")
    expect(groups).to_have_count(2)
    assert groups.evaluate_all("gs => gs.map(g => g.dataset.group)") == ["towns", "places"]
    expect(page.locator(STATUS)).to_have_text("9件見つかりました（市町村 1・場所 8）")
    search(page, "相談")
    assert groups.evaluate_all("gs => gs.map(g => g.dataset.group)") == ["places", "guide"]


@pytest.fixture
def located(browser: Browser) -> Iterator[tuple[Page, list[Request]]]:
    """A page whose browser reports a position at 当別町, recording every request it makes."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP",
                                  timezone_id="Asia/Tokyo", geolocation=TOBETSU, permissions=["geolocation"])
    requests: list[Request] = []

    def only_local(route: Route) -> None:
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_local)
    context.on("request", lambda request: requests.append(request))
    yield context.new_page(), requests
    context.close()


def test_near_me_lists_the_nearest_places_and_never_sends_the_position(
        located: tuple[Page, list[Request]], site_url: str) -> None:
    page, requests = located
    page.goto(site_url)
    page.get_by_role("button", name="近くを探す").click()
    expect(page.locator(STATUS)).to_have_text("近い順に10件")
    towns = page.locator(f"{RESULTS} .cd-result__town").all_inner_texts()
    assert towns[:8] == ["当別町"] * 8, towns
    distances = [float(t.strip("約km")) for t in page.locator(f"{RESULTS} .cd-result__distance").all_inner_texts()]
    assert distances == sorted(distances) and distances[0] < 3
    # The position appears in no URL, header or body of any request, in any form.
    marks = ["43.22", "141.51", "43.23", "141.52", "43223", "141517"]
    for request in requests:
        sent = request.url + json.dumps(request.headers) + (request.post_data or "")
        assert not [m for m in marks if m in sent], request.url
    assert all(r.url.startswith("http://127.0.0.1") for r in requests)
