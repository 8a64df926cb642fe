"""Places that serve other towns (`serves`) and suspended places (`status: suspended`), as the
directory, calendar, search index, map data, coverage and .ics feeds see them.

The sample data has both: 釧路市's 介護家族のつどい「ぬさまい会」 serves 釧路町, and 仁木町's
認知症カフェ「おかのうえ」第2会場 is suspended (its schedule would otherwise give dates).
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from carerdir.agenda import agenda, gathering_towns
from carerdir.coverage import coverage
from carerdir.directory import Directory
from carerdir.geojson import directory_geojson
from carerdir.loading import load_directory
from carerdir.search_index import build_index, normalise
from sitebuild import ROOT, mkdocs_build, copy_project

TODAY = date(2026, 11, 25)
SERVING, SUSPENDED = "kushiro/kaigo-kazoku-nusamai", "niki/ninchisho-cafe-oka"


@pytest.fixture(scope="module")
def directory() -> Directory:
    return load_directory(ROOT / "resources", TODAY)


def record(directory: Directory, record_id: str):  # type: ignore[no-untyped-def]
    return next(r for r in directory.records if r.id == record_id)


def test_a_place_is_available_to_the_towns_it_serves_after_their_own(directory: Directory) -> None:
    assert [r.id for r in directory.serving("kushiro-cho")] == [SERVING]
    assert directory.available_to("kushiro-cho") == directory.in_town("kushiro-cho") + (record(directory, SERVING),)
    assert SERVING not in [r.id for r in directory.serving("kushiro")]  # not "nearby" to its own town
    assert "kushiro-cho" in gathering_towns(directory)


def test_the_calendar_of_a_served_town_lists_the_place_elsewhere(directory: Directory) -> None:
    entries = [e for _, day in agenda(directory, TODAY, "kushiro-cho") for e in day]
    assert entries and {e.record.id for e in entries} == {SERVING}


def test_a_suspended_place_has_no_dates_anywhere(directory: Directory) -> None:
    cafe = record(directory, SUSPENDED)
    assert cafe.suspended and cafe.schedule and not cafe.has_dates
    assert cafe.status_note.startswith("会場の改修工事")
    calendar = [e.record.id for _, day in agenda(directory, TODAY) for e in day]
    assert SUSPENDED not in calendar and calendar
    index = build_index(directory, TODAY)
    entries = json.loads(index.files["search/directory/all.json"])["e"]
    (entry,) = [e for e in entries if e[0] == "ninchisho-cafe-oka"]
    assert entry[7] == []  # no next dates in search results; the place is still found
    everything, _ = directory_geojson(directory, TODAY, lambda rid: f"r/{rid}/")
    (feature,) = [f for f in json.loads(bytes(everything))["features"] if f["properties"]["id"] == SUSPENDED]
    assert feature["properties"]["dates"] == []
    active = [f for f in json.loads(bytes(everything))["features"] if f["properties"]["id"] == "niki/sakuranbo-no-kai"]
    assert active[0]["properties"]["dates"]  # the same town's active salon still has some


def test_coverage_counts_suspended_places_apart_and_places_elsewhere_as_available(directory: Directory) -> None:
    rows = {t.town.slug: t for b in coverage(directory, TODAY).bureaux for t in b.towns}
    niki, kushiro_cho = rows["niki"], rows["kushiro-cho"]
    own_cafes = [r for r in directory.in_town("niki") if r.kind in ("salon", "dementia_cafe")]
    assert niki.suspended == 1 and niki.gatherings == len(own_cafes) - 1
    assert kushiro_cho.gatherings == 0 and kushiro_cho.nearby["gatherings"] == 1
    assert kushiro_cho.meets("gatherings") and not kushiro_cho.meets("hubs")


def test_a_place_serving_another_subprefecture_is_in_that_shard_and_found_by_its_name(tmp_path: Path) -> None:
    # 当別町 (石狩) serving 旭川市 (上川): split by 振興局, the place is in both shards.
    resources = tmp_path / "resources"
    (resources / "tobetsu").mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "municipalities.yml", resources)
    text = (ROOT / "resources" / "tobetsu" / "kaigosha-no-tsudoi.yml").read_text(encoding="utf-8")
    (resources / "tobetsu" / "tsudoi.yml").write_text(text.replace("sample: true", "serves: [asahikawa]\nsample: true"),
                                                      encoding="utf-8")
    index = build_index(load_directory(resources, TODAY), TODAY, shard_budget=1)
    manifest = json.loads(index.files["search/directory/index.json"])
    holding = [name for name in manifest["shards"]
               if json.loads(index.files[f"search/directory/{name}"])["e"]]
    assert holding == ["ishikari.json", "kamikawa.json"]
    (entry,) = json.loads(index.files["search/directory/kamikawa.json"])["e"]
    assert normalise("旭川市") in entry[4] and normalise("あさひかわし") in entry[4]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("places") / "project")
    result = mkdocs_build(project, project.parent / "site", today=TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    return project.parent / "site"


def events(feed: Path) -> list[str]:
    return [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.read_bytes()).walk("VEVENT")]


def test_a_served_town_feed_has_the_place_elsewhere_and_no_suspended_place(site: Path) -> None:
    assert events(site / "towns" / "kushiro-cho" / "calendar.ics") == ["介護家族のつどい「ぬさまい会」"]
    niki = " ".join(events(site / "towns" / "niki" / "calendar.ics"))
    assert "さくらんぼの会" in niki and "おかのうえ" not in niki
    assert not (site / "r" / "niki" / "ninchisho-cafe-oka" / "calendar.ics").exists()


def test_a_suspended_page_has_no_dates_for_the_browser(site: Path) -> None:
    html = (site / "r" / "niki" / "ninchisho-cafe-oka" / "index.html").read_text(encoding="utf-8")
    assert "休止中です" in html and "会場の改修工事のため" in html
    # schedule.js writes next dates and 受付中 from these; a suspended page must not have them.
    assert "data-cd-occurrences" not in html and "data-cd-open" not in html and ".ics" not in html


def test_the_coverage_page_marks_places_elsewhere_and_counts_suspended_apart(site: Path) -> None:
    html = re.sub(r">\s+<", "><", (site / "coverage" / "index.html").read_text(encoding="utf-8"))
    kushiro_cho = re.search(r"<tr><th scope=\"row\"><a [^>]*>釧路町</a></th>(.*?)</tr>", html)
    assert kushiro_cho, "釧路町's row"
    cells = re.findall(r"<td>(.*?)</td>", kushiro_cho.group(1))
    assert cells[1] == '<span class="cd-nearby">近くの市町村（1）</span>'  # salons and cafés
    niki = re.search(r"<tr><th scope=\"row\"><a [^>]*>仁木町</a></th>(.*?)</tr>", html)
    assert niki and re.findall(r"<td>(.*?)</td>", niki.group(1))[-1] == "1"  # 休止中


def test_readings_with_digits_and_latin_letters_normalise_as_queries_do() -> None:
    # search.js applies the same steps to a query (NFKC, katakana to hiragana, lower case).
    assert normalise("ＮＰＯほうじん　ダイ２かいじょう・ケアラー") == "npoほうじんだい2かいじょう・けあらー"
