"""How far each municipality meets the carer-support plan's targets, from the directory.

The plan asks every municipality for a clearly named counter (相談窓口の明確化) and exchange
hubs (介護者サロン, 認知症カフェ and similar 交流拠点); we add whether its information is fresh.
Sapporo's wards are shown under Sapporo and counted as one municipality, as the plan counts.
A place in a neighbouring municipality that serves the town (`serves`) makes a target available
there too, shown as being elsewhere; a suspended place (休止中) meets no target and is counted apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    suspended: int = 0
    nearby: dict[str, int] = field(default_factory=dict)  # 'counters' etc. -> places elsewhere

    @property
    def all_fresh(self) -> bool:
        return self.total > 0 and self.fresh == self.total

    def meets(self, test: str) -> bool:
        """A target met by the town's own places or by places elsewhere serving it."""
        return bool(getattr(self, test) or self.nearby.get(test))


@dataclass(frozen=True)
class BureauCoverage:
    name: str
    towns: tuple[TownCoverage, ...]

    def count(self, test: str) -> int:
        """Municipalities meeting a target: 'counters', 'gatherings', 'hubs' or 'all_fresh'."""
        return sum(1 for t in self.towns if t.meets(test))


def _targets(records: list[Record]) -> dict[str, int]:
    """How many active places meet each target."""
    kinds = [r.kind for r in records if not r.suspended]
    return {"counters": kinds.count("counter"), "gatherings": sum(kinds.count(k) for k in GATHERINGS),
            "hubs": kinds.count("hub")}


def _tally(town: Municipality, records: list[Record], nearby: list[Record], today: date,
           wards: tuple[TownCoverage, ...] = ()) -> TownCoverage:
    targets = _targets(records)
    return TownCoverage(town, targets["counters"], targets["gatherings"], targets["hubs"],
                        sum(not r.is_stale(today) for r in records), len(records), wards,
                        sum(r.suspended for r in records), _targets(nearby))


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
        ward_rows = tuple(_tally(w, list(directory.in_town(w.slug)), list(directory.serving(w.slug)), today)
                          for w in wards.get(slug, []))
        parts = [slug] + [w.slug for w in wards.get(slug, [])]
        records = [r for part in parts for r in directory.in_town(part)]
        nearby = {r.id: r for part in parts for r in directory.serving(part) if r.town not in parts}
        bureaux.setdefault(town.subprefecture, []).append(_tally(town, records, list(nearby.values()), today,
                                                                 ward_rows))
    return CoverageReport(tuple(BureauCoverage(name, tuple(rows)) for name, rows in bureaux.items()))


def stale_records(directory: Directory, today: date) -> list[Record]:
    """Records verified more than a year ago, by town then oldest first."""
    order = {slug: i for i, slug in enumerate(directory.towns)}
    return sorted((r for r in directory.records if r.is_stale(today)),
                  key=lambda r: (order[r.town], r.verified, r.id))
