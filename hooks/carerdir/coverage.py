"""How far each municipality meets the carer-support plan's targets, from the directory.

The plan asks every municipality for a clearly named counter (相談窓口の明確化) and exchange
hubs (介護者サロン, 認知症カフェ and similar 交流拠点); we add whether its information is fresh.
Sapporo's wards are shown under Sapporo and counted as one municipality, as the plan counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .directory import Directory, Municipality, Record

GATHERINGS = ("salon", "dementia_cafe")


@dataclass(frozen=True)
class TownCoverage:
    town: Municipality
    counters: int
    gatherings: int  # salons and dementia cafés
    hubs: int
    fresh: int  # verified within a year
    total: int
    wards: tuple[TownCoverage, ...] = ()

    @property
    def all_fresh(self) -> bool:
        return self.total > 0 and self.fresh == self.total


@dataclass(frozen=True)
class BureauCoverage:
    name: str
    towns: tuple[TownCoverage, ...]

    def count(self, test: str) -> int:
        """Municipalities meeting a target: 'counters', 'gatherings', 'hubs' or 'all_fresh'."""
        return sum(1 for t in self.towns if getattr(t, test))


def _tally(town: Municipality, records: list[Record], today: date,
           wards: tuple[TownCoverage, ...] = ()) -> TownCoverage:
    kinds = [r.kind for r in records]
    return TownCoverage(town, kinds.count("counter"), sum(kinds.count(k) for k in GATHERINGS),
                        kinds.count("hub"), sum(not r.is_stale(today) for r in records), len(records), wards)


def _parent(town: Municipality, towns: dict[str, Municipality]) -> Municipality | None:
    """The city a ward belongs to (札幌市中央区 -> 札幌市)."""
    if not town.name.endswith("区"):
        return None
    return next((t for t in towns.values() if t is not town and town.name.startswith(t.name)), None)


@dataclass(frozen=True)
class CoverageReport:
    bureaux: tuple[BureauCoverage, ...]

    @property
    def municipalities(self) -> int:
        return sum(len(b.towns) for b in self.bureaux)

    def count(self, test: str) -> int:
        return sum(b.count(test) for b in self.bureaux)


def coverage(directory: Directory, today: date) -> CoverageReport:
    """Coverage per published municipality, grouped by 振興局."""
    wards: dict[str, list[Municipality]] = {}
    for town in directory.towns.values():
        parent = _parent(town, directory.towns)
        if parent:
            wards.setdefault(parent.slug, []).append(town)
    bureaux: dict[str, list[TownCoverage]] = {}
    for slug, town in directory.towns.items():
        if _parent(town, directory.towns):
            continue
        ward_rows = tuple(_tally(w, list(directory.in_town(w.slug)), today) for w in wards.get(slug, []))
        records = list(directory.in_town(slug)) + [r for w in wards.get(slug, []) for r in directory.in_town(w.slug)]
        bureaux.setdefault(town.subprefecture, []).append(_tally(town, records, today, ward_rows))
    return CoverageReport(tuple(BureauCoverage(name, tuple(rows)) for name, rows in bureaux.items()))


def stale_records(directory: Directory, today: date) -> list[Record]:
    """Records verified more than a year ago, by town then oldest first."""
    order = {slug: i for i, slug in enumerate(directory.towns)}
    return sorted((r for r in directory.records if r.is_stale(today)),
                  key=lambda r: (order[r.town], r.verified, r.id))
