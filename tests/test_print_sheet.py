"""print_sheet.py: the town print sheet from real builds: without site_url, with hostile text, and
which places a sheet lists. Printing itself is tested in Chromium (browser/test_print.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from carerdir.loading import load_directory
from carerdir.print_sheet import places
from carerdir.qrcodes import NO_SITE_URL
from sitebuild import ROOT, copy_project, mkdocs_build

HOSTILE = """\
kind: salon
name: "<script>alert('name')</script>のつどい"
name_kana: つどい
address: "<img src=x onerror=alert(1)>北海道石狩郡当別町白樺町58番地9"
postal_code: "061-0292"
location: {lat: 43.2237, lon: 141.5171}
phone: "0133-23-2111"
fee: "<b>無料</b>"
audience: [carers]
schedule: ["毎月第2水曜日 13:30〜15:30"]
format: in_person
verified: 2026-10-01
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A strict build of one town's record, with mkdocs.yml as shipped: no site_url."""
    tmp = tmp_path_factory.mktemp("nositeurl")
    project = copy_project(tmp / "project", with_samples=False)
    (project / "resources" / "tobetsu").mkdir()
    (project / "resources" / "tobetsu" / "tsudoi.yml").write_text(HOSTILE, encoding="utf-8")
    result = mkdocs_build(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    return tmp / "site", result.stderr


def test_without_site_url_the_build_says_once_how_to_set_it_and_still_passes_strict(
        built: tuple[Path, str]) -> None:
    site, log = built
    assert log.count(NO_SITE_URL) == 1
    assert "site_url" in NO_SITE_URL and "Traceback" not in log
    sheet = (site / "towns" / "tobetsu" / "print" / "index.html").read_text(encoding="utf-8")
    record = (site / "r" / "tobetsu" / "tsudoi" / "index.html").read_text(encoding="utf-8")
    assert "<svg" not in sheet and "cd-print-qr" not in record
    assert "0133-23-2111" in sheet


def test_the_sheet_is_its_own_page_without_material_chrome(built: tuple[Path, str]) -> None:
    sheet = (built[0] / "towns" / "tobetsu" / "print" / "index.html").read_text(encoding="utf-8")
    assert "md-header" not in sheet and "md-search" not in sheet and "<script" not in sheet
    assert 'href="../../../assets/stylesheets/print-sheet.css"' in sheet
    town = (built[0] / "towns" / "tobetsu" / "index.html").read_text(encoding="utf-8")
    assert 'href="print/"' in town and "印刷用一覧" in town


def test_a_town_without_places_has_no_sheet_and_no_link(built: tuple[Path, str]) -> None:
    site = built[0]
    assert not (site / "towns" / "rausu" / "print").exists()
    assert "印刷用一覧" not in (site / "towns" / "rausu" / "index.html").read_text(encoding="utf-8")


def test_text_from_yaml_stays_text_on_the_sheet(built: tuple[Path, str]) -> None:
    sheet = (built[0] / "towns" / "tobetsu" / "print" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in sheet and "<img src=x" not in sheet and "<b>無料" not in sheet
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;のつどい" in sheet
    assert "<title>当別町の相談先・つどいの場（印刷用一覧） - " in sheet


def test_the_sheet_lists_counters_first_then_gatherings_then_services() -> None:
    directory = load_directory(ROOT / "resources")
    assert list(places(directory, "tobetsu")) == ["counter", "salon", "dementia_cafe", "hub", "service"]
    assert places(directory, "rausu") == {}


def test_a_suspended_place_is_left_off_the_sheet() -> None:
    samples = load_directory(ROOT / "resources")
    in_niki = samples.in_town("niki")
    on_sheet = [r.id for group in places(samples, "niki").values() for r in group]
    assert "niki/ninchisho-cafe-oka" in [r.id for r in in_niki if r.suspended]
    assert "niki/ninchisho-cafe-oka" not in on_sheet
    assert sorted(on_sheet) == sorted(r.id for r in in_niki if not r.suspended)
