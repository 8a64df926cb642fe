"""data/records.json and its JSON Schema, data/records.schema.json.

records.json holds every published record with every schema field as its file writes it (so
each entry, less the export-only properties, is a valid record file), plus its id, page URL,
town code and name, 振興局, kind label and next dates, under a `meta` block naming the title,
publisher, licence, build date and count. The schema is schema.json_schema() extended with
those properties: one source for both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from ..directory import Directory, Record
from ..preview import Each, afresh
from ..schema import FIELDS, KINDS, json_schema
from ..when import Dates
from .streams import Chunks, compact_json, joined_array
from .values import Publication, is_empty, json_value, published_order, written

SCHEMA_URI = "records.schema.json"  # beside records.json
NEXT_DATES = 3
HHMM = {"type": ["string", "null"], "pattern": "^[0-9]{2}:[0-9]{2}$"}

EXPORT_PROPERTIES: dict[str, dict[str, Any]] = {
    "id": {"title": "ID（市町村の slug/ファイル名）", "type": "string", "pattern": "^[a-z0-9-]+/[a-z0-9][a-z0-9-]*$"},
    "page_url": {"title": "このサイトでのページ（サイトの最上位からの相対URL）", "type": "string"},
    "town": {"title": "市町村の slug", "type": "string"},
    "town_code": {"title": "全国地方公共団体コード", "type": "string", "pattern": "^[0-9]{6}$"},
    "town_name": {"title": "市町村名", "type": "string"},
    "subprefecture": {"title": "振興局", "type": "string"},
    "kind_label": {"title": "種類の名前", "enum": list(KINDS.values())},
}
NEXT_DATES_SCHEMA: dict[str, Any] = {
    "title": f"これからの日時（ビルド日から最大{NEXT_DATES}件。時刻がなければ null）",
    "type": "array", "maxItems": NEXT_DATES,
    "items": {"type": "object", "additionalProperties": False, "required": ["date", "start", "end"],
              "properties": {"date": {"type": "string", "format": "date"}, "start": HHMM, "end": HHMM}},
}
META_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "required": ["title", "publisher", "licence", "licence_url", "built", "count", "schema"],
    "properties": {
        "title": {"title": "サイトの名前", "type": "string"},
        "publisher": {"title": "出典（公開者）", "type": "string"},
        "licence": {"title": "ライセンス", "type": "string"},
        "licence_url": {"title": "ライセンスの URL", "type": "string", "format": "uri"},
        "built": {"title": "作成日", "type": "string", "format": "date"},
        "count": {"title": "件数", "type": "integer", "minimum": 0},
        "schema": {"title": "この JSON Schema の場所（相対URL）", "type": "string"},
    },
}


def records_schema() -> dict[str, Any]:
    """The JSON Schema of records.json: the record schema plus the export-only properties."""
    record = {key: value for key, value in json_schema().items() if key not in ("$schema", "title")}
    record["properties"] = {**EXPORT_PROPERTIES, **record["properties"], "next_dates": NEXT_DATES_SCHEMA}
    record["required"] = [*EXPORT_PROPERTIES, *record["required"], "next_dates"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ケアラー支援 資源の一覧 records.json",
        "type": "object", "additionalProperties": False, "required": ["meta", "records"],
        "properties": {"meta": META_SCHEMA, "records": {"type": "array", "items": record}},
    }


def record_entry(directory: Directory, record: Record, dates: Dates, page_url: str) -> dict[str, Any]:
    """One record: the export-only properties, then its fields in the schema's order."""
    town = directory.town_of(record)
    entry: dict[str, Any] = {
        "id": record.id, "page_url": page_url, "town": record.town, "town_code": town.code,
        "town_name": town.name, "subprefecture": town.subprefecture, "kind_label": KINDS[record.kind],
    }
    for name in FIELDS:
        value = written(record, name)
        if not is_empty(value):
            entry[name] = json_value(value)
    entry["next_dates"] = [{"date": o.day.isoformat(), "start": _hhmm(o.start), "end": _hhmm(o.end)}
                           for o in dates.upcoming(record)[:NEXT_DATES]]
    return entry


def _hhmm(value: Any) -> str | None:
    return f"{value:%H:%M}" if value else None


def records_json(directory: Directory, today: date, publication: Publication,
                 page_url: Callable[[str], str], each: Each = afresh) -> Chunks:
    """The whole file; `page_url` gives a record's page from its id, relative to the site's root.
    Written record by record (streams.py): the same bytes as one json.dumps of the whole. `each`
    makes a record's encoded entry (preview.py)."""
    order = published_order(directory)
    meta = {"title": publication.title, "publisher": publication.publisher, "licence": publication.licence,
            "licence_url": publication.licence_url, "built": publication.built.isoformat(),
            "count": len(order), "schema": SCHEMA_URI}
    dates = Dates(today)
    entries = (each("records.json", r, lambda r=r: compact_json(record_entry(directory, r, dates, page_url(r.id))))
               for r in order)
    return joined_array(entries, head=b'{"meta":' + compact_json(meta) + b',"records":', tail=b"}")


def records_schema_json() -> bytes:
    return json.dumps(records_schema(), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
