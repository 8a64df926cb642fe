"""The open-data files of one build and what the /data/ page says about each.

`open_data` makes every file from the validated directory, as pieces (streams.Chunks); the build
adds them to the site and the page lists them with their size computed from these very pieces.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..agenda import WEEKS
from ..columns import event_columns, export_columns
from ..directory import Directory
from ..preview import Each, afresh
from .calendars import calendars_json
from .events_csv import events_csv
from .hsds import services_file
from .records_csv import records_csv, town_file_name
from .streams import Chunks
from .records_json import SCHEMA_URI, records_json, records_schema, records_schema_json
from .values import Publication

FOLDER = "data/"
GEOJSON_URI = "data/directory.geojson"  # made by maps.py; listed here


@dataclass(frozen=True)
class DataFile:
    """One downloadable file: where it is, and the page's description of it."""

    uri: str  # from the site's root, e.g. data/records.csv
    title: str
    format: str
    row: str  # what one row (or item) means
    columns: tuple[str, ...]
    content: Chunks = field(repr=False)
    made_here: bool = True  # False: another module adds it to the site (the GeoJSON)

    @property
    def size(self) -> int:
        return self.content.size

    @property
    def size_text(self) -> str:
        """12.3 KB (KB = 1,024 bytes), as the page shows it."""
        for unit, scale in (("MB", 2**20), ("KB", 2**10)):
            if self.size >= scale:
                return f"{self.size / scale:,.1f} {unit}"
        return f"{self.size} バイト"

    @property
    def name(self) -> str:
        return self.uri.rsplit("/", 1)[-1]


def open_data(directory: Directory, today: date, publication: Publication, page_url: Callable[[str], str],
              absolute_url: Callable[[str], str], town_feeds: dict[str, str], geojson: Chunks,
              each: Each = afresh) -> list[DataFile]:
    """Every open-data file. `page_url`: a record's page from its id, relative to the site's root;
    `absolute_url`: the same with the site's address, or "" when mkdocs.yml has no site_url."""
    schema_items = records_schema()["properties"]["records"]["items"]["properties"]
    hsds, hsds_keys = services_file(directory, absolute_url, each)
    csv_columns = tuple(heading for heading, _ in export_columns())
    files = [
        DataFile(f"{FOLDER}records.json", "すべての情報（JSON）", "JSON（UTF-8）", "records の1件が1つの窓口・集まり・サービス",
                 tuple(schema_items), records_json(directory, today, publication, page_url, each)),
        DataFile(f"{FOLDER}{SCHEMA_URI}", "records.json の JSON Schema", "JSON Schema（draft 2020-12）",
                 "records.json の項目の定義", ("meta", "records"), Chunks([records_schema_json()])),
        DataFile(f"{FOLDER}records.csv", "すべての情報（CSV）", "CSV（UTF-8 BOM付き、Excel で開けます）",
                 "1行が1つの窓口・集まり・サービス", csv_columns, records_csv(directory, each)),
    ]
    town_csv = town_file_name(directory)
    if town_csv:
        files.append(DataFile(f"{FOLDER}{town_csv}", "すべての情報（CSV、市町村コード付きのファイル名）",
                              files[-1].format, files[-1].row, csv_columns, files[-1].content))
    files += [
        DataFile(f"{FOLDER}events.csv", "これからの集まり（イベント一覧）", "CSV（UTF-8 BOM付き）",
                 f"1行が1回の集まり（サロン・カフェ・交流拠点の、これから{WEEKS}週間の開催日ごと）",
                 tuple(heading for heading, _ in event_columns()), events_csv(directory, today, each)),
        DataFile(f"{FOLDER}hsds/services.json", "HSDS 3.0（Open Referral）", "JSON（HSDS 3.0 の service の配列）",
                 "1つの service が1つの窓口・集まり・サービス", hsds_keys, hsds),
        DataFile(GEOJSON_URI, "地図のデータ（GeoJSON）", "GeoJSON（RFC 7946）", "1つの Feature が位置のある1件",
                 _geojson_properties(geojson), geojson, made_here=False),
        DataFile(f"{FOLDER}calendars.json", "市町村ごとのカレンダー（.ics）の一覧", "JSON",
                 "calendars の1件が1つの市町村のカレンダー",
                 ("town", "town_code", "town_name", "subprefecture", "url", "records"),
                 Chunks([calendars_json(directory, publication, town_feeds)])),
    ]
    return files


def _geojson_properties(content: Chunks) -> tuple[str, ...]:
    """geometry and the first feature's properties, read from the first feature alone: geojson.py
    writes the collection with joined_array, whose second piece is the first item."""
    if len(content.pieces) < 3:  # the opening and the closing: no feature
        return ("geometry",)
    return ("geometry", *json.loads(content.pieces[1])["properties"])
