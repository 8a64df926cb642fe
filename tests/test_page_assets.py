"""Which scripts and styles a page loads (carerdir.page_assets), and the built pages' <script>s."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from carerdir.page_assets import page_assets  # noqa: E402
from sitebuild import copy_project, mkdocs_build  # noqa: E402


def test_a_page_gets_a_script_only_for_the_markup_it_has() -> None:
    assert page_assets("<p>text</p>") == ((), ())
    scripts, styles = page_assets('<section data-cd-map="{}"></section><form data-cd-filters></form>')
    assert scripts == ("assets/javascripts/map.js", "assets/javascripts/filters.js")
    assert styles == ("assets/stylesheets/map.css",)


def test_a_card_with_a_next_date_gets_the_script_that_keeps_it_next() -> None:
    card = '<div class="cd-card__next" data-cd-next="[[&#34;2027-01-06&#34;, &#34;13:30&#34;, &#34;15:30&#34;]]">'
    assert page_assets(card)[0] == ("assets/javascripts/schedule.js",)
    assert page_assets('<p class="cd-form__next" data-cd-next hidden>')[0] == ()  # the staff form's own


def test_a_script_wanted_twice_is_loaded_once() -> None:
    scripts, styles = page_assets('<div data-town-groups></div><span class="cd-term-wrap"></span><p class="cd-source">')
    assert scripts == ("assets/javascripts/guide.js",) and styles == ("assets/stylesheets/guide.css",)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    project = copy_project(tmp_path_factory.mktemp("assets") / "project")
    out = project.parent / "site"
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr
    yield out


def loaded(site: Path, path: str) -> set[str]:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<script src="[./]*assets/javascripts/([a-z-]+\.js)"', html)
    found += re.findall(r'<link rel="stylesheet" href="[./]*assets/stylesheets/([a-z-]+\.css)"', html)
    return set(found)


@pytest.mark.parametrize(("path", "wanted", "unwanted"), [
    ("map", {"map.js", "map.css"}, {"filters.js", "guide.js", "schedule.js"}),
    ("towns/tobetsu", {"map.js", "filters.js", "schedule.js"}, {"guide.js"}),  # cards' next dates
    ("kinds/salon", {"filters.js", "schedule.js"}, {"guide.js", "map.js"}),
    ("staff/new", {"staff-form.js"}, {"schedule.js", "filters.js", "guide.js"}),
    ("r/tobetsu/kaigosha-no-tsudoi", {"schedule.js", "map.js"}, {"filters.js", "guide.js"}),
    ("guide/checklist", {"guide.js", "guide.css", "schedule.js"}, {"map.js", "filters.js", "map.css"}),  # its cards
    ("calendar", {"schedule.js"}, {"map.js", "filters.js", "guide.js", "map.css"}),
    ("towns", set(), {"map.js", "filters.js", "guide.js", "schedule.js", "map.css", "guide.css"}),
])
def test_each_page_loads_only_the_scripts_it_uses(site: Path, path: str, wanted: set[str], unwanted: set[str]) -> None:
    assets = loaded(site, path)
    assert {"search.js", "search.css", "directory.css"} <= assets  # the header search is on every page
    assert wanted <= assets and not unwanted & assets, assets


def test_no_page_links_materials_search_index(site: Path) -> None:
    assert not (site / "search" / "search_index.json").exists()
    assert (site / "search" / "directory" / "index.json").exists()
