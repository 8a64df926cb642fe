"""The /data/ page in Chromium: reachable from the navigation, every download link works, axe passes."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect


def test_open_data_page_passes_axe(page: Page, site_url: str) -> None:
    page.goto(site_url + "data/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_every_download_on_the_open_data_page_is_the_size_it_says(page: Page, subpath_url: str) -> None:
    """Under a GitHub Pages project sub-path too: the links are relative."""
    page.goto(subpath_url)
    page.locator("label.md-header__button[for='__drawer']").click()  # the phone's menu
    page.locator(".md-nav--primary").get_by_role("link", name="オープンデータ").click()
    expect(page.get_by_role("heading", level=1, name="オープンデータ")).to_be_visible()
    links = page.locator("a[download]")
    assert links.count() == 7
    for index in range(links.count()):
        link = links.nth(index)
        url = link.evaluate("a => a.href")
        size = int(link.locator("xpath=ancestor::table").locator("[data-bytes]").get_attribute("data-bytes"))
        response = page.request.get(url)
        assert response.ok and len(response.body()) == size, url
    feed = page.get_by_role("link", name="当別町のカレンダー（.ics）").evaluate("a => a.href")
    assert page.request.get(feed).body().startswith(b"BEGIN:VCALENDAR")
    assert page.outside_requests == []  # type: ignore[attr-defined]
