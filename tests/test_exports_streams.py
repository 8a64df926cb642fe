"""exports/streams.py: open-data files written item by item are byte for byte what one
json.dumps or csv writer call over everything gives, so the speed-up changes no download."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from carerdir.agenda import agenda
from carerdir.columns import event_columns
from carerdir.exports.catalogue import _geojson_properties
from carerdir.exports.events_csv import OCCURRENCE, RECORD, events_csv
from carerdir.exports.hsds import services, services_file
from carerdir.exports.streams import compact_json, csv_file, csv_line, joined_array
from carerdir.exports.values import cell
from carerdir.geojson import directory_geojson, feature
from carerdir.loading import load_directory
from carerdir.when import Dates
from sitebuild import ROOT

TODAY = date(2026, 11, 25)
# What breaks naive writers: quotes, commas, newlines, backslashes, Japanese, control characters.
AWKWARD = ['当別町 "つどい", 2階', "1行目\r\n2行目", "a\\b", "タブ\tと\u2028", "", "😀 絵文字", " 前後の空白 "]
ITEMS: list[Any] = [
    {"name": text, "n": i, "lat": 43.22371 + i / 7, "ok": i % 2 == 0, "none": None, "list": [text, {"k": [1.5e-7]}]}
    for i, text in enumerate(AWKWARD)
]


def one_shot_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def one_shot_csv(rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode("utf-8-sig")


def test_a_json_array_written_item_by_item_is_the_one_shot_bytes() -> None:
    chunks = joined_array(compact_json(item) for item in iter(ITEMS))
    assert bytes(chunks) == one_shot_json(ITEMS) and chunks.size == len(one_shot_json(ITEMS))
    assert compact_json(ITEMS[0]) == one_shot_json(ITEMS[0])
    assert bytes(joined_array(iter([]))) == b"[]"


def test_items_encoded_once_join_into_the_one_shot_collection() -> None:
    whole = {"type": "FeatureCollection", "features": ITEMS}
    encoded = (compact_json(item) for item in ITEMS)
    head = b'{"type":"FeatureCollection","features":'
    assert bytes(joined_array(encoded, head=head, tail=b"}")) == one_shot_json(whole)
    assert bytes(joined_array([])) == b"[]"


def test_csv_rows_from_a_generator_are_the_one_shot_bytes_with_bom_and_crlf() -> None:
    rows = [["見出し", "heading"], *([text, str(i)] for i, text in enumerate(AWKWARD))] * 2000  # past any buffer
    data = bytes(csv_file(csv_line(row) for row in rows))
    assert data == one_shot_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))) == rows
    assert bytes(csv_file([])) == b"\xef\xbb\xbf"  # as "".encode("utf-8-sig")


def test_events_csv_reuses_a_records_cells_without_changing_a_row() -> None:
    directory = load_directory(ROOT / "resources", TODAY)
    columns = event_columns()
    entries = [entry for _, day in agenda(directory, TODAY) for entry in day]
    assert len(entries) > len({e.record.id for e in entries})  # some record meets more than once
    expected = [[heading for heading, _ in columns]] + [
        [OCCURRENCE[target](no, entry) if target in OCCURRENCE else
         RECORD[target](entry.record) if target in RECORD else cell(directory, entry.record, target)
         for _, target in columns] for no, entry in enumerate(entries, start=1)]
    assert bytes(events_csv(directory, TODAY)) == one_shot_csv(expected)


def test_hsds_services_written_one_by_one_match_the_list_and_its_keys() -> None:
    directory = load_directory(ROOT / "resources", TODAY)
    url = lambda record_id: f"https://example.jp/r/{record_id}/"  # noqa: E731
    items = services(directory, url)
    data, keys = services_file(directory, url)
    assert bytes(data) == one_shot_json(items)
    assert keys == tuple(dict.fromkeys(key for item in items for key in item))
    assert "service_at_locations" in keys and "organization" in keys


def test_geojson_files_are_the_one_shot_collections_and_name_their_properties() -> None:
    directory = load_directory(ROOT / "resources", TODAY)
    everything, towns = directory_geojson(directory, TODAY, lambda i: f"r/{i}/")
    features = [feature(directory, r, Dates(TODAY), f"r/{r.id}/")
                for slug in directory.towns for r in directory.in_town(slug) if r.location]
    assert bytes(everything) == one_shot_json({"type": "FeatureCollection", "features": features})
    tobetsu = [f for f in features if f["properties"]["town"] == "tobetsu"]
    assert bytes(towns["tobetsu"]) == one_shot_json({"type": "FeatureCollection", "features": tobetsu})
    assert _geojson_properties(everything) == ("geometry", *features[0]["properties"])
    assert _geojson_properties(joined_array([], head=b'{"features":', tail=b"}")) == ("geometry",)
    long = {"type": "Feature", "geometry": None, "properties": {"description": "説明" * 10_000, "id": "x"}}
    assert _geojson_properties(joined_array([compact_json(long)], head=b'{"features":', tail=b"}")) == \
        ("geometry", "description", "id")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(), min_size=2, max_size=6))
def test_a_row_quoted_field_by_field_is_what_the_csv_writer_writes(fields: list[str]) -> None:
    # records.csv and events.csv keep a record's quoted cells (csv_field) and join them: any
    # text must come out as csv.writer writes it, and read back as the same fields.
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerow(fields)
    assert csv_line(fields) == text.getvalue().encode("utf-8")
    assert next(csv.reader(io.StringIO(csv_line(fields).decode("utf-8"), newline=""))) == fields


def test_the_csv_files_from_quoted_lines_are_the_one_shot_writers() -> None:
    rows = [["見出し", "b"], *[[text, str(i)] for i, text in enumerate(AWKWARD)]]
    assert bytes(csv_file(csv_line(row) for row in rows)) == one_shot_csv(rows)
