"""Hostile text from YAML stays text, and every page template passes axe-core."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Dialog, Page, expect

from conftest import build_site, serve
from sitebuild import copy_project

SCRIPT = "<script>alert('name')</script>"
HOSTILE_RECORD = f"""\
kind: salon
name: "{SCRIPT}サロン"
name_kana: さろん
address: "<img src=x onerror=alert('address')>北海道石狩郡当別町白樺町58番地9"
postal_code: "061-0292"
location: {{lat: 43.2237, lon: 141.5171}}
phone: "0133-23-2111"
url: "https://example.jp/?q=\\"><script>alert('url')</script>"
operator: "\\"><svg onload=alert('operator')>"
fee: "[無料](javascript:alert('fee'))"
audience: [carers]
schedule: ["毎週金曜日 10:00〜12:00 ※<b onmouseover=alert('schedule')>要予約</b>"]
schedule_note: "<img src=x onerror=alert('note')>"
format: in_person
description: |
  javascript:alert('description') と <iframe src="javascript:alert(1)"></iframe>
  **太字ではない** https://example.jp/"onmouseover="alert('link')
verified: 2026-10-01
sample: true
"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project", with_samples=False)
    (project / "resources" / "tobetsu").mkdir()
    (project / "resources" / "tobetsu" / "hostile.yml").write_text(HOSTILE_RECORD, encoding="utf-8")
    yield from serve(build_site(project))


def test_hostile_record_renders_as_text_with_no_dialog(page: Page, hostile_url: str) -> None:
    dialogs: list[str] = []

    def record_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record_dialog)
    for path in ("r/tobetsu/hostile/", "towns/tobetsu/", "kinds/salon/", "calendar/", ""):
        page.goto(hostile_url + path)
        page.mouse.move(10, 10)
        page.locator("body").hover()
    page.goto(hostile_url + "r/tobetsu/hostile/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{SCRIPT}サロン")
    expect(page.get_by_text("<svg onload=alert('operator')>", exact=False)).to_be_visible()
    expect(page.get_by_text("[無料](javascript:alert('fee'))")).to_be_visible()
    expect(page.get_by_text("<img src=x onerror=alert('note')>")).to_be_visible()
    expect(page.get_by_text("※<b onmouseover=alert('schedule')>要予約</b>", exact=False)).to_be_visible()
    injected = ", ".join(f".cd-record {tag}" for tag in ("script", "iframe", "img", "svg", "b", "strong"))
    assert page.locator(injected).count() == 0
    hrefs = page.locator(".cd-record a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h and h.strip().lower().startswith("javascript:")]
    assert dialogs == []


PAGES = {"home": "", "towns": "towns/", "town": "towns/tobetsu/", "kinds": "kinds/",
         "kind": "kinds/salon/", "record": "r/tobetsu/kaigosha-no-tsudoi/",
         "online record": "r/sapporo-chuo/young-carer-online-salon/", "empty town": "towns/rausu/",
         "stale record": "r/tobetsu/kaigo-youhin-shikyu/", "coverage": "coverage/", "stale list": "staff/stale/",
         "calendar": "calendar/", "map": "map/", "search": "search/"}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_axe_reports_no_violations(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
