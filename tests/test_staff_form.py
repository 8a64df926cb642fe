"""staff_form.py: the staff form and /staff/ are made from schema.py.

The form's behaviour in a browser is tested in tests/browser/test_staff_form_in_browser.py; here, what
the templates are given and render, without MkDocs.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from carerdir import schema
from carerdir.build import DirectoryBuild
from carerdir.config import read_config
from carerdir.directory import Directory
from carerdir.render import render
from carerdir.staff_form import MESSAGES, RECOMMENDED, conditional_needs, edit_url, form_config, kana_table
from sitebuild import ROOT

TEMPLATES = ROOT / "overrides" / "directory"


def staff_build(towns: list[str] | None = None) -> DirectoryBuild:
    block = {"repo_url": "https://github.com/example/carer-directory", "towns": towns or []}
    build = DirectoryBuild(ROOT, read_config({"directory": block}))
    build.maps.css, build.maps.js = ["leaflet.css"], ["leaflet.js"]  # set when MkDocs adds the files
    return build


def render_page(build: DirectoryBuild, template: str) -> str:
    return render(build.env, template, url=lambda uri: uri)


def form_json(html: str) -> dict:
    found = re.search(r'data-cd-form="([^"]*)"', html)
    assert found
    return json.loads(found.group(1).replace("&#34;", '"').replace("&quot;", '"').replace("&#39;", "'")
                      .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


def test_a_field_added_to_the_schema_appears_in_the_form_with_its_label_and_example(
        monkeypatch: pytest.MonkeyPatch) -> None:
    field = schema.Field("parking_note", "駐車場の案内", schema.LINE, "parking_note: 役場の駐車場をご利用ください",
                         max_length=100)
    monkeypatch.setitem(schema.FIELDS, field.name, field)
    html = render_page(staff_build(), "staff-new.html")
    assert re.search(r'<input id="cd-f-parking_note" name="parking_note" type="text"', html)
    assert '<label for="cd-f-parking_note">駐車場の案内</label>' in html
    assert "役場の駐車場をご利用ください" in html and "1行で書きます。" in html  # the help of its shape
    sent = {f["name"]: f for f in form_json(html)["fields"]}
    assert sent["parking_note"] == {"name": "parking_note", "label": "駐車場の案内", "shape": "line",
                                    "required": False, "maxLength": 100}


def test_every_schema_field_has_an_input_named_by_its_record_key() -> None:
    html = render_page(staff_build(), "staff-new.html")
    names = set(re.findall(r'name="([^"]+)"', html))
    expected = {name for name in schema.FIELDS if name != "location"} | {"location.lat", "location.lon", "town", "slug"}
    assert names == expected
    for name, field in schema.FIELDS.items():
        if field.shape == schema.ENUM_LIST:  # one checkbox of the same name per term
            assert len(re.findall(f'type="checkbox" name="{name}"', html)) == len(field.vocabulary or {})
    assert 'aria-describedby="cd-f-postal_code-help cd-f-postal_code-error"' in html


def test_the_town_picker_offers_only_the_published_towns_and_a_one_town_fork_has_none() -> None:
    html = render_page(staff_build(["tobetsu", "niki"]), "staff-new.html")
    options = re.findall(r'<option value="([a-z-]+)">[^<]*（', html)
    assert sorted(options) == ["niki", "tobetsu"]
    one_town = render_page(staff_build(["tobetsu"]), "staff-new.html")
    assert 'name="town"' not in one_town
    assert list(form_json(one_town)["towns"]) == ["tobetsu"]


def test_the_browser_checks_use_the_validators_patterns_and_messages() -> None:
    config = json.loads(form_config(staff_build().directory, read_config({})))
    assert config["patterns"]["postal_code"] == schema.POSTAL_PATTERN
    assert config["patterns"]["name_kana"] == schema.KANA_PATTERN
    assert config["patterns"]["phone"] == schema.PHONE_PATTERN
    assert config["patterns"]["url"] == schema.URL_PATTERN
    assert config["messages"] == MESSAGES
    assert config["lat"] == list(schema.HOKKAIDO_LAT) and config["lon"] == list(schema.HOKKAIDO_LON)


def test_required_rules_come_from_the_record_schema_and_location_is_only_recommended() -> None:
    needs = {(rule["field"], rule["value"]): rule for rule in conditional_needs()}
    assert needs["kind", "counter"]["then"] == ["phone"]
    place = needs["format", "online"]["else"]
    assert "address" in place and "postal_code" in place
    assert "location" not in place and RECOMMENDED == ("location",)


def test_the_file_name_suggestion_reads_kana_as_hepburn_romaji() -> None:
    table = kana_table()
    assert table["き"] == "ki" and table["きゃ"] == "kya" and table["しゃ"] == "sha" and table["つ"] == "tsu"
    assert "っ" not in table  # doubles the next consonant (staff-form.js)


def test_record_pages_edit_link_opens_githubs_editor_on_the_records_branch() -> None:
    record = staff_build().directory.records[0]
    settings = read_config({"directory": {"repo_url": "https://github.com/town/guide/", "branch": "gh-pages"}})
    assert edit_url(settings, record) == \
        f"https://github.com/town/guide/edit/gh-pages/resources/{record.town}/{record.slug}.yml"
    assert read_config({}).branch == "main"
    assert edit_url(read_config({}), record) == ""  # no repository, no link


def test_the_staff_page_lists_places_without_a_location_with_a_link_to_pick_it() -> None:
    build = staff_build()
    directory = build.directory
    place = next(r for r in directory.records if r.format == "in_person" and r.location)
    online = next(r for r in directory.records if r.format == "online")
    without = Directory(directory.municipalities, (replace(place, location=None), online))
    assert without.off_the_map() == [replace(place, location=None)]
    build.context.directory = build.env.globals["dir"] = without
    html = render_page(build, "staff.html")
    assert f'<a href="staff/new.md?record={place.id}">{place.name}の位置を選ぶ</a>' in html
    assert "地図に載っていない場所（1件）" in html and online.name not in html
    assert 'href="staff/new.md">情報を1件追加する' in html and 'href="staff/stale.md"' in html
