"""A record's values as its file writes them, and the values exports add (town code, 振興局...).

records.json and the two CSV files read fields only through here, by the names in schema.FIELDS,
so a field added to the schema is exported without touching an exporter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from ..columns import cell_text
from ..directory import Directory, Location, Record

PREFECTURE = "北海道"


@dataclass(frozen=True)
class Publication:
    """Who publishes the open data, under which licence, and when it was built."""

    title: str
    publisher: str
    licence: str
    licence_url: str
    built: date


def written(record: Record, name: str) -> Any:
    """A field's value as the record file wrote it: the schedule's items, not the parsed rules."""
    if name == "schedule":
        return record.schedule_text
    return getattr(record, name, None)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == ()


def json_value(value: Any) -> Any:
    """A written value as JSON: dates as YYYY-MM-DD, the location as {lat, lon}, tuples as lists."""
    if isinstance(value, Location):
        return {"lat": value.lat, "lon": value.lon}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [json_value(item) for item in value]
    return value


def _coordinate(record: Record, axis: str) -> str:
    return "" if record.location is None else repr(getattr(record.location, axis))


# Values of a record that are not fields: (directory, record) -> cell text.
DERIVED: dict[str, Callable[[Directory, Record], str]] = {
    "town_code": lambda d, r: d.town_of(r).code,
    "id": lambda d, r: r.id,
    "town_name": lambda d, r: d.town_of(r).name,
    "prefecture": lambda d, r: PREFECTURE,
    "location.lat": lambda d, r: _coordinate(r, "lat"),
    "location.lon": lambda d, r: _coordinate(r, "lon"),
}


def cell(directory: Directory, record: Record, target: str | None) -> str:
    """One spreadsheet cell: a derived value, a field in columns.py's format, or empty (None)."""
    if target is None:
        return ""
    if target in DERIVED:
        return DERIVED[target](directory, record)
    return cell_text(target, written(record, target))


def published_order(directory: Directory) -> list[Record]:
    """Town by town in the reference list's order, counters first: the same bytes for the same data."""
    return [record for slug in directory.towns for record in directory.in_town(slug)]
