"""geojson.py: the directory's GeoJSON, whole and split by town (the map options are test_maps.py's)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from carerdir.geojson import directory_geojson
from carerdir.loading import load_directory
from sitebuild import ROOT

TODAY = date(2026, 11, 25)
PROPERTIES = ["id", "name", "kind", "kind_label", "town", "town_name", "address", "phone", "url", "dates"]


@pytest.fixture(scope="module")
def geojson() -> tuple[dict, dict[str, dict]]:
    directory = load_directory(ROOT / "resources", TODAY)
    everything, towns = directory_geojson(directory, TODAY, lambda record_id: f"r/{record_id}/")
    return json.loads(bytes(everything)), {slug: json.loads(bytes(data)) for slug, data in towns.items()}


def test_every_located_record_is_a_point_feature_with_the_documented_properties(geojson: tuple) -> None:
    collection, _ = geojson
    directory = load_directory(ROOT / "resources", TODAY)
    located = {r.id: r for r in directory.records if r.location}
    assert collection["type"] == "FeatureCollection"
    assert located and sorted(f["properties"]["id"] for f in collection["features"]) == sorted(located)
    for item in collection["features"]:
        props, record = item["properties"], located[item["properties"]["id"]]
        assert list(props) == PROPERTIES
        assert item["geometry"] == {"type": "Point", "coordinates": [record.location.lon, record.location.lat]}
        assert props["url"] == f"r/{record.id}/" and props["town_name"] == directory.town_of(record).name
    by_id = {f["properties"]["id"]: f["properties"] for f in collection["features"]}
    salon = by_id["tobetsu/kaigosha-no-tsudoi"]
    assert salon["kind_label"] == "介護者サロン・介護者のつどい" and salon["dates"][0] == ["2026-12-09", "13:30", "15:30"]
    assert len(salon["dates"]) == 3
    no_dates = [f for f in collection["features"] if not located[f["properties"]["id"]].schedule]
    assert all(f["properties"]["dates"] == [] for f in no_dates)


def test_town_files_split_the_whole_file_by_town(geojson: tuple) -> None:
    collection, towns = geojson
    assert [f for slug in towns for f in towns[slug]["features"]] == collection["features"]
    assert all(f["properties"]["town"] == slug for slug, data in towns.items() for f in data["features"])
