"""Printing: the A4 town sheet with QR codes (/towns/<slug>/print/), record pages on one A4 page,
and the print stylesheet of every page. Printed to PDF by headless Chromium, read with pypdf;
QR codes decoded from a screenshot with zxing-cpp."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import numpy
import pytest
import yaml
import zxingcpp
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from carerdir.loading import load_directory
from carerdir.print_sheet import places
from conftest import build_site, serve
from sitebuild import ROOT, copy_project

SITE_URL = "https://example.github.io/carer-directory/"
EXTERNAL = "https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/hukushi_kaigo/kaigo_koureisha/"
SAMPLE_TOWNS = sorted(p.name for p in (ROOT / "resources").iterdir() if p.is_dir())
BIG_TOWN = "ebetsu"  # no sample records: the test gives it 30 made-up places
BIG_KINDS = ["counter"] * 6 + ["salon"] * 9 + ["dementia_cafe"] * 8 + ["hub"] * 4 + ["service"] * 3
SCHEDULES = {"counter": "月〜金 8:45〜17:15（祝日・年末年始を除く）", "salon": "毎月第2・第4水曜日 13:30〜15:30",
             "dementia_cafe": "毎月第3土曜日 10:00〜12:00", "hub": "毎週火・金曜日 10:00〜15:00",
             "service": "月〜金 9:00〜17:00"}
NAMES = {"counter": "地域包括支援センター", "salon": "介護者のつどい「ひと休みの会」",
         "dementia_cafe": "認知症カフェ「オレンジのひだまり」", "hub": "地域の居場所「みんなの縁側」",
         "service": "介護者レスパイト・ショートステイ案内"}
DISTRICTS = ["大麻", "野幌", "江別", "文京台", "元野幌", "上江別", "高砂", "萩ヶ岡", "東野幌", "新栄台"]


def big_town_record(n: int, kind: str) -> dict:
    """A made-up but valid, fully filled-in place of the 30-place town, with realistic lengths."""
    district = DISTRICTS[n % len(DISTRICTS)]
    return {
        "kind": kind, "name": f"江別市{district}地区{NAMES[kind]}", "name_kana": "えべつしちくのばしょ",
        "address": f"北海道江別市{district}中央町{n + 1}番地{n % 7 + 1} {district}地区センター2階",
        "postal_code": "067-0001", "location": {"lat": 43.1036 + n * 0.001, "lon": 141.5360},
        "phone": f"011-382-{1100 + n:04d}", "audience": ["carers", "elderly"], "format": "in_person",
        "fee": "100円（お茶代）" if kind != "counter" else "無料", "schedule": [SCHEDULES[kind]],
        "verified": "2026-10-01", "sample": True,
    }


@pytest.fixture(scope="module")
def print_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site with site_url set and a town of 30 places, built strictly and served."""
    project = copy_project(tmp_path_factory.mktemp("print") / "project")
    config = project / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    home = project / "content" / "index.md"  # a written page with an external link
    home.write_text(home.read_text(encoding="utf-8") + f"\n[厚生労働省のページ]({EXTERNAL})\n", encoding="utf-8")
    town = project / "resources" / BIG_TOWN
    town.mkdir()
    for n, kind in enumerate(BIG_KINDS):
        text = yaml.safe_dump(big_town_record(n, kind), allow_unicode=True, sort_keys=False)
        (town / f"place-{n:02d}.yml").write_text(text, encoding="utf-8")
    yield from serve(build_site(project))


def town_places(project: Path, slug: str) -> list[tuple[str, str, str]]:
    """(name, phone, address) of each place the town's sheet lists, from the validated records."""
    directory = load_directory(project / "resources")
    return [(r.name, r.phone, r.address) for group in places(directory, slug).values() for r in group]


# Characters of the CJK Radicals Supplement, which NFKC leaves alone, as Noto CJK's PDFs give them.
PDF_VARIANTS = str.maketrans("\u2027⻄⻑⻘⻝⻤⻲⻩⻫⻭⻯⺠⻆", "・西長青食鬼亀黄斉歯竜民角")


