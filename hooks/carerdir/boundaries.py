"""Which municipality a point lies in, from the boundaries that reversejp embeds.

reversejp (MIT) ships the Japan Meteorological Agency's municipality areas and answers a
point with its region and municipality; we keep no polygons of our own. JMA codes are the
5-digit local government code plus "00" (当別町 01303 -> 0130300), and Sapporo comes back as
one city (0110000), so a ward of Sapporo is checked against the city.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import reversejp

HOKKAIDO_PREFIX = "01"
# Boundaries are drawn at a map scale and addresses are geocoded to a building's plot: a point
# within TOLERANCE_M of its municipality is accepted, so a place on the border or on the shore
# is not refused. We look at a ring of points around it only when the point itself is outside.
TOLERANCE_M = 300
RING_DIRECTIONS = 8
EARTH_RADIUS_M = 6_371_000


class Town(Protocol):
    code: str  # 6-digit local government code with its check digit, e.g. "013030"
    name: str


@dataclass(frozen=True)
class Area:
    """Where a point is: a municipality (its JMA code and name), or nothing when at sea."""

    code: str = ""
    name: str = ""

    @property
    def at_sea(self) -> bool:
        return not self.code

    @property
    def in_hokkaido(self) -> bool:
        return self.code.startswith(HOKKAIDO_PREFIX)

    @property
    def local_code(self) -> str:
        """The 5-digit local government code, e.g. "01303"."""
        return self.code[:5]


def area_at(lat: float, lon: float) -> Area:
    """The municipality containing the point (Sapporo for any of its wards)."""
    for found in reversejp.find_properties(lon, lat):
        if len(found.code) == 7:  # 6-digit codes are weather regions (石狩地方), not municipalities
            return Area(found.code, found.name)
    return Area()


def city_code(town: Town) -> str:
    """The 5-digit code a point is checked against: a ward's city (札幌市中央区 01101 -> 01100)."""
    if town.name.endswith("区") and "市" in town.name[:-1]:
        return town.code[:3] + "00"
    return town.code[:5]


def lies_in(lat: float, lon: float, town: Town) -> bool:
    """The point, or a point within TOLERANCE_M of it, is inside the town (or a ward's city)."""
    expected = city_code(town)
    if area_at(lat, lon).local_code == expected:
        return True
    return any(area_at(*point).local_code == expected for point in ring(lat, lon))


def ring(lat: float, lon: float) -> list[tuple[float, float]]:
    """Points at half and at the whole tolerance around (lat, lon), in eight directions."""
    points = []
    for metres in (TOLERANCE_M / 2, TOLERANCE_M):
        dlat = math.degrees(metres / EARTH_RADIUS_M)
        dlon = dlat / math.cos(math.radians(lat))
        for i in range(RING_DIRECTIONS):
            angle = 2 * math.pi * i / RING_DIRECTIONS
            points.append((lat + dlat * math.sin(angle), lon + dlon * math.cos(angle)))
    return points
