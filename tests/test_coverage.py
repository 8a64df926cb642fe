"""coverage.py: freshness notices and the coverage page, from a real build of the sample data."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from carerdir.coverage import coverage, stale_records
from carerdir.loading import load_directory
from sitebuild import ROOT, copy_project, mkdocs_build

TODAY = "2026-11-25"  # the sample data's stale and fresh records are counted as of this day


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("all")
    result = mkdocs_build(copy_project(tmp / "project"), tmp / "site", today=TODAY)
    assert result.returncode == 0, result.stderr
    return tmp / "site", result.stderr


def test_stale_records_are_flagged_in_the_build_on_the_page_and_on_the_staff_page(
        sample_site: tuple[Path, str]) -> None:
    site, log = sample_site
    assert "確認から1年以上たった情報が 2 件" in log
    assert "resources/tobetsu/kaigo-youhin-shikyu.yml: 確認日 2025-06-15" in log
    stale = (site / "r" / "tobetsu" / "kaigo-youhin-shikyu" / "index.html").read_text(encoding="utf-8")
    assert "情報が古い可能性があります" in stale and "2025年6月15日" in stale
    fresh = (site / "r" / "tobetsu" / "chiiki-houkatsu" / "index.html").read_text(encoding="utf-8")
    assert "情報が古い可能性があります" not in fresh
    staff = (site / "staff" / "stale" / "index.html").read_text(encoding="utf-8")
    assert "当別町家族介護用品支給事業" in staff and "ひだまりテラス" in staff
    assert staff.index("釧路市") < staff.index("当別町")  # by town, in the reference list's order


def test_staleness_is_a_year_after_verification() -> None:
    directory = load_directory(ROOT / "resources")
    record = next(r for r in directory.records if r.id == "tobetsu/kaigo-youhin-shikyu")
    assert not record.is_stale(record.verified + timedelta(days=365))
    assert record.is_stale(record.verified + timedelta(days=366))
    assert [r.id for r in stale_records(directory, date(2026, 11, 25))] == [
        "kushiro/hidamari-terrace", "tobetsu/kaigo-youhin-shikyu"]


def test_coverage_counts_the_sample_data() -> None:
    directory = load_directory(ROOT / "resources")
    report = coverage(directory, date(2026, 11, 25))
    assert report.municipalities == 179  # Sapporo's wards count within Sapporo
    by_name = {t.town.name: t for b in report.bureaux for t in b.towns}
    tobetsu = by_name["当別町"]
    expected = [r for r in directory.in_town("tobetsu")]
    assert tobetsu.counters == sum(r.kind == "counter" for r in expected)
    assert tobetsu.total == len(expected) and tobetsu.fresh == len(expected) - 1 and not tobetsu.all_fresh
    sapporo = by_name["札幌市"]
    assert [w.town.name for w in sapporo.wards][:2] == ["札幌市中央区", "札幌市北区"]
    assert sapporo.total == len(directory.in_town("sapporo-chuo"))
    towns_with_records = {r.town for r in directory.records} - {"sapporo-chuo"} | {"sapporo"}
    assert report.count("counters") == len(towns_with_records)  # every sample town has a counter
    ishikari = next(b for b in report.bureaux if b.name == "石狩振興局")
    assert ishikari.count("counters") == 2  # 札幌市 and 当別町


def test_coverage_page_shows_totals(sample_site: tuple[Path, str]) -> None:
    html = re.sub(r">\s+<", "><", (sample_site[0] / "coverage" / "index.html").read_text(encoding="utf-8"))
    total_row = re.search(r"<tfoot><tr><th scope=\"row\">合計</th><td>(\d+)</td>((?:<td>\d+</td>){4})", html)
    assert total_row and total_row.group(1) == "179"
    # 釧路町 and 余市町 have a salon or café through places in 釧路市 and 仁木町 that serve them.
    assert re.findall(r"<td>(\d+)</td>", total_row.group(2)) == ["6", "8", "6", "4"]
