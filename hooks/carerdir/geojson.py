"""The directory as GeoJSON: what the maps draw, and the site's open-data download.

One Feature per record with a location, town by town (the reference list's order) and counters
first within a town, so the same data always gives the same bytes. No MkDocs here: the build
passes in the record URLs. `dates` holds the next meetings as when.py writes them; the map's
popup picks the next one in the browser (dates.js), so a map not rebuilt for days shows no
past date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from .directory import Directory, Record
from .exports.streams import Chunks, compact_json, joined_array
from .preview import Each, afresh
from .schema import KINDS
from .when import NEXT_COUNT, Dates, occurrence_row

# 5 decimals is about 1 m: finer than any address, and keeps the file small at 10,000 records.
PRECISION = 5


def feature(directory: Directory, record: Record, dates: Dates, url: str) -> dict[str, Any]:
    """A record as a GeoJSON Feature; `url` is its page, relative to the site's root."""
    assert record.location is not None
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(record.location.lon, PRECISION),
                                                      round(record.location.lat, PRECISION)]},
        "properties": {
            "id": record.id, "name": record.name, "kind": record.kind, "kind_label": KINDS[record.kind],
            "town": record.town, "town_name": directory.town_of(record).name,
            "address": record.address, "phone": record.phone, "url": url,
            "dates": [occurrence_row(o) for o in dates.upcoming(record)[:NEXT_COUNT]],  # none while suspended
        },
    }


def located(records: Iterable[Record]) -> list[Record]:
    """The records a map can show."""
    return [r for r in records if r.location is not None]


def _collection(encoded: Iterable[bytes]) -> Chunks:
    """A FeatureCollection of features already encoded as compact JSON: the same bytes as
    compact_json({"type": "FeatureCollection", "features": [...]})."""
    return joined_array(encoded, head=b'{"type":"FeatureCollection","features":', tail=b"}")


def directory_geojson(directory: Directory, today: date, record_url: Callable[[str], str],
                      each: Each = afresh) -> tuple[Chunks, dict[str, Chunks]]:
    """The whole directory, and one smaller file per town that has places (for town and record maps).
    Each feature is encoded once and goes in both; `each` makes it (preview.py)."""
    by_town: dict[str, list[bytes]] = {}
    everything = []
    dates = Dates(today)
    for record in located(r for slug in directory.towns for r in directory.in_town(slug)):
        item = each("feature", record, lambda: compact_json(feature(directory, record, dates, record_url(record.id))))
        everything.append(item)
        by_town.setdefault(record.town, []).append(item)
    return _collection(everything), {slug: _collection(items) for slug, items in by_town.items()}
