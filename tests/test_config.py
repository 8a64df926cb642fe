"""config.py: the town block `extra.directory` of mkdocs.yml, from real builds of the sample data
with the block a town or subprefecture fork writes, and the messages for a wrong block."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from carerdir.config import ConfigError, read_config
from sitebuild import copy_project, mkdocs_build

TODAY = "2026-11-25"


def build_with_block(tmp_path: Path, block: str) -> tuple[Path, str]:
    """Build the sample project with the `extra.directory` town/subprefecture lines replaced."""
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"    towns: \[\].*\n    subprefectures: \[\].*\n", block, config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", today=TODAY)
    assert result.returncode == 0, result.stderr
    return tmp_path / "site", result.stderr


@pytest.fixture(scope="module")
def tobetsu_fork(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site, _ = build_with_block(tmp_path_factory.mktemp("tobetsu"), "    title: 当別町 ケアラー支援ガイド\n"
                                                                   "    towns: [tobetsu]\n    subprefectures: []\n")
    return site


def test_one_town_fork_publishes_only_that_town(tobetsu_fork: Path) -> None:
    site = tobetsu_fork
    assert sorted(p.name for p in (site / "r").iterdir()) == ["tobetsu"]
    assert sorted(p.name for p in (site / "towns").iterdir() if p.is_dir()) == ["tobetsu"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "当別町" in home and "苫小牧市" not in home and "旭川市" not in home
    assert "<title>ホーム - 当別町 ケアラー支援ガイド</title>" in home
    salons = (site / "kinds" / "salon" / "index.html").read_text(encoding="utf-8")
    assert "当別町介護者のつどい" in salons and "苫小牧" not in salons


def test_a_subprefecture_fork_publishes_its_towns(tmp_path: Path) -> None:
    site, _ = build_with_block(tmp_path, "    towns: []\n    subprefectures: [kushiro]\n")
    assert sorted(p.name for p in (site / "r").iterdir()) == ["kushiro"]
    towns = (site / "towns" / "index.html").read_text(encoding="utf-8")
    assert "釧路町" in towns and "弟子屈町" in towns and "当別町" not in towns


def test_an_unknown_town_in_the_block_stops_the_build_with_a_message(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("towns: []", "towns: [tobetu]")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "tobetu" in result.stderr and "Traceback" not in result.stderr


def test_correction_link_opens_the_correction_form_prefilled_with_the_record(tobetsu_fork: Path) -> None:
    html = (tobetsu_fork / "r" / "tobetsu" / "chiiki-houkatsu" / "index.html").read_text(encoding="utf-8")
    href = re.search(r'<a href="([^"]+)"[^>]*>情報の誤りを報告</a>', html)
    assert href, "record page has no correction link"
    url = urlsplit(href.group(1).replace("&amp;", "&"))
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://github.com/example/carer-directory/issues/new"
    query = parse_qs(url.query)
    assert query["template"] == ["correction.yml"] and query["record"] == ["tobetsu/chiiki-houkatsu"]
    assert "当別町地域包括支援センター" in query["title"][0]


def test_a_wrong_licence_url_is_refused_in_japanese() -> None:
    with pytest.raises(ConfigError, match="extra.directory に誤りがあります: licence_url"):
        read_config({"directory": {"licence_url": "creativecommons.org/licenses/by/4.0/"}})
