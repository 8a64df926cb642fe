"""resources/municipalities.yml: every Hokkaido municipality once, with a right code, a usable slug,
its 振興局 and a town office in Hokkaido, exactly as generated from the shared reference data."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from carerdir.schema import HOKKAIDO_LAT, HOKKAIDO_LON

PROJECT = Path(__file__).resolve().parents[1]
FILE = PROJECT / "resources" / "municipalities.yml"
# CI checks the project out with ../shared beside it, so look beside the project, wherever it is.
SHARED_DATA = PROJECT.parent / "shared" / "data"

# The 14 振興局 and how many municipalities each has (Sapporo's wards not counted): public facts.
BUREAUX = {
    "ishikari": ("石狩振興局", 8), "oshima": ("渡島総合振興局", 11), "hiyama": ("檜山振興局", 7),
    "shiribeshi": ("後志総合振興局", 20), "sorachi": ("空知総合振興局", 24),
    "kamikawa": ("上川総合振興局", 23), "rumoi": ("留萌振興局", 8), "soya": ("宗谷総合振興局", 10),
    "okhotsk": ("オホーツク総合振興局", 18), "iburi": ("胆振総合振興局", 11), "hidaka": ("日高振興局", 7),
    "tokachi": ("十勝総合振興局", 19), "kushiro": ("釧路総合振興局", 8), "nemuro": ("根室振興局", 5),
}


@pytest.fixture(scope="module")
def towns() -> list[dict]:
    return yaml.safe_load(FILE.read_text(encoding="utf-8"))


def check_digit(code: str) -> int:
    """The 6th digit of a local-government code (JIS X 0402) from the first five."""
    total = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2)))
    return (11 - total % 11) % 10


def test_189_entries_179_municipalities_sapporo_and_its_10_wards(towns: list[dict]) -> None:
    wards = [t for t in towns if t["name"].endswith("区")]
    assert len(towns) == 189
    assert len(wards) == 10 and all(t["name"].startswith("札幌市") for t in wards)
    assert len(towns) - len(wards) == 179
    assert "札幌市" in [t["name"] for t in towns]


def test_codes_and_slugs_are_unique(towns: list[dict]) -> None:
    for key in ("code", "slug", "name"):
        repeated = [value for value, n in Counter(t[key] for t in towns).items() if n > 1]
        assert not repeated, f"{key} used twice: {repeated}"


def test_slugs_are_lower_case_romaji_words(towns: list[dict]) -> None:
    bad = [t["slug"] for t in towns if not re.fullmatch(r"[a-z]+(-[a-z]+)*", t["slug"])]
    assert not bad


def test_codes_are_six_digit_text_with_a_right_check_digit(towns: list[dict]) -> None:
    # Text, not numbers: unquoted, 011002 would be read as an octal number and lose its 0.
    assert all(isinstance(t["code"], str) and re.fullmatch(r"01[0-9]{4}", t["code"]) for t in towns)
    wrong = [t["code"] for t in towns if check_digit(t["code"]) != int(t["code"][5])]
    assert not wrong, f"check digit wrong: {wrong}"


def test_check_digit_formula_on_known_codes() -> None:
    # 札幌市 011002, 当別町 013030, 釧路市 012068 (published codes).
    assert [check_digit(c) for c in ("011002", "013030", "012068")] == [2, 0, 8]


def test_every_town_office_lies_in_hokkaido(towns: list[dict]) -> None:
    outside = [t["name"] for t in towns
               if not (HOKKAIDO_LAT[0] <= t["lat"] <= HOKKAIDO_LAT[1]
                       and HOKKAIDO_LON[0] <= t["lon"] <= HOKKAIDO_LON[1])]
    assert not outside


def test_every_entry_has_one_of_the_14_bureaux(towns: list[dict]) -> None:
    assert all((t["subprefecture"], t["subprefecture_slug"]) in
               {(name, slug) for slug, (name, _) in BUREAUX.items()} for t in towns)
    counted = Counter(t["subprefecture_slug"] for t in towns if not t["name"].endswith("区"))
    assert counted == {slug: n for slug, (_, n) in BUREAUX.items()}


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason=f"shared reference data not found at {SHARED_DATA}")
def test_file_is_exactly_what_the_script_makes_from_the_shared_data() -> None:
    made = subprocess.run([sys.executable, str(PROJECT / "scripts" / "make_municipalities.py"), str(SHARED_DATA)],
                          capture_output=True, text=True, encoding="utf-8", check=True).stdout
    assert made == FILE.read_text(encoding="utf-8"), \
        "resources/municipalities.yml is out of date or edited by hand; run " \
        "`python scripts/make_municipalities.py ../shared/data > resources/municipalities.yml`"
