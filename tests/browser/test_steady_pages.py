"""Pages do not move while their scripts fill them in: layout shift on a phone, in headless Chromium.

Space for what scripts add (next dates, 受付中, filters, maps, the town picker, search results)
is kept in the HTML and CSS from the first paint (.cd-js in directory.css, set in <head> by
overrides/main.html). The budget is Lighthouse's: cumulative layout shift <= 0.02.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

CLS_BUDGET = 0.02
PAGES = {"home": "", "town": "towns/tobetsu/", "kind": "kinds/salon/", "record": "r/tobetsu/kaigosha-no-tsudoi/",
         "counter record": "r/tobetsu/chiiki-houkatsu/", "map": "map/", "checklist": "guide/checklist/",
         "work-care": "guide/work-care/", "calendar": "calendar/", "search": "search/"}

# Every layout shift since the page started, with what moved, once the page has settled.
SHIFTS = """() => new Promise((resolve) => {
  const shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (!e.hadRecentInput) shifts.push([e.value, e.sources.map((s) => s.node ? s.node.nodeName + "." + s.node.className : "?").join(" ")]);
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(shifts), 1500);
})"""


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_stays_put_while_scripts_fill_it_in(page: Page, site_url: str, path: str) -> None:
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": 4})  # a phone, not a workstation
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    shifts = page.evaluate(SHIFTS)
    assert sum(value for value, _ in shifts) <= CLS_BUDGET, shifts
