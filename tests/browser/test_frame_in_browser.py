"""A generated page is Material's frame filled in (carerdir/frame.py): in Chromium it must work as a
page Material rendered itself — styles and scripts load, the navigation drawer opens and leads on."""

from __future__ import annotations

from playwright.sync_api import Page, expect

RECORD = "r/tobetsu/kaigosha-no-tsudoi/"  # two folders down: every frame link is relative


def test_a_record_page_opens_the_site_navigation_and_leads_to_other_pages(page: Page, site_url: str) -> None:
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto(site_url + RECORD)
    expect(page).to_have_title("当別町介護者のつどい「ほっとひと息の会」 - 北海道 ケアラー支援ガイド")
    # Material's stylesheet and script came from the frame's relative links: the header is
    # styled and the drawer button works.
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    page.locator("label.md-header__button[for='__drawer']").click()
    drawer = page.locator("nav.md-nav--primary")
    expect(drawer).to_be_visible()
    drawer.get_by_role("link", name="種類から探す").click()
    expect(page).to_have_url(site_url + "kinds/")
    expect(page.get_by_role("heading", level=1)).to_have_text("種類から探す")
    page.go_back()
    page.locator("label.md-header__button[for='__drawer']").click()
    drawer.get_by_role("link", name="ホーム", exact=True).click()
    expect(page).to_have_url(site_url)
    assert failed == [] and page.outside_requests == []  # type: ignore[attr-defined]
