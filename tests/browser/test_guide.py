"""The carer guidance pages in headless Chromium: the awareness checklist, glossary tooltips,
printing, pages without JavaScript, a town's fork, and axe on every page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, Route, expect

from carerdir.glossary import glossary_terms
from conftest import build_site, serve
from sitebuild import ROOT, copy_project

GUIDE = {"first consultation": "guide/first-consultation/", "checklist": "guide/checklist/",
         "care services": "guide/care-services/", "work and care": "guide/work-care/",
         "young carers": "guide/young-carers/", "glossary": "guide/glossary/"}
CHECKLIST = GUIDE["checklist"]
SIGNS = ["一人で家族のケアをしている",
         "家族のケア以外にも負担の大きな役割がある（仕事や子育てなど）",
         "ケアラー本人に病気や障がいがある",
         "家族が公的支援やサービスを利用していない（利用しようとしない）",
         "家族のケアについて、どこにも相談していない",
         "疲れた様子に見える（疲れたとケアラー本人が言っている）"]
TEL = re.compile(r"^tel:0\d{9,10}$")
# A4 at 96 dpi less the margins of guide.css's @page (12 mm top and bottom, 14 mm left and right).
A4_PRINTABLE_HEIGHT, A4_PRINTABLE_WIDTH = (297 - 2 * 12) / 25.4 * 96, (210 - 2 * 14) / 25.4 * 96


def local_only(route: Route) -> None:
    if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def no_js_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844},
                                  locale="ja-JP")
    context.route("**/*", local_only)
    yield context.new_page()
    context.close()


@pytest.fixture
def touch_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP",
                                  has_touch=True, is_mobile=True)
    context.route("**/*", local_only)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def fork_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A town's fork: the sample data, with only 当別町 published in mkdocs.yml."""
    project = copy_project(tmp_path_factory.mktemp("fork") / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    forked = re.sub(r"^(\s+towns:)\s*\[\]", r"\1 [tobetsu]", text, count=1, flags=re.M)
    assert forked != text, "extra.directory.towns not found in mkdocs.yml"
    config.write_text(forked, encoding="utf-8")
    yield from serve(build_site(project))


EXTRA_TOWNS = ["ebetsu", "chitose", "eniwa", "ishikari", "kitahiroshima", "otaru", "iwamizawa",
               "hakodate", "obihiro", "kitami", "abashiri", "wakkanai", "nemuro", "rumoi"]


@pytest.fixture(scope="module")
def many_towns(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The samples plus a counter and a salon in 14 more towns (20 in all), as in a 振興局's or all
    Hokkaido's site."""
    project = copy_project(tmp_path_factory.mktemp("many") / "project")
    resources = project / "resources"
    counter = (resources / "tobetsu" / "chiiki-houkatsu.yml").read_text(encoding="utf-8")
    salon = (resources / "tobetsu" / "kaigosha-no-tsudoi.yml").read_text(encoding="utf-8")
    towns = {t["slug"]: t for t in yaml.safe_load((resources / "municipalities.yml").read_text())}
    for slug in EXTRA_TOWNS:
        town, place = towns[slug], f"lat: {towns[slug]['lat']}, lon: {towns[slug]['lon']}"
        (resources / slug).mkdir()
        (resources / slug / "houkatsu.yml").write_text(
            counter.replace("当別町地域包括支援センター", f"{town['name']}地域包括支援センター")
            .replace("lat: 43.2251, lon: 141.5142", place), encoding="utf-8")
        (resources / slug / "tsudoi.yml").write_text(
            salon.replace("当別町介護者のつどい", f"{town['name']}介護者のつどい")
            .replace("lat: 43.2217, lon: 141.5098", place), encoding="utf-8")
    site = build_site(project)
    for url in serve(site):
        yield url, site


def test_with_many_towns_the_checklist_loads_only_the_chosen_towns_places(
        page: Page, many_towns: tuple[str, Path]) -> None:
    url, site = many_towns
    html = (site / CHECKLIST / "index.html").read_text(encoding="utf-8")
    assert "当別町地域包括支援センター" not in html and "小樽市地域包括支援センター" not in html
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(url + CHECKLIST)
    page.get_by_role("checkbox", name=SIGNS[0]).check()
    picker = results(page).get_by_label("市町村をえらぶ")
    expect(picker).to_have_value("")  # nobody's town is chosen for them
    expect(results(page).locator("a[href^='tel:']")).to_have_count(0)
    picker.select_option(label="小樽市")
    card = results(page).get_by_role("link", name="小樽市地域包括支援センター")
    expect(card).to_be_visible()
    expect(results(page).locator("[data-town=otaru] a[href='tel:0133275841']").first).to_be_visible()
    assert [u for u in fetched if "/parts/" in u] == [url + "parts/guide/checklist/guide-counters/otaru.html"]
    card.click()  # the part's links are relative to the checklist page
    expect(page).to_have_url(url + "r/otaru/houkatsu/")
    page.go_back()
    page.get_by_role("checkbox", name=SIGNS[0]).check()
    picker = results(page).get_by_label("市町村をえらぶ")
    picker.select_option(label="当別町")  # a sample town: its counters and its gatherings
    expect(results(page).locator("[data-town=tobetsu]").get_by_text("介護者サロン・認知症カフェ")).to_be_visible()
    expect(results(page).locator("[data-town]:visible")).to_have_count(1)


def test_with_many_towns_and_no_javascript_the_guide_links_to_each_towns_page(
        no_js_page: Page, many_towns: tuple[str, Path]) -> None:
    url, _ = many_towns
    no_js_page.goto(url + GUIDE["first consultation"])
    no_js_page.get_by_text("市町村のページから探す").first.click()
    no_js_page.get_by_role("link", name="根室市").first.click()
    expect(no_js_page).to_have_url(url + "towns/nemuro/")
    expect(no_js_page.get_by_role("link", name="根室市地域包括支援センター")).to_be_visible()


def test_with_many_towns_every_guide_page_stays_small(many_towns: tuple[str, Path]) -> None:
    _, site = many_towns
    for path in GUIDE.values():
        html = (site / path / "index.html").read_text(encoding="utf-8")
        assert "<!-- part:" not in html and "小樽市地域包括支援センター" not in html, path


def test_with_many_towns_the_calendar_is_a_page_per_town(page: Page, many_towns: tuple[str, Path]) -> None:
    url, site = many_towns
    assert (site / "calendar" / "index.html").stat().st_size < 60_000  # towns, not every gathering
    page.goto(url + "towns/rumoi/")
    page.get_by_role("link", name="留萌市のこれからの集まり（8週間の予定）").click()
    expect(page).to_have_url(url + "calendar/rumoi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("留萌市のこれからの集まり")
    entries = page.locator(".cd-agenda li")
    expect(entries.first).to_be_visible()  # 毎月第2水曜日: at least one in any 8 weeks
    assert set(entries.evaluate_all("items => items.map(i => i.dataset.town)")) == {"rumoi"}
    expect(page.locator("[data-cd-calendar-filter] select[name=town]")).to_have_count(0)
    page.get_by_role("navigation", name="現在の位置").get_by_role("link", name="これからの集まり").click()
    expect(page).to_have_url(url + "calendar/")
    expect(page.get_by_role("heading", name="留萌振興局")).to_be_visible()
    page.get_by_role("link", name="留萌市").click()
    expect(page).to_have_url(url + "calendar/rumoi/")


def results(page: Page) -> Locator:
    return page.get_by_role("region", name="相談できるところ")


def test_the_checklist_has_exactly_the_six_signs_as_checkboxes(page: Page, site_url: str) -> None:
    page.goto(site_url + CHECKLIST)
    signs = page.get_by_role("group", name="あてはまるものに、チェックを入れてください")
    expect(signs.get_by_role("checkbox")).to_have_count(6)
    assert [t.strip() for t in signs.locator("label").all_inner_texts()] == SIGNS
    assert signs.locator("xpath=ancestor::form").count() == 0  # nothing can be submitted


def test_ticking_a_sign_reveals_counters_and_gatherings_with_tel_links(page: Page, site_url: str) -> None:
    page.goto(site_url + CHECKLIST)
    status = page.locator("[data-guide-status]")
    expect(results(page)).to_be_hidden()
    expect(status).to_have_text("")
    expect(status).to_have_attribute("role", "status")

    page.get_by_role("checkbox", name=SIGNS[4]).check()
    expect(results(page)).to_be_visible()
    expect(status).to_contain_text("相談してもいいんです。")
    town = results(page).locator("[data-town]:visible")
    expect(town).to_have_count(1)  # one town at a time: the first in the list
    expect(town.locator(".cd-badge--counter").first).to_be_visible()
    expect(town.locator(".cd-badge--salon, .cd-badge--dementia_cafe").first).to_be_visible()
    tels = town.locator("a[href^='tel:']")
    assert tels.count() >= 2
    for href in tels.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert TEL.match(href)

    page.get_by_role("checkbox", name=SIGNS[4]).uncheck()
    expect(results(page)).to_be_hidden()
    expect(status).to_have_text("")


def test_the_town_picker_shows_the_chosen_towns_counters(page: Page, site_url: str) -> None:
    page.goto(site_url + CHECKLIST)
    page.get_by_role("checkbox", name=SIGNS[0]).check()
    picker = results(page).get_by_label("市町村をえらぶ")
    picker.select_option(label="当別町")
    expect(results(page).get_by_role("heading", name="当別町")).to_be_visible()
    expect(results(page).get_by_role("heading", name="札幌市中央区")).to_be_hidden()
    call = results(page).locator("[data-town=tobetsu] a[href^='tel:']").first
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", re.compile(r"^tel:0133\d{6}$"))


def test_nothing_ticked_leaves_the_browser(page: Page, site_url: str) -> None:
    page.goto(site_url + CHECKLIST)
    page.wait_for_load_state("networkidle")
    address = page.url
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for sign in SIGNS:
        page.get_by_role("checkbox", name=sign).check()
    results(page).get_by_label("市町村をえらぶ").select_option(label="仁木町")
    page.get_by_role("checkbox", name=SIGNS[1]).focus()
    page.keyboard.press("Enter")  # no form: Enter submits nothing
    page.get_by_role("checkbox", name=SIGNS[0]).uncheck()
    page.wait_for_timeout(500)
    assert requests == []
    assert page.url == address
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.context.cookies() == []
    assert page.outside_requests == []  # type: ignore[attr-defined]
    # And the script has no way to send or keep anything: its one request fetches the part of
    # a town the reader picked on a site with many towns, and carries nothing else.
    script = (ROOT / "content" / "assets" / "javascripts" / "guide.js").read_text(encoding="utf-8")
    assert re.findall(r"fetch\(.*?\)", script) == ['fetch(parts + slug + ".html")']
    assert not re.search(r"XMLHttpRequest|sendBeacon|WebSocket|Storage|cookie|indexedDB|\.submit|method", script)


def test_without_javascript_the_checklist_is_a_list_with_every_towns_counters_below(
        no_js_page: Page, site_url: str) -> None:
    page = no_js_page
    page.goto(site_url + CHECKLIST)
    signs = page.get_by_role("group", name="あてはまるものに、チェックを入れてください")
    expect(signs.get_by_role("checkbox")).to_have_count(6)
    expect(page.locator("[data-guide-status]")).to_contain_text("相談してもいいんです。")
    expect(results(page)).to_be_visible()
    expect(page.locator("[data-town-pick]")).to_be_hidden()
    towns = results(page).locator("[data-town]")
    assert towns.count() > 1
    for i in range(towns.count()):
        expect(towns.nth(i).get_by_role("heading").first).to_be_visible()
    expect(results(page).locator("a[href^='tel:']").first).to_be_visible()
    assert results(page).bounding_box()["y"] > signs.bounding_box()["y"]  # type: ignore[index]


def test_the_checklist_prints_on_one_a4_page_for_every_town(page: Page, site_url: str) -> None:
    page.goto(site_url + CHECKLIST)
    page.set_viewport_size({"width": int(A4_PRINTABLE_WIDTH), "height": int(A4_PRINTABLE_HEIGHT)})
    page.get_by_role("checkbox", name=SIGNS[0]).check()  # the town picker shows with the places
    picker = page.locator("[data-guide-counters] select")
    towns = picker.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert len(towns) > 1
    for town in towns:
        page.emulate_media(media="screen")
        picker.select_option(town)
        page.emulate_media(media="print")
        # The printed sheet carries the message and the chosen town's places, and no site chrome.
        expect(page.locator("[data-town]:visible")).to_have_count(1)
        expect(page.locator(f"[data-town={town}]")).to_be_visible()
        for chrome in (".md-header", ".md-sidebar", ".md-footer", "[data-town-pick]", ".cd-noprint"):
            expect(page.locator(chrome).first).to_be_hidden()
        bottom = page.evaluate("document.querySelector('article').getBoundingClientRect().bottom + scrollY")
        assert bottom <= A4_PRINTABLE_HEIGHT, town
        assert len(re.findall(rb"/Type\s*/Page\b(?!s)", page.pdf(format="A4"))) == 1, town
    # Printed with nothing ticked (a sheet to hand out), it still says that it is fine to ask.
    page.emulate_media(media="screen")
    page.get_by_role("checkbox", name=SIGNS[0]).uncheck()
    page.emulate_media(media="print")
    expect(page.locator(f"[data-town={towns[-1]}]")).to_be_visible()
    status = "getComputedStyle(document.querySelector('[data-guide-status]'), '::before').content"
    assert "相談してもいいんです" in page.evaluate(status)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", page.pdf(format="A4"))) == 1


def first_term(page: Page, path: str) -> tuple[str, str]:
    """The first explained term on a page: its word and its tooltip's id."""
    page.goto(path)
    button = page.locator("button.cd-term").first
    return button.inner_text(), button.get_attribute("aria-describedby") or ""


def test_a_glossary_term_opens_by_keyboard_and_closes_with_escape(page: Page, site_url: str) -> None:
    word, tip_id = first_term(page, site_url + GUIDE["first consultation"])
    term = page.get_by_role("button", name=word)
    tip = page.locator(f"#{tip_id}")
    expect(tip).to_be_hidden()
    for _ in range(60):  # Tab through the page as a keyboard user does
        page.keyboard.press("Tab")
        if term.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the term never got keyboard focus")
    expect(tip).to_be_visible()
    expect(tip).to_have_attribute("role", "tooltip")
    definition = {t.id: t.text for t in glossary_terms()}[tip_id.removeprefix("cd-tip-")]
    expect(tip).to_have_text(definition)
    expect(term).to_have_accessible_description(definition)
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(term).to_be_focused()
    page.keyboard.press("Tab")
    expect(tip).to_be_hidden()


def test_a_glossary_term_opens_on_hover(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    word, tip_id = first_term(page, site_url + GUIDE["work and care"])
    page.get_by_role("button", name=word).hover()
    expect(page.locator(f"#{tip_id}")).to_be_visible()
    page.mouse.move(5, 890)
    expect(page.locator(f"#{tip_id}")).to_be_hidden()


def test_a_glossary_term_opens_on_tap_inside_the_screen(touch_page: Page, site_url: str) -> None:
    page = touch_page
    word, tip_id = first_term(page, site_url + GUIDE["care services"])
    tip = page.locator(f"#{tip_id}")
    page.get_by_role("button", name=word).tap()
    expect(tip).to_be_visible()
    box = tip.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.get_by_role("heading", level=1).tap()  # a tap elsewhere closes it
    expect(tip).to_be_hidden()
    page.get_by_role("button", name=word).tap()
    expect(tip).to_be_visible()
    page.get_by_role("button", name=word).tap()  # a second tap on the term closes it too
    expect(tip).to_be_hidden()


def test_without_javascript_a_term_is_a_link_to_its_glossary_entry(no_js_page: Page, site_url: str) -> None:
    page = no_js_page
    page.goto(site_url + GUIDE["first consultation"])
    link = page.locator("a.cd-term").first
    term_id = (link.get_attribute("href") or "").rpartition("#term-")[2]
    link.click()
    expect(page).to_have_url(re.compile(f"/guide/glossary/#term-{term_id}$"))
    entry = page.locator("dt:target")
    expect(entry).to_contain_text({t.id: t.term for t in glossary_terms()}[term_id])
    expect(entry).to_be_in_viewport()


@pytest.mark.parametrize("path", GUIDE.values(), ids=GUIDE.keys())
def test_each_term_is_explained_once_and_never_in_links_headings_or_controls(
        page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    tips = page.locator(".cd-term__tip").evaluate_all("tips => tips.map(t => t.id)")
    assert len(tips) == len(set(tips))
    misplaced = "a .cd-term, h1 .cd-term, h2 .cd-term, h3 .cd-term, label .cd-term, legend .cd-term, .cd-source .cd-term"
    assert page.locator(misplaced).count() == 0


def test_the_glossary_page_lists_every_term(page: Page, site_url: str) -> None:
    page.goto(site_url + GUIDE["glossary"])
    for term in glossary_terms():
        entry = page.locator(f"dt#term-{term.id}")
        expect(entry).to_contain_text(term.term)
        expect(entry.locator("xpath=following-sibling::dd[1]")).to_contain_text(term.text)


def test_the_work_care_points_each_link_to_counters(page: Page, site_url: str) -> None:
    page.goto(site_url + GUIDE["work and care"])
    for number in range(1, 6):
        heading = page.get_by_role("heading", level=2, name=re.compile(f"^{number}\\. "))
        section = heading.locator("xpath=following-sibling::p[starts-with(normalize-space(), '相談先')][1]")
        expect(section.get_by_role("link").first).to_be_visible()
    work = page.locator("#work-care-counters ~ .cd-by-town").first
    expect(work.locator("a[href^='tel:']:visible").first).to_be_visible()
    for point in ("介護休業", "介護休暇", "93日", "3回", "5日", "10日", "1時間単位", "所定外労働",
                  "時間外労働", "深夜業"):
        expect(page.locator("article").get_by_text(point).first).to_be_attached()


def test_the_young_carers_page_lists_online_salons_and_counters(page: Page, site_url: str) -> None:
    page.goto(site_url + GUIDE["young carers"])
    online = page.locator("#young-carers-online ~ .cd-guide-cards").first
    expect(online.get_by_text("ヤングケアラーオンラインサロン「ほっこりルーム」")).to_be_visible()
    expect(page.get_by_role("link", name="苫小牧市こども家庭センター")).to_be_attached()
    expect(page.locator("a[href='tel:0120078310']")).to_be_visible()


def test_a_fork_shows_its_own_towns_counters_without_editing_the_guide(page: Page, fork_url: str) -> None:
    page.goto(fork_url + CHECKLIST)
    expect(page.locator("[data-town-pick]")).to_have_count(0)  # one town: no picker
    page.get_by_role("checkbox", name=SIGNS[0]).check()
    expect(results(page).get_by_role("link", name="当別町地域包括支援センター")).to_be_visible()
    hrefs = results(page).locator("a.cd-card__name").evaluate_all("a => a.map(l => l.getAttribute('href'))")
    assert hrefs and all("/r/tobetsu/" in h for h in hrefs)
    page.goto(fork_url + GUIDE["first consultation"])
    expect(page.get_by_role("link", name="当別町地域包括支援センター").first).to_be_visible()
    expect(page.get_by_text("札幌市")).to_have_count(0)


@pytest.mark.parametrize("path", GUIDE.values(), ids=GUIDE.keys())
def test_axe_reports_no_violations_on_guide_pages(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_axe_reports_no_violations_with_signs_ticked_and_a_tooltip_open(page: Page, site_url: str) -> None:
    page.goto(site_url + CHECKLIST)
    page.get_by_role("checkbox", name=SIGNS[5]).check()
    page.locator("button.cd-term").first.focus()
    expect(page.locator(".cd-term__tip:visible")).to_have_count(1)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", ["calendar/", "calendar/rumoi/", "towns/rumoi/", CHECKLIST])
def test_axe_reports_no_violations_on_a_many_town_site(page: Page, many_towns: tuple[str, Path], path: str) -> None:
    url, _ = many_towns
    page.goto(url + path)
    if path == CHECKLIST:  # the picker and a loaded part, as a reader sees them
        page.get_by_role("checkbox", name=SIGNS[0]).check()
        results(page).get_by_label("市町村をえらぶ").select_option(label="留萌市")
        expect(results(page).get_by_role("link", name="留萌市地域包括支援センター")).to_be_visible()
    found = Axe().run(page)
    assert found.violations_count == 0, found.generate_report()
