"""Which pages the directory adds to the site, and the data each one is rendered from.

Pages are described here without MkDocs; the hook turns each `PageSpec` into a virtual file
and renders its template (overrides/directory/) into the page body.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .agenda import gathering_towns
from .directory import Directory, Record
from .print_sheet import LAYOUT as PRINT_LAYOUT, places as sheet_places, print_uri
from .town_parts import PARTS_FROM
from .schema import KINDS


@dataclass(frozen=True)
class PageSpec:
    """A generated page: where it lives, its title, its template and what the template needs."""

    src_uri: str  # as if it were a Markdown file in docs_dir, e.g. "r/tobetsu/tsudoi.md"
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    layout: str | None = None  # the page template, if not Material's main.html
    # The records the body is made from, when not the whole directory: a preview under mkdocs
    # serve renders the page again only when one of these changed (preview.py). Besides them a
    # body may read only what preview.site_key covers (the date, the town block, the published
    # towns, which towns have a calendar page, the templates).
    shows: tuple[Record, ...] | None = None


def record_uri(record_id: str) -> str:
    return f"r/{record_id}.md"


def town_uri(slug: str) -> str:
    return f"towns/{slug}.md"


def kind_uri(kind: str) -> str:
    return f"kinds/{kind}.md"


TOWNS_URI, KINDS_URI = "towns/index.md", "kinds/index.md"
COVERAGE_URI, STALE_URI, CALENDAR_URI = "coverage.md", "staff/stale.md", "calendar.md"
MAP_URI = "map.md"
STAFF_URI, STAFF_NEW_URI = "staff/index.md", "staff/new.md"
DATA_URI = "data/index.md"
SEARCH_URI = "search.md"  # where the header's search button leads without JavaScript


def calendar_uri(slug: str) -> str:
    return f"calendar/{slug}.md"


def record_feed_uri(record_id: str) -> str:
    return f"r/{record_id}/calendar.ics"


def town_feed_uri(slug: str) -> str:
    return f"towns/{slug}/calendar.ics"


def town_calendars(directory: Directory) -> list[str]:
    """The towns with a calendar page of their own: none on a small site, where /calendar/ lists
    every gathering; with many towns, each with gatherings, as Hokkaido's would be one 7 MB page."""
    towns = gathering_towns(directory)
    return towns if len(towns) > PARTS_FROM else []


def directory_pages(directory: Directory) -> list[PageSpec]:
    """Every generated page: the town and kind lists, a page (and a print sheet) per town, kind and record."""
    pages = [
        PageSpec(TOWNS_URI, "市町村から探す", "towns.html"),
        PageSpec(KINDS_URI, "種類から探す", "kinds.html"),
        PageSpec(CALENDAR_URI, "これからの集まり", "calendar.html", {"town": None}),
        PageSpec(MAP_URI, "地図", "map.html"),
        PageSpec(SEARCH_URI, "探す", "search.html"),
        PageSpec(COVERAGE_URI, "市町村ごとの掲載状況", "coverage.html"),
        PageSpec(STALE_URI, "確認から1年以上たった情報", "stale.html"),
        PageSpec(STAFF_URI, "職員の方へ", "staff.html"),
        PageSpec(STAFF_NEW_URI, "情報を1件追加する（職員向け）", "staff-new.html"),
        PageSpec(DATA_URI, "オープンデータ", "data.html"),
    ]
    available = directory.available_to
    pages += [PageSpec(town_uri(t.slug), t.name, "town.html", {"town": t}, shows=available(t.slug))
              for t in directory.towns.values()]
    pages += [PageSpec(print_uri(t.slug), f"{t.name}の相談先・つどいの場（印刷用一覧）", "print.html",
                       {"town": t}, PRINT_LAYOUT, available(t.slug))
              for t in directory.towns.values() if sheet_places(directory, t.slug)]
    pages += [PageSpec(kind_uri(k), label, "kind.html", {"kind": k}, shows=directory.of_kind(k))
              for k, label in KINDS.items()]
    pages += [PageSpec(calendar_uri(slug), f"{directory.towns[slug].name}のこれからの集まり", "calendar.html",
                       {"town": directory.towns[slug]}, shows=available(slug)) for slug in town_calendars(directory)]
    pages += [PageSpec(record_uri(r.id), r.name, "record.html", {"record": r}, shows=(r,))
              for r in directory.records]
    return pages
