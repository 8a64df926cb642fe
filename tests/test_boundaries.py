"""boundaries.py: which municipality a point lies in (reversejp's JMA areas), Sapporo's wards
checked against the city, and the tolerance ring around a point near a border. How a wrong
`location` is reported to staff is tested with the other record mistakes (test_validation.py)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from carerdir.boundaries import EARTH_RADIUS_M, TOLERANCE_M, area_at, city_code, lies_in, ring

TOBETSU_OFFICE = (43.2237, 141.5171)
SAPPORO_CITY_HALL = (43.0621, 141.3544)
TOBETSU = SimpleNamespace(code="013030", name="当別町")
CHUO_WARD = SimpleNamespace(code="011011", name="札幌市中央区")


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def test_a_town_office_lies_in_its_town_in_hokkaido() -> None:
    area = area_at(*TOBETSU_OFFICE)
    assert (area.name, area.local_code, area.in_hokkaido, area.at_sea) == ("当別町", "01303", True, False)
    assert lies_in(*TOBETSU_OFFICE, TOBETSU)
    assert not lies_in(*SAPPORO_CITY_HALL, TOBETSU)


def test_a_ward_is_checked_against_its_city() -> None:
    assert city_code(CHUO_WARD) == "01100" and city_code(TOBETSU) == "01303"
    assert area_at(*SAPPORO_CITY_HALL).local_code == "01100"  # reversejp knows Sapporo as one city
    assert lies_in(*SAPPORO_CITY_HALL, CHUO_WARD)


@pytest.mark.parametrize(("point", "at_sea", "in_hokkaido"), [((42.0, 144.0), True, False),
                                                               ((40.82, 140.74), False, False)],
                         ids=["pacific", "aomori"])
def test_the_sea_and_other_prefectures_are_told_apart(point: tuple[float, float], at_sea: bool,
                                                      in_hokkaido: bool) -> None:
    area = area_at(*point)
    assert (area.at_sea, area.in_hokkaido) == (at_sea, in_hokkaido)


def test_the_ring_looks_at_half_and_the_whole_tolerance_all_round() -> None:
    distances = sorted(round(metres_between(TOBETSU_OFFICE, p)) for p in ring(*TOBETSU_OFFICE))
    assert len(distances) == 16
    assert all(abs(d - TOLERANCE_M / 2) <= 2 for d in distances[:8])
    assert all(abs(d - TOLERANCE_M) <= 2 for d in distances[8:])
