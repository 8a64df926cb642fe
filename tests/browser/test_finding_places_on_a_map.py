"""Maps in headless Chromium: markers and clusters, the kind filter, popups, keyboard, requests, axe.

Tiles are answered by a local stub (a 1×1 PNG): the page fixture refuses every request that
leaves localhost, and the route added here on the page takes precedence for the tile server only.
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from urllib.request import urlopen

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Route, expect

from conftest import QuietHandler, build_site, serve
from sitebuild import copy_project

TILES = "https://cyberjapandata.gsi.go.jp/"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
CDN_HOSTS = ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "netdna.bootstrapcdn.com",
             "maxcdn", "unpkg.com", "fonts.googleapis.com")
# Material's own bundle names two unpkg URLs it would load only for Mermaid diagrams (the site
# has none) and for browsers without ResizeObserver; nothing else in the site may name a CDN.
MATERIAL_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js(\.map)?")
MATERIAL_CDN_URLS = {"unpkg.com/mermaid@11/dist/mermaid.min.js", "unpkg.com/resize-observer-polyfill"}
TOWN, RECORD = "towns/tobetsu/", "r/tobetsu/kaigosha-no-tsudoi/"
# Places on the map: single markers plus the places counted in each cluster.
SHOWN = """() => document.querySelectorAll('.cd-marker').length
    + [...document.querySelectorAll('.cd-cluster [data-count]')].reduce((n, e) => n + Number(e.dataset.count), 0)"""


@pytest.fixture
def tiles(page: Page) -> list[str]:
    """The tile URLs the page asked for, each answered locally."""
    asked: list[str] = []

    def stub(route: Route) -> None:
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PNG)

    page.route(TILES + "**", stub)
    return asked


def open_map(page: Page, url: str) -> None:
    page.goto(url)
    page.locator("[data-cd-map]").scroll_into_view_if_needed()  # maps start when they come into view
    expect(page.locator("[data-cd-map-ready]")).to_have_count(1)


def wait_shown(page: Page, count: int) -> None:
    page.wait_for_function(f"({SHOWN})() === {count}", timeout=5000)


def features(site_url: str, path: str = "data/directory.geojson") -> list[dict]:
    with urlopen(site_url + path) as response:
        return json.load(response)["features"]


def of_kind(items: list[dict], kind: str) -> int:
    return sum(1 for f in items if f["properties"]["kind"] == kind)


# No zoom, pan (a popup's autopan) or cluster animation under way: the classes Leaflet and
# Leaflet.markercluster put on the map pane while they move it.
STILL = "() => !document.querySelector('.leaflet-zoom-anim, .leaflet-pan-anim, .leaflet-cluster-anim')"


def wait_still(page: Page) -> None:
    """Wait until the map has stopped moving: a click while it moves lands on something else."""
    page.wait_for_timeout(100)  # an animated zoom or pan starts on the next frame
    page.wait_for_function(STILL, timeout=5000)


def open_a_marker(page: Page) -> None:
    """Click clusters until a single marker shows, then click it: as a visitor would."""
    for _ in range(12):
        wait_still(page)
        if page.locator(".cd-marker").count():
            break
        page.locator(".cd-cluster").first.click()
        page.wait_for_timeout(600)  # the cluster's zoom animation
    page.locator(".cd-marker").first.click()
    expect(page.locator(".leaflet-popup-content a").first).to_be_visible()
    wait_still(page)  # the popup pans the map into view; its link is clicked once it is still


def test_map_page_shows_every_place_in_markers_or_clusters(page: Page, site_url: str, tiles: list[str]) -> None:
    open_map(page, site_url + "map/")
    wait_shown(page, len(features(site_url)))
    assert page.locator(".cd-cluster").count() > 0
    expect(page.locator(".cd-map__status")).to_have_text(f"地図に{len(features(site_url))}か所を表示しています。")
    expect(page.locator(".leaflet-control-attribution a", has_text="地理院タイル")).to_have_attribute(
        "href", "https://maps.gsi.go.jp/development/ichiran.html")
    assert tiles and all(url.startswith(TILES + "xyz/pale/") for url in tiles)
    assert page.outside_requests == []  # type: ignore[attr-defined]


def test_unticking_a_kind_hides_its_markers_and_list_items_on_a_town_map(
        page: Page, site_url: str, tiles: list[str]) -> None:
    places = features(site_url, "data/towns/tobetsu.geojson")
    services = of_kind(places, "service")
    assert services and services < len(places)
    open_map(page, site_url + TOWN)
    wait_shown(page, len(places))
    box = page.get_by_role("checkbox", name=re.compile("^サービス"))
    box.uncheck()
    wait_shown(page, len(places) - services)
    expect(page.locator(".cd-marker.cd-sym--service")).to_have_count(0)
    for item in page.locator(".cd-map__list li[data-kind=service]").all():
        expect(item).to_be_hidden()
    expect(page.locator(".cd-map__list li[data-kind=counter]").first).to_be_visible()
    expect(page.locator(".cd-map__status")).to_have_text(f"地図に{len(places) - services}か所を表示しています。")
    box.check()
    wait_shown(page, len(places))


def test_unticking_a_kind_on_the_site_map_filters_the_town_lists_too(
        page: Page, site_url: str, tiles: list[str]) -> None:
    places = features(site_url)
    counters = of_kind(places, "counter")
    open_map(page, site_url + "map/")
    page.get_by_role("checkbox", name=re.compile("^相談窓口")).uncheck()
    wait_shown(page, len(places) - counters)
    tobetsu = [f for f in places if f["properties"]["town"] == "tobetsu"]
    town = page.locator("details.cd-map__town", has_text="当別町")
    expect(town.locator("summary")).to_have_text(f"当別町（{len(tobetsu) - of_kind(tobetsu, 'counter')}か所）")
    town.locator("summary").click()
    expect(town.locator("li").first).to_be_visible()
    expect(town.locator(".cd-badge--counter")).to_have_count(0)
    expect(town.locator("li a").first).to_have_attribute("href", re.compile(r"/r/tobetsu/[a-z0-9-]+/$"))


def test_a_popup_links_to_its_record_page(page: Page, site_url: str, tiles: list[str]) -> None:
    open_map(page, site_url + "map/")
    open_a_marker(page)
    link = page.locator(".leaflet-popup-content a").first
    name, href = link.inner_text(), link.get_attribute("href")
    assert href and re.search(r"/r/[a-z0-9-]+/[a-z0-9-]+/$", href)
    expect(page.locator(".leaflet-popup-content")).to_contain_text("・")  # kind・town
    link.click()
    expect(page).to_have_url(href)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_the_map_is_usable_by_keyboard(page: Page, site_url: str, tiles: list[str]) -> None:
    open_map(page, site_url + "map/")
    for _ in range(12):  # Enter on a cluster zooms in, as a click does
        if page.locator(".cd-marker").count():
            break
        cluster = page.locator(".cd-cluster").first
        expect(cluster).to_have_attribute("role", "button")
        cluster.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(900)
    marker = page.locator(".cd-marker").first
    expect(marker).to_have_attribute("tabindex", "0")
    label = marker.locator(".cd-vh").inner_text()
    marker.focus()
    page.keyboard.press("Enter")
    popup_link = page.locator(".leaflet-popup-content a").first
    expect(popup_link).to_be_focused()
    assert label.startswith(popup_link.inner_text())
    page.keyboard.press("Escape")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(page.locator(".cd-marker:focus")).to_have_count(1)


def test_a_record_page_shows_its_place_on_a_small_map(page: Page, site_url: str, tiles: list[str]) -> None:
    scripts: list[str] = []
    page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
    open_map(page, site_url + RECORD)
    expect(page.locator(".cd-marker")).to_have_count(1)
    expect(page.locator(".cd-marker.cd-sym--salon")).not_to_have_attribute("tabindex", "0")
    expect(page.locator(".cd-cluster")).to_have_count(0)
    assert [s for s in scripts if "leaflet-1.9.4/leaflet.js" in s]
    assert not [s for s in scripts if "markercluster" in s]  # one place needs no clustering
    expect(page.get_by_text("地図の記号の場所: 北海道石狩郡当別町")).to_be_visible()


def test_no_request_leaves_the_site_except_for_tiles(page: Page, site_url: str, tiles: list[str]) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(re.sub(r"^(https?://[^/]+).*", r"\1", request.url))
            if request.url.startswith("http") else None)
    for path in ("map/", TOWN, RECORD, "", "towns/"):
        page.goto(site_url + path)
        if page.locator("[data-cd-map]").count():
            page.locator("[data-cd-map]").scroll_into_view_if_needed()
            expect(page.locator("[data-cd-map-ready]")).to_have_count(1)
    assert page.outside_requests == []  # type: ignore[attr-defined]
    assert hosts == {site_url.rstrip("/"), TILES.rstrip("/")}


def test_no_cdn_host_appears_anywhere_in_the_built_site(site_url: str,
                                                        tmp_path_factory: pytest.TempPathFactory) -> None:
    site = next(tmp_path_factory.getbasetemp().glob("sample*/site"))
    found: dict[str, set[str]] = {}
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            names = {m.group() for host in CDN_HOSTS for m in re.finditer(re.escape(host) + r"[^\s\"'`\\]*", text)}
            if names:
                found[path.relative_to(site).as_posix()] = names
    material = {p: names for p, names in found.items() if MATERIAL_BUNDLE.fullmatch(p)}
    assert {p: n for p, n in found.items() if p not in material} == {}
    assert all(names <= MATERIAL_CDN_URLS | {"unpkg.com."} for names in material.values()), material
    vendored = site / "assets" / "vendor"
    assert (vendored / "leaflet-1.9.4" / "LICENSE").read_text(encoding="utf-8").startswith("BSD 2-Clause License")
    assert (vendored / "leaflet.markercluster-1.5.3" / "leaflet.markercluster.js").is_file()


AXE_PAGES = {"site map": "map/", "town map": TOWN, "record map": RECORD}


@pytest.mark.parametrize("path", AXE_PAGES.values(), ids=AXE_PAGES.keys())
def test_axe_reports_no_violations_with_the_map_drawn(page: Page, site_url: str, tiles: list[str], path: str) -> None:
    open_map(page, site_url + path)
    if path != RECORD:
        open_a_marker(page)  # the popup too
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture(scope="module")
def instant_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site with Material's instant navigation switched on.

    Instant navigation only follows links listed in sitemap.xml, which needs site_url, port
    included: so the server's port is taken first and the site built for it.
    """
    project = copy_project(tmp_path_factory.mktemp("instant") / "project")
    site = project.parent / "site"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
    (project / "mkdocs.yml").write_text(f"site_url: {url}\n{config}", encoding="utf-8")
    build_site(project)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url
    server.shutdown()


