"""What the directory's templates (overrides/directory/) are given, as a few named globals:

- `dir`: the validated Directory; `site`: the town block of mkdocs.yml (DirectoryConfig);
- `links`: where every generated page lives (`Links`: `links.towns`, `links.record(record.id)`…),
  to pass to the page's own `url(...)`;
- `build`: this build's state and rules (`BuildContext`: `build.today`, `build.upcoming(record)`,
  `build.card_filters(record)`, the open data made, the QR codes…).

The build owns one BuildContext and everything it remembers (dates, QR codes, cards), so nothing
is kept from one `mkdocs serve` rebuild to the next but what the preview keeps by the records
it shows (`each` for one, `kept` for several, preview.py). Wording helpers are Jinja filters
(`rule | describe`, `item | japanese_occurrence`), set in render.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from markupsafe import Markup

from . import page_rules, pages
from .agenda import GATHERING_KINDS, WEEKS, Entry, agenda
from .config import DirectoryConfig
from .coverage import CoverageReport, coverage, stale_records
from .directory import Directory, Municipality, Record
from .exports.values import Publication
from .glossary import glossary_terms
from .maps import Maps
from .preview import Each, Kept, afresh, never_kept
from .print_sheet import places as sheet_places, print_uri
from .qrcodes import QRCodes
from .staff_form import RECOMMENDED, edit_url, form_config, form_fields
from .town_parts import PARTS_FROM
from .when import Dates


class Links:
    """The src_uri of the generated pages (pages.py), grouped: give one to `url()` for a link."""

    towns, kinds, map, search, data = pages.TOWNS_URI, pages.KINDS_URI, pages.MAP_URI, pages.SEARCH_URI, pages.DATA_URI
    calendar, coverage, stale = pages.CALENDAR_URI, pages.COVERAGE_URI, pages.STALE_URI
    staff, staff_new = pages.STAFF_URI, pages.STAFF_NEW_URI
    record = staticmethod(pages.record_uri)
    record_feed = staticmethod(pages.record_feed_uri)
    town = staticmethod(pages.town_uri)
    town_feed = staticmethod(pages.town_feed_uri)
    town_calendar = staticmethod(pages.calendar_uri)
    town_sheet = staticmethod(print_uri)
    kind = staticmethod(pages.kind_uri)


class BuildContext:
    """One build's state for its templates, and the page rules (page_rules.py) bound to its data."""

    # Rules and settings that do not change from build to build
    gathering_kinds = GATHERING_KINDS
    weeks = WEEKS  # the calendar's horizon
    parts_from = PARTS_FROM  # more towns than this: a guide block's town groups go to files of their own
    worries = page_rules.WORRIES
    recommended = RECOMMENDED  # staff form fields asked for but not required
    card_filters = staticmethod(page_rules.card_filters)
    lists_towns_instead = staticmethod(page_rules.lists_towns_instead)
    sheet_fee = staticmethod(page_rules.sheet_fee)
    on_topics = staticmethod(page_rules.on_topics)
    counters_then_gatherings = staticmethod(page_rules.counters_then_gatherings)
    form_fields = staticmethod(form_fields)

    def __init__(self, directory: Directory, settings: DirectoryConfig, today: date, maps: Maps) -> None:
        self.directory, self.settings, self.today, self.maps = directory, settings, today, maps
        self.stale: list[Record] = stale_records(directory, today)
        self.town_calendars: list[str] = pages.town_calendars(directory)
        self.glossary = glossary_terms()
        self.dates = Dates(today)
        # The hot calls of record pages and cards, bound once rather than looked up per call.
        self.upcoming, self.upcoming_json, self.next_json = (
            self.dates.upcoming, self.dates.upcoming_json, self.dates.next_json)
        # Set by the build once the files they depend on are known (DirectoryBuild.add_files)
        self.codes: QRCodes | None = None
        self.open_data: list[Any] = []
        self.publication: Publication | None = None
        self.town_feeds: dict[str, str] = {}
        # macros.html's `card`, and how a card is kept beyond this build (preview.py); set by the build
        self.card_macro: Callable[[Record, str, bool], Markup] | None = None
        self.each: Each = afresh
        self.kept: Kept = never_kept
        self._cards: dict[tuple[str, str, bool], Markup] = {}
        self.parts: dict[tuple[str, str], Markup] = {}  # the town parts of the block being rendered

    def card(self, record: Record, href: str, show_town: bool = False) -> Markup:
        """A record's card, linking to `href`: made once per build for each link and town column,
        since pages at the same depth (a town page, a guide page's town groups) show the same."""
        key = (record.id, href, show_town)
        if key not in self._cards:
            assert self.card_macro is not None
            make = self.card_macro
            self._cards[key] = self.each(f"card {href} {show_town}", record, lambda: make(record, href, show_town))
        return self._cards[key]

    def town_group(self, group: Callable[..., Markup], body: Callable[..., Markup], block: str, page: str,
                   town: Municipality, records: Sequence[Record], level: int, several: bool, in_part: bool) -> Markup:
        """One town's group in the guide block `block` on `page`, as the macro `group` renders it
        (guide-macros.html by_town); with `in_part`, kept for a file of its own (`parts`) and left
        out of the page. A prefecture's block has 1,300 groups: under mkdocs serve each is kept
        while its records are the same, and no page of them all is ever joined."""
        html = self.kept(("town group", block, page, town.slug, level, several), records,
                         lambda: group(body, block, town, records, level, several))
        if not in_part:
            return html
        self.parts[block, town.slug] = html
        return Markup("")

    def coverage(self) -> CoverageReport:
        return coverage(self.directory, self.today)

    def agenda(self, town: str | None = None) -> list[tuple[date, list[Entry]]]:
        return agenda(self.directory, self.today, town, self.weeks)

    def sheet_places(self, slug: str) -> dict[str, tuple[Record, ...]]:
        return sheet_places(self.directory, slug)

    def gathering_count(self, slug: str) -> int:
        """How many salons, cafés and hubs a town has (the calendar's town list)."""
        return sum(r.kind in GATHERING_KINDS for r in self.directory.in_town(slug))

    def counters_on(self, topics: list[str]) -> page_rules.Groups:
        return page_rules.counters_on(self.directory, topics)

    def checklist_places(self) -> page_rules.Groups:
        return page_rules.checklist_places(self.directory)

    def working_carer_gatherings(self) -> list[tuple[Municipality, tuple[Record, ...]]]:
        return page_rules.working_carer_gatherings(self.directory)

    def young_carer_places(self) -> tuple[list[Record], page_rules.Groups]:
        return page_rules.young_carer_places(self.directory)

    def form_config(self) -> str:
        return form_config(self.directory, self.settings)

    def unplaced(self) -> list[Record]:
        return self.directory.off_the_map()

    def edit_url(self, record: Record) -> str:
        return edit_url(self.settings, record)


LINKS = Links()


def template_globals(context: BuildContext) -> dict[str, Any]:
    """The globals of the directory's Jinja environment (besides render.py's vocabularies)."""
    return {"dir": context.directory, "site": context.settings, "links": LINKS, "build": context}
