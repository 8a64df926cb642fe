"""The validated directory: typed, immutable records and municipalities.

Everything after validation (pages, maps, exports) reads a `Directory`; nothing re-reads YAML.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from .schedules import Rule
from .schema import KINDS


@dataclass(frozen=True)
class Municipality:
    """A municipality (or a ward of Sapporo), from resources/municipalities.yml."""

    code: str
    name: str
    kana: str
    slug: str
    subprefecture: str
    subprefecture_slug: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float


@dataclass(frozen=True)
class Record:
    """One resource, as validated. Text fields are plain text, never HTML."""

    id: str  # "<town>/<slug>", also its URL under /r/
    town: str
    slug: str
    path: str  # the source file, as shown in messages
    kind: str
    name: str
    name_kana: str
    audience: tuple[str, ...]
    format: str
    verified: date
    address: str = ""
    postal_code: str = ""
    location: Location | None = None
    phone: str = ""
    email: str = ""
    url: str = ""
    operator: str = ""
    fee: str = ""
    reservation: str = ""
    topics: tuple[str, ...] = ()
    schedule: tuple[Rule, ...] = ()
    # The schedule items as written (phrases, structured mappings), for exports; the rules are
    # what they mean, so equality and hashing use those.
    schedule_text: tuple[str | dict[str, Any], ...] = field(default=(), compare=False)
    schedule_note: str = ""
    accessibility: tuple[str, ...] = ()
    description: str = ""
    source: str = ""
    serves: tuple[str, ...] = ()
    status: str = "active"
    status_note: str = ""
    sample: bool = False

    @property
    def suspended(self) -> bool:
        """休止中: the page stays, with a notice, but the place has no dates to offer."""
        return self.status == "suspended"

    @property
    def has_dates(self) -> bool:
        """Meets on dates we can list: active, with at least one rule that has dates (a
        note-only schedule has none). Next dates, calendars, .ics and 受付中 all ask this."""
        return not self.suspended and any(rule.freq for rule in self.schedule)

    def is_stale(self, today: date) -> bool:
        """Verified more than a year ago: the information may have changed."""
        return today - self.verified > STALE_AFTER

    @property
    def tel(self) -> str:
        """The number for a tel: link (digits only, as phones dial it)."""
        return "".join(ch for ch in self.phone if ch.isdigit())


STALE_AFTER = timedelta(days=365)
KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}


def sort_key(record: Record) -> tuple[int, str, str]:
    """Counters first (the plan's first target), then by kind, then by reading."""
    return KIND_ORDER[record.kind], record.name_kana, record.id


@dataclass(frozen=True)
class Directory:
    """The published towns and their valid records, with the look-ups pages need."""

    municipalities: dict[str, Municipality]  # the whole reference list, for any slug's name
    records: tuple[Record, ...]
    towns: dict[str, Municipality] = field(default_factory=dict)  # published; empty means all
    _by_town: dict[str, tuple[Record, ...]] = field(init=False, repr=False, compare=False)
    _by_kind: dict[str, tuple[Record, ...]] = field(init=False, repr=False, compare=False)
    _serving: dict[str, tuple[Record, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.towns:
            object.__setattr__(self, "towns", dict(self.municipalities))
        by_town: dict[str, list[Record]] = {slug: [] for slug in self.towns}
        by_kind: dict[str, list[Record]] = {kind: [] for kind in KINDS}
        serving: dict[str, list[Record]] = {slug: [] for slug in self.towns}
        for record in sorted(self.records, key=sort_key):
            by_town[record.town].append(record)
            by_kind[record.kind].append(record)
            for slug in record.serves:
                if slug in serving and slug != record.town:
                    serving[slug].append(record)
        object.__setattr__(self, "_by_town", {k: tuple(v) for k, v in by_town.items()})
        object.__setattr__(self, "_by_kind", {k: tuple(v) for k, v in by_kind.items()})
        object.__setattr__(self, "_serving", {k: tuple(v) for k, v in serving.items()})

    def restricted_to(self, slugs: set[str]) -> Directory:
        """Only these towns and their records: what a town's fork publishes."""
        towns = {slug: town for slug, town in self.municipalities.items() if slug in slugs}
        return replace(self, towns=towns, records=tuple(r for r in self.records if r.town in slugs))

    def in_town(self, slug: str) -> tuple[Record, ...]:
        """Records of a town, counters first."""
        return self._by_town[slug]

    def serving(self, slug: str) -> tuple[Record, ...]:
        """Places elsewhere whose `serves` names the town (近くの市町村にある場所), counters first."""
        return self._serving[slug]

    def in_feed(self, slug: str) -> list[Record]:
        """What a town's .ics feed holds: the records available to it that have dates. The feed,
        its link on the town page and data/calendars.json all read this."""
        return [r for r in self.available_to(slug) if r.has_dates]

    def off_the_map(self) -> list[Record]:
        """Places (not online-only) without a location: published with their address, not on
        the maps. The build's warning and /staff/ both list these."""
        return [r for r in self.records if r.location is None and r.format != "online"]

    def available_to(self, slug: str) -> tuple[Record, ...]:
        """The records a town's people can use: its own, then the places elsewhere that serve it.
        The town's calendar, .ics feed, search shard and coverage all read this one rule."""
        return self._by_town[slug] + self._serving[slug]

    def of_kind(self, kind: str) -> tuple[Record, ...]:
        return self._by_kind[kind]

    def in_town_by_kind(self, slug: str) -> dict[str, tuple[Record, ...]]:
        """A town's records grouped by kind, counters first; kinds without records left out."""
        groups: dict[str, list[Record]] = {}
        for record in self._by_town[slug]:
            groups.setdefault(record.kind, []).append(record)
        return {kind: tuple(records) for kind, records in groups.items()}

    def of_kind_by_town(self, kind: str) -> list[tuple[Municipality, tuple[Record, ...]]]:
        """Records of one kind grouped by town, in the reference list's order."""
        return self.by_town(self._by_kind[kind])

    def by_town(self, records: Iterable[Record]) -> list[tuple[Municipality, tuple[Record, ...]]]:
        """`records` grouped by town, towns in the reference list's order, records in the given order."""
        groups: dict[str, list[Record]] = {}
        for record in records:
            groups.setdefault(record.town, []).append(record)
        return [(town, tuple(groups[slug])) for slug, town in self.towns.items() if slug in groups]

    def town_of(self, record: Record) -> Municipality:
        return self.municipalities[record.town]

    def subprefectures(self) -> dict[str, list[Municipality]]:
        """Published municipalities grouped by 振興局, in the reference list's order."""
        groups: dict[str, list[Municipality]] = {}
        for town in self.towns.values():
            groups.setdefault(town.subprefecture, []).append(town)
        return groups