def squash(text: str) -> str:
    """Text as comparable with a PDF's: without whitespace (lines wrap anywhere), and with the
    variants a PDF's fonts map some characters to (radicals for 支, 日 or 西, ‧ for ・) undone."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).translate(PDF_VARIANTS)


def pdf_pages(page: Page) -> list[str]:
    """The text of each A4 page of the printed page."""
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return [squash(p.extract_text()) for p in reader.pages]


def decode_qr(element: Locator) -> list[str]:
    """What a phone camera reads from the element: zxing-cpp on a screenshot of it."""
    image = Image.open(io.BytesIO(element.screenshot())).convert("L")
    return [found.text for found in zxingcpp.read_barcodes(numpy.asarray(image))]


def check_sheet(page: Page, places: list[tuple[str, str, str]], most_pages: int) -> int:
    """The printed sheet fits `most_pages`, has every phone number, and no place is split."""
    pages = pdf_pages(page)
    assert 1 <= len(pages) <= most_pages
    text = "".join(pages)
    for name, phone, address in places:
        name = squash(name)
        assert phone in text, f"{name}: {phone}"
        assert name in text, name
        on = [i for i, t in enumerate(pages) if name in t]
        parts = [part for part in (phone, squash(address)) if part]
        assert all(part in pages[i] for i in on for part in parts), f"{name} is split across pages"
    return len(pages)


@pytest.mark.parametrize("slug", SAMPLE_TOWNS)
def test_a_sample_town_sheet_prints_on_two_a4_pages_with_every_phone(page: Page, print_url: str,
                                                                     slug: str) -> None:
    page.goto(f"{print_url}towns/{slug}/print/")
    places = town_places(ROOT, slug)
    pages = check_sheet(page, places, most_pages=2)
    print(f"{slug}: {len(places)} places, {pages} A4 pages")


def test_a_town_of_30_places_prints_on_four_a4_pages_with_every_phone(page: Page, print_url: str) -> None:
    page.goto(f"{print_url}towns/{BIG_TOWN}/print/")
    places = [(r["name"], r["phone"], r["address"])
              for r in (big_town_record(n, kind) for n, kind in enumerate(BIG_KINDS))]
    assert page.locator(".sheet__place").count() == 30
    pages = check_sheet(page, places, most_pages=4)
    print(f"{BIG_TOWN}: 30 places, {pages} A4 pages")


def test_the_town_page_links_to_its_print_sheet(page: Page, print_url: str) -> None:
    page.goto(print_url + "towns/tobetsu/")
    page.get_by_role("link", name=re.compile("印刷用一覧")).click()
    expect(page).to_have_url(print_url + "towns/tobetsu/print/")
    expect(page.get_by_role("heading", level=1)).to_have_text("当別町の相談先・つどいの場")


def test_the_sheet_lists_counters_first_then_gatherings_with_next_dates_then_services(
        page: Page, print_url: str) -> None:
    page.goto(print_url + "towns/tobetsu/print/")
    kinds = page.locator("h2").all_inner_texts()
    assert kinds[0] == "相談窓口" and kinds[-1] == "サービス", kinds
    salon = page.locator(".sheet__place", has_text="当別町介護者のつどい")
    expect(salon).to_contain_text("毎月第2水曜日 13:30〜15:30")
    expect(salon.locator(".sheet__date")).to_have_count(3)
    expect(page.locator(".sheet__foot")).to_contain_text(SITE_URL + "towns/tobetsu/")
    expect(page.locator(".sheet__foot")).to_contain_text("作成")


def test_the_sheet_has_no_site_chrome_and_large_black_type_on_paper(page: Page, print_url: str) -> None:
    page.goto(print_url + "towns/tobetsu/print/")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar", ".md-search", ".md-footer", "nav", "script"):
        assert page.locator(chrome).count() == 0, chrome
    page.emulate_media(media="print")
    expect(page.locator(".sheet__screen")).to_be_hidden()
    style = page.evaluate("""() => {
        const px = (el) => parseFloat(getComputedStyle(el).fontSize);
        const texts = [...document.querySelectorAll('.sheet__place p:not(.sheet__tel), .sheet__foot p')];
        return {body: Math.min(...texts.map(px)),
                tel: Math.min(...[...document.querySelectorAll('.sheet__tel')].map(px)),
                color: getComputedStyle(document.body).color,
                background: getComputedStyle(document.documentElement).backgroundColor};
    }""")
    assert style["body"] >= 16, style  # 12pt
    assert style["tel"] >= 16 * 4 / 3, style  # 16pt
    assert style["color"] == "rgb(0, 0, 0)" and style["background"] == "rgb(255, 255, 255)", style


def test_the_town_qr_code_opens_the_town_page_and_each_gathering_its_own(page: Page, print_url: str) -> None:
    page.set_viewport_size({"width": 800, "height": 1100})
    page.goto(print_url + "towns/tobetsu/print/")
    assert decode_qr(page.locator(".sheet__qr--town svg")) == [SITE_URL + "towns/tobetsu/"]
    salon = page.locator(".sheet__place", has_text="当別町介護者のつどい")
    assert decode_qr(salon.locator("svg")) == [SITE_URL + "r/tobetsu/kaigosha-no-tsudoi/"]
    # One code per gathering, none for counters and services.
    assert page.locator(".sheet__place--gathering svg").count() == page.locator(".sheet__place--gathering").count()
    assert page.locator(".sheet__place:not(.sheet__place--gathering) svg").count() == 0


@pytest.mark.parametrize("path", ["towns/tobetsu/print/", "towns/ebetsu/print/", "r/tobetsu/kaigosha-no-tsudoi/"])
def test_axe_reports_no_violations_on_the_print_sheet_and_a_record_with_its_code(
        page: Page, print_url: str, path: str) -> None:
    page.goto(print_url + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_every_record_page_prints_on_one_a4_page_with_a_qr_code_and_the_check_date(
        page: Page, print_url: str) -> None:
    directory = load_directory(ROOT / "resources")
    for record in directory.records:
        page.goto(f"{print_url}r/{record.id}/")
        pages = pdf_pages(page)
        assert len(pages) == 1, f"{record.id}: {len(pages)} pages"
        assert "情報の確認日" in pages[0] and squash(record.name) in pages[0]
        if record.phone:
            assert record.phone in pages[0]
    page.set_viewport_size({"width": 800, "height": 1100})
    page.goto(print_url + "r/tobetsu/kaigosha-no-tsudoi/")
    page.emulate_media(media="print")
    assert decode_qr(page.locator(".cd-print-qr svg")) == [SITE_URL + "r/tobetsu/kaigosha-no-tsudoi/"]


def test_a_printed_record_shows_its_address_instead_of_an_empty_map(page: Page, print_url: str) -> None:
    page.goto(print_url + "r/tobetsu/kaigosha-no-tsudoi/")
    expect(page.locator(".cd-print-qr")).to_be_hidden()  # on screen, the page itself is there
    page.emulate_media(media="print")
    expect(page.locator(".cd-map__canvas")).to_be_hidden()
    note = page.locator(".cd-map .cd-print-only")
    expect(note).to_be_visible()
    expect(note).to_contain_text("北海道石狩郡当別町")
    expect(page.locator(".cd-print-qr")).to_be_visible()


def test_print_hides_navigation_search_filters_and_buttons_on_every_page(page: Page, print_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})  # where Material shows all its chrome
    shown = {"": [".md-header", ".md-sidebar--primary", ".md-footer", ".cd-search__form", ".md-search"],
             "towns/tobetsu/": [".md-header", ".md-footer", ".cd-filters", ".cd-breadcrumbs",
                                ".cd-filters__reset", "a[download]"],
             "calendar/": [".md-header", ".cd-filter"],
             "map/": [".md-header", ".cd-map__filter", ".cd-map__canvas"]}
    for path, selectors in shown.items():
        page.emulate_media(media="screen")
        page.goto(print_url + path)
        for selector in selectors:  # there on screen (the scripts show filters and maps) ...
            expect(page.locator(selector).first).to_be_visible()
        page.emulate_media(media="print")
        for selector in selectors:  # ... and not on paper
            for element in page.locator(selector).all():
                expect(element).to_be_hidden()
        expect(page.locator("h1").first).to_be_visible()


def test_print_writes_out_external_link_targets_only(page: Page, print_url: str) -> None:
    page.goto(print_url)
    page.emulate_media(media="print")

    def after(link: Locator) -> str:
        return link.evaluate("a => getComputedStyle(a, '::after').content")

    assert EXTERNAL in after(page.get_by_role("link", name="厚生労働省のページ"))
    assert after(page.locator(".md-content a[href^='towns/'], .md-content a[href^='./towns/']").first) == "none"
    page.goto(print_url + "r/tobetsu/kaigosha-no-tsudoi/")
    assert after(page.locator(".cd-call a[href^='tel:']")) == "none"
