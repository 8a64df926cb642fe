"""The staff form (/staff/new/) in headless Chromium: a record typed into it passes the check.

Tiles are answered by a local stub; every other request leaving localhost is refused and
recorded by the page fixture, so "nothing is sent anywhere" is checked on every test here.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Route, expect

from carerdir.staff_form import MESSAGES
from sitebuild import copy_project
from test_finding_places_on_a_map import PNG, TILES

REPO = "https://github.com/example/carer-directory"
NAME = "当別町介護者のつどい: 「ほっと #1」"  # a colon and a hash: YAML must quote it


@pytest.fixture
def form(page: Page, site_url: str) -> Iterator[Page]:
    """The form page with tiles stubbed; afterwards, no request but tiles may have left."""
    tiles: list[str] = []

    def stub(route: Route) -> None:
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PNG)

    page.route(TILES + "**", stub)
    page.goto(site_url + "staff/new/")
    yield page
    assert page.outside_requests == []  # type: ignore[attr-defined]
    assert all(url.startswith(TILES + "xyz/pale/") for url in tiles)


def field(page: Page, name: str) -> str:
    return f"form.cd-form [name='{name}']"


def fill_salon(page: Page) -> None:
    """A salon typed in as a clerk would: full-width digits, the point tapped on the map."""
    page.select_option(field(page, "town"), "tobetsu")
    page.select_option(field(page, "kind"), "salon")
    page.fill(field(page, "name"), NAME)
    page.fill(field(page, "name_kana"), "とうべつちょう かいごしゃのつどい")
    page.fill(field(page, "address"), "北海道石狩郡当別町白樺町58番地9")
    page.fill(field(page, "postal_code"), "０６１－０２９２")
    page.fill(field(page, "phone"), "0133-23-2111")
    page.fill(field(page, "url"), "https://www.example.jp/kaigo/")
    page.select_option(field(page, "reservation"), "not_required")
    page.check(f"{field(page, 'audience')}[value=carers]")
    page.check(f"{field(page, 'audience')}[value=dementia]")
    page.fill(field(page, "schedule"), "毎月第2水曜日 13:30〜15:30\n")
    page.select_option(field(page, "format"), "in_person")
    page.check(f"{field(page, 'accessibility')}[value=wheelchair]")
    page.fill(field(page, "description"), "介護をしている方が話せる場です。\n\n- 途中の参加もできます: どうぞ")
    page.locator("[data-cd-picker]").click()  # centred on the town office once the town is chosen


def proposal(page: Page) -> tuple[str, dict[str, list[str]]]:
    link = page.locator("[data-cd-github]")
    expect(link).to_be_visible()
    href = link.get_attribute("href") or ""
    parts = urlsplit(href)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", parse_qs(parts.query)


def check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "carerdir", "check"], cwd=project, capture_output=True,
                          text=True, check=False)


def test_a_record_typed_into_the_form_and_proposed_on_github_passes_the_check(form: Page, tmp_path: Path) -> None:
    fill_salon(form)
    expect(form.locator("[data-cd-status]")).to_have_text("できました。「GitHubで提案する」を押すか、中身をコピーしてください。")
    page_url, query = proposal(form)
    assert page_url == f"{REPO}/new/main/resources/tobetsu"
    filename, value = query["filename"][0], query["value"][0]
    assert filename == "toubetsuchou-kaigoshanotsudoi.yml"  # suggested from the reading
    assert value == form.input_value("[data-cd-yaml]")
    assert value.startswith("# yaml-language-server: $schema=../record.schema.json\nkind: salon\n")
    assert 'postal_code: "061-0292"\n' in value and 'phone: "0133-23-2111"\n' in value
    assert "audience:\n  - carers\n  - dementia\n" in value
    project = copy_project(tmp_path / "project")
    (project / "resources" / "tobetsu" / filename).write_text(value, encoding="utf-8")
    result = check(project)
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(value)
    assert data["name"] == NAME and data["description"].startswith("介護をしている方が話せる場です。\n\n- 途中")
    assert 43.0 < data["location"]["lat"] < 43.5 and 141.3 < data["location"]["lon"] < 141.7


def test_a_wrong_value_shows_its_message_beside_the_input_and_no_link(form: Page) -> None:
    fill_salon(form)
    postal = form.locator(field(form, "postal_code"))
    postal.fill("0610292")
    error = form.locator("#cd-f-postal_code-error")
    expect(error).to_have_text(MESSAGES["postal"])
    expect(postal).to_have_attribute("aria-invalid", "true")
    assert "cd-f-postal_code-error" in (postal.get_attribute("aria-describedby") or "")
    expect(form.locator("[data-cd-github]")).to_be_hidden()
    expect(form.locator("[data-cd-status]")).to_have_text("あと 1 か所を直すと、できあがります。")
    postal.fill("061-0292")
    expect(error).to_have_text("")
    expect(postal).to_have_attribute("aria-invalid", "false")
    expect(form.locator("[data-cd-github]")).to_be_visible()


BAD = {"kana": ("name_kana", "当別つどい", "kana"), "phone": ("phone", "12-3456", "phone"),
       "url": ("url", "www.example.jp", "url"), "future": ("verified", "2999-01-01", "future"),
       "email": ("email", "kaigo@", "email"), "too long": ("fee", "円" * 121, "too_long")}


@pytest.mark.parametrize(("name", "value", "message"), BAD.values(), ids=BAD.keys())
def test_each_check_speaks_as_it_is_typed(form: Page, name: str, value: str, message: str) -> None:
    form.fill(field(form, name), value)
    expected = MESSAGES[message].format(max=120, n=121)
    expect(form.locator(f"#cd-f-{name}-error")).to_have_text(expected)


@pytest.mark.parametrize("reading", ["だい2つどいのいえ", "NPOほうじん ささえあい", "ＪＡきょうさい・かふぇ"])
def test_a_reading_with_digits_and_latin_letters_is_accepted_as_typed(form: Page, reading: str) -> None:
    form.fill(field(form, "name_kana"), "当別")  # wrong first, so the message is there to clear
    error = form.locator("#cd-f-name_kana-error")
    expect(error).to_have_text(MESSAGES["kana"])
    form.fill(field(form, "name_kana"), reading)
    expect(error).to_have_text("")


def test_required_fields_are_named_once_touched(form: Page) -> None:
    form.select_option(field(form, "kind"), "counter")
    form.locator(field(form, "name")).focus()
    form.locator(field(form, "name_kana")).focus()  # leaving 名称 empty
    expect(form.locator("#cd-f-name-error")).to_have_text("「名称」を書いてください（必須）")
    problems = form.locator("[data-cd-problems] li").all_text_contents()
    assert "電話番号: 「電話番号」を書いてください（必須）" in problems  # a counter needs a phone
    assert not [p for p in problems if p.startswith("地図の位置")]  # recommended only
    expect(form.locator("#cd-f-location-error")).to_have_text(MESSAGES["location_recommended"])


def test_typing_coordinates_moves_the_marker(form: Page) -> None:
    form.fill(field(form, "location.lat"), "43.2237")
    form.fill(field(form, "location.lon"), "141.5171")
    marker = form.locator(".cd-form__map .leaflet-marker-icon")
    expect(marker).to_have_count(1)
    before = marker.bounding_box()
    form.fill(field(form, "location.lon"), "141.5271")
    form.wait_for_timeout(400)  # the map's pan animation
    assert "location: {lat: 43.2237, lon: 141.5271}" in form.input_value("[data-cd-yaml]")
    assert before and marker.bounding_box() is not None
    form.fill(field(form, "location.lat"), "35.68")  # Tokyo: outside Hokkaido
    expect(form.locator("#cd-f-location-error")).to_have_text(MESSAGES["location_outside"])


def test_picking_the_point_of_a_published_record_gives_the_line_and_the_edit_link(
        page: Page, site_url: str, tmp_path: Path) -> None:
    page.route(TILES + "**", lambda route: route.fulfill(status=200, content_type="image/png", body=PNG))
    page.goto(site_url + "staff/new/?record=tobetsu/kaigosha-no-tsudoi")
    expect(page.locator("form.cd-form [name='name']")).to_be_hidden()
    page.locator("[data-cd-picker]").click()
    line = page.input_value("[data-cd-yaml]").strip()
    assert line.startswith("location: {lat: 43.") and "\n" not in line
    link = page.locator("[data-cd-github]")
    expect(link).to_have_text("GitHubでこのファイルを編集する")
    assert link.get_attribute("href") == f"{REPO}/edit/main/resources/tobetsu/kaigosha-no-tsudoi.yml"
    project = copy_project(tmp_path / "project")
    record = project / "resources" / "tobetsu" / "kaigosha-no-tsudoi.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text("\n".join(line if row.startswith("location:") else row for row in text.splitlines()) + "\n",
                      encoding="utf-8")
    assert check(project).returncode == 0
    page.goto(site_url + "staff/new/?record=../../etc")
    expect(page.locator("[data-cd-pick-what]")).to_have_text(MESSAGES["record"].format(value="../../etc"))
    assert page.outside_requests == []  # type: ignore[attr-defined]


def test_staff_pages_are_linked_from_town_stale_and_record_pages(page: Page, site_url: str) -> None:
    page.goto(site_url + "towns/tobetsu/")
    page.get_by_role("link", name="職員の方へ（情報の追加・修正）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("職員の方へ")
    page.get_by_role("link", name="情報を1件追加する（入力フォーム）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("情報を1件追加する（職員向け）")
    page.goto(site_url + "staff/stale/")
    expect(page.get_by_role("link", name="職員の方へ")).to_have_count(1)
    page.goto(site_url + "r/tobetsu/kaigosha-no-tsudoi/")
    edit = page.get_by_role("link", name="この情報を編集する（職員向け）")
    expect(edit).to_have_attribute("href", f"{REPO}/edit/main/resources/tobetsu/kaigosha-no-tsudoi.yml")


def test_only_the_form_page_loads_the_forms_script(page: Page, site_url: str) -> None:
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(site_url + "staff/")
    page.goto(site_url + "r/tobetsu/kaigosha-no-tsudoi/")
    assert not [url for url in loaded if "staff-form" in url]
    page.route(TILES + "**", lambda route: route.fulfill(status=200, content_type="image/png", body=PNG))
    page.goto(site_url + "staff/new/")
    assert [url for url in loaded if url.endswith("assets/javascripts/staff-form.js")]


@pytest.mark.parametrize("path", ["staff/", "staff/new/", "staff/new/?record=tobetsu/kaigosha-no-tsudoi"])
def test_axe_reports_no_violations_on_the_staff_pages(page: Page, site_url: str, path: str) -> None:
    page.route(TILES + "**", lambda route: route.fulfill(status=200, content_type="image/png", body=PNG))
    page.goto(site_url + path)
    if path.startswith("staff/new/"):  # with a message showing, and the map's marker
        page.fill("form.cd-form [name='location.lat']", "43.2237")
        page.fill("form.cd-form [name='location.lon']", "141.5171")
        if "record" not in path:
            page.fill("form.cd-form [name='postal_code']", "123")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


TRICKY = ["yes", "123", "- はじめに", "@当別", "名前 # 番号", "「つどい」: 第2", 'a "quoted" \\ name', "null", "~",
          "*つどい*", "[カフェ]", "{サロン}", "%20", "2026-10-01", "true", "つどい:", "! 注意"]


def test_any_text_typed_in_comes_back_the_same_from_the_yaml(form: Page) -> None:
    for value in TRICKY:
        form.fill(field(form, "name"), value)
        form.fill(field(form, "fee"), value + "  ")
        form.fill(field(form, "description"), f"{value}\n  {value}")
        data = yaml.safe_load(form.input_value("[data-cd-yaml]"))
        assert (data["name"], data["fee"]) == (value, value)
        assert data["description"].rstrip("\n") == f"{value}\n  {value}"