def test_maps_work_after_instant_navigation(page: Page, instant_url: str, tiles: list[str]) -> None:
    page.goto(instant_url + TOWN)
    page.evaluate("window.cdSamePage = true")  # gone after a full load, kept by instant navigation
    page.get_by_role("link", name="すべての場所の地図").click()
    expect(page).to_have_url(instant_url + "map/")
    assert page.evaluate("window.cdSamePage") is True
    expect(page.locator("[data-cd-map-ready]")).to_have_count(1)
    wait_shown(page, len(features(instant_url)))
    town = page.locator("details.cd-map__town", has_text="当別町")
    town.locator("summary").click()
    town.locator("li a").first.click()  # the list under the map, to a record page
    expect(page).to_have_url(re.compile(r"/r/tobetsu/[a-z0-9-]+/$"))
    expect(page.locator(".cd-record")).to_be_visible()  # the new content is in
    page.locator("[data-cd-map]").scroll_into_view_if_needed()
    expect(page.locator("[data-cd-map-ready]")).to_have_count(1)
    expect(page.locator(".cd-marker")).to_have_count(1)
    assert page.evaluate("window.cdSamePage") is True
    assert page.outside_requests == []  # type: ignore[attr-defined]


HOSTILE = """\
kind: salon
name: "<img src=x onerror=alert('name')>サロン"
name_kana: さろん
address: "<script>alert('address')</script>当別町"
postal_code: "061-0292"
location: {lat: 43.2237, lon: 141.5171}
phone: "0133-23-2111"
audience: [carers]
schedule: [毎週金曜日 10:00〜12:00]
format: in_person
verified: 2026-10-01
sample: true
"""


def test_hostile_text_stays_text_on_maps_and_in_popups(page: Page, tiles: list[str],
                                                       tmp_path_factory: pytest.TempPathFactory) -> None:
    project = copy_project(tmp_path_factory.mktemp("hostile-map") / "project", with_samples=False)
    (project / "resources" / "tobetsu").mkdir()
    (project / "resources" / "tobetsu" / "hostile.yml").write_text(HOSTILE, encoding="utf-8")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for url in serve(build_site(project)):
        for path in ("map/", TOWN, "r/tobetsu/hostile/"):
            open_map(page, url + path)
        open_map(page, url + TOWN)
        open_a_marker(page)
        expect(page.locator(".cd-popup__name a")).to_have_text("<img src=x onerror=alert('name')>サロン")
        expect(page.locator(".leaflet-popup-content")).to_contain_text("<script>alert('address')</script>当別町")
        assert page.locator(".leaflet-popup-content img, .leaflet-popup-content script, .cd-marker img").count() == 0
    assert dialogs == []
