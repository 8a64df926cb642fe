"""Pages do not move while their scripts fill them in: layout shift on a phone, in headless Chromium.

Space for what scripts add (next dates, 受付中, filters, maps, the town picker, search results)
is kept in the HTML and CSS from the first paint (.cd-js in directory.css, set in <head> by
overrides/main.html). The budget is Lighthouse's: cumulative layout shift <= 0.02.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from test_next_meeting_everywhere import on_the_build_day

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


# The evening of the build day (today's meetings have ended: marked 終了 in place) and the next
# morning before the site is rebuilt (yesterday is left out before it is drawn).
LATER = {"evening": ("20:00", 0), "next morning": ("09:00", 1)}


@pytest.mark.parametrize(("clock", "days_later"), LATER.values(), ids=LATER.keys())
def test_the_calendar_stays_put_as_meetings_end(page: Page, site_url: str, clock: str, days_later: int) -> None:
    page.clock.install(time=on_the_build_day(page, site_url, clock, days_later))
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(site_url + "calendar/")
    page.wait_for_load_state("networkidle")
    shifts = page.evaluate(SHIFTS)
    assert sum(value for value, _ in shifts) <= CLS_BUDGET, shifts
    ended = page.locator(".cd-agenda__item--ended:visible")
    assert ended.count() if days_later == 0 else not ended.count()  # the evening has some; a new day none
