"""What a resident does on the sample site, in a real headless Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_resident_goes_from_home_to_a_town_to_a_record_and_finds_the_phone(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.get_by_role("link", name="当別町", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("当別町の相談先・つどいの場")
    # Counters come first on a town page: the first card is a consultation counter.
    expect(page.locator(".cd-card").first.locator(".cd-badge").first).to_have_text("相談窓口")
    page.locator(".cd-card").get_by_role("link", name="当別町地域包括支援センター").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("当別町地域包括支援センター")
    call = page.locator(".cd-call a")
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", re.compile(r"^tel:0133\d{6}$"))
    expect(page.get_by_text("サンプルデータです")).to_be_visible()
    assert page.outside_requests == []  # type: ignore[attr-defined]


def test_resident_finds_a_town_in_the_list_of_all_municipalities(page: Page, site_url: str) -> None:
    page.goto(site_url + "towns/")
    bureau = page.get_by_role("region", name="胆振総合振興局")
    bureau.get_by_role("link", name="苫小牧市").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("苫小牧市")
    expect(page.locator(".cd-card")).to_have_count(8)


def test_resident_lists_every_dementia_cafe_by_kind(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.get_by_role("link", name="認知症カフェ").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("認知症カフェ")
    badges = page.locator(".cd-card .cd-badge--dementia_cafe")
    expect(badges.first).to_be_visible()
    assert badges.count() == page.locator(".cd-card").count() >= 6


def test_resident_finds_a_cafe_by_name_with_the_site_search(page: Page, site_url: str) -> None:
    # The directory search on the home page (search.js); record pages are not in Material's index.
    page.goto(site_url)
    page.get_by_label("名前・市町村・ことば", exact=False).fill("ｵﾚﾝｼﾞｶﾌｪ ひだまり")
    result = page.locator(".cd-search__results .cd-result").first
    expect(result).to_contain_text("オレンジカフェひだまり")
    result.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("オレンジカフェひだまり")
    assert page.outside_requests == []  # type: ignore[attr-defined]


def test_site_works_under_a_project_sub_path(page: Page, subpath_url: str) -> None:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(subpath_url)
    page.get_by_role("link", name="旭川市", exact=True).first.click()
    page.locator(".cd-card__name").first.click()
    expect(page.locator(".cd-record h1")).to_be_visible()
    assert page.url.startswith(subpath_url + "r/asahikawa/")
    assert page.locator("link[rel=stylesheet]").count() > 1 and failed == []
