"""Material's navigation rendered once per set of links: same pages, fewer renderings."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from carerdir.navcache import NavCache
from sitebuild import copy_project, mkdocs_build


def site_with_pages(tmp_path: Path) -> tuple[MkDocsConfig, Files]:
    (tmp_path / "docs").mkdir()
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site"),
                      "nav": ["index.md", {"市町村": "towns/index.md"}, {"ガイド": ["guide/a.md"]}]})
    assert not config.validate()[0]
    uris = ["index.md", "towns/index.md", "guide/a.md", "towns/tobetsu.md", "towns/niki.md",
            "r/tobetsu/a.md", "r/tobetsu/b.md", "r/niki/c.md"]
    files = Files([File(uri, config.docs_dir, config.site_dir, use_directory_urls=True) for uri in uris])
    return config, files


def test_pages_outside_the_nav_that_link_alike_share_one_rendering(tmp_path: Path) -> None:
    config, files = site_with_pages(tmp_path)
    nav = get_navigation(files, config)
    outside = {f.src_uri: Page(None, f, config) for f in files if f.src_uri not in {"index.md", "towns/index.md",
                                                                                     "guide/a.md"}}
    cache, rendered = NavCache(), []

    def render(page: Page) -> str:
        return cache(page, nav, lambda: rendered.append(page.url) or f"nav for {page.url}")

    for page in outside.values():
        render(page)
    # r/tobetsu/a/, r/tobetsu/b/ and r/niki/c/ are all three folders deep: one rendering;
    # towns/tobetsu/ and towns/niki/ share the towns/ prefix with a nav link: another.
    assert rendered == ["towns/tobetsu/", "r/tobetsu/a/"]
    assert render(outside["r/niki/c.md"]) == "nav for r/tobetsu/a/"


def test_pages_in_the_nav_are_rendered_every_time(tmp_path: Path) -> None:
    config, files = site_with_pages(tmp_path)
    nav = get_navigation(files, config)
    cache, rendered = NavCache(), []
    for page in nav.pages * 2:
        cache(page, nav, lambda: rendered.append(page.url) or "")
    assert len(rendered) == 2 * len(nav.pages)


def test_the_site_is_byte_for_byte_what_material_alone_renders(tmp_path: Path) -> None:
    cached = copy_project(tmp_path / "cached")
    plain = copy_project(tmp_path / "plain")
    (plain / "overrides" / "partials" / "nav.html").unlink()  # Material's own partial, every page
    for project in (cached, plain):
        result = mkdocs_build(project, project / "site", today="2026-11-25")
        assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(cached / "site") for p in (cached / "site").rglob("*.html"))
    assert len(pages) > 50
    different = [p for p in pages if (cached / "site" / p).read_bytes() != (plain / "site" / p).read_bytes()]
    assert not different
