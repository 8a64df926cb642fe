"""maps.py: the map options folium makes (GSI tiles, no CDN), the config block's centre, zoom and
tiles, vendored Leaflet, and map pages that are the same bytes build after build.
Maps in a browser are tested in browser/test_finding_places_on_a_map.py."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from carerdir.config import MapConfig
from carerdir.loading import load_directory
from carerdir.maps import RECORD_ZOOM, Maps, bounds_of, folium_map, leaflet_options, node_modules
from sitebuild import ROOT, copy_project, mkdocs_build

TODAY = date(2026, 11, 25)


CDN_HOSTS = ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "netdna.bootstrapcdn.com",
             "maxcdn", "unpkg.com", "fonts.googleapis.com")


def map_config(**values: object) -> MapConfig:
    config = MapConfig()
    config.load_dict(values)
    assert config.validate() == ([], [])
    return config


def test_folium_makes_the_gsi_tile_layer_with_its_attribution_and_no_cdn() -> None:
    fmap = folium_map(map_config(tiles="std"), "tobetsu", [43.2, 141.5], 15, [[43.1, 141.4], [43.3, 141.6]], 15,
                      css=["assets/vendor/leaflet-1.9.4/leaflet.css"], js=["assets/vendor/leaflet-1.9.4/leaflet.js"])
    options = leaflet_options(fmap)
    assert options["id"] == "map_tobetsu"
    assert options["tiles"]["url"] == "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"
    assert options["tiles"]["options"]["attribution"] == \
        '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>'
    assert options["fit"] == {"bounds": [[43.1, 141.4], [43.3, 141.6]], "options": {"maxZoom": 15, "padding": (24, 24)}}
    pale = leaflet_options(folium_map(map_config(), "all", [43.0, 142.0], 7))
    assert "/xyz/pale/" in pale["tiles"]["url"] and pale["fit"] is None
    # folium's own HTML is not published, but even it fetches nothing from a CDN any more.
    document = fmap.get_root().render()
    assert "assets/vendor/leaflet-1.9.4/leaflet.js" in document
    assert not [host for host in CDN_HOSTS if host in document], document[:2000]


def test_the_config_block_sets_centre_zoom_and_tiles_of_the_site_map() -> None:
    directory = load_directory(ROOT / "resources", TODAY)
    fitted = json.loads(Maps(directory, map_config(), TODAY).everything(lambda uri: uri).config)
    assert fitted["fit"]["bounds"] and "/xyz/pale/" in fitted["tiles"]["url"]  # default: all published towns
    chosen = Maps(directory, map_config(center=[43.22, 141.52], zoom=11, tiles="std"), TODAY)
    config = json.loads(chosen.everything(lambda uri: uri).config)
    assert config["fit"] is None and config["map"]["center"] == [43.22, 141.52] and config["map"]["zoom"] == 11
    assert "/xyz/std/" in config["tiles"]["url"] and config["data"] == "data/directory.geojson"
    with pytest.raises(PluginError, match=r"\[緯度, 経度\]"):
        Maps(directory, map_config(center=[43.22]), TODAY)


def test_town_and_record_maps_are_what_folium_makes_for_each(tmp_path: Path) -> None:
    """Folium runs once per kind of map; each town's and record's options must still be its own."""
    directory = load_directory(ROOT / "resources", TODAY)
    maps = Maps(directory, map_config(tiles="std"), TODAY)
    maps.town_files = {slug: f"data/towns/{slug}.geojson" for slug in directory.towns}
    for slug in ("tobetsu", "kushiro", "niki"):
        town, config = directory.towns[slug], json.loads(maps.town(slug, lambda uri: uri).config)
        points = [(r.location.lat, r.location.lon) for r in directory.in_town(slug) if r.location]
        expected = leaflet_options(folium_map(map_config(tiles="std"), slug, [town.lat, town.lon], 15,
                                              bounds_of(points), 15))
        assert maps.town(slug, lambda uri: uri).id == expected.pop("id")
        assert {key: config[key] for key in expected} == json.loads(json.dumps(expected))
    record = directory.in_town("kushiro")[0]
    config = json.loads(maps.record(record, lambda uri: uri).config)
    expected = leaflet_options(folium_map(map_config(tiles="std"), record.id.replace("/", "_"),
                                          [record.location.lat, record.location.lon], RECORD_ZOOM))
    assert maps.record(record, lambda uri: uri).id == expected.pop("id")
    assert {key: config[key] for key in expected} == json.loads(json.dumps(expected))


def test_a_build_without_node_modules_says_to_run_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "prefix", str(tmp_path / ".venv"))
    with pytest.raises(PluginError, match="bash scripts/setup") as error:
        node_modules(tmp_path)
    assert "見つかりません" in str(error.value)


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    pages = ["map/index.html", "towns/tobetsu/index.html", "r/tobetsu/kaigosha-no-tsudoi/index.html",
             "data/directory.geojson", "data/towns/tobetsu.geojson"]
    built = []
    for name in ("one", "two"):
        result = mkdocs_build(project, tmp_path / name)
        assert result.returncode == 0, result.stderr
        built.append({page: (tmp_path / name / page).read_bytes() for page in pages})
    assert built[0] == built[1]
    assert b"map_all" in built[0]["map/index.html"] and b"map_tobetsu" in built[0]["towns/tobetsu/index.html"]
