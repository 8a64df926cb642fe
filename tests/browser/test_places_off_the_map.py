"""A place without a location (imported from a list with no coordinates) is published off the map.

A real strict build of the samples with one salon's `location` line removed: the build passes
and logs one warning listing it; the GeoJSON the maps draw leaves it out; its page in Chromium
shows the address and no map box, and the town map still shows the town's other places.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import serve
from sitebuild import copy_project, mkdocs_build
from test_finding_places_on_a_map import SHOWN, open_map, tiles  # noqa: F401 - the fixture answers tile requests locally

RECORD = "tobetsu/kaigosha-no-tsudoi"
ADDRESS = "北海道石狩郡当別町西町32番地2"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    project = copy_project(tmp_path_factory.mktemp("off-map") / "project")
    record = project / "resources" / f"{RECORD}.yml"
    lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
    record.write_text("".join(line for line in lines if not line.startswith("location:")), encoding="utf-8")
    result = mkdocs_build(project, project.parent / "site", today="2026-11-25")
    assert result.returncode == 0, result.stderr
    return project.parent / "site", result.stderr


@pytest.fixture(scope="module")
def site_url(built: tuple[Path, str]) -> Iterator[str]:
    yield from serve(built[0])


def test_the_build_warns_once_listing_the_places_not_on_the_map(built: tuple[Path, str]) -> None:
    log = built[1]
    assert log.count("地図の位置（location）がない場所が 1 件あります") == 1
    assert f"resources/{RECORD}.yml（当別町介護者のつどい「ほっとひと息の会」）" in log


def test_the_maps_data_leaves_the_place_out(built: tuple[Path, str]) -> None:
    site = built[0]
    for path in [site / "data" / "directory.geojson", site / "data" / "towns" / "tobetsu.geojson"]:
        ids = [f["properties"]["id"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]]
        assert RECORD not in ids and "tobetsu/orange-cafe-hidamari" in ids


def test_its_page_shows_the_address_and_no_empty_map_box(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}r/{RECORD}/")
    expect(page.get_by_text(ADDRESS).first).to_be_visible()
    expect(page.locator("[data-cd-map], .cd-map, .leaflet-container")).to_have_count(0)
    assert page.outside_requests == []  # type: ignore[attr-defined]


@pytest.mark.usefixtures("tiles")
def test_the_town_map_still_shows_the_towns_other_places(page: Page, site_url: str, built: tuple[Path, str]) -> None:
    town = json.loads((built[0] / "data" / "towns" / "tobetsu.geojson").read_text(encoding="utf-8"))
    open_map(page, f"{site_url}towns/tobetsu/")
    page.wait_for_function(f"({SHOWN})() === {len(town['features'])}", timeout=5000)
